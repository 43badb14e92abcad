"""Persons (prospective CQOs) and their periods of quality work (Article 5(三)(四))."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from eligibility.rules import EDUCATION_LABELS, TITLE_LABELS

from ..bounds import DateBounds, NotBeforeBirth, VisibleText
from ..permissions import CITY, ENTERPRISE, INSTITUTION, role_of, sees_province_wide
from .enterprises import Enterprise


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Education(models.TextChoices):
    """GB/T 4658 levels, with the values CONTRACT.md §2 uses."""

    # Labels from the engine's vocabulary: one wording on every page, form and verdict.
    DOCTORATE = "doctorate", EDUCATION_LABELS["doctorate"]
    MASTER = "master", EDUCATION_LABELS["master"]
    BACHELOR = "bachelor", EDUCATION_LABELS["bachelor"]
    ASSOCIATE = "associate", EDUCATION_LABELS["associate"]
    SECONDARY_VOCATIONAL = "secondary_vocational", EDUCATION_LABELS["secondary_vocational"]
    HIGH_SCHOOL = "high_school", EDUCATION_LABELS["high_school"]
    JUNIOR_HIGH_OR_BELOW = "junior_high_or_below", EDUCATION_LABELS["junior_high_or_below"]


class TitleLevel(models.TextChoices):
    """Professional title levels, with the values CONTRACT.md §2 uses."""

    SENIOR = "senior", TITLE_LABELS["senior"]
    ASSOCIATE_SENIOR = "associate_senior", TITLE_LABELS["associate_senior"]
    INTERMEDIATE = "intermediate", TITLE_LABELS["intermediate"]
    ASSISTANT = "assistant", TITLE_LABELS["assistant"]
    TECHNICIAN = "technician", TITLE_LABELS["technician"]
    NONE = "none", TITLE_LABELS["none"]


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> PersonQuerySet:
        if sees_province_wide(user):
            return self.all()
        # Another app's rows are reached through reverse relations: registry imports no app above it.
        appointment = self.model._meta.get_field("appointments").related_model
        certificate = self.model._meta.get_field("certificates").related_model
        # A person belongs to the reporting unit and enterprise of their current employer
        # (Person.enterprise) and of every enterprise that filed an appointment of them.
        if role_of(user) == CITY:
            return self.filter(
                Q(enterprise__city_id=user.city_id)
                | Exists(appointment.objects.filter(person=OuterRef("pk"), enterprise__city_id=user.city_id))
            )
        if role_of(user) == ENTERPRISE:
            return self.filter(
                Q(enterprise_id=user.enterprise_id)
                | Exists(appointment.objects.filter(person=OuterRef("pk"), enterprise_id=user.enterprise_id))
            )
        if role_of(user) == INSTITUTION:  # the persons it trained or certified
            graduate = self.model._meta.get_field("graduations").related_model
            return self.filter(
                Exists(certificate.objects.filter(person=OuterRef("pk"), institution_id=user.institution_id))
                | Exists(graduate.objects.filter(person=OuterRef("pk"), cohort__institution_id=user.institution_id))
            )
        return self.none()


class Person(models.Model):
    """A (prospective) CQO. The resident ID is never stored in plain text: see registry.crypto."""

    name = models.CharField("姓名", max_length=50, db_index=True, validators=[VisibleText("姓名")])
    # Fernet token of the normalised ID; only registry.services.person_reveal_id decrypts it.
    resident_id_encrypted = models.CharField("身份证号码（密文）", max_length=255, editable=False)
    # HMAC-SHA256 with ID_HASH_KEY: finds a person by ID without decrypting every row.
    resident_id_hash = models.CharField("身份证号码（检索摘要）", max_length=64, unique=True, editable=False)
    resident_id_masked = models.CharField("身份证号码", max_length=18, editable=False)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, editable=False)
    # Only the year: a full birth date beside the masked ID (3501**********123X) would leave two
    # hidden digits, few enough to rebuild the number from a dump or an API response.
    birth_year = models.PositiveSmallIntegerField("出生年份", editable=False)
    phone = models.CharField(
        "手机号码",
        max_length=11,
        blank=True,
        validators=[RegexValidator(r"^1[0-9]{10}$", "手机号码应为以1开头的11位数字。")],
    )
    email = models.EmailField("电子邮箱", blank=True)
    education = models.CharField("学历", max_length=30, choices=Education.choices)
    title_level = models.CharField("职称等级", max_length=20, choices=TitleLevel.choices, default=TitleLevel.NONE)
    title_series = models.CharField("职称系列", max_length=50, blank=True, help_text="如：工程师系列、经济师系列")
    enterprise = models.ForeignKey(
        Enterprise,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name="现工作单位",
    )
    position = models.CharField("职务", max_length=100, blank=True)
    # Article 5(一)(二) and Article 8, declared by the person at registration.
    declared_ethics = models.BooleanField("承诺具有良好的职业道德和敬业精神（第五条第一项）", default=False)
    declared_laws = models.BooleanField("承诺熟悉质量法律法规和政策（第五条第二项）", default=False)
    declared_conduct = models.BooleanField("承诺遵守首席质量官行为规范（第八条）", default=False)
    declared_on = models.DateField("承诺日期", null=True, blank=True, validators=[DateBounds("承诺日期")])
    # Set by migration 0012 on the newer of two rows whose IDs were the same number typed differently
    # (full-width digits, say). Both rows are kept; eligibility.facts gives each the other's findings.
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="duplicates",
        verbose_name="疑似重复登记（先登记的人员）",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PersonQuerySet.as_manager()
    # Copies only the stored columns, so the history holds the same ciphertext, hash and mask.
    history = HistoricalRecords(verbose_name="人员变更记录")
    # Never shown as a change (cqo_portal.history): the masked ID says what changed, these would leak it.
    history_hidden_fields = frozenset({"resident_id_encrypted", "resident_id_hash"})

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="person_declared_on_with_declarations",
                condition=Q(declared_on__isnull=False)
                | Q(declared_ethics=False, declared_laws=False, declared_conduct=False),
                violation_error_message="填写了承诺事项的，须同时填写承诺日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.resident_id_masked}）"


class QualityWorkPeriodQuerySet(models.QuerySet):
    def visible_to(self, user) -> QualityWorkPeriodQuerySet:
        return self.filter(person__in=Person.objects.visible_to(user))


class QualityWorkPeriod(NotBeforeBirth, models.Model):
    """A period of quality work (Article 5(三)(四)); no end date means still ongoing."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="quality_work", verbose_name="人员")
    # Work history lies in the past: a period still going on has no end date.
    start = models.DateField("开始日期", validators=[DateBounds("质量工作经历开始日期", not_after_today=True)])
    end = models.DateField(
        "结束日期",
        null=True,
        blank=True,
        help_text="仍在从事的留空",
        validators=[DateBounds("质量工作经历结束日期", not_after_today=True)],
    )
    employer = models.CharField("工作单位", max_length=200, validators=[VisibleText("质量工作经历的工作单位")])
    position = models.CharField("岗位", max_length=100, blank=True)

    birth_bounded = {"start": "质量工作经历开始日期", "end": "质量工作经历结束日期"}

    objects = QualityWorkPeriodQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="质量工作经历变更记录")

    class Meta:
        verbose_name = "质量工作经历"
        verbose_name_plural = "质量工作经历"
        ordering = ["person", "start"]
        constraints = [
            models.CheckConstraint(
                name="quality_work_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                violation_error_message="质量工作经历的结束日期不能早于开始日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.start}—{self.end or '至今'}"
