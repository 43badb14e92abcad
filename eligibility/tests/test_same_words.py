"""The self-check page and the appointment page show the same Chinese words for the same facts."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from eligibility import facts
from registry.models import Person
from registry.tests.appointment_fixtures import draft

pytestmark = pytest.mark.django_db


def _rows(html: str) -> dict[str, list[str]]:
    """clause code -> the texts of its row's cells, as the page shows them."""
    rows = {}
    for code, body in re.findall(r'<tr data-clause="([\d.]+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)
        rows[code] = [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]
    return rows


def _self_check_form(candidate) -> dict:
    """The self-check form filled in with the facts the appointment was judged on."""
    data = {
        "as_of": candidate.as_of.isoformat(),
        "enterprise_size": candidate.enterprise_size,
        "education": candidate.education,
        "title": candidate.title,
        "work-TOTAL_FORMS": str(len(candidate.quality_work)),
        "work-INITIAL_FORMS": "0",
        "cert-TOTAL_FORMS": str(len(candidate.certificates)),
        "cert-INITIAL_FORMS": "0",
        "finding-TOTAL_FORMS": "0",
        "finding-INITIAL_FORMS": "0",
    }
    if candidate.declarations.ethics:
        data["ethics"] = "on"
    if candidate.declarations.laws:
        data["laws"] = "on"
    for n, period in enumerate(candidate.quality_work):
        data[f"work-{n}-start"] = period.start.isoformat()
        data[f"work-{n}-end"] = period.end.isoformat() if period.end else ""
    for n, cert in enumerate(candidate.certificates):
        data[f"cert-{n}-issued_on"] = cert.issued_on.isoformat()
        data[f"cert-{n}-entrusted_from"] = cert.entrusted_from.isoformat()
        data[f"cert-{n}-entrusted_until"] = cert.entrusted_until.isoformat() if cert.entrusted_until else ""
        if cert.revoked:
            data[f"cert-{n}-revoked"] = "on"
    return data


def test_self_check_and_appointment_page_agree(world, client_for):
    appointment = draft(world)
    client = client_for("enterprise_a")
    stored = client.get(reverse("registry:appointment-detail", kwargs={"pk": appointment.pk})).content.decode()
    candidate = facts.candidate_for(
        Person.objects.get(pk=world.lin_fang.pk), enterprise=world.acme, as_of=timezone.localdate()
    )
    assert not candidate.findings
    checked = client.post(reverse("eligibility:check"), _self_check_form(candidate)).content.decode()
    stored_rows, checked_rows = _rows(stored), _rows(checked)
    assert len(stored_rows) == 10
    assert stored_rows == checked_rows  # headings, measures' text, result words and reasons, clause by clause
    status = re.compile(r'data-testid="verdict-status"[^>]*>\s*(.*?)\s*<')
    assert status.search(stored).group(1) == status.search(checked).group(1) == "符合任职条件"
