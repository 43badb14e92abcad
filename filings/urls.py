"""Filing pages; each URL has its line in the permission matrix (filings/tests/matrix*.py)."""

from django.urls import path

from .views import grid

app_name = "filings"

urlpatterns = []

# The compliance grid (province only).
urlpatterns += [
    path("grid/", grid.FilingGridView.as_view(), name="filing-grid"),
]
