"""The statistics table (the statistics page, its XLSX/CSV and /api/v1/statistics/units): per reporting unit the
city report's figures (filings.selectors.figures.unit_figures) and the pool and valid certificates, for a chosen
period (a year, a half or a quarter) and optionally one industry section and size. Each figure is defined once in
words (STATISTICS_FIGURES), counted by the database in eight queries whatever the number of units or rows."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from filings.periods import HALF_YEARLY, QUARTERLY, YEARLY, period_containing
from filings.selectors.figures import (
    ACKNOWLEDGED,
    CITY_REPORT_FIGURES,
    UNIT_FIGURE_DEFINITIONS,
    as_of,
    certificate_unit,
    certificates_by_unit,
    unit_figures,
)
from pool.models import PoolEntry
from registry.models import Appointment, City
from registry.permissions import CITY, role_of, sees_province_wide
from training.models import Certificate

# The measures (闽质监质〔2014〕286号) date from 2014: no period before it has anything to count.
FIRST_YEAR = 2014

STATISTICS_FIGURES: list[tuple[str, str, str]] = [
    *((key, label, UNIT_FIGURE_DEFINITIONS[key]) for key, label in CITY_REPORT_FIGURES),
    (
        "pool_members",
        "人才库人员",
        "当前在人才库中、截至期末已取得结业证书（现未撤销）或已有备案聘任开始的人员，按其在人才库中的报备单位"
        "（现任已备案聘任企业所在单位，否则现工作单位所在单位）计；人才库不保留历史，已出库的人员不计。"
        "按行业门类、企业规模筛选时按该企业计。",
    ),
    (
        "valid_certificates",
        "有效结业证书",
        "期末或之前颁发、到期末未被撤销的结业证书张数，归属单位与“本期取得结业证书人员”相同。",
    ),
]
LABELS = {key: label for key, label, _ in STATISTICS_FIGURES}
TOTAL_NOTE = "合计为各报备单位之和：同一人在两个单位都计入的（如换了工作单位），合计中计两次。"


# --- periods ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatisticsPeriod:
    code: str  # "2026-Q3", "2026-H1", "2026": the form's and the API's value
    label: str  # "2026年第3季度", "2026年上半年", "2026年度"
    start: datetime.date
    end: datetime.date


PERIOD_CODE = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")


def _period(year: int, part: str) -> StatisticsPeriod:
    if not part:
        frequency, month, code = YEARLY, 1, str(year)
    elif part[0] == "H":
        frequency, month, code = HALF_YEARLY, 1 + 6 * (int(part[1]) - 1), f"{year}-{part}"
    else:
        frequency, month, code = QUARTERLY, 1 + 3 * (int(part[1]) - 1), f"{year}-{part}"
    period = period_containing(frequency, datetime.date(year, month, 1))
    return StatisticsPeriod(code, period.label, period.start, period.end)


def current_period(today: datetime.date) -> StatisticsPeriod:
    """The quarter `today` is in: the page's default."""
    return _period(today.year, f"Q{(today.month - 1) // 3 + 1}")


def period_choices(today: datetime.date) -> list[StatisticsPeriod]:
    """Every year, half and quarter from FIRST_YEAR that has started by `today`, newest year first."""
    periods = []
    for year in range(today.year, FIRST_YEAR - 1, -1):
        for part in ("", "H1", "H2", "Q1", "Q2", "Q3", "Q4"):
            period = _period(year, part)
            if period.start <= today:
                periods.append(period)
    return periods


def parse_period(code: str, today: datetime.date) -> StatisticsPeriod | None:
    """The period `code` names, or None when it is malformed, before FIRST_YEAR or not started by `today`."""
    match = PERIOD_CODE.match(code.strip())
    if match is None or not FIRST_YEAR <= int(match[1]) <= today.year:
        return None
    period = _period(int(match[1]), match[2] or "")
    return period if period.start <= today else None


# --- the table ----------------------------------------------------------------------------------------------------


def statistics_units(user):
    """The reporting units whose rows the user may see: every unit for the province, a city bureau's own, else none."""
    units = City.objects.visible_to(user)
    if sees_province_wide(user):
        return units
    if role_of(user) == CITY:
        return units.filter(pk=user.city_id)
    return units.none()


