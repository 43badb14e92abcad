"""Correcting what an enterprise filed, in a browser: a typo'd draft edited, then deleted after a confirmation page
with the person it registered (gone from the picker); a returned filing corrected (new letter, another date),
resubmitted, and the city bureau sees what changed, old and new."""

from __future__ import annotations

import pytest

from cqo_portal.testing.world import PASSWORD
from registry.models import Appointment, AppointmentStatus, Person
from registry.tests.appointment_fixtures import pdf_bytes
from registry.validators import make_resident_id

pytestmark = pytest.mark.django_db(transaction=True)


def test_draft_edited_and_deleted_returned_filing_corrected_and_city_sees_changes(
    world, page, login, screenshot, live_server, tmp_path
):
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    letter = tmp_path / "聘任文件.pdf"
    letter.write_bytes(pdf_bytes("Appointment of Lin Fang, unstamped"))
    stamped = tmp_path / "聘任文件-盖章.pdf"
    stamped.write_bytes(pdf_bytes("Appointment of Lin Fang, stamped"))

    # A draft with a person typed in, name mistyped: edited, then deleted with the person.
    login(world.user("enterprise_a").username, PASSWORD)
    page.get_by_role("link", name="聘任备案", exact=True).click()
    page.get_by_role("link", name="登记/更换首席质量官").click()
    page.get_by_label("姓名").fill("林志强")
    page.get_by_label("居民身份证号码").fill(make_resident_id("35010219850505003"))
    page.get_by_label("学历").select_option(label="大学本科")
    page.get_by_label("聘任日期").fill("2025-01-02")
    page.get_by_label("聘任文件（PDF）").set_input_files(str(letter))
    page.get_by_role("button", name="保存并核验任职资格").click()
    assert page.get_by_test_id("appointment-status").inner_text() == "草稿"
    page.get_by_role("link", name="修改聘任").click()
    page.get_by_label("聘任人（法定代表人）").fill("郑建国")
    page.get_by_label("进入企业决策层").check()
    screenshot("appointment-edit-draft")
    page.get_by_role("button", name="保存修改并重新核验").click()
    assert "已保存修改" in page.content()
    draft = Appointment.objects.get()
    assert draft.appointed_by == "郑建国" and draft.decision_level
    page.get_by_role("link", name="删除草稿").click()
    assert "林志强" in page.get_by_test_id("person-goes").inner_text()
    screenshot("appointment-delete-confirm")
    page.get_by_role("button", name="确认删除").click()
    assert "已一并删除" in page.content()
    assert not Appointment.objects.exists() and not Person.objects.filter(name="林志强").exists()
    page.get_by_role("link", name="登记/更换首席质量官").click()
    options = page.get_by_label("选择已登记人员").locator("option").all_inner_texts()
    assert not any("林志强" in option for option in options) and any("林芳" in option for option in options)

    # A filing of lin_fang, submitted, then returned by the city bureau for the missing seal.
    page.get_by_label("选择已登记人员").select_option(label=str(world.lin_fang))
    page.get_by_label("聘任日期").fill("2025-01-02")
    page.get_by_label("聘任文件（PDF）").set_input_files(str(letter))
    page.get_by_role("button", name="保存并核验任职资格").click()
    page.get_by_role("button", name="提交备案").click()
    assert page.get_by_test_id("appointment-status").inner_text() == "已提交待备案"
    appointment = Appointment.objects.get()

    page.context.clear_cookies()
    login(world.user("city_a").username, PASSWORD)
    page.goto(f"{live_server.url}/appointments/{appointment.pk}/")
    page.get_by_label("退回理由").fill("聘任文件未加盖公章")
    page.get_by_role("button", name="退回").click()
    assert page.get_by_test_id("appointment-status").inner_text() == "已退回"

    # The enterprise corrects it: the stamped letter and a later date, then resubmits.
    page.context.clear_cookies()
    login(world.user("enterprise_a").username, PASSWORD)
    page.goto(f"{live_server.url}/appointments/{appointment.pk}/")
    page.get_by_role("link", name="修改聘任（补正后重新提交）").click()
    assert "聘任文件未加盖公章" in page.get_by_test_id("return-reason").inner_text()
    page.get_by_label("更换聘任文件（PDF）").set_input_files(str(stamped))
    page.get_by_label("聘任日期").fill("2025-02-01")
    screenshot("appointment-edit-returned")
    page.get_by_role("button", name="保存修改并重新核验").click()
    assert "退回后已修改、尚未提交的内容" in page.get_by_test_id("corrections").inner_text()
    page.get_by_role("button", name="提交备案").click()
    assert page.get_by_test_id("appointment-status").inner_text() == "已提交待备案"

    # The city bureau sees what changed since it returned it, and can open both letters.
    page.context.clear_cookies()
    login(world.user("city_a").username, PASSWORD)
    page.goto(f"{live_server.url}/appointments/{appointment.pk}/")
    corrections = page.get_by_test_id("corrections")
    assert "本次补正内容" in corrections.inner_text()
    date_row = corrections.locator('tr[data-field="appointed_on"]').inner_text()
    assert "2025-01-02" in date_row and "2025-02-01" in date_row
    screenshot("appointment-city-sees-corrections")
    with page.expect_download() as old:
        corrections.get_by_role("link", name="退回时的聘任文件").click()
    assert b"unstamped" in old.value.path().read_bytes()
    with page.expect_download() as new:
        corrections.get_by_role("link", name="新上传的聘任文件").click()
    assert b"stamped" in new.value.path().read_bytes() and b"unstamped" not in new.value.path().read_bytes()
    assert Appointment.objects.get().status == AppointmentStatus.SUBMITTED

    # The enterprise corrects its CQO's own data: the title series, and a period of quality work added.
    page.context.clear_cookies()
    login(world.user("enterprise_a").username, PASSWORD)
    page.goto(f"{live_server.url}/appointments/{appointment.pk}/")
    page.get_by_role("link", name="更正人员信息").click()
    page.get_by_label("职称系列").fill("高级工程师系列")
    page.get_by_role("button", name="添加一段经历").click()
    page.locator('[name="periods-1-start"]').fill("2006-03-01")
    page.locator('[name="periods-1-end"]').fill("2010-06-30")
    page.locator('[name="periods-1-employer"]').fill("闽江机械厂")
    page.get_by_role("button", name="保存更正").click()
    assert "已更正林芳的信息" in page.content()
    screenshot("person-correct")
    world.lin_fang.refresh_from_db()
    assert world.lin_fang.title_series == "高级工程师系列" and world.lin_fang.quality_work.count() == 2
    assert not console_errors, console_errors
