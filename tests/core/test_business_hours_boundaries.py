"""Business hours at their edges (SPEC §3.4, §1.2): boundary instants in zones other than the
machine's, weekends and closed days through every public entry, long spans across daylight-saving
days and closed month starts, the spring-forward search, and each refusal with its message.

The long spans are checked against a day-by-day reference below: each day's hours are its real
opening and closing moments (zoneinfo), counted one day at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from eol_check.business_hours import BusinessCalendar, CalendarOverflow, add_elapsed_hours
from eol_check.policy import Region

UTC = timezone.utc
DAY = timedelta(days=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# -- boundaries of one day, in zones far from UTC -------------------------------------------------

# 09:00–17:00 Monday to Friday, closed on a Wednesday, in zones whose local date differs from UTC's
# at opening or closing (the machine's zone must play no part).
CLOSED = date(2026, 1, 14)  # a Wednesday


def calendar(zone: str) -> BusinessCalendar:
    return BusinessCalendar(zone, time(9), time(17), range(5), closed_dates=[CLOSED])


ZONES = ["Pacific/Chatham", "Pacific/Kiritimati", "America/Adak", "Asia/Kathmandu", "UTC"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("local", "is_open"),
    [
        ("2026-01-13T09:00:00", True),  # Tuesday: opening included
        ("2026-01-13T08:59:59.999999", False),
        ("2026-01-13T16:59:59.999999", True),
        ("2026-01-13T17:00:00", False),  # closing not included
        ("2026-01-13T00:00:00", False),  # midnight
        ("2026-01-12T23:59:59", False),
        ("2026-01-14T10:00:00", False),  # the closed Wednesday, inside its hours
        ("2026-01-15T10:00:00", True),
        ("2026-01-17T10:00:00", False),  # Saturday
        ("2026-01-18T10:00:00", False),  # Sunday
        ("2026-01-19T10:00:00", True),  # Monday
    ],
)
def test_is_open_at_the_edges(zone: str, local: str, is_open: bool) -> None:
    t = at(local).replace(tzinfo=ZoneInfo(zone))
    cal = calendar(zone)
    assert cal.is_open(t) is is_open
    # The same instant given in other zones is the same answer.
    for shown in ("UTC", "Pacific/Chatham", "America/Adak"):
        assert cal.is_open(t.astimezone(ZoneInfo(shown))) is is_open


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("local", "starts"),
    [
        ("2026-01-13T09:00:00", "2026-01-13T09:00:00"),
        ("2026-01-13T08:59:59", "2026-01-13T09:00:00"),
        ("2026-01-13T00:00:00", "2026-01-13T09:00:00"),  # midnight: that day's opening
        ("2026-01-13T16:59:00", "2026-01-13T16:59:00"),
        ("2026-01-13T17:00:00", "2026-01-15T09:00:00"),  # closing: past the closed Wednesday
        ("2026-01-14T12:00:00", "2026-01-15T09:00:00"),  # on the closed day
        ("2026-01-16T17:00:00", "2026-01-19T09:00:00"),  # Friday closing: Monday's opening
        ("2026-01-17T09:00:00", "2026-01-19T09:00:00"),  # Saturday
        ("2026-01-18T23:59:59", "2026-01-19T09:00:00"),  # Sunday night
    ],
)
def test_clock_start_at_the_edges(zone: str, local: str, starts: str) -> None:
    tz = ZoneInfo(zone)
    got = calendar(zone).clock_start(at(local).replace(tzinfo=tz).astimezone(UTC))
    assert got == at(starts).replace(tzinfo=tz)
    assert got.tzinfo is tz  # shown in the calendar's zone, not the machine's


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("local", "hours", "due"),
    [
        ("2026-01-13T16:00:00", 1, "2026-01-13T17:00:00"),  # lands on closing: stays there
        ("2026-01-13T16:00:00", 1.5, "2026-01-15T09:30:00"),  # over the closed Wednesday
        ("2026-01-12T09:00:00", 8, "2026-01-12T17:00:00"),
        ("2026-01-12T09:00:00", 16, "2026-01-13T17:00:00"),
        ("2026-01-12T09:00:00", 24, "2026-01-15T17:00:00"),
        ("2026-01-16T16:30:00", 0.5, "2026-01-16T17:00:00"),
        ("2026-01-16T16:30:00", 1, "2026-01-19T09:30:00"),  # over the weekend
        ("2026-01-17T12:00:00", 8, "2026-01-19T17:00:00"),  # from Saturday
        ("2026-01-12T09:00:00", 32, "2026-01-16T17:00:00"),  # a week with a closed day
        ("2026-01-12T09:00:00", 40, "2026-01-19T17:00:00"),
        ("2026-01-12T09:00:00", 72, "2026-01-23T17:00:00"),
        ("2026-01-05T09:00:00", 72, "2026-01-16T17:00:00"),
        ("2026-01-01T00:00:00", 200, "2026-02-05T17:00:00"),
    ],
)
def test_add_at_the_edges(zone: str, local: str, hours: float, due: str) -> None:
    tz = ZoneInfo(zone)
    start = at(local).replace(tzinfo=tz)
    got = calendar(zone).add(start, hours)
    assert got == at(due).replace(tzinfo=tz)
    assert got.tzinfo is tz
    assert got == reference(calendar(zone), start, hours)


def test_the_local_date_not_the_utc_date_decides_the_day() -> None:
    # 2026-01-17 10:00 in Kiritimati (+14) is a Saturday there and Friday 20:00 in UTC; 2026-01-16
    # 09:30 in Adak (-10) is a Friday there and Friday 19:30 in UTC, Saturday in Chatham.
    kiritimati = calendar("Pacific/Kiritimati")
    saturday = at("2026-01-16T20:00:00+00:00")
    assert kiritimati.is_open(saturday) is False
    assert kiritimati.clock_start(saturday) == at("2026-01-19T09:00:00+14:00")
    adak = calendar("America/Adak")
    friday = at("2026-01-16T19:30:00+00:00")
    assert adak.is_open(friday) is True
    assert adak.add(friday, 1) == at("2026-01-16T10:30:00-10:00")
    # The closed Wednesday of Chatham starts on Tuesday 10:15 UTC.
    chatham = calendar("Pacific/Chatham")
    assert chatham.is_closed(CLOSED) is True
    assert chatham.is_open(at("2026-01-13T20:15:00+00:00")) is False  # Wed 10:00 +13:45
    assert chatham.is_open(at("2026-01-14T20:15:00+00:00")) is True  # Thu 10:00 +13:45


# -- long spans across daylight-saving days and closed month starts -------------------------------


def reference(cal: BusinessCalendar, start: datetime, hours: float) -> datetime:
    """Walk day by day: each open day gives the span from its opening to its closing moment."""
    zone = cal.zone
    t = start.astimezone(UTC)
    remaining = timedelta(hours=hours)
    day = t.astimezone(zone).date()
    while True:
        if day.weekday() in cal.workdays and day not in cal.closed_dates:
            opens = datetime.combine(day, cal.opens, zone).astimezone(UTC)
            closes = datetime.combine(day, cal.closes, zone).astimezone(UTC)
            begin = max(opens, t)
            if begin < closes:
                if remaining <= closes - begin:
                    return (begin + remaining).astimezone(zone)
                remaining -= closes - begin
        day += DAY


# Hours that hold each zone's daylight-saving change (so a change day has an hour more or less),
# every day of the week (the clocks change on a weekend), and closed days on month starts.
MONTH_STARTS = [date(2026, m, 1) for m in range(1, 13)] + [date(2027, m, 1) for m in (1, 2, 3)]
DST_CALENDARS = {
    # Europe/London: 01:00 GMT → 02:00 BST on 2026-03-29, back on 2026-10-25.
    "london": BusinessCalendar("Europe/London", time(0, 30), time(3, 30), range(7), MONTH_STARTS),
    # America/New_York: 02:00 → 03:00 on 2026-03-08, back on 2026-11-01.
    "new-york": BusinessCalendar(
        "America/New_York", time(0, 30), time(4, 30), range(7), MONTH_STARTS
    ),
    # Pacific/Chatham (+12:45/+13:45): 02:45 → 03:45 on 2026-09-27, back on 2026-04-05.
    "chatham": BusinessCalendar("Pacific/Chatham", time(1), time(5), range(7), MONTH_STARTS),
    # Australia/Lord_Howe: a 30-minute change at 02:00 (2026-04-05, 2026-10-04).
    "lord-howe": BusinessCalendar(
        "Australia/Lord_Howe", time(1), time(3), (0, 2, 4, 6), MONTH_STARTS
    ),
    # Weekdays only and a holiday on Friday 2026-10-30: a week with no change, for contrast.
    "weekdays": BusinessCalendar(
        "Europe/London", time(0, 30), time(3, 30), range(5), [*MONTH_STARTS, date(2026, 10, 30)]
    ),
}
STARTS = [
    "2026-03-01T00:00:00+00:00",
    "2026-03-20T02:00:00+00:00",
    "2026-03-28T12:00:00+00:00",
    "2026-09-20T00:00:00+00:00",
    "2026-10-20T01:15:00+00:00",
    "2026-10-24T23:59:00+00:00",
]


def spans(cal: BusinessCalendar) -> list[float]:
    """Hours that land on closing times, just before and after them, and whole weeks ± a little
    (where a week that gains an hour must be skipped one week less)."""
    wall = datetime.combine(date.min, cal.closes) - datetime.combine(date.min, cal.opens)
    day = wall / timedelta(hours=1)  # a usual day's hours: aims at closing times
    week = cal.weekly_hours
    result: list[float] = []
    for k in (1, 2, 3, 5, 9, 13, 30):
        result += [k * day, k * day - 0.25, k * day + 0.25]
    for k in (1, 2, 4, 8, 20):
        result += [k * week, k * week - 0.5, k * week + 0.5, k * week + 1, k * week + 0.01]
    return result


@pytest.mark.parametrize("name", DST_CALENDARS)
@pytest.mark.parametrize("start", STARTS)
def test_long_spans_agree_with_the_day_by_day_reference(name: str, start: str) -> None:
    cal = DST_CALENDARS[name]
    for hours in spans(cal):
        expected = reference(cal, at(start), hours)
        assert cal.add(at(start), hours) == expected, (name, start, hours)


def test_a_week_that_gains_an_hour_is_skipped_one_week_less() -> None:
    # London, open 00:30–03:30 every day: 21 h a week; the week of 2026-10-25 has 22 h.
    cal = DST_CALENDARS["london"]
    start = at("2026-10-19T00:30:00+01:00")  # Monday opening; 2026-11-01 is closed
    assert cal.add(start, 22) == at("2026-10-25T03:30:00+00:00")  # the whole long week
    assert cal.add(start, 21.5) == at("2026-10-25T03:00:00+00:00")
    assert cal.add(start, 43) == at("2026-11-02T03:30:00+00:00")  # skipping the closed 1st
    # And a week that loses one: 2026-03-29 has 2 h.
    spring = at("2026-03-23T00:30:00+00:00")
    assert cal.add(spring, 20) == at("2026-03-29T03:30:00+01:00")
    assert cal.add(spring, 20.5) == at("2026-03-30T01:00:00+01:00")


def test_a_deadline_on_a_closing_time_after_closed_days_stays_there() -> None:
    # §3.4: landing exactly on a closing time is that closing time, also when closed days (and the
    # week-by-week walk they cause) lie between.
    cal = BusinessCalendar("Asia/Kolkata", time(11), time(20), range(5), MONTH_STARTS)
    start = at("2026-05-25T11:00:00+05:30")  # Monday; 2026-06-01 (Monday) is closed
    assert cal.add(start, 45) == at("2026-05-29T20:00:00+05:30")
    assert cal.add(start, 54) == at("2026-06-02T20:00:00+05:30")
    assert cal.add(start, 54 + 9 * 20) == at("2026-06-30T20:00:00+05:30")
    assert cal.add(start, 54 + 9 * 20 + 0.5) == at("2026-07-02T11:30:00+05:30")  # 07-01 closed


# -- the spring-forward gap ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "wall", "jump"),
    [
        # Europe/London: 01:00 GMT → 02:00 BST: every wall time in [01:00, 02:00) is the jump.
        ("Europe/London", "2026-03-29", "01:00:00", "2026-03-29T01:00:00+00:00"),
        ("Europe/London", "2026-03-29", "01:00:01", "2026-03-29T01:00:00+00:00"),
        ("Europe/London", "2026-03-29", "01:17:23", "2026-03-29T01:00:00+00:00"),
        ("Europe/London", "2026-03-29", "01:59:59", "2026-03-29T01:00:00+00:00"),
        # America/New_York: 02:00 EST → 03:00 EDT.
        ("America/New_York", "2026-03-08", "02:07:00", "2026-03-08T07:00:00+00:00"),
        ("America/New_York", "2026-03-08", "02:44:13", "2026-03-08T07:00:00+00:00"),
        # Pacific/Chatham: 02:45 → 03:45 (+12:45 → +13:45).
        ("Pacific/Chatham", "2026-09-27", "03:01:00", "2026-09-26T14:00:00+00:00"),
        # Australia/Lord_Howe: 02:00 → 02:30.
        ("Australia/Lord_Howe", "2026-10-04", "02:11:00", "2026-10-03T15:30:00+00:00"),
    ],
)
def test_an_opening_in_the_gap_is_the_moment_the_clocks_jump(
    zone: str, day: str, wall: str, jump: str
) -> None:
    opens = time.fromisoformat(wall)
    cal = BusinessCalendar(zone, opens, time(12), range(7))
    start = datetime.combine(date.fromisoformat(day), time(0), ZoneInfo(zone))
    got = cal.clock_start(start)
    assert got == at(jump)
    assert got.microsecond == 0
    assert cal.is_open(at(jump)) is True
    assert cal.is_open(at(jump) - timedelta(microseconds=1)) is False
    # The day's hours run from the jump to noon.
    noon = datetime.combine(date.fromisoformat(day), time(12), ZoneInfo(zone))
    hours = (noon - at(jump)) / timedelta(hours=1)
    assert cal.add(start, hours) == noon


# -- refusals, each with its message ---------------------------------------------------------------

NOON = at("2026-01-13T12:00:00+00:00")


class NoOffset(tzinfo):
    """A zone that knows no offset: a datetime in it is as naive as one without a zone."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


