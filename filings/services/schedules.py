"""Writes of filing schedules (报备周期): the province's changes, which re-date what is not yet due."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateField, F
from django.db.models.functions import Cast
from django.utils import timezone

from registry.permissions import require
from registry.services.write import save

from ..models import DEFAULTS, Filing, FilingKind, FilingSchedule, FilingStatus, Frequency

SCHEDULE_FIELDS = frozenset({"frequency", "due_days", "reminder_days", "tell_province_from_day", "starts_on"})
MAX_DUE_DAYS = 366
MAX_REMINDER_DAY = 366  # a stage more than a year from the due date is a typing mistake
MAX_STAGES = 10


def schedules_by_kind() -> dict[str, FilingSchedule]:
    """The three schedules, creating any missing one with DOMAIN's defaults (migration 0002 loads them; a test
    database flushed by a transactional test has none)."""
    schedules = {schedule.kind: schedule for schedule in FilingSchedule.objects.all()}
    for kind in FilingKind.values:
        if kind not in schedules:
            schedules[kind], _ = FilingSchedule.objects.get_or_create(kind=kind, defaults=dict(DEFAULTS[kind]))
    return schedules


def filings_redate(*, schedule: FilingSchedule, today: datetime.date) -> int:
    """Give the schedule's current due date to its filings never submitted and not yet due (what was due stays
    due: a changed rule never turns a filing already late into one on time). One query; returns the count."""
    new_due = Cast(F("period_end") + datetime.timedelta(days=schedule.due_days), DateField())
    return (
        Filing.objects.filter(kind=schedule.kind, status=FilingStatus.DRAFT, due_date__gt=today)
        .exclude(due_date=new_due)
        .update(due_date=new_due)
    )


def _check(schedule: FilingSchedule) -> None:
    errors: dict[str, str] = {}
    per_cohort = schedule.kind == FilingKind.COHORT_FILING
    if per_cohort and schedule.frequency != Frequency.PER_COHORT:
        errors["frequency"] = "培训班次备案的报备频次只能是“每个班次结业后”。"
    if not per_cohort and schedule.frequency == Frequency.PER_COHORT:
        errors["frequency"] = f"{schedule.get_kind_display()}的报备频次应为每季度、每半年或每年。"
    if schedule.due_days is None or not 0 <= schedule.due_days <= MAX_DUE_DAYS:
        errors["due_days"] = f"截止期限（天）应为0至{MAX_DUE_DAYS}之间的整数。"
    days = schedule.reminder_days
    if not isinstance(days, list) or not all(isinstance(day, int) and not isinstance(day, bool) for day in days):
        errors["reminder_days"] = "提醒节点应为以逗号分隔的整数，如 -7, -1, 1, 7。"
    elif len(days) > MAX_STAGES:
        errors["reminder_days"] = f"提醒节点最多{MAX_STAGES}个，当前{len(days)}个。"
    elif any(abs(day) > MAX_REMINDER_DAY for day in days):
        errors["reminder_days"] = f"提醒节点应在截止日前后{MAX_REMINDER_DAY}天以内。"
    elif len(set(days)) != len(days):
        errors["reminder_days"] = "提醒节点不能重复。"
    tell = schedule.tell_province_from_day
    if tell is not None and not -MAX_REMINDER_DAY <= tell <= MAX_REMINDER_DAY:
        errors["tell_province_from_day"] = f"同时通知省局的天数应在截止日前后{MAX_REMINDER_DAY}天以内，或留空。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def filing_schedule_update(
    *, schedule: FilingSchedule, actor, today: datetime.date | None = None, **fields
) -> FilingSchedule:
    """Change a schedule. Its filings not submitted and not yet due take the new due date at once; filings already
    due keep theirs, and periods are never taken away (a later start date only stops new ones being made)."""
    require(actor, "schedule.edit", schedule)
    unknown = set(fields) - SCHEDULE_FIELDS
    if unknown:
        raise TypeError(f"filing_schedule_update() got unknown fields: {sorted(unknown)}")
    schedule = FilingSchedule.objects.select_for_update().get(pk=schedule.pk)
    for name, value in fields.items():
        setattr(schedule, name, value)
    _check(schedule)
    schedule.reminder_days = sorted(schedule.reminder_days)
    save(schedule, actor)
    filings_redate(schedule=schedule, today=today or timezone.localdate())
    return schedule
