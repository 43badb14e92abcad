"""Completion certificates (Article 12: their holders enter the talent pool)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from registry.bounds import REASON_MAX_LENGTH, DateBounds
from registry.models import Person
from registry.permissions import INSTITUTION, role_of, sees_province_wide

from .institutions import Institution


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
    revoked = models.BooleanField("已撤销", default=False)
    revoked_on = models.DateField("撤销日期", null=True, blank=True, validators=[DateBounds("撤销日期")])
    revoked_reason = models.CharField("撤销理由", max_length=REASON_MAX_LENGTH, blank=True)

    objects = CertificateQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="结业证书变更记录")

    class Meta:
        verbose_name = "结业证书"
        verbose_name_plural = "结业证书"
        ordering = ["-issued_on", "number"]
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
