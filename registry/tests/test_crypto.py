"""Resident IDs at rest: never in plain text in the person or history tables, masked, found by keyed hash, revealed only with a log."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from registry import crypto
from registry.models import AccessAction, AccessLog, Education, Person
from registry.selectors import person_find_by_resident_id
from registry.services import person_register, person_reveal_id, person_update
from registry.validators import make_resident_id

pytestmark = pytest.mark.django_db


def all_cells(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return [str(cell) for row in cursor.fetchall() for cell in row]


def test_person_and_history_tables_hold_no_plain_id(world):
    """A raw SELECT of the person table and its history table shows no full ID anywhere."""
    person_update(person=world.lin_fang, actor=world.user("province"), phone="13900000009")
    for table in ("registry_person", "registry_historicalperson"):
        cells = all_cells(table)
        assert cells, table
        assert not any(world.lin_fang_id in cell for cell in cells), table
        assert not any(world.lin_fang_id[6:14] + world.lin_fang_id[14:] in cell for cell in cells), table
    assert world.lin_fang.history.count() == 2


def test_mask_shows_first_and_last_four(world):
    assert world.lin_fang.resident_id_masked == world.lin_fang_id[:4] + "*" * 10 + world.lin_fang_id[-4:]
    assert crypto.mask("35010219800101002X") == "3501**********002X"


def test_gender_and_birth_date_come_from_the_id(world):
    assert world.lin_fang.gender == "F"
    assert world.lin_fang.birth_year == 1980
    assert not hasattr(world.lin_fang, "birth_date"), "a full birth date beside the mask would give the ID away"


def test_find_by_resident_id_uses_the_keyed_hash(world):
    assert person_find_by_resident_id(world.lin_fang_id) == world.lin_fang
    assert person_find_by_resident_id(world.lin_fang_id.lower()) == world.lin_fang  # a typed lower-case x
    assert person_find_by_resident_id(" " + world.lin_fang_id[:6] + "-" + world.lin_fang_id[6:]) == world.lin_fang
    assert person_find_by_resident_id(make_resident_id("11010119900307001")) is None
    assert person_find_by_resident_id("") is None


def test_equal_ids_encrypt_differently_but_hash_the_same():
    assert crypto.encrypt("x") != crypto.encrypt("x")
    assert crypto.keyed_hash("x") == crypto.keyed_hash("x")


def test_hash_depends_on_the_key(settings):
    before = crypto.keyed_hash("35010219800101002X")
    settings.ID_HASH_KEY = "another-key"
    assert crypto.keyed_hash("35010219800101002X") != before


def test_key_rotation_keeps_old_rows_readable(settings):
    """A new key goes first; tokens made with the old one still decrypt, and reencrypt moves them over."""
    old_token = crypto.encrypt("35010219800101002X")
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]
    assert crypto.decrypt(old_token) == "35010219800101002X"
    rotated = crypto.reencrypt(old_token)
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert crypto.decrypt(rotated) == "35010219800101002X"


def test_province_reveals_the_full_id_and_the_reveal_is_logged(world):
    province = world.user("province")
    assert person_reveal_id(person=world.lin_fang, actor=province, reason="核查任职资格") == world.lin_fang_id
    log = AccessLog.objects.get()
    assert (log.actor, log.person, log.action, log.reason, log.count) == (
        province,
        world.lin_fang,
        AccessAction.REVEAL,
        "核查任职资格",
        1,
    )


@pytest.mark.parametrize("principal", ["city_a", "institution_a", "enterprise_a"])
def test_only_province_may_reveal(world, principal):
    with pytest.raises(PermissionDenied):
        person_reveal_id(person=world.lin_fang, actor=world.user(principal), reason="想看看")
    assert not AccessLog.objects.exists()


def test_reveal_needs_a_reason(world):
    with pytest.raises(ValidationError) as error:
        person_reveal_id(person=world.lin_fang, actor=world.user("province"), reason="  ")
    assert "reason" in error.value.message_dict
    assert not AccessLog.objects.exists()


def test_access_log_refuses_change_and_delete(world):
    """The log is append-only: no save of an existing row, no delete, no queryset update or delete."""
    person_reveal_id(person=world.lin_fang, actor=world.user("province"), reason="核查任职资格")
    log = AccessLog.objects.get()
    log.reason = "改掉"
    with pytest.raises(PermissionError):
        log.save()
    with pytest.raises(PermissionError):
        log.delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.update(reason="改掉")
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().reason == "核查任职资格"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger is PostgreSQL-only")
def test_database_refuses_raw_update_of_access_log(world):
    from django.db import DatabaseError, transaction

    person_reveal_id(person=world.lin_fang, actor=world.user("province"), reason="核查任职资格")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE registry_accesslog SET reason = 'x'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_accesslog")
    assert AccessLog.objects.get().reason == "核查任职资格"


def test_register_refuses_a_duplicate_id(world):
    with pytest.raises(ValidationError) as error:
        person_register(actor=None, name="林芳", resident_id=world.lin_fang_id, education=Education.BACHELOR)
    assert "resident_id" in error.value.message_dict
    assert Person.objects.count() == 2
