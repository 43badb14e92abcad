"""Registry writes that matter: enterprises, persons and their quality work, Article 6 findings, resident-ID access."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from eligibility import facts, rules

from . import crypto
from .models import (
    AccessAction,
    AccessLog,
    Appointment,
    AppointmentEndReason,
    AppointmentStatus,
    City,
    Enterprise,
    EnterpriseSize,
    Finding,
    Notice,
    Person,
    QualityWorkPeriod,
    Role,
    TitleLevel,
)
from .selectors import person_find_by_resident_id
from .validators import parse_resident_id

# ---------------------------------------------------------------------------
# Who may do what. Scope (which rows) comes from visible_to; these say which roles may write.
# ---------------------------------------------------------------------------


def _is_province(actor) -> bool:
    return actor.is_superuser or actor.role == Role.PROVINCE


def can_edit_enterprise(actor, enterprise: Enterprise) -> bool:
    """Province anywhere, a city bureau in its unit, an enterprise user its own profile (None: the system)."""
    if actor is None or _is_province(actor):
        return True
    if actor.role == Role.CITY:
        return enterprise.city_id == actor.city_id
    if actor.role == Role.ENTERPRISE:
        return enterprise.pk == actor.enterprise_id
    return False


def can_confirm_size(actor, enterprise: Enterprise) -> bool:
    """The enterprise's own city bureau, or the province."""
    return _is_province(actor) or (actor.role == Role.CITY and actor.city_id == enterprise.city_id)


def can_lift_finding(actor, finding: Finding) -> bool:
    """The province any finding; a city bureau only the findings it recorded itself."""
    return _is_province(actor) or (actor.role == Role.CITY and finding.city_id == actor.city_id)


def _can_see_person(actor, person: Person) -> bool:
    return actor is None or Person.objects.visible_to(actor).filter(pk=person.pk).exists()


def _save(obj, actor, *, update_fields: Iterable[str] | None = None) -> None:
    """Validate and save, naming the actor in the change history (the middleware covers only web requests)."""
    obj.full_clean()
    obj._history_user = actor
    obj.save(update_fields=list(update_fields) if update_fields is not None else None)


# ---------------------------------------------------------------------------
# Enterprises
# ---------------------------------------------------------------------------

# What an enterprise user or its bureau may change on the profile; the rest is the province's.
ENTERPRISE_PROFILE_FIELDS = (  # in the order the profile form shows them
    "name",
    "address",
    "legal_representative",
    "industry_section",
    "industry_division",
    "employees",
    "revenue",
    "total_assets",
    "declared_size",
    "cqo_post_established",
    "cqo_empowered",
)
ENTERPRISE_PROVINCE_FIELDS = frozenset({"credit_code", "city"})


def _recompute_size(enterprise: Enterprise) -> None:
    enterprise.size = enterprise.size_result().size


@transaction.atomic
def enterprise_register(
    *,
    actor,
    credit_code: str,
    name: str,
    city: City,
    industry_section: str,
    industry_division: str = "",
    employees: int | None = None,
    revenue: Decimal | None = None,
    total_assets: Decimal | None = None,
    address: str = "",
    legal_representative: str = "",
    declared_size: str = "",
    cqo_post_established: bool = False,
    cqo_empowered: bool = False,
) -> Enterprise:
    """Register an enterprise. Provincial staff anywhere, city staff in their own reporting unit; actor None is the system."""
    if actor is not None and not _is_province(actor):
        if actor.role != Role.CITY:
            raise PermissionDenied("只有省局和设区市局工作人员可以新增企业。")
        if city.pk != actor.city_id:
            raise PermissionDenied(f"设区市局只能在本报备单位（{actor.city}）新增企业。")
    enterprise = Enterprise(
        credit_code=credit_code,
        name=name,
        city=city,
        industry_section=industry_section,
        industry_division=industry_division,
        employees=employees,
        revenue=revenue,
        total_assets=total_assets,
        address=address,
        legal_representative=legal_representative,
        declared_size=declared_size,
        cqo_post_established=cqo_post_established,
        cqo_empowered=cqo_empowered,
    )
    _recompute_size(enterprise)
    _save(enterprise, actor)
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, actor, **fields) -> Enterprise:
    """Change profile fields; the computed size follows, and a changed declared size needs confirming again."""
    unknown = set(fields) - set(ENTERPRISE_PROFILE_FIELDS) - ENTERPRISE_PROVINCE_FIELDS
    if unknown:
        raise TypeError(f"enterprise_update() cannot set {sorted(unknown)}")
    if not can_edit_enterprise(actor, enterprise):
        raise PermissionDenied("您无权修改该企业的信息。")
    if actor is not None and not _is_province(actor) and set(fields) & ENTERPRISE_PROVINCE_FIELDS:
        changing = [f for f in ENTERPRISE_PROVINCE_FIELDS & set(fields) if getattr(enterprise, f) != fields[f]]
        if changing:
            raise PermissionDenied("统一社会信用代码和所属报备单位只能由省局修改。")
    changed = [name for name, value in fields.items() if getattr(enterprise, name) != value]
    if not changed:
        return enterprise
    for name in changed:
        setattr(enterprise, name, fields[name])
    if "declared_size" in changed and enterprise.size_confirmed_by_city:
        enterprise.size_confirmed_by_city = False
        changed.append("size_confirmed_by_city")
    _recompute_size(enterprise)
    _save(enterprise, actor, update_fields=[*changed, "size", "updated_at"])
    appointment_reevaluate_enterprise(enterprise=enterprise, actor=actor, event="（企业信息变更后重新核验）")
    pool_refresh_enterprise(enterprise=enterprise)
    return enterprise


