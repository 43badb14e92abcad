"""Writes of completion certificates: issuing them to a cohort's passed graduates (one or all), recording one
issued on paper, revoking one (Articles 2 and 12). Every page, the admin and `issue_certificates` come here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from registry.bounds import check_ending
from registry.models import Person
from registry.permissions import require
from registry.services.write import save

from ..certificates import signing
from ..models import Certificate, Cohort, Entrustment, Graduate, Institution
from .institutions import _check_actor, _holders_changed

# ---------------------------------------------------------------------------
# Certificates recorded from paper, and revocation
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
    """Revoke a certificate from a date, with a reason, by its institution or the province: from then on it no
    longer counts, public verification says so, and its holder's talent-pool row follows at once."""
    if actor is None:
        raise PermissionDenied("撤销结业证书须由具名的工作人员操作。")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    require(actor, "certificate.revoke", certificate)
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


# ---------------------------------------------------------------------------
# Issuing, in the portal, to graduates marked 合格
# ---------------------------------------------------------------------------

NUMBER_PREFIX = "FJCQO"


def certificate_number(institution: Institution, year: int, sequence: int) -> str:
    """The readable number: programme, institution, year, sequence (FJCQO-007-2026-0012)."""
    return f"{NUMBER_PREFIX}-{institution.pk:03d}-{year}-{sequence:04d}"


def _next_sequence(institution: Institution, year: int) -> int:
    prefix = certificate_number(institution, year, 0)[:-4]
    tails = Certificate.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    return max((int(n[len(prefix) :]) for n in tails if n[len(prefix) :].isdigit()), default=0) + 1


def verification_url(certificate: Certificate) -> str:
    """The address the certificate's QR code encodes: the public verification of its signed facts."""
    return f"{settings.PORTAL_PUBLIC_URL}{reverse('verify-token', kwargs={'token': certificate.token})}"


def _check_issue_date(cohort: Cohort, issued_on: datetime.date) -> None:
    try:
        Certificate._meta.get_field("issued_on").run_validators(issued_on)
    except ValidationError as error:
        raise ValidationError({"issued_on": error.messages}) from None
    if issued_on < cohort.end_date:
        raise ValidationError(
            {"issued_on": f"发证日期{issued_on:%Y-%m-%d}早于班次的结业日期{cohort.end_date:%Y-%m-%d}，请在结业后颁发。"}
        )
    institution = cohort.institution
    if not _entrusted_on(institution, issued_on):
        raise ValidationError(
            {
                "issued_on": f"{institution.name}在{issued_on:%Y-%m-%d}不在省局委托的培训期内（或该期委托已撤销），"
                "不能颁发结业证书（第二条：证书须由受委托的机构颁发）。请核对发证日期，或联系省局办理委托。"
            }
        )
    if signing.signing_key() is None:
        raise ValidationError(
            "平台尚未配置证书签名密钥，暂不能颁发证书。请联系系统管理员（CERTIFICATE_SIGNING_KEY_FILE）。"
        )


def _issue(graduate: Graduate, cohort: Cohort, sequence: int, issued_on: datetime.date, actor) -> Certificate:
    institution = cohort.institution
    certificate = Certificate(
        number=certificate_number(institution, issued_on.year, sequence),
        person=graduate.person,
        institution=institution,
        cohort=cohort,
        graduate=graduate,
        issued_on=issued_on,
        issued_by=actor,
    )
    certificate.token = signing.sign(
        signing.CertificateFacts(
            number=certificate.number,
            name=graduate.person.name,
            institution=institution.name,
            cohort=cohort.title,
            hours=cohort.hours,
            issued_on=issued_on,
            code=certificate.code,
        )
    )
    save(certificate, actor)
    return certificate


@dataclass
class Issued:
    """What issuing to a cohort did: the new certificates, and how many graduates already had one."""

    certificates: list[Certificate] = field(default_factory=list)
    already_issued: int = 0


def _locked_cohort(cohort: Cohort) -> Cohort:
    # The institution row is the lock that serialises its certificate numbers.
    Institution.objects.select_for_update().get(pk=cohort.institution_id)
    return Cohort.objects.select_related("institution").get(pk=cohort.pk)


@transaction.atomic
def certificate_issue(*, graduate: Graduate, issued_on: datetime.date | None = None, actor) -> Certificate:
    """Issue one graduate's certificate: only to one marked 合格, once per graduation, and only on a date the
    institution is entrusted. The holder enters the talent pool in the same transaction (Article 12)."""
    graduate = Graduate.objects.select_related("cohort", "person").get(pk=graduate.pk)
    require(actor, "certificate.issue", graduate.cohort)
    cohort = _locked_cohort(graduate.cohort)
    issued_on = issued_on or timezone.localdate()
    if not graduate.passed:
        raise ValidationError(f"{graduate.person.name}考核结果为不合格，不能颁发结业证书。")
    if Certificate.objects.filter(graduate=graduate).exists():
        raise ValidationError(f"{graduate.person.name}在本班次已领取结业证书，每次结业只颁发一份。")
    _check_issue_date(cohort, issued_on)
    certificate = _issue(graduate, cohort, _next_sequence(cohort.institution, issued_on.year), issued_on, actor)
    _holders_changed(Certificate, [graduate.person_id])
    return certificate


@transaction.atomic
def certificate_issue_cohort(*, cohort: Cohort, issued_on: datetime.date | None = None, actor) -> Issued:
    """Issue a certificate to every graduate of the cohort marked 合格 who has none yet (all or nothing)."""
    require(actor, "certificate.issue", cohort)
    cohort = _locked_cohort(cohort)
    issued_on = issued_on or timezone.localdate()
    _check_issue_date(cohort, issued_on)
    passed = Graduate.objects.filter(cohort=cohort, passed=True).select_related("person").order_by("id")
    have = set(Certificate.objects.filter(graduate__cohort=cohort).values_list("graduate_id", flat=True))
    result = Issued(already_issued=len(have))
    sequence = _next_sequence(cohort.institution, issued_on.year)
    for graduate in passed:
        if graduate.pk in have:
            continue
        result.certificates.append(_issue(graduate, cohort, sequence, issued_on, actor))
        sequence += 1
    _holders_changed(Certificate, [c.person_id for c in result.certificates])
    return result
