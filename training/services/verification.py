"""Public certificate verification (CONTRACT §6): by number and name, or by the QR code's signed link.

Answers only what anyone holding the paper may learn: valid, revoked (and since when) or not found, with the
holder's name masked, the institution, the cohort title and the issue date; never an ID number or birth year.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from registry.crypto import mask_name

from ..certificates import signing
from ..models import Certificate

VALID, REVOKED, NOT_FOUND = "valid", "revoked", "not_found"
STATUS_LABELS = {VALID: "有效", REVOKED: "已撤销", NOT_FOUND: "未找到"}
MAX_INPUT = 60


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(text.split())[:MAX_INPUT]


def normalize_number(number: str) -> str:
    return _clean(number).upper()


@dataclass(frozen=True)
class Verification:
    status: str
    number: str = ""
    holder: str = ""
    institution: str = ""
    cohort: str = ""
    issued_on: datetime.date | None = None
    revoked_on: datetime.date | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_json(self) -> dict:
        """The contract's shape: only `status` when nothing was found."""
        if self.status == NOT_FOUND:
            return {"status": NOT_FOUND}
        return {
            "status": self.status,
            "number": self.number,
            "holder": self.holder,
            "institution": self.institution,
            "cohort": self.cohort,
            "issued_on": self.issued_on.isoformat(),
            "revoked_on": self.revoked_on.isoformat() if self.revoked_on else None,
        }


def _answer(certificate: Certificate | None) -> Verification:
    if certificate is None:
        return Verification(NOT_FOUND)
    return Verification(
        status=REVOKED if certificate.revoked else VALID,
        number=certificate.number,
        holder=mask_name(certificate.person.name),
        institution=certificate.institution.name,
        cohort=certificate.cohort.title if certificate.cohort_id else "",
        issued_on=certificate.issued_on,
        revoked_on=certificate.revoked_on if certificate.revoked else None,
    )


def _certificates():
    return Certificate.objects.select_related("person", "institution", "cohort").only(
        "number",
        "issued_on",
        "revoked",
        "revoked_on",
        "code",
        "person__name",
        "institution__name",
        "cohort__title",
    )


def verify_by_number(*, number: str, name: str) -> Verification:
    """The certificate with this number, when its holder has this name (both as typed, full-width or spaced)."""
    number, name = normalize_number(number), _clean(name)
    if not number or not name:
        return Verification(NOT_FOUND)
    certificate = _certificates().filter(number=number, person__name=name).first()
    return _answer(certificate)


def verify_by_code(code: str) -> Verification:
    """The certificate with this verification code (the QR code's, after its signature was checked)."""
    code = _clean(code).upper()
    return _answer(_certificates().filter(code=code).first() if code else None)


@dataclass(frozen=True)
class TokenCheck:
    """A QR link checked twice, apart: the signature (offline, forever) and the status as of now (online)."""

    signed: signing.SignedFacts | None
    signature_error: str
    online: Verification | None

    @property
    def holder(self) -> str:
        return mask_name(self.signed.facts.name) if self.signed else ""

    @property
    def development_key(self) -> bool:
        return self.signed is not None and self.signed.kid == signing.development_kid()

    @property
    def facts_match(self) -> bool:
        """Whether the record found online says what the signed facts say."""
        if self.signed is None or self.online is None or self.online.status == NOT_FOUND:
            return False
        facts = self.signed.facts
        return (self.online.number, self.online.issued_on, self.online.institution) == (
            facts.number,
            facts.issued_on,
            facts.institution,
        )


def verify_token(token: str) -> TokenCheck:
    try:
        signed = signing.verify(token)
    except signing.InvalidToken as error:
        return TokenCheck(signed=None, signature_error=str(error), online=None)
    return TokenCheck(signed=signed, signature_error="", online=verify_by_code(signed.facts.code))
