"""The one way an eligibility verdict is shown: words from rules.py, Bootstrap colours from here.

A verdict reaches a page in one of two shapes: a fresh `rules.Verdict` (the self-check page,
the talent pool) or the dict `rules.verdict_to_dict` stored with an appointment. Pages should
not pick either apart; `verdict_context` turns both (or no verdict at all) into one dict that
the template eligibility/_verdict.html, or the tag `{% verdict_card %}` in
eligibility_tags, renders.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from . import rules

# Badge colour per clause result; the word beside it is rules.RESULT_LABELS.
RESULT_BADGES = {
    rules.PASS: "text-bg-success",
    rules.FAIL: "text-bg-danger",
    rules.REVIEW: "text-bg-warning",
    rules.NOT_APPLICABLE: "text-bg-secondary",
}
# Alert colour for the overall status at the top of the verdict card.
STATUS_ALERTS = {
    rules.ELIGIBLE: "alert-success",
    rules.INELIGIBLE: "alert-danger",
    rules.NEEDS_REVIEW: "alert-warning",
}
# Small badge colour for the status in lists (appointments, the talent pool).
STATUS_BADGES = {
    rules.ELIGIBLE: "text-bg-success",
    rules.INELIGIBLE: "text-bg-danger",
    rules.NEEDS_REVIEW: "text-bg-warning",
}
OTHER_BADGE = "text-bg-secondary"  # no verdict, or a value this code does not know
OTHER_ALERT = "alert-secondary"
NOT_CHECKED = "未核验"  # what a page says when there is no verdict yet
DEFAULT_TITLE = "任职资格核验结论"


def choices(labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """A rules vocabulary table as Django / DRF choices: [("large", "大型"), ...]."""
    return list(labels.items())


def status_label(status: str | None) -> str:
    """符合任职条件 / 不符合任职条件 / 需人工审核; 未核验 when there is no verdict."""
    if not status:
        return NOT_CHECKED
    return rules.STATUS_LABELS.get(status, status)


def status_badge(status: str | None) -> str:
    """The Bootstrap class of a small status badge: text-bg-success for eligible, and so on."""
    return STATUS_BADGES.get(status or "", OTHER_BADGE)


def status_alert(status: str | None) -> str:
    return STATUS_ALERTS.get(status or "", OTHER_ALERT)


def result_label(result: str) -> str:
    return rules.RESULT_LABELS.get(result, result)


def result_badge(result: str) -> str:
    return RESULT_BADGES.get(result, OTHER_BADGE)


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _texts(rule_set_code: str | None) -> dict[str, str]:
    """The clause texts of a known rule set, for stored verdicts saved without them."""
    for rule_set in rules.DEFAULT_RULE_SETS:
        if rule_set.code == rule_set_code:
            return {rule.clause: rule.text for rule in rule_set.clauses}
    return {}


def _row(clause: str, result: str, reason: str, text: str) -> dict:
    try:
        heading = rules.clause_heading(clause)
    except ValueError:
        heading = str(clause)
    return {
        "clause": clause,
        "heading": heading,
        "text": text,
        "result": result,
        "label": result_label(result),
        "badge": result_badge(result),
        "reason": reason,
    }


def verdict_context(verdict: rules.Verdict | Mapping | None) -> dict:
    """One dict for a template, whatever shape the verdict came in.

    `verdict` is a rules.Verdict, the dict rules.verdict_to_dict made of one (as stored with an
    appointment), or None (not checked yet). The result holds:
      status, status_label, status_alert  -- "" / 未核验 / alert-secondary when there is no verdict
      id                                   -- the candidate id echoed by the engine, or None
      rule_set                             -- {code, title, effective_from (a date), note} or None
      rows                                 -- per clause: clause, heading, text, result, label, badge, reason
    """
    if verdict is None:
        status, verdict_id, rule_set, rows = "", None, None, []
    elif isinstance(verdict, rules.Verdict):
        status, verdict_id = verdict.status, verdict.id
        rule_set = {
            "code": verdict.rule_set.code,
            "title": verdict.rule_set.title,
            "effective_from": verdict.rule_set.effective_from,
            "note": verdict.note or "",
        }
        rows = [_row(c.clause, c.result, c.reason, c.text) for c in verdict.clauses]
    elif isinstance(verdict, Mapping):
        status, verdict_id = verdict.get("status") or "", verdict.get("id")
        stored = verdict.get("rule_set") or None
        rule_set = None
        if stored:
            rule_set = {
                "code": stored.get("code") or "",
                "title": stored.get("title") or "",
                "effective_from": _date(stored.get("effective_from")),
                "note": stored.get("note") or "",
            }
        texts = _texts(rule_set and rule_set["code"])
        rows = [
            _row(
                c.get("clause", ""),
                c.get("result", ""),
                c.get("reason", ""),
                c.get("text") or texts.get(c.get("clause"), ""),
            )
            for c in verdict.get("clauses") or []
        ]
    else:
        raise TypeError(f"verdict_context takes a rules.Verdict, its verdict_to_dict form or None, not {verdict!r}")
    return {
        "status": status,
        "status_label": status_label(status),
        "status_alert": status_alert(status),
        "id": verdict_id,
        "rule_set": rule_set,
        "rows": rows,
    }
