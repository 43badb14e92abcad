"""Builds the rules engine's input (eligibility.rules.Candidate) from the registry and training models."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Coalesce

from . import rules


def _entrustment_window(certificate) -> tuple[datetime.date, datetime.date | None]:
    """The entrustment period in force on the issue date, else the nearest one (revoked periods cover nothing).

    With no entrustment at all the window starts the day after issue, so the engine reports the
    certificate as issued outside any entrusted period instead of silently counting it.
    """
    periods = [e for e in certificate.institution.entrustments.all() if not e.revoked]
    issued = certificate.issued_on
    for period in periods:
        if period.from_date <= issued and (period.until is None or issued <= period.until):
            return period.from_date, period.until
    if periods:

        def distance(period) -> int:
            if issued < period.from_date:
                return (period.from_date - issued).days
            return (issued - period.until).days

        nearest = min(periods, key=distance)
        return nearest.from_date, nearest.until
    day_after = issued + datetime.timedelta(days=1)
    return day_after, day_after


def _identity(person) -> int:
    """One key for rows flagged as one person (Person.duplicate_of points at the oldest): that oldest row's pk."""
    return person.duplicate_of_id or person.pk


def _candidate(person, enterprise, as_of: datetime.date, findings: Sequence) -> rules.Candidate:
    certificates = []
    for certificate in person.certificates.all():
        entrusted_from, entrusted_until = _entrustment_window(certificate)
        # A revocation counts from its date: before it, the certificate was valid.
        revoked = certificate.revoked and (certificate.revoked_on is None or certificate.revoked_on <= as_of)
        certificates.append(
            rules.Certificate(
                issued_on=certificate.issued_on,
                revoked=revoked,
                entrusted_from=entrusted_from,
                entrusted_until=entrusted_until,
            )
        )
    # Declarations signed after as_of were not yet made on that day.
    declared = person.declared_on is not None and person.declared_on <= as_of
    return rules.Candidate(
        id=str(person.pk),
        as_of=as_of,
        enterprise_size=enterprise.effective_size if enterprise is not None else "unknown",
        education=person.education,
        title=person.title_level,
        quality_work=[rules.Period(start=p.start, end=p.end) for p in person.quality_work.all()],
        certificates=certificates,
        declarations=rules.Declarations(
            ethics=declared and person.declared_ethics, laws=declared and person.declared_laws
        ),
        findings=[
            rules.Finding(item=f.item, decided_on=f.decided_on, lifted_on=f.lifted_on)
            for f in sorted(findings, key=lambda f: (f.decided_on, f.pk))
        ],
    )


def _prefetch(persons: Sequence) -> dict[int, list]:
    """Prefetch the persons' facts; return their Article 6 findings by identity (see _findings_by_identity)."""
    persons = list(persons)
    if not persons:
        return {}
    # The certificate model through the reverse relation, so facts imports no app's models at all.
    certificate = type(persons[0])._meta.get_field("certificates").related_model
    # prefetch_related_objects skips objects that already hold a cache, which would judge a
    # long-lived Person on facts as they were when first read: always read them afresh.
    for person in persons:
        cache = getattr(person, "_prefetched_objects_cache", None)
        if cache:
            for name in ("quality_work", "certificates"):
                cache.pop(name, None)
    prefetch_related_objects(
        persons,
        "quality_work",
        Prefetch(
            "certificates",
            queryset=certificate.objects.select_related("institution").prefetch_related("institution__entrustments"),
        ),
    )
    return _findings_by_identity(persons)


def _findings_by_identity(persons: Sequence) -> dict[int, list]:
    """Findings on a person follow them to every row flagged as the same person, both ways, in one query.

    One ID typed two ways once made two rows (issue 8); a finding recorded against either row must bar both.
    """
    finding = type(persons[0])._meta.get_field("findings").related_model
    identities = {_identity(person) for person in persons}
    rows = finding.objects.filter(Q(person_id__in=identities) | Q(person__duplicate_of_id__in=identities)).annotate(
        identity=Coalesce("person__duplicate_of_id", "person_id")
    )
    by_identity: dict[int, list] = defaultdict(list)
    for row in rows:
        by_identity[row.identity].append(row)
    return by_identity


def candidates_for(pairs: Iterable[tuple], *, as_of: datetime.date) -> list[rules.Candidate]:
    """Candidates for (person, enterprise) pairs, in order, in a fixed number of queries however many there are."""
    pairs = list(pairs)
    findings = _prefetch([person for person, _ in pairs])
    return [_candidate(person, enterprise, as_of, findings.get(_identity(person), ())) for person, enterprise in pairs]


def candidate_for(person, *, enterprise, as_of: datetime.date) -> rules.Candidate:
    """The person's facts on `as_of`, for the post at `enterprise` (None: size unknown)."""
    return candidates_for([(person, enterprise)], as_of=as_of)[0]


def verdict_for(person, *, enterprise, as_of: datetime.date) -> rules.Verdict:
    return rules.evaluate(candidate_for(person=person, enterprise=enterprise, as_of=as_of))
