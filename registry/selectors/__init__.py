"""Reads shared by several callers, by entity: each role's home page (home.py), finding a person (persons.py),
the Article 14 status of one enterprise or many (cqo_status.py), the Article 15 activities (activities.py)."""

from .activities import NO_UNIT, ActivityCount, PersonActivities, activity_counts, activity_years, person_activities
from .cqo_status import NOT_REGISTERED, CqoStatus, StatusRow, cqo_status, cqo_status_rows, cqo_statuses
from .home import CountedPanels, HomePanel, HomeSummary, TodoItem, home_panels, home_summary, province_figures
from .persons import PERSON_PICKER_SIZE, person_find_by_resident_id, person_search

__all__ = [
    "ActivityCount",
    "CountedPanels",
    "CqoStatus",
    "HomePanel",
    "HomeSummary",
    "NOT_REGISTERED",
    "NO_UNIT",
    "PERSON_PICKER_SIZE",
    "PersonActivities",
    "StatusRow",
    "TodoItem",
    "activity_counts",
    "activity_years",
    "cqo_status",
    "cqo_status_rows",
    "cqo_statuses",
    "home_panels",
    "home_summary",
    "person_activities",
    "person_find_by_resident_id",
    "person_search",
    "province_figures",
]
