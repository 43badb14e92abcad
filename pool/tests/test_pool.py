"""The talent pool (人才库): who is in it, who sees whom, filters, keyset pages, query counts and exports."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cqo_portal.keyset import encode_cursor, paginate
from pool.filters import SORT_ORDERS
from pool.models import PoolEntry
from pool.services import pool_rebuild, pool_refresh
from registry.models import (
    AccessAction,
    AccessLog,
    Appointment,
    AppointmentStatus,
    Education,
    Enterprise,
    Person,
    TitleLevel,
)
from registry.services import finding_record, person_update
from training.models import Certificate

pytestmark = pytest.mark.django_db

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>\nstartxref\n9\n%%EOF\n"
LIST = reverse("pool:list")


def add_members(world, names, *, enterprise=None, year=2023, education=Education.BACHELOR) -> list[Person]:
    """Certificate holders with these names (repeats allowed), put in the pool by pool_refresh."""
    enterprise = enterprise or world.acme
    start = Person.objects.count()
    persons = []
    for n, name in enumerate(names, start=start):
        person = Person.objects.create(
            name=name,
            resident_id_encrypted="x",
            resident_id_hash=f"h{n:063d}",
            resident_id_masked=f"3501**********{n:04d}",
            gender="F",
            birth_year=1980,
            education=education,
            title_level=TitleLevel.INTERMEDIATE,
            enterprise=enterprise,
        )
        Certificate.objects.create(number=f"T-{n}", person=person, institution=world.academy, issued_on=D(year, 3, 1))
        persons.append(person)
    pool_refresh(person_ids=[p.pk for p in persons])
    return persons


def names_on(response) -> list[str]:
    return [entry.name for entry in response.context["entries"]]


def pool_queries(captured) -> list[str]:
    """The list's own queries: session, user and the user's organisation look-ups aside."""
    own = ("registry_poolentry", "pg_class")
    return [q["sql"] for q in captured.captured_queries if any(table in q["sql"] for table in own)]


# ---------------------------------------------------------------------------
# Membership


def test_certificate_holder_is_in_the_pool_and_others_are_not(world):
    """Article 12: a valid certificate puts the person in the pool; no certificate and no appointment keeps them out."""
    entry = PoolEntry.objects.get(person=world.lin_fang)
    assert entry.via_certificate and not entry.via_appointment
    assert (entry.name, entry.city_code, entry.enterprise_name, entry.certificate_year) == (
        "林芳",
        "350100",
        world.acme.name,
        2024,
    )
    assert entry.enterprise_size == "medium"
    assert entry.eligibility == "eligible"
    assert entry.resident_id_masked == "3501**********002X"
    assert not PoolEntry.objects.filter(person=world.chen_jie).exists()


def test_revoked_certificate_leaves_the_pool(world):
    """Revoking the only certificate takes the person out at the next refresh."""
    Certificate.objects.filter(person=world.lin_fang).update(
        revoked=True, revoked_on=D(2025, 1, 1), revoked_reason="复核不合格"
    )
    assert pool_refresh(person_ids=[world.lin_fang.pk]) == 0
    assert not PoolEntry.objects.filter(person=world.lin_fang).exists()


def test_acknowledged_appointment_enters_the_pool_and_ending_it_leaves(world):
    """A current acknowledged appointment is the other way in; an ended one is not."""
    appointment = Appointment.objects.create(
        enterprise=world.bolt,
        person=world.chen_jie,
        appointed_by="许海",
        appointed_on=D(2025, 1, 2),
        letter=SimpleUploadedFile("letter.pdf", PDF),
        status=AppointmentStatus.ACKNOWLEDGED,
    )
    pool_refresh(person_ids=[world.chen_jie.pk])
    entry = PoolEntry.objects.get(person=world.chen_jie)
    assert entry.via_appointment and not entry.via_certificate
    assert (entry.enterprise, entry.city_code, entry.certificate_year) == (world.bolt, "350200", 0)
    assert entry.eligibility == "ineligible"  # no certificate: Article 5(五) fails

    Appointment.objects.filter(pk=appointment.pk).update(
        status=AppointmentStatus.ENDED, ended_on=D(2025, 6, 1), end_reason="dismissed"
    )
    pool_refresh(person_ids=[world.chen_jie.pk])
    assert not PoolEntry.objects.filter(person=world.chen_jie).exists()


def test_finding_makes_the_member_ineligible_at_once(world):
    """finding_record re-evaluates the pool row in the same transaction."""
    finding_record(
        person=world.lin_fang,
        actor=world.users["province"],
        item=2,
        decided_on=D(2025, 2, 1),
        evidence=SimpleUploadedFile("e.pdf", PDF),
    )
    assert PoolEntry.objects.get(person=world.lin_fang).eligibility == "ineligible"


def test_person_and_enterprise_changes_reach_the_row(world):
    person_update(person=world.lin_fang, actor=world.users["province"], name="林芳芳", education=Education.MASTER)
    entry = PoolEntry.objects.get(person=world.lin_fang)
    assert (entry.name, entry.education) == ("林芳芳", Education.MASTER)
    from registry.services import enterprise_update

    enterprise_update(enterprise=world.acme, actor=world.users["province"], name="榕城精密机械集团有限公司")
    assert PoolEntry.objects.get(person=world.lin_fang).enterprise_name == "榕城精密机械集团有限公司"


def test_rebuild_command_recreates_the_pool(world, capsys):
    from django.core.management import call_command

    PoolEntry.objects.all().delete()
    call_command("refresh_pool")
    assert "共 1 人" in capsys.readouterr().out
    assert list(PoolEntry.objects.values_list("person__name", flat=True)) == ["林芳"]
    assert pool_rebuild() == 1


# ---------------------------------------------------------------------------
# Scope


@pytest.mark.parametrize(
    "principal, sees_lin_fang",
    [
        ("province", True),
        ("admin", True),
        ("city_a", True),
        ("city_b", False),
        ("institution_a", True),
        ("institution_b", False),
        ("enterprise_a", True),
        ("enterprise_b", False),
    ],
)
def test_each_role_sees_its_own_scope(world, client_for, principal, sees_lin_fang):
    add_members(world, ["黄明"], enterprise=world.bolt)  # a Xiamen member trained by academy
    names = names_on(client_for(principal).get(LIST))
    assert ("林芳" in names) is sees_lin_fang
    assert ("黄明" in names) is (principal in ("province", "admin", "city_b", "institution_a", "enterprise_b"))


def test_detail_is_404_outside_scope_and_shows_verdict_inside(world, client_for):
    url = reverse("pool:detail", kwargs={"person_id": world.lin_fang.pk})
    assert client_for("city_b").get(url).status_code == 404
    response = client_for("city_a").get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "符合任职条件" in body and "FJCQO-2024-0001" in body and "第五条第（五）项" in body
    assert world.lin_fang_id not in body


def test_detail_offers_reveal_to_province_and_finding_record_to_bureaux(world, client_for):
    """Only provincial staff get the reveal link; city staff may record a finding from the person's page."""
    url = reverse("pool:detail", kwargs={"person_id": world.lin_fang.pk})
    reveal = reverse("registry:person-reveal", kwargs={"person_id": world.lin_fang.pk})
    record = f"{reverse('registry:finding-create')}?person={world.lin_fang.pk}"
    province = client_for("province").get(url).content.decode()
    city = client_for("city_a").get(url).content.decode()
    enterprise = client_for("enterprise_a").get(url).content.decode()
    assert reveal in province and reveal not in city and reveal not in enterprise
    assert record in city and record not in enterprise


