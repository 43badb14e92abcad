"""Article 15: a person's experience exchanges and commendations, and both counted for the dashboards."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from ..models import (
    Commendation,
    ExchangeParticipant,
    ExperienceExchange,
    Person,
)
from ..permissions import can, sees_province_wide

# ---------------------------------------------------------------------------
# Article 15: experience exchanges and commendations
# ---------------------------------------------------------------------------


@dataclass
class PersonActivities:
    """The "交流活动与表彰" card of a person's pages: what the user may see of them."""

    participations: list[ExchangeParticipant]
    commendations: list[Commendation]


def person_activities(user, person: Person) -> PersonActivities | None:
    """The exchanges the person took part in and their commendations, as far as the user sees them (two queries);
    None for a role that sees no activities (institutions, enterprises), whose pages then show no card."""
    if not can(user, "activity.view"):
        return None
    participations = (
        ExchangeParticipant.objects.filter(person=person, exchange__in=ExperienceExchange.objects.visible_to(user))
        .select_related("exchange")
        .order_by("-exchange__held_on", "-pk")
    )
    commendations = Commendation.objects.visible_to(user).filter(person=person).order_by("-year", "-pk")
    return PersonActivities(participations=list(participations), commendations=list(commendations))


NO_UNIT = "（无在职单位）"


@dataclass(frozen=True)
class ActivityCount:
    """Exchanges and commendations of one year and reporting unit (the unit of the person's employer)."""

    year: int
    unit: str  # a reporting unit's name, or NO_UNIT
    exchanges: int  # exchanges in which a person of the unit took part (one exchange counts once per unit)
    commendations: int


def _participations_counted(user):
    """The exchange participations the user's figures count: the province all; a city only its own persons' part,
    not the other units' in the same event."""
    participants = ExchangeParticipant.objects.filter(exchange__in=ExperienceExchange.objects.visible_to(user))
    if not sees_province_wide(user):
        participants = participants.filter(person__in=Person.objects.visible_to(user))
    return participants


def activity_years(user) -> list[tuple[int, int, int, int]]:
    """Article 15 per year, as far as the user sees: (year, exchanges held that year, persons' participations in
    them, commendations of that year), oldest year first. Three grouped queries; an exchange counts once however
    many units took part (activity_counts splits it by unit)."""
    exchanges = dict(
        ExperienceExchange.objects.visible_to(user)
        .annotate(year=ExtractYear("held_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    participations = dict(
        _participations_counted(user)
        .annotate(year=ExtractYear("exchange__held_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    commendations = dict(
        Commendation.objects.visible_to(user).values("year").annotate(n=Count("pk")).values_list("year", "n")
    )
    years = sorted(set(exchanges) | set(participations) | set(commendations))
    return [(y, exchanges.get(y, 0), participations.get(y, 0), commendations.get(y, 0)) for y in years]


def activity_counts(user) -> list[ActivityCount]:
    """Article 15 for the dashboards: per year and reporting unit, the exchanges persons of the unit took part in
    and their commendations, as far as the user sees them. Counted by the database (two grouped queries), sorted by
    year then unit code. An exchange with persons of three units counts once for each of them."""
    participants = _participations_counted(user)
    exchanges = (
        participants.values(year=ExtractYear("exchange__held_on"), code=F("person__enterprise__city__code"))
        .annotate(unit=F("person__enterprise__city__name"), n=Count("exchange", distinct=True))
        .values_list("year", "code", "unit", "n")
    )
    commendations = (
        Commendation.objects.visible_to(user)
        .values("year", code=F("person__enterprise__city__code"))
        .annotate(unit=F("person__enterprise__city__name"), n=Count("pk"))
        .values_list("year", "code", "unit", "n")
    )
    table: dict[tuple[int, str], list] = {}
    for column, rows in ((0, exchanges), (1, commendations)):
        for year, code, unit, n in rows:
            cell = table.setdefault((year, code or ""), [unit or NO_UNIT, 0, 0])
            cell[1 + column] += n
    return [
        ActivityCount(year=year, unit=unit, exchanges=exchanges_n, commendations=commendations_n)
        for (year, _), (unit, exchanges_n, commendations_n) in sorted(
            table.items(), key=lambda item: (item[0][0], item[0][1] or "999999")
        )
    ]
