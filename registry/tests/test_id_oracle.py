"""No form is an ID oracle: persons are chosen from the user's scope, a typed ID tells nothing about other
scopes, every typed look-up is logged and limited per account, and every export or API page of IDs is logged."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import services
from registry.models import AccessAction, AccessLog, Appointment, Education, Enterprise, Finding, Person
from registry.services.persons import ID_ON_FILE_ELSEWHERE
from registry.validators import make_credit_code, make_resident_id

from .appointment_fixtures import new_person_filing, submitted
from .matrix_findings import PDF

pytestmark = pytest.mark.django_db

FINDING = reverse("registry:finding-create")
REGISTER = reverse("registry:appointment-create")
CHOOSE_PERSON = "被认定人员：请选择人员。"
TOO_OFTEN = "身份证号码查询过于频繁，请稍后再试（每10分钟最多20次）。"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def finding_form(**extra) -> dict:
    evidence = SimpleUploadedFile("决定书.pdf", PDF)
    return {"item": "2", "decided_on": "2025-03-01", "evidence": evidence, "note": "", **extra}


def registration(resident_id: str, name: str = "许明") -> dict:
    return new_person_filing(resident_id, **{"person-name": name})


def lookups(user=None) -> int:
    rows = AccessLog.objects.filter(action=AccessAction.LOOKUP)
    return (rows.filter(actor=user) if user else rows).count()


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def person_errors(response) -> list[str]:
    return response.context["person_form"].errors.get("resident_id", [])


# ---------------------------------------------------------------------------
# The finding form: a scoped picker, no typed ID for a city bureau
# ---------------------------------------------------------------------------


def test_a_city_bureau_cannot_type_an_id_on_the_finding_form(world, client_for):
    """The reconstruction attack's channel is closed: Fuzhou's typed ID is not looked up; it must choose a person."""
    response = client_for("city_a").post(FINDING, finding_form(resident_id=world.lin_fang_id))
    assert response.status_code == 200
    assert "resident_id" not in response.context["form"].fields
    assert response.context["form"].errors["person"] == [CHOOSE_PERSON]
    assert not Finding.objects.exists() and lookups() == 0


def test_a_person_outside_the_scope_answers_exactly_like_no_person(world, client_for):
    """Xiamen posting lin_fang's pk (Fuzhou) gets the very page a nonexistent or malformed pk gets, and the
    error of no choice at all (whose page differs only in the empty option being marked selected)."""
    client = client_for("city_b")
    pages = {}
    for pk in [world.lin_fang.pk, 987654321, "abc", "9" * 30, "-1", ""]:
        response = client.post(FINDING, finding_form(person=pk))
        assert response.status_code == 200
        assert response.context["form"].errors == {"person": [CHOOSE_PERSON]}
        if pk != "":
            pages[pk] = without_csrf(response.content.decode())
    first = pages[world.lin_fang.pk]
    assert {pk for pk, page in pages.items() if page != first} == set() and "林芳" not in first
    assert not Finding.objects.exists()


def test_the_picker_offers_and_searches_only_persons_in_scope(world, client_for):
    """Fuzhou finds lin_fang by name, by the last four digits of her masked ID or by employer; Xiamen never does."""
    option = f'<option value="{world.lin_fang.pk}">'
    last_four = world.lin_fang.resident_id_masked[-4:]
    fuzhou = client_for("city_a")
    for text in ["林芳", last_four, "榕城"]:
        assert option in fuzhou.get(FINDING, {"q": text}).content.decode()
    assert option not in fuzhou.get(FINDING, {"q": "陈杰"}).content.decode()
    xiamen = client_for("city_b")
    for text in ["", "林芳", last_four, "榕城", world.lin_fang_id]:
        assert option not in xiamen.get(FINDING, {"q": text}).content.decode()
    assert lookups() == 0


def test_province_typed_look_ups_are_logged_with_the_person_or_none(world, client_for):
    """Each typed ID on the province's finding form is one log row: with the person found, or none."""
    client = client_for("province")
    unknown = make_resident_id("35010219900101001")
    response = client.post(FINDING, finding_form(resident_id=unknown))
    assert "在您的管辖范围内没有登记该号码的人员" in response.context["form"].errors["resident_id"][0]
    client.post(FINDING, finding_form(resident_id=world.lin_fang_id))
    rows = list(AccessLog.objects.filter(action=AccessAction.LOOKUP).order_by("pk"))
    assert [(r.actor, r.person, r.reason, r.count) for r in rows] == [
        (world.user("province"), None, "第六条认定表单", 1),
        (world.user("province"), world.lin_fang, "第六条认定表单", 1),
    ]
    assert Finding.objects.get().person == world.lin_fang


# ---------------------------------------------------------------------------
# The enterprise's registration of a new person
# ---------------------------------------------------------------------------