# ---------------------------------------------------------------------------
# Filters and search


def test_filters_narrow_the_list(world, client_for):
    add_members(world, ["王芳", "王芳华", "李王芳"], year=2022)
    add_members(world, ["王建国"], enterprise=world.bolt, education=Education.MASTER, year=2021)
    client = client_for("province")

    def names(query):
        return sorted(names_on(client.get(LIST + "?" + query)))

    assert names("q=王芳") == ["王芳", "王芳华"]  # two characters: from the start of the name only
    assert names("q=芳") == []
    assert names("q=王芳华") == ["王芳华"]
    assert names("q=李王芳") == ["李王芳"]
    assert names("q=精密机械") == sorted(
        ["林芳", "李王芳", "王芳", "王芳华"]
    )  # three or more: anywhere in the enterprise name
    assert names("q=" + world.bolt.credit_code[:6].lower()) == ["王建国"]
    assert names("city_code=350200") == ["王建国"]
    assert names("education=master") == ["王建国"]
    assert names("certificate_year=2022") == ["李王芳", "王芳", "王芳华"]
    assert names("industry_section=C&enterprise_size=medium&eligibility=ineligible&q=王芳") == ["王芳", "王芳华"]
    assert names("title_level=senior") == []


def test_the_table_shows_what_was_typed_never_markup(world, client_for):
    """The table body is formatted in Python (cqo_portal.tables), not by the template engine: every cell is still
    escaped, and each row links to its member."""
    (person,) = add_members(world, ["王芳"])
    PoolEntry.objects.filter(person=person).update(enterprise_name="<b>精密</b> & \"引号\" '单'")
    response = client_for("province").get(LIST)
    html = response.content.decode()
    assert "&lt;b&gt;精密&lt;/b&gt; &amp; &quot;引号&quot; &#x27;单&#x27;" in html
    assert "<b>精密</b>" not in html
    assert f'<a href="/pool/{person.pk}/">王芳</a>' in html
    empty = client_for("province").get(LIST + "?q=无此人")
    assert "没有符合条件的人员。" in empty.content.decode()


