"""Template context shared by every page: the signed-in user's navigation and unread-notice count."""

from django.urls import reverse

from .models import Notice
from .navigation import items_for


def navigation(request):
    items = []
    for item in items_for(request.user):
        url = reverse(item.url_name)
        items.append({"label": item.label, "url": url, "active": request.path == url})
    return {"nav_items": items, "unread_notice_count": _unread_count(request)}


UNREAD_SHOWN = 99  # beyond it the badge says 99+: a COUNT over a LIMIT, never over a bureau's whole history


def _unread_count(request):
    """One capped COUNT, evaluated only when a template shows it (the navigation bar of a signed-in page); never
    cached, so marking read shows at once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0

    def count():
        unread = Notice.objects.visible_to(user).unread()[: UNREAD_SHOWN + 1].count()
        return f"{UNREAD_SHOWN}+" if unread > UNREAD_SHOWN else unread

    return count
