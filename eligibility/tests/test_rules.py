"""The Article 5/6 engine as a table of cases: contract-shaped input in, clause results out, no database."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from eligibility.rules import (
    DEFAULT_RULE_SETS,
    RULE_SET_2014,
    TEXTS_2014,
    CandidateError,
    Period,
    RuleSet,
    add_months,
    calendar_span,
    count_experience,
    evaluate,
    parse_candidate,
    verdict_to_dict,
)

CLAUSES = ["5.1", "5.2", "5.3", "5.4", "5.5", "6.1", "6.2", "6.3", "6.4", "6.5"]

# An eligible manager of a large enterprise; each case changes only what it is about.
BASE = {
    "id": "base",
    "as_of": "2026-06-30",
    "enterprise_size": "large",
    "education": "bachelor",
    "title": "intermediate",
    "quality_work": [{"start": "2015-03-01", "end": None}],
    "certificates": [
        {"issued_on": "2024-05-10", "revoked": False, "institution_entrusted": {"from": "2015-01-01", "until": None}}
    ],
    "declarations": {"ethics": True, "laws": True},
    "findings": [],
}


def candidate(**changes) -> dict:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def work(*spans) -> list[dict]:
    return [{"start": start, "end": end} for start, end in spans]


def cert(issued_on, entrusted_from="2015-01-01", until=None, revoked=False) -> dict:
    return {
        "issued_on": issued_on,
        "revoked": revoked,
        "institution_entrusted": {"from": entrusted_from, "until": until},
    }


def finding(item, decided_on, lifted_on=None) -> dict:
    return {"item": item, "decided_on": decided_on, "lifted_on": lifted_on}


def judge(data: dict):
    verdict = evaluate(parse_candidate(data))
    return verdict, {c.clause: c for c in verdict.clauses}


# (case id, input, {clause: expected result}, {clause: text the reason must contain})
CLAUSE_CASES = [
    # 5.1 / 5.2: declarations
    ("ethics declared", candidate(), {"5.1": "pass", "5.2": "pass"}, {"5.1": "已声明"}),
    (
        "ethics not declared",
        candidate(declarations={"ethics": False, "laws": True}),
        {"5.1": "review", "5.2": "pass"},
        {"5.1": "未声明"},
    ),
    (
        "laws not declared",
        candidate(declarations={"ethics": True, "laws": False}),
        {"5.1": "pass", "5.2": "review"},
        {"5.2": "须人工核实"},
    ),
    # 5.3: large and medium
    ("large all met", candidate(), {"5.3": "pass", "5.4": "not_applicable"}, {"5.3": "学历为大学本科", "5.4": "大型"}),
    (
        "medium all met",
        candidate(enterprise_size="medium"),
        {"5.3": "pass", "5.4": "not_applicable"},
        {"5.3": "中型企业"},
    ),
    (
        "large doctorate senior",
        candidate(education="doctorate", title="senior"),
        {"5.3": "pass"},
        {"5.3": "博士研究生"},
    ),
    ("large master associate_senior", candidate(education="master", title="associate_senior"), {"5.3": "pass"}, {}),
    (
        "large associate degree",
        candidate(education="associate"),
        {"5.3": "fail"},
        {"5.3": "大型企业要求大学本科及以上学历，申报学历为大学专科"},
    ),
    ("large high school", candidate(education="high_school"), {"5.3": "fail"}, {"5.3": "申报学历为普通高中"}),
    ("large secondary vocational", candidate(education="secondary_vocational"), {"5.3": "fail"}, {"5.3": "中专/中职"}),
    (
        "large assistant title",
        candidate(title="assistant"),
        {"5.3": "fail"},
        {"5.3": "要求中级及以上专业技术职称，申报职称为助理级"},
    ),
    ("large technician title", candidate(title="technician"), {"5.3": "fail"}, {"5.3": "员级"}),
    ("large no title", candidate(title="none"), {"5.3": "fail"}, {"5.3": "无专业技术职称"}),
    (
        "large exactly 5 years",
        candidate(quality_work=work(("2021-07-01", None))),
        {"5.3": "pass"},
        {"5.3": "质量工作经历合计5年（要求5年以上）"},
    ),
    (
        "large 5 years less a day",
        candidate(quality_work=work(("2021-07-02", None))),
        {"5.3": "fail"},
        {"5.3": "质量工作经历合计4年11个月29天，尚差1天"},
    ),
    (
        "large 4 years 2 months",
        candidate(quality_work=work(("2022-05-01", None))),
        {"5.3": "fail"},
        {"5.3": "质量工作经历合计4年2个月，尚差10个月"},
    ),
    (
        "large no quality work",
        candidate(quality_work=[]),
        {"5.3": "fail"},
        {"5.3": "评估日期前无质量工作经历，尚差5年"},
    ),
    (
        "large all three short",
        candidate(education="associate", title="none", quality_work=work(("2024-01-01", None))),
        {"5.3": "fail"},
        {"5.3": "申报学历为大学专科；要求中级及以上专业技术职称，申报职称为无专业技术职称；要求5年以上"},
    ),
    (
        "large high_school is not a review",
        candidate(education="high_school"),
        {"5.3": "fail", "5.4": "not_applicable"},
        {},
    ),
    # 5.4: small and micro
    (
        "small all met",
        candidate(enterprise_size="small", education="secondary_vocational", title="technician"),
        {"5.3": "not_applicable", "5.4": "pass"},
        {"5.3": "小型企业适用第五条第（四）项", "5.4": "学历为中专/中职"},
    ),
    (
        "micro all met",
        candidate(enterprise_size="micro", education="associate", title="assistant"),
        {"5.3": "not_applicable", "5.4": "pass"},
        {"5.4": "微型企业"},
    ),
    (
        "small high school",
        candidate(enterprise_size="small", education="high_school", title="assistant"),
        {"5.4": "review"},
        {"5.4": "申报学历为普通高中，办法未列明，须人工认定是否相当；其余条件满足"},
    ),
    (
        "small junior high",
        candidate(enterprise_size="small", education="junior_high_or_below"),
        {"5.4": "fail"},
        {"5.4": "要求中专及以上学历，申报学历为初中及以下"},
    ),
    (
        "small no title",
        candidate(enterprise_size="micro", title="none"),
        {"5.4": "fail"},
        {"5.4": "要求初级及以上专业技术职称，申报职称为无专业技术职称"},
    ),
    (
        "small high school and short years",
        candidate(enterprise_size="small", education="high_school", quality_work=work(("2024-07-01", None))),
        {"5.4": "fail"},
        {"5.4": "尚差1年"},
    ),
    (
        "small exactly 3 years",
        candidate(enterprise_size="small", quality_work=work(("2023-07-01", None))),
        {"5.4": "pass"},
        {"5.4": "合计3年（要求3年以上）"},
    ),
    (
        "small 3 years less a day",
        candidate(enterprise_size="small", quality_work=work(("2023-07-02", None))),
        {"5.4": "fail"},
        {"5.4": "合计2年11个月29天，尚差1天"},
    ),
    # unknown size: both bands go to a person, with what each would find
    (
        "unknown size",
        candidate(enterprise_size="unknown"),
        {"5.3": "review", "5.4": "review"},
        {"5.3": "企业规模无法判定", "5.4": "均满足"},
    ),
    (
        "unknown size, short of the large band",
        candidate(enterprise_size="unknown", education="associate"),
        {"5.3": "review", "5.4": "review"},
        {"5.3": "申报学历为大学专科"},
    ),
    # years: the calendar edges (module docstring of rules.py)
    (
        "leap: to 2020-02-29 is exactly 5 years",
        candidate(quality_work=work(("2015-03-01", "2020-02-29"))),
        {"5.3": "pass"},
        {"5.3": "合计5年（"},
    ),
    (
        "leap: to 2020-02-28 is one day short",
        candidate(quality_work=work(("2015-03-01", "2020-02-28"))),
        {"5.3": "fail"},
        {"5.3": "合计4年11个月28天，尚差1天"},
    ),
    (
        "start on Feb 29: three years end on Feb 28",
        candidate(enterprise_size="micro", quality_work=work(("2016-02-29", "2019-02-28"))),
        {"5.4": "pass"},
        {"5.4": "合计3年（"},
    ),
    (
        "start on Feb 29: to Feb 27 is short",
        candidate(enterprise_size="micro", quality_work=work(("2016-02-29", "2019-02-27"))),
        {"5.4": "fail"},
        {"5.4": "尚差1天"},
    ),
    # merging and clipping
    (
        "overlap counted once",
        candidate(
            enterprise_size="small", quality_work=work(("2018-01-01", "2020-12-31"), ("2019-01-01", "2021-06-30"))
        ),
        {"5.4": "pass"},
        {"5.4": "合计3年6个月"},
    ),
    (
        "overlap counted once, short for large",
        candidate(quality_work=work(("2019-01-01", "2021-06-30"), ("2018-01-01", "2020-12-31"))),
        {"5.3": "fail"},
        {"5.3": "质量工作经历合计3年6个月，尚差1年6个月"},
    ),
    (
        "period inside another",
        candidate(quality_work=work(("2020-01-01", "2024-12-31"), ("2021-01-01", "2021-12-31"))),
        {"5.3": "pass"},
        {"5.3": "合计5年（"},
    ),
    (
        "adjacent periods join",
        candidate(quality_work=work(("2016-01-01", "2018-12-31"), ("2019-01-01", "2020-12-31"))),
        {"5.3": "pass"},
        {"5.3": "合计5年（"},
    ),
    (
        "gap between periods is not counted",
        candidate(quality_work=work(("2016-01-01", "2018-12-31"), ("2019-02-01", "2020-12-31"))),
        {"5.3": "fail"},
        {"5.3": "合计4年11个月，尚差1个月"},
    ),
    (
        "period after as_of ignored",
        candidate(quality_work=work(("2023-01-01", None), ("2027-01-01", None))),
        {"5.3": "fail"},
        {"5.3": "合计3年6个月"},
    ),
    (
        "period starting on as_of counts one day",
        candidate(quality_work=work(("2026-06-30", None))),
        {"5.3": "fail"},
        {"5.3": "合计1天"},
    ),
    (
        "end after as_of is clipped",
        candidate(quality_work=work(("2022-07-01", "2031-12-31"))),
        {"5.3": "fail"},
        {"5.3": "合计4年，尚差1年"},
    ),
    # 5.5: certificates
    ("valid certificate", candidate(), {"5.5": "pass"}, {"5.5": "第1张证书（2024-05-10签发）有效"}),
    ("no certificate", candidate(certificates=[]), {"5.5": "fail"}, {"5.5": "无培训证书"}),
    (
        "revoked certificate",
        candidate(certificates=[cert("2024-05-10", revoked=True)]),
        {"5.5": "fail"},
        {"5.5": "证书已撤销"},
    ),
    (
        "issued after as_of",
        candidate(certificates=[cert("2026-07-01")]),
        {"5.5": "fail"},
        {"5.5": "证书签发日期晚于评估日期2026-06-30"},
    ),
    ("issued on as_of", candidate(certificates=[cert("2026-06-30")]), {"5.5": "pass"}, {}),
    (
        "issued on the first day of entrustment",
        candidate(certificates=[cert("2020-03-01", "2020-03-01")]),
        {"5.5": "pass"},
        {},
    ),
    (
        "issued the day before entrustment",
        candidate(certificates=[cert("2020-02-29", "2020-03-01")]),
        {"5.5": "fail"},
        {"5.5": "培训证书签发时该培训机构不在受托期内（受托期2020-03-01至今）"},
    ),
    (
        "issued on the last day of entrustment",
        candidate(certificates=[cert("2022-12-31", "2020-01-01", "2022-12-31")]),
        {"5.5": "pass"},
        {},
    ),
    (
        "issued the day after entrustment ended",
        candidate(certificates=[cert("2023-01-01", "2020-01-01", "2022-12-31")]),
        {"5.5": "fail"},
        {"5.5": "不在受托期内（受托期2020-01-01至2022-12-31）"},
    ),
    (
        "entrustment ended after issue, still counts",
        candidate(certificates=[cert("2021-01-01", "2020-01-01", "2022-12-31")]),
        {"5.5": "pass"},
        {},
    ),
    (
        "one bad one good certificate",
        candidate(certificates=[cert("2024-05-10", revoked=True), cert("2025-01-02")]),
        {"5.5": "pass"},
        {"5.5": "第2张证书（2025-01-02签发）有效"},
    ),
    (
        "every certificate bad, each named",
        candidate(
            certificates=[cert("2024-05-10", revoked=True), cert("2013-01-01"), cert("2027-01-01", revoked=True)]
        ),
        {"5.5": "fail"},
        {
            "5.5": "第1张证书（2024-05-10签发）：证书已撤销；第2张证书（2013-01-01签发）：培训证书签发时该培训机构不在受托期内"
        },
    ),
    (
        "revoked and late, both said",
        candidate(certificates=[cert("2027-01-01", revoked=True)]),
        {"5.5": "fail"},
        {"5.5": "证书已撤销、证书签发日期晚于评估日期"},
    ),
    # Article 6: findings
    (
        "active finding item 3",
        candidate(findings=[finding(3, "2025-01-15")]),
        {"6.1": "pass", "6.2": "pass", "6.3": "fail", "6.4": "pass", "6.5": "pass"},
        {"6.3": "存在第六条第（三）项情形：2025-01-15作出的认定未解除", "6.1": "无第六条第（一）项认定"},
    ),
    ("finding decided on as_of is active", candidate(findings=[finding(1, "2026-06-30")]), {"6.1": "fail"}, {}),
    (
        "finding decided after as_of",
        candidate(findings=[finding(1, "2026-07-01")]),
        {"6.1": "pass"},
        {"6.1": "晚于评估日期，不计"},
    ),
    (
        "finding lifted before as_of",
        candidate(findings=[finding(2, "2024-01-01", "2025-01-01")]),
        {"6.2": "pass"},
        {"6.2": "已于2025-01-01解除"},
    ),
    ("finding lifted on as_of", candidate(findings=[finding(2, "2024-01-01", "2026-06-30")]), {"6.2": "pass"}, {}),
    (
        "finding lifted after as_of",
        candidate(findings=[finding(2, "2024-01-01", "2026-07-01")]),
        {"6.2": "fail"},
        {"6.2": "尚未解除（2026-07-01解除）"},
    ),
    (
        "lifted and active findings of one item",
        candidate(findings=[finding(4, "2020-01-01", "2021-01-01"), finding(4, "2025-05-05")]),
        {"6.4": "fail"},
        {"6.4": "2025-05-05作出的认定未解除"},
    ),
    *[
        (
            f"active finding item {item}",
            candidate(findings=[finding(item, "2025-01-15")]),
            {f"6.{n}": "fail" if n == item else "pass" for n in range(1, 6)},
            {},
        )
        for item in range(1, 6)
    ],
]


@pytest.mark.parametrize("data, expected, reasons", [c[1:] for c in CLAUSE_CASES], ids=[c[0] for c in CLAUSE_CASES])
def test_clause(data, expected, reasons):
    """Each clause gives the expected result, with a reason naming the facts."""
    verdict, by_clause = judge(data)
    assert [c.clause for c in verdict.clauses] == CLAUSES
    got = {clause: by_clause[clause].result for clause in expected}
    assert got == expected
    for clause, fragment in reasons.items():
        assert fragment in by_clause[clause].reason, by_clause[clause].reason


# (case id, input, status, clauses that fail or need review)
STATUS_CASES = [
    ("eligible", candidate(), "eligible", {}),
    ("one review", candidate(declarations={"ethics": False, "laws": True}), "needs_review", {"5.1": "review"}),
    ("unknown size", candidate(enterprise_size="unknown"), "needs_review", {"5.3": "review", "5.4": "review"}),
    (
        "high school for small",
        candidate(enterprise_size="small", education="high_school"),
        "needs_review",
        {"5.4": "review"},
    ),
    (
        "review and fail: fail wins",
        candidate(declarations={"ethics": False, "laws": False}, certificates=[]),
        "ineligible",
        {"5.1": "review", "5.2": "review", "5.5": "fail"},
    ),
    (
        "several failures reported together",
        candidate(
            education="associate",
            certificates=[cert("2024-05-10", revoked=True)],
            findings=[finding(1, "2025-01-01"), finding(5, "2025-02-01")],
        ),
        "ineligible",
        {"5.3": "fail", "5.5": "fail", "6.1": "fail", "6.5": "fail"},
    ),
    (
        "everything wrong at once",
        candidate(
            enterprise_size="unknown",
            education="junior_high_or_below",
            title="none",
            quality_work=[],
            certificates=[],
            declarations={"ethics": False, "laws": False},
            findings=[finding(n, "2020-01-01") for n in range(1, 6)],
        ),
        "ineligible",
        {
            "5.1": "review",
            "5.2": "review",
            "5.3": "review",
            "5.4": "review",
            "5.5": "fail",
            "6.1": "fail",
            "6.2": "fail",
            "6.3": "fail",
            "6.4": "fail",
            "6.5": "fail",
        },
    ),
]


@pytest.mark.parametrize("data, status, not_passing", [c[1:] for c in STATUS_CASES], ids=[c[0] for c in STATUS_CASES])
def test_status(data, status, not_passing):
    """ineligible if any clause fails, else needs_review if any is review, else eligible; all are listed."""
    verdict, by_clause = judge(data)
    assert verdict.status == status
    outstanding = {c.clause: c.result for c in verdict.clauses if c.result in ("fail", "review")}
    assert outstanding == not_passing


def test_clause_texts_are_the_measures_own_words():
    """Every clause carries its text from the measures, in contract order."""
    verdict, _ = judge(candidate())
    assert [(c.clause, c.text) for c in verdict.clauses] == list(TEXTS_2014.items())
    assert (
        verdict.clauses[2].text
        == "（三）大型及中型企业应具有大学本科以上学历，取得中级及以上专业技术职称，5年以上质量工作经历；"
    )


# ---------------------------------------------------------------------------
# Calendar arithmetic


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2015, 3, 1), 60, date(2020, 3, 1)),
        (date(2016, 2, 29), 12, date(2017, 3, 1)),  # no Feb 29: the next day
        (date(2016, 2, 29), 48, date(2020, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 3, 1)),
        (date(2024, 1, 31), 1, date(2024, 3, 1)),
        (date(2023, 1, 30), 1, date(2023, 3, 1)),
        (date(2023, 1, 28), 1, date(2023, 2, 28)),
        (date(2023, 12, 15), 1, date(2024, 1, 15)),
        (date(2023, 3, 31), 1, date(2023, 5, 1)),
    ],
)
def test_add_months(start, months, expected):
    """A day the target month lacks rolls to the 1st of the next month."""
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    "start, end_exclusive, span",
    [
        (date(2015, 3, 1), date(2020, 3, 1), (5, 0, 0)),
        (date(2015, 3, 1), date(2020, 2, 29), (4, 11, 28)),
        (date(2022, 5, 1), date(2026, 7, 1), (4, 2, 0)),
        (date(2026, 7, 1), date(2027, 5, 1), (0, 10, 0)),
        (date(2020, 1, 1), date(2020, 1, 1), (0, 0, 0)),
        (date(2023, 1, 31), date(2023, 2, 28), (0, 0, 28)),
    ],
)
def test_calendar_span(start, end_exclusive, span):
    assert calendar_span(start, end_exclusive) == span


def test_experience_laid_end_to_end():
    """Separate periods are laid end to end from the first day: 2 years and 3 years make 5."""
    periods = [Period(date(2010, 1, 1), date(2011, 12, 31)), Period(date(2019, 1, 1), date(2021, 12, 31))]
    experience = count_experience(periods, date(2026, 6, 30))
    assert experience.days == 730 + 1096
    assert experience.meets(5)
    assert experience.describe() == "质量工作经历合计5年"


# ---------------------------------------------------------------------------
# Rule sets

LATER = RuleSet(
    code="测试〔2030〕1号", title="测试用办法", effective_from=date(2030, 1, 1), clauses=RULE_SET_2014.clauses
)


@pytest.mark.parametrize(
    "as_of, rule_sets, code, noted",
    [
        ("2026-06-30", DEFAULT_RULE_SETS, "闽质监质〔2014〕286号", False),
        ("2014-12-08", DEFAULT_RULE_SETS, "闽质监质〔2014〕286号", False),
        ("2014-12-07", DEFAULT_RULE_SETS, "闽质监质〔2014〕286号", True),
        ("2029-12-31", (LATER, RULE_SET_2014), "闽质监质〔2014〕286号", False),
        ("2030-01-01", (LATER, RULE_SET_2014), "测试〔2030〕1号", False),
        ("2030-01-01", (RULE_SET_2014, LATER), "测试〔2030〕1号", False),
        ("2010-01-01", (LATER, RULE_SET_2014), "闽质监质〔2014〕286号", True),
    ],
)
def test_rule_set_in_force(as_of, rule_sets, code, noted):
    """The latest rule set in force on as_of decides; before them all the earliest does, and the verdict says so."""
    verdict = evaluate(parse_candidate(candidate(as_of=as_of)), rule_sets)
    assert verdict.rule_set.code == code
    assert verdict_to_dict(verdict)["rule_set"]["code"] == code
    assert bool(verdict.note) is noted
    if noted:
        assert "早于闽质监质〔2014〕286号的施行日期2014-12-08" in verdict.note


# ---------------------------------------------------------------------------
# Output shape


def test_verdict_to_dict_shape():
    """The contract's keys exactly, plus rule_set and each clause's text."""
    result = verdict_to_dict(evaluate(parse_candidate(candidate(id="甲-001"))))
    assert list(result) == ["id", "status", "rule_set", "clauses"]
    assert result["id"] == "甲-001"
    assert result["status"] == "eligible"
    assert result["rule_set"] == {
        "code": "闽质监质〔2014〕286号",
        "title": "福建省企业首席质量官管理办法(试行)",
        "effective_from": "2014-12-08",
        "note": None,
    }
    assert [list(c) for c in result["clauses"]] == [["clause", "result", "reason", "text"]] * 10


# ---------------------------------------------------------------------------
# Bad input: every problem named by its field


def without(key: str) -> dict:
    data = candidate()
    del data[key]
    return data


BAD_INPUT = [
    ("not an object", ["x"], ("", "应为JSON对象")),
    ("missing as_of", without("as_of"), ("as_of", "缺少此字段")),
    ("missing title", without("title"), ("title", "缺少此字段")),
    ("unknown field", candidate(name="张三"), ("name", "未知字段")),
    ("id not a string", candidate(id=7), ("id", "应为字符串")),
    ("as_of wrong format", candidate(as_of="2026/06/30"), ("as_of", "日期格式应为 YYYY-MM-DD")),
    ("as_of not a date", candidate(as_of="2026-02-30"), ("as_of", "2026-02-30 不是有效日期")),
    ("as_of null", candidate(as_of=None), ("as_of", "不能为空")),
    ("unknown size", candidate(enterprise_size="huge"), ("enterprise_size", "取值无效：“huge”")),
    ("unknown education", candidate(education="本科"), ("education", "取值无效：“本科”，应为 doctorate（博士研究生）")),
    ("unknown title", candidate(title=3), ("title", "取值无效：3")),
    ("quality_work not a list", candidate(quality_work={}), ("quality_work", "应为JSON数组")),
    (
        "period start bad",
        candidate(quality_work=work(("2015-03-01", None), ("2019-1-1", None))),
        ("quality_work[1].start", "日期格式应为 YYYY-MM-DD"),
    ),
    ("period start missing", candidate(quality_work=[{"end": "2015-03-01"}]), ("quality_work[0].start", "缺少此字段")),
    ("misspelt key", dict(candidate(), finding=[]), ("finding", "未知字段")),
    ("date beyond the calendar's reach", candidate(as_of="9999-12-31"), ("as_of", "超出可核验的日期范围")),
    (
        "period end before start",
        candidate(quality_work=work(("2015-03-01", "2015-02-28"))),
        ("quality_work[0].end", "结束日期2015-02-28早于开始日期2015-03-01"),
    ),
    (
        "certificate revoked not bool",
        candidate(certificates=[cert("2024-05-10", revoked="no")]),
        ("certificates[0].revoked", "应为 true 或 false"),
    ),
    (
        "certificate window missing from",
        candidate(
            certificates=[{"issued_on": "2024-05-10", "revoked": False, "institution_entrusted": {"until": None}}]
        ),
        ("certificates[0].institution_entrusted.from", "缺少此字段"),
    ),
    (
        "certificate window backwards",
        candidate(certificates=[cert("2024-05-10", "2020-01-01", "2019-01-01")]),
        ("certificates[0].institution_entrusted.until", "早于受托开始日期"),
    ),
    ("declarations not an object", candidate(declarations=True), ("declarations", "应为JSON对象")),
    (
        "declaration as number",
        candidate(declarations={"ethics": 1, "laws": True}),
        ("declarations.ethics", "应为 true 或 false"),
    ),
    ("finding item 0", candidate(findings=[finding(0, "2025-01-01")]), ("findings[0].item", "应为 1 至 5 的整数")),
    ("finding item 6", candidate(findings=[finding(6, "2025-01-01")]), ("findings[0].item", "取值无效：6")),
    ("finding item as text", candidate(findings=[finding("1", "2025-01-01")]), ("findings[0].item", "取值无效：“1”")),
    ("finding item true", candidate(findings=[finding(True, "2025-01-01")]), ("findings[0].item", "取值无效：True")),
    (
        "finding lifted before decided",
        candidate(findings=[finding(1, "2025-01-01", "2024-12-31")]),
        ("findings[0].lifted_on", "解除日期2024-12-31早于认定日期2025-01-01"),
    ),
]


@pytest.mark.parametrize("data, error", [c[1:] for c in BAD_INPUT], ids=[c[0] for c in BAD_INPUT])
def test_bad_input_names_the_field(data, error):
    """Bad input raises CandidateError naming the field path and saying why, in Chinese."""
    with pytest.raises(CandidateError) as caught:
        parse_candidate(data)
    path, fragment = error
    messages = [message for field, message in caught.value.errors if field == path]
    assert messages, caught.value.errors
    assert any(fragment in message for message in messages), messages


def test_every_problem_in_a_record_is_reported():
    """Several bad fields in one record are all listed, not just the first."""
    data = candidate(as_of="x", education="?", quality_work=work(("2020-01-01", "2019-01-01")))
    with pytest.raises(CandidateError) as caught:
        parse_candidate(data)
    assert [field for field, _ in caught.value.errors] == ["as_of", "education", "quality_work[0].end"]


def test_keys_with_one_safe_reading_may_be_left_out():
    """Absent lists are empty, absent declarations are undeclared (review), absent end/until/lifted_on are null."""
    data = {k: v for k, v in candidate().items() if k not in ("id", "findings", "declarations")}
    data["quality_work"] = [{"start": "2015-03-01"}]
    data["certificates"] = [{"issued_on": "2024-05-10", "institution_entrusted": {"from": "2015-01-01"}}]
    parsed = parse_candidate(data)
    assert parsed.id is None and parsed.findings == []
    assert parsed.quality_work == [Period(date(2015, 3, 1), None)]
    assert parsed.certificates[0].revoked is False and parsed.certificates[0].entrusted_until is None
    results = {c.clause: c.result for c in evaluate(parsed).clauses}
    assert results["5.1"] == results["5.2"] == "review"
    assert results["5.5"] == "pass"


def test_parse_builds_the_candidate():
    """Good input becomes typed dataclasses."""
    parsed = parse_candidate(candidate(findings=[finding(2, "2025-01-15", "2025-03-01")]))
    assert parsed.as_of == date(2026, 6, 30)
    assert parsed.quality_work == [Period(date(2015, 3, 1), None)]
    assert parsed.certificates[0].entrusted_from == date(2015, 1, 1)
    assert parsed.certificates[0].entrusted_until is None
    assert parsed.findings[0].item == 2
    assert parsed.findings[0].lifted_on == date(2025, 3, 1)
