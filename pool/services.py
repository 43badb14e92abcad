"""The talent pool's writes: refresh members' rows after any change below, and rebuild it all nightly.

PoolEntry is a read table. Registry and training announce changes (registry.signals) and the pool
listens, so neither of them imports this app; `manage.py refresh_pool` and the nightly Celery task
rebuild it whole, as verdicts depend on the date.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from eligibility import facts, rules
from registry.models import Appointment, Enterprise, Person
from training.models import Certificate

from .models import PoolEntry
from .pinyin import name_keys

POOL_REFRESH_BATCH = 1000


def _pool_enterprise(person):
    """The enterprise the pool row shows: the current appointment's, else the current employer."""
    current = person.current_appointments[0] if person.current_appointments else None
    return current, (current.enterprise if current is not None else person.enterprise)


def _pool_row(person, *, valid, current, enterprise, verdict):
    city = enterprise.city if enterprise is not None else None
    keys = name_keys(person.name)
    return PoolEntry(
        person=person,
        name=person.name,
        name_pinyin=keys.spelled,
        name_initials=keys.initials,
        resident_id_masked=person.resident_id_masked,
        city=city,
        city_code=city.code if city is not None else "",
        enterprise=enterprise,
        enterprise_name=enterprise.name if enterprise is not None else "",
        credit_code=enterprise.credit_code if enterprise is not None else "",
        industry_section=enterprise.industry_section if enterprise is not None else "",
        enterprise_size=enterprise.effective_size if enterprise is not None else "",
        education=person.education,
        title_level=person.title_level,
        eligibility=verdict.status,
        certificate_year=max((c.issued_on.year for c in valid), default=0),
        via_certificate=bool(valid),
        via_appointment=current is not None,
    )


@transaction.atomic
def pool_refresh(*, person_ids: Iterable[int]) -> int:
    """Bring these persons' talent-pool rows up to date: add members, update them, drop those who left.

    Membership (Article 12): a certificate that counts for 第五条第（五）项 (not revoked, issued
    while its institution was entrusted), or a current acknowledged appointment. The verdict is the rules engine's as of today, for the enterprise the row shows.
    Costs a fixed number of queries per batch of POOL_REFRESH_BATCH persons. Returns how many of
    them are in the pool.
    """
    ids = sorted(set(person_ids))
    today = timezone.localdate()
    update_fields = [f.name for f in PoolEntry._meta.concrete_fields if f.name not in ("id", "person")]
    members = 0
    for start in range(0, len(ids), POOL_REFRESH_BATCH):
        batch = ids[start : start + POOL_REFRESH_BATCH]
        persons = (
            Person.objects.filter(pk__in=batch)
            .select_related("enterprise__city")
            .prefetch_related(
                # The same certificate prefetch eligibility.facts uses, so it finds them already loaded.
                Prefetch(
                    "certificates",
                    queryset=Certificate.objects.select_related("institution").prefetch_related(
                        "institution__entrustments"
                    ),
                ),
                Prefetch(
                    "appointments",
                    queryset=Appointment.objects.current().select_related("enterprise__city"),
                    to_attr="current_appointments",
                ),
            )
        )
        placed = [(person, *_pool_enterprise(person)) for person in persons]
        candidates = facts.candidates_for([(person, enterprise) for person, _, enterprise in placed], as_of=today)
        rows = []
        for (person, current, enterprise), candidate in zip(placed, candidates, strict=True):
            # A certificate counts exactly when the engine counts it for 5.5 (issued while the
            # institution was entrusted, not revoked by today): one rule for the pool and the verdict.
            valid = [c for c in candidate.certificates if not rules.certificate_problems(c, today)]
            if valid or current is not None:
                verdict = rules.evaluate(candidate)
                rows.append(_pool_row(person, valid=valid, current=current, enterprise=enterprise, verdict=verdict))
        PoolEntry.objects.filter(person_id__in=batch).exclude(person_id__in=[r.person_id for r in rows]).delete()
        PoolEntry.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["person"], update_fields=update_fields
        )
        members += len(rows)
    return members


def pool_refresh_enterprise(*, enterprise: Enterprise) -> int:
    """Refresh everyone whose pool row may show this enterprise: its employees and appointees."""
    person_ids = Person.objects.filter(Q(enterprise=enterprise) | Q(appointments__enterprise=enterprise)).values_list(
        "pk", flat=True
    )
    return pool_refresh(person_ids=set(person_ids))


def pool_rebuild() -> int:
    """Refresh everyone who is or could be in the pool, one transaction per batch (`manage.py refresh_pool`)."""
    candidates = sorted(
        set(Certificate.objects.values_list("person_id", flat=True))
        | set(Appointment.objects.values_list("person_id", flat=True))
        | set(PoolEntry.objects.values_list("person_id", flat=True))
    )
    return sum(
        pool_refresh(person_ids=candidates[start : start + POOL_REFRESH_BATCH])
        for start in range(0, len(candidates), POOL_REFRESH_BATCH)
    )


def on_persons_changed(sender, *, person_ids, **kwargs) -> None:
    """registry.signals.persons_changed: refresh those persons' rows in the same transaction."""
    pool_refresh(person_ids=[pk for pk in person_ids if pk is not None])


def on_enterprise_changed(sender, *, enterprise, **kwargs) -> None:
    """registry.signals.enterprise_changed: everyone shown with the enterprise follows its new size."""
    pool_refresh_enterprise(enterprise=enterprise)
