"""Writes of the access log: every export carrying resident IDs and every typed ID look-up is recorded,
and look-ups are limited per account (reveals: services.persons)."""

from __future__ import annotations

import datetime
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import AccessAction, AccessLog, Person, User
from ..selectors import person_find_by_resident_id


def export_log_masked_ids(*, actor, what: str, count: int, file_format: str) -> AccessLog:
    """Record an export whose file carries (masked) resident IDs: every export containing IDs is logged."""
    return AccessLog.objects.create(
        actor=actor,
        action=AccessAction.EXPORT,
        reason=f"{what}导出（{file_format.upper()}，身份证号码已脱敏）"[:200],
        count=count,
    )


def file_lookup_log(*, actor, what: str, count: int) -> AccessLog:
    """Record that a file's resident IDs were looked up (a graduate import checks each against the persons on
    file): one row for the file, with how many IDs it held."""
    return AccessLog.objects.create(
        actor=actor, action=AccessAction.LOOKUP, reason=f"{what}（按文件核对身份证号码）"[:200], count=count
    )


def _window_text(seconds: int) -> str:
    for unit, label in ((86400, "天"), (3600, "小时"), (60, "分钟")):
        if seconds % unit == 0:
            number = seconds // unit
            return f"每{'' if number == 1 and unit != 60 else number}{label}"
    return f"每{seconds}秒"


def id_lookup_refusal(actor) -> str | None:
    """The Chinese refusal when `actor` has used up a look-up window (settings.ID_LOOKUP_LIMITS), else None."""
    now = timezone.now()
    mine = AccessLog.objects.filter(actor=actor, action=AccessAction.LOOKUP)
    for limit, seconds in settings.ID_LOOKUP_LIMITS:
        if mine.filter(at__gt=now - datetime.timedelta(seconds=seconds)).count() >= limit:
            return f"身份证号码查询过于频繁，请稍后再试（{_window_text(seconds)}最多{limit}次）。"
    return None


def same_name(a: str, b: str) -> bool:
    """Whether two typed names are the same name: full-width forms and spaces do not count."""

    def norm(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text or "").split())

    return bool(norm(a)) and norm(a) == norm(b)


@transaction.atomic
def id_lookup(*, actor, number: str, purpose: str, name: str | None = None) -> Person | None:
    """The person with this typed resident ID if `actor` may see them, else None: whether the number is on
    file outside the actor's scope is never told. Every look-up is an access-log row (with the person when
    found in scope); past the per-account limit the look-up is refused and nothing is written.

    With `name` (an enterprise attaching a person who changes employer), the person is found wherever they
    are on file, but only when the name matches too: a wrong name answers exactly like a number not on file.

    The one place a typed ID is looked up for a user; every form that takes a typed ID calls it.
    """
    # Serialise one account's look-ups, so parallel requests cannot all pass the same count.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    refusal = id_lookup_refusal(actor)
    if refusal:
        raise ValidationError(refusal, code="throttled")
    person = person_find_by_resident_id(number)
    if person is not None:
        if name is not None:
            person = person if same_name(person.name, name) else None
        elif not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
            person = None
    AccessLog.objects.create(actor=actor, person=person, action=AccessAction.LOOKUP, reason=purpose[:200], count=1)
    return person
