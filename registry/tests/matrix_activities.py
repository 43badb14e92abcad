"""Permission-matrix entries for Article 15 activities and the Article 14 look-up of many enterprises.

Written from the measures: the province records exchanges and commendations (Article 15); a city bureau reads those
of the persons in its scope; institutions and enterprises have no such pages. The Article 14 look-up is the bureaux'.
"""

import datetime

from cqo_portal.testing.matrix import BUREAUX, expect, inert_post, listing, page, post
from registry.models import Commendation, ExchangeParticipant, ExperienceExchange

RECORDERS = ("province", "admin")
# lin_fang works at acme (Fuzhou): city_a sees her exchange and commendation, city_b gets 404; other roles 403.
READERS = dict(province=200, city_a=200, city_b=404, admin=200)
SAVED = dict(province=302, admin=302)


def _exchange(w, title: str) -> ExperienceExchange:
    exchange, _ = ExperienceExchange.objects.get_or_create(
        title=title,
        defaults={
            "held_on": datetime.date(2025, 11, 20),
            "place": "福州市",
            "organiser": "福建省市场监督管理局",
            "recorded_by": w.users["province"],
        },
    )
    return exchange


def exchange(w):
    """An exchange lin_fang took part in."""
    exchange = _exchange(w, "全省首席质量官经验交流会")
    ExchangeParticipant.objects.get_or_create(exchange=exchange, person=w.lin_fang)
    return {"pk": exchange.pk}


def exchange_to_delete(w):
    """Made again for each principal: the one before may have deleted it."""
    exchange = _exchange(w, "待删除的交流活动")
    ExchangeParticipant.objects.get_or_create(exchange=exchange, person=w.lin_fang)
    return {"pk": exchange.pk}


def exchange_without_chen(w):
    """lin_fang's exchange with chen_jie not (or no longer) listed, so each principal may add him."""
    kwargs = exchange(w)
    ExchangeParticipant.objects.filter(exchange_id=kwargs["pk"], person=w.chen_jie).delete()
    return kwargs


def participant_to_remove(w):
    exchange = _exchange(w, "待移出人员的交流活动")
    participant, _ = ExchangeParticipant.objects.get_or_create(exchange=exchange, person=w.lin_fang)
    return {"pk": exchange.pk, "participant_id": participant.pk}


def _commendation(w, title: str) -> Commendation:
    commendation, _ = Commendation.objects.get_or_create(
        person=w.lin_fang,
        title=title,
        defaults={
            "level": "provincial",
            "year": 2025,
            "awarded_by": "福建省人民政府",
            "recorded_by": w.users["province"],
        },
    )
    return commendation


def commendation(w):
    return {"pk": _commendation(w, "福建省质量工作先进个人").pk}


def commendation_to_delete(w):
    return {"pk": _commendation(w, "待删除的表彰").pk}


def exchange_data(w):
    return {
        "title": "闽西南首席质量官交流会",
        "held_on": "2025-06-18",
        "place": "厦门市",
        "organiser": "福建省市场监督管理局",
    }


def commendation_data(w):
    return {
        "person": w.lin_fang.pk,
        "level": "national",
        "year": "2024",
        "title": "全国质量工作先进个人",
        "awarded_by": "国家市场监督管理总局",
    }


CODES = "91350100AC0000001\n不是代码\n91350200BL0000002"

CASES = [
    # Experience exchanges
    *listing("registry:exchange-list", *BUREAUX),
    page("registry:exchange-list", *BUREAUX, query="export=xlsx"),
    page("registry:exchange-list", *BUREAUX, query="q=交流&year=2025&sort=-participants", label="filtered"),
    page("registry:exchange-create", *RECORDERS),
    inert_post(
        "registry:exchange-create", lambda w: {"title": "", "held_on": "2025-13-01"}, *RECORDERS, label="invalid"
    ),
    post("registry:exchange-create", expect(403, **SAVED), data=exchange_data, label="valid"),
    page("registry:exchange-detail", kwargs=exchange, **READERS),
    page("registry:exchange-update", *RECORDERS, kwargs=exchange),
    post(
        "registry:exchange-update",
        expect(403, **SAVED),
        kwargs=exchange,
        data=lambda w: {**exchange_data(w), "title": "全省首席质量官经验交流会"},
        note="a city bureau reads its persons' exchanges and changes none",
    ),
    page("registry:exchange-delete", *RECORDERS, kwargs=exchange_to_delete, label="confirmation"),
    post(
        "registry:exchange-delete",
        expect(403, **SAVED),
        kwargs=exchange_to_delete,
        data=lambda w: {"confirm": "1"},
        note="the confirmation page posts `confirm`; the exchange is made again for each principal",
    ),
    page("registry:exchange-participant-add", *RECORDERS, kwargs=exchange, query="q=林"),
    inert_post(
        "registry:exchange-participant-add",
        lambda w: {"person": ""},
        *RECORDERS,
        kwargs=exchange,
        label="no person",
        note="the form is re-shown naming the field",
    ),
    post(
        "registry:exchange-participant-add",
        expect(403, **SAVED),
        kwargs=exchange_without_chen,
        data=lambda w: {"person": w.chen_jie.pk, "part": "交流发言"},
        label="valid",
    ),
    page("registry:exchange-participant-remove", *RECORDERS, kwargs=participant_to_remove, label="confirmation"),
    post(
        "registry:exchange-participant-remove",
        expect(403, **SAVED),
        kwargs=participant_to_remove,
        data=lambda w: {"confirm": "1"},
    ),
    # Commendations
    *listing("registry:commendation-list", *BUREAUX),
    page("registry:commendation-list", *BUREAUX, query="export=xlsx", note="masked IDs; writes an access-log row"),
    page("registry:commendation-create", *RECORDERS),
    inert_post(
        "registry:commendation-create",
        lambda w: {**commendation_data(w), "year": "1800"},
        *RECORDERS,
        label="invalid",
        note="a year before 1949 is refused on its field",
    ),
    post("registry:commendation-create", expect(403, **SAVED), data=commendation_data, label="valid"),
    page("registry:commendation-detail", kwargs=commendation, **READERS),
    page("registry:commendation-update", *RECORDERS, kwargs=commendation),
    post(
        "registry:commendation-update",
        expect(403, **SAVED),
        kwargs=commendation,
        data=lambda w: {**commendation_data(w), "title": "福建省质量工作先进个人", "level": "provincial"},
    ),
    page("registry:commendation-delete", *RECORDERS, kwargs=commendation_to_delete, label="confirmation"),
    post(
        "registry:commendation-delete",
        expect(403, **SAVED),
        kwargs=commendation_to_delete,
        data=lambda w: {"confirm": "1"},
    ),
    # Article 14 for many enterprises: a unit's (city_b is offered only its own unit: the form is re-shown) or a list
    page("registry:cqo-status-batch", *BUREAUX),
    page("registry:cqo-status-batch", *BUREAUX, query="city=350100", note="city_b: not its unit, the form says so"),
    page("registry:cqo-status-batch", *BUREAUX, query="city=350100&export=xlsx"),
    inert_post("registry:cqo-status-batch", lambda w: {"codes": CODES}, *BUREAUX, label="pasted"),
    inert_post(
        "registry:cqo-status-batch", lambda w: {"codes": CODES, "export": "xlsx"}, *BUREAUX, label="pasted export"
    ),
]
