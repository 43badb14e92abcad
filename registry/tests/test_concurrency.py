"""Two people submitting the same thing at the same moment: one succeeds, the other gets the form error a
sequential submission gets, never a 500 and never a second row (real PostgreSQL, real threads)."""

from __future__ import annotations

import datetime
import threading
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from registry import services
from registry.models import AppointmentStatus, Enterprise, Finding, Person
from registry.services.persons import ID_ON_FILE_ELSEWHERE
from registry.validators import make_credit_code, make_resident_id
from training.models import Institution
from training.services import institution_create

from .appointment_fixtures import acknowledged, new_person_filing
from .matrix_findings import PDF

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)  # a crash must show as the 500 the user would see
    client.force_login(user)
    return client


def race(clients, url: str, data) -> list:
    """Each client POSTs `data()` to `url` at the same moment, in its own thread and connection; the responses."""
    barrier = threading.Barrier(len(clients))
    results: list = [None] * len(clients)

    def run(index, client):
        try:
            body = data()  # its own upload objects: a file is read by one request only
            barrier.wait()
            results[index] = client.post(url, body)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, client)) for i, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_simultaneous_registrations_of_one_new_resident_id_give_one_person_and_one_form_error(world):
    """Two enterprises file the same new person at once: one person row, the loser sees the duplicate-ID error."""
    clients = [signed_in(world.user("enterprise_a")), signed_in(world.user("enterprise_b"))]
    url = reverse("registry:appointment-create")
    for round_ in range(ROUNDS):
        number = make_resident_id(f"350203198203031{round_:02d}")
        responses = race(clients, url, partial(new_person_filing, number))
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 302], f"round {round_}: {statuses}"
        refused = next(r for r in responses if r.status_code == 200)
        # The winner is the other enterprise's person: the loser gets the neutral refusal, no ID oracle in the race.
        duplicate = ID_ON_FILE_ELSEWHERE
        assert refused.context["person_form"].errors["resident_id"] == [duplicate]
        assert Person.objects.filter(name="许明").count() == round_ + 1


def test_two_simultaneous_registrations_of_one_credit_code_give_one_enterprise_and_one_form_error(world):
    """Two clerks add the same enterprise at once: one row, the other sees the credit-code error on its field."""
    clients = [signed_in(world.user("province")), signed_in(world.user("city_a"))]
    url = reverse("registry:enterprise-create")
    for round_ in range(ROUNDS):
        code = make_credit_code(f"91350100MA00001{round_:02d}")
        data = {"credit_code": code, "city": world.fuzhou.pk, "name": f"福清玻璃{round_}厂", "industry_section": "C"}
        responses = race(clients, url, data.copy)
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 302], f"round {round_}: {statuses}"
        refused = next(r for r in responses if r.status_code == 200)
        assert refused.context["form"].errors["credit_code"] == [
            Enterprise(credit_code=code).unique_error_message(Enterprise, ("credit_code",)).messages[0]
        ]
        assert Enterprise.objects.filter(credit_code=code).count() == 1


def test_two_simultaneous_lifts_of_one_finding_write_one_lift_and_tell_the_second_it_was_lifted(world):
    """The province and the Fuzhou bureau lift one finding at once: one lift in the history, the other is told."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    province, city = world.user("province"), world.user("city_a")
    clients = {province.pk: signed_in(province), city.pk: signed_in(city)}
    for round_ in range(ROUNDS):
        finding = services.finding_record(
            person=world.lin_fang,
            actor=city,
            item=2,
            decided_on=datetime.date(2025, 3, 1),
            evidence=SimpleUploadedFile("决定书.pdf", PDF),
        )
        url = reverse("registry:finding-lift", args=[finding.pk])
        data = {"lifted_on": "2025-06-01", "lifted_reason": "行政复议撤销原处罚决定", "confirm": "1"}
        responses = race(list(clients.values()), url, data.copy)
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 302], f"round {round_}: {statuses}"
        finding.refresh_from_db()
        assert finding.history.filter(lifted_on__isnull=False).count() == 1
        refused = next(r for r in responses if r.status_code == 200)
        assert refused.context["form"].non_field_errors() == [
            f"该认定已于2025-06-01由{finding.lifted_by}解除，无需重复解除。"
        ]
        assert Finding.objects.get(pk=finding.pk).lifted_by_id in clients


def test_two_simultaneous_dismissals_end_the_appointment_once(world):
    """A double click (two tabs) dismissing one CQO: one end in the history, the other is told why not."""
    clients = [signed_in(world.user("enterprise_a")), signed_in(world.user("enterprise_a"))]
    for round_ in range(ROUNDS):
        appointment = acknowledged(world)
        url = reverse("registry:appointment-dismiss", args=[appointment.pk])
        data = {"ended_on": "2025-06-30", "reason": f"合同到期{round_}", "confirm": "on"}
        responses = race(clients, url, data.copy)
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 302], f"round {round_}: {statuses}"
        assert appointment.history.filter(status=AppointmentStatus.ENDED).count() == 1
        refused = next(r for r in responses if r.status_code == 200)
        assert "只有已备案的现任首席质量官可以解聘" in refused.context["form"].non_field_errors()[0]


def test_two_simultaneous_institutions_with_one_credit_code_give_one_row_and_the_field_error(world):
    """The unique credit code of a training institution: the loser gets the same error as a sequential add."""
    province = world.user("province")
    for round_ in range(ROUNDS):
        code = make_credit_code(f"52350000TR00001{round_:02d}")
        outcomes: list = [None, None]
        barrier = threading.Barrier(2)

        def add(index, code=code, outcomes=outcomes, barrier=barrier):
            try:
                barrier.wait()
                outcomes[index] = institution_create(name=f"培训机构{code}-{index}", credit_code=code, actor=province)
            except ValidationError as error:
                outcomes[index] = error
            finally:
                connection.close()

        threads = [threading.Thread(target=add, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        errors = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(errors) == 1, f"round {round_}: {outcomes}"
        expected = Institution(credit_code=code).unique_error_message(Institution, ("credit_code",)).messages
        assert errors[0].message_dict == {"credit_code": expected}
        assert Institution.objects.filter(credit_code=code).count() == 1
