"""Closed days on the business clock (SPEC §3.4): real public-holiday calendars and listed dates.

The calendars are the `holidays` package's, as a vendor names them in `[regions.<id>]`
(`holidays = "US-NY"`); the deadlines below were counted by hand on a calendar.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays as holidays_package
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from eol_check._data import data_dir
from eol_check._record import replace
from eol_check.business_hours import BusinessCalendar, add_business_hours
from eol_check.holiday_calendars import holiday_calendar, public_holidays
from eol_check.policy import Coverage, Policy, Region, Severity, load_policy
from eol_check.sla import parse_reported_at as moment
from eol_check.sla import sla_deadlines

POLICY: Policy = load_policy(data_dir() / "policy.toml")
UTC = timezone.utc
MINUTE = timedelta(minutes=1)


def region(region_id: str, holidays: str | None = None, closed: tuple[date, ...] = ()) -> Region:
    """A §1.2 region of the embedded policy, closed on `holidays` and the `closed` dates."""
    return replace(POLICY.region(region_id), holidays=holidays, closed_dates=frozenset(closed))


@pytest.mark.parametrize(
    ("calendar", "day", "closed"),
    [
        ("US", date(2026, 12, 25), True),  # Christmas Day
        ("US", date(2027, 1, 1), True),  # New Year's Day
        ("US", date(2026, 7, 3), True),  # Independence Day (a Saturday), observed on Friday
        ("US", date(2027, 12, 31), True),  # New Year 2028 (a Saturday), observed the year before
        ("US", date(2026, 12, 24), False),
        ("US", date(2026, 2, 12), False),
        ("US-NY", date(2026, 2, 12), True),  # Lincoln's Birthday: New York State only
        ("DE", date(2026, 12, 25), True),
        ("DE", date(2026, 12, 24), False),  # Christmas Eve is no public holiday in Germany
        ("DE", date(2026, 1, 6), False),
        ("DE-BY", date(2026, 1, 6), True),  # Epiphany: Bavaria
        ("SG", date(2026, 5, 27), True),  # Hari Raya Haji
        ("SG", date(2025, 3, 31), True),  # Hari Raya Puasa
        ("SG", date(2026, 11, 9), True),  # Deepavali (a Sunday), observed on Monday
        ("SG", date(2026, 2, 17), True),  # Chinese New Year
        ("IN", date(2025, 10, 20), True),  # Diwali
        ("IN", date(2026, 1, 26), True),  # Republic Day
        ("IN", date(2026, 12, 25), True),  # Christmas
        ("IN", date(2026, 12, 28), False),
    ],
)
def test_real_public_holidays(calendar: str, day: date, closed: bool) -> None:
    assert (day in public_holidays(calendar, day.year)) is closed
    assert BusinessCalendar("UTC", time(9), time(17), range(5), (), calendar).is_closed(day) is (
        closed
    )


@pytest.mark.parametrize(
    ("name", "spelled"),
    [
        ("US", "US"),
        ("us-ny", "US-NY"),
        (" de-by ", "DE-BY"),
        ("SG", "SG"),
        ("au-nsw", "AU-NSW"),
        ("gb-sct", "GB-SCT"),
    ],
)
def test_calendar_names_are_spelled_as_the_package_spells_them(name: str, spelled: str) -> None:
    assert holiday_calendar(name) == spelled


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("XX", "'XX' is not a country the holidays package knows"),
        (
            "US-XX",
            "'XX' is not a subdivision of US in the holidays package (it knows AK, AL, "
            "AR, AS, AZ, CA, CO, CT, DC, DE, FL, GA, …)",
        ),
        (
            "",
            "'' is not a country code: expected an ISO 3166 code such as 'US', or a country "
            "and subdivision such as 'US-NY'",
        ),
        (
            "12",
            "'12' is not a country code: expected an ISO 3166 code such as 'US', or a country "
            "and subdivision such as 'US-NY'",
        ),
    ],
)
def test_unknown_calendars_are_refused(name: str, message: str) -> None:
    with pytest.raises(ValueError, match="not a") as info:
        holiday_calendar(name)
    assert str(info.value) == message
    with pytest.raises(ValueError, match=r"holidays package|country code"):
        BusinessCalendar("UTC", time(9), time(17), range(5), (), name)


# (region, calendar, listed closed dates, reported at, business hours, due, due on the plain clock)
CASES = [
    # The case: an S4 (72 business hours) reported on Christmas Eve in New York skips
    # Christmas Day and New Year's Day; without a calendar it would count them.
    (
        "na",
        "US",
        (),
        "2026-12-24T10:00:00-05:00",
        72,
        "2027-01-05T10:00:00-05:00",
        "2027-01-01T10:00:00-05:00",
    ),
    # ... and a company day off listed next to the calendar.
    (
        "na",
        "US",
        (date(2026, 12, 24),),
        "2026-12-23T19:00:00-05:00",
        3,
        "2026-12-28T10:00:00-05:00",
        "2026-12-24T10:00:00-05:00",
    ),
    # New York State's Lincoln's Birthday, a Thursday: the subdivision's calendar closes it.
    (
        "na",
        "US-NY",
        (),
        "2026-02-11T19:00:00-05:00",
        3,
        "2026-02-13T10:00:00-05:00",
        "2026-02-12T10:00:00-05:00",
    ),
    (
        "na",
        "US",
        (),
        "2026-02-11T19:00:00-05:00",
        3,
        "2026-02-12T10:00:00-05:00",
        "2026-02-12T10:00:00-05:00",
    ),
    # Germany: Christmas Day (Friday); Bavaria's Epiphany (Tuesday).
    (
        "emea",
        "DE",
        (),
        "2026-12-24T17:00:00+01:00",
        3,
        "2026-12-28T11:00:00+01:00",
        "2026-12-25T11:00:00+01:00",
    ),
    (
        "emea",
        "DE-BY",
        (),
        "2026-01-05T17:00:00+01:00",
        3,
        "2026-01-07T11:00:00+01:00",
        "2026-01-06T11:00:00+01:00",
    ),
    (
        "emea",
        "DE",
        (),
        "2026-01-05T17:00:00+01:00",
        3,
        "2026-01-06T11:00:00+01:00",
        "2026-01-06T11:00:00+01:00",
    ),
    # Easter 2027 right after the EU spring change: Good Friday, then Easter Monday in summer time.
    (
        "emea",
        "DE",
        (),
        "2027-03-25T17:00:00+01:00",
        3,
        "2027-03-30T11:00:00+02:00",
        "2027-03-26T11:00:00+01:00",
    ),
    # Singapore: Hari Raya Haji (Wednesday); Hari Raya Puasa (Monday); Deepavali observed (Monday).
    (
        "apac",
        "SG",
        (),
        "2026-05-26T21:00:00+08:00",
        3,
        "2026-05-28T15:00:00+08:00",
        "2026-05-27T15:00:00+08:00",
    ),
    (
        "apac",
        "SG",
        (),
        "2025-03-28T21:00:00+08:00",
        3,
        "2025-04-01T15:00:00+08:00",
        "2025-03-31T15:00:00+08:00",
    ),
    (
        "apac",
        "SG",
        (),
        "2026-11-06T13:00:00+08:00",
        72,
        "2026-11-18T22:00:00+08:00",
        "2026-11-17T22:00:00+08:00",
    ),
    # India: Diwali 2025 (Monday), reported from New York on the Friday evening.
    (
        "india",
        "IN",
        (),
        "2025-10-17T09:30:00-04:00",
        3,
        "2025-10-21T13:00:00+05:30",
        "2025-10-20T13:00:00+05:30",
    ),
    # A long span over a year of holidays: whole weeks skipped, the closed days counted.
    (
        "india",
        "IN",
        (),
        "2026-01-01T11:00:00+05:30",
        9 * 200,
        "2026-10-26T20:00:00+05:30",
        "2026-10-07T20:00:00+05:30",
    ),
]


@pytest.mark.parametrize(
    ("region_id", "calendar", "closed", "start", "hours", "due", "plain"), CASES
)
def test_deadlines_skip_closed_days(
    region_id: str,
    calendar: str,
    closed: tuple[date, ...],
    start: str,
    hours: float,
    due: str,
    plain: str,
) -> None:
    where = region(region_id, calendar, closed)
    result = add_business_hours(moment(start), hours, where)
    assert result.isoformat() == due
    assert add_business_hours(moment(start), hours, region(region_id)).isoformat() == plain
    if hours <= 100:
        assert result.astimezone(UTC) == reference(moment(start), round(hours * 60), where)


def test_sla_deadlines_on_a_holiday_calendar() -> None:
    # An S1 on Christmas Eve evening in Berlin: on support hours it waits for Monday the 28th;
    # with special services (24x7) Christmas does not stop the clock.
    emea = region("emea", "DE")
    reported = moment("2026-12-24T17:30:00+01:00")
    s1 = sla_deadlines(POLICY.targets(Severity.S1), emea, reported)
    assert [s1.response_due.isoformat(), *(u.isoformat() for u in s1.updates_due[:3])] == [
        "2026-12-28T10:30:00+01:00",
        "2026-12-28T12:30:00+01:00",
        "2026-12-28T16:30:00+01:00",
        "2026-12-29T11:30:00+01:00",
    ]
    s1 = sla_deadlines(POLICY.targets(Severity.S1), emea, reported, Coverage.TWENTY_FOUR_SEVEN)
    assert s1.response_due.isoformat() == "2026-12-24T19:30:00+01:00"
    # S3's "every 10 business days" are days the region is open: Christmas and New Year's Day
    # (DE) are not among them.
    s3 = sla_deadlines(POLICY.targets(Severity.S3), emea, moment("2026-12-21T09:00:00+01:00"))
    assert s3.next_update_due is not None
    assert s3.next_update_due.isoformat() == "2027-01-05T18:00:00+01:00"


def test_the_embedded_policy_names_no_calendar() -> None:
    # SPEC §3.4: the policy text names no holidays, so neither does its data.
    assert all(r.holidays is None and not r.closed_dates for r in POLICY.regions)


# -- against a minute-by-minute reference ------------------------------------------------------


@cache
def closed_in(calendar: str | None, year: int) -> frozenset[date]:
    """The package's holidays of one year, asked of it directly (not through eol-check)."""
    if calendar is None:
        return frozenset()
    country, _, subdivision = calendar.partition("-")
    days = holidays_package.country_holidays(
        country, subdiv=subdivision or None, years=range(year - 1, year + 2)
    )
    return frozenset(d for d in days if d.year == year)


