from django.urls import path

from . import views
from .views import certificates, verification

app_name = "training"

urlpatterns = [
    path("institutions/", views.InstitutionListView.as_view(), name="institution-list"),
    path("institutions/<int:pk>/", views.InstitutionDetailView.as_view(), name="institution-detail"),
    # Certificates (issue 12)
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
