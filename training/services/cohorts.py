"""Writes of cohorts (培训班次): an entrusted institution opens one inside an entrustment period (Articles 9, 10)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from registry.permissions import POLICY, can, require
from registry.services.write import save

from ..models import Cohort, CohortStatus, Entrustment, Institution

COHORT_FIELDS = frozenset(
    {"code", "title", "start_date", "end_date", "hours", "location", "teachers", "syllabus", "capacity", "status"}
)


def _period(entrustment: Entrustment) -> str:
    return f"{entrustment.from_date:%Y-%m-%d}至{f'{entrustment.until:%Y-%m-%d}' if entrustment.until else '长期'}"


def cohort_period_error(cohort: Cohort) -> dict[str, str] | None:
    """The refusal, on the date field at fault, when the cohort's start and end dates do not both lie in one
    entrustment period of its institution that is not revoked; None when one period covers them."""
    start, end = cohort.start_date, cohort.end_date
    periods = list(Entrustment.objects.filter(institution_id=cohort.institution_id).order_by("from_date", "pk"))
    if any(period.covers(start, end) for period in periods):
        return None
    live = [period for period in periods if not period.revoked]
    if not live:
        revoked = "（已撤销的委托期不计）" if periods else ""
        return {"start_date": f"本机构没有省局的培训委托期{revoked}，不能开设培训班次。如需开展培训，请联系省局。"}
    listing = "、".join(_period(period) for period in live)
    if not any(period.covers(start) for period in live):
        return {
            "start_date": f"开班日期{start:%Y-%m-%d}不在本机构的培训委托期内（委托期：{listing}）。"
            "班次须在同一个委托期内开班和结业，请修改开班日期。"
        }
    holding = next(period for period in live if period.covers(start))
    return {
        "end_date": f"结业日期{end:%Y-%m-%d}超出了开班日期所在的委托期（{_period(holding)}；本机构的委托期：{listing}）。"
        "班次须在同一个委托期内开班和结业，请修改结业日期；如委托将续期，请待省局登记新的委托期后再调整。"
    }


def _validated(cohort: Cohort, *, check_period: bool) -> None:
    """Every field's refusal at once, the entrustment rule with them (the date fields' own checks first)."""
    errors: dict = {}
    try:
        cohort.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors.pop("code_key", None):  # the key is on no form: its uniqueness is the code's
        errors.setdefault("code", []).append(
            f"班次编号“{cohort.code}”已被使用（与已有班次的编号相同，或仅有全角半角、空格、分隔符之别），请换一个编号。"
        )
    dates_ok = not {"start_date", "end_date", "__all__"} & set(errors)
    if check_period and dates_ok and cohort.start_date and cohort.end_date:
        for field, message in (cohort_period_error(cohort) or {}).items():
            errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cohort_create(
    *,
    institution: Institution,
    code: str,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    hours: int,
    location: str = "",
    teachers: str = "",
    syllabus: str = "",
    capacity: int | None = None,
    status: str = CohortStatus.PLANNED,
    actor,
) -> Cohort:
    """Open a cohort of the institution; only inside one of its entrustment periods that is not revoked."""
    require(actor, "cohort.create")
    cohort = Cohort(
        institution=institution,
        code=code,
        title=title,
        start_date=start_date,
        end_date=end_date,
        hours=hours,
        location=location,
        teachers=teachers,
        syllabus=syllabus,
        capacity=capacity,
        status=status,
    )
    if actor is not None and not can(actor, "cohort.edit", cohort):
        raise PermissionDenied(POLICY["cohort.create"].refusal)
    # The entrustments are read under a lock: a revocation committed meanwhile is seen, not raced.
    list(Entrustment.objects.select_for_update().filter(institution_id=institution.pk))
    _validated(cohort, check_period=True)
    save(cohort, actor)
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, actor, **fields) -> Cohort:
    """Change a cohort's details or status. Changed dates must again lie in one entrustment period; other changes
    (marking it ended, correcting a teacher) stay possible after the entrustment has ended or been revoked."""
    unknown = set(fields) - COHORT_FIELDS
    if unknown:
        raise TypeError(f"cohort_update() cannot set {sorted(unknown)}")
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    require(actor, "cohort.edit", cohort)
    changed = [name for name, value in fields.items() if getattr(cohort, name) != value]
    if not changed:
        return cohort
    for name in changed:
        setattr(cohort, name, fields[name])
    dates_changed = bool({"start_date", "end_date"} & set(changed))
    if dates_changed:
        list(Entrustment.objects.select_for_update().filter(institution_id=cohort.institution_id))
    _validated(cohort, check_period=dates_changed)
    save(cohort, actor, update_fields=[*changed, *(["code_key"] if "code" in changed else []), "updated_at"])
    return cohort


__all__ = ["cohort_create", "cohort_period_error", "cohort_update"]
