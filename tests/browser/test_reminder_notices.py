"""A city bureau sees a filing reminder in the navigation, reads it on the notifications page, follows it to the
filing, and marks everything read."""

import datetime

import pytest
from django.utils import timezone

from cqo_portal.testing.world import PASSWORD
from filings.models import FilingSchedule
from filings.services.reminders import reminders_sweep
from filings.tests.reminder_factories import city_report, ensure_schedules

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reminder_reaches_the_bureau_and_leads_to_its_filing(world, page, login, screenshot, live_server):
    today = timezone.localdate()
    # Schedules from 2100: the sweep reminds only of this test's filing, not of the world's periods since 2025.
    ensure_schedules()
    FilingSchedule.objects.update(starts_on=datetime.date(2100, 1, 1))
    filing = city_report(city=world.fuzhou, due_date=today + datetime.timedelta(days=1))
    assert reminders_sweep(today=today).sent >= 1
    login(world.user("city_a").username, PASSWORD)
    assert page.get_by_test_id("nav-unread").inner_text() == "1"
    page.get_by_test_id("nav-notices").click()
    page.wait_for_load_state("networkidle")
    reminder = page.get_by_role("link", name=f"【报备提醒】福州市：{filing.period_label}实施情况报告", exact=False)
    assert "距截止还有1天" in reminder.inner_text()
    screenshot("notices-city-unread")
    reminder.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/filings/{filing.pk}/")
    page.go_back()
    page.get_by_test_id("read-all").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("已将1条通知标为已读。").is_visible()
    assert page.get_by_test_id("nav-unread").count() == 0
    screenshot("notices-city-read")
