"""Issue 9, findings 1 and 4: a CQO who changes employer is attached by ID and name and moves with their history;
an appointment acknowledged ahead of its date waits for it, and every reader sees the switch on the date."""

from __future__ import annotations

import datetime
import importlib
import zoneinfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from pool.models import PoolEntry
from registry import services
from registry.models import (
    AccessAction,
    AccessLog,
    Appointment,
    AppointmentEndReason,
    AppointmentStatus,
    Notice,
    Person,
)
from registry.selectors import cqo_status, home_summary
from registry.services.persons import ATTACH_NOT_FOUND
from registry.tasks import appointments_take_effect_task
from registry.validators import make_resident_id

from .appointment_fixtures import acknowledged, fields, letter
from .test_appointments import second_cqo

pytestmark = pytest.mark.django_db

D = datetime.date
REGISTER = reverse("registry:appointment-create")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def on(day: datetime.date, hour: int = 10):
    """Travel to `day` in the portal's time zone (the clock stands still)."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def attach_filing(world, **changes) -> dict:
    """bolt's filing page with 调入本企业 ticked: only the name and the ID of the person, then the appointment."""
    return {
        "person-existing": "",
        "person-attach": "on",
        "person-name": "林芳",
        "person-resident_id": world.lin_fang_id,
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "appointment-appointed_by": "许海",
        "appointment-appointed_on": "2026-11-20",
        "appointment-duties": ["strategy", "qms"],
        "appointment-letter": letter(),
        **changes,
    }


def bolt_appoints_lin_fang(world, appointed_on: datetime.date) -> Appointment:
    """bolt attaches acme's CQO lin_fang by ID and name and files her appointment."""
    draft = services.appointment_register(
        enterprise=world.bolt,
        actor=world.user("enterprise_b"),
        new_person={"attach": True, "name": "林芳", "resident_id": world.lin_fang_id},
        appointed_by="许海",
        appointed_on=appointed_on,
        decision_level=False,
        allowance=False,
        allowance_amount=None,
        duties=["strategy"],
        letter=letter(),
    )
    return services.appointment_draft_submit(appointment=draft, actor=world.user("enterprise_b"))


def person_errors(response) -> list[str]:
    return response.context["person_form"].errors.get("resident_id", [])


# ---------------------------------------------------------------------------
# Attaching a person on file elsewhere: ID and name, and no oracle
# ---------------------------------------------------------------------------


def test_an_enterprise_attaches_another_enterprises_cqo_by_id_and_name(world, client_for):
    """bolt types lin_fang's ID and name with 调入本企业 ticked: a draft of her appointment, no second person;
    the look-up is logged with her, and from then on bolt sees her."""
    acknowledged(world)
    bolt = world.user("enterprise_b")
    assert not Person.objects.visible_to(bolt).filter(pk=world.lin_fang.pk).exists()
    persons = Person.objects.count()
    with on(D(2026, 11, 24)):
        response = client_for("enterprise_b").post(REGISTER, attach_filing(world, **{"person-name": " 林芳 "}))
    draft = Appointment.objects.get(enterprise=world.bolt)
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:appointment-detail", args=[draft.pk]
    )
    assert (draft.person, draft.status) == (world.lin_fang, AppointmentStatus.DRAFT)
    assert Person.objects.count() == persons
    log = AccessLog.objects.get(action=AccessAction.LOOKUP)
    assert (log.actor, log.person, log.reason) == (bolt, world.lin_fang, "调入已登记人员")
    assert Person.objects.visible_to(bolt).filter(pk=world.lin_fang.pk).exists()


def test_a_wrong_name_answers_exactly_like_a_number_not_on_file(world, client_for):
    """Without the right name, bolt learns nothing: a real ID with a wrong name, and a number nobody holds,
    get the one neutral answer, name no one, attach nothing; each try is a logged look-up with no person."""
    acknowledged(world)
    client = client_for("enterprise_b")
    persons, appointments = Person.objects.count(), Appointment.objects.count()
    unknown = make_resident_id("35020319820303001")
    answers = []
    for number, name in [(world.lin_fang_id, "林方"), (unknown, "林芳"), (unknown, "许明"), (world.lin_fang_id, "")]:
        response = client.post(REGISTER, attach_filing(world, **{"person-resident_id": number, "person-name": name}))
        assert response.status_code == 200
        html = response.content.decode()
        assert "榕城" not in html and world.lin_fang.resident_id_masked not in html
        answers.append(person_errors(response))
    assert answers[:3] == [[ATTACH_NOT_FOUND]] * 3
    assert answers[3] == []  # no name: asked for it, not looked up
    assert response.context["person_form"].errors["name"] == ["请填写姓名。"]
    assert (Person.objects.count(), Appointment.objects.count()) == (persons, appointments)
    rows = AccessLog.objects.filter(action=AccessAction.LOOKUP)
    assert rows.count() == 3 and set(rows.values_list("person", "reason")) == {(None, "调入已登记人员")}
    assert not Person.objects.visible_to(world.user("enterprise_b")).filter(pk=world.lin_fang.pk).exists()