@transaction.atomic
def enterprise_confirm_size(*, enterprise: Enterprise, actor, declared_size: str) -> Enterprise:
    """The city bureau (or the province) confirms the enterprise's size, which then wins over the computed one."""
    if not can_confirm_size(actor, enterprise):
        raise PermissionDenied("只有企业所属的设区市局或省局可以确认企业规模。")
    if declared_size not in (EnterpriseSize.LARGE, EnterpriseSize.MEDIUM, EnterpriseSize.SMALL, EnterpriseSize.MICRO):
        raise ValidationError({"declared_size": "请选择大型、中型、小型或微型之一作为确认的企业规模。"})
    enterprise.declared_size = declared_size
    enterprise.size_confirmed_by_city = True
    _save(enterprise, actor, update_fields=["declared_size", "size_confirmed_by_city", "updated_at"])
    appointment_reevaluate_enterprise(enterprise=enterprise, actor=actor, event="（企业规模经设区市局确认后重新核验）")
    pool_refresh_enterprise(enterprise=enterprise)
    return enterprise


# ---------------------------------------------------------------------------
# Persons
# ---------------------------------------------------------------------------

PERSON_PROFILE_FIELDS = frozenset(
    {
        "name",
        "phone",
        "email",
        "education",
        "title_level",
        "title_series",
        "enterprise",
        "position",
        "declared_ethics",
        "declared_laws",
        "declared_conduct",
        "declared_on",
    }
)


def _check_enterprise_for_actor(actor, enterprise: Enterprise | None) -> None:
    """Persons are scoped by their employer, so a city or enterprise may only file people it can then see."""
    if actor is None or _is_province(actor) or actor.role == Role.INSTITUTION:
        return
    if actor.role == Role.ENTERPRISE and (enterprise is None or enterprise.pk != actor.enterprise_id):
        raise PermissionDenied("企业用户只能登记本企业的人员。")
    if actor.role == Role.CITY and (enterprise is None or enterprise.city_id != actor.city_id):
        raise PermissionDenied("设区市局只能登记本报备单位企业的人员。")