EMEA = Region(
    id="emea",
    name="EMEA",
    zone="Europe/Berlin",
    opens=time(9),
    closes=time(18),
    workdays=frozenset(range(5)),
)
REFUSALS: list[tuple[Callable[[], object], type[Exception], str]] = [
    (
        lambda: BusinessCalendar("UTC", time(9, tzinfo=UTC), time(17), range(5)),
        ValueError,
        "opening and closing are wall-clock times: give them without a zone",
    ),
    (
        lambda: BusinessCalendar("UTC", time(9), time(17, tzinfo=UTC), range(5)),
        ValueError,
        "opening and closing are wall-clock times: give them without a zone",
    ),
    (
        lambda: BusinessCalendar("UTC", time(17), time(9), range(5)),
        ValueError,
        "closes (09:00:00) must be after opens (17:00:00)",
    ),
    (
        lambda: BusinessCalendar("UTC", time(9), time(17), [0, 7]),
        ValueError,
        "workdays must be a non-empty set of weekday numbers (Monday is 0)",
    ),
    (
        lambda: BusinessCalendar("UTC", time(9), time(17), [-1]),
        ValueError,
        "workdays must be a non-empty set of weekday numbers (Monday is 0)",
    ),
    (
        lambda: calendar("UTC").add(NOON, "1"),  # type: ignore[arg-type]
        TypeError,
        "hours must be a number, got str",
    ),
    (lambda: calendar("UTC").add(NOON, True), TypeError, "hours must be a number, got bool"),
    (
        lambda: calendar("UTC").add(NOON, -0.5),
        ValueError,
        "hours must be a finite number ≥ 0, got -0.5",
    ),
    (
        lambda: calendar("UTC").add(NOON, float("inf")),
        ValueError,
        "hours must be a finite number ≥ 0, got inf",
    ),
    (
        lambda: calendar("UTC").add("2026-01-13", 1),  # type: ignore[arg-type]
        TypeError,
        "start must be a datetime, got str",
    ),
    (
        lambda: calendar("UTC").add(datetime(2026, 1, 13, 12), 1),
        ValueError,
        "start must be timezone-aware (give it an offset), got 2026-01-13 12:00:00",
    ),
    (
        lambda: calendar("UTC").is_open(datetime(2026, 1, 13, 12)),
        ValueError,
        "at must be timezone-aware (give it an offset), got 2026-01-13 12:00:00",
    ),
    (
        lambda: calendar("UTC").is_open(datetime(2026, 1, 13, 12, tzinfo=NoOffset())),
        ValueError,
        "at must be timezone-aware (give it an offset), got 2026-01-13 12:00:00",
    ),
    (
        lambda: calendar("UTC").is_open(date(2026, 1, 13)),  # type: ignore[arg-type]
        TypeError,
        "at must be a datetime, got date",
    ),
    (
        lambda: calendar("UTC").add(at("9999-12-30T12:00:00+00:00"), 100),
        CalendarOverflow,
        "100 business hours after 9999-12-30 12:00:00+00:00 is beyond year 9999",
    ),
    (
        lambda: add_elapsed_hours(NOON, -1, EMEA),
        ValueError,
        "hours must be a finite number ≥ 0, got -1",
    ),
    (
        lambda: add_elapsed_hours(NOON, float("nan"), EMEA),
        ValueError,
        "hours must be a finite number ≥ 0, got nan",
    ),
    (
        lambda: add_elapsed_hours(datetime(2026, 1, 13), 1, EMEA),
        ValueError,
        "start must be timezone-aware (give it an offset), got 2026-01-13 00:00:00",
    ),
    (
        lambda: add_elapsed_hours(at("9999-12-31T12:00:00+00:00"), 24, EMEA),
        CalendarOverflow,
        "24 hours after 9999-12-31 12:00:00+00:00 is beyond year 9999",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), REFUSALS)
