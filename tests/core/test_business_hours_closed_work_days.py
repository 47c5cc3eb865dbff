"""`BusinessCalendar.closed_work_days`: the closed days that moved a clock (SPEC §3.4), named by
`sla` — both ends included, only work days, sorted, across a new year."""

from __future__ import annotations

from datetime import date, time

from eol_check.business_hours import BusinessCalendar

# Berlin, Monday to Friday, closed on Thursday 2026-12-31, Friday 2027-01-01, Saturday 2027-01-02
# (not a work day), Monday 2027-01-04 and Monday 2026-12-07; listed out of order.
CLOSED = [
    date(2027, 1, 4),
    date(2026, 12, 31),
    date(2027, 1, 2),
    date(2027, 1, 1),
    date(2026, 12, 7),
]


def calendar() -> BusinessCalendar:
    return BusinessCalendar("Europe/Berlin", time(9), time(18), range(5), CLOSED)


def test_both_ends_are_included_across_the_new_year() -> None:
    got = calendar().closed_work_days(date(2026, 12, 31), date(2027, 1, 4))
    assert got == [date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 4)]


def test_days_outside_the_range_are_left_out() -> None:
    cal = calendar()
    assert cal.closed_work_days(date(2027, 1, 1), date(2027, 1, 3)) == [date(2027, 1, 1)]
    assert cal.closed_work_days(date(2026, 12, 8), date(2026, 12, 30)) == []
    assert cal.closed_work_days(date(2027, 1, 2), date(2027, 1, 2)) == []  # a Saturday
    assert cal.closed_work_days(date(2026, 12, 7), date(2026, 12, 7)) == [date(2026, 12, 7)]


def test_only_the_years_asked_for_are_read() -> None:
    """A long-lived process (serve) keeps a year's closed days once read: a question about
    December 2026 to January 2027 reads those two years, not the years before or after."""
    cal = calendar()
    cal.closed_work_days(date(2026, 12, 1), date(2027, 1, 31))
    assert sorted(cal._closed) == [2026, 2027]
    one = calendar()
    one.closed_work_days(date(2026, 12, 1), date(2026, 12, 31))
    assert sorted(one._closed) == [2026]
