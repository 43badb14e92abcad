"""Reporting periods (quarters, halves, years) and due dates: pure date arithmetic, no database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

QUARTERLY, HALF_YEARLY, YEARLY = "quarterly", "half_yearly", "yearly"  # filings.models.Frequency's values
MONTHS_PER_PERIOD = {QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str


def _label(frequency: str, year: int, index: int) -> str:
    if frequency == QUARTERLY:
        return f"{year}年第{index + 1}季度"
    if frequency == HALF_YEARLY:
        return f"{year}年{'上' if index == 0 else '下'}半年"
    return f"{year}年度"


def period_containing(frequency: str, day: datetime.date) -> Period:
    """The period of `frequency` that holds `day`."""
    months = MONTHS_PER_PERIOD.get(frequency)
    if months is None:
        raise ValueError(f"{frequency!r} has no calendar periods (a cohort filing's period is the cohort's dates).")
    index = (day.month - 1) // months
    start = datetime.date(day.year, index * months + 1, 1)
    end_month = start.month + months  # the first month after the period
    following = datetime.date(day.year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
    return Period(start, following - datetime.timedelta(days=1), _label(frequency, day.year, index))


def periods_between(frequency: str, starts_on: datetime.date, today: datetime.date) -> list[Period]:
    """Every period from the one holding `starts_on` to the one holding `today` (each one started by today),
    oldest first; empty when `starts_on` is after `today`."""
    periods: list[Period] = []
    if starts_on > today:
        return periods
    period = period_containing(frequency, starts_on)
    while period.start <= today:
        periods.append(period)
        period = period_containing(frequency, period.end + datetime.timedelta(days=1))
    return periods


def due_date(period_end: datetime.date, due_days: int) -> datetime.date:
    """The last day to file: `due_days` days after the period's (or the cohort's) last day."""
    return period_end + datetime.timedelta(days=due_days)


def days_late(submitted_on: datetime.date, due: datetime.date) -> int:
    """Whole days after the due date (0 when filed on or before it)."""
    return max(0, (submitted_on - due).days)
