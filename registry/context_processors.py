"""Template context shared by every page: the signed-in user's navigation, the layout's links and the unread-notice
count."""

from django.db import connection

from .models import Notice
from .navigation import layout_urls, links_for
from .permissions import role_of


def navigation(request):
    items = [{"label": label, "url": url, "active": request.path == url} for label, url in links_for(request.user)]
    return {"nav_items": items, "unread_notice_count": _unread_count(request), **layout_urls()}


UNREAD_SHOWN = 99  # beyond it the badge says 99+: a COUNT over a LIMIT, never over a bureau's whole history


def _unread_count(request):
    """One capped COUNT, evaluated only when a template shows it (the navigation bar of a signed-in page); never
    cached, so marking read shows at once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0

    def count():
        sql, params = _unread_count_sql(user)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            unread = cursor.fetchone()[0]
        return f"{UNREAD_SHOWN}+" if unread > UNREAD_SHOWN else unread

    return count


# The count's SQL per user, as the ORM builds it from Notice.objects.visible_to(user).unread(): building it cost
# three times as long as PostgreSQL takes to run it, on every page. The SQL and its parameters are a function of
# what visible_to reads (the user's id, role and organisation), all in the key, so a user whose role or
# organisation changes gets the SQL built afresh; the count itself is never kept.
_UNREAD_SQL: dict[tuple, tuple[str, tuple]] = {}
_UNREAD_SQL_KEPT = 10_000  # users per process before the map starts again


def _unread_count_sql(user) -> tuple[str, tuple]:
    key = (connection.vendor, user.pk, role_of(user), user.city_id, user.enterprise_id, user.institution_id)
    compiled = _UNREAD_SQL.get(key)
    if compiled is None:
        if len(_UNREAD_SQL) >= _UNREAD_SQL_KEPT:
            _UNREAD_SQL.clear()
        capped = Notice.objects.visible_to(user).unread().values("pk")[: UNREAD_SHOWN + 1]
        sql, params = capped.query.sql_with_params()
        compiled = _UNREAD_SQL[key] = (f"SELECT COUNT(*) FROM ({sql}) AS capped", tuple(params))
    return compiled
