"""The batch clock's table, pinned (SPEC §9 "Scale", issue 26): sized by what the questions
reach, never by a guess, so that no constant in it can change without a test noticing.

The promise: the table starts on the earliest moment's local day (in the calendar's zone) and
doubles its days (1, 2, 4, 8, …) until every moment has an interval open after it and every
deadline falls inside; an earlier moment later rebuilds it from that day, keeping the end. And
the answers on a fresh table's edges: a first day that is closed, a start on the only closing
the table holds, a deadline on its last closing. Berlin, 09:00–18:00, Monday to Friday (+01:00);
2026-03-02 is a Monday.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from eol_check.business_hours import BusinessCalendar, CalendarOverflow
from eol_check.tickets.batch_clock import BatchClock, Micros, micros, moment

BERLIN = ZoneInfo("Europe/Berlin")
EMEA = BusinessCalendar("Europe/Berlin", time(9), time(18), range(5))
MONDAY = date(2026, 3, 2)


def batch(*texts: str) -> Micros:
    return np.array([micros(datetime.fromisoformat(t)) for t in texts], np.int64)


def shown(values: Micros) -> list[str]:
    return [moment(int(v), BERLIN).isoformat() for v in values]


def table(clock: BatchClock) -> tuple[date, int, int]:
    """The table's first day, its number of days, and its number of open intervals."""
    return clock._first, (clock._last - clock._first).days + 1, len(clock._opens)


def test_the_table_doubles_until_the_deadline_fits() -> None:
    clock = BatchClock(EMEA)
    start = batch("2026-03-02T09:00:00+01:00")
    assert shown(clock.add(start, 1)) == ["2026-03-02T10:00:00+01:00"]
    assert table(clock) == (MONDAY, 1, 1)
    # Ending on Monday's closing: still Monday alone (a deadline on the last closing fits).
    assert shown(clock.add(start, 9)) == ["2026-03-02T18:00:00+01:00"]
    assert table(clock) == (MONDAY, 1, 1)
    assert shown(clock.add(start, 10)) == ["2026-03-03T10:00:00+01:00"]
    assert table(clock) == (MONDAY, 2, 2)
    # 37 h: Monday to Thursday is 36 h; four days do not hold it, eight (to Monday 03-09) do.
    assert shown(clock.add(start, 37)) == ["2026-03-06T10:00:00+01:00"]
    assert table(clock) == (MONDAY, 8, 6)
    # An earlier moment: from Sunday 03-01, keeping the end.
    assert clock.position(batch("2026-03-01T12:00:00+01:00")).tolist() == [0]
    assert table(clock) == (MONDAY - timedelta(days=1), 9, 6)
    # Positions count from the table's (new) start: Monday's opening is still 0 business time.
    assert clock.position(
        batch("2026-03-02T09:00:00+01:00", "2026-03-09T09:30:00+01:00")
    ).tolist() == [
        0,
        (45 * 60 + 30) * 60_000_000,
    ]
    assert table(clock) == (MONDAY - timedelta(days=1), 9, 6)


def test_a_first_day_that_is_closed() -> None:
    """Saturday: no interval on it, none on Sunday; four days reach Monday."""
    clock = BatchClock(EMEA)
    saturday = batch("2026-03-07T10:00:00+01:00")
    assert shown(clock.add(saturday, 0)) == ["2026-03-09T09:00:00+01:00"]
    assert table(clock) == (date(2026, 3, 7), 4, 2)
    fresh = BatchClock(EMEA)
    assert shown(fresh.add(saturday, 2)) == ["2026-03-09T11:00:00+01:00"]
    assert fresh.position(saturday).tolist() == [0]


@pytest.mark.parametrize(
    ("start", "hours", "deadline", "days"),
    [
        # On the closing, the only one the table holds: the clock starts next day.
        ("2026-03-02T18:00:00+01:00", 0, "2026-03-03T09:00:00+01:00", 2),
        ("2026-03-02T18:00:00+01:00", 1, "2026-03-03T10:00:00+01:00", 2),
        # One µs before it: still Monday's.
        ("2026-03-02T17:59:59.999999+01:00", 0, "2026-03-02T17:59:59.999999+01:00", 1),
        ("2026-03-02T08:59:59+01:00", 0, "2026-03-02T09:00:00+01:00", 1),
        # Friday after closing: the weekend, then Monday (four days: Friday to Monday).
        ("2026-03-06T19:00:00+01:00", 9, "2026-03-09T18:00:00+01:00", 4),
    ],
)
def test_a_fresh_tables_edges(start: str, hours: float, deadline: str, days: int) -> None:
    clock = BatchClock(EMEA)
    assert shown(clock.add(batch(start), hours)) == [deadline]
    assert table(clock)[1] == days