def reference(start: datetime, minutes: int, where: Region) -> datetime:
    """Count open minutes one by one: a minute is open when its local wall-clock time is on a
    work day that is neither a listed date nor a public holiday, within the hours."""
    zone = ZoneInfo(where.zone)

    def is_open(t: datetime) -> bool:
        local = t.astimezone(zone)
        day = local.date()
        return (
            local.weekday() in where.workdays
            and day not in where.closed_dates
            and day not in closed_in(where.holidays, day.year)
            and where.opens <= local.time() < where.closes
        )

    t = start.astimezone(UTC)
    while not is_open(t):
        t += MINUTE
    counted = 0
    while counted < minutes:
        if is_open(t):
            counted += 1
        t += MINUTE
    return t


CALENDARS = ["US", "US-NY", "DE", "DE-BY", "SG", "IN", "GB-SCT", "AU-NSW"]
# Days around holidays, daylight-saving changes and year ends, where the clock has most to skip.
AROUND = [
    date(2026, 12, 24),
    date(2026, 12, 31),
    date(2025, 10, 20),
    date(2026, 5, 27),
    date(2026, 11, 9),
    date(2027, 3, 26),
    date(2026, 3, 8),
    date(2026, 10, 25),
    date(2026, 11, 1),
    date(2026, 4, 3),
    date(2026, 2, 12),
    date(2027, 4, 5),
]
DAYS = st.one_of(
    st.sampled_from(AROUND).flatmap(
        lambda d: st.integers(-6, 2).map(lambda n: d + timedelta(days=n))
    ),
    st.dates(date(2025, 1, 1), date(2027, 12, 31)),
)
QUARTERS = st.integers(0, 24 * 4 - 1).map(lambda q: time(q // 4, q % 4 * 15))


@st.composite
def regions(draw: st.DrawFn) -> Region:
    """A §1.2 region or an invented one, on a real holiday calendar, with some listed dates."""
    calendar = draw(st.sampled_from(CALENDARS))
    listed = draw(st.frozensets(DAYS, max_size=4))
    if draw(st.booleans()):
        policy_region = draw(st.sampled_from(["na", "emea", "apac", "india"]))
        return region(policy_region, calendar, tuple(listed))
    opens, closes = sorted(draw(st.lists(QUARTERS, min_size=2, max_size=2, unique=True)))
    workdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
    hours = (closes.hour * 60 + closes.minute - opens.hour * 60 - opens.minute) / 60
    assume(hours * len(workdays) >= 10)  # keeps the reference's walk short
    # Opening and closing away from the night hours in which clocks change (the reference
    # would count a repeated opening twice; tests/test_business_hours.py covers those).
    assume(opens >= time(4))
    return Region(
        id="x",
        name="Invented",
        zone=draw(
            st.sampled_from(
                [
                    "America/New_York",
                    "Europe/Berlin",
                    "Asia/Singapore",
                    "Asia/Kolkata",
                    "Australia/Sydney",
                    "Europe/London",
                ]
            )
        ),
        opens=opens,
        closes=closes,
        workdays=workdays,
        closed_dates=listed,
        holidays=calendar,
    )


@settings(max_examples=120, deadline=None)
@given(
    where=regions(),
    day=DAYS,
    minute=st.integers(0, 24 * 60 - 1),
    reported_in=st.sampled_from(["UTC", "America/New_York", "Asia/Kolkata", "Europe/Berlin"]),
    quarters=st.integers(0, 30 * 4),
)
def test_agrees_with_a_minute_by_minute_reference_that_knows_the_same_closed_days(
    where: Region, day: date, minute: int, reported_in: str, quarters: int
) -> None:
    start = datetime.combine(day, time(minute // 60, minute % 60), ZoneInfo(reported_in))
    due = add_business_hours(start, quarters / 4, where)
    assert due.astimezone(UTC) == reference(start, quarters * 15, where)
    assert due.tzinfo == ZoneInfo(where.zone)


def test_region_date_at_both_sides_of_local_midnight() -> None:
    # SPEC §3.2 "whose date": the calendar date in the region's zone.
    for region_id, before, after, day in [
        ("na", "2026-12-01T04:59:59Z", "2026-12-01T05:00:00Z", date(2026, 12, 1)),
        ("na", "2026-07-01T03:59:59Z", "2026-07-01T04:00:00Z", date(2026, 7, 1)),  # EDT
        ("emea", "2026-11-30T22:59:59Z", "2026-11-30T23:00:00Z", date(2026, 12, 1)),
        ("emea", "2026-06-30T21:59:59Z", "2026-06-30T22:00:00Z", date(2026, 7, 1)),  # CEST
        ("apac", "2026-11-30T15:59:59Z", "2026-11-30T16:00:00Z", date(2026, 12, 1)),
        ("india", "2026-11-30T18:29:59Z", "2026-11-30T18:30:00Z", date(2026, 12, 1)),
    ]:
        where = POLICY.region(region_id)
        assert where.date_at(moment(before)) == day - timedelta(days=1), region_id
        assert where.date_at(moment(after)) == day, region_id


def test_holidays_is_imported_only_when_a_region_names_a_calendar(tmp_path: Path) -> None:
    # SPEC §3.4: `check` on the embedded policy (no calendar) must not pay for the import.
    policy = tmp_path / "policy.toml"
    text = (data_dir() / "policy.toml").read_text(encoding="utf-8")
    policy.write_text(text.replace("closed_dates = []", 'holidays = "US"', 1), encoding="utf-8")
    argv = ["check", "oas", "6.0.2", "-s", "S4", "--reported-at", "2026-12-24T15:00:00Z"]
    code = (
        "import sys; from eol_check.cli import main; main(sys.argv[1:]);"
        "print('holidays' in sys.modules)"
    )
    for extra, imported in [([], "False"), (["--policy", str(policy)], "True")]:
        run = subprocess.run(
            [sys.executable, "-c", code, *argv, *extra], capture_output=True, text=True, check=False
        )
        assert run.stdout.splitlines()[-1] == imported, run.stderr


def test_the_closed_days_that_moved_a_clock_are_named() -> None:
    """SPEC §3.4: which closed day moved the clock, by name and calendar (issue 20)."""
    na = region("na", "US-NY", (date(2026, 12, 24),))
    s2 = sla_deadlines(POLICY.targets(Severity.S2), na, moment("2026-12-24T10:00:00-05:00"))
    assert [c.as_json() for c in s2.closed_days] == [
        {"date": "2026-12-24", "name": "closed date", "calendar": "closed_dates of na"},
        {"date": "2026-12-25", "name": "Christmas Day", "calendar": "US-NY public holidays"},
        {"date": "2027-01-01", "name": "New Year's Day", "calendar": "US-NY public holidays"},
    ]
    assert str(s2.closed_days[1]) == "Fri 2026-12-25 Christmas Day (US-NY public holidays)"
    assert s2.as_json()["closed_days"][1]["name"] == "Christmas Day"
    assert s2.has_holiday_calendar
    # The last deadline (the workaround, 2026-12-31) bounds the days: a ticket a week earlier
    # meets none; a weekend holiday is no work day to name.
    early = sla_deadlines(POLICY.targets(Severity.S4), na, moment("2026-12-14T10:00:00-05:00"))
    assert early.closed_days == ()
    # On a 24/7 clock no day is closed.
    s1 = sla_deadlines(
        POLICY.targets(Severity.S1),
        na,
        moment("2026-12-24T10:00:00-05:00"),
        Coverage.TWENTY_FOUR_SEVEN,
    )
    assert s1.closed_days == ()


def test_a_region_without_a_holiday_calendar_says_so() -> None:
    s3 = sla_deadlines(
        POLICY.targets(Severity.S3), region("na"), moment("2026-12-25T10:00:00-05:00")
    )
    assert (s3.has_holiday_calendar, s3.closed_days) == (False, ())
