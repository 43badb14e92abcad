"""Template context shared by every page: the signed-in user's navigation."""

from django.urls import reverse

from .navigation import items_for


def navigation(request):
    items = []
    for item in items_for(request.user):
        url = reverse(item.url_name)
        items.append({"label": item.label, "url": url, "active": request.path == url})
    return {"nav_items": items}
