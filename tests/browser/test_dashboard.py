"""The dashboards in a browser: every chart is drawn by ECharts (a canvas in each chart's box) with no console
error, on a 1366-pixel screen and a phone-sized one; the map redraws when another figure is chosen. Screenshots of
the province's, a city's and an institution's dashboard on the demo data are kept for a person to look at."""

import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from cqo_portal.demo import DEMO_PASSWORD, demo_seed
from cqo_portal.testing.world import PASSWORD
from dashboards.selectors import CHARTS, INSTITUTION_CHARTS

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/h14/shots")


def keep(path: Path) -> None:
    """Copy a screenshot where the issue's reviewers look, on the machine that has that folder."""
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


def watch_errors(page) -> list[str]:
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def map_redraws_for_each_figure(page) -> None:
    """The map is drawn, and choosing each figure in the select above it draws it again."""
    box = page.get_by_test_id("chart-map")
    page.wait_for_function("document.querySelector('[data-testid=chart-map]').dataset.drawn === '1'")
    assert box.locator("canvas").count() >= 1
    for value in ("2", "3", "4", "1"):
        page.get_by_test_id("map-figure").select_option(value)
        page.wait_for_function(f"document.querySelector('[data-testid=chart-map]').dataset.drawn === '{value}'")
        assert box.locator("canvas").count() >= 1


def test_province_dashboard_draws_every_chart(world, page, login, live_server, screenshot):
    errors = watch_errors(page)
    login(world.user("province").username, PASSWORD)
    for width, height, name in ((1366, 768, "1366"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + reverse("home"))
        page.wait_for_load_state("networkidle")
        map_redraws_for_each_figure(page)
        for key in CHARTS:
            chart = page.get_by_test_id(f"chart-{key}")
            assert chart.locator("canvas").count() >= 1, f"{key} not drawn at {name}"
            assert chart.bounding_box()["width"] > 200
        screenshot(f"world-dashboard-province-{name}")
    assert not errors, errors


def test_city_dashboard_draws_its_comparison_with_the_province(world, page, login, live_server, screenshot):
    errors = watch_errors(page)
    login(world.user("city_a").username, PASSWORD)
    for width, height, name in ((1366, 768, "1366"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + reverse("home"))
        page.wait_for_load_state("networkidle")
        for key in ("compare-counts", "compare-rates", "activities"):
            assert page.get_by_test_id(f"chart-{key}").locator("canvas").count() >= 1, f"{key} not drawn at {name}"
        screenshot(f"world-dashboard-city-{name}")
    assert not errors, errors


def test_institution_dashboard_draws_every_chart(world, page, login, live_server):
    errors = watch_errors(page)
    login(world.user("institution_a").username, PASSWORD)
    page.goto(live_server.url + reverse("home"))
    page.wait_for_load_state("networkidle")
    for key in INSTITUTION_CHARTS:
        assert page.get_by_test_id(f"chart-{key}").locator("canvas").count() >= 1, f"{key} not drawn"
    assert not errors, errors


def test_the_dashboards_on_the_demo_data_at_both_widths(page, login, live_server, screenshot, settings, tmp_path):
    """seed_demo's province, 福州市 and institution: every chart drawn, the map redrawn, screenshots kept."""
    settings.MEDIA_ROOT = tmp_path
    settings.DASHBOARD_CACHE_SECONDS = 0  # the live server shares this process's cache with the tests before
    demo_seed(enterprises=40)
    errors = watch_errors(page)
    dashboards = [
        ("province", "province", [*CHARTS]),
        ("city-350100", "city", ["compare-counts", "compare-rates", "activities"]),
        ("institution", "institution", [*INSTITUTION_CHARTS]),
    ]
    for username, label, keys in dashboards:
        login(username, DEMO_PASSWORD)
        for width, height, name in ((1366, 768, "1366"), (390, 844, "phone")):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(live_server.url + reverse("home"))
            page.wait_for_load_state("networkidle")
            if label == "province":
                map_redraws_for_each_figure(page)
            for key in keys:
                assert page.get_by_test_id(f"chart-{key}").locator("canvas").count() >= 1, f"{key} at {name}"
            # Nothing wider than the screen: tables scroll inside their box, the page does not.
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            keep(screenshot(f"dashboard-{label}-{name}"))
        page.context.clear_cookies()
    assert not errors, errors


def test_without_the_map_data_the_map_table_still_shows(world, page, login, live_server, monkeypatch):
    """A machine without static/vendor/geo/: no map, no request for the missing file, no console error."""
    monkeypatch.setattr("dashboards.templatetags.dashboard_map.map_data_installed", lambda: False)
    errors = watch_errors(page)
    login(world.user("province").username, PASSWORD)
    page.goto(live_server.url + reverse("home"))
    page.wait_for_load_state("networkidle")
    card = page.get_by_test_id("chart-card-map")
    assert card.get_by_test_id("map-missing").is_visible()
    assert card.get_by_role("cell", name="平潭综合实验区").is_visible()
    assert page.get_by_test_id("chart-by-unit").locator("canvas").count() >= 1  # the other charts are drawn
    assert not errors, errors