def test_each_refusal_with_its_message(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message
    assert type(caught.value) is error


def test_elapsed_hours_are_shown_in_the_regions_zone() -> None:
    got = add_elapsed_hours(NOON, 30, EMEA)
    assert got == at("2026-01-14T19:00:00+01:00")
    assert got.tzinfo == ZoneInfo("Europe/Berlin")
    assert add_elapsed_hours(NOON, 0, EMEA) == NOON


def test_repr_and_weekly_hours() -> None:
    with_holidays = BusinessCalendar("America/New_York", time(8), time(20), range(5), (), "US-NY")
    assert repr(with_holidays) == (
        "BusinessCalendar('America/New_York', 08:00:00–20:00:00, MTWTF--, 0 closed dates, "
        "holidays of US-NY)"
    )
    assert with_holidays.weekly_hours == 60
    cal = BusinessCalendar("Asia/Kathmandu", time(9, 30), time(17), [0, 2, 4], [CLOSED])
    assert (
        repr(cal)
        == "BusinessCalendar('Asia/Kathmandu', 09:30:00–17:00:00, M-W-F--, 1 closed dates)"
    )
    assert cal.weekly_hours == 22.5


# -- the machine's zone ---------------------------------------------------------------------------
# A UTC calendar open 12:00–17:00 every day, around Pacific/Chatham's clock changes (2026-04-04
# 14:00 UTC: 03:45 → 02:45; 2026-09-26 14:00 UTC: 02:45 → 03:45). Under the CI's TZ=Pacific/Chatham
# (.ci/run), an instant kept in the machine's zone instead of UTC adds hours across the change on
# the wall clock and lands an hour off; under any zone the answers below hold.
NOON_TO_FIVE = BusinessCalendar("UTC", time(12), time(17), range(7))


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        ("2026-04-04T11:00:00+00:00", 3, "2026-04-04T15:00:00+00:00"),  # from before opening
        ("2026-04-04T12:00:00+00:00", 3, "2026-04-04T15:00:00+00:00"),
        ("2026-04-04T13:30:00+00:00", 1, "2026-04-04T14:30:00+00:00"),
        ("2026-04-04T10:00:00+00:00", 5, "2026-04-04T17:00:00+00:00"),  # a whole day
        ("2026-04-03T16:00:00+00:00", 3, "2026-04-04T14:00:00+00:00"),  # from the day before
        ("2026-04-03T16:00:00+00:00", 9, "2026-04-05T15:00:00+00:00"),
        ("2026-09-26T12:30:00+00:00", 2, "2026-09-26T14:30:00+00:00"),
        ("2026-09-25T17:00:00+00:00", 2.5, "2026-09-26T14:30:00+00:00"),
        ("2026-09-19T12:00:00+00:00", 36, "2026-09-26T13:00:00+00:00"),  # over a week
    ],
)
def test_answers_do_not_depend_on_the_machines_zone(start: str, hours: float, due: str) -> None:
    got = NOON_TO_FIVE.add(at(start), hours)
    assert got == at(due)
    assert got.utcoffset() == timedelta(0)
    assert NOON_TO_FIVE.is_open(at(due) - timedelta(microseconds=1)) is True
    elapsed = add_elapsed_hours(at(start), hours, replace_zone(EMEA, "UTC"))
    assert elapsed == at(start) + timedelta(hours=hours)


