"""Graduate files for the browser pages' tests: CSV bytes from rows keyed by CONTRACT §3's headers, built around the test world."""

from __future__ import annotations

import csv
import io

from registry.validators import make_credit_code, make_resident_id

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
NEW_EMPLOYER_CODE = make_credit_code("91350100MA0000T01")  # a Fuzhou enterprise not yet registered


def row(name: str, resident_id: str, enterprise: str, credit_code: str, **cells) -> dict:
    return {
        "姓名": name,
        "身份证号码": resident_id,
        "工作单位": enterprise,
        "统一社会信用代码": credit_code,
        "学历": "本科",
        "职称": "中级",
        "考核成绩": "86",
        "考核结果": "合格",
        **cells,
    }


def good_rows(world) -> list[dict]:
    """林芳 as she is on file (acme), a new person at bolt, and one at an employer the portal does not know."""
    return [
        row("林芳", world.lin_fang_id, world.acme.name, world.acme.credit_code, 职务="质量总监"),
        row(
            "郑小燕",
            make_resident_id("35020319880808002"),
            world.bolt.name,
            world.bolt.credit_code,
            考核结果="不合格",
            考核成绩="52",
        ),
        row("王建新", make_resident_id("35010219790301003"), "福州新建精工有限公司", NEW_EMPLOYER_CODE),
    ]


def bad_rows(world) -> list[dict]:
    """The good rows with two mistakes: a wrong check digit in row 3 and an unknown education in row 4."""
    rows = good_rows(world)
    broken_id = rows[1]["身份证号码"][:-1] + ("1" if rows[1]["身份证号码"][-1] != "1" else "2")
    rows[1] = {**rows[1], "身份证号码": broken_id}
    rows[2] = {**rows[2], "学历": "大学"}
    return rows


def csv_bytes(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
