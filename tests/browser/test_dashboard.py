"""The province's dashboard in a browser: every chart is drawn by ECharts (a canvas in each chart's box) with no
console error, on a 1366-pixel screen and a phone-sized one."""

import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from cqo_portal.testing.world import PASSWORD
from dashboards.selectors import CHARTS

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/h13/shots")


def test_province_dashboard_draws_every_chart(world, page, login, live_server, screenshot):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(world.user("province").username, PASSWORD)
    for width, height, name in ((1366, 768, "1366"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + reverse("home"))
        page.wait_for_load_state("networkidle")
        for key in CHARTS:
            chart = page.get_by_test_id(f"chart-{key}")
            assert chart.locator("canvas").count() >= 1, f"{key} not drawn at {name}"
            assert chart.bounding_box()["width"] > 200
        path = screenshot(f"dashboard-province-{name}")
        if SHOTS.parent.exists():
            SHOTS.mkdir(exist_ok=True)
            shutil.copy(path, SHOTS / path.name)
    assert not errors, errors


def test_city_dashboard_draws_its_comparison_with_the_province(world, page, login, live_server, screenshot):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(world.user("city_a").username, PASSWORD)
    for width, height, name in ((1366, 768, "1366"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + reverse("home"))
        page.wait_for_load_state("networkidle")
        for key in ("compare-counts", "compare-rates"):
            assert page.get_by_test_id(f"chart-{key}").locator("canvas").count() >= 1, f"{key} not drawn at {name}"
        path = screenshot(f"dashboard-city-{name}")
        if SHOTS.parent.exists():
            SHOTS.mkdir(exist_ok=True)
            shutil.copy(path, SHOTS / path.name)
    assert not errors, errors
