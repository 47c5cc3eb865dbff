"""The rules of Scheduled Downtime (SPEC §8: §1.13, §4, §5.2), case by case, on the embedded
policy: notice, length, Maintenance Window in every region across daylight saving, support
hours."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from eol_check.availability import Service, check_downtime
from eol_check.availability.rules import judge, minute_span, minutes_between
from eol_check.errors import InputError
from eol_check.policy import Policy, load_policy

UTC = timezone.utc


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def codes(
    policy: Policy,
    service: Service,
    start: datetime,
    end: datetime,
    announced: datetime | None,
    region: str,
) -> list[str]:
    found = judge(policy, service, start, end, announced, policy.region(region))
    return [f"{f.level}:{f.code}" for f in found]


# --- notice (§1.13, §4, §5.2): 240 elapsed hours, across daylight saving ---------------------

# A Thursday night in New York, after the clocks went forward on 2026-03-08: the notice runs
# back across the change, so the latest announcement is 01:00 EST (wall clock), not 02:00.
START = utc("2026-03-12T06:00:00")  # 02:00 EDT
LATEST = utc("2026-03-02T06:00:00")  # 01:00 EST, exactly 240 hours before


@pytest.mark.parametrize("service", list(Service))
@pytest.mark.parametrize(
    ("announced", "late"),
    [
        (LATEST, False),  # exactly ten days
        (LATEST - timedelta(days=3), False),
        (LATEST + timedelta(minutes=1), True),  # one minute less than ten days
        (utc("2026-03-02T07:00:00"), True),  # 02:00 EST: "the same wall-clock time" is late
        (None, True),  # never announced
    ],
)
def test_notice_is_ten_elapsed_days(
    policy: Policy, service: Service, announced: datetime | None, late: bool
) -> None:
    found = codes(policy, service, START, START + timedelta(minutes=30), announced, "na")
    assert ("error:late-notice" in found) is late


def test_the_late_notice_message_says_by_when(policy: Policy) -> None:
    [finding] = [
        f
        for f in judge(
            policy,
            Service.MOBILE,
            START,
            START + timedelta(minutes=30),
            LATEST + timedelta(minutes=1),
            policy.region("na"),
        )
        if f.code == "late-notice"
    ]
    assert finding.message == (
        "it was announced 2026-03-02T06:01+00:00; Scheduled Downtime needs 10 days' notice: "
        "announce it by 2026-03-02T06:00+00:00"
    )
    assert finding.section == "§1.13, §4, §5.2"
    assert finding.region is None


# --- length (§4(i); §5.2 for SaaS) ----------------------------------------------------------

WINDOW_START = utc("2026-01-15T06:00:00")  # 01:00 EST: inside North America's window


@pytest.mark.parametrize(
    ("service", "minutes", "expected"),
    [
        (Service.MOBILE, 60, []),
        (Service.MOBILE, 61, ["error:too-long"]),
        (Service.SAAS, 60, []),
        (Service.SAAS, 61, ["warning:too-long"]),  # §5.2: notified, not forbidden
    ],
)
def test_one_hour(policy: Policy, service: Service, minutes: int, expected: list[str]) -> None:
    end = WINDOW_START + timedelta(minutes=minutes)
    assert codes(policy, service, WINDOW_START, end, LATEST - timedelta(days=60), "na") == (
        expected
    )


def test_the_length_is_elapsed_time_across_the_clock_change(policy: Policy) -> None:
    # 01:30 EST to 03:30 EDT on 2026-03-08 is one hour of elapsed time, two on the wall clock.
    start, end = utc("2026-03-08T06:30:00"), utc("2026-03-08T07:30:00")
    assert minutes_between(start, end) == 60
    assert codes(policy, Service.MOBILE, start, end, utc("2026-02-01T00:00:00"), "na") == []


# --- the Maintenance Window (§4(ii)) in every region, across daylight saving ----------------

# Each region's window on one day, in UTC, computed by hand from the zone's offsets that night:
# (region, day, window opens (01:00 local), window closes (05:00 local)).
WINDOWS = [
    ("na", "spring forward 2026-03-08", "2026-03-08T06:00", "2026-03-08T09:00"),  # EST → EDT
    ("na", "fall back 2026-11-01", "2026-11-01T05:00", "2026-11-01T10:00"),  # first 01:00 EDT
    ("na", "a winter night", "2026-01-15T06:00", "2026-01-15T10:00"),
    ("emea", "spring forward 2026-03-29", "2026-03-29T00:00", "2026-03-29T03:00"),  # CET → CEST
    ("emea", "fall back 2026-10-25", "2026-10-24T23:00", "2026-10-25T04:00"),  # CEST → CET
    ("emea", "a summer night", "2026-07-01T23:00", "2026-07-02T03:00"),
    ("apac", "no daylight saving", "2026-03-07T17:00", "2026-03-07T21:00"),  # UTC+8
    ("india", "no daylight saving", "2026-03-07T19:30", "2026-03-07T23:30"),  # UTC+5:30
]


@pytest.mark.parametrize(("region", "day", "opens", "closes"), WINDOWS)
@pytest.mark.parametrize(
    ("case", "inside"),
    [
        ("first hour", True),
        ("a minute early", False),
        ("last hour", True),
        ("a minute late", False),
    ],
)
def test_window_edges(
    policy: Policy, region: str, day: str, opens: str, closes: str, case: str, inside: bool
) -> None:
    a, b = utc(opens), utc(closes)
    hour = timedelta(hours=1)
    minute = timedelta(minutes=1)
    start = {
        "first hour": a,
        "a minute early": a - minute,
        "last hour": b - hour,
        "a minute late": b - hour + minute,
    }[case]
    found = codes(policy, Service.MOBILE, start, start + hour, start - timedelta(days=30), region)
    assert ("error:outside-window" in found) is not inside, (day, found)


def test_saas_outside_the_window_is_a_warning(policy: Policy) -> None:
    start = utc("2026-01-15T12:00:00")  # 07:00 EST
    found = codes(
        policy, Service.SAAS, start, start + timedelta(minutes=30), start - timedelta(days=30), "na"
    )
    assert found == ["warning:outside-window"]


def test_one_outage_scheduled_in_new_york_and_not_in_berlin(policy: Policy) -> None:
    start = utc("2026-01-15T06:00:00")  # 01:00 in New York, 07:00 in Berlin
    answer = check_downtime(
        policy,
        Service.MOBILE,
        start,
        start + timedelta(minutes=45),
        start - timedelta(days=11),
        [policy.region("na"), policy.region("emea")],
    )
    assert not answer.ok
    assert [(f.code, f.region) for f in answer.findings] == [("outside-window", "emea")]
    assert answer.findings[0].message == (
        "2026-01-15 07:00–07:45 Europe/Berlin is outside the Maintenance Window of Europe, "
        "Middle East, Africa, 01:00–05:00 Europe/Berlin (an interpretation)"
    )
    assert answer.announce_by == utc("2026-01-05T06:00:00")


# --- support hours (§4(iii)): a warning ------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "minutes", "warned"),
    [
        ("2026-03-02T14:00:00", 30, True),  # Monday 09:00 EST
        ("2026-03-02T12:30:00", 30, False),  # ends at 08:00 EST, when support opens
        ("2026-03-02T12:31:00", 30, True),  # one minute into support hours
        ("2026-03-07T14:00:00", 30, False),  # a Saturday
    ],
)
def test_support_hours(policy: Policy, start: str, minutes: int, warned: bool) -> None:
    a = utc(start)
    found = codes(
        policy, Service.SAAS, a, a + timedelta(minutes=minutes), a - timedelta(days=30), "na"
    )
    assert ("warning:in-support-hours" in found) is warned


def test_downtime_check_refuses_an_end_before_the_start(policy: Policy) -> None:
    with pytest.raises(InputError) as caught:
        check_downtime(policy, Service.SAAS, START, START, None, list(policy.regions))
    assert str(caught.value) == (
        "--end 2026-03-12T06:00:00+00:00 is not after --start 2026-03-12T06:00:00+00:00"
    )


@pytest.mark.parametrize(
    ("start", "end", "span"),
    [
        ("2026-01-01T00:00:00", "2026-01-01T00:01:00", 1),
        ("2026-01-01T00:00:30", "2026-01-01T00:01:00", 1),  # touches one minute
        ("2026-01-01T00:00:30", "2026-01-01T00:01:01", 2),  # touches two
        ("2026-01-01T00:00:00", "2026-01-01T01:00:00", 60),
    ],
)
def test_a_minute_counts_when_the_interval_touches_it(start: str, end: str, span: int) -> None:
    first, last = minute_span(utc(start), utc(end))
    assert last - first == span
