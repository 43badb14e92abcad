"""The dashboard's figures, each defined once here: what it counts is its docstring, which the page shows beside
it. Every figure starts from the models' visible_to(user) and is counted by the database (aggregate, or one
GROUP BY); nothing loads rows into Python to count them.

"As of" a day means at the end of that day (filings.selectors.figures.as_of); the change of a headline figure is
its value now minus its value at the end of the last quarter.
"""

from __future__ import annotations

import datetime
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import Coalesce, ExtractYear, Least
from django.urls import reverse
from django.utils import timezone

from filings.models import Filing, FilingKind, FilingStatus, Reminder, ReminderStatus
from filings.selectors.figures import ACKNOWLEDGED, as_of
from pool.models import PoolEntry
from registry.models import (
    Appointment,
    AppointmentStatus,
    City,
    Education,
    Enterprise,
    EnterpriseSize,
    TitleLevel,
)
from registry.permissions import sees_province_wide
from registry.selectors import HomePanel
from training.models import Certificate, Institution


def _scope(user) -> str:
    """Users who see the same rows see the same figures: the key of their cached dashboard."""
    if sees_province_wide(user):
        return "province"
    return f"{user.role}:{user.city_id}:{user.institution_id}:{user.enterprise_id}"


def end_of_last_quarter(today: datetime.date) -> datetime.date:
    """The last day of the quarter before the one `today` is in."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    return datetime.date(today.year, first_month, 1) - datetime.timedelta(days=1)


# --- headline figures -----------------------------------------------------------------------------------------


def enterprises_with_post(user, day: datetime.date) -> int:
    """已设立首席质量官岗位的企业：登记于该日结束前、企业信息载明已设立首席质量官岗位的企业（与设区市实施情况报备
    的同名数字同一口径；企业信息不保留岗位设立的历史，上季度末的数字按当前岗位状态计）。"""
    return Enterprise.objects.visible_to(user).filter(cqo_post_established=True, created_at__lt=as_of(day)).count()


def _in_office(day: datetime.date) -> Q:
    return (
        Q(status__in=ACKNOWLEDGED)
        & (Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=as_of(day)))
        & Q(appointed_on__lte=day)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    )


def current_cqos(user, day: datetime.date) -> int:
    """现任首席质量官（已备案）：该日前已由设区市局备案、已到任职开始日期且未终止的聘任。"""
    return Appointment.objects.visible_to(user).filter(_in_office(day)).count()


def pool_joined_by_day(user) -> dict[datetime.date, int]:
    """Current pool members counted by the day they first qualified: the earlier of their first certificate not
    revoked (issue date) and their first acknowledged appointment (start date). One query: the members joined to
    their certificates and appointments, grouped by person, then counted by that day in the database; Python only
    reads back one count per distinct day."""
    return _memo("pool_joined_by_day", user, lambda: _pool_joined_by_day(user))


def _pool_joined_by_day(user) -> dict[datetime.date, int]:
    members = (
        PoolEntry.objects.visible_to(user)
        .values("person_id")
        .annotate(
            first_certificate=Min("person__certificates__issued_on", filter=Q(person__certificates__revoked=False)),
            first_appointment=Min(
                "person__appointments__appointed_on", filter=Q(person__appointments__status__in=ACKNOWLEDGED)
            ),
        )
        .annotate(
            # Least ignores NULLs on PostgreSQL but not on SQLite (make run): Coalesce covers both.
            joined=Coalesce(Least("first_certificate", "first_appointment"), "first_certificate", "first_appointment")
        )
        .values("joined")
    )
    sql, params = members.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT joined, COUNT(*) FROM ({sql}) AS members GROUP BY joined", params)
        rows = cursor.fetchall()
    return {_as_date(day): n for day, n in rows if day is not None}


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def pool_members(user, day: datetime.date | None = None) -> int:
    """人才库人员：当前在人才库中的人员（持有效结业证书或为现任已备案首席质量官）。上季度末的数字为其中最早取得
    结业证书（未撤销）或最早备案聘任开始于该日或之前的人数（人才库不保留历史，已出库的人员不计）。"""
    if day is None:
        return PoolEntry.objects.visible_to(user).count()
    return sum(n for joined, n in pool_joined_by_day(user).items() if joined <= day)


def valid_certificates(user, day: datetime.date) -> int:
    """有效结业证书：该日或之前颁发、到该日未被撤销的结业证书。"""
    return (
        Certificate.objects.visible_to(user)
        .filter(issued_on__lte=day)
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        .count()
    )


@dataclass
class Headline:
    key: str
    label: str
    value: int
    change: int
    definition: str


def headlines(user, today: datetime.date | None = None) -> list[Headline]:
    today = today or timezone.localdate()
    before = end_of_last_quarter(today)
    rows = [
        ("enterprises_with_post", "已设立岗位的企业", enterprises_with_post, None),
        ("current_cqos", "现任首席质量官（已备案）", current_cqos, None),
        ("pool_members", "人才库人员", pool_members, "pool"),
        ("valid_certificates", "有效结业证书", valid_certificates, None),
    ]
    result = []
    for key, label, figure, kind in rows:
        now = figure(user) if kind == "pool" else figure(user, today)
        result.append(Headline(key, label, now, now - figure(user, before), " ".join(figure.__doc__.split())))
    return result


# --- charts: each returns (header, rows), the table beside the chart and its CSV -------------------------------


@dataclass
class Chart:
    key: str
    title: str
    definition: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    kind: str = "bar"  # bar, line or pie: how static/js/dashboard-charts.js draws it
    plot: list[int] | None = None  # the table's columns drawn as series (default: every column after the first)
    unit: str = ""  # "%": the value axis runs 0 to 100

    @property
    def json_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def as_json(self) -> dict:
        """What static/js/dashboard-charts.js draws: the table's header and rows, and the chart's kind."""
        return {"kind": self.kind, "header": self.header, "rows": self.rows, "plot": self.plot, "unit": self.unit}


def chart_by_unit(user, today: datetime.date) -> Chart:
    """各报备单位已设立首席质量官岗位的企业数和现任首席质量官（已备案）人数，口径同上方的同名数字，截至今日。"""
    posts = dict(
        Enterprise.objects.visible_to(user)
        .filter(cqo_post_established=True, created_at__lt=as_of(today))
        .values_list("city")
        .annotate(n=Count("pk"))
        .values_list("city", "n")
    )
    cqos = dict(
        Appointment.objects.visible_to(user)
        .filter(_in_office(today))
        .values_list("enterprise__city")
        .annotate(n=Count("pk"))
        .values_list("enterprise__city", "n")
    )
    rows = [[c.name, posts.get(c.pk, 0), cqos.get(c.pk, 0)] for c in City.objects.visible_to(user)]
    return Chart(
        "by-unit", "各报备单位岗位设立与首席质量官备案", "", ["报备单位", "已设立岗位的企业", "现任首席质量官"], rows
    )


# One computation of the dashboard (dashboard(), city_dashboard()) reads each of these expensive groupings once
# however many figures use it: {(function name, scope): result}, only while such a computation runs.
_computing: ContextVar[dict | None] = ContextVar("dashboards_computing", default=None)


def _memo(name: str, user, compute):
    memo = _computing.get()
    if memo is None:
        return compute()
    key = (name, _scope(user))
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _pool_breakdown(user) -> dict[tuple[str, str, str], int]:
    """Pool members counted by (education, title, enterprise size) in one GROUP BY (at most a few hundred groups),
    which the three pool charts fold: one scan of the pool instead of three."""

    def compute():
        rows = (
            PoolEntry.objects.visible_to(user)
            .values_list("education", "title_level", "enterprise_size")
            .annotate(n=Count("pk"))
            .values_list("education", "title_level", "enterprise_size", "n")
        )
        return {(education, title, size): n for education, title, size, n in rows}

    return _memo("pool_breakdown", user, compute)


def _pool_by(user, field_name: str, choices) -> list[list]:
    position = {"education": 0, "title_level": 1, "enterprise_size": 2}[field_name]
    counts: dict[str, int] = {}
    for key, n in _pool_breakdown(user).items():
        counts[key[position]] = counts.get(key[position], 0) + n
    rows = [[label, counts.pop(value, 0)] for value, label in choices]
    if counts.get("", 0):
        rows.append(["未填写", counts[""]])
    return rows


def chart_pool_education(user, today: datetime.date) -> Chart:
    """人才库人员按学历分布（当前）。"""
    return Chart(
        "pool-education", "人才库：学历", "", ["学历", "人数"], _pool_by(user, "education", Education.choices), "pie"
    )


def chart_pool_title(user, today: datetime.date) -> Chart:
    """人才库人员按职称等级分布（当前）。"""
    return Chart(
        "pool-title", "人才库：职称", "", ["职称等级", "人数"], _pool_by(user, "title_level", TitleLevel.choices), "pie"
    )


def chart_pool_size(user, today: datetime.date) -> Chart:
    """人才库人员按所在企业规模分布（当前）。"""
    rows = _pool_by(user, "enterprise_size", EnterpriseSize.choices)
    return Chart("pool-size", "人才库：企业规模", "", ["企业规模", "人数"], rows, "pie")


GROWTH_MONTHS = 12


def chart_pool_growth(user, today: datetime.date) -> Chart:
    """人才库按月增长（近12个月）：当前人才库人员按入库月份（最早取得结业证书或最早备案聘任开始的月份）计数，
    及截至各月末的累计人数。"""
    first = datetime.date(today.year, today.month, 1)
    for _ in range(GROWTH_MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    joined = pool_joined_by_day(user)
    before = sum(n for day, n in joined.items() if day < first)
    monthly: dict[tuple[int, int], int] = {}
    for day, n in joined.items():
        if first <= day <= today:
            monthly[(day.year, day.month)] = monthly.get((day.year, day.month), 0) + n
    rows, total, month = [], before, first
    while month <= today:
        added = monthly.get((month.year, month.month), 0)
        total += added
        rows.append([month.strftime("%Y-%m"), added, total])
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return Chart("pool-growth", "人才库按月增长", "", ["月份", "新增", "累计"], rows, "line")


def chart_certificates(user, today: datetime.date) -> Chart:
    """各培训机构每年颁发的结业证书数（按发证日期的年份；含其后被撤销的证书）。"""
    counts = (
        Certificate.objects.visible_to(user)
        .annotate(year=ExtractYear("issued_on"))
        .values_list("institution", "year")
        .annotate(n=Count("pk"))
        .values_list("institution", "year", "n")
    )
    years = sorted({year for _, year, _ in counts})
    table: dict[int, dict[int, int]] = {}
    for institution, year, n in counts:
        table.setdefault(institution, {})[year] = n
    names = dict(Institution.objects.visible_to(user).filter(pk__in=table).values_list("pk", "name"))
    rows = [
        [names.get(pk, ""), *(table[pk].get(y, 0) for y in years)]
        for pk in sorted(table, key=lambda p: names.get(p, ""))
    ]
    return Chart("certificates", "各培训机构每年颁发结业证书", "", ["培训机构", *(f"{y}年" for y in years)], rows)


def chart_reporting(user, today: datetime.date) -> Chart:
    """设区市实施情况报备的报送率和按时报送率，按报备单位：截止日期已过的报备中，已提交（首次提交时间不为空）
    的比例，和其中首次提交不晚于截止日期（逾期天数为0）的比例，均以截止日期已过的报备数为分母。"""
    counts = {
        row["city"]: row
        for row in Filing.objects.visible_to(user)
        .filter(kind=FilingKind.CITY_REPORT, due_date__lt=today)
        .values("city")
        .annotate(
            due=Count("pk"),
            reported=Count("pk", filter=Q(first_submitted_at__isnull=False)),
            on_time=Count("pk", filter=Q(first_submitted_at__isnull=False, days_late=0)),
        )
    }
    rows = []
    for city in City.objects.visible_to(user):
        row = counts.get(city.pk)
        if not row:
            rows.append([city.name, 0, 0, 0, None, None])
            continue
        due, reported, on_time = row["due"], row["reported"], row["on_time"]
        rows.append([city.name, due, reported, on_time, round(100 * reported / due, 1), round(100 * on_time / due, 1)])
    header = ["报备单位", "应报（已过截止日期）", "已报", "按时报送", "报送率（%）", "按时报送率（%）"]
    return Chart("reporting", "设区市实施情况报备：报送率与按时报送率", "", header, rows, plot=[4, 5], unit="%")


CHARTS = {
    "by-unit": chart_by_unit,
    "pool-education": chart_pool_education,
    "pool-title": chart_pool_title,
    "pool-size": chart_pool_size,
    "pool-growth": chart_pool_growth,
    "certificates": chart_certificates,
    "reporting": chart_reporting,
}


def chart(key: str, user, today: datetime.date | None = None) -> Chart:
    function = CHARTS[key]
    result = function(user, today or timezone.localdate())
    result.definition = " ".join(function.__doc__.split())
    return result


def charts(user, today: datetime.date | None = None) -> list[Chart]:
    today = today or timezone.localdate()
    return [chart(key, user, today) for key in CHARTS]


# --- a city bureau's dashboard: its own figures beside the provincial average ----------------------------------


def _reporting_totals(filings, today: datetime.date) -> tuple[float | None, float | None]:
    """(reporting rate, on-time rate) in % of these city reports past their due date, as chart_reporting counts."""
    totals = filings.filter(kind=FilingKind.CITY_REPORT, due_date__lt=today).aggregate(
        due=Count("pk"),
        reported=Count("pk", filter=Q(first_submitted_at__isnull=False)),
        on_time=Count("pk", filter=Q(first_submitted_at__isnull=False, days_late=0)),
    )
    if not totals["due"]:
        return None, None
    return round(100 * totals["reported"] / totals["due"], 1), round(100 * totals["on_time"] / totals["due"], 1)


def _province_averages(today: datetime.date) -> dict[str, float | None]:
    """The provincial average per reporting unit of each compared figure: province-wide totals (the same
    definitions as the headline figures) divided by the number of units. Only these averages leave this function,
    so a city bureau learns no other unit's figure; rates are the province's own (all reports due, all filed)."""
    units = City.objects.count() or 1
    cutoff = as_of(today)
    reporting, on_time = _reporting_totals(Filing.objects.all(), today)
    return {
        "enterprises_with_post": round(
            Enterprise.objects.filter(cqo_post_established=True, created_at__lt=cutoff).count() / units, 1
        ),
        "current_cqos": round(Appointment.objects.filter(_in_office(today)).count() / units, 1),
        "pool_members": round(PoolEntry.objects.count() / units, 1),
        "reporting": reporting,
        "on_time": on_time,
    }


def city_comparison(user, today: datetime.date) -> list[Chart]:
    """本市与全省平均：本报备单位的数字（口径同上方的同名数字），与全省各报备单位的平均数（全省合计除以报备单位数）；
    报送率和按时报送率为全省所有已过截止日期的设区市实施情况报备合计计算。"""
    average = _province_averages(today)
    reporting, on_time = _reporting_totals(Filing.objects.visible_to(user), today)
    definition = " ".join(city_comparison.__doc__.split())
    header = ["数字", "本市", "全省平均（每个报备单位）"]
    counts = Chart(
        "compare-counts",
        "本市与全省平均：岗位、首席质量官与人才库",
        definition,
        header,
        [
            ["已设立岗位的企业", enterprises_with_post(user, today), average["enterprises_with_post"]],
            ["现任首席质量官（已备案）", current_cqos(user, today), average["current_cqos"]],
            ["人才库人员", pool_members(user), average["pool_members"]],
        ],
    )
    rates = Chart(
        "compare-rates",
        "本市与全省：实施情况报备的报送率与按时报送率",
        definition,
        ["数字", "本市", "全省"],
        [["报送率（%）", reporting, average["reporting"]], ["按时报送率（%）", on_time, average["on_time"]]],
        unit="%",
    )
    return [counts, rates]


def city_dashboard(user, today: datetime.date | None = None) -> dict:
    """A city bureau's figures (its scope through visible_to) beside the provincial average; cached like
    dashboard() for the bureau's unit."""
    today = today or timezone.localdate()
    seconds = settings.DASHBOARD_CACHE_SECONDS
    key = f"dashboards:city:{user.city_id}:{today.isoformat()}"
    if seconds and (cached := cache.get(key)) is not None:
        return cached
    token = _computing.set({})
    try:
        result = {
            "headlines": headlines(user, today),
            "charts": city_comparison(user, today),
            "computed_at": timezone.now(),
        }
    finally:
        _computing.reset(token)
    if seconds:
        cache.set(key, result, seconds)
    return result


