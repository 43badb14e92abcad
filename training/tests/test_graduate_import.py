"""The graduate import from the command (CONTRACT §3): identity, enterprises, values, all or nothing, re-import."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import Enterprise, Person
from training.models import Graduate
from training.tests import graduate_files as gf

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(world):
    return gf.entrusted_cohort(world.academy)


def run(tmp_path, capsys, data: bytes, name: str = "graduates.csv", cohort: str = "TEST-COHORT"):
    """(exit code, summary, report lines) of one run of the command."""
    path = tmp_path / name
    path.write_bytes(data)
    code = 0
    try:
        call_command("import_graduates", "--cohort", cohort, str(path))
    except CommandError as error:
        code = error.returncode
    lines = capsys.readouterr().out.strip().splitlines()
    return code, json.loads(lines[-1]), lines[:-1]


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("utf8.csv", lambda records: gf.csv_bytes(records)),
        ("bom.csv", lambda records: gf.csv_bytes(records, encoding="utf-8-sig")),
        ("excel.csv", lambda records: gf.csv_bytes(records, encoding="gb18030")),
        ("book.xlsx", lambda records: gf.xlsx_bytes(records)),
    ],
)
def test_each_format_imports_and_a_second_run_changes_nothing(tmp_path, capsys, cohort, name, build):
    data = build(gf.rows(12))
    code, summary, _ = run(tmp_path, capsys, data, name)
    assert (code, summary) == (0, {"created": 12, "updated": 0, "unchanged": 0, "errors": []})
    assert Graduate.objects.filter(cohort=cohort).count() == 12
    assert Graduate.objects.get(cohort=cohort, person__name=gf.name(3)).enterprise_name == gf.row(3)["工作单位"]
    code, summary, _ = run(tmp_path, capsys, data, name)
    assert (code, summary) == (0, {"created": 0, "updated": 0, "unchanged": 12, "errors": []})
    assert Graduate.objects.filter(cohort=cohort).count() == 12


def test_headers_in_any_order_and_optional_columns_left_out(tmp_path, capsys, cohort):
    headers = ["考核结果", "学历", "职称", "统一社会信用代码", "工作单位", "身份证号码", "姓名"]
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes(gf.rows(3), headers=headers))
    assert (code, summary["created"]) == (0, 3)
    assert Graduate.objects.filter(phone="", score__isnull=True).count() == 3


def test_unknown_and_missing_headers_are_named(tmp_path, capsys, cohort):
    headers = ["姓名", "身份证号", "工作单位", "统一社会信用代码", "学历", "职称", "考核结果"]
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes(gf.rows(2), headers=headers))
    assert code == 1
    assert {(e["row"], e["column"]) for e in summary["errors"]} == {(1, "身份证号"), (1, "身份证号码")}
    assert "缺少必填列「身份证号码」" in " ".join(e["message"] for e in summary["errors"])


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path, capsys, cohort):
    records = gf.rows(8)
    records[1]["身份证号码"] = records[1]["身份证号码"][:-1] + ("0" if records[1]["身份证号码"][-1] != "0" else "1")
    records[2]["性别"] = "女" if records[2]["性别"] == "男" else "男"
    records[3]["学历"] = "大学"
    records[4]["考核成绩"] = "-3"
    records[5]["统一社会信用代码"] = "91350100MA0000001X"
    records[6]["手机号码"] = "1234"
    records[7]["身份证号码"] = records[0]["身份证号码"]
    before = (Person.objects.count(), Enterprise.objects.count())
    code, summary, report = run(tmp_path, capsys, gf.csv_bytes(records))
    assert code == 1
    assert [(e["row"], e["column"]) for e in summary["errors"]] == [
        (3, "身份证号码"),
        (4, "性别"),
        (5, "学历"),
        (6, "考核成绩"),
        (7, "统一社会信用代码"),
        (8, "手机号码"),
        (9, "身份证号码"),
    ]
    assert "与第2行的身份证号码重复" in summary["errors"][-1]["message"]
    assert "校验码" in summary["errors"][0]["message"]
    # The report shows the offending value, the resident ID masked.
    assert any(line.startswith("第3行 身份证号码") and "3501**********" in line for line in report)
    assert not any(records[1]["身份证号码"] in line for line in report)
    assert Graduate.objects.count() == 0
    assert (Person.objects.count(), Enterprise.objects.count()) == before


def test_one_person_across_cohorts_and_a_different_name_is_an_error(tmp_path, capsys, world, cohort):
    """Someone trained twice is one person with two graduations; a different name under their ID is refused."""
    other = gf.entrusted_cohort(world.academy, code="TEST-COHORT-2")
    record = gf.row(1, 姓名="林芳", 身份证号码=world.lin_fang_id, 性别="女")
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes([record]))
    assert (code, summary["created"]) == (0, 1)
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes([record]), cohort="TEST-COHORT-2")
    assert (code, summary["created"]) == (0, 1)
    assert list(Graduate.objects.filter(person=world.lin_fang).values_list("cohort", flat=True).order_by("cohort")) == [
        cohort.pk,
        other.pk,
    ]
    # Full-width letters or spaces in the same name are the same name.
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes([{**record, "姓名": "林 芳"}]))
    assert (code, summary["unchanged"]) == (0, 1)
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes([{**record, "姓名": "林芬"}]))
    assert code == 1
    assert summary["errors"][0]["column"] == "姓名"
    world.lin_fang.refresh_from_db()
    assert world.lin_fang.name == "林芳"


def test_existing_persons_registry_facts_are_not_overwritten(tmp_path, capsys, world, cohort):
    record = gf.row(
        1, 姓名="林芳", 身份证号码=world.lin_fang_id, 性别="女", 学历="博士", 职称="无", 手机号码="13999999999"
    )
    run(tmp_path, capsys, gf.csv_bytes([record]))
    world.lin_fang.refresh_from_db()
    assert (world.lin_fang.education, world.lin_fang.title_level, world.lin_fang.phone) == (
        "bachelor",
        "intermediate",
        "13800000001",
    )
    assert world.lin_fang.enterprise == world.acme
    graduate = Graduate.objects.get(person=world.lin_fang, cohort=cohort)
    assert (graduate.education, graduate.title_level, graduate.phone) == ("doctorate", "none", "13999999999")


def test_new_person_takes_the_rows_facts(tmp_path, capsys, cohort):
    run(tmp_path, capsys, gf.csv_bytes([gf.row(5, 学历="硕士", 职称="副高级")]))
    person = Person.objects.get(name=gf.name(5))
    assert (person.education, person.title_level, person.phone) == ("master", "associate_senior", "13800000005")
    assert person.enterprise.credit_code == gf.credit_code(5)
    assert person.resident_id_masked == gf.resident_id(5)[:4] + "*" * 10 + gf.resident_id(5)[-4:]
    # The change history starts with its creation, as for a person registered one by one.
    (created,) = person.history.all()
    assert (created.history_type, created.name, created.resident_id_hash) == ("+", person.name, person.resident_id_hash)
    assert Enterprise.objects.get(credit_code=gf.credit_code(5)).history.get().history_type == "+"


def test_enterprises_found_by_credit_code_or_created_for_their_city(tmp_path, capsys, world, cohort):
    records = [
        gf.row(1, 统一社会信用代码=world.acme.credit_code, 工作单位="榕城精密"),  # known under another name
        gf.row(2, 统一社会信用代码=gf.credit_code(7, "350128"), 工作单位="平潭新企业"),
        gf.row(3, 统一社会信用代码=gf.credit_code(8, "350583"), 工作单位="南安新企业"),
        gf.row(4, 统一社会信用代码=gf.credit_code(8, "350583"), 工作单位="南安新企业（别名）"),
    ]
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes(records))
    assert (code, summary["created"]) == (0, 4)
    world.acme.refresh_from_db()
    assert (world.acme.name, world.acme.pending_city_check) == ("榕城精密机械有限公司", False)
    assert Graduate.objects.get(person__name=gf.name(1)).enterprise_name == "榕城精密"
    pingtan = Enterprise.objects.get(credit_code=gf.credit_code(7, "350128"))
    assert (pingtan.city.code, pingtan.pending_city_check) == ("350128", True)
    nanan = Enterprise.objects.get(credit_code=gf.credit_code(8, "350583"))
    assert (nanan.city.code, nanan.name, nanan.pending_city_check) == ("350500", "南安新企业", True)


def test_enterprise_outside_fujian_is_a_row_error(tmp_path, capsys, cohort):
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes([gf.row(1, 统一社会信用代码=gf.credit_code(1, "110105"))]))
    assert code == 1
    assert (summary["errors"][0]["row"], summary["errors"][0]["column"]) == (2, "统一社会信用代码")
    assert "不在福建省" in summary["errors"][0]["message"]


def test_changed_row_updates_its_graduate(tmp_path, capsys, cohort):
    records = gf.rows(3)
    run(tmp_path, capsys, gf.csv_bytes(records))
    records[1]["考核结果"] = "不合格"
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes(records))
    assert (code, summary) == (0, {"created": 0, "updated": 1, "unchanged": 2, "errors": []})
    assert not Graduate.objects.get(person__name=gf.name(1)).passed


def test_cohort_outside_an_entrustment_is_refused(tmp_path, capsys, world):
    gf.entrusted_cohort(world.college, code="NO-ENTRUSTMENT")  # the college was never entrusted
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes(gf.rows(2)), cohort="NO-ENTRUSTMENT")
    assert code == 1
    assert "委托期" in summary["errors"][0]["message"]
    assert Graduate.objects.count() == 0


def test_unknown_cohort_or_missing_file_still_ends_with_the_summary(tmp_path, capsys, cohort):
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes(gf.rows(1)), cohort="NOPE")
    assert code == 1 and "班次编号“NOPE”不存在" in summary["errors"][0]["message"]
    with pytest.raises(CommandError):
        call_command("import_graduates", "--cohort", "TEST-COHORT", str(tmp_path / "missing.csv"))
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert "无法读取文件" in summary["errors"][0]["message"]


@pytest.mark.parametrize("existing", [False, True])
def test_queries_grow_with_batches_not_rows(tmp_path, capsys, cohort, settings, existing):
    """Validation and writes take a fixed number of queries per batch of rows, never one per row."""
    settings.GRADUATE_IMPORT_BATCH = 50

    def queries(count: int, start: int) -> int:
        records = gf.rows(count, start)
        if existing:  # the second pass over the same rows: look-ups find everyone, nothing is written
            run(tmp_path, capsys, gf.csv_bytes(records))
        with CaptureQueriesContext(connection) as captured:
            code, _, _ = run(tmp_path, capsys, gf.csv_bytes(records))
        assert code == 0
        return len(captured)

    small, large = queries(100, 0), queries(400, 1000)  # 2 batches, 8 batches
    per_batch = (large - small) / 6
    assert per_batch <= 12, (small, large)
    assert large < 400  # far fewer than one per row


def test_an_update_writes_every_changed_value(tmp_path, capsys, world, cohort):
    """Changed figures (one emptied), text, labels and employer all land; the untouched row stays as it was."""
    records = gf.rows(3)
    run(tmp_path, capsys, gf.csv_bytes(records))
    untouched = Graduate.objects.get(person__name=gf.name(2))
    records[0].update(考核成绩="", 质量工作年限="12.5", 职务="总经理", 学历="硕士", 职称="正高级", 手机号码="")
    records[1].update(统一社会信用代码=world.bolt.credit_code, 工作单位="鹭岛电子")
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes(records))
    assert (code, summary["updated"], summary["unchanged"]) == (0, 2, 1)
    first = Graduate.objects.get(person__name=gf.name(0))
    assert (first.score, str(first.quality_work_years), first.position, first.education, first.title_level) == (
        None,
        "12.5",
        "总经理",
        "master",
        "senior",
    )
    assert first.phone == ""
    second = Graduate.objects.get(person__name=gf.name(1))
    assert (second.enterprise, second.enterprise_name) == (world.bolt, "鹭岛电子")
    assert Graduate.objects.get(pk=untouched.pk).updated_at == untouched.updated_at


def test_an_id_whose_last_digits_excel_turned_to_zeros_is_explained(tmp_path, capsys, cohort):
    number = gf.resident_id(1)
    code, summary, _ = run(tmp_path, capsys, gf.csv_bytes([gf.row(1, 身份证号码=number[:15] + "000")]))
    assert code == 1
    assert "Excel只保留15位有效数字" in summary["errors"][0]["message"]
