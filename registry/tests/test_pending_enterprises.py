"""Enterprises a graduate import created wait for their city bureau: a to-do, a filtered list, a notice, the check."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from registry import services
from registry.models import Enterprise, Notice
from registry.selectors import home_summary
from registry.validators import make_credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(world):
    """Two enterprises an import created in Fuzhou, one in Xiamen."""
    made = []
    for number, name, city in [
        ("91350100MA0000101", "闽侯导入一号有限公司", world.fuzhou),
        ("91350100MA0000102", "闽侯导入二号有限公司", world.fuzhou),
        ("91350200MA0000103", "集美导入有限公司", world.xiamen),
    ]:
        made.append(
            Enterprise.objects.create(
                credit_code=make_credit_code(number), name=name, city=city, pending_city_check=True
            )
        )
    return made


def test_city_home_counts_them_and_links_to_the_filtered_list(world, pending, client_for):
    """The Fuzhou bureau's home page says two enterprises wait, and the link lists exactly those two."""
    summary = home_summary(world.users["city_a"])
    assert ("待核实企业", 2) in summary.figures
    item = next(t for t in summary.todo if "待核实" in str(t))
    assert "2家企业" in item.text
    page = client_for("city_a").get(item.url)
    text = page.content.decode()
    assert "闽侯导入一号有限公司" in text and "闽侯导入二号有限公司" in text
    assert world.acme.name not in text and "集美导入有限公司" not in text
    home = client_for("city_a").get(reverse("home")).content.decode()
    assert "待核实并完善企业信息" in home


def test_no_todo_when_nothing_waits(world):
    assert not any("待核实" in str(t) for t in home_summary(world.users["city_a"]).todo)


def test_city_checks_and_completes_the_record(world, pending, client_for):
    """The check requires the industry section, then clears the flag and the to-do line shrinks."""
    client = client_for("city_a")
    first = pending[0]
    detail = client.get(reverse("registry:enterprise-detail", kwargs={"pk": first.pk})).content.decode()
    assert (
        "待设区市局核实" in detail and reverse("registry:enterprise-confirm-record", kwargs={"pk": first.pk}) in detail
    )
    url = reverse("registry:enterprise-confirm-record", kwargs={"pk": first.pk})
    refused = client.post(url, {"name": first.name, "employees": "30"})
    assert refused.status_code == 200 and "行业门类" in refused.content.decode()
    first.refresh_from_db()
    assert first.pending_city_check
    done = client.post(url, {"name": first.name, "industry_section": "C", "employees": "30", "revenue": "500"})
    assert done.status_code == 302
    first.refresh_from_db()
    assert not first.pending_city_check and first.industry_section == "C" and first.size == "small"
    assert ("待核实企业", 1) in home_summary(world.users["city_a"]).figures
    assert client.get(url).status_code == 404  # nothing left to check


def test_only_its_own_bureau_checks_it(world, pending):
    with pytest.raises(PermissionDenied):
        services.enterprise_confirm_record(enterprise=pending[0], actor=world.users["city_b"], industry_section="C")
    with pytest.raises(ValidationError):
        services.enterprise_confirm_record(enterprise=world.acme, actor=world.users["city_a"], industry_section="C")


def test_each_city_is_told_once_after_commit(world, pending, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.enterprises_pending_notify(enterprise_ids=[e.pk for e in pending] + [world.acme.pk])
    fuzhou = Notice.objects.get(recipient_city=world.fuzhou)
    xiamen = Notice.objects.get(recipient_city=world.xiamen)
    assert "2家" in fuzhou.text and "1家" in xiamen.text
    assert fuzhou.link == reverse("registry:enterprise-list") + "?pending_city_check=1"


def test_the_province_sees_every_unchecked_enterprise_on_its_home_page(world, pending):
    item = next(t for t in home_summary(world.users["province"]).todo if "待核实" in str(t))
    assert item.text.startswith("有3家企业") and item.url.endswith("?pending_city_check=1")
