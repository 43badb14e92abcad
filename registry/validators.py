"""The one parser of identifiers: normalisation, and the check digits of GB 11643 resident IDs and GB 32100 credit codes."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc


@dataclass(frozen=True)
class ResidentId:
    """A resident ID that passed its check digit, with what can be read from it."""

    number: str
    birth_date: datetime.date
    gender: str  # "M" or "F": the 17th digit is odd for men, even for women
    warnings: list[str] = field(default_factory=list)


def parse_resident_id(value: str) -> ResidentId:
    """Validate an 18-digit resident ID (GB 11643) and return it normalised, or raise ValidationError.

    python-stdnum checks the ISO 7064 MOD 11-2 digit and the birth date. Its table of
    birth-place codes has gaps for some years; a real person must never be locked out by
    such a gap, so an unknown birth place is returned as a warning, not raised.
    """
    number = normalize_resident_id(value)
    if len(number) != 18:
        raise ValidationError(f"身份证号码应为18位，当前为{len(number)}位。", code="length")
    if not number[:-1].isdigit() or not (number[-1].isdigit() or number[-1] == "X"):
        raise ValidationError("身份证号码前17位应为数字，最后一位为数字或X。", code="format")
    try:
        birth_date = ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise ValidationError(f"身份证号码中的出生日期{number[6:14]}不是有效日期。", code="birth_date") from None
    if birth_date > datetime.date.today():
        raise ValidationError("身份证号码中的出生日期晚于今天。", code="birth_date")
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError("身份证号码校验码不正确，请核对号码是否抄录有误。", code="checksum")
    warnings = []
    if not _birth_place_known(number[:6], birth_date.year):
        warnings.append(f"地址码{number[:6]}未在行政区划表中找到（{birth_date.year}年），请人工核对。")
    gender = "M" if int(number[16]) % 2 else "F"
    return ResidentId(number=number, birth_date=birth_date, gender=gender, warnings=warnings)


@lru_cache(maxsize=8192)
def _birth_place_known(area: str, year: int) -> bool:
    """Whether stdnum's table knows the area code in that year. It depends on nothing else, and the table look-up
    is the slowest part of checking an ID, so a file of thousands of IDs from a few counties asks it a few times."""
    try:
        ric.get_birth_place(f"{area}{year:04d}01010000")
    except (stdnum_errors.ValidationError, KeyError, ValueError):
        # stdnum raises KeyError('county') for area codes whose table entry has no county (e.g. 350199).
        return False
    return True


# Removed wherever they appear: what people type or paste between groups of characters. After NFKC the
# full-width forms (U+3000 space, U+FF0D hyphen, U+FF0E full stop, U+FF3F low line) are already their ASCII
# twins; the rest are listed because NFKC keeps them: dashes and minus signs, the ideographic and middle dots.
IDENTIFIER_SEPARATORS = frozenset("-_.\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\u3002\u00b7\u30fb\uff65")


def normalize_identifier(value, *, label: str) -> str:
    """The one normalisation of every identifier, before it is checked, hashed, looked up or stored.

    NFKC (full-width digits and letters become ASCII), any other Unicode decimal digit (Arabic-Indic,
    Devanagari, ...) becomes its ASCII digit, whitespace (including U+3000 and NBSP), invisible format
    characters (zero-width space, BOM) and IDENTIFIER_SEPARATORS are dropped, then the result is upper-cased.
    So every way of typing one number gives one string, one hash and one person. Whatever is then not a
    printable ASCII character is refused, with an error naming the field (`label`).
    """
    text = str(value or "")
    if text.isascii() and text.isalnum():  # the common case, already plain: NFKC and the loop below keep it as is
        return text.upper()
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for char in text:
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            kept.append(str(digit))
        elif char.isspace() or unicodedata.category(char) == "Cf" or char in IDENTIFIER_SEPARATORS:
            continue
        else:
            kept.append(char)
    text = "".join(kept)
    # Checked before upper-casing: "ß".upper() is "SS" and "ı".upper() is "I", which would smuggle letters in.
    for char in text:
        if not ("!" <= char <= "~"):
            shown = f"「{char}」" if char.isprintable() else f"U+{ord(char):04X}"
            raise ValidationError(f"{label}中含有无法识别的字符{shown}，请只填写半角数字和英文字母。", code="non_ascii")
    return text.upper()


def normalize_resident_id(value: str) -> str:
    """A resident ID as stored and hashed (see normalize_identifier); raises ValidationError on foreign characters."""
    return normalize_identifier(value, label="身份证号码")


def normalize_credit_code(value: str) -> str:
    """A credit code as stored (see normalize_identifier); raises ValidationError on foreign characters."""
    return normalize_identifier(value, label="统一社会信用代码")


def normalize_mobile(value: str) -> str:
    """A mobile number as stored: normalised like every identifier, without a +86 / 0086 country prefix.

    Empty stays empty (the number is optional); the 11-digit format is the model field's validator.
    """
    number = normalize_identifier(value, label="手机号码")
    for prefix in ("+86", "0086"):
        if number.startswith(prefix) and len(number) == len(prefix) + 11:
            return number[len(prefix) :]
    return number


def normalize_cohort_code(value: str) -> str:
    """A training cohort code as stored and looked up (the training issue's cohorts use this, not their own)."""
    return normalize_identifier(value, label="培训班编号")


CREDIT_CODE_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")


def validate_credit_code(value: str) -> None:
    """Django field validator for 18-character unified social credit codes (GB 32100).

    python-stdnum computes the check character; its format check wants the first eight
    characters to be digits, but GB 32100 lets the registration authority and type codes
    (first two) be letters (e.g. Y for 其他), so the format is checked here instead.
    """
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码应为18位，当前为{len(code)}位。", code="length")
    if not set(code) <= CREDIT_CODE_ALPHABET or not code[2:8].isdigit():
        raise ValidationError(
            "统一社会信用代码格式不正确：第3至8位为行政区划数字，全部字符不使用 I、O、Z、S、V。", code="format"
        )
    if code[-1] != uscc.calc_check_digit(code):
        raise ValidationError("统一社会信用代码校验码不正确，请核对是否抄录有误。", code="checksum")


def make_credit_code(body17: str) -> str:
    """Append the GB 32100 check character to 17 characters (used by demo and test data)."""
    return body17 + uscc.calc_check_digit(body17)


def make_resident_id(body17: str) -> str:
    """Append the GB 11643 check digit to 17 digits (used by demo and test data)."""
    return body17 + ric.calc_check_digit(body17 + "0")


# What the first bytes of an accepted evidence file look like: the content decides, not the name.
EVIDENCE_SIGNATURES = {
    b"%PDF-": "PDF",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
}


def evidence_kind(file) -> str | None:
    """ "PDF", "PNG" or "JPEG" from the file's first bytes, or None."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    return next((kind for signature, kind in EVIDENCE_SIGNATURES.items() if head.startswith(signature)), None)


def validate_evidence_file(file) -> None:
    """Accept a PDF, PNG or JPEG of at most MAX_UPLOAD_BYTES, judged by its content."""
    from django.conf import settings

    limit = settings.MAX_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            f"证据材料文件过大（{file.size / 1048576:.1f} MB），请上传不超过{limit // 1048576} MB的文件。", code="size"
        )
    if evidence_kind(file) is None:
        raise ValidationError("证据材料须为PDF文件或PNG、JPEG图片，请检查文件内容后重新上传。", code="file_type")


def validate_pdf_letter(file) -> None:
    """Accept a PDF of at most MAX_UPLOAD_BYTES, judged by its content: the %PDF- header and a trailer whose
    startxref points at a cross-reference table or stream inside the file. A renamed text file fails both.
    """
    from django.conf import settings

    limit = settings.MAX_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            f"聘任文件过大（{file.size / 1048576:.1f} MB），请上传不超过{limit // 1048576} MB的PDF文件。", code="size"
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read()
    file.seek(position)
    if not data.startswith(b"%PDF-"):
        raise ValidationError(
            "聘任文件须为PDF文件：文件内容不是PDF（与文件扩展名无关），请另存为PDF后重新上传。", code="file_type"
        )
    if not _pdf_trailer_ok(data):
        raise ValidationError(
            "聘任文件不是完整的PDF文件（找不到有效的文件尾），可能已损坏或未上传完整，请重新导出后上传。",
            code="pdf_trailer",
        )


def _pdf_trailer_ok(data: bytes) -> bool:
    """True when the file ends with %%EOF after a `startxref <offset>` that lands on `xref` or `N G obj`."""
    tail = data[-2048:]
    eof = tail.rfind(b"%%EOF")
    start = tail.rfind(b"startxref", 0, eof if eof >= 0 else None)
    if eof < 0 or start < 0:
        return False
    match = re.match(rb"startxref\s+(\d+)\s+%%EOF", tail[start:])
    if not match:
        return False
    offset = int(match.group(1))
    if offset >= len(data):
        return False
    target = data[offset : offset + 32]
    return target.startswith(b"xref") or re.match(rb"\s*\d+\s+\d+\s+obj", target) is not None
