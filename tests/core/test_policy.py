"""The policy as data (SPEC §3.3, §3.4, §4.2): the embedded policy, and malformed policies.

Every malformed policy gives one message naming the file and the key path, and exit 3 from a
command that needs it.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from eol_check._data import data_dir
from eol_check.errors import PolicyError, UnknownName
from eol_check.policy import Clock, Coverage, Policy, Scope, Severity, Status, load_policy

from ..conftest import malformed_file

BASE = (data_dir() / "policy.toml").read_text(encoding="utf-8")


def replaced(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


ROWS = (
    "unreleased, prerelease, unknown, current, supported, support-tail, upgrade-window, unsupported"
)
CURRENT_ROW = (
    'current          = { S1 = "full",       S2 = "full",       S3 = "full",    S4 = "full" }'
)
UNRELEASED_ROW = (
    'unreleased       = { S1 = "none",       S2 = "none",       S3 = "none",    S4 = "none" }'
)
WEEK = '["Mon", "Tue", "Wed", "Thu", "Fri"]'
S1_CLOCK = 'clock = { business = "business", 24x7 = "24x7" }  #'

# (name, policy text, the message after "FILE: ")
MALFORMED: list[tuple[str, str, str]] = [
    (
        "toml-syntax",
        replaced("[lifecycle]", "[lifecycle"),
        "invalid TOML: Expected ']' at the end of a table declaration (at line 30, column 11)",
    ),
    (
        "schema-newer",
        replaced("schema = 1", "schema = 2"),
        "schema: version 2 is newer than this eol-check understands (1)",
    ),
    (
        "unknown-key",
        replaced("schema = 1", "schema = 1\nversion = 3"),
        "version: unknown key (expected one of: schema, source, contact, policy_url, lifecycle, "
        "entitlement, regions, severities, availability)",
    ),
    (
        "tail-negative",
        replaced("support_tail_months = 6", "support_tail_months = -1"),
        "lifecycle.support_tail_months: expected an integer from 0 to 1200, got -1",
    ),
    (
        "tail-float",
        replaced("support_tail_months = 6", "support_tail_months = 6.5"),
        "lifecycle.support_tail_months: expected an integer from 0 to 1200, got 6.5",
    ),
    (
        "tail-bool",
        replaced("support_tail_months = 6", "support_tail_months = true"),
        "lifecycle.support_tail_months: expected an integer from 0 to 1200, got true",
    ),
    (
        "window-shorter",
        replaced("upgrade_window_months = 12", "upgrade_window_months = 3"),
        "lifecycle.upgrade_window_months: 3 is shorter than support_tail_months (6)",
    ),
    (
        "window-missing",
        replaced("upgrade_window_months = 12\n", ""),
        "lifecycle.upgrade_window_months: missing",
    ),
    (
        "lifecycle-unknown",
        replaced("upgrade_window_months = 12\n", "upgrade_window_months = 12\ngrace_days = 3\n"),
        "lifecycle.grace_days: unknown key (expected one of: support_tail_months, "
        "upgrade_window_months)",
    ),
    (
        "scope-typo",
        replaced('S3 = "upgrade", S4 = "upgrade" }', 'S3 = "upgrde", S4 = "upgrade" }'),
        "entitlement.supported.S3: expected one of full, none, upgrade, workaround, got 'upgrde'",
    ),
    ("status-row-missing", replaced(UNRELEASED_ROW, ""), "entitlement.unreleased: missing"),
    (
        "status-row-unknown",
        replaced(UNRELEASED_ROW, UNRELEASED_ROW + "\nretired = {}"),
        f"entitlement.retired: unknown key (expected one of: {ROWS})",
    ),
    (
        "severity-missing-in-row",
        replaced(CURRENT_ROW, 'current = { S1 = "full", S2 = "full", S3 = "full" }'),
        "entitlement.current.S4: missing",
    ),
    (
        "zone-abbreviation",
        replaced('zone = "America/New_York"', 'zone = "EST"'),
        "regions.na.zone: expected an IANA zone like 'America/New_York', not an abbreviation, "
        "got 'EST'",
    ),
    (
        "zone-unknown",
        replaced('zone = "America/New_York"', 'zone = "America/Nowhere"'),
        "regions.na.zone: 'America/Nowhere' is not a known IANA time zone",
    ),
    (
        "closes-before-opens",
        replaced("closes = 20:00:00", "closes = 07:00:00"),
        "regions.na.closes: 07:00:00 is not after opens (08:00:00)",
    ),
    (
        "opens-string",
        replaced("opens = 08:00:00", 'opens = "08:00"'),
        "regions.na.opens: expected a time of day (HH:MM:SS, unquoted), got '08:00'",
    ),
    (
        "workdays-names",
        replaced(f"workdays = {WEEK}", 'workdays = ["Monday"]'),
        "regions.na.workdays: expected an array of Mon Tue Wed Thu Fri Sat Sun, got ['Monday']",
    ),
    (
        "workdays-empty",
        replaced(f"workdays = {WEEK}", "workdays = []"),
        "regions.na.workdays: expected an array of Mon Tue Wed Thu Fri Sat Sun, got []",
    ),
    (
        "closed-dates-strings",
        replaced("closed_dates = []", 'closed_dates = ["2026-12-25"]'),
        "regions.na.closed_dates: expected an array of dates from 1900-01-01 to 2999-12-31, "
        "got ['2026-12-25']",
    ),
    ("region-name-missing", replaced('name = "North America"\n', ""), "regions.na.name: missing"),
    (
        "region-not-table",
        replaced("[regions.na]", "[regions]\nna = 5\n[regions.xx]"),
        "regions.na: expected a table, got 5",
    ),
    (
        "severity-unknown",
        BASE + '\n[severities.S5]\nname = "Trivial"\ndescription = "x"\n'
        'clock = "business"\nresponse_hours = 100\n',
        "severities.S5: expected one of the severities S1, S2, S3, S4",
    ),
    ("severity-missing", BASE[: BASE.index("[severities.S4]")], "severities.S4: missing"),
    (
        "clock-unknown",
        replaced('clock = "business" ', 'clock = "always" '),
        "severities.S3.clock: expected '24x7' or 'business', got 'always'",
    ),
    (
        "clock-coverage-unknown",
        replaced('24x7 = "24x7" }  #', '24x7 = "always" }  #'),
        "severities.S1.clock.24x7: expected '24x7' or 'business', got 'always'",
    ),
    (
        "clock-coverage-missing",
        replaced(S1_CLOCK, 'clock = { business = "business" }  #'),
        "severities.S1.clock.24x7: missing",
    ),
    (
        "clock-coverage-typo",
        replaced(S1_CLOCK, 'clock = { business = "business", 24x7 = "24x7", x = "" }  #'),
        "severities.S1.clock.x: unknown key (expected one of: business, 24x7)",
    ),
    (
        "clock-number",
        replaced('clock = "business" ', "clock = 24 "),
        "severities.S3.clock: expected '24x7', 'business' or a table of them per coverage, got 24",
    ),
    (
        "hotline-hours-unknown",
        replaced('hotline_hours = "24x7"', 'hotline_hours = "always"'),
        "severities.S1.hotline_hours: expected '24x7' or 'support hours', got 'always'",
    ),
    (
        "hotline-hours-without-hotline",
        replaced("response_hours = 72 ", 'hotline_hours = "24x7"\nresponse_hours = 72 '),
        "severities.S4.hotline_hours: there is no hotline to give hours for",
    ),
    (
        "workaround-guaranteed-text",
        replaced("workaround_guaranteed = false ", 'workaround_guaranteed = "no" '),
        "severities.S1.workaround_guaranteed: expected true or false, got 'no'",
    ),
    (
        "holidays-unknown-country",
        replaced("closed_dates = []", 'holidays = "XX"'),
        "regions.na.holidays: 'XX' is not a country the holidays package knows",
    ),
    (
        "holidays-not-a-code",
        replaced("closed_dates = []", 'holidays = "New York"'),
        "regions.na.holidays: 'New York' is not a country code: expected an ISO 3166 code such "
        "as 'US', or a country and subdivision such as 'US-NY'",
    ),
    (
        "holidays-unknown-subdivision",
        replaced("closed_dates = []", 'holidays = "DE-XX"'),
        "regions.na.holidays: 'XX' is not a subdivision of DE in the holidays package (it knows "
        "BB, BE, BW, BY, HB, HE, HH, MV, NI, NW, RP, SH, …)",
    ),
    (
        "holidays-array",
        replaced("closed_dates = []", 'holidays = ["US"]'),
        "regions.na.holidays: expected non-empty text, got ['US']",
    ),
    (
        "update-twice",
        replaced("update_hours = 4 ", "update_hours = 4\nupdate_business_days = 2 "),
        "severities.S1.update_business_days: give either update_hours or update_business_days",
    ),
    (
        "response-negative",
        replaced("response_hours = 2 ", "response_hours = -2 "),
        "severities.S1.response_hours: expected a number from 0 to 10000, got -2",
    ),
    (
        "response-text",
        replaced("response_hours = 2 ", 'response_hours = "2h" '),
        "severities.S1.response_hours: expected a number from 0 to 10000, got '2h'",
    ),
    (
        "response-nan",
        replaced("response_hours = 2 ", "response_hours = nan "),
        "severities.S1.response_hours: expected a number from 0 to 10000, got nan",
    ),
]


@pytest.fixture(params=MALFORMED, ids=[case[0] for case in MALFORMED])
def malformed(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A malformed policy file and the exact error message it must give."""
    return malformed_file(tmp_path, request.param)


