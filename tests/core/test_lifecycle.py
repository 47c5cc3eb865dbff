"""The lifecycle engine (SPEC §3.1–§3.2): pure functions of product, policy and date.

No files and no clock: products are built in code, the policy with the policy's own month counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eol_check.catalog import Product, Release
from eol_check.lifecycle import (
    current_line,
    lines,
    support_until,
    upgrade_until,
    version_status,
)
from eol_check.policy import Policy, Status
from eol_check.version import Version, parse_lenient

# §7: six months of support after End of Life; §2: twelve months to upgrade.
POLICY = Policy(6, 12, {}, (), ())

D = date.fromisoformat


def product(
    releases: Mapping[str, str],
    eol: Mapping[str, str] | None = None,
    product_eol: str | None = None,
) -> Product:
    """A product from {"4.2.0": "2023-09-04", …} and {"4.2": "2025-08-31", "4": …}."""
    return Product(
        id="oas",
        name="Octopus Authentication Server",
        aliases=(),
        releases=tuple(Release(parse_lenient(v), D(d)) for v, d in releases.items()),
        eol={key: D(value) for key, value in (eol or {}).items()},
        upgrade_from={},
        product_eol=D(product_eol) if product_eol else None,
    )


def status(p: Product, version: str, on: str, policy: Policy = POLICY) -> Status:
    return version_status(p, parse_lenient(version), policy, D(on)).status


# --- §3.1 dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eol", "months", "last_day"),
    [
        # SPEC v3 §3.1: (eol − 1 day) + N months, month end to month end, else clamped
        ("2025-03-01", 6, "2025-08-31"),  # an eol on the 1st: as v2 read it
        ("2026-03-01", 6, "2026-08-31"),  # SPEC v3 §3.1's example
        ("2026-09-01", 6, "2027-02-28"),  # … and its 6 and 12 months
        ("2026-09-01", 12, "2027-08-31"),
        ("2028-12-31", 6, "2029-06-30"),  # v2 read 2029-06-29
        ("2027-03-31", 6, "2027-09-30"),  # v2 read 2027-09-29
        ("2025-08-31", 6, "2026-02-28"),  # Aug 30 + 6 months = Feb 28 (clamped)
        ("2023-08-31", 6, "2024-02-29"),  # … = Feb 29 in a leap year
        ("2025-08-31", 12, "2026-08-30"),
        ("2026-01-31", 1, "2026-02-28"),  # Jan 30 + 1 month, clamped
        ("2024-01-31", 1, "2024-02-29"),  # … into a leap February
        ("2026-01-31", 6, "2026-07-30"),
        ("2026-01-31", 12, "2027-01-30"),
        ("2024-03-01", 6, "2024-08-31"),  # last day of life Feb 29: a month end
        ("2024-03-01", 12, "2025-02-28"),  # … to a common February's end
        ("2027-03-01", 12, "2028-02-29"),  # Feb 28 of a common year to a leap February's end
        ("2024-02-29", 6, "2024-08-28"),  # an eol on a leap day: last day of life Feb 28
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-28"),  # not a month end in a leap year
        ("2025-02-28", 12, "2026-02-27"),
        ("2023-02-28", 12, "2024-02-27"),
        ("2025-12-31", 6, "2026-06-30"),
        ("2025-10-31", 4, "2026-02-28"),
        ("2025-07-15", 0, "2025-07-14"),  # no tail: the last day is the day before EOL
    ],
)
def test_month_arithmetic_clamps_to_the_months_end(eol: str, months: int, last_day: str) -> None:
    policy = Policy(months, max(months, 12), {}, (), ())
    assert support_until(D(eol), policy) == D(last_day)
    assert upgrade_until(D(eol), Policy(0, months, {}, (), ())) == D(last_day)


def test_policy_tails() -> None:
    assert support_until(D("2025-08-31"), POLICY) == D("2026-02-28")
    assert upgrade_until(D("2025-08-31"), POLICY) == D("2026-08-30")


# --- §3.2 boundary days ----------------------------------------------------------------------

# 4.2 reaches End of Life on 2025-08-31: support until 2026-02-28, upgrade until 2026-08-30.
BOUNDARY = product(
    {"4.2.0": "2023-09-04", "4.2.1": "2024-01-15", "5.0.0": "2024-04-15"},
    eol={"4.2": "2025-08-31"},
)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2025-08-30", Status.SUPPORTED),  # the day before EOL
        ("2025-08-31", Status.SUPPORT_TAIL),  # EOL day: EOL from that day on (SPEC §3.1)
        ("2026-02-27", Status.SUPPORT_TAIL),
        ("2026-02-28", Status.SUPPORT_TAIL),  # support_until, the last day of support
        ("2026-03-01", Status.UPGRADE_WINDOW),  # the day after
        ("2026-08-30", Status.UPGRADE_WINDOW),  # upgrade_until, the last day to upgrade
        ("2026-08-31", Status.UNSUPPORTED),  # the day after
        ("2040-01-01", Status.UNSUPPORTED),
    ],
)
def test_boundary_days(on: str, expected: Status) -> None:
    assert status(BOUNDARY, "4.2.1", on) is expected
    answer = version_status(BOUNDARY, Version(4, 2, 1), POLICY, D(on))
    assert (answer.eol, answer.support_until, answer.upgrade_until) == (
        D("2025-08-31"),
        D("2026-02-28"),
        D("2026-08-30"),
    )
    assert answer.upgrade_to == Version(5, 0, 0)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2025-08-30", Status.CURRENT),  # the newest line, before its EOL
        ("2025-08-31", Status.SUPPORT_TAIL),  # EOL: no line is current from that day
        ("2026-02-28", Status.SUPPORT_TAIL),
        ("2026-03-01", Status.UPGRADE_WINDOW),
        ("2026-08-31", Status.UNSUPPORTED),
    ],
)
def test_boundary_days_of_the_newest_line(on: str, expected: Status) -> None:
    p = product({"4.2.0": "2023-09-04"}, eol={"4.2": "2025-08-31"})
    assert status(p, "4.2.0", on) is expected
    current = Version(4, 2, 0) if expected is Status.CURRENT else None
    assert version_status(p, Version(4, 2, 0), POLICY, D(on)).upgrade_to == current


def test_tails_follow_the_policy() -> None:
    # The last day of life 2025-08-30 + 1 month: support ends on 2025-09-30.
    policy = Policy(1, 2, {}, (), ())
    assert status(BOUNDARY, "4.2.1", "2025-09-30", policy) is Status.SUPPORT_TAIL
    assert status(BOUNDARY, "4.2.1", "2025-10-01", policy) is Status.UPGRADE_WINDOW
    assert status(BOUNDARY, "4.2.1", "2025-10-30", policy) is Status.UPGRADE_WINDOW
    assert status(BOUNDARY, "4.2.1", "2025-10-31", policy) is Status.UNSUPPORTED


#: End of Life dates at month ends and leap days, with their last days of support and to upgrade
#: (SPEC v3 §3.1), written out by hand.
WINDOWS = [
    ("2028-12-31", "2029-06-30", "2029-12-30"),  # the 30th of December is no month end
    ("2027-03-31", "2027-09-30", "2028-03-30"),
    ("2026-09-01", "2027-02-28", "2027-08-31"),  # last day of life Aug 31: month ends
    ("2028-03-01", "2028-08-31", "2029-02-28"),  # last day of life Feb 29 (leap): month ends
    ("2027-03-01", "2027-08-31", "2028-02-29"),  # Feb 28 of a common year to a leap Feb's end
    ("2028-02-29", "2028-08-28", "2029-02-28"),  # an End of Life on the leap day
    ("2027-08-31", "2028-02-29", "2028-08-30"),  # Aug 30 + 6 months, clamped to a leap Feb
]


@pytest.mark.parametrize(("eol", "support", "upgrade"), WINDOWS)
def test_first_and_last_day_of_each_window(eol: str, support: str, upgrade: str) -> None:
    p = product({"4.2.0": "2020-01-06", "5.0.0": "2020-06-01"}, eol={"4.2": eol})
    one = timedelta(days=1)
    days = [
        (D(eol) - one, Status.SUPPORTED),  # the last day of life
        (D(eol), Status.SUPPORT_TAIL),  # the first day of the support tail
        (D(support), Status.SUPPORT_TAIL),  # its last day
        (D(support) + one, Status.UPGRADE_WINDOW),  # the first day of the upgrade window
        (D(upgrade), Status.UPGRADE_WINDOW),  # its last day
        (D(upgrade) + one, Status.UNSUPPORTED),
    ]
    for on, expected in days:
        answer = version_status(p, Version(4, 2, 0), POLICY, on)
        assert answer.status is expected, on
        assert (answer.support_until, answer.upgrade_until) == (D(support), D(upgrade))
    assert [ls.support_until for ls in lines(p, POLICY, D(eol))] == [None, D(support)]


# --- releases on and around the date ---------------------------------------------------------

RELEASES = product(
    {"4.2.0": "2023-09-04", "4.2.1": "2024-01-15", "4.3.0": "2024-06-03", "4.3.1": "2024-09-02"}
)


@pytest.mark.parametrize(
    ("version", "on", "expected", "latest", "upgrade_to"),
    [
        # a release on the date itself exists; the day before it does not yet
        ("4.3.0", "2024-06-03", Status.CURRENT, "4.3.0", "4.3.0"),
        ("4.3.0", "2024-06-02", Status.UNRELEASED, None, "4.2.1"),
        ("4.2.1", "2024-06-02", Status.CURRENT, "4.2.1", "4.2.1"),
        ("4.2.1", "2024-06-03", Status.SUPPORTED, "4.2.1", "4.3.0"),  # a newer line exists
        ("4.3.1", "2024-09-01", Status.UNRELEASED, "4.3.0", "4.3.0"),
        ("4.3.1", "2024-09-02", Status.CURRENT, "4.3.1", "4.3.1"),
        ("4.3.0", "2024-09-02", Status.CURRENT, "4.3.1", "4.3.1"),
        ("4.2.0", "2023-09-03", Status.UNRELEASED, None, None),  # nothing released yet
        ("4.2.5", "2024-09-02", Status.UNKNOWN, "4.2.1", "4.3.1"),  # not in the catalog
        ("4.1.0", "2024-09-02", Status.UNKNOWN, None, "4.3.1"),  # no such line
        ("4.3.2-rc.1", "2024-09-02", Status.PRERELEASE, "4.3.1", "4.3.1"),
        ("4.3.0-rc.1", "2024-09-02", Status.PRERELEASE, "4.3.1", "4.3.1"),
        ("4.3.1+77", "2024-09-02", Status.CURRENT, "4.3.1", "4.3.1"),  # build ignored
    ],
)
def test_releases_on_and_before_the_date(
    version: str, on: str, expected: Status, latest: str | None, upgrade_to: str | None
) -> None:
    answer = version_status(RELEASES, parse_lenient(version), POLICY, D(on))
    assert answer.status is expected
    assert answer.line == version[:3]
    assert answer.latest_in_line == (parse_lenient(latest) if latest else None)
    assert answer.upgrade_to == (parse_lenient(upgrade_to) if upgrade_to else None)
    assert str(answer.version) == version


def test_lines_leave_out_lines_not_released_yet() -> None:
    assert [line.line for line in lines(RELEASES, POLICY, D("2024-06-02"))] == ["4.2"]
    found = lines(RELEASES, POLICY, D("2024-06-03"))
    assert [(line.line, line.status, str(line.latest)) for line in found] == [
        ("4.3", Status.CURRENT, "4.3.0"),
        ("4.2", Status.SUPPORTED, "4.2.1"),
    ]
    assert found[0].released == D("2024-06-03")
    assert found[0].latest_released == D("2024-06-03")
    assert lines(RELEASES, POLICY, D("2023-09-03")) == []


def test_back_port_does_not_change_the_current_line() -> None:
    p = product({"4.1.0": "2023-01-02", "4.2.0": "2023-09-04", "4.1.5": "2024-01-15"})
    line = current_line(p, D("2024-02-01"))
    assert line is not None
    assert line.line == "4.2"
    assert status(p, "4.1.5", "2024-02-01") is Status.SUPPORTED


# --- effective EOL: line, major, product (SPEC §3.1) -------------------------------------------


def test_major_eol_applies_to_every_line_of_the_major() -> None:
    p = product(
        {
            "4.0.0": "2021-11-15",
            "4.2.0": "2022-09-05",
            "4.3.0": "2023-06-05",
            "5.0.0": "2024-04-15",
        },
        eol={"4.0": "2024-03-01", "4": "2026-09-01", "4.3": "2027-01-01"},
    )
    on = "2026-11-21"
    answers = {v: version_status(p, parse_lenient(v), POLICY, D(on)) for v in ("4.0", "4.2", "4.3")}
    # the earliest of line and major wins
    assert answers["4.0"].eol == D("2024-03-01")
    assert answers["4.0"].eol_source == "line"
    assert answers["4.2"].eol == D("2026-09-01")
    assert answers["4.2"].eol_source == "major"
    assert answers["4.3"].eol == D("2026-09-01")  # the line's later EOL does not extend it
    assert answers["4.3"].status is Status.SUPPORT_TAIL
    assert status(p, "4.3.0", "2026-08-31") is Status.SUPPORTED
    assert status(p, "5.0.0", on) is Status.CURRENT


def test_product_eol_ends_every_line() -> None:
    p = product(
        {"1.0.0": "2021-03-01", "1.1.0": "2022-01-24", "1.2.0": "2023-04-03"},
        eol={"1.0": "2023-01-31", "1.1": "2027-01-01"},
        product_eol="2026-06-30",
    )
    before = {line.line: line.status for line in lines(p, POLICY, D("2026-06-29"))}
    assert before == {"1.2": Status.CURRENT, "1.1": Status.SUPPORTED, "1.0": Status.UNSUPPORTED}
    after = lines(p, POLICY, D("2026-06-30"))
    assert [(line.line, line.status, line.eol_source) for line in after] == [
        ("1.2", Status.SUPPORT_TAIL, "product"),
        ("1.1", Status.SUPPORT_TAIL, "product"),  # the product's end comes before the line's
        ("1.0", Status.UNSUPPORTED, "line"),
    ]
    assert current_line(p, D("2026-06-30")) is None
    answer = version_status(p, Version(1, 2, 0), POLICY, D("2026-06-30"))
    assert (answer.support_until, answer.upgrade_until, answer.upgrade_to) == (
        D("2026-12-29"),
        D("2027-06-29"),
        None,
    )


def test_newest_line_declared_eol_leaves_no_current_line() -> None:
    # SPEC §3.2 read literally (docs/status.md): an older line that is not EOL stays supported.
    p = product({"4.2.0": "2023-09-04", "5.0.0": "2024-04-15"}, eol={"5.0": "2025-01-01"})
    assert current_line(p, D("2025-01-01")) is None
    assert status(p, "4.2.0", "2025-01-01") is Status.SUPPORTED
    assert status(p, "5.0.0", "2025-01-01") is Status.SUPPORT_TAIL
    assert version_status(p, Version(4, 2, 0), POLICY, D("2025-01-01")).upgrade_to is None


def test_scheduled_eol() -> None:
    p = product({"4.2.0": "2023-09-04", "5.0.0": "2024-04-15"}, eol={"4.2": "2027-03-31"})
    found = lines(p, POLICY, D("2026-11-21"))
    assert [(line.line, line.status, line.eol_scheduled) for line in found] == [
        ("5.0", Status.CURRENT, False),
        ("4.2", Status.SUPPORTED, True),
    ]
    assert found[1].support_until == D("2027-09-30")  # SPEC v3 §3.1
    assert not lines(p, POLICY, D("2027-03-31"))[1].eol_scheduled


def test_unreleased_line_has_no_dates_yet() -> None:
    p = product({"4.2.0": "2023-09-04", "5.0.0": "2027-01-18"}, eol={"5": "2030-01-01"})
    answer = version_status(p, Version(5, 0, 0), POLICY, D("2026-11-21"))
    assert answer.status is Status.UNRELEASED
    assert (answer.eol, answer.latest_in_line, answer.released) == (None, None, D("2027-01-18"))


# --- a property: a fixed version's status never improves as the date moves on -----------------

# From best to worst; `unreleased` comes before all of them and is left out (a release improves).
RANK = {
    Status.CURRENT: 0,
    Status.SUPPORTED: 1,
    Status.SUPPORT_TAIL: 2,
    Status.UPGRADE_WINDOW: 3,
    Status.UNSUPPORTED: 4,
}

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def products(draw: st.DrawFn) -> Product:
    versions = draw(
        st.sets(
            st.tuples(st.integers(1, 4), st.integers(0, 3), st.integers(0, 3)),
            min_size=1,
            max_size=12,
        )
    )
    releases = tuple(Release(Version(*v), draw(days)) for v in sorted(versions))
    keys = sorted({f"{v[0]}.{v[1]}" for v in versions} | {str(v[0]) for v in versions})
    eol = draw(st.dictionaries(st.sampled_from(keys), days, max_size=len(keys)))
    return Product("p", "P", (), releases, eol, {}, draw(st.none() | days))


@settings(max_examples=150, deadline=None)
@given(
    products(),
    st.data(),
    st.integers(0, 24),
    st.integers(0, 24),
)
def test_status_never_improves_as_the_date_moves_on(
    p: Product, data: st.DataObject, tail: int, window: int
) -> None:
    policy = Policy(tail, tail + window, {}, (), ())
    release = data.draw(st.sampled_from(p.releases))
    first = data.draw(st.dates(min_value=release.date, max_value=date(2031, 12, 31)))
    step = data.draw(st.integers(0, 3000))
    later = first + timedelta(days=step)
    before = version_status(p, release.version, policy, first).status
    after = version_status(p, release.version, policy, later).status
    assert RANK[after] >= RANK[before], (before, after)


@settings(max_examples=100, deadline=None)
@given(products(), days)
def test_lines_agree_with_version_status(p: Product, on: date) -> None:
    for line in lines(p, POLICY, on):
        answer = version_status(p, line.latest, POLICY, on)
        assert answer.status is line.status
        assert (answer.eol, answer.support_until, answer.upgrade_until) == (
            line.eol,
            line.support_until,
            line.upgrade_until,
        )
        assert answer.latest_in_line == line.latest
