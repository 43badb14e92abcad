"""The self-check page in Chromium: the row-adding script runs under the CSP and verdicts come back."""

import pytest

from cqo_portal.testing.world import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def self_check(world, page, login, live_server):
    """Sign in as an enterprise user and open the self-check page, collecting console errors."""
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    login(world.user("enterprise_a").username, PASSWORD)
    page.goto(f"{live_server.url}/eligibility/")
    return console_errors


def submit(page):
    page.get_by_role("button", name="核验", exact=True).click()
    page.wait_for_load_state("networkidle")


def test_needs_review_with_added_rows(self_check, page, screenshot):
    """Adding rows, filling the form and submitting shows the verdict table, with no console errors."""
    page.select_option("#id_enterprise_size", "small")
    page.select_option("#id_education", "high_school")
    page.select_option("#id_title", "technician")
    page.check("#id_ethics")
    page.check("#id_laws")
    page.fill("#id_work-0-start", "2018-01-01")
    page.fill("#id_work-0-end", "2020-12-31")
    page.get_by_role("button", name="添加一段经历").click()  # formset.js adds work-1
    assert page.input_value("#id_work-TOTAL_FORMS") == "2"
    page.fill("#id_work-1-start", "2019-01-01")
    page.fill("#id_cert-0-issued_on", "2024-05-10")
    page.fill("#id_cert-0-entrusted_from", "2015-01-01")
    page.get_by_role("button", name="添加一项认定").click()
    page.select_option("#id_finding-0-item", "4")
    page.fill("#id_finding-0-decided_on", "2020-01-01")
    page.fill("#id_finding-0-lifted_on", "2021-01-01")
    submit(page)
    screenshot("eligibility-needs-review")
    assert page.get_by_test_id("verdict-status").inner_text() == "需人工审核"
    assert page.locator('tr[data-clause="5.4"] .badge').inner_text() == "需人工审核"
    assert "申报学历为普通高中" in page.locator('tr[data-clause="5.4"]').inner_text()
    assert "已于2021-01-01解除" in page.locator('tr[data-clause="6.4"]').inner_text()
    assert not self_check, self_check


def test_eligible_large_enterprise(self_check, page, screenshot):
    page.select_option("#id_enterprise_size", "large")
    page.select_option("#id_education", "master")
    page.select_option("#id_title", "associate_senior")
    page.check("#id_ethics")
    page.check("#id_laws")
    page.fill("#id_work-0-start", "2012-03-01")
    page.fill("#id_cert-0-issued_on", "2024-05-10")
    page.fill("#id_cert-0-entrusted_from", "2015-01-01")
    submit(page)
    screenshot("eligibility-eligible")
    assert page.get_by_test_id("verdict-status").inner_text() == "符合任职条件"
    assert page.locator('tr[data-clause="5.3"] .badge').inner_text() == "通过"
    assert not self_check, self_check


def test_ineligible_reports_every_failure(self_check, page, screenshot):
    page.select_option("#id_enterprise_size", "medium")
    page.select_option("#id_education", "associate")
    page.select_option("#id_title", "intermediate")
    page.check("#id_ethics")
    page.check("#id_laws")
    page.fill("#id_work-0-start", "2022-01-01")
    page.fill("#id_work-0-end", "2024-03-01")
    page.fill("#id_cert-0-issued_on", "2014-05-10")
    page.fill("#id_cert-0-entrusted_from", "2015-01-01")
    submit(page)
    screenshot("eligibility-ineligible")
    assert page.get_by_test_id("verdict-status").inner_text() == "不符合任职条件"
    row_5_3 = page.locator('tr[data-clause="5.3"]').inner_text()
    assert "大学专科" in row_5_3 and "尚差" in row_5_3
    assert page.locator('tr[data-clause="5.5"] .badge').inner_text() == "不通过"
    assert not self_check, self_check
