"""The reminder sweep: each (filing, stage) reminded once, to the right accounts, retried until it goes out."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import threading

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from filings.models import FilingSchedule, FilingStatus, Reminder, ReminderStatus
from filings.services.reminders import reminders_ledger, reminders_send, reminders_sweep
from filings.tasks import sweep_reminders_task
from filings.tests.reminder_factories import annual_report, city_report, ensure_schedules
from registry.models import City, Notice, User
from registry.notify import message_id
from training.models import Institution

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 8)


class RefusingBackend(LocmemBackend):
    """A mail server that refuses every message while `refusing` is set."""

    refusing = True

    def send_messages(self, messages):
        if RefusingBackend.refusing:
            raise ConnectionRefusedError("SMTP server unavailable")
        return super().send_messages(messages)


@pytest.fixture
def inboxes(world, settings, mailoutbox):
    """Addresses on the bureaux' and the academy's accounts. The schedules start in 2100, so the filings the
    sweep reminds of are only those a test makes (obligations are filings_ensure's, tested on their own)."""
    ensure_schedules()
    FilingSchedule.objects.update(starts_on=datetime.date(2100, 1, 1))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for principal, address in [
        ("city_a", "city@fuzhou.example"),
        ("city_b", "city@xiamen.example"),
        ("institution_a", "office@academy.example"),
        ("province", "staff@province.example"),
    ]:
        User.objects.filter(pk=world.users[principal].pk).update(email=address)
    return mailoutbox


def _to(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def test_a_stage_due_today_tells_the_bureau_in_the_portal_and_by_email(world, inboxes):
    filing = city_report(city=world.fuzhou, due_date=TODAY + datetime.timedelta(days=7))
    result = reminders_sweep(today=TODAY)
    assert result.as_dict() == {"sent": 1, "already_sent": 0, "failed": 0}
    reminder = Reminder.objects.get()
    assert (reminder.filing, reminder.stage, reminder.status) == (filing, -7, ReminderStatus.SENT)
    assert reminder.sent_at and reminder.noticed_at
    notice = Notice.objects.get()
    assert notice.recipient_city == world.fuzhou
    assert "2026年第1季度实施情况报告" in notice.text and "2026年04月15日" in notice.text
    assert "距截止还有7天" in notice.text
    assert notice.link == reverse("filings:filing-detail", kwargs={"pk": filing.pk})
    assert _to(inboxes) == ["city@fuzhou.example"]
    assert inboxes[0].extra_headers["Message-ID"] == message_id(f"reminder-{reminder.pk}", "city@fuzhou.example")
    assert "距截止还有7天" in inboxes[0].body and notice.link in inboxes[0].body


def test_a_second_sweep_on_the_same_date_sends_nothing_more(world, inboxes):
    city_report(city=world.fuzhou, due_date=TODAY + datetime.timedelta(days=1))
    annual_report(institution=world.academy, year=2025, due_date=TODAY - datetime.timedelta(days=1))
    assert reminders_sweep(today=TODAY).as_dict() == {"sent": 2, "already_sent": 0, "failed": 0}
    assert reminders_sweep(today=TODAY).as_dict() == {"sent": 0, "already_sent": 2, "failed": 0}
    assert len(inboxes) == 2 and Notice.objects.count() == 2
    assert Notice.objects.filter(recipient_institution=world.academy, text__contains="已逾期1天").exists()


def test_the_next_stage_is_reminded_on_its_own_day(world, inboxes):
    city_report(city=world.fuzhou, due_date=TODAY + datetime.timedelta(days=7))
    reminders_sweep(today=TODAY)
    assert reminders_sweep(today=TODAY + datetime.timedelta(days=3)).sent == 0
    assert reminders_sweep(today=TODAY + datetime.timedelta(days=6)).sent == 1
    assert sorted(Reminder.objects.values_list("stage", flat=True)) == [-7, -1]


def test_a_sweep_that_slept_sends_only_the_current_stage(world, inboxes):
    """Three stages fell due while no sweep ran: only the latest goes out, not a burst of three."""
    city_report(city=world.fuzhou, due_date=TODAY - datetime.timedelta(days=2))
    assert reminders_sweep(today=TODAY).sent == 1
    assert list(Reminder.objects.values_list("stage", flat=True)) == [1]
    assert "已逾期2天" in inboxes[0].body


def test_a_filing_long_overdue_and_never_reminded_gets_its_latest_stage_once(world, inboxes):
    """CONTRACT §4: every filing overdue and not submitted gets its reminder, even when every stage fell due before
    the first sweep ran (seed_demo's missing reports): one reminder, the latest stage, and not again."""
    city_report(city=world.fuzhou, due_date=datetime.date(2025, 1, 15))
    assert reminders_sweep(today=TODAY).sent == 1
    assert list(Reminder.objects.values_list("stage", flat=True)) == [7]
    overdue = (TODAY - datetime.date(2025, 1, 15)).days
    assert f"已逾期{overdue}天" in inboxes[0].body
    second = reminders_sweep(today=TODAY + datetime.timedelta(days=1))
    assert (second.sent, second.already_sent) == (0, 1)


def test_a_catch_up_window_leaves_stages_long_gone_unsent(world, inboxes, settings):
    """An operator may set REMINDER_CATCH_UP_DAYS: a stage that fell due longer ago than that is not sent."""
    settings.REMINDER_CATCH_UP_DAYS = 7
    city_report(city=world.fuzhou, due_date=datetime.date(2025, 1, 15))
    city_report(city=world.xiamen, due_date=TODAY - datetime.timedelta(days=14))  # +7 fell due 7 days ago
    assert reminders_sweep(today=TODAY).sent == 0
    assert not Reminder.objects.exists() and inboxes == []


def test_a_week_overdue_also_tells_the_province(world, inboxes):
    city_report(city=world.fuzhou, due_date=TODAY - datetime.timedelta(days=7))
    reminders_sweep(today=TODAY)
    assert Reminder.objects.get().tells_province
    assert _to(inboxes) == ["admin@example.invalid", "city@fuzhou.example", "staff@province.example"]
    assert Notice.objects.filter(recipient_province=True, text__contains="福州市").exists()
    assert Notice.objects.filter(recipient_city=world.fuzhou).exists()


def test_submitted_and_accepted_filings_get_no_reminder_but_a_returned_one_does(world, inboxes):
    due = TODAY + datetime.timedelta(days=1)
    city_report(city=world.fuzhou, due_date=due, status=FilingStatus.SUBMITTED)
    annual_report(institution=world.academy, year=2025, due_date=due, status=FilingStatus.ACCEPTED)
    city_report(city=world.xiamen, due_date=due, status=FilingStatus.RETURNED)
    assert reminders_sweep(today=TODAY).sent == 1
    assert _to(inboxes) == ["city@xiamen.example"]
    assert "请及时重新提交" in inboxes[0].body


def test_a_filing_submitted_after_the_ledger_was_written_is_not_reminded(world, inboxes):
    filing = city_report(city=world.fuzhou, due_date=TODAY + datetime.timedelta(days=1))
    assert reminders_ledger(today=TODAY).written == 1
    filing.status = FilingStatus.SUBMITTED
    filing.save(update_fields=["status"])
    result = reminders_send(today=TODAY)
    assert (result.sent, result.dropped) == (0, 1)
    assert inboxes == [] and not Notice.objects.exists()


def test_a_changed_schedule_reminds_on_its_new_stages(world, inboxes):
    FilingSchedule.objects.filter(kind="city_report").update(reminder_days=[-3], tell_province_from_day=None)
    city_report(city=world.fuzhou, due_date=TODAY + datetime.timedelta(days=7))
    assert reminders_sweep(today=TODAY).sent == 0
    assert reminders_sweep(today=TODAY + datetime.timedelta(days=4)).sent == 1


def test_a_failed_send_stays_failed_and_is_retried_with_backoff_until_it_goes_out(world, inboxes, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    RefusingBackend.refusing = True
    city_report(city=world.fuzhou, due_date=TODAY + datetime.timedelta(days=1))
    assert reminders_sweep(today=TODAY).as_dict() == {"sent": 0, "already_sent": 0, "failed": 1}
    reminder = Reminder.objects.get()
    assert reminder.status == ReminderStatus.FAILED and reminder.attempts == 1
    assert "SMTP server unavailable" in reminder.last_error
    first_wait = reminder.next_attempt_at - timezone.now()
    assert datetime.timedelta(minutes=4) < first_wait <= datetime.timedelta(minutes=5)
    assert Notice.objects.count() == 1  # the portal notice is not held back by the mail server

    assert reminders_sweep(today=TODAY).as_dict() == {"sent": 0, "already_sent": 0, "failed": 0}  # not yet due
    Reminder.objects.update(next_attempt_at=timezone.now())
    assert reminders_sweep(today=TODAY).failed == 1
    reminder.refresh_from_db()
    assert reminder.attempts == 2
    assert reminder.next_attempt_at - timezone.now() > datetime.timedelta(minutes=9)  # doubled

    RefusingBackend.refusing = False
    Reminder.objects.update(next_attempt_at=timezone.now())
    assert reminders_sweep(today=TODAY).as_dict() == {"sent": 1, "already_sent": 0, "failed": 0}
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, reminder.last_error) == (ReminderStatus.SENT, 3, "")
    assert Notice.objects.count() == 1  # written once, not once per attempt
    assert _to(inboxes) == ["city@fuzhou.example"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SKIP LOCKED) need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_row_held_by_another_sender_is_skipped_not_sent_twice(world, inboxes):
    """While another process holds a row's lock (sending it), a second sender passes over it."""
    city_report(city=world.fuzhou, due_date=TODAY + datetime.timedelta(days=1))
    reminders_ledger(today=TODAY)
    locked, release = threading.Event(), threading.Event()

    def other_sender():
        with transaction.atomic():
            list(Reminder.objects.select_for_update())
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_sender)
    thread.start()
    try:
        assert locked.wait(10)
        assert reminders_send(today=TODAY).sent == 0
    finally:
        release.set()
        thread.join()
    assert Reminder.objects.get().status == ReminderStatus.PENDING
    assert reminders_send(today=TODAY).sent == 1


def test_each_batch_costs_the_same_number_of_queries(world, inboxes):
    """Five reminders or forty: the ledger is one statement and each batch a fixed handful of queries."""
    for number in range(40):  # due dates over the last two weeks: a stage of each fell due within the week
        institution = Institution.objects.create(name=f"第{number}培训中心")
        annual_report(institution=institution, year=2025, due_date=TODAY + datetime.timedelta(days=number % 14 - 13))
    counts = []
    for size in (5, 40):
        Reminder.objects.all().delete()
        with CaptureQueriesContext(connection) as ledger:
            reminders_ledger(today=TODAY)
        Reminder.objects.exclude(pk__in=Reminder.objects.order_by("pk")[:size]).delete()
        with CaptureQueriesContext(connection) as send:
            assert reminders_send(limit=size, today=TODAY).sent == size
        counts.append((len(ledger), len(send)))
    assert counts[0] == counts[1], counts


def test_the_daily_beat_task_runs_the_same_sweep(world, inboxes, settings):
    assert settings.CELERY_BEAT_SCHEDULE["filing-reminders-daily"]["task"] == "filings.sweep_reminders"
    city_report(city=world.fuzhou, due_date=timezone.localdate() + datetime.timedelta(days=1))
    assert sweep_reminders_task.delay().get(timeout=10) == 1
    assert Reminder.objects.get().status == ReminderStatus.SENT
    assert sweep_reminders_task.delay().get(timeout=10) == 0
    assert len(inboxes) == 1


def test_the_command_prints_the_summary_last_and_sends_nothing_more_the_second_time(world, inboxes, capsys):
    city_report(city=world.fuzhou, due_date=datetime.date(2026, 4, 9))
    call_command("send_reminders", "--date", "2026-04-08")
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {"sent": 1, "already_sent": 0, "failed": 0}
    call_command("send_reminders", "--date", "2026-04-08")
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {"sent": 0, "already_sent": 1, "failed": 0}


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "2026/04/08", ""])
def test_a_bad_date_is_a_clear_error_without_traceback(bad):
    done = subprocess.run(
        [sys.executable, "manage.py", "send_reminders", "--date", bad], capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert "YYYY-MM-DD" in done.stderr and "Traceback" not in done.stderr


def test_the_sweep_first_makes_the_filings_owed_then_reminds_them(world, settings, mailoutbox):
    """With the shipped schedules, on 8 April every unit's first-quarter report (due 15 April) gets its 7-day
    reminder, though no one made those filings: the sweep derives them from the schedules (counted from 2026 here;
    older periods would get their own overdue reminder)."""
    ensure_schedules()
    FilingSchedule.objects.update(starts_on=datetime.date(2026, 1, 1))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = reminders_sweep(today=TODAY)
    reminded = Reminder.objects.select_related("filing")
    assert result.sent == reminded.count() == City.objects.count() == 10
    assert {(r.stage, r.filing.period_label, r.filing.due_date) for r in reminded} == {
        (-7, "2026年第1季度", datetime.date(2026, 4, 15))
    }
    assert reminders_sweep(today=TODAY).as_dict() == {"sent": 0, "already_sent": 10, "failed": 0}
