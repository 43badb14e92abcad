"""The figures a filing carries, filled in from the registry and training records (Articles 3 and 10).

Each kind has a fixed, ordered list of (key, Chinese label); `filing_figures` returns a dict with exactly those
keys (JSON-ready: numbers and ISO date strings), which submission freezes into the version.

What the city report counts, for its reporting unit and period (start..end, "as of" = the end of the period's
last day, or now for a period not over yet), is defined once in words in UNIT_FIGURE_DEFINITIONS below (Chinese: the
statistics page and the API show the same words). Appointments count by the enterprise's unit. Each figure is one
aggregate query per model (five in all), grouped by the unit when several units are asked at once (unit_figures).
"""

from __future__ import annotations

import datetime

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from registry.models import Appointment, AppointmentStatus, Enterprise, Finding, effective_size_q
from training.models import Certificate, Cohort, Graduate

from ..models import Filing, FilingKind

CITY_REPORT_FIGURES = [
    ("enterprises", "已登记企业"),
    ("enterprises_with_post", "已设立首席质量官岗位的企业"),
    ("appointments_current", "现任首席质量官（已备案）"),
    ("appointments_new", "本期新增聘任"),
    ("appointments_ended", "本期终止聘任"),
    ("persons_trained", "本期参加培训人员"),
    ("persons_passed", "其中考核合格"),
    ("persons_certified", "本期取得结业证书人员"),
    ("findings_recorded", "本期第六条情形认定"),
    ("findings_lifted", "本期解除第六条情形认定"),
]
# What each figure counts, in the words the statistics page and the API show beside it.
UNIT_FIGURE_DEFINITIONS = {
    "enterprises": "截至期末在平台登记的本单位企业数。",
    "enterprises_with_post": "截至期末登记、企业信息载明已设立首席质量官岗位的企业数（企业信息不保留岗位设立的历史，"
    "按当前岗位状态计）。",
    "appointments_current": "截至期末已由设区市局备案、任职开始日期不晚于期末且到期末未终止的聘任数；期末前已有新任"
    "首席质量官到任（已备案待生效）的，被替换的一方不计。按聘任企业所在单位计。",
    "appointments_new": "截至期末已备案、任职开始日期在本期内的聘任数。",
    "appointments_ended": "已备案、终止日期在本期内的聘任数（解聘、更换、离职）。",
    "persons_trained": "结业日期在本期内的培训班次的学员（同一人只计一次），按培训机构导入文件所填的工作单位计。",
    "persons_passed": "上述学员中考核合格的人数。",
    "persons_certified": "本期颁发、到期末未被撤销的结业证书的持证人数（同一人只计一次），按该次培训所填的工作单位计；"
    "据纸质证书补录的按持证人现工作单位计。",
    "findings_recorded": "认定日期在本期内的第六条情形认定：设区市局认定的计入该局单位，省局认定的按当事人现工作单位计。",
    "findings_lifted": "解除日期在本期内的第六条情形认定，归属同上。",
}
COHORT_FILING_FIGURES = [
    ("cohort_code", "班次编号"),
    ("start_date", "开班日期"),
    ("end_date", "结业日期"),
    ("hours", "学时"),
    ("location", "培训地点"),
    ("teachers", "授课教师"),
    ("graduates", "结业学员"),
    ("passed", "考核合格"),
    ("certificates_issued", "已颁发结业证书"),
    ("certificates_revoked", "其中已撤销"),
]
ANNUAL_REPORT_FIGURES = [
    ("cohorts", "本年度结业班次"),
    ("training_hours", "本年度培训学时"),
    ("graduates", "本年度结业学员"),
    ("passed", "其中考核合格"),
    ("certificates_issued", "本年度颁发结业证书"),
    ("certificates_revoked", "本年度撤销结业证书"),
]
FIGURES: dict[str, list[tuple[str, str]]] = {
    FilingKind.CITY_REPORT: CITY_REPORT_FIGURES,
    FilingKind.COHORT_FILING: COHORT_FILING_FIGURES,
    FilingKind.ANNUAL_REPORT: ANNUAL_REPORT_FIGURES,
}

# Appointments the city bureau has acknowledged (备案), whether still running, due to start or ended since.
ACKNOWLEDGED = (AppointmentStatus.ACKNOWLEDGED, AppointmentStatus.SCHEDULED, AppointmentStatus.ENDED)


