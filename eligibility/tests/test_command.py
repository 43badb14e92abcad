"""`manage.py check_eligibility` keeps CONTRACT.md §2: verdicts in input order, exit 2 and no output on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from eligibility.rules import TEXTS_2014

DATA = Path(__file__).parent / "data"
CASES = json.loads((DATA / "cases.json").read_text(encoding="utf-8"))
CONTRACT_CLAUSE_KEYS = ["clause", "result", "reason", "text"]


def run(path) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of the command, called in-process."""
    out, err = StringIO(), StringIO()
    try:
        call_command("check_eligibility", str(path), stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def write(tmp_path, data, name="input.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def batch_output(tmp_path_factory):
    """All table cases through the command at once, as one JSON list."""
    path = write(tmp_path_factory.mktemp("cases"), [case["input"] for case in CASES])
    code, out, err = run(path)
    assert code == 0, err
    return json.loads(out)


def test_table_has_at_least_forty_cases():
    assert len(CASES) >= 40


def test_batch_keeps_input_order(batch_output):
    """One verdict per input, in the same order."""
    assert [v["id"] for v in batch_output] == [case["input"]["id"] for case in CASES]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[case["expected"]["id"] for case in CASES])
def test_json_case(batch_output, index):
    """Each verdict matches the hand-written expectation field for field."""
    expected = CASES[index]["expected"]
    verdict = batch_output[index]
    assert list(verdict) == ["id", "status", "rule_set", "clauses"]
    assert verdict["id"] == expected["id"]
    assert verdict["status"] == expected["status"]
    assert verdict["rule_set"]["code"] == "闽质监质〔2014〕286号"
    assert [c["clause"] for c in verdict["clauses"]] == list(expected["results"])
    for clause in verdict["clauses"]:
        assert list(clause) == CONTRACT_CLAUSE_KEYS
        assert clause["result"] == expected["results"][clause["clause"]], clause
        assert clause["text"] == TEXTS_2014[clause["clause"]]
        assert clause["reason"]
        fragment = expected["reasons"].get(clause["clause"])
        if fragment:
            assert fragment in clause["reason"], clause["reason"]


def test_one_object_gives_a_list_of_one(tmp_path):
    """A file holding a single candidate object still prints a list, exactly as shaped here."""
    data = dict(CASES[6]["input"])  # large enterprise, associate degree
    code, out, _ = run(write(tmp_path, data))
    assert code == 0
    assert json.loads(out) == [
        {
            "id": "J07",
            "status": "ineligible",
            "rule_set": {
                "code": "闽质监质〔2014〕286号",
                "title": "福建省企业首席质量官管理办法(试行)",
                "effective_from": "2014-12-08",
                "note": None,
            },
            "clauses": [
                {
                    "clause": "5.1",
                    "result": "pass",
                    "reason": "申报人已声明具有良好的职业道德和敬业精神、诚实守信、敢于负责",
                    "text": TEXTS_2014["5.1"],
                },
                {
                    "clause": "5.2",
                    "result": "pass",
                    "reason": "申报人已声明热爱质量工作、熟悉国家有关质量法律法规和质量政策",
                    "text": TEXTS_2014["5.2"],
                },
                {
                    "clause": "5.3",
                    "result": "fail",
                    "reason": "大型企业要求大学本科及以上学历，申报学历为大学专科",
                    "text": TEXTS_2014["5.3"],
                },
                {
                    "clause": "5.4",
                    "result": "not_applicable",
                    "reason": "企业规模为大型，本项仅适用于小微企业，大型企业适用第五条第（三）项",
                    "text": TEXTS_2014["5.4"],
                },
                {
                    "clause": "5.5",
                    "result": "pass",
                    "reason": "第1张证书（2024-05-10签发）有效：未撤销，签发时培训机构在受托期内",
                    "text": TEXTS_2014["5.5"],
                },
                *[
                    {
                        "clause": f"6.{n}",
                        "result": "pass",
                        "reason": f"无第六条第（{'一二三四五'[n - 1]}）项认定",
                        "text": TEXTS_2014[f"6.{n}"],
                    }
                    for n in range(1, 6)
                ],
            ],
        }
    ]


def test_empty_list_prints_empty_list(tmp_path):
    code, out, _ = run(write(tmp_path, []))
    assert (code, json.loads(out)) == (0, [])


def test_utf8_with_bom_is_read(tmp_path):
    """Files saved by Windows editors carry a BOM; they are still understood."""
    path = tmp_path / "bom.json"
    path.write_bytes("\ufeff".encode() + json.dumps(CASES[0]["input"]).encode())
    code, out, _ = run(path)
    assert code == 0 and json.loads(out)[0]["status"] == "eligible"


def test_bad_records_are_all_named_and_nothing_is_printed(tmp_path):
    """One bad record means exit 2, no verdicts at all, and a line per problem naming record, id and field."""
    good = CASES[0]["input"]
    bad_date = dict(
        CASES[1]["input"], quality_work=[{"start": "2015-03-01", "end": None}, {"start": "2019/1/1", "end": None}]
    )
    bad_item = dict(CASES[2]["input"], findings=[{"item": 9, "decided_on": "2025-01-01", "lifted_on": None}])
    no_education = {k: v for k, v in CASES[3]["input"].items() if k != "education"}
    code, out, err = run(write(tmp_path, [good, bad_date, good, bad_item, no_education, "not a record"]))
    assert code == 2
    assert out == ""
    assert '记录[1]（id="J02"） 字段 quality_work[1].start：日期格式应为 YYYY-MM-DD' in err
    assert '记录[3]（id="J03"） 字段 findings[0].item：取值无效：9' in err
    assert "字段 education：缺少此字段" in err
    assert "记录[5]：应为JSON对象" in err
    assert "记录[0]" not in err and "记录[2]" not in err
    assert "共6条记录，其中4条有误" in err


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "不是有效的JSON（第1行第2列"),
        ("", "不是有效的JSON"),
        ("42", "顶层应为一个候选人JSON对象"),
        ('"text"', "顶层应为一个候选人JSON对象"),
    ],
)
def test_unreadable_input_exits_2(tmp_path, content, message):
    code, out, err = run(write(tmp_path, content))
    assert (code, out) == (2, "")
    assert message in err


def test_missing_file_exits_2(tmp_path):
    code, out, err = run(tmp_path / "absent.json")
    assert (code, out) == (2, "")
    assert "无法读取文件" in err


def test_not_utf8_exits_2(tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes('{"id": "张三"}'.encode("gb18030"))
    code, out, err = run(path)
    assert (code, out) == (2, "")
    assert "不是UTF-8编码" in err


def manage(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="cqo_portal.settings", DEBUG="1", SECRET_KEY=settings.SECRET_KEY)
    return subprocess.run(
        [sys.executable, "manage.py", "check_eligibility", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_subprocess_exit_codes(tmp_path):
    """Run as a script would: exit 0 with a JSON list on stdout; exit 2 with nothing on stdout."""
    good = manage(str(write(tmp_path, [case["input"] for case in CASES[:3]], "good.json")))
    assert good.returncode == 0, good.stderr
    assert [v["status"] for v in json.loads(good.stdout)] == ["eligible", "eligible", "eligible"]
    assert "闽质监质〔2014〕286号" in good.stdout  # ensure_ascii=False: Chinese as itself

    bad = manage(str(write(tmp_path, [CASES[0]["input"], {"id": "x"}], "bad.json")))
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert '记录[1]（id="x"） 字段 as_of：缺少此字段' in bad.stderr
