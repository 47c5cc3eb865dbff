"""SLA deadlines (§3.6, SPEC §3.4): per severity and clock, in each region, and --reported-at."""

from __future__ import annotations

import re
import sys
from datetime import date, datetime, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eol_check._data import data_dir
from eol_check._format import due_in
from eol_check.errors import InvalidDate
from eol_check.policy import Clock, Coverage, Policy, Severity, load_policy
from eol_check.sla import DueIn, _as_310_reads, parse_reported_at, sla_deadlines

POLICY: Policy = load_policy(data_dir() / "policy.toml")
HOTLINE = "+1-985-464-2515"


def deadlines(
    severity: str, region: str, reported: str, coverage: str = "business"
) -> tuple[str | None, ...]:
    sla = sla_deadlines(
        POLICY.targets(Severity(severity)),
        POLICY.region(region),
        parse_reported_at(reported),
        Coverage(coverage),
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


# (severity, region, coverage, reported at, (response, next update, workaround, its target))
CASES = [
    # A Wednesday evening in New York, an hour before closing. §3.6's closing paragraph: every
    # clock runs on support hours, S1 too (1 h on Wednesday, the rest from Thursday 08:00).
    (
        "S1",
        "na",
        "business",
        "2026-01-14T19:00:00-05:00",
        (
            "2026-01-15T09:00:00-05:00",
            "2026-01-15T11:00:00-05:00",
            "2026-01-15T11:00:00-05:00",
            None,
        ),
    ),
    # ... with special services (coverage 24x7) S1 runs around the clock,
    (
        "S1",
        "na",
        "24x7",
        "2026-01-14T19:00:00-05:00",
        (
            "2026-01-14T21:00:00-05:00",
            "2026-01-14T23:00:00-05:00",
            "2026-01-14T23:00:00-05:00",
            None,
        ),
    ),
    # ... and so does S2.
    (
        "S2",
        "na",
        "24x7",
        "2026-01-14T19:00:00-05:00",
        (
            "2026-01-14T22:00:00-05:00",
            "2026-01-15T19:00:00-05:00",
            "2026-01-16T19:00:00-05:00",
            "2026-01-15T19:00:00-05:00",
        ),
    ),
    (
        "S2",
        "na",
        "business",
        "2026-01-14T19:00:00-05:00",
        (
            "2026-01-15T10:00:00-05:00",
            "2026-01-16T19:00:00-05:00",
            "2026-01-20T19:00:00-05:00",
            "2026-01-16T19:00:00-05:00",
        ),
    ),
    # S3 and S4 stay on support hours whatever the coverage.
    *(
        (
            "S3",
            "na",
            coverage,
            "2026-01-14T19:00:00-05:00",
            ("2026-01-16T19:00:00-05:00", "2026-01-28T19:00:00-05:00", None, None),
        )
        for coverage in ("business", "24x7")
    ),
    *(
        (
            "S4",
            "na",
            coverage,
            "2026-01-14T19:00:00-05:00",
            ("2026-01-22T19:00:00-05:00", None, None, None),
        )
        for coverage in ("business", "24x7")
    ),
    # Friday 17:00 in Berlin before the EU change (2026-03-29), reported in UTC.
    (
        "S2",
        "emea",
        "business",
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
        "business",
        "2026-03-27T16:00:00Z",
        ("2026-04-01T14:00:00+02:00", "2026-04-10T17:00:00+02:00", None, None),
    ),
    # The night of the EU autumn change (a Sunday): on support hours the clock waits for Monday,
    (
        "S1",
        "emea",
        "business",
        "2026-10-25T01:30:00+02:00",
        (
            "2026-10-26T11:00:00+01:00",
            "2026-10-26T13:00:00+01:00",
            "2026-10-26T13:00:00+01:00",
            None,
        ),
    ),
    # ... on the 24/7 clock an hour is repeated,
    (
        "S1",
        "emea",
        "24x7",
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
        "24x7",
        "2026-03-08T01:00:00-05:00",
        (
            "2026-03-08T04:00:00-04:00",
            "2026-03-08T06:00:00-04:00",
            "2026-03-08T06:00:00-04:00",
            None,
        ),
    ),
    (
        "S1",
        "na",
        "business",
        "2026-03-08T01:00:00-05:00",
        (
            "2026-03-09T10:00:00-04:00",
            "2026-03-09T12:00:00-04:00",
            "2026-03-09T12:00:00-04:00",
            None,
        ),
    ),
    # A Saturday in India: on 24/7 S1 ignores the weekend; otherwise Monday 11:00 IST.
    (
        "S1",
        "india",
        "24x7",
        "2026-01-17T03:00:00Z",
        (
            "2026-01-17T10:30:00+05:30",
            "2026-01-17T12:30:00+05:30",
            "2026-01-17T12:30:00+05:30",
            None,
        ),
    ),
    (
        "S1",
        "india",
        "business",
        "2026-01-17T03:00:00Z",
        (
            "2026-01-19T13:00:00+05:30",
            "2026-01-19T15:00:00+05:30",
            "2026-01-19T15:00:00+05:30",
            None,
        ),
    ),
    (
        "S4",
        "india",
        "business",
        "2026-01-17T03:00:00Z",
        ("2026-01-28T20:00:00+05:30", None, None, None),
    ),
    # Singapore, reported from New York on the US change day at the APAC opening minute.
    (
        "S2",
        "apac",
        "business",
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
        "business",
        "2026-03-13T22:00:00+08:00",
        ("2026-03-18T19:00:00+08:00", "2026-03-27T22:00:00+08:00", None, None),
    ),
]


@pytest.mark.parametrize(("severity", "region", "coverage", "reported", "expected"), CASES)
def test_deadlines(
    severity: str, region: str, coverage: str, reported: str, expected: tuple[str | None, ...]
) -> None:
    assert deadlines(severity, region, reported, coverage) == expected


def test_clock_hotline_and_start() -> None:
    reported = parse_reported_at("2026-01-17T03:00:00Z")  # a Saturday
    s1 = sla_deadlines(POLICY.targets(Severity.S1), POLICY.region("na"), reported)
    assert (s1.clock, s1.coverage, s1.hotline) == (Clock.BUSINESS, Coverage.BUSINESS, HOTLINE)
    assert s1.hotline_hours is Clock.TWENTY_FOUR_SEVEN  # §1.3(a): the S1 line is always open
    assert s1.reported_at.isoformat() == "2026-01-16T22:00:00-05:00"  # shown in the region's zone
    assert s1.clock_starts.isoformat() == "2026-01-19T08:00:00-05:00"
    s1 = sla_deadlines(
        POLICY.targets(Severity.S1), POLICY.region("na"), reported, Coverage.TWENTY_FOUR_SEVEN
    )
    assert (s1.clock, s1.coverage) == (Clock.TWENTY_FOUR_SEVEN, Coverage.TWENTY_FOUR_SEVEN)
    assert s1.clock_starts == s1.reported_at
    s2 = sla_deadlines(POLICY.targets(Severity.S2), POLICY.region("na"), reported)
    assert (s2.hotline, s2.hotline_hours) == (HOTLINE, Clock.BUSINESS)  # §3.6, not §1.3(a)
    s3 = sla_deadlines(POLICY.targets(Severity.S3), POLICY.region("na"), reported)
    assert (s3.clock, s3.hotline, s3.hotline_hours) == (Clock.BUSINESS, None, None)
    assert s3.clock_starts.isoformat() == "2026-01-19T08:00:00-05:00"
    # §3.6: "Company does not guarantee a Malfunction fix, workaround ... within these timeframes"
    assert (s1.workaround_guaranteed, s2.workaround_guaranteed) == (False, False)


# (severity, coverage, reported at, the first five updates): each from the one before.
UPDATES = [
    # S1 every 4 h on support hours (12 h a day in New York): 3 a day, then over the weekend.
    (
        "S1",
        "business",
        "2026-01-15T12:00:00-05:00",
        [
            "2026-01-15T16:00:00-05:00",
            "2026-01-15T20:00:00-05:00",
            "2026-01-16T12:00:00-05:00",
            "2026-01-16T16:00:00-05:00",
            "2026-01-16T20:00:00-05:00",
        ],
    ),
    # ... a sixth would be Monday 12:00; on 24/7 they run through the night.
    (
        "S1",
        "24x7",
        "2026-01-15T22:00:00-05:00",
        [
            "2026-01-16T02:00:00-05:00",
            "2026-01-16T06:00:00-05:00",
            "2026-01-16T10:00:00-05:00",
            "2026-01-16T14:00:00-05:00",
            "2026-01-16T18:00:00-05:00",
        ],
    ),
    # S2 every 24 business hours: two New York days each.
    (
        "S2",
        "business",
        "2026-01-14T19:00:00-05:00",
        [
            "2026-01-16T19:00:00-05:00",
            "2026-01-20T19:00:00-05:00",
            "2026-01-22T19:00:00-05:00",
            "2026-01-26T19:00:00-05:00",
            "2026-01-28T19:00:00-05:00",
        ],
    ),
    # S3 every 10 business days, counted on support hours whatever the coverage.
    (
        "S3",
        "24x7",
        "2026-01-14T19:00:00-05:00",
        [
            "2026-01-28T19:00:00-05:00",
            "2026-02-11T19:00:00-05:00",
            "2026-02-25T19:00:00-05:00",
            "2026-03-11T19:00:00-04:00",
            "2026-03-25T19:00:00-04:00",
        ],
    ),
    ("S4", "business", "2026-01-14T19:00:00-05:00", []),
]


@pytest.mark.parametrize(("severity", "coverage", "reported", "expected"), UPDATES)
def test_updates_due(severity: str, coverage: str, reported: str, expected: list[str]) -> None:
    sla = sla_deadlines(
        POLICY.targets(Severity(severity)),
        POLICY.region("na"),
        parse_reported_at(reported),
        Coverage(coverage),
    )
    assert [u.isoformat() for u in sla.updates_due] == expected
    assert sla.next_update_due == (sla.updates_due[0] if expected else None)


def test_due_in_minutes_counts_down_and_goes_negative_once_breached() -> None:
    reported = parse_reported_at("2026-01-14T19:00:00-05:00")
    s2 = sla_deadlines(POLICY.targets(Severity.S2), POLICY.region("na"), reported)
    # response 2026-01-15 10:00, first update 01-16 19:00, workaround 01-20 19:00 (New York)
    at = parse_reported_at
    assert s2.due_in(at("2026-01-15T07:50:00-05:00")) == DueIn(
        130, 24 * 60 + 11 * 60 + 10, 5 * 24 * 60 + 11 * 60 + 10
    )
    assert s2.due_in(at("2026-01-15T10:00:00-05:00")).response == 0  # due now: not yet breached
    assert s2.due_in(at("2026-01-15T10:00:30-05:00")).response == -1
    assert s2.due_in(at("2026-01-15T15:40:00Z")).response == -40  # another zone, same moment
    s4 = sla_deadlines(POLICY.targets(Severity.S4), POLICY.region("na"), reported)
    assert s4.due_in(at("2026-01-22T18:00:00-05:00")) == DueIn(60, None, None)
    with pytest.raises(ValueError, match="timezone-aware"):
        s4.due_in(datetime(2026, 1, 15, 9))


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (130, "due in 2 h 10 m"),
        (120, "due in 2 h"),
        (59, "due in 59 min"),
        (1, "due in 1 min"),
        (0, "due now"),
        (-1, "BREACHED 1 min ago"),
        (-40, "BREACHED 40 min ago"),
        (-61, "BREACHED 1 h 1 m ago"),
        (24 * 60, "due in 1 d"),
        (3 * 24 * 60 + 5 * 60 + 59, "due in 3 d 5 h"),
        (-(2 * 24 * 60 + 60), "BREACHED 2 d 1 h ago"),
    ],
)
def test_due_in_words(minutes: int, words: str) -> None:
    assert due_in(minutes) == words


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


