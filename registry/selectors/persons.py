"""Finding persons: the person picker's search and the look-up by resident ID."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q

from .. import crypto
from ..models import (
    Person,
)
from ..validators import normalize_resident_id

PERSON_PICKER_SIZE = 50


def person_search(persons, text: str, *, limit: int = PERSON_PICKER_SIZE) -> list[Person]:
    """The first `limit` of `persons` (already scoped) whose name or enterprise contains `text`, or whose
    masked ID ends with it (e.g. the last four digits); no text: the first `limit` by name."""
    text = (text or "").strip()[:50]
    rows = persons.select_related("enterprise").order_by("name", "pk")
    if text:
        rows = rows.filter(
            Q(name__icontains=text) | Q(enterprise__name__icontains=text) | Q(resident_id_masked__endswith=text.upper())
        )
    return list(rows[:limit])


def person_find_by_resident_id(number: str) -> Person | None:
    """The person with this resident ID, found through the keyed hash; unscoped, so callers add visible_to.
    Only services.id_lookup (which logs and limits) and the services' own integrity checks call it."""
    try:
        normalised = normalize_resident_id(number)
    except ValidationError:
        return None  # characters no resident ID has: nobody holds it
    if not normalised:
        return None
    return Person.objects.filter(resident_id_hash=crypto.keyed_hash(normalised)).first()
