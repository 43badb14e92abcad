"""In-portal notices, to one user, or to every user of one city bureau, one enterprise, one training institution
or the provincial bureau."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..permissions import CITY, ENTERPRISE, INSTITUTION, PROVINCE, role_of
from .cities import City
from .enterprises import Enterprise


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user) -> NoticeQuerySet:
        """Notices addressed to the user, or to the bureau, enterprise or institution the user works for."""
        if not user.is_authenticated:
            return self.none()
        addressed = Q(recipient_user_id=user.pk)
        if role_of(user) == CITY:
            addressed |= Q(recipient_city_id=user.city_id)
        elif role_of(user) == ENTERPRISE:
            addressed |= Q(recipient_enterprise_id=user.enterprise_id)
        elif role_of(user) == INSTITUTION:
            addressed |= Q(recipient_institution_id=user.institution_id)
        elif role_of(user) == PROVINCE:
            addressed |= Q(recipient_province=True)
        return self.filter(addressed)

    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """A message shown in the portal to one user, or to every user of one city bureau, enterprise, institution or
    of the provincial bureau.

    Written only by registry.notify, after the write that caused it has committed."""

    recipient_city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.CASCADE, related_name="notices", verbose_name="接收单位"
    )
    recipient_enterprise = models.ForeignKey(
        Enterprise,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name="接收企业",
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name="接收人",
    )
    recipient_institution = models.ForeignKey(
        "training.Institution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name="接收培训机构",
    )
    recipient_province = models.BooleanField("发给省局", default=False)
    text = models.CharField("内容", max_length=500)
    link = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("发送时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="notice_one_recipient",
                condition=(
                    Q(
                        recipient_city__isnull=False,
                        recipient_enterprise__isnull=True,
                        recipient_user__isnull=True,
                        recipient_institution__isnull=True,
                        recipient_province=False,
                    )
                    | Q(
                        recipient_city__isnull=True,
                        recipient_enterprise__isnull=False,
                        recipient_user__isnull=True,
                        recipient_institution__isnull=True,
                        recipient_province=False,
                    )
                    | Q(
                        recipient_city__isnull=True,
                        recipient_enterprise__isnull=True,
                        recipient_user__isnull=False,
                        recipient_institution__isnull=True,
                        recipient_province=False,
                    )
                    | Q(
                        recipient_city__isnull=True,
                        recipient_enterprise__isnull=True,
                        recipient_user__isnull=True,
                        recipient_institution__isnull=False,
                        recipient_province=False,
                    )
                    | Q(
                        recipient_city__isnull=True,
                        recipient_enterprise__isnull=True,
                        recipient_user__isnull=True,
                        recipient_institution__isnull=True,
                        recipient_province=True,
                    )
                ),
                violation_error_message="通知须指定一个接收单位、企业、培训机构、接收人或省局。",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]
