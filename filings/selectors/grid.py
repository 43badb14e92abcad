"""The compliance grid (报备情况一览): who filed what, on time or late, missing or returned, as of a day — for the
province's grid page, its export, and the filers' own rows on their home pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse

from registry.models import City

from ..models import Filing, FilingKind, FilingStatus

# How many periods (columns) one page of a grid shows; older ones are a page back.
PERIODS_PER_PAGE = 8
# The most pages back a grid pages (40 quarters = 10 years of city reports per page of 8 is 5 pages).
MAX_PERIOD_PAGE = 1000


class CellState:
    """A cell's state, judged on the day the grid is drawn. Timeliness is the first submission's (Filing's
    comment: a report returned for corrections was still filed in time)."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # the due date has passed and nothing was ever submitted
    RETURNED = "returned"  # submitted, returned for corrections, not yet resubmitted
    NOT_DUE = "not_due"  # not submitted, due date still ahead
    NONE = "none"  # nothing owed for this period (e.g. an institution not entrusted that year)


# (state, label, Bootstrap colour, legend text): colour AND words, never colour alone.
LEGEND = [
    (CellState.ON_TIME, "按时", "success", "截止日当天或之前首次提交"),
    (CellState.LATE, "逾期", "warning", "截止日之后首次提交，括号内为逾期天数"),
    (CellState.MISSING, "未报", "danger", "已过截止日，从未提交，括号内为已逾期天数"),
    (CellState.RETURNED, "已退回", "info", "已提交，被省局退回修改，尚未重新提交"),
    (CellState.NOT_DUE, "未到期", "secondary", "尚未提交，截止日未到"),
    (CellState.NONE, "—", "light", "该期间无报备义务"),
]
COLOURS = {state: colour for state, _, colour, _ in LEGEND}

# The decision shown beside a submitted cell's timeliness.
MARKS = {FilingStatus.SUBMITTED: "待审核", FilingStatus.ACCEPTED: "已通过"}


def filing_url(filing_id: int) -> str:
    return reverse("filings:filing-detail", kwargs={"pk": filing_id})


@dataclass(frozen=True)
class Cell:
    state: str
    filing_id: int | None = None
    days: int = 0  # late: days late at first submission; missing: days overdue as of today; not due: days left
    due_date: datetime.date | None = None
    mark: str = ""  # 待审核 / 已通过 beside a submitted one's timeliness

    @property
    def label(self) -> str:
        if self.state == CellState.ON_TIME:
            return "按时"
        if self.state == CellState.LATE:
            return f"逾期（{self.days}天）"
        if self.state == CellState.MISSING:
            return f"未报（逾期{self.days}天）"
        if self.state == CellState.RETURNED:
            return "已退回"
        if self.state == CellState.NOT_DUE:
            return "未到期"
        return "—"

    @property
    def text(self) -> str:
        """The label with its mark, as the export writes it: 按时·待审核."""
        return f"{self.label}·{self.mark}" if self.mark else self.label

    @property
    def colour(self) -> str:
        return COLOURS[self.state]

    @property
    def url(self) -> str:
        return filing_url(self.filing_id) if self.filing_id else ""

    @property
    def is_due(self) -> bool:
        """Counts in the rates: due by now, or filed already (an early filing is a filing)."""
        return self.state not in (CellState.NONE, CellState.NOT_DUE)

    @property
    def is_reported(self) -> bool:
        return self.state in (CellState.ON_TIME, CellState.LATE, CellState.RETURNED)

    @property
    def is_on_time(self) -> bool:
        return self.is_reported and self.days == 0 and self.state != CellState.LATE


NO_FILING = Cell(CellState.NONE)


def cell_of(
    *,
    status: str,
    due_date: datetime.date,
    first_submitted_at,
    days_late: int | None,
    today: datetime.date,
    filing_id: int | None = None,
) -> Cell:
    """The state of one filing on `today`, from its status, due date and first submission."""
    if first_submitted_at is None:
        if due_date < today:
            return Cell(CellState.MISSING, filing_id, (today - due_date).days, due_date)
        return Cell(CellState.NOT_DUE, filing_id, (due_date - today).days, due_date)
    late = days_late or 0
    if status == FilingStatus.RETURNED:
        return Cell(CellState.RETURNED, filing_id, late, due_date)
    state = CellState.LATE if late > 0 else CellState.ON_TIME
    return Cell(state, filing_id, late, due_date, MARKS.get(status, ""))


def _cell_of_row(row: dict, today: datetime.date) -> Cell:
    return cell_of(
        status=row["status"],
        due_date=row["due_date"],
        first_submitted_at=row["first_submitted_at"],
        days_late=row["days_late"],
        today=today,
        filing_id=row["id"],
    )


