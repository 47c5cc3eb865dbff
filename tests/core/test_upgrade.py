"""The upgrade planner (SPEC §3.5): tables on in-memory catalogs, and a property test against a
brute-force search on generated ones."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from itertools import pairwise
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet
from packaging.version import Version as Pep440

from eol_check.catalog import Product, Release
from eol_check.upgrade import NoPath, upgrade_allowed, upgrade_path
from eol_check.version import Version, parse_lenient

ON = date(2026, 6, 1)


def product(
    releases: Mapping[str, str],
    *,
    eol: Mapping[str, str] | None = None,
    upgrade_from: Mapping[str, str] | None = None,
    product_eol: str | None = None,
) -> Product:
    """A product built in memory: version → ISO date, End of Life per line or major."""
    return Product(
        id="demo",
        name="Demo",
        aliases=(),
        releases=tuple(
            Release(parse_lenient(v), date.fromisoformat(d)) for v, d in releases.items()
        ),
        eol=MappingProxyType({k: date.fromisoformat(v) for k, v in (eol or {}).items()}),
        upgrade_from=MappingProxyType(
            {k: SpecifierSet(v) for k, v in (upgrade_from or {}).items()}
        ),
        product_eol=date.fromisoformat(product_eol) if product_eol else None,
    )


# Three majors; 2.x needs 1.2 or later, 3.0 needs 2.1 or later.
CHAIN = {
    "1.0.0": "2023-01-01",
    "1.1.0": "2023-06-01",
    "1.2.0": "2024-01-01",
    "2.0.0": "2024-06-01",
    "2.1.0": "2025-01-01",
    "3.0.0": "2025-06-01",
    "3.0.1": "2026-01-01",
    "3.0.2": "2026-09-01",
}
RULES = {"2.0": ">=1.2", "2.1": ">=1.2", "3.0": ">=2.1"}


@pytest.mark.parametrize(
    ("installed", "eol", "hops"),
    [
        # On the latest release of the current line: nothing to do.
        ("3.0.1", {}, []),
        # Within the current line: one hop, upgrade_from does not apply inside a line.
        ("3.0.0", {}, ["3.0.1"]),
        # The chain: fewest hops, the newest release at each (2.1.0 rather than 2.0.0).
        ("1.0.0", {}, ["1.2.0", "2.1.0", "3.0.1"]),
        ("1.2.0", {}, ["2.1.0", "3.0.1"]),
        ("2.0.0", {}, ["2.1.0", "3.0.1"]),
        ("2.1.0", {}, ["3.0.1"]),
        # The installed line may be past its End of Life; a hop may not enter one (§2).
        ("1.0.0", {"1": "2025-01-01"}, None),
        ("1.2.0", {"1": "2025-01-01"}, ["2.1.0", "3.0.1"]),
        # 2.1 past its End of Life: 2.0.0 does not meet 3.0's rule, so there is no way.
        ("1.2.0", {"2.1": "2026-06-01"}, None),
        # The End of Life day itself is End of Life (SPEC §3.1); the day before is not.
        ("1.2.0", {"2.1": "2026-06-02"}, ["2.1.0", "3.0.1"]),
        # A hotfix plans from its base release (SPEC §2).
        ("2.1.0-hotfix3", {}, ["3.0.1"]),
        ("3.0.1.7", {}, []),
    ],
)
def test_paths(installed: str, eol: dict[str, str], hops: list[str] | None) -> None:
    answer = upgrade_path(product(CHAIN, eol=eol, upgrade_from=RULES), parse_lenient(installed), ON)
    assert answer.as_json() == hops
    assert answer.target == Version(3, 0, 1)  # 3.0.2 is not out on the date
    assert (answer.problem is None) == (hops is not None)


def test_a_path_reads_as_hops() -> None:
    answer = upgrade_path(product(CHAIN, upgrade_from=RULES), Version(1, 0, 0), ON)
    assert (str(answer), answer.next_hop, answer.found) == (
        "1.2.0 > 2.1.0 > 3.0.1",
        Version(1, 2, 0),
        True,
    )
    on_it = upgrade_path(product(CHAIN, upgrade_from=RULES), Version(3, 0, 1), ON)
    assert (str(on_it), on_it.next_hop, on_it.found) == ("", None, True)


@pytest.mark.parametrize(
    ("installed", "eol", "problem", "section", "reason"),
    [
        (
            "1.2.0",
            {"2.1": "2026-06-01"},
            NoPath.BLOCKED,
            "§2",
            "no upgrade path from 1.2.0 to 3.0.1 on 2026-06-01: line 3.0 can be installed "
            "only over "
            "versions >=2.1, and the furthest 1.2.0 can get through supported lines is 2.0.0",
        ),
        (
            "1.0.0",
            {"1": "2025-01-01"},
            NoPath.BLOCKED,
            "§2",
            "no upgrade path from 1.0.0 to 3.0.1 on 2026-06-01: line 3.0 can be installed "
            "only over "
            "versions >=2.1, and no release 1.0.0 may upgrade to is in a line that is not past its "
            "End of Life",
        ),
        (
            "3.0.5",
            {},
            NoPath.NOT_A_RELEASE,
            "§1.4",
            "3.0.5 is not a release of Demo; the latest of line 3.0 is 3.0.1",
        ),
        (
            "3.0.2",
            {},
            NoPath.NOT_A_RELEASE,
            "§1.4",
            "3.0.2 is not released on 2026-06-01: its release date is 2026-09-01; the latest "
            "of line "
            "3.0 is 3.0.1",
        ),
        (
            "3.1.0-rc.1",
            {},
            NoPath.NOT_A_RELEASE,
            "§1.4",
            "3.1.0-rc.1 is a pre-release, never generally available; the latest of the "
            "current line "
            "3.0 is 3.0.1",
        ),
        (
            "9.0.0",
            {},
            NoPath.NOT_A_RELEASE,
            "§1.4",
            "9.0.0 is not a release of Demo; the latest of the current line 3.0 is 3.0.1",
        ),
        (
            "2.1.0",
            {"3.0": "2026-05-01"},
            NoPath.NO_TARGET,
            "§2",
            "Demo has no current Version line on 2026-06-01 (its newest line 3.0 reached End "
            "of Life "
            "on 2026-05-01, with no successor): there is nothing to upgrade to",
        ),
    ],
)
def test_no_path_and_why(
    installed: str, eol: dict[str, str], problem: NoPath, section: str, reason: str
) -> None:
    answer = upgrade_path(product(CHAIN, eol=eol, upgrade_from=RULES), parse_lenient(installed), ON)
    assert (answer.hops, answer.as_json(), str(answer)) == (None, None, "-")
    assert (answer.problem, answer.section, answer.reason) == (problem, section, reason)


def test_product_end_of_life_leaves_nothing_to_upgrade_to() -> None:
    ended = product(CHAIN, upgrade_from=RULES, product_eol="2026-03-31")
    answer = upgrade_path(ended, Version(2, 1, 0), ON)
    assert (answer.problem, answer.target) == (NoPath.NO_TARGET, None)
    assert answer.reason == (
        "Demo has no current Version line on 2026-06-01 (the product reached End of Life on "
        "2026-03-31, with no successor): there is nothing to upgrade to"
    )


@pytest.mark.parametrize(
    ("to", "hops", "problem"),
    [
        ("2.1.0", ["1.2.0", "2.1.0"], None),
        ("1.1.0", ["1.1.0"], None),
        ("1.0.0", [], None),
        ("3.0.2", None, NoPath.NO_TARGET),  # not out on the date
        ("2.5.0", None, NoPath.NO_TARGET),  # not a release
    ],
)
def test_path_to_a_named_release(to: str, hops: list[str] | None, problem: NoPath | None) -> None:
    answer = upgrade_path(
        product(CHAIN, upgrade_from=RULES), Version(1, 0, 0), ON, to=parse_lenient(to)
    )
    assert (answer.as_json(), answer.problem) == (hops, problem)


def test_path_to_a_named_release_below_is_no_path() -> None:
    answer = upgrade_path(
        product(CHAIN, upgrade_from=RULES), Version(2, 0, 0), ON, to=Version(1, 2, 0)
    )
    assert (answer.problem, answer.reason) == (
        NoPath.BLOCKED,
        "1.2.0 is below the installed 2.0.0: a downgrade is not an upgrade path",
    )


@pytest.mark.parametrize(
    ("rule", "installed", "allowed"),
    [
        (">=4.3", "4.3.0", True),
        (">=4.3", "4.2.9", False),
        (">=4.3", "4.3.0-rc.1", False),  # a pre-release is just below its release
        ("==4.3.2", "4.3.2-hotfix1", True),  # a hotfix is read as its base release
        (">=4.2, <5", "5.0.0", False),
        ("~=4.2", "4.9.1", True),
        ("===4.2.0", "4.2.0", True),  # not plain: packaging decides
    ],
)
def test_upgrade_allowed(rule: str, installed: str, allowed: bool) -> None:
    demo = product({"4.2.0": "2023-01-01", "6.0.0": "2024-01-01"}, upgrade_from={"6.0": rule})
    assert upgrade_allowed(demo, parse_lenient(installed), Version(6, 0, 0)) is allowed
    # Inside a line there is no rule to meet.
    assert upgrade_allowed(demo, Version(6, 0, 0), Version(6, 0, 0)) is True


# -- generated catalogs, checked against a brute-force search ------------------------------------

_DAY0 = date(2020, 1, 1)
_versions = st.tuples(st.integers(1, 3), st.integers(0, 2), st.integers(0, 2)).map(
    lambda t: Version(*t)
)
_rules = st.one_of(
    st.builds(lambda v: f">={v.major}.{v.minor}", _versions),
    st.builds(lambda v: f">={v.major}.{v.minor}.{v.maintenance}", _versions),
    st.builds(lambda v: f"<{v.major}.{v.minor}", _versions),
    st.builds(
        lambda v, w: f">={v.major}.{v.minor}.{v.maintenance}, <{w.major + 1}", _versions, _versions
    ),
    st.builds(lambda v: f"=={v.major}.{v.minor}.*", _versions),
)


@st.composite
def catalogs(draw: st.DrawFn) -> tuple[Product, date]:
    versions = draw(st.lists(_versions, min_size=1, max_size=10, unique=True))
    days = draw(st.lists(st.integers(0, 1500), min_size=len(versions), max_size=len(versions)))
    releases = {
        str(v): (_DAY0 + timedelta(days=d)).isoformat() for v, d in zip(versions, days, strict=True)
    }
    lines = sorted({v.line for v in versions} | {str(v.major) for v in versions})
    eol = {
        key: (_DAY0 + timedelta(days=draw(st.integers(1000, 3500)))).isoformat()
        for key in lines
        if draw(st.booleans())
    }
    # An End of Life may not come before its line's (major's) first release (the loader's rule).
    for key in list(eol):
        first = min(
            date.fromisoformat(d)
            for v, d in releases.items()
            if parse_lenient(v).line == key or str(parse_lenient(v).major) == key
        )
        eol[key] = max(date.fromisoformat(eol[key]), first).isoformat()
    rules = {
        line: draw(_rules) for line in sorted({v.line for v in versions}) if draw(st.booleans())
    }
    on = _DAY0 + timedelta(days=draw(st.integers(800, 3200)))
    return product(releases, eol=eol, upgrade_from=rules), on


def _eol_on(demo: Product, line: str, on: date) -> bool:
    """Independently of the catalog's derived lines: the earliest of line, major, product EOL."""
    major = line.split(".")[0]
    ends = [d for d in (demo.eol.get(line), demo.eol.get(major), demo.product_eol) if d]
    return bool(ends) and on >= min(ends)


