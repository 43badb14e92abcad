"""The self-check page in Chromium: the row-adding script runs under the CSP and a verdict comes back."""

import pytest

from cqo_portal.testing.world import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_self_check_in_the_browser(world, live_server, in_chromium, save_screenshot):
    """Adding rows, filling the form and submitting shows the verdict table, with no console errors."""
    username = world.user("enterprise_a").username

    def script(page):
        console_errors = []
        page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state("networkidle")
        page.goto(f"{live_server.url}/eligibility/")
        page.select_option("#id_enterprise_size", "small")
        page.select_option("#id_education", "high_school")
        page.select_option("#id_title", "technician")
        page.check("#id_ethics")
        page.check("#id_laws")
        page.fill("#id_work-0-start", "2018-01-01")
        page.fill("#id_work-0-end", "2020-12-31")
        page.get_by_role("button", name="添加一段经历").click()  # formset.js adds work-1
        rows_after_adding = page.input_value("#id_work-TOTAL_FORMS")
        page.fill("#id_work-1-start", "2019-01-01")
        page.fill("#id_cert-0-issued_on", "2024-05-10")
        page.fill("#id_cert-0-entrusted_from", "2015-01-01")
        page.get_by_role("button", name="添加一项认定").click()
        page.select_option("#id_finding-0-item", "4")
        page.fill("#id_finding-0-decided_on", "2020-01-01")
        page.fill("#id_finding-0-lifted_on", "2021-01-01")
        page.get_by_role("button", name="核验", exact=True).click()
        page.wait_for_load_state("networkidle")
        save_screenshot(page, "eligibility-self-check")
        return {
            "rows": rows_after_adding,
            "status": page.get_by_test_id("verdict-status").inner_text(),
            "badge_5_4": page.locator('tr[data-clause="5.4"] .badge').inner_text(),
            "reason_5_4": page.locator('tr[data-clause="5.4"]').inner_text(),
            "row_6_4": page.locator('tr[data-clause="6.4"]').inner_text(),
            "console_errors": console_errors,
        }

    seen = in_chromium(script)
    assert seen["rows"] == "2"
    assert seen["status"] == "需人工审核"
    assert seen["badge_5_4"] == "需人工审核"
    assert "申报学历为普通高中" in seen["reason_5_4"]
    assert "已于2021-01-01解除" in seen["row_6_4"]
    assert not seen["console_errors"], seen["console_errors"]
