"""The province's to-dos above its home page's list (settings.HOME_PANELS)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from filings.models import Filing, FilingStatus, Reminder, ReminderStatus
from registry.models import (
    Appointment,
    AppointmentStatus,
)
from registry.permissions import sees_province_wide
from registry.selectors import CountedPanels, HomePanel

# --- the province's to-dos ---------------------------------------------------------------------------------------


def _todo_querysets(user) -> dict:
    if not sees_province_wide(user):
        return {}
    days = settings.DASHBOARD_APPOINTMENT_WAIT_DAYS
    return {
        "waiting": Appointment.objects.visible_to(user).filter(
            status=AppointmentStatus.SUBMITTED, submitted_at__lt=timezone.now() - datetime.timedelta(days=days)
        ),
        "returned": Filing.objects.visible_to(user).filter(status=FilingStatus.RETURNED),
        "failed": Reminder.objects.filter(
            Exists(Filing.objects.visible_to(user).filter(pk=OuterRef("filing_id"))), status=ReminderStatus.FAILED
        ),
    }


def _todo_panels(user, counts: dict[str, int]) -> list[HomePanel]:
    if not counts:
        return []
    panels = []
    days = settings.DASHBOARD_APPOINTMENT_WAIT_DAYS
    waiting, returned, failed = counts["waiting"], counts["returned"], counts["failed"]
    if waiting:
        panels.append(
            HomePanel(
                "warning",
                f"有{waiting}份首席质量官聘任提交后超过{days}天仍未经设区市局备案。",
                reverse("registry:appointment-list") + f"?status={AppointmentStatus.SUBMITTED}",
                "查看待备案聘任",
            )
        )
    if returned:
        panels.append(
            HomePanel(
                "warning",
                f"有{returned}份报备已退回，待报备单位修改后重新提交。",
                reverse("filings:filing-list") + f"?status={FilingStatus.RETURNED}",
                "查看已退回的报备",
            )
        )
    if failed:
        panels.append(HomePanel("danger", f"有{failed}条报备提醒发送失败，系统将自动重试；请检查邮件服务。"))
    return panels


# settings.HOME_PANELS: what the province should chase, above its home page's to-do list (the enterprises awaiting
# their city's check are already one of its to-do items); its counts are taken with the other panels' in one query.
province_todo_panels = CountedPanels(_todo_querysets, _todo_panels)
