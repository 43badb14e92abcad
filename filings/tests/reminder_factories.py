"""Filing rows made directly, for the reminder tests and benchmarks: owed filings of cities and institutions with
a chosen due date (the obligations service makes them from the schedules in real use)."""

from __future__ import annotations

import datetime

from filings.models import DEFAULTS, Filing, FilingKind, FilingSchedule, FilingStatus
from registry.models import City
from training.models import Institution


def quarter_label(start: datetime.date) -> str:
    return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"


def city_report(*, city: City, due_date: datetime.date, status: str = FilingStatus.DRAFT, **fields) -> Filing:
    """A city's quarterly implementation report falling due on `due_date` (the quarter ending 15 days before)."""
    period_end = due_date - datetime.timedelta(days=15)
    period_start = datetime.date(period_end.year, (period_end.month - 1) // 3 * 3 + 1, 1)
    return Filing.objects.create(
        kind=FilingKind.CITY_REPORT,
        city=city,
        period_start=period_start,
        period_end=period_end,
        period_label=quarter_label(period_start),
        due_date=due_date,
        status=status,
        **fields,
    )


def annual_report(
    *,
    institution: Institution,
    year: int,
    due_date: datetime.date | None = None,
    status: str = FilingStatus.DRAFT,
    save: bool = True,
) -> Filing:
    """An institution's annual work report for `year` (due 31 January next year unless given); unsaved, for a
    bulk_create, with save=False."""
    return (Filing.objects.create if save else Filing)(
        kind=FilingKind.ANNUAL_REPORT,
        institution=institution,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        period_label=f"{year}年度",
        due_date=due_date or datetime.date(year + 1, 1, 31),
        status=status,
    )


def ensure_schedules() -> None:
    """The default schedules, which migration 0002 made but a transactional test's flush removed."""
    for kind, fields in DEFAULTS.items():
        FilingSchedule.objects.get_or_create(kind=kind, defaults=fields)
