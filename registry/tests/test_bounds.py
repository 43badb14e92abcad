"""Absurd values (issue 8, findings 6 and 7) are refused on the page a clerk uses, name the field and write nothing."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cqo_portal.generic import show_refusal
from eligibility.tests.matrix import SELF_CHECK_FORM
from registry import services
from registry.models import Appointment, Enterprise, Finding, Person, QualityWorkPeriod
from registry.validators import make_credit_code, make_resident_id

from .admin_forms import admin_form_data
from .appointment_fixtures import acknowledged, fields, new_person_filing
from .matrix_findings import PDF

pytestmark = pytest.mark.django_db

APPOINTMENT_CREATE = reverse("registry:appointment-create")
FINDING_CREATE = reverse("registry:finding-create")
NEW_PERSON_ID = "35020319820303001"  # born 1982


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def appointment_page(**changes) -> dict:
    """The enterprise's filing page with a new person and one period of quality work."""
    return new_person_filing(make_resident_id(NEW_PERSON_ID), **changes)


def assert_nothing_filed(persons_before: int) -> None:
    assert Person.objects.count() == persons_before
    assert not Appointment.objects.exists()
    assert not QualityWorkPeriod.objects.filter(employer="鹭岛电子科技有限公司").exists()


def refused_filing(client, **changes) -> str:
    persons = Person.objects.count()
    response = client.post(APPOINTMENT_CREATE, appointment_page(**changes))
    assert response.status_code == 200
    assert_nothing_filed(persons)
    return response.content.decode()


# ---------------------------------------------------------------------------
# Dates


def test_the_filing_page_still_files_with_todays_dates(world, client_for):
    """Today is a valid appointment date and a valid start of quality work."""
    today = timezone.localdate().isoformat()
    response = client_for("enterprise_b").post(
        APPOINTMENT_CREATE, appointment_page(**{"appointment-appointed_on": today, "periods-0-start": today})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Appointment.objects.get().appointed_on == timezone.localdate()


def test_an_appointment_dated_year_one_is_refused(world, client_for):
    page = refused_filing(client_for("enterprise_b"), **{"appointment-appointed_on": "0001-01-01"})
    assert "聘任日期不能早于1900年1月1日" in page


def test_an_appointment_before_the_persons_birth_is_refused(world):
    """lin_fang was born in 1980: she cannot have been appointed in 1979."""
    with pytest.raises(ValidationError) as error:
        services.appointment_draft(**fields(world, appointed_on=datetime.date(1979, 12, 31)))
    assert "出生年份（1980年）" in error.value.message_dict["appointed_on"][0]
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("0001-01-01", "", "质量工作经历开始日期不能早于1900年1月1日"),
        ("9999-12-31", "", "质量工作经历开始日期不能晚于今天"),
        ("2015-01-01", "9999-12-31", "质量工作经历结束日期不能晚于今天"),
        ("1960-01-01", "", "质量工作经历开始日期不能早于该人员的出生年份（1982年）"),
    ],
)
def test_absurd_quality_work_periods_are_refused(world, client_for, start, end, message):
    page = refused_filing(client_for("enterprise_b"), **{"periods-0-start": start, "periods-0-end": end})
    assert message in page


def test_a_finding_decided_in_year_one_is_refused(world, client_for):
    response = client_for("city_a").post(FINDING_CREATE, finding_page(world, decided_on="0001-01-01"))
    assert response.status_code == 200
    assert "认定日期不能早于1900年1月1日" in response.context["form"].errors["decided_on"][0]
    assert not Finding.objects.exists()


def test_a_finding_decided_before_the_persons_birth_is_refused(world, client_for):
    response = client_for("city_a").post(FINDING_CREATE, finding_page(world, decided_on="1975-06-01"))
    assert response.status_code == 200
    assert "出生年份（1980年）" in response.context["form"].errors["decided_on"][0]
    assert not Finding.objects.exists()


def test_a_finding_decided_today_is_recorded(world, client_for):
    today = timezone.localdate()
    response = client_for("city_a").post(FINDING_CREATE, finding_page(world, decided_on=today.isoformat()))
    assert response.status_code == 302
    assert Finding.objects.get().decided_on == today


def test_lifting_without_a_date_is_a_field_error_not_a_crash(world):
    finding = services.finding_record(
        person=world.lin_fang,
        actor=world.user("city_a"),
        item=2,
        decided_on=datetime.date(2025, 3, 1),
        evidence=SimpleUploadedFile("决定书.pdf", PDF),
    )
    with pytest.raises(ValidationError) as error:
        services.finding_lift(finding=finding, actor=world.user("city_a"), lifted_on=None, reason="复议撤销")
    assert error.value.message_dict == {"lifted_on": ["请填写解除日期。"]}


