"""The self-check page and the eligibility API show the engine's verdicts and refuse bad input field by field."""

from __future__ import annotations

import copy
import json
import re
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from eligibility.tests.matrix import CANDIDATE_JSON, SELF_CHECK_FORM

pytestmark = pytest.mark.django_db

API = "/api/v1/eligibility/check"


def form(**changes) -> dict:
    data = dict(SELF_CHECK_FORM)
    data.update(changes)
    return data


def candidate(**changes) -> dict:
    data = copy.deepcopy(CANDIDATE_JSON)
    data.update(changes)
    return data


@pytest.fixture
def signed_in(client_for):
    return client_for("enterprise_a")


def post_form(client, data):
    response = client.post(reverse("eligibility:check"), data)
    assert response.status_code == 200
    return response, response.content.decode()


# ---------------------------------------------------------------------------
# The page


def test_page_is_the_form_with_chinese_labels(signed_in):
    """The empty page offers the contract's fields, with Chinese labels and no verdict yet."""
    response = signed_in.get(reverse("eligibility:check"))
    page = response.content.decode()
    for label in (
        "评估日期",
        "企业规模",
        "学历",
        "专业技术职称",
        "质量工作经历",
        "培训结业证书",
        "第六条情形认定",
        "核验",
    ):
        assert label in page
    assert 'name="work-TOTAL_FORMS"' in page
    assert 'data-testid="verdict"' not in page


