"""Entrustment periods through the province's pages (add, end, revoke, each confirmed) and what an institution's
staff are told about theirs on their home page and where they act."""

from __future__ import annotations

import datetime
import html
import re

import pytest
import time_machine
from django.urls import reverse

from registry.models import Person
from registry.tests.test_change_history import history_text
from training import services
from training.models import Entrustment
from training.selectors import entrustment_notice

pytestmark = pytest.mark.django_db

D = datetime.date
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def on(day: datetime.date):
    """Travel to 09:00 in Fujian on `day`."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, tzinfo=SHANGHAI), tick=False)


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def in_talent_pool(person: Person) -> bool:
    return Person.objects.filter(pk=person.pk, pool_entry__isnull=False).exists()


def academy_period(world) -> Entrustment:
    return Entrustment.objects.get(institution=world.academy)


def test_the_province_adds_a_period_and_the_institution_page_lists_it_with_its_history(world, client_for):
    client = client_for("province")
    response = client.post(
        reverse("training:entrustment-add", args=[world.college.pk]), {"from_date": "2020-01-01", "until": ""}
    )
    assert response.status_code == 302
    page = client.get(reverse("training:institution-detail", args=[world.college.pk]))
    assert "2020-01-01 长期有效 有效" in history_text(page, "entrustments")
    assert "张省局 登记 委托期 2020-01-01—长期" in history_text(page, "entrustment-history")


def test_ending_a_period_is_confirmed_first_and_takes_later_certificates_out_of_the_pool(world, client_for):
    client = client_for("province")
    url = reverse("training:entrustment-end", args=[academy_period(world).pk])

    confirm = client.post(url, {"until": "2024-01-31"})
    assert confirm.status_code == 200
    assert "委托截止日期将定为 2024-01-31" in text(confirm)
    assert "此日期之后颁发的结业证书不计入首席质量官人才库" in text(confirm)
    assert academy_period(world).until is None and in_talent_pool(world.lin_fang)

    assert client.post(url, {"until": "2024-01-31", "confirm": "1"}).status_code == 302
    assert academy_period(world).until == D(2024, 1, 31)
    assert not in_talent_pool(world.lin_fang)  # her certificate of 2024-05-10 was issued after the end
    page = client.get(reverse("training:institution-detail", args=[world.academy.pk]))
    assert "委托截止日期 （空） 2024-01-31" in history_text(page, "entrustment-history")


def test_an_end_before_the_start_is_refused_naming_the_field(world, client_for):
    response = client_for("province").post(
        reverse("training:entrustment-end", args=[academy_period(world).pk]), {"until": "2014-12-31", "confirm": "1"}
    )
    assert response.status_code == 200
    assert "委托截止日期不能早于委托起始日期2015-01-01" in text(response)
    assert academy_period(world).until is None


def test_the_confirmation_names_cohorts_running_past_the_new_end(world, client_for):
    response = client_for("province").post(
        reverse("training:entrustment-end", args=[academy_period(world).pk]), {"until": "2024-04-30"}
    )
    assert "MJ-2024-01 2024年第一期首席质量官培训班（2024-04-01 至 2024-05-10）" in text(response)


def test_a_revocation_needs_a_reason(world, client_for):
    client = client_for("province")
    url = reverse("training:entrustment-revoke", args=[academy_period(world).pk])
    for reason, message in [
        ("", "撤销理由：请填写撤销该委托的理由。"),
        ("  ", "撤销理由：请填写撤销该委托的理由。"),
        ("。，", "撤销理由至少1个字（不计空格和标点），请写明具体事由。"),
    ]:
        response = client.post(url, {"revoked_on": "2025-01-15", "revoked_reason": reason, "confirm": "1"})
        assert response.status_code == 200
        assert message in text(response)
    assert not academy_period(world).revoked and in_talent_pool(world.lin_fang)


def test_a_revocation_says_what_it_means_then_takes_every_certificate_of_the_period_out(world, client_for):
    client = client_for("province")
    url = reverse("training:entrustment-revoke", args=[academy_period(world).pk])
    data = {"revoked_on": "2025-01-15", "revoked_reason": "培训记录造假"}

    confirm = client.post(url, data)
    assert "期间颁发的结业证书（现有1张）不再计入首席质量官人才库" in text(confirm)
    assert "撤销不能取消" in text(confirm)
    assert not academy_period(world).revoked

    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    period = academy_period(world)
    assert (period.revoked, period.revoked_on, period.revoked_reason) == (True, D(2025, 1, 15), "培训记录造假")
    assert not in_talent_pool(world.lin_fang)
    page = client.get(reverse("training:institution-detail", args=[world.academy.pk]))
    assert "已撤销 2025-01-15：培训记录造假" in history_text(page, "entrustments")
    assert "撤销理由 （空） 培训记录造假" in history_text(page, "entrustment-history")


def test_a_revoked_period_is_not_changed_again(world, client_for):
    period = academy_period(world)
    services.entrustment_revoke(
        entrustment=period, revoked_on=D(2025, 1, 15), reason="造假", actor=world.user("province")
    )
    client = client_for("province")
    response = client.get(reverse("training:entrustment-end", args=[period.pk]), follow=True)
    assert "该委托期已于2025-01-15撤销，不能再变更" in text(response)
    with pytest.raises(Exception, match="已被撤销"):
        services.entrustment_update(entrustment=period, until=D(2030, 1, 1), actor=world.user("province"))


@pytest.mark.parametrize(
    ("revoked_on", "message"),
    [("2014-12-31", "撤销日期不能早于委托起始日期2015-01-01"), ("2099-01-01", "撤销日期不能晚于今天")],
)
def test_a_revocation_date_lies_between_the_start_and_today(world, client_for, revoked_on, message):
    response = client_for("province").post(
        reverse("training:entrustment-revoke", args=[academy_period(world).pk]),
        {"revoked_on": revoked_on, "revoked_reason": "培训记录造假"},
    )
    assert message in text(response)
    assert not academy_period(world).revoked


# ---------------------------------------------------------------------------
# What the institution's staff are told
# ---------------------------------------------------------------------------


def test_the_home_page_warns_when_the_entrustment_ends_within_ten_days(world, client_for):
    services.entrustment_end(entrustment=academy_period(world), until=D(2026, 6, 30), actor=world.user("province"))
    with on(D(2026, 6, 20)):
        home = text(client_for("institution_a").get(reverse("home")))
    assert "本机构的培训委托期将于2026年6月30日届满（还有10天）" in home
    assert "如需续期，请联系省局" in home
    with on(D(2026, 5, 1)):  # 60 days ahead: nothing yet
        assert "届满" not in text(client_for("institution_a").get(reverse("home")))


def test_the_notice_window_is_a_setting(world, settings):
    services.entrustment_end(entrustment=academy_period(world), until=D(2026, 6, 30), actor=world.user("province"))
    assert entrustment_notice(world.academy, today=D(2026, 5, 1)) is None
    settings.ENTRUSTMENT_ENDING_NOTICE_DAYS = 90
    assert entrustment_notice(world.academy, today=D(2026, 5, 1)).level == "warning"


def test_a_following_period_means_the_entrustment_does_not_end(world):
    province = world.user("province")
    services.entrustment_end(entrustment=academy_period(world), until=D(2026, 6, 30), actor=province)
    services.entrustment_add(institution=world.academy, from_date=D(2026, 7, 1), until=D(2029, 6, 30), actor=province)
    assert entrustment_notice(world.academy, today=D(2026, 6, 20)) is None
    assert "2029年6月30日届满" in entrustment_notice(world.academy, today=D(2029, 6, 1)).message


def test_after_the_end_the_home_page_and_cohort_pages_say_it_has_ended(world, client_for):
    services.entrustment_end(entrustment=academy_period(world), until=D(2026, 6, 30), actor=world.user("province"))
    client = client_for("institution_a")
    with on(D(2026, 7, 2)):
        for url in (reverse("home"), reverse("training:cohort-list"), reverse("training:cohort-create")):
            assert "本机构的培训委托已于2026年6月30日届满，不能再开设新的培训班次" in text(client.get(url)), url
        detail = text(client.get(reverse("training:cohort-detail", args=[world.cohort.pk])))
        assert "已于2026年6月30日届满" in detail


def test_a_revocation_is_shown_to_the_institution_with_its_reason(world, client_for):
    services.entrustment_revoke(
        entrustment=academy_period(world),
        revoked_on=D(2025, 1, 15),
        reason="培训记录造假",
        actor=world.user("province"),
    )
    home = text(client_for("institution_a").get(reverse("home")))
    assert "本机构自2015年1月1日起的培训委托已于2025年1月15日被省局撤销（理由：培训记录造假）" in home
    assert "该委托期内颁发的结业证书也不再计入" in home


def test_an_institution_never_entrusted_is_told_so_and_others_see_no_notice(world, client_for):
    assert "尚未获得省局的培训委托" in text(client_for("institution_b").get(reverse("home")))
    assert "委托" not in text(client_for("institution_a").get(reverse("home")))
    assert 'data-testid="home-panel"' not in client_for("province").get(reverse("home")).content.decode()


def test_the_end_and_revoke_forms_start_from_today(world, client_for):
    client = client_for("province")
    with on(D(2026, 3, 9)):
        for route in ("training:entrustment-end", "training:entrustment-revoke"):
            page = client.get(reverse(route, args=[academy_period(world).pk])).content.decode()
            assert 'value="2026-03-09"' in page, route
