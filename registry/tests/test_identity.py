"""One identity per identifier (issue 8, findings 1 and 4a): an ID, credit code or mobile number typed with
full-width or Arabic-Indic digits, odd spaces or dashes is the same identifier, never a second person; an area
code the ID library cannot place is a warning, never a 500; rows already split are flagged and share findings."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eligibility import facts
from registry import crypto, services
from registry.models import Appointment, Enterprise, Person
from registry.selectors import person_find_by_resident_id
from registry.validators import make_credit_code, make_resident_id

from .appointment_fixtures import new_person_filing
from .matrix_findings import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


UNPLACEABLE_ID = "350199198001011232"  # valid check digit; stdnum's table has 350199 without a county


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def arabic_indic(text: str, zero: int = 0x0660) -> str:
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in text)


def id_ending_in_x() -> str:
    return next(
        number for number in (make_resident_id(f"35010219750505{n:03d}") for n in range(1000)) if number.endswith("X")
    )


def filing(resident_id: str, **person) -> dict:
    """The enterprise's CQO filing form with a new person typed in, as the duplicate was made."""
    return new_person_filing(
        resident_id,
        **{
            "person-name": "林芳",
            "person-education": "bachelor",
            "person-title_level": "intermediate",
            "periods-0-employer": "榕城精密机械有限公司",
            "appointment-appointed_by": "郑建国",
            **{f"person-{name}": value for name, value in person.items()},
        },
    )


def answer(response) -> tuple:
    """What the enterprise user sees: the status and every error the filing page shows, field by field."""
    errors = {}
    for name in ("person_form", "form"):
        form = response.context[name] if response.context else None
        if form is not None:
            errors.update({f"{name}.{field}": list(messages) for field, messages in form.errors.items()})
    return response.status_code, errors


def post_filing(client_for, resident_id: str, **person):
    return client_for("enterprise_a").post(reverse("registry:appointment-create"), filing(resident_id, **person))


# ---------------------------------------------------------------------------
# The same person typed another way is the same person
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda n: full_width(n[:-1]) + n[-1], id="full-width, last digit ASCII (the attack)"),
        pytest.param(full_width, id="all full-width"),
        pytest.param(arabic_indic, id="Arabic-Indic digits"),
        pytest.param(lambda n: arabic_indic(n, 0x06F0), id="Extended Arabic-Indic digits"),
        pytest.param(lambda n: n[:6] + "\u200b" + n[6:], id="zero-width space inside"),
        pytest.param(lambda n: n[:6] + "\u2014" + n[6:14] + "\u3000" + n[14:], id="em dash and ideographic space"),
    ],
)
def test_an_id_typed_another_way_registers_no_second_person(world, client_for, typed):
    """The filing page answers exactly as for the ASCII ID already on file, and writes no person or appointment."""
    persons = Person.objects.count()
    expected = answer(post_filing(client_for, world.lin_fang_id))
    assert expected[0] == 200 and expected[1], "the ASCII duplicate itself must be refused"
    assert answer(post_filing(client_for, typed(world.lin_fang_id))) == expected
    assert Person.objects.count() == persons and not Appointment.objects.exists()


def test_full_width_x_and_ideographic_space_find_the_person_ending_in_x(world, client_for):
    """３５０１０２　１９７５０５０５…Ｘ is the registered 350102 19750505…X, not a refusal for a foreign X."""
    number = id_ending_in_x()
    services.person_register(actor=None, name="林雪", resident_id=number, education="bachelor", enterprise=world.acme)
    persons = Person.objects.count()
    expected = answer(post_filing(client_for, number))
    typed = full_width(number[:6]) + "\u3000" + full_width(number[6:-1]) + "Ｘ"
    assert answer(post_filing(client_for, typed)) == expected
    assert Person.objects.count() == persons


def test_a_new_person_typed_in_full_width_is_stored_in_ascii(world, client_for):
    """A first registration in full-width digits stores, hashes and masks the ASCII number."""
    number = make_resident_id("35020319820303001")
    response = post_filing(client_for, full_width(number), phone=full_width("13900000012"))
    assert response.status_code == 302, answer(response)
    person = Person.objects.get(name="林芳", pk__gt=world.lin_fang.pk)
    assert crypto.decrypt(person.resident_id_encrypted) == number
    assert person.resident_id_masked == crypto.mask(number)
    assert person_find_by_resident_id(number) == person
    assert person.phone == "13900000012"


