"""Odd input never gives a 500: NUL bytes, lone surrogates, unicode digits and deep JSON are refused or ignored."""

from __future__ import annotations

import base64
import json

import pytest
from django.urls import reverse

from registry import sizing
from registry.models import Finding

pytestmark = pytest.mark.django_db

# The cursors from issue 8: ["\u0000", 1] and ["\ud800", 1], base64 without padding.
NUL_CURSOR = "WyJcdTAwMDAiLCAxXQ"
SURROGATE_CURSOR = "WyJcdWQ4MDAiLCAxXQ"


def test_nul_in_the_credit_code_of_the_cqo_status_api_is_400(world, client_for):
    """`/api/v1/enterprises/%00/cqo-status` answers 400 in JSON, in Chinese, instead of reaching PostgreSQL."""
    response = client_for("province").get("/api/v1/enterprises/%00/cqo-status")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "空字符" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/enterprises/?q=%00",
        "/pool/?q=%E6%9E%97%00",
        "/appointments/?city=%00",
        "/findings/?name=a%00b",
        "/cqo-status/?credit_code=%00",
    ],
)
def test_nul_in_a_query_string_is_a_chinese_400_on_pages(world, client_for, url):
    response = client_for("province").get(url)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_nul_in_a_posted_form_field_writes_nothing(world, client_for):
    client = client_for("city_a")
    before = Finding.objects.count()
    response = client.post(reverse("registry:finding-create"), {"resident_id": "\x00", "item": "1", "note": "\x00"})
    assert response.status_code in (200, 400)
    assert Finding.objects.count() == before


@pytest.mark.parametrize("key", ["after", "before"])
@pytest.mark.parametrize("sort", ["", "name", "city", "year", "-year"])
@pytest.mark.parametrize("cursor", [NUL_CURSOR, SURROGATE_CURSOR])
def test_a_cursor_holding_nul_or_a_lone_surrogate_means_page_one(world, client_for, key, sort, cursor):
    response = client_for("province").get(reverse("pool:list"), {key: cursor, "sort": sort} if sort else {key: cursor})
    assert response.status_code == 200
    assert "林芳" in response.content.decode()


@pytest.mark.parametrize(
    "values",
    [["\x00", "\x00", 1], ["350100", "\udfff", 1], ["a" * 10_000, 1], ["350100", "林芳", "1"], [None, 1], [[1], 1]],
)
def test_cursors_of_the_wrong_shape_for_the_city_sort_mean_page_one(world, client_for, values):
    # json.dumps escapes the surrogate (encode_cursor cannot encode it), as a forger would.
    cursor = base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")
    response = client_for("province").get(reverse("pool:list"), {"sort": "city", "after": cursor})
    assert response.status_code == 200
    assert "林芳" in response.content.decode()


@pytest.mark.parametrize("person", ["%C2%B2", "%D9%A3", "%EF%BC%91", "1%00", "-1", "99999999999999999999999"])
def test_a_person_id_that_is_not_ascii_digits_is_404_on_the_finding_form(world, client_for, person):
    response = client_for("city_a").get(reverse("registry:finding-create") + "?person=" + person)
    assert response.status_code in (400, 404)


def test_the_finding_form_still_opens_for_a_person_by_id(world, client_for):
    response = client_for("city_a").get(reverse("registry:finding-create"), {"person": world.lin_fang.pk})
    assert response.status_code == 200


def test_deeply_nested_json_is_a_chinese_400(world, client_for):
    """10,000 nested `[` used to exhaust Python's recursion limit inside the JSON parser."""
    response = client_for("province").post(
        reverse("eligibility-check"), data="[" * 10_000, content_type="application/json"
    )
    assert response.status_code == 400
    assert "嵌套" in response.json()["error"]["message"]


def test_a_lone_surrogate_in_posted_json_is_a_chinese_400(world, client_for):
    body = '{"id": "\\ud800"}'
    response = client_for("province").post(reverse("eligibility-check"), data=body, content_type="application/json")
    assert response.status_code == 400
    assert "代理" in response.json()["error"]["message"] or "字符" in response.json()["error"]["message"]


def test_an_oversized_json_body_is_a_chinese_400(world, client_for):
    body = json.dumps([{"id": "x" * 1000}] * 1100)
    response = client_for("province").post(reverse("eligibility-check"), data=body, content_type="application/json")
    assert response.status_code == 400
    assert "请分批提交" in response.json()["error"]["message"]


def test_ordinary_nesting_still_reaches_the_engine(world, client_for):
    response = client_for("province").post(
        reverse("eligibility-check"), data=json.dumps({"id": "x"}), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.parametrize("model", ["finding", "enterprise", "person"])
@pytest.mark.parametrize("tail", ["abc/history/", "%C2%B2/history/", "abc/history/1/", "1/history/abc/"])
def test_a_non_numeric_id_on_an_admin_history_page_is_404(world, client_for, model, tail):
    """simple-history filtered by the raw URL segment: `/admin/registry/finding/abc/history/` was a 500."""
    response = client_for("admin").get(f"/admin/registry/{model}/{tail}")
    assert response.status_code == 404


def test_an_admin_history_page_still_opens(world, client_for):
    response = client_for("admin").get(f"/admin/registry/person/{world.lin_fang.pk}/history/")
    assert response.status_code == 200


@pytest.mark.parametrize("division", ["²3", "1²", "²²"])
def test_a_division_code_of_superscript_digits_is_not_a_division(division):
    """'²' passes str.isdigit() but not int(): the size rules read it as no division instead of raising."""
    assert sizing.division_belongs_to_section("C", division) is False
    assert sizing.rule_for("F", division) == sizing.rule_for("F", "")


def test_a_session_cookie_holding_nul_means_not_signed_in(world, client):
    """A quoted cookie's octal escape \\000 decodes to NUL; the session look-up was a 500."""
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    response = client.get(reverse("pool:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_form_post_holding_nul_is_a_chinese_400(world, client_for):
    response = client_for("city_a").post(
        reverse("registry:finding-create"), data="item=1&note=a%00b", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/registry/user/0/delete/?_to_field=",
        "/admin/registry/user/1/change/?_to_field=",
        "/admin/registry/city/1/change/?_to_field=",
        "/admin/training/institution/1/delete/?_to_field=",
    ],
)
def test_an_empty_to_field_in_the_admin_is_a_400(world, client_for, url):
    """Django's admin takes `_to_field=` for a field named '' (FieldDoesNotExist, a 500); an empty one is
    refused like any field the admin does not allow."""
    assert client_for("admin").get(url).status_code == 400
