"""The enterprise list's name search reads its matches through the trigram index (registry 0020), not the table."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of PostgreSQL"),
]

ROWS = 30_000


def test_an_enterprise_name_search_reads_the_trigram_index(world, client_for):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO registry_enterprise (credit_code, name, city_id, address, legal_representative,
                industry_section, industry_division, employees, revenue, total_assets, size, declared_size,
                size_confirmed_by_city, cqo_post_established, cqo_empowered, created_at, updated_at)
            SELECT '91350' || lpad(g::text, 12, '0') || 'Z',
                   (ARRAY['鑫源', '闽华', '海峡', '嘉禾'])[1 + g %% 4] || (ARRAY['电子科技', '食品', '建材'])[1 + g %% 3]
                       || '有限公司' || CASE WHEN g %% 500 = 0 THEN '精密机械分公司' ELSE '' END,
                   %s, '', '', 'C', '', 10, 1, 1, 'small', '', false, false, false, now(), now()
            FROM generate_series(1, %s) AS g
            """,
            [world.acme.city_id, ROWS],
        )
        cursor.execute("ANALYZE registry_enterprise")
    with CaptureQueriesContext(connection) as captured:
        response = client_for("province").get(reverse("registry:enterprise-list"), {"q": "精密机械"})
    assert response.status_code == 200
    assert "榕城精密机械有限公司" in response.content.decode()
    searches = [q["sql"] for q in captured.captured_queries if 'FROM "registry_enterprise"' in q["sql"]]
    assert searches
    for sql in searches:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Seq Scan on registry_enterprise" not in plan, plan
        assert "enterprise_name_trgm" in plan, plan
