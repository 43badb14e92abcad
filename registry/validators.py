"""Check digits of the two national identifiers the portal stores: GB 11643 resident IDs and GB 32100 credit codes."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

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
    try:
        ric.get_birth_place(number)
    except stdnum_errors.ValidationError:
        warnings.append(f"地址码{number[:6]}未在行政区划表中找到（{birth_date.year}年），请人工核对。")
    gender = "M" if int(number[16]) % 2 else "F"
    return ResidentId(number=number, birth_date=birth_date, gender=gender, warnings=warnings)


def normalize_resident_id(value: str) -> str:
    """Upper-case and drop spaces and hyphens, as IDs are pasted in many forms."""
    return re.sub(r"[\s\-]", "", value or "").upper()


def normalize_credit_code(value: str) -> str:
    """Upper-case and drop spaces and hyphens, as users paste codes in many forms."""
    return re.sub(r"[\s\-]", "", value or "").upper()


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