@transaction.atomic
def person_register(
    *,
    actor,
    name: str,
    resident_id: str,
    education: str,
    title_level: str = TitleLevel.NONE,
    title_series: str = "",
    phone: str = "",
    email: str = "",
    enterprise: Enterprise | None = None,
    position: str = "",
    gender: str | None = None,
    birth_date: datetime.date | None = None,
    declared_ethics: bool = False,
    declared_laws: bool = False,
    declared_conduct: bool = False,
    declared_on: datetime.date | None = None,
    quality_work: Iterable[dict] = (),
) -> Person:
    """Register a person. The ID is validated, stored encrypted with a keyed hash and a mask; gender and
    birth date come from it, and a typed gender or birth date must agree.

    `quality_work` is a list of {"start", "end", "employer", "position"} dicts.
    """
    _check_enterprise_for_actor(actor, enterprise)
    parsed = parse_resident_id(resident_id)  # raises a Chinese message naming what is wrong
    errors = {}
    if gender and gender != parsed.gender:
        errors["gender"] = f"性别与身份证号码不符：号码显示为{'男' if parsed.gender == 'M' else '女'}。"
    if birth_date and birth_date != parsed.birth_date:
        errors["birth_date"] = f"出生日期与身份证号码不符：号码显示为{parsed.birth_date:%Y-%m-%d}。"
    if person_find_by_resident_id(parsed.number) is not None:
        errors["resident_id"] = "该身份证号码已登记，请勿重复登记；如需修改信息，请在该人员的信息页修改。"
    if errors:
        raise ValidationError(errors)
    person = Person(
        name=name.strip(),
        resident_id_encrypted=crypto.encrypt(parsed.number),
        resident_id_hash=crypto.keyed_hash(parsed.number),
        resident_id_masked=crypto.mask(parsed.number),
        gender=parsed.gender,
        birth_year=parsed.birth_date.year,
        education=education,
        title_level=title_level,
        title_series=title_series,
        phone=phone,
        email=email,
        enterprise=enterprise,
        position=position,
        declared_ethics=declared_ethics,
        declared_laws=declared_laws,
        declared_conduct=declared_conduct,
        declared_on=declared_on,
    )
    _save(person, actor)
    for period in quality_work:
        quality_work_period_add(person=person, actor=actor, **period)
    return person


@transaction.atomic
def person_update(*, person: Person, actor, **fields) -> Person:
    """Change a person's profile (not the ID: a wrong ID is a different person)."""
    unknown = set(fields) - PERSON_PROFILE_FIELDS
    if unknown:
        raise TypeError(f"person_update() cannot set {sorted(unknown)}")
    if not _can_see_person(actor, person) or (actor is not None and actor.role == Role.INSTITUTION):
        raise PermissionDenied("您无权修改该人员的信息。")
    if "enterprise" in fields and fields["enterprise"] != person.enterprise:
        _check_enterprise_for_actor(actor, fields["enterprise"])
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    if not changed:
        return person
    for name in changed:
        setattr(person, name, fields[name])
    _save(person, actor, update_fields=[*changed, "updated_at"])
    pool_refresh(person_ids=[person.pk])
    return person


@transaction.atomic
def quality_work_period_add(
    *, person: Person, actor, start: datetime.date, employer: str, end: datetime.date | None = None, position: str = ""
) -> QualityWorkPeriod:
    """Add a period of quality work; no end date means it is still going on."""
    if not _can_see_person(actor, person):
        raise PermissionDenied("您无权修改该人员的信息。")
    if end is not None and end < start:
        raise ValidationError({"end": "结束日期不能早于开始日期。"})
    period = QualityWorkPeriod(person=person, start=start, end=end, employer=employer, position=position)
    _save(period, actor)
    return period


@transaction.atomic
def person_reveal_id(*, person: Person, actor, reason: str) -> str:
    """The full resident ID, for provincial staff only, after writing who asked, when and why to the access log."""
    if actor is None or not actor.is_authenticated or not _is_province(actor):
        raise PermissionDenied("只有省局工作人员可以查看完整身份证号码。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写查看完整身份证号码的事由。"})
    AccessLog.objects.create(actor=actor, person=person, action=AccessAction.REVEAL, reason=reason[:200], count=1)
    return crypto.decrypt(person.resident_id_encrypted)


@transaction.atomic
def access_log_record_export(*, actor, reason: str, count: int, person: Person | None = None) -> AccessLog:
    """Log an export that contains full resident IDs; the exporter calls this before it sends the file."""
    if actor is None or not actor.is_authenticated or not _is_province(actor):
        raise PermissionDenied("只有省局工作人员可以导出完整身份证号码。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写导出完整身份证号码的事由。"})
    return AccessLog.objects.create(
        actor=actor, person=person, action=AccessAction.EXPORT, reason=reason[:200], count=count
    )


# ---------------------------------------------------------------------------
# Article 6 findings
# ---------------------------------------------------------------------------


