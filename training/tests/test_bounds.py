"""Absurd values in training records (issue 8, finding 7) are refused in the admin, naming the field, writing nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from registry.tests.admin_forms import admin_form_data
from training import services
from training.models import Certificate, Entrustment, Institution

pytestmark = pytest.mark.django_db


def test_a_certificate_issued_in_year_one_is_refused_for_its_date_not_its_entrustment(world, client_for):
    client = client_for("admin")
    url = reverse("admin:training_certificate_add")
    data = admin_form_data(client.get(url))
    data.update(number="FJCQO-0001-0001", person=str(world.chen_jie.pk), institution=str(world.academy.pk))
    data["issued_on"] = "0001-01-01"

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["issued_on"] == ["发证日期不能早于1900年1月1日。"]
    assert not Certificate.objects.filter(number="FJCQO-0001-0001").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [("\u200b\u200b", "机构名称须包含可见的文字"), ("\u202e构机", "机构名称不能包含不可见的控制字符")],
)
def test_an_institution_name_must_be_visible(world, client_for, name, message):
    client = client_for("admin")
    url = reverse("admin:training_institution_add")
    data = admin_form_data(client.get(url))
    data["name"] = name

    response = client.post(url, data)

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["name"][0]
    assert not Institution.objects.filter(name=name).exists()


def test_an_entrustment_from_year_one_is_refused_and_1900_is_kept(world):
    admin = world.user("admin")
    with pytest.raises(ValidationError) as error:
        services.entrustment_add(institution=world.academy, from_date=datetime.date(1, 1, 1), actor=admin)
    assert error.value.message_dict["from_date"] == ["委托起始日期不能早于1900年1月1日。"]
    kept = services.entrustment_add(
        institution=world.academy, from_date=datetime.date(1900, 1, 1), until=datetime.date(1900, 12, 31), actor=admin
    )
    assert Entrustment.objects.filter(pk=kept.pk).exists()


def test_a_revocation_reason_over_the_limit_is_refused_not_cut(world):
    certificate = Certificate.objects.get(number="FJCQO-2024-0001")
    with pytest.raises(ValidationError) as error:
        services.certificate_revoke(
            certificate=certificate, actor=world.user("admin"), revoked_on=timezone.localdate(), reason="错" * 501
        )
    assert error.value.message_dict == {"revoked_reason": ["撤销理由最多500字，当前501字。"]}
    certificate.refresh_from_db()
    assert not certificate.revoked


def test_the_entrustment_inline_builds_at_most_twenty_forms(world, client_for):
    """A forged TOTAL_FORMS on the institution's admin page is refused, not built 1000 times over."""
    client = client_for("admin")
    url = reverse("admin:training_institution_change", args=[world.academy.pk])
    data = admin_form_data(client.get(url))
    total = next(key for key in data if key.endswith("-TOTAL_FORMS"))
    data[total] = "100000"

    response = client.post(url, data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert len(formset.forms) <= 20 and formset.non_form_errors()
    assert Entrustment.objects.filter(institution=world.academy).count() == 1
