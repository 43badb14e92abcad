"""The Django admin records and revokes certificates and changes entrustments through training.services,
so the talent pool follows at once instead of at the nightly rebuild."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from registry.models import Person
from registry.tests.admin_forms import admin_form_data
from training.models import Certificate, Entrustment

pytestmark = pytest.mark.django_db


def in_talent_pool(person: Person) -> bool:
    return Person.objects.filter(pk=person.pk, pool_entry__isnull=False).exists()


def certificate(world) -> Certificate:
    return Certificate.objects.get(number="FJCQO-2024-0001")


def test_certificate_revoked_in_admin_leaves_the_talent_pool_at_once(world, client_for):
    client = client_for("admin")
    url = reverse("admin:training_certificate_change", args=[certificate(world).pk])
    assert in_talent_pool(world.lin_fang)

    data = admin_form_data(client.get(url))
    data.update(revoked="on", revoked_on="2025-01-15", revoked_reason="培训记录造假")
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    revoked = certificate(world)
    assert (revoked.revoked, revoked.revoked_on, revoked.revoked_reason) == (
        True,
        datetime.date(2025, 1, 15),
        "培训记录造假",
    )
    assert not in_talent_pool(world.lin_fang)


def test_revocation_without_a_reason_is_refused_on_the_form(world, client_for):
    client = client_for("admin")
    url = reverse("admin:training_certificate_change", args=[certificate(world).pk])
    data = {**admin_form_data(client.get(url)), "revoked": "on", "revoked_on": "2025-01-15"}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "撤销" in str(response.context["adminform"].form.errors)
    assert not certificate(world).revoked and in_talent_pool(world.lin_fang)


def test_certificate_recorded_in_admin_outside_the_entrustment_is_refused(world, client_for):
    client = client_for("admin")
    url = reverse("admin:training_certificate_add")
    data = admin_form_data(client.get(url))
    # The academy is entrusted from 2015-01-01: a certificate dated 2014 was not issued under an entrustment.
    data.update(
        number="FJCQO-2014-0007",
        person=str(world.chen_jie.pk),
        institution=str(world.academy.pk),
        issued_on="2014-06-30",
    )

    response = client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "不在省局委托的培训期内" in " ".join(errors["issued_on"])
    assert "不在省局委托的培训期内" in response.content.decode()
    assert not Certificate.objects.filter(number="FJCQO-2014-0007").exists()
    assert not in_talent_pool(world.chen_jie)


def test_certificate_recorded_in_admin_within_the_entrustment_enters_the_talent_pool_at_once(world, client_for):
    client = client_for("admin")
    url = reverse("admin:training_certificate_add")
    data = admin_form_data(client.get(url))
    data.update(
        number="FJCQO-2024-0002",
        person=str(world.chen_jie.pk),
        institution=str(world.academy.pk),
        issued_on="2024-06-30",
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Certificate.objects.get(number="FJCQO-2024-0002").person == world.chen_jie
    assert in_talent_pool(world.chen_jie)


def test_entrustment_revoked_in_institution_admin_takes_its_holders_out_of_the_pool(world, client_for):
    client = client_for("admin")
    url = reverse("admin:training_institution_change", args=[world.academy.pk])
    data = admin_form_data(client.get(url))
    entrustment = Entrustment.objects.get(institution=world.academy)
    row = next(key for key, value in data.items() if key.endswith("-id") and value == str(entrustment.pk))
    prefix = row.removesuffix("-id")
    data[prefix + "-revoked"] = "on"
    refused = client.post(url, data)
    assert refused.status_code == 200 and "请填写撤销理由" in refused.content.decode()
    assert not Entrustment.objects.get(pk=entrustment.pk).revoked and in_talent_pool(world.lin_fang)

    data.update({prefix + "-revoked_on": "2025-01-15", prefix + "-revoked_reason": "培训记录造假"})
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    revoked = Entrustment.objects.get(pk=entrustment.pk)
    assert (revoked.revoked, revoked.revoked_on, revoked.revoked_reason) == (
        True,
        datetime.date(2025, 1, 15),
        "培训记录造假",
    )
    assert not in_talent_pool(world.lin_fang)


def test_certificates_and_entrustments_are_not_deleted_in_the_admin(world, client_for):
    client = client_for("admin")
    cert = certificate(world)
    assert client.get(reverse("admin:training_certificate_delete", args=[cert.pk])).status_code == 403
    page = client.get(reverse("admin:training_institution_change", args=[world.academy.pk]))
    assert "-DELETE" not in page.content.decode()
    assert Certificate.objects.filter(pk=cert.pk).exists()
