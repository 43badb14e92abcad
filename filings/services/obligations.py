"""What is owed: the Filing rows every reporting unit and institution must file, made as their periods begin.

`filings_ensure` is idempotent and runs in a fixed number of queries (one read and one bulk insert per kind, plus
one update per kind re-dating what is not yet due), whatever the number of units and periods, so the daily sweep,
`seed_demo` and the tests can all call it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from registry.models import City
from training.models import Cohort, Entrustment

from ..models import Filing, FilingKind, FilingSchedule, Frequency
from ..periods import Period, due_date, periods_between
from .schedules import filings_redate, schedules_by_kind

LABEL_MAX = Filing._meta.get_field("period_label").max_length


def _calendar_periods(schedule: FilingSchedule, today: datetime.date) -> list[Period]:
    frequency = schedule.frequency
    if frequency == Frequency.PER_COHORT:  # a calendar kind set to "per cohort" by mistake: count it yearly
        frequency = Frequency.YEARLY
    return periods_between(frequency, schedule.starts_on, today)


def _city_reports(schedule: FilingSchedule, today: datetime.date) -> list[Filing]:
    periods = _calendar_periods(schedule, today)
    if not periods:
        return []
    existing = set(
        Filing.objects.filter(kind=FilingKind.CITY_REPORT, period_start__gte=periods[0].start).values_list(
            "city_id", "period_start"
        )
    )
    return [
        Filing(
            kind=FilingKind.CITY_REPORT,
            city_id=city_id,
            period_start=period.start,
            period_end=period.end,
            period_label=period.label,
            due_date=due_date(period.end, schedule.due_days),
        )
        for city_id in City.objects.order_by("order", "code").values_list("pk", flat=True)
        for period in periods
        if (city_id, period.start) not in existing
    ]


def _annual_reports(schedule: FilingSchedule, today: datetime.date) -> list[Filing]:
    """One per institution and year in which it held an entrustment (not revoked) for at least one day."""
    periods = _calendar_periods(schedule, today)
    if not periods:
        return []
    existing = set(
        Filing.objects.filter(kind=FilingKind.ANNUAL_REPORT, period_start__gte=periods[0].start).values_list(
            "institution_id", "period_start"
        )
    )
    entrusted: dict[int, list[tuple[datetime.date, datetime.date | None]]] = {}
    rows = Entrustment.objects.filter(revoked=False, from_date__lte=periods[-1].end).filter(
        Q(until__isnull=True) | Q(until__gte=periods[0].start)
    )
    for institution_id, from_date, until in rows.values_list("institution_id", "from_date", "until"):
        entrusted.setdefault(institution_id, []).append((from_date, until))
    return [
        Filing(
            kind=FilingKind.ANNUAL_REPORT,
            institution_id=institution_id,
            period_start=period.start,
            period_end=period.end,
            period_label=period.label,
            due_date=due_date(period.end, schedule.due_days),
        )
        for institution_id, spans in sorted(entrusted.items())
        for period in periods
        if (institution_id, period.start) not in existing
        and any(start <= period.end and (until is None or until >= period.start) for start, until in spans)
    ]


def _cohort_filings(schedule: FilingSchedule, today: datetime.date) -> list[Filing]:
    """One per cohort that has ended (by its end date, whatever its status says)."""
    filed = Filing.objects.filter(kind=FilingKind.COHORT_FILING, cohort_id=OuterRef("pk"))
    cohorts = Cohort.objects.filter(end_date__lte=today, end_date__gte=schedule.starts_on).filter(~Exists(filed))
    return [
        Filing(
            kind=FilingKind.COHORT_FILING,
            institution_id=institution_id,
            cohort_id=cohort_id,
            period_start=start,
            period_end=end,
            period_label=f"{code} {title}"[:LABEL_MAX].strip(),
            due_date=due_date(end, schedule.due_days),
        )
        for cohort_id, institution_id, code, title, start, end in cohorts.order_by("end_date", "pk").values_list(
            "pk", "institution_id", "code", "title", "start_date", "end_date"
        )
    ]


BUILDERS = {
    FilingKind.CITY_REPORT: _city_reports,
    FilingKind.ANNUAL_REPORT: _annual_reports,
    FilingKind.COHORT_FILING: _cohort_filings,
}


@transaction.atomic
def filings_ensure(*, today: datetime.date) -> int:
    """Create the filings owed as of `today` that do not exist yet, and re-date the unsubmitted ones not yet due
    to the schedules as they stand. Returns how many filings were created. Safe to run concurrently: the unique
    constraints settle a race (ignore_conflicts), so two sweeps never make two rows for one obligation."""
    created = 0
    for kind, schedule in schedules_by_kind().items():
        filings_redate(schedule=schedule, today=today)
        missing = BUILDERS[kind](schedule, today)
        if missing:
            Filing.objects.bulk_create(missing, ignore_conflicts=True)
            created += len(missing)
    return created
