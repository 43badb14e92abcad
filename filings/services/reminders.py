"""The reminder sweep: work out from the database which (filing, stage) reminders are due, write them to the
ledger, then send each ledger row once.

Why it cannot send twice: the ledger row (unique per filing and stage) is written before anything is sent, and a
row is sent only by whoever holds its lock (SELECT ... FOR UPDATE SKIP LOCKED) and finds it unsent; marking it
sent commits in the same transaction. Two sweeps, two beats or two workers therefore never send one row twice.
The one window left is a process killed after the mail server took an email and before the commit: the row is
sent again, with the same Message-ID, so the duplicate is recognisable.

Why nothing is lost: the work is derived from the database, not from queued messages. A message lost with Redis,
a worker killed mid-batch or a failed email leaves its row pending or failed, and the next sweep sends it.

Catch-up: on each sweep a filing gets at most one new reminder, for the latest of its stages that has fallen due.
A sweep that did not run for a few days sends the stage that is current, not every stage it slept through; a
filing overdue and never reminded (the first sweep after deployment, seed_demo's missing reports) gets one reminder,
its latest stage, once (CONTRACT §4: every filing due or overdue and not submitted gets its reminder). An operator
who wants no reminders for periods long gone sets REMINDER_CATCH_UP_DAYS: then a stage that fell due longer ago than
that is not sent (the compliance grid still shows the filing missing).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from registry.notify import Message, deliver_batch

from ..models import Filing, FilingStatus, Reminder, ReminderStatus
from .obligations import filings_ensure
from .schedules import schedules_by_kind


@dataclass(frozen=True)
class SweepResult:
    sent: int = 0
    already_sent: int = 0
    failed: int = 0

    def as_dict(self) -> dict:
        return {"sent": self.sent, "already_sent": self.already_sent, "failed": self.failed}


@dataclass(frozen=True)
class LedgerResult:
    written: int  # new (filing, stage) rows
    already_sent: int  # (filing, stage) due today whose reminder went out on an earlier run


@dataclass(frozen=True)
class SendResult:
    sent: int = 0
    failed: int = 0
    dropped: int = 0  # rows whose filing was submitted before its reminder went out


def reminders_sweep(*, today: datetime.date) -> SweepResult:
    """The whole sweep, synchronously (the send_reminders command; Celery splits it into a ledger task and one
    task per row): obligations, ledger, then every row due for sending, batch by batch."""
    ledger = reminders_plan(today=today)
    sent = failed = 0
    while True:
        batch = reminders_send(limit=settings.REMINDER_BATCH_SIZE, today=today)
        if not (batch.sent or batch.failed or batch.dropped):
            break
        sent += batch.sent
        failed += batch.failed
    return SweepResult(sent=sent, already_sent=ledger.already_sent, failed=failed)


def reminders_plan(*, today: datetime.date) -> LedgerResult:
    """What the sweep works from: the filings owed as of `today` (periods begun, cohorts ended), then the ledger."""
    filings_ensure(today=today)
    return reminders_ledger(today=today)


def _stage_rows() -> list[tuple[str, int, bool]]:
    """(kind, stage, tells the province) for every schedule's reminder stages."""
    rows = []
    for schedule in schedules_by_kind().values():
        for stage in sorted({int(day) for day in schedule.reminder_days or []}):
            tells = schedule.tell_province_from_day is not None and stage >= schedule.tell_province_from_day
            rows.append((schedule.kind, stage, tells))
    return rows


@transaction.atomic
def reminders_ledger(*, today: datetime.date) -> LedgerResult:
    """Write the ledger rows due by `today`: for each unsubmitted filing, its latest stage fallen due (if within the
    catch-up window, when one is set). Rows already there are left alone (the unique (filing, stage) constraint
    decides between two sweeps at once). Four queries whatever the number of filings: the schedules, the filings
    with a stage fallen due, their ledger rows, one insert."""
    stages: dict[str, list[tuple[int, bool]]] = {}
    for kind, stage, tells in _stage_rows():
        stages.setdefault(kind, []).append((stage, tells))
    if not stages:
        return LedgerResult(written=0, already_sent=0)
    for kind_stages in stages.values():
        kind_stages.sort(reverse=True)  # latest first: the first one fallen due is the one to send
    window = settings.REMINDER_CATCH_UP_DAYS
    earliest_due_on = today - datetime.timedelta(days=window - 1) if window > 0 else datetime.date.min
    lowest = min(stage for kind_stages in stages.values() for stage, _ in kind_stages)
    highest = max(stage for kind_stages in stages.values() for stage, _ in kind_stages)
    # Bounds on the due date itself, so the filing_status_due index does the narrowing.
    owing = Filing.objects.unsubmitted().filter(
        kind__in=list(stages), due_date__lte=today - datetime.timedelta(days=lowest)
    )
    if window > 0:
        owing = owing.filter(due_date__gte=earliest_due_on - datetime.timedelta(days=highest))
    owed = owing.values_list("id", "kind", "due_date")
    fresh: list[Reminder] = []
    for filing_id, kind, due_date in owed.iterator(chunk_size=5000):
        for stage, tells in stages[kind]:
            due_on = due_date + datetime.timedelta(days=stage)
            if due_on <= today:
                if due_on >= earliest_due_on:
                    fresh.append(Reminder(filing_id=filing_id, stage=stage, due_on=due_on, tells_province=tells))
                break
    ledgered = Reminder.objects.filter(due_on__lte=today)
    ledgered = ledgered.filter(due_on__gte=earliest_due_on) if window > 0 else ledgered.filter(filing__in=owing)
    existing = {
        (filing_id, stage): status for filing_id, stage, status in ledgered.values_list("filing_id", "stage", "status")
    }
    new = [r for r in fresh if (r.filing_id, r.stage) not in existing]
    if new:
        Reminder.objects.bulk_create(new, ignore_conflicts=True)
    already_sent = sum(1 for r in fresh if existing.get((r.filing_id, r.stage)) == ReminderStatus.SENT)
    return LedgerResult(written=len(new), already_sent=already_sent)


