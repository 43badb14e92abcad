"""The one set of bounds on what a record may hold: dates, figures, text lengths, names with visible characters."""

from __future__ import annotations

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# The engine's range (eligibility.rules is pure Python, so the constants live there and are shared here).
from eligibility.rules import EARLIEST_DATE, LATEST_DATE

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "NOTE_MAX_LENGTH",
    "REASON_MAX_LENGTH",
    "QUALITY_WORK_MAX_PERIODS",
    "FORMSET_MAX_ROWS",
    "DateBounds",
    "VisibleText",
    "non_negative",
    "max_length",
    "not_before_birth",
    "NotBeforeBirth",
    "check_ending",
    "check_reason",
]

NOTE_MAX_LENGTH = 2000  # free-text notes (a finding's 说明)
REASON_MAX_LENGTH = 500  # reasons for returning, dismissing, lifting, revoking
# A reason to see a full resident ID is written to the access log: "x" or "查" says nothing an auditor can check.
REVEAL_REASON_MIN_LENGTH = 4
REVEAL_REASON_MAX_LENGTH = 200  # AccessLog.reason
QUALITY_WORK_MAX_PERIODS = 20  # periods of quality work typed on one page
FORMSET_MAX_ROWS = 20  # rows of any other formset (the self-check's certificates and findings, admin inlines)


def _day(value: datetime.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _today() -> datetime.date:
    # Today in Fujian (TIME_ZONE), not in the server's own zone.
    return timezone.localdate()


@deconstructible
class DateBounds:
    """A date a record can hold: from EARLIEST_DATE to LATEST_DATE, and (`not_after_today`) not in the future."""

    def __init__(self, label: str, *, not_after_today: bool = False):
        self.label = label
        self.not_after_today = not_after_today

    def __call__(self, value) -> None:
        if value is None:
            return
        if value < EARLIEST_DATE:
            raise ValidationError(f"{self.label}不能早于{_day(EARLIEST_DATE)}。", code="date_too_early")
        if self.not_after_today and value > _today():
            raise ValidationError(f"{self.label}不能晚于今天（{_day(_today())}）。", code="date_in_future")
        if value > LATEST_DATE:
            raise ValidationError(f"{self.label}不能晚于{_day(LATEST_DATE)}。", code="date_too_late")

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, DateBounds)
            and self.label == other.label
            and self.not_after_today == other.not_after_today
        )


# Bidirectional embeddings, overrides and isolates: they make a name display as something else.
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


@deconstructible
class VisibleText:
    """A name: no bidi or other control characters, and something visible once format characters
    (zero-width spaces and joiners, marks, BOM) and whitespace are taken away."""

    def __init__(self, label: str):
        self.label = label

    def __call__(self, value) -> None:
        if not value:
            return  # blank or not is the field's own rule
        if any(ch in _BIDI_CONTROLS or unicodedata.category(ch) == "Cc" for ch in value):
            raise ValidationError(f"{self.label}不能包含不可见的控制字符。", code="control_characters")
        if not any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Zs") for ch in value):
            raise ValidationError(f"{self.label}须包含可见的文字，不能只有空格或不可见字符。", code="invisible")

    def __eq__(self, other) -> bool:
        return isinstance(other, VisibleText) and self.label == other.label


def non_negative(label: str) -> MinValueValidator:
    """Figures (employees, revenue, assets, an allowance) are never below zero."""
    return MinValueValidator(0, message=f"{label}不能为负数。")


def max_length(label: str, limit: int) -> MaxLengthValidator:
    """A text bound that names the field (Django's own message names neither the field nor the unit 字)."""
    return MaxLengthValidator(limit, message=f"{label}最多{limit}字，当前%(show_value)d字。")


def not_before_birth(value: datetime.date | None, person, label: str) -> str | None:
    """The message when `value` lies before the year `person` was born (only the birth year is stored)."""
    if value is None or person is None or not person.birth_year or value.year >= person.birth_year:
        return None
    return f"{label}不能早于该人员的出生年份（{person.birth_year}年）。"


class NotBeforeBirth:
    """Model mixin: the dates named in `birth_bounded` (field -> label) are not before `person`'s birth year.

    Checked with the fields rather than in clean(), so an update that does not write a date (registry.services.write)
    is not refused for a date saved before this bound existed.
    """

    birth_bounded: dict[str, str] = {}

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        person = getattr(self, "person", None)
        for field, label in self.birth_bounded.items():
            if field in errors or (exclude and field in exclude):
                continue
            message = not_before_birth(getattr(self, field), person, label)
            if message:
                errors[field] = [message]
        if errors:
            raise ValidationError(errors)


def check_reason(
    reason: str | None, *, field: str, label: str, limit: int = REASON_MAX_LENGTH, minimum: int = 1
) -> str:
    """The stripped reason, or a ValidationError on `field` when it is empty, has fewer than `minimum` letters,
    digits or Chinese characters (spaces and punctuation do not count), or is longer than `limit`."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: f"请填写{label}。"})
    if sum(char.isalnum() for char in reason) < minimum:
        raise ValidationError({field: f"{label}至少{minimum}个字（不计空格和标点），请写明具体事由。"})
    if len(reason) > limit:
        raise ValidationError({field: f"{label}最多{limit}字，当前{len(reason)}字。"})
    return reason


def check_ending(
    *,
    ended_on: datetime.date | None,
    date_field: str,
    date_label: str,
    start: datetime.date,
    start_label: str,
    reason: str | None,
    reason_field: str,
    reason_label: str,
) -> str:
    """An ending (a dismissal, a lifting, a revocation): a date from the start up to today and a reason.

    Returns the stripped reason; raises one ValidationError naming every field that is wrong.
    """
    errors = {}
    try:
        reason = check_reason(reason, field=reason_field, label=reason_label)
    except ValidationError as error:
        errors.update(error.message_dict)
    if ended_on is None:
        errors[date_field] = f"请填写{date_label}。"
    elif ended_on < start:
        errors[date_field] = f"{date_label}不能早于{start_label}{start:%Y-%m-%d}。"
    elif ended_on > _today():
        errors[date_field] = f"{date_label}不能晚于今天。"
    if errors:
        raise ValidationError(errors)
    return reason
