"""Writes of appointments (Articles 2, 7, 13): the enterprise files its CQO with the verdict it saw; the city
bureau acknowledges (备案) or returns it; a change of CQO and a dismissal are dated events.
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eligibility import facts, rules

from ..bounds import check_ending, check_reason
from ..models import Appointment, AppointmentEndReason, AppointmentStatus, Enterprise, Person, TitleLevel
from ..notify import notify
from ..permissions import require
from .appointment_start import _check_start, _persons_changed, _switch_due, _take_effect
from .persons import person_find_to_attach, person_register
from .write import save, visible

logger = logging.getLogger(__name__)


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


@transaction.atomic
def appointment_draft(*, enterprise: Enterprise, person: Person, actor, **facts) -> Appointment:
    """Save an appointment as a draft with the verdict the enterprise is about to see; nothing is filed yet.

    `facts` are the appointment's own fields as `_draft` names them; `registered_person` among them says the
    person was typed in on this filing (deleting the draft may delete them too)."""
    require(actor, "appointment.file", enterprise)
    if not visible(actor, person):
        raise PermissionDenied("您无权为该人员登记聘任。")
    return _draft(enterprise=enterprise, person=person, actor=actor, **facts)


def _draft(
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


def appointment_register(
    *,
    enterprise: Enterprise,
    actor,
    person: Person | None = None,
    new_person: dict | None = None,
    quality_work: list[dict] = (),
    **appointment,
) -> Appointment:
    """The enterprise's filing page in one step: the person chosen, or attached (on file elsewhere: `new_person`
    has "attach" and the ID and name, which must both match), or registered from `new_person` (the form's
    fields) with their quality work, then the appointment saved as a draft with its verdict.

    All or nothing: a refused appointment leaves no new person behind.
    """
    require(actor, "appointment.file", enterprise)
    if person is None and (new_person or {}).get("attach"):
        # A person who changes employer: their record (and history) is theirs, not re-typed; the draft attaches
        # them, after which the enterprise sees them (PersonQuerySet.visible_to: an appointment at it). Looked up
        # in its own transaction, so a refused attach stays logged and counted against the look-up limit.
        person = person_find_to_attach(
            actor=actor, name=new_person.get("name", ""), resident_id=new_person.get("resident_id", "")
        )
        with transaction.atomic():
            return _draft(enterprise=enterprise, person=person, actor=actor, **appointment)
    return _register_new(
        enterprise=enterprise,
        actor=actor,
        person=person,
        new_person=new_person,
        quality_work=quality_work,
        **appointment,
    )


@transaction.atomic
def _register_new(*, enterprise, actor, person, new_person, quality_work, **appointment) -> Appointment:
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


def _submit(appointment: Appointment, actor, *, corrected: bool = False) -> Appointment:
    # Serialise filings per enterprise, so two tabs submitting at once get a clear message, not a 500.
    Enterprise.objects.select_for_update().filter(pk=appointment.enterprise_id).first()
    _switch_due(Appointment.objects.filter(enterprise_id=appointment.enterprise_id))
    pending = Appointment.objects.filter(enterprise_id=appointment.enterprise_id, status=AppointmentStatus.SUBMITTED)
    if pending.exclude(pk=appointment.pk).exists():
        raise ValidationError("本企业已有一份待设区市局备案的聘任，请等待其备案或退回后再提交。")
    scheduled = Appointment.objects.filter(enterprise_id=appointment.enterprise_id, status=AppointmentStatus.SCHEDULED)
    if scheduled.exists():
        raise ValidationError(
            f"本企业已有一份已备案、将于{scheduled.get().appointed_on:%Y-%m-%d}生效的聘任，请在其生效后再提交新的聘任。"
        )
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
        text=(
            f"{appointment.enterprise.name}补正后重新提交了首席质量官{appointment.person.name}的聘任备案，"
            "请查看本次补正内容并审核。"
            if corrected
            else f"{appointment.enterprise.name}提交了首席质量官{appointment.person.name}的聘任备案，请审核。"
        ),
        link_name="registry:appointment-detail",
        link_kwargs={"pk": appointment.pk},
    )
    return appointment


@transaction.atomic
def appointment_submit(*, enterprise: Enterprise, person: Person, actor, **facts) -> Appointment:
    """File an appointment with the city bureau, storing the verdict and its rule set.

    An ineligible verdict is refused (naming the failed clauses); needs_review may be filed, the
    city bureau decides. At most one filing per enterprise waits for the bureau at a time.
    """
    appointment = appointment_draft(enterprise=enterprise, person=person, actor=actor, **facts)
    return _submit(appointment, actor)


@transaction.atomic
def appointment_draft_submit(*, appointment: Appointment, actor) -> Appointment:
    """File a draft the enterprise has looked over, re-judging it on today's facts first."""
    appointment = Appointment.objects.select_for_update().select_related("enterprise", "person").get(pk=appointment.pk)
    require(actor, "appointment.file", appointment)
    if appointment.status not in (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED):
        raise ValidationError(f"该聘任当前状态为“{appointment.get_status_display()}”，不能再次提交。")
    corrected = appointment.status == AppointmentStatus.RETURNED
    if corrected:
        appointment.return_reason = ""
    return _submit(appointment, actor, corrected=corrected)


