"""Every list: sortable by its columns (names in pinyin), XLSX beside CSV, the unit filter, the page-size footer."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cqo_portal.pagination import CappedPaginator
from registry.models import Enterprise
from registry.validators import make_credit_code

pytestmark = pytest.mark.django_db

ENTERPRISES = reverse("registry:enterprise-list")
POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="pinyin order needs PostgreSQL's ICU")


def add_enterprises(world, names):
    for n, name in enumerate(names):
        Enterprise.objects.create(
            credit_code=make_credit_code(f"9135010000{n:07d}"), name=name, city=world.fuzhou, industry_section="C"
        )


def names(response) -> list[str]:
    return [e.name for e in response.context["object_list"]]


@POSTGRES
def test_enterprise_names_sort_in_pinyin_both_ways(world, client_for):
    """安 < 白 < 陈 < 张 as a dictionary orders them, not as their code points (张 < 白 < 安 < 陈) would."""
    add_enterprises(world, ["张氏电子公司", "陈记食品公司", "安泰机械公司", "白鹭纺织公司"])
    client = client_for("city_a")
    ours = ["安泰机械公司", "白鹭纺织公司", "陈记食品公司", "榕城精密机械有限公司", "张氏电子公司"]
    assert names(client.get(ENTERPRISES, {"sort": "name"})) == ours
    assert names(client.get(ENTERPRISES, {"sort": "-name"})) == ours[::-1]


def test_every_column_header_sorts_and_says_which_way(world, client_for):
    """A header links to its sort keeping the filters; clicked again it reverses; the sorted one is marked."""
    add_enterprises(world, ["甲公司", "乙公司"])
    client = client_for("province")
    page = client.get(ENTERPRISES, {"industry_section": "C", "sort": "credit_code", "page": "1"}).content.decode()
    header = re.search(r'<th[^>]*aria-sort="ascending"[^>]*><a[^>]*href="\?([^"]*)"[^>]*>([^<]*)</a>', page)
    assert header is not None and header.group(2) == "统一社会信用代码 ▲"
    assert "industry_section=C" in header.group(1) and "sort=-credit_code" in header.group(1)
    assert "page=" not in header.group(1)
    for key in ("name", "city", "industry_section", "cqo_post"):
        assert f'data-sort="{key}"' in page
    codes = [e.credit_code for e in client.get(ENTERPRISES, {"sort": "-credit_code"}).context["object_list"]]
    assert codes == sorted(codes, reverse=True) and len(codes) == 4
    # The filter form keeps the sort when the user searches again.
    assert '<input type="hidden" name="sort" value="credit_code">' in page


@pytest.mark.parametrize(
    "route,columns",
    [
        ("registry:enterprise-list", ["name", "credit_code", "city", "industry_section", "cqo_post"]),
        (
            "registry:appointment-list",
            ["enterprise", "city", "person", "appointed_on", "verdict_status", "status", "submitted_at"],
        ),
        ("registry:finding-list", ["person", "workplace", "item", "decided_on", "city", "status"]),
        ("registry:access-log", ["at", "actor", "action", "person", "count"]),
        ("training:institution-list", ["name", "credit_code", "contact"]),
        ("training:cohort-list", ["code", "title", "institution", "start_date", "end_date", "hours", "status"]),
        ("registry:account-list", ["username", "name", "role", "email", "is_active", "last_login"]),
    ],
)
def test_each_list_answers_each_sort(world, client_for, route, columns):
    client = client_for("province")
    for key in columns:
        for sort in (key, f"-{key}"):
            response = client.get(reverse(route), {"sort": sort})
            assert response.status_code == 200, sort
            assert f'data-sort="{key}"' in response.content.decode()
    assert client.get(reverse(route), {"sort": "password"}).status_code == 200  # unknown: the default order


def test_xlsx_beside_csv_with_bold_frozen_header_and_widths(world, client_for):
    """The XLSX of a list holds its filtered rows in its sort, header bold and frozen, columns sized to fit."""
    add_enterprises(world, ["=HYPERLINK(1)", "安泰机械股份有限公司福州分公司"])
    client = client_for("province")
    page = client.get(ENTERPRISES).content.decode()
    assert "导出 CSV" in page and "导出 XLSX" in page
    response = client.get(ENTERPRISES, {"export": "xlsx", "city": world.fuzhou.pk, "sort": "-credit_code"})
    assert response.status_code == 200
    assert "企业名单.xlsx" in response["Content-Disposition"].replace(
        "%E4%BC%81%E4%B8%9A%E5%90%8D%E5%8D%95", "企业名单"
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("统一社会信用代码", "企业名称")
    codes = [row[0] for row in rows[1:]]
    assert codes == sorted(codes, reverse=True) and len(codes) == 3  # Fuzhou's three, not Xiamen's
    assert "'=HYPERLINK(1)" in [row[1] for row in rows[1:]]
    assert all(cell.font.bold for cell in sheet[1]) and not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    # 企业名称 is as wide as its longest name (15 CJK characters), the credit code as its 18 characters.
    assert sheet.column_dimensions["B"].width >= 30
    assert 18 <= sheet.column_dimensions["A"].width < 30


def test_a_city_user_is_offered_only_their_own_unit(world, client_for):
    """On the enterprise and finding lists a city bureau's unit filter holds its own unit; the province's all ten."""
    for route, field in (
        ("registry:enterprise-list", "city"),
        ("registry:finding-list", "city"),
        ("registry:account-list", "unit"),
    ):
        form = client_for("city_a").get(reverse(route)).context["filter"].form
        assert [city.name for city in form.fields[field].queryset] == ["福州市"], route
        form = client_for("province").get(reverse(route)).context["filter"].form
        assert form.fields[field].queryset.count() == 10, route


@pytest.mark.parametrize("route", ["registry:enterprise-list", "registry:finding-list", "registry:account-list"])
def test_the_unit_filter_costs_no_query(world, client_for, route):
    """The 报备单位 select lists the units without reading the unit table on each request, still narrowed for a city."""
    client = client_for("province")
    client.get(reverse(route))  # the first request of the process may read them
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse(route)).content.decode()
    assert not [q["sql"] for q in queries.captured_queries if 'FROM "registry_city"' in q["sql"]]
    assert page.count(">福州市</option>") == 1 and ">厦门市</option>" in page
    field = "unit" if route == "registry:account-list" else "city"
    page = client.get(reverse(route), {field: world.xiamen.pk}).content.decode()
    assert re.search(rf'<option value="{world.xiamen.pk}" selected>厦门市</option>', page)
    page = client_for("city_a").get(reverse(route)).content.decode()
    assert ">福州市</option>" in page and ">厦门市</option>" not in page


def test_footer_states_the_page_size_the_list_uses(world, client_for):
    """Lists without a page-size selector say how many rows a page holds, and it is what the page holds."""
    add_enterprises(world, [f"企业{n:02d}" for n in range(55)])
    response = client_for("province").get(ENTERPRISES)
    page = response.content.decode()
    assert "共 57 条，每页 50 条，第 1 / 2 页" in page
    assert len(response.context["object_list"]) == 50
    assert 'name="per_page"' not in page


@pytest.mark.parametrize(
    "route",
    [
        "pool:list",
        "registry:enterprise-list",
        "registry:appointment-list",
        "registry:finding-list",
        "registry:access-log",
    ],
)
def test_list_pages_never_count_the_whole_table(world, client_for, route):
    """A list page counts at most a capped number of rows (COUNT over a LIMIT), never the whole table."""
    add_enterprises(world, [f"企业{n:02d}" for n in range(3)])
    with CaptureQueriesContext(connection) as queries:
        assert client_for("province").get(reverse(route)).status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert all("LIMIT" in sql.upper() for sql in counts), counts


def test_beyond_the_cap_the_footer_says_more_than_and_pages_on(world, client_for, monkeypatch):
    """Past the counting cap the footer says 超过 N 条 and offers the next page, not a last page it cannot know."""
    monkeypatch.setattr(CappedPaginator, "cap", 20)
    add_enterprises(world, [f"企业{n:02d}" for n in range(55)])
    client = client_for("province")
    page = client.get(ENTERPRISES).content.decode()
    assert "超过 50 条，每页 50 条，第 1 页" in page and "下一页" in page and "末页" not in page
    page = client.get(ENTERPRISES, {"page": 2}).content.decode()
    assert "共 57 条，每页 50 条，第 2 / 2 页" in page and "下一页" not in page
    assert client.get(ENTERPRISES, {"page": 3}).status_code == 404
    assert client.get(ENTERPRISES, {"page": "99999999999999999999"}).status_code == 404


@POSTGRES
@pytest.mark.parametrize("sort", ["name", "-name", "credit_code", "city", "-city", "industry_section", "cqo_post"])
def test_enterprise_sorts_are_served_by_an_index(world, client_for, sort):
    """With sequential scans priced out, each order of the enterprise list is read off a B-tree, never sorted."""
    from cqo_portal.sorting import order_by, parse_sort
    from registry.views.enterprises import EnterpriseListView

    key, descending = parse_sort(sort, EnterpriseListView.sort_columns)
    rows = Enterprise.objects.order_by(*order_by(EnterpriseListView.sort_columns[key], descending))[50:100]
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan and "Sort" not in plan.replace("Index", ""), plan


def test_a_filter_form_rendered_once_still_offers_what_changed_since(world, client_for):
    """List filter fields are rendered once per input and choices (cqo_portal.templatetags.lists.filter_fields): an
    account that appears in the access log after the list was shown is offered at once, and what was typed, with
    its error, is shown as typed."""
    from registry.models import AccessAction, AccessLog, User

    def search_form(response) -> str:
        html = response.content.decode()
        start = html.index('role="search"')
        return html[start : html.index("</form>", start)]

    client = client_for("province")
    log = reverse("registry:access-log")
    assert "林福州" not in search_form(client.get(log))
    AccessLog.objects.create(
        actor=User.objects.get(username="lin.fuzhou"), action=AccessAction.EXPORT, reason="导出", count=1
    )
    again = search_form(client.get(log))
    assert "林福州" in again
    assert search_form(client.get(log)) == again  # the same input and choices: the same form

    wrong = search_form(client.get(log, {"since": "2026-13-45"}))
    assert 'value="2026-13-45"' in wrong and "is-invalid" in wrong
    assert 'value="2026-13-45"' not in search_form(client.get(log, {"since": "2026-01-05"}))


def test_the_enterprise_table_shows_each_cell_in_its_column_escaped(world, client_for):
    """The table body is formatted in Python (cqo_portal.tables): each value in its column, what was typed shown
    as typed, the badges as badges."""
    Enterprise.objects.filter(pk=world.acme.pk).update(
        name="<i>榕城</i> & 精密", declared_size="medium", size_confirmed_by_city=True, pending_city_check=True
    )
    html = client_for("city_a").get(ENTERPRISES).content.decode()
    row = next(line for line in html.splitlines() if "榕城" in line)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells == [
        f'<a href="/enterprises/{world.acme.pk}/">&lt;i&gt;榕城&lt;/i&gt; &amp; 精密</a>'
        ' <span class="badge text-bg-warning">待核实</span>',
        world.acme.credit_code,
        "福州市",
        "C",
        '中型 <span class="badge text-bg-secondary">已确认</span>',
        "未设立" if not world.acme.cqo_post_established else "已设立",
    ]
