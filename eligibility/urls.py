"""Pages of the eligibility app, mounted at /eligibility/."""

from django.urls import path

from . import views

app_name = "eligibility"

urlpatterns = [
    path("", views.CheckView.as_view(), name="check"),
]