def figure_rows(kind: str, figures: dict) -> list[tuple[str, object]]:
    """(Chinese label, value) in display order; a key missing from old figures shows as "—"."""
    return [(label, figures.get(key, "—")) for key, label in FIGURES[kind]]


def as_of(day: datetime.date) -> datetime.datetime:
    """The end of `day` in local time (the first instant after it), or now if that is still to come."""
    following = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return min(timezone.make_aware(following), timezone.now())


def in_office(day: datetime.date) -> Q:
    """现任首席质量官（已备案）: an appointment the city bureau acknowledged by the end of `day`, started on or
    before it and not ended by it, and not superseded by a CQO due to start by then (a SCHEDULED appointment of the
    same enterprise or person, whose switch the daily task has not written yet). The one definition the city
    report, the dashboards and the statistics count."""
    superseding = Appointment.objects.filter(
        Q(enterprise_id=OuterRef("enterprise_id")) | Q(person_id=OuterRef("person_id")),
        status=AppointmentStatus.SCHEDULED,
        appointed_on__lte=day,
    ).exclude(pk=OuterRef("pk"))
    return (
        Q(status__in=ACKNOWLEDGED)
        & (Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=as_of(day)))
        & Q(appointed_on__lte=day)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        & (~Q(status=AppointmentStatus.ACKNOWLEDGED) | ~Q(Exists(superseding)))
    )


def enterprise_filter(prefix: str = "", *, industry_section: str = "", size: str = "") -> Q:
    """The enterprise reached through `prefix` is of `industry_section` (行业门类) and of effective `size` (企业规模,
    the declared size once its city confirmed it, else the computed one); an empty filter keeps every enterprise."""
    condition = Q()
    if industry_section:
        condition &= Q(**{f"{prefix}industry_section": industry_section})
    if size:
        condition &= effective_size_q(size, prefix)
    return condition


def _grouped(queryset, unit, **aggregates) -> dict[int, dict]:
    """One GROUP BY the reporting unit expression `unit`: {unit id: {aggregate: value}} (rows with no unit dropped)."""
    rows = queryset.annotate(unit=unit).values("unit").annotate(**aggregates).values("unit", *aggregates)
    return {row.pop("unit"): row for row in rows if row["unit"] is not None}


def unit_figures(
    *,
    start: datetime.date,
    end: datetime.date,
    cities: list[int] | None = None,
    industry_section: str = "",
    size: str = "",
) -> dict[int, dict]:
    """The city report's figures (CITY_REPORT_FIGURES, defined in the module docstring) for every reporting unit at
    once, {city id: {key: value}}: the same five aggregate queries, each grouped by the unit, none per unit. `cities`
    limits the units (each listed one is in the answer, zeros when nothing counts); None means every unit with a
    figure.

    The filters keep only enterprises of that industry section and size, applied to the enterprise that places the
    figure in its unit: the enterprise figures by the enterprise itself; appointments by the appointment's
    enterprise; trained and passed by the employer the training file names (Graduate.enterprise); certified by the
    graduation's enterprise (or, for a certificate recorded from paper, the person's current employer); findings by
    the person's current employer (a finding recorded by a city bureau stays in that bureau's unit).
    """
    cutoff = as_of(end)
    keep = {"industry_section": industry_section, "size": size}

    def limit(queryset, unit_field: str):
        return queryset.filter(**{f"{unit_field}__in": cities}) if cities is not None else queryset

    enterprises = _grouped(
        limit(Enterprise.objects.filter(created_at__lt=cutoff).filter(enterprise_filter(**keep)), "city_id"),
        F("city_id"),
        enterprises=Count("pk"),
        enterprises_with_post=Count("pk", filter=Q(cqo_post_established=True)),
    )
    appointments = _grouped(
        limit(Appointment.objects.filter(status__in=ACKNOWLEDGED), "enterprise__city_id")
        .filter(Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=cutoff))
        .filter(enterprise_filter("enterprise__", **keep)),
        F("enterprise__city_id"),
        appointments_current=Count("pk", filter=in_office(end)),
        appointments_new=Count("pk", filter=Q(appointed_on__range=(start, end))),
        appointments_ended=Count("pk", filter=Q(status=AppointmentStatus.ENDED, ended_on__range=(start, end))),
    )
    trained = _grouped(
        limit(Graduate.objects.filter(cohort__end_date__range=(start, end)), "enterprise__city_id").filter(
            enterprise_filter("enterprise__", **keep)
        ),
        F("enterprise__city_id"),
        persons_trained=Count("person", distinct=True),
        persons_passed=Count("person", distinct=True, filter=Q(passed=True)),
    )
    certified = _grouped(
        certificates_by_unit(cities, **keep)
        .filter(issued_on__range=(start, end))
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=end)),
        certificate_unit(),
        persons_certified=Count("person", distinct=True),
    )
    finding_unit = Coalesce("city_id", "person__enterprise__city_id")
    findings = Finding.objects.annotate(finding_unit=finding_unit).filter(
        enterprise_filter("person__enterprise__", **keep)
    )
    if cities is not None:
        findings = findings.filter(finding_unit__in=cities)
    findings = _grouped(
        findings,
        finding_unit,
        findings_recorded=Count("pk", filter=Q(decided_on__range=(start, end))),
        findings_lifted=Count("pk", filter=Q(lifted_on__range=(start, end))),
    )
    units = cities if cities is not None else sorted({*enterprises, *appointments, *trained, *certified, *findings})
    zero = {key: 0 for key, _ in CITY_REPORT_FIGURES}
    return {
        unit: {
            **zero,
            **enterprises.get(unit, {}),
            **appointments.get(unit, {}),
            **trained.get(unit, {}),
            **certified.get(unit, {}),
            **findings.get(unit, {}),
        }
        for unit in units
    }


