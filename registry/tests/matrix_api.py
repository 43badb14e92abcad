"""Permission-matrix entries for the registry JSON API (/api/v1/), added to matrix.py.

DRF answers an anonymous caller 403 (session authentication sends no challenge); a list is 200
for everyone signed in, holding only their scope's rows; another scope's object is a 404.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cqo_portal.testing.matrix import SIGNED_IN, expect, listing, page, post, scoped
from registry.models import Appointment, AppointmentStatus

from .matrix_findings import PDF, finding_by


def submitted_appointment(w) -> Appointment:
    """lin_fang's appointment at acme, waiting for Fuzhou (one per world: an enterprise has one pending filing)."""
    if "_api_appointment" not in w.__dict__:
        w._api_appointment = Appointment.objects.create(
            enterprise=w.acme,
            person=w.lin_fang,
            appointed_by="郑建国",
            appointed_on=datetime.date(2025, 1, 2),
            letter=SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
            status=AppointmentStatus.SUBMITTED,
            submitted_at=timezone.now(),
            created_by=w.user("enterprise_a"),
        )
    return w._api_appointment


API = dict(anonymous=403)
# Who sees acme's rows (and lin_fang, who works there); institution_a also sees those it trained.
SEES_ACME = ("province", "city_a", "enterprise_a", "admin")

CASES = [
    *listing("api-enterprise-list", *SIGNED_IN, query="city=350100&credit_code=91350100AC0000001", **API),
    scoped("api-enterprise-detail", lambda w: {"pk": w.acme.pk}, *SEES_ACME, **API),
    *listing("api-person-list", *SIGNED_IN, query="name=林", **API),
    scoped(
        "api-person-detail",
        lambda w: {"pk": w.lin_fang.pk},
        *SEES_ACME,
        "institution_a",
        note="institution_a trained lin_fang (certificate from academy)",
        **API,
    ),
    page("api-appointment-list", *SIGNED_IN, **API),
    scoped("api-appointment-detail", lambda w: {"pk": submitted_appointment(w).pk}, *SEES_ACME, "institution_a", **API),
    *listing("api-finding-list", *SIGNED_IN, query="active=true", **API),
    scoped("api-finding-detail", lambda w: {"pk": finding_by("city_a")(w).pk}, *SEES_ACME, **API),
    post(
        "api-finding-list",
        expect(405, **API),
        data=lambda w: {"item": 1},
        json=True,
        note="the API is read-only: writes are refused and change nothing",
    ),
]
