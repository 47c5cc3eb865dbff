"""Scheduled Downtime (SPEC §8: §1.13, §4, §5.2), answer by answer: whole records and JSON
forms, every message and refusal word for word, windows that cross midnight or a repeated hour,
and the minute arithmetic on absolute minutes. Written to kill the mutants of
`eol_check.availability.rules` that tests/core/test_availability_rules.py lets through (see
docs/architecture.md, "Mutation testing")."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from eol_check.availability import Service, check_downtime
from eol_check.availability.rules import (
    DowntimeCheck,
    DowntimeFinding,
    in_window,
    judge,
    minute_span,
    minutes_between,
    terms_of,
)
from eol_check.errors import InputError, PolicyError
from eol_check.findings import Level
from eol_check.policy import Policy, load_policy

UTC = timezone.utc
EST = timezone(timedelta(hours=-5))
MINUTE = timedelta(minutes=1)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def with_window(policy: Policy, region: str, opens: str, closes: str) -> Policy:
    """The embedded policy with `region`'s Maintenance Window moved to `opens`–`closes`."""
    terms = policy.availability
    assert terms is not None
    windows = tuple(
        w.replace(opens=opens, closes=closes) if w.region == region else w for w in terms.windows
    )
    return policy.replace(availability=terms.replace(windows=windows))


# --- a whole answer ---------------------------------------------------------------------------

# Thursday 2026-01-15, 01:00–02:30 EST: inside North America's window, an hour and a half long,
# announced nine days and 23 hours before; 07:00–08:30 in Berlin, 14:00–15:30 in Singapore
# (support hours there open at 13:00).
START = utc("2026-01-15T06:00:00")
END = utc("2026-01-15T07:30:00")
ANNOUNCED = utc("2026-01-05T07:00:00")
ON_TIME = START - timedelta(days=10)  # exactly ten days


def test_a_whole_answer_for_three_regions(policy: Policy) -> None:
    regions = [policy.region("na"), policy.region("emea"), policy.region("apac")]
    answer = check_downtime(policy, Service.MOBILE, START, END, ANNOUNCED, regions)
    late = DowntimeFinding(
        level=Level.ERROR,
        code="late-notice",
        region=None,
        section="§1.13, §4, §5.2",
        message="it was announced 2026-01-05T07:00+00:00; Scheduled Downtime needs 10 days' "
        "notice: announce it by 2026-01-05T06:00+00:00",
    )
    long = DowntimeFinding(
        level=Level.ERROR,
        code="too-long",
        region=None,
        section="§4(i)",
        message="it lasts 90 minutes; Scheduled Downtime shall last no longer than 60 minutes each",
    )
    berlin = DowntimeFinding(
        level=Level.ERROR,
        code="outside-window",
        region="emea",
        section="§4(ii)",
        message="2026-01-15 07:00–08:30 Europe/Berlin is outside the Maintenance Window of "
        "Europe, Middle East, Africa, 01:00–05:00 Europe/Berlin (an interpretation)",
    )
    singapore = DowntimeFinding(
        level=Level.ERROR,
        code="outside-window",
        region="apac",
        section="§4(ii)",
        message="2026-01-15 14:00–15:30 Asia/Singapore is outside the Maintenance Window of "
        "Asia Pacific, 01:00–05:00 Asia/Singapore (an interpretation)",
    )
    singapore_hours = DowntimeFinding(
        level=Level.WARNING,
        code="in-support-hours",
        region="apac",
        section="§4(iii)",
        message="2026-01-15 14:00–15:30 Asia/Singapore overlaps the support hours of Asia "
        "Pacific (13:00–22:00 Asia/Singapore); the supplier shall use all reasonable efforts "
        "to avoid them",
    )
    # Notice and length once, though every region breaks them; then each region in turn.
    assert answer == DowntimeCheck(
        service=Service.MOBILE,
        start=START,
        end=END,
        announced_at=ANNOUNCED,
        announce_by=utc("2026-01-05T06:00:00"),
        regions=("na", "emea", "apac"),
        findings=(late, long, berlin, singapore, singapore_hours),
    )
    assert answer.ok is False
    assert answer.as_json() == {
        "ok": False,
        "service": "mobile",
        "start": "2026-01-15T06:00:00+00:00",
        "end": "2026-01-15T07:30:00+00:00",
        "minutes": 90,
        "announced_at": "2026-01-05T07:00:00+00:00",
        "announce_by": "2026-01-05T06:00:00+00:00",
        "regions": ["na", "emea", "apac"],
        "findings": [f.as_json() for f in (late, long, berlin, singapore, singapore_hours)],
    }
    assert singapore_hours.as_json() == {
        "level": "warning",
        "code": "in-support-hours",
        "region": "apac",
        "section": "§4(iii)",
        "message": singapore_hours.message,
    }
    assert late.as_json()["region"] is None


