"""The registry JSON API: scoped like the pages, masked IDs only, flat query counts, filters, a clean schema."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from cqo_portal.pagination import BoundedLimitOffsetPagination, PkCursorPagination
from registry import services
from registry.models import Appointment, AppointmentStatus, Education, Enterprise, Person
from registry.validators import make_credit_code, make_resident_id

from .matrix_findings import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def record_finding(world, *, person=None, actor="city_a", item=2) -> object:
    return services.finding_record(
        person=person or world.lin_fang,
        actor=world.user(actor),
        item=item,
        decided_on=datetime.date(2025, 3, 1),
        evidence=SimpleUploadedFile("e.pdf", PDF),
        note="",
    )


def appointment(world, *, status=AppointmentStatus.SUBMITTED, enterprise=None, person=None) -> Appointment:
    return Appointment.objects.create(
        enterprise=enterprise or world.acme,
        person=person or world.lin_fang,
        appointed_by="郑建国",
        appointed_on=datetime.date(2025, 1, 2),
        letter=SimpleUploadedFile("l.pdf", PDF),
        status=status,
        submitted_at=timezone.now() if status != AppointmentStatus.DRAFT else None,
    )


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.mark.parametrize(
    "principal, sees",
    [
        ("province", {"acme", "bolt"}),
        ("admin", {"acme", "bolt"}),
        ("city_a", {"acme"}),
        ("city_b", {"bolt"}),
        ("enterprise_a", {"acme"}),
        ("enterprise_b", {"bolt"}),
        ("institution_a", set()),
    ],
)
def test_enterprise_and_person_lists_hold_exactly_the_callers_scope(world, client_for, principal, sees):
    """Each role's list holds what visible_to gives it, nothing more."""
    client = client_for(principal)
    enterprises = {"acme": world.acme.pk, "bolt": world.bolt.pk}
    assert ids(client.get(reverse("api-enterprise-list"))) == sorted(enterprises[name] for name in sees)
    expected_persons = sorted(Person.objects.visible_to(world.user(principal)).values_list("pk", flat=True))
    assert ids(client.get(reverse("api-person-list"))) == expected_persons


def test_institution_sees_the_persons_it_trained(world, client_for):
    """The academy trained lin_fang; the college trained no one."""
    assert ids(client_for("institution_a").get(reverse("api-person-list"))) == [world.lin_fang.pk]
    assert ids(client_for("institution_b").get(reverse("api-person-list"))) == []


def test_another_scopes_object_is_a_404(world, client_for):
    client = client_for("city_b")
    assert client.get(reverse("api-enterprise-detail", args=[world.acme.pk])).status_code == 404
    assert client.get(reverse("api-person-detail", args=[world.lin_fang.pk])).status_code == 404
    finding = record_finding(world)
    assert client.get(reverse("api-finding-detail", args=[finding.pk])).status_code == 404
    assert client_for("city_a").get(reverse("api-finding-detail", args=[finding.pk])).status_code == 200


def test_anonymous_callers_are_refused(world, client):
    assert client.get(reverse("api-person-list")).status_code == 403


def test_persons_carry_only_the_masked_id(world, client_for):
    """Neither the ciphertext, the hash nor the plain number appears; the mask does."""
    client = client_for("province")
    for url in (reverse("api-person-list"), reverse("api-person-detail", args=[world.lin_fang.pk])):
        body = client.get(url).content.decode()
        assert world.lin_fang.resident_id_masked in body
        assert world.lin_fang_id not in body
        assert world.lin_fang.resident_id_encrypted not in body and world.lin_fang.resident_id_hash not in body
        assert "resident_id_encrypted" not in body and "resident_id_hash" not in body
    detail = client.get(reverse("api-person-detail", args=[world.lin_fang.pk])).json()
    assert detail["quality_work"][0]["employer"] == "榕城精密机械有限公司"
    assert "phone" not in detail and "email" not in detail


def test_nested_persons_in_findings_and_appointments_are_masked(world, client_for):
    record_finding(world)
    appointment(world)
    client = client_for("province")
    for name in ("api-finding-list", "api-appointment-list"):
        row = client.get(reverse(name)).json()["results"][0]
        assert row["person"] == {
            "id": world.lin_fang.pk,
            "name": "林芳",
            "resident_id_masked": world.lin_fang.resident_id_masked,
        }
        assert world.lin_fang_id not in json.dumps(row)