@transaction.atomic
def finding_record(*, person: Person, actor, item: int, decided_on: datetime.date, evidence, note: str = "") -> Finding:
    """Record an Article 6 finding. Provincial staff for anyone; city staff for persons in their reporting unit.

    The person's pending and current appointments are re-judged at once (their city bureaux get a
    notice) and their talent-pool row refreshed.
    """
    if actor.role not in (Role.PROVINCE, Role.CITY) and not actor.is_superuser:
        raise PermissionDenied("只有省局和设区市局工作人员可以登记第六条情形认定。")
    if not _can_see_person(actor, person):
        raise PermissionDenied("设区市局只能对本报备单位企业的人员登记认定。")
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "认定日期不能晚于今天。"})
    finding = Finding(
        person=person,
        item=item,
        decided_on=decided_on,
        evidence=evidence,
        note=note,
        recorded_by=actor,
        city=None if _is_province(actor) else actor.city,
    )
    _save(finding, actor)
    appointment_reevaluate_person(
        person=person,
        actor=actor,
        event=f"被认定存在第六条第（{'一二三四五'[item - 1]}）项情形（{decided_on:%Y-%m-%d}）",
    )
    return finding


@transaction.atomic
def finding_lift(*, finding: Finding, actor, lifted_on: datetime.date, reason: str) -> Finding:
    """Lift a finding with a reason: the province any finding, a city bureau those it recorded."""
    if not can_lift_finding(actor, finding):
        raise PermissionDenied("只有省局或作出认定的设区市局可以解除该认定。")
    if finding.lifted_on is not None:
        raise ValidationError({"lifted_on": f"该认定已于{finding.lifted_on:%Y-%m-%d}解除。"})
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["lifted_reason"] = "请填写解除理由。"
    if lifted_on < finding.decided_on:
        errors["lifted_on"] = f"解除日期不能早于认定日期{finding.decided_on:%Y-%m-%d}。"
    elif lifted_on > timezone.localdate():
        errors["lifted_on"] = "解除日期不能晚于今天。"
    if errors:
        raise ValidationError(errors)
    finding.lifted_on = lifted_on
    finding.lifted_reason = reason
    finding.lifted_by = actor
    _save(finding, actor, update_fields=["lifted_on", "lifted_reason", "lifted_by"])
    appointment_reevaluate_person(
        person=finding.person, actor=actor, event=f"的第六条情形认定已于{lifted_on:%Y-%m-%d}解除"
    )
    return finding


__all__ = [
    "can_edit_enterprise",
    "can_confirm_size",
    "can_lift_finding",
    "enterprise_register",
    "enterprise_update",
    "enterprise_confirm_size",
    "person_register",
    "person_update",
    "person_find_by_resident_id",
    "person_reveal_id",
    "quality_work_period_add",
    "access_log_record_export",
    "finding_record",
    "finding_lift",
]


# ---------------------------------------------------------------------------
# The talent pool (人才库). PoolEntry is a read table: every service that changes a person, a
# certificate, a finding, an appointment or an enterprise calls pool_refresh for the persons
# concerned, and `manage.py refresh_pool` rebuilds it all (run it nightly: verdicts depend on today).
# ---------------------------------------------------------------------------

POOL_REFRESH_BATCH = 1000


def _pool_enterprise(person):
    """The enterprise the pool row shows: the current appointment's, else the current employer."""
    current = person.current_appointments[0] if person.current_appointments else None
    return current, (current.enterprise if current is not None else person.enterprise)


def _pool_row(person, *, valid, current, enterprise, verdict):
    from .models import PoolEntry

    city = enterprise.city if enterprise is not None else None
    return PoolEntry(
        person=person,
        name=person.name,
        resident_id_masked=person.resident_id_masked,
        city=city,
        city_code=city.code if city is not None else "",
        enterprise=enterprise,
        enterprise_name=enterprise.name if enterprise is not None else "",
        credit_code=enterprise.credit_code if enterprise is not None else "",
        industry_section=enterprise.industry_section if enterprise is not None else "",
        enterprise_size=enterprise.effective_size if enterprise is not None else "",
        education=person.education,
        title_level=person.title_level,
        eligibility=verdict.status,
        certificate_year=max((c.issued_on.year for c in valid), default=0),
        via_certificate=bool(valid),
        via_appointment=current is not None,
    )


