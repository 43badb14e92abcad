"""Schemathesis fuzzes the JSON API from its own OpenAPI schema, as a province and an enterprise user: no 500.

The portal is called through its WSGI application in this process, so the requests see the test
database (real PostgreSQL in CI) and the session of a signed-in test client. Each operation gets
valid (positive) and invalid (negative) cases; the number per operation is bounded so both roles
together take about a minute on a 2-core machine. Schemathesis never puts control characters in a
path parameter and generates valid UTF-8 only; NUL, lone surrogates and deep JSON are in the
dictionary of tests/test_fuzz_urls.py.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# Per operation and role. CI runs a fixed, derandomized set; FUZZ_EXAMPLES=2000 explores on a long run.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "250"))
CSRF_TOKEN = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"  # any 32 letters: DRF's session auth checks cookie == header


@pytest.fixture
def app(settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    return WSGIHandler()


def call(case, app, headers, cookies):
    """One case through the WSGI application, keeping the test's connection and transaction open between
    requests as Django's test client does, in a savepoint rolled back so no case's writes reach the next."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with transaction.atomic():
            response = case.call(app=app, headers=headers, cookies=cookies)
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return response


def operations(client) -> list:
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json())
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 8, [op.label for op in found]
    return found


def fuzz(operation, send, sent: dict, statuses: dict) -> None:
    """Valid and invalid cases of one operation; each response must not be a server error."""
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize="FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(strategy)
    def check(case):
        response = send(case)
        sent[operation.label] = sent.get(operation.label, 0) + 1
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        case.validate_response(response, checks=[not_a_server_error])

    check()


@pytest.mark.parametrize("role", ["province", "enterprise_a"])
def test_the_api_never_answers_500(client_for, app, role):
    client = client_for(role)
    session = client.cookies["sessionid"].value
    cookies = {"sessionid": session, "csrftoken": CSRF_TOKEN}
    headers = {"X-CSRFToken": CSRF_TOKEN}
    sent, statuses = {}, {}

    for operation in operations(client):
        fuzz(operation, lambda case: call(case, app, headers, cookies), sent, statuses)

    print(f"schemathesis as {role}: {sum(sent.values())} requests, {len(sent)} operations, statuses {statuses}")
    # The session held: the cases reached the views, not only the login check.
    assert statuses.get(200, 0) > len(sent), statuses
