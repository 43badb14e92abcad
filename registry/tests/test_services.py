"""Registry services: enterprises and their size, persons, quality work and Article 6 findings, with who may do each."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from eligibility import facts
from registry.models import City, Education, Enterprise, EnterpriseSize, Finding, FindingItem, Person
from registry.services import (
    enterprise_confirm_size,
    enterprise_register,
    enterprise_update,
    finding_lift,
    finding_record,
    person_register,
    person_update,
    quality_work_period_add,
)
from registry.validators import make_credit_code, make_resident_id

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% evidence\n"


def evidence(content=PDF, name="决定书.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def register(actor, city, **extra):
    fields = dict(
        credit_code=make_credit_code("91350100MA0000009"),
        name="闽侯新材料有限公司",
        city=city,
        industry_section="C",
        employees=25,
        revenue=Decimal("350"),
    )
    fields.update(extra)
    return enterprise_register(actor=actor, **fields)


# --- enterprises -------------------------------------------------------------------------


def test_world_enterprises_have_computed_sizes(world):
    """The world's acme is a medium manufacturer and bolt a small one, as the 2017 table says."""
    world.acme.refresh_from_db()
    world.bolt.refresh_from_db()
    assert (world.acme.size, world.bolt.size) == (EnterpriseSize.MEDIUM, EnterpriseSize.SMALL)


def test_city_registers_in_its_own_unit_and_size_is_computed(world):
    enterprise = register(
        world.user("city_a"),
        world.fuzhou,
        credit_code=make_credit_code("91350100ma0000009")[:-1].lower() + make_credit_code("91350100MA0000009")[-1],
    )
    assert enterprise.credit_code == make_credit_code("91350100MA0000009")  # normalised
    assert enterprise.size == EnterpriseSize.SMALL
    assert enterprise.history.get().history_user == world.user("city_a")


def test_city_cannot_register_in_another_unit(world):
    with pytest.raises(PermissionDenied):
        register(world.user("city_a"), world.xiamen)
    assert not Enterprise.objects.filter(name="闽侯新材料有限公司").exists()


@pytest.mark.parametrize("principal", ["enterprise_a", "institution_a"])
def test_only_bureaux_register_enterprises(world, principal):
    with pytest.raises(PermissionDenied):
        register(world.user(principal), world.fuzhou)


def test_register_names_the_bad_field(world):
    with pytest.raises(ValidationError) as error:
        register(world.user("province"), world.fuzhou, credit_code="91350100MA0000001X", industry_division="51")
    assert {"credit_code", "industry_division"} <= set(error.value.message_dict)


def test_update_recomputes_size_and_skips_no_op_writes(world):
    acme = world.acme
    versions = acme.history.count()
    enterprise_update(enterprise=acme, actor=world.user("enterprise_a"), employees=320)
    assert acme.history.count() == versions  # nothing changed, nothing recorded
    enterprise_update(enterprise=acme, actor=world.user("enterprise_a"), employees=1200, revenue=Decimal("50000"))
    acme.refresh_from_db()
    assert acme.size == EnterpriseSize.LARGE
    assert acme.history.first().history_user == world.user("enterprise_a")


def test_enterprise_cannot_change_its_credit_code_or_unit(world):
    with pytest.raises(PermissionDenied):
        enterprise_update(enterprise=world.acme, actor=world.user("enterprise_a"), city=world.xiamen)
    # Submitting the unchanged value (as a form does) is fine.
    enterprise_update(enterprise=world.acme, actor=world.user("enterprise_a"), city=world.fuzhou, name="榕城精密")
    enterprise_update(enterprise=world.acme, actor=world.user("province"), city=world.xiamen)
    world.acme.refresh_from_db()
    assert world.acme.city == world.xiamen


@pytest.mark.parametrize("principal", ["enterprise_b", "city_b", "institution_a"])
def test_others_cannot_update(world, principal):
    with pytest.raises(PermissionDenied):
        enterprise_update(enterprise=world.acme, actor=world.user(principal), name="别人的企业")


def test_update_refuses_computed_fields(world):
    with pytest.raises(TypeError):
        enterprise_update(enterprise=world.acme, actor=world.user("province"), size=EnterpriseSize.LARGE)