def test_a_region_named_twice_is_judged_once(policy: Policy) -> None:
    emea = policy.region("emea")
    answer = check_downtime(policy, Service.MOBILE, START, END, ANNOUNCED, [emea, emea])
    assert [(f.code, f.region) for f in answer.findings] == [
        ("late-notice", None),
        ("too-long", None),
        ("outside-window", "emea"),
    ]
    assert answer.regions == ("emea", "emea")


def test_an_unannounced_maintenance_given_in_local_time(policy: Policy) -> None:
    # Given with New York's winter offset, the latest announcement is shown in that offset too.
    start = START.astimezone(EST)
    answer = check_downtime(
        policy, Service.SAAS, start, start + 30 * MINUTE, None, [policy.region("na")]
    )
    assert answer.announce_by.isoformat() == "2026-01-05T01:00:00-05:00"
    assert answer.findings == (
        DowntimeFinding(
            level=Level.ERROR,
            code="late-notice",
            region=None,
            section="§1.13, §4, §5.2",
            message="it is not announced; Scheduled Downtime needs 10 days' notice: "
            "announce it by 2026-01-05T01:00-05:00",
        ),
    )
    assert not answer.ok
    as_json = answer.as_json()
    assert as_json["announced_at"] is None
    assert as_json["announce_by"] == "2026-01-05T01:00:00-05:00"
    assert as_json["start"] == "2026-01-15T01:00:00-05:00"
    assert as_json["minutes"] == 30
    assert as_json["ok"] is False


def test_warnings_alone_keep_it_scheduled(policy: Policy) -> None:
    # SaaS, 07:00–08:30 EST on a Thursday: outside the window and over an hour are notified
    # (§5.2), support hours (08:00) a reasonable effort (§4(iii)); none is an error.
    start, end = utc("2026-01-15T12:00:00"), utc("2026-01-15T13:30:00")
    answer = check_downtime(
        policy, Service.SAAS, start, end, start - timedelta(days=10), [policy.region("na")]
    )
    assert answer.findings == (
        DowntimeFinding(
            level=Level.WARNING,
            code="too-long",
            region=None,
            section="§5.2",
            message="it lasts 90 minutes: customers must be notified of Scheduled Downtime "
            "over 60 minutes",
        ),
        DowntimeFinding(
            level=Level.WARNING,
            code="outside-window",
            region="na",
            section="§1.13",
            message="2026-01-15 07:00–08:30 America/New_York is outside the Maintenance Window "
            "of North America, 01:00–05:00 America/New_York",
        ),
        DowntimeFinding(
            level=Level.WARNING,
            code="in-support-hours",
            region="na",
            section="§4(iii)",
            message="2026-01-15 07:00–08:30 America/New_York overlaps the support hours of "
            "North America (08:00–20:00 America/New_York); the supplier shall use all "
            "reasonable efforts to avoid them",
        ),
    )
    assert answer.ok is True
    assert answer.as_json()["ok"] is True


def test_a_span_over_local_midnight_shows_both_dates(policy: Policy) -> None:
    # 23:30 Wednesday to 00:15 Thursday in New York: outside the window, dates both shown.
    start = utc("2026-01-15T04:30:00")
    [finding] = judge(
        policy,
        Service.MOBILE,
        start,
        start + 45 * MINUTE,
        start - timedelta(days=20),
        policy.region("na"),
    )
    assert finding.message == (
        "2026-01-14 23:30–2026-01-15 00:15 America/New_York is outside the Maintenance Window "
        "of North America, 01:00–05:00 America/New_York"
    )


# --- length (§4(i)): 60 minutes pass, anything over does not --------------------------------


@pytest.mark.parametrize(
    ("length", "said"),
    [
        (timedelta(minutes=60, seconds=1), "60 minutes 1 s"),
        (timedelta(minutes=61, seconds=30), "61 minutes 30 s"),
        (timedelta(minutes=60, microseconds=1), "60 minutes"),
        (timedelta(hours=3, minutes=1), "181 minutes"),
    ],
)
def test_over_an_hour_by_any_amount(policy: Policy, length: timedelta, said: str) -> None:
    found = judge(policy, Service.MOBILE, START, START + length, ON_TIME, policy.region("na"))
    too_long = [f for f in found if f.code == "too-long"]
    assert [f.message for f in too_long] == [
        f"it lasts {said}; Scheduled Downtime shall last no longer than 60 minutes each"
    ]


