"""What pages and notices say: today's verdict on a draft, no "None", no non-changes, Chinese uniqueness errors,
the enterprise's current CQO, and no link to a page the reader cannot open (issue 9, finding 5)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry import services
from registry.models import Enterprise, Notice

from .appointment_fixtures import acknowledged, pdf_bytes, submitted

pytestmark = pytest.mark.django_db

D = datetime.date


def _finding(world, item: int):
    return services.finding_record(
        person=world.lin_fang,
        actor=world.users["province"],
        item=item,
        decided_on=D(2025, 3, 1),
        evidence=SimpleUploadedFile("e.pdf", pdf_bytes()),
    )


def _verdict_card(html: str) -> str:
    return re.search(r'data-testid="verdict".*?</section>', html, re.S).group(0)


def test_returned_appointment_shows_todays_verdict_not_the_stored_one(world, client_for):
    """A returned filing whose person has since been found under Article 6 shows 不符合, matching the submit refusal."""
    appointment = submitted(world)
    services.appointment_return(appointment=appointment, actor=world.users["city_a"], reason="聘任文件未盖章")
    _finding(world, 3)
    appointment.refresh_from_db()
    assert appointment.verdict_status == "eligible"  # stored before the finding
    html = client_for("enterprise_a").get(reverse("registry:appointment-detail", kwargs={"pk": appointment.pk}))
    card = _verdict_card(html.content.decode())
    assert "不符合任职条件" in card and "alert-success" not in card
    assert "今日" in card


def test_a_stored_verdict_is_labelled_with_its_date(world, client_for):
    """An acknowledged appointment's verdict is the one stored when it was checked, and says when that was."""
    appointment = acknowledged(world)
    html = client_for("city_a").get(reverse("registry:appointment-detail", kwargs={"pk": appointment.pk}))
    card = _verdict_card(html.content.decode())
    checked = appointment.reviewed_at.astimezone().date()
    assert f"{checked.year}年{checked.month}月{checked.day}日核验" in card


def test_an_appointment_acknowledged_by_the_system_names_no_none(world, client_for):
    """Demo data acknowledged with no actor shows 系统 as the reviewer, not "None"."""
    appointment = services.appointment_acknowledge(appointment=submitted(world), actor=None)
    html = client_for("city_a").get(reverse("registry:appointment-detail", kwargs={"pk": appointment.pk}))
    facts = re.search(r'data-testid="appointment-facts".*?</dl>', html.content.decode(), re.S).group(0)
    assert "None" not in facts
    assert '<dt class="col-sm-4">审核</dt><dd class="col-sm-8">系统，' in facts


def test_a_second_finding_that_changes_no_verdict_says_it_stays(world, django_capture_on_commit_callbacks):
    """The enterprise and its city are told of a second finding, but never that a verdict went from
    不符合任职条件 to 不符合任职条件."""
    acknowledged(world)
    with django_capture_on_commit_callbacks(execute=True):
        _finding(world, 3)
    told = Notice.objects.count()
    assert told >= 1
    with django_capture_on_commit_callbacks(execute=True):
        _finding(world, 1)
    second = Notice.objects.order_by("-pk")[: Notice.objects.count() - told]
    assert second and all("任职资格核验结论仍为“不符合任职条件”" in notice.text for notice in second)
    assert not Notice.objects.filter(text__contains="由“不符合任职条件”变为“不符合任职条件”").exists()


def test_a_duplicate_credit_code_is_refused_in_plain_chinese(world, client_for):
    """The enterprise form says the code is already registered, not Django's "具有 … 的 企业 已存在"."""
    response = client_for("province").post(
        reverse("registry:enterprise-create"),
        {"credit_code": world.acme.credit_code, "city": world.xiamen.pk, "name": "另一家公司"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["credit_code"] == ["该统一社会信用代码已登记。"]
    assert Enterprise.objects.filter(credit_code=world.acme.credit_code).count() == 1


def test_the_enterprise_page_names_its_current_cqo(world, client_for):
    appointment = acknowledged(world)
    html = client_for("city_a").get(reverse("registry:enterprise-detail", kwargs={"pk": world.acme.pk}))
    card = re.search(r'data-testid="enterprise-cqo".*?</div></div>', html.content.decode(), re.S).group(0)
    assert "林芳" in card
    assert reverse("registry:appointment-detail", kwargs={"pk": appointment.pk}) in card
    assert "2025-01-02" in card


def test_the_enterprise_page_says_when_there_is_no_cqo(world, client_for):
    html = client_for("city_a").get(reverse("registry:enterprise-detail", kwargs={"pk": world.acme.pk}))
    card = re.search(r'data-testid="enterprise-cqo".*?</div></div>', html.content.decode(), re.S).group(0)
    assert "尚无已备案的首席质量官" in card


def test_an_institution_pool_page_does_not_link_to_an_enterprise_it_cannot_see(world, client_for):
    """The academy sees lin_fang (its graduate) but not acme: her employer is named, not linked to a 404."""
    page = client_for("institution_a").get(reverse("pool:detail", kwargs={"person_id": world.lin_fang.pk}))
    assert page.status_code == 200
    link = reverse("registry:enterprise-detail", kwargs={"pk": world.acme.pk})
    assert client_for("institution_a").get(link).status_code == 404
    html = page.content.decode()
    assert world.acme.name in html and link not in html
    province = client_for("province").get(reverse("pool:detail", kwargs={"person_id": world.lin_fang.pk}))
    assert link in province.content.decode()


def test_the_stored_verdict_is_dated_by_its_last_storing_save(world, client_for):
    """Submitted on one day and acknowledged on another: the card gives the acknowledgement's date, the latest save
    that stored the verdict, read from the same history rows as the corrections."""
    appointment = acknowledged(world)
    saves = list(appointment.history.order_by("history_date", "history_id"))
    assert [save.status for save in saves][-2:] == ["submitted", "acknowledged"]
    at = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)
    for days, save in enumerate(saves):
        type(save).objects.filter(pk=save.pk).update(history_date=at + datetime.timedelta(days=3 * days))
    acknowledged_on = (at + datetime.timedelta(days=3 * (len(saves) - 1))).astimezone().date()
    html = client_for("city_a").get(reverse("registry:appointment-detail", kwargs={"pk": appointment.pk}))
    card = _verdict_card(html.content.decode())
    assert f"{acknowledged_on.year}年{acknowledged_on.month}月{acknowledged_on.day}日核验" in card
