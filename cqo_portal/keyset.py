"""Keyset pagination: any page costs one indexed query, never an OFFSET scan and never a COUNT(*).

A page is asked for by a cursor, the sort key of the last (or first) row seen, and answered
with a row comparison `(name, id) > ('王芳', 812)` that a B-tree on (name, id) serves directly.
Every sort order ends in the primary key, so rows with equal names keep a fixed order and no
row is skipped or repeated between pages.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import F, Func, IntegerField, Q, QuerySet

# Django's own row-value lookups (used for composite primary keys): native `(a, b) > (x, y)` on
# PostgreSQL, expanded to ORs where the backend lacks row values.
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

from .input import is_storable


@dataclass(frozen=True)
class SortOrder:
    key: str  # the value of ?sort=
    label: str
    fields: tuple[str, ...]  # model fields, the last one unique (the primary key)
    descending: bool = False

    def order_by(self, reverse: bool = False) -> list[str]:
        desc = self.descending != reverse
        return [f"-{name}" if desc else name for name in self.fields]

    def sorted_matches(self, model, reverse: bool = False) -> list:
        """The same order written so that no index can serve it (`name || ''`, `id + 0`): the database then finds
        the matching rows first and sorts only those. For a search whose matches sit together in the order
        (王建国 under w in pinyin order), walking the order's index from its start to find them reads most of the
        table, yet the planner, assuming matches spread evenly, prefers it."""
        desc = self.descending != reverse
        expressions = []
        for name in self.fields:
            field = model._meta.get_field(name)
            template = "(%(expressions)s + 0)" if isinstance(field, IntegerField) else "(%(expressions)s || '')"
            expression = Func(F(name), template=template, output_field=field)
            expressions.append(expression.desc() if desc else expression.asc())
        return expressions


@dataclass(frozen=True)
class Part:
    """One of the conditions a searched page is the union of (paginate's `alternatives`); `sort_matches` when its
    matches are few and sit together in the order, so they are found first and sorted (SortOrder.sorted_matches)."""

    condition: Q
    sort_matches: bool = False


@dataclass
class KeysetPage:
    rows: list
    has_next: bool
    has_previous: bool
    next_cursor: str = ""
    previous_cursor: str = ""
    size: int = 0
    extra: dict = field(default_factory=dict)


def encode_cursor(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode().rstrip("=")


# Longer than any cursor the portal writes (a pinyin key of up to 300 letters, a name, an id); a longer one is not
# read at all.
MAX_CURSOR_LENGTH = 2000


def decode_cursor(cursor: str, order: SortOrder, model) -> list | None:
    """The cursor's values converted and validated by the model's fields; None for anything malformed
    or forged (then: page 1, as for a stale link), so no value reaches the query that the column
    could not hold: a NUL, a lone surrogate, a string longer than max_length, a number out of range."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(raw, list) or len(raw) != len(order.fields):
        return None
    values = []
    for name, value in zip(order.fields, raw, strict=True):
        if not isinstance(value, str | int) or isinstance(value, bool):
            return None
        if isinstance(value, int) and not -(2**63) <= value < 2**63:  # beyond any database integer
            return None
        if isinstance(value, str) and not is_storable(value):
            return None
        field = model._meta.get_field(name)
        if isinstance(field, IntegerField) != isinstance(value, int):  # the shape encode_cursor writes
            return None
        try:
            converted = field.to_python(value)
            # The field's own validators: max_length for text, the column's range for integers.
            field.run_validators(converted)
        except (ValidationError, TypeError, ValueError):
            return None
        values.append(converted)
    return values


def paginate(
    queryset: QuerySet,
    order: SortOrder,
    *,
    size: int,
    after: str = "",
    before: str = "",
    alternatives=(),
    sort_matches: bool = False,
) -> KeysetPage:
    """One page of `size` rows after (or before) a cursor, in one query of LIMIT size + 1.

    `alternatives` (Q objects or Parts) are conditions the rows of `queryset` match at least one of, each served by an
    index of its own: the page is then the union of each one's own page, so every part is an index range read
    for one page instead of an OR the planner would answer by walking the sort order (where the backend can
    order and limit the parts of a UNION; elsewhere the queryset as it is). `sort_matches` says the filter is a
    search whose matches are few and sit together in the order: they are found first and sorted
    (SortOrder.sorted_matches)."""
    model = queryset.model
    key = Tuple(*(F(name) for name in order.fields))
    backwards = False
    position = None
    if after:
        position = decode_cursor(after, order, model)
    elif before:
        position = decode_cursor(before, order, model)
        backwards = position is not None
    if position is not None:
        # Forward in a descending order, or backward in an ascending one, means "less than".
        less = order.descending != backwards
        lookup = TupleLessThan if less else TupleGreaterThan
        queryset = queryset.filter(lookup(key, tuple(position)))
    ordering = order.order_by(reverse=backwards)
    if alternatives and connections[queryset.db].features.supports_slicing_ordering_in_compound:
        parts = [part if isinstance(part, Part) else Part(part) for part in alternatives]
        pages = [
            queryset.filter(part.condition).order_by(
                *(order.sorted_matches(model, reverse=backwards) if part.sort_matches else ordering)
            )[: size + 1]
            for part in parts
        ]
        queryset = pages[0].union(*pages[1:])
    elif sort_matches:
        ordering = order.sorted_matches(model, reverse=backwards)
    rows = list(queryset.order_by(*ordering)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        has_previous, has_next = more, True
    else:
        has_previous, has_next = position is not None, more

    def cursor(row) -> str:
        return encode_cursor([getattr(row, name) for name in order.fields])

    return KeysetPage(
        rows=rows,
        has_next=has_next and bool(rows),
        has_previous=has_previous and bool(rows),
        next_cursor=cursor(rows[-1]) if rows else "",
        previous_cursor=cursor(rows[0]) if rows else "",
        size=size,
    )
