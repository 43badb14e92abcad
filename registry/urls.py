"""Registry pages, grouped by entity; each URL has its line in the permission matrix (registry/tests/matrix*.py)."""

from django.urls import path

from .views import (
    access_log,
    account_admin,
    appointment_edits,
    appointments,
    cqo_status,
    enterprises,
    findings,
    notices,
    persons,
)

app_name = "registry"

urlpatterns = [
    # Enterprises
    path("enterprises/", enterprises.EnterpriseListView.as_view(), name="enterprise-list"),
    path("enterprises/new/", enterprises.EnterpriseCreateView.as_view(), name="enterprise-create"),
    path("enterprises/mine/", enterprises.MyEnterpriseView.as_view(), name="my-enterprise"),
    path("enterprises/<int:pk>/", enterprises.EnterpriseDetailView.as_view(), name="enterprise-detail"),
    path("enterprises/<int:pk>/edit/", enterprises.EnterpriseUpdateView.as_view(), name="enterprise-update"),
    path(
        "enterprises/<int:pk>/confirm-record/",
        enterprises.EnterpriseConfirmRecordView.as_view(),
        name="enterprise-confirm-record",
    ),
    path(
        "enterprises/<int:pk>/confirm-size/",
        enterprises.EnterpriseConfirmSizeView.as_view(),
        name="enterprise-confirm-size",
    ),
    path("cqo-status/", cqo_status.CqoStatusLookupView.as_view(), name="cqo-status"),
    # Appointments
    path("appointments/", appointments.AppointmentListView.as_view(), name="appointment-list"),
    path("appointments/new/", appointments.AppointmentCreateView.as_view(), name="appointment-create"),
    path("appointments/<int:pk>/", appointments.AppointmentDetailView.as_view(), name="appointment-detail"),
    path("appointments/<int:pk>/submit/", appointments.AppointmentSubmitView.as_view(), name="appointment-submit"),
    path(
        "appointments/<int:pk>/acknowledge/",
        appointments.AppointmentAcknowledgeView.as_view(),
        name="appointment-acknowledge",
    ),
    path("appointments/<int:pk>/return/", appointments.AppointmentReturnView.as_view(), name="appointment-return"),
    path("appointments/<int:pk>/dismiss/", appointments.AppointmentDismissView.as_view(), name="appointment-dismiss"),
    path("appointments/<int:pk>/letter/", appointments.AppointmentLetterView.as_view(), name="appointment-letter"),
    path("appointments/<int:pk>/edit/", appointment_edits.AppointmentEditView.as_view(), name="appointment-edit"),
    path("appointments/<int:pk>/delete/", appointment_edits.AppointmentDeleteView.as_view(), name="appointment-delete"),
    path(
        "appointments/<int:pk>/letter/<int:history_id>/",
        appointment_edits.AppointmentLetterVersionView.as_view(),
        name="appointment-letter-version",
    ),
    # Article 6 findings
    path("findings/", findings.FindingListView.as_view(), name="finding-list"),
    path("findings/new/", findings.FindingCreateView.as_view(), name="finding-create"),
    path("findings/<int:pk>/", findings.FindingDetailView.as_view(), name="finding-detail"),
    path("findings/<int:pk>/evidence/", findings.FindingEvidenceView.as_view(), name="finding-evidence"),
    path("findings/<int:pk>/lift/", findings.FindingLiftView.as_view(), name="finding-lift"),
    # Persons' resident IDs and the access log
    path("persons/<int:person_id>/reveal/", persons.PersonRevealView.as_view(), name="person-reveal"),
    path("persons/<int:person_id>/edit/", persons.PersonCorrectView.as_view(), name="person-edit"),
    path("access-log/", access_log.AccessLogListView.as_view(), name="access-log"),
    # Accounts (sign-in, sign-out and passwords are in cqo_portal/urls.py)
    path("accounts/users/", account_admin.AccountListView.as_view(), name="account-list"),
    path("accounts/users/new/", account_admin.AccountCreateView.as_view(), name="account-create"),
    path("accounts/users/<int:pk>/", account_admin.AccountDetailView.as_view(), name="account-detail"),
    path("accounts/users/<int:pk>/edit/", account_admin.AccountUpdateView.as_view(), name="account-update"),
    path(
        "accounts/users/<int:pk>/disable/",
        account_admin.AccountSetActiveView.as_view(active=False),
        name="account-disable",
    ),
    path(
        "accounts/users/<int:pk>/enable/",
        account_admin.AccountSetActiveView.as_view(active=True),
        name="account-enable",
    ),
    path("accounts/users/<int:pk>/send-link/", account_admin.AccountSendLinkView.as_view(), name="account-send-link"),
    path("accounts/apply/", account_admin.ApplyView.as_view(), name="account-apply"),
    path("accounts/apply/done/", account_admin.ApplyDoneView.as_view(), name="account-apply-done"),
    path("accounts/applications/", account_admin.ApplicationListView.as_view(), name="account-application-list"),
    path(
        "accounts/applications/<int:pk>/",
        account_admin.ApplicationDetailView.as_view(),
        name="account-application-detail",
    ),
    path(
        "accounts/applications/<int:pk>/approve/",
        account_admin.ApplicationApproveView.as_view(),
        name="account-application-approve",
    ),
    path(
        "accounts/applications/<int:pk>/reject/",
        account_admin.ApplicationRejectView.as_view(),
        name="account-application-reject",
    ),
    # Notices
    path("notices/", notices.NoticeListView.as_view(), name="notice-list"),
    path("notices/read-all/", notices.NoticeReadAllView.as_view(), name="notice-read-all"),
    path("notices/<int:pk>/read/", notices.NoticeReadView.as_view(), name="notice-read"),
]
