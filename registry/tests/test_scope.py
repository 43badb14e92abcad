"""visible_to on the registry's new models: province all, city its unit, enterprise itself, institution whom it certified."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from registry.models import AccessLog, Finding, Person, QualityWorkPeriod
from registry.services import finding_record, person_reveal_id
from training.models import Certificate, Entrustment

pytestmark = pytest.mark.django_db

EXPECTED_PERSONS = {
    "province": {"林芳", "陈杰"},
    "admin": {"林芳", "陈杰"},
    "city_a": {"林芳"},
    "city_b": {"陈杰"},
    "enterprise_a": {"林芳"},
    "enterprise_b": {"陈杰"},
    "institution_a": {"林芳"},  # academy issued her certificate
    "institution_b": set(),
}


@pytest.mark.parametrize(("principal", "names"), EXPECTED_PERSONS.items())
def test_persons_and_their_quality_work(world, principal, names):
    user = world.user(principal)
    assert set(Person.objects.visible_to(user).values_list("name", flat=True)) == names
    assert set(QualityWorkPeriod.objects.visible_to(user).values_list("person__name", flat=True)) <= names


def test_anonymous_sees_nothing(world):
    anonymous = AnonymousUser()
    for model in (Person, QualityWorkPeriod, Finding, AccessLog, Certificate, Entrustment):
        assert not model.objects.visible_to(anonymous).exists()


@pytest.fixture
def findings(world):
    def record(person, principal):
        return finding_record(
            person=person,
            actor=world.user(principal),
            item=1,
            decided_on=datetime.date(2025, 1, 1),
            evidence=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        )

    return {"on_lin": record(world.lin_fang, "city_a"), "on_chen": record(world.chen_jie, "province")}


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        ("province", {"on_lin", "on_chen"}),
        ("city_a", {"on_lin"}),
        ("city_b", {"on_chen"}),
        ("enterprise_a", {"on_lin"}),
        ("enterprise_b", {"on_chen"}),
        ("institution_a", set()),
    ],
)
def test_findings(world, findings, principal, expected):
    visible = set(Finding.objects.visible_to(world.user(principal)))
    assert visible == {findings[key] for key in expected}


def test_a_city_keeps_seeing_its_own_finding_after_the_person_moves(world, findings):
    """The recording bureau stays responsible for its finding wherever the person works later."""
    world.lin_fang.enterprise = world.bolt
    world.lin_fang.save()
    assert findings["on_lin"] in Finding.objects.visible_to(world.user("city_a"))


def test_access_log_is_for_the_province_only(world):
    person_reveal_id(person=world.lin_fang, actor=world.user("province"), reason="核查任职资格")
    assert AccessLog.objects.visible_to(world.user("province")).count() == 1
    for principal in ("city_a", "enterprise_a", "institution_a"):
        assert not AccessLog.objects.visible_to(world.user(principal)).exists()


@pytest.mark.parametrize(
    ("principal", "count"),
    [
        ("province", 1),
        ("institution_a", 1),
        ("institution_b", 0),
        ("city_a", 1),
        ("city_b", 0),
        ("enterprise_a", 1),
        ("enterprise_b", 0),
    ],
)
def test_certificates(world, principal, count):
    assert Certificate.objects.visible_to(world.user(principal)).count() == count


@pytest.mark.parametrize(
    ("principal", "count"), [("province", 1), ("institution_a", 1), ("institution_b", 0), ("city_a", 0)]
)
def test_entrustments(world, principal, count):
    assert Entrustment.objects.visible_to(world.user(principal)).count() == count
