"""Benchmark: the reminder sweep (filings/services/reminders.py) at two sizes, on PostgreSQL.

Size x1 is issue 13's: ten reporting units x 40 quarterly periods plus 200 institutions x 10 annual reports
(2,400 filings, none submitted); x4 has four times as many (160 periods, 800 institutions). Two cases each:
- history: every filing keeps the due date of its own period and those due over a month ago were submitted, so
  only the latest periods are reminded (the typical morning);
- all due: every filing has a reminder stage fallen due within the catch-up window (the worst case: every
  filing reminded in one sweep, every reminder an email and a notice).
Printed: filings, reminders sent, seconds, queries, queries per batch. Exits non-zero when the sweep's time grows
faster than the number of filings (x4 over x1 beyond 4 x 1.5, for noise) or the queries per batch differ between
sizes. Emails go to Django's locmem backend. Database `cqo_bench_reminders`, created and migrated if missing.

    .venv/bin/python bench/bench_reminders.py        # (make bench)
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_pool  # noqa: E402  (its ensure_database)

BENCH_DB = os.environ.get("BENCH_REMINDERS_DATABASE", "cqo_bench_reminders")
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
os.environ["DATABASE_URL"] = f"{SERVER}/{BENCH_DB}"
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqo_portal.settings")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ.pop("REDIS_URL", None)

TODAY = datetime.date(2026, 4, 8)
UNITS, PERIODS, INSTITUTIONS, YEARS = 10, 40, 200, 10
SIZES = {"x1": 1, "x4": 4}
GROWTH_ALLOWANCE = 1.5  # x4's time may be up to 4 x this of x1's


def quarter_start(quarters_back: int) -> datetime.date:
    index = (TODAY.year * 4 + (TODAY.month - 1) // 3) - quarters_back
    return datetime.date(index // 4, index % 4 * 3 + 1, 1)


def build(scale: int, *, all_due: bool, institutions, cities) -> int:
    """Empty the filings and notices, then make scale x (400 + 2,000) filings (history: those due over a month ago
    submitted; all due: none submitted)."""
    from django.db import connection

    from filings.models import Filing, FilingKind, FilingStatus

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE filings_reminder, filings_filing, registry_notice RESTART IDENTITY CASCADE")
    rows = []
    spread = iter(range(10**9))

    def due(real: datetime.date) -> datetime.date:
        # All due: due dates cycle through the last two weeks, so a stage of each fell due this week (none later
        # than today, which the obligations step would re-date to its period's rule).
        return TODAY + datetime.timedelta(days=next(spread) % 14 - 13) if all_due else real

    def status(due_date: datetime.date) -> str:
        return FilingStatus.SUBMITTED if due_date < TODAY - datetime.timedelta(days=30) else FilingStatus.DRAFT

    for city in cities:
        for back in range(1, PERIODS * scale + 1):
            start = quarter_start(back)
            end = quarter_start(back - 1) - datetime.timedelta(days=1)
            rows.append(
                Filing(
                    kind=FilingKind.CITY_REPORT,
                    city=city,
                    period_start=start,
                    period_end=end,
                    period_label=f"{start.year}年第{(start.month - 1) // 3 + 1}季度",
                    due_date=(due_date := due(end + datetime.timedelta(days=15))),
                    status=status(due_date),
                )
            )
    for institution in institutions[: INSTITUTIONS * scale]:
        for year in range(TODAY.year - YEARS, TODAY.year):
            rows.append(
                Filing(
                    kind=FilingKind.ANNUAL_REPORT,
                    institution=institution,
                    period_start=datetime.date(year, 1, 1),
                    period_end=datetime.date(year, 12, 31),
                    period_label=f"{year}年度",
                    due_date=(due_date := due(datetime.date(year + 1, 1, 31))),
                    status=status(due_date),
                )
            )
    Filing.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE filings_filing")
    return len(rows)


def measure(filings: int):
    """One sweep, timed, its queries captured; queries per batch counted between the batches' locking reads."""
    from django.conf import settings
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from filings.services.reminders import reminders_sweep

    mail.outbox = []
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = reminders_sweep(today=TODAY)
        seconds = time.perf_counter() - started
    # A batch starts with its read of pending rows; full batches only (the last, partial one also reads the failed).
    starts = [
        i for i, q in enumerate(queries.captured_queries) if "SKIP LOCKED" in q["sql"] and "'pending'" in q["sql"]
    ]
    sizes = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    per_batch = sorted(set(sizes[: result.sent // settings.REMINDER_BATCH_SIZE]))
    assert result.failed == 0, result
    return {
        "filings": filings,
        "sent": result.sent,
        "emails": len(mail.outbox),
        "seconds": seconds,
        "queries": len(queries),
        "per_batch": per_batch,
        "batch": settings.REMINDER_BATCH_SIZE,
    }


def main() -> int:
    bench_pool.ensure_database(BENCH_DB)
    import django

    django.setup()
    from django.core.management import call_command

    from registry.models import City, Role, User
    from registry.reporting_units import ensure_reporting_units
    from training.models import Institution

    call_command("migrate", verbosity=0)
    ensure_reporting_units(City)
    cities = list(City.objects.order_by("code")[:UNITS])
    for city in cities:
        User.objects.get_or_create(
            username=f"bench.{city.code}", defaults={"role": Role.CITY, "city": city, "email": f"{city.code}@b.example"}
        )
    wanted = INSTITUTIONS * max(SIZES.values())
    for number in range(Institution.objects.filter(name__startswith="基准培训机构").count(), wanted):
        institution = Institution.objects.create(name=f"基准培训机构{number:04d}")
        User.objects.create(
            username=f"bench.inst{number:04d}",
            role=Role.INSTITUTION,
            institution=institution,
            email=f"inst{number:04d}@b.example",
        )
    institutions = list(Institution.objects.filter(name__startswith="基准培训机构").order_by("name"))

    table = {}
    # Interleaved, each three times: the best run counts (the machine is shared; a sweep is seconds long).
    for _ in range(3):
        for case in ("history", "all due"):
            for size, scale in SIZES.items():
                filings = build(scale, all_due=case == "all due", institutions=institutions, cities=cities)
                run = measure(filings)
                best = table.get((case, size))
                if best is None or run["seconds"] < best["seconds"]:
                    table[(case, size)] = run

    print(f"{'case':<9} {'size':<4} {'filings':>8} {'sent':>7} {'emails':>7} {'seconds':>8} {'queries':>8} per batch")
    for (case, size), run in table.items():
        print(
            f"{case:<9} {size:<4} {run['filings']:>8,} {run['sent']:>7,} {run['emails']:>7,} {run['seconds']:>8.3f} "
            f"{run['queries']:>8,} {run['per_batch'] or '-'} (batch of {run['batch']})"
        )
    failures = []
    for case in ("history", "all due"):
        small, large = table[(case, "x1")], table[(case, "x4")]
        ratio = large["seconds"] / small["seconds"]
        filings_ratio = large["filings"] / small["filings"]
        print(f"{case}: x4/x1 time {ratio:.2f} for {filings_ratio:.1f}x the filings")
        if case == "all due" and ratio > filings_ratio * GROWTH_ALLOWANCE:
            failures.append(f"{case}: time grew {ratio:.2f}x for {filings_ratio:.1f}x the filings")
        if small["per_batch"] != large["per_batch"] or len(large["per_batch"]) > 1:
            failures.append(f"{case}: queries per batch differ: {small['per_batch']} vs {large['per_batch']}")
        if case == "all due" and large["sent"] != large["filings"]:
            failures.append(f"{case}: {large['sent']} reminders for {large['filings']} filings all due")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