@transaction.atomic
def pool_refresh(*, person_ids: Iterable[int]) -> int:
    """Bring these persons' talent-pool rows up to date: add members, update them, drop those who left.

    Membership (Article 12): a certificate that counts for 第五条第（五）项 (not revoked, issued
    while its institution was entrusted), or a current acknowledged appointment. The verdict is the rules engine's as of today, for the enterprise the row shows.
    Costs a fixed number of queries per batch of POOL_REFRESH_BATCH persons. Returns how many of
    them are in the pool.
    """
    from django.db.models import Prefetch

    from eligibility import facts, rules
    from training.models import Certificate

    from .models import Appointment, PoolEntry

    ids = sorted(set(person_ids))
    today = timezone.localdate()
    update_fields = [f.name for f in PoolEntry._meta.concrete_fields if f.name not in ("id", "person")]
    members = 0
    for start in range(0, len(ids), POOL_REFRESH_BATCH):
        batch = ids[start : start + POOL_REFRESH_BATCH]
        persons = (
            Person.objects.filter(pk__in=batch)
            .select_related("enterprise__city")
            .prefetch_related(
                # The same certificate prefetch eligibility.facts uses, so it finds them already loaded.
                Prefetch(
                    "certificates",
                    queryset=Certificate.objects.select_related("institution").prefetch_related(
                        "institution__entrustments"
                    ),
                ),
                Prefetch(
                    "appointments",
                    queryset=Appointment.objects.current().select_related("enterprise__city"),
                    to_attr="current_appointments",
                ),
            )
        )
        placed = [(person, *_pool_enterprise(person)) for person in persons]
        candidates = facts.candidates_for([(person, enterprise) for person, _, enterprise in placed], as_of=today)
        rows = []
        for (person, current, enterprise), candidate in zip(placed, candidates, strict=True):
            # A certificate counts exactly when the engine counts it for 5.5 (issued while the
            # institution was entrusted, not revoked by today): one rule for the pool and the verdict.
            valid = [c for c in candidate.certificates if not rules.certificate_problems(c, today)]
            if valid or current is not None:
                verdict = rules.evaluate(candidate)
                rows.append(_pool_row(person, valid=valid, current=current, enterprise=enterprise, verdict=verdict))
        PoolEntry.objects.filter(person_id__in=batch).exclude(person_id__in=[r.person_id for r in rows]).delete()
        PoolEntry.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["person"], update_fields=update_fields
        )
        members += len(rows)
    return members


def pool_refresh_enterprise(*, enterprise: Enterprise) -> int:
    """Refresh everyone whose pool row may show this enterprise: its employees and appointees."""
    from django.db.models import Q

    person_ids = Person.objects.filter(Q(enterprise=enterprise) | Q(appointments__enterprise=enterprise)).values_list(
        "pk", flat=True
    )
    return pool_refresh(person_ids=set(person_ids))


def pool_rebuild() -> int:
    """Refresh everyone who is or could be in the pool, one transaction per batch (`manage.py refresh_pool`)."""
    from training.models import Certificate

    from .models import Appointment, PoolEntry

    candidates = sorted(
        set(Certificate.objects.values_list("person_id", flat=True))
        | set(Appointment.objects.values_list("person_id", flat=True))
        | set(PoolEntry.objects.values_list("person_id", flat=True))
    )
    return sum(
        pool_refresh(person_ids=candidates[start : start + POOL_REFRESH_BATCH])
        for start in range(0, len(candidates), POOL_REFRESH_BATCH)
    )


def export_log_masked_ids(*, actor, what: str, count: int, file_format: str) -> AccessLog:
    """Record an export whose file carries (masked) resident IDs: every export containing IDs is logged."""
    return AccessLog.objects.create(
        actor=actor,
        action=AccessAction.EXPORT,
        reason=f"{what}导出（{file_format.upper()}，身份证号码已脱敏）"[:200],
        count=count,
    )


# ---------------------------------------------------------------------------
# Appointments (Articles 2, 7, 13): the enterprise files its CQO with the verdict it saw; the city
# bureau acknowledges (备案) or returns it; a change of CQO and a dismissal are dated events.
# ---------------------------------------------------------------------------


def can_file_appointment(actor, enterprise: Enterprise) -> bool:
    """The enterprise itself (or the province, or the system) files its CQO's appointment."""
    if actor is None or _is_province(actor):
        return True
    return actor.role == Role.ENTERPRISE and actor.enterprise_id == enterprise.pk


def can_review_appointment(actor, enterprise: Enterprise) -> bool:
    """The city bureau of the enterprise's reporting unit, or the province, acknowledges or returns."""
    if actor is None or _is_province(actor):
        return True
    return actor.role == Role.CITY and actor.city_id == enterprise.city_id


def _check_appointed_on(appointed_on: datetime.date) -> None:
    """An appointment may be filed a little ahead of its start, never years ahead (its verdict is today's)."""
    latest = timezone.localdate() + datetime.timedelta(days=settings.APPOINTMENT_MAX_DAYS_AHEAD)
    if appointed_on > latest:
        raise ValidationError(
            {
                "appointed_on": f"聘任日期不能晚于{latest:%Y-%m-%d}（最多提前{settings.APPOINTMENT_MAX_DAYS_AHEAD}天登记）。"
            }
        )


