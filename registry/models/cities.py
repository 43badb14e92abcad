"""Reporting units: the nine cities and Pingtan, which file (报备) to the province."""

from __future__ import annotations

from django.db import models


class CityQuerySet(models.QuerySet):
    def visible_to(self, user) -> CityQuerySet:
        # Reporting units are reference data every signed-in user may read.
        return self.all() if user.is_authenticated else self.none()


class City(models.Model):
    """A reporting unit that files (报备) to the province: the nine cities and Pingtan."""

    # GB/T 2260 code. Pingtan has none of its own and is keyed by 平潭县's 350128.
    code = models.CharField("行政区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=20, unique=True)
    bureau_name = models.CharField("主管部门", max_length=60, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = CityQuerySet.as_manager()

    class Meta:
        verbose_name = "报备单位"
        verbose_name_plural = "报备单位"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name
