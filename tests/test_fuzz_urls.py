"""No URL answers 500, whatever is put in its path, its query or its form, for any role."""

from __future__ import annotations

import base64
import copy
import json
import os
from collections import Counter
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqo_portal.testing.fuzz import BROKEN_JSON, Request, post_forms, requests, url_shapes

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# Per role. CI runs a fixed, derandomized set; FUZZ_EXAMPLES=5000 explores new random examples on a long run.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "400"))
ROLES = ["anonymous", "province", "city_a", "enterprise_a", "institution_a", "admin"]
SHAPES = url_shapes()


def cursor_of(values: list) -> str:
    """A keyset cursor as a forger writes it: JSON with \\u escapes, base64 without padding."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


# A fuzzer's dictionary: the values that broke a parser before (issue 8), tried at every hole and key.
PATH_PROBES = ["\x00", "²", "٣", "\ud800", "9" * 30, "x" * 300]
QUERY_PROBES = ["\x00", "²", "9" * 30, cursor_of(["\x00", 1]), cursor_of(["\ud800", 1])]
# Keys any page may read, besides the fields of its own FilterSet.
GENERIC_KEYS = ["q", "sort", "page", "per_page", "after", "before", "export", "person", "limit", "offset"]


def keys_read_by(shape) -> list[str]:
    """The generic keys plus the view's FilterSet fields (pages and API alike)."""
    try:
        match = resolve(shape.fill([]))
    except Resolver404:
        return GENERIC_KEYS
    view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)
    filterset = getattr(view, "filterset_class", None) or getattr(view, "filterset", None)
    fields = list(getattr(filterset, "base_filters", {}))
    return GENERIC_KEYS + [name for name in fields if name not in GENERIC_KEYS]


def _quote(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def send(client, request: Request):
    """One request as a browser or a script would send it: the response, or the exception behind a 500."""
    if not request.kind:
        return client.generic(request.method, request.url)
    if request.kind == "form":
        encoded = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in request.body.items())
        return client.generic(request.method, request.url, encoded, "application/x-www-form-urlencoded")
    text = request.body if request.kind == "raw" else json.dumps(request.body)
    return client.generic(request.method, request.url, text, "application/json")


def answer(client, request: Request) -> int:
    """The status of one request, in a savepoint rolled back so a fuzzed write never reaches the next one;
    the client's cookies are put back too, so a drawn logout does not sign the role out for the rest."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            status = send(client, request).status_code
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return status


def test_every_url_pattern_is_walked():
    """The walk finds the pages, the API and the admin, with their path parameters as holes."""
    names = {shape.name for shape in SHAPES}
    assert {"enterprise-detail", "list", "eligibility-check", "enterprise-cqo-status", "healthz"} <= names
    assert any(shape.kinds == ("regex",) and shape.api for shape in SHAPES)  # the router's (?P<pk>\d+)
    assert len(SHAPES) > 100


@pytest.mark.parametrize("role", ROLES)
def test_every_path_parameter_with_the_dictionary_answers_below_500(client_for, role):
    """Every pattern with path parameters, each filled with every dictionary value in turn."""
    client = client_for(role)
    for shape in SHAPES:
        for probe in PATH_PROBES if shape.kinds else []:
            url = shape.fill([probe] * len(shape.kinds))
            assert answer(client, Request("GET", url)) < 500, url


def test_every_query_key_of_every_page_with_the_dictionary_answers_below_500(client_for):
    """As province, who may open every page: each key a page reads, given every dictionary value in turn."""
    client = client_for("province")
    pages = [shape for shape in SHAPES if not shape.kinds and not shape.pieces[0].startswith("/admin/")]
    assert len(pages) > 15
    for shape in pages:
        for key in keys_read_by(shape):
            for probe in QUERY_PROBES:
                url = f"{shape.fill([])}?{key}={_quote(probe)}"
                assert answer(client, Request("GET", url)) < 500, url


def test_every_api_endpoint_refuses_broken_json_below_500(client_for):
    """Every API URL, as province, posted each broken JSON body: deep nesting, a surrogate, NaN, truncation."""
    client = client_for("province")
    for shape in (shape for shape in SHAPES if shape.api):
        for body in BROKEN_JSON:
            url = shape.fill(["1"] * len(shape.kinds))
            assert answer(client, Request("POST", url, "raw", body)) < 500, (url, body[:20])


@pytest.mark.parametrize("role", ROLES)
def test_random_requests_answer_below_500(client_for, role):
    """Hypothesis draws a URL, path values, query keys and values, and a form or JSON body."""
    client = client_for(role)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize="FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        database=None,
    )
    @given(st.data())
    def check(data):
        request = data.draw(requests(SHAPES))
        statuses.append(answer(client, request))
        assert statuses[-1] < 500, request

    statuses = []
    check()
    print(f"hypothesis as {role}: {len(statuses)} requests, statuses {dict(Counter(statuses))}")
    assert len(statuses) >= EXAMPLES


# Values for form fields: the dictionary plus dates and numbers at and beyond the edges of their types.
FORM_PROBES = ["²", "9" * 30, "0001-01-01", "9999-12-31", "x" * 5000]


@pytest.mark.parametrize("role", ["province", "enterprise_a"])
def test_every_form_field_of_every_page_with_the_dictionary_answers_below_500(client_for, role, settings, tmp_path):
    """Each POST form a page shows this role, posted with its own values and then each field replaced in turn."""
    settings.MEDIA_ROOT = tmp_path
    client = client_for(role)
    pages = [shape.fill(["1"] * len(shape.kinds)) for shape in SHAPES if not shape.api]
    pages = [url for url in pages if not url.startswith("/admin/") and "logout" not in url]
    posted = 0
    for url in pages:
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for action, fields in post_forms(response.content.decode()):
            target = action or url
            if target == reverse("logout"):  # it would sign the client out for the pages after it
                continue
            # The formsets' empty templates (__prefix__) are copied by script, never posted as they are.
            names = [name for name in fields if "__prefix__" not in name]
            bodies = [fields] + [
                # Two probes per field, taking turns, so every probe meets every kind of field across the pages.
                {**fields, name: FORM_PROBES[(index + turn) % len(FORM_PROBES)]}
                for index, name in enumerate(names)
                for turn in (0, 2)
            ]
            for body in bodies:
                assert answer(client, Request("POST", target, "form", body)) < 500, (target, body)
                posted += 1
    assert posted > 100