def test_attaching_counts_against_the_look_up_limit(world, client_for):
    """The attach is a typed look-up like any other: past the limit it is refused before looking, writing nothing."""
    for _ in range(20):
        services.id_lookup(actor=world.user("enterprise_b"), number=world.lin_fang_id, purpose="登记首席质量官")
    response = client_for("enterprise_b").post(REGISTER, attach_filing(world))
    assert person_errors(response) == ["身份证号码查询过于频繁，请稍后再试（每10分钟最多20次）。"]
    assert not Appointment.objects.filter(enterprise=world.bolt).exists()
    assert AccessLog.objects.filter(action=AccessAction.LOOKUP).count() == 20


def test_the_new_person_refusal_points_to_the_attach(world, client_for):
    """Typing an ID on file elsewhere as a new person is still one neutral refusal, now saying how to attach."""
    response = client_for("enterprise_b").post(
        REGISTER, attach_filing(world, **{"person-attach": "", "person-education": "bachelor"})
    )
    [message] = person_errors(response)
    assert "调入本企业" in message and "林芳" not in message


# ---------------------------------------------------------------------------
# The move: the old post ends as left on the new start date, the old city is told
# ---------------------------------------------------------------------------


def test_the_move_ends_the_old_post_as_left_and_tells_the_old_city(world, django_capture_on_commit_callbacks):
    """lin_fang, acme's CQO since 2025-01-02, is appointed by bolt from 2026-11-20; Xiamen acknowledges on
    2026-11-24: acme's appointment ends on 2026-11-20 as left, Fuzhou and acme are told, she now works at bolt
    and is bolt's current CQO; acme keeps its past appointment and still sees her; the pool shows bolt."""
    old = acknowledged(world)
    with on(D(2026, 11, 24)):
        new = bolt_appoints_lin_fang(world, D(2026, 11, 20))
        Notice.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            services.appointment_acknowledge(appointment=new, actor=world.user("city_b"))
        old.refresh_from_db()
        new.refresh_from_db()
        world.lin_fang.refresh_from_db()
        assert (old.status, old.end_reason, old.ended_on) == (
            AppointmentStatus.ENDED,
            AppointmentEndReason.LEFT,
            D(2026, 11, 20),
        )
        assert old.get_end_reason_display() == "离职（到其他企业任职）"
        assert new.status == AppointmentStatus.ACKNOWLEDGED
        assert world.lin_fang.enterprise == world.bolt
        assert list(Appointment.objects.current()) == [new]
        assert not cqo_status(world.acme).cqo_acknowledged and cqo_status(world.bolt).cqo_name == "林芳"
        told = Notice.objects.get(recipient_city=world.fuzhou)
        assert "2026-11-20" in told.text and "离职" in told.text and world.bolt.name in told.text
        assert Notice.objects.filter(recipient_enterprise=world.acme, text=told.text).exists()
        acme = world.user("enterprise_a")
        assert Appointment.objects.visible_to(acme).get() == old
        assert Person.objects.visible_to(acme).filter(pk=world.lin_fang.pk).exists()
        assert PoolEntry.objects.get(person=world.lin_fang).enterprise == world.bolt


def test_a_move_dated_before_the_old_post_began_is_refused(world):
    """An ended post cannot end before it began: Xiamen is told to return the filing, nothing changes."""
    old = acknowledged(world)  # from 2025-01-02
    with on(D(2026, 11, 24)):
        new = bolt_appoints_lin_fang(world, D(2024, 12, 1))
        with pytest.raises(ValidationError, match="早于该人员在原任职企业的聘任日期"):
            services.appointment_acknowledge(appointment=new, actor=world.user("city_b"))
    old.refresh_from_db()
    assert old.status == AppointmentStatus.ACKNOWLEDGED


