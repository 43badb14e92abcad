"""Article 6 findings recorded by a bureau against a person, with evidence and, later, their lifting."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from eligibility.rules import finding_heading

from ..bounds import NOTE_MAX_LENGTH, REASON_MAX_LENGTH, DateBounds, NotBeforeBirth, max_length
from ..permissions import CITY, ENTERPRISE, role_of, sees_province_wide
from ..validators import evidence_kind, validate_evidence_file
from .cities import City
from .persons import Person


class FindingItem(models.IntegerChoices):
    """Article 6 (一)..(五): the situations that bar a person from being a CQO."""

    ONE = 1, "第六条第（一）项：违反有关法律法规，在质量岗位工作中造成重大失误或谋取不正当利益的或受刑事处分的"
    TWO = 2, "第六条第（二）项：利用履行职责之便谋取不正当利益的"
    THREE = 3, "第六条第（三）项：滥用职权，干预企业正常经营秩序的"
    FOUR = 4, "第六条第（四）项：向与履职无关的第三方泄露企业秘密或者合作伙伴信息，损害企业或者合作伙伴合法权益的"
    FIVE = 5, "第六条第（五）项：其他损害合作伙伴和企业合法权益行为的"


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user) -> FindingQuerySet:
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == CITY:
            return self.filter(Q(city_id=user.city_id) | Q(person__in=Person.objects.visible_to(user)))
        if role_of(user) == ENTERPRISE:
            return self.filter(person__in=Person.objects.visible_to(user))
        # Institutions train people; disqualifications are the bureaux' and employers' business.
        return self.none()


def finding_evidence_path(instance, filename: str) -> str:
    # Neither the uploaded name (it may hold a name or an ID number) nor the person goes into the
    # path: paths end up in logs and backups. The extension comes from the checked content.
    extension = {"PDF": "pdf", "PNG": "png", "JPEG": "jpg"}.get(evidence_kind(instance.evidence), "bin")
    return f"findings/{instance.decided_on:%Y}/{uuid.uuid4().hex}.{extension}"


class Finding(NotBeforeBirth, models.Model):
    """An Article 6 finding recorded by a bureau against a person, with its evidence and, later, its lifting."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="findings", verbose_name="人员")
    item = models.PositiveSmallIntegerField("情形", choices=FindingItem.choices)
    decided_on = models.DateField("认定日期", validators=[DateBounds("认定日期", not_after_today=True)])
    evidence = models.FileField(
        "证据材料",
        upload_to=finding_evidence_path,
        validators=[validate_evidence_file],
        help_text="PDF或PNG、JPEG图片，不超过10 MB",
    )
    # A TextField's max_length binds only its form field: the validator binds the service and the admin too.
    note = models.TextField(
        "说明", blank=True, max_length=NOTE_MAX_LENGTH, validators=[max_length("说明", NOTE_MAX_LENGTH)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    city = models.ForeignKey(
        City,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name="认定单位",
        help_text="设区市局认定的为该报备单位；省局认定的留空",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    lifted_on = models.DateField("解除日期", null=True, blank=True, validators=[DateBounds("解除日期")])
    lifted_reason = models.CharField("解除理由", max_length=REASON_MAX_LENGTH, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="解除人",
    )

    birth_bounded = {"decided_on": "认定日期"}

    objects = FindingQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="第六条认定变更记录")

    class Meta:
        verbose_name = "第六条情形认定"
        verbose_name_plural = "第六条情形认定"
        ordering = ["-decided_on", "-pk"]
        # The list's sortable columns (registry.views.findings).
        indexes = [
            models.Index(fields=["decided_on", "id"], name="finding_decided_id"),
            models.Index(fields=["item", "id"], name="finding_item_id"),
            models.Index(fields=["city", "id"], name="finding_city_id"),
            models.Index(fields=["lifted_on", "id"], name="finding_lifted_id"),
        ]
        constraints = [
            models.CheckConstraint(
                name="finding_lifted_all_or_nothing",
                condition=Q(lifted_on__isnull=True, lifted_by__isnull=True, lifted_reason="")
                | (Q(lifted_on__isnull=False, lifted_by__isnull=False) & ~Q(lifted_reason="")),
                violation_error_message="解除认定须同时填写解除日期、解除理由和解除人。",
            ),
            models.CheckConstraint(
                name="finding_lifted_after_decided",
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=models.F("decided_on")),
                violation_error_message="解除日期不能早于认定日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {finding_heading(self.item)}（{self.decided_on}）"

    @property
    def is_lifted(self) -> bool:
        return self.lifted_on is not None
