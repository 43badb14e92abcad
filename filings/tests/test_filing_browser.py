"""The report form in a real browser: a city bureau opens its overdue quarterly report (figures already filled in),
writes the narrative, attaches a file and submits after the confirmation page; the province sees it late."""

import pytest

from cqo_portal.testing.world import PASSWORD
from filings.models import FilingStatus
from filings.services import filing_submit
from registry.letters import minimal_pdf

from .factories import city_report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_bureau_files_its_report_in_the_browser(world, page, live_server, login, screenshot, tmp_path):
    report = city_report(world)
    login("lin.fuzhou", PASSWORD)
    page.goto(f"{live_server.url}/filings/")
    page.get_by_role("link", name="报备", exact=True).first.wait_for()
    page.get_by_role("link", name=report.period_label).click()
    page.get_by_test_id("filing-edit").click()
    assert page.get_by_test_id("filing-figures").get_by_text("已设立首席质量官岗位的企业").is_visible()
    page.get_by_label("工作情况说明").fill("一季度全市新增首席质量官2名，组织培训1期。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("草稿已保存").wait_for()
    letter = tmp_path / "一季度实施情况.pdf"
    letter.write_bytes(minimal_pdf())
    page.get_by_label("附件").set_input_files(str(letter))
    page.get_by_role("button", name="上传附件").click()
    page.get_by_text("已上传附件").wait_for()
    screenshot("filings-report-form")
    page.get_by_role("link", name="下一步：确认提交").click()
    page.get_by_test_id("submit-late").wait_for()  # the page says it will be filed late, before anything is sent
    screenshot("filings-report-submit-confirm")
    page.get_by_test_id("submit-confirm-button").click()
    page.get_by_text("等待省局审核").wait_for()
    report.refresh_from_db()
    assert report.status == FilingStatus.SUBMITTED and report.days_late > 0
    assert page.get_by_test_id("filing-lateness").inner_text().startswith("逾期")
    screenshot("filings-report-detail")


def test_the_province_accepts_from_the_list(world, page, live_server, login, screenshot):
    report = city_report(world)
    filing_submit(filing=report, actor=world.user("city_a"))
    login("zhang.province", PASSWORD)
    page.goto(f"{live_server.url}/filings/?status=submitted")
    screenshot("filings-list-province")
    page.get_by_role("link", name=report.period_label).click()
    page.get_by_test_id("filing-accept").click()
    page.get_by_test_id("accept-confirm-button").click()
    page.get_by_text("报备已通过").wait_for()
    report.refresh_from_db()
    assert report.status == FilingStatus.ACCEPTED
    page.goto(f"{live_server.url}/filings/schedules/")
    screenshot("filings-schedules")
