"""Graduate files for the import's tests and benchmark: valid rows built from check digits, written as CSV or XLSX."""

from __future__ import annotations

import csv
import datetime
import io

from openpyxl import Workbook

from registry.models import City
from registry.reporting_units import ensure_reporting_units
from registry.validators import make_credit_code, make_resident_id, normalize_cohort_code
from training.imports.columns import GRADUATE_COLUMNS
from training.models import Cohort, Entrustment, Institution

HEADERS = [column.header for column in GRADUATE_COLUMNS]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def resident_id(index: int) -> str:
    """A valid ID, different for every index (born 1960-1999 in Fuzhou's 350102)."""
    day = datetime.date(1960, 1, 1) + datetime.timedelta(days=index % 14000)
    sequence = 100 + index // 14000  # three digits; the last one sets the gender
    return make_resident_id(f"350102{day:%Y%m%d}{sequence:03d}")


def credit_code(index: int, division: str = "350102") -> str:
    return make_credit_code(f"91{division}MA{index:07d}")


def name(index: int) -> str:
    return SURNAMES[index % 20] + GIVEN[(index // 20) % 20] + GIVEN[(index // 400) % 20]


def row(index: int, **overrides) -> dict:
    number = resident_id(index)
    values = {
        "姓名": name(index),
        "身份证号码": number,
        "性别": "男" if int(number[16]) % 2 else "女",
        "工作单位": f"福建测试企业{index % 500:03d}有限公司",
        "统一社会信用代码": credit_code(index % 500),
        "职务": "质量部经理",
        "学历": "本科",
        "职称": "中级",
        "质量工作年限": "8",
        "考核成绩": "86.5",
        "考核结果": "合格",
        "手机号码": f"138{index:08d}",
    }
    values.update(overrides)
    return values


def rows(count: int, start: int = 0) -> list[dict]:
    return [row(index) for index in range(start, start + count)]


def csv_bytes(records: list[dict], *, headers=HEADERS, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for record in records:
        writer.writerow([record.get(header, "") for header in headers])
    return out.getvalue().encode(encoding)


def xlsx_bytes(records: list[dict], *, headers=HEADERS, raw: dict | None = None) -> bytes:
    """An XLSX written by openpyxl; `raw` maps (row index, header) to a cell value written as is (a number, a
    formula string starting with "=")."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for index, record in enumerate(records):
        cells = []
        for header in headers:
            value = (raw or {}).get((index, header), record.get(header, ""))
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def entrusted_cohort(institution: Institution | None = None, code: str = "TEST-COHORT") -> Cohort:
    """A cohort of an institution entrusted since 2015 (the world's academy, or a new institution)."""
    ensure_reporting_units(City)
    if institution is None:
        institution = Institution.objects.create(name="测试培训机构")
        Entrustment.objects.create(institution=institution, from_date=datetime.date(2015, 1, 1))
    return Cohort.objects.create(
        institution=institution,
        code=code,
        code_key=normalize_cohort_code(code),
        title="首席质量官培训班",
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 3, 10),
        hours=40,
    )
