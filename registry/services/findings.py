"""Writes of Article 6 findings: recording and lifting, each re-judging the person's appointments."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from eligibility.rules import finding_heading

from ..bounds import check_ending
from ..models import Finding, Person
from ..permissions import require, sees_province_wide
from .reevaluation import appointment_reevaluate_person
from .write import save, visible


@transaction.atomic
def finding_record(*, person: Person, actor, item: int, decided_on: datetime.date, evidence, note: str = "") -> Finding:
    """Record an Article 6 finding. Provincial staff for anyone; city staff for persons in their reporting unit.

    The person's pending and current appointments are re-judged at once (their city bureaux get a
    notice) and their talent-pool row refreshed.
    """
    require(actor, "finding.record")
    if not visible(actor, person):
        raise PermissionDenied("设区市局只能对本报备单位企业的人员登记认定。")
    finding = Finding(
        person=person,
        item=item,
        decided_on=decided_on,
        evidence=evidence,
        note=note,
        recorded_by=actor,
        city=None if sees_province_wide(actor) else actor.city,
    )
    save(finding, actor)
    appointment_reevaluate_person(
        person=person,
        actor=actor,
        event=f"被认定存在{finding_heading(item)}情形（{decided_on:%Y-%m-%d}）",
    )
    return finding


def finding_already_lifted(finding: Finding) -> str:
    """What someone about to lift a lifted finding is told: when and by whom."""
    return f"该认定已于{finding.lifted_on:%Y-%m-%d}由{finding.lifted_by or '系统'}解除，无需重复解除。"


def finding_lift_check(*, finding: Finding, lifted_on: datetime.date | None, reason: str) -> str:
    """The lift's date and reason as finding_lift checks them, for the page to refuse before it asks to confirm:
    returns the stripped reason or raises one ValidationError naming every field that is wrong."""
    return check_ending(
        ended_on=lifted_on,
        date_field="lifted_on",
        date_label="解除日期",
        start=finding.decided_on,
        start_label="认定日期",
        reason=reason,
        reason_field="lifted_reason",
        reason_label="解除理由",
    )


@transaction.atomic
def finding_lift(*, finding: Finding, actor, lifted_on: datetime.date | None, reason: str) -> Finding:
    """Lift a finding with a reason: the province any finding, a city bureau those it recorded."""
    # Locked and read again: of two bureaux lifting at once, the second waits here and is told, instead of
    # writing a second lift over the first.
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    require(actor, "finding.lift", finding)
    if finding.lifted_on is not None:
        raise ValidationError(finding_already_lifted(finding))
    reason = finding_lift_check(finding=finding, lifted_on=lifted_on, reason=reason)
    finding.lifted_on = lifted_on
    finding.lifted_reason = reason
    finding.lifted_by = actor
    save(finding, actor, update_fields=["lifted_on", "lifted_reason", "lifted_by"])
    appointment_reevaluate_person(
        person=finding.person, actor=actor, event=f"的第六条情形认定已于{lifted_on:%Y-%m-%d}解除"
    )
    return finding
