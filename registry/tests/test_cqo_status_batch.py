"""Article 14 for evaluators: the CQO-system status of many enterprises at once, pasted, uploaded or by unit."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eligibility.present import status_label
from registry.forms.cqo_status import MAX_CODES
from registry.models import Enterprise
from registry.validators import make_credit_code

from .appointment_fixtures import acknowledged

pytestmark = pytest.mark.django_db

URL = reverse("registry:cqo-status-batch")
UNKNOWN = make_credit_code("91350100MA9999999")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def table_rows(html: str) -> list[list[str]]:
    """The result table's rows, each as its cells' text."""
    body = html[html.index('data-testid="status-table"') :]
    body = body[: body.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S) for row in rows]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in row] for row in cells if row]


def test_a_pasted_list_answers_each_code_in_its_order_with_row_errors(world, client_for):
    """The Fuzhou bureau pastes acme's code, a typo, bolt's code (Xiamen's) and an unknown one: acme shows its
    acknowledged CQO masked and the verdict's words; the typo is named by its line; bolt reads exactly like the
    unknown code (no oracle)."""
    appointment = acknowledged(world)
    pasted = f"{world.acme.credit_code}\n9135 01OO\n{world.bolt.credit_code}, {UNKNOWN}\n"
    html = client_for("city_a").post(URL, {"codes": pasted}).content.decode()
    rows = table_rows(html)
    assert rows[0] == [
        "1",
        world.acme.credit_code,
        "榕城精密机械有限公司",
        "福州市",
        "否",
        "林*",
        "2025-01-02",
        status_label(appointment.verdict_status),
    ]
    assert rows[1][1:] == [world.bolt.credit_code, "未登记", "—", "—", "—", "—", "—"]
    assert rows[2][1:] == [UNKNOWN, "未登记", "—", "—", "—", "—", "—"]
    assert "林芳" not in html  # the name only masked
    assert "第2行“9135 01OO”" in html
    assert "3个代码，其中已登记1家" in html


def test_the_province_sees_both_units_and_codes_typed_any_way(world, client_for):
    full_width = world.bolt.credit_code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    html = (
        client_for("province").post(URL, {"codes": f"{world.acme.credit_code.lower()}\t{full_width}"}).content.decode()
    )
    rows = table_rows(html)
    assert [row[2] for row in rows] == ["榕城精密机械有限公司", "鹭岛电子科技有限公司"]
    assert rows[1][5] == "无" and rows[1][7] == "—"  # bolt has no CQO on file


def test_a_list_over_the_cap_is_refused_whole_with_a_clear_message(world, client_for):
    codes = "\n".join([world.acme.credit_code] * (MAX_CODES + 1))
    html = client_for("province").post(URL, {"codes": codes}).content.decode()
    assert f"共有{MAX_CODES + 1}个代码，超过每次查询的上限{MAX_CODES}个" in html
    assert 'data-testid="status-table"' not in html


def test_an_empty_form_or_both_inputs_are_told(world, client_for):
    client = client_for("province")
    assert "请粘贴统一社会信用代码清单" in client.post(URL, {"codes": "  "}).content.decode()
    upload = SimpleUploadedFile("codes.csv", world.acme.credit_code.encode())
    assert "二者选其一" in client.post(URL, {"codes": UNKNOWN, "file": upload}).content.decode()


def test_a_csv_upload_reads_the_first_column_and_puts_the_codes_back_in_the_box(world, client_for):
    content = f"统一社会信用代码,企业名称\n{world.acme.credit_code},榕城\n\nbad-code,坏\n".encode("gb18030")
    html = client_for("province").post(URL, {"file": SimpleUploadedFile("名单.csv", content)}).content.decode()
    rows = table_rows(html)
    assert rows[0][:3] == ["2", world.acme.credit_code, "榕城精密机械有限公司"]
    assert "第4行“bad-code”" in html
    assert "已从文件读取2个代码" in html
    assert f"\n{world.acme.credit_code}\n\nbad-code</textarea>" in html  # each on its row's line


def test_an_xlsx_upload_is_read_and_an_xlsx_disguised_pdf_refused(world, client_for):
    book = openpyxl.Workbook()
    book.active.append(["统一社会信用代码"])
    book.active.append([world.bolt.credit_code])
    data = io.BytesIO()
    book.save(data)
    client = client_for("city_b")
    html = client.post(URL, {"file": SimpleUploadedFile("list.xlsx", data.getvalue())}).content.decode()
    assert table_rows(html)[0][2] == "鹭岛电子科技有限公司"
    html = client.post(URL, {"file": SimpleUploadedFile("list.xlsx", b"%PDF-1.4 not a table")}).content.decode()
    assert "代码清单文件：文件内容是PDF文档" in html


def test_the_export_is_an_xlsx_with_a_bold_frozen_header_and_widths(world, client_for):
    acknowledged(world)
    response = client_for("province").post(URL, {"codes": f"{world.acme.credit_code}\n{UNKNOWN}", "export": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("行号", "统一社会信用代码", "企业名称") and sheet["A1"].font.bold
    assert rows[1][2] == "榕城精密机械有限公司" and rows[1][6] == "林*" and rows[2][2] == "未登记"
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["C"].width > 10


def test_a_unit_lists_its_enterprises_and_a_city_only_its_own_unit(world, client_for):
    html = client_for("city_a").get(URL, {"city": "350100"}).content.decode()
    assert [row[0] for row in table_rows(html)] == [world.acme.credit_code]  # no line numbers for a unit
    html = client_for("city_b").get(URL, {"city": "350100"}).content.decode()
    assert "报备单位：请从列表中选择。" in html and world.acme.credit_code not in html
    response = client_for("province").get(URL, {"city": "350200", "export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert [row[1] for row in rows[1:]] == [world.bolt.credit_code]


@pytest.mark.parametrize(
    "data",
    [{"codes": "\x00"}, {"codes": "９１３５\u202e"}, {"codes": "ß" * 5000}, {"codes": "9" * 200000}, {"file": "x"}],
)
def test_odd_input_is_never_a_500(world, client_for, data):
    assert client_for("province").post(URL, data).status_code < 500


def test_queries_stay_flat_as_the_list_grows(world, client_for):
    Enterprise.objects.bulk_create(
        Enterprise(credit_code=make_credit_code(f"91350100MA{n:07d}"), name=f"企业{n}", city=world.fuzhou)
        for n in range(200)
    )
    client = client_for("province")
    few = "\n".join(make_credit_code(f"91350100MA{n:07d}") for n in range(3))
    many = "\n".join(make_credit_code(f"91350100MA{n:07d}") for n in range(200))
    with CaptureQueriesContext(connection) as small:
        client.post(URL, {"codes": few})
    with CaptureQueriesContext(connection) as large:
        client.post(URL, {"codes": many})
    assert len(large) == len(small)