def dashboard(user, today: datetime.date | None = None) -> dict:
    """The headline figures and every chart for the user's scope, kept in the cache for
    settings.DASHBOARD_CACHE_SECONDS (0: computed on every request), shared by every user of the same scope."""
    today = today or timezone.localdate()
    seconds = settings.DASHBOARD_CACHE_SECONDS
    key = f"dashboards:{_scope(user)}:{today.isoformat()}"
    if seconds and (cached := cache.get(key)) is not None:
        return cached
    token = _computing.set({})
    try:
        result = {"headlines": headlines(user, today), "charts": charts(user, today), "computed_at": timezone.now()}
    finally:
        _computing.reset(token)
    if seconds:
        cache.set(key, result, seconds)
    return result


# --- the province's to-dos ---------------------------------------------------------------------------------------


def province_todo_panels(user) -> list[HomePanel]:
    """settings.HOME_PANELS: what the province should chase, above its home page's to-do list (the enterprises
    awaiting their city's check are already one of its to-do items)."""
    if not sees_province_wide(user):
        return []
    panels = []
    days = settings.DASHBOARD_APPOINTMENT_WAIT_DAYS
    waiting = (
        Appointment.objects.visible_to(user)
        .filter(status=AppointmentStatus.SUBMITTED, submitted_at__lt=timezone.now() - datetime.timedelta(days=days))
        .count()
    )
    if waiting:
        panels.append(
            HomePanel(
                "warning",
                f"有{waiting}份首席质量官聘任提交后超过{days}天仍未经设区市局备案。",
                reverse("registry:appointment-list") + f"?status={AppointmentStatus.SUBMITTED}",
                "查看待备案聘任",
            )
        )
    returned = Filing.objects.visible_to(user).filter(status=FilingStatus.RETURNED).count()
    if returned:
        panels.append(
            HomePanel(
                "warning",
                f"有{returned}份报备已退回，待报备单位修改后重新提交。",
                reverse("filings:filing-list") + f"?status={FilingStatus.RETURNED}",
                "查看已退回的报备",
            )
        )
    failed = Reminder.objects.filter(
        Exists(Filing.objects.visible_to(user).filter(pk=OuterRef("filing_id"))), status=ReminderStatus.FAILED
    ).count()
    if failed:
        panels.append(HomePanel("danger", f"有{failed}条报备提醒发送失败，系统将自动重试；请检查邮件服务。"))
    return panels
