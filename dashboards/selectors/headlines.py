"""The headline figures (each with its change since the end of last quarter), the scope key their cache uses and
the memo that lets one computation read each expensive grouping once."""

from __future__ import annotations

import datetime
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from filings.selectors.figures import ACKNOWLEDGED, as_of, in_office
from pool.models import PoolEntry
from registry.models import (
    Appointment,
    Enterprise,
)
from registry.permissions import sees_province_wide
from training.models import Certificate


def _scope(user) -> str:
    """Users who see the same rows see the same figures: the key of their cached dashboard."""
    if sees_province_wide(user):
        return "province"
    return f"{user.role}:{user.city_id}:{user.institution_id}:{user.enterprise_id}"


def definition_of(function) -> str:
    """A figure's docstring as the one line of Chinese the page shows: its lines joined with no space, which a line
    break would otherwise put in the middle of a phrase."""
    return "".join(line.strip() for line in function.__doc__.splitlines())


def end_of_last_quarter(today: datetime.date) -> datetime.date:
    """The last day of the quarter before the one `today` is in."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    return datetime.date(today.year, first_month, 1) - datetime.timedelta(days=1)


# --- headline figures -----------------------------------------------------------------------------------------


def enterprises_with_post(user, day: datetime.date) -> int:
    """已设立首席质量官岗位的企业：登记于该日结束前、企业信息载明已设立首席质量官岗位的企业（与设区市实施情况报备
    的同名数字同一口径；企业信息不保留岗位设立的历史，上季度末的数字按当前岗位状态计）。"""
    return Enterprise.objects.visible_to(user).filter(cqo_post_established=True, created_at__lt=as_of(day)).count()


# The one definition of a current CQO, shared with the city report and the statistics (filings.selectors.figures).
_in_office = in_office


def current_cqos(user, day: datetime.date) -> int:
    """现任首席质量官（已备案）：该日前已由设区市局备案、已到任职开始日期且未终止的聘任；该日前已有新任首席质量官
    到任（已备案待生效）的，被替换的一方不计（与设区市实施情况报备的同名数字同一口径）。"""
    return Appointment.objects.visible_to(user).filter(_in_office(day)).count()


def pool_joined_by_day(user) -> dict[datetime.date, int]:
    """Current pool members counted by the day they first qualified: the earlier of their first certificate not
    revoked (issue date) and their first acknowledged appointment (start date). One query: the members joined to
    their certificates and appointments, grouped by person, then counted by that day in the database; Python only
    reads back one count per distinct day."""
    return _memo("pool_joined_by_day", user, lambda: _pool_joined_by_day(user))


def _pool_joined_by_day(user) -> dict[datetime.date, int]:
    members = (
        PoolEntry.objects.visible_to(user)
        .values("person_id")
        .annotate(
            first_certificate=Min("person__certificates__issued_on", filter=Q(person__certificates__revoked=False)),
            first_appointment=Min(
                "person__appointments__appointed_on", filter=Q(person__appointments__status__in=ACKNOWLEDGED)
            ),
        )
        .annotate(
            # Least ignores NULLs on PostgreSQL but not on SQLite (make run): Coalesce covers both.
            joined=Coalesce(Least("first_certificate", "first_appointment"), "first_certificate", "first_appointment")
        )
        .values("joined")
    )
    sql, params = members.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT joined, COUNT(*) FROM ({sql}) AS members GROUP BY joined", params)
        rows = cursor.fetchall()
    return {_as_date(day): n for day, n in rows if day is not None}


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def pool_members(user, day: datetime.date | None = None) -> int:
    """人才库人员：当前在人才库中的人员（持有效结业证书或为现任已备案首席质量官）。上季度末的数字为其中最早取得
    结业证书（未撤销）或最早备案聘任开始于该日或之前的人数（人才库不保留历史，已出库的人员不计）。"""
    if day is None:
        return PoolEntry.objects.visible_to(user).count()
    return sum(n for joined, n in pool_joined_by_day(user).items() if joined <= day)


def valid_certificates(user, day: datetime.date) -> int:
    """有效结业证书：该日或之前颁发、到该日未被撤销的结业证书。"""
    return valid_certificates_on(user, day)[0]


def valid_certificates_on(user, *days: datetime.date) -> list[int]:
    """valid_certificates on each of `days`, in one pass over the user's certificates (a city bureau's scope is a
    semi-join over the persons it sees: at 1,000,000 persons about a second a pass)."""
    counts = Certificate.objects.visible_to(user).aggregate(
        **{
            f"on_{index}": Count(
                "pk", filter=Q(issued_on__lte=day) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
            )
            for index, day in enumerate(days)
        }
    )
    return [counts[f"on_{index}"] for index in range(len(days))]


@dataclass
class Headline:
    key: str
    label: str
    value: int
    change: int
    definition: str


def headlines(user, today: datetime.date | None = None) -> list[Headline]:
    today = today or timezone.localdate()
    before = end_of_last_quarter(today)
    rows = [
        ("enterprises_with_post", "已设立岗位的企业", enterprises_with_post, None),
        ("current_cqos", "现任首席质量官（已备案）", current_cqos, None),
        ("pool_members", "人才库人员", pool_members, "pool"),
        ("valid_certificates", "有效结业证书", valid_certificates, None),
    ]
    result = []
    for key, label, figure, kind in rows:
        if kind == "pool":
            now, then = figure(user), figure(user, before)
        elif figure is valid_certificates:
            now, then = valid_certificates_on(user, today, before)
        else:
            now, then = figure(user, today), figure(user, before)
        result.append(Headline(key, label, now, now - then, definition_of(figure)))
    return result


# One computation of the dashboard (dashboard(), city_dashboard()) reads each of these expensive groupings once
# however many figures use it: {(function name, scope): result}, only while such a computation runs.
_computing: ContextVar[dict | None] = ContextVar("dashboards_computing", default=None)


def _memo(name: str, user, compute):
    memo = _computing.get()
    if memo is None:
        return compute()
    key = (name, _scope(user))
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def kept(key: str, compute, *, fresh: bool = False) -> dict:
    """One computation of a dashboard (`compute()`, each expensive grouping read once) with its time, kept in the
    cache under `key` for settings.DASHBOARD_CACHE_SECONDS (0: computed on every call) and shared by every user of
    the same scope; `fresh` computes it anew (and keeps the result)."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if seconds and not fresh and (cached := cache.get(key)) is not None:
        return cached
    token = _computing.set({})
    try:
        result = {**compute(), "computed_at": timezone.now()}
    finally:
        _computing.reset(token)
    if seconds:
        cache.set(key, result, seconds)
    return result
