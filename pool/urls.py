"""Talent-pool pages (each has its line in the permission matrix)."""

from django.urls import path

from . import views

app_name = "pool"

urlpatterns = [
    path("pool/", views.PoolListView.as_view(), name="list"),
    path("pool/<int:person_id>/", views.PoolDetailView.as_view(), name="detail"),
]