def test_an_id_on_file_elsewhere_gets_one_neutral_refusal(world, client_for):
    """For Xiamen's bolt, an ID on file outside its scope gets one message whoever holds it: a person of an
    enterprise in another city (lin_fang, Fuzhou), of another enterprise in its own city, or of no enterprise
    (e.g. a training graduate). It names no one and writes nothing."""
    neighbour = Enterprise.objects.create(
        credit_code=make_credit_code("91350200NB0000003"), name="鹭岛光学有限公司", city=world.xiamen
    )
    same_city = services.person_register(
        actor=None,
        name="郑海",
        resident_id=make_resident_id("35020319880808001"),
        education=Education.BACHELOR,
        enterprise=neighbour,
    )
    no_employer_id = make_resident_id("35050319910909001")
    services.person_register(actor=None, name="何静", resident_id=no_employer_id, education=Education.BACHELOR)
    persons, appointments = Person.objects.count(), Appointment.objects.count()
    client = client_for("enterprise_b")
    answers = []
    for number in [world.lin_fang_id, make_resident_id("35020319880808001"), no_employer_id]:
        response = client.post(REGISTER, registration(number))
        assert response.status_code == 200
        assert person_errors(response) == [ID_ON_FILE_ELSEWHERE]
        html = response.content.decode()
        assert not any(word in html for word in ["林芳", "郑海", "何静", world.lin_fang.resident_id_masked])
        answers.append(person_errors(response))
    assert answers[0] == answers[1] == answers[2]
    assert same_city.enterprise == neighbour
    assert (Person.objects.count(), Appointment.objects.count()) == (persons, appointments)
    assert lookups(world.user("enterprise_b")) == 3
    assert set(AccessLog.objects.filter(action=AccessAction.LOOKUP).values_list("person", "reason")) == {
        (None, "登记首席质量官")
    }


def test_an_id_of_the_enterprises_own_person_points_to_that_person(world, client_for):
    """acme typing lin_fang's ID is told she is its own person, to choose above; the look-up names her."""
    response = client_for("enterprise_a").post(REGISTER, registration(world.lin_fang_id))
    [message] = person_errors(response)
    assert "林芳" in message and "选择已登记人员" in message
    log = AccessLog.objects.get(action=AccessAction.LOOKUP)
    assert (log.actor, log.person) == (world.user("enterprise_a"), world.lin_fang)


def test_a_malformed_id_keeps_its_precise_message_and_is_no_look_up(world, client_for):
    """A wrong check digit reveals nothing about anyone: it is named precisely and not counted."""
    wrong = world.lin_fang_id[:-1] + ("0" if world.lin_fang_id[-1] != "0" else "1")
    response = client_for("enterprise_b").post(REGISTER, registration(wrong))
    assert person_errors(response) == ["身份证号码校验码不正确，请核对号码是否抄录有误。"]
    assert lookups() == 0


# ---------------------------------------------------------------------------
# The limit per account
# ---------------------------------------------------------------------------


def test_the_21st_look_up_in_ten_minutes_is_refused_and_writes_nothing(world, client_for):
    """bolt's 21st typed ID is refused before it is looked up: no log row, no person, no draft."""
    client = client_for("enterprise_b")
    for _ in range(20):
        assert person_errors(client.post(REGISTER, registration(world.lin_fang_id))) == [ID_ON_FILE_ELSEWHERE]
    persons, appointments = Person.objects.count(), Appointment.objects.count()
    fresh = make_resident_id("35020319820303001")  # not on file: without the limit it would be registered
    response = client.post(REGISTER, registration(fresh))
    assert response.status_code == 200 and person_errors(response) == [TOO_OFTEN]
    assert TOO_OFTEN in response.content.decode()
    assert lookups(world.user("enterprise_b")) == 20
    assert (Person.objects.count(), Appointment.objects.count()) == (persons, appointments)


def test_the_limit_is_per_account(world, client_for):
    """bolt's exhausted limit does not touch acme's: acme's look-up still answers and is logged."""
    for _ in range(20):
        services.id_lookup(actor=world.user("enterprise_b"), number=world.lin_fang_id, purpose="登记首席质量官")
    assert services.id_lookup_refusal(world.user("enterprise_b")) == TOO_OFTEN
    response = client_for("enterprise_a").post(REGISTER, registration(world.lin_fang_id))
    assert "林芳" in person_errors(response)[0]
    assert lookups(world.user("enterprise_a")) == 1


def test_the_daily_limit_names_its_window(world, client_for, settings):
    """The province's finding form honours the limits of settings too, each window named in the message."""
    settings.ID_LOOKUP_LIMITS = [(20, 600), (2, 86400)]
    client = client_for("province")
    for _ in range(2):
        client.post(FINDING, finding_form(resident_id=make_resident_id("35010219900101001")))
    response = client.post(FINDING, finding_form(resident_id=world.lin_fang_id))
    assert response.context["form"].errors["resident_id"] == ["身份证号码查询过于频繁，请稍后再试（每天最多2次）。"]
    assert lookups() == 2 and not Finding.objects.exists()


