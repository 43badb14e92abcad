"""Per-request cost of being signed in: the session from the cache when Redis is there, the user in one query."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent


def session_engine(**env) -> str:
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"} | env
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_ENGINE)"],
        cwd=ROOT,
        env=environment | {"DJANGO_SETTINGS_MODULE": "cqo_portal.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_sessions_are_cache_backed_when_redis_is_configured():
    """With REDIS_URL sessions are read from the Redis cache (written through to the database); without, the database."""
    assert session_engine(REDIS_URL="redis://127.0.0.1:6379/0") == "django.contrib.sessions.backends.cached_db"
    assert session_engine() == "django.contrib.sessions.backends.db"


@pytest.mark.parametrize("principal", ["city_a", "enterprise_a", "institution_a"])
def test_the_signed_in_user_and_their_organisation_cost_one_query(world, client_for, principal):
    """The navbar names the user's organisation; loading the user fetches it in the same query."""
    client = client_for(principal)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    organisation = str(world.user(principal).organisation)
    assert organisation in page
    user_queries = [q["sql"] for q in queries.captured_queries if 'FROM "registry_user"' in q["sql"]]
    assert len(user_queries) == 1, user_queries
    for table in ("registry_city", "registry_enterprise", "training_institution"):
        by_id = f'FROM "{table}" WHERE "{table}"."id" = '
        assert not [sql for sql in (q["sql"] for q in queries.captured_queries) if by_id in sql], table