def _sendable(now: datetime.datetime) -> Q:
    return Q(status=ReminderStatus.PENDING) | Q(status=ReminderStatus.FAILED, next_attempt_at__lte=now)


def reminders_due_for_sending(*, now: datetime.datetime | None = None) -> list[int]:
    """Ids of the ledger rows waiting to be sent (pending, or failed and due for a retry): what the Celery sweep
    queues one task each for."""
    return list(Reminder.objects.filter(_sendable(now or timezone.now())).order_by("id").values_list("id", flat=True))


def _filing_link(filing: Filing) -> str:
    try:
        return reverse("filings:filing-detail", kwargs={"pk": filing.pk})
    except NoReverseMatch:
        return ""


def reminder_text(reminder: Reminder, *, today: datetime.date) -> str:
    """The reminder's wording: the filer, the filing, its period, its due date, and how many days are left or
    overdue."""
    filing = reminder.filing
    days = (filing.due_date - today).days
    if days > 0:
        when = f"距截止还有{days}天"
    elif days == 0:
        when = "今天截止"
    else:
        when = f"已逾期{-days}天"
    verb = "重新提交" if filing.status == FilingStatus.RETURNED else "提交"
    return (
        f"【报备提醒】{filing.filer_name}：{filing.period_label}{filing.get_kind_display()}"
        f"截止日期为{filing.due_date:%Y年%m月%d日}，{when}，尚未{verb}，请及时{verb}。"
    )


def _backoff(attempts: int) -> datetime.timedelta:
    seconds = settings.REMINDER_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.REMINDER_RETRY_MAX_SECONDS))


@transaction.atomic
def reminders_send(
    *, ids: list[int] | None = None, limit: int | None = None, today: datetime.date | None = None
) -> SendResult:
    """Send ledger rows that are due for sending (the given ids, or the oldest `limit`), each once: rows another
    process holds are skipped, and a row is marked sent in the same transaction that sent it. A fixed number of
    queries per batch: lock, read, drop the rows of filings already submitted, mark the rows sent, write the
    notices, read the addressed accounts (and mark failed ones, when an email failed). `today` words the days left or overdue (the sweep's date)."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    # Pending rows first, then failed ones due for a retry, each read in the order of the reminder_status_next index
    # and stopping at `limit`. No join under the lock: joined, the planner reads every waiting row (or every filing)
    # for each batch, and a flood of reminders would cost each batch more than the last.
    waiting = [
        Reminder.objects.filter(status=ReminderStatus.PENDING),
        Reminder.objects.filter(status=ReminderStatus.FAILED, next_attempt_at__lte=now),
    ]
    rows: list[Reminder] = []
    for queryset in waiting:
        room = None if limit is None else limit - len(rows)
        if room == 0:
            break
        if ids is not None:
            queryset = queryset.filter(id__in=ids)
        queryset = queryset.select_for_update(skip_locked=True).order_by("next_attempt_at", "id")
        rows += list(queryset[:room] if room else queryset)
    if rows:
        filings = Filing.objects.select_related("city", "institution").in_bulk({r.filing_id for r in rows})
        for r in rows:
            r.filing = filings[r.filing_id]
    if not rows:
        return SendResult()
    submitted = [r for r in rows if r.filing.status not in (FilingStatus.DRAFT, FilingStatus.RETURNED)]
    if submitted:
        # Filed between the ledger and the send: nothing to remind of. Were it returned later, the stage may be
        # written again by a sweep whose window still holds it.
        Reminder.objects.filter(id__in=[r.id for r in submitted]).delete()
    rows = [r for r in rows if r not in submitted]
    messages = [
        Message(
            key=f"reminder-{r.id}",
            text=reminder_text(r, today=today),
            link=_filing_link(r.filing),
            city_id=r.filing.city_id,
            institution_id=r.filing.institution_id,
            province=r.tells_province,
            write_notices=r.noticed_at is None,
        )
        for r in rows
    ]
    for r in rows:
        r.attempts += 1
        r.noticed_at = r.noticed_at or now
        r.status, r.last_error, r.next_attempt_at, r.sent_at = ReminderStatus.SENT, "", None, now
    Reminder.objects.filter(id__in=[r.id for r in rows]).update(
        status=ReminderStatus.SENT,
        attempts=F("attempts") + 1,
        last_error="",
        next_attempt_at=None,
        noticed_at=Coalesce("noticed_at", Value(now)),
        sent_at=now,
    )
    # The emails go last, just before the commit: a process killed after the mail server took them and before
    # the commit (the only way to send a row twice) has the narrowest window.
    failures = deliver_batch(messages)
    failed = [r for r in rows if f"reminder-{r.id}" in failures]
    for r in failed:
        r.status, r.last_error = ReminderStatus.FAILED, failures[f"reminder-{r.id}"]
        r.next_attempt_at, r.sent_at = now + _backoff(r.attempts), None
    if failed:
        Reminder.objects.bulk_update(failed, ["status", "last_error", "next_attempt_at", "sent_at"], batch_size=None)
    return SendResult(sent=len(rows) - len(failed), failed=len(failed), dropped=len(submitted))