def appointment_preview(*, enterprise: Enterprise, person: Person, as_of: datetime.date):
    """The engine's verdict for `person` as the CQO of `enterprise` on `as_of`, from the stored facts."""
    # A fresh instance: facts prefetches onto the object it is given and would trust that cache next time.
    return facts.verdict_for(person=Person.objects.get(pk=person.pk), enterprise=enterprise, as_of=as_of)


def _store_verdict(appointment: Appointment, verdict) -> None:
    appointment.verdict = rules.verdict_to_dict(verdict)
    appointment.rule_set = verdict.rule_set.code
    appointment.verdict_status = verdict.status


def _ineligible_message(verdict) -> str:
    failed = "；".join(f"{c.heading}：{c.reason}" for c in verdict.clauses if c.result == rules.FAIL)
    return f"该人员不符合首席质量官任职条件，不能提交备案。{failed}。请更换人员，或补齐条件后重新核验。"


def _refresh_pool(*person_ids: int) -> None:
    pool_refresh(person_ids=[pk for pk in person_ids if pk is not None])


@transaction.atomic
def appointment_draft(
    *,
    enterprise: Enterprise,
    person: Person,
    appointed_by: str,
    appointed_on: datetime.date,
    decision_level: bool,
    allowance: bool,
    allowance_amount: Decimal | None,
    duties: list[str],
    letter,
    actor,
) -> Appointment:
    """Save an appointment as a draft with the verdict the enterprise is about to see; nothing is filed yet."""
    if not can_file_appointment(actor, enterprise):
        raise PermissionDenied("只有本企业用户可以登记本企业的首席质量官。")
    if not _can_see_person(actor, person):
        raise PermissionDenied("您无权为该人员登记聘任。")
    _check_appointed_on(appointed_on)
    appointment = Appointment(
        enterprise=enterprise,
        person=person,
        appointed_by=(appointed_by or "").strip(),
        appointed_on=appointed_on,
        decision_level=decision_level,
        allowance=allowance,
        allowance_amount=allowance_amount if allowance else None,
        duties=list(duties),
        letter=letter,
        status=AppointmentStatus.DRAFT,
        created_by=actor,
    )
    # The bureau decides on today's facts: ongoing work is never projected into the future.
    _store_verdict(appointment, appointment_preview(enterprise=enterprise, person=person, as_of=timezone.localdate()))
    _save(appointment, actor)
    return appointment


def _submit(appointment: Appointment, actor) -> Appointment:
    # Serialise filings per enterprise, so two tabs submitting at once get a clear message, not a 500.
    Enterprise.objects.select_for_update().filter(pk=appointment.enterprise_id).first()
    pending = Appointment.objects.filter(enterprise_id=appointment.enterprise_id, status=AppointmentStatus.SUBMITTED)
    if pending.exclude(pk=appointment.pk).exists():
        raise ValidationError("本企业已有一份待设区市局备案的聘任，请等待其备案或退回后再提交。")
    _check_appointed_on(appointment.appointed_on)
    verdict = appointment_preview(
        enterprise=appointment.enterprise, person=appointment.person, as_of=timezone.localdate()
    )
    if verdict.status == rules.INELIGIBLE:
        raise ValidationError(_ineligible_message(verdict))
    _store_verdict(appointment, verdict)
    appointment.status = AppointmentStatus.SUBMITTED
    appointment.submitted_at = timezone.now()
    _save(appointment, actor)
    return appointment


@transaction.atomic
def appointment_submit(
    *,
    enterprise: Enterprise,
    person: Person,
    appointed_by: str,
    appointed_on: datetime.date,
    decision_level: bool,
    allowance: bool,
    allowance_amount: Decimal | None,
    duties: list[str],
    letter,
    actor,
) -> Appointment:
    """File an appointment with the city bureau, storing the verdict and its rule set.

    An ineligible verdict is refused (naming the failed clauses); needs_review may be filed, the
    city bureau decides. At most one filing per enterprise waits for the bureau at a time.
    """
    appointment = appointment_draft(
        enterprise=enterprise,
        person=person,
        appointed_by=appointed_by,
        appointed_on=appointed_on,
        decision_level=decision_level,
        allowance=allowance,
        allowance_amount=allowance_amount,
        duties=duties,
        letter=letter,
        actor=actor,
    )
    return _submit(appointment, actor)


