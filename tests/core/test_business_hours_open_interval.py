"""`BusinessCalendar.open_interval` (added for the batch clock, SPEC §9): a local day's opening
and closing in UTC, or None when the day is not a business day (§1.2, SPEC §3.4)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest

from eol_check.business_hours import BusinessCalendar

UTC = timezone.utc

# New York, 08:00–20:00, Monday to Friday, closed on Friday 2026-07-03 (Independence Day,
# observed) by a listed date.
NA = BusinessCalendar(
    "America/New_York", time(8), time(20), range(5), closed_dates=[date(2026, 7, 3)]
)


@pytest.mark.parametrize(
    ("day", "interval"),
    [
        # A winter Monday: EST, UTC−5.
        (date(2026, 3, 2), ("2026-03-02T13:00:00", "2026-03-03T01:00:00")),
        # The Monday after the clocks went forward: EDT, UTC−4.
        (date(2026, 3, 9), ("2026-03-09T12:00:00", "2026-03-10T00:00:00")),
        (date(2026, 7, 2), ("2026-07-02T12:00:00", "2026-07-03T00:00:00")),
        (date(2026, 7, 3), None),  # a closed date
        (date(2026, 3, 7), None),  # Saturday
        (date(2026, 3, 8), None),  # Sunday
    ],
)
def test_a_days_opening_and_closing(day: date, interval: tuple[str, str] | None) -> None:
    got = NA.open_interval(day)
    if interval is None:
        assert got is None
        return
    assert got == tuple(datetime.fromisoformat(t).replace(tzinfo=UTC) for t in interval)
    assert got is not None
    assert all(t.utcoffset() == UTC.utcoffset(None) for t in got)
