"""Training reads shared by several pages: what an institution's staff are told about their entrustment period."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from registry.permissions import INSTITUTION, role_of
from registry.selectors import HomePanel

from .models import Entrustment, GraduateImport, ImportStatus, Institution

# After an entrustment ends, or is revoked, certificates issued outside a period do not count (eligibility.facts).
_CONSEQUENCE = "不能再开设新的培训班次，此后颁发的结业证书不能计入首席质量官人才库"


def _day(value: datetime.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _covered_until(periods: list[Entrustment], today: datetime.date) -> tuple[bool, datetime.date | None]:
    """Whether periods that are not revoked cover today, and until when without a gap (None: no end date)."""
    live = [p for p in periods if not p.revoked]
    current = [p for p in live if p.from_date <= today and (p.until is None or today <= p.until)]
    if not current:
        return False, None
    if any(p.until is None for p in current):
        return True, None
    end = max(p.until for p in current)
    while True:  # a following period that starts by the next day continues the entrustment
        following = [
            p for p in live if p.from_date <= end + datetime.timedelta(days=1) and (p.until is None or p.until > end)
        ]
        if not following:
            return True, end
        if any(p.until is None for p in following):
            return True, None
        end = max(p.until for p in following)


def entrustment_state(institution: Institution, *, today: datetime.date | None = None) -> str:
    """The institution's entrustment today in a few words, for lists (prefetch `entrustments` for many)."""
    today = today or timezone.localdate()
    periods = sorted(institution.entrustments.all(), key=lambda p: (p.from_date, p.pk))
    covered, end = _covered_until(periods, today)
    if covered:
        return "委托中（长期）" if end is None else f"委托中（至{end:%Y-%m-%d}）"
    if any(not p.revoked and p.from_date > today for p in periods):
        start = min(p.from_date for p in periods if not p.revoked and p.from_date > today)
        return f"未开始（自{start:%Y-%m-%d}起）"
    ended = [p.until for p in periods if not p.revoked and p.until is not None and p.until < today]
    revoked = [p for p in periods if p.revoked and p.from_date <= today]
    if revoked and (not ended or revoked[-1].from_date > max(ended)):
        return "已撤销"
    if ended:
        return f"已届满（{max(ended):%Y-%m-%d}）"
    return "未委托"


def entrustment_notice(institution: Institution, *, today: datetime.date | None = None) -> HomePanel | None:
    """What the institution's staff must know about their entrustment today, or None when it runs on for more
    than settings.ENTRUSTMENT_ENDING_NOTICE_DAYS days: not entrusted, revoked, ended, or about to end."""
    today = today or timezone.localdate()
    periods = sorted(institution.entrustments.all(), key=lambda p: (p.from_date, p.pk))
    covered, end = _covered_until(periods, today)
    if covered:
        if end is None:
            return None
        days = (end - today).days
        if days > settings.ENTRUSTMENT_ENDING_NOTICE_DAYS:
            return None
        when = "今天" if days == 0 else f"还有{days}天"
        return HomePanel(
            "warning",
            f"本机构的培训委托期将于{_day(end)}届满（{when}）。届满后{_CONSEQUENCE}；如需续期，请联系省局。",
        )
    upcoming = [p for p in periods if not p.revoked and p.from_date > today]
    later = f"下一委托期自{_day(upcoming[0].from_date)}起。" if upcoming else "如需继续开展培训，请联系省局。"
    ended = [p.until for p in periods if not p.revoked and p.until is not None and p.until < today]
    revoked = [p for p in periods if p.revoked and p.from_date <= today]
    # The latest of what happened: a period revoked after the last one that ran its course, or that course.
    if revoked and (not ended or revoked[-1].from_date > max(ended)):
        period = revoked[-1]
        on = f"已于{_day(period.revoked_on)}" if period.revoked_on else "已"
        reason = f"（理由：{period.revoked_reason}）" if period.revoked_reason else ""
        return HomePanel(
            "danger",
            f"本机构自{_day(period.from_date)}起的培训委托{on}被省局撤销{reason}。撤销后{_CONSEQUENCE}，"
            f"该委托期内颁发的结业证书也不再计入。{later}",
        )
    if ended:
        return HomePanel("danger", f"本机构的培训委托已于{_day(max(ended))}届满，{_CONSEQUENCE}。{later}")
    if upcoming:
        return HomePanel("info", f"本机构的培训委托期自{_day(upcoming[0].from_date)}起，届时方可开设培训班次。")
    return HomePanel("warning", "本机构尚未获得省局的培训委托，不能开设培训班次。如需开展培训，请联系省局。")


def entrustment_home_panels(user) -> list[HomePanel]:
    """settings.HOME_PANELS: an institution's staff see the notice about their entrustment on their home page."""
    if role_of(user) != INSTITUTION or user.institution_id is None:
        return []
    notice = entrustment_notice(user.institution)
    if notice is None:
        return []
    return [
        HomePanel(
            notice.level,
            notice.message,
            url=reverse("training:my-institution"),
            link_text="查看本机构的委托期",
        )
    ]


# How many imports waiting for a decision an institution's home page lists by name.
WAITING_IMPORTS_SHOWN = 5


def graduate_import_home_panels(user) -> list[HomePanel]:
    """settings.HOME_PANELS: an institution's staff see the graduate imports waiting for them (validated, to be
    confirmed or discarded), so an upload left midway is found again from the home page."""
    if role_of(user) != INSTITUTION or user.institution_id is None:
        return []
    waiting = (
        GraduateImport.objects.visible_to(user)
        .filter(status=ImportStatus.VALIDATED)
        .select_related("cohort")
        .order_by("-created_at", "-id")[:WAITING_IMPORTS_SHOWN]
    )
    return [
        HomePanel(
            "info",
            f"班次{run.cohort.code}的学员名单“{run.filename}”已校验通过，待确认导入。",
            url=reverse("training:graduate-import-detail", kwargs={"pk": run.pk}),
            link_text="查看预览并确认",
        )
        for run in waiting
    ]
