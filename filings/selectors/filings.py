"""Reads of one filing for its pages: how late it is, the figures to show, its versions."""

from __future__ import annotations

import datetime

from ..models import Filing, FilingStatus
from .figures import figure_rows, filing_figures

OPEN = (FilingStatus.DRAFT, FilingStatus.RETURNED)


def lateness(filing: Filing, today: datetime.date) -> tuple[str, bool]:
    """What a page says about timeliness, and whether it is late: judged on the first submission once there is
    one ("逾期3天提交" / "按时提交"), else against today ("已逾期5天，尚未提交" / "距截止还有12天")."""
    if filing.first_submitted_at is not None:
        late = filing.days_late or 0
        return (f"逾期{late}天提交", True) if late else ("按时提交", False)
    overdue = (today - filing.due_date).days
    if overdue > 0:
        return f"已逾期{overdue}天，尚未提交", True
    if overdue == 0:
        return "今天截止", False
    return f"距截止还有{-overdue}天", False


def shown_figures(filing: Filing) -> tuple[list[tuple[str, object]], bool]:
    """The figures rows to show and whether they are live: an open filing (draft, returned) shows them as they
    would be filed now; a submitted or accepted one shows what was filed."""
    if filing.status in OPEN:
        return figure_rows(filing.kind, filing_figures(filing)), True
    return figure_rows(filing.kind, filing.figures or {}), False