def replace_zone(region: Region, zone: str) -> Region:
    return Region(
        id=region.id,
        name=region.name,
        zone=zone,
        opens=region.opens,
        closes=region.closes,
        workdays=region.workdays,
    )


# -- what a calendar remembers ---------------------------------------------------------------------
# The tables are an optimisation, but their bounds are promises: a long-lived process (a service)
# must not grow without limit, and a deadline a week away must not scan the year.


def test_a_days_bounds_are_computed_once_and_at_most_4096_are_kept() -> None:
    cal = BusinessCalendar("Europe/Berlin", time(9), time(18), range(5))
    first = date(2026, 1, 1)
    assert cal._bounds(first) is cal._bounds(first)
    for n in range(1, 4096):
        cal._bounds(first + timedelta(days=n))
    assert len(cal._days) == 4096
    cal._bounds(first + timedelta(days=4096))  # the 4097th day: forget the others first
    assert list(cal._days) == [first + timedelta(days=4096)]


def test_a_years_closed_days_and_a_months_table_are_built_once() -> None:
    cal = BusinessCalendar("Europe/Berlin", time(9), time(18), range(5), MONTH_STARTS)
    assert cal._closed_days(2026) is cal._closed_days(2026)
    assert cal._closed_days(2026) == frozenset(d for d in MONTH_STARTS if d.year == 2026)
    assert cal._closed_days(2025) == frozenset()
    index = 2026 * 12 + 2  # March 2026
    assert cal._month(index) is cal._month(index)


