"""The charts: each returns its table (header, rows), drawn by ECharts, shown beside it and offered as CSV."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from filings.models import Filing, FilingKind
from filings.selectors.figures import as_of
from filings.selectors.grid import rate_counts
from pool.models import PoolEntry
from registry.models import (
    Appointment,
    City,
    Education,
    Enterprise,
    EnterpriseSize,
    TitleLevel,
)
from training.models import Certificate, Institution

from .headlines import _in_office, _memo, definition_of, pool_joined_by_day

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
    stacked: bool = False  # bars of one category stacked (parts of a whole)
    extra: dict = field(default_factory=dict)  # what a special kind needs beside the table (the map's regions)

    @property
    def json_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def as_json(self) -> dict:
        """What static/js/dashboard-charts.js draws: the table's header and rows, and the chart's kind."""
        return {
            "kind": self.kind,
            "header": self.header,
            "rows": self.rows,
            "plot": self.plot,
            "unit": self.unit,
            "stacked": self.stacked,
            **self.extra,
        }


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
    """设区市实施情况报备的报送率和按时报送率，按报备单位：以截止日期已过或已提交的报备为分母，已提交的比例为报送率，
    首次提交不晚于截止日期的比例为按时报送率（与报备情况一览的统计口径相同）。"""
    counts = {
        row["city"]: row
        for row in Filing.objects.visible_to(user)
        .filter(kind=FilingKind.CITY_REPORT)
        .values("city")
        .annotate(**rate_counts(today))
    }
    rows = []
    for city in City.objects.visible_to(user):
        row = counts.get(city.pk)
        if not row or not row["due"]:
            rows.append([city.name, 0, 0, 0, None, None])
            continue
        due, reported, on_time = row["due"], row["reported"], row["on_time"]
        rows.append([city.name, due, reported, on_time, round(100 * reported / due, 1), round(100 * on_time / due, 1)])
    header = ["报备单位", "应报（已到期或已提交）", "已报", "按时报送", "报送率（%）", "按时报送率（%）"]
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
    today = today or timezone.localdate()
    # Once per computation: the map reads the by-unit and reporting charts the page draws too.
    result = _memo(f"chart:{key}:{today.isoformat()}", user, lambda: function(user, today))
    result.definition = definition_of(function)
    return result


def charts(user, today: datetime.date | None = None) -> list[Chart]:
    today = today or timezone.localdate()
    return [chart(key, user, today) for key in CHARTS]