def test_one_minute_is_said_in_the_singular(policy: Policy) -> None:
    terms = policy.availability
    assert terms is not None
    one = policy.replace(availability=terms.replace(scheduled_max_minutes=1))
    found = judge(one, Service.SAAS, START, START + 2 * MINUTE, ON_TIME, policy.region("na"))
    assert found[0].message == (
        "it lasts 2 minutes: customers must be notified of Scheduled Downtime over 1 minute"
    )
    found = judge(one, Service.MOBILE, START, START + 2 * MINUTE, ON_TIME, policy.region("na"))
    assert found[0].message == (
        "it lasts 2 minutes; Scheduled Downtime shall last no longer than 1 minute each"
    )
    # One minute and a second: the singular, with the seconds.
    found = judge(
        policy.replace(availability=terms.replace(scheduled_max_minutes=0)),
        Service.MOBILE,
        START,
        START + timedelta(seconds=61),
        START - timedelta(days=10),
        policy.region("na"),
    )
    assert found[0].message == (
        "it lasts 1 minute 1 s; Scheduled Downtime shall last no longer than 0 minutes each"
    )


def test_the_notice_and_the_limit_come_from_the_policy(policy: Policy) -> None:
    terms = policy.availability
    assert terms is not None
    seven = policy.replace(availability=terms.replace(notice_days=7, scheduled_max_minutes=90))
    na = policy.region("na")
    # Announced 9 days and 23 hours before: enough for seven days; 90 minutes: allowed.
    assert judge(seven, Service.MOBILE, START, END, ANNOUNCED, na) == []
    answer = check_downtime(seven, Service.MOBILE, START, END, None, [na])
    assert answer.announce_by == utc("2026-01-08T06:00:00")
    assert [f.message for f in answer.findings] == [
        "it is not announced; Scheduled Downtime needs 7 days' notice: "
        "announce it by 2026-01-08T06:00+00:00"
    ]


def test_a_service_without_a_rule_keeps_it_as_a_warning_or_not_at_all(policy: Policy) -> None:
    terms = policy.availability
    assert terms is not None
    services = tuple(s.replace(scheduled_rules=()) for s in terms.services)
    lax = policy.replace(availability=terms.replace(services=services))
    # Not announced, too long and outside Berlin's window: nothing is an error any more.
    found = judge(lax, Service.MOBILE, START, END, None, policy.region("emea"))
    assert [(f.level, f.code, f.section) for f in found] == [
        (Level.WARNING, "too-long", "§5.2"),
        (Level.WARNING, "outside-window", "§1.13"),
    ]


# --- the Maintenance Window (§4(ii)) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "minutes", "inside"),
    [
        # A window from 22:00 to 02:00 New York time, across local midnight.
        ("2026-01-15T03:00:00", 60, True),  # 22:00–23:00 on the day it opens
        ("2026-01-15T02:59:00", 60, False),  # a minute before it opens
        ("2026-01-15T06:00:00", 60, True),  # 01:00–02:00 the next day: opened the day before
        ("2026-01-15T06:01:00", 60, False),  # a minute past 02:00
        ("2026-01-15T04:30:00", 60, True),  # 23:30–00:30, over midnight
        ("2026-01-15T03:00:00", 240, True),  # the whole window
        ("2026-01-15T03:00:00", 241, False),
        ("2026-01-14T06:00:00", 60, True),  # 01:00–02:00 a day earlier
        ("2026-01-15T12:00:00", 60, False),  # 07:00 in the morning
    ],
)
def test_a_window_across_midnight(policy: Policy, start: str, minutes: int, inside: bool) -> None:
    late = with_window(policy, "na", "22:00", "02:00")
    window = late.availability.window("na")  # type: ignore[union-attr]
    assert window is not None
    a = utc(start)
    assert in_window(a, a + minutes * MINUTE, window, late.region("na")) is inside


