from django.urls import path

from . import views
from .views import graduate_imports, graduates

app_name = "training"

urlpatterns = [
    path("institutions/", views.InstitutionListView.as_view(), name="institution-list"),
    path("institutions/<int:pk>/", views.InstitutionDetailView.as_view(), name="institution-detail"),
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
]
