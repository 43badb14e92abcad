from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("institutions/", views.InstitutionListView.as_view(), name="institution-list"),
    path("institutions/<int:pk>/", views.InstitutionDetailView.as_view(), name="institution-detail"),
]
