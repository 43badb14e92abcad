"""When an acknowledged appointment takes effect (Articles 2, 13): on its date it becomes the current CQO, the
enterprise's previous CQO ends as replaced and the person's post at another enterprise ends as left. Acknowledged
ahead of its date, it waits as scheduled; the daily task (registry.tasks) and any write that depends on who is
current make the switch once the date has come (reads need neither: AppointmentQuerySet.current).
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Appointment, AppointmentEndReason, AppointmentStatus
from ..notify import notify
from ..signals import persons_changed
from .write import save

logger = logging.getLogger(__name__)


def _persons_changed(*person_ids: int | None) -> None:
    persons_changed.send(sender=Appointment, person_ids=[pk for pk in person_ids if pk is not None])


def _check_start(appointment: Appointment) -> None:
    """The new start must not precede the start of the posts it ends (an ended post cannot end before it began)."""
    previous = (
        Appointment.objects.filter(enterprise_id=appointment.enterprise_id, status=AppointmentStatus.ACKNOWLEDGED)
        .exclude(pk=appointment.pk)
        .select_related("person")
        .first()
    )
    if previous is not None and appointment.appointed_on < previous.appointed_on:
        raise ValidationError(
            f"新聘任日期{appointment.appointed_on:%Y-%m-%d}早于现任首席质量官{previous.person.name}的聘任日期"
            f"{previous.appointed_on:%Y-%m-%d}，请退回企业核实聘任日期。"
        )
    elsewhere = Appointment.objects.filter(
        person_id=appointment.person_id,
        status=AppointmentStatus.ACKNOWLEDGED,
        appointed_on__gt=appointment.appointed_on,
    ).exclude(enterprise_id=appointment.enterprise_id)
    if elsewhere.exists():
        raise ValidationError("新聘任日期早于该人员在原任职企业的聘任日期，请退回企业核实聘任日期。")


def _take_effect(appointment: Appointment, actor, *, also: list[str] = ()) -> None:
    """Make `appointment` (acknowledged, its date come) the current CQO, on its start date: the enterprise's
    previous CQO ends as replaced; the person's post at another enterprise ends as left, and that enterprise and
    its city bureau are told; the person's current employer becomes this enterprise (their record, history and
    findings follow them; the old enterprise keeps its past appointment)."""
    start = appointment.appointed_on
    person = appointment.person
    previous = (
        Appointment.objects.select_for_update()
        .filter(enterprise_id=appointment.enterprise_id, status=AppointmentStatus.ACKNOWLEDGED)
        .exclude(pk=appointment.pk)
        .select_related("person")
        .first()
    )
    ending = ["status", "ended_on", "end_reason", "end_note", "updated_at"]
    if previous is not None:
        previous.status = AppointmentStatus.ENDED
        previous.ended_on = start
        previous.end_reason = AppointmentEndReason.REPLACED
        previous.end_note = f"由{person.name}接任"
        save(previous, actor, update_fields=ending)
    elsewhere = (
        Appointment.objects.select_for_update(of=("self",))
        .filter(person_id=person.pk, status=AppointmentStatus.ACKNOWLEDGED)
        .exclude(enterprise_id=appointment.enterprise_id)
        .select_related("enterprise__city")
    )
    for old in elsewhere:
        old.status = AppointmentStatus.ENDED
        old.ended_on = start
        old.end_reason = AppointmentEndReason.LEFT
        old.end_note = f"到{appointment.enterprise.name}任首席质量官"
        save(old, actor, update_fields=ending)
        notify(
            city=old.enterprise.city,
            enterprise=old.enterprise,
            text=f"{person.name}自{start:%Y-%m-%d}起任{appointment.enterprise.name}首席质量官，"
            f"其在{old.enterprise.name}的首席质量官聘任同日终止（离职）。",
            link_name="registry:appointment-detail",
            link_kwargs={"pk": old.pk},
        )
    appointment.status = AppointmentStatus.ACKNOWLEDGED
    save(appointment, actor, update_fields=["status", *also, "updated_at"])
    if person.enterprise_id != appointment.enterprise_id:
        person.enterprise = appointment.enterprise
        save(person, actor, update_fields=["enterprise", "updated_at"])
    _persons_changed(person.pk, previous.person_id if previous is not None else None)


def _switch_due(appointments) -> list[Appointment]:
    """Make current those of `appointments` whose scheduled date has come, as the daily task would: a write that
    depends on who is current calls it first for the rows it touches. The switch is the system's, not the
    actor's, so the history names no one; the enterprise and its city bureau are told."""
    switched = []
    due = (
        appointments.due()
        .select_for_update(of=("self",))
        .select_related("enterprise__city", "person")
        .order_by("appointed_on", "pk")
    )
    for appointment in due:
        _take_effect(appointment, None)
        notify(
            city=appointment.enterprise.city,
            enterprise=appointment.enterprise,
            text=f"{appointment.person.name}任{appointment.enterprise.name}首席质量官的聘任"
            f"自{appointment.appointed_on:%Y-%m-%d}起生效。",
            link_name="registry:appointment-detail",
            link_kwargs={"pk": appointment.pk},
        )
        switched.append(appointment)
    return switched


def appointments_take_effect() -> int:
    """The daily task's work: every scheduled appointment whose date has come becomes current (one transaction
    each, so one that cannot switch does not hold up the others). Returns how many switched."""
    switched = 0
    for pk in Appointment.objects.due().order_by("appointed_on", "pk").values_list("pk", flat=True):
        try:
            with transaction.atomic():
                switched += len(_switch_due(Appointment.objects.filter(pk=pk)))
        except ValidationError:
            logger.exception("Scheduled appointment %s could not take effect; it stays scheduled.", pk)
    return switched
