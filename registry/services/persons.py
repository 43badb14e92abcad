"""Writes of persons: registering (the resident ID encrypted), editing, quality work, revealing the ID."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .. import crypto
from ..bounds import REVEAL_REASON_MAX_LENGTH, REVEAL_REASON_MIN_LENGTH, check_reason
from ..models import AccessAction, AccessLog, Enterprise, Person, QualityWorkPeriod, TitleLevel
from ..permissions import require
from ..selectors import person_find_by_resident_id
from ..signals import persons_changed
from ..validators import normalize_mobile, parse_resident_id
from .access_log import id_lookup
from .write import history_created, save, visible

# The one refusal of a typed ID that depends on other people's data (a person on file outside the user's scope).
ID_ON_FILE_ELSEWHERE = (
    "无法用该身份证号码登记新人员。如该人员已在其他企业登记过，请勾选“该人员已在其他企业登记过（调入本企业）”，"
    "并填写与登记信息一致的姓名和身份证号码。"
)
# The one answer to an attach whose ID and name do not both match a person on file: the same whether the
# number is not on file at all or on file under another name, so the attach is no ID oracle.
ATTACH_NOT_FOUND = (
    "未找到姓名和身份证号码均相符的已登记人员。请核对姓名和号码；从未登记过的人员请取消勾选“调入本企业”，按新人员登记。"
)

# What person_update may change, in the order forms show it; never the resident ID (a wrong ID is another person).
PERSON_PROFILE_FIELDS = (
    "name",
    "phone",
    "email",
    "education",
    "title_level",
    "title_series",
    "enterprise",
    "position",
    "declared_ethics",
    "declared_laws",
    "declared_conduct",
    "declared_on",
)


def person_duplicate_error(actor, existing: Person | None) -> ValidationError:
    """What registering an already registered resident ID is told, whether found by the check or by the unique
    index: within the actor's scope, that the person is on file; outside it, one neutral refusal that names no one
    and does not say where the number is on file (no ID oracle)."""
    if existing is not None and visible(actor, existing):
        return ValidationError(
            {"resident_id": "该身份证号码已登记，请勿重复登记；如需修改信息，请在该人员的信息页修改。"}
        )
    return ValidationError({"resident_id": ID_ON_FILE_ELSEWHERE})


@transaction.atomic
def person_register(
    *,
    actor,
    name: str,
    resident_id: str,
    education: str,
    title_level: str = TitleLevel.NONE,
    title_series: str = "",
    phone: str = "",
    email: str = "",
    enterprise: Enterprise | None = None,
    position: str = "",
    gender: str | None = None,
    birth_date: datetime.date | None = None,
    declared_ethics: bool = False,
    declared_laws: bool = False,
    declared_conduct: bool = False,
    declared_on: datetime.date | None = None,
    quality_work: Iterable[dict] = (),
) -> Person:
    """Register a person. The ID is validated, stored encrypted with a keyed hash and a mask; gender and
    birth date come from it, and a typed gender or birth date must agree.

    `quality_work` is a list of {"start", "end", "employer", "position"} dicts.
    """
    require(actor, "person.register", enterprise)
    parsed = parse_resident_id(resident_id)  # raises a Chinese message naming what is wrong
    errors = {}
    if gender and gender != parsed.gender:
        errors["gender"] = f"性别与身份证号码不符：号码显示为{'男' if parsed.gender == 'M' else '女'}。"
    if birth_date and birth_date != parsed.birth_date:
        errors["birth_date"] = f"出生日期与身份证号码不符：号码显示为{parsed.birth_date:%Y-%m-%d}。"
    try:
        phone = normalize_mobile(phone)
    except ValidationError as error:
        errors["phone"] = error.messages
    existing = person_find_by_resident_id(parsed.number)
    if existing is not None:
        errors.update(person_duplicate_error(actor, existing).error_dict)
    if errors:
        raise ValidationError(errors)
    person = Person(
        name=name.strip(),
        resident_id_encrypted=crypto.encrypt(parsed.number),
        resident_id_hash=crypto.keyed_hash(parsed.number),
        resident_id_masked=crypto.mask(parsed.number),
        gender=parsed.gender,
        birth_year=parsed.birth_date.year,
        education=education,
        title_level=title_level,
        title_series=title_series,
        phone=phone,
        email=email,
        enterprise=enterprise,
        position=position,
        declared_ethics=declared_ethics,
        declared_laws=declared_laws,
        declared_conduct=declared_conduct,
        declared_on=declared_on,
    )
    try:
        save(person, actor)
    except ValidationError as error:
        # Registered by a simultaneous request after the check above: the same error as a sequential one.
        if "resident_id_hash" in error.error_dict:
            raise person_duplicate_error(actor, person_find_by_resident_id(parsed.number)) from None
        raise
    for period in quality_work:
        quality_work_period_add(person=person, actor=actor, **period)
    return person


def person_find_to_attach(*, actor, name: str, resident_id: str) -> Person:
    """The person on file (anywhere) whose resident ID and name both match what an enterprise typed, to appoint
    them when they change employer. Through id_lookup: logged, limited per account; anything short of a match
    of both is the one neutral ATTACH_NOT_FOUND, and nothing about the person is told before they are attached.
    """
    try:
        parse_resident_id(resident_id)  # format and check digit: they reveal nothing about anyone
    except ValidationError as error:
        raise ValidationError({"resident_id": error.messages}) from None
    try:
        person = id_lookup(actor=actor, number=resident_id, purpose="调入已登记人员", name=name)
    except ValidationError as error:  # over the look-up limit
        raise ValidationError({"resident_id": error.messages}) from None
    if person is None:
        raise ValidationError({"resident_id": ATTACH_NOT_FOUND})
    return person


@transaction.atomic
def person_update(*, person: Person, actor, **fields) -> Person:
    """Change a person's profile (not the ID: a wrong ID is a different person)."""
    unknown = set(fields) - set(PERSON_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"person_update() cannot set {sorted(unknown)}")
    if not visible(actor, person):
        raise PermissionDenied("您无权修改该人员的信息。")
    require(actor, "person.edit", person)
    if "phone" in fields:
        try:
            fields["phone"] = normalize_mobile(fields["phone"])
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from None
    if "enterprise" in fields and fields["enterprise"] != person.enterprise:
        require(actor, "person.register", fields["enterprise"])
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    if not changed:
        return person
    for name in changed:
        setattr(person, name, fields[name])
    save(person, actor, update_fields=[*changed, "updated_at"])
    persons_changed.send(sender=Person, person_ids=[person.pk])
    return person


