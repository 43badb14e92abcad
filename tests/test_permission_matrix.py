"""Every URL the portal registers answers each principal as its matrix entry says, and refused writes change nothing."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cqo_portal.testing.matrix import LOGIN, Case
from cqo_portal.testing.world import PRINCIPALS

pytestmark = pytest.mark.django_db

PROJECT_APPS = ["registry", "training", "eligibility", "filings", "dashboards"]

# Namespaces not walked pattern by pattern, with the reason. The admin's own pages are the
# Django admin's business; `admin:index` in the matrix proves only superusers get in.
SKIPPED_NAMESPACES = {"admin": "Django admin, superusers only; covered by the admin:index entry"}


def collect_cases() -> list[Case]:
    cases = []
    for app in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{app}.tests.matrix")
        except ModuleNotFoundError:
            continue
        cases.extend(module.CASES)
    return cases


CASES = collect_cases()


def registered_routes(patterns=None, namespace: str | None = None) -> set[str]:
    """Every named route the URLconf registers, as 'namespace:name'; unnamed ones as their regex."""
    routes: set[str] = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace if entry.namespace else None
            full = ":".join(part for part in (namespace, inner) if part) or None
            if full in SKIPPED_NAMESPACES:
                continue
            routes |= registered_routes(entry.url_patterns, full)
        elif isinstance(entry, URLPattern):
            if entry.name:
                routes.add(f"{namespace}:{entry.name}" if namespace else entry.name)
            else:
                routes.add(f"<unnamed {entry.pattern}>")
    return routes


def test_every_registered_url_has_a_matrix_entry():
    """A URL added without a matrix entry fails here, naming it."""
    covered = {case.route for case in CASES}
    missing = sorted(registered_routes() - covered)
    assert not missing, f"URLs with no permission-matrix entry (add them to <app>/tests/matrix.py): {missing}"


def test_every_matrix_entry_is_a_registered_url():
    """A stale entry for a URL that no longer exists fails too."""
    stale = sorted({case.route for case in CASES} - registered_routes() - {"admin:index"})
    assert not stale, f"matrix entries for URLs that are not registered: {stale}"


def database_fingerprint() -> dict[str, list[dict]]:
    """Every row of every project model (and accounts), to prove a refused write changed nothing."""
    snapshot = {}
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            snapshot[model._meta.label] = list(model.objects.order_by("pk").values())
    return snapshot


def outcome(response) -> int | str:
    if response.status_code in (301, 302, 303) and "/login/" in response.get("Location", ""):
        return LOGIN
    return response.status_code


# One pytest id per (case, principal): "POST registry:finding-lift (confirmed) as city_b".
CASE_PRINCIPALS = [(case, principal) for case in CASES for principal in PRINCIPALS]


def test_matrix_ids_are_unique():
    """Two cases of one method and route (say, two POSTs to login) need a label to tell them apart."""
    ids = [case.id for case in CASES]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert not repeated, f"matrix cases with the same id (give them distinct labels): {repeated}"
    pair_ids = [f"{case.id} as {principal}" for case, principal in CASE_PRINCIPALS]
    assert len(set(pair_ids)) == len(pair_ids) == len(CASES) * len(PRINCIPALS)


def sign_in(client, world, principal: str) -> None:
    client.logout()
    user = world.user(principal)
    if user is not None:
        client.force_login(user)  # sets last_login: done before the database is fingerprinted


def prepare(case: Case, world) -> tuple[str, dict | None]:
    """The URL and the data to send; building them may create objects (a fresh finding), so before the fingerprint."""
    url = reverse(case.route, kwargs=case.kwargs(world) if case.kwargs else None)
    if case.query:
        url += "?" + case.query
    return url, case.data(world) if case.data else None


def send(case: Case, client, url: str, data: dict | None):
    call = getattr(client, case.method)
    if case.content_type:
        return call(url, data=data, content_type=case.content_type)
    return call(url, data=data) if data is not None else call(url)


@pytest.mark.parametrize(
    ("case", "principal"), CASE_PRINCIPALS, ids=[f"{case.id} as {principal}" for case, principal in CASE_PRINCIPALS]
)
def test_matrix(case: Case, principal: str, world, client, django_capture_on_commit_callbacks):
    # A write's expectations are stated in PRINCIPALS order: one principal's success changes what
    # the next one gets (the province returns a filing first, so city_a sees it no longer pending).
    # So the principals before this one post first; their own outcomes are checked under their ids.
    if case.method != "get":
        for earlier in PRINCIPALS[: PRINCIPALS.index(principal)]:
            sign_in(client, world, earlier)
            send(case, client, *prepare(case, world))
    sign_in(client, world, principal)
    # The objects a case opens are committed as far as the request is concerned: their letters and
    # evidence, which reach storage only after the commit, are stored.
    with django_capture_on_commit_callbacks(execute=True):
        url, data = prepare(case, world)
    before = database_fingerprint() if case.method != "get" else None
    got = outcome(send(case, client, url, data))
    expected = case.expected[principal]
    why = f" ({case.note})" if case.note else ""
    assert got == expected, f"{case.id} as {principal}: expected {expected}, got {got}{why}"
    refused = got in (LOGIN, 400, 403, 404, 405)
    if before is not None and (refused or case.changes_nothing):
        assert database_fingerprint() == before, f"{case.id} as {principal} was refused but changed rows"