def test_month_tables_are_built_only_for_the_months_a_deadline_reaches() -> None:
    cal = BusinessCalendar("Europe/Berlin", time(9), time(18), range(5), MONTH_STARTS)
    # From Monday 2026-01-19 to the end of January (9 days of 9 h, minus nothing): January only.
    assert cal.add(at("2026-01-19T09:00:00+01:00"), 81) == at("2026-01-29T18:00:00+01:00")
    assert sorted(cal._months) == [2026 * 12]
    # Ending on the last day of February: January and February, not March.
    assert cal.add(at("2026-01-19T09:00:00+01:00"), 81 + 2 * 9 + 19 * 9) == at(
        "2026-02-27T18:00:00+01:00"
    )
    assert sorted(cal._months) == [2026 * 12, 2026 * 12 + 1]
    # Checking whether days are unusual also reads only their own months.
    other = BusinessCalendar("Europe/Berlin", time(9), time(18), range(5), MONTH_STARTS)
    assert other._unusual(date(2026, 1, 5), date(2026, 2, 1)) is False
    assert other._difference(date(2026, 1, 5), date(2026, 2, 1)) == timedelta(0)
    assert sorted(other._months) == [2026 * 12]


@pytest.mark.parametrize(
    ("start", "end", "unusual"),
    [
        ("2026-01-05", "2026-01-30", False),  # no closed day inside
        ("2026-01-05", "2026-02-02", False),  # Feb 2 is the end (excluded) … but not closed
        ("2026-01-05", "2026-02-03", False),  # 2026-02-01 is a Sunday: not a work day
        ("2026-05-25", "2026-06-01", False),  # June 1 (a Monday, closed) excluded
        ("2026-05-25", "2026-06-02", True),  # … included
        ("2026-06-01", "2026-06-02", True),  # the one day
        ("2026-06-02", "2026-06-30", False),  # June without its first day
        ("2026-06-02", "2026-07-02", True),  # July 1 (a Wednesday)
    ],
)
def test_which_spans_hold_an_unusual_day(start: str, end: str, unusual: bool) -> None:
    cal = BusinessCalendar("Europe/Berlin", time(9), time(18), range(5), MONTH_STARTS)
    assert cal._unusual(date.fromisoformat(start), date.fromisoformat(end)) is unusual
    lost = timedelta(hours=9) if unusual else timedelta(0)
    assert cal._difference(date.fromisoformat(start), date.fromisoformat(end)) == -lost


