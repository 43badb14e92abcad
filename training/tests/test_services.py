"""training.services: who may call them, what they refuse, and that the talent pool follows each change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from registry.models import Person
from training import services
from training.models import Certificate, Entrustment, Institution

pytestmark = pytest.mark.django_db

D = datetime.date


def in_talent_pool(person: Person) -> bool:
    return Person.objects.filter(pk=person.pk, pool_entry__isnull=False).exists()


def lin_fangs_certificate() -> Certificate:
    return Certificate.objects.get(number="FJCQO-2024-0001")


@pytest.mark.parametrize("principal", ["city_a", "institution_a", "enterprise_a"])
def test_only_provincial_staff_may_change_training_records(world, principal):
    """Institutions, entrustments and paper certificates are the province's; revoking is also the issuer's."""
    actor = world.user(principal)
    attempts = [
        lambda: services.institution_create(name="新机构", actor=actor),
        lambda: services.institution_update(institution=world.academy, name="改名", actor=actor),
        lambda: services.entrustment_add(institution=world.college, from_date=D(2020, 1, 1), actor=actor),
        lambda: services.entrustment_revoke(
            entrustment=Entrustment.objects.get(institution=world.academy),
            revoked_on=D(2025, 1, 1),
            reason="培训质量不合格",
            actor=actor,
        ),
        lambda: services.certificate_record(
            number="X-1", person=world.chen_jie, institution=world.academy, issued_on=D(2024, 1, 1), actor=actor
        ),
    ]
    if principal != "institution_a":  # the issuing institution revokes its own certificates (issue 12)
        attempts.append(
            lambda: services.certificate_revoke(
                certificate=lin_fangs_certificate(), revoked_on=D(2025, 1, 1), reason="无", actor=actor
            )
        )
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert not Institution.objects.filter(name__in=["新机构", "改名"]).exists()
    assert Entrustment.objects.filter(institution=world.college).count() == 0
    assert not Entrustment.objects.get(institution=world.academy).revoked
    assert not Certificate.objects.filter(number="X-1").exists() and not lin_fangs_certificate().revoked


def test_an_entrustment_cut_short_takes_certificates_issued_after_it_out_of_the_pool(world):
    entrustment = Entrustment.objects.get(institution=world.academy)
    services.entrustment_update(entrustment=entrustment, until=D(2020, 12, 31), actor=world.user("province"))
    assert not in_talent_pool(world.lin_fang)

    services.entrustment_add(institution=world.academy, from_date=D(2024, 1, 1), actor=world.user("admin"))
    assert in_talent_pool(world.lin_fang)


def test_a_certificate_is_recorded_only_inside_an_entrustment_that_is_not_revoked(world):
    province = world.user("province")
    Entrustment.objects.create(institution=world.college, from_date=D(2016, 1, 1), until=D(2018, 12, 31))
    Entrustment.objects.create(institution=world.college, from_date=D(2021, 1, 1), revoked=True)
    for issued_on in (D(2015, 12, 31), D(2019, 1, 1), D(2022, 5, 1)):
        with pytest.raises(ValidationError) as refused:
            services.certificate_record(
                number="C-1", person=world.chen_jie, institution=world.college, issued_on=issued_on, actor=province
            )
        assert "不在省局委托的培训期内" in refused.value.message_dict["issued_on"][0]
    assert not Certificate.objects.filter(number="C-1").exists() and not in_talent_pool(world.chen_jie)

    services.certificate_record(
        number="C-1", person=world.chen_jie, institution=world.college, issued_on=D(2018, 12, 31), actor=province
    )
    assert in_talent_pool(world.chen_jie)


def test_a_revocation_needs_a_reason_and_a_date_between_issue_and_today(world):
    province, certificate = world.user("province"), lin_fangs_certificate()
    for revoked_on, reason, field in [
        (D(2025, 1, 1), "  ", "revoked_reason"),
        (None, "伪造", "revoked_on"),
        (D(2024, 5, 9), "伪造", "revoked_on"),
        (datetime.date.today() + datetime.timedelta(days=2), "伪造", "revoked_on"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.certificate_revoke(certificate=certificate, revoked_on=revoked_on, reason=reason, actor=province)
        assert field in refused.value.message_dict
    assert not lin_fangs_certificate().revoked and in_talent_pool(world.lin_fang)

    services.certificate_revoke(certificate=certificate, revoked_on=D(2025, 1, 1), reason="伪造", actor=province)
    assert not in_talent_pool(world.lin_fang)
    with pytest.raises(ValidationError):
        services.certificate_revoke(certificate=certificate, revoked_on=D(2025, 2, 1), reason="再次", actor=province)
