"""Writes of in-portal notices."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import City, Notice


def notice_send(*, text: str, link: str = "", city: City | None = None, user=None) -> Notice:
    """Leave a notice in the portal for a city bureau (every user of it) or one user."""
    return Notice.objects.create(recipient_city=city, recipient_user=user, text=text[:500], link=link)


@transaction.atomic
def notice_mark_read(*, notice: Notice, actor) -> Notice:
    """Mark a notice read (for everyone it was addressed to, when it went to a whole bureau)."""
    if not Notice.objects.visible_to(actor).filter(pk=notice.pk).exists():
        raise PermissionDenied("您无权处理该通知。")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