def test_the_admin_search_by_full_id_is_a_logged_look_up(world, client_for):
    """A superuser searching persons by a full ID in the admin finds her, and the look-up is logged."""
    response = client_for("admin").get(reverse("admin:registry_person_changelist"), {"q": world.lin_fang_id})
    assert response.status_code == 200 and "林芳" in response.content.decode()
    log = AccessLog.objects.get(action=AccessAction.LOOKUP)
    assert (log.actor, log.person, log.reason) == (world.user("admin"), world.lin_fang, "管理后台检索人员")


def test_the_admin_search_past_the_limit_finds_nobody_and_says_why(world, client_for, settings):
    """Over the limit, the admin's full-ID search lists no one, shows the Chinese refusal and writes no row."""
    settings.ID_LOOKUP_LIMITS = [(1, 600)]
    client = client_for("admin")
    url = reverse("admin:registry_person_changelist")
    client.get(url, {"q": world.lin_fang_id})
    response = client.get(url, {"q": world.lin_fang_id})
    assert (
        response.status_code == 200
        and "身份证号码查询过于频繁，请稍后再试（每10分钟最多1次）。" in response.content.decode()
    )
    assert world.lin_fang.pk not in [p.pk for p in response.context["cl"].result_list]
    assert lookups() == 1


# ---------------------------------------------------------------------------
# Finding 8: every export and API page carrying IDs is logged
# ---------------------------------------------------------------------------


def test_the_access_log_csv_export_is_itself_logged(world, client_for):
    """The log's CSV carries masked IDs: exporting it writes an export row counting the rows exported."""
    province = world.user("province")
    services.person_reveal_id(person=world.lin_fang, actor=province, reason="核对档案")
    services.id_lookup(actor=province, number=make_resident_id("35020319850615001"), purpose="核对")
    response = client_for("province").get(reverse("registry:access-log"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    log = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert (log.actor, log.count, log.person) == (province, 2, None)
    # The file lists the two rows exported, and first (newest) the export itself.
    assert len(rows) == 4 and rows[1][3] == "导出含身份证号码的数据" and world.lin_fang.resident_id_masked in rows[3]


@pytest.mark.parametrize("principal, expected", [("province", 2), ("city_a", 1)])
def test_each_persons_api_page_is_logged_with_its_number_of_persons(world, client_for, principal, expected):
    """GET /api/v1/persons?limit=200 carries masked IDs: one export row, counting the persons in the page."""
    client = client_for(principal)
    response = client.get("/api/v1/persons", {"limit": 200})
    assert response.status_code == 200 and len(response.json()["results"]) == expected
    log = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert (log.actor, log.count) == (world.user(principal), expected) and "人员接口" in log.reason
    # An empty page carries no ID and writes nothing; a detail is not a list.
    assert client.get("/api/v1/persons", {"name": "无此人"}).json()["results"] == []
    assert AccessLog.objects.filter(action=AccessAction.EXPORT).count() == 1


def test_the_findings_and_appointments_api_pages_are_logged_too(world, client_for):
    """Findings and appointments in the API carry their person's masked ID: their pages are logged alike."""
    submitted(world)
    services.finding_record(
        person=world.lin_fang,
        actor=world.user("province"),
        item=2,
        decided_on=datetime.date(2025, 3, 1),
        evidence=finding_form()["evidence"],
        note="",
    )
    client = client_for("province")
    assert len(client.get("/api/v1/findings").json()["results"]) == 1
    assert len(client.get("/api/v1/appointments").json()["results"]) == 1
    rows = AccessLog.objects.filter(action=AccessAction.EXPORT).order_by("pk").values_list("count", "reason")
    assert [(count, reason.split("导出")[0]) for count, reason in rows] == [(1, "第六条认定接口"), (1, "聘任接口")]


def test_the_access_log_page_shows_and_filters_look_ups(world, client_for):
    """The new action has its Chinese label on the log page and is a filter choice."""
    province = world.user("province")
    services.id_lookup(actor=province, number=world.lin_fang_id, purpose="第六条认定表单")
    services.person_reveal_id(person=world.lin_fang, actor=province, reason="核对档案")
    response = client_for("province").get(reverse("registry:access-log"), {"action": "lookup"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "按身份证号码查找人员" in html and "第六条认定表单" in html and "核对档案" not in html


def test_the_picker_page_query_count_stays_flat(world, client_for):
    """The picker lists at most 50 persons in a fixed number of queries, however many the city holds."""
    client = client_for("city_a")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(FINDING, {"q": "林"}).status_code == 200
        return len(captured)

    before = queries()
    for n in range(60):
        services.person_register(
            actor=None,
            name=f"林{n}",
            resident_id=make_resident_id(f"35010219700101{n:03d}"),
            education=Education.BACHELOR,
            enterprise=world.acme,
        )
    html = client.get(FINDING, {"q": "林"}).content.decode()
    assert queries() == before and html.count("<option value=") == 51  # the empty choice and 50 persons