@dataclass
class StatisticsRow:
    code: str
    unit: str
    figures: dict[str, int]

    @property
    def cells(self) -> list[int]:
        """The figures in column order (for the page's table)."""
        return [self.figures[key] for key, _, _ in STATISTICS_FIGURES]


@dataclass
class Statistics:
    period: StatisticsPeriod
    as_of: datetime.datetime
    filters: dict[str, str]  # the filters applied, by name, "" for none
    rows: list[StatisticsRow] = field(default_factory=list)
    total: dict[str, int] = field(default_factory=dict)

    @property
    def columns(self) -> list[tuple[str, str, str]]:
        return STATISTICS_FIGURES

    @property
    def total_cells(self) -> list[int]:
        return [self.total[key] for key, _, _ in STATISTICS_FIGURES]

    def sort(self, sort: str) -> str:
        """Order the rows by a figure (`key` ascending, `-key` descending; ties and no sort keep the units' own
        order); returns the sort applied, "" for an unknown key."""
        key = sort.removeprefix("-")
        if key not in LABELS:
            return ""
        self.rows.sort(key=lambda row: row.figures[key], reverse=sort.startswith("-"))
        return sort

    def table(self) -> tuple[list[str], list[list]]:
        """The header and rows of the XLSX and CSV: one row per unit, then 合计."""
        header = ["报备单位", *(label for _, label, _ in STATISTICS_FIGURES)]
        keys = [key for key, _, _ in STATISTICS_FIGURES]
        rows = [[row.unit, *(row.figures[key] for key in keys)] for row in self.rows]
        rows.append(["合计", *(self.total[key] for key in keys)])
        return header, rows


def unit_statistics(
    user, *, period: StatisticsPeriod, unit: City | None = None, industry_section: str = "", size: str = ""
) -> Statistics:
    """The table for the units the user may see (only `unit` if given, which must be one of them), in City order."""
    units = statistics_units(user)
    if unit is not None:
        units = units.filter(pk=unit.pk)
    units = list(units)
    ids = [city.pk for city in units]
    day = min(period.end, timezone.localdate())
    keep = {"industry_section": industry_section, "size": size}
    figures = unit_figures(start=period.start, end=period.end, cities=ids, **keep)
    pool = _pool_members(ids, day, **keep)
    certificates = _valid_certificates(ids, day, **keep)
    rows = [
        StatisticsRow(
            city.code,
            city.name,
            {
                **figures[city.pk],
                "pool_members": pool.get(city.pk, 0),
                "valid_certificates": certificates.get(city.pk, 0),
            },
        )
        for city in units
    ]
    total = {key: sum(row.figures[key] for row in rows) for key, _, _ in STATISTICS_FIGURES}
    filters = {
        "unit": unit.code if unit else "",
        "industry_section": industry_section,
        "size": size,
    }
    return Statistics(period, as_of(period.end), filters, rows, total)


def _pool_members(cities: list[int], day: datetime.date, *, industry_section: str, size: str) -> dict[int, int]:
    certified = Certificate.objects.filter(person_id=OuterRef("person_id"), revoked=False, issued_on__lte=day)
    appointed = Appointment.objects.filter(
        person_id=OuterRef("person_id"), status__in=ACKNOWLEDGED, appointed_on__lte=day
    )
    members = PoolEntry.objects.filter(city_id__in=cities).filter(Q(Exists(certified)) | Q(Exists(appointed)))
    if industry_section:
        members = members.filter(industry_section=industry_section)
    if size:
        members = members.filter(enterprise_size=size)
    return dict(members.values_list("city_id").annotate(n=Count("pk")).values_list("city_id", "n"))


def _valid_certificates(cities: list[int], day: datetime.date, *, industry_section: str, size: str) -> dict[int, int]:
    valid = (
        certificates_by_unit(cities, industry_section=industry_section, size=size)
        .filter(issued_on__lte=day)
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        .annotate(unit=certificate_unit())
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    return {unit: n for unit, n in valid if unit is not None}
