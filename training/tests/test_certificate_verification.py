"""Public verification (CONTRACT §6): the page and the JSON, no login, masked, limited per client address."""

from __future__ import annotations

import datetime
import ipaddress
import json
import random
import re

import pytest
from django.urls import reverse

from training.services import certificate_issue, certificate_revoke

from .cert_factories import make_cohort, make_graduate

pytestmark = pytest.mark.django_db

API = "/api/v1/certificates/verify"
PAGE = "/verify/"
ISSUED = datetime.date(2026, 7, 10)


@pytest.fixture
def address():
    """A client address of this test's own: the counts live in the cache (Redis in CI), shared by every test."""
    return str(ipaddress.IPv4Address(random.randrange(0x0A000000, 0x0AFFFFFF)))


def six(prefix_number: int) -> str:
    return f"2001:db8:{random.randrange(1, 0xFFFF):x}:{prefix_number:x}"


@pytest.fixture
def issued(world):
    graduate = make_graduate(make_cohort(world.academy), world.acme, name="欧阳晓燕")
    return certificate_issue(graduate=graduate, issued_on=ISSUED, actor=None)


def test_json_valid_in_the_contracts_shape_and_nothing_more(client, issued, world):
    answer = client.get(API, {"number": issued.number, "name": "欧阳晓燕"})
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "valid",
        "number": issued.number,
        "holder": "欧**燕",
        "institution": world.academy.name,
        "cohort": "2026年第一期首席质量官培训班",
        "issued_on": "2026-07-10",
        "revoked_on": None,
    }


def test_json_never_carries_an_id_number_or_a_birth_year(client, issued):
    body = client.get(API, {"number": issued.number, "name": "欧阳晓燕"}).content.decode()
    person = issued.person
    assert person.resident_id_masked not in body and "1975" not in body
    assert not re.search(r"\d{6,}", body.replace(issued.number, ""))


def test_a_wrong_name_or_number_is_not_found_and_says_only_that(client, issued):
    assert client.get(API, {"number": issued.number, "name": "欧阳晓"}).json() == {"status": "not_found"}
    assert client.get(API, {"number": issued.number + "9", "name": "欧阳晓燕"}).json() == {"status": "not_found"}


def test_typed_with_full_width_letters_and_spaces_it_still_matches(client, issued):
    typed = " " + issued.number.lower().replace("fjcqo", "ＦＪＣＱＯ") + " "
    assert client.get(API, {"number": typed, "name": "欧阳 晓燕"}).json()["status"] == "valid"


def test_revoked_shows_as_revoked_with_its_date_from_that_moment(client, issued, world):
    certificate_revoke(
        certificate=issued, actor=world.user("institution_a"), revoked_on=datetime.date(2026, 9, 1), reason="弄虚作假"
    )
    answer = client.get(API, {"number": issued.number, "name": "欧阳晓燕"}).json()
    assert answer["status"] == "revoked" and answer["revoked_on"] == "2026-09-01"
    page = client.get(PAGE, {"number": issued.number, "name": "欧阳晓燕"}).content.decode()
    assert "证书已撤销（2026年9月1日起）" in page


