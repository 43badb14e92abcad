"""Graduates: a person's completion of one cohort, as the institution's import file states it (CONTRACT §3)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from registry.models import Education, Enterprise, Person, TitleLevel
from registry.permissions import CITY, ENTERPRISE, INSTITUTION, role_of, sees_province_wide

from .cohorts import Cohort


class GraduateQuerySet(models.QuerySet):
    def visible_to(self, user) -> GraduateQuerySet:
        if sees_province_wide(user):
            return self.all()
        role = role_of(user)
        if role == INSTITUTION:
            return self.filter(cohort__institution_id=user.institution_id)
        if role == CITY:  # the training of the city's enterprises' staff
            return self.filter(enterprise__city_id=user.city_id)
        if role == ENTERPRISE:  # Article 11: an enterprise sees its staff's training
            return self.filter(enterprise_id=user.enterprise_id)
        return self.none()


class Graduate(models.Model):
    """One person in one cohort (re-importing a file updates the row, never duplicates it). Someone trained
    twice is one Person with two Graduate rows."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="graduates", verbose_name="培训班次")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="graduations", verbose_name="学员")
    # The employer the file names (by credit code); one not yet registered is created pending its city's check.
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="graduates", verbose_name="工作单位"
    )
    enterprise_name = models.CharField("工作单位（导入文件所填）", max_length=200)
    position = models.CharField("职务", max_length=100, blank=True)
    education = models.CharField("学历", max_length=30, choices=Education.choices)
    title_level = models.CharField("职称", max_length=20, choices=TitleLevel.choices)
    quality_work_years = models.DecimalField("质量工作年限", max_digits=4, decimal_places=1, null=True, blank=True)
    score = models.DecimalField("考核成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField("考核合格")
    phone = models.CharField("手机号码", max_length=11, blank=True)
    # The file row the values came from last, for the report and the graduate's page.
    import_run = models.ForeignKey(
        "training.GraduateImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="graduates",
        verbose_name="导入批次",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = GraduateQuerySet.as_manager()

    class Meta:
        verbose_name = "结业学员"
        verbose_name_plural = "结业学员"
        ordering = ["cohort", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person"],
                name="graduate_once_per_cohort",
                violation_error_message="该学员已在本班次中。",
            ),
            models.CheckConstraint(
                name="graduate_figures_not_negative",
                condition=(Q(quality_work_years__isnull=True) | Q(quality_work_years__gte=0))
                & (Q(score__isnull=True) | Q(score__gte=0)),
                violation_error_message="质量工作年限和考核成绩不能为负数。",
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "id"], name="graduate_enterprise_id")]

    def __str__(self) -> str:
        return f"{self.person} · {self.cohort.code}"
