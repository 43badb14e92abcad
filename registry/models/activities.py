"""Article 15: the experience exchanges the province runs (and who took part) and the commendations of CQOs."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from simple_history.models import HistoricalRecords

from ..bounds import NOTE_MAX_LENGTH, DateBounds, VisibleText, max_length
from ..permissions import CITY, role_of, sees_province_wide
from .persons import Person

# A commendation's year: the programme's measures date from 2014; older honours may still be on file.
COMMENDATION_EARLIEST_YEAR = 1949
COMMENDATION_LATEST_YEAR = 2199


class CommendationLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "设区市级"
    OTHER = "other", "其他"


class ExperienceExchangeQuerySet(models.QuerySet):
    def visible_to(self, user) -> ExperienceExchangeQuerySet:
        """The province all; a city bureau (read only) the exchanges in which a person of its scope took part;
        institutions and enterprises none (the province records them; the person's own page is the bureaux')."""
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == CITY:
            took_part = ExchangeParticipant.objects.filter(
                exchange=OuterRef("pk"), person__in=Person.objects.visible_to(user)
            )
            return self.filter(Exists(took_part))
        return self.none()


class ExperienceExchange(models.Model):
    """An experience exchange (经验交流活动) the province runs under Article 15, with the persons who took part."""

    title = models.CharField("活动名称", max_length=200, validators=[VisibleText("活动名称")])
    held_on = models.DateField("举办日期", validators=[DateBounds("举办日期")])
    place = models.CharField("举办地点", max_length=200, blank=True)
    organiser = models.CharField("主办单位", max_length=200, validators=[VisibleText("主办单位")])
    note = models.TextField(
        "说明", blank=True, max_length=NOTE_MAX_LENGTH, validators=[max_length("说明", NOTE_MAX_LENGTH)]
    )
    persons = models.ManyToManyField(
        Person, through="ExchangeParticipant", related_name="exchanges", verbose_name="参加人员"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ExperienceExchangeQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="经验交流活动变更记录")

    class Meta:
        verbose_name = "经验交流活动"
        verbose_name_plural = "经验交流活动"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on", "id"], name="exchange_held_id")]

    def __str__(self) -> str:
        return f"{self.title}（{self.held_on:%Y-%m-%d}）"


class ExchangeParticipant(models.Model):
    """One person who took part in an exchange, and how (交流发言, 参加…)."""

    exchange = models.ForeignKey(
        ExperienceExchange, on_delete=models.CASCADE, related_name="participants", verbose_name="经验交流活动"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="exchange_participations", verbose_name="人员"
    )
    part = models.CharField("参与方式", max_length=100, blank=True, help_text="如：交流发言、参加")
    added_at = models.DateTimeField("添加时间", auto_now_add=True)

    history = HistoricalRecords(verbose_name="活动参加人员变更记录")

    class Meta:
        verbose_name = "活动参加人员"
        verbose_name_plural = "活动参加人员"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exchange", "person"],
                name="exchange_participant_once",
                violation_error_message="该人员已在本活动的参加人员名单中。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.exchange.title}）"


class CommendationQuerySet(models.QuerySet):
    def visible_to(self, user) -> CommendationQuerySet:
        """The province all; a city bureau (read only) those of persons in its scope; other roles none."""
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == CITY:
            return self.filter(person__in=Person.objects.visible_to(user))
        return self.none()


class Commendation(models.Model):
    """A commendation (表彰) of a person for their quality work, Article 15."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="commendations", verbose_name="人员")
    level = models.CharField("表彰级别", max_length=20, choices=CommendationLevel.choices)
    year = models.PositiveSmallIntegerField(
        "表彰年度",
        validators=[
            MinValueValidator(COMMENDATION_EARLIEST_YEAR, f"表彰年度不能早于{COMMENDATION_EARLIEST_YEAR}年。"),
            MaxValueValidator(COMMENDATION_LATEST_YEAR, f"表彰年度不能晚于{COMMENDATION_LATEST_YEAR}年。"),
        ],
    )
    title = models.CharField("荣誉名称", max_length=200, validators=[VisibleText("荣誉名称")])
    citation = models.TextField(
        "表彰事由", blank=True, max_length=NOTE_MAX_LENGTH, validators=[max_length("表彰事由", NOTE_MAX_LENGTH)]
    )
    awarded_by = models.CharField("授予单位", max_length=200, validators=[VisibleText("授予单位")])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = CommendationQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="表彰变更记录")

    class Meta:
        verbose_name = "表彰"
        verbose_name_plural = "表彰"
        ordering = ["-year", "-pk"]
        indexes = [
            models.Index(fields=["year", "id"], name="commendation_year_id"),
            models.Index(fields=["level", "id"], name="commendation_level_id"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}：{self.year}年{self.title}"