def test_invalid_filter_shows_the_error_and_no_rows(world, client_for):
    response = client_for("province").get(LIST + "?education=nonsense")
    assert response.status_code == 200
    assert names_on(response) == []
    assert response.context["filter"].form.errors


def test_search_box_explains_the_two_character_rule(world, client_for):
    body = client_for("province").get(LIST).content.decode()
    assert "输入1至2个字时按姓名开头匹配" in body


# ---------------------------------------------------------------------------
# Keyset pages


@pytest.mark.parametrize("sort", list(SORT_ORDERS))
def test_pages_cover_every_row_once_in_order_forwards_and_backwards(world, client_for, sort):
    """Walking next links, then previous links, visits each row exactly once, ties on name included."""
    add_members(world, ["王芳"] * 7 + ["陈杰", "陈杰", "张伟"] + ["阿"] * 3, year=2020)
    add_members(world, ["王芳"] * 3 + ["赵敏"], enterprise=world.bolt, year=2023)
    client = client_for("province")
    order = SORT_ORDERS[sort]
    expected = list(PoolEntry.objects.order_by(*order.order_by()).values_list("pk", flat=True))
    assert len(expected) == 18  # with lin_fang

    seen, pages = [], []
    queryset = PoolEntry.objects.all()
    page = paginate(queryset, order, size=3)
    while True:
        pages.append(page)
        seen += [row.pk for row in page.rows]
        if not page.has_next:
            break
        page = paginate(queryset, order, size=3, after=page.next_cursor)
    assert seen == expected

    backwards = []
    page = pages[-1]
    while True:
        backwards = [row.pk for row in page.rows] + backwards
        if not page.has_previous:
            break
        page = paginate(queryset, order, size=3, before=page.previous_cursor)
    assert backwards == expected

    response = client.get(f"{LIST}?sort={sort}&per_page=20")
    assert [e.pk for e in response.context["entries"]] == expected
    assert response.context["page"].has_next is False