@transaction.atomic
def quality_work_period_add(
    *, person: Person, actor, start: datetime.date, employer: str, end: datetime.date | None = None, position: str = ""
) -> QualityWorkPeriod:
    """Add a period of quality work; no end date means it is still going on."""
    if not visible(actor, person):
        raise PermissionDenied("您无权修改该人员的信息。")
    if end is not None and end < start:
        raise ValidationError({"end": "结束日期不能早于开始日期。"})
    period = QualityWorkPeriod(person=person, start=start, end=end, employer=employer, position=position)
    save(period, actor)
    return period


@transaction.atomic
def person_reveal_id(*, person: Person, actor, reason: str) -> str:
    """The full resident ID, for provincial staff only, after writing who asked, when and why to the access log."""
    if actor is None:
        raise PermissionDenied("查看完整身份证号码须由具名的省局工作人员操作。")
    require(actor, "person.reveal_id")
    reason = check_reason(
        reason,
        field="reason",
        label="查看事由",
        limit=REVEAL_REASON_MAX_LENGTH,
        minimum=REVEAL_REASON_MIN_LENGTH,
    )
    AccessLog.objects.create(actor=actor, person=person, action=AccessAction.REVEAL, reason=reason, count=1)
    return crypto.decrypt(person.resident_id_encrypted)


def _period_of(person: Person, period_id) -> QualityWorkPeriod:
    period = QualityWorkPeriod.objects.select_for_update().filter(person=person, pk=period_id).first()
    if period is None:
        raise ValidationError({"quality_work": "该质量工作经历不属于此人员或已被删除，请刷新页面后重试。"})
    return period


@transaction.atomic
def quality_work_period_update(
    *,
    person: Person,
    period_id: int,
    actor,
    start: datetime.date,
    employer: str,
    end: datetime.date | None = None,
    position: str = "",
) -> QualityWorkPeriod:
    """Correct one of the person's periods of quality work; the history keeps what it said before."""
    if not visible(actor, person):
        raise PermissionDenied("您无权修改该人员的信息。")
    require(actor, "person.edit", person)
    period = _period_of(person, period_id)
    if end is not None and end < start:
        raise ValidationError({"end": "结束日期不能早于开始日期。"})
    values = {"start": start, "end": end, "employer": employer, "position": position or ""}
    changed = [name for name, value in values.items() if getattr(period, name) != value]
    if changed:
        for name in changed:
            setattr(period, name, values[name])
        save(period, actor, update_fields=changed)
    return period


@transaction.atomic
def quality_work_period_remove(*, person: Person, period_id: int, actor) -> None:
    """Remove a period entered by mistake; the history keeps the row as it was, with who removed it."""
    if not visible(actor, person):
        raise PermissionDenied("您无权修改该人员的信息。")
    require(actor, "person.edit", person)
    period = _period_of(person, period_id)
    period._history_user = actor
    period.delete()


def persons_bulk_register(*, rows: list[dict], actor) -> dict[str, int]:
    """Register many new persons in one insert (and one of their history), for a training institution's graduate
    file: a fixed number of queries however many rows. Each row was checked by the caller with the one parser
    (registry.validators) and carries the ID only as `hash`, `encrypted` and `masked`, with `gender` and
    `birth_year` read from it; `name`, `education`, `title_level`, `enterprise_id`, `position`, `phone`.
    Returns {hash: person id}. Persons already on file are not this function's business: their registry facts are
    never overwritten from a file; a hash already on file is a unique violation (IntegrityError) for the caller.
    """
    require(actor, "person.register")
    if not rows:
        return {}
    persons = [
        Person(
            name=row["name"],
            resident_id_encrypted=row["encrypted"],
            resident_id_hash=row["hash"],
            resident_id_masked=row["masked"],
            gender=row["gender"],
            birth_year=row["birth_year"],
            education=row["education"],
            title_level=row["title_level"],
            enterprise_id=row["enterprise_id"],
            position=row.get("position", ""),
            phone=row.get("phone", ""),
        )
        for row in rows
    ]
    created = Person.objects.bulk_create(persons, batch_size=len(persons))
    history_created(Person, [obj.pk for obj in created], actor)
    return {person.resident_id_hash: person.pk for person in created}
