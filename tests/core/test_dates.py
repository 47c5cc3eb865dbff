"""Month arithmetic (SPEC v3 §3.1): tables at month ends and leap days, and its properties."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eol_check._dates import FIRST_DATE, add_months, month_length

DAYS = st.dates(min_value=FIRST_DATE, max_value=date(2899, 12, 31))
MONTHS = st.integers(min_value=0, max_value=1200)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),  # the day is kept
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # month end to month end
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # SPEC §3.1's clamp example
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # into a leap February
        (date(2026, 2, 28), 6, date(2026, 8, 31)),  # a short month's end is a month end
        (date(2028, 2, 28), 6, date(2028, 8, 28)),  # not the end of a leap February
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # leap day + a year
        (date(2028, 2, 29), 48, date(2032, 2, 29)),  # leap day + four years
        (date(2100, 2, 28), 12, date(2101, 2, 28)),  # 2100 is not a leap year
        (date(2099, 8, 31), 6, date(2100, 2, 28)),
        (date(2399, 8, 31), 6, date(2400, 2, 29)),  # 2400 is
        (date(2028, 12, 30), 6, date(2029, 6, 30)),  # SPEC v3 §3.1: eol 2028-12-31
        (date(2027, 3, 30), 6, date(2027, 9, 30)),  # SPEC v3 §3.1: eol 2027-03-31
        (date(2026, 4, 30), 10, date(2027, 2, 28)),  # a 30-day month's end
        (date(2026, 3, 30), 11, date(2027, 2, 28)),  # clamped, not a month end
        (date(2026, 1, 30), 1, date(2026, 2, 28)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 12, 31), 0, date(2026, 12, 31)),
        (date(2026, 11, 15), 2, date(2027, 1, 15)),  # over a year's end
    ],
)
def test_add_months_table(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@given(DAYS, MONTHS)
def test_add_months_moves_by_whole_months(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day or day.day == month_length(day.year, day.month)


@given(DAYS, MONTHS)
def test_add_months_month_end_to_month_end(day: date, months: int) -> None:
    result = add_months(day, months)
    target_end = month_length(result.year, result.month)
    if day.day == month_length(day.year, day.month):
        assert result.day == target_end
    elif result.day == target_end:  # only a day the target month has as its last or lacks
        assert day.day >= target_end


@given(DAYS, MONTHS)
def test_add_months_keeps_a_day_the_target_month_has(day: date, months: int) -> None:
    result = add_months(day, months)
    if day.day < month_length(day.year, day.month) and day.day <= month_length(
        result.year, result.month
    ):
        assert result.day == day.day


@given(DAYS, MONTHS, MONTHS)
def test_add_months_composes_from_month_ends(day: date, first: int, second: int) -> None:
    end = date(day.year, day.month, month_length(day.year, day.month))
    assert add_months(add_months(end, first), second) == add_months(end, first + second)


@given(DAYS, MONTHS)
def test_add_months_is_monotonic(day: date, months: int) -> None:
    assert add_months(day, months) <= add_months(day + timedelta(days=1), months)


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=12))
def test_month_length_is_the_calendars(year: int, month: int) -> None:
    assert month_length(year, month) == calendar.monthrange(year, month)[1]
