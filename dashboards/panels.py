"""The dashboard as a page shows it: the panel's HTML (headline figures, charts' data, their tables) rendered once per
scope and kept in the cache, so a page view costs one cache read instead of the figures' queries and the few thousand
template nodes of the tables. The beat task dashboards.refresh (dashboards/tasks.py) renders the province's and every
city bureau's ahead of time, every settings.DASHBOARD_REFRESH_MINUTES, so at provincial scale nobody waits for the
figures; without a beat (`make run`) the first view after the cache expires renders it.

Each scope's panel is the same for every user of it: its figures start from visible_to(user) (selectors.pages), and
the panel holds no user's name and no form (nothing per session, such as a CSRF token)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from registry.models import City, Role, User
from registry.permissions import can

from . import selectors


def scope_of(user) -> str | None:
    """The dashboard the user sees ("province", "city:<id>", "institution:<id>"), or None when the user has none."""
    if can(user, "dashboard.view"):
        return "province"
    if can(user, "dashboard.view_city"):
        return f"city:{user.city_id}"
    if can(user, "dashboard.view_institution"):
        return f"institution:{user.institution_id}"
    return None


def _key(scope: str, today: datetime.date) -> str:
    return f"dashboards:panel:{scope}:{today.isoformat()}"


def panel_html(user, today: datetime.date | None = None, *, refresh: bool = False) -> str:
    """The user's dashboard panel (safe HTML), from the cache unless `refresh` or it is missing; "" when the user
    has no dashboard. settings.DASHBOARD_CACHE_SECONDS = 0 renders it on every call."""
    scope = scope_of(user)
    if scope is None:
        return ""
    today = today or timezone.localdate()
    seconds = settings.DASHBOARD_CACHE_SECONDS
    key = _key(scope, today)
    if seconds and not refresh and (cached := cache.get(key)) is not None:
        return mark_safe(cached)  # noqa: S308 - the cache holds only what render_to_string produced below
    if scope == "province":
        context = selectors.dashboard(user, today, fresh=True)
    elif scope.startswith("city:"):
        context = {**selectors.city_dashboard(user, today, fresh=True), "comparison": True}
    else:
        context = {**selectors.institution_dashboard(user, today, fresh=True), "institution": True}
    html = render_to_string("dashboards/panel.html", context)
    if seconds:
        cache.set(key, str(html), seconds)
    return html


def stand_ins() -> list[User]:
    """One unsaved user per scope the beat keeps warm: provincial staff and each city bureau (visible_to and the
    policy read only the role and the organisation). An institution's panel, counted over its own rows only, is
    rendered on its first view."""
    return [User(role=Role.PROVINCE), *(User(role=Role.CITY, city=city) for city in City.objects.order_by("order"))]


def refresh_all(today: datetime.date | None = None) -> int:
    """Render every kept scope's panel afresh; the number rendered."""
    users = stand_ins()
    for user in users:
        panel_html(user, today, refresh=True)
    return len(users)