def _allowed(demo: Product, here: Version, there: Version) -> bool:
    if here.line == there.line or there.line not in demo.upgrade_from:
        return True
    return demo.upgrade_from[there.line].contains(Pep440(str(here.base)), prereleases=True)


def _target(demo: Product, on: date) -> Version | None:
    out = [r.version for r in demo.releases if r.date <= on]
    if not out:
        return None
    newest = max(out, key=lambda v: (v.major, v.minor))
    if _eol_on(demo, newest.line, on):
        return None
    return max(v for v in out if v.line == newest.line)


def _shortest_paths(
    demo: Product, start: Version, target: Version, on: date
) -> list[tuple[Version, ...]]:
    """Every shortest path, by breadth-first search over explicit paths."""
    nodes = [
        r.version
        for r in demo.releases
        if r.date <= on and not _eol_on(demo, r.version.line, on) and r.version > start
    ]
    if start == target:
        return [()]
    layer: list[tuple[Version, ...]] = [()]
    while layer:
        longer = []
        for path in layer:
            here = path[-1] if path else start
            longer += [(*path, n) for n in nodes if n > here and _allowed(demo, here, n)]
        done = [p for p in longer if p[-1] == target]
        if done:
            return done
        layer = [p for p in longer if p[-1] != target]
    return []


@settings(deadline=None, max_examples=300)
@given(catalogs())
def test_planner_agrees_with_brute_force(case: tuple[Product, date]) -> None:
    demo, on = case
    target = _target(demo, on)
    for release in demo.releases:
        answer = upgrade_path(demo, release.version, on)
        assert answer.target == target
        if release.date > on:
            assert answer.problem is NoPath.NOT_A_RELEASE
            continue
        if target is None:
            assert answer.problem is NoPath.NO_TARGET
            continue
        best = _shortest_paths(demo, release.version, target, on)
        if not best:
            assert (answer.hops, answer.problem) == (None, NoPath.BLOCKED)
            continue
        assert answer.hops is not None
        # Fewest hops, then the newest release at each hop.
        assert answer.hops == max(best)
        # Every hop goes up, is out on the date, enters no line past its End of Life, and is
        # allowed by upgrade_from from where it starts.
        for here, there in pairwise((release.version, *answer.hops)):
            assert here < there
            assert demo.release(there) is not None
            assert demo.release(there).date <= on  # type: ignore[union-attr]
            assert not _eol_on(demo, there.line, on)
            assert _allowed(demo, here, there)
