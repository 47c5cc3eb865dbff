"""The batch clock's edges, exactly (SPEC §9 "Scale", §3.4): the microsecond conversions, the
24/7 clock, refusals word for word, empty batches, a clock of zero hours, and deadlines on an
opening or a closing time. Written to kill the mutants of `eol_check.tickets.batch_clock` that
the property tests let through (docs/architecture.md, "Mutation testing")."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from eol_check.business_hours import BusinessCalendar
from eol_check.tickets.batch_clock import (
    BatchClock,
    ElapsedClock,
    Micros,
    hours_micros,
    micros,
    moment,
)

UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")
HOUR = 3_600_000_000


def at(text: str) -> int:
    return micros(datetime.fromisoformat(text))


def batch(*texts: str) -> Micros:
    return np.array([at(t) for t in texts], np.int64)


def shown(values: Micros) -> list[str]:
    return [moment(int(v), NEW_YORK).isoformat() for v in values]


# New York, 08:00–20:00, Monday to Friday.
NA = BusinessCalendar("America/New_York", time(8), time(20), range(5))


def test_microseconds_since_the_epoch() -> None:
    assert micros(datetime(1970, 1, 1, tzinfo=UTC)) == 0
    assert micros(datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC)) == 1
    assert micros(datetime(1969, 12, 31, 19, tzinfo=timezone(timedelta(hours=-5)))) == 0
    assert micros(datetime(2026, 1, 1, tzinfo=UTC)) == 1_767_225_600_000_000
    assert moment(1) == datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC)
    assert moment(1).tzinfo is UTC
    assert moment(1_767_225_600_000_000, NEW_YORK).isoformat() == "2025-12-31T19:00:00-05:00"
    assert moment(int(np.int64(HOUR))).isoformat() == "1970-01-01T01:00:00+00:00"
    # The last microsecond of year 9999: exact, beyond what a float holds (2**53 µs is 2255).
    last = datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)
    assert micros(last) == 253_402_300_799_999_999
    assert moment(253_402_300_799_999_999) == last


@pytest.mark.parametrize(
    ("hours", "us"),
    [
        (0, 0),
        (1, HOUR),
        (1.5, 5_400_000_000),
        (1 / 3, 1_200_000_000),
        (1e-10, 0),
        (4e-10, 1),
        # Beyond 2**53 µs, exact as an integer, where a float would round.
        (2_900_000.3, 10_440_001_079_999_999),
    ],
)
def test_hours_are_rounded_as_timedelta_rounds_them(hours: float, us: int) -> None:
    assert hours_micros(hours) == us == timedelta(hours=hours) // timedelta(microseconds=1)


def test_the_elapsed_clock_counts_every_microsecond() -> None:
    clock = ElapsedClock()
    starts = batch("2026-03-07T22:00:00-05:00", "2026-03-08T01:30:00-05:00")
    deadlines = clock.add(starts, 4)
    assert deadlines.dtype == np.int64
    # Across New York's spring-forward: four elapsed hours, five on the wall clock.
    # 22:00 EST + 4 h = 02:00 EST, which the clocks call 03:00 EDT.
    assert shown(deadlines) == ["2026-03-08T03:00:00-04:00", "2026-03-08T06:30:00-04:00"]
    assert clock.position(starts) is starts


@pytest.mark.parametrize("hours", [-1.0, -1e-9, float("nan"), float("inf")])
def test_hours_that_are_not_a_finite_number_at_least_zero_are_refused(hours: float) -> None:
    with pytest.raises(ValueError, match=r"^hours must be") as caught:
        BatchClock(NA).add(batch("2026-03-02T09:00:00-05:00"), hours)
    assert str(caught.value) == f"hours must be a finite number ≥ 0, got {hours!r}"


def test_an_empty_batch_answers_empty() -> None:
    clock = BatchClock(NA)
    empty = np.zeros(0, np.int64)
    for answer in (clock.add(empty, 5), clock.position(empty)):
        assert answer.dtype == np.int64
        assert answer.shape == (0,)


def test_zero_hours_is_the_clock_start() -> None:
    clock = BatchClock(NA)
    starts = batch(
        "2026-03-02T09:15:00-05:00",  # Monday within hours: itself
        "2026-03-02T08:00:00-05:00",  # on the opening: itself
        "2026-03-02T20:00:00-05:00",  # on the closing: Tuesday's opening
        "2026-03-06T21:00:00-05:00",  # Friday night: Monday's opening (after spring-forward)
    )
    assert shown(clock.add(starts, 0)) == [
        "2026-03-02T09:15:00-05:00",
        "2026-03-02T08:00:00-05:00",
        "2026-03-03T08:00:00-05:00",
        "2026-03-09T08:00:00-04:00",
    ]


def test_a_deadline_on_a_closing_time_stays_there() -> None:
    clock = BatchClock(NA)
    starts = batch(
        "2026-03-02T08:00:00-05:00",  # 12 h from the opening: Monday's closing
        "2026-03-02T19:00:00-05:00",  # 1 h before closing: 12 h is Tuesday 19:00
        "2026-03-06T20:00:00-05:00",  # Friday's closing: Monday 20:00, after spring-forward
        "2026-03-07T12:00:00-05:00",  # Saturday: from Monday's opening
    )
    assert shown(clock.add(starts, 12)) == [
        "2026-03-02T20:00:00-05:00",
        "2026-03-03T19:00:00-05:00",
        "2026-03-09T20:00:00-04:00",
        "2026-03-09T20:00:00-04:00",
    ]
    # A minute more moves each to the next day's first minute.
    assert shown(clock.add(starts, 12 + 1 / 60))[0] == "2026-03-03T08:01:00-05:00"


def test_positions_count_business_time_between_moments() -> None:
    clock = BatchClock(NA)
    moments = batch(
        "2026-03-02T08:00:00-05:00",
        "2026-03-02T10:30:00-05:00",
        "2026-03-02T23:00:00-05:00",  # outside hours: counts as Tuesday's opening
        "2026-03-03T08:00:00-05:00",
        "2026-03-09T08:00:00-04:00",  # a week of five 12-hour days later
    )
    position = clock.position(moments)
    # One moment alone: the same position as in the batch.
    assert clock.position(moments[1:2]).tolist() == [int(position[1])]
    assert [int(p - position[0]) for p in position] == [
        0,
        int(2.5 * HOUR),
        12 * HOUR,
        12 * HOUR,
        60 * HOUR,
    ]


def test_a_long_closure_grows_the_table() -> None:
    # Closed for 200 days from 2026-03-02: far more than the table first guesses.
    closed = [datetime(2026, 3, 2).date() + timedelta(days=d) for d in range(200)]
    calendar = BusinessCalendar(
        "America/New_York", time(8), time(20), range(5), closed_dates=closed
    )
    clock = BatchClock(calendar)
    starts = batch("2026-03-02T09:00:00-05:00", "2026-03-01T09:00:00-05:00")
    deadlines = clock.add(starts, 1)
    expected = calendar.add(datetime.fromisoformat("2026-03-02T09:00:00-05:00"), 1)
    assert shown(deadlines) == [expected.astimezone(NEW_YORK).isoformat()] * 2
    assert shown(deadlines)[0] == "2026-09-18T09:00:00-04:00"


def test_the_table_is_dated_in_the_calendars_zone_not_the_machines() -> None:
    # Pago Pago (UTC−11), open 08:00–23:45 on work days. At 23:30 on Monday 2 March it is
    # 10:30 UTC on Tuesday, and already Wednesday 00:15 in Pacific/Chatham (UTC+13:45), the
    # zone of CI's second pass: a table laid out from the machine's date would start too late.
    pago = BusinessCalendar("Pacific/Pago_Pago", time(8), time(23, 45), range(5))
    clock = BatchClock(pago)
    starts = np.array([micros(datetime(2026, 3, 3, 10, 30, tzinfo=UTC))], np.int64)
    zone = ZoneInfo("Pacific/Pago_Pago")
    assert [moment(int(t), zone).isoformat() for t in clock.add(starts, 0)] == [
        "2026-03-02T23:30:00-11:00"
    ]
    assert [moment(int(t), zone).isoformat() for t in BatchClock(pago).add(starts, 0.25)] == [
        "2026-03-02T23:45:00-11:00"
    ]


def test_a_later_batch_extends_the_table_both_ways() -> None:
    # Moments a year after and a year before a first batch: the business time between them (a
    # difference of positions from one call: a position counts from the table's start) is what a
    # fresh clock counts.
    one = batch("2026-03-02T08:00:00-05:00")
    later = batch("2027-03-01T08:00:00-05:00")
    earlier = batch("2025-03-03T08:00:00-05:00")
    clock = BatchClock(NA)
    clock.position(one)
    after = clock.position(np.concatenate([one, later]))
    ahead = int(after[1] - after[0])
    before = clock.position(np.concatenate([earlier, one]))
    behind = int(before[1] - before[0])
    fresh = BatchClock(NA).position(np.concatenate([earlier, one, later]))
    assert ahead == int(fresh[2] - fresh[1])
    assert behind == int(fresh[1] - fresh[0])
    assert ahead == 52 * 60 * HOUR  # 52 weeks of five 12-hour days (no closed days listed)
