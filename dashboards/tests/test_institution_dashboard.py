"""A training institution's dashboard: its own cohorts, graduates, certificates and filings, never another's."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards.selectors import institution_dashboard
from filings.models import Filing, FilingKind, FilingStatus
from filings.selectors.figures import annual_report_figures
from registry.models import Education, TitleLevel
from registry.validators import normalize_cohort_code
from training.models import Certificate, Cohort, CohortStatus, Entrustment, Graduate

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)  # last quarter ended 2026-09-30


@pytest.fixture(autouse=True)
def _no_dashboard_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


def cohort(institution, code, end, graduates=(), status=CohortStatus.ENDED):
    """A cohort ending on `end` with (person, enterprise, passed) graduates."""
    made = Cohort.objects.create(
        institution=institution,
        code=code,
        code_key=normalize_cohort_code(code),
        title=f"{code}培训班",
        start_date=end - datetime.timedelta(days=10),
        end_date=end,
        hours=40,
        status=status,
    )
    for person, enterprise, passed in graduates:
        Graduate.objects.create(
            cohort=made,
            person=person,
            enterprise=enterprise,
            enterprise_name=enterprise.name,
            education=Education.BACHELOR,
            title_level=TitleLevel.INTERMEDIATE,
            passed=passed,
        )
    return made


def filing(institution, kind, due, *, cohort=None, submitted=None, late=None, status=FilingStatus.DRAFT):
    return Filing.objects.create(
        kind=kind,
        institution=institution,
        cohort=cohort,
        period_start=due - datetime.timedelta(days=30),
        period_end=due - datetime.timedelta(days=20),
        period_label=str(due),
        due_date=due,
        status=status,
        first_submitted_at=submitted,
        days_late=late,
    )


@pytest.fixture
def training_world(world):
    """The academy (world.cohort ended 2024-05-10, no graduates on file; lin_fang's 2024 certificate) adds a cohort
    ended in August 2026 (lin_fang passed, chen_jie failed) and one in October (chen_jie passed, certified then);
    one still running. The college has a cohort of its own with two graduates and a certificate, which the
    academy must never count."""
    w = world
    august = cohort(
        w.academy, "MJ-2026-01", datetime.date(2026, 8, 20), [(w.lin_fang, w.acme, True), (w.chen_jie, w.bolt, False)]
    )
    october = cohort(w.academy, "MJ-2026-02", datetime.date(2026, 10, 15), [(w.chen_jie, w.bolt, True)])
    cohort(w.academy, "MJ-2026-03", datetime.date(2026, 12, 20), status=CohortStatus.RUNNING)
    Certificate.objects.create(
        number="FJCQO-2026-0010", person=w.chen_jie, institution=w.academy, issued_on=datetime.date(2026, 10, 16)
    )
    Entrustment.objects.create(institution=w.college, from_date=datetime.date(2015, 1, 1))
    theirs = cohort(
        w.college, "XM-2026-01", datetime.date(2026, 10, 1), [(w.lin_fang, w.acme, True), (w.chen_jie, w.bolt, True)]
    )
    Certificate.objects.create(
        number="FJCQO-2026-0020", person=w.lin_fang, institution=w.college, issued_on=datetime.date(2026, 10, 2)
    )
    at = timezone.make_aware(datetime.datetime(2026, 9, 1))
    filing(w.academy, FilingKind.COHORT_FILING, datetime.date(2026, 9, 19), cohort=august, submitted=at, late=0)
    filing(w.academy, FilingKind.COHORT_FILING, datetime.date(2026, 11, 14), cohort=october)  # missing
    filing(w.academy, FilingKind.COHORT_FILING, datetime.date(2024, 6, 9), cohort=w.cohort, submitted=at, late=5,
           status=FilingStatus.ACCEPTED)  # fmt: skip
    filing(w.academy, FilingKind.ANNUAL_REPORT, datetime.date(2027, 1, 31))  # not yet due
    filing(w.college, FilingKind.COHORT_FILING, datetime.date(2026, 10, 31), cohort=theirs)  # the college's, missing
    return w


def test_headlines_count_the_institutions_own_training_with_the_annual_reports_definitions(training_world):
    w = training_world
    got = {h.key: (h.value, h.change) for h in institution_dashboard(w.user("institution_a"), TODAY)["headlines"]}
    # Ended: 2024's, August's and October's (the open one ends in December); October's since the quarter's end.
    assert got["cohorts_ended"] == (3, 1)
    assert got["graduates"] == (3, 1)  # August's two and October's one
    assert got["passed"] == (2, 1)
    assert got["valid_certificates"] == (2, 1)  # lin_fang's 2024 one, chen_jie's October one
    # The same counting as the annual report, over every year up to today.
    since_ever = annual_report_figures(institution_id=w.academy.pk, start=datetime.date(1900, 1, 1), end=TODAY)
    assert (since_ever["cohorts"], since_ever["graduates"], since_ever["passed"]) == (3, 3, 2)
    theirs = {h.key: h.value for h in institution_dashboard(w.user("institution_b"), TODAY)["headlines"]}
    assert theirs == {"cohorts_ended": 1, "graduates": 2, "passed": 2, "valid_certificates": 1}


def test_charts_show_certificates_per_year_cohorts_and_filing_timeliness(training_world):
    charts = {c.key: c for c in institution_dashboard(training_world.user("institution_a"), TODAY)["charts"]}
    assert charts["institution-certificates"].rows == [["2024年", 1], ["2026年", 1]]
    # Ended cohorts, oldest first; the open one is not there yet.
    assert charts["institution-cohorts"].rows == [["MJ-2024-01", 0, 0], ["MJ-2026-01", 2, 1], ["MJ-2026-02", 1, 1]]
    filings = charts["institution-filings"]
    assert filings.header == ["报备类型", "按时", "逾期", "已退回", "未报", "未到期"]
    assert filings.rows == [["培训班次备案", 1, 1, 0, 1, 0], ["年度工作报告", 0, 0, 0, 0, 1]]
    for c in charts.values():
        assert c.definition  # each chart says what it counts
    # The college sees its own missing filing and nothing of the academy's.
    theirs = {c.key: c for c in institution_dashboard(training_world.user("institution_b"), TODAY)["charts"]}
    assert theirs["institution-filings"].rows == [["培训班次备案", 0, 0, 0, 1, 0], ["年度工作报告", 0, 0, 0, 0, 0]]
    assert theirs["institution-cohorts"].rows == [["XM-2026-01", 2, 2]]


def test_the_home_page_and_csv_are_the_institutions_own(client_for, training_world):
    page = client_for("institution_a").get(reverse("home")).content.decode()
    assert "本机构概览" in page
    for key in ("institution-certificates", "institution-cohorts", "institution-filings"):
        assert f'data-chart="{key}"' in page and f'id="chart-data-{key}"' in page
    assert "MJ-2026-01" in page and "XM-2026-01" not in page
    response = client_for("institution_b").get(
        reverse("dashboards:institution-chart-csv", kwargs={"chart": "institution-cohorts"})
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [["班次编号", "结业学员", "考核合格"], ["XM-2026-01", "2", "2"]]
    assert client_for("institution_a").get("/dashboard/institution/nothing.csv").status_code == 404
    # The enterprise's home page has no dashboard at all.
    assert "本机构概览" not in client_for("enterprise_a").get(reverse("home")).content.decode()


def test_the_institution_dashboard_is_a_fixed_number_of_queries(training_world):
    """More cohorts, graduates and filings: the same queries."""
    user = training_world.user("institution_a")
    with CaptureQueriesContext(connection) as small:
        institution_dashboard(user, TODAY)
    w = training_world
    for n in range(20):
        extra = cohort(w.academy, f"MJ-2025-{n:02d}", datetime.date(2025, 3, 1) + datetime.timedelta(days=n),
                       [(w.lin_fang, w.acme, n % 2 == 0), (w.chen_jie, w.bolt, True)])  # fmt: skip
        filing(
            w.academy, FilingKind.COHORT_FILING, datetime.date(2025, 4, 1) + datetime.timedelta(days=n), cohort=extra
        )
    with CaptureQueriesContext(connection) as large:
        result = institution_dashboard(user, TODAY)
    assert len(large) == len(small) <= 12
    assert len(result["charts"][1].rows) == 12  # the latest twelve cohorts only
