"""Search plans that cannot go wrong: a common name is found through its trigram index and then sorted, whatever its
frequency, never by walking the list's order and filtering (at 1,000,000 persons the walk read 820,277 rows for
陈志强: 2.47 s)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pool.models import PoolEntry

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of PostgreSQL"),
]

ROWS = 40_000
COMMON = "陈志强"
# Names that sort before 陈志强 in pinyin order (an, bai, cai, cao): what a walk of the order reads first.
BEFORE = ["安建华", "白雪梅", "蔡文辉", "曹国庆", "柏俊杰", "鲍振华"]
AFTER = ["林秀英", "王建国", "郑晓燕", "黄丽娟"]


def load_pool(world) -> None:
    """ROWS members in bulk (one INSERT ... SELECT each), COMMON one in fifty, as a common name is at scale."""
    names = ",".join(f"'{name}'" for name in [COMMON] + (BEFORE + AFTER) * 5)  # COMMON: 1 in 51
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO registry_person (name, resident_id_encrypted, resident_id_hash, resident_id_masked, gender,
                birth_year, phone, email, education, title_level, title_series, enterprise_id, position,
                declared_ethics, declared_laws, declared_conduct, declared_on, created_at, updated_at)
            SELECT (ARRAY[{names}])[1 + g %% 51], 'x', md5(g::text) || md5((-g)::text), '3501**********' || lpad(g::text, 4, '0'),
                   'F', 1980, '', '', 'bachelor', 'intermediate', '', %s, '', true, true, true, DATE '2024-01-01',
                   now(), now()
            FROM generate_series(1, %s) AS g
            """,
            [world.acme.pk, ROWS],
        )
        cursor.execute(
            """
            INSERT INTO registry_poolentry (person_id, name, name_pinyin, name_initials, resident_id_masked, city_id,
                city_code, enterprise_id, enterprise_name, credit_code, industry_section, enterprise_size, education,
                title_level, eligibility, certificate_year, via_certificate, via_appointment, updated_at)
            SELECT p.id, p.name, '', '', p.resident_id_masked, %s, '350100', %s, '', '', 'C', 'small', 'bachelor',
                   'intermediate', 'eligible', 2023, true, false, now()
            FROM registry_person p WHERE p.resident_id_encrypted = 'x'
            """,
            [world.acme.city_id, world.acme.pk],
        )
    # The pinyin keys, as pool_refresh stores them: one UPDATE per distinct name.
    from pool.pinyin import name_keys

    for name in [COMMON, *BEFORE, *AFTER]:
        keys = name_keys(name)
        PoolEntry.objects.filter(name=name, name_pinyin="").update(
            name_pinyin=keys.spelled, name_initials=keys.initials
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_poolentry")


def plan(sql: str, params=None) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)  # a captured query's values are in its text: no params
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_common_name_is_found_through_its_trigram_index_then_sorted(world, client_for):
    load_pool(world)
    # At this size the planner, left to itself, walks the list's order and filters: it expects a common name's
    # rows spread through the order, when they all sit together under chen.
    naive = PoolEntry.objects.filter(name__icontains=COMMON).order_by("name_pinyin", "name", "id")[:51]
    walk = plan(*naive.query.sql_with_params())
    assert "Index Scan using pool_pinyin_name_id" in walk, walk

    with CaptureQueriesContext(connection) as captured:
        response = client_for("province").get(reverse("pool:list"), {"q": COMMON})
    assert response.status_code == 200
    assert len(response.context["entries"]) == 50
    assert {entry.name for entry in response.context["entries"]} == {COMMON}
    (sql,) = [q["sql"] for q in captured.captured_queries if 'FROM "registry_poolentry"' in q["sql"]]
    chosen = plan(sql)
    assert "Bitmap Index Scan on pool_name_trgm" in chosen, chosen
    name_part = chosen[: chosen.index("pool_name_trgm")]  # the name part comes first in the union
    assert "Index Scan using pool_pinyin_name_id" not in name_part and "pool_name_id" not in name_part, chosen


def test_a_surname_is_read_in_the_lists_order_not_found_and_sorted(world, client_for):
    """One character is a surname, whose rows can be many (王: 7 in 100): finding them all and sorting them took
    367 ms at 1,000,000 persons. An index holds them in the list's order, so a page is one index range, forwards
    and backwards."""
    load_pool(world)
    for params in ({"q": "陈"}, {"q": "陈", "sort": "-name"}, {"q": "陈", "sort": "city"}):
        with CaptureQueriesContext(connection) as captured:
            response = client_for("province").get(reverse("pool:list"), params)
        assert response.status_code == 200
        names = [entry.name for entry in response.context["entries"]]
        assert names and set(names) == {COMMON}, names
        (sql,) = [q["sql"] for q in captured.captured_queries if 'FROM "registry_poolentry"' in q["sql"]]
        chosen = plan(sql)
        assert "pool_surname_" in chosen, chosen
        assert "Sort" not in chosen, chosen

    # The list's order is kept: surnames that are one character but several pinyin syllables apart stay apart.
    response = client_for("province").get(reverse("pool:list"), {"q": "王"})
    assert {entry.name for entry in response.context["entries"]} == {"王建国"}
