"""Institutions through the province's pages: create, edit, the institution's page with its periods, cohorts, staff
accounts and history; what an institution's own staff see of it."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Role
from registry.navigation import items_for
from registry.tests.test_change_history import history_text
from registry.validators import make_credit_code
from training.models import Entrustment, Institution
from training.selectors import entrustment_state

from .test_entrustments import text

pytestmark = pytest.mark.django_db

CREATE = reverse("training:institution-create")


def new_institution(**extra) -> dict:
    return {
        "name": "泉州质量培训学校",
        "credit_code": "",
        "contact_name": "蔡老师",
        "contact_phone": "0595-22222222",
        "address": "泉州市丰泽区",
        **extra,
    }


def test_the_province_creates_an_institution_with_its_credit_code_as_typed(world, client_for):
    code = make_credit_code("12350500MB0000001")
    typed = " ".join([code[:6].lower(), code[6:]])  # lower case, a space: normalised before it is checked
    client = client_for("province")
    response = client.post(CREATE, new_institution(credit_code=typed))
    assert response.status_code == 302
    institution = Institution.objects.get(name="泉州质量培训学校")
    assert institution.credit_code == code and institution.address == "泉州市丰泽区"
    page = client.get(response["Location"])
    assert "泉州市丰泽区" in text(page) and "尚未登记委托期" in text(page)
    assert "张省局 登记" in history_text(page, "institution-history")


def test_a_name_already_registered_is_refused_on_its_field(world, client_for):
    response = client_for("province").post(CREATE, new_institution(name="闽江质量学院培训部"))
    assert response.status_code == 200
    assert "该机构名称已登记" in text(response)
    assert Institution.objects.count() == 2


def test_an_edit_shows_in_the_history_field_by_field(world, client_for):
    client = client_for("province")
    url = reverse("training:institution-update", args=[world.academy.pk])
    assert (
        client.post(url, new_institution(name="闽江质量学院培训部", address="福州市鼓楼区工业路1号")).status_code == 302
    )
    page = client.get(reverse("training:institution-detail", args=[world.academy.pk]))
    assert "地址 （空） 福州市鼓楼区工业路1号" in history_text(page, "institution-history")


def test_the_page_lists_the_staff_accounts_and_opens_a_new_one_with_the_institution_chosen(world, client_for):
    client = client_for("province")
    page = client.get(reverse("training:institution-detail", args=[world.academy.pk]))
    assert "wang.academy 王学院" in history_text(page, "institution-accounts")
    link = f"{reverse('registry:account-create')}?role=institution&amp;institution={world.academy.pk}"
    assert link in page.content.decode()
    form = client.get(reverse("registry:account-create"), {"role": Role.INSTITUTION, "institution": world.academy.pk})
    assert form.context["form"]["institution"].value() == str(world.academy.pk)
    assert f'<option value="{world.academy.pk}" selected>' in form.content.decode()


def test_the_institution_staff_see_their_own_page_without_the_provinces_controls(world, client_for):
    client = client_for("institution_a")
    assert "本机构" in [item.label for item in items_for(world.user("institution_a"))]
    response = client.get(reverse("training:my-institution"), follow=True)
    assert response.context["object"] == world.academy
    page = response.content.decode()
    assert "2015-01-01 长期有效 有效" in history_text(response, "entrustments")
    assert 'data-testid="institution-accounts"' not in page
    for control in ("institution-edit", "entrustment-add", "entrustment-revoke"):
        assert f'data-testid="{control}"' not in page
    assert client.get(reverse("training:institution-detail", args=[world.college.pk])).status_code == 404


def test_the_list_exports_contacts_and_addresses(world, client_for):
    client = client_for("province")
    client.post(CREATE, new_institution())
    response = client.get(reverse("training:institution-list"), {"export": "csv", "q": "泉州"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [
        ["机构名称", "统一社会信用代码", "联系人", "联系电话", "地址", "委托状态"],
        ["泉州质量培训学校", "", "蔡老师", "0595-22222222", "泉州市丰泽区", "未委托"],
    ]


def test_the_list_says_which_institutions_are_entrusted_today_at_a_fixed_cost(world, client_for):
    client = client_for("province")
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("training:institution-list"))
    states = {i.name: entrustment_state(i) for i in page.context["object_list"]}
    assert states == {"闽江质量学院培训部": "委托中（长期）", "厦门质量管理培训中心": "未委托"}
    assert "委托中（长期）" in text(page)
    for n in range(5):
        institution = Institution.objects.create(name=f"机构{n}")
        Entrustment.objects.create(
            institution=institution, from_date=datetime.date(2020, 1, 1), until=datetime.date(2021, 1, 1)
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("training:institution-list"))
    assert "已届满（2021-01-01）" in text(page)
    assert len(many) == len(few)
