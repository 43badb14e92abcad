"""The compliance grid: each cell's state as of a day, the rates per period, per unit and overall, few queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import City
from training.models import Cohort

from ..models import FilingStatus
from ..selectors.grid import (
    PERIODS_PER_PAGE,
    CellState,
    annual_report_grid,
    cell_of,
    city_report_grid,
    cohort_filing_summary,
)
from .grid_factories import annual_report, city_report, cohort_filing, now_on

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)  # Q3 2026 was due 2026-10-15; Q4 is due 2027-01-15


def row_of(grid, name):
    return next(row for row in grid.rows if row.name == name)


class TestCellOf:
    """A cell's state is read off the filing relative to the day the grid is drawn."""

    due = datetime.date(2026, 10, 15)

    def cell(self, status=FilingStatus.DRAFT, days_late=None, today=TODAY):
        submitted = None if days_late is None else now_on(self.due + datetime.timedelta(days=days_late))
        return cell_of(status=status, due_date=self.due, first_submitted_at=submitted, days_late=days_late, today=today)

    def test_never_submitted_after_the_due_date_is_missing_with_the_days_overdue(self):
        cell = self.cell()
        assert (cell.state, cell.label) == (CellState.MISSING, "未报（逾期36天）")

    def test_the_due_date_itself_is_still_in_time(self):
        assert self.cell(today=self.due).state == CellState.NOT_DUE
        assert self.cell(today=self.due + datetime.timedelta(days=1)).label == "未报（逾期1天）"

    def test_submitted_late_says_how_late_and_waits_for_review(self):
        cell = self.cell(FilingStatus.SUBMITTED, days_late=3)
        assert (cell.label, cell.text) == ("逾期（3天）", "逾期（3天）·待审核")

    def test_accepted_on_time(self):
        assert self.cell(FilingStatus.ACCEPTED, days_late=0).text == "按时·已通过"

    def test_returned_is_its_own_state_and_still_counts_as_filed_on_time(self):
        cell = self.cell(FilingStatus.RETURNED, days_late=0)
        assert (cell.state, cell.is_reported, cell.is_on_time) == (CellState.RETURNED, True, True)
        assert not self.cell(FilingStatus.RETURNED, days_late=2).is_on_time

    def test_not_yet_due_counts_in_no_rate(self):
        cell = self.cell(today=datetime.date(2026, 10, 1))
        assert (cell.state, cell.label, cell.is_due) == (CellState.NOT_DUE, "未到期", False)


def test_city_grid_has_every_unit_in_order_and_the_newest_periods(world):
    fuzhou, xiamen = world.fuzhou, world.xiamen
    city_report(fuzhou, 2026, 1, status=FilingStatus.ACCEPTED, days_late=0)
    city_report(fuzhou, 2026, 2, status=FilingStatus.SUBMITTED, days_late=4)
    city_report(fuzhou, 2026, 3)  # missing
    city_report(fuzhou, 2026, 4)  # not yet due
    city_report(xiamen, 2026, 1, status=FilingStatus.RETURNED, days_late=0)
    city_report(xiamen, 2026, 2, status=FilingStatus.ACCEPTED, days_late=0)
    city_report(xiamen, 2026, 3, status=FilingStatus.SUBMITTED, days_late=0)
    city_report(xiamen, 2026, 4, status=FilingStatus.SUBMITTED, days_late=0)  # early: filed before it was due

    grid = city_report_grid(user=world.users["province"], today=TODAY)

    assert [row.name for row in grid.rows] == list(City.objects.values_list("name", flat=True))
    assert [c.label for c in grid.columns] == [f"2026年第{n}季度" for n in (1, 2, 3, 4)]
    assert [c.text for c in row_of(grid, "福州市").cells] == [
        "按时·已通过",
        "逾期（4天）·待审核",
        "未报（逾期36天）",
        "未到期",
    ]
    assert [c.text for c in row_of(grid, "厦门市").cells] == ["已退回", "按时·已通过", "按时·待审核", "按时·待审核"]
    assert [c.state for c in row_of(grid, "莆田市").cells] == [CellState.NONE] * 4
    # Fuzhou owes three (Q4 not yet due): filed two, one on time.
    assert (row_of(grid, "福州市").rates.reporting_rate, row_of(grid, "福州市").rates.on_time_rate) == ("67%", "33%")
    # Xiamen filed all four, one early; the returned one was filed in time.
    assert (row_of(grid, "厦门市").rates.reporting_rate, row_of(grid, "厦门市").rates.on_time_rate) == ("100%", "100%")
    q3 = grid.column_rates[2]
    assert (q3.due, q3.reported, q3.reporting_rate, q3.on_time_rate) == (2, 1, "50%", "50%")
    assert (grid.overall.due, grid.overall.reported, grid.overall.on_time) == (7, 6, 5)


