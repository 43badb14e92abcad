"""Training in a real browser: the province entrusts an institution; the institution opens a cohort, uploads a graduate
file with errors, reads the report, fixes the file, checks the preview, imports, and sees its graduates."""

import csv
import io

import pytest

from cqo_portal.testing.world import PASSWORD
from registry.models import Enterprise
from registry.validators import make_credit_code, make_resident_id
from training.models import Graduate, GraduateImport, ImportStatus
from training.tests.graduate_files import entrusted_cohort

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = [
    "姓名",
    "身份证号码",
    "性别",
    "工作单位",
    "统一社会信用代码",
    "职务",
    "学历",
    "职称",
    "质量工作年限",
    "考核成绩",
    "考核结果",
    "手机号码",
]
NEW_EMPLOYER = make_credit_code("91350100MA0000J01")


def graduate_file(world, *, mistakes: bool) -> bytes:
    """林芳 as on file, a new person at bolt, one at an employer not yet registered; with mistakes, a wrong check
    digit in row 3 and an education the contract does not know in row 4."""
    new_id = make_resident_id("35020319880808002")
    rows = [
        [
            "林芳",
            world.lin_fang_id,
            "女",
            world.acme.name,
            world.acme.credit_code,
            "质量总监",
            "本科",
            "中级",
            "14",
            "91",
            "合格",
            "13800000001",
        ],
        [
            "郑小燕",
            new_id,
            "女",
            world.bolt.name,
            world.bolt.credit_code,
            "品质主管",
            "大专",
            "助理级",
            "6",
            "52",
            "不合格",
            "",
        ],
        [
            "王建新",
            make_resident_id("35010219790301003"),
            "男",
            "福州新建精工有限公司",
            NEW_EMPLOYER,
            "",
            "本科",
            "中级",
            "",
            "78",
            "合格",
            "",
        ],
    ]
    if mistakes:
        rows[1][1] = new_id[:-1] + ("1" if new_id[-1] != "1" else "2")
        rows[2][6] = "大学"
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_from_entrustment_to_imported_graduates(world, page, login, screenshot, live_server):
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    college = world.college  # institution_b, not entrusted yet

    # The province entrusts the college from the start of 2026.
    login(world.user("province").username, PASSWORD)
    page.get_by_role("link", name="培训机构", exact=True).click()
    page.get_by_role("link", name=college.name).click()
    page.get_by_test_id("entrustment-add").click()
    page.fill("input[name=from_date]", "2026-01-01")
    page.get_by_role("button", name="登记委托期").click()
    assert "2026-01-01" in page.get_by_test_id("entrustments").inner_text()

    # The college opens a cohort inside that period.
    page.context.clear_cookies()
    login(world.user("institution_b").username, PASSWORD)
    page.get_by_role("link", name="培训班次", exact=True).click()
    page.get_by_test_id("cohort-create").click()
    page.fill("input[name=code]", "XM-2026-03")
    page.fill("input[name=title]", "2026年第三期首席质量官培训班")
    page.fill("input[name=start_date]", "2026-09-01")
    page.fill("input[name=end_date]", "2026-09-10")
    page.fill("input[name=hours]", "40")
    page.select_option("select[name=status]", "ended")
    page.get_by_role("button", name="开设班次").click()
    assert page.get_by_test_id("cohort-heading").inner_text().startswith("XM-2026-03")

    # It uploads a file with two mistakes and reads the report: row, column, reason and what was typed.
    page.get_by_test_id("cohort-graduates").get_by_test_id("import-new").click()
    assert page.get_by_test_id("template-xlsx").is_visible()
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "结业学员.csv", "mimeType": "text/csv", "buffer": graduate_file(world, mistakes=True)}],
    )
    page.get_by_role("button", name="上传并校验").click()
    assert page.get_by_test_id("import-invalid").is_visible()
    report = page.get_by_test_id("import-report")
    rows = [r.inner_text().split("\t") for r in report.locator("tbody tr").all()]
    assert [r[:2] for r in rows] == [["3", "身份证号码"], ["4", "学历"]], rows
    assert rows[1][3] == "大学"
    screenshot("graduate-import-report")
    assert not Graduate.objects.exists() and not Enterprise.objects.filter(credit_code=NEW_EMPLOYER).exists()

    # It fixes the file, uploads it again and checks the preview before confirming.
    page.get_by_test_id("import-again").click()
    page.set_input_files(
        "input[name=file]",
        files=[
            {"name": "结业学员（已改正）.csv", "mimeType": "text/csv", "buffer": graduate_file(world, mistakes=False)}
        ],
    )
    page.get_by_role("button", name="上传并校验").click()
    assert page.get_by_test_id("import-validated").is_visible()
    assert page.get_by_test_id("count-created").inner_text() == "3"
    created = page.get_by_test_id("preview-created").inner_text()
    assert "郑小燕" in created and "新建企业" in created and world.lin_fang_id not in created
    screenshot("graduate-import-preview")
    page.get_by_test_id("import-confirm").click()
    page.get_by_test_id("confirm-import-submit").click()

    # Done: the summary, then the cohort's graduates with masked IDs.
    assert "新增 3 人" in page.get_by_test_id("import-done").inner_text()
    page.get_by_test_id("see-graduates").click()
    listing = page.get_by_test_id("graduate-list").inner_text()
    assert "林芳" in listing and "郑小燕" in listing and "王建新" in listing
    assert world.lin_fang_id not in listing
    screenshot("cohort-graduates")
    assert Graduate.objects.filter(cohort__institution=college).count() == 3
    assert GraduateImport.objects.filter(status=ImportStatus.DONE).count() == 1
    assert Enterprise.objects.get(credit_code=NEW_EMPLOYER).pending_city_check

    # Fuzhou's bureau is told about the employer the import created and has it on its to-do list.
    page.context.clear_cookies()
    login(world.user("city_a").username, PASSWORD)
    page.get_by_role("link", name="有1家企业由培训机构导入结业学员时新建，待核实并完善企业信息").click()
    page.get_by_role("link", name="福州新建精工有限公司").click()
    assert page.get_by_test_id("pending-city-check").is_visible()
    page.get_by_test_id("confirm-record").click()
    page.fill("input[name=address]", "福州市闽侯县上街镇科技东路8号")
    page.fill("input[name=legal_representative]", "王建国")
    page.select_option("select[name=industry_section]", "C")
    page.fill("input[name=employees]", "85")
    page.fill("input[name=revenue]", "3200")
    screenshot("enterprise-confirm-record")
    page.get_by_role("button", name="核实并确认").click()
    assert "企业信息已核实" in page.content()
    assert not page.get_by_test_id("pending-city-check").count()
    assert not Enterprise.objects.get(credit_code=NEW_EMPLOYER).pending_city_check

    # The enterprise sees its staff's training (Article 11): its own people only.
    page.context.clear_cookies()
    login(world.user("enterprise_a").username, PASSWORD)
    page.get_by_role("link", name="结业学员", exact=True).click()
    assert page.get_by_role("heading", name="本企业人员培训情况").is_visible()
    staff = page.get_by_test_id("graduate-list").inner_text()
    assert "林芳" in staff and "郑小燕" not in staff and "王建新" not in staff
    screenshot("enterprise-staff-training")
    assert not console_errors, console_errors