def test_a_dismissal_reason_over_the_limit_is_refused_not_cut(world):
    """The old code kept the first 500 characters silently; now the clerk is told."""
    appointment = acknowledged(world)
    with pytest.raises(ValidationError) as error:
        services.appointment_dismiss(
            appointment=appointment, actor=world.user("enterprise_a"), ended_on=timezone.localdate(), reason="因" * 501
        )
    assert error.value.message_dict["reason"] == ["解聘原因最多500字，当前501字。"]
    appointment.refresh_from_db()
    assert appointment.ended_on is None


# ---------------------------------------------------------------------------
# Figures and text


def test_negative_revenue_is_refused_on_the_profile_page(world, client_for):
    """Revenue −1 used to be saved and the enterprise sized as micro."""
    before = Enterprise.objects.get(pk=world.acme.pk)
    response = client_for("enterprise_a").post(
        reverse("registry:enterprise-update", args=[world.acme.pk]),
        {"name": world.acme.name, "industry_section": "C", "employees": "300", "revenue": "-1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["revenue"] == ["营业收入不能为负数。"]
    world.acme.refresh_from_db()
    assert (world.acme.revenue, world.acme.size) == (before.revenue, before.size)


def test_negative_assets_are_refused_when_registering(world, client_for):
    response = client_for("city_a").post(
        reverse("registry:enterprise-create"),
        {
            "credit_code": make_credit_code("91350100MA0000088"),
            "city": world.fuzhou.pk,
            "name": "福清玻璃有限公司",
            "industry_section": "C",
            "total_assets": "-0.01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["total_assets"] == ["资产总额不能为负数。"]
    assert not Enterprise.objects.filter(name="福清玻璃有限公司").exists()


def test_a_two_megabyte_finding_note_is_refused_with_its_length(world, client_for):
    response = client_for("city_a").post(FINDING_CREATE, finding_page(world, note="违" * 700_000))  # 2.1 MB
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["说明最多2000字，当前700000字。"]
    assert not Finding.objects.exists()


def test_a_note_over_the_upload_limit_is_a_400_not_a_500(world, client_for):
    response = client_for("city_a").post(FINDING_CREATE, finding_page(world, note="x" * 3_000_000))
    assert response.status_code == 400
    assert not Finding.objects.exists()


def test_the_service_bounds_a_note_the_form_never_saw(world):
    with pytest.raises(ValidationError) as error:
        services.finding_record(
            person=world.lin_fang,
            actor=world.user("province"),
            item=1,
            decided_on=datetime.date(2025, 3, 1),
            evidence=SimpleUploadedFile("决定书.pdf", PDF),
            note="x" * 2001,
        )
    assert "说明最多2000字" in error.value.message_dict["note"][0]
    assert not Finding.objects.exists()


# ---------------------------------------------------------------------------
# Names


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("\u200b", "姓名须包含可见的文字"),
        ("\u200b \ufeff\u2060", "姓名须包含可见的文字"),
        ("许\u202e明", "姓名不能包含不可见的控制字符"),
        ("\u2067许明\u2069", "姓名不能包含不可见的控制字符"),
    ],
)
def test_a_name_without_visible_characters_or_with_a_bidi_override_is_refused(world, client_for, name, message):
    page = refused_filing(client_for("enterprise_b"), **{"person-name": name})
    assert message in page


def test_an_appointed_by_of_zero_width_spaces_is_refused(world, client_for):
    page = refused_filing(client_for("enterprise_b"), **{"appointment-appointed_by": "\u200b\u200b"})
    assert "聘任人须包含可见的文字" in page


def test_enterprise_name_and_legal_representative_must_be_visible(world, client_for):
    response = client_for("enterprise_a").post(
        reverse("registry:enterprise-update", args=[world.acme.pk]),
        {"name": "\u202e司公限有", "industry_section": "C", "legal_representative": "\u200b"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == ["企业名称不能包含不可见的控制字符。"]
    assert "法定代表人须包含可见的文字" in errors["legal_representative"][0]
    world.acme.refresh_from_db()
    assert "\u202e" not in world.acme.name


def test_a_name_with_an_ordinary_middle_dot_and_spaces_is_kept(world):
    """Visible names pass, including a transliterated one with a middle dot."""
    services.enterprise_update(
        enterprise=world.acme, actor=world.user("enterprise_a"), legal_representative="阿依古丽·买买提"
    )
    world.acme.refresh_from_db()
    assert world.acme.legal_representative == "阿依古丽·买买提"


def test_an_account_display_name_of_zero_width_spaces_is_refused_in_the_admin(world, client_for):
    client = client_for("admin")
    user = world.user("city_a")
    url = reverse("admin:registry_user_change", args=[user.pk])
    data = admin_form_data(client.get(url))
    data["last_name"] = "\u200b"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "须包含可见的文字" in response.context["adminform"].form.errors["last_name"][0]
    user.refresh_from_db()
    assert user.last_name != "\u200b"


# ---------------------------------------------------------------------------
# Formsets and the number of fields


def test_a_forged_formset_count_builds_at_most_twenty_forms_and_writes_nothing(world, client_for):
    """periods-TOTAL_FORMS=100000 used to build 2000 forms and answer 5.7 MB."""
    client = client_for("enterprise_b")
    persons = Person.objects.count()
    response = client.post(APPOINTMENT_CREATE, appointment_page(**{"periods-TOTAL_FORMS": "100000"}))
    assert response.status_code == 200
    periods = response.context["periods"]
    assert len(periods.forms) <= 20
    assert "质量工作经历最多填写20段" in response.content.decode()
    assert len(response.content) < 200_000
    assert_nothing_filed(persons)


def test_twenty_one_periods_are_refused_with_the_limit(world, client_for):
    rows = {}
    for i in range(21):
        rows[f"periods-{i}-start"] = f"{2000 + i}-01-01"
        rows[f"periods-{i}-end"] = f"{2000 + i}-06-30"
        rows[f"periods-{i}-employer"] = "鹭岛电子科技有限公司"
    page = refused_filing(client_for("enterprise_b"), **{"periods-TOTAL_FORMS": "21", **rows})
    assert "质量工作经历最多填写20段" in page


def test_the_self_check_bounds_its_formsets_too(world, client_for):
    data = dict(SELF_CHECK_FORM)
    data["work-TOTAL_FORMS"] = "100000"
    response = client_for("enterprise_a").post(reverse("eligibility:check"), data)
    assert response.status_code == 200
    assert len(response.context["forms"].periods.forms) <= 20
    assert "质量工作经历最多填写20段" in response.content.decode()


def test_too_many_fields_is_a_400_not_a_500(world, client_for):
    data = appointment_page(**{f"filler-{i}": "x" for i in range(600)})
    persons = Person.objects.count()
    response = client_for("enterprise_b").post(APPOINTMENT_CREATE, data)
    assert response.status_code == 400
    assert_nothing_filed(persons)


def finding_page(world, **changes) -> dict:
    data = {
        "person": str(world.lin_fang.pk),  # a city bureau picks the person from its scope (no typed ID)
        "item": "2",
        "decided_on": "2025-03-01",
        "evidence": SimpleUploadedFile("决定书.pdf", PDF),
        "note": "处罚决定书",
    }
    data.update(changes)
    return data


def test_a_figure_saved_before_the_bounds_does_not_block_confirming_the_size(world, client_for):
    """An enterprise whose revenue of −1 predates the bounds: the city bureau can still confirm its size
    (the profile page, which writes the revenue, is where the figure is corrected)."""
    Enterprise.objects.filter(pk=world.acme.pk).update(revenue=-1)
    response = client_for("city_a").post(
        reverse("registry:enterprise-confirm-size", args=[world.acme.pk]), {"declared_size": "medium"}
    )
    assert response.status_code == 302
    world.acme.refresh_from_db()
    assert world.acme.size_confirmed_by_city


def test_a_refusal_for_a_field_the_form_lacks_is_shown_above_the_form():
    """show_refusal puts what it cannot place on a field above the form, where add_error would raise."""
    form = forms.Form(data={})
    form.full_clean()
    show_refusal(form, ValidationError({"revenue": "营业收入不能为负数。"}))
    assert form.non_field_errors() == ["营业收入不能为负数。"]


def test_a_date_saved_before_the_bounds_does_not_block_an_unrelated_write(world, client_for):
    """lin_fang's appointment dated 0001-01-01 before the bounds existed: a finding about her is still recorded,
    and re-judging the appointment (which writes only its verdict) does not trip over the old date."""
    appointment = acknowledged(world)
    Appointment.objects.filter(pk=appointment.pk).update(appointed_on=datetime.date(1, 1, 1))
    response = client_for("city_a").post(FINDING_CREATE, finding_page(world))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Finding.objects.filter(person=world.lin_fang).exists()
    appointment.refresh_from_db()
    assert appointment.verdict_status == "ineligible"
