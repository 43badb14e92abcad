"""Training: institutions the province entrusts (the training issue adds cohorts, graduates, certificates)."""

from __future__ import annotations

from django.db import models

from registry.models import Role
from registry.validators import validate_credit_code


class InstitutionQuerySet(models.QuerySet):
    def visible_to(self, user) -> InstitutionQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role == Role.PROVINCE:
            return self.all()
        if user.role == Role.INSTITUTION:
            return self.filter(pk=user.institution_id)
        return self.none()


class Institution(models.Model):
    """A training institution (Article 9); entrustment periods arrive with the training issue."""

    name = models.CharField("机构名称", max_length=200, unique=True)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, null=True, blank=True, validators=[validate_credit_code]
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = "培训机构"
        verbose_name_plural = "培训机构"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
