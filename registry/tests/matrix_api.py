"""Permission-matrix entries for the registry JSON API (/api/v1/), added to matrix.py.

DRF answers an anonymous caller 403 (session authentication sends no challenge); a list is 200
for everyone signed in, holding only their scope's rows; another scope's object is a 404.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cqo_portal.testing.matrix import Case, expect
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

CASES = [
    Case("api-enterprise-list", expect(200, **API)),
    Case("api-enterprise-list", expect(200, **API), query="city=350100&credit_code=91350100AC0000001"),
    Case(
        "api-enterprise-detail",
        expect(404, **API, province=200, city_a=200, enterprise_a=200, admin=200),
        kwargs=lambda w: {"pk": w.acme.pk},
    ),
    Case("api-person-list", expect(200, **API)),
    Case("api-person-list", expect(200, **API), query="name=林"),
    Case(
        "api-person-detail",
        expect(404, **API, province=200, city_a=200, enterprise_a=200, institution_a=200, admin=200),
        kwargs=lambda w: {"pk": w.lin_fang.pk},
        note="institution_a trained lin_fang (certificate from academy)",
    ),
    Case("api-appointment-list", expect(200, **API)),
    Case(
        "api-appointment-detail",
        expect(404, **API, province=200, city_a=200, enterprise_a=200, institution_a=200, admin=200),
        kwargs=lambda w: {"pk": submitted_appointment(w).pk},
    ),
    Case("api-finding-list", expect(200, **API)),
    Case("api-finding-list", expect(200, **API), query="active=true"),
    Case(
        "api-finding-detail",
        expect(404, **API, province=200, city_a=200, enterprise_a=200, admin=200),
        kwargs=lambda w: {"pk": finding_by("city_a")(w).pk},
    ),
    Case(
        "api-finding-list",
        expect(405, **API),
        method="post",
        data=lambda w: {"item": 1},
        content_type="application/json",
        note="the API is read-only: writes are refused and change nothing",
    ),
]
