"""Filings in a real browser: a city bureau finds a reminder among its notices, opens its implementation report with
the figures already filled in, and submits it; the province sees the compliance grid change and accepts the report;
an institution files its ended cohort."""

import datetime
import re

import pytest
from django.utils import timezone

from cqo_portal.testing.world import PASSWORD
from filings.models import Filing, FilingKind, FilingStatus
from filings.services import filings_ensure
from filings.services.reminders import reminders_sweep
from training.models import CohortStatus
from training.services import cohort_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reminded_report_is_filed_seen_on_the_grid_and_accepted(world, page, login, screenshot, live_server):
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    today = timezone.localdate()
    # The academy's cohort ended a month ago (filings count from 2025: the world's 2024 cohort owes none).
    cohort = cohort_create(
        actor=None,
        institution=world.academy,
        code="MJ-DEMO-END",
        title="首席质量官培训班（已结业）",
        start_date=today - datetime.timedelta(days=40),
        end_date=today - datetime.timedelta(days=30),
        hours=40,
        status=CohortStatus.ENDED,
    )
    filings_ensure(today=today)
    report = (
        Filing.objects.filter(kind=FilingKind.CITY_REPORT, city=world.fuzhou, due_date__lt=today)
        .order_by("-period_start")
        .first()
    )
    # The daily sweep of the day after the report fell due: every unit still owing it is reminded.
    reminders_sweep(today=report.due_date + datetime.timedelta(days=1))
    late = (today - report.due_date).days

    # Before: the province's grid shows Fuzhou's report missing.
    login(world.user("province").username, PASSWORD)
    page.get_by_role("link", name="报备情况一览", exact=True).click()
    cell = page.locator(f'[data-testid="grid-row"]:has(th:text-is("{world.fuzhou.name}")) a[href$="/{report.pk}/"]')
    assert cell.inner_text() == f"未报（逾期{late}天）"

    # The Fuzhou bureau sees the reminder among its notices and follows it to the report.
    page.context.clear_cookies()
    login(world.user("city_a").username, PASSWORD)
    assert int(page.get_by_test_id("nav-unread").inner_text()) >= 1
    page.get_by_test_id("nav-notices").click()
    reminder = page.get_by_role("link", name=f"【报备提醒】{world.fuzhou.name}：{report.period_label}实施情况报告")
    screenshot("filing-notices")
    reminder.first.click()
    assert page.get_by_test_id("filing-heading").inner_text().startswith(world.fuzhou.name)

    # The figures are there before anything is typed; the bureau writes its narrative and submits.
    page.get_by_test_id("filing-edit").click()
    figures = page.get_by_test_id("filing-figures").inner_text()
    assert "已设立首席质量官岗位的企业" in figures and "现任首席质量官（已备案）" in figures
    page.get_by_label("工作情况说明").fill("本季度新增首席质量官聘任备案，组织重点企业参加培训。")
    screenshot("filing-report-form")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("link", name="下一步：确认提交").click()
    assert f"逾期{late}天" in page.get_by_test_id("submit-late").inner_text()
    page.get_by_test_id("submit-confirm-button").click()
    report.refresh_from_db()
    assert (report.status, report.days_late, report.version_count) == (FilingStatus.SUBMITTED, late, 1)
    assert report.figures

    # The province's grid now shows it filed late and waiting; from the cell it accepts the report.
    page.context.clear_cookies()
    login(world.user("province").username, PASSWORD)
    page.get_by_role("link", name="报备情况一览", exact=True).click()
    assert cell.inner_text() == f"逾期（{late}天）"
    assert "待审核" in page.locator(f'[data-testid="grid-row"]:has(th:text-is("{world.fuzhou.name}"))').inner_text()
    screenshot("filing-grid")
    cell.click()
    page.get_by_test_id("filing-accept").click()
    page.get_by_test_id("accept-confirm-button").click()
    page.get_by_role("link", name="报备情况一览", exact=True).click()
    assert "已通过" in page.locator(f'[data-testid="grid-row"]:has(th:text-is("{world.fuzhou.name}"))').inner_text()
    report.refresh_from_db()
    assert report.status == FilingStatus.ACCEPTED

    # The academy files its ended cohort.
    page.context.clear_cookies()
    login(world.user("institution_a").username, PASSWORD)
    cohort_filing = Filing.objects.get(kind=FilingKind.COHORT_FILING, cohort=cohort)
    page.get_by_role("link", name="报备", exact=True).click()
    page.get_by_role("link", name=re.compile(cohort.code)).click()
    assert "结业学员" in page.get_by_test_id("filing-figures").inner_text()
    page.get_by_test_id("filing-submit").click()
    page.get_by_test_id("submit-confirm-button").click()
    cohort_filing.refresh_from_db()
    assert cohort_filing.status == FilingStatus.SUBMITTED and cohort_filing.figures
    assert not console_errors