def test_page_has_no_inline_script_or_style(signed_in):
    """The Content Security Policy forbids inline scripts and style attributes; the row-adder is a file."""
    page = signed_in.get(reverse("eligibility:check")).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all("src=" in tag for tag in scripts)
    assert "eligibility/formset.js" in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)  # no onclick= handlers either


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("eligibility:check"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_eligible_verdict_is_a_table_of_coloured_badges(signed_in):
    """Every clause is a row: its heading, the measures' words, a coloured badge with a Chinese word, the reason."""
    response, page = post_form(signed_in, form())
    assert "符合任职条件" in page
    rows = re.findall(r'<tr data-clause="([0-9.]+)">', page)
    assert rows == ["5.1", "5.2", "5.3", "5.4", "5.5", "6.1", "6.2", "6.3", "6.4", "6.5"]
    assert "第五条第（三）项" in page
    assert "大型及中型企业应具有大学本科以上学历" in page
    assert '<span class="badge text-bg-success">通过</span>' in page
    assert '<span class="badge text-bg-secondary">不适用</span>' in page
    assert "闽质监质〔2014〕286号" in page


def test_failures_and_reviews_are_shown_with_their_reasons(signed_in):
    data = form(education="associate", laws="")
    data.pop("laws")
    response, page = post_form(signed_in, data)
    assert "不符合任职条件" in page
    assert '<span class="badge text-bg-danger">不通过</span>' in page
    assert '<span class="badge text-bg-warning">需人工审核</span>' in page
    assert "大型企业要求大学本科及以上学历，申报学历为大学专科" in page


def test_findings_rows_reach_article_six(signed_in):
    """A finding entered in its formset fails the matching item of Article 6."""
    data = form(**{"finding-TOTAL_FORMS": "1", "finding-0-item": "3", "finding-0-decided_on": "2025-01-15"})
    response, page = post_form(signed_in, data)
    row = re.search(r'<tr data-clause="6.3">(.*?)</tr>', page, re.S).group(1)
    assert "不通过" in row and "2025-01-15作出的认定未解除" in row


def test_blank_and_deleted_rows_are_ignored(signed_in):
    """An untouched extra row and a row marked for deletion do not count."""
    data = form(
        **{
            "work-TOTAL_FORMS": "3",
            "work-1-start": "2000-01-01",
            "work-1-end": "2014-12-31",
            "work-1-DELETE": "on",
            "work-2-start": "",
            "work-2-end": "",
            "finding-TOTAL_FORMS": "1",
            "finding-0-item": "",
        }
    )
    response, page = post_form(signed_in, data)
    assert "质量工作经历合计11年4个月" in page  # only 2015-03-01 to 2026-06-30


@pytest.mark.parametrize(
    "changes, where, message",
    [
        ({"as_of": ""}, ("form", "as_of"), "该字段是必填项"),
        ({"as_of": "2026-13-01"}, ("form", "as_of"), "有效的日期"),
        ({"enterprise_size": "huge"}, ("form", "enterprise_size"), "huge"),
        ({"work-0-start": "昨天"}, ("periods", "start"), "有效的日期"),
        ({"work-0-end": "2010-01-01"}, ("periods", "end"), "结束日期2010-01-01早于开始日期2015-03-01"),
        ({"cert-0-entrusted_until": "2014-01-01"}, ("certificates", "entrusted_until"), "早于受托开始日期"),
        (
            {
                "finding-TOTAL_FORMS": "1",
                "finding-0-item": "2",
                "finding-0-decided_on": "2025-01-01",
                "finding-0-lifted_on": "2024-01-01",
            },
            ("findings", "lifted_on"),
            "解除日期2024-01-01早于认定日期2025-01-01",
        ),
        (
            {"finding-TOTAL_FORMS": "1", "finding-0-item": "9", "finding-0-decided_on": "2025-01-01"},
            ("findings", "item"),
            "9",
        ),
    ],
)
def test_bad_input_shows_errors_on_the_field(signed_in, changes, where, message):
    """A bad form comes back with the error on the field it concerns, and no verdict."""
    response, page = post_form(signed_in, form(**changes))
    assert 'data-testid="verdict"' not in page
    forms = response.context["forms"]
    part, field = where
    errors = forms.form.errors if part == "form" else getattr(forms, part).forms[0].errors
    assert any(message in error for error in errors.get(field, [])), errors
    assert message in page


def test_tampered_management_form_is_an_error_not_a_crash(signed_in):
    data = form()
    del data["work-TOTAL_FORMS"]
    response, page = post_form(signed_in, data)
    assert 'data-testid="verdict"' not in page
    assert response.context["forms"].periods.non_form_errors()


# ---------------------------------------------------------------------------
# The API


def post_json(client, data, **extra):
    return client.post(API, data=json.dumps(data, ensure_ascii=False), content_type="application/json", **extra)


def test_api_object_in_object_out(signed_in):
    response = post_json(signed_in, candidate())
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "矩阵"
    assert body["status"] == "ineligible"  # no certificate
    assert [c["clause"] for c in body["clauses"]] == [
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
    assert {k: body["clauses"][4][k] for k in ("result", "reason")} == {
        "result": "fail",
        "reason": "无培训证书，未见经质监部门组织的首席质量官任职培训",
    }


def test_api_list_in_list_out_in_order(signed_in):
    records = [candidate(id=str(n), enterprise_size=size) for n, size in enumerate(["small", "unknown", "large"])]
    response = post_json(signed_in, records)
    assert response.status_code == 200
    assert [(v["id"], v["clauses"][3]["result"]) for v in response.json()] == [
        ("0", "pass"),
        ("1", "review"),
        ("2", "not_applicable"),
    ]


def test_api_same_verdict_as_the_command(signed_in, tmp_path):
    """The API and the command answer the same input identically."""
    path = tmp_path / "one.json"
    path.write_text(json.dumps([candidate()]), encoding="utf-8")
    out = StringIO()
    call_command("check_eligibility", str(path), stdout=out)
    assert post_json(signed_in, [candidate()]).json() == json.loads(out.getvalue())


def test_api_bad_records_are_a_400_naming_record_and_field(signed_in):
    records = [candidate(), candidate(id="b", quality_work=[{"start": "2020/01/01", "end": None}]), {"id": "c"}]
    response = post_json(signed_in, records)
    assert response.status_code == 400
    body = response.json()
    assert "共3条记录，其中2条有误" in body["detail"]
    assert {"record": 1, "id": "b", "field": "quality_work[0].start", "message": "日期格式应为 YYYY-MM-DD"} in body[
        "errors"
    ]
    assert {"record": 2, "id": "c", "field": "as_of", "message": "缺少此字段"} in body["errors"]
    assert all(error["record"] != 0 for error in body["errors"])
    # The API's one error shape, with the same per-record problems.
    assert body["error"]["code"] == "invalid" and body["error"]["message"] == body["detail"]
    assert body["error"]["records"] == body["errors"]


@pytest.mark.parametrize("raw", ["{broken", "42"])
def test_api_unreadable_body_is_a_400(signed_in, raw):
    response = signed_in.post(API, data=raw, content_type="application/json")
    assert response.status_code == 400


def test_api_refuses_form_encoding(signed_in):
    assert signed_in.post(API, data={"id": "x"}).status_code == 415


def test_api_needs_a_signed_in_user(client):
    assert post_json(client, candidate()).status_code == 403


def test_api_schema_shows_the_shapes(signed_in):
    """The OpenAPI schema names one-object-or-list for both request and response, and the 400 shape."""
    err = StringIO()
    out = StringIO()
    call_command("spectacular", stdout=out, stderr=err)
    assert "eligibility" not in err.getvalue()
    schema = yaml.safe_load(out.getvalue())
    operation = schema["paths"]["/api/v1/eligibility/check"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CandidateOrList"
    }
    assert set(operation["responses"]) >= {"200", "400"}
    candidate_or_list = schema["components"]["schemas"]["CandidateOrList"]["oneOf"]
    assert candidate_or_list[1] == {"type": "array", "items": {"$ref": "#/components/schemas/Candidate"}}
    assert schema["components"]["schemas"]["InstitutionEntrusted"]["required"] == ["from", "until"]


def test_api_and_page_refuse_dates_out_of_range_as_field_errors(world, client_for):
    """A year-9999 record is a 400 naming the field (API) or a form error (page), never a 500."""
    client = client_for("enterprise_a")
    record = {
        "id": "x",
        "as_of": "9999-12-31",
        "enterprise_size": "small",
        "education": "bachelor",
        "title": "intermediate",
        "quality_work": [{"start": "9999-01-01", "end": None}],
    }
    response = client.post("/api/v1/eligibility/check", record, content_type="application/json")
    assert response.status_code == 400 and "as_of" in response.content.decode()
    page = client.post(
        "/eligibility/",
        {
            "as_of": "9999-12-31",
            "enterprise_size": "small",
            "education": "bachelor",
            "title": "intermediate",
            "work-TOTAL_FORMS": "0",
            "work-INITIAL_FORMS": "0",
            "cert-TOTAL_FORMS": "0",
            "cert-INITIAL_FORMS": "0",
            "finding-TOTAL_FORMS": "0",
            "finding-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 200 and "超出可核验的范围" in page.content.decode()
