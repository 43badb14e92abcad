"""The dashboard panel rendered once per scope and kept (dashboards/panels.py): a home page reads it from the cache,
the beat task renders it afresh, and one scope's panel is never shown to another."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards import panels
from dashboards.tasks import refresh_dashboards
from registry.models import Enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.DASHBOARD_CACHE_SECONDS = 900
    cache.clear()
    yield
    cache.clear()


def headline(response, key: str) -> str:
    html = response.content.decode()
    card = html.split(f'data-testid="headline-{key}"', 1)[1]
    return card.split('data-testid="headline-value">', 1)[1].split("<", 1)[0]


def test_the_home_page_reads_the_kept_panel_and_the_beat_renders_it_afresh(client_for, world):
    Enterprise.objects.filter(pk=world.acme.pk).update(cqo_post_established=True)
    client = client_for("province")
    assert headline(client.get(reverse("home")), "enterprises_with_post") == "1"
    Enterprise.objects.filter(pk=world.bolt.pk).update(cqo_post_established=True)
    with CaptureQueriesContext(connection) as captured:
        kept = client.get(reverse("home"))
    assert headline(kept, "enterprises_with_post") == "1"  # the kept panel, until the beat renders it again
    assert not any("registry_poolentry" in q["sql"] or "GROUP BY" in q["sql"] for q in captured.captured_queries)
    assert refresh_dashboards() == 11  # the province and the ten reporting units
    assert headline(client.get(reverse("home")), "enterprises_with_post") == "2"
    assert headline(client.get(reverse("dashboards:dashboard")), "enterprises_with_post") == "2"


def test_each_city_gets_its_own_kept_panel(client_for, world):
    Enterprise.objects.filter(pk=world.acme.pk).update(cqo_post_established=True)  # Fuzhou's
    refresh_dashboards()
    fuzhou = client_for("city_a").get(reverse("home"))
    xiamen = client_for("city_b").get(reverse("home"))
    assert headline(fuzhou, "enterprises_with_post") == "1"
    assert headline(xiamen, "enterprises_with_post") == "0"
    assert "本市概览" in xiamen.content.decode()


def test_the_kept_panel_holds_nothing_of_one_user(client_for, world):
    html = panels.panel_html(world.user("province"))
    assert "csrfmiddlewaretoken" not in html
    assert world.user("province").username not in html
    assert panels.panel_html(world.user("enterprise_a")) == ""
    assert 'data-testid="dashboard-totals"' in html  # the province's figures on record moved into its panel
    page = client_for("province").get(reverse("home")).content.decode()
    assert page.count("培训机构 <strong>") == 1


def test_the_provinces_to_dos_are_counted_together(client_for, world):
    """Every HOME_PANELS entry that rests on counts (the filings' and the province's to-dos) is counted in one
    query with the others; the panels still say what each count is."""
    import datetime

    from filings.models import Filing, FilingKind, FilingStatus

    def report(city, start, status, reason=""):
        return Filing.objects.create(
            kind=FilingKind.CITY_REPORT,
            city=city,
            period_start=start,
            period_end=start + datetime.timedelta(days=80),
            period_label=str(start),
            due_date=start + datetime.timedelta(days=95),
            status=status,
            return_reason=reason,
        )

    report(world.fuzhou, datetime.date(2025, 1, 1), FilingStatus.SUBMITTED)
    report(world.xiamen, datetime.date(2025, 1, 1), FilingStatus.RETURNED, "数字有误")
    report(world.xiamen, datetime.date(2025, 4, 1), FilingStatus.DRAFT)  # overdue, never filed
    with CaptureQueriesContext(connection) as captured:
        page = client_for("province").get(reverse("home")).content.decode()
    assert "有1份报备待审核" in page
    assert "有1份报备已退回" in page
    assert "1个报备单位有逾期未报的报备" in page
    batched = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT (SELECT COUNT(*)")]
    assert len(batched) == 2  # the to-do list's own counts, and every panel's together
    assert "filings_reminder" in batched[1] and "registry_appointment" in batched[1]
