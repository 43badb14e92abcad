"""Appointment services, the database's one-current-CQO rule, the PDF letter check, letter scope and Article 14 status."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from pool.models import PoolEntry
from registry import crypto, services
from registry.models import (
    AccessAction,
    AccessLog,
    Appointment,
    AppointmentEndReason,
    AppointmentStatus,
    Education,
    Notice,
    Person,
    TitleLevel,
)
from registry.selectors import cqo_status, home_summary
from registry.validators import make_resident_id
from training.models import Certificate

from .appointment_fixtures import acknowledged, fields, letter, new_person_filing, pdf_bytes, submitted

pytestmark = pytest.mark.django_db

D = datetime.date


def second_cqo(world) -> Person:
    """Another eligible person at acme, to change CQO to."""
    person = services.person_register(
        actor=None,
        name="王磊",
        resident_id=make_resident_id("35010219790202003"),
        education=Education.MASTER,
        title_level=TitleLevel.ASSOCIATE_SENIOR,
        enterprise=world.acme,
        declared_ethics=True,
        declared_laws=True,
        declared_on=D(2024, 1, 1),
        quality_work=[{"start": D(2008, 1, 1), "employer": "榕城精密机械有限公司"}],
    )
    Certificate.objects.create(
        number="FJCQO-2024-0002", person=person, institution=world.academy, issued_on=D(2024, 6, 1)
    )
    return person


def test_submit_stores_the_verdict_and_its_rule_set(world):
    """A submitted appointment carries the engine's verdict, clause by clause, and the rule set applied."""
    appointment = submitted(world)
    assert appointment.status == AppointmentStatus.SUBMITTED
    assert appointment.submitted_at is not None
    assert appointment.verdict_status == "eligible"
    assert appointment.rule_set == "闽质监质〔2014〕286号"
    assert [c["clause"] for c in appointment.verdict["clauses"]] == [
        "5.1",
        "5.2",
        "5.3",
        "5.4",
        "5.5",
        "6.1",
        "6.2",
        "6.3",
        "6.4",
        "6.5",
    ]
    assert appointment.history.count() == 2  # saved as a draft, then submitted


def test_preview_is_the_engine_on_stored_facts(world):
    verdict = services.appointment_preview(enterprise=world.bolt, person=world.chen_jie, as_of=D(2025, 1, 1))
    assert verdict.status == "ineligible"


def test_ineligible_verdict_is_refused_with_the_failed_clauses(world):
    """chen_jie has no certificate and no quality work: filing him is refused and no row is written."""
    with pytest.raises(ValidationError) as error:
        services.appointment_submit(
            **fields(world, enterprise=world.bolt, person=world.chen_jie, actor=world.users["enterprise_b"])
        )
    message = error.value.messages[0]
    assert "不符合首席质量官任职条件" in message and "第五条第（五）项" in message
    assert not Appointment.objects.exists()


def test_needs_review_may_be_submitted(world):
    world.lin_fang.declared_ethics = False
    world.lin_fang.save()
    appointment = submitted(world)
    assert appointment.verdict_status == "needs_review"


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("letter.pdf", "任命书：兹聘任林芳为首席质量官。".encode(), "file_type"),  # a renamed .txt
        ("letter.pdf", pdf_bytes()[:-40], "pdf_trailer"),  # cut short: no trailer
    ],
)
def test_letter_is_judged_by_its_content(world, name, content, code):
    with pytest.raises(ValidationError) as error:
        services.appointment_submit(**fields(world, letter=SimpleUploadedFile(name, content)))
    assert "letter" in error.value.error_dict
    assert error.value.error_dict["letter"][0].code == code
    assert not Appointment.objects.exists()


def test_letter_larger_than_the_limit_is_refused(world, settings):
    settings.MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as error:
        services.appointment_submit(**fields(world))
    assert error.value.error_dict["letter"][0].code == "size"


def test_only_the_enterprise_itself_files(world):
    with pytest.raises(PermissionDenied):
        services.appointment_submit(**fields(world, actor=world.users["enterprise_b"]))
    with pytest.raises(PermissionDenied):
        services.appointment_submit(**fields(world, actor=world.users["city_a"]))