def test_findings_scope_and_filters(world, client_for):
    """city_b sees its own finding about chen_jie, city_a those about lin_fang; active/person filter."""
    mine = record_finding(world)
    theirs = record_finding(world, person=world.chen_jie, actor="city_b", item=3)
    services.finding_lift(
        finding=mine, actor=world.user("city_a"), lifted_on=datetime.date(2025, 6, 1), reason="复议撤销"
    )
    url = reverse("api-finding-list")
    assert ids(client_for("city_a").get(url)) == [mine.pk]
    assert ids(client_for("city_b").get(url)) == [theirs.pk]
    assert ids(client_for("enterprise_a").get(url)) == [mine.pk]
    assert ids(client_for("institution_a").get(url)) == []
    province = client_for("province")
    assert ids(province.get(url, {"active": "true"})) == [theirs.pk]
    assert ids(province.get(url, {"active": "false"})) == [mine.pk]
    assert ids(province.get(url, {"person": world.chen_jie.pk})) == [theirs.pk]
    row = province.get(reverse("api-finding-detail", args=[mine.pk])).json()
    assert row["active"] is False and row["lifted_reason"] == "复议撤销" and row["city"]["code"] == "350100"
    assert row["evidence_url"].endswith(reverse("registry:finding-evidence", args=[mine.pk]))


def test_enterprise_and_person_filters(world, client_for):
    client = client_for("province")
    url = reverse("api-enterprise-list")
    assert ids(client.get(url, {"city": "350200"})) == [world.bolt.pk]
    assert ids(client.get(url, {"credit_code": world.acme.credit_code.lower()})) == [world.acme.pk]
    assert ids(client.get(url, {"name": "鹭岛"})) == [world.bolt.pk]
    assert ids(client.get(reverse("api-person-list"), {"name": "林"})) == [world.lin_fang.pk]
    assert ids(client.get(reverse("api-person-list"), {"enterprise": world.bolt.pk})) == [world.chen_jie.pk]


def test_appointment_drafts_stay_with_their_enterprise(world, client_for):
    """As on the pages: the bureaux see filed appointments, the enterprise its drafts too."""
    draft = appointment(world, status=AppointmentStatus.DRAFT)
    filed = appointment(world, enterprise=world.bolt, person=world.chen_jie)
    url = reverse("api-appointment-list")
    assert ids(client_for("province").get(url)) == [filed.pk]
    assert ids(client_for("city_a").get(url)) == []
    assert ids(client_for("city_b").get(url)) == [filed.pk]
    assert ids(client_for("enterprise_a").get(url)) == [draft.pk]
    assert client_for("province").get(reverse("api-appointment-detail", args=[draft.pk])).status_code == 404
    assert ids(client_for("province").get(url, {"credit_code": world.bolt.credit_code})) == [filed.pk]
    assert ids(client_for("province").get(url, {"status": "submitted"})) == [filed.pk]


def test_old_limit_and_offset_pages_still_work(world, client_for):
    """A caller still sending offset gets the old page shape, count included."""
    body = client_for("province").get(reverse("api-enterprise-list"), {"limit": 1, "offset": 1}).json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["previous"] is not None


@pytest.mark.parametrize(
    "route", ["api-enterprise-list", "api-person-list", "api-appointment-list", "api-finding-list"]
)
def test_lists_follow_cursors_to_the_end_without_counting(world, client_for, route):
    """Following next, one row a page, visits every row once in order and counts nothing; previous walks back."""
    _grow(world, 0, 5)
    client = client_for("province")
    everything = ids(client.get(reverse(route), {"limit": 200}))
    assert len(everything) >= 5
    seen, url, params = [], reverse(route), {"limit": 1}
    with CaptureQueriesContext(connection) as queries:
        while url:
            body = client.get(url, params).json()
            assert "count" not in body
            seen += [row["id"] for row in body["results"]]
            last, url, params = body, body["next"], None
    assert seen == everything == sorted(everything)
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    back = []
    url = last["previous"]
    while url:
        body = client.get(url).json()
        back = [row["id"] for row in body["results"]] + back
        url = body["previous"]
    assert back == everything[:-1]