@pytest.mark.parametrize(
    ("opens", "closes", "start", "end", "inside"),
    [
        # 2026-11-01 in New York: 01:00–02:00 happens twice (EDT 05:00–06:00 UTC, then EST
        # 06:00–07:00 UTC). A window taken at its widest opens at the first 01:30 and closes at
        # the last 01:30.
        ("01:30", "04:00", "2026-11-01T05:30:00", "2026-11-01T06:00:00", True),
        ("01:30", "04:00", "2026-11-01T05:29:00", "2026-11-01T06:00:00", False),
        ("00:00", "01:30", "2026-11-01T06:00:00", "2026-11-01T06:30:00", True),
        ("00:00", "01:30", "2026-11-01T06:00:00", "2026-11-01T06:31:00", False),
        # The spring-forward night (2026-03-08): 02:00–03:00 does not exist; a window opening at
        # 02:30 opens at 03:30 EDT (07:30 UTC), the wall time read with the offset before.
        ("02:30", "05:00", "2026-03-08T07:30:00", "2026-03-08T08:00:00", True),
        ("02:30", "05:00", "2026-03-08T07:29:00", "2026-03-08T08:00:00", False),
    ],
)
def test_a_window_edge_in_a_repeated_or_missing_hour(
    policy: Policy, opens: str, closes: str, start: str, end: str, inside: bool
) -> None:
    moved = with_window(policy, "na", opens, closes)
    window = moved.availability.window("na")  # type: ignore[union-attr]
    assert window is not None
    assert in_window(utc(start), utc(end), window, moved.region("na")) is inside


@pytest.mark.parametrize(
    ("start", "inside"),
    [
        # Honolulu (UTC−10), a window from 22:00 to 02:00. At 01:00 on Thursday 15 January in
        # Honolulu (11:00 UTC) the window opened on Wednesday's date; on the machine's clock
        # (Pacific/Chatham in the mutation run, UTC+13:45) it is already Friday.
        ("2026-01-15T11:00:00", True),
        ("2026-01-15T08:00:00", True),  # 22:00 Wednesday: the day it opens
        ("2026-01-15T11:31:00", False),  # 01:31–02:01
    ],
)
def test_a_window_is_dated_in_the_region_not_on_the_machine(
    policy: Policy, start: str, inside: bool
) -> None:
    late = with_window(policy, "na", "22:00", "02:00")
    window = late.availability.window("na")  # type: ignore[union-attr]
    assert window is not None
    honolulu = late.region("na").replace(zone="Pacific/Honolulu")
    a = utc(start)
    assert in_window(a, a + 30 * MINUTE, window, honolulu) is inside


def test_times_given_in_the_regions_own_zone_compare_as_instants(policy: Policy) -> None:
    # 2026-11-01 in New York, a window 00:00–01:30 taken at its widest: it closes at the second
    # 01:30 (EST, 06:30 UTC). A maintenance given in the zone itself from 01:00 to 01:31 EDT
    # (the first pass) ends at 05:31 UTC: inside, though 01:31 is past 01:30 on the wall.
    moved = with_window(policy, "na", "00:00", "01:30")
    window = moved.availability.window("na")  # type: ignore[union-attr]
    assert window is not None
    na = moved.region("na")
    start = datetime(2026, 11, 1, 1, 0, tzinfo=na.tz)
    end = datetime(2026, 11, 1, 1, 31, tzinfo=na.tz)
    assert end.astimezone(UTC) == utc("2026-11-01T05:31:00")
    assert in_window(start, end, window, na) is True
    # And the second pass: 01:31 EST is past the window.
    assert in_window(start, end.replace(fold=1), window, na) is False


def test_a_region_without_a_window_is_not_judged_on_one(policy: Policy) -> None:
    terms = policy.availability
    assert terms is not None
    windows = tuple(w for w in terms.windows if w.region != "emea")
    no_window = policy.replace(availability=terms.replace(windows=windows))
    # 07:00–07:45 in Berlin on a Thursday: outside where a window is set, nothing where none is.
    found = judge(
        no_window,
        Service.MOBILE,
        START,
        START + 45 * MINUTE,
        ON_TIME,
        no_window.region("emea"),
    )
    assert found == []
    assert (
        judge(
            policy,
            Service.MOBILE,
            START,
            START + 45 * MINUTE,
            ON_TIME,
            policy.region("emea"),
        )[0].code
        == "outside-window"
    )


# --- support hours (§4(iii)) in every region -----------------------------------------------------


