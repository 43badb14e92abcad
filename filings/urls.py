"""Filing pages; each URL has its line in the permission matrix (filings/tests/matrix.py, matrix_grid.py)."""

from django.urls import path

from .views import filings, grid, schedules

app_name = "filings"

urlpatterns = [
    path("", filings.FilingListView.as_view(), name="filing-list"),
    path("schedules/", schedules.ScheduleListView.as_view(), name="schedule-list"),
    path("schedules/<int:pk>/edit/", schedules.ScheduleEditView.as_view(), name="schedule-edit"),
    path("<int:pk>/", filings.FilingDetailView.as_view(), name="filing-detail"),
    path("<int:pk>/edit/", filings.FilingEditView.as_view(), name="filing-edit"),
    path("<int:pk>/submit/", filings.FilingSubmitView.as_view(), name="filing-submit"),
    path("<int:pk>/accept/", filings.FilingAcceptView.as_view(), name="filing-accept"),
    path("<int:pk>/return/", filings.FilingReturnView.as_view(), name="filing-return"),
    path("<int:pk>/attachments/<int:att_pk>/", filings.FilingAttachmentView.as_view(), name="filing-attachment"),
    path("<int:pk>/versions/<int:number>/", filings.FilingVersionView.as_view(), name="filing-version"),
]

# The compliance grid (province only).
urlpatterns += [
    path("grid/", grid.FilingGridView.as_view(), name="filing-grid"),
]