def test_the_table_is_dated_in_the_calendars_zone() -> None:
    """Monday 23:30 in Pago Pago (UTC−11) is Tuesday in UTC and Wednesday in Chatham: the
    table starts on Monday, the calendar's day, and holds Monday's late hours."""
    pago = BusinessCalendar("Pacific/Pago_Pago", time(8), time(23, 45), range(5))
    clock = BatchClock(pago)
    start = np.array([micros(datetime(2026, 3, 3, 10, 30, tzinfo=timezone.utc))], np.int64)
    # 15 h 30 of Monday's hours (from 08:00) before it: counted from Monday's opening.
    assert clock.position(start).tolist() == [(15 * 60 + 30) * 60_000_000]
    assert table(clock) == (MONDAY, 1, 1)
    assert clock.add(start, 0.25).tolist() == [int(start[0]) + 15 * 60_000_000]


def test_a_deadline_beyond_year_9999_is_refused() -> None:
    clock = BatchClock(EMEA)
    start = batch("9999-12-20T09:00:00+01:00")
    assert shown(clock.add(start, 9)) == ["9999-12-20T18:00:00+01:00"]
    with pytest.raises(CalendarOverflow) as caught:
        clock.add(start, 9 * 30)
    assert str(caught.value) == "a deadline of the batch clock is beyond year 9999"


def test_answers_are_int64_microseconds() -> None:
    """Moments are int64 µs (the module's promise): a float64 table would round past 2**53."""
    clock = BatchClock(EMEA)
    starts = batch("2026-03-07T10:00:00+01:00", "2026-03-02T09:30:00+01:00")
    for got in (clock.add(starts, 0), clock.add(starts, 30), clock.position(starts)):
        assert got.dtype == np.int64
    assert clock._through.dtype == clock._before.dtype == np.int64


def test_a_fresh_table_is_empty_and_the_last_day_is_refused() -> None:
    clock = BatchClock(EMEA)
    assert (clock._first, clock._last, len(clock._opens), len(clock._through)) == (
        date.max,
        date.min,
        0,
        0,
    )
    # The empty table is dated 9999-12-31, so a first question on that very day finds no table
    # and cannot grow one: refused as beyond year 9999, one day early (an edge no log reaches:
    # ticket times end at 2999-12-31; the clock before this change crashed on it).
    last = batch("9999-12-31T10:00:00+01:00")
    with pytest.raises(CalendarOverflow) as caught:
        clock.add(last, 1)
    assert str(caught.value) == "a deadline of the batch clock is beyond year 9999"


def test_a_batch_across_a_long_closure() -> None:
    """One start before a 60-day closure and one inside it: the table must reach past the
    closure for the second (the guessed table of before ended four weeks after the last start,
    inside the closure, and indexed past its end: an IndexError, exit 70 in the CLI)."""
    closed = [MONDAY + timedelta(days=d) for d in range(60)]
    calendar = BusinessCalendar("Europe/Berlin", time(9), time(18), range(5), closed_dates=closed)
    starts = batch("2026-02-27T10:00:00+01:00", "2026-03-03T10:00:00+01:00")
    expected = [
        calendar.add(datetime.fromisoformat(t), 1).astimezone(BERLIN).isoformat()
        for t in ("2026-02-27T10:00:00+01:00", "2026-03-03T10:00:00+01:00")
    ]
    assert shown(BatchClock(calendar).add(starts, 1)) == expected
    assert expected == ["2026-02-27T11:00:00+01:00", "2026-05-01T10:00:00+02:00"]
    # Both count from Friday's opening: 1 h, then Friday's other 8 h (the next opening is May).
    assert BatchClock(calendar).position(starts).tolist() == [3_600_000_000, 9 * 3_600_000_000]
