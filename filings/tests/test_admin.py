"""The Django admin changes a schedule through filings.services (so filings not yet due are re-dated) and shows
filings and the reminder ledger read-only."""

import datetime

import pytest
from django.urls import reverse

from filings.models import FilingKind
from filings.services import schedules_by_kind
from registry.tests.admin_forms import admin_form_data

from .factories import city_report

pytestmark = pytest.mark.django_db


def test_a_schedule_changed_in_the_admin_re_dates_what_is_not_yet_due(world, client_for):
    report = city_report(world, start=datetime.date(2026, 1, 1))
    report.due_date = datetime.date.today() + datetime.timedelta(days=30)  # not yet due on the real date
    report.save(update_fields=["due_date"])
    schedule = schedules_by_kind()[FilingKind.CITY_REPORT]
    client = client_for("admin")
    url = reverse("admin:filings_filingschedule_change", args=[schedule.pk])
    data = admin_form_data(client.get(url))
    data["due_days"] = "20"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    report.refresh_from_db()
    assert report.due_date == datetime.date(2026, 4, 20)


def test_an_odd_schedule_in_the_admin_is_refused_on_the_form(world, client_for):
    schedule = schedules_by_kind()[FilingKind.COHORT_FILING]
    client = client_for("admin")
    url = reverse("admin:filings_filingschedule_change", args=[schedule.pk])
    data = admin_form_data(client.get(url))
    data["frequency"] = "quarterly"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "每个班次结业后" in response.content.decode()


def test_filings_and_reminders_are_read_only_in_the_admin(world, client_for):
    report = city_report(world)
    client = client_for("admin")
    assert client.get(reverse("admin:filings_filing_changelist")).status_code == 200
    assert client.get(reverse("admin:filings_reminder_changelist")).status_code == 200
    assert client.get(reverse("admin:filings_filing_add")).status_code == 403
    page = client.get(reverse("admin:filings_filing_change", args=[report.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
