"""Every stored identifier under the one normalisation (issue 8, finding 1); persons whose IDs were one number typed
two ways (full-width or Arabic-Indic digits, say) are flagged, never merged.

Persons: each row's ID is decrypted, normalised, re-encrypted, re-masked and re-hashed. Where several rows turn
out to hold the same number, the oldest keeps the look-up hash (so a typed ID finds it) and every newer one is
kept with all it points at (appointments, findings, certificates, quality work, history) and marked
`duplicate_of` the oldest; its look-up hash becomes a placeholder that no ID hashes to, as the column is unique.
eligibility.facts gives each row the findings of the other, and province staff see the flag on the person page.

Enterprises: their codes were already refused unless every character was an ASCII letter or digit of the GB 32100
alphabet, so the unique column cannot hold one code twice; a code that still normalises differently (a row written
around the validators) is rewritten only where the normalised code is free, and otherwise left as it is. Training
institutions' codes passed the same validator (training's own migrations own that table).
"""

from django.core.exceptions import ValidationError
from django.db import migrations

from registry import crypto
from registry.validators import normalize_credit_code, normalize_resident_id


def duplicate_placeholder(person_pk: int, original_pk: int) -> str:
    """A unique value for the hash column that is not an HMAC digest (those are 64 hex digits)."""
    return f"duplicate-of-{original_pk}-person-{person_pk}"


def rehash_and_flag_duplicate_persons(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    groups: dict[str, list] = {}
    numbers: dict[int, str] = {}
    for person in Person.objects.order_by("created_at", "pk").iterator():
        try:
            number = normalize_resident_id(crypto.decrypt(person.resident_id_encrypted))
        except ValidationError:
            continue  # not an ID the parser can read: left exactly as it is
        numbers[person.pk] = number
        groups.setdefault(crypto.keyed_hash(number), []).append(person)
    # Newer rows first, so the oldest can then take a hash a newer row may hold (the column is unique).
    for digest, persons in groups.items():
        original = persons[0]
        for person in persons[1:]:
            _store(person, numbers[person.pk], duplicate_placeholder(person.pk, original.pk), original.pk)
    for digest, persons in groups.items():
        original = persons[0]
        _store(original, numbers[original.pk], digest, original.duplicate_of_id)


def _store(person, number: str, digest: str, duplicate_of_id) -> None:
    changed = []
    if crypto.decrypt(person.resident_id_encrypted) != number:
        person.resident_id_encrypted = crypto.encrypt(number)
        changed.append("resident_id_encrypted")
    values = {"resident_id_hash": digest, "resident_id_masked": crypto.mask(number), "duplicate_of_id": duplicate_of_id}
    for name, value in values.items():
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if changed:
        person.save(update_fields=changed)


def normalise_enterprise_credit_codes(apps, schema_editor):
    Enterprise = apps.get_model("registry", "Enterprise")
    for enterprise in Enterprise.objects.iterator():
        try:
            code = normalize_credit_code(enterprise.credit_code)
        except ValidationError:
            continue
        if code != enterprise.credit_code and not Enterprise.objects.filter(credit_code=code).exists():
            enterprise.credit_code = code
            enterprise.save(update_fields=["credit_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0011_person_duplicate_of"),
    ]

    operations = [
        migrations.RunPython(rehash_and_flag_duplicate_persons, migrations.RunPython.noop),
        migrations.RunPython(normalise_enterprise_credit_codes, migrations.RunPython.noop),
    ]
