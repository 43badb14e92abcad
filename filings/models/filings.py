"""Filings (报备): one row per obligation to file — a reporting unit's implementation report for a period, an
institution's filing of one cohort, an institution's annual work report — with its draft, its submitted
versions and the province's decisions."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from registry.models import City
from registry.permissions import CITY, INSTITUTION, role_of, sees_province_wide
from training.models import Cohort, Institution

from .schedules import FilingKind


class FilingStatus(models.TextChoices):
    DRAFT = "draft", "未提交"  # never submitted (whether or not a draft was saved)
    SUBMITTED = "submitted", "待审核"
    ACCEPTED = "accepted", "已通过"
    RETURNED = "returned", "已退回"


class FilingQuerySet(models.QuerySet):
    def visible_to(self, user) -> FilingQuerySet:
        """Province: every filing. A city bureau: its unit's reports. An institution: its cohort filings and
        annual reports. Anyone else: none."""
        if sees_province_wide(user):
            return self.all()
        role = role_of(user)
        if role == CITY:
            return self.filter(kind=FilingKind.CITY_REPORT, city_id=user.city_id)
        if role == INSTITUTION:
            return self.filter(institution_id=user.institution_id)
        return self.none()

    def unsubmitted(self) -> FilingQuerySet:
        """Owed and not (re)submitted: never submitted, or returned and not yet resubmitted."""
        return self.filter(status__in=(FilingStatus.DRAFT, FilingStatus.RETURNED))


class Filing(models.Model):
    """What one filer owes for one period (or one cohort). Rows are made by the sweep as periods begin; the due
    date is worked out from the schedule and frozen once it has passed."""

    kind = models.CharField("报备类型", max_length=20, choices=FilingKind.choices)
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="filings", verbose_name="报备单位"
    )
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="filings", verbose_name="培训机构"
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="filings", verbose_name="培训班次"
    )
    period_start = models.DateField("期间开始")
    period_end = models.DateField("期间结束")
    period_label = models.CharField("期间", max_length=40)  # 2026年第3季度, 2026年上半年, 2026年度, the cohort's code
    due_date = models.DateField("截止日期")
    status = models.CharField("状态", max_length=12, choices=FilingStatus.choices, default=FilingStatus.DRAFT)
    # The draft being written (and, once submitted, what the latest version holds).
    narrative = models.TextField("工作情况说明", blank=True)
    figures = models.JSONField("统计数据", default=dict, blank=True)
    version_count = models.PositiveSmallIntegerField("提交次数", default=0)
    # Timeliness is judged on the first submission: a report returned for corrections was still filed in time.
    first_submitted_at = models.DateTimeField("首次提交时间", null=True, blank=True)
    days_late = models.PositiveIntegerField("逾期天数", null=True, blank=True)
    submitted_at = models.DateTimeField("最近提交时间", null=True, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = FilingQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="报备变更记录", excluded_fields=["narrative", "figures"])

    class Meta:
        verbose_name = "报备"
        verbose_name_plural = "报备"
        ordering = ["-period_start", "kind", "id"]
        indexes = [
            models.Index(fields=["status", "due_date", "id"], name="filing_status_due"),
            models.Index(fields=["city", "kind", "-period_start"], name="filing_city_period"),
            models.Index(fields=["institution", "kind", "-period_start"], name="filing_institution_period"),
        ]
        constraints = [
            models.CheckConstraint(
                name="filing_filer_matches_kind",
                condition=(
                    Q(kind=FilingKind.CITY_REPORT, city__isnull=False, institution__isnull=True, cohort__isnull=True)
                    | Q(
                        kind=FilingKind.ANNUAL_REPORT,
                        city__isnull=True,
                        institution__isnull=False,
                        cohort__isnull=True,
                    )
                    | Q(
                        kind=FilingKind.COHORT_FILING,
                        city__isnull=True,
                        institution__isnull=False,
                        cohort__isnull=False,
                    )
                ),
                violation_error_message="报备类型与报备主体不符。",
            ),
            models.CheckConstraint(
                name="filing_period_order",
                condition=Q(period_end__gte=models.F("period_start")),
                violation_error_message="期间结束不能早于期间开始。",
            ),
            models.UniqueConstraint(
                fields=["city", "period_start"],
                condition=Q(kind=FilingKind.CITY_REPORT),
                name="filing_one_city_report_per_period",
            ),
            models.UniqueConstraint(
                fields=["institution", "period_start"],
                condition=Q(kind=FilingKind.ANNUAL_REPORT),
                name="filing_one_annual_report_per_year",
            ),
            models.UniqueConstraint(
                fields=["cohort"], condition=Q(kind=FilingKind.COHORT_FILING), name="filing_one_per_cohort"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filer_name} {self.period_label}{self.get_kind_display()}"

    @property
    def filer_name(self) -> str:
        return self.city.name if self.city_id else self.institution.name


class FilingVersion(models.Model):
    """One submission, kept as it was: a resubmission after a return is a new version, never an overwrite."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="versions", verbose_name="报备")
    number = models.PositiveSmallIntegerField("版本")
    narrative = models.TextField("工作情况说明", blank=True)
    figures = models.JSONField("统计数据", default=dict, blank=True)
    attachments = models.ManyToManyField("FilingAttachment", blank=True, related_name="versions", verbose_name="附件")
    submitted_at = models.DateTimeField("提交时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提交人"
    )
    days_late = models.PositiveIntegerField("逾期天数", default=0)
    decision = models.CharField(
        "审核结果",
        max_length=12,
        blank=True,
        choices=[(FilingStatus.ACCEPTED, "已通过"), (FilingStatus.RETURNED, "已退回")],
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审核人",
    )
    return_reason = models.CharField("退回原因", max_length=500, blank=True)

    class Meta:
        verbose_name = "报备版本"
        verbose_name_plural = "报备版本"
        ordering = ["filing", "-number"]
        constraints = [models.UniqueConstraint(fields=["filing", "number"], name="filing_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.filing} 第{self.number}版"


def filing_attachment_path(instance, filename: str) -> str:
    """Stored under the filing's folder with a random name; the name the filer gave is kept in `name`."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"filings/{instance.filing_id}/{secrets.token_hex(12)}.{extension[:8]}"


class FilingAttachment(models.Model):
    """A file attached to a filing's draft. Submitting links the draft's attachments to the new version, so a
    file taken out of a later draft stays with the versions that carried it."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="attachments", verbose_name="报备")
    file = models.FileField("附件", upload_to=filing_attachment_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    in_draft = models.BooleanField("在当前草稿中", default=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )

    class Meta:
        verbose_name = "报备附件"
        verbose_name_plural = "报备附件"
        ordering = ["filing", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
