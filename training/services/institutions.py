"""Writes of institutions and their entrustment periods (Article 9)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from registry.bounds import check_ending, check_reason
from registry.permissions import require
from registry.services.write import save
from registry.signals import persons_changed

from ..models import Certificate, Entrustment, Institution

INSTITUTION_FIELDS = frozenset({"name", "credit_code", "contact_name", "contact_phone", "address"})
# Revoking is not a change of fields: it needs its date and reason (entrustment_revoke) and cannot be undone.
ENTRUSTMENT_FIELDS = frozenset({"from_date", "until"})


def _check_actor(actor, action: str) -> None:
    """Only provincial staff entrust institutions and record or revoke certificates; not even the system
    acts here unnamed, as each of these changes who is in the talent pool."""
    if actor is None:
        raise PermissionDenied(f"{action}须由具名的省局工作人员操作。")
    require(actor, "institution.manage")


def _holders_changed(sender, person_ids) -> None:
    """Tell the listeners (the talent pool) that these persons' certificates may count differently now."""
    person_ids = sorted(set(person_ids))
    if person_ids:
        persons_changed.send(sender=sender, person_ids=person_ids)


def _institution_holders(institution: Institution) -> list[int]:
    return list(Certificate.objects.filter(institution=institution).values_list("person_id", flat=True))


def _changed(obj, fields: dict) -> list[str]:
    return [name for name, value in fields.items() if getattr(obj, name) != value]


# ---------------------------------------------------------------------------
# Institutions
# ---------------------------------------------------------------------------


@transaction.atomic
def institution_create(
    *,
    name: str,
    credit_code: str | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    address: str = "",
    actor,
) -> Institution:
    """Add a training institution; it trains nobody until it is entrusted (entrustment_add)."""
    _check_actor(actor, "新增培训机构")
    institution = Institution(
        name=(name or "").strip(),
        credit_code=credit_code or None,
        contact_name=contact_name,
        contact_phone=contact_phone,
        address=address,
    )
    save(institution, actor)
    return institution


@transaction.atomic
def institution_update(*, institution: Institution, actor, **fields) -> Institution:
    """Change an institution's name, credit code, contacts or address; whether its certificates count does not
    depend on them."""
    unknown = set(fields) - INSTITUTION_FIELDS
    if unknown:
        raise TypeError(f"institution_update() cannot set {sorted(unknown)}")
    _check_actor(actor, "修改培训机构信息")
    if "credit_code" in fields:
        fields["credit_code"] = fields["credit_code"] or None
    changed = _changed(institution, fields)
    if not changed:
        return institution
    for name in changed:
        setattr(institution, name, fields[name])
    save(institution, actor, update_fields=changed)
    return institution


# ---------------------------------------------------------------------------
# Entrustment periods: a certificate counts only when issued inside a period that is not revoked
# ---------------------------------------------------------------------------


@transaction.atomic
def entrustment_add(
    *,
    institution: Institution,
    from_date: datetime.date,
    until: datetime.date | None = None,
    actor,
) -> Entrustment:
    """Entrust an institution with CQO training for a period (no end date: until further notice)."""
    _check_actor(actor, "委托培训机构")
    entrustment = Entrustment(institution=institution, from_date=from_date, until=until)
    save(entrustment, actor)
    _holders_changed(Entrustment, _institution_holders(institution))
    return entrustment


@transaction.atomic
def entrustment_update(*, entrustment: Entrustment, actor, **fields) -> Entrustment:
    """Change an entrustment's dates; every holder of the institution's certificates is re-judged."""
    unknown = set(fields) - ENTRUSTMENT_FIELDS
    if unknown:
        raise TypeError(f"entrustment_update() cannot set {sorted(unknown)}")
    _check_actor(actor, "变更培训委托")
    entrustment = Entrustment.objects.select_for_update().select_related("institution").get(pk=entrustment.pk)
    changed = _changed(entrustment, fields)
    if not changed:
        return entrustment
    _refuse_revoked(entrustment)
    for name in changed:
        setattr(entrustment, name, fields[name])
    save(entrustment, actor, update_fields=changed)
    _holders_changed(Entrustment, _institution_holders(entrustment.institution))
    return entrustment