def test_the_status_page_follows_a_running_import_and_shows_its_result(world, page, login, live_server):
    """While an import runs the page polls its progress and, when it has finished, shows the report by itself."""
    cohort = entrusted_cohort(world.academy, "POLL-2025-01")
    run = GraduateImport.objects.create(
        cohort=cohort,
        uploaded_by=world.users["institution_a"],
        filename="大名单.xlsx",
        sha256="0" * 64,
        status=ImportStatus.VALIDATING,
        progress_done=0,
        progress_total=4000,
    )
    login(world.user("institution_a").username, PASSWORD)
    page.goto(f"{live_server.url}/graduate-imports/{run.pk}/")
    assert page.get_by_test_id("import-progress").is_visible()
    GraduateImport.objects.filter(pk=run.pk).update(progress_done=1000)
    page.locator(".progress-bar", has_text="25%").wait_for()
    assert "已处理 1000 / 4000 行" in page.get_by_test_id("import-progress").inner_text()
    GraduateImport.objects.filter(pk=run.pk).update(
        status=ImportStatus.INVALID,
        progress_done=4000,
        errors=[{"row": 9, "column": "考核结果", "message": "考核结果应填“合格”或“不合格”。", "value": "通过"}],
    )
    page.get_by_test_id("import-invalid").wait_for()
    assert "通过" in page.get_by_test_id("import-report").inner_text()
