"""The graduate import in the browser: upload, report, preview, confirm or discard; templates; the graduate lists."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import AccessLog, Enterprise, Notice, Person
from training.models import Graduate, GraduateImport, ImportStatus

from .graduate_files import entrusted_cohort
from .page_files import HEADER, NEW_EMPLOYER_CODE, bad_rows, csv_bytes, good_rows

pytestmark = pytest.mark.django_db


def upload(client, cohort, content: bytes, name: str = "结业学员.csv", capture=None):
    url = reverse("training:graduate-import-create", kwargs={"pk": cohort.pk})
    with capture(execute=True):
        return client.post(url, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def detail(run) -> str:
    return reverse("training:graduate-import-detail", kwargs={"pk": run.pk})


@pytest.fixture
def cohort(world):
    """A cohort of the academy (institution_a), inside its entrustment."""
    return entrusted_cohort(world.academy, "WEB-2025-01")


@pytest.fixture
def academy(world, client_for):
    return client_for("institution_a")


def test_a_file_with_errors_gets_a_report_naming_row_column_reason_and_value(
    world, academy, django_capture_on_commit_callbacks, cohort
):
    """Every bad row is listed in Chinese with what was typed; nothing is written; the whole report downloads."""
    persons, enterprises = Person.objects.count(), Enterprise.objects.count()
    response = upload(academy, cohort, csv_bytes(bad_rows(world)), capture=django_capture_on_commit_callbacks)
    run = GraduateImport.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(run)
    assert run.status == ImportStatus.INVALID
    page = academy.get(detail(run)).content.decode()
    assert "校验未通过，没有写入任何数据" in page
    for heading in ("行号", "列", "原因", "所填内容"):
        assert f'<th scope="col">{heading}</th>' in page
    assert "<td>3</td><td>身份证号码</td>" in page and "<td>4</td><td>学历</td>" in page
    assert "<code>大学</code>" in page
    assert Person.objects.count() == persons and Enterprise.objects.count() == enterprises
    assert not Graduate.objects.exists()

    report = academy.get(reverse("training:graduate-import-report", kwargs={"pk": run.pk}))
    lines = list(csv.reader(io.StringIO(b"".join(report.streaming_content).decode("utf-8-sig"))))
    assert lines[0] == ["行号", "列", "原因", "所填内容"]
    assert {(line[0], line[1]) for line in lines[1:]} >= {("3", "身份证号码"), ("4", "学历")}
    assert all(line[2] for line in lines[1:])


def test_a_good_file_previews_then_imports_on_confirmation(world, academy, django_capture_on_commit_callbacks, cohort):
    """The preview counts and lists what will be created; only the confirmation (POST) writes; the done page links
    to the graduates, who are then listed with masked IDs."""
    upload(academy, cohort, csv_bytes(good_rows(world)), capture=django_capture_on_commit_callbacks)
    run = GraduateImport.objects.get()
    assert run.status == ImportStatus.VALIDATED, run.errors
    page = academy.get(detail(run)).content.decode()
    assert 'data-testid="count-created">3<' in page
    assert "将新增的学员（3）" in page and "郑小燕" in page and "王建新" in page
    assert world.lin_fang_id not in page  # masked
    assert not Graduate.objects.exists()

    confirm = reverse("training:graduate-import-confirm", kwargs={"pk": run.pk})
    assert "确认导入" in academy.get(confirm).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert academy.post(confirm).status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    done = academy.get(detail(run)).content.decode()
    assert "导入完成" in done and reverse("training:cohort-graduates", kwargs={"pk": cohort.pk}) in done
    assert Graduate.objects.filter(cohort=cohort).count() == 3
    assert Enterprise.objects.get(credit_code=NEW_EMPLOYER_CODE).pending_city_check

    listing = academy.get(reverse("training:cohort-graduates", kwargs={"pk": cohort.pk})).content.decode()
    assert "林芳" in listing and "郑小燕" in listing and world.lin_fang_id not in listing
    failed_only = academy.get(reverse("training:cohort-graduates", kwargs={"pk": cohort.pk}), {"passed": "0"})
    assert [g.person.name for g in failed_only.context["object_list"]] == ["郑小燕"]


def test_discarding_writes_nothing_and_cannot_be_confirmed_after(
    world, academy, django_capture_on_commit_callbacks, cohort
):
    upload(academy, cohort, csv_bytes(good_rows(world)), capture=django_capture_on_commit_callbacks)
    run = GraduateImport.objects.get()
    assert (
        "确认放弃" in academy.get(reverse("training:graduate-import-discard", kwargs={"pk": run.pk})).content.decode()
    )
    academy.post(reverse("training:graduate-import-discard", kwargs={"pk": run.pk}))
    run.refresh_from_db()
    assert run.status == ImportStatus.DISCARDED
    response = academy.post(reverse("training:graduate-import-confirm", kwargs={"pk": run.pk}), follow=True)
    assert not Graduate.objects.exists()
    assert "alert-danger" in response.content.decode()


def test_a_refused_file_is_told_on_the_form_and_leaves_no_row(
    world, academy, django_capture_on_commit_callbacks, cohort
):
    """A renamed binary is refused by its content before anything is stored."""
    response = upload(
        academy, cohort, b"MZ\x90\x00" + bytes(200), name="学员.xlsx", capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not GraduateImport.objects.exists()


def test_progress_endpoint_and_the_cohorts_imports(world, academy, django_capture_on_commit_callbacks, cohort):
    upload(academy, cohort, csv_bytes(bad_rows(world)), capture=django_capture_on_commit_callbacks)
    run = GraduateImport.objects.get()
    progress = academy.get(reverse("training:graduate-import-progress", kwargs={"pk": run.pk})).json()
    assert progress["status"] == ImportStatus.INVALID and progress["finished"] is True
    assert progress["done"] == progress["total"] == 3 and progress["percent"] == 100
    imports = academy.get(reverse("training:graduate-import-list", kwargs={"pk": cohort.pk})).content.decode()
    assert detail(run) in imports and "校验未通过" in imports


def test_while_running_the_page_shows_a_bar_polling_and_a_refresh_link(world, academy, cohort):
    run = GraduateImport.objects.create(
        cohort=cohort,
        uploaded_by=world.users["institution_a"],
        filename="大名单.xlsx",
        sha256="0" * 64,
        status=ImportStatus.VALIDATING,
        progress_done=500,
        progress_total=2000,
    )
    page = academy.get(detail(run)).content.decode()
    assert 'role="progressbar"' in page and "js/import-progress.js" in page
    assert reverse("training:graduate-import-progress", kwargs={"pk": run.pk}) in page
    assert "刷新查看进度" in page and "25%" in page


def test_templates_carry_the_contract_header_and_an_example_row(world, academy):
    response = academy.get(reverse("training:graduate-import-template", kwargs={"file_format": "csv"}))
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[0] == HEADER and len(lines) == 2
    response = academy.get(reverse("training:graduate-import-template", kwargs={"file_format": "xlsx"}))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in sheet[1]] == HEADER
    id_column = HEADER.index("身份证号码") + 1
    example = sheet.cell(row=2, column=id_column)
    assert isinstance(example.value, str) and len(example.value) == 18
    assert example.number_format == "@" and sheet.cell(row=500, column=id_column).number_format == "@"


def test_another_institution_gets_404_on_everything_of_the_cohort(
    world, client_for, django_capture_on_commit_callbacks, cohort
):
    academy = client_for("institution_a")
    upload(academy, cohort, csv_bytes(bad_rows(world)), capture=django_capture_on_commit_callbacks)
    run = GraduateImport.objects.get()
    college = client_for("institution_b")
    for route, pk in [
        ("training:graduate-import-detail", run.pk),
        ("training:graduate-import-progress", run.pk),
        ("training:graduate-import-report", run.pk),
        ("training:graduate-import-confirm", run.pk),
        ("training:graduate-import-discard", run.pk),
        ("training:graduate-import-list", cohort.pk),
        ("training:graduate-import-create", cohort.pk),
        ("training:cohort-graduates", cohort.pk),
    ]:
        assert college.get(reverse(route, kwargs={"pk": pk})).status_code == 404, route


@pytest.fixture
def imported(world, client_for, django_capture_on_commit_callbacks, cohort):
    academy = client_for("institution_a")
    upload(academy, cohort, csv_bytes(good_rows(world)), capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        academy.post(reverse("training:graduate-import-confirm", kwargs={"pk": GraduateImport.objects.get().pk}))
    assert Graduate.objects.count() == 3


@pytest.mark.parametrize(
    ("principal", "names", "title"),
    [
        ("enterprise_a", ["林芳"], "本企业人员培训情况"),
        ("enterprise_b", ["郑小燕"], "本企业人员培训情况"),
        ("city_a", ["林芳", "王建新"], "本地企业人员培训情况"),
        ("city_b", ["郑小燕"], "本地企业人员培训情况"),
        ("institution_a", ["林芳", "王建新", "郑小燕"], "本机构结业学员"),
        ("institution_b", [], "本机构结业学员"),
        ("province", ["林芳", "王建新", "郑小燕"], "结业学员"),
    ],
)
def test_each_role_sees_the_training_in_its_scope(world, client_for, imported, principal, names, title):
    """Article 11: an enterprise sees its own staff's training, a city bureau its enterprises'."""
    response = client_for(principal).get(reverse("training:graduate-list"), {"sort": "name"})
    assert sorted(g.person.name for g in response.context["object_list"]) == sorted(names)
    assert f'<h1 class="h3 mb-0">{title}</h1>' in response.content.decode()


def test_export_masks_ids_and_is_logged(world, client_for, imported):
    response = client_for("enterprise_a").get(reverse("training:graduate-list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("姓名", "身份证号码（脱敏）") and len(rows) == 2
    assert rows[1][0] == "林芳" and "*" in rows[1][1] and world.lin_fang_id not in rows[1][1]
    assert AccessLog.objects.filter(actor=world.users["enterprise_a"]).exists()


def test_the_list_costs_the_same_queries_for_more_graduates(world, client_for, imported, cohort):
    client = client_for("province")
    url = reverse("training:graduate-list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        person = Person.objects.create(
            name=f"学员{n}",
            resident_id_hash=f"h{n}",
            resident_id_masked="3501**********000X",
            birth_year=1980,
            education="bachelor",
        )
        Graduate.objects.create(
            cohort=cohort,
            person=person,
            enterprise=world.bolt,
            enterprise_name=world.bolt.name,
            education="bachelor",
            title_level="none",
            passed=True,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_upload_page_offers_the_templates_and_explains_the_format(world, academy, cohort):
    page = academy.get(reverse("training:graduate-import-create", kwargs={"pk": cohort.pk})).content.decode()
    assert reverse("training:graduate-import-template", kwargs={"file_format": "xlsx"}) in page
    assert reverse("training:graduate-import-template", kwargs={"file_format": "csv"}) in page
    assert "身份证号码列须为文本格式" in page and 'accept=".csv,.xlsx"' in page


def test_the_downloaded_xlsx_template_is_read_by_the_import(world, academy, cohort, django_capture_on_commit_callbacks):
    """The XLSX template (text-formatted ID column, example row) passes the file checks and its example row
    validates: an institution that fills it in the way it shows gets no refusal of the file itself."""
    template = academy.get(reverse("training:graduate-import-template", kwargs={"file_format": "xlsx"}))
    content = b"".join(template.streaming_content)
    url = reverse("training:graduate-import-create", kwargs={"pk": cohort.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = academy.post(url, {"file": SimpleUploadedFile("模板.xlsx", content)})
    assert response.status_code == 302, response.context["form"].errors
    run = GraduateImport.objects.get()
    assert run.status == ImportStatus.VALIDATED, run.errors


def test_the_cohort_page_shows_its_graduates_and_the_import_button(world, client_for, cohort, imported):
    """The institution sees the counts, the latest import and the button; the province the counts but no button."""
    url = reverse("training:cohort-detail", kwargs={"pk": cohort.pk})
    page = client_for("institution_a").get(url).content.decode()
    assert "共 <strong>3</strong> 人：考核合格 2 人，不合格 1 人" in page
    assert reverse("training:graduate-import-create", kwargs={"pk": cohort.pk}) in page
    assert reverse("training:cohort-graduates", kwargs={"pk": cohort.pk}) in page
    assert "已导入" in page
    page = client_for("province").get(url).content.decode()
    assert "共 <strong>3</strong> 人" in page
    assert reverse("training:graduate-import-create", kwargs={"pk": cohort.pk}) not in page


def test_the_city_is_told_of_the_enterprise_an_import_created(world, client_for, imported):
    notice = Notice.objects.get(recipient_city=world.fuzhou)
    assert "新建了1家本地企业" in notice.text and notice.link.endswith("?pending_city_check=1")
    assert not Notice.objects.filter(recipient_city=world.xiamen).exists()


def test_an_import_waiting_for_confirmation_is_on_the_institutions_home_page(
    world, academy, client_for, cohort, django_capture_on_commit_callbacks
):
    upload(academy, cohort, csv_bytes(good_rows(world)), capture=django_capture_on_commit_callbacks)
    run = GraduateImport.objects.get()
    home = academy.get(reverse("home")).content.decode()
    assert f"班次{cohort.code}的学员名单“结业学员.csv”已校验通过，待确认导入。" in home
    assert detail(run) in home
    assert detail(run) not in client_for("institution_b").get(reverse("home")).content.decode()
    academy.post(reverse("training:graduate-import-discard", kwargs={"pk": run.pk}))
    assert detail(run) not in academy.get(reverse("home")).content.decode()


def test_the_preview_shows_each_changed_field_of_an_updated_graduate(
    world, academy, cohort, imported, django_capture_on_commit_callbacks
):
    """The same file again with one score changed: one update (考核成绩 old → new), the rest unchanged."""
    rows = good_rows(world)
    rows[0] = {**rows[0], "考核成绩": "95"}
    upload(academy, cohort, csv_bytes(rows), capture=django_capture_on_commit_callbacks)
    run = GraduateImport.objects.latest("id")
    assert run.status == ImportStatus.VALIDATED, run.errors
    page = academy.get(detail(run)).content.decode()
    assert 'data-testid="count-updated">1<' in page and 'data-testid="count-unchanged">2<' in page
    assert "将更新的学员（1）" in page and "将新增的学员" not in page
    assert "考核成绩：86.0 → <strong>95.0</strong>" in page
