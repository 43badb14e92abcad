"""What an enterprise corrects before its city bureau decides: a draft or a returned appointment (edited, its letter
replaced, then resubmitted; a draft deleted with the person it alone registered), and the own data of a person it
employs; and the list of what a resubmission changed, for the bureau.

A correction of a person re-judges their appointments, so it lives here, above both persons and appointments.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from cqo_portal.history import display_value

from ..models import Appointment, AppointmentStatus, Person
from ..permissions import require
from ..signals import persons_changed
from .appointments import _check_appointed_on, _store_verdict, appointment_preview
from .persons import (
    person_update,
    quality_work_period_add,
    quality_work_period_remove,
    quality_work_period_update,
)
from .reevaluation import _reevaluate
from .write import save, visible

EDITABLE = (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED)
# The facts of an appointment the enterprise may change while it is a draft or returned, in the order pages show them.
APPOINTMENT_EDIT_FIELDS = (
    "appointed_by",
    "appointed_on",
    "decision_level",
    "allowance",
    "allowance_amount",
    "duties",
    "letter",
)
# What a person's own data is, as the enterprise that employs them may correct it (not the ID: a wrong ID is another
# person; not the employer: that is a move; not the declarations: those are the person's own).
PERSON_CORRECTION_FIELDS = ("name", "education", "title_level", "title_series", "phone", "email", "position")
# A person's rows that go with them; any other row naming them (an appointment, a finding, a certificate) keeps them.
_GOES_WITH_PERSON = {"quality_work", "pool_entry", "access_logs"}


def _locked(appointment: Appointment, actor, action: str) -> Appointment:
    appointment = Appointment.objects.select_for_update().select_related("enterprise", "person").get(pk=appointment.pk)
    if not visible(actor, appointment):
        raise PermissionDenied("您无权处理该聘任。")
    require(actor, action, appointment)
    return appointment


@transaction.atomic
def appointment_edit(
    *,
    appointment: Appointment,
    actor,
    appointed_by: str,
    appointed_on: datetime.date,
    decision_level: bool,
    allowance: bool,
    allowance_amount: Decimal | None,
    duties: list[str],
    letter=None,
) -> Appointment:
    """Correct a draft or a returned appointment; a new `letter` replaces the old one (None keeps it).

    The letter it replaces stays in storage, named by the change history, so the bureau can still open the letter it
    returned. The verdict is judged again on today's facts.
    """
    appointment = _locked(appointment, actor, "appointment.edit")
    if appointment.status not in EDITABLE:
        raise ValidationError(f"该聘任当前状态为“{appointment.get_status_display()}”，只有草稿或被退回的聘任可以修改。")
    _check_appointed_on(appointed_on)
    values = {
        "appointed_by": (appointed_by or "").strip(),
        "appointed_on": appointed_on,
        "decision_level": decision_level,
        "allowance": allowance,
        "allowance_amount": allowance_amount if allowance else None,
        "duties": list(duties),
    }
    changed = [name for name, value in values.items() if getattr(appointment, name) != value]
    for name in changed:
        setattr(appointment, name, values[name])
    if letter:
        appointment.letter = letter
        changed.append("letter")
    _store_verdict(
        appointment,
        appointment_preview(enterprise=appointment.enterprise, person=appointment.person, as_of=timezone.localdate()),
    )
    save(appointment, actor, update_fields=[*changed, "verdict", "rule_set", "verdict_status", "updated_at"])
    return appointment


def person_deletable(person: Person, *, besides: Appointment | None = None) -> bool:
    """Whether nothing but their own rows (and the appointment `besides`, about to go) names the person: no other
    appointment, no finding, certificate or later registration of the same ID."""
    for relation in person._meta.related_objects:
        if relation.get_accessor_name() in _GOES_WITH_PERSON:
            continue
        rows = relation.related_model._base_manager.filter(**{relation.field.name: person})
        if besides is not None and relation.related_model is Appointment:
            rows = rows.exclude(pk=besides.pk)
        if rows.exists():
            return False
    return True


@dataclass
class Deleted:
    appointment: str
    person: str | None  # the person deleted with the draft, if any


@transaction.atomic
def appointment_delete(*, appointment: Appointment, actor) -> Deleted:
    """Delete a draft; the person it registered goes with it when nothing else names them.

    Only a draft: a returned appointment was filed with and seen by the city bureau, so it stays on record (correct
    it and resubmit instead). The draft's letters are removed from storage after the commit (nobody else ever saw
    them); the history keeps the rows, with who deleted them; the access log keeps the person's name and masked ID.
    """
    appointment = _locked(appointment, actor, "appointment.delete")
    if appointment.status != AppointmentStatus.DRAFT:
        raise ValidationError(
            f"该聘任当前状态为“{appointment.get_status_display()}”，只有草稿可以删除；"
            "已提交过设区市局的聘任须保留，被退回的请修改后重新提交。"
        )
    person = appointment.person
    label = str(appointment)
    letters = {appointment.letter.name} | set(appointment.history.exclude(letter="").values_list("letter", flat=True))
    appointment._history_user = actor
    appointment.delete()
    for name in filter(None, letters):
        transaction.on_commit(partial(default_storage.delete, name))
    gone = None
    if appointment.registered_person and person_deletable(person):
        gone = str(person)
        person._history_user = actor
        person.delete()  # its quality work with it (each period's removal in their history)
    return Deleted(appointment=label, person=gone)


def appointment_delete_preview(appointment: Appointment) -> str | None:
    """The person deleting this draft would delete too, for the confirmation page (None: the person stays)."""
    if appointment.registered_person and person_deletable(appointment.person, besides=appointment):
        return str(appointment.person)
    return None


@transaction.atomic
def person_correct(*, person: Person, actor, periods: list[dict] = (), **fields) -> Person:
    """Correct a person's own data and quality work in one step (all or nothing), then re-judge their pending and
    current appointments; their enterprise and city bureau are told only if a verdict changed.

    `periods`: {"id": None or an existing period's id, "delete": bool, "start", "end", "employer", "position"}.
    """
    unknown = set(fields) - set(PERSON_CORRECTION_FIELDS)
    if unknown:
        raise TypeError(f"person_correct() cannot set {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not visible(actor, person):
        raise PermissionDenied("您无权修改该人员的信息。")
    require(actor, "person.edit", person)
    person_update(person=person, actor=actor, **fields)
    for row in periods:
        period_id, values = row.get("id"), {k: row.get(k) for k in ("start", "end", "employer", "position")}
        values["position"] = values["position"] or ""
        if period_id and row.get("delete"):
            quality_work_period_remove(person=person, period_id=period_id, actor=actor)
        elif period_id:
            quality_work_period_update(person=person, period_id=period_id, actor=actor, **values)
        elif not row.get("delete"):
            quality_work_period_add(person=person, actor=actor, **values)
    _reevaluate(Appointment.objects.filter(person=person), actor=actor, event="的个人信息已更正", only_changes=True)
    persons_changed.send(sender=Person, person_ids=[person.pk])
    return person


# ---------------------------------------------------------------------------
# What a resubmission changed: the appointment as the bureau returned it, and as it is now.
# ---------------------------------------------------------------------------


@dataclass
class Correction:
    field: str
    label: str
    before: str
    after: str
    before_letter: int | None = None  # the history row whose letter the bureau returned (letters only)


def appointment_corrections(appointment: Appointment, saves: list | None = None) -> tuple[object, list[Correction]]:
    """(the history row as the bureau last returned it, the changes since), or (None, []) if it was never returned.
    `saves`: the appointment's history rows oldest first, when the caller has read them already."""
    returned = None
    previous_status = None
    if saves is None:
        saves = appointment.history.order_by("history_date", "history_id")
    for row in saves:
        if row.status == AppointmentStatus.RETURNED and previous_status != AppointmentStatus.RETURNED:
            returned = row
        previous_status = row.status
    if returned is None:
        return None, []
    fields = [*APPOINTMENT_EDIT_FIELDS, "verdict_status"]
    changes = []
    for field in fields:
        before, after = getattr(returned, field), getattr(appointment, field)
        if field == "letter":
            # The history keeps the file's name as text (simple_history copies the path, never the file).
            before, after = str(before or ""), after.name if after else ""
            if before != after:
                changes.append(
                    Correction(field, "聘任文件", "退回时的聘任文件", "新上传的聘任文件", returned.history_id)
                )
            continue
        if field == "allowance_amount" and before is not None:
            before = Decimal(before)
        if before != after:
            model_field = Appointment._meta.get_field(field)
            changes.append(
                Correction(
                    field,
                    str(model_field.verbose_name),
                    display_value(model_field, before),
                    display_value(model_field, after),
                )
            )
    return returned, changes
