"""The business clock (§1.2, §3.6, SPEC §3.4): weekends, opening/closing minutes, DST, holidays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from eol_check._data import data_dir
from eol_check._record import replace
from eol_check.business_hours import (
    BusinessCalendar,
    add_business_hours,
    add_elapsed_hours,
    business_calendar,
)
from eol_check.policy import Policy, Region, load_policy
from eol_check.sla import parse_reported_at as _moment

POLICY: Policy = load_policy(data_dir() / "policy.toml")
UTC = timezone.utc
MINUTE = timedelta(minutes=1)


def region(region_id: str) -> Region:
    return POLICY.region(region_id)


# (region, reported at, business hours, due): weekdays, weekends, opening and closing minutes,
# the 2026 DST weeks (US 03-08 / 11-01, EU 03-29 / 10-25), reported from another zone.
CASES = [
    # na: 08:00–20:00 America/New_York, 12 h a day
    ("na", "2026-01-14T10:00:00-05:00", 3, "2026-01-14T13:00:00-05:00"),
    ("na", "2026-01-14T08:00:00-05:00", 12, "2026-01-14T20:00:00-05:00"),  # opening → closing
    ("na", "2026-01-14T07:59:00-05:00", 1, "2026-01-14T09:00:00-05:00"),  # a minute before
    ("na", "2026-01-14T19:59:00-05:00", 1, "2026-01-15T08:59:00-05:00"),
    ("na", "2026-01-14T20:00:00-05:00", 1, "2026-01-15T09:00:00-05:00"),  # at closing
    ("na", "2026-01-14T19:00:00-05:00", 1, "2026-01-14T20:00:00-05:00"),  # lands on closing
    ("na", "2026-01-17T12:00:00-05:00", 3, "2026-01-19T11:00:00-05:00"),  # Saturday
    ("na", "2026-01-16T18:00:00-05:00", 3, "2026-01-19T09:00:00-05:00"),  # Friday evening
    ("na", "2026-01-14T23:30:00Z", 3, "2026-01-15T09:30:00-05:00"),  # reported in UTC
    ("na", "2026-03-06T18:00:00-05:00", 3, "2026-03-09T09:00:00-04:00"),  # over US spring DST
    ("na", "2026-03-06T08:00:00-05:00", 72, "2026-03-13T20:00:00-04:00"),
    ("na", "2026-03-08T02:30:00-05:00", 1, "2026-03-09T09:00:00-04:00"),  # Sunday of the change
    ("na", "2026-03-27T14:00:00+01:00", 1, "2026-03-27T10:00:00-04:00"),  # US on DST, EU not
    ("na", "2026-10-30T19:00:00-04:00", 3, "2026-11-02T10:00:00-05:00"),  # over US autumn DST
    ("na", "2026-10-30T08:00:00-04:00", 24, "2026-11-02T20:00:00-05:00"),
    ("na", "2026-11-01T01:30:00-05:00", 12, "2026-11-02T20:00:00-05:00"),  # the repeated hour
    # emea: 09:00–18:00 Europe/Berlin, 9 h a day
    ("emea", "2026-01-12T09:00:00+01:00", 9, "2026-01-12T18:00:00+01:00"),
    ("emea", "2026-01-12T18:00:00+01:00", 1, "2026-01-13T10:00:00+01:00"),
    ("emea", "2026-01-12T08:59:00+01:00", 0.5, "2026-01-12T09:30:00+01:00"),
    ("emea", "2026-01-18T23:59:00+01:00", 3, "2026-01-19T12:00:00+01:00"),  # Sunday night
    ("emea", "2026-03-27T17:00:00+01:00", 3, "2026-03-30T11:00:00+02:00"),  # over EU spring DST
    ("emea", "2026-03-27T12:00:00-04:00", 3, "2026-03-30T11:00:00+02:00"),  # same, from New York
    ("emea", "2026-03-28T10:00:00Z", 9, "2026-03-30T18:00:00+02:00"),
    ("emea", "2026-10-23T16:00:00+02:00", 24, "2026-10-28T13:00:00+01:00"),  # EU autumn DST
    ("emea", "2026-10-25T02:30:00+01:00", 1, "2026-10-26T10:00:00+01:00"),  # the repeated hour
    ("emea", "2026-03-06T23:00:00Z", 24, "2026-03-11T15:00:00+01:00"),  # US DST week
    # apac: 13:00–22:00 Asia/Singapore (+08:00, no DST)
    ("apac", "2026-01-12T12:59:00+08:00", 1, "2026-01-12T14:00:00+08:00"),
    ("apac", "2026-01-16T14:00:00Z", 1, "2026-01-19T14:00:00+08:00"),  # Friday at closing
    ("apac", "2026-01-18T05:00:00Z", 3, "2026-01-19T16:00:00+08:00"),  # Sunday
    ("apac", "2026-03-08T02:00:00-05:00", 9, "2026-03-09T22:00:00+08:00"),  # from NY, DST day
    ("apac", "2026-10-24T22:00:00+02:00", 72, "2026-11-04T22:00:00+08:00"),  # from Berlin
    # india: 11:00–20:00 Asia/Kolkata (+05:30)
    ("india", "2026-01-16T12:00:00Z", 9, "2026-01-19T17:30:00+05:30"),
    ("india", "2026-01-12T05:30:00Z", 9, "2026-01-12T20:00:00+05:30"),  # opening → closing
    ("india", "2026-01-12T14:30:00Z", 0.5, "2026-01-13T11:30:00+05:30"),  # at closing
    ("india", "2026-03-09T01:30:00-04:00", 72, "2026-03-18T20:00:00+05:30"),  # from NY, DST week
    ("india", "2026-10-24T12:00:00+02:00", 3, "2026-10-26T14:00:00+05:30"),  # Saturday, Berlin
]


@pytest.mark.parametrize(("region_id", "reported", "hours", "due"), CASES)
def test_add_business_hours(region_id: str, reported: str, hours: float, due: str) -> None:
    result = add_business_hours(_moment(reported), hours, region(region_id))
    assert result.isoformat() == due
    assert result.tzinfo == ZoneInfo(region(region_id).zone)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        ("2026-03-08T00:30:00-05:00", 2, "2026-03-08T03:30:00-04:00"),  # US spring: 1 h lost
        ("2026-11-01T00:30:00-04:00", 2, "2026-11-01T01:30:00-05:00"),  # US autumn: 1 h again
        ("2026-01-14T23:00:00Z", 4, "2026-01-14T22:00:00-05:00"),
    ],
)
def test_elapsed_hours_run_around_the_clock(start: str, hours: float, due: str) -> None:
    assert add_elapsed_hours(_moment(start), hours, region("na")).isoformat() == due


def test_a_day_of_hours_is_real_elapsed_time_on_dst_days() -> None:
    # Wall-clock hours, converted through the zone: the §1.2 regions are 12 h / 9 h even on the
    # Sunday of a change; a night shift that spans the change is an hour shorter or longer.
    night = BusinessCalendar("Europe/Berlin", time(1), time(5), range(7))
    start = datetime(2026, 3, 29, 1, tzinfo=ZoneInfo("Europe/Berlin"))
    assert night.add(start, 3).isoformat() == "2026-03-29T05:00:00+02:00"
    assert night.add(start, 3.5).isoformat() == "2026-03-30T01:30:00+02:00"
    autumn = datetime(2026, 10, 25, 1, tzinfo=ZoneInfo("Europe/Berlin"))
    assert night.add(autumn, 5).isoformat() == "2026-10-25T05:00:00+01:00"
    # Opening inside the spring-forward gap: the hours start when the clocks jump.
    gap = BusinessCalendar("America/New_York", time(2, 30), time(5), range(7))
    sunday = datetime(2026, 3, 8, tzinfo=ZoneInfo("America/New_York"))
    assert gap.clock_start(sunday).isoformat() == "2026-03-08T03:00:00-04:00"
    assert gap.add(sunday, 2).isoformat() == "2026-03-08T05:00:00-04:00"


HOLIDAYS = frozenset({date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31), date(2027, 1, 1)})


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        ("2026-12-23T17:00:00+01:00", 3, "2026-12-28T11:00:00+01:00"),
        ("2026-12-24T10:00:00+01:00", 1, "2026-12-28T10:00:00+01:00"),  # reported on a holiday
        ("2026-12-21T09:00:00+01:00", 90, "2027-01-07T18:00:00+01:00"),  # weeks skipped
        ("2026-12-21T09:00:00+01:00", 45, "2026-12-29T18:00:00+01:00"),
        ("2026-12-14T09:00:00+01:00", 450, "2027-02-25T18:00:00+01:00"),
    ],
)
def test_closed_dates_are_skipped(start: str, hours: float, due: str) -> None:
    emea = replace(region("emea"), closed_dates=HOLIDAYS)
    result = add_business_hours(_moment(start), hours, emea)
    assert result.isoformat() == due
    assert result.astimezone(UTC) == reference(_moment(start), round(hours * 60), emea)


def test_zero_hours_is_when_the_clock_starts() -> None:
    na = business_calendar(region("na"))
    inside = datetime(2026, 1, 14, 15, tzinfo=UTC).astimezone(ZoneInfo("America/New_York"))
    assert na.clock_start(datetime(2026, 1, 14, 15, tzinfo=UTC)) == inside
    assert na.is_open(inside)
    assert not na.is_open(datetime(2026, 1, 15, 1, tzinfo=UTC))  # 20:00 in New York: closed
    assert na.clock_start(datetime(2026, 1, 15, 1, tzinfo=UTC)).isoformat() == (
        "2026-01-15T08:00:00-05:00"
    )


def test_long_spans_cost_whole_weeks_not_hours() -> None:
    # 10,000 business hours: a jump over ~166 weeks, then a few days (answers at once).
    start = datetime(2026, 1, 12, 8, tzinfo=ZoneInfo("America/New_York"))
    due = add_business_hours(start, 10_000, region("na"))
    assert due.isoformat() == "2029-03-22T12:00:00-04:00"
    assert due.astimezone(UTC) == reference(
        start, 10_000 * 60, region("na"), step=timedelta(hours=1)
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: add_business_hours(datetime(2026, 1, 1), 1, region("na")), "timezone-aware"),
        (lambda: add_business_hours(datetime(2026, 1, 1, tzinfo=UTC), -1, region("na")), "≥ 0"),
        (
            lambda: add_business_hours(
                datetime(2026, 1, 1, tzinfo=UTC), float("nan"), region("na")
            ),
            "finite",
        ),
        (lambda: BusinessCalendar("UTC", time(9), time(9), range(5)), "after opens"),
        (
            lambda: add_business_hours(datetime(2026, 1, 1, tzinfo=UTC), 1e9, region("na")),
            "beyond year 9999",
        ),
        (
            lambda: add_business_hours(datetime(2026, 1, 1, tzinfo=UTC), 1e300, region("na")),
            "beyond year 9999",
        ),
        (
            lambda: add_elapsed_hours(datetime(9999, 12, 31, tzinfo=UTC), 48, region("na")),
            "beyond year 9999",
        ),
        (lambda: BusinessCalendar("UTC", time(9), time(17), []), "non-empty"),
    ],
)
def test_bad_arguments_are_refused(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


# -- a minute-by-minute reference -----------------------------------------------------------------


def reference(start: datetime, minutes: int, where: Region, step: timedelta = MINUTE) -> datetime:
    """Count open minutes one by one: a minute is open when its local wall-clock time is on an
    open work day, at or after opening and before closing."""
    zone = ZoneInfo(where.zone)

    def is_open(t: datetime) -> bool:
        local = t.astimezone(zone)
        return (
            local.weekday() in where.workdays
            and local.date() not in where.closed_dates
            and where.opens <= local.time() < where.closes
        )

    t = start.astimezone(UTC)
    while not is_open(t):
        t += step
    counted = 0
    while counted < minutes:
        if is_open(t):
            counted += step // MINUTE
        t += step
    return t


ZONES = [
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Lord_Howe",  # a 30-minute DST change
    "America/St_Johns",  # -03:30, DST
    "Europe/Dublin",  # "negative" DST in tzdata
]
DST_DATES = [
    date(2026, 3, 8),
    date(2026, 11, 1),
    date(2026, 3, 29),
    date(2026, 10, 25),
    date(2026, 4, 5),
    date(2026, 10, 4),
]
QUARTERS = st.integers(0, 24 * 4 - 1).map(lambda q: time(q // 4, q % 4 * 15))
DAYS = st.one_of(
    st.sampled_from(DST_DATES).flatmap(
        lambda d: st.integers(-8, 2).map(lambda n: d + timedelta(days=n))
    ),
    st.dates(date(2026, 1, 1), date(2026, 12, 31)),
)


@st.composite
def regions(draw: st.DrawFn) -> Region:
    """A §1.2 region, or an invented one: any zone, quarter-hour hours, some work days, holidays."""
    if draw(st.booleans()):
        return region(draw(st.sampled_from(["na", "emea", "apac", "india"])))
    opens, closes = sorted(draw(st.lists(QUARTERS, min_size=2, max_size=2, unique=True)))
    workdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
    hours = (closes.hour * 60 + closes.minute - opens.hour * 60 - opens.minute) / 60
    assume(hours * len(workdays) >= 10)  # keeps the reference's walk short
    return Region(
        id="x",
        name="Invented",
        zone=draw(st.sampled_from(ZONES)),
        opens=opens,
        closes=closes,
        workdays=workdays,
        closed_dates=draw(st.frozensets(DAYS, max_size=6)),
    )


def is_repeated(day: date, wall: time, zone: ZoneInfo) -> bool:
    """True when `wall` occurs twice on `day` (a fall-back repeat)."""
    first = datetime.combine(day, wall, zone)
    second = first.replace(fold=1)
    return first.utcoffset() != second.utcoffset() and all(
        d.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == d.replace(tzinfo=None)
        for d in (first, second)
    )


@settings(max_examples=150, deadline=None)
@given(
    where=regions(),
    day=DAYS,
    minute=st.integers(0, 24 * 60 - 1),
    reported_in=st.sampled_from([*ZONES, "UTC"]),
    quarters=st.integers(0, 30 * 4),
)
def test_agrees_with_a_minute_by_minute_reference(
    where: Region, day: date, minute: int, reported_in: str, quarters: int
) -> None:
    zone = ZoneInfo(where.zone)
    # The one place the models differ on purpose: an opening or closing time that occurs twice
    # is taken once (at its first occurrence) by the calendar, twice by the reference.
    for d in (day + timedelta(days=n) for n in range(-1, 60)):
        assume(not is_repeated(d, where.opens, zone) and not is_repeated(d, where.closes, zone))
    start = datetime.combine(day, time(minute // 60, minute % 60), ZoneInfo(reported_in))
    due = add_business_hours(start, quarters / 4, where)
    # (compared in UTC: PEP 495 makes a repeated local time unequal to any other zone's)
    assert due.astimezone(UTC) == reference(start, quarters * 15, where)
    assert due.tzinfo == zone
