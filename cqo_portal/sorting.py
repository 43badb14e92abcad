"""Sortable list columns: `?sort=name` / `?sort=-name` on any list, each order served by an index.

A list names its sortable columns once (`sort_columns` on a ScopedListView, `SORT_ORDERS` of the pool's
keyset list); the header links come from `{% sort_th "name" "企业名称" %}` (cqo_portal/templatetags/lists.py),
which keeps the filters in the link, flips the direction on a second click and marks the column with ▲▼ and
aria-sort. Every order ends in the primary key so equal values keep one order across pages.

Names sort in pinyin: `Pinyin("name")` is the column under PostgreSQL's ICU collation `pinyin`
(zh-u-co-pinyin, created by registry migration 0016 with an index per sorted name); SQLite, which has no ICU,
sorts by code point. The talent pool sorts by its stored pypinyin key instead (pool/pinyin.py), which also
reads surnames such as 曾 and 单 as zeng and shan.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

PINYIN_COLLATION = "pinyin"


@dataclass(frozen=True)
class Pinyin:
    """A text field ordered by its pinyin where the database can (PostgreSQL's ICU collation)."""

    field: str

    def expression(self):
        if connection.vendor == "postgresql":
            return Collate(F(self.field), PINYIN_COLLATION)
        return F(self.field)


def parse_sort(value: str | None, columns: dict) -> tuple[str, bool] | None:
    """`name` or `-name` as (column, descending) when the list offers that column, else None."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value[1:] if descending else value
    if key not in columns:
        return None
    return key, descending


def order_by(fields: tuple, descending: bool) -> list:
    """The ORDER BY of one column: each of its fields (names or Pinyin) in the same direction."""
    expressions = []
    for item in fields:
        expression = item.expression() if isinstance(item, Pinyin) else F(item)
        # The database's own NULL placement, so a B-tree read backwards serves the descending order.
        expressions.append(expression.desc() if descending else expression.asc())
    return expressions
