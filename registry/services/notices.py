"""Writes of in-portal notices. Notices are sent only through registry.notify (after commit)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import Notice


@transaction.atomic
def notice_mark_read(*, notice: Notice, actor) -> Notice:
    """Mark a notice read (for everyone it was addressed to, when it went to a whole bureau or enterprise)."""
    if not Notice.objects.visible_to(actor).filter(pk=notice.pk).exists():
        raise PermissionDenied("您无权处理该通知。")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@transaction.atomic
def notice_mark_all_read(*, actor) -> int:
    """Mark read every unread notice addressed to the user (or to their bureau, enterprise or institution);
    returns how many."""
    return Notice.objects.visible_to(actor).unread().update(read_at=timezone.now())
