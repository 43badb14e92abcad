"""Training pages, grouped by entity; each URL has its line in the permission matrix (training/tests/matrix.py)."""

from django.urls import path

from .views import cohorts, entrustments, institutions

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
]
