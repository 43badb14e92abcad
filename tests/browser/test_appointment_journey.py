"""The appointment journey in a browser: the enterprise files its CQO after seeing the verdict, the city bureau
acknowledges, the province finds the person in the talent pool with two filters and exports."""

from __future__ import annotations

import pytest

from cqo_portal.testing.world import PASSWORD
from registry.models import Appointment, AppointmentStatus
from registry.tests.appointment_fixtures import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_enterprise_files_city_acknowledges_province_finds(world, page, login, screenshot, live_server, tmp_path):
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    letter = tmp_path / "聘任文件.pdf"
    letter.write_bytes(pdf_bytes("Appointment of Lin Fang"))

    # The enterprise completes its own profile first: figures for its size, and the CQO post (Article 4).
    login(world.user("enterprise_a").username, PASSWORD)
    assert page.get_by_text("本企业尚未登记首席质量官").is_visible()
    page.get_by_role("link", name="本企业", exact=True).click()
    page.get_by_role("link", name="编辑企业信息").click()
    page.get_by_label("法定代表人").fill("周建华")
    page.get_by_label("从业人员（人）").fill("420")
    page.get_by_label("已设立首席质量官岗位").check()
    page.get_by_label("已授予首席质量官相应职权").check()
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "周建华" in page.content()
    world.acme.refresh_from_db()
    assert world.acme.cqo_post_established and world.acme.employees == 420

    # Then it registers its CQO: an employee already on file, and the appointment with its letter.
    page.get_by_role("link", name="聘任备案", exact=True).click()
    page.get_by_role("link", name="登记/更换首席质量官").click()
    page.get_by_label("选择已登记人员").select_option(label=str(world.lin_fang))
    page.get_by_label("聘任日期").fill("2025-01-02")
    page.get_by_label("进入企业决策层").check()
    page.get_by_label("聘任文件（PDF）").set_input_files(str(letter))
    page.get_by_role("button", name="保存并核验任职资格").click()

    # Before anything is filed, the verdict clause by clause.
    assert page.get_by_test_id("verdict-status").inner_text() == "符合任职条件"
    assert page.locator("[data-clause]").count() == 10
    screenshot("appointment-form-verdict")
    page.get_by_role("button", name="提交备案").click()
    assert page.get_by_test_id("appointment-status").inner_text() == "已提交待备案"
    appointment = Appointment.objects.get()
    assert appointment.status == AppointmentStatus.SUBMITTED

    # The city bureau acknowledges it from its list, after a confirmation step.
    page.context.clear_cookies()
    login(world.user("city_a").username, PASSWORD)
    page.get_by_role("link", name="聘任备案", exact=True).click()
    page.get_by_label("状态").select_option("submitted")
    page.get_by_role("button", name="查询").click()
    screenshot("appointment-city-list")
    page.get_by_role("link", name="林芳").click()
    page.get_by_role("link", name="备案", exact=True).click()
    page.get_by_role("button", name="确认备案").click()
    assert page.get_by_test_id("appointment-status").inner_text() == "已备案（现任）"

    # The province finds her in the talent pool with two filters, and exports the filtered set.
    page.context.clear_cookies()
    login(world.user("province").username, PASSWORD)
    page.get_by_role("link", name="人才库").click()
    page.get_by_label("报备单位").select_option(label="福州市")
    page.get_by_label("学历").select_option(label="大学本科")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="林芳").first.is_visible()
    screenshot("pool-filtered")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 CSV").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert "林芳" in content and "鹭岛" not in content

    # Her page: the acknowledged appointment, the certificate and today's verdict.
    page.get_by_role("link", name="林芳").first.click()
    page.wait_for_load_state("networkidle")
    assert "已备案（现任）" in page.content() and "符合任职条件" in page.content()
    screenshot("pool-detail")
    assert not console_errors, console_errors
