"""Training: institutions, their entrustment periods and the completion certificates they issue (the training issue adds cohorts)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from registry.bounds import REASON_MAX_LENGTH, DateBounds, VisibleText
from registry.models import Person
from registry.permissions import INSTITUTION, role_of, sees_province_wide
from registry.validators import normalize_credit_code, validate_credit_code


class InstitutionQuerySet(models.QuerySet):
    def visible_to(self, user) -> InstitutionQuerySet:
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == INSTITUTION:
            return self.filter(pk=user.institution_id)
        return self.none()


class Institution(models.Model):
    """A training institution (Article 9); entrustment periods arrive with the training issue."""

    name = models.CharField(
        "机构名称",
        max_length=200,
        unique=True,
        validators=[VisibleText("机构名称")],
        error_messages={"unique": "该机构名称已登记。"},
    )
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
        error_messages={"unique": "该统一社会信用代码已登记。"},
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True, validators=[VisibleText("联系人")])
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)

    objects = InstitutionQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="培训机构变更记录")

    class Meta:
        verbose_name = "培训机构"
        verbose_name_plural = "培训机构"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.credit_code:
            try:
                self.credit_code = normalize_credit_code(self.credit_code) or None
            except ValidationError:
                pass  # the field's validator reports it, naming the field


class EntrustmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> EntrustmentQuerySet:
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == INSTITUTION:
            return self.filter(institution_id=user.institution_id)
        return self.none()


class Entrustment(models.Model):
    """A period in which the provincial bureau entrusts an institution with CQO training (Article 9)."""

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="entrustments", verbose_name="培训机构"
    )
    from_date = models.DateField("委托起始日期", validators=[DateBounds("委托起始日期")])
    until = models.DateField(
        "委托截止日期", null=True, blank=True, help_text="长期有效的留空", validators=[DateBounds("委托截止日期")]
    )
    revoked = models.BooleanField("已撤销", default=False)

    objects = EntrustmentQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="培训委托变更记录")

    class Meta:
        verbose_name = "培训委托"
        verbose_name_plural = "培训委托"
        ordering = ["institution", "-from_date"]
        constraints = [
            models.CheckConstraint(
                name="entrustment_until_after_from",
                condition=Q(until__isnull=True) | Q(until__gte=models.F("from_date")),
                violation_error_message="委托截止日期不能早于起始日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.from_date}—{self.until or '长期'}"


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
