"""Reads of the talent pool shared by its pages."""

from __future__ import annotations

from django.db import connection

from .models import PoolEntry


def pool_size_estimate() -> int | None:
    """Roughly how many are in the talent pool, without counting a million rows.

    PostgreSQL's planner statistic (kept by autovacuum's ANALYZE) costs one catalogue look-up;
    SQLite, the small embedded database, simply counts. None when PostgreSQL has not analysed yet.
    """
    if connection.vendor != "postgresql":
        return PoolEntry.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [PoolEntry._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row and row[0] >= 0 else None
