"""An enterprise's appointment of its CQO (Articles 2, 7, 13), filed with and acknowledged by its city bureau."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from eligibility import rules

from ..bounds import REASON_MAX_LENGTH, DateBounds, NotBeforeBirth, VisibleText, non_negative
from ..permissions import CITY, ENTERPRISE, INSTITUTION, role_of, sees_province_wide
from ..validators import validate_pdf_letter
from .enterprises import Enterprise
from .persons import Person


class AppointmentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交待备案"
    # Acknowledged ahead of its date: the CQO it replaces stays current until then (see current()).
    SCHEDULED = "scheduled", "已备案待生效"
    ACKNOWLEDGED = "acknowledged", "已备案（现任）"
    RETURNED = "returned", "已退回"
    ENDED = "ended", "已终止"


class AppointmentEndReason(models.TextChoices):
    DISMISSED = "dismissed", "解聘"
    REPLACED = "replaced", "更换首席质量官"
    # The person became another enterprise's CQO: their appointment here ends on that one's start date.
    LEFT = "left", "离职（到其他企业任职）"


class Duty(models.TextChoices):
    """Article 7: the CQO's duties, as the measures word them."""

    STRATEGY = "strategy", "（一）负责组织制定企业质量发展战略、年度质量工作计划和质量安全保障措施"
    QMS = "qms", "（二）建立并实施先进质量管理体系和管理方法"
    IMPROVEMENT = "improvement", "（三）组织实施质量改进、质量攻关等群众性质量活动"
    COST = "cost", "（四）实施质量成本管理，加强质量统计分析"
    TRAINING = "training", "（五）开展质量教育培训"
    CULTURE = "culture", "（六）建设企业质量文化等"


class VerdictStatus(models.TextChoices):
    """The eligibility engine's statuses (CONTRACT.md §2)."""

    ELIGIBLE = rules.ELIGIBLE, rules.STATUS_LABELS[rules.ELIGIBLE]
    INELIGIBLE = rules.INELIGIBLE, rules.STATUS_LABELS[rules.INELIGIBLE]
    NEEDS_REVIEW = rules.NEEDS_REVIEW, rules.STATUS_LABELS[rules.NEEDS_REVIEW]


class AppointmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AppointmentQuerySet:
        role = role_of(user)
        if role == ENTERPRISE:
            return self.filter(enterprise_id=user.enterprise_id)
        # A draft is the enterprise's own until it is submitted: nobody else sees it, its letter included.
        filed = self.exclude(status=AppointmentStatus.DRAFT)
        if sees_province_wide(user):
            return filed
        if role == CITY:
            return filed.filter(enterprise__city_id=user.city_id)
        if role == INSTITUTION:
            # Training's certificates through the reverse relation: registry imports no app above it.
            certificate = Person._meta.get_field("certificates").related_model
            return filed.filter(
                Exists(certificate.objects.filter(person=OuterRef("person_id"), institution_id=user.institution_id))
            )
        return self.none()

    def due(self, today: datetime.date | None = None) -> AppointmentQuerySet:
        """Scheduled appointments whose date has come: current from that date, whether or not the daily task
        (registry.tasks) has switched them over yet."""
        return self.filter(status=AppointmentStatus.SCHEDULED, appointed_on__lte=today or timezone.localdate())

    def _superseded(self, today: datetime.date | None):
        # An acknowledged appointment ends when a due one of the same enterprise (a new CQO) or of the same
        # person (they moved to another enterprise) starts.
        due = self.model._default_manager.due(today)
        return Exists(due.filter(Q(enterprise_id=OuterRef("enterprise_id")) | Q(person_id=OuterRef("person_id"))))

    def current(self, today: datetime.date | None = None) -> AppointmentQuerySet:
        """The CQOs in office on `today` (default: today): at most one per enterprise and one per person.

        Defined on read, so every reader is right on the date even before the daily task has written the switch.
        """
        today = today or timezone.localdate()
        return self.filter(
            Q(status=AppointmentStatus.SCHEDULED, appointed_on__lte=today)
            | (Q(status=AppointmentStatus.ACKNOWLEDGED) & ~self._superseded(today))
        )

    def with_effective_status(self, today: datetime.date | None = None) -> AppointmentQuerySet:
        """Annotate `effective_status`: the status as of `today`, a due switch counted as made."""
        today = today or timezone.localdate()
        return self.annotate(
            effective_status=Case(
                When(Q(status=AppointmentStatus.SCHEDULED, appointed_on__lte=today), then=Value("acknowledged")),
                When(Q(status=AppointmentStatus.ACKNOWLEDGED) & self._superseded(today), then=Value("ended")),
                default=F("status"),
                output_field=CharField(),
            )
        )