def _refuse_revoked(entrustment: Entrustment) -> None:
    if entrustment.revoked:
        raise ValidationError(f"委托期（{_period(entrustment)}）已被撤销，不能再变更。")


def _period(entrustment: Entrustment) -> str:
    return f"{entrustment.from_date:%Y-%m-%d}至{f'{entrustment.until:%Y-%m-%d}' if entrustment.until else '长期'}"


def entrustment_end_check(*, entrustment: Entrustment, until: datetime.date | None) -> None:
    """Refuse, naming the field, an end date the period cannot take (asked again by entrustment_end)."""
    _refuse_revoked(entrustment)
    if until is None:
        raise ValidationError({"until": "请填写委托截止日期。"})
    if until < entrustment.from_date:
        raise ValidationError({"until": f"委托截止日期不能早于委托起始日期{entrustment.from_date:%Y-%m-%d}。"})


@transaction.atomic
def entrustment_end(*, entrustment: Entrustment, until: datetime.date, actor) -> Entrustment:
    """End an entrustment period on `until` (today, a past or a future day): certificates issued after it no
    longer count, and the institution cannot open cohorts beyond it. Its holders are re-judged."""
    _check_actor(actor, "结束培训委托")
    entrustment = Entrustment.objects.select_for_update().select_related("institution").get(pk=entrustment.pk)
    entrustment_end_check(entrustment=entrustment, until=until)
    if entrustment.until == until:
        return entrustment
    entrustment.until = until
    save(entrustment, actor, update_fields=["until"])
    _holders_changed(Entrustment, _institution_holders(entrustment.institution))
    return entrustment


def entrustment_revoke_check(*, entrustment: Entrustment, revoked_on: datetime.date | None, reason: str) -> str:
    """The stripped reason, or a ValidationError naming each wrong field: a revocation needs a reason and a
    date from the period's start (or, for a period not yet begun, any day) up to today."""
    _refuse_revoked(entrustment)
    if entrustment.from_date > timezone.localdate():
        errors = {}
        try:
            reason = check_reason(reason, field="revoked_reason", label="撤销理由")
        except ValidationError as error:
            errors.update(error.message_dict)
        if revoked_on is None:
            errors["revoked_on"] = "请填写撤销日期。"
        elif revoked_on > timezone.localdate():
            errors["revoked_on"] = "撤销日期不能晚于今天。"
        if errors:
            raise ValidationError(errors)
        return reason
    return check_ending(
        ended_on=revoked_on,
        date_field="revoked_on",
        date_label="撤销日期",
        start=entrustment.from_date,
        start_label="委托起始日期",
        reason=reason,
        reason_field="revoked_reason",
        reason_label="撤销理由",
    )


@transaction.atomic
def entrustment_revoke(*, entrustment: Entrustment, revoked_on: datetime.date, reason: str, actor) -> Entrustment:
    """Revoke an entrustment period: it never counted, so no certificate issued in it puts its holder in the talent
    pool (eligibility.facts._entrustment_window skips revoked periods). Final; every holder is re-judged at once."""
    _check_actor(actor, "撤销培训委托")
    entrustment = Entrustment.objects.select_for_update().select_related("institution").get(pk=entrustment.pk)
    reason = entrustment_revoke_check(entrustment=entrustment, revoked_on=revoked_on, reason=reason)
    entrustment.revoked, entrustment.revoked_on, entrustment.revoked_reason = True, revoked_on, reason
    save(entrustment, actor, update_fields=["revoked", "revoked_on", "revoked_reason"])
    _holders_changed(Entrustment, _institution_holders(entrustment.institution))
    return entrustment


__all__ = [
    "institution_create",
    "institution_update",
    "entrustment_add",
    "entrustment_update",
    "entrustment_end",
    "entrustment_end_check",
    "entrustment_revoke",
    "entrustment_revoke_check",
]