@transaction.atomic
def appointment_draft_submit(*, appointment: Appointment, actor) -> Appointment:
    """File a draft the enterprise has looked over, re-judging it on today's facts first."""
    appointment = Appointment.objects.select_for_update().select_related("enterprise", "person").get(pk=appointment.pk)
    if not can_file_appointment(actor, appointment.enterprise):
        raise PermissionDenied("只有本企业用户可以提交本企业的首席质量官聘任。")
    if appointment.status not in (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED):
        raise ValidationError(f"该聘任当前状态为“{appointment.get_status_display()}”，不能再次提交。")
    if appointment.status == AppointmentStatus.RETURNED:
        appointment.return_reason = ""
    return _submit(appointment, actor)


def _locked_for_review(appointment: Appointment, actor, *, action: str) -> Appointment:
    appointment = Appointment.objects.select_for_update().select_related("enterprise", "person").get(pk=appointment.pk)
    if not can_review_appointment(actor, appointment.enterprise):
        raise PermissionDenied(f"只有企业所属的设区市局或省局可以{action}该聘任。")
    if appointment.status != AppointmentStatus.SUBMITTED:
        raise ValidationError(f"该聘任当前状态为“{appointment.get_status_display()}”，只有待备案的聘任可以{action}。")
    return appointment


@transaction.atomic
def appointment_acknowledge(*, appointment: Appointment, actor) -> Appointment:
    """Acknowledge (备案) a filing: it becomes the current CQO, and the previous one ends as replaced on its date."""
    appointment = _locked_for_review(appointment, actor, action="备案")
    # Judged again now: the person's findings or the enterprise's size may have changed since filing.
    verdict = appointment_preview(
        enterprise=appointment.enterprise, person=appointment.person, as_of=timezone.localdate()
    )
    if verdict.status == rules.INELIGIBLE:
        raise ValidationError("按今日情况核验，该人员不符合任职条件，不能备案，请退回。" + _ineligible_message(verdict))
    _store_verdict(appointment, verdict)
    Enterprise.objects.select_for_update().filter(pk=appointment.enterprise_id).first()
    previous = Appointment.objects.select_for_update().filter(enterprise_id=appointment.enterprise_id).current().first()
    if previous is not None:
        if appointment.appointed_on < previous.appointed_on:
            raise ValidationError(
                f"新聘任日期{appointment.appointed_on:%Y-%m-%d}早于现任首席质量官{previous.person.name}的聘任日期"
                f"{previous.appointed_on:%Y-%m-%d}，请退回企业核实聘任日期。"
            )
        previous.status = AppointmentStatus.ENDED
        previous.ended_on = appointment.appointed_on
        previous.end_reason = AppointmentEndReason.REPLACED
        previous.end_note = f"由{appointment.person.name}接任"
        _save(previous, actor, update_fields=["status", "ended_on", "end_reason", "end_note", "updated_at"])
    appointment.status = AppointmentStatus.ACKNOWLEDGED
    appointment.reviewed_by = actor
    appointment.reviewed_at = timezone.now()
    _save(
        appointment,
        actor,
        update_fields=["status", "reviewed_by", "reviewed_at", "verdict", "rule_set", "verdict_status", "updated_at"],
    )
    _refresh_pool(appointment.person_id, previous.person_id if previous is not None else None)
    return appointment


@transaction.atomic
def appointment_return(*, appointment: Appointment, actor, reason: str) -> Appointment:
    """Return a filing to the enterprise with the reason it must fix."""
    appointment = _locked_for_review(appointment, actor, action="退回")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"return_reason": "请填写退回理由，说明企业需要补正的内容。"})
    appointment.status = AppointmentStatus.RETURNED
    appointment.return_reason = reason[:500]
    appointment.reviewed_by = actor
    appointment.reviewed_at = timezone.now()
    _save(appointment, actor, update_fields=["status", "return_reason", "reviewed_by", "reviewed_at", "updated_at"])
    return appointment


