"""Offline verification: the QR code's signed facts, checked with the published keys and no database."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from training.certificates import signing

ROOT = Path(__file__).resolve().parents[2]
FACTS = signing.CertificateFacts(
    number="FJCQO-001-2026-0001",
    name="林芳",
    institution="闽江质量学院培训部",
    cohort="2026年第一期首席质量官培训班",
    hours=48,
    issued_on=datetime.date(2026, 7, 10),
    code="ABCDEFGHIJKLMNOP",
)


def write_key(path: Path, *, public: bool = False) -> Path:
    key = Ed25519PrivateKey.generate()
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    if public:
        public_path = path.with_suffix(".pub.pem")
        public_path.write_bytes(
            key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        )
        return public_path
    return path


def test_a_signed_token_gives_back_its_facts():
    signed = signing.verify(signing.sign(FACTS))
    assert signed.facts == FACTS


def test_changing_any_one_byte_of_a_token_is_refused():
    """Every position, changed to another character, fails the check (signature, key id or format)."""
    token = signing.sign(FACTS)
    for position in range(len(token)):
        # Both a neighbouring character (a change in the lowest bit, which base64 may not even decode) and a
        # distant one.
        for replacement in {chr(ord(token[position]) ^ 1), "B" if token[position] != "B" else "C"}:
            tampered = token[:position] + replacement + token[position + 1 :]
            with pytest.raises(signing.InvalidToken):
                signing.verify(tampered)


def test_a_token_signed_with_an_unpublished_key_is_refused(tmp_path, settings):
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(write_key(tmp_path / "rogue.pem"))
    forged = signing.sign(FACTS)
    settings.CERTIFICATE_SIGNING_KEY_FILE = ""
    with pytest.raises(signing.InvalidToken, match="不在省局公布的公钥中"):
        signing.verify(forged)


def test_a_rotated_key_still_verifies_the_certificates_it_signed(tmp_path, settings):
    """Rotation: the new key signs; the old public key, retired, still vouches for old certificates."""
    old = write_key(tmp_path / "old.pem")
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(old)
    old_token = signing.sign(FACTS)
    old_public = tmp_path / "old.pub.pem"
    old_public.write_bytes(
        signing._read_private(str(old))
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(write_key(tmp_path / "new.pem"))
    settings.CERTIFICATE_RETIRED_KEY_FILES = [str(old_public)]
    new_token = signing.sign(FACTS)
    assert old_token.split(".")[0] != new_token.split(".")[0]
    assert signing.verify(old_token).facts == FACTS and signing.verify(new_token).facts == FACTS
    published = {k["kid"]: k["status"] for k in signing.published_keys()["keys"]}
    assert published == {old_token.split(".")[0]: "retired", new_token.split(".")[0]: "current"}
    settings.CERTIFICATE_RETIRED_KEY_FILES = []  # once withdrawn, the old key vouches for nothing
    with pytest.raises(signing.InvalidToken):
        signing.verify(old_token)


def test_the_token_is_compact_enough_for_a_phone_to_read_from_paper():
    """Long Chinese names and titles still fit a QR code of version 15 or less at level M (77 modules)."""
    import segno

    long_facts = signing.CertificateFacts(
        **{
            **FACTS.__dict__,
            "institution": "福建省质量技术监督培训中心",
            "cohort": "2026年度第三期企业首席质量官任职培训班",
        }
    )
    url = f"https://cqo.samr.fujian.gov.cn/verify/{signing.sign(long_facts)}/"
    assert segno.make_qr(url, error="m").version <= 15


def run_command(*args, **env):
    environment = {
        **os.environ,
        "DEBUG": "1",
        # No database at all: any attempt to connect would fail.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "verify_certificate", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_verify_certificate_checks_a_url_with_no_database(tmp_path, settings):
    key = write_key(tmp_path / "bureau.pem")
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(key)
    token = signing.sign(FACTS)
    done = run_command(f"https://cqo.example.gov.cn/verify/{token}/", CERTIFICATE_SIGNING_KEY_FILE=str(key))
    assert done.returncode == 0, done.stderr
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    assert facts["signature"] == "valid" and facts["number"] == FACTS.number and facts["issued_on"] == "2026-07-10"
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    refused = run_command(tampered, CERTIFICATE_SIGNING_KEY_FILE=str(key))
    assert refused.returncode == 1 and "签名无效" in refused.stderr


def test_verify_certificate_with_a_downloaded_key_set(tmp_path, settings):
    """A third party with only /verify/keys.json (saved to a file) checks a certificate."""
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(write_key(tmp_path / "bureau.pem"))
    token = signing.sign(FACTS)
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps(signing.published_keys()))
    done = run_command(token, "--keys", str(keys), CERTIFICATE_SIGNING_KEY_FILE="")
    assert done.returncode == 0, done.stderr
    other = run_command(token, CERTIFICATE_SIGNING_KEY_FILE="")  # only the development key: not this one's
    assert other.returncode == 1
