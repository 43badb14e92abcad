"""Reads shared by several callers: each role's home page, finding a person by resident ID."""

from __future__ import annotations

from dataclasses import dataclass, field

from training.models import Institution

from . import crypto
from .models import City, Enterprise, Person, Role
from .validators import normalize_resident_id


@dataclass
class HomeSummary:
    """What a role's home page shows: a heading, key figures and the next things to do."""

    heading: str
    figures: list[tuple[str, int]] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)


def home_summary(user) -> HomeSummary:
    role = Role.PROVINCE if user.is_superuser else user.role
    if role == Role.PROVINCE:
        return HomeSummary(
            heading="省局工作台",
            figures=[
                ("报备单位", City.objects.visible_to(user).count()),
                ("企业", Enterprise.objects.visible_to(user).count()),
                ("培训机构", Institution.objects.visible_to(user).count()),
            ],
        )
    if role == Role.CITY:
        return HomeSummary(
            heading=f"{user.city.name}工作台",
            figures=[("本地企业", Enterprise.objects.visible_to(user).count())],
        )
    if role == Role.INSTITUTION:
        return HomeSummary(heading=f"{user.institution.name}工作台")
    return HomeSummary(heading=f"{user.enterprise.name}工作台")


def person_find_by_resident_id(number: str) -> Person | None:
    """The person with this resident ID, found through the keyed hash; unscoped, so callers add visible_to."""
    normalised = normalize_resident_id(number)
    if not normalised:
        return None
    return Person.objects.filter(resident_id_hash=crypto.keyed_hash(normalised)).first()


def pool_size_estimate() -> int | None:
    """Roughly how many are in the talent pool, without counting a million rows.

    PostgreSQL's planner statistic (kept by autovacuum's ANALYZE) costs one catalogue look-up;
    SQLite, the small embedded database, simply counts. None when PostgreSQL has not analysed yet.
    """
    from django.db import connection

    from .models import PoolEntry

    if connection.vendor != "postgresql":
        return PoolEntry.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [PoolEntry._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row and row[0] >= 0 else None