def test_confirmed_declared_size_wins_until_the_declaration_changes(world):
    acme = world.acme
    enterprise_update(enterprise=acme, actor=world.user("enterprise_a"), declared_size=EnterpriseSize.LARGE)
    assert acme.effective_size == EnterpriseSize.MEDIUM  # not yet confirmed
    with pytest.raises(PermissionDenied):
        enterprise_confirm_size(enterprise=acme, actor=world.user("city_b"), declared_size=EnterpriseSize.LARGE)
    with pytest.raises(PermissionDenied):
        enterprise_confirm_size(enterprise=acme, actor=world.user("enterprise_a"), declared_size=EnterpriseSize.LARGE)
    enterprise_confirm_size(enterprise=acme, actor=world.user("city_a"), declared_size=EnterpriseSize.LARGE)
    assert acme.effective_size == EnterpriseSize.LARGE
    assert Enterprise.objects.with_effective_size(EnterpriseSize.LARGE).get() == acme
    assert not Enterprise.objects.with_effective_size(EnterpriseSize.MEDIUM).exists()
    enterprise_update(enterprise=acme, actor=world.user("enterprise_a"), declared_size=EnterpriseSize.SMALL)
    acme.refresh_from_db()
    assert not acme.size_confirmed_by_city
    assert acme.effective_size == EnterpriseSize.MEDIUM


def test_confirming_unknown_is_refused(world):
    with pytest.raises(ValidationError) as error:
        enterprise_confirm_size(enterprise=world.acme, actor=world.user("city_a"), declared_size="unknown")
    assert "declared_size" in error.value.message_dict


# --- persons -------------------------------------------------------------------------------


def test_typed_gender_and_birth_date_must_agree_with_the_id(world):
    number = make_resident_id("35010219900202003")  # 17th digit 3: a man, born 1990-02-02
    with pytest.raises(ValidationError) as error:
        person_register(
            actor=None,
            name="王芳",
            resident_id=number,
            education=Education.MASTER,
            gender="F",
            birth_date=datetime.date(1990, 2, 3),
        )
    assert {"gender", "birth_date"} == set(error.value.message_dict)
    person = person_register(
        actor=None,
        name="王芳",
        resident_id=number,
        education=Education.MASTER,
        gender="M",
        birth_date=datetime.date(1990, 2, 2),
    )
    assert person.gender == "M"


def test_a_bad_check_digit_is_refused():
    number = make_resident_id("35010219900202003")
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="校验码"):
        person_register(actor=None, name="王芳", resident_id=wrong, education=Education.MASTER)


def test_an_unknown_birth_place_is_not_an_error():
    """Gaps in the birth-place table must not lock a real person out."""
    person = person_register(
        actor=None, name="赵六", resident_id=make_resident_id("99999919800101001"), education=Education.BACHELOR
    )
    assert person.resident_id_masked.startswith("9999")


def test_enterprise_files_only_its_own_staff(world):
    with pytest.raises(PermissionDenied):
        person_register(
            actor=world.user("enterprise_a"),
            name="李四",
            resident_id=make_resident_id("35010219750505001"),
            education=Education.BACHELOR,
            enterprise=world.bolt,
        )
    person = person_register(
        actor=world.user("enterprise_a"),
        name="李四",
        resident_id=make_resident_id("35010219750505001"),
        education=Education.BACHELOR,
        enterprise=world.acme,
    )
    assert person.history.get().history_user == world.user("enterprise_a")


def test_city_files_persons_of_its_enterprises(world):
    with pytest.raises(PermissionDenied):
        person_register(
            actor=world.user("city_b"),
            name="李四",
            resident_id=make_resident_id("35010219750505001"),
            education=Education.BACHELOR,
            enterprise=world.acme,
        )


def test_declarations_need_a_date(world):
    with pytest.raises(ValidationError, match="承诺日期"):
        person_update(person=world.chen_jie, actor=world.user("enterprise_b"), declared_ethics=True)
    person_update(
        person=world.chen_jie,
        actor=world.user("enterprise_b"),
        declared_ethics=True,
        declared_on=datetime.date(2025, 1, 2),
    )


def test_person_update_is_scoped(world):
    with pytest.raises(PermissionDenied):
        person_update(person=world.lin_fang, actor=world.user("enterprise_b"), phone="13900000000")
    with pytest.raises(PermissionDenied):
        person_update(person=world.lin_fang, actor=world.user("institution_a"), phone="13900000000")
    with pytest.raises(TypeError):
        person_update(person=world.lin_fang, actor=world.user("province"), resident_id_hash="x")


