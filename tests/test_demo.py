"""The demo data set gives each enterprise a filed profile and two persons with valid IDs, and stays the same on a second run."""

import pytest

from cqo_portal.demo import demo_seed
from cqo_portal.demo_training import GRADUATES_AT_THE_NEW_EMPLOYER, NEW_EMPLOYER
from registry import crypto
from registry.models import Enterprise, Person
from registry.validators import parse_resident_id

pytestmark = pytest.mark.django_db


def test_demo_persons_and_profiles_are_deterministic_and_idempotent():
    demo_seed(enterprises=12, seed=7)
    persons = sorted(Person.objects.values_list("name", "resident_id_hash", "enterprise__credit_code"))
    # The demo's own persons, not the ones the demo graduate file brought in at an employer it names.
    registered = Person.objects.exclude(enterprise__credit_code=NEW_EMPLOYER[0])
    sizes = sorted(Enterprise.objects.values_list("credit_code", "size"))
    demo_seed(enterprises=12, seed=7)
    assert sorted(Person.objects.values_list("name", "resident_id_hash", "enterprise__credit_code")) == persons
    assert sorted(Enterprise.objects.values_list("credit_code", "size")) == sizes
    assert registered.count() == 24
    assert len(persons) == 24 + GRADUATES_AT_THE_NEW_EMPLOYER
    assert {size for _, size in sizes} - {"unknown"}, "profiles give computable sizes"
    for person in registered:
        parsed = parse_resident_id(crypto.decrypt(person.resident_id_encrypted))
        assert (parsed.gender, parsed.birth_date.year) == (person.gender, person.birth_year)
        assert person.declared_on and person.quality_work.exists()


def test_demo_has_submitted_and_acknowledged_appointments_and_is_idempotent(settings, tmp_path):
    from registry.models import Appointment, AppointmentStatus

    settings.MEDIA_ROOT = tmp_path
    demo_seed(enterprises=30, seed=2014)
    states = sorted(Appointment.objects.values_list("enterprise__credit_code", "person__resident_id_hash", "status"))
    demo_seed(enterprises=30, seed=2014)
    assert (
        sorted(Appointment.objects.values_list("enterprise__credit_code", "person__resident_id_hash", "status"))
        == states
    )
    statuses = {status for _, _, status in states}
    assert {AppointmentStatus.SUBMITTED, AppointmentStatus.ACKNOWLEDGED} <= statuses


def test_demo_has_article_15_activities_and_a_second_run_adds_none(settings, tmp_path):
    """Exchanges with persons of several units and commendations, so the dashboard's 经验交流与表彰 has years."""
    from registry.models import Commendation, ExchangeParticipant, ExperienceExchange

    settings.MEDIA_ROOT = tmp_path
    demo_seed(enterprises=12, seed=7)

    def rows():
        return (
            sorted(ExperienceExchange.objects.values_list("title", "held_on")),
            sorted(ExchangeParticipant.objects.values_list("exchange__title", "person__resident_id_hash")),
            sorted(Commendation.objects.values_list("person__resident_id_hash", "year", "title")),
        )

    first = rows()
    demo_seed(enterprises=12, seed=7)
    assert rows() == first
    exchanges, participants, commendations = first
    assert len(exchanges) == 3 and len(participants) >= 9 and len(commendations) == 4
    units = set(ExchangeParticipant.objects.values_list("person__enterprise__city", flat=True))
    assert len(units) >= 5
