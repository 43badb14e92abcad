"""Reads of the talent pool shared by its pages."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from .models import PoolEntry

_ESTIMATE_KEY = "pool_size_estimate"
_MISSING = object()  # a kept None (not analysed yet) is an answer too


def pool_size_estimate() -> int | None:
    """Roughly how many are in the talent pool, without counting a million rows.

    PostgreSQL's planner statistic (kept by autovacuum's ANALYZE) costs one catalogue look-up;
    SQLite, the small embedded database, simply counts. None when PostgreSQL has not analysed yet.
    Each process keeps the answer for POOL_ESTIMATE_SECONDS (the statistic is only as fresh as the last ANALYZE).
    """
    local = caches["local"]
    kept = local.get(_ESTIMATE_KEY, _MISSING)
    if kept is not _MISSING:
        return kept
    if connection.vendor != "postgresql":
        estimate = PoolEntry.objects.count()
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [PoolEntry._meta.db_table]
            )
            row = cursor.fetchone()
        estimate = row[0] if row and row[0] >= 0 else None
    local.set(_ESTIMATE_KEY, estimate, settings.POOL_ESTIMATE_SECONDS)
    return estimate
