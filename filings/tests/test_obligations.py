"""The filings owed: one row per reporting unit and period, per entrusted institution and year, per ended cohort."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from filings.models import Filing, FilingKind, FilingStatus
from filings.services import filing_schedule_update, filings_ensure, schedules_by_kind
from registry.models import City
from training.models import Cohort, Entrustment, Institution

pytestmark = pytest.mark.django_db
D = datetime.date


def test_every_unit_owes_a_report_for_every_quarter_begun(world):
    """From the schedule's start (2025-01-01) to 2026-04-01: six quarters for each of the ten units."""
    filings_ensure(today=D(2026, 4, 1))
    reports = Filing.objects.filter(kind=FilingKind.CITY_REPORT)
    assert reports.count() == 6 * City.objects.count() == 60
    q1 = reports.get(city=world.fuzhou, period_start=D(2026, 1, 1))
    assert (q1.period_end, q1.period_label, q1.due_date) == (D(2026, 3, 31), "2026年第1季度", D(2026, 4, 15))
    assert q1.status == FilingStatus.DRAFT
    current = reports.get(city=world.fuzhou, period_start=D(2026, 4, 1))  # begun today, due after it ends
    assert current.due_date == D(2026, 7, 15)


def test_running_it_again_creates_nothing(world):
    assert filings_ensure(today=D(2026, 4, 1)) > 0
    before = Filing.objects.count()
    assert filings_ensure(today=D(2026, 4, 1)) == 0
    assert Filing.objects.count() == before


def test_annual_reports_only_for_years_with_an_entrustment(world):
    """The academy (entrusted since 2015) owes 2025 and 2026; the college, never entrusted, owes nothing; an
    institution entrusted only in 2025 owes 2025 alone, and a revoked period counts for nothing."""
    seaside = Institution.objects.create(name="海滨培训学校")
    Entrustment.objects.create(institution=seaside, from_date=D(2025, 3, 1), until=D(2025, 12, 31))
    Entrustment.objects.create(
        institution=world.college,
        from_date=D(2025, 1, 1),
        revoked=True,
        revoked_on=D(2025, 2, 1),
        revoked_reason="资质不符",
    )
    filings_ensure(today=D(2026, 2, 1))
    annual = Filing.objects.filter(kind=FilingKind.ANNUAL_REPORT)
    assert sorted(annual.filter(institution=world.academy).values_list("period_label", flat=True)) == [
        "2025年度",
        "2026年度",
    ]
    assert list(annual.filter(institution=seaside).values_list("period_label", flat=True)) == ["2025年度"]
    assert not annual.filter(institution=world.college).exists()
    assert annual.get(institution=seaside).due_date == D(2026, 1, 31)


def test_a_cohort_filing_once_the_cohort_has_ended(world):
    """Due 30 days after the end; a cohort still running owes nothing yet; the label is its code and title."""
    ended = Cohort.objects.create(
        institution=world.academy,
        code="MJ-2025-02",
        code_key="MJ202502",
        title="2025年第二期首席质量官培训班",
        start_date=D(2025, 9, 1),
        end_date=D(2025, 9, 20),
        hours=40,
    )
    running = Cohort.objects.create(
        institution=world.academy,
        code="MJ-2025-03",
        code_key="MJ202503",
        title="第三期",
        start_date=D(2025, 9, 15),
        end_date=D(2025, 10, 30),
        hours=40,
    )
    filings_ensure(today=D(2025, 10, 1))
    filing = Filing.objects.get(kind=FilingKind.COHORT_FILING, cohort=ended)
    assert filing.institution == world.academy
    assert (filing.period_start, filing.period_end, filing.due_date) == (D(2025, 9, 1), D(2025, 9, 20), D(2025, 10, 20))
    assert filing.period_label == "MJ-2025-02 2025年第二期首席质量官培训班"
    assert not Filing.objects.filter(cohort=running).exists()
    # The world's 2024 cohort ended before the schedule's start date (2025-01-01): no filing is asked of it.
    assert not Filing.objects.filter(cohort=world.cohort).exists()


def test_a_changed_schedule_moves_only_what_is_not_yet_due(world):
    """Due days 15 -> 20 on 2026-04-10: Q1 (due 04-15, not yet due) moves to 04-20, Q4 2025 (due 01-15) stays;
    a submitted Q1 report keeps its date."""
    filings_ensure(today=D(2026, 4, 10))
    submitted = Filing.objects.get(city=world.xiamen, period_start=D(2026, 1, 1))
    Filing.objects.filter(pk=submitted.pk).update(status=FilingStatus.SUBMITTED)
    schedule = schedules_by_kind()[FilingKind.CITY_REPORT]
    filing_schedule_update(schedule=schedule, actor=world.user("province"), today=D(2026, 4, 10), due_days=20)
    fuzhou = Filing.objects.filter(city=world.fuzhou)
    assert fuzhou.get(period_start=D(2026, 1, 1)).due_date == D(2026, 4, 20)
    assert fuzhou.get(period_start=D(2025, 10, 1)).due_date == D(2026, 1, 15)
    assert Filing.objects.get(pk=submitted.pk).due_date == D(2026, 4, 15)
    filings_ensure(today=D(2026, 4, 11))  # the sweep applies the schedule as it stands, and no more
    assert fuzhou.get(period_start=D(2026, 1, 1)).due_date == D(2026, 4, 20)
    assert fuzhou.get(period_start=D(2026, 4, 1)).due_date == D(2026, 7, 20)


def _queries(today):
    with CaptureQueriesContext(connection) as captured:
        filings_ensure(today=today)
    return len(captured)


def test_a_fixed_number_of_queries_whatever_the_size(world):
    """Thirty times the institutions and cohorts, six times the periods: the same number of queries."""
    Cohort.objects.create(
        institution=world.academy,
        code="A-1",
        code_key="A1",
        title="班次",
        start_date=D(2025, 2, 1),
        end_date=D(2025, 3, 1),
        hours=8,
    )
    small = _queries(D(2025, 6, 1))
    Filing.objects.all().delete()
    for number in range(30):
        institution = Institution.objects.create(name=f"培训机构{number}")
        Entrustment.objects.create(institution=institution, from_date=D(2020, 1, 1))
        Cohort.objects.create(
            institution=institution,
            code=f"C-{number}",
            code_key=f"C{number}",
            title="班次",
            start_date=D(2025, 2, 1),
            end_date=D(2025, 3, 1),
            hours=8,
        )
    large = _queries(D(2028, 6, 1))
    assert Filing.objects.filter(kind=FilingKind.ANNUAL_REPORT).count() == 31 * 4
    assert Filing.objects.filter(kind=FilingKind.COHORT_FILING).count() == 31
    assert large == small
