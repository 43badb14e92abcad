"""Article 15 in the demo: a few experience exchanges with persons of several units taking part, and some
commendations, recorded through the activity services by the province, so the dashboards' 经验交流与表彰 chart and
the persons' 交流活动与表彰 cards have something to show. An exchange or commendation already on file (same title and
date, same person and year and honour) is left alone, so a second run adds nothing."""

from __future__ import annotations

import datetime

from django.db import transaction

from registry.models import City, Commendation, CommendationLevel, ExperienceExchange, Person, User
from registry.services.activities import commendation_record, exchange_create, exchange_participant_add

# (title, date, place, how many units' first persons took part, starting at which unit in the order)
EXCHANGES = [
    ("首席质量官制度实施经验交流会", datetime.date(2024, 11, 15), "福州市", 4, 0),
    ("质量标杆企业现场观摩交流", datetime.date(2025, 6, 20), "泉州市", 3, 3),
    ("首席质量官年度工作交流会", datetime.date(2026, 5, 18), "厦门市", 5, 0),
]
# (unit in the order, year, level, honour)
COMMENDATIONS = [
    (0, 2024, CommendationLevel.PROVINCIAL, "福建省优秀首席质量官"),
    (4, 2025, CommendationLevel.PROVINCIAL, "福建省优秀首席质量官"),
    (1, 2025, CommendationLevel.CITY, "厦门市质量工作先进个人"),
    (6, 2026, CommendationLevel.NATIONAL, "全国质量工作先进个人"),
]
ORGANISER = "福建省市场监督管理局"


def _first_person(units: list[City], index: int) -> Person | None:
    """The demo's first person (by name, then id) employed in the unit at `index` of the order."""
    unit = units[index % len(units)]
    return Person.objects.filter(enterprise__city=unit).order_by("name", "pk").first()


@transaction.atomic
def demo_activities(*, province: User) -> None:
    units = list(City.objects.order_by("order", "code"))
    if not units:
        return
    for title, held_on, place, how_many, first in EXCHANGES:
        if ExperienceExchange.objects.filter(title=title, held_on=held_on).exists():
            continue
        exchange = exchange_create(actor=province, title=title, held_on=held_on, organiser=ORGANISER, place=place)
        taken = set()
        for offset in range(how_many):
            person = _first_person(units, first + offset)
            if person is not None and person.pk not in taken:
                taken.add(person.pk)
                part = "交流发言" if offset == 0 else "参加"
                exchange_participant_add(exchange=exchange, person=person, actor=province, part=part)
    for index, year, level, title in COMMENDATIONS:
        person = _first_person(units, index)
        if person is None or Commendation.objects.filter(person=person, year=year, title=title).exists():
            continue
        commendation_record(
            actor=province,
            person=person,
            level=level,
            year=year,
            title=title,
            awarded_by=ORGANISER if level != CommendationLevel.CITY else f"{units[index].name}市场监督管理局",
            citation="在推行首席质量官制度、提升企业质量管理水平方面成绩突出。",
        )