def test_the_database_allows_one_current_post_per_person(world):
    """Two acknowledged appointments of one person are refused by the database itself."""
    first = acknowledged(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            enterprise=world.bolt,
            person=world.lin_fang,
            appointed_by="许海",
            appointed_on=D(2025, 6, 1),
            letter=first.letter.name,
            status=AppointmentStatus.ACKNOWLEDGED,
        )


# ---------------------------------------------------------------------------
# Finding 4: a future-dated appointment takes effect on its date
# ---------------------------------------------------------------------------


def test_a_future_dated_appointment_waits_for_its_date(world, client_for, django_capture_on_commit_callbacks):
    """Acknowledged on 2026-11-24 for 2026-12-01: until then lin_fang stays acme's CQO and the page says
    '将于2026-12-01生效'; on 2026-12-01 every reader sees wang as current before the task has run; the task then
    ends lin_fang's post as replaced on 2026-12-01 and tells acme and Fuzhou."""
    old = acknowledged(world)
    wang = second_cqo(world)
    with on(D(2026, 11, 24)):
        new = services.appointment_submit(**fields(world, person=wang, appointed_on=D(2026, 12, 1)))
        page = client_for("city_a").get(reverse("registry:appointment-acknowledge", args=[new.pk])).content.decode()
        assert "该聘任将于2026-12-01生效" in page and "林芳（2025-01-02起）将于2026-12-01因更换而终止" in page
        services.appointment_acknowledge(appointment=new, actor=world.user("city_a"))
        new.refresh_from_db()
        old.refresh_from_db()
        assert (new.status, old.status) == (AppointmentStatus.SCHEDULED, AppointmentStatus.ACKNOWLEDGED)
        assert Appointment.objects.filter(enterprise=world.acme).current().get() == old
        assert cqo_status(world.acme).cqo_name == "林芳"
        detail = client_for("enterprise_a").get(reverse("registry:appointment-detail", args=[new.pk]))
        assert "已备案，将于2026-12-01生效" in detail.content.decode()
    with on(D(2026, 12, 1), hour=0):
        # Before the task: the reads already see the switch, and write nothing.
        assert Appointment.objects.filter(enterprise=world.acme).current().get() == new
        assert cqo_status(world.acme).cqo_name == "王磊" and cqo_status(world.acme).since == D(2026, 12, 1)
        client = client_for("enterprise_a")
        assert "已备案（现任）" in client.get(reverse("registry:appointment-detail", args=[new.pk])).content.decode()
        assert "王磊" in client.get(reverse("registry:enterprise-detail", args=[world.acme.pk])).content.decode()
        new.refresh_from_db()
        assert new.status == AppointmentStatus.SCHEDULED
        Notice.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            assert appointments_take_effect_task.delay().get(timeout=10) == 1
        assert appointments_take_effect_task.delay().get(timeout=10) == 0  # idempotent
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.status == AppointmentStatus.ACKNOWLEDGED
    assert (old.status, old.end_reason, old.ended_on) == (
        AppointmentStatus.ENDED,
        AppointmentEndReason.REPLACED,
        D(2026, 12, 1),
    )
    assert "2026-12-01起生效" in Notice.objects.get(recipient_city=world.fuzhou).text


def test_a_scheduled_appointment_holds_the_enterprises_next_filing(world):
    """While one waits for its date, the enterprise files no other (one pending or scheduled at a time)."""
    acknowledged(world)
    wang = second_cqo(world)
    with on(D(2026, 11, 24)):
        new = services.appointment_submit(**fields(world, person=wang, appointed_on=D(2026, 12, 1)))
        services.appointment_acknowledge(appointment=new, actor=world.user("city_a"))
        with pytest.raises(ValidationError, match="将于2026-12-01生效"):
            services.appointment_submit(**fields(world, person=world.lin_fang, appointed_on=D(2026, 11, 25)))
    with on(D(2026, 12, 2)):
        # The date has come though the task has not run: the filing switches it first, then goes through.
        services.appointment_submit(**fields(world, person=world.lin_fang, appointed_on=D(2026, 12, 2)))
        new.refresh_from_db()
        assert new.status == AppointmentStatus.ACKNOWLEDGED