def appointment_letter_path(instance, filename: str) -> str:
    # Neither the person's name nor the uploaded name goes into the path: paths end up in logs.
    return f"appointments/{instance.appointed_on:%Y}/{instance.enterprise_id}-{uuid.uuid4().hex}.pdf"


def default_duties() -> list[str]:
    return list(Duty.values)


class Appointment(NotBeforeBirth, models.Model):
    """An enterprise's appointment of its CQO by the legal representative (Articles 2, 7, 13), filed with the
    city bureau, which acknowledges (备案) or returns it; ending it (dismissal, replacement) is a dated event.
    """

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="appointments", verbose_name="企业"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments", verbose_name="首席质量官")
    appointed_by = models.CharField("聘任人（法定代表人）", max_length=50, validators=[VisibleText("聘任人")])
    # The upper bound is a setting (APPOINTMENT_MAX_DAYS_AHEAD), checked by the services at filing.
    appointed_on = models.DateField("聘任日期", validators=[DateBounds("聘任日期")])
    decision_level = models.BooleanField("进入企业决策层", default=False)
    allowance = models.BooleanField("享受首席质量官津贴", default=False)
    allowance_amount = models.DecimalField(
        "津贴金额（元/月）",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[non_negative("津贴金额")],
    )
    duties = models.JSONField("履行职责（第七条）", default=default_duties, blank=True)
    letter = models.FileField(
        "聘任文件（PDF）",
        upload_to=appointment_letter_path,
        validators=[validate_pdf_letter],
        help_text="法定代表人签发的聘任文件，PDF格式，不超过10 MB",
    )
    status = models.CharField(
        "状态", max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.DRAFT, db_index=True
    )
    # The eligibility engine's verdict at submission (eligibility.rules.verdict_to_dict) and the rule set
    # it applied, kept as evidence of what the enterprise saw; re-evaluated when a finding changes.
    verdict = models.JSONField("任职资格核验结论", null=True, blank=True, editable=False)
    rule_set = models.CharField("核验依据", max_length=100, blank=True, editable=False)
    verdict_status = models.CharField(
        "核验结论", max_length=20, choices=VerdictStatus.choices, blank=True, editable=False
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审核人",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.CharField("退回理由", max_length=REASON_MAX_LENGTH, blank=True)
    ended_on = models.DateField("终止日期", null=True, blank=True, validators=[DateBounds("终止日期")])
    end_reason = models.CharField("终止原因", max_length=20, choices=AppointmentEndReason.choices, blank=True)
    end_note = models.CharField("终止说明", max_length=REASON_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )
    # The person was typed in on this filing's page (not chosen): deleting the draft deletes them too, unless
    # anything else (another appointment, a certificate, a finding) has come to name them since.
    registered_person = models.BooleanField("随本聘任新登记的人员", default=False, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    birth_bounded = {"appointed_on": "聘任日期"}

    objects = AppointmentQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="聘任备案变更记录")
    # The change history (cqo_portal.history) shows the verdict's status; the stored verdict is the card's.
    history_hidden_fields = frozenset({"verdict"})
    history_item_labels = {"duties": {duty.value: duty.label[:3] for duty in Duty}}  # （一）…（六）

    class Meta:
        verbose_name = "首席质量官聘任"
        verbose_name_plural = "首席质量官聘任"
        ordering = ["-appointed_on", "-pk"]
        # The list's sortable columns (registry.views.appointments).
        indexes = [
            models.Index(fields=["appointed_on", "id"], name="appointment_appointed_id"),
            models.Index(fields=["verdict_status", "id"], name="appointment_verdict_id"),
            models.Index(fields=["status", "id"], name="appointment_status_id"),
            models.Index(fields=["submitted_at", "id"], name="appointment_submitted_id"),
            # The province's to-do "waiting for a city more than N days" counts these from the index alone.
            models.Index(
                fields=["submitted_at"],
                condition=Q(status=AppointmentStatus.SUBMITTED),
                name="appointment_waiting_since",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status=AppointmentStatus.ACKNOWLEDGED),
                name="appointment_one_current_per_enterprise",
                violation_error_message="该企业已有一名已备案的现任首席质量官，请先办理更换或解聘。",
            ),
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status__in=[AppointmentStatus.SUBMITTED, AppointmentStatus.SCHEDULED]),
                name="appointment_one_pending_per_enterprise",
                violation_error_message="该企业已有一份待备案或已备案待生效的聘任，请等待其处理或生效后再提交。",
            ),
            # A person is the CQO of one enterprise at a time: taking up a new post ends the old one (LEFT).
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=AppointmentStatus.ACKNOWLEDGED),
                name="appointment_one_current_per_person",
                violation_error_message="该人员已是另一企业的现任首席质量官。",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=AppointmentStatus.SCHEDULED),
                name="appointment_one_scheduled_per_person",
                violation_error_message="该人员已有一份已备案待生效的聘任。",
            ),
            models.CheckConstraint(
                name="appointment_allowance_amount_only_with_allowance",
                condition=Q(allowance_amount__isnull=True) | (Q(allowance=True) & Q(allowance_amount__gte=0)),
                violation_error_message="津贴金额只在享受津贴时填写，且不能为负数。",
            ),
            models.CheckConstraint(
                name="appointment_ended_all_or_nothing",
                condition=(Q(status=AppointmentStatus.ENDED, ended_on__isnull=False) & ~Q(end_reason=""))
                | (~Q(status=AppointmentStatus.ENDED) & Q(ended_on__isnull=True, end_reason="")),
                violation_error_message="终止的聘任须同时填写终止日期和终止原因；未终止的聘任不填。",
            ),
            models.CheckConstraint(
                name="appointment_ended_after_appointed",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("appointed_on")),
                violation_error_message="终止日期不能早于聘任日期。",
            ),
            models.CheckConstraint(
                name="appointment_returned_with_reason",
                condition=~Q(status=AppointmentStatus.RETURNED) | ~Q(return_reason=""),
                violation_error_message="退回聘任须填写退回理由。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.person.name}（{self.appointed_on:%Y-%m-%d}）"

    def clean(self):
        unknown = [code for code in (self.duties or []) if code not in Duty.values]
        if not isinstance(self.duties, list) or unknown:
            raise ValidationError({"duties": "履行职责须从第七条所列六项中选择。"})
        if self.allowance_amount is not None and not self.allowance:
            raise ValidationError({"allowance_amount": "未勾选享受津贴的，不填写津贴金额。"})

    def get_duties_display(self) -> list[str]:
        labels = dict(Duty.choices)
        return [labels[code] for code in self.duties or [] if code in labels]

    @property
    def status_today(self) -> str:
        """The status as of today: the annotation of with_effective_status() when the queryset made it, else
        the stored status with a scheduled start that has come counted as current."""
        annotated = getattr(self, "effective_status", None)
        if annotated:
            return annotated
        if self.status == AppointmentStatus.SCHEDULED and self.appointed_on <= timezone.localdate():
            return AppointmentStatus.ACKNOWLEDGED
        return self.status

    @property
    def status_label(self) -> str:
        """What a page shows as the status; a scheduled appointment names the day it takes effect."""
        status = self.status_today
        if status == AppointmentStatus.SCHEDULED:
            return f"已备案，将于{self.appointed_on:%Y-%m-%d}生效"
        return AppointmentStatus(status).label

    @property
    def is_current(self) -> bool:
        return self.status_today == AppointmentStatus.ACKNOWLEDGED