def test_the_page_answers_without_login_and_without_javascript(client, issued):
    page = client.get(PAGE, {"number": issued.number, "name": "欧阳晓燕"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "证书有效" in html and "欧**燕" in html and "欧阳晓燕" not in html.split("</form>")[-1]
    assert '<form method="get" action="/verify/"' in html and 'name="viewport"' in html


def test_missing_fields_are_a_400_in_the_apis_error_shape(client):
    answer = client.get(API, {"number": "FJCQO-001-2026-0001"})
    assert answer.status_code == 400 and "name" in answer.json()["error"]["fields"]


def test_one_thousand_rapid_wrong_guesses_are_refused_and_find_nothing(client, issued, settings, address):
    """Guessing numbers one after another from one address: at least 95 % refused with 429, none found."""
    settings.VERIFY_LIMITS = [(20, 300), (200, 86400)]
    statuses, hits = {200: 0, 429: 0}, 0
    for n in range(1000):
        guess = f"FJCQO-{issued.institution_id:03d}-2026-{n:04d}"
        answer = client.get(API, {"number": guess, "name": "王芳"}, REMOTE_ADDR=address)
        statuses[answer.status_code] += 1
        if answer.status_code == 429:
            assert int(answer["Retry-After"]) > 0
            assert "查询过于频繁" in answer.json()["error"]["message"]
        elif answer.json()["status"] != "not_found":
            hits += 1
    refused = statuses[429] / 1000
    print(f"enumeration: {statuses[429]} of 1000 refused ({refused:.1%}), {hits} found")
    assert refused >= 0.95 and hits == 0
    # Another address is not held up by this one's guesses.
    other_address = str(ipaddress.IPv4Address(address) + 1)
    other = client.get(API, {"number": issued.number, "name": "欧阳晓燕"}, REMOTE_ADDR=other_address)
    assert other.json()["status"] == "valid"


def test_the_page_refuses_in_chinese_with_429_and_retry_after(client, issued, settings, address):
    settings.VERIFY_LIMITS = [(2, 60)]
    for _ in range(2):
        assert client.get(PAGE, {"number": "X", "name": "王芳"}, REMOTE_ADDR=address).status_code == 200
    refused = client.get(PAGE, {"number": issued.number, "name": "欧阳晓燕"}, REMOTE_ADDR=address)
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert "查询过于频繁" in refused.content.decode() and "证书有效" not in refused.content.decode()


def test_an_ipv6_client_is_counted_by_its_64(client, settings):
    settings.VERIFY_LIMITS = [(3, 60)]
    network, neighbour = six(2), six(3)
    for host in range(3):
        client.get(API, {"number": "X", "name": "王芳"}, REMOTE_ADDR=f"{network}::{host + 1}")
    assert client.get(API, {"number": "X", "name": "王芳"}, REMOTE_ADDR=f"{network}::99").status_code == 429
    assert client.get(API, {"number": "X", "name": "王芳"}, REMOTE_ADDR=f"{neighbour}::1").status_code == 200


def test_the_qr_link_shows_the_signature_and_the_status_as_of_now_apart(client, issued, world):
    link = reverse("verify-token", kwargs={"token": issued.token})
    html = client.get(link).content.decode()
    assert "签名有效" in html and "证书有效" in html and "欧**燕" in html
    certificate_revoke(certificate=issued, actor=world.user("province"), revoked_on=ISSUED, reason="省局核查")
    html = client.get(link).content.decode()
    assert "签名有效" in html and "证书已撤销" in html


def test_a_qr_link_with_one_changed_byte_is_refused_and_not_looked_up(client, issued):
    kid, payload, signature = issued.token.split(".")
    flipped = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    html = client.get(reverse("verify-token", kwargs={"token": f"{kid}.{flipped}.{signature}"})).content.decode()
    assert "签名无效" in html and "证书有效" not in html and "未进行在线查验" in html


def test_the_public_keys_are_published_as_a_key_set(client):
    keys = json.loads(client.get("/verify/keys.json").content)["keys"]
    assert keys and all(k["kty"] == "OKP" and k["crv"] == "Ed25519" and k["kid"] and k["x"] for k in keys)
    assert [k["status"] for k in keys].count("current") == 1


def test_a_development_key_signature_is_flagged_as_proving_nothing(client, issued, world, settings, tmp_path):
    """In DEBUG without a key file the signature is the public development key's: the page says so; a certificate
    signed with the bureau's own key is not flagged."""
    from .test_certificate_signing import write_key

    link = reverse("verify-token", kwargs={"token": issued.token})
    assert "开发测试密钥" in client.get(link).content.decode()
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(write_key(tmp_path / "bureau.pem"))
    graduate = make_graduate(issued.cohort, world.acme, name="郑国强")
    own = certificate_issue(graduate=graduate, issued_on=ISSUED, actor=None)
    html = client.get(reverse("verify-token", kwargs={"token": own.token})).content.decode()
    assert "签名有效" in html and "开发测试密钥" not in html