def test_view_follows_the_next_link(world, client_for):
    add_members(world, [f"测试{n:02d}" for n in range(45)])
    client = client_for("province")
    first = client.get(LIST + "?per_page=20")
    second = client.get(LIST + "?per_page=20&after=" + first.context["page"].next_cursor)
    third = client.get(LIST + "?per_page=20&after=" + second.context["page"].next_cursor)
    names = names_on(first) + names_on(second) + names_on(third)
    assert names == list(PoolEntry.objects.values_list("name", flat=True))  # the default order: pinyin
    assert len(names) == 46 and third.context["page"].has_next is False
    back = client.get(LIST + "?per_page=20&before=" + third.context["page"].previous_cursor)
    assert names_on(back) == names_on(second)


def test_a_malformed_cursor_means_page_one(world, client_for):
    client = client_for("province")
    for cursor in ("%%%", "bm9wZQ", encode_cursor(["x"]), encode_cursor([1, "y"]), encode_cursor([True, 1])):
        response = client.get(LIST + "?after=" + cursor)
        assert response.status_code == 200
        assert names_on(response) == ["林芳"]


# ---------------------------------------------------------------------------
# Query counts


@pytest.mark.parametrize("principal", ["province", "city_a", "institution_a", "enterprise_a"])
def test_list_costs_at_most_two_queries_at_any_size_and_page_size(world, client_for, principal):
    """Session and user look-ups aside, the list is the page query plus, unfiltered, the size estimate."""
    client = client_for(principal)
    counts = {}
    for rows in (5, 130):
        add_members(world, [f"刘{n:03d}" for n in range(rows - PoolEntry.objects.count())])
        for per_page in (20, 100):
            for query in (f"per_page={per_page}", f"per_page={per_page}&q=刘0&education=bachelor&sort=city"):
                first = client.get(f"{LIST}?{query}")
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(f"{LIST}?{query}&after={first.context['page'].next_cursor}")
                assert response.status_code == 200
                counts[(rows, per_page, query)] = len(pool_queries(captured))
                with CaptureQueriesContext(connection) as everything:
                    client.get(f"{LIST}?{query}")
                # + session, user, and the user's organisation; the statement_timeout's transaction (its
                # set_config, and BEGIN / COMMIT, or a savepoint in a test) aside: round trips, not queries.
                bounded = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT", "SELECT set_config('statement_timeout'")
                queries = [q["sql"] for q in everything.captured_queries if not q["sql"].startswith(bounded)]
                assert len(queries) <= 5, queries
    assert max(counts.values()) <= 2, counts
    assert len(set(counts.values())) <= 2  # flat: the same whatever the rows and page size


# ---------------------------------------------------------------------------
# Exports


def test_csv_export_masks_ids_neutralises_formulas_and_logs(world, client_for):
    add_members(world, ['=HYPERLINK("http://x")', "+王", "@芳", "-陈"])
    before = AccessLog.objects.count()
    response = client_for("city_a").get(LIST + "?export=csv&q=精密机械")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:2] == ["姓名", "身份证号码（脱敏）"]
    names = {row[0] for row in rows[1:]}
    assert names == {"林芳", '\'=HYPERLINK("http://x")', "'+王", "'@芳", "'-陈"}
    assert world.lin_fang_id not in body and "3501**********002X" in body
    log = AccessLog.objects.order_by("-pk").first()
    assert AccessLog.objects.count() == before + 1
    assert (log.actor, log.action, log.count, log.person) == (world.users["city_a"], AccessAction.EXPORT, 5, None)


def test_xlsx_export_is_a_workbook_of_the_filtered_rows(world, client_for):
    add_members(world, ["=1+1", "王芳"], enterprise=world.bolt)
    response = client_for("province").get(LIST + "?export=xlsx&city_code=350200")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "姓名"
    assert sorted(row[0] for row in rows[1:]) == ["'=1+1", "王芳"]
    assert all(row[1].count("*") == 10 for row in rows[1:])
    assert AccessLog.objects.filter(action=AccessAction.EXPORT, count=2).exists()


