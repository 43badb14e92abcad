"""The Django admin writes enterprises and persons through registry.services, as the portal does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from registry.models import City, Enterprise, Person, QualityWorkPeriod
from registry.tests.admin_forms import admin_form_data
from registry.validators import make_credit_code

pytestmark = pytest.mark.django_db


def pool_name(person: Person) -> str | None:
    """The name the talent pool shows for this person, or None when they are not in it."""
    return Person.objects.filter(pk=person.pk).values_list("pool_entry__name", flat=True).first()


def test_enterprise_edited_in_admin_gets_its_size_recomputed(world, client_for):
    client = client_for("admin")
    url = reverse("admin:registry_enterprise_change", args=[world.acme.pk])
    assert Enterprise.objects.get(pk=world.acme.pk).size == "medium"

    data = admin_form_data(client.get(url))
    data.update(employees="12", revenue="150", total_assets="90")
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    acme = Enterprise.objects.get(pk=world.acme.pk)
    assert (acme.employees, acme.size) == (12, "micro")
    assert "微型" in client.get(url).content.decode()


def test_enterprise_added_in_admin_gets_its_size(world, client_for):
    client = client_for("admin")
    url = reverse("admin:registry_enterprise_add")
    data = admin_form_data(client.get(url))
    data.update(
        credit_code=make_credit_code("91350100NW0000003"),
        name="闽都新材料有限公司",
        city=str(City.objects.get(code="350100").pk),
        industry_section="C",
        industry_division="26",
        employees="1200",
        revenue="90000",
        total_assets="60000",
    )
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Enterprise.objects.get(name="闽都新材料有限公司").size == "large"


def test_enterprise_admin_cannot_type_the_size(world, client_for):
    client = client_for("admin")
    url = reverse("admin:registry_enterprise_change", args=[world.acme.pk])
    data = {**admin_form_data(client.get(url)), "size": "large"}

    assert client.post(url, data).status_code == 302
    assert Enterprise.objects.get(pk=world.acme.pk).size == "medium"


def test_enterprise_admin_offers_no_delete(world, client_for):
    client = client_for("admin")
    assert client.get(reverse("admin:registry_enterprise_delete", args=[world.acme.pk])).status_code == 403
    assert Enterprise.objects.filter(pk=world.acme.pk).exists()


def test_person_renamed_in_admin_is_renamed_in_the_talent_pool_at_once(world, client_for):
    client = client_for("admin")
    url = reverse("admin:registry_person_change", args=[world.lin_fang.pk])
    assert pool_name(world.lin_fang) == "林芳"

    data = {**admin_form_data(client.get(url)), "name": "林芳芳"}
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert pool_name(world.lin_fang) == "林芳芳"


def test_person_admin_cannot_change_the_resident_id(world, client_for):
    client = client_for("admin")
    url = reverse("admin:registry_person_change", args=[world.lin_fang.pk])
    before = Person.objects.values("resident_id_encrypted", "resident_id_hash", "resident_id_masked").get(
        pk=world.lin_fang.pk
    )
    page = client.get(url)
    assert "3501" in page.content.decode()  # the masked ID is shown...
    tampered = {
        **admin_form_data(page),
        "resident_id_masked": "350102********9999",
        "resident_id_hash": "0" * 64,
        "resident_id_encrypted": "forged",
        "gender": "M",
        "birth_year": "1999",
    }

    assert client.post(url, tampered).status_code == 302
    person = Person.objects.get(pk=world.lin_fang.pk)
    assert Person.objects.values(*before).get(pk=person.pk) == before  # ...and cannot be changed
    assert (person.gender, person.birth_year) == ("F", 1980)


def test_person_admin_adds_no_quality_work_behind_the_services_back(world, client_for):
    client = client_for("admin")
    url = reverse("admin:registry_person_change", args=[world.lin_fang.pk])
    data = admin_form_data(client.get(url))
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(int(data[f"{prefix}-TOTAL_FORMS"]) + 1),
            f"{prefix}-1-start": "2005-01-01",
            f"{prefix}-1-employer": "虚构公司",
            f"{prefix}-1-person": str(world.lin_fang.pk),
        }
    )

    client.post(url, data)

    assert not QualityWorkPeriod.objects.filter(employer="虚构公司").exists()
