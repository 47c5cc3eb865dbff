"""SLA deadlines (§3.6, SPEC §3.4): per severity and clock, in each region, and --reported-at."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from eol_check._data import data_dir
from eol_check.errors import InvalidDate
from eol_check.policy import Clock, Policy, Severity, load_policy
from eol_check.sla import parse_reported_at, sla_deadlines

POLICY: Policy = load_policy(data_dir() / "policy.toml")
HOTLINE = "+1-985-464-2515"


def deadlines(severity: str, region: str, reported: str) -> tuple[str | None, ...]:
    sla = sla_deadlines(
        POLICY.targets(Severity(severity)), POLICY.region(region), parse_reported_at(reported)
    )
    return tuple(
        None if d is None else d.isoformat()
        for d in (
            sla.response_due,
            sla.next_update_due,
            sla.workaround_due,
            sla.workaround_target_due,
        )
    )


# (severity, region, reported at, (response, next update, workaround, workaround target))
CASES = [
    # A Wednesday evening in New York, an hour before closing.
    (
        "S1",
        "na",
        "2026-01-14T19:00:00-05:00",
        (
            "2026-01-14T21:00:00-05:00",
            "2026-01-14T23:00:00-05:00",
            "2026-01-14T23:00:00-05:00",
            None,
        ),
    ),
    (
        "S2",
        "na",
        "2026-01-14T19:00:00-05:00",
        (
            "2026-01-15T10:00:00-05:00",
            "2026-01-16T19:00:00-05:00",
            "2026-01-20T19:00:00-05:00",
            "2026-01-16T19:00:00-05:00",
        ),
    ),
    (
        "S3",
        "na",
        "2026-01-14T19:00:00-05:00",
        ("2026-01-16T19:00:00-05:00", "2026-01-28T19:00:00-05:00", None, None),
    ),
    ("S4", "na", "2026-01-14T19:00:00-05:00", ("2026-01-22T19:00:00-05:00", None, None, None)),
    # Friday 17:00 in Berlin before the EU change (2026-03-29), reported in UTC.
    (
        "S2",
        "emea",
        "2026-03-27T16:00:00Z",
        (
            "2026-03-30T11:00:00+02:00",
            "2026-04-01T14:00:00+02:00",
            "2026-04-06T11:00:00+02:00",
            "2026-04-01T14:00:00+02:00",
        ),
    ),
    (
        "S3",
        "emea",
        "2026-03-27T16:00:00Z",
        ("2026-04-01T14:00:00+02:00", "2026-04-10T17:00:00+02:00", None, None),
    ),
    # S1 runs around the clock: over the EU autumn change, an hour is repeated.
    (
        "S1",
        "emea",
        "2026-10-25T01:30:00+02:00",
        (
            "2026-10-25T02:30:00+01:00",
            "2026-10-25T04:30:00+01:00",
            "2026-10-25T04:30:00+01:00",
            None,
        ),
    ),
    # ... and over the US spring change an hour is lost.
    (
        "S1",
        "na",
        "2026-03-08T01:00:00-05:00",
        (
            "2026-03-08T04:00:00-04:00",
            "2026-03-08T06:00:00-04:00",
            "2026-03-08T06:00:00-04:00",
            None,
        ),
    ),
    # A Saturday in India (S1 ignores the weekend; S4 waits for Monday 11:00 IST).
    (
        "S1",
        "india",
        "2026-01-17T03:00:00Z",
        (
            "2026-01-17T10:30:00+05:30",
            "2026-01-17T12:30:00+05:30",
            "2026-01-17T12:30:00+05:30",
            None,
        ),
    ),
    ("S4", "india", "2026-01-17T03:00:00Z", ("2026-01-28T20:00:00+05:30", None, None, None)),
    # Singapore, reported from New York on the US change day at the APAC opening minute.
    (
        "S2",
        "apac",
        "2026-03-09T01:00:00-04:00",
        (
            "2026-03-09T16:00:00+08:00",
            "2026-03-11T19:00:00+08:00",
            "2026-03-16T16:00:00+08:00",
            "2026-03-11T19:00:00+08:00",
        ),
    ),
    (
        "S3",
        "apac",
        "2026-03-13T22:00:00+08:00",
        ("2026-03-18T19:00:00+08:00", "2026-03-27T22:00:00+08:00", None, None),
    ),
]


@pytest.mark.parametrize(("severity", "region", "reported", "expected"), CASES)
def test_deadlines(
    severity: str, region: str, reported: str, expected: tuple[str | None, ...]
) -> None:
    assert deadlines(severity, region, reported) == expected


def test_clock_hotline_and_start() -> None:
    reported = parse_reported_at("2026-01-17T03:00:00Z")  # a Saturday
    s1 = sla_deadlines(POLICY.targets(Severity.S1), POLICY.region("na"), reported)
    assert (s1.clock, s1.hotline) == (Clock.TWENTY_FOUR_SEVEN, HOTLINE)
    assert s1.reported_at.isoformat() == "2026-01-16T22:00:00-05:00"  # shown in the region's zone
    assert s1.clock_starts == s1.reported_at
    s3 = sla_deadlines(POLICY.targets(Severity.S3), POLICY.region("na"), reported)
    assert (s3.clock, s3.hotline) == (Clock.BUSINESS, None)
    assert s3.clock_starts.isoformat() == "2026-01-19T08:00:00-05:00"


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-01-15T09:30:00-05:00", "2026-01-15T14:30:00+00:00"),
        ("2026-01-15T14:30Z", "2026-01-15T14:30:00+00:00"),
        ("2026-01-15 20:00+05:30", "2026-01-15T14:30:00+00:00"),
        ("20260115T143000Z", "2026-01-15T14:30:00+00:00"),
        ("2026-01-15T14:30:00.250+00:00", "2026-01-15T14:30:00.250000+00:00"),
    ],
)
def test_reported_at_accepts_iso_8601_with_an_offset(text: str, utc: str) -> None:
    assert parse_reported_at(text).astimezone(timezone.utc).isoformat() == utc


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2026-01-15T09:30:00",
            "--reported-at '2026-01-15T09:30:00' has no UTC offset, so the moment is ambiguous: "
            "add the offset or Z, e.g. 2026-01-15T09:30:00-05:00 or 2026-01-15T14:30:00Z",
        ),
        (
            "2026-01-15",
            "--reported-at '2026-01-15' has no UTC offset, so the moment is ambiguous: "
            "add the offset or Z, e.g. 2026-01-15T09:30:00-05:00 or 2026-01-15T14:30:00Z",
        ),
        (
            "yesterday",
            "--reported-at 'yesterday' is not an ISO 8601 date-time: "
            "e.g. 2026-01-15T09:30:00-05:00 or 2026-01-15T14:30:00Z",
        ),
        (
            "2026-01-15T09:30 EST",
            "--reported-at '2026-01-15T09:30 EST' is not an ISO 8601 date-time: "
            "e.g. 2026-01-15T09:30:00-05:00 or 2026-01-15T14:30:00Z",
        ),
        (
            "2026-01-15T09:30:00-05:00/x" * 3,
            "--reported-at '2026-01-15T09:30:00-05:00/x2026-01-15...' is not an ISO 8601 "
            "date-time: e.g. 2026-01-15T09:30:00-05:00 or 2026-01-15T14:30:00Z",
        ),
    ],
)
def test_reported_at_errors(text: str, message: str) -> None:
    with pytest.raises(InvalidDate) as info:
        parse_reported_at(text)
    assert str(info.value) == message


def test_naive_reported_at_is_refused_by_the_library_too() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sla_deadlines(POLICY.targets(Severity.S3), POLICY.region("na"), datetime(2026, 1, 15, 9))
