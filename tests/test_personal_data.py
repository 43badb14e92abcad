"""A database dump of the demo data shows no resident ID in plain text (PostgreSQL, pg_dump)."""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection

from registry import crypto
from registry.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_pg_dump_of_demo_data_contains_no_plain_resident_id():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): the dump is pg_dump's")
    call_command("seed_demo", "--enterprises", "20", stdout=open("/dev/null", "w"))
    ids = [crypto.decrypt(token) for token in Person.objects.values_list("resident_id_encrypted", flat=True)]
    assert ids, "the demo data should contain persons for this check to mean anything"

    settings = connection.settings_dict
    dump = subprocess.run(
        [
            "pg_dump",
            "--data-only",
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"] or "postgres",
            settings["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    assert "resident_id_masked" in dump or "**********" in dump  # the dump did include the person table
    leaked = [number for number in ids if number in dump]
    assert not leaked, f"{len(leaked)} resident IDs appear in plain text in pg_dump output"
