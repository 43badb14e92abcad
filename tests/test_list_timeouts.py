"""A list query that runs too long is cancelled (statement_timeout) and the page asks to narrow the search: HTTP 200,
an empty list, never a 500 and never a worker held for seconds."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.urls import reverse

from cqo_portal.timeouts import NARROW_THE_SEARCH
from pool.services import pool_rebuild

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"),
]


def slow_first_list_query(table: str):
    """An execute wrapper: the first SELECT reading `table` waits a second before it runs, as a search the planner
    got wrong would."""
    waited = []

    def wrapper(execute, sql, params, many, context):
        if not waited and sql.lstrip("( ").upper().startswith("SELECT") and f'"{table}"' in sql:
            waited.append(sql)
            execute("SELECT pg_sleep(1)", None, many, context)
        return execute(sql, params, many, context)

    return wrapper, waited


@pytest.mark.parametrize(
    ("url", "table", "shown"),
    [
        (reverse("pool:list"), "registry_poolentry", "林芳"),
        (reverse("registry:enterprise-list"), "registry_enterprise", "榕城精密机械有限公司"),
    ],
)
def test_a_cancelled_list_query_gives_an_empty_page_asking_to_narrow_the_search(
    world, client_for, settings, url, table, shown
):
    pool_rebuild()
    client = client_for("province")
    assert shown in client.get(url, {"q": "精密机械"}).content.decode()  # the member / enterprise is listed

    settings.LIST_STATEMENT_TIMEOUT_MS = 100
    wrapper, waited = slow_first_list_query(table)
    started = time.perf_counter()
    with connection.execute_wrapper(wrapper):
        response = client.get(url, {"q": "精密机械"})
    assert waited, "the list ran no query of its table"
    assert time.perf_counter() - started < 0.9  # cancelled at 100 ms, not waited out
    assert response.status_code == 200
    page = response.content.decode()
    assert NARROW_THE_SEARCH in page
    assert shown not in page
    # The next page is bounded again and answers normally.
    assert shown in client.get(url, {"q": "精密机械"}).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_timeout_ends_with_the_page(world, client_for):
    """SET LOCAL: a persistent connection's next use (a task, the admin, an export) is not cut at 2 s."""
    client_for("province").get(reverse("pool:list"))
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (value,) = cursor.fetchone()
    assert value == "0", value