def rate_counts(today: datetime.date) -> dict[str, Count]:
    """The rates of Rates below as database aggregates, for counting many filings without their cells (the
    dashboard): due = due by `today` or already filed; reported = filed; on time = first filed not late."""
    filed = Q(first_submitted_at__isnull=False)
    return {
        "due": Count("pk", filter=filed | Q(due_date__lt=today)),
        "reported": Count("pk", filter=filed),
        "on_time": Count("pk", filter=filed & (Q(days_late=0) | Q(days_late__isnull=True))),
    }


def state_counts(today: datetime.date) -> dict[str, Count]:
    """cell_of's states as database aggregates, for counting filings by state without their cells (the cohort
    summary, an institution's dashboard): on_time, late, returned, missing, not_due as cell_of judges them, and
    on_time_all (returned ones first filed in time too, as the on-time rate counts them)."""
    never = Q(first_submitted_at__isnull=True)
    submitted = Q(first_submitted_at__isnull=False)
    late = submitted & Q(days_late__gt=0)
    return {
        "on_time": Count("id", filter=submitted & ~Q(days_late__gt=0) & ~Q(status=FilingStatus.RETURNED)),
        "on_time_all": Count("id", filter=submitted & ~Q(days_late__gt=0)),
        "late": Count("id", filter=late & ~Q(status=FilingStatus.RETURNED)),
        "returned": Count("id", filter=submitted & Q(status=FilingStatus.RETURNED)),
        "missing": Count("id", filter=never & Q(due_date__lt=today)),
        "not_due": Count("id", filter=never & Q(due_date__gte=today)),
    }


@dataclass
class Rates:
    """Reporting and on-time rates over the cells that are due (or already filed)."""

    due: int = 0
    reported: int = 0
    on_time: int = 0

    def add(self, cell: Cell) -> None:
        if cell.is_due:
            self.due += 1
            self.reported += cell.is_reported
            self.on_time += cell.is_on_time

    @staticmethod
    def _percent(part: int, whole: int) -> str:
        return f"{round(100 * part / whole)}%" if whole else "—"

    @property
    def reporting_rate(self) -> str:
        return self._percent(self.reported, self.due)

    @property
    def on_time_rate(self) -> str:
        return self._percent(self.on_time, self.due)


@dataclass(frozen=True)
class Column:
    start: datetime.date
    label: str


@dataclass
class Row:
    filer_id: int
    name: str
    cells: list[Cell]
    rates: Rates = field(default_factory=Rates)


