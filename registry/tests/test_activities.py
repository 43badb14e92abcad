"""Article 15 through the pages: the province records exchanges, their participants and commendations; a city bureau
reads its own persons'; the person's pages show them; the dashboard counts come from the database."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import services
from registry.models import AccessAction, AccessLog, Commendation, ExchangeParticipant, ExperienceExchange
from registry.navigation import items_for
from registry.selectors import NO_UNIT, activity_counts, person_activities
from registry.validators import make_resident_id

pytestmark = pytest.mark.django_db

EXCHANGES = reverse("registry:exchange-list")
COMMENDATIONS = reverse("registry:commendation-list")


def make_exchange(world, title="全省首席质量官经验交流会", held_on=datetime.date(2025, 11, 20), persons=()):
    exchange = services.exchange_create(
        actor=world.user("province"), title=title, held_on=held_on, organiser="福建省市场监督管理局", place="福州市"
    )
    for person in persons:
        services.exchange_participant_add(exchange=exchange, person=person, actor=world.user("province"))
    return exchange


def commend(world, person=None, year=2025, level="provincial", title="福建省质量工作先进个人"):
    return services.commendation_record(
        actor=world.user("province"),
        person=person or world.lin_fang,
        level=level,
        year=year,
        title=title,
        awarded_by="福建省人民政府",
        citation="推行首席质量官制度成效显著",
    )


# ---------------------------------------------------------------------------
# Recording an exchange and who took part
# ---------------------------------------------------------------------------


def test_province_records_an_exchange_then_adds_a_participant_found_by_name(world, client_for):
    """The province fills in the exchange, lands on its page, searches 林 and adds lin_fang as a speaker."""
    client = client_for("province")
    response = client.post(
        reverse("registry:exchange-create"),
        {"title": "全省首席质量官经验交流会", "held_on": "2025-11-20", "place": "福州市", "organiser": "省市场监管局"},
    )
    exchange = ExperienceExchange.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:exchange-detail", args=[exchange.pk]
    )
    add = reverse("registry:exchange-participant-add", args=[exchange.pk])
    page = client.get(add, {"q": "林"}).content.decode()
    assert "林芳" in page and "陈杰" not in page
    response = client.post(add, {"person": world.lin_fang.pk, "part": "交流发言"})
    assert response.status_code == 302
    detail = client.get(reverse("registry:exchange-detail", args=[exchange.pk])).content.decode()
    assert "林芳" in detail and "交流发言" in detail and "参加人员（1人" in detail


def test_adding_the_same_person_twice_is_told_on_the_person_field(world, client_for):
    exchange = make_exchange(world, persons=[world.lin_fang])
    response = client_for("province").post(
        reverse("registry:exchange-participant-add", args=[exchange.pk]), {"person": world.lin_fang.pk}
    )
    assert response.status_code == 200
    assert "林芳已在本活动的参加人员名单中" in response.content.decode()
    assert ExchangeParticipant.objects.filter(exchange=exchange).count() == 1


def test_a_typed_resident_id_is_logged_and_finds_the_person(world, client_for):
    """The province may type an ID instead of choosing; the look-up is an access-log row naming the purpose."""
    exchange = make_exchange(world)
    response = client_for("province").post(
        reverse("registry:exchange-participant-add", args=[exchange.pk]), {"resident_id": world.lin_fang_id}
    )
    assert response.status_code == 302
    assert list(exchange.persons.all()) == [world.lin_fang]
    log = AccessLog.objects.get(action=AccessAction.LOOKUP)
    assert log.person == world.lin_fang and log.reason == "经验交流活动参加人员"


def test_an_unknown_typed_id_gets_the_neutral_answer(world, client_for):
    exchange = make_exchange(world)
    response = client_for("province").post(
        reverse("registry:exchange-participant-add", args=[exchange.pk]),
        {"resident_id": make_resident_id("35010219900307777")},
    )
    text = response.content.decode()
    assert response.status_code == 200 and "没有登记该号码的人员" in text
    assert not exchange.participants.exists()


def test_removing_a_participant_asks_first_then_keeps_it_in_the_history(world, client_for):
    exchange = make_exchange(world, persons=[world.lin_fang, world.chen_jie])
    participant = exchange.participants.get(person=world.chen_jie)
    client = client_for("province")
    url = reverse("registry:exchange-participant-remove", args=[exchange.pk, participant.pk])
    confirmation = client.get(url).content.decode()
    assert "确定要移出参加人员" in confirmation and "陈杰" in confirmation
    assert exchange.participants.count() == 2  # nothing happened on the GET
    client.post(url, {"confirm": "1"})
    assert list(exchange.persons.all()) == [world.lin_fang]
    detail = client.get(reverse("registry:exchange-detail", args=[exchange.pk])).content.decode()
    assert "参加人员 陈杰" in detail  # the participants' history on the page


def test_deleting_an_exchange_needs_the_confirmation(world, client_for):
    exchange = make_exchange(world, persons=[world.lin_fang])
    client = client_for("province")
    url = reverse("registry:exchange-delete", args=[exchange.pk])
    assert client.post(url, {}).status_code == 302 and ExperienceExchange.objects.exists()  # no confirm: nothing
    assert client.post(url, {"confirm": "1"})["Location"] == EXCHANGES
    assert not ExperienceExchange.objects.exists() and not ExchangeParticipant.objects.exists()
    assert ExperienceExchange.history.filter(history_type="-", history_user=world.user("province")).exists()


def test_an_http_delete_on_a_delete_page_is_refused_and_deletes_nothing(world, client_for):
    """Deleting is the confirmation page's POST; the DELETE method is not allowed (it was a 500)."""
    exchange = make_exchange(world, persons=[world.lin_fang])
    commendation = commend(world)
    client = client_for("province")
    for url in (
        reverse("registry:exchange-delete", args=[exchange.pk]),
        reverse("registry:commendation-delete", args=[commendation.pk]),
    ):
        assert client.delete(url).status_code == 405
    assert ExperienceExchange.objects.exists() and type(commendation).objects.exists()


