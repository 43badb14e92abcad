"""Re-judging appointments after the facts changed (a finding recorded or lifted, an enterprise's size, a person's
corrected data): the pending and current appointments get today's verdict, and those concerned are told."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Appointment, AppointmentStatus, Enterprise, Person
from ..notify import notify
from .appointment_start import _persons_changed
from .appointments import _store_verdict, appointment_preview
from .write import save


@transaction.atomic
def appointment_reevaluate_person(*, person: Person, actor, event: str) -> list[Appointment]:
    """After a finding about `person` is recorded or lifted: re-judge their pending and current
    appointments on today's facts, store the new verdicts and tell each enterprise and its city bureau
    of every verdict that changed.
    """
    changed = _reevaluate(Appointment.objects.filter(person=person), actor=actor, event=event)
    _persons_changed(person.pk)
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
        .filter(status__in=[AppointmentStatus.SUBMITTED, AppointmentStatus.SCHEDULED, AppointmentStatus.ACKNOWLEDGED])
        .select_related("enterprise__city", "person")
    )
    for appointment in appointments:
        before_status = appointment.verdict_status
        before = appointment.get_verdict_status_display() or "未核验"
        _store_verdict(
            appointment, appointment_preview(enterprise=appointment.enterprise, person=appointment.person, as_of=today)
        )
        save(appointment, actor, update_fields=["verdict", "rule_set", "verdict_status", "updated_at"])
        changed.append(appointment)
        unchanged = appointment.verdict_status == before_status
        if only_changes and unchanged:
            continue
        role = {
            AppointmentStatus.ACKNOWLEDGED: "现任首席质量官",
            AppointmentStatus.SCHEDULED: "已备案待生效的首席质量官",
        }.get(appointment.status_today, "待备案首席质量官")
        after = appointment.get_verdict_status_display()
        # A finding tells the enterprise as well as the city bureau, even when the verdict stays as it was; the
        # words then say so, never "由“不符合任职条件”变为“不符合任职条件”".
        outcome = f"任职资格核验结论仍为“{after}”" if unchanged else f"任职资格核验结论由“{before}”变为“{after}”"
        notify(
            city=appointment.enterprise.city,
            enterprise=appointment.enterprise,
            text=f"{appointment.enterprise.name}的{role}{appointment.person.name}{event}，{outcome}，请核查。",
            link_name="registry:appointment-detail",
            link_kwargs={"pk": appointment.pk},
        )
    return changed
