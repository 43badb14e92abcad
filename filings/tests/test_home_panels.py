"""Home pages: a city bureau and an institution see their own recent filings and what is due next; the province
how many filers are overdue, with the way to the grid."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from ..models import Filing, FilingStatus
from ..selectors.home import filing_home_panels
from .grid_factories import annual_report, city_report, cohort_filing

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, tzinfo=SHANGHAI), tick=False)


def messages(user):
    return [panel.message for panel in filing_home_panels(user)]


def test_a_city_bureau_sees_its_row_and_the_next_report_due(world):
    city_report(world.fuzhou, 2026, 2, status=FilingStatus.ACCEPTED, days_late=0)
    city_report(world.fuzhou, 2026, 3, status=FilingStatus.SUBMITTED, days_late=2)
    city_report(world.fuzhou, 2026, 4)
    city_report(world.xiamen, 2026, 3)  # another unit's: not Fuzhou's business
    with on(datetime.date(2026, 12, 1)):
        shown = messages(world.users["city_a"])
    assert shown == [
        "本单位近期实施情况报告：2026年第2季度 按时·已通过；2026年第3季度 逾期（2天）·待审核；2026年第4季度 未到期。",
        "下一次报备：2026年第4季度 实施情况报告，截止 2027-01-15，还有45天。",
    ]


def test_an_overdue_report_is_a_danger_panel_and_a_returned_one_says_why(world):
    returned = city_report(world.fuzhou, 2026, 2, status=FilingStatus.RETURNED, days_late=0)
    Filing.objects.filter(pk=returned.pk).update(return_reason="新增聘任人数与附件不符")
    city_report(world.fuzhou, 2026, 3)
    with on(datetime.date(2026, 10, 20)):
        panels = filing_home_panels(world.users["city_a"])
    assert [p.level for p in panels] == ["danger", "danger", "warning"]
    assert panels[1].message == "2026年第3季度 实施情况报告已逾期5天未报（截止 2026-10-15），请尽快提交。"
    assert panels[2].message == "2026年第2季度 实施情况报告已被省局退回：新增聘任人数与附件不符。请修改后重新提交。"


def test_the_due_date_itself_says_today(world):
    city_report(world.fuzhou, 2026, 3)
    with on(datetime.date(2026, 10, 15)):
        panels = filing_home_panels(world.users["city_a"])
    assert panels[-1].message.endswith("截止 2026-10-15，今天截止。") and panels[-1].level == "warning"


def test_an_institution_sees_its_annual_reports_and_cohort_filings(world):
    annual_report(world.academy, 2025, status=FilingStatus.ACCEPTED, days_late=3)
    annual_report(world.academy, 2026)
    cohort_filing(world.cohort)  # MJ-2024-01 ended 2024-05-10: due 2024-06-09, never filed
    annual_report(world.college, 2025)
    with on(datetime.date(2026, 12, 1)):
        shown = messages(world.users["institution_a"])
    assert shown[0] == "本机构近年年度工作报告：2025年度 逾期（3天）·已通过；2026年度 未到期。"
    assert shown[1] == "本机构培训班次备案：共1份，逾期未报1份。"
    assert shown[2].startswith("MJ-2024-01 培训班次备案已逾期905天未报（截止 2024-06-09）")
    assert shown[3] == "下一次报备：2026年度 年度工作报告，截止 2027-01-31，还有61天。"
    with on(datetime.date(2026, 12, 1)):
        assert messages(world.users["institution_b"])[0] == "本机构近年年度工作报告：2025年度 未报（逾期304天）。"


def test_the_province_sees_how_many_filers_are_overdue(world):
    city_report(world.fuzhou, 2026, 3)
    city_report(world.fuzhou, 2026, 2)
    city_report(world.xiamen, 2026, 3, status=FilingStatus.SUBMITTED, days_late=0)
    annual_report(world.college, 2025)
    with on(datetime.date(2026, 11, 1)):
        overdue, waiting = filing_home_panels(world.users["province"])
    assert (overdue.message, overdue.url) == (
        "1个报备单位、1家培训机构有逾期未报的报备。",
        reverse("filings:filing-grid"),
    )
    assert (waiting.message, waiting.url) == ("有1份报备待审核。", reverse("filings:filing-list") + "?status=submitted")


def test_the_province_is_not_told_when_nothing_is_overdue(world):
    city_report(world.fuzhou, 2026, 3)
    with on(datetime.date(2026, 10, 15)):
        assert filing_home_panels(world.users["province"]) == []


def test_enterprises_see_no_filing_panel(world):
    city_report(world.fuzhou, 2026, 3)
    assert filing_home_panels(world.users["enterprise_a"]) == []


def test_the_home_page_shows_the_panels(world, client_for):
    city_report(world.fuzhou, 2026, 3)
    with on(datetime.date(2026, 10, 20)):
        page = client_for("city_a").get(reverse("home")).content.decode()
        assert "已逾期5天未报" in page
        assert "有逾期未报的报备" in client_for("province").get(reverse("home")).content.decode()
