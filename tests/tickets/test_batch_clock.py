"""The batch clock against its oracle, the per-call clock (SPEC §9 "Scale", §3.4).

Random starts across daylight-saving weeks and closed days, for every region, every severity's
targets and both coverages; then one agreement run on 100,000 random starts.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eol_check._data import data_dir
from eol_check.business_hours import BusinessCalendar, add_elapsed_hours, business_calendar
from eol_check.policy import Clock, Coverage, Policy, load_policy
from eol_check.tickets.batch_clock import BatchClock, ElapsedClock, micros, moment

POLICY: Policy = load_policy(data_dir() / "policy.toml")
UTC = timezone.utc

#: Calendars beyond the policy's own: public holidays, closed dates, hours across a DST change
#: (Berlin's 02:00 → 03:00 and 03:00 → 02:00; New York's midnight hours), a Sunday work day.
EXTRA = {
    "na+US-NY": BusinessCalendar("America/New_York", time(8), time(20), range(5), holidays="US-NY"),
    "emea+DE-BY+dates": BusinessCalendar(
        "Europe/Berlin",
        time(9),
        time(18),
        range(5),
        closed_dates=[date(2026, 12, 24), date(2026, 12, 31), date(2027, 1, 4)],
        holidays="DE-BY",
    ),
    "berlin-night": BusinessCalendar("Europe/Berlin", time(1, 30), time(4), range(7)),
    "newyork-night": BusinessCalendar("America/New_York", time(0, 30), time(3, 15), (6, 0, 1)),
    "india-sun-fri": BusinessCalendar("Asia/Kolkata", time(11), time(20), (6, 0, 1, 2, 3, 4)),
}
CALENDARS = {
    **{region.id: business_calendar(region) for region in POLICY.regions},
    **EXTRA,
}


def _targets() -> list[float]:
    """Every number of hours a §3.6 target counts, on any region's clock (plus 0: clock start)."""
    hours = {0.0}
    for targets in POLICY.severities:
        for value in (
            targets.response_hours,
            targets.update_hours,
            targets.workaround_hours,
            targets.workaround_target_hours,
        ):
            if value is not None:
                hours.add(float(value))
        if targets.update_business_days is not None:
            for region in POLICY.regions:
                hours.add(targets.update_business_days * region.daily_hours)
    return sorted(hours)


TARGETS = _targets()
#: 2025-01-01 to 2028-12-31: four years of DST changes and holidays.
LOW = micros(datetime(2025, 1, 1, tzinfo=UTC))
HIGH = micros(datetime(2028, 12, 31, tzinfo=UTC))
#: Moments that hug the edges: whole hours and minutes, as tickets are often written.
starts = st.one_of(
    st.integers(LOW, HIGH),
    st.integers(LOW // 60_000_000, HIGH // 60_000_000).map(lambda m: m * 60_000_000),
    st.integers(LOW // 3_600_000_000, HIGH // 3_600_000_000).map(lambda h: h * 3_600_000_000),
)


def _oracle(calendar: BusinessCalendar, start_us: int, hours: float) -> int:
    return micros(calendar.add(moment(start_us), hours))


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(CALENDARS)),
    hours=st.sampled_from(TARGETS) | st.floats(0, 400, allow_nan=False),
    batch=st.lists(starts, min_size=1, max_size=40),
)
def test_batch_deadlines_are_the_per_call_deadlines(
    name: str, hours: float, batch: list[int]
) -> None:
    calendar = CALENDARS[name]
    got = BatchClock(calendar).add(np.array(batch, np.int64), hours)
    assert got.tolist() == [_oracle(calendar, start, hours) for start in batch]


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(sorted(CALENDARS)),
    hours=st.sampled_from(TARGETS),
    batch=st.lists(starts, min_size=1, max_size=20),
)
def test_positions_count_business_time(name: str, hours: float, batch: list[int]) -> None:
    """position(add(t, h)) − position(t) is h: late minutes are counted on the same clock."""
    clock = BatchClock(CALENDARS[name])
    start = np.array(batch, np.int64)
    due = clock.add(start, hours)
    span = timedelta(hours=hours) // timedelta(microseconds=1)
    assert (clock.position(due) - clock.position(start) == span).all()


@settings(max_examples=100, deadline=None)
@given(
    severity=st.sampled_from([t.severity for t in POLICY.severities]),
    coverage=st.sampled_from(list(Coverage)),
    region=st.sampled_from([r.id for r in POLICY.regions]),
    batch=st.lists(starts, min_size=1, max_size=20),
)
def test_every_severity_and_coverage_on_its_clock(
    severity: object, coverage: Coverage, region: str, batch: list[int]
) -> None:
    targets = next(t for t in POLICY.severities if t.severity is severity)
    where = POLICY.region(region)
    on = targets.clock_for(coverage)
    clock = BatchClock(business_calendar(where)) if on is Clock.BUSINESS else ElapsedClock()
    got = clock.add(np.array(batch, np.int64), targets.response_hours).tolist()
    if on is Clock.BUSINESS:
        want = [_oracle(business_calendar(where), s, targets.response_hours) for s in batch]
    else:
        want = [micros(add_elapsed_hours(moment(s), targets.response_hours, where)) for s in batch]
    assert got == want


def test_the_table_grows_past_a_long_closure() -> None:
    """Closed days ahead that the first guess of the table did not reach."""
    closed = [date(2026, 6, 1) + timedelta(days=n) for n in range(120)]
    calendar = BusinessCalendar("Europe/Berlin", time(9), time(18), range(5), closed)
    start = micros(datetime(2026, 5, 29, 12, tzinfo=UTC))
    got = BatchClock(calendar).add(np.array([start], np.int64), 72)
    assert got.tolist() == [_oracle(calendar, start, 72)]
    assert moment(int(got[0])).date() > date(2026, 9, 28)


def test_negative_hours_are_refused() -> None:
    with pytest.raises(ValueError, match=r"hours must be a finite number ≥ 0, got -1"):
        BatchClock(CALENDARS["na"]).add(np.array([LOW], np.int64), -1)


def test_agreement_on_100000_random_starts() -> None:
    """The done-when of issue 24: 100,000 random starts, every calendar and target."""
    rng = np.random.default_rng(24)
    names = sorted(CALENDARS)
    per = 100_000 // (len(names) * len(TARGETS)) + 1
    checked = 0
    for name in names:
        calendar = CALENDARS[name]
        clock = BatchClock(calendar)
        for hours in TARGETS:
            batch = rng.integers(LOW, HIGH, per, dtype=np.int64)
            batch[: per // 3] -= batch[: per // 3] % 60_000_000  # some on whole minutes
            got = clock.add(batch, hours).tolist()
            want = [_oracle(calendar, int(s), hours) for s in batch]
            assert got == want, (name, hours)
            checked += per
    assert checked >= 100_000