JAN_5 = date(2026, 1, 5)  # a Monday; London, 00:30–03:30 every day: 21 h a week
OCT_19 = date(2026, 10, 19)  # a Monday; that week has 22 h (2026-10-25 gains an hour), then 21 h


@pytest.mark.parametrize(
    ("day", "remaining", "weeks", "left"),
    [
        (JAN_5, 21, 0, 21),  # a week's hours exactly: skipping it would leave none
        (JAN_5, 21.5, 1, 0.5),
        (JAN_5, 42, 1, 21),
        (JAN_5, 63.25, 3, 0.25),
        (JAN_5, 63, 2, 21),
        (OCT_19, 22, 0, 22),  # the long week exactly: skipping it would leave none
        (OCT_19, 22.5, 1, 0.5),
        (OCT_19, 21.5, 0, 21.5),  # a usual week's hours and a half: the long week holds them all
        (OCT_19, 43, 1, 21),
        (OCT_19, 43.5, 2, 0.5),
        (OCT_19, 64, 2, 21),  # floor(64 / 21) = 3 weeks hold 64 h exactly: two are skipped
        (OCT_19, 64.5, 3, 0.5),
    ],
)
def test_skipping_whole_weeks(day: date, remaining: float, weeks: int, left: float) -> None:
    cal = BusinessCalendar("Europe/London", time(0, 30), time(3, 30), range(7))
    assert cal._skip_weeks(day, timedelta(hours=remaining)) == (
        day + timedelta(weeks=weeks),
        timedelta(hours=left),
    )


def test_listed_closed_dates_and_public_holidays_close_together() -> None:
    # §1.2, SPEC §3.4: a region closed on its listed dates and on a country's public holidays.
    cal = BusinessCalendar("America/New_York", time(8), time(20), range(5), [CLOSED], "US-NY")
    assert cal.is_closed(CLOSED) is True  # listed
    assert cal.is_closed(date(2026, 1, 19)) is True  # Martin Luther King Jr. Day
    assert cal.is_closed(date(2026, 1, 15)) is False
    tuesday_evening = at("2026-01-13T19:00:00-05:00")
    assert cal.add(tuesday_evening, 2) == at("2026-01-15T09:00:00-05:00")
    assert cal.add(at("2026-01-16T19:00:00-05:00"), 2) == at("2026-01-20T09:00:00-05:00")
