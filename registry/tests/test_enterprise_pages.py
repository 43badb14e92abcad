"""Enterprise pages: filters, the profile with how its size was computed, create, edit and size confirmation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Enterprise, EnterpriseSize
from registry.services import enterprise_register
from registry.validators import make_credit_code

pytestmark = pytest.mark.django_db


def test_list_filters_by_industry_size_and_text(world, client_for):
    client = client_for("province")
    url = reverse("registry:enterprise-list")
    names = lambda response: [e.name for e in response.context["object_list"]]  # noqa: E731
    assert names(client.get(url, {"size": "medium"})) == ["榕城精密机械有限公司"]
    assert names(client.get(url, {"size": "small", "industry_section": "C"})) == ["鹭岛电子科技有限公司"]
    assert names(client.get(url, {"q": "鹭岛"})) == ["鹭岛电子科技有限公司"]
    assert names(client.get(url, {"industry_section": "F"})) == []


def test_list_query_count_stays_flat(world, client_for):
    """Twenty more enterprises cost no more queries."""
    client = client_for("province")
    url = reverse("registry:enterprise-list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(20):
        enterprise_register(
            actor=None,
            credit_code=make_credit_code(f"9135010000000{i:04d}"),
            name=f"企业{i}",
            city=world.fuzhou,
            industry_section="M",
            employees=50,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_detail_explains_the_size(world, client_for):
    response = client_for("enterprise_a").get(reverse("registry:enterprise-detail", args=[world.acme.pk]))
    text = response.content.decode()
    assert "中型" in text and "从业人员320人" in text and "营业收入25000" in text
    assert "编辑企业信息" in text and "确认企业规模" not in text


def test_city_creates_in_its_own_unit(world, client_for):
    response = client_for("city_a").post(
        reverse("registry:enterprise-create"),
        {
            "credit_code": make_credit_code("91350100MA0000088"),
            "city": world.fuzhou.pk,
            "name": "福清玻璃有限公司",
            "industry_section": "C",
            "employees": "400",
            "revenue": "3000",
        },
    )
    enterprise = Enterprise.objects.get(name="福清玻璃有限公司")
    assert response.status_code == 302 and response["Location"] == enterprise.get_absolute_url()
    assert enterprise.size == EnterpriseSize.MEDIUM
    assert enterprise.history.get().history_user == world.user("city_a")


def test_enterprise_edits_its_profile_and_history_names_the_user(world, client_for):
    client = client_for("enterprise_a")
    url = reverse("registry:enterprise-update", args=[world.acme.pk])
    form = client.get(url).context["form"]
    assert "credit_code" not in form.fields and "city" not in form.fields
    response = client.post(
        url,
        {
            "name": "榕城精密机械有限公司",
            "industry_section": "C",
            "industry_division": "34",
            "employees": "1500",
            "revenue": "60000",
            "declared_size": "large",
            "cqo_post_established": "on",
            "cqo_empowered": "on",
        },
    )
    assert response.status_code == 302
    world.acme.refresh_from_db()
    assert (world.acme.size, world.acme.declared_size, world.acme.cqo_empowered) == ("large", "large", True)
    assert world.acme.history.first().history_user == world.user("enterprise_a")


def test_edit_form_names_the_bad_field(world, client_for):
    response = client_for("enterprise_a").post(
        reverse("registry:enterprise-update", args=[world.acme.pk]),
        {
            "name": "榕城精密机械有限公司",
            "industry_section": "C",
            "industry_division": "5",
            "employees": "-1",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "industry_division" in errors and "employees" in errors


def test_a_division_code_with_letters_is_a_field_error_not_a_crash(world, client_for):
    response = client_for("enterprise_a").post(
        reverse("registry:enterprise-update", args=[world.acme.pk]),
        {
            "name": "榕城精密机械有限公司",
            "industry_section": "C",
            "industry_division": "ab",
        },
    )
    assert response.status_code == 200
    assert "industry_division" in response.context["form"].errors


@pytest.mark.parametrize("division", ["３４", "٣٤"])
def test_a_division_code_in_other_digits_is_a_field_error(world, client_for, division):
    """Full-width or Arabic-Indic digits match Python's \\d but are no GB/T 4754 code, and the size rules
    read the code as ASCII."""
    response = client_for("enterprise_a").post(
        reverse("registry:enterprise-update", args=[world.acme.pk]),
        {"name": "榕城精密机械有限公司", "industry_section": "C", "industry_division": division},
    )
    assert response.status_code == 200
    assert "industry_division" in response.context["form"].errors


def test_city_confirms_declared_size(world, client_for):
    response = client_for("city_a").post(
        reverse("registry:enterprise-confirm-size", args=[world.acme.pk]), {"declared_size": "small"}
    )
    assert response.status_code == 302
    world.acme.refresh_from_db()
    assert world.acme.effective_size == "small" and world.acme.size_confirmed_by_city


def test_admin_finds_a_person_by_full_id_and_cannot_change_the_access_log(world, client_for):
    client = client_for("admin")
    response = client.get(reverse("admin:registry_person_changelist"), {"q": world.lin_fang_id})
    assert list(response.context["cl"].result_list) == [world.lin_fang]
    assert client.get(reverse("admin:registry_accesslog_add")).status_code == 403
    assert client.get(reverse("admin:registry_person_change", args=[world.lin_fang.pk])).status_code == 200
