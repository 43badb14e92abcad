"""Resident IDs and credit codes are checked against the published GB 11643 / GB 32100 vectors."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from registry.validators import (
    make_credit_code,
    make_resident_id,
    normalize_cohort_code,
    normalize_credit_code,
    normalize_mobile,
    normalize_resident_id,
    parse_resident_id,
    validate_credit_code,
)


@pytest.mark.parametrize(
    "number, birth_date, gender",
    [
        ("11010519491231002X", datetime.date(1949, 12, 31), "F"),
        ("440524188001010014", datetime.date(1880, 1, 1), "M"),
        ("11010519491231002x", datetime.date(1949, 12, 31), "F"),  # lowercase x accepted
        (" 1101 0519 4912 3100 2X ", datetime.date(1949, 12, 31), "F"),  # pasted with spaces
    ],
)
def test_valid_resident_ids(number, birth_date, gender):
    """Published valid IDs pass, stored upper-case, with birth date and gender read from them."""
    parsed = parse_resident_id(number)
    assert parsed.number == number.replace(" ", "").upper()
    assert parsed.birth_date == birth_date
    assert parsed.gender == gender


@pytest.mark.parametrize(
    "number, message",
    [
        ("110105194912310021", "校验码"),
        ("360426199113010079", "出生日期19911301不是有效日期"),
        ("11010519491231002", "应为18位"),
        ("1101051949123100AX", "前17位应为数字"),
        ("110105219912310025", "晚于今天"),
    ],
)
def test_invalid_resident_ids(number, message):
    """Bad check digits, impossible dates and wrong lengths are refused with a Chinese reason."""
    with pytest.raises(ValidationError) as caught:
        parse_resident_id(number)
    assert message in caught.value.messages[0]


def test_unknown_birth_place_is_a_warning_not_a_rejection():
    """stdnum has no 4405xx county for 1880: the ID still validates, with a warning to check by hand."""
    parsed = parse_resident_id("440524188001010014")
    assert parsed.warnings and "440524" in parsed.warnings[0]


def test_generated_resident_id_validates():
    number = make_resident_id("35010219900101123")
    assert parse_resident_id(number).number == number


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", "91350100m000100y43"])
def test_valid_credit_codes(code):
    validate_credit_code(code)


@pytest.mark.parametrize(
    "code, message",
    [
        ("91350100M000100Y4Z", "格式不正确"),  # Z is not in the GB 32100 alphabet
        ("91110000600037341N", "校验码"),
        ("9111000060003734", "应为18位"),
        ("91AB0000600037341L", "格式不正确"),  # the administrative division must be digits
    ],
)
def test_invalid_credit_codes(code, message):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    assert message in caught.value.messages[0]


def test_letters_allowed_in_registration_authority_and_type():
    """GB 32100 allows e.g. Y (其他) as the first character; such organisations must not be locked out."""
    validate_credit_code(make_credit_code("Y1350100MA0000001"))


# ---------------------------------------------------------------------------
# One normalisation for every identifier (issue 8, finding 1)
# ---------------------------------------------------------------------------

ASCII_ID = "11010519491231002X"


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("１１０１０５１９４９１２３１００２Ｘ", id="full-width digits and X"),
        pytest.param("１１０１０５１９４９１２３１００２x", id="full-width digits, ASCII lower x"),
        pytest.param("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", id="Arabic-Indic digits"),
        pytest.param("۱۱۰۱۰۵۱۹۴۹۱۲۳۱۰۰۲X", id="Extended Arabic-Indic digits"),
        pytest.param("110105\u300019491231\u3000002Ｘ", id="ideographic spaces, full-width X"),
        pytest.param("\ufeff110105\u200b1949\u200d1231002X\u00a0", id="BOM, zero-width characters, NBSP"),
        pytest.param("110105－19491231—002·X", id="full-width hyphen, em dash, middle dot"),
        pytest.param("110105.1949.1231_002X", id="dots and underscores"),
    ],
)
def test_every_way_of_typing_an_id_gives_one_number_and_one_hash(typed):
    """The number stored and the number hashed are the same ASCII string however the ID was typed."""
    assert parse_resident_id(typed).number == ASCII_ID
    assert normalize_resident_id(typed) == ASCII_ID


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("11010519491231002\u0425", "「Х」"),  # Cyrillic Ha, looks like X
        ("1101051949123100ß", "「ß」"),  # upper-cases to SS: refused before upper-casing
        ("1101051949123100\u0131", "「ı」"),  # dotless i upper-cases to I
        ("11010519491231002\x00", "U+0000"),
        ("110105一九四九1231002X", "「一」"),
    ],
)
def test_characters_no_id_has_are_refused_naming_the_field(typed, shown):
    with pytest.raises(ValidationError) as caught:
        parse_resident_id(typed)
    assert caught.value.messages == [f"身份证号码中含有无法识别的字符{shown}，请只填写半角数字和英文字母。"]


def test_the_same_normalisation_for_credit_codes_mobiles_and_cohort_codes():
    assert normalize_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"
    validate_credit_code("９１３５０１００ｍ０００１００ｙ４３")
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("91350100M000100Y4Ж")
    assert caught.value.messages[0].startswith("统一社会信用代码中含有无法识别的字符「Ж」")
    assert normalize_mobile("+86 １３８-0000\u30000001") == "13800000001"
    assert normalize_mobile("0086 13800000001") == "13800000001"
    assert normalize_mobile("") == ""
    assert normalize_cohort_code(" ｄｅｍｏ－ｃｏｈｏｒｔ ") == "DEMOCOHORT"


def test_an_area_code_without_a_county_is_a_warning_not_an_exception():
    """stdnum raised KeyError('county') for 350199 (1,496 of 1,846 failing requests in the issue)."""
    parsed = parse_resident_id("350199198001011232")
    assert parsed.number == "350199198001011232"
    assert parsed.warnings and "350199" in parsed.warnings[0]
