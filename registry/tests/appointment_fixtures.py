"""Appointments for tests and the permission matrix: a small real PDF letter and lin_fang at acme in each state."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from registry import services
from registry.letters import minimal_pdf as pdf_bytes  # noqa: F401 - re-exported for tests
from registry.models import Appointment, Notice


def letter(name: str = "letter.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type="application/pdf")


def new_person_filing(resident_id: str, **changes) -> dict:
    """The enterprise's filing page (appointment-create) with a new person typed in and one period of quality
    work; `changes` replace or add form fields by their full names ("person-name", "periods-TOTAL_FORMS")."""
    return {
        "person-existing": "",
        "person-name": "许明",
        "person-resident_id": resident_id,
        "person-education": "associate",
        "person-title_level": "assistant",
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "periods-0-start": "2015-01-01",
        "periods-0-employer": "鹭岛电子科技有限公司",
        "appointment-appointed_by": "许海",
        "appointment-appointed_on": "2025-01-02",
        "appointment-duties": ["strategy", "qms"],
        "appointment-letter": letter(),
        **changes,
    }


def fields(world, **overrides) -> dict:
    values = dict(
        enterprise=world.acme,
        person=world.lin_fang,
        appointed_by="郑建国",
        appointed_on=datetime.date(2025, 1, 2),
        decision_level=True,
        allowance=True,
        allowance_amount=None,
        duties=["strategy", "qms", "training"],
        letter=letter(),
        actor=world.users["enterprise_a"],
    )
    values.update(overrides)
    return values


def draft(world) -> Appointment:
    return services.appointment_draft(**fields(world))


def submitted(world) -> Appointment:
    return services.appointment_submit(**fields(world))


def acknowledged(world) -> Appointment:
    return services.appointment_acknowledge(appointment=submitted(world), actor=world.users["city_a"])


def _cached(world, key, make):
    cache = world.__dict__.setdefault("_appointments", {})
    if key not in cache:
        cache[key] = make(world)
    return cache[key]


def cached_draft(world) -> Appointment:
    return _cached(world, "draft", draft)


def cached_submitted(world) -> Appointment:
    return _cached(world, "submitted", submitted)


def cached_acknowledged(world) -> Appointment:
    return _cached(world, "acknowledged", acknowledged)


def cached_city_notice(world) -> Notice:
    return _cached(world, "notice", lambda w: Notice.objects.create(recipient_city=w.fuzhou, text="测试通知", link="/"))


def returned(world) -> Appointment:
    return services.appointment_return(
        appointment=submitted(world), actor=world.users["city_a"], reason="聘任文件未加盖公章"
    )


def cached_returned(world) -> Appointment:
    return _cached(world, "returned", returned)
