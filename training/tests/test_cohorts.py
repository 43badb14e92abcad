"""Cohorts (培训班次): opened by an institution only inside one entrustment period, codes unique however typed, each
institution seeing only its own, the province seeing and correcting all."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.tests.test_change_history import history_text
from training import services
from training.models import Cohort, CohortStatus, Entrustment

from .test_entrustments import text

pytestmark = pytest.mark.django_db

D = datetime.date
CREATE = reverse("training:cohort-create")
LIST = reverse("training:cohort-list")


def cohort_form(**extra) -> dict:
    return {
        "code": "MJ-2026-09",
        "title": "2026年第九期首席质量官培训班",
        "start_date": "2026-03-02",
        "end_date": "2026-03-20",
        "hours": "40",
        "capacity": "60",
        "location": "福州市仓山区",
        "teachers": "李教授、陈高工",
        "syllabus": "质量管理体系\n卓越绩效模式",
        "status": "planned",
        **extra,
    }


@pytest.fixture
def college_period(world):
    """The college is entrusted for 2020 to 2022 only; a later period of 2023 was revoked."""
    Entrustment.objects.create(institution=world.college, from_date=D(2020, 1, 1), until=D(2022, 12, 31))
    Entrustment.objects.create(
        institution=world.college, from_date=D(2023, 1, 1), revoked=True, revoked_on=D(2023, 2, 1), revoked_reason="x"
    )


def test_an_institution_opens_a_cohort_and_finds_every_field_on_its_page(world, client_for):
    client = client_for("institution_a")
    response = client.post(CREATE, cohort_form())
    assert response.status_code == 302
    cohort = Cohort.objects.get(code="MJ-2026-09")
    assert cohort.institution == world.academy and cohort.status == CohortStatus.PLANNED
    page = text(client.get(response["Location"]))
    for shown in (
        "2026年第九期首席质量官培训班",
        "2026-03-02",
        "2026-03-20",
        "40",
        "60",
        "福州市仓山区",
        "李教授、陈高工",
    ):
        assert shown in page
    assert "MJ-2026-09" in text(client.get(LIST))


def test_a_cohort_starting_outside_every_period_is_refused_naming_the_periods(world, client_for, college_period):
    response = client_for("institution_b").post(CREATE, cohort_form(start_date="2023-03-01", end_date="2023-03-20"))
    assert response.status_code == 200
    assert (
        "开班日期2023-03-01不在本机构的培训委托期内（委托期：2020-01-01至2022-12-31）。"
        "班次须在同一个委托期内开班和结业，请修改开班日期。"
    ) in text(response)
    assert not Cohort.objects.filter(institution=world.college).exists()


def test_a_cohort_ending_after_its_period_is_refused_on_the_end_date(world, client_for, college_period):
    response = client_for("institution_b").post(CREATE, cohort_form(start_date="2022-12-01", end_date="2023-01-15"))
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        "结业日期2023-01-15超出了开班日期所在的委托期（2020-01-01至2022-12-31；本机构的委托期：2020-01-01至2022-12-31）。"
        "班次须在同一个委托期内开班和结业，请修改结业日期；如委托将续期，请待省局登记新的委托期后再调整。"
    ]
    assert not Cohort.objects.filter(institution=world.college).exists()


def test_a_cohort_spanning_two_periods_is_refused(world, college_period):
    Entrustment.objects.create(institution=world.college, from_date=D(2024, 1, 1))
    with pytest.raises(Exception, match="超出了开班日期所在的委托期"):
        services.cohort_create(
            institution=world.college,
            code="XM-1",
            title="跨期班",
            start_date=D(2022, 12, 20),
            end_date=D(2024, 1, 10),
            hours=40,
            actor=world.user("institution_b"),
        )


def test_a_revoked_period_opens_no_cohort(world, client_for):
    Entrustment.objects.create(
        institution=world.college, from_date=D(2020, 1, 1), revoked=True, revoked_on=D(2021, 1, 1), revoked_reason="x"
    )
    response = client_for("institution_b").post(CREATE, cohort_form(start_date="2020-03-02", end_date="2020-03-20"))
    assert "本机构没有省局的培训委托期（已撤销的委托期不计），不能开设培训班次" in text(response)


def test_a_code_is_unique_however_it_is_typed(world, client_for):
    response = client_for("institution_a").post(CREATE, cohort_form(code="ｍｊ—2024 01"))
    assert response.status_code == 200
    assert "班次编号“ｍｊ—2024 01”已被使用" in text(response)
    assert Cohort.objects.count() == 1


def test_dates_the_model_refuses_are_shown_with_the_period_rule_left_for_later(world, client_for):
    response = client_for("institution_a").post(CREATE, cohort_form(start_date="2026-03-20", end_date="2026-03-02"))
    assert "结业日期不能早于开班日期" in text(response)
    assert "委托期" not in str(response.context["form"].errors)


def test_another_institutions_cohort_is_404_and_missing_from_its_list(world, client_for):
    client = client_for("institution_b")
    for route in ("training:cohort-detail", "training:cohort-update"):
        assert client.get(reverse(route, args=[world.cohort.pk])).status_code == 404
    assert client.post(reverse("training:cohort-update", args=[world.cohort.pk]), cohort_form()).status_code == 404
    assert "MJ-2024-01" not in text(client.get(LIST))
    assert Cohort.objects.get(pk=world.cohort.pk).title == "2024年第一期首席质量官培训班"


def test_the_province_sees_all_filters_by_institution_and_finds_a_code_typed_loosely(world, client_for):
    services.cohort_create(
        institution=world.academy,
        code="MJ-2025-02",
        title="2025年第二期",
        start_date=D(2025, 9, 1),
        end_date=D(2025, 9, 20),
        hours=32,
        actor=world.user("institution_a"),
    )
    client = client_for("province")
    listed = client.get(LIST, {"q": "ｍｊ２０２５"})
    assert [c.code for c in listed.context["object_list"]] == ["MJ-2025-02"]
    assert "闽江质量学院培训部" in text(listed)
    by_college = client.get(LIST, {"institution": world.college.pk})
    assert list(by_college.context["object_list"]) == []
    assert [c.code for c in client.get(LIST, {"status": "ended"}).context["object_list"]] == ["MJ-2024-01"]
    # An institution is offered no institution filter: it sees its own cohorts only.
    assert "institution" not in client_for("institution_a").get(LIST).context["filter"].form.fields


def test_the_list_exports_the_cohorts_it_shows(world, client_for):
    response = client_for("institution_a").get(LIST, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["班次编号", "班次名称", "培训机构", "开班日期"]
    assert rows[1][:6] == [
        "MJ-2024-01",
        "2024年第一期首席质量官培训班",
        "闽江质量学院培训部",
        "2024-04-01",
        "2024-05-10",
        "40",
    ]


def test_the_list_costs_the_same_queries_for_many_cohorts(world, client_for):
    client = client_for("province")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(30):
        Cohort.objects.create(
            institution=world.academy,
            code=f"B-{n}",
            code_key=f"B{n}",
            title=f"批量班{n}",
            start_date=D(2025, 1, 1),
            end_date=D(2025, 1, 2),
            hours=8,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)


def test_the_province_corrects_a_cohort_and_the_history_names_who(world, client_for):
    client = client_for("province")
    url = reverse("training:cohort-update", args=[world.cohort.pk])
    data = cohort_form(code="MJ-2024-01", start_date="2024-04-01", end_date="2024-05-10", status="ended", hours="48")
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("training:cohort-detail", args=[world.cohort.pk]))
    history = history_text(page, "cohort-history")
    assert "张省局 修改 班次名称 2024年第一期首席质量官培训班 2026年第九期首席质量官培训班 学时 40 48" in history


def test_dates_moved_outside_the_period_are_refused_but_other_edits_survive_a_revocation(world):
    institution_staff = world.user("institution_a")
    with pytest.raises(Exception, match="开班日期2014-12-01不在本机构的培训委托期内"):
        services.cohort_update(cohort=world.cohort, start_date=D(2014, 12, 1), actor=institution_staff)
    services.entrustment_revoke(
        entrustment=Entrustment.objects.get(institution=world.academy),
        revoked_on=D(2025, 1, 1),
        reason="造假",
        actor=world.user("province"),
    )
    services.cohort_update(cohort=world.cohort, teachers="王教授", actor=institution_staff)
    assert Cohort.objects.get(pk=world.cohort.pk).teachers == "王教授"


def test_only_an_institution_opens_cohorts_and_only_its_own(world):
    for principal in ("province", "city_a", "enterprise_a"):
        with pytest.raises(PermissionDenied):
            services.cohort_create(
                institution=world.academy,
                code="X-1",
                title="班",
                start_date=D(2025, 1, 1),
                end_date=D(2025, 1, 2),
                hours=8,
                actor=world.user(principal),
            )
    with pytest.raises(PermissionDenied):
        services.cohort_create(
            institution=world.academy,
            code="X-1",
            title="班",
            start_date=D(2025, 1, 1),
            end_date=D(2025, 1, 2),
            hours=8,
            actor=world.user("institution_b"),
        )
    assert not Cohort.objects.filter(code="X-1").exists()


def test_the_menu_offers_cohorts_to_the_province_and_institutions_only(world, client_for):
    link = f'href="{LIST}"'
    for principal in ("province", "institution_a", "admin"):
        assert link in client_for(principal).get(reverse("home")).content.decode(), principal
    for principal in ("city_a", "enterprise_a"):
        assert link not in client_for(principal).get(reverse("home")).content.decode(), principal
