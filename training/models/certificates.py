"""Completion certificates (Article 12: their holders enter the talent pool)."""

from __future__ import annotations

import base64
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from registry.bounds import REASON_MAX_LENGTH, DateBounds
from registry.models import Person
from registry.permissions import INSTITUTION, role_of, sees_province_wide

from .cohorts import Cohort
from .graduates import Graduate
from .institutions import Institution

VERIFICATION_CODE_BYTES = 10  # 80 random bits: unlike the readable number, nobody guesses one


def new_verification_code() -> str:
    """16 characters of base32 (A-Z, 2-7), 80 random bits."""
    return base64.b32encode(secrets.token_bytes(VERIFICATION_CODE_BYTES)).decode("ascii")


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user) -> CertificateQuerySet:
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == INSTITUTION:
            return self.filter(institution_id=user.institution_id)
        return self.filter(person__in=Person.objects.visible_to(user))


class Certificate(models.Model):
    """A CQO training completion certificate (Article 12: its holder enters the talent pool)."""

    number = models.CharField("证书编号", max_length=40, unique=True, error_messages={"unique": "该证书编号已登记。"})
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="certificates", verbose_name="持证人"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="certificates", verbose_name="发证机构"
    )
    issued_on = models.DateField("发证日期", validators=[DateBounds("发证日期", not_after_today=True)])
    # Issued in the portal to one graduation (one certificate per graduation); empty for one recorded from paper.
    graduate = models.OneToOneField(
        Graduate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name="结业学员",
        error_messages={"unique": "该学员在本班次已领取结业证书。"},
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="certificates", verbose_name="培训班次"
    )
    code = models.CharField("验证码", max_length=16, unique=True, default=new_verification_code, editable=False)
    # The signed facts printed in the QR code (training.certificates.signing), kept as printed.
    token = models.TextField("签名数据", blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="签发人",
        editable=False,
    )
    revoked = models.BooleanField("已撤销", default=False)
    revoked_on = models.DateField("撤销日期", null=True, blank=True, validators=[DateBounds("撤销日期")])
    revoked_reason = models.CharField("撤销理由", max_length=REASON_MAX_LENGTH, blank=True)

    objects = CertificateQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="结业证书变更记录")
    history_hidden_fields = frozenset({"code", "token"})

    class Meta:
        verbose_name = "结业证书"
        verbose_name_plural = "结业证书"
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["institution", "-issued_on", "number"], name="certificate_institution_issued")]
        constraints = [
            models.CheckConstraint(
                name="certificate_revocation_complete",
                condition=Q(revoked=False, revoked_on__isnull=True, revoked_reason="")
                | (Q(revoked=True, revoked_on__isnull=False) & ~Q(revoked_reason="")),
                violation_error_message="撤销证书须同时填写撤销日期和撤销理由。",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class BundleStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已生成"
    FAILED = "failed", "生成失败"


class CertificateBundleQuerySet(models.QuerySet):
    def visible_to(self, user) -> CertificateBundleQuerySet:
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == INSTITUTION:
            return self.filter(cohort__institution_id=user.institution_id)
        return self.none()


class CertificateBundle(models.Model):
    """A zip of a cohort's certificate PDFs, built by a Celery task that counts its progress."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="bundles", verbose_name="培训班次")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    status = models.CharField("状态", max_length=10, choices=BundleStatus.choices, default=BundleStatus.QUEUED)
    progress_done = models.PositiveIntegerField("已生成份数", default=0)
    progress_total = models.PositiveIntegerField("总份数", default=0)
    file = models.FileField("压缩包", upload_to="certificates/bundles/%Y/%m/", blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = CertificateBundleQuerySet.as_manager()

    class Meta:
        verbose_name = "证书压缩包"
        verbose_name_plural = "证书压缩包"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.cohort.code} 证书（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0
