"""The province's dashboard on a small hand-built world: the figures a provincial officer would check by hand."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from dashboards import selectors
from filings.models import Filing, FilingKind, FilingStatus, Reminder, ReminderStatus
from filings.selectors.grid import city_report_grid
from pool.services import pool_refresh
from registry.models import Appointment, AppointmentStatus, Education, Enterprise
from training.models import Certificate, Entrustment

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)  # last quarter ended 2026-09-30


@pytest.fixture(autouse=True)
def _no_dashboard_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


def acknowledge(world, enterprise, person, appointed_on, reviewed_at=None):
    return Appointment.objects.create(
        enterprise=enterprise,
        person=person,
        appointed_by="郑建国",
        appointed_on=appointed_on,
        status=AppointmentStatus.ACKNOWLEDGED,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 1, 1)),
        reviewed_at=reviewed_at or timezone.make_aware(datetime.datetime.combine(appointed_on, datetime.time(9))),
    )


@pytest.fixture
def figures_world(world):
    """acme (Fuzhou) set up the post in 2025 and its CQO lin_fang was acknowledged in October 2026; bolt (Xiamen)
    has neither. lin_fang holds a 2024 certificate from the academy; chen_jie got one in October 2026 from the
    college, and an older one of the college's was revoked in August 2026."""
    Enterprise.objects.update(created_at=timezone.make_aware(datetime.datetime(2025, 1, 1)))
    Enterprise.objects.filter(pk=world.acme.pk).update(cqo_post_established=True)
    acknowledge(world, world.acme, world.lin_fang, datetime.date(2026, 10, 8))
    Entrustment.objects.create(institution=world.college, from_date=datetime.date(2015, 1, 1))
    Certificate.objects.create(
        number="FJCQO-2026-0002", person=world.chen_jie, institution=world.college, issued_on=datetime.date(2026, 10, 9)
    )
    Certificate.objects.create(
        number="FJCQO-2025-0003",
        person=world.chen_jie,
        institution=world.college,
        issued_on=datetime.date(2025, 3, 1),
        revoked=True,
        revoked_on=datetime.date(2026, 8, 1),
        revoked_reason="材料不实",
    )
    pool_refresh(person_ids=[world.lin_fang.pk, world.chen_jie.pk])
    return world


def test_end_of_last_quarter():
    assert selectors.end_of_last_quarter(datetime.date(2026, 11, 20)) == datetime.date(2026, 9, 30)
    assert selectors.end_of_last_quarter(datetime.date(2026, 1, 1)) == datetime.date(2025, 12, 31)
    assert selectors.end_of_last_quarter(datetime.date(2026, 3, 31)) == datetime.date(2025, 12, 31)


def test_headline_figures_and_their_change_since_last_quarter(figures_world):
    user = figures_world.user("province")
    got = {h.key: (h.value, h.change) for h in selectors.headlines(user, TODAY)}
    assert got["enterprises_with_post"] == (1, 0)  # the post has no dated history: same at the quarter's end
    assert got["current_cqos"] == (1, 1)  # acknowledged in October
    assert got["pool_members"] == (2, 1)  # chen_jie joined in October with his new certificate
    # Valid: lin_fang's and chen_jie's new one now (2); at 30 Sept lin_fang's only, the old one revoked in August.
    assert got["valid_certificates"] == (2, 1)
    for h in selectors.headlines(user, TODAY):
        assert h.definition  # each figure says what it counts


def test_charts_by_unit_pool_and_certificates(figures_world):
    user = figures_world.user("province")
    by_unit = {row[0]: row[1:] for row in selectors.chart("by-unit", user, TODAY).rows}
    assert by_unit["福州市"] == [1, 1]
    assert by_unit["厦门市"] == [0, 0]
    assert len(by_unit) == 10  # nine cities and Pingtan, even where nothing is set up
    education = dict(selectors.chart("pool-education", user, TODAY).rows)
    assert education[Education.BACHELOR.label] == 1 and education[Education.ASSOCIATE.label] == 1
    assert sum(education.values()) == 2
    growth = selectors.chart("pool-growth", user, TODAY).rows
    assert growth[-1] == ["2026-11", 0, 2]
    assert growth[-2] == ["2026-10", 1, 2]
    assert len(growth) == 12
    certificates = selectors.chart("certificates", user, TODAY)
    assert certificates.header == ["培训机构", "2024年", "2025年", "2026年"]
    assert sorted(certificates.rows) == sorted([["闽江质量学院培训部", 1, 0, 0], ["厦门质量管理培训中心", 0, 1, 1]])