def test_malformed_policy_raises_policy_error(malformed: tuple[Path, str]) -> None:
    path, message = malformed
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value) == message


def test_unreadable_policies(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(PolicyError, match=r"nope\.toml: file not found$"):
        load_policy(missing)
    with pytest.raises(PolicyError, match=r": is a folder, expected a TOML file$"):
        load_policy(tmp_path)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(b'source = "Caf\xe9"\n')
    with pytest.raises(PolicyError) as caught:
        load_policy(latin1)
    message = f"{latin1}: not UTF-8 text (byte 0xe9 at offset 13); save it as UTF-8"
    assert str(caught.value) == message


# --- the embedded policy ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(data_dir() / "policy.toml")


def test_tails(policy: Policy) -> None:
    assert (policy.support_tail_months, policy.upgrade_window_months) == (6, 12)  # §7, §2


# SPEC §3.3, row by row.
ENTITLEMENT = {
    Status.CURRENT: "full full full full",
    Status.SUPPORTED: "workaround workaround upgrade upgrade",
    Status.SUPPORT_TAIL: "workaround workaround upgrade upgrade",
    Status.UPGRADE_WINDOW: "none none none none",  # SPEC v3 §3.3
    Status.UNSUPPORTED: "none none none none",
    Status.UNKNOWN: "none none none none",
    Status.PRERELEASE: "none none none none",
    Status.UNRELEASED: "none none none none",
}


@pytest.mark.parametrize(("status", "row"), ENTITLEMENT.items())
def test_entitlement_table(policy: Policy, status: Status, row: str) -> None:
    scopes = [policy.scope(status, severity).value for severity in Severity]
    assert scopes == row.split()


def test_regions_follow_section_1_2(policy: Policy) -> None:
    rows = [(r.id, r.zone, r.opens, r.closes, sorted(r.workdays)) for r in policy.regions]
    week = [0, 1, 2, 3, 4]  # §1.2 Monday through Friday, not §3.7's Sunday through Friday
    assert rows == [
        ("na", "America/New_York", time(8), time(20), week),
        ("emea", "Europe/Berlin", time(9), time(18), week),
        ("apac", "Asia/Singapore", time(13), time(22), week),
        ("india", "Asia/Kolkata", time(11), time(20), week),
    ]


def test_severity_targets(policy: Policy) -> None:
    s1, s2, s3, s4 = (policy.targets(s) for s in Severity)
    assert (s1.response_hours, s1.update_hours, s1.workaround_hours) == (2, 4, 4)
    # §3.6 closing paragraph: every clock on support hours, unless special services (24x7) were
    # bought; those put S1 and S2 on the 24/7 clock (SPEC §3.4).
    clocks = {
        t.severity.value: (t.clock_for(Coverage.BUSINESS), t.clock_for(Coverage.TWENTY_FOUR_SEVEN))
        for t in (s1, s2, s3, s4)
    }
    assert clocks == {
        "S1": (Clock.BUSINESS, Clock.TWENTY_FOUR_SEVEN),
        "S2": (Clock.BUSINESS, Clock.TWENTY_FOUR_SEVEN),
        "S3": (Clock.BUSINESS, Clock.BUSINESS),
        "S4": (Clock.BUSINESS, Clock.BUSINESS),
    }
    # §3.6 lists the hotline for S-2 as well as S-1; §1.3(a) keeps the 24/7 line for S1.
    assert s1.hotline == s2.hotline == "+1-985-464-2515"
    assert (s1.hotline_hours, s2.hotline_hours) == (Clock.TWENTY_FOUR_SEVEN, Clock.BUSINESS)
    assert (s2.workaround_hours, s2.workaround_target_hours) == (48, 24)
    assert (s1.workaround_guaranteed, s2.workaround_guaranteed) == (False, False)  # §3.6
    assert (s3.response_hours, s3.update_business_days, s3.workaround_hours) == (24, 10, None)
    assert (s4.response_hours, s4.update_hours, s4.hotline, s4.hotline_hours) == (
        72,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("S1", Severity.S1),
        ("s1", Severity.S1),
        ("S-1", Severity.S1),
        ("1", Severity.S1),
        ("critical", Severity.S1),
        ("Severity 2", Severity.S2),
        ("high", Severity.S2),
        ("sev3", Severity.S3),
        ("Medium", Severity.S3),
        ("low", Severity.S4),
        ("p4", Severity.S4),
    ],
)
def test_severity_names(policy: Policy, text: str, severity: Severity) -> None:
    assert policy.severity(text) is severity