_ISO_PARTS = st.tuples(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
    st.booleans(),  # basic date
    st.sampled_from(["T", "t", " "]),
    st.integers(min_value=0, max_value=23),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=0, max_value=59),
    st.sampled_from([1, 2, 3]),  # hours; hours and minutes; and seconds
    st.booleans(),  # basic time
    st.text(alphabet="0123456789", max_size=9),
    st.sampled_from([".", ","]),
    st.sampled_from(["", "Z", "+05", "-0330", "+05:30", "-11:00"]),
)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="3.11's reader is the reference")
@given(_ISO_PARTS)
def test_the_310_rewrite_reads_what_311_reads(parts: tuple[Any, ...]) -> None:
    day, basic_date, sep, hour, minute, second, count, basic, fraction, mark, offset = parts
    fields = [f"{hour:02d}", f"{minute:02d}", f"{second:02d}"][:count]
    text = (
        (day.strftime("%Y%m%d") if basic_date else day.isoformat())
        + sep
        + ("" if basic else ":").join(fields)
        + (mark + fraction if fraction and count == 3 else "")
        + offset
    )
    rewritten = _as_310_reads(text)
    # the rewrite is the one form 3.10 reads: what isoformat() writes
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?([+-]\d\d:\d\d)?", rewritten)
    assert datetime.fromisoformat(rewritten) == datetime.fromisoformat(text)


@pytest.mark.parametrize(
    "text", ["2026-W03-4T09:30", "2026-01-15", "soon", "2026-01-15T9:30", "2026-01-15T09:30z"]
)
def test_the_310_rewrite_leaves_other_text_alone(text: str) -> None:
    assert _as_310_reads(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-15T14:30:00Z", "2026-01-15T14:30:00+00:00"),
        ("20260115T0930-0500", "2026-01-15T09:30:00-05:00"),
        ("2026-01-15 09:30:00,5+01:00", "2026-01-15T09:30:00.500000+01:00"),
    ],
)
def test_iso_forms_311_reads_are_read_on_every_python(text: str, expected: str) -> None:
    """On 3.10 through the rewrite, on 3.11+ by fromisoformat itself."""
    assert parse_reported_at(text).isoformat() == expected