def test_city_grid_pages_back_through_older_periods(world):
    for year in range(2023, 2027):
        for number in (1, 2, 3, 4):
            city_report(world.fuzhou, year, number, status=FilingStatus.ACCEPTED, days_late=0)
    province = world.users["province"]

    first = city_report_grid(user=province, today=TODAY)
    second = city_report_grid(user=province, today=TODAY, page=2)
    beyond = city_report_grid(user=province, today=TODAY, page=3)

    assert len(first.columns) == PERIODS_PER_PAGE
    assert (first.columns[0].label, first.columns[-1].label) == ("2025年第1季度", "2026年第4季度")
    assert (second.columns[0].label, second.columns[-1].label) == ("2023年第1季度", "2024年第4季度")
    assert (first.has_older, second.has_older, second.has_newer) == (True, False, True)
    assert beyond.columns == [] and beyond.overall.reporting_rate == "—"
    assert city_report_grid(user=province, today=TODAY, page=-5).page == 1


def test_a_grid_is_a_fixed_number_of_queries_however_many_units_and_periods(world):
    province = world.users["province"]
    city_report(world.fuzhou, 2026, 1, days_late=0, status=FilingStatus.ACCEPTED)
    with CaptureQueriesContext(connection) as small:
        city_report_grid(user=province, today=TODAY)
    for city in City.objects.all():
        for number in (1, 2, 3, 4):
            if (city.pk, number) != (world.fuzhou.pk, 1):
                city_report(city, 2026, number, days_late=number - 1, status=FilingStatus.SUBMITTED)
            city_report(city, 2025, number)
    with CaptureQueriesContext(connection) as large:
        grid = city_report_grid(user=province, today=TODAY)
    assert len(grid.columns) == 8 and len(large) == len(small) == 3


def test_annual_grid_rows_are_the_institutions_that_owed_a_report(world):
    annual_report(world.academy, 2024, status=FilingStatus.ACCEPTED, days_late=0)
    annual_report(world.academy, 2025, status=FilingStatus.SUBMITTED, days_late=10)
    annual_report(world.college, 2025)

    grid = annual_report_grid(user=world.users["province"], today=datetime.date(2026, 3, 1))

    assert [c.label for c in grid.columns] == ["2024年度", "2025年度"]
    assert [(row.name, [c.text for c in row.cells]) for row in grid.rows] == [
        ("厦门质量管理培训中心", ["—", "未报（逾期29天）"]),
        ("闽江质量学院培训部", ["按时·已通过", "逾期（10天）·待审核"]),
    ]
    assert (grid.overall.reporting_rate, grid.overall.on_time_rate) == ("67%", "33%")


def test_cohort_summary_counts_each_institutions_filings_and_names_the_missing(world):
    def cohort(institution, code, end):
        return Cohort.objects.create(
            institution=institution, code=code, title=code, start_date=end - datetime.timedelta(days=10),
            end_date=end, hours=40, code_key=code,
        )  # fmt: skip

    today = datetime.date(2026, 6, 1)
    cohort_filing(world.cohort, status=FilingStatus.ACCEPTED, days_late=0)
    cohort_filing(
        cohort(world.academy, "MJ-2025-01", datetime.date(2025, 5, 1)), status=FilingStatus.RETURNED, days_late=5
    )
    cohort_filing(cohort(world.academy, "MJ-2026-01", datetime.date(2026, 3, 1)))  # missing since 2026-03-31
    cohort_filing(cohort(world.academy, "MJ-2026-02", datetime.date(2026, 5, 20)))  # due 2026-06-19
    cohort_filing(
        cohort(world.college, "XM-2026-01", datetime.date(2026, 1, 10)), status=FilingStatus.SUBMITTED, days_late=2
    )

    summary = cohort_filing_summary(user=world.users["province"], today=today)

    academy = next(r for r in summary.rows if r.name == "闽江质量学院培训部")
    college = next(r for r in summary.rows if r.name == "厦门质量管理培训中心")
    assert (academy.owed, academy.on_time, academy.late, academy.missing, academy.returned, academy.not_due) == (
        3, 1, 0, 1, 1, 1,
    )  # fmt: skip
    assert (academy.rates.reporting_rate, academy.rates.on_time_rate) == ("67%", "33%")
    assert (college.owed, college.late, college.rates.on_time_rate) == (1, 1, "0%")
    assert [(name, label, cell.label) for name, label, cell in summary.missing] == [
        ("闽江质量学院培训部", "MJ-2026-01", "未报（逾期62天）")
    ]
    assert (summary.overall.due, summary.overall.reported, summary.overall.on_time) == (4, 3, 1)


def test_the_export_table_has_a_row_per_unit_and_the_period_rates(world):
    city_report(world.fuzhou, 2026, 3)
    city_report(world.xiamen, 2026, 3, status=FilingStatus.ACCEPTED, days_late=2)
    header, rows = city_report_grid(user=world.users["province"], today=TODAY).table()
    assert header == ["报备单位", "2026年第3季度", "报备率", "按时率"]
    assert rows[0] == ["福州市", "未报（逾期36天）", "0%", "0%"]
    assert rows[1] == ["厦门市", "逾期（2天）·已通过", "100%", "0%"]
    assert rows[-2:] == [["报备率", "50%", "50%", ""], ["按时率", "0%", "", "0%"]]