def certificate_unit() -> Case:
    """The unit a certificate counts in: its graduation's employer's, or (recorded from paper, no graduation) the
    person's current employer's."""
    return Case(
        When(graduate__isnull=True, then=F("person__enterprise__city_id")),
        default=F("graduate__enterprise__city_id"),
    )


def certificates_by_unit(cities: list[int] | None = None, *, industry_section: str = "", size: str = ""):
    """Certificates placed in a unit of `cities` (all when None) by certificate_unit(), the enterprise that places
    them of that industry section and size."""
    keep = {"industry_section": industry_section, "size": size}
    certificates = Certificate.objects.all()
    if industry_section or size:
        certificates = certificates.filter(
            (Q(graduate__isnull=False) & enterprise_filter("graduate__enterprise__", **keep))
            | (Q(graduate__isnull=True) & enterprise_filter("person__enterprise__", **keep))
        )
    if cities is not None:
        certificates = certificates.annotate(placed_in=certificate_unit()).filter(placed_in__in=cities)
    return certificates


def city_report_figures(*, city_id: int, start: datetime.date, end: datetime.date) -> dict:
    return unit_figures(start=start, end=end, cities=[city_id])[city_id]


def cohort_filing_figures(*, cohort: Cohort) -> dict:
    graduates = Graduate.objects.filter(cohort=cohort).aggregate(
        graduates=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    )
    certificates = Certificate.objects.filter(Q(cohort=cohort) | Q(graduate__cohort=cohort)).aggregate(
        certificates_issued=Count("pk", distinct=True),
        certificates_revoked=Count("pk", distinct=True, filter=Q(revoked=True)),
    )
    return {
        "cohort_code": cohort.code,
        "start_date": cohort.start_date.isoformat(),
        "end_date": cohort.end_date.isoformat(),
        "hours": cohort.hours,
        "location": cohort.location,
        "teachers": cohort.teachers,
        **graduates,
        **certificates,
    }


def annual_report_figures(*, institution_id: int, start: datetime.date, end: datetime.date) -> dict:
    cohorts = Cohort.objects.filter(institution_id=institution_id, end_date__range=(start, end)).aggregate(
        cohorts=Count("pk"), training_hours=Sum("hours")
    )
    graduates = Graduate.objects.filter(
        cohort__institution_id=institution_id, cohort__end_date__range=(start, end)
    ).aggregate(graduates=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
    certificates = Certificate.objects.filter(institution_id=institution_id).aggregate(
        certificates_issued=Count("pk", filter=Q(issued_on__range=(start, end))),
        certificates_revoked=Count("pk", filter=Q(revoked_on__range=(start, end))),
    )
    cohorts["training_hours"] = cohorts["training_hours"] or 0
    return {**cohorts, **graduates, **certificates}


def filing_figures(filing: Filing) -> dict:
    """The figures of `filing` as the records stand now, for its unit (or cohort) and period."""
    if filing.kind == FilingKind.CITY_REPORT:
        return city_report_figures(city_id=filing.city_id, start=filing.period_start, end=filing.period_end)
    if filing.kind == FilingKind.COHORT_FILING:
        return cohort_filing_figures(cohort=filing.cohort)
    return annual_report_figures(institution_id=filing.institution_id, start=filing.period_start, end=filing.period_end)
