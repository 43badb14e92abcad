"""The 2017 size table, read as registry.sizing documents, checked on both sides of its boundaries with no database."""

from decimal import Decimal

import pytest

from registry.sizing import LARGE, MEDIUM, MICRO, SMALL, UNKNOWN, classify, division_belongs_to_section

CASES = [
    # Industry B/C/D: X and Y both count.
    ("C", "", 1000, 40000, None, LARGE),
    ("C", "", 999, 40000, None, MEDIUM),  # one indicator short of large drops a tier
    ("C", "", 1000, 39999, None, MEDIUM),
    ("C", "", 300, 2000, None, MEDIUM),
    ("C", "", 299, 2000, None, SMALL),
    ("C", "", 300, 1999, None, SMALL),
    ("C", "", 20, 300, None, SMALL),
    ("C", "", 19, 300, None, MICRO),
    ("C", "", 5000, 299, None, MICRO),  # micro needs only one indicator below small
    ("B", "", 1000, 40000, None, LARGE),
    ("D", "44", 20, 300, None, SMALL),
    # Agriculture: Y only; employees do not matter.
    ("A", "", None, 20000, None, LARGE),
    ("A", "", 5, 19999, None, MEDIUM),
    ("A", "", None, 500, None, MEDIUM),
    ("A", "", None, 499, None, SMALL),
    ("A", "", None, 50, None, SMALL),
    ("A", "", None, Decimal("49.99"), None, MICRO),
    # Construction: Y and Z.
    ("E", "", None, 80000, 80000, LARGE),
    ("E", "", None, 80000, 79999, MEDIUM),
    ("E", "", None, 6000, 5000, MEDIUM),
    ("E", "", None, 5999, 5000, SMALL),
    ("E", "", None, 300, 300, SMALL),
    ("E", "", None, 300, 299, MICRO),
    # Wholesale 51 and retail 52 differ.
    ("F", "51", 200, 40000, None, LARGE),
    ("F", "51", 199, 40000, None, MEDIUM),
    ("F", "5111", 5, 1000, None, SMALL),
    ("F", "51", 4, 1000, None, MICRO),
    ("F", "52", 300, 20000, None, LARGE),
    ("F", "52", 50, 500, None, MEDIUM),
    ("F", "52", 49, 500, None, SMALL),
    ("F", "52", 10, 99, None, MICRO),
    # Transport 54-58, warehousing 59, postal 60.
    ("G", "54", 1000, 30000, None, LARGE),
    ("G", "58", 300, 2999, None, SMALL),
    ("G", "59", 100, 1000, None, MEDIUM),
    ("G", "59", 99, 1000, None, SMALL),
    ("G", "60", 300, 2000, None, MEDIUM),
    ("G", "60", 300, 1999, None, SMALL),
    # Accommodation and catering share a row; the section alone decides.
    ("H", "", 300, 10000, None, LARGE),
    ("H", "62", 100, 1999, None, SMALL),
    ("H", "61", 9, 5000, None, MICRO),
    # Telecom 63-64 and software 65.
    ("I", "63", 2000, 100000, None, LARGE),
    ("I", "64", 1999, 100000, None, MEDIUM),
    ("I", "65", 300, 10000, None, LARGE),
    ("I", "65", 10, 50, None, SMALL),
    ("I", "65", 10, 49, None, MICRO),
    # Real estate by group: development 701, property management 702, others 703/709.
    ("K", "7010", None, 200000, 10000, LARGE),
    ("K", "701", None, 199999, 10000, MEDIUM),
    ("K", "7010", None, 100, 2000, SMALL),
    ("K", "7010", None, 100, 1999, MICRO),
    ("K", "702", 1000, 5000, None, LARGE),
    ("K", "7020", 100, 499, None, MICRO),
    ("K", "703", 300, None, None, LARGE),
    # Leasing and business services: X and Z.
    ("L", "", 300, None, 120000, LARGE),
    ("L", "72", 100, None, 7999, SMALL),
    ("L", "", 10, None, 100, SMALL),
    ("L", "", 10, None, 99, MICRO),
    # Other listed industries: X only.
    ("M", "", 300, None, None, LARGE),
    ("N", "", 299, None, None, MEDIUM),
    ("O", "", 100, None, None, MEDIUM),
    ("R", "", 99, None, None, SMALL),
    ("Q", "85", 10, None, None, SMALL),
    ("M", "", 9, None, None, MICRO),
]


@pytest.mark.parametrize(("section", "division", "x", "y", "z", "expected"), CASES)
def test_size_table(section, division, x, y, z, expected):
    assert classify(section=section, division=division, employees=x, revenue=y, total_assets=z).size == expected


@pytest.mark.parametrize(
    ("section", "division", "x", "y", "z"),
    [
        ("C", "", None, 40000, None),  # industry needs X
        ("C", "", 1000, None, None),  # and Y
        ("C", "", 5, None, None),  # even when X alone would force micro: we do not guess
        ("E", "", None, 80000, None),
        ("L", "", 300, 99999, None),  # L counts Z, not Y
        ("A", "", 1000, None, 1000),
    ],
)
def test_missing_needed_figure_is_unknown(section, division, x, y, z):
    assert classify(section=section, division=division, employees=x, revenue=y, total_assets=z).size == UNKNOWN


@pytest.mark.parametrize(
    ("section", "division"),
    [
        ("J", "66"),
        ("P", ""),
        ("S", "92"),
        ("T", ""),
        ("Q", "84"),
        ("Q", ""),
        ("G", "53"),
        ("K", "704"),
        ("F", ""),
        ("G", ""),
        ("I", ""),
        ("K", ""),
        ("K", "70"),
        ("", ""),
    ],
)
def test_industries_the_measures_do_not_classify_are_unknown(section, division):
    result = classify(section=section, division=division, employees=5000, revenue=500000, total_assets=500000)
    assert result.size == UNKNOWN
    assert result.explanation


def test_explanation_names_the_row_and_figures():
    """The enterprise page can show how the size was reached."""
    result = classify(section="C", employees=320, revenue=25000)
    assert result.size == MEDIUM
    assert result.industry == "工业"
    assert "从业人员320人" in result.explanation and "中型" in result.explanation
    micro = classify(section="C", employees=5000, revenue=100)
    assert "营业收入低于小型企业下限" in micro.explanation


@pytest.mark.parametrize(
    ("section", "division", "ok"),
    [
        ("F", "51", True),
        ("F", "5211", True),
        ("C", "13", True),
        ("C", "43", True),
        ("C", "44", False),
        ("K", "7010", True),
        ("K", "71", False),
        ("A", "", True),
    ],
)
def test_division_must_belong_to_section(section, division, ok):
    assert division_belongs_to_section(section, division) is ok
