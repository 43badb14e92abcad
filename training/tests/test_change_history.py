"""Institutions, entrustments and certificates keep a change history that says what changed, shown on their admin
pages field by field with who and when (the training pages will read the same cqo_portal.history)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cqo_portal.history import history_changes
from registry.tests.test_change_history import history_text
from training import services
from training.models import Certificate, Entrustment

pytestmark = pytest.mark.django_db


def test_an_entrustment_ended_shows_its_end_date_and_who_on_the_institution_page(world, client_for):
    """The province ends the academy's entrustment: its admin page shows 委托截止日期 （空） → 2020-12-31, 张省局."""
    entrustment = Entrustment.objects.get(institution=world.academy)
    services.entrustment_update(
        entrustment=entrustment, until=datetime.date(2020, 12, 31), actor=world.user("province")
    )
    response = client_for("admin").get(reverse("admin:training_institution_change", args=[world.academy.pk]))
    text = history_text(response, "admin-entrustment-history")
    assert "张省局 修改 委托期 2015-01-01—2020-12-31 委托截止日期 （空） 2020-12-31" in text


def test_an_institution_renamed_shows_old_and_new_name(world, client_for):
    services.institution_update(institution=world.academy, name="闽江质量学院", actor=world.user("province"))
    response = client_for("admin").get(reverse("admin:training_institution_change", args=[world.academy.pk]))
    text = history_text(response, "admin-history")
    assert "张省局 修改 机构名称 闽江质量学院培训部 闽江质量学院" in text


def test_a_certificate_revoked_shows_the_revocation_field_by_field(world, client_for):
    """Revoking shows 已撤销 否 → 是, the date and the reason, by the province's user."""
    certificate = Certificate.objects.get(number="FJCQO-2024-0001")
    services.certificate_revoke(
        certificate=certificate, revoked_on=datetime.date(2025, 1, 15), reason="证书造假", actor=world.user("province")
    )
    response = client_for("admin").get(reverse("admin:training_certificate_change", args=[certificate.pk]))
    text = history_text(response, "admin-history")
    assert "张省局 修改 已撤销 否 是 撤销日期 （空） 2025-01-15 撤销理由 （空） 证书造假" in text
    assert "系统 登记" in text


def test_a_certificate_history_names_its_holder_and_institution_by_name(world):
    """A certificate moved to another institution reads by the institutions' names, not their ids."""
    certificate = Certificate.objects.get(number="FJCQO-2024-0001")
    certificate.institution = world.college
    certificate.save()
    (change,) = history_changes(certificate).entries[0].changes
    assert (change.label, change.old, change.new) == ("发证机构", "闽江质量学院培训部", "厦门质量管理培训中心")