def test_an_edit_is_in_the_exchange_history(world, client_for):
    exchange = make_exchange(world)
    client = client_for("province")
    client.post(
        reverse("registry:exchange-update", args=[exchange.pk]),
        {"title": "全省首席质量官经验交流会（第二届）", "held_on": "2025-11-21", "organiser": "福建省市场监督管理局"},
    )
    page = client.get(reverse("registry:exchange-detail", args=[exchange.pk])).content.decode()
    assert "全省首席质量官经验交流会（第二届）" in page and "2025-11-21" in page and "2025-11-20" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "held_on": "2025-11-20", "organiser": "省局"}, "活动名称"),
        ({"title": "交流会", "held_on": "1800-01-01", "organiser": "省局"}, "举办日期"),
        ({"title": "交流会", "held_on": "2025-02-30", "organiser": "省局"}, "举办日期"),
        ({"title": "\u200b\u200b", "held_on": "2025-11-20", "organiser": "省局"}, "活动名称须包含可见的文字"),
        ({"title": "交流会", "held_on": "2025-11-20", "organiser": "省局", "note": "x" * 2001}, "说明"),
    ],
)
def test_a_bad_exchange_is_refused_naming_the_field(world, client_for, data, message):
    response = client_for("province").post(reverse("registry:exchange-create"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ExperienceExchange.objects.exists()


def test_only_the_province_records(world):
    with pytest.raises(PermissionDenied):
        services.exchange_create(
            actor=world.user("city_a"), title="福州交流会", held_on=datetime.date(2025, 1, 1), organiser="福州市局"
        )
    exchange = make_exchange(world)
    with pytest.raises(PermissionDenied):
        services.exchange_participant_add(exchange=exchange, person=world.lin_fang, actor=world.user("city_a"))
    with pytest.raises(PermissionDenied):
        services.commendation_record(
            actor=world.user("city_a"),
            person=world.lin_fang,
            level="city",
            year=2025,
            title="先进",
            awarded_by="市政府",
        )


# ---------------------------------------------------------------------------
# Who sees what
# ---------------------------------------------------------------------------


def test_a_city_bureau_reads_the_exchanges_of_its_persons_and_only_their_part(world, client_for):
    """Fuzhou sees the exchange lin_fang (acme) took part in, and her only; Xiamen sees it with chen_jie only; an
    exchange with nobody of theirs is not listed for either."""
    both = make_exchange(world, persons=[world.lin_fang, world.chen_jie])
    make_exchange(world, title="无人参加的筹备会")
    fuzhou = client_for("city_a")
    listed = fuzhou.get(EXCHANGES).content.decode()
    assert "全省首席质量官经验交流会" in listed and "无人参加的筹备会" not in listed
    detail = fuzhou.get(reverse("registry:exchange-detail", args=[both.pk])).content.decode()
    assert "林芳" in detail and "陈杰" not in detail
    assert "添加参加人员" not in detail and "删除" not in detail  # no buttons for what they may not do
    assert "登记活动" not in listed


def test_institutions_and_enterprises_have_no_activity_pages_or_menu(world, client_for):
    for principal in ("institution_a", "enterprise_a"):
        assert client_for(principal).get(EXCHANGES).status_code == 403
        assert "交流与表彰" not in [item.label for item in items_for(world.user(principal))]
    assert "交流与表彰" in [item.label for item in items_for(world.user("city_a"))]


def test_the_lists_search_sort_and_export(world, client_for):
    make_exchange(world, title="甲交流会", held_on=datetime.date(2024, 5, 1), persons=[world.lin_fang])
    make_exchange(world, title="乙交流会", held_on=datetime.date(2025, 5, 1), persons=[world.lin_fang, world.chen_jie])
    client = client_for("province")
    page = client.get(EXCHANGES, {"year": "2024"}).content.decode()
    assert "甲交流会" in page and "乙交流会" not in page
    page = client.get(EXCHANGES, {"person": "陈"}).content.decode()
    assert "乙交流会" in page and "甲交流会" not in page
    page = client.get(EXCHANGES, {"sort": "participants"}).content.decode()
    assert page.index("甲交流会") < page.index("乙交流会")
    assert client.get(EXCHANGES, {"year": "2024.5"}).status_code == 200  # told, not a 500
    response = client.get(EXCHANGES, {"export": "xlsx", "sort": "held_on"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("活动名称", "举办日期", "举办地点", "主办单位", "参加人数")
    assert [row[0] for row in rows[1:]] == ["甲交流会", "乙交流会"] and rows[2][5] == "林芳、陈杰"
    assert sheet.freeze_panes == "A2"


def test_the_exchange_list_stays_at_a_fixed_number_of_queries(world, client_for):
    client = client_for("province")
    make_exchange(world, persons=[world.lin_fang])
    with CaptureQueriesContext(connection) as one:
        client.get(EXCHANGES)
    for n in range(5):
        make_exchange(world, title=f"交流会{n}", persons=[world.lin_fang, world.chen_jie])
    with CaptureQueriesContext(connection) as six:
        client.get(EXCHANGES)
    assert len(six) == len(one)


# ---------------------------------------------------------------------------
# Commendations
# ---------------------------------------------------------------------------


def test_province_records_a_commendation_and_corrects_it(world, client_for):
    client = client_for("province")
    response = client.post(
        reverse("registry:commendation-create"),
        {
            "person": world.lin_fang.pk,
            "level": "national",
            "year": "2024",
            "title": "全国质量工作先进个人",
            "awarded_by": "国家市场监督管理总局",
        },
    )
    commendation = Commendation.objects.get()
    assert response["Location"] == reverse("registry:commendation-detail", args=[commendation.pk])
    client.post(
        reverse("registry:commendation-update", args=[commendation.pk]),
        {"level": "national", "year": "2023", "title": "全国质量工作先进个人", "awarded_by": "国家市场监督管理总局"},
    )
    commendation.refresh_from_db()
    assert commendation.year == 2023 and commendation.history.count() == 2
    page = client.get(reverse("registry:commendation-detail", args=[commendation.pk])).content.decode()
    assert "国家级" in page and "2024" in page and "2023" in page  # the history shows old and new


@pytest.mark.parametrize(("year", "message"), [("1800", "表彰年度不能早于1949年"), ("3000", "表彰年度不能晚于2199年")])
def test_a_commendation_year_out_of_range_is_told(world, client_for, year, message):
    response = client_for("province").post(
        reverse("registry:commendation-create"),
        {"person": world.lin_fang.pk, "level": "city", "year": year, "title": "先进", "awarded_by": "福州市人民政府"},
    )
    assert message in response.content.decode() and not Commendation.objects.exists()


def test_a_commendation_with_no_person_names_the_field(world, client_for):
    response = client_for("province").post(
        reverse("registry:commendation-create"),
        {"level": "city", "year": "2025", "title": "先进", "awarded_by": "福州市人民政府"},
    )
    assert "人员：请选择人员。" in response.content.decode() and not Commendation.objects.exists()


def test_the_commendation_list_export_is_logged_and_scoped(world, client_for):
    commend(world)
    commend(world, person=world.chen_jie, title="厦门市质量标兵", level="city")
    response = client_for("city_a").get(COMMENDATIONS, {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "林芳" in text and "陈杰" not in text and "3501" in text and world.lin_fang_id not in text
    assert AccessLog.objects.filter(actor=world.user("city_a"), action=AccessAction.EXPORT).exists()


def test_deleting_a_commendation_asks_first(world, client_for):
    commendation = commend(world)
    client = client_for("province")
    url = reverse("registry:commendation-delete", args=[commendation.pk])
    assert "确定要删除表彰" in client.get(url).content.decode()
    client.post(url, {"confirm": "1"})
    assert not Commendation.objects.exists()


# ---------------------------------------------------------------------------
# The person's pages and the dashboard's counts
# ---------------------------------------------------------------------------


def test_the_pool_page_and_the_person_page_show_the_card(world, client_for):
    make_exchange(world, persons=[world.lin_fang])
    commend(world)
    for principal in ("province", "city_a"):
        client = client_for(principal)
        for url in (
            reverse("pool:detail", args=[world.lin_fang.pk]),
            reverse("registry:person-edit", args=[world.lin_fang.pk]),
        ):
            page = client.get(url).content.decode()
            assert "交流活动与表彰" in page and "全省首席质量官经验交流会" in page and "福建省质量工作先进个人" in page
    # The enterprise sees its CQO's pool page, without the bureaux' card.
    page = client_for("enterprise_a").get(reverse("pool:detail", args=[world.lin_fang.pk])).content.decode()
    assert "交流活动与表彰" not in page


def test_person_activities_follow_the_scope(world):
    make_exchange(world, persons=[world.lin_fang])
    commend(world)
    assert person_activities(world.user("city_b"), world.lin_fang).commendations == []
    assert person_activities(world.user("enterprise_a"), world.lin_fang) is None
    assert len(person_activities(world.user("city_a"), world.lin_fang).participations) == 1


def test_activity_counts_per_year_and_unit_come_from_the_database(world):
    make_exchange(world, held_on=datetime.date(2024, 6, 1), persons=[world.lin_fang, world.chen_jie])
    make_exchange(world, title="第二次", held_on=datetime.date(2025, 6, 1), persons=[world.lin_fang])
    commend(world, year=2025)
    commend(world, year=2025, title="另一项")
    world.chen_jie.enterprise = None
    world.chen_jie.save(update_fields=["enterprise"])
    commend(world, person=world.chen_jie, year=2024)
    with CaptureQueriesContext(connection) as queries:
        counts = activity_counts(world.user("province"))
    assert len(queries) == 2
    assert [(c.year, c.unit, c.exchanges, c.commendations) for c in counts] == [
        (2024, "福州市", 1, 0),
        (2024, NO_UNIT, 1, 1),
        (2025, "福州市", 1, 2),
    ]
    # Fuzhou's bureau counts its own persons' part only.
    assert [(c.year, c.unit) for c in activity_counts(world.user("city_a"))] == [(2024, "福州市"), (2025, "福州市")]