@dataclass
class Grid:
    """Filers (rows) x periods (columns, oldest on the left), rates per row, per column and overall."""

    kind: str
    columns: list[Column]
    rows: list[Row]
    column_rates: list[Rates]
    overall: Rates
    page: int
    has_older: bool
    today: datetime.date

    @property
    def has_newer(self) -> bool:
        return self.page > 1

    @property
    def kind_label(self) -> str:
        return FilingKind(self.kind).label

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The grid as the export writes it: a header, a row per filer, then the rates of each period."""
        filer = "报备单位" if self.kind == FilingKind.CITY_REPORT else "培训机构"
        header = [filer, *(column.label for column in self.columns), "报备率", "按时率"]
        rows = [
            [row.name, *(cell.text for cell in row.cells), row.rates.reporting_rate, row.rates.on_time_rate]
            for row in self.rows
        ]
        rows.append(["报备率", *(r.reporting_rate for r in self.column_rates), self.overall.reporting_rate, ""])
        rows.append(["按时率", *(r.on_time_rate for r in self.column_rates), "", self.overall.on_time_rate])
        return header, rows


FILING_FIELDS = ("id", "status", "due_date", "first_submitted_at", "days_late", "period_start")


def _period_grid(
    *, kind: str, filer_field: str, filers: list[tuple[int, str]] | None, user, today: datetime.date, page: int
) -> Grid:
    """One grid of a periodic kind. `filers` fixes the rows (every reporting unit, even one with no rows yet);
    None takes the filers that owe something in the periods shown (institutions come and go)."""
    page = min(max(page, 1), MAX_PERIOD_PAGE)
    filings = Filing.objects.visible_to(user).filter(kind=kind)
    starts = list(
        filings.order_by("-period_start")
        .values_list("period_start", flat=True)
        .distinct()[(page - 1) * PERIODS_PER_PAGE : page * PERIODS_PER_PAGE + 1]
    )
    has_older = len(starts) > PERIODS_PER_PAGE
    starts = sorted(starts[:PERIODS_PER_PAGE])
    by_filer: dict[int, dict[datetime.date, dict]] = {}
    labels: dict[datetime.date, str] = {}
    names: dict[int, str] = {}
    if starts:
        name_field = f"{filer_field}__name"
        rows = filings.filter(period_start__gte=starts[0], period_start__lte=starts[-1]).values(
            *FILING_FIELDS, "period_label", f"{filer_field}_id", name_field
        )
        for row in rows:
            filer_id = row[f"{filer_field}_id"]
            by_filer.setdefault(filer_id, {})[row["period_start"]] = row
            labels[row["period_start"]] = row["period_label"]
            names[filer_id] = row[name_field]
    columns = [Column(start, labels[start]) for start in starts]
    if filers is None:
        filers = sorted(names.items(), key=lambda item: (item[1], item[0]))
    column_rates = [Rates() for _ in columns]
    overall = Rates()
    grid_rows = []
    for filer_id, name in filers:
        held = by_filer.get(filer_id, {})
        row = Row(filer_id, name, [])
        for index, column in enumerate(columns):
            found = held.get(column.start)
            cell = NO_FILING if found is None else _cell_of_row(found, today)
            row.cells.append(cell)
            row.rates.add(cell)
            column_rates[index].add(cell)
            overall.add(cell)
        grid_rows.append(row)
    return Grid(kind, columns, grid_rows, column_rates, overall, page, has_older, today)


def city_report_grid(*, user, today: datetime.date, page: int = 1) -> Grid:
    """Reporting units (in their order, every one of them) x the newest periods of city implementation reports."""
    cities = list(City.objects.visible_to(user).values_list("id", "name"))
    return _period_grid(
        kind=FilingKind.CITY_REPORT, filer_field="city", filers=cities, user=user, today=today, page=page
    )


def annual_report_grid(*, user, today: datetime.date, page: int = 1) -> Grid:
    """Institutions x the newest years of annual work reports (an institution has a row when it owed a report in
    one of the years shown)."""
    return _period_grid(
        kind=FilingKind.ANNUAL_REPORT, filer_field="institution", filers=None, user=user, today=today, page=page
    )


@dataclass
class CohortRow:
    institution_id: int
    name: str
    owed: int  # cohort filings owed so far (due or filed)
    on_time: int
    late: int
    missing: int
    returned: int
    not_due: int

    # Returned ones filed in time count as on time too (timeliness is the first submission's).
    on_time_all: int = 0

    @property
    def rates(self) -> Rates:
        return Rates(due=self.owed, reported=self.on_time + self.late + self.returned, on_time=self.on_time_all)


@dataclass
class CohortSummary:
    rows: list[CohortRow]
    overall: Rates
    missing: list[tuple[str, str, Cell]]  # (institution, cohort label, cell) of every missing cohort filing
    today: datetime.date

    def table(self) -> tuple[list[str], list[list]]:
        header = ["培训机构", "应报", "按时", "逾期", "未报", "已退回", "未到期", "报备率", "按时率"]
        rows = [
            [r.name, r.owed, r.on_time, r.late, r.missing, r.returned, r.not_due, r.rates.reporting_rate,
             r.rates.on_time_rate]
            for r in self.rows
        ]  # fmt: skip
        rows.append(
            ["合计", self.overall.due, "", "", "", "", "", self.overall.reporting_rate, self.overall.on_time_rate]
        )
        return header, rows


# How many missing cohort filings the summary names one by one (the counts hold them all).
MISSING_COHORTS_SHOWN = 50


def cohort_filing_summary(*, user, today: datetime.date) -> CohortSummary:
    """Per institution: how many cohort filings it owed so far and how each went, in one grouped query; and the
    missing ones by name, oldest first."""
    filings = Filing.objects.visible_to(user).filter(kind=FilingKind.COHORT_FILING)
    never = Q(first_submitted_at__isnull=True)
    grouped = (
        filings.values("institution_id", "institution__name")
        .annotate(**state_counts(today))
        .order_by("institution__name", "institution_id")
    )
    rows = []
    overall = Rates()
    for g in grouped:
        owed = g["on_time"] + g["late"] + g["returned"] + g["missing"]
        row = CohortRow(
            g["institution_id"],
            g["institution__name"],
            owed,
            g["on_time"],
            g["late"],
            g["missing"],
            g["returned"],
            g["not_due"],
            on_time_all=g["on_time_all"],
        )
        rows.append(row)
        overall.due += owed
        overall.reported += owed - row.missing
        overall.on_time += row.on_time_all
    missing_rows = (
        filings.filter(never, due_date__lt=today)
        .order_by("due_date", "id")
        .values(*FILING_FIELDS, "period_label", "institution__name")[:MISSING_COHORTS_SHOWN]
    )
    missing = [(r["institution__name"], r["period_label"], _cell_of_row(r, today)) for r in missing_rows]
    return CohortSummary(rows, overall, missing, today)