def test_letters_from_another_script_are_refused_naming_the_field(world, client_for):
    """A Cyrillic Х is not an X: refused in Chinese, naming the ID field and the character; nothing written."""
    persons = Person.objects.count()
    number = id_ending_in_x()
    response = post_filing(client_for, number[:-1] + "\u0425")
    assert response.status_code == 200
    text = response.content.decode()
    assert "身份证号码中含有无法识别的字符「Х」" in text
    assert Person.objects.count() == persons and not Appointment.objects.exists()


# ---------------------------------------------------------------------------
# An area code the ID library cannot place (finding 4a)
# ---------------------------------------------------------------------------


def test_an_unplaceable_area_code_is_no_500_on_the_finding_form(world, client_for):
    """350199… used to raise KeyError('county') inside stdnum; now it is a valid ID nobody holds."""
    response = client_for("province").post(
        reverse("registry:finding-create"),
        {"resident_id": UNPLACEABLE_ID, "item": "2", "decided_on": "2025-03-01", "evidence": pdf_upload()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["resident_id"][0].startswith("被认定人员身份证号码：在您的管辖范围内没有")


def test_an_unplaceable_area_code_registers_on_the_filing_page(world, client_for):
    response = post_filing(client_for, UNPLACEABLE_ID)
    assert response.status_code == 302, answer(response)
    assert person_find_by_resident_id(UNPLACEABLE_ID).birth_year == 1980


def test_an_unplaceable_area_code_in_the_admin_search_is_no_500(world, client_for):
    services.person_register(actor=None, name="郑明", resident_id=UNPLACEABLE_ID, education="bachelor")
    client = client_for("admin")
    for term in (UNPLACEABLE_ID, full_width(UNPLACEABLE_ID), "林芳", "林\u0425"):
        response = client.get(reverse("admin:registry_person_changelist"), {"q": term})
        assert response.status_code == 200
    response = client.get(reverse("admin:registry_person_changelist"), {"q": full_width(UNPLACEABLE_ID)})
    assert list(response.context["cl"].result_list.values_list("name", flat=True)) == ["郑明"]


def pdf_upload():
    return SimpleUploadedFile("决定书.pdf", PDF)


# ---------------------------------------------------------------------------
# Credit codes and mobile numbers
# ---------------------------------------------------------------------------


def enterprise_form(credit_code: str, world, name: str = "福清玻璃有限公司") -> dict:
    return {
        "credit_code": credit_code,
        "city": world.fuzhou.pk,
        "name": name,
        "industry_section": "C",
        "employees": "400",
        "revenue": "3000",
    }


def test_a_full_width_credit_code_registers_the_enterprise_under_the_ascii_code(world, client_for):
    code = make_credit_code("91350100MA0000088")
    response = client_for("city_a").post(
        reverse("registry:enterprise-create"), enterprise_form(full_width(code), world)
    )
    assert response.status_code == 302
    assert Enterprise.objects.get(name="福清玻璃有限公司").credit_code == code


def test_an_existing_credit_code_in_full_width_is_the_same_enterprise(world, client_for):
    """Acme's code typed in full-width digits is refused as acme's, on the credit-code field."""
    enterprises = Enterprise.objects.count()
    typed = full_width(world.acme.credit_code)
    response = client_for("province").post(reverse("registry:enterprise-create"), enterprise_form(typed, world))
    assert response.status_code == 200
    assert "已登记" in response.context["form"].errors["credit_code"][0]
    assert Enterprise.objects.count() == enterprises


def test_credit_code_lookups_normalise_like_the_stored_codes(world, client_for):
    """The API filter, the Article 14 API and page find acme by its code in full-width; foreign letters are no 500."""
    typed = full_width(world.acme.credit_code)
    client = client_for("province")
    response = client.get(reverse("api-enterprise-list"), {"credit_code": typed})
    assert [row["id"] for row in response.json()["results"]] == [world.acme.pk]
    response = client.get(reverse("api-enterprise-list"), {"credit_code": "ДЖ"})
    assert response.status_code == 200 and response.json()["results"] == []
    url = reverse("enterprise-cqo-status", kwargs={"credit_code": typed})
    assert client.get(url).json()["enterprise_name"] == world.acme.name
    assert client.get(reverse("enterprise-cqo-status", kwargs={"credit_code": "ДЖ"})).status_code == 404
    page = client.get(reverse("registry:cqo-status"), {"credit_code": typed})
    assert page.context["status"].enterprise_name == world.acme.name
    page = client.get(reverse("registry:cqo-status"), {"credit_code": "ДЖ"})
    assert page.status_code == 200 and "统一社会信用代码中含有无法识别的字符" in page.content.decode()


def test_a_mobile_number_is_stored_as_eleven_ascii_digits(world):
    """+86, spaces, dashes and full-width digits are dropped or mapped; foreign letters are refused on the field."""
    services.person_update(person=world.lin_fang, actor=world.user("province"), phone="+86 １３９-0000\u30000012")
    world.lin_fang.refresh_from_db()
    assert world.lin_fang.phone == "13900000012"
    with pytest.raises(ValidationError) as caught:
        services.person_update(person=world.lin_fang, actor=world.user("province"), phone="139ОООО0012")
    assert "手机号码中含有无法识别的字符" in caught.value.message_dict["phone"][0]


# ---------------------------------------------------------------------------
# Rows already split: flagged by migration 0012, findings shared both ways
# ---------------------------------------------------------------------------


def split_lin_fang(world, *, older: bool) -> Person:
    """A second row for lin_fang as the old code stored it: her ID in full-width digits, hashed as typed."""
    typed = full_width(world.lin_fang_id[:-1]) + world.lin_fang_id[-1]
    twin = services.person_register(
        actor=None, name="林芳", resident_id=make_resident_id("35020319820303001"), education="bachelor"
    )
    old_hash = hmac.new(settings.ID_HASH_KEY.encode(), typed.encode(), hashlib.sha256).hexdigest()
    created_at = world.lin_fang.created_at + datetime.timedelta(days=-1 if older else 1)
    Person.objects.filter(pk=twin.pk).update(
        resident_id_encrypted=crypto.encrypt(typed),
        resident_id_hash=old_hash,
        resident_id_masked=typed[:4] + "*" * 10 + typed[-4:],
        created_at=created_at,
    )
    return twin


def run_migration_0012():
    migration = importlib.import_module("registry.migrations.0012_rehash_ids_flag_duplicate_persons")
    migration.rehash_and_flag_duplicate_persons(django_apps, None)


@pytest.mark.parametrize("twin_is_older", [False, True])
def test_the_migration_flags_the_newer_row_and_keeps_both(world, twin_is_older):
    twin = split_lin_fang(world, older=twin_is_older)
    run_migration_0012()
    twin.refresh_from_db()
    world.lin_fang.refresh_from_db()
    original, newer = (twin, world.lin_fang) if twin_is_older else (world.lin_fang, twin)
    assert newer.duplicate_of == original and original.duplicate_of is None
    assert crypto.decrypt(twin.resident_id_encrypted) == world.lin_fang_id
    assert twin.resident_id_masked == world.lin_fang.resident_id_masked == crypto.mask(world.lin_fang_id)
    assert person_find_by_resident_id(full_width(world.lin_fang_id)) == original
    assert world.lin_fang.certificates.exists()  # nothing that pointed at either row moved or went
    run_migration_0012()  # running it again changes nothing
    assert Person.objects.get(pk=newer.pk).duplicate_of == original


def test_a_finding_on_either_row_bars_both(world):
    """Person 93 (the full-width row) with a 6(一) finding on person 18 is ineligible, and the other way round."""
    twin = split_lin_fang(world, older=False)
    run_migration_0012()
    twin.refresh_from_db()
    services.finding_record(
        person=world.lin_fang,
        actor=world.user("province"),
        item=1,
        decided_on=datetime.date(2025, 3, 1),
        evidence=pdf_upload(),
    )
    today = datetime.date.today()
    clause = {c.clause: c.result for c in facts.verdict_for(twin, enterprise=world.acme, as_of=today).clauses}
    assert clause["6.1"] == "fail"
    other = services.person_register(
        actor=None, name="陈杰", resident_id=make_resident_id("35020319900101001"), education="bachelor"
    )
    Person.objects.filter(pk=other.pk).update(duplicate_of=world.chen_jie)
    services.finding_record(
        person=other, actor=world.user("province"), item=2, decided_on=datetime.date(2025, 3, 1), evidence=pdf_upload()
    )
    clause = {c.clause: c.result for c in facts.verdict_for(world.chen_jie, enterprise=world.bolt, as_of=today).clauses}
    assert clause["6.2"] == "fail" and clause["6.1"] == "pass"


def test_province_sees_the_duplicate_flag_on_the_person_page(world, client_for):
    twin = split_lin_fang(world, older=False)
    run_migration_0012()
    note = f"疑似重复登记：与人员#{twin.pk}身份证号码相同"
    url = reverse("pool:detail", args=[world.lin_fang.pk])
    assert note in client_for("province").get(url).content.decode()
    assert "疑似重复登记" not in client_for("city_a").get(url).content.decode()
