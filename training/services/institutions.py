"""Writes of institutions and their entrustment periods (Article 9)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from registry.permissions import require
from registry.services.write import save
from registry.signals import persons_changed

from ..models import Certificate, Entrustment, Institution

INSTITUTION_FIELDS = frozenset({"name", "credit_code", "contact_name", "contact_phone"})
ENTRUSTMENT_FIELDS = frozenset({"from_date", "until", "revoked"})


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
    *, name: str, credit_code: str | None = None, contact_name: str = "", contact_phone: str = "", actor
) -> Institution:
    """Add a training institution; it trains nobody until it is entrusted (entrustment_add)."""
    _check_actor(actor, "新增培训机构")
    institution = Institution(
        name=(name or "").strip(),
        credit_code=credit_code or None,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    save(institution, actor)
    return institution


@transaction.atomic
def institution_update(*, institution: Institution, actor, **fields) -> Institution:
    """Change an institution's name or contacts; whether its certificates count does not depend on them."""
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
    revoked: bool = False,
    actor,
) -> Entrustment:
    """Entrust an institution with CQO training for a period (no end date: until further notice)."""
    _check_actor(actor, "委托培训机构")
    entrustment = Entrustment(institution=institution, from_date=from_date, until=until, revoked=revoked)
    save(entrustment, actor)
    _holders_changed(Entrustment, _institution_holders(institution))
    return entrustment


@transaction.atomic
def entrustment_update(*, entrustment: Entrustment, actor, **fields) -> Entrustment:
    """Change an entrustment's dates, or revoke it; every holder of the institution's certificates is re-judged."""
    unknown = set(fields) - ENTRUSTMENT_FIELDS
    if unknown:
        raise TypeError(f"entrustment_update() cannot set {sorted(unknown)}")
    _check_actor(actor, "变更培训委托")
    entrustment = Entrustment.objects.select_for_update().select_related("institution").get(pk=entrustment.pk)
    changed = _changed(entrustment, fields)
    if not changed:
        return entrustment
    for name in changed:
        setattr(entrustment, name, fields[name])
    save(entrustment, actor, update_fields=changed)
    _holders_changed(Entrustment, _institution_holders(entrustment.institution))
    return entrustment


__all__ = [
    "institution_create",
    "institution_update",
    "entrustment_add",
    "entrustment_update",
]
