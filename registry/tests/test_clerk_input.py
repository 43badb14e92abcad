"""What a clerk types, through the pages: pasted and full-width identifiers, the industry division, a lift date,
a reveal reason, a reversed date range, and the summary of errors at the top of long forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import AccessLog, Appointment, Enterprise, Person
from registry.validators import make_credit_code, make_resident_id

from .appointment_fixtures import new_person_filing
from .test_findings import record

pytestmark = pytest.mark.django_db

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def enterprise_payload(world, **changes) -> dict:
    return {
        "credit_code": make_credit_code("91350100MA0000088"),
        "city": world.fuzhou.pk,
        "name": "福清玻璃有限公司",
        "industry_section": "C",
        "employees": "400",
        "revenue": "3000",
        **changes,
    }


def test_a_pasted_id_with_a_leading_space_files_the_person(world, client_for):
    """Guard: the ID field is wide enough for spaces and hyphens, and the number is stored normalised."""
    number = make_resident_id("35020319820303001")
    typed = "  " + " ".join([number[:6], number[6:14], number[14:]])
    response = client_for("enterprise_b").post(reverse("registry:appointment-create"), new_person_filing(typed))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.filter(name="许明").count() == 1 and Appointment.objects.count() == 1


def test_a_full_width_id_is_converted_not_refused(world, client_for):
    """Guard: full-width digits and Ｘ are the same number."""
    typed = make_resident_id("35020319820303001").translate(FULL_WIDTH)
    response = client_for("enterprise_b").post(reverse("registry:appointment-create"), new_person_filing(typed))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.filter(name="许明").count() == 1


@pytest.mark.parametrize("typed", ["space", "full_width"])
def test_a_pasted_credit_code_is_normalised_before_its_length_is_checked(world, client_for, typed):
    code = make_credit_code("91350100MA0000088")
    shown = (
        " " + " ".join([code[:2], code[2:8], code[8:17], code[17:]])
        if typed == "space"
        else code.translate(
            str.maketrans(
                "0123456789ABCDEFGHJKLMNPQRTUWXY", "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ"
            )
        )
    )
    response = client_for("city_a").post(
        reverse("registry:enterprise-create"), enterprise_payload(world, credit_code=shown)
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Enterprise.objects.get(name="福清玻璃有限公司").credit_code == code


def test_a_section_that_needs_a_division_refuses_an_empty_one(world, client_for):
    """Wholesale and retail (G) pick their row by the division: empty is an error on that field, not 'unknown'."""
    before = (world.acme.industry_section, world.acme.size)
    response = client_for("enterprise_a").post(
        reverse("registry:enterprise-update", args=[world.acme.pk]),
        {"name": "榕城精密机械有限公司", "industry_section": "G", "industry_division": "", "employees": "320"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["industry_division"]
    assert len(errors) == 1 and "行业代码" in errors[0] and "G" in errors[0]
    world.acme.refresh_from_db()
    assert (world.acme.industry_section, world.acme.size) == before


def test_letters_in_the_division_give_one_clear_error(world, client_for):
    response = client_for("enterprise_a").post(
        reverse("registry:enterprise-update", args=[world.acme.pk]),
        {"name": "榕城精密机械有限公司", "industry_section": "C", "industry_division": "abc"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["industry_division"]
    assert len(errors) == 1 and "行业代码" in errors[0], errors


def test_a_lift_dated_after_today_is_refused_before_the_confirmation(world, client_for):
    finding = record(world)
    future = timezone.localdate() + datetime.timedelta(days=30)
    response = client_for("city_a").post(
        reverse("registry:finding-lift", args=[finding.pk]),
        {"lifted_on": future.isoformat(), "lifted_reason": "行政复议撤销原处罚决定"},
    )
    assert response.status_code == 200
    assert 'data-testid="lift-confirm"' not in response.content.decode()
    assert response.context["form"].errors["lifted_on"] == ["解除日期不能晚于今天。"]


def test_a_one_character_reveal_reason_is_refused(world, client_for):
    response = client_for("province").post(
        reverse("registry:person-reveal", args=[world.lin_fang.pk]), {"reason": "查"}
    )
    assert response.status_code == 200
    assert "查看事由" in response.context["form"].errors["reason"][0]
    assert world.lin_fang_id not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_a_reversed_date_range_says_so_above_the_list(world, client_for):
    response = client_for("province").get(
        reverse("registry:access-log"), {"since": "2025-06-30", "until": "2025-06-01"}
    )
    assert response.status_code == 200
    assert "起始日期晚于截止日期" in response.content.decode()


def test_the_enterprise_form_lists_its_errors_at_the_top(world, client_for):
    response = client_for("enterprise_a").post(
        reverse("registry:enterprise-update", args=[world.acme.pk]),
        {"name": "", "industry_section": "C", "industry_division": "5", "employees": "-1"},
    )
    html = response.content.decode()
    assert 'data-testid="error-summary"' in html
    start = html.index('data-testid="error-summary"')
    summary = html[start : html.index("<form", start)]
    assert 'href="#id_name"' in summary and "企业名称" in summary
    assert 'href="#id_employees"' in summary and 'href="#id_industry_division"' in summary


def test_the_filing_page_lists_its_errors_at_the_top(world, client_for):
    data = new_person_filing("123", **{"appointment-appointed_by": ""})
    response = client_for("enterprise_b").post(reverse("registry:appointment-create"), data)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="error-summary"' in html
    summary = html[
        html.index('data-testid="error-summary"') : html.index("<form", html.index('data-testid="error-summary"'))
    ]
    assert 'href="#id_person-resident_id"' in summary and 'href="#id_appointment-appointed_by"' in summary


def test_a_browser_set_to_english_still_gets_chinese_messages(world, client_for):
    """Django's own messages (a required file) follow the portal's language, not the browser's."""
    client = client_for("enterprise_b")
    response = client.post(
        reverse("registry:appointment-create"),
        {"person-existing": "", "periods-TOTAL_FORMS": "0", "periods-INITIAL_FORMS": "0"},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    page = response.content.decode()
    assert "This field is required" not in page
    assert "该字段是必填项" in page
