"""A training institution's dashboard: its own headline figures (with their change since last quarter) and charts,
counted by the database from its visible_to rows and cached per institution like the province's."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from filings.models import Filing, FilingKind
from filings.selectors.figures import annual_report_figures
from filings.selectors.grid import COLOURS, state_counts
from training.models import Cohort

from .charts import Chart, chart
from .headlines import Headline, _memo, definition_of, end_of_last_quarter, kept, valid_certificates

# The annual report counts a period; the headline figures count everything up to a day.
SINCE_EVER = datetime.date(1900, 1, 1)
LATEST_COHORTS = 12


def _to_date(user, day: datetime.date) -> dict:
    """The institution's annual-report figures from the beginning up to `day` (three aggregate queries)."""
    return _memo(
        f"institution_to_date:{day.isoformat()}",
        user,
        lambda: annual_report_figures(institution_id=user.institution_id, start=SINCE_EVER, end=day),
    )


def cohorts_ended(user, day: datetime.date) -> int:
    """结业班次：本机构结业日期在该日或之前的培训班次（与年度工作报告的“本年度结业班次”同一口径，不限年度）。"""
    return _to_date(user, day)["cohorts"]


def graduates(user, day: datetime.date) -> int:
    """结业学员：上述班次的学员人次（一人参加两个班次计两次；与年度工作报告的“结业学员”同一口径，不限年度）。"""
    return _to_date(user, day)["graduates"]


def passed(user, day: datetime.date) -> int:
    """考核合格：上述结业学员中考核合格的人次（与年度工作报告的“其中考核合格”同一口径）。"""
    return _to_date(user, day)["passed"]


HEADLINES = [
    ("cohorts_ended", "结业班次", cohorts_ended),
    ("graduates", "结业学员", graduates),
    ("passed", "考核合格", passed),
    ("valid_certificates", "有效结业证书", valid_certificates),
]


def institution_headlines(user, today: datetime.date) -> list[Headline]:
    before = end_of_last_quarter(today)
    result = []
    for key, label, figure in HEADLINES:
        now = figure(user, today)
        result.append(Headline(key, label, now, now - figure(user, before), definition_of(figure)))
    return result


def chart_institution_certificates(user, today: datetime.date) -> Chart:
    """本机构每年颁发的结业证书数（按发证日期的年份；含其后被撤销的证书），同全省看板的“各培训机构每年颁发结业证书”。"""
    certificates = chart("certificates", user, today)
    years = certificates.header[1:]
    counts = certificates.rows[0][1:] if certificates.rows else []
    rows = [[year, n] for year, n in zip(years, counts, strict=True)]
    return Chart("institution-certificates", "本机构每年颁发结业证书", "", ["年份", "颁发结业证书"], rows)


def chart_institution_cohorts(user, today: datetime.date) -> Chart:
    """本机构最近12个已结业的培训班次（结业日期在今日或之前，按结业日期）的结业学员人数和其中考核合格人数，
    与班次报备的“结业学员”“考核合格”同一口径。"""
    latest = (
        Cohort.objects.visible_to(user)
        .filter(end_date__lte=today)
        .annotate(
            n_graduates=Count("graduates", distinct=True),
            n_passed=Count("graduates", distinct=True, filter=Q(graduates__passed=True)),
        )
        .order_by("-end_date", "-pk")
        .values_list("code", "n_graduates", "n_passed")[:LATEST_COHORTS]
    )
    rows = [list(row) for row in reversed(latest)]
    return Chart(
        "institution-cohorts", "最近12个班次的结业学员与考核合格", "", ["班次编号", "结业学员", "考核合格"], rows
    )


FILING_STATES = [
    ("on_time", "按时"),
    ("late", "逾期"),
    ("returned", "已退回"),
    ("missing", "未报"),
    ("not_due", "未到期"),
]
# Each state in the compliance grid's colour (grid.COLOURS names Bootstrap's), so the chart reads like the grid.
BOOTSTRAP_COLOURS = {
    "success": "#198754",
    "warning": "#ffc107",
    "info": "#0dcaf0",
    "danger": "#dc3545",
    "secondary": "#6c757d",
}


def chart_institution_filings(user, today: datetime.date) -> Chart:
    """本机构的班次报备和年度工作报告按报备情况一览的判定计数：按时（截止日当天或之前首次提交）、
    逾期（截止日之后首次提交）、已退回（待重新提交）、未报（已过截止日从未提交）、未到期（尚未提交，截止日未到）。"""
    grouped = {
        row["kind"]: row
        for row in Filing.objects.visible_to(user)
        .filter(kind__in=(FilingKind.COHORT_FILING, FilingKind.ANNUAL_REPORT))
        .values("kind")
        .annotate(**state_counts(today))
        .order_by()
    }
    rows = []
    for kind in (FilingKind.COHORT_FILING, FilingKind.ANNUAL_REPORT):
        counts = grouped.get(kind, {})
        rows.append([kind.label, *(counts.get(key, 0) for key, _ in FILING_STATES)])
    header = ["报备类型", *(label for _, label in FILING_STATES)]
    colours = [BOOTSTRAP_COLOURS[COLOURS[state]] for state, _ in FILING_STATES]
    return Chart(
        "institution-filings", "本机构报备的及时情况", "", header, rows, stacked=True, extra={"colors": colours}
    )


INSTITUTION_CHARTS = {
    "institution-certificates": chart_institution_certificates,
    "institution-cohorts": chart_institution_cohorts,
    "institution-filings": chart_institution_filings,
}


def institution_charts(user, today: datetime.date) -> list[Chart]:
    result = []
    for function in INSTITUTION_CHARTS.values():
        one = function(user, today)
        one.definition = definition_of(function)
        result.append(one)
    return result


def institution_dashboard(user, today: datetime.date | None = None, *, fresh: bool = False) -> dict:
    """A training institution's headline figures and charts (its scope through visible_to), kept
    (headlines.kept) per institution."""
    today = today or timezone.localdate()
    return kept(
        f"dashboards:institution:{user.institution_id}:{today.isoformat()}",
        lambda: {"headlines": institution_headlines(user, today), "charts": institution_charts(user, today)},
        fresh=fresh,
    )