def test_one_pending_filing_per_enterprise(world):
    submitted(world)
    with pytest.raises(ValidationError, match="待设区市局备案"):
        submitted(world)
    assert Appointment.objects.filter(status=AppointmentStatus.SUBMITTED).count() == 1


def test_database_allows_one_current_cqo_per_enterprise(world):
    """Two acknowledged appointments for one enterprise are refused by the database itself."""
    first = acknowledged(world)
    clone = dict(
        enterprise=world.acme,
        person=world.chen_jie,
        appointed_by="郑建国",
        appointed_on=D(2025, 2, 1),
        letter=first.letter.name,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(status=AppointmentStatus.ACKNOWLEDGED, **clone)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.bulk_create(
            [
                Appointment(status=AppointmentStatus.SUBMITTED, **clone),
                Appointment(status=AppointmentStatus.SUBMITTED, **clone),
            ]
        )


def test_acknowledge_makes_the_current_cqo_and_enters_the_pool(world):
    appointment = acknowledged(world)
    assert appointment.status == AppointmentStatus.ACKNOWLEDGED
    assert appointment.reviewed_by == world.users["city_a"]
    entry = PoolEntry.objects.get(person=world.lin_fang)
    assert entry.via_appointment


def test_only_the_bureau_of_the_enterprise_acknowledges(world):
    appointment = submitted(world)
    for principal in ("city_b", "enterprise_a", "institution_a"):
        with pytest.raises(PermissionDenied):
            services.appointment_acknowledge(appointment=appointment, actor=world.users[principal])
    services.appointment_acknowledge(appointment=appointment, actor=world.users["province"])


def test_change_of_cqo_ends_the_previous_one_on_the_new_date(world):
    first = acknowledged(world)
    wang = second_cqo(world)
    second = services.appointment_submit(**fields(world, person=wang, appointed_on=D(2025, 9, 1)))
    services.appointment_acknowledge(appointment=second, actor=world.users["city_a"])
    first.refresh_from_db()
    assert first.status == AppointmentStatus.ENDED
    assert first.end_reason == AppointmentEndReason.REPLACED
    assert first.ended_on == D(2025, 9, 1)
    assert Appointment.objects.filter(enterprise=world.acme).current().get().person == wang


def test_return_needs_a_reason(world):
    appointment = submitted(world)
    with pytest.raises(ValidationError):
        services.appointment_return(appointment=appointment, actor=world.users["city_a"], reason="  ")
    services.appointment_return(appointment=appointment, actor=world.users["city_a"], reason="聘任文件未盖章")
    appointment.refresh_from_db()
    assert (appointment.status, appointment.return_reason) == (AppointmentStatus.RETURNED, "聘任文件未盖章")
    # The enterprise fixes it and files the same appointment again.
    services.appointment_draft_submit(appointment=appointment, actor=world.users["enterprise_a"])
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SUBMITTED and appointment.return_reason == ""


def test_dismissal_is_dated_and_checked(world):
    appointment = acknowledged(world)
    actor = world.users["enterprise_a"]
    with pytest.raises(ValidationError) as error:
        services.appointment_dismiss(appointment=appointment, actor=actor, ended_on=D(2024, 12, 31), reason="调动")
    assert "ended_on" in error.value.error_dict
    with pytest.raises(PermissionDenied):
        services.appointment_dismiss(
            appointment=appointment, actor=world.users["enterprise_b"], ended_on=D(2025, 6, 30), reason="调动"
        )
    services.appointment_dismiss(appointment=appointment, actor=actor, ended_on=D(2025, 6, 30), reason="工作调动")
    appointment.refresh_from_db()
    assert (appointment.status, appointment.end_reason, appointment.ended_on) == (
        AppointmentStatus.ENDED,
        AppointmentEndReason.DISMISSED,
        D(2025, 6, 30),
    )
    assert cqo_status(world.acme).cqo_acknowledged is False


def test_finding_reevaluates_the_appointment_and_tells_the_city(world, client_for, django_capture_on_commit_callbacks):
    """An Article 6 finding turns the current CQO's stored verdict ineligible and leaves Fuzhou a notice; lifting it restores it."""
    appointment = acknowledged(world)
    with django_capture_on_commit_callbacks(execute=True):
        finding = services.finding_record(
            person=world.lin_fang,
            actor=world.users["province"],
            item=3,
            decided_on=D(2025, 3, 1),
            evidence=SimpleUploadedFile("e.pdf", pdf_bytes()),
        )
    appointment.refresh_from_db()
    assert appointment.verdict_status == "ineligible"
    notice = Notice.objects.get(recipient_city=world.fuzhou)
    assert "林芳" in notice.text and "不符合任职条件" in notice.text
    assert notice.link == reverse("registry:appointment-detail", kwargs={"pk": appointment.pk})
    assert PoolEntry.objects.get(person=world.lin_fang).eligibility == "ineligible"
    assert [item.text for item in home_summary(world.users["city_a"]).todo] == [notice.text]
    assert home_summary(world.users["city_b"]).todo == []
    page = client_for("city_a").get(reverse("home"))
    assert notice.text in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.finding_lift(
            finding=finding, actor=world.users["province"], lifted_on=D(2025, 4, 1), reason="复议撤销"
        )
    appointment.refresh_from_db()
    assert appointment.verdict_status == "eligible"
    assert Notice.objects.filter(recipient_city=world.fuzhou).count() == 2


def test_acknowledging_a_filing_made_ineligible_after_submission_is_refused(world):
    appointment = submitted(world)
    services.finding_record(
        person=world.lin_fang,
        actor=world.users["province"],
        item=1,
        decided_on=D(2025, 3, 1),
        evidence=SimpleUploadedFile("e.pdf", pdf_bytes()),
    )
    with pytest.raises(ValidationError, match="不能备案"):
        services.appointment_acknowledge(appointment=appointment, actor=world.users["city_a"])


def test_persons_are_visible_through_appointments(world):
    """A person employed elsewhere but appointed at acme is visible to acme and to Fuzhou."""
    world.lin_fang.enterprise = None
    world.lin_fang.save()
    assert not Person.objects.visible_to(world.users["city_a"]).filter(pk=world.lin_fang.pk).exists()
    Appointment.objects.create(
        enterprise=world.acme,
        person=world.lin_fang,
        appointed_by="郑建国",
        appointed_on=D(2025, 1, 1),
        letter="appointments/x.pdf",
        status=AppointmentStatus.SUBMITTED,
    )
    for principal in ("city_a", "enterprise_a"):
        assert Person.objects.visible_to(world.users[principal]).filter(pk=world.lin_fang.pk).exists()
    for principal in ("city_b", "enterprise_b"):
        assert not Person.objects.visible_to(world.users[principal]).filter(pk=world.lin_fang.pk).exists()


def test_letter_download_is_scoped(world, client_for, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):  # the letter is stored when the filing commits
        appointment = submitted(world)
    url = reverse("registry:appointment-letter", kwargs={"pk": appointment.pk})
    response = client_for("enterprise_a").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for principal in ("enterprise_b", "city_b", "institution_b"):
        assert client_for(principal).get(url).status_code == 404


def test_cqo_status_api(world, client_for):
    appointment = acknowledged(world)
    url = reverse("enterprise-cqo-status", kwargs={"credit_code": world.acme.credit_code.lower()})
    body = client_for("province").get(url).json()
    assert body == {
        "credit_code": world.acme.credit_code,
        "enterprise_name": world.acme.name,
        "post_established": False,
        "empowered": False,
        "cqo_acknowledged": True,
        "cqo_name": "林芳",
        "cqo_eligible": True,
        "verdict_status": "eligible",
        "since": appointment.appointed_on.isoformat(),
    }
    assert client_for("city_b").get(url).status_code == 404


def test_enterprise_registers_a_new_person_and_sees_the_verdict_before_submitting(world, client_for):
    """The filing page creates the person and a draft; the draft's page shows the verdict and files it."""
    client = client_for("enterprise_b")
    data = new_person_filing(
        make_resident_id("35020319820303001"), **{"person-declared_ethics": "on", "person-declared_laws": "on"}
    )
    response = client.post(reverse("registry:appointment-create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    appointment = Appointment.objects.get()
    assert appointment.status == AppointmentStatus.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert 'data-clause="5.5"' in page and "不符合任职条件" in page  # no certificate yet
    assert "提交备案" in page
    response = client.post(reverse("registry:appointment-submit", kwargs={"pk": appointment.pk}))
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.DRAFT  # refused: ineligible


def test_appointment_list_query_count_is_flat(world, client_for, django_assert_max_num_queries):
    acknowledged(world)
    client = client_for("province")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("registry:appointment-list")).status_code == 200


def test_city_exports_its_filings_with_masked_ids_and_the_export_is_logged(world, client_for):
    """The CSV of the city's filings carries masked IDs only, and the export is written to the access log."""
    appointment = submitted(world)
    response = client_for("city_a").get(reverse("registry:appointment-list"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert appointment.person.resident_id_masked in text
    assert crypto.decrypt(appointment.person.resident_id_encrypted) not in text
    log = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert log.actor == world.user("city_a") and log.count == 1


def test_a_far_future_appointment_date_is_refused_on_the_field_and_writes_nothing(world, client_for):
    """Ongoing work is never projected into the future: an appointment years ahead is an error, not a 500."""
    client = client_for("enterprise_b")
    persons = Person.objects.count()
    data = {
        "person-existing": "",
        "person-name": "许明",
        "person-resident_id": make_resident_id("35020319820303001"),
        "person-education": "associate",
        "person-title_level": "assistant",
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "periods-0-start": "2024-01-01",
        "periods-0-employer": "鹭岛电子科技有限公司",
        "appointment-appointed_by": "许海",
        "appointment-appointed_on": "9999-12-31",
        "appointment-duties": ["strategy"],
        "appointment-letter": letter(),
    }
    response = client.post(reverse("registry:appointment-create"), data)
    assert response.status_code == 200
    assert "聘任日期不能晚于" in response.content.decode()
    assert Person.objects.count() == persons and not Appointment.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.appointment_draft(**fields(world, appointed_on=datetime.date(2031, 1, 1)))
    assert "appointed_on" in error.value.message_dict


def test_acknowledging_judges_again_after_the_enterprise_grew(world, django_capture_on_commit_callbacks):
    """A filing that was eligible for a small enterprise is refused at 备案 once the enterprise is large."""
    actor = world.users["enterprise_b"]
    services.enterprise_update(enterprise=world.bolt, actor=actor, industry_section="C", employees=50, revenue=1000)
    person = services.person_register(
        actor=actor,
        enterprise=world.bolt,
        name="许明",
        resident_id=make_resident_id("35020319820303001"),
        education="associate",
        title_level="assistant",
        declared_ethics=True,
        declared_laws=True,
        declared_on=datetime.date(2024, 1, 1),
        quality_work=[{"start": datetime.date(2015, 1, 1), "end": None, "employer": "鹭岛电子科技有限公司"}],
    )
    Certificate.objects.create(
        number="FJCQO-T-9", person=person, institution=world.academy, issued_on=datetime.date(2024, 5, 10)
    )
    appointment = services.appointment_submit(**fields(world, enterprise=world.bolt, person=person, actor=actor))
    assert appointment.verdict_status == "eligible"
    with django_capture_on_commit_callbacks(execute=True):
        services.enterprise_update(
            enterprise=world.bolt,
            actor=world.users["enterprise_b"],
            industry_section="C",
            employees=2000,
            revenue=50000,
        )
    appointment.refresh_from_db()
    assert appointment.verdict_status == "ineligible"
    assert Notice.objects.filter(recipient_city=world.xiamen, text__contains="企业信息变更后重新核验").exists()
    with pytest.raises(ValidationError) as error:
        services.appointment_acknowledge(appointment=appointment, actor=world.users["city_b"])
    assert "不能备案" in error.value.messages[0]
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SUBMITTED
