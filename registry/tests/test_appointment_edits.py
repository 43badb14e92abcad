"""Correcting what an enterprise filed: drafts and returned appointments edited (letter replaced, facts changed) and
resubmitted with the changes shown to the bureau; drafts deleted with the person they alone registered; persons'
own data and quality work corrected by their employer, with history."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InternalError, connection, transaction
from django.urls import reverse

from registry import services
from registry.models import (
    AccessAction,
    AccessLog,
    Appointment,
    AppointmentStatus,
    Notice,
    Person,
    QualityWorkPeriod,
)
from registry.validators import make_resident_id

from .appointment_fixtures import draft, fields, letter, new_person_filing, pdf_bytes, submitted

pytestmark = pytest.mark.django_db

D = datetime.date


def edit_values(appointment, **changes) -> dict:
    values = {
        "appointed_by": appointment.appointed_by,
        "appointed_on": appointment.appointed_on,
        "decision_level": appointment.decision_level,
        "allowance": appointment.allowance,
        "allowance_amount": appointment.allowance_amount,
        "duties": appointment.duties,
        "letter": None,
    }
    values.update(changes)
    return values


def returned(world) -> Appointment:
    return services.appointment_return(
        appointment=submitted(world), actor=world.user("city_a"), reason="聘任文件未加盖公章"
    )


def test_a_returned_appointment_is_corrected_and_the_bureau_sees_old_and_new(world):
    """The enterprise replaces the letter and changes the date; after resubmitting, the list of changes names both."""
    appointment = returned(world)
    old_letter = appointment.letter.name
    services.appointment_edit(
        appointment=appointment,
        actor=world.user("enterprise_a"),
        **edit_values(appointment, appointed_on=D(2025, 2, 1), letter=letter("盖章.pdf", pdf_bytes("stamped"))),
    )
    services.appointment_draft_submit(appointment=appointment, actor=world.user("enterprise_a"))
    appointment = Appointment.objects.get(pk=appointment.pk)
    assert appointment.status == AppointmentStatus.SUBMITTED and appointment.letter.name != old_letter
    returned_as, changes = services.appointment_corrections(appointment)
    assert returned_as.status == AppointmentStatus.RETURNED and returned_as.letter == old_letter
    by_field = {c.field: c for c in changes}
    assert set(by_field) == {"appointed_on", "letter"}
    assert (by_field["appointed_on"].before, by_field["appointed_on"].after) == ("2025-01-02", "2025-02-01")
    assert by_field["letter"].before_letter == returned_as.history_id


def test_the_city_is_told_a_resubmission_is_a_correction(world, django_capture_on_commit_callbacks):
    """The bureau's notice of a resubmitted filing says it was corrected, so the clerk looks at what changed."""
    appointment = returned(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_draft_submit(appointment=appointment, actor=world.user("enterprise_a"))
    notice = Notice.objects.filter(recipient_city=world.fuzhou).latest("pk")
    assert "补正后重新提交" in notice.text and "本次补正内容" in notice.text


def test_only_drafts_and_returned_appointments_are_edited_and_only_by_their_enterprise(world):
    appointment = submitted(world)
    with pytest.raises(ValidationError, match="只有草稿或被退回的聘任可以修改"):
        services.appointment_edit(appointment=appointment, actor=world.user("enterprise_a"), **edit_values(appointment))
    for principal in ("city_a", "province"):
        with pytest.raises(PermissionDenied):
            services.appointment_edit(appointment=appointment, actor=world.user(principal), **edit_values(appointment))
    with pytest.raises(PermissionDenied):
        services.appointment_edit(appointment=appointment, actor=world.user("enterprise_b"), **edit_values(appointment))


def test_a_returned_appointment_is_not_deleted(world):
    """The bureau has seen it: it stays on record, to be corrected and resubmitted."""
    appointment = returned(world)
    with pytest.raises(ValidationError, match="只有草稿可以删除"):
        services.appointment_delete(appointment=appointment, actor=world.user("enterprise_a"))
    assert Appointment.objects.filter(pk=appointment.pk).exists()


def test_deleting_a_draft_deletes_the_person_it_registered_and_keeps_the_access_log(world, client_for):
    """A typo'd filing: the draft and its new person go; the look-up of that person's ID stays in the log."""
    client = client_for("enterprise_b")
    number = make_resident_id("35020319820303001")
    response = client.post(reverse("registry:appointment-create"), new_person_filing(number))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    person = appointment.person
    assert appointment.registered_person
    services.id_lookup(actor=world.user("enterprise_b"), number=number, purpose="登记首席质量官")
    log = AccessLog.objects.get(person=person, action=AccessAction.LOOKUP)

    page = client.get(reverse("registry:appointment-delete", kwargs={"pk": appointment.pk})).content.decode()
    assert "确认删除" in page and "许明" in page and 'data-testid="person-goes"' in page
    response = client.post(reverse("registry:appointment-delete", kwargs={"pk": appointment.pk}))
    assert response.status_code == 302
    assert not Appointment.objects.exists()
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not QualityWorkPeriod.objects.filter(person_id=person.pk).exists()
    log = AccessLog.objects.get(pk=log.pk)
    assert log.person is None and log.person_name == "许明" and log.person_masked_id == person.resident_id_masked
    assert "许明" in client.get(response["Location"]).content.decode()  # the message says who went with it
    # The picker of the filing page no longer offers them.
    assert "许明" not in client.get(reverse("registry:appointment-create")).content.decode()
    # The database still refuses any other change to a log row.
    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE registry_accesslog SET reason = 'x' WHERE id = %s", [log.pk])


def test_deleting_a_draft_keeps_a_person_chosen_from_the_list(world):
    appointment = draft(world)
    services.appointment_delete(appointment=appointment, actor=world.user("enterprise_a"))
    assert Person.objects.filter(pk=world.lin_fang.pk).exists()


def test_deleting_a_draft_keeps_a_person_another_appointment_names(world):
    """The person registered with the draft was filed again in a second draft: they stay."""
    first = services.appointment_register(
        enterprise=world.bolt,
        actor=world.user("enterprise_b"),
        new_person={"name": "许明", "resident_id": make_resident_id("35020319820303001"), "education": "associate"},
        **{k: v for k, v in fields(world, enterprise=world.bolt).items() if k not in ("enterprise", "person", "actor")},
    )
    services.appointment_draft(
        **fields(world, enterprise=world.bolt, person=first.person, actor=world.user("enterprise_b"))
    )
    services.appointment_delete(appointment=first, actor=world.user("enterprise_b"))
    assert Person.objects.filter(pk=first.person_id).exists()


def test_the_enterprise_corrects_its_cqo_and_their_quality_work_with_history(world):
    """Name, education and a period corrected, a wrong period removed, a new one added, each in the history."""
    person = world.lin_fang
    wrong = services.quality_work_period_add(person=person, actor=None, start=D(2001, 1, 1), employer="误填单位")
    kept = person.quality_work.exclude(pk=wrong.pk).get()
    services.person_correct(
        person=person,
        actor=world.user("enterprise_a"),
        name="林芳芳",
        education="master",
        periods=[
            {"id": kept.pk, "start": D(2009, 7, 1), "end": None, "employer": kept.employer, "position": "质量总监"},
            {"id": wrong.pk, "delete": True, "start": wrong.start, "end": None, "employer": wrong.employer},
            {"id": None, "start": D(2005, 1, 1), "end": D(2008, 12, 31), "employer": "闽江机械厂", "position": ""},
        ],
    )
    person = Person.objects.get(pk=person.pk)
    assert (person.name, person.education) == ("林芳芳", "master")
    periods = list(person.quality_work.order_by("start").values_list("employer", "start"))
    assert periods == [("闽江机械厂", D(2005, 1, 1)), ("榕城精密机械有限公司", D(2009, 7, 1))]
    assert person.history.first().history_user == world.user("enterprise_a")
    removed = QualityWorkPeriod.history.filter(id=wrong.pk, history_type="-").get()
    assert removed.history_user == world.user("enterprise_a")


def test_only_the_employer_corrects_a_person(world):
    """Another enterprise, and an enterprise that once filed someone now employed elsewhere, are refused."""
    for principal in ("enterprise_b", "institution_a"):
        with pytest.raises(PermissionDenied):
            services.person_correct(person=world.lin_fang, actor=world.user(principal), name="某某")
    services.person_update(person=world.chen_jie, actor=None, enterprise=world.acme)
    assert services.person_correct(person=world.chen_jie, actor=world.user("enterprise_a"), position="质检员")
    with pytest.raises(PermissionDenied):
        services.person_correct(person=world.chen_jie, actor=world.user("enterprise_b"), position="质检员")


def test_a_period_of_another_person_is_refused(world):
    other = world.chen_jie.quality_work.create(start=D(2010, 1, 1), employer="鹭岛")
    with pytest.raises(ValidationError):
        services.person_correct(
            person=world.lin_fang,
            actor=world.user("province"),
            periods=[{"id": other.pk, "delete": True}],
        )
    assert QualityWorkPeriod.objects.filter(pk=other.pk).exists()


def test_person_edit_page_saves_and_shows_history(world, client_for):
    client = client_for("enterprise_a")
    url = reverse("registry:person-edit", kwargs={"person_id": world.lin_fang.pk})
    period = world.lin_fang.quality_work.get()
    page = client.get(url).content.decode()
    assert "更正人员信息" in page and "榕城精密机械有限公司" in page
    data = {
        "name": "林芳",
        "education": "bachelor",
        "title_level": "senior",
        "title_series": "工程师系列",
        "phone": "13800000001",
        "email": "",
        "position": "质量总监",
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "1",
        "periods-0-id": str(period.pk),
        "periods-0-start": "2010-07-01",
        "periods-0-employer": "榕城精密机械有限公司",
        "periods-0-position": "质量部经理",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    world.lin_fang.refresh_from_db()
    assert world.lin_fang.title_level == "senior"
    assert client.get(url).content.decode().count("黄榕城") >= 1  # the history names who corrected


def test_returned_appointment_page_lets_the_enterprise_edit_and_the_bureau_sees_changes(world, client_for):
    appointment = returned(world)
    client = client_for("enterprise_a")
    url = reverse("registry:appointment-edit", kwargs={"pk": appointment.pk})
    page = client.get(url).content.decode()
    assert "聘任文件未加盖公章" in page and "保存修改并重新核验" in page
    response = client.post(
        url,
        {
            "appointment-appointed_by": "郑建国",
            "appointment-appointed_on": "2025-01-02",
            "appointment-decision_level": "on",
            "appointment-allowance": "on",
            "appointment-allowance_amount": "800",
            "appointment-duties": ["strategy", "qms", "training"],
            "appointment-letter": letter("盖章.pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(reverse("registry:appointment-submit", kwargs={"pk": appointment.pk}))
    page = client_for("city_a").get(reverse("registry:appointment-detail", kwargs={"pk": appointment.pk}))
    text = page.content.decode()
    assert "本次补正内容" in text and "800" in text and "退回时的聘任文件" in text
    # The review shown is the return, not an acknowledgement of the corrected filing.
    assert "上次审核（退回）" in text


def test_a_submitted_appointment_edit_page_sends_back_with_the_reason(world, client_for):
    appointment = submitted(world)
    response = client_for("enterprise_a").get(
        reverse("registry:appointment-edit", kwargs={"pk": appointment.pk}), follow=True
    )
    assert "只有草稿或被退回的聘任可以修改" in response.content.decode()


def test_filings_made_before_the_flag_are_recognised_by_the_migration(world):
    """A person typed in on a filing page before this change (same user, same moment, first appointment) is
    marked as registered with it; a person chosen from the list is not."""
    from django.apps import apps

    migration = importlib.import_module("registry.migrations.0016_drafts_deletable_access_log_keeps_person")
    typed = services.person_register(
        actor=world.user("enterprise_b"),
        name="林志强",
        resident_id=make_resident_id("35020319820303001"),
        education="bachelor",
        enterprise=world.bolt,
    )
    old_typo = services.appointment_draft(
        **fields(world, enterprise=world.bolt, person=typed, actor=world.user("enterprise_b"))
    )
    chosen = draft(world)
    assert not old_typo.registered_person
    migration.mark_persons_registered_with_their_filing(apps, None)
    assert Appointment.objects.get(pk=old_typo.pk).registered_person
    assert not Appointment.objects.get(pk=chosen.pk).registered_person
