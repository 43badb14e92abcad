"""Reporting periods and due dates: pure date arithmetic, no database."""

import datetime

import pytest

from filings.periods import Period, days_late, due_date, period_containing, periods_between

D = datetime.date


@pytest.mark.parametrize(
    ("frequency", "day", "expected"),
    [
        ("quarterly", D(2026, 1, 1), Period(D(2026, 1, 1), D(2026, 3, 31), "2026年第1季度")),
        ("quarterly", D(2026, 8, 15), Period(D(2026, 7, 1), D(2026, 9, 30), "2026年第3季度")),
        ("quarterly", D(2026, 12, 31), Period(D(2026, 10, 1), D(2026, 12, 31), "2026年第4季度")),
        ("half_yearly", D(2026, 6, 30), Period(D(2026, 1, 1), D(2026, 6, 30), "2026年上半年")),
        ("half_yearly", D(2026, 7, 1), Period(D(2026, 7, 1), D(2026, 12, 31), "2026年下半年")),
        ("yearly", D(2024, 2, 29), Period(D(2024, 1, 1), D(2024, 12, 31), "2024年度")),
    ],
)
def test_the_period_holding_a_day(frequency, day, expected):
    """Quarters, halves and years are calendar periods labelled in Chinese."""
    assert period_containing(frequency, day) == expected


def test_a_cohort_filing_has_no_calendar_period():
    """Per-cohort filings take the cohort's dates; asking for a calendar period of them is a mistake."""
    with pytest.raises(ValueError):
        period_containing("per_cohort", D(2026, 1, 1))


def test_periods_run_across_the_year_boundary():
    """From the quarter holding the start date to the quarter holding today, each started by today."""
    periods = periods_between("quarterly", D(2025, 11, 20), D(2026, 4, 1))
    assert [p.label for p in periods] == ["2025年第4季度", "2026年第1季度", "2026年第2季度"]
    assert periods[0].start == D(2025, 10, 1)
    assert periods[-1].end == D(2026, 6, 30)


def test_a_period_counts_from_its_first_day():
    """On the last day of a quarter the next one has not started; on the first day of it, it has."""
    assert periods_between("quarterly", D(2026, 1, 1), D(2026, 3, 31))[-1].label == "2026年第1季度"
    assert periods_between("quarterly", D(2026, 1, 1), D(2026, 4, 1))[-1].label == "2026年第2季度"


def test_no_period_before_the_start():
    assert periods_between("yearly", D(2027, 1, 1), D(2026, 12, 31)) == []


def test_half_years_and_years_over_several_years():
    assert len(periods_between("half_yearly", D(2025, 1, 1), D(2026, 12, 31))) == 4
    assert [p.label for p in periods_between("yearly", D(2023, 6, 1), D(2025, 1, 1))] == [
        "2023年度",
        "2024年度",
        "2025年度",
    ]


@pytest.mark.parametrize(
    ("end", "days", "expected"),
    [
        (D(2026, 3, 31), 15, D(2026, 4, 15)),  # DOMAIN: the 15th day after the quarter
        (D(2025, 12, 31), 31, D(2026, 1, 31)),  # the annual report due 31 January
        (D(2024, 1, 31), 29, D(2024, 2, 29)),  # a leap day
        (D(2023, 1, 31), 29, D(2023, 3, 1)),  # no leap day
        (D(2026, 6, 30), 0, D(2026, 6, 30)),
    ],
)
def test_due_dates(end, days, expected):
    assert due_date(end, days) == expected


def test_days_late_counts_whole_days_after_the_due_date():
    assert days_late(D(2026, 4, 15), D(2026, 4, 15)) == 0
    assert days_late(D(2026, 4, 1), D(2026, 4, 15)) == 0
    assert days_late(D(2026, 4, 18), D(2026, 4, 15)) == 3
    assert days_late(D(2024, 3, 1), D(2024, 2, 28)) == 2  # across the leap day
