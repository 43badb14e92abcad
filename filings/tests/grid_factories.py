"""Filing rows made directly, in the states the compliance grid tells apart, for the grid's and home panels' tests
(the sweep and the filing services make them in the portal)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Filing, FilingKind, FilingStatus

TZ = datetime.timezone(datetime.timedelta(hours=8))


def quarter(year: int, number: int) -> tuple[datetime.date, datetime.date, str]:
    start = datetime.date(year, 3 * number - 2, 1)
    end_month = 3 * number
    end = (datetime.date(year + (end_month == 12), end_month % 12 + 1, 1)) - datetime.timedelta(days=1)
    return start, end, f"{year}年第{number}季度"


def _submitted(due_date: datetime.date, days_late: int | None):
    if days_late is None:
        return {}
    on = due_date + datetime.timedelta(days=days_late)
    at = datetime.datetime.combine(on, datetime.time(10), tzinfo=TZ)
    return {"first_submitted_at": at, "submitted_at": at, "days_late": days_late, "version_count": 1}


def city_report(
    city, year: int, number: int, *, status=FilingStatus.DRAFT, days_late: int | None = None, due_days: int = 15
) -> Filing:
    """A city's report for a quarter; `days_late` (0 = on time) makes it submitted that many days after its due
    date. Status submitted/accepted/returned needs a days_late."""
    start, end, label = quarter(year, number)
    due = end + datetime.timedelta(days=due_days)
    return Filing.objects.create(
        kind=FilingKind.CITY_REPORT,
        city=city,
        period_start=start,
        period_end=end,
        period_label=label,
        due_date=due,
        status=status,
        **_submitted(due, days_late),
    )


def annual_report(institution, year: int, *, status=FilingStatus.DRAFT, days_late: int | None = None) -> Filing:
    due = datetime.date(year + 1, 1, 31)
    return Filing.objects.create(
        kind=FilingKind.ANNUAL_REPORT,
        institution=institution,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        period_label=f"{year}年度",
        due_date=due,
        status=status,
        **_submitted(due, days_late),
    )


def cohort_filing(cohort, *, status=FilingStatus.DRAFT, days_late: int | None = None, due_days: int = 30) -> Filing:
    due = cohort.end_date + datetime.timedelta(days=due_days)
    return Filing.objects.create(
        kind=FilingKind.COHORT_FILING,
        institution_id=cohort.institution_id,
        cohort=cohort,
        period_start=cohort.start_date,
        period_end=cohort.end_date,
        period_label=cohort.code,
        due_date=due,
        status=status,
        **_submitted(due, days_late),
    )


def now_on(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
