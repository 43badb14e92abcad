"""Writes of the access log: every export carrying resident IDs is recorded (reveals: services.persons)."""

from __future__ import annotations

from ..models import AccessAction, AccessLog


def export_log_masked_ids(*, actor, what: str, count: int, file_format: str) -> AccessLog:
    """Record an export whose file carries (masked) resident IDs: every export containing IDs is logged."""
    return AccessLog.objects.create(
        actor=actor,
        action=AccessAction.EXPORT,
        reason=f"{what}导出（{file_format.upper()}，身份证号码已脱敏）"[:200],
        count=count,
    )
