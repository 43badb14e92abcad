"""Dashboard pages; each URL has its line in the permission matrix (dashboards/tests/matrix.py)."""

from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("<slug:chart>.csv", views.ChartCsvView.as_view(), name="chart-csv"),
    path("city/<slug:chart>.csv", views.CityChartCsvView.as_view(), name="city-chart-csv"),
    path("institution/<slug:chart>.csv", views.InstitutionChartCsvView.as_view(), name="institution-chart-csv"),
]
