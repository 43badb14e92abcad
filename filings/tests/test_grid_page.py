"""The compliance grid page: the province reads each unit's state per period in words and colour, pages back,
sorts by rate, searches, and exports what it sees."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import City

from ..models import Filing, FilingStatus
from .grid_factories import annual_report, city_report, cohort_filing

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True)
def _on_20_november_2026():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=SHANGHAI), tick=False):
        yield


URL = reverse("filings:filing-grid")


@pytest.fixture
def province(client_for):
    return client_for("province")


@pytest.fixture
def reports(world):
    city_report(world.fuzhou, 2026, 2, status=FilingStatus.ACCEPTED, days_late=0)
    city_report(world.fuzhou, 2026, 3)
    city_report(world.xiamen, 2026, 2, status=FilingStatus.SUBMITTED, days_late=6)
    city_report(world.xiamen, 2026, 3, status=FilingStatus.RETURNED, days_late=0)


def test_the_grid_shows_each_state_in_words_with_the_rates_and_a_legend(province, world, reports):
    page = province.get(URL).content.decode()
    missing = Filing.objects.get(city=world.fuzhou, period_label="2026年第3季度")
    assert f'href="{reverse("filings:filing-detail", kwargs={"pk": missing.pk})}"' in page
    assert "2026年第2季度" in page and "2026年第3季度" in page
    for text in ("按时", "已通过", "未报（逾期36天）", "逾期（6天）", "待审核", "已退回"):
        assert text in page
    assert 'data-testid="grid-legend"' in page and "截止日之后首次提交" in page
    assert "75%" in page  # overall: three of four filed


def test_the_export_is_the_grid_shown(province, reports):
    response = province.get(URL, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["报备单位", "2026年第2季度", "2026年第3季度", "报备率", "按时率"]
    assert rows[1] == ["福州市", "按时·已通过", "未报（逾期36天）", "50%", "50%"]
    assert rows[2] == ["厦门市", "逾期（6天）·待审核", "已退回", "100%", "50%"]
    assert len(rows) == 1 + City.objects.count() + 2

    response = province.get(URL, {"export": "xlsx", "q": "厦门"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))] == [
        "厦门市",
        "逾期（6天）·待审核",
        "已退回",
        "100%",
        "50%",
    ]


def test_sorting_by_on_time_rate_puts_the_worst_first(province, reports):
    page = province.get(URL, {"sort": "on_time"}).content.decode()
    # Fuzhou and Xiamen are both at 50%; every other unit owes nothing yet and sorts after them.
    assert page.index("福州市") < page.index("莆田市") and page.index("厦门市") < page.index("莆田市")
    page = province.get(URL, {"sort": "-reporting"}).content.decode()
    assert page.index("厦门市") < page.index("福州市")


def test_the_institution_tabs(province, world, reports):
    annual_report(world.academy, 2025)
    cohort_filing(world.cohort)
    annual = province.get(URL, {"tab": "annual"}).content.decode()
    assert "2025年度" in annual and "闽江质量学院培训部" in annual and "未到期" in annual
    cohorts = province.get(URL, {"tab": "cohort"}).content.decode()
    assert "MJ-2024-01" in cohorts and "未报 1" in cohorts
    elsewhere = province.get(URL, {"tab": "cohort", "q": "厦门"}).content.decode()
    assert "MJ-2024-01" not in elsewhere and "闽江质量学院培训部" not in elsewhere


def test_odd_parameters_fall_back_to_the_first_page(province, reports):
    for query in ({"page": "²"}, {"page": "99999999999999999999"}, {"tab": "x", "sort": "-"}, {"q": "\u202e" * 80}):
        assert province.get(URL, query).status_code == 200
    assert "较早期间" not in province.get(URL, {"page": "0"}).content.decode()


def test_the_page_takes_as_many_queries_with_ten_units_of_history(province, world, reports):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert province.get(URL).status_code == 200
        return len(queries)

    before = count()
    for city in City.objects.exclude(pk__in=[world.fuzhou.pk, world.xiamen.pk]):
        for number in (1, 2, 3):
            city_report(city, 2026, number, status=FilingStatus.SUBMITTED, days_late=number)
    assert count() == before
