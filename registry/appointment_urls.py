"""URLs of the appointment pages, mounted in registry/urls.py (each has its entry in registry/tests/matrix_appointments.py)."""

from django.urls import path

from . import appointment_views as views

urlpatterns = [
    path("appointments/", views.AppointmentListView.as_view(), name="appointment-list"),
    path("appointments/new/", views.AppointmentCreateView.as_view(), name="appointment-create"),
    path("appointments/<int:pk>/", views.AppointmentDetailView.as_view(), name="appointment-detail"),
    path("appointments/<int:pk>/submit/", views.AppointmentSubmitView.as_view(), name="appointment-submit"),
    path(
        "appointments/<int:pk>/acknowledge/", views.AppointmentAcknowledgeView.as_view(), name="appointment-acknowledge"
    ),
    path("appointments/<int:pk>/return/", views.AppointmentReturnView.as_view(), name="appointment-return"),
    path("appointments/<int:pk>/dismiss/", views.AppointmentDismissView.as_view(), name="appointment-dismiss"),
    path("appointments/<int:pk>/letter/", views.AppointmentLetterView.as_view(), name="appointment-letter"),
    path("cqo-status/", views.CqoStatusLookupView.as_view(), name="cqo-status"),
    path("notices/<int:pk>/read/", views.NoticeReadView.as_view(), name="notice-read"),
]
