"""Celery tasks of filings: the daily reminder sweep, and the sending of one ledger row."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from .models import Reminder
from .services.reminders import reminders_due_for_sending, reminders_plan, reminders_send


@shared_task(name="filings.sweep_reminders", autoretry_for=(ConnectionError, OperationalError), retry_backoff=True)
def sweep_reminders_task() -> int:
    """Make the filings owed as of today, write today's ledger rows, then queue one send per row waiting (new, left pending by a lost message or a
    killed worker, or failed and due for a retry). Returns how many were queued. Safe to run twice at once: a
    row is sent only by whoever locks it unsent."""
    reminders_plan(today=timezone.localdate())
    waiting = reminders_due_for_sending()
    for reminder_id in waiting:
        send_reminder_task.delay(reminder_id)
    return len(waiting)


class ReminderSendFailed(Exception):
    """An email of the reminder failed; the row is marked failed with its next attempt time."""


@shared_task(
    name="filings.send_reminder",
    bind=True,
    acks_late=True,
    autoretry_for=(ConnectionError, OperationalError),
    retry_backoff=True,
    max_retries=8,
)
def send_reminder_task(self, reminder_id: int) -> str:
    """Send one ledger row if it is still waiting and nobody else holds it; on an email failure retry after the
    row's own backoff (the daily sweep picks it up as well, whichever comes first)."""
    result = reminders_send(ids=[reminder_id])
    if result.failed:
        reminder = Reminder.objects.get(pk=reminder_id)
        delay = max((reminder.next_attempt_at - timezone.now()).total_seconds(), 1) if reminder.next_attempt_at else 60
        raise self.retry(exc=ReminderSendFailed(reminder.last_error), countdown=delay, max_retries=8)
    return "sent" if result.sent else "skipped"
