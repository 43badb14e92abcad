"""The map of the reporting units and the Article 15 chart, as a provincial officer and a city bureau read them."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse

from dashboards import selectors
from dashboards.selectors.maps import POINTS, REGIONS
from registry.models import City, Commendation, CommendationLevel, ExchangeParticipant, ExperienceExchange

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)
GEOJSON = Path(__file__).resolve().parents[2] / "static" / "vendor" / "geo" / "fu_jian_geo.json"


@pytest.fixture(autouse=True)
def _no_dashboard_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


def test_every_unit_is_a_region_of_the_map_data_or_pingtans_point():
    """Each of the ten units is drawn: the nine cities by their feature in the map data, Pingtan as a point."""
    codes = set(City.objects.values_list("code", flat=True))
    assert codes == set(REGIONS) | set(POINTS)
    if not GEOJSON.exists():
        pytest.skip("static/vendor/geo/ not fetched (make deps)")
    features = {f["properties"]["name"] for f in json.loads(GEOJSON.read_text())["features"]}
    assert set(REGIONS.values()) == features


def test_the_map_takes_its_figures_from_the_charts_that_count_them(world):
    province = world.user("province")
    map_chart = selectors.chart("map", province, TODAY)
    by_unit = {row[0]: row[1:] for row in selectors.chart("by-unit", province, TODAY).rows}
    reporting = {row[0]: row[4] for row in selectors.chart("reporting", province, TODAY).rows}
    assert len(map_chart.rows) == 10
    for name, posts, cqos, _pool, rate in map_chart.rows:
        assert [posts, cqos] == by_unit[name] and rate == reporting[name]
    rows = {row[0]: row for row in map_chart.rows}
    assert rows["福州市"][3] == 1  # lin_fang, certified, works at acme in Fuzhou
    assert rows["厦门市"][3] == 0  # chen_jie has no certificate
    data = map_chart.as_json
    assert data["regions"][0] == "福州市" and data["regions"][-1] is None
    assert data["points"] == {"9": [119.79, 25.50]}  # Pingtan, the tenth unit


def test_the_map_page_has_the_figure_select_and_the_map_data_url(client_for, world):
    page = client_for("province").get(reverse("home")).content.decode()
    assert 'data-testid="map-figure"' in page
    for label in ("已设立岗位的企业", "现任首席质量官（已备案）", "人才库人员", "实施情况报送率（%）"):
        assert f">{label}</option>" in page
    if GEOJSON.exists():
        assert 'data-geo-url="/static/vendor/geo/fu_jian_geo.json"' in page
    assert "js/dashboard-map.js" in page


def test_without_the_map_data_the_table_stays_and_nothing_is_fetched(client_for, world, monkeypatch):
    monkeypatch.setattr("dashboards.templatetags.dashboard_map.map_data_installed", lambda: False)
    page = client_for("province").get(reverse("home")).content.decode()
    assert "data-geo-url" not in page and 'data-testid="map-missing"' in page
    assert "平潭综合实验区" in page  # the table beside it lists every unit


@pytest.fixture
def activities(world):
    """2025: an exchange with lin_fang (Fuzhou) and chen_jie (Xiamen); 2026: one with lin_fang alone and one nobody
    has been added to yet; commendations: lin_fang 2025, chen_jie 2026."""
    province = world.user("province")
    both = ExperienceExchange.objects.create(
        title="首席质量官经验交流会", held_on=datetime.date(2025, 6, 1), organiser="省局", recorded_by=province
    )
    hers = ExperienceExchange.objects.create(
        title="质量标杆企业观摩", held_on=datetime.date(2026, 4, 1), organiser="省局", recorded_by=province
    )
    ExperienceExchange.objects.create(
        title="年度交流会", held_on=datetime.date(2026, 10, 1), organiser="省局", recorded_by=province
    )
    ExchangeParticipant.objects.create(exchange=both, person=world.lin_fang)
    ExchangeParticipant.objects.create(exchange=both, person=world.chen_jie)
    ExchangeParticipant.objects.create(exchange=hers, person=world.lin_fang)
    for person, year in ((world.lin_fang, 2025), (world.chen_jie, 2026)):
        Commendation.objects.create(
            person=person,
            level=CommendationLevel.PROVINCIAL,
            year=year,
            title="优秀首席质量官",
            awarded_by="省局",
            recorded_by=province,
        )
    return world


def test_activities_per_year_count_each_exchange_once(activities):
    rows = selectors.chart("activities", activities.user("province"), TODAY).rows
    assert rows == [["2025年", 1, 2, 1], ["2026年", 2, 1, 1]]


def test_a_city_counts_only_its_own_persons_part(client_for, activities):
    fuzhou = selectors.chart("activities", activities.user("city_a"), TODAY).rows
    assert fuzhou == [["2025年", 1, 1, 1], ["2026年", 1, 1, 0]]
    xiamen = selectors.chart("activities", activities.user("city_b"), TODAY).rows
    assert xiamen == [["2025年", 1, 1, 0], ["2026年", 0, 0, 1]]
    page = client_for("city_b").get(reverse("home")).content.decode()
    assert 'data-chart="activities"' in page
    response = client_for("city_b").get(reverse("dashboards:city-chart-csv", kwargs={"chart": "activities"}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [
        ["年度", "经验交流活动（场）", "参加人次", "表彰（人次）"],
        ["2025年", "1", "1", "0"],
        ["2026年", "0", "0", "1"],
    ]


def test_the_province_downloads_the_maps_table(client_for, activities):
    response = client_for("province").get(reverse("dashboards:chart-csv", kwargs={"chart": "map"}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["报备单位", "已设立岗位的企业", "现任首席质量官（已备案）", "人才库人员", "实施情况报送率（%）"]
    assert ["福州市", "0", "0", "1", ""] in rows and len(rows) == 11
