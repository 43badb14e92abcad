"""settings.HOME_PANELS for filings: a city bureau and an institution see their own recent row of the compliance
grid and what is due next (or overdue, or returned to them); the province, when there is something to act on, how
many filers are overdue (linking to the grid) and how many filings wait for its review."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from registry.models import Role
from registry.permissions import role_of, sees_province_wide
from registry.selectors import CountedPanels, HomePanel

from ..models import Filing, FilingKind, FilingStatus
from .grid import CellState, cell_of, filing_url

# How many of the newest periods a filer's own row shows.
RECENT_PERIODS = 4
# From this many days before its due date an upcoming filing is shown as a warning, not as information.
DUE_SOON_DAYS = 7


def _filing_list_url() -> str:
    return reverse("filings:filing-list")


def _day(value: datetime.date) -> str:
    return value.strftime("%Y-%m-%d")


def _title(filing: Filing) -> str:
    return f"{filing.period_label} {filing.get_kind_display()}"


def _recent_row(filings, kind: str, today: datetime.date, heading: str, link_text: str) -> list[HomePanel]:
    """The filer's own row of the grid: its newest periods of one kind, oldest first, each in words."""
    recent = list(
        filings.filter(kind=kind)
        .order_by("-period_start")
        .values("id", "status", "due_date", "first_submitted_at", "days_late", "period_label")[:RECENT_PERIODS]
    )
    if not recent:
        return []
    cells = [(row["period_label"], cell_of(today=today, filing_id=row["id"], **_cell_fields(row))) for row in recent]
    cells.reverse()
    states = {cell.state for _, cell in cells}
    level = "danger" if CellState.MISSING in states else "warning" if CellState.RETURNED in states else "info"
    text = "；".join(f"{label} {cell.text}" for label, cell in cells)
    return [HomePanel(level, f"{heading}：{text}。", url=_filing_list_url(), link_text=link_text)]


def _cell_fields(row: dict) -> dict:
    return {key: row[key] for key in ("status", "due_date", "first_submitted_at", "days_late")}


def _owed_panels(filings, today: datetime.date) -> list[HomePanel]:
    """What the filer owes: the overdue ones first, then those returned to it, then the next one due."""
    owed = list(
        filings.filter(status__in=(FilingStatus.DRAFT, FilingStatus.RETURNED))
        .select_related("city", "institution")
        .order_by("due_date", "id")[:50]
    )
    overdue = [f for f in owed if f.status == FilingStatus.DRAFT and f.due_date < today]
    returned = [f for f in owed if f.status == FilingStatus.RETURNED]
    upcoming = [f for f in owed if f.status == FilingStatus.DRAFT and f.due_date >= today]
    panels = []
    if overdue:
        first = overdue[0]
        more = f"另有{len(overdue) - 1}份报备逾期未报。" if len(overdue) > 1 else ""
        panels.append(
            HomePanel(
                "danger",
                f"{_title(first)}已逾期{(today - first.due_date).days}天未报（截止 {_day(first.due_date)}），"
                f"请尽快提交。{more}",
                url=filing_url(first.pk),
                link_text="去填报",
            )
        )
    for filing in returned[:3]:
        panels.append(
            HomePanel(
                "warning",
                f"{_title(filing)}已被省局退回：{filing.return_reason}。请修改后重新提交。",
                url=filing_url(filing.pk),
                link_text="修改并重新提交",
            )
        )
    if upcoming:
        following = upcoming[0]
        days = (following.due_date - today).days
        left = "今天截止" if days == 0 else f"还有{days}天"
        panels.append(
            HomePanel(
                "warning" if days <= DUE_SOON_DAYS else "info",
                f"下一次报备：{_title(following)}，截止 {_day(following.due_date)}，{left}。",
                url=filing_url(following.pk),
                link_text="查看并填报",
            )
        )
    return panels


def _province_querysets(user) -> dict:
    """What the province's filing panels count (home_panels counts them with the other panels' in one query)."""
    if not sees_province_wide(user):
        return {}
    filings = Filing.objects.visible_to(user)
    missing = filings.filter(status=FilingStatus.DRAFT, due_date__lt=timezone.localdate())
    return {
        "units": missing.filter(kind=FilingKind.CITY_REPORT).values("city_id").distinct(),
        "institutions": missing.exclude(kind=FilingKind.CITY_REPORT).values("institution_id").distinct(),
        "waiting": filings.filter(status=FilingStatus.SUBMITTED),
    }


def _filing_panels(user, counts: dict[str, int]) -> list[HomePanel]:
    """Each role's view of its filings on the home page: the province's from `counts`."""
    today = timezone.localdate()
    role = role_of(user)
    if sees_province_wide(user):
        return _province_panels(counts)
    filings = Filing.objects.visible_to(user)
    if role == Role.CITY and user.city_id is not None:
        return _recent_row(
            filings, FilingKind.CITY_REPORT, today, "本单位近期实施情况报告", "查看本单位报备"
        ) + _owed_panels(filings, today)
    if role == Role.INSTITUTION and user.institution_id is not None:
        return (
            _recent_row(filings, FilingKind.ANNUAL_REPORT, today, "本机构近年年度工作报告", "查看本机构报备")
            + _cohort_line(filings, today)
            + _owed_panels(filings, today)
        )
    return []


def _cohort_line(filings, today: datetime.date) -> list[HomePanel]:
    rows = list(
        filings.filter(kind=FilingKind.COHORT_FILING).values(
            "id", "status", "due_date", "first_submitted_at", "days_late"
        )
    )
    if not rows:
        return []
    states = [cell_of(today=today, **_cell_fields(row)).state for row in rows]
    counts = {state: states.count(state) for state in set(states)}
    text = "，".join(
        f"{label}{counts[state]}份"
        for state, label in (
            (CellState.ON_TIME, "按时"),
            (CellState.LATE, "逾期提交"),
            (CellState.MISSING, "逾期未报"),
            (CellState.RETURNED, "已退回"),
            (CellState.NOT_DUE, "未到期"),
        )
        if counts.get(state)
    )
    level = "danger" if counts.get(CellState.MISSING) else "info"
    return [
        HomePanel(level, f"本机构培训班次备案：共{len(rows)}份，{text}。", url=_filing_list_url(), link_text="查看")
    ]


def _province_panels(counts: dict[str, int]) -> list[HomePanel]:
    units, institutions, waiting = counts["units"], counts["institutions"], counts["waiting"]
    panels = []
    if units or institutions:
        parts = [f"{units}个报备单位" if units else "", f"{institutions}家培训机构" if institutions else ""]
        who = "、".join(part for part in parts if part)
        panels.append(
            HomePanel(
                "warning",
                f"{who}有逾期未报的报备。",
                url=reverse("filings:filing-grid"),
                link_text="查看报备情况一览",
            )
        )
    if waiting:
        panels.append(
            HomePanel(
                "info",
                f"有{waiting}份报备待审核。",
                url=f"{_filing_list_url()}?status={FilingStatus.SUBMITTED}",
                link_text="去审核",
            )
        )
    return panels  # nothing to act on: no panel (the grid is in the menu)


# settings.HOME_PANELS: each role's view of its filings on the home page.
filing_home_panels = CountedPanels(_province_querysets, _filing_panels)
