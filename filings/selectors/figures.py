"""The figures a filing carries, filled in from the registry and training records (Articles 3 and 10).

Each kind has a fixed, ordered list of (key, Chinese label); `filing_figures` returns a dict with exactly those
keys (JSON-ready: numbers and ISO date strings), which submission freezes into the version.

What the city report counts, for its reporting unit and period (start..end, "as of" = the end of the period's
last day, or now for a period not over yet):
- 已设立首席质量官岗位的企业: the unit's enterprises registered by then whose profile says the post is set up (the
  profile keeps no dated history of the post, so a flag changed later shows in a later refresh);
- 现任首席质量官（已备案）: appointments acknowledged by then, started on or before the end, not ended by it;
- 新增聘任 / 终止聘任: acknowledged appointments starting in the period / appointments ended in the period;
- 参加培训人员: distinct persons in cohorts that ended in the period, counted by the employer the training
  institution's file names for them (Graduate.enterprise), so a person is counted where they were trained from;
  of whom 考核合格 passed;
- 取得结业证书人员: distinct persons with a certificate issued in the period and not revoked by its end, by the
  employer of that graduation (or, for a certificate recorded from paper, the person's current employer);
- 第六条情形认定 / 解除: findings decided / lifted in the period, recorded by that city bureau, or by the
  province against a person whose employer is in the unit.
Appointments count by the enterprise's unit. Each figure is one aggregate query per model (five in all).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from registry.models import Appointment, AppointmentStatus, Enterprise, Finding
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


def city_report_figures(*, city_id: int, start: datetime.date, end: datetime.date) -> dict:
    cutoff = as_of(end)
    enterprises = Enterprise.objects.filter(city_id=city_id, created_at__lt=cutoff).aggregate(
        enterprises=Count("pk"), enterprises_with_post=Count("pk", filter=Q(cqo_post_established=True))
    )
    # A CQO due to start whose switch the daily task has not written yet ends the acknowledged one it replaces.
    superseding = Appointment.objects.filter(
        Q(enterprise_id=OuterRef("enterprise_id")) | Q(person_id=OuterRef("person_id")),
        status=AppointmentStatus.SCHEDULED,
        appointed_on__lte=end,
    ).exclude(pk=OuterRef("pk"))
    in_office = (
        Q(appointed_on__lte=end)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
        & (~Q(status=AppointmentStatus.ACKNOWLEDGED) | ~Q(Exists(superseding)))
    )
    appointments = (
        Appointment.objects.filter(enterprise__city_id=city_id, status__in=ACKNOWLEDGED)
        .filter(Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=cutoff))
        .aggregate(
            appointments_current=Count("pk", filter=in_office),
            appointments_new=Count("pk", filter=Q(appointed_on__range=(start, end))),
            appointments_ended=Count("pk", filter=Q(status=AppointmentStatus.ENDED, ended_on__range=(start, end))),
        )
    )
    trained = Graduate.objects.filter(enterprise__city_id=city_id, cohort__end_date__range=(start, end)).aggregate(
        persons_trained=Count("person", distinct=True),
        persons_passed=Count("person", distinct=True, filter=Q(passed=True)),
    )
    certified = (
        Certificate.objects.filter(issued_on__range=(start, end))
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=end))
        .filter(
            Q(graduate__enterprise__city_id=city_id) | Q(graduate__isnull=True, person__enterprise__city_id=city_id)
        )
        .aggregate(persons_certified=Count("person", distinct=True))
    )
    findings = Finding.objects.filter(
        Q(city_id=city_id) | Q(city__isnull=True, person__enterprise__city_id=city_id)
    ).aggregate(
        findings_recorded=Count("pk", filter=Q(decided_on__range=(start, end))),
        findings_lifted=Count("pk", filter=Q(lifted_on__range=(start, end))),
    )
    return {**enterprises, **appointments, **trained, **certified, **findings}


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
