"""One presentation of a verdict: the same words, headings and colours for a fresh and a stored verdict."""

from __future__ import annotations

import copy
import datetime
import json
import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from eligibility import present, rules
from eligibility.tests.matrix import SELF_CHECK_FORM

# An eligible manager of a large enterprise; each case changes only what it is about.
BASE = {
    "id": "甲",
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


def verdict(**changes) -> rules.Verdict:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return rules.evaluate(rules.parse_candidate(data))


def stored(v: rules.Verdict) -> dict:
    """As an appointment keeps it: verdict_to_dict, through JSON and back (a JSONField)."""
    return json.loads(json.dumps(rules.verdict_to_dict(v), ensure_ascii=False))


def render(source: str, **context) -> str:
    return Template("{% load eligibility_tags %}" + source).render(Context(context))


# Verdicts between them giving every clause result and every status.
VERDICTS = {
    "eligible": lambda: verdict(),
    "ineligible": lambda: verdict(certificates=[], findings=[{"item": 3, "decided_on": "2025-01-15"}]),
    "needs_review": lambda: verdict(enterprise_size="unknown", declarations={"ethics": True, "laws": False}),
    "before every rule set": lambda: verdict(as_of="2010-01-01", quality_work=[{"start": "2001-01-01", "end": None}]),
}


# ---------------------------------------------------------------------------
# Headings


@pytest.mark.parametrize(
    "code, heading",
    [
        ("5.1", "第五条第（一）项"),
        ("5.3", "第五条第（三）项"),
        ("5.5", "第五条第（五）项"),
        ("6.1", "第六条第（一）项"),
        ("6.5", "第六条第（五）项"),
        ("12", "第十二条"),
        ("14.2", "第十四条第（二）项"),
        ("20.11", "第二十条第（十一）项"),
    ],
)
def test_clause_heading(code, heading):
    assert rules.clause_heading(code) == heading


@pytest.mark.parametrize("code", ["", "五.三", "5.x", "0.1", "5.0", "100.1"])
def test_clause_heading_refuses_what_is_not_a_clause(code):
    with pytest.raises(ValueError):
        rules.clause_heading(code)


def test_finding_heading_names_the_article_six_item():
    assert [rules.finding_heading(item) for item in rules.FINDING_ITEMS] == [
        "第六条第（一）项",
        "第六条第（二）项",
        "第六条第（三）项",
        "第六条第（四）项",
        "第六条第（五）项",
    ]


def test_engine_reasons_cite_clauses_by_the_same_heading():
    """A clause's heading and the headings quoted inside reasons are the same words."""
    v = verdict(enterprise_size="small", findings=[{"item": 2, "decided_on": "2025-01-15"}])
    by_clause = {c.clause: c for c in v.clauses}
    assert [c.heading for c in v.clauses] == [rules.clause_heading(c.clause) for c in v.clauses]
    assert "适用第五条第（四）项" in by_clause["5.3"].reason
    assert by_clause["6.2"].reason.startswith("存在第六条第（二）项情形")


# ---------------------------------------------------------------------------
# verdict_context


@pytest.mark.parametrize("name", list(VERDICTS))
def test_fresh_and_stored_verdicts_read_the_same(name):
    """The self-check page (a Verdict) and an appointment (its stored dict) show identical words."""
    v = VERDICTS[name]()
    assert present.verdict_context(stored(v)) == present.verdict_context(v)


def test_context_words_and_colours():
    context = present.verdict_context(
        verdict(education="associate", declarations={"ethics": True, "laws": False}, certificates=[])
    )
    assert context["status"] == "ineligible"
    assert (context["status_label"], context["status_alert"]) == ("不符合任职条件", "alert-danger")
    assert context["id"] == "甲"
    assert context["rule_set"] == {
        "code": "闽质监质〔2014〕286号",
        "title": "福建省企业首席质量官管理办法(试行)",
        "effective_from": datetime.date(2014, 12, 8),
        "note": "",
    }
    rows = {row["clause"]: row for row in context["rows"]}
    assert list(rows) == ["5.1", "5.2", "5.3", "5.4", "5.5", "6.1", "6.2", "6.3", "6.4", "6.5"]
    assert rows["5.3"] == {
        "clause": "5.3",
        "heading": "第五条第（三）项",
        "text": rules.TEXTS_2014["5.3"],
        "result": "fail",
        "label": "不通过",
        "badge": "text-bg-danger",
        "reason": "大型企业要求大学本科及以上学历，申报学历为大学专科",
    }
    assert {k: rows["5.1"][k] for k in ("label", "badge")} == {"label": "通过", "badge": "text-bg-success"}
    assert {k: rows["5.2"][k] for k in ("label", "badge")} == {"label": "需人工审核", "badge": "text-bg-warning"}
    assert {k: rows["5.4"][k] for k in ("label", "badge")} == {"label": "不适用", "badge": "text-bg-secondary"}


def test_note_when_as_of_precedes_every_rule_set_is_kept():
    context = present.verdict_context(stored(VERDICTS["before every rule set"]()))
    assert context["rule_set"]["note"].startswith("评估日期2010-01-01早于闽质监质〔2014〕286号的施行日期")


def test_no_verdict_is_not_checked():
    assert present.verdict_context(None) == {
        "status": "",
        "status_label": "未核验",
        "status_alert": "alert-secondary",
        "id": None,
        "rule_set": None,
        "rows": [],
    }


def test_stored_verdict_without_clause_texts_gets_them_from_its_rule_set():
    """Verdicts stored before `text` was added still show the measures' words."""
    data = stored(verdict())
    for clause in data["clauses"]:
        del clause["text"]
    rows = present.verdict_context(data)["rows"]
    assert [row["text"] for row in rows] == [rules.TEXTS_2014[row["clause"]] for row in rows]


def test_stored_values_this_code_does_not_know_are_shown_plainly():
    data = stored(verdict())
    data["status"] = "withdrawn"
    data["clauses"][0]["result"] = "waived"
    context = present.verdict_context(data)
    assert (context["status_label"], context["status_alert"]) == ("withdrawn", "alert-secondary")
    assert {k: context["rows"][0][k] for k in ("label", "badge")} == {"label": "waived", "badge": "text-bg-secondary"}


def test_anything_else_is_refused():
    with pytest.raises(TypeError):
        present.verdict_context("eligible")


def test_status_badges_for_lists():
    assert [present.status_badge(s) for s in ("eligible", "ineligible", "needs_review", "", None, "other")] == [
        "text-bg-success",
        "text-bg-danger",
        "text-bg-warning",
        "text-bg-secondary",
        "text-bg-secondary",
        "text-bg-secondary",
    ]


def test_choices_carry_the_decided_words():
    assert ("unknown", "无法判定") in present.choices(rules.ENTERPRISE_SIZES)
    assert ("secondary_vocational", "中专/中职") in present.choices(rules.EDUCATION_LABELS)
    assert ("none", "无专业技术职称") in present.choices(rules.TITLE_LABELS)
    assert [value for value, _ in present.choices(rules.ENTERPRISE_SIZES)] == list(rules.ENTERPRISE_SIZES)


# ---------------------------------------------------------------------------
# The template tags


def test_verdict_card_renders_a_stored_verdict():
    page = render('{% verdict_card v title="任职资格（截至今日）" %}', v=stored(verdict(certificates=[])))
    assert 'data-testid="verdict"' in page
    assert '<h2 class="h5" id="verdict-heading">任职资格（截至今日）</h2>' in page
    assert re.search(r'class="alert alert-danger[^"]*"[^>]*data-testid="verdict-status">不符合任职条件<', page)
    assert "依据：福建省企业首席质量官管理办法(试行)（闽质监质〔2014〕286号），自2014年12月8日起施行。" in page
    assert re.findall(r'<tr data-clause="([0-9.]+)">', page) == [
        "5.1",
        "5.2",
        "5.3",
        "5.4",
        "5.5",
        "6.1",
        "6.2",
        "6.3",
        "6.4",
        "6.5",
    ]
    row = re.search(r'<tr data-clause="5.5">(.*?)</tr>', page, re.S).group(1)
    assert "第五条第（五）项" in row and rules.TEXTS_2014["5.5"] in row
    assert '<span class="badge text-bg-danger">不通过</span>' in row
    assert "无培训证书" in row


def test_verdict_card_without_a_verdict_says_not_checked():
    page = render("{% verdict_card v %}", v=None)
    assert '<h2 class="h5" id="verdict-heading">任职资格核验结论</h2>' in page
    assert re.search(r'class="alert alert-secondary[^"]*"[^>]*data-testid="verdict-status">未核验<', page)
    assert "<table" not in page and "依据：" not in page


def test_verdict_card_shows_the_id_only_when_asked():
    v = verdict()
    assert "任职资格核验结论（甲）" in render("{% verdict_card v show_id=True %}", v=v)
    assert "（甲）" not in render("{% verdict_card v %}", v=v)


def test_filters():
    page = render(
        "{{ s|status_badge }} {{ s|status_label }} {{ n|status_label }} {{ c|clause_heading }} {{ i|finding_heading }}",
        s="needs_review",
        n="",
        c="5.4",
        i=4,
    )
    assert page == "text-bg-warning 需人工审核 未核验 第五条第（四）项 第六条第（四）项"


# ---------------------------------------------------------------------------
# The self-check page


@pytest.mark.django_db
def test_self_check_offers_the_decided_labels(client_for):
    page = client_for("enterprise_a").get(reverse("eligibility:check")).content.decode()
    assert '<option value="unknown">无法判定</option>' in page
    assert '<option value="secondary_vocational">中专/中职</option>' in page
    assert '<option value="none">无专业技术职称</option>' in page
    assert "未知" not in page


@pytest.mark.django_db
def test_self_check_verdict_uses_the_decided_labels(client_for):
    data = dict(SELF_CHECK_FORM, enterprise_size="unknown", education="high_school", title="none")
    response = client_for("enterprise_a").post(reverse("eligibility:check"), data)
    page = response.content.decode()
    assert "任职资格核验结论（矩阵）" in page
    assert re.search(r'data-testid="verdict-status">需人工审核<', page)
    row = re.search(r'<tr data-clause="5.3">(.*?)</tr>', page, re.S).group(1)
    assert "企业规模无法判定，须人工核定规模后确定是否适用第五条第（三）项" in row
    assert "申报职称为无专业技术职称" in row
    assert '<span class="badge text-bg-warning">需人工审核</span>' in row
    assert "企业规模未知" not in page
    assert "自2014年12月8日起施行" in page
