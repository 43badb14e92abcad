"""Writes of completion certificates: recording one issued on paper, revoking one (Article 12)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from registry.bounds import check_ending
from registry.models import Person
from registry.services.write import save

from ..models import Certificate, Entrustment, Institution
from .institutions import _check_actor, _holders_changed

# ---------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------


def _entrusted_on(institution: Institution, day: datetime.date) -> bool:
    """Whether a period that is not revoked covers `day` (the rule eligibility.facts applies)."""
    return (
        Entrustment.objects.filter(institution=institution, revoked=False, from_date__lte=day)
        .filter(Q(until__isnull=True) | Q(until__gte=day))
        .exists()
    )


@transaction.atomic
def certificate_record(
    *, number: str, person: Person, institution: Institution, issued_on: datetime.date, actor
) -> Certificate:
    """Record a certificate issued on paper (typed in by provincial staff); it must fall inside an entrustment."""
    _check_actor(actor, "录入结业证书")
    try:  # the date's bounds first: an absurd date is not a question of entrustment
        Certificate._meta.get_field("issued_on").run_validators(issued_on)
    except ValidationError as error:
        raise ValidationError({"issued_on": error.messages}) from None
    if not _entrusted_on(institution, issued_on):
        raise ValidationError(
            {
                "issued_on": f"{institution.name}在{issued_on:%Y-%m-%d}不在省局委托的培训期内（或该期委托已撤销），"
                "不能录入该日期签发的证书。请核对发证日期或该机构的委托期。"
            }
        )
    certificate = Certificate(
        number=(number or "").strip(), person=person, institution=institution, issued_on=issued_on
    )
    save(certificate, actor)
    _holders_changed(Certificate, [person.pk])
    return certificate


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, actor, revoked_on: datetime.date | None, reason: str
) -> Certificate:
    """Revoke a certificate from a date, with a reason: from then on it no longer counts, and its holder's
    talent-pool row follows at once."""
    _check_actor(actor, "撤销结业证书")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked:
        raise ValidationError({"revoked": f"该证书已于{certificate.revoked_on:%Y-%m-%d}撤销。"})
    reason = check_ending(
        ended_on=revoked_on,
        date_field="revoked_on",
        date_label="撤销日期",
        start=certificate.issued_on,
        start_label="发证日期",
        reason=reason,
        reason_field="revoked_reason",
        reason_label="撤销理由",
    )
    certificate.revoked = True
    certificate.revoked_on = revoked_on
    certificate.revoked_reason = reason
    save(certificate, actor, update_fields=["revoked", "revoked_on", "revoked_reason"])
    _holders_changed(Certificate, [certificate.person_id])
    return certificate
