"""URLs of the Article 6 finding pages and of resident-ID access (reveal, access log); entries in tests/matrix_findings.py."""

from django.urls import path

from . import finding_views as views

urlpatterns = [
    path("findings/", views.FindingListView.as_view(), name="finding-list"),
    path("findings/new/", views.FindingCreateView.as_view(), name="finding-create"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding-detail"),
    path("findings/<int:pk>/evidence/", views.FindingEvidenceView.as_view(), name="finding-evidence"),
    path("findings/<int:pk>/lift/", views.FindingLiftView.as_view(), name="finding-lift"),
    path("persons/<int:person_id>/reveal/", views.PersonRevealView.as_view(), name="person-reveal"),
    path("access-log/", views.AccessLogListView.as_view(), name="access-log"),
]
