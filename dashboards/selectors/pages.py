"""What a page asks for: the province's dashboard and a city bureau's (its own figures beside the provincial
average), cached per scope."""

from __future__ import annotations

import datetime

from django.utils import timezone

from filings.models import Filing, FilingKind
from filings.selectors.figures import as_of
from filings.selectors.grid import rate_counts
from pool.models import PoolEntry
from registry.models import (
    Appointment,
    City,
    Enterprise,
)
from registry.selectors import province_figures

from .charts import Chart, chart, charts
from .headlines import (
    _in_office,
    _scope,
    current_cqos,
    definition_of,
    enterprises_with_post,
    headlines,
    kept,
    pool_members,
)


def _reporting_totals(filings, today: datetime.date) -> tuple[float | None, float | None]:
    """(reporting rate, on-time rate) in % of these city reports, counted as chart_reporting and the grid count."""
    totals = filings.filter(kind=FilingKind.CITY_REPORT).aggregate(**rate_counts(today))
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
    definition = definition_of(city_comparison)
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


def city_dashboard(user, today: datetime.date | None = None, *, fresh: bool = False) -> dict:
    """A city bureau's figures (its scope through visible_to) beside the provincial average; kept like
    dashboard() for the bureau's unit."""
    today = today or timezone.localdate()
    return kept(
        f"dashboards:city:{user.city_id}:{today.isoformat()}",
        lambda: {
            "headlines": headlines(user, today),
            "charts": [*city_comparison(user, today), chart("activities", user, today)],
        },
        fresh=fresh,
    )


def dashboard(user, today: datetime.date | None = None, *, fresh: bool = False) -> dict:
    """The headline figures and every chart for the user's scope, kept (headlines.kept) per scope."""
    today = today or timezone.localdate()
    return kept(
        f"dashboards:{_scope(user)}:{today.isoformat()}",
        lambda: {"totals": province_figures(user), "headlines": headlines(user, today), "charts": charts(user, today)},
        fresh=fresh,
    )