def test_unknown_severity_and_region(policy: Policy) -> None:
    with pytest.raises(UnknownName) as caught:
        policy.severity("S5")
    assert str(caught.value) == "unknown severity 'S5'; did you mean 'S4'?"
    assert policy.region("EMEA").id == "emea"
    assert policy.region("asia pacific").id == "apac"
    with pytest.raises(UnknownName) as caught:
        policy.region("emae")
    known = " (known regions: na, emea, apac, india)"
    assert str(caught.value) == "unknown region 'emae'; did you mean 'emea'?" + known
    for typed, meant in (("europe", "emea"), ("Asia", "apac"), ("america", "na")):
        with pytest.raises(UnknownName) as caught:
            policy.region(typed)
        assert str(caught.value) == f"unknown region {typed!r}; did you mean {meant!r}?" + known


def test_scope_enum_matches_the_data(policy: Policy) -> None:
    used = {scope for row in policy.entitlement.values() for scope in row.values()}
    assert used == set(Scope)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'aliases = ["high", "sev2", "p2"]',
            'aliases = ["critical", "sev2", "p2"]',
            "severities.S2.aliases: 'critical' is already a name of S1",
        ),
        ('name = "India"', 'name = "APAC"', "regions.india.name: 'APAC' is already a name of apac"),
    ],
)
def test_names_that_two_entries_share_are_refused(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = (data_dir() / "policy.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "policy.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert str(info.value) == f"{path}: {message}"


def test_every_zone_of_the_embedded_policy_is_in_the_tz_database(policy: Policy) -> None:
    # Loading the embedded policy leaves its zone names to this test (no zoneinfo at start-up).
    from zoneinfo import ZoneInfo

    for region in policy.regions:
        assert region.tz is ZoneInfo(region.zone)
        assert region.tz.key == region.zone


def test_a_zone_unknown_when_first_used_is_a_policy_error(policy: Policy) -> None:
    from datetime import datetime, timezone

    broken = policy.region("na").replace(zone="America/Nowhere")
    with pytest.raises(PolicyError, match="'America/Nowhere' is not a known IANA time zone"):
        broken.date_at(datetime(2026, 11, 30, 12, tzinfo=timezone.utc))


def test_the_embedded_policy_copied_to_a_file_loads_and_an_edited_zone_is_refused(
    tmp_path: Path,
) -> None:
    text = (data_dir() / "policy.toml").read_text(encoding="utf-8")
    same = tmp_path / "same.toml"
    same.write_text(text, encoding="utf-8")
    assert load_policy(same).regions == load_policy().regions
    edited = tmp_path / "edited.toml"
    edited.write_text(text.replace("Asia/Singapore", "Asia/Singapur"), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"regions\.apac\.zone: 'Asia/Singapur' is not a known"):
        load_policy(edited)


LINKS = 'contact = "mailto:support@example.com"\npolicy_url = "https://example.com/policy"\n'


def _with_links(tmp_path: Path, links: str) -> Path:
    text = (data_dir() / "policy.toml").read_text(encoding="utf-8")
    text = text.replace("schema = 1\n", "schema = 1\n" + links, 1)
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_contact_and_policy_links_are_read_and_round_trip(tmp_path: Path) -> None:
    """Issue 20: the links the pages show come from the policy data; a bundle keeps them."""
    from datetime import datetime, timezone

    from eol_check.bundle import bundle_from_catalog, catalog_and_policy_from_bundle
    from eol_check.catalog import load_catalog

    policy = load_policy(_with_links(tmp_path, LINKS))
    assert (policy.contact, policy.policy_url) == (
        "mailto:support@example.com",
        "https://example.com/policy",
    )
    data = policy.as_json()
    assert (data["contact"], data["policy_url"]) == (policy.contact, policy.policy_url)
    catalog = load_catalog(data_dir() / "catalog")
    bundle = bundle_from_catalog(catalog, policy, datetime(2026, 11, 21, tzinfo=timezone.utc))
    _, again = catalog_and_policy_from_bundle(bundle, "bundle")
    assert (again.contact, again.policy_url) == (policy.contact, policy.policy_url)
    plain = load_policy(data_dir() / "policy.toml")
    assert (plain.contact, plain.policy_url) == (None, None)
    assert "contact" not in plain.as_json()  # a bundle without links is as before


@pytest.mark.parametrize(
    ("links", "message"),
    [
        (
            'contact = "javascript:alert(1)"\n',
            "contact: expected a link starting with https:// or mailto:, got 'javascript:alert(1)'",
        ),
        (
            'policy_url = "http://example.com"\n',
            "policy_url: expected a link starting with https://, got 'http://example.com'",
        ),
        (
            'contact = "https://example.com/a b"\n',
            "contact: expected a link starting with https:// or mailto:, "
            "got 'https://example.com/a b'",
        ),
    ],
)
def test_a_bad_link_is_refused(tmp_path: Path, links: str, message: str) -> None:
    path = _with_links(tmp_path, links)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value) == f"{path}: {message}"
