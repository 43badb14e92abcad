"""The statistics page in a browser, as the province with filters applied: the table and its 合计 row are visible,
nothing logs an error, and on a phone the table scrolls inside its box while the page itself does not."""

import shutil
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cqo_portal.testing.world import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = Path("/work/h14/shots")


def test_statistics_page_with_filters(world, page, login, live_server, screenshot):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(world.user("province").username, PASSWORD)
    for width, height, name in ((1366, 768, "1366"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + reverse("statistics") + f"?period={timezone.localdate().year}&industry_section=C")
        page.wait_for_load_state("networkidle")
        table = page.get_by_test_id("statistics-table")
        assert table.is_visible()
        assert table.locator("tbody tr").count() == 10
        total = page.get_by_test_id("statistics-total")
        total.scroll_into_view_if_needed()
        assert total.is_visible() and total.inner_text().startswith("合计")
        # The page never scrolls sideways: a wide table scrolls inside .table-responsive.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"page overflows at {name}"
        if name == "phone":
            box = page.locator(".table-responsive").first
            assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "the table should scroll inside its box"
        page.evaluate("window.scrollTo(0, 0)")
        path = screenshot(f"statistics-province-{name}")
        if SHOTS.exists():
            shutil.copy(path, SHOTS / path.name)
    assert not errors, errors
