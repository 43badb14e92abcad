"""Writes of Article 15 activities: the province records experience exchanges (and who took part) and commendations."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ..models import Commendation, ExchangeParticipant, ExperienceExchange, Person
from ..permissions import require
from .write import save, visible

EXCHANGE_FIELDS = ("title", "held_on", "place", "organiser", "note")
COMMENDATION_FIELDS = ("person", "level", "year", "title", "citation", "awarded_by")


@transaction.atomic
def exchange_create(
    *, actor, title: str, held_on: datetime.date, organiser: str, place: str = "", note: str = ""
) -> ExperienceExchange:
    """Record an experience exchange (provincial staff); its participants are added afterwards."""
    require(actor, "activity.manage")
    exchange = ExperienceExchange(
        title=title.strip(),
        held_on=held_on,
        place=place.strip(),
        organiser=organiser.strip(),
        note=note,
        recorded_by=actor,
    )
    save(exchange, actor)
    return exchange


@transaction.atomic
def exchange_update(*, exchange: ExperienceExchange, actor, **fields) -> ExperienceExchange:
    """Correct an exchange's title, date, place, organiser or note; the change history keeps the old values."""
    unknown = set(fields) - set(EXCHANGE_FIELDS)
    if unknown:
        raise TypeError(f"exchange_update() cannot set {sorted(unknown)}")
    require(actor, "activity.manage", exchange)
    exchange = ExperienceExchange.objects.select_for_update().get(pk=exchange.pk)
    changed = [name for name, value in fields.items() if getattr(exchange, name) != value]
    for name in changed:
        setattr(
            exchange, name, fields[name].strip() if isinstance(fields[name], str) and name != "note" else fields[name]
        )
    if changed:
        save(exchange, actor, update_fields=changed)
    return exchange


@transaction.atomic
def exchange_delete(*, exchange: ExperienceExchange, actor) -> str:
    """Delete an exchange and its list of participants (the history keeps both); returns what was deleted."""
    require(actor, "activity.manage", exchange)
    label = str(exchange)
    for participant in exchange.participants.all():
        participant._history_user = actor
        participant.delete()
    exchange._history_user = actor
    exchange.delete()
    return label


@transaction.atomic
def exchange_participant_add(
    *, exchange: ExperienceExchange, person: Person, actor, part: str = ""
) -> ExchangeParticipant:
    """Add a person (of the actor's scope) to an exchange's participants; a person already listed is refused."""
    require(actor, "activity.manage", exchange)
    if not visible(actor, person):
        raise PermissionDenied("只能添加您管辖范围内的人员。")
    ExperienceExchange.objects.select_for_update().get(pk=exchange.pk)  # two clerks adding at once queue here
    participant = ExchangeParticipant(exchange=exchange, person=person, part=part.strip())
    if ExchangeParticipant.objects.filter(exchange=exchange, person=person).exists():
        raise ValidationError({"person": f"{person.name}已在本活动的参加人员名单中。"})
    save(participant, actor)
    return participant


@transaction.atomic
def exchange_participant_remove(*, participant: ExchangeParticipant, actor) -> str:
    """Take a person off an exchange's participants (the history keeps who was listed, and who removed them)."""
    require(actor, "activity.manage", participant.exchange)
    label = participant.person.name
    participant._history_user = actor
    participant.delete()
    return label


@transaction.atomic
def commendation_record(
    *,
    actor,
    person: Person,
    level: str,
    year: int,
    title: str,
    awarded_by: str,
    citation: str = "",
) -> Commendation:
    """Record a commendation of a person (provincial staff)."""
    require(actor, "activity.manage")
    if not visible(actor, person):
        raise PermissionDenied("只能为您管辖范围内的人员登记表彰。")
    commendation = Commendation(
        person=person,
        level=level,
        year=year,
        title=title.strip(),
        citation=citation,
        awarded_by=awarded_by.strip(),
        recorded_by=actor,
    )
    save(commendation, actor)
    return commendation


@transaction.atomic
def commendation_update(*, commendation: Commendation, actor, **fields) -> Commendation:
    """Correct a commendation (not whose it is: a commendation of another person is a new record)."""
    unknown = set(fields) - (set(COMMENDATION_FIELDS) - {"person"})
    if unknown:
        raise TypeError(f"commendation_update() cannot set {sorted(unknown)}")
    require(actor, "activity.manage", commendation)
    commendation = Commendation.objects.select_for_update().get(pk=commendation.pk)
    changed = [name for name, value in fields.items() if getattr(commendation, name) != value]
    for name in changed:
        value = fields[name]
        setattr(commendation, name, value.strip() if isinstance(value, str) and name != "citation" else value)
    if changed:
        save(commendation, actor, update_fields=changed)
    return commendation


@transaction.atomic
def commendation_delete(*, commendation: Commendation, actor) -> str:
    """Delete a commendation recorded in error; the change history keeps it."""
    require(actor, "activity.manage", commendation)
    label = str(commendation)
    commendation._history_user = actor
    commendation.delete()
    return label