@pytest.mark.parametrize(
    ("region", "opens_utc"),
    [
        ("na", "2026-01-15T13:00:00"),  # 08:00 EST
        ("emea", "2026-01-15T08:00:00"),  # 09:00 CET
        ("apac", "2026-01-15T05:00:00"),  # 13:00 SGT
        ("india", "2026-01-15T05:30:00"),  # 11:00 IST
    ],
)
@pytest.mark.parametrize(
    ("offset", "warned"),
    [(0, False), (1, True), (-1, False)],  # ends at opening; a minute into it; starts at it
)
def test_support_hours_open_in_each_region(
    policy: Policy, region: str, opens_utc: str, offset: int, warned: bool
) -> None:
    opens = utc(opens_utc)
    if offset >= 0:
        start, end = opens - timedelta(minutes=30) + offset * MINUTE, opens + offset * MINUTE
    else:
        start, end = opens, opens + 30 * MINUTE
        warned = True
    found = judge(
        policy, Service.SAAS, start, end, start - timedelta(days=30), policy.region(region)
    )
    assert ("in-support-hours" in [f.code for f in found]) is warned


# --- refusals, word for word ---------------------------------------------------------------------


@pytest.mark.parametrize("naive", ["start", "end", "announced"])
def test_a_time_without_an_offset_is_refused(policy: Policy, naive: str) -> None:
    given = {"start": START, "end": END, "announced": ANNOUNCED}
    given[naive] = given[naive].replace(tzinfo=None)
    with pytest.raises(InputError) as caught:
        check_downtime(
            policy,
            Service.SAAS,
            given["start"],
            given["end"],
            given["announced"],
            [policy.region("na")],
        )
    assert str(caught.value) == (f"--{naive} needs a UTC offset, e.g. 2026-03-01T02:00:00-05:00")


def test_an_end_before_the_start_is_refused(policy: Policy) -> None:
    with pytest.raises(InputError) as caught:
        check_downtime(policy, Service.MOBILE, END, START, None, [policy.region("na")])
    assert str(caught.value) == (
        "--end 2026-01-15T06:00:00+00:00 is not after --start 2026-01-15T07:30:00+00:00"
    )


def test_a_policy_without_availability_terms_is_refused(policy: Policy) -> None:
    bare = policy.replace(availability=None)
    with pytest.raises(PolicyError) as caught:
        check_downtime(bare, Service.MOBILE, START, END, None, [policy.region("na")])
    assert str(caught.value) == "the policy has no [availability] table (SPEC §8)"
    with pytest.raises(PolicyError) as caught:
        judge(bare, Service.MOBILE, START, END, None, policy.region("na"))
    assert str(caught.value) == "the policy has no [availability] table (SPEC §8)"


@pytest.mark.parametrize("service", list(Service))
def test_a_policy_without_the_service_is_refused(policy: Policy, service: Service) -> None:
    terms = policy.availability
    assert terms is not None
    others = tuple(s for s in terms.services if s.id != service.value)
    partial = policy.replace(availability=terms.replace(services=others))
    with pytest.raises(PolicyError) as caught:
        terms_of(partial, service)
    assert str(caught.value) == f"the policy has no [availability.services.{service}] table"
    kept, service_terms = terms_of(policy, service)
    assert kept is terms
    assert service_terms.id == service.value


def test_a_service_reads_as_its_name() -> None:
    assert [str(s) for s in Service] == ["mobile", "saas"]
    assert f"{Service.SAAS}" == "saas"


# --- minutes: UTC minutes since the epoch, a minute counts when touched -------------------------


@pytest.mark.parametrize(
    ("start", "end", "span"),
    [
        ("1970-01-01T00:00:00", "1970-01-01T00:01:00", (0, 1)),
        ("1970-01-01T00:01:00", "1970-01-01T00:01:00.000001", (1, 2)),
        ("1970-01-01T00:00:59.999999", "1970-01-01T00:02:00", (0, 2)),
        ("2026-01-01T00:00:00", "2026-01-01T00:00:00", (29_453_760, 29_453_760)),
        # An end before the start touches nothing.
        ("2026-01-01T00:10:00", "2026-01-01T00:05:00", (29_453_770, 29_453_770)),
    ],
)
def test_minute_span_counts_from_the_epoch(start: str, end: str, span: tuple[int, int]) -> None:
    assert minute_span(utc(start), utc(end)) == span
    assert minutes_between(utc(start), utc(end)) == span[1] - span[0]


def test_minutes_of_a_span_given_in_another_offset() -> None:
    # 00:00:30–01:00:30 EST touches 61 UTC minutes.
    start = datetime(2026, 1, 15, 0, 0, 30, tzinfo=EST)
    assert minutes_between(start, start + timedelta(hours=1)) == 61
    assert minute_span(start, start + timedelta(hours=1))[0] == 29_474_220
