"""Training cohorts (培训班次): one run of CQO training by an entrusted institution (Articles 9 and 10)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from registry.bounds import NOTE_MAX_LENGTH, DateBounds, VisibleText
from registry.permissions import INSTITUTION, role_of, sees_province_wide
from registry.validators import normalize_cohort_code

from .institutions import Institution


class CohortStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    RUNNING = "running", "培训中"
    ENDED = "ended", "已结业"


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user) -> CohortQuerySet:
        if sees_province_wide(user):
            return self.all()
        if role_of(user) == INSTITUTION:
            return self.filter(institution_id=user.institution_id)
        return self.none()

    def by_code(self, code: str) -> Cohort:
        """The cohort a typed code names, however it was typed (full-width, spaces, separators)."""
        return self.get(code_key=normalize_cohort_code(code))


class Cohort(models.Model):
    """A cohort (班次) of CQO training; it can only be created inside its institution's entrustment period."""

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="cohorts", verbose_name="培训机构"
    )
    # As the institution writes it (CONTRACT §5's DEMO-COHORT); code_key is the look-up and uniqueness key.
    code = models.CharField("班次编号", max_length=40, validators=[VisibleText("班次编号")])
    code_key = models.CharField(
        "班次编号（检索键）",
        max_length=40,
        unique=True,
        editable=False,
        error_messages={"unique": "该班次编号已被使用。"},
    )
    title = models.CharField("班次名称", max_length=200, validators=[VisibleText("班次名称")])
    start_date = models.DateField("开班日期", validators=[DateBounds("开班日期")])
    end_date = models.DateField("结业日期", validators=[DateBounds("结业日期")])
    hours = models.PositiveSmallIntegerField("学时")
    location = models.CharField("培训地点", max_length=200, blank=True, validators=[VisibleText("培训地点")])
    teachers = models.CharField("授课教师", max_length=500, blank=True, validators=[VisibleText("授课教师")])
    syllabus = models.TextField("课程安排", max_length=NOTE_MAX_LENGTH, blank=True)
    capacity = models.PositiveIntegerField("计划人数", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=CohortStatus.choices, default=CohortStatus.PLANNED)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = CohortQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="培训班次变更记录")
    history_hidden_fields = frozenset({"code_key"})

    class Meta:
        verbose_name = "培训班次"
        verbose_name_plural = "培训班次"
        ordering = ["-start_date", "code"]
        indexes = [models.Index(fields=["institution", "-start_date", "id"], name="cohort_institution_start")]
        constraints = [
            models.CheckConstraint(
                name="cohort_end_after_start",
                condition=Q(end_date__gte=models.F("start_date")),
                violation_error_message="结业日期不能早于开班日期。",
            ),
            models.CheckConstraint(
                name="cohort_hours_positive", condition=Q(hours__gt=0), violation_error_message="学时应大于0。"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self):
        try:
            self.code_key = normalize_cohort_code(self.code)
        except ValidationError as error:
            raise ValidationError({"code": error.messages}) from None
        self.code = " ".join((self.code or "").split())