def test_a_future_move_leaves_the_person_at_the_old_enterprise_until_the_date(world):
    """bolt's appointment of lin_fang from 2026-12-01, acknowledged on 2026-11-24: she stays acme's CQO until
    then; on the date she is bolt's, acme's post reads as ended, before and after the task."""
    old = acknowledged(world)
    with on(D(2026, 11, 24)):
        new = bolt_appoints_lin_fang(world, D(2026, 12, 1))
        services.appointment_acknowledge(appointment=new, actor=world.user("city_b"))
        assert cqo_status(world.acme).cqo_name == "林芳" and not cqo_status(world.bolt).cqo_acknowledged
    with on(D(2026, 12, 1)):
        assert not cqo_status(world.acme).cqo_acknowledged and cqo_status(world.bolt).cqo_name == "林芳"
        assert Appointment.objects.with_effective_status().get(pk=old.pk).effective_status == "ended"
        assert appointments_take_effect_task.delay().get(timeout=10) == 1
    old.refresh_from_db()
    world.lin_fang.refresh_from_db()
    assert (old.end_reason, old.ended_on, world.lin_fang.enterprise) == (
        AppointmentEndReason.LEFT,
        D(2026, 12, 1),
        world.bolt,
    )


def test_the_api_gives_the_status_of_the_day(world, client_for):
    """The appointments API says scheduled until the date and acknowledged from it, before the task has run."""
    acknowledged(world)
    wang = second_cqo(world)
    client = client_for("city_a")
    with on(D(2026, 11, 24)):
        new = services.appointment_submit(**fields(world, person=wang, appointed_on=D(2026, 12, 1)))
        services.appointment_acknowledge(appointment=new, actor=world.user("city_a"))
        assert client.get(f"/api/v1/appointments/{new.pk}").json()["status"] == "scheduled"
    with on(D(2026, 12, 1)):
        client = client_for("city_a")  # a week on: signed in anew
        rows = client.get("/api/v1/appointments", {"enterprise": world.acme.pk}).json()["results"]
        assert sorted((r["person"]["name"], r["status"]) for r in rows) == [("林芳", "ended"), ("王磊", "acknowledged")]


def test_the_old_enterprises_home_asks_for_a_new_cqo_once_she_has_moved(world):
    """On the date bolt's appointment of lin_fang starts, acme's home page asks it to register a CQO again,
    whether or not the daily task has run."""
    acknowledged(world)
    todo = "本企业尚未登记首席质量官"
    with on(D(2026, 11, 24)):
        new = bolt_appoints_lin_fang(world, D(2026, 12, 1))
        services.appointment_acknowledge(appointment=new, actor=world.user("city_b"))
        assert todo not in str(home_summary(world.user("enterprise_a")).todo)
    with on(D(2026, 12, 1)):
        assert todo in str(home_summary(world.user("enterprise_a")).todo)
        assert todo not in str(home_summary(world.user("enterprise_b")).todo)


def test_the_migration_keeps_the_latest_of_two_current_posts_of_one_person(world):
    """Data from before the move, with lin_fang current at acme and (since later) at bolt: the migration ends
    acme's as left on bolt's start date, so one current post per person can be enforced."""
    first = acknowledged(world)  # acme, from 2025-01-02
    with connection.cursor() as cursor:  # the index is back when the test's transaction rolls back
        cursor.execute("DROP INDEX appointment_one_current_per_person")
    later = Appointment.objects.create(
        enterprise=world.bolt,
        person=world.lin_fang,
        appointed_by="许海",
        appointed_on=D(2025, 6, 1),
        letter=first.letter.name,
        status=AppointmentStatus.ACKNOWLEDGED,
    )
    migration = importlib.import_module("registry.migrations.0018_appointment_scheduled_and_left")
    migration.end_all_but_the_latest_current_per_person(django_apps, None)
    first.refresh_from_db()
    later.refresh_from_db()
    assert (first.status, first.end_reason, first.ended_on) == ("ended", "left", D(2025, 6, 1))
    assert later.status == "acknowledged"


def test_the_list_filters_by_the_status_of_the_day(world, client_for):
    """On its date, before the task, the scheduled appointment is listed under 已备案（现任） and the one it
    replaces under 已终止."""
    acknowledged(world)
    wang = second_cqo(world)
    with on(D(2026, 11, 24)):
        new = services.appointment_submit(**fields(world, person=wang, appointed_on=D(2026, 12, 1)))
        services.appointment_acknowledge(appointment=new, actor=world.user("city_a"))
    with on(D(2026, 12, 1)):
        client = client_for("city_a")
        url = reverse("registry:appointment-list")
        current = client.get(url, {"status": "acknowledged"}).context["object_list"]
        ended = client.get(url, {"status": "ended"}).context["object_list"]
        assert [a.person.name for a in current] == ["王磊"] and [a.person.name for a in ended] == ["林芳"]