def _grow(world, start: int, stop: int) -> None:
    """More enterprises in Fuzhou, each with an employee (two periods of quality work), a finding and an appointment."""
    for i in range(start, stop):
        enterprise = Enterprise.objects.create(
            credit_code=make_credit_code(f"91350100GR{i:07d}"),
            name=f"增长企业{i}",
            city=world.fuzhou,
            industry_section="C",
        )
        person = services.person_register(
            actor=None,
            name=f"员工{i}",
            resident_id=make_resident_id(f"3501021990{1 + i // 28:02d}{1 + i % 28:02d}101"),
            education=Education.BACHELOR,
            enterprise=enterprise,
            quality_work=[
                {"start": datetime.date(2012, 1, 1), "end": datetime.date(2015, 1, 1), "employer": "甲"},
                {"start": datetime.date(2015, 1, 2), "employer": "乙"},
            ],
        )
        record_finding(world, person=person, actor="province")
        appointment(world, enterprise=enterprise, person=person)


@pytest.mark.parametrize("principal", ["province", "city_a"])
@pytest.mark.parametrize(
    "route", ["api-enterprise-list", "api-person-list", "api-appointment-list", "api-finding-list"]
)
def test_list_query_count_stays_flat(world, client_for, route, principal):
    """Twenty more rows of everything cost no more queries."""
    client = client_for(principal)
    _grow(world, 0, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(route)).status_code == 200
    _grow(world, 2, 22)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(route))
    assert response.status_code == 200 and len(response.json()["results"]) >= 22
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_schema_generates_with_no_warnings(tmp_path):
    """drf-spectacular validates the whole /api/v1/ schema and fails on any warning (e.g. clashing enum names)."""
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    schema = target.read_text()
    for path in ("/api/v1/enterprises:", "/api/v1/persons/{id}:", "/api/v1/appointments:", "/api/v1/findings/{id}:"):
        assert path in schema
    assert "resident_id_encrypted" not in schema and "resident_id_hash" not in schema


def test_schema_endpoint_answers_signed_in_callers(world, client_for):
    assert client_for("city_a").get(reverse("api-schema")).status_code == 200


def test_huge_ids_and_limits_are_bounded(world, client_for):
    """An id beyond 64 bits is a 400, not a database overflow; a page never exceeds 200 rows."""
    client = client_for("province")
    assert client.get("/api/v1/persons", {"enterprise": "99999999999999999999"}).status_code == 400
    assert client.get("/api/v1/appointments", {"person": "99999999999999999999"}).status_code == 400
    assert client.get("/api/v1/persons", {"limit": "999999999"}).status_code == 200
    request = Request(APIRequestFactory().get("/api/v1/persons", {"limit": "999999999"}))
    assert BoundedLimitOffsetPagination().get_limit(request) == 200
    assert PkCursorPagination().get_page_size(request) == 200


def test_the_person_list_gives_exactly_what_the_model_serializer_would(world, client_for):
    """PersonSerializer builds its JSON directly for speed (issue 10): every person, with and without an employer,
    quality work or a declaration date, comes out equal to DRF's generic ModelSerializer output, key for key."""
    from rest_framework import serializers as drf

    from registry.api.persons import PersonSerializer, PersonViewSet

    person = Person.objects.exclude(pk=world.lin_fang.pk).first()
    Person.objects.filter(pk=person.pk).update(enterprise=None, declared_on=None)
    persons = list(PersonViewSet.queryset)
    assert {p.enterprise is None for p in persons} == {True, False}
    assert {len(p.quality_work.all()) > 0 for p in persons} == {True, False}
    assert {p.declared_on is None for p in persons} == {True, False}
    serializer = PersonSerializer()
    for p in persons:
        fast = serializer.to_representation(p)
        generic = json.loads(json.dumps(drf.ModelSerializer.to_representation(serializer, p)))
        assert json.loads(json.dumps(fast)) == generic
        assert list(fast) == PersonSerializer.Meta.fields
    body = client_for("province").get("/api/v1/persons").json()
    assert [row["id"] for row in body["results"]] == [p.pk for p in persons][: len(body["results"])]
