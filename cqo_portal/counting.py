"""Several counts in one round trip to the database, for pages that show a handful of to-do numbers: each COUNT is
its own query's, so the numbers are exactly those of `queryset.count()`, but the page pays one query, not one each."""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet


def count_each(**querysets: QuerySet) -> dict[str, int]:
    """{name: the number of rows `queryset` yields} in one SELECT of scalar subqueries. A queryset shaped with
    values(...).distinct() counts its distinct rows, as its .count() does. All must use the same database."""
    if not querysets:
        return {}
    parts, params, using = [], [], None
    for index, queryset in enumerate(querysets.values()):
        using = using or queryset.db
        if queryset.query.is_empty():  # .none(): Django would raise EmptyResultSet compiling it
            parts.append("0")
            continue
        if not queryset.query.values_select and not queryset.query.annotation_select:
            queryset = queryset.values("pk")
        sql, query_params = queryset.order_by().query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")
        params += query_params
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, (int(n) for n in row), strict=True))