def test_export_outside_scope_exports_nothing(world, client_for):
    response = client_for("enterprise_b").get(LIST + "?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "林芳" not in body
    assert Enterprise.objects.count() == 2


def test_forged_cursors_and_huge_ids_are_harmless(world, client_for):
    """A cursor holding an enormous number falls back to page 1; an enormous person id is a 404."""
    from cqo_portal.keyset import encode_cursor

    client = client_for("province")
    forged = encode_cursor([10**30, 5])
    assert client.get(reverse("pool:list"), {"sort": "year", "after": forged}).status_code == 200
    assert client.get(reverse("pool:detail", kwargs={"person_id": 10**20})).status_code == 404


def test_a_certificate_from_an_institution_never_entrusted_does_not_enter_the_pool(world):
    """Article 12 and clause 5.5 agree: only a certificate issued within an entrustment counts."""
    Certificate.objects.create(
        number="FJCQO-X-1", person=world.chen_jie, institution=world.college, issued_on=datetime.date(2024, 6, 1)
    )
    pool_refresh(person_ids=[world.chen_jie.pk])
    assert not PoolEntry.objects.filter(person=world.chen_jie).exists()


# ---------------------------------------------------------------------------
# Pinyin: the order names are looked up in, and `wangfang` / `wf` finding 王芳


def test_names_sort_in_pinyin_not_by_code_point(world, client_for):
    """安 < 白 < 陈 < 林 < 曾 < 张 as in a dictionary (by code point 张 < 曾 < 林 < 白 < 安 < 陈); 曾 as a surname is zeng."""
    add_members(world, ["张伟", "曾芳", "陈杰", "白雪", "安娜"])
    client = client_for("province")
    expected = ["安娜", "白雪", "陈杰", "林芳", "曾芳", "张伟"]
    assert names_on(client.get(LIST)) == expected
    assert names_on(client.get(LIST, {"sort": "name"})) == expected
    assert names_on(client.get(LIST, {"sort": "-name"})) == expected[::-1]


@pytest.mark.parametrize("term", ["wangfang", "WangFang", "wang fang", "wangf", "wf", "WF"])
def test_pinyin_and_initials_find_wang_fang(world, client_for, term):
    add_members(world, ["王芳", "汪芳华", "王建国", "黄芳", "吴飞"])
    found = set(names_on(client_for("province").get(LIST, {"q": term})))
    if term.lower() in ("wf",):
        assert found == {"王芳", "汪芳华", "吴飞"}
    else:
        assert found == {"王芳", "汪芳华"}


def test_a_surname_is_read_as_a_surname(world, client_for):
    """曾 and 单 as surnames are zeng and shan, so that is how they are found (and not as ceng or dan)."""
    add_members(world, ["曾国藩", "单雄信"])
    client = client_for("province")
    assert names_on(client.get(LIST, {"q": "zengguofan"})) == ["曾国藩"]
    assert names_on(client.get(LIST, {"q": "shanx"})) == ["单雄信"]
    assert names_on(client.get(LIST, {"q": "cengguofan"})) == []


def test_letters_still_find_a_credit_code_and_digits_only_a_credit_code(world, client_for):
    client = client_for("province")
    assert names_on(client.get(LIST, {"q": world.acme.credit_code[:6]})) == ["林芳"]
    assert names_on(client.get(LIST, {"q": "lf"})) == ["林芳"]


def test_every_column_header_sorts_the_pool(world, client_for):
    """Each sortable header links to its order keeping the filters; the current one says ▲ or ▼."""
    add_members(world, ["王芳", "陈杰"], year=2020)
    client = client_for("province")
    page = client.get(LIST, {"education": "bachelor", "sort": "-year"}).content.decode()
    assert 'aria-sort="descending"' in page and "发证年份 ▼" in page
    for key in ("name", "city", "credit_code", "eligibility", "year"):
        assert f'data-sort="{key}"' in page
    assert "education=bachelor&amp;sort=year" in page  # a second click reverses, the filter stays
    years = [e.certificate_year for e in client.get(LIST, {"sort": "-year"}).context["entries"]]
    assert years == sorted(years, reverse=True)


def test_page_size_selector_and_footer_agree(world, client_for):
    """The selector shows the page size the footer states and the page holds, with or without ?per_page=."""
    add_members(world, [f"测试{n:02d}" for n in range(25)])
    client = client_for("province")
    for query, size in (({}, 50), ({"q": "测试"}, 50), ({"per_page": "20"}, 20), ({"per_page": "20", "q": "测"}, 20)):
        response = client.get(LIST, query)
        page = response.content.decode()
        assert f'<option value="{size}" selected>{size}条</option>' in page, query
        assert f"每页 {size} 条" in page
        assert len(response.context["entries"]) == min(size, 26 if not query.get("q") else 25)


def test_a_city_user_is_offered_only_their_own_unit(world, client_for):
    def units(principal):
        page = client_for(principal).get(LIST).content.decode()
        select = page[page.index('name="city_code"') : page.index("</select>", page.index('name="city_code"'))]
        return [label for label in ("福州市", "厦门市", "平潭综合实验区") if label in select]

    assert units("province") == ["福州市", "厦门市", "平潭综合实验区"]
    assert units("city_a") == ["福州市"]
    assert units("city_b") == ["厦门市"]
    assert units("province") == ["福州市", "厦门市", "平潭综合实验区"]  # the cached form is per unit


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of PostgreSQL")
@pytest.mark.parametrize(
    "query",
    [{"q": "wangfang"}, {"q": "wf"}, {"q": "wf", "sort": "-name"}, {"q": "wf", "city_code": "350100"}, {"q": "王芳"}]
    + [{"q": "王"}, {"q": "王建国"}, {"q": "精密机械"}, {"q": "913501"}]
    + [{"sort": key} for key in SORT_ORDERS],
)
def test_pinyin_search_and_every_sort_are_served_by_an_index(world, client_for, query):
    """The page query the list runs, with sequential scans priced out, needs no Seq Scan of the pool: an index
    serves each part; a whole-table order comes straight off its B-tree, never sorted."""
    add_members(world, ["王芳", "汪芳华", "吴飞", "陈杰"])
    with CaptureQueriesContext(connection) as captured:
        assert client_for("province").get(LIST, query).status_code == 200
    (sql,) = [q["sql"] for q in captured.captured_queries if 'FROM "registry_poolentry"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on registry_poolentry" not in plan, plan
    if "q" not in query:
        assert "Sort" not in plan.replace("Index", ""), plan
    if query.get("q", "").isalpha() and (query["q"].isascii() or len(query["q"]) >= 3):
        assert plan.count("Limit") == 4, plan  # a union of three parts, each its own page


def test_the_size_estimate_is_read_once_a_minute_per_process(world, settings):
    """The unfiltered list's 约 N 人 is a statistic as old as the last ANALYZE: a process reads it at most once per
    POOL_ESTIMATE_SECONDS, and afresh after that."""
    import time_machine
    from django.core.cache import caches

    from pool.selectors import pool_size_estimate

    settings.POOL_ESTIMATE_SECONDS = 60
    caches["local"].delete("pool_size_estimate")
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC), tick=False) as traveller:
        with CaptureQueriesContext(connection) as first:
            estimate = pool_size_estimate()
        with CaptureQueriesContext(connection) as kept:
            assert pool_size_estimate() == estimate
        traveller.shift(61)
        with CaptureQueriesContext(connection) as later:
            pool_size_estimate()
    assert (len(first), len(kept), len(later)) == (1, 0, 1)
