"""Filings: schedules, city implementation reports, institution cohort filings and annual reports, reminders."""

from .filings import Filing, FilingAttachment, FilingQuerySet, FilingStatus, FilingVersion
from .reminders import Reminder, ReminderStatus
from .schedules import DEFAULTS, FilingKind, FilingSchedule, Frequency

__all__ = [
    "DEFAULTS",
    "Filing",
    "FilingAttachment",
    "FilingKind",
    "FilingQuerySet",
    "FilingSchedule",
    "FilingStatus",
    "FilingVersion",
    "Frequency",
    "Reminder",
    "ReminderStatus",
]
