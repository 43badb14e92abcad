"""Writes of appointments (Articles 2, 7, 13): the enterprise files its CQO with the verdict it saw; the city
bureau acknowledges (备案) or returns it; a change of CQO and a dismissal are dated events.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eligibility import facts, rules

from ..bounds import check_ending, check_reason
from ..models import Appointment, AppointmentEndReason, AppointmentStatus, Enterprise, Person, TitleLevel
from ..notify import notify
from ..permissions import require
from ..signals import persons_changed
from .persons import person_register
from .write import save, visible


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


def _persons_changed(*person_ids: int | None) -> None:
    persons_changed.send(sender=Appointment, person_ids=[pk for pk in person_ids if pk is not None])


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
    registered_person: bool = False,
) -> Appointment:
    """Save an appointment as a draft with the verdict the enterprise is about to see; nothing is filed yet.

    `registered_person`: the person was typed in on this filing (deleting the draft may delete them too)."""
    require(actor, "appointment.file", enterprise)
    if not visible(actor, person):
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
        registered_person=registered_person,
    )
    # The bureau decides on today's facts: ongoing work is never projected into the future.
    _store_verdict(appointment, appointment_preview(enterprise=enterprise, person=person, as_of=timezone.localdate()))
    save(appointment, actor)
    return appointment


@transaction.atomic
def appointment_register(
    *,
    enterprise: Enterprise,
    actor,
    person: Person | None = None,
    new_person: dict | None = None,
    quality_work: list[dict] = (),
    **appointment,
) -> Appointment:
    """The enterprise's filing page in one step: the person chosen, or registered from `new_person` (the
    form's fields) with their quality work, then the appointment saved as a draft with its verdict.

    All or nothing: a refused appointment leaves no new person behind.
    """
    registered = person is None
    if person is None:
        new_person = new_person or {}
        declared = any(new_person.get(k) for k in ("declared_ethics", "declared_laws", "declared_conduct"))
        person = person_register(
            actor=actor,
            name=new_person.get("name", ""),
            resident_id=new_person.get("resident_id", ""),
            education=new_person.get("education", ""),
            title_level=new_person.get("title_level") or TitleLevel.NONE,
            title_series=new_person.get("title_series", ""),
            phone=new_person.get("phone", ""),
            position=new_person.get("position", ""),
            enterprise=enterprise,
            declared_ethics=bool(new_person.get("declared_ethics")),
            declared_laws=bool(new_person.get("declared_laws")),
            declared_conduct=bool(new_person.get("declared_conduct")),
            declared_on=appointment["appointed_on"] if declared else None,
            quality_work=[{k: row.get(k) for k in ("start", "end", "employer", "position")} for row in quality_work],
        )
    return appointment_draft(
        enterprise=enterprise, person=person, actor=actor, registered_person=registered, **appointment
    )


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
    save(appointment, actor)
    notify(
        city=appointment.enterprise.city,
        text=f"{appointment.enterprise.name}提交了首席质量官{appointment.person.name}的聘任备案，请审核。",
        link_name="registry:appointment-detail",
        link_kwargs={"pk": appointment.pk},
    )
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
    require(actor, "appointment.file", appointment)
    if appointment.status not in (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED):
        raise ValidationError(f"该聘任当前状态为“{appointment.get_status_display()}”，不能再次提交。")
    if appointment.status == AppointmentStatus.RETURNED:
        appointment.return_reason = ""
    return _submit(appointment, actor)


def _locked_for_review(appointment: Appointment, actor, *, action: str) -> Appointment:
    appointment = Appointment.objects.select_for_update().select_related("enterprise", "person").get(pk=appointment.pk)
    require(actor, "appointment.review", appointment)
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
        save(previous, actor, update_fields=["status", "ended_on", "end_reason", "end_note", "updated_at"])
    appointment.status = AppointmentStatus.ACKNOWLEDGED
    appointment.reviewed_by = actor
    appointment.reviewed_at = timezone.now()
    save(
        appointment,
        actor,
        update_fields=["status", "reviewed_by", "reviewed_at", "verdict", "rule_set", "verdict_status", "updated_at"],
    )
    _persons_changed(appointment.person_id, previous.person_id if previous is not None else None)
    return appointment


@transaction.atomic
def appointment_return(*, appointment: Appointment, actor, reason: str) -> Appointment:
    """Return a filing to the enterprise with the reason it must fix."""
    appointment = _locked_for_review(appointment, actor, action="退回")
    reason = check_reason(reason, field="return_reason", label="退回理由，说明企业需要补正的内容")
    appointment.status = AppointmentStatus.RETURNED
    appointment.return_reason = reason
    appointment.reviewed_by = actor
    appointment.reviewed_at = timezone.now()
    save(appointment, actor, update_fields=["status", "return_reason", "reviewed_by", "reviewed_at", "updated_at"])
    return appointment


@transaction.atomic
def appointment_dismiss(*, appointment: Appointment, actor, ended_on: datetime.date, reason: str) -> Appointment:
    """End the current CQO's appointment on a date (解聘): the enterprise itself or the province."""
    appointment = Appointment.objects.select_for_update().select_related("enterprise", "person").get(pk=appointment.pk)
    require(actor, "appointment.dismiss", appointment)
    if appointment.status != AppointmentStatus.ACKNOWLEDGED:
        raise ValidationError(
            f"该聘任当前状态为“{appointment.get_status_display()}”，只有已备案的现任首席质量官可以解聘。"
        )
    reason = check_ending(
        ended_on=ended_on,
        date_field="ended_on",
        date_label="解聘日期",
        start=appointment.appointed_on,
        start_label="聘任日期",
        reason=reason,
        reason_field="reason",
        reason_label="解聘原因",
    )
    appointment.status = AppointmentStatus.ENDED
    appointment.ended_on = ended_on
    appointment.end_reason = AppointmentEndReason.DISMISSED
    appointment.end_note = reason
    save(appointment, actor, update_fields=["status", "ended_on", "end_reason", "end_note", "updated_at"])
    _persons_changed(appointment.person_id)
    return appointment


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
        .filter(status__in=[AppointmentStatus.SUBMITTED, AppointmentStatus.ACKNOWLEDGED])
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
        role = "现任首席质量官" if appointment.is_current else "待备案首席质量官"
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
