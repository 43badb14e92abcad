"""A plan row: what one validated file row sets on its Graduate, and whether that creates, updates or leaves it
unchanged (with the changes, old and new, for the preview). Validation builds rows, apply.py writes them."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from registry.models import Education, TitleLevel

# The Graduate fields a row sets, compared to decide updated or unchanged.
GRADUATE_FIELDS = (
    "enterprise_id",
    "enterprise_name",
    "position",
    "education",
    "title_level",
    "quality_work_years",
    "score",
    "passed",
    "phone",
)
FIELD_HEADERS = {
    "enterprise_id": "统一社会信用代码",
    "enterprise_name": "工作单位",
    "position": "职务",
    "education": "学历",
    "title_level": "职称",
    "quality_work_years": "质量工作年限",
    "score": "考核成绩",
    "passed": "考核结果",
    "phone": "手机号码",
}


def classify(row: dict, graduate: dict | None) -> dict:
    """Whether the row creates, updates or leaves unchanged the cohort's graduate, with the changes (old, new)."""
    if graduate is None:
        return {"action": "create", "graduate": None}
    new = row_values(row)
    changes = {
        FIELD_HEADERS[field]: [_shown(field, graduate[field], graduate), _shown(field, new[field], row)]
        for field in GRADUATE_FIELDS
        if graduate[field] != new[field]
    }
    return {"action": "update" if changes else "unchanged", "graduate": graduate["id"], "changes": changes}


def row_values(row: dict) -> dict:
    """The Graduate field values a plan row sets."""
    return {
        "enterprise_id": row["enterprise"],
        "enterprise_name": row["enterprise_name"],
        "position": row["position"],
        "education": row["education"],
        "title_level": row["title_level"],
        "quality_work_years": Decimal(row["quality_work_years"]) if row["quality_work_years"] is not None else None,
        "score": Decimal(row["score"]) if row["score"] is not None else None,
        "passed": row["passed"],
        "phone": row["phone"],
    }


_LABELS = {"education": dict(Education.choices), "title_level": dict(TitleLevel.choices)}


def _shown(field: str, value, source: dict) -> str:
    if field == "enterprise_id":
        return source.get("code") or source.get("enterprise__credit_code") or str(value or "")
    if field == "passed":
        return "合格" if value else "不合格"
    if field in _LABELS:
        return str(_LABELS[field].get(value, value))
    return "" if value is None else str(value)


def iter_batches(rows: list, size: int) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