def test_quality_work_period_end_not_before_start(world):
    with pytest.raises(ValidationError) as error:
        quality_work_period_add(
            person=world.chen_jie,
            actor=world.user("enterprise_b"),
            start=datetime.date(2020, 1, 1),
            end=datetime.date(2019, 1, 1),
            employer="鹭岛电子",
        )
    assert "end" in error.value.message_dict
    period = quality_work_period_add(
        person=world.chen_jie, actor=world.user("enterprise_b"), start=datetime.date(2012, 1, 1), employer="鹭岛电子"
    )
    assert str(period).endswith("至今")
    assert period.history.get().history_user == world.user("enterprise_b")


# --- Article 6 findings --------------------------------------------------------------------


def test_city_records_and_lifts_its_own_finding(world):
    city_a = world.user("city_a")
    finding = finding_record(
        person=world.lin_fang,
        actor=city_a,
        item=FindingItem.TWO,
        decided_on=datetime.date(2025, 1, 15),
        evidence=evidence(),
        note="经调查核实",
    )
    assert (finding.city, finding.recorded_by) == (world.fuzhou, city_a)

    def barred_on(day):  # whether the engine counts the finding against lin_fang on `day` (6.2 fails)
        verdict = facts.verdict_for(Person.objects.get(pk=world.lin_fang.pk), enterprise=None, as_of=day)
        return next(c for c in verdict.clauses if c.clause == "6.2").result == "fail"

    assert barred_on(datetime.date(2025, 6, 1))
    assert not barred_on(datetime.date(2025, 1, 14))
    with pytest.raises(PermissionDenied):
        finding_lift(finding=finding, actor=world.user("city_b"), lifted_on=datetime.date(2025, 6, 1), reason="x")
    finding_lift(finding=finding, actor=city_a, lifted_on=datetime.date(2025, 6, 1), reason="复议撤销")
    assert not barred_on(datetime.date(2025, 6, 1))
    assert barred_on(datetime.date(2025, 5, 31))
    assert finding.history.count() == 2
    with pytest.raises(ValidationError):
        finding_lift(finding=finding, actor=city_a, lifted_on=datetime.date(2025, 7, 1), reason="再次解除")


def test_province_records_without_a_unit_and_may_lift_any(world):
    finding = finding_record(
        person=world.chen_jie,
        actor=world.user("province"),
        item=FindingItem.FIVE,
        decided_on=datetime.date(2025, 3, 1),
        evidence=evidence(b"\x89PNG\r\n\x1a\n....", "证据.png"),
    )
    assert finding.city is None
    with pytest.raises(PermissionDenied):
        finding_lift(finding=finding, actor=world.user("city_b"), lifted_on=datetime.date(2025, 6, 1), reason="x")
    with pytest.raises(ValidationError) as error:
        finding_lift(finding=finding, actor=world.user("province"), lifted_on=datetime.date(2025, 2, 1), reason="")
    assert {"lifted_on", "lifted_reason"} == set(error.value.message_dict)


@pytest.mark.parametrize("principal", ["city_b", "enterprise_a", "institution_a"])
def test_finding_record_refused(world, principal):
    with pytest.raises(PermissionDenied):
        finding_record(
            person=world.lin_fang,
            actor=world.user(principal),
            item=1,
            decided_on=datetime.date(2025, 1, 15),
            evidence=evidence(),
        )
    assert not Finding.objects.exists()


def test_evidence_is_checked_by_content_and_size(world, settings):
    with pytest.raises(ValidationError) as error:
        finding_record(
            person=world.lin_fang,
            actor=world.user("province"),
            item=1,
            decided_on=datetime.date(2025, 1, 15),
            evidence=evidence(b"MZ\x90\x00 not a pdf", "决定书.pdf"),
        )
    assert "evidence" in error.value.message_dict
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="过大"):
        finding_record(
            person=world.lin_fang,
            actor=world.user("province"),
            item=1,
            decided_on=datetime.date(2025, 1, 15),
            evidence=evidence(PDF * 3),
        )


def test_future_decision_date_refused(world):
    with pytest.raises(ValidationError) as error:
        finding_record(
            person=world.lin_fang,
            actor=world.user("province"),
            item=1,
            decided_on=datetime.date.today() + datetime.timedelta(days=2),
            evidence=evidence(),
        )
    assert "decided_on" in error.value.message_dict


def test_cities_exist():
    assert City.objects.count() == 10


def test_person_count_in_world(world):
    assert Person.objects.count() == 2