def _locked_for_review(appointment: Appointment, actor, *, action: str) -> Appointment:
    appointment = Appointment.objects.select_for_update().select_related("enterprise", "person").get(pk=appointment.pk)
    require(actor, "appointment.review", appointment)
    if appointment.status != AppointmentStatus.SUBMITTED:
        raise ValidationError(f"该聘任当前状态为“{appointment.get_status_display()}”，只有待备案的聘任可以{action}。")
    return appointment


@transaction.atomic
def appointment_acknowledge(*, appointment: Appointment, actor) -> Appointment:
    """Acknowledge (备案) a filing. From its date it is the current CQO: the enterprise's previous CQO ends as
    replaced and the person's post at another enterprise ends as left (that city and enterprise are told), both
    on that date. Dated ahead, it waits as scheduled (已备案，将于…生效): the previous CQO stays current until
    then, and the daily task (or any read on the date: AppointmentQuerySet.current) makes the switch.
    """
    appointment = _locked_for_review(appointment, actor, action="备案")
    today = timezone.localdate()
    # Judged again now: the person's findings or the enterprise's size may have changed since filing.
    verdict = appointment_preview(enterprise=appointment.enterprise, person=appointment.person, as_of=today)
    if verdict.status == rules.INELIGIBLE:
        raise ValidationError("按今日情况核验，该人员不符合任职条件，不能备案，请退回。" + _ineligible_message(verdict))
    _store_verdict(appointment, verdict)
    Enterprise.objects.select_for_update().filter(pk=appointment.enterprise_id).first()
    _switch_due(
        Appointment.objects.filter(Q(enterprise_id=appointment.enterprise_id) | Q(person_id=appointment.person_id))
    )
    _check_start(appointment)
    appointment.reviewed_by = actor
    appointment.reviewed_at = timezone.now()
    reviewed = ["reviewed_by", "reviewed_at", "verdict", "rule_set", "verdict_status"]
    if appointment.appointed_on <= today:
        _take_effect(appointment, actor, also=reviewed)
        return appointment
    if Appointment.objects.filter(person_id=appointment.person_id, status=AppointmentStatus.SCHEDULED).exists():
        raise ValidationError("该人员另有一份已备案、尚未生效的聘任，不能同时备案，请退回企业核实。")
    appointment.status = AppointmentStatus.SCHEDULED
    save(appointment, actor, update_fields=["status", *reviewed, "updated_at"])
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
    _switch_due(
        Appointment.objects.filter(Q(enterprise_id=appointment.enterprise_id) | Q(person_id=appointment.person_id))
    )
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