@transaction.atomic
def appointment_dismiss(*, appointment: Appointment, actor, ended_on: datetime.date, reason: str) -> Appointment:
    """End the current CQO's appointment on a date (解聘): the enterprise itself or the province."""
    appointment = Appointment.objects.select_for_update().select_related("enterprise", "person").get(pk=appointment.pk)
    if not (can_file_appointment(actor, appointment.enterprise)):
        raise PermissionDenied("只有本企业用户或省局可以解聘本企业的首席质量官。")
    if appointment.status != AppointmentStatus.ACKNOWLEDGED:
        raise ValidationError(
            f"该聘任当前状态为“{appointment.get_status_display()}”，只有已备案的现任首席质量官可以解聘。"
        )
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "请填写解聘原因。"
    if ended_on is None:
        errors["ended_on"] = "请填写解聘日期。"
    elif ended_on < appointment.appointed_on:
        errors["ended_on"] = f"解聘日期不能早于聘任日期{appointment.appointed_on:%Y-%m-%d}。"
    elif ended_on > timezone.localdate():
        errors["ended_on"] = "解聘日期不能晚于今天。"
    if errors:
        raise ValidationError(errors)
    appointment.status = AppointmentStatus.ENDED
    appointment.ended_on = ended_on
    appointment.end_reason = AppointmentEndReason.DISMISSED
    appointment.end_note = reason[:500]
    _save(appointment, actor, update_fields=["status", "ended_on", "end_reason", "end_note", "updated_at"])
    _refresh_pool(appointment.person_id)
    return appointment


@transaction.atomic
def appointment_reevaluate_person(*, person: Person, actor, event: str) -> list[Appointment]:
    """After a finding about `person` is recorded or lifted: re-judge their pending and current
    appointments on today's facts, store the new verdicts and tell each enterprise's city bureau.
    """
    changed = _reevaluate(Appointment.objects.filter(person=person), actor=actor, event=event)
    _refresh_pool(person.pk)
    return changed


def appointment_reevaluate_enterprise(*, enterprise: Enterprise, actor, event: str) -> list[Appointment]:
    """After the enterprise's size may have changed: re-judge its pending and current CQO; the city
    bureau is told only when a verdict actually changed (profile edits are frequent)."""
    return _reevaluate(Appointment.objects.filter(enterprise=enterprise), actor=actor, event=event, only_changes=True)


def _reevaluate(appointments, *, actor, event: str, only_changes: bool = False) -> list[Appointment]:
    today = timezone.localdate()
    changed = []
    appointments = (
        appointments.select_for_update()
        .filter(status__in=[AppointmentStatus.SUBMITTED, AppointmentStatus.ACKNOWLEDGED])
        .select_related("enterprise__city", "person")
    )
    for appointment in appointments:
        before_status = appointment.verdict_status
        before = appointment.get_verdict_status_display() or "未核验"
        _store_verdict(
            appointment, appointment_preview(enterprise=appointment.enterprise, person=appointment.person, as_of=today)
        )
        _save(appointment, actor, update_fields=["verdict", "rule_set", "verdict_status", "updated_at"])
        changed.append(appointment)
        if only_changes and appointment.verdict_status == before_status:
            continue
        role = "现任首席质量官" if appointment.is_current else "待备案首席质量官"
        notice_send(
            city=appointment.enterprise.city,
            text=(
                f"{appointment.enterprise.name}的{role}{appointment.person.name}{event}，任职资格核验结论由“{before}”"
                f"变为“{appointment.get_verdict_status_display()}”，请核查。"
            ),
            link=reverse("registry:appointment-detail", kwargs={"pk": appointment.pk}),
        )
    return changed


# ---------------------------------------------------------------------------
# Notices
# ---------------------------------------------------------------------------


def notice_send(*, text: str, link: str = "", city: City | None = None, user=None) -> Notice:
    """Leave a notice in the portal for a city bureau (every user of it) or one user."""
    return Notice.objects.create(recipient_city=city, recipient_user=user, text=text[:500], link=link)


@transaction.atomic
def notice_mark_read(*, notice: Notice, actor) -> Notice:
    """Mark a notice read (for everyone it was addressed to, when it went to a whole bureau)."""
    if not Notice.objects.visible_to(actor).filter(pk=notice.pk).exists():
        raise PermissionDenied("您无权处理该通知。")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


__all__ += [
    "can_file_appointment",
    "can_review_appointment",
    "appointment_preview",
    "appointment_draft",
    "appointment_submit",
    "appointment_draft_submit",
    "appointment_acknowledge",
    "appointment_return",
    "appointment_dismiss",
    "appointment_reevaluate_person",
    "appointment_reevaluate_enterprise",
    "notice_send",
    "notice_mark_read",
]
