"""No URL answers 500, whatever is put in its path, its query or its form, for any role."""

from __future__ import annotations

import json
import os
from urllib.parse import quote

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqo_portal.testing.fuzz import NASTY, Request, requests, url_shapes

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# Per role. CI runs a fixed, derandomized set; FUZZ_EXAMPLES=5000 explores new random examples on a long run.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
ROLES = ["anonymous", "province", "city_a", "enterprise_a", "institution_a", "admin"]
SHAPES = url_shapes()


# Holes that only digits match (int converters, the router's \d+) get numbers, so the view runs.
NUMBERS = ["1", "0", str(2**63 - 1), str(2**63), "9" * 30, "2", "3"]


def hole_value(kind: str, index: int) -> str:
    return NUMBERS[index % len(NUMBERS)] if kind in ("int", "regex") else NASTY[index % len(NASTY)]


def _quote(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def send(client, request: Request):
    """One request as a browser or a script would send it: the response, or the exception behind a 500."""
    if request.method == "GET":
        return client.get(request.url)
    if request.method == "HEAD":
        return client.head(request.url)
    if request.kind == "form":
        encoded = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in request.body.items())
        return client.post(request.url, data=encoded, content_type="application/x-www-form-urlencoded")
    text = request.body if request.kind == "raw" else json.dumps(request.body)
    return client.post(request.url, data=text, content_type="application/json")


def answer(client, request: Request) -> int:
    # Each request in a savepoint rolled back: a fuzzed write never leaks into the next request.
    with transaction.atomic():
        status = send(client, request).status_code
        transaction.set_rollback(True)
    return status


def test_every_url_pattern_is_walked():
    """The walk finds the pages, the API and the admin, with their path parameters as holes."""
    names = {shape.name for shape in SHAPES}
    assert {"enterprise-detail", "list", "eligibility-check", "enterprise-cqo-status", "healthz"} <= names
    assert any(shape.kinds == ("regex",) and shape.api for shape in SHAPES)  # the router's (?P<pk>\d+)
    assert len(SHAPES) > 100


@pytest.mark.parametrize("role", ROLES)
def test_every_url_with_hostile_path_values_answers_below_500(client_for, role):
    """Each pattern once per role, its path parameters a NUL, a '²', a surrogate or a number beyond bigint."""
    client = client_for(role)
    for index, shape in enumerate(SHAPES):
        url = shape.fill([hole_value(kind, index) for kind in shape.kinds])
        status = answer(client, Request("GET", url + "?q=" + _quote(NASTY[(index * 7) % len(NASTY)])))
        assert status < 500, url


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
        assert answer(client, request) < 500, request

    check()
