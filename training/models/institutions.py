"""Training institutions and the periods the provincial bureau entrusts them with CQO training (Article 9)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from registry.bounds import REASON_MAX_LENGTH, DateBounds, VisibleText
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
    """A training institution (Article 9); it trains CQOs only inside its entrustment periods."""

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
    address = models.CharField("地址", max_length=200, blank=True, validators=[VisibleText("地址")])

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
    # A revoked period never counted: certificates issued in it do not put their holders in the pool.
    revoked = models.BooleanField("已撤销", default=False)
    revoked_on = models.DateField("撤销日期", null=True, blank=True, validators=[DateBounds("撤销日期")])
    revoked_reason = models.CharField("撤销理由", max_length=REASON_MAX_LENGTH, blank=True)

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

    def covers(self, start, end=None) -> bool:
        """Whether this period, not revoked, covers every day from `start` to `end` (default: `start` alone)."""
        end = end or start
        return not self.revoked and self.from_date <= start and (self.until is None or end <= self.until)
