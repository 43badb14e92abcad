"""Training pages, grouped by entity; each URL has its line in the permission matrix (training/tests/matrix.py)."""

from django.urls import path

from .views import certificates, cohorts, entrustments, graduate_imports, graduates, institutions, verification

app_name = "training"

urlpatterns = [
    # Institutions and their entrustment periods (provincial staff; an institution sees its own page)
    path("institutions/", institutions.InstitutionListView.as_view(), name="institution-list"),
    path("institutions/new/", institutions.InstitutionCreateView.as_view(), name="institution-create"),
    path("institutions/mine/", institutions.MyInstitutionView.as_view(), name="my-institution"),
    path("institutions/<int:pk>/", institutions.InstitutionDetailView.as_view(), name="institution-detail"),
    path("institutions/<int:pk>/edit/", institutions.InstitutionUpdateView.as_view(), name="institution-update"),
    path(
        "institutions/<int:pk>/entrustments/new/",
        entrustments.EntrustmentAddView.as_view(),
        name="entrustment-add",
    ),
    path("entrustments/<int:pk>/end/", entrustments.EntrustmentEndView.as_view(), name="entrustment-end"),
    path("entrustments/<int:pk>/revoke/", entrustments.EntrustmentRevokeView.as_view(), name="entrustment-revoke"),
    # Cohorts (班次)
    path("cohorts/", cohorts.CohortListView.as_view(), name="cohort-list"),
    path("cohorts/new/", cohorts.CohortCreateView.as_view(), name="cohort-create"),
    path("cohorts/<int:pk>/", cohorts.CohortDetailView.as_view(), name="cohort-detail"),
    path("cohorts/<int:pk>/edit/", cohorts.CohortUpdateView.as_view(), name="cohort-update"),
    # Graduates and their import (CONTRACT §3)
    path("graduates/", graduates.GraduateListView.as_view(), name="graduate-list"),
    path(
        "graduates/import-template.<str:file_format>",
        graduate_imports.GraduateImportTemplateView.as_view(),
        name="graduate-import-template",
    ),
    path("cohorts/<int:pk>/graduates/", graduates.CohortGraduateListView.as_view(), name="cohort-graduates"),
    path("cohorts/<int:pk>/imports/", graduate_imports.GraduateImportListView.as_view(), name="graduate-import-list"),
    path(
        "cohorts/<int:pk>/imports/new/",
        graduate_imports.GraduateImportCreateView.as_view(),
        name="graduate-import-create",
    ),
    path(
        "graduate-imports/<int:pk>/", graduate_imports.GraduateImportDetailView.as_view(), name="graduate-import-detail"
    ),
    path(
        "graduate-imports/<int:pk>/progress/",
        graduate_imports.GraduateImportProgressView.as_view(),
        name="graduate-import-progress",
    ),
    path(
        "graduate-imports/<int:pk>/report.csv",
        graduate_imports.GraduateImportReportView.as_view(),
        name="graduate-import-report",
    ),
    path(
        "graduate-imports/<int:pk>/confirm/",
        graduate_imports.GraduateImportConfirmView.as_view(),
        name="graduate-import-confirm",
    ),
    path(
        "graduate-imports/<int:pk>/discard/",
        graduate_imports.GraduateImportDiscardView.as_view(),
        name="graduate-import-discard",
    ),
    # Certificates (Articles 2, 12)
    path("certificates/", certificates.CertificateListView.as_view(), name="certificate-list"),
    path("certificates/<int:pk>/", certificates.CertificateDetailView.as_view(), name="certificate-detail"),
    path("certificates/<int:pk>/pdf/", certificates.CertificatePdfView.as_view(), name="certificate-pdf"),
    path("certificates/<int:pk>/revoke/", certificates.CertificateRevokeView.as_view(), name="certificate-revoke"),
    path("cohorts/<int:pk>/certificates/", certificates.CohortCertificatesView.as_view(), name="cohort-certificates"),
    path("cohorts/<int:pk>/certificates/issue/", certificates.CohortIssueView.as_view(), name="cohort-issue"),
    path(
        "cohorts/<int:pk>/certificates/zip/", certificates.BundleCreateView.as_view(), name="certificate-bundle-create"
    ),
    path("graduates/<int:pk>/certificate/issue/", certificates.GraduateIssueView.as_view(), name="graduate-issue"),
    path("certificates/zips/<int:pk>/", certificates.BundleDetailView.as_view(), name="certificate-bundle"),
    path(
        "certificates/zips/<int:pk>/download/",
        certificates.BundleDownloadView.as_view(),
        name="certificate-bundle-download",
    ),
]

# Public, no login (CONTRACT §6): outside the "training:" namespace, as the QR codes printed on paper point here.
verify_urlpatterns = [
    path("verify/", verification.VerifyView.as_view(), name="verify"),
    path("verify/keys.json", verification.public_keys, name="verify-keys"),
    path("verify/<str:token>/", verification.VerifyTokenView.as_view(), name="verify-token"),
]
api_urlpatterns = [
    path("certificates/verify", verification.VerifyApiView.as_view(), name="api-certificate-verify"),
]
