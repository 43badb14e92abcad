"""seed_demo makes the same demo data set every time and prints a login for every role."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from filings.models import Filing, FilingKind, FilingStatus, FilingVersion
from filings.selectors.grid import CellState, city_report_grid
from pool.models import PoolEntry
from registry.models import Appointment, City, Enterprise, Finding, Notice, Role, User
from registry.validators import validate_credit_code
from training.models import Certificate, Cohort, CohortStatus, Entrustment, Graduate, Institution

pytestmark = pytest.mark.django_db


def test_seed_demo_is_deterministic_idempotent_and_prints_logins():
    out = StringIO()
    call_command("seed_demo", "--enterprises", "30", stdout=out)
    first = sorted(Enterprise.objects.values_list("credit_code", "name"))
    users = User.objects.count()
    call_command("seed_demo", "--enterprises", "30", stdout=StringIO())
    assert sorted(Enterprise.objects.values_list("credit_code", "name")) == first
    assert User.objects.count() == users

    text = out.getvalue()
    for username in ("province", "city-350100", "city-350128", "institution", "enterprise", "admin"):
        assert username in text
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert set(Enterprise.objects.values_list("city__code", flat=True)) == set(
        City.objects.values_list("code", flat=True)
    )
    for code, _ in first:
        validate_credit_code(code)


def test_seed_demo_leaves_no_file_without_a_row(settings, tmp_path, django_capture_on_commit_callbacks):
    """Demo filings refused as ineligible store no letter: every file on disk belongs to a row, and each row has its file."""
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    on_disk = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())
    rows = sorted(
        [*Appointment.objects.values_list("letter", flat=True), *Finding.objects.values_list("evidence", flat=True)]
    )
    assert rows, "the demo files appointments with letters"
    assert on_disk == rows


def test_seed_demo_has_the_training_side_and_changes_nothing_when_run_again(django_capture_on_commit_callbacks):
    """DEMO-COHORT is open inside its institution's entrustment; an ended cohort has graduates that came in through
    the import (one employer created for its city to check); a second institution's entrustment has ended."""
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--enterprises", "30", stdout=out)
    cohort = Cohort.objects.by_code("DEMO-COHORT")
    assert cohort.code == "DEMO-COHORT" and cohort.status in (CohortStatus.RUNNING, CohortStatus.PLANNED)
    assert any(e.covers(cohort.start_date, cohort.end_date) for e in cohort.institution.entrustments.all())
    assert cohort.institution.users.filter(username="institution").exists()
    ended = Cohort.objects.get(code="DEMO-2025-01", institution=cohort.institution, status=CohortStatus.ENDED)
    graduates = Graduate.objects.filter(cohort=ended)
    assert graduates.count() >= 5 and graduates.filter(passed=False).exists()
    assert Enterprise.objects.filter(pending_city_check=True, graduates__cohort=ended).exists()
    other = Institution.objects.exclude(pk=cohort.institution_id).get(users__username="institution-ended")
    assert not any(e.covers(datetime.date.today()) for e in Entrustment.objects.filter(institution=other))
    assert Entrustment.objects.filter(institution=other).exists()
    assert "institution-ended" in out.getvalue()
    # CONTRACT §5: the ended cohort's passed graduates hold certificates, one of them revoked; they are in the pool.
    certificates = Certificate.objects.filter(cohort=ended)
    assert certificates.count() == graduates.filter(passed=True).count() > 1
    (revoked,) = certificates.filter(revoked=True)
    assert revoked.revoked_reason and revoked.revoked_on
    holders = certificates.filter(revoked=False).values_list("person_id", flat=True)
    assert PoolEntry.objects.filter(person_id__in=holders).count() == len(holders)
    assert not PoolEntry.objects.filter(person_id=revoked.person_id, via_certificate=True).exists()

    counts = (
        Cohort.objects.count(),
        Graduate.objects.count(),
        Enterprise.objects.count(),
        Institution.objects.count(),
        Certificate.objects.count(),
        Certificate.objects.filter(revoked=True).count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--enterprises", "30", stdout=StringIO())
    again = (
        Cohort.objects.count(),
        Graduate.objects.count(),
        Enterprise.objects.count(),
        Institution.objects.count(),
        Certificate.objects.count(),
        Certificate.objects.filter(revoked=True).count(),
    )
    assert again == counts


def _filing_state():
    return (
        sorted(Filing.objects.values_list("id", "status", "version_count", "days_late", "narrative")),
        FilingVersion.objects.count(),
        Notice.objects.count(),
        Notice.objects.filter(read_at__isnull=True).count(),
    )


def test_seed_demo_has_a_filing_history_for_the_grid_and_changes_nothing_when_run_again(
    django_capture_on_commit_callbacks,
):
    """CONTRACT §5: on-time, late, missing and returned filings, at least one overdue and not submitted on the day
    seed_demo runs; each filed one through the services (a version with its figures, the province told)."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--enterprises", "30", stdout=StringIO())
    today = timezone.localdate()
    province = User.objects.get(username="province")
    grid = city_report_grid(user=province, today=today)
    states = {cell.state for row in grid.rows for cell in row.cells}
    assert {CellState.ON_TIME, CellState.LATE, CellState.MISSING, CellState.RETURNED} <= states
    latest_due = max(i for i, column in enumerate(grid.columns) if grid.column_rates[i].due)
    latest = {row.name: row.cells[latest_due] for row in grid.rows}
    assert latest["南平市"].state == CellState.MISSING and latest["莆田市"].state == CellState.RETURNED
    assert Filing.objects.filter(status=FilingStatus.DRAFT, due_date__lt=today).exists()
    assert Filing.objects.filter(status=FilingStatus.ACCEPTED).count() > 10
    returned = Filing.objects.get(status=FilingStatus.RETURNED)
    assert returned.return_reason and returned.versions.get().decision == FilingStatus.RETURNED

    submitted = Filing.objects.exclude(version_count=0)
    assert FilingVersion.objects.count() == submitted.count()
    assert all(version.figures for version in FilingVersion.objects.all())
    assert Notice.objects.filter(recipient_province=True, text__contains="请审核").count() == submitted.count()

    institution = Institution.objects.get(users__username="institution")
    cohort_filing = Filing.objects.get(cohort__code="DEMO-2025-01")
    assert (cohort_filing.status, cohort_filing.days_late) == (FilingStatus.ACCEPTED, 6)
    annual = Filing.objects.filter(institution=institution, kind=FilingKind.ANNUAL_REPORT, due_date__lt=today)
    assert annual.latest("period_start").status == FilingStatus.SUBMITTED

    before = _filing_state()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--enterprises", "30", stdout=StringIO())
    assert _filing_state() == before

    # CONTRACT §4 on the demo: the missing reports get their reminder from send_reminders, once.
    summaries = []
    for _ in range(2):
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=out)
        summaries.append(json.loads(out.getvalue().strip().splitlines()[-1]))
    assert Filing.objects.unsubmitted().filter(due_date__lt=today).count() >= 2
    # Every unsubmitted filing with a stage fallen due (the earliest stage is 7 days before the due date).
    reminded = Filing.objects.unsubmitted().filter(due_date__lte=today + datetime.timedelta(days=7)).count()
    assert summaries[0] == {"sent": reminded, "already_sent": 0, "failed": 0}
    assert summaries[1] == {"sent": 0, "already_sent": reminded, "failed": 0}
    assert Notice.objects.filter(recipient_city__name="南平市", text__startswith="【报备提醒】南平市").exists()
