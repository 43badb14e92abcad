"""Filing schedules (报备周期): what is filed, how often, by when, and when reminders go out (DOMAIN: what the
measures leave open; the provincial bureau sets them, the portal ships the defaults)."""

from __future__ import annotations

import datetime

from django.db import models
from simple_history.models import HistoricalRecords


class FilingKind(models.TextChoices):
    CITY_REPORT = "city_report", "实施情况报告"  # Article 3: a reporting unit to the province
    COHORT_FILING = "cohort_filing", "培训班次备案"  # Article 10: after each cohort ends
    ANNUAL_REPORT = "annual_report", "年度工作报告"  # Article 10: an institution, once a year


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"
    YEARLY = "yearly", "每年"
    PER_COHORT = "per_cohort", "每个班次结业后"


# Reminder stages are days relative to the due date: negative before it, positive after it.
DEFAULT_REMINDER_DAYS = [-7, -1, 1, 7]
# From this stage on (days after the due date) the provincial bureau is told as well.
DEFAULT_TELL_PROVINCE_FROM_DAY = 7
# Periods are counted from the one holding this date.
DEFAULT_STARTS_ON = datetime.date(2025, 1, 1)

# DOMAIN.md: city reports quarterly, due the 15th day after the quarter; the annual report due 31 January
# (31 days after the year's last day); a cohort filing 30 days after the cohort ends.
DEFAULTS = {
    FilingKind.CITY_REPORT: {"frequency": Frequency.QUARTERLY, "due_days": 15},
    FilingKind.ANNUAL_REPORT: {"frequency": Frequency.YEARLY, "due_days": 31},
    FilingKind.COHORT_FILING: {"frequency": Frequency.PER_COHORT, "due_days": 30},
}


def default_reminder_days() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


class FilingSchedule(models.Model):
    """One per kind of filing. A change applies to periods not yet due; a filing already due keeps its date."""

    kind = models.CharField("报备类型", max_length=20, choices=FilingKind.choices, unique=True)
    frequency = models.CharField("报备频次", max_length=20, choices=Frequency.choices)
    due_days = models.PositiveSmallIntegerField(
        "截止期限（天）", help_text="期末（或班次结业）后第几天为截止日，如季度报告为15，年度报告为31。"
    )
    reminder_days = models.JSONField(
        "提醒节点（天）",
        default=default_reminder_days,
        help_text="相对截止日的天数，负数为截止前、正数为逾期后，如 -7, -1, 1, 7。",
    )
    tell_province_from_day = models.SmallIntegerField(
        "同时通知省局（逾期天数）",
        null=True,
        blank=True,
        default=DEFAULT_TELL_PROVINCE_FROM_DAY,
        help_text="逾期达到该天数的提醒同时通知省局；留空则不通知省局。",
    )
    starts_on = models.DateField("起始日期", default=DEFAULT_STARTS_ON, help_text="自含该日期的周期起计算报备。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(verbose_name="报备周期变更记录")

    class Meta:
        verbose_name = "报备周期"
        verbose_name_plural = "报备周期"
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()