def test_reporting_rates_count_what_is_due_or_filed_as_the_grid_does(world):
    def report(city, start, due, submitted=None, late=None):
        return Filing.objects.create(
            kind=FilingKind.CITY_REPORT,
            city=city,
            period_start=start,
            period_end=start + datetime.timedelta(days=80),
            period_label=str(start),
            due_date=due,
            status=FilingStatus.ACCEPTED if submitted else FilingStatus.DRAFT,
            first_submitted_at=submitted,
            days_late=late,
        )

    at = timezone.make_aware(datetime.datetime(2026, 7, 10))
    report(world.fuzhou, datetime.date(2026, 1, 1), datetime.date(2026, 4, 15), at, 0)
    report(world.fuzhou, datetime.date(2026, 4, 1), datetime.date(2026, 7, 15), at, 3)
    report(world.fuzhou, datetime.date(2026, 7, 1), datetime.date(2026, 10, 15))  # not filed
    report(world.fuzhou, datetime.date(2026, 10, 1), datetime.date(2027, 1, 15))  # not due yet: not counted
    report(world.xiamen, datetime.date(2026, 10, 1), datetime.date(2027, 1, 15), at, 0)  # filed early: counted
    province = world.user("province")
    rows = {row[0]: row[1:] for row in selectors.chart("reporting", province, TODAY).rows}
    assert rows["福州市"] == [3, 2, 1, 66.7, 33.3]
    assert rows["厦门市"] == [1, 1, 1, 100.0, 100.0]
    assert rows["莆田市"] == [0, 0, 0, None, None]
    # One definition: the compliance grid gives each unit the same rates.
    grid = {row.name: row.rates for row in city_report_grid(user=province, today=TODAY).rows}
    assert (grid["福州市"].due, grid["福州市"].reported, grid["福州市"].on_time) == (3, 2, 1)
    assert (grid["厦门市"].due, grid["厦门市"].reported, grid["厦门市"].on_time) == (1, 1, 1)


def test_province_home_shows_the_dashboard_and_its_to_dos(client_for, figures_world):
    Appointment.objects.create(
        enterprise=figures_world.bolt,
        person=figures_world.chen_jie,
        appointed_by="许海",
        appointed_on=datetime.date(2026, 10, 1),
        status=AppointmentStatus.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=30),
    )
    filing = Filing.objects.create(
        kind=FilingKind.CITY_REPORT,
        city=figures_world.xiamen,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        period_label="2026年第1季度",
        due_date=datetime.date(2026, 4, 15),
        status=FilingStatus.RETURNED,
    )
    Reminder.objects.create(filing=filing, stage=0, due_on=filing.due_date, status=ReminderStatus.FAILED)
    page = client_for("province").get(reverse("home")).content.decode()
    assert "有1份首席质量官聘任提交后超过14天仍未经设区市局备案" in page
    assert "有1份报备已退回" in page
    assert "有1条报备提醒发送失败" in page
    for key in selectors.CHARTS:
        assert f'data-chart="{key}"' in page and f'id="chart-data-{key}"' in page
    assert "vendor/echarts/echarts.min.js" in page and "js/dashboard-charts.js" in page
    # A city bureau's home page has none of the province's charts or to-dos.
    city_page = client_for("city_a").get(reverse("home")).content.decode()
    assert 'data-chart="by-unit"' not in city_page and "报备提醒发送失败" not in city_page


def test_chart_csv_is_the_table_beside_the_chart(client_for, figures_world):
    response = client_for("province").get(reverse("dashboards:chart-csv", kwargs={"chart": "by-unit"}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["报备单位", "已设立岗位的企业", "现任首席质量官"]
    assert ["福州市", "1", "1"] in rows
    assert client_for("province").get("/dashboard/nothing.csv").status_code == 404


def test_the_dashboard_is_cached_for_its_scope_when_configured(settings, figures_world):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    province, admin = figures_world.user("province"), figures_world.user("admin")
    first = selectors.dashboard(province, TODAY)
    Enterprise.objects.filter(pk=figures_world.bolt.pk).update(cqo_post_established=True)
    # The superuser sees province-wide too: the same cached figures until they expire.
    assert selectors.dashboard(admin, TODAY)["headlines"][0].value == first["headlines"][0].value == 1
    cache.clear()
    assert selectors.dashboard(province, TODAY)["headlines"][0].value == 2


def test_a_city_bureau_sees_its_figures_beside_the_provincial_average(client_for, figures_world):
    user = figures_world.user("city_a")
    counts, rates = selectors.city_comparison(user, TODAY)
    # Fuzhou: acme's post, lin_fang acknowledged and in the pool; the province: 1 post, 1 CQO, 2 in the pool / 10.
    assert counts.rows == [
        ["已设立岗位的企业", 1, 0.1],
        ["现任首席质量官（已备案）", 1, 0.1],
        ["人才库人员", 1, 0.2],
    ]
    assert rates.rows == [["报送率（%）", None, None], ["按时报送率（%）", None, None]]
    page = client_for("city_a").get(reverse("home")).content.decode()
    assert 'data-chart="compare-counts"' in page and 'data-chart="by-unit"' not in page
    response = client_for("city_b").get(reverse("dashboards:city-chart-csv", kwargs={"chart": "compare-counts"}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert ["已设立岗位的企业", "0", "0.1"] in rows  # Xiamen's own zero, never Fuzhou's one


def test_the_dashboard_is_a_fixed_number_of_queries(figures_world, django_assert_max_num_queries):
    """Counted by the database: the queries do not grow with the pool, and the pool's groupings run once (the three
    totals on record; the map adds its count by unit, its other figures are the by-unit and reporting charts' own)."""
    with django_assert_max_num_queries(24) as captured:
        selectors.dashboard(figures_world.user("province"), TODAY)
    assert sum("registry_poolentry" in q["sql"] and "GROUP BY" in q["sql"] for q in captured.captured_queries) == 3
