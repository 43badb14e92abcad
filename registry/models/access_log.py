"""The append-only log of every full reveal, export or typed look-up of resident IDs."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..permissions import sees_province_wide
from .persons import Person


class AccessAction(models.TextChoices):
    REVEAL = "reveal", "查看完整身份证号码"
    EXPORT = "export", "导出含身份证号码的数据"
    LOOKUP = "lookup", "按身份证号码查找人员"


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user) -> AccessLogQuerySet:
        return self.all() if sees_province_wide(user) else self.none()

    def update(self, **kwargs):
        raise PermissionError("访问日志只能追加，不能修改。")

    def delete(self):
        raise PermissionError("访问日志只能追加，不能删除。")


class AccessLog(models.Model):
    """Append-only record of every full reveal, export or typed look-up of resident IDs (who, when, whose, why)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        # SET_NULL: a person registered by mistake (a deleted draft's) goes, the record of who looked them up stays,
        # with the name and masked ID copied below when the row was written.
        on_delete=models.SET_NULL,
        related_name="access_logs",
        verbose_name="人员",
        help_text="导出多人时留空，人数见数量",
    )
    person_name = models.CharField("人员姓名", max_length=50, blank=True, editable=False)
    person_masked_id = models.CharField("人员身份证号码（脱敏）", max_length=18, blank=True, editable=False)
    action = models.CharField("操作", max_length=10, choices=AccessAction.choices)
    reason = models.CharField("事由", max_length=200)
    count = models.PositiveIntegerField("涉及人数", default=1)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = "身份证号码访问日志"
        verbose_name_plural = "身份证号码访问日志"
        ordering = ["-at", "-pk"]
        # The typed-ID look-up limit counts an account's recent rows of one action (services.access_log).
        # The list's sortable columns follow (registry.views.access_log).
        indexes = [
            models.Index(fields=["actor", "action", "at"], name="accesslog_actor_action_at"),
            models.Index(fields=["at", "id"], name="accesslog_at_id"),
            models.Index(fields=["action", "id"], name="accesslog_action_id"),
            models.Index(fields=["count", "id"], name="accesslog_count_id"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("访问日志只能追加，不能修改。")
        if self.person is not None:
            self.person_name, self.person_masked_id = self.person.name, self.person.resident_id_masked
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("访问日志只能追加，不能删除。")
