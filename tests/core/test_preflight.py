"""Installer preflight (SPEC §5): ok, kind, problems and exit codes."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet

from eol_check._data import data_dir
from eol_check._specifiers import matches
from eol_check.catalog import Product, Release, load_catalog
from eol_check.findings import Finding, Level
from eol_check.policy import Policy, load_policy
from eol_check.preflight import check_preflight
from eol_check.version import Version, parse_lenient

from ..conftest import imported_by

ON = date(2026, 11, 21)  # the sample catalog shows every status on this day (data/catalog/oas.toml)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(data_dir() / "policy.toml")


@pytest.fixture(scope="module")
def oas() -> Product:
    return load_catalog(data_dir() / "catalog").product("oas")


# installed, target, options, ok, kind, problem codes (errors first, in the order found)
CASES = [
    # Upgrades that may go ahead.
    ("5.0.1", "6.0.2", {}, True, "major", []),
    ("6.0.1", "6.0.2", {}, True, "maintenance", []),
    ("5.0.3", "5.1.2", {}, True, "minor", []),
    ("4.3.1", "6.0.2", {}, True, "major", []),  # meets upgrade_from ">=4.3" of 6.0
    ("4.2.3", "5.0.3", {}, True, "major", ["target-eol-scheduled"]),  # 5.0 EOL 2027-03-31
    ("4.2.1", "4.3.2", {}, True, "minor", ["target-support-tail"]),  # 4.3 EOL 2026-09-01
    ("6.0.2", "6.0.2", {}, True, "none", ["reinstall"]),
    # A reinstall on a line past its End of Life moves nothing into it: warnings only.
    ("4.2.3", "4.2.3", {}, True, "none", ["reinstall", "target-eol"]),
    # Hotfixes (SPEC §2): the lifecycle of their base release.
    ("6.0.2", "6.0.2-hotfix1", {}, True, "hotfix", []),
    ("4.3.2_HF2", "6.0.2", {}, True, "major", []),
    # Lenient installer strings.
    ("OAS 5.0.1 (build 77)", "v6.0.2", {}, True, "major", []),
    ("5.1.1.4411", "6.0.2+build.9", {}, True, "major", []),
    ("4.2.7", "6.0.2", {}, False, "major", ["upgrade-path", "installed-unknown"]),
    ("5.0.9", "6.0.2", {}, True, "major", ["installed-unknown"]),
    (
        "6.1.0",
        "6.0.2",
        {"allow_downgrade": True},
        True,
        "downgrade",
        ["downgrade", "installed-unknown"],
    ),  # 6.1.0 is not out on the date
    ("6.0.2-rc.1", "6.0.2", {}, True, "maintenance", ["installed-prerelease"]),
    # Blocked.
    ("4.2.3", "6.0.2", {}, False, "major", ["upgrade-path"]),
    ("3.1.2", "5.0.3", {}, False, "major", ["upgrade-path", "target-eol-scheduled"]),
    ("6.0.2", "6.0.1", {}, False, "downgrade", ["downgrade"]),
    ("5.1.1", "5.0.3", {}, False, "downgrade", ["downgrade", "target-eol-scheduled"]),
    ("6.0.2", "6.0.1", {"allow_downgrade": True}, True, "downgrade", ["downgrade"]),
    ("6.0.2", "6.1.0", {}, False, "minor", ["target-unreleased"]),
    ("6.0.2", "6.1.0-rc.1", {}, False, "minor", ["target-prerelease"]),
    ("6.0.2", "6.1.0-rc.1", {"allow_prerelease": True}, True, "minor", ["target-prerelease"]),
    ("6.0.2", "6.0.3", {}, False, "maintenance", ["target-unknown"]),
    ("6.0.2", "9.0.0", {}, False, "major", ["target-unknown"]),
    ("4.0.1", "4.2.3", {}, False, "minor", ["target-eol"]),  # 4.2 in its upgrade window
    ("3.0.1", "4.0.2", {}, False, "major", ["target-eol"]),  # 4.0 unsupported
    ("3.0.1", "3.1.2", {}, False, "minor", ["target-eol"]),  # major 3 unsupported
    ("4.2.1", "4.2.9", {}, False, "maintenance", ["target-unknown", "target-eol"]),
]


@pytest.mark.parametrize(("installed", "target", "options", "ok", "kind", "codes"), CASES)
def test_preflight_table(
    oas: Product,
    policy: Policy,
    installed: str,
    target: str,
    options: dict[str, bool],
    ok: bool,
    kind: str,
    codes: list[str],
) -> None:
    answer = check_preflight(
        oas, parse_lenient(installed), parse_lenient(target), policy, ON, **options
    )
    assert [p.code for p in answer.problems] == codes
    assert (answer.ok, answer.kind.value) == (ok, kind)
    assert answer.errors == tuple(p for p in answer.problems if p.level is Level.ERROR)
    # Each finding names the product and the version it is about.
    assert {(p.product, p.version) for p in answer.problems} <= {
        ("oas", str(parse_lenient(installed))),
        ("oas", str(parse_lenient(target))),
    }


def messages(
    installed: str, target: str, oas: Product, policy: Policy, **options: bool
) -> list[Finding]:
    answer = check_preflight(
        oas, parse_lenient(installed), parse_lenient(target), policy, ON, **options
    )
    return [Finding(p.level, p.code, p.message) for p in answer.problems]  # without the location


@pytest.mark.parametrize(
    ("installed", "target", "options", "problem"),
    [
        (
            "4.2.3",
            "6.0.2",
            {},
            Finding(
                Level.ERROR,
                "upgrade-path",
                "line 6.0 can be installed only over versions >=4.3 (upgrade_from in the catalog), "
                "and 4.2.3 is not one; upgrade to 5.1.2 first (the way: 5.1.2 > 6.0.2)",
            ),
        ),
        (
            "3.1.2",
            "5.0.3",
            {},
            Finding(
                Level.ERROR,
                "upgrade-path",
                "line 5.0 can be installed only over versions >=4.2 (upgrade_from in the catalog), "
                "and 3.1.2 is not one; no way to 5.0.3 goes through lines that are not past their "
                "End of Life; the way to the current line is 5.1.2 > 6.0.2 (§2)",
            ),
        ),
        (
            "6.0.2",
            "6.0.1",
            {},
            Finding(
                Level.ERROR,
                "downgrade",
                "6.0.1 is below the installed 6.0.2: a downgrade; install a version above it, "
                "or allow downgrades",
            ),
        ),
        (
            "6.0.2",
            "6.0.1",
            {"allow_downgrade": True},
            Finding(
                Level.WARNING,
                "downgrade",
                "6.0.1 is below the installed 6.0.2: a downgrade, as allowed",
            ),
        ),
        (
            "6.0.2",
            "6.1.0",
            {},
            Finding(
                Level.ERROR,
                "target-unreleased",
                "6.1.0 is released on 2027-01-18, after 2026-11-21",
            ),
        ),
        (
            "6.0.2",
            "6.1.0-rc.1",
            {},
            Finding(
                Level.ERROR,
                "target-prerelease",
                "6.1.0-rc.1 is a pre-release: never generally available (§1.4); install a release, "
                "or allow pre-releases",
            ),
        ),
        (
            "6.0.2",
            "6.1.0-rc.1",
            {"allow_prerelease": True},
            Finding(
                Level.WARNING,
                "target-prerelease",
                "6.1.0-rc.1 is a pre-release: never generally available (§1.4); installing it as "
                "allowed",
            ),
        ),
        (
            "6.0.2",
            "6.0.3",
            {},
            Finding(
                Level.ERROR,
                "target-unknown",
                "6.0.3 is not a release of Octopus Authentication Server in the catalog; the "
                "latest "
                "6.0 release is 6.0.2",
            ),
        ),
        (
            "6.0.2",
            "9.0.0",
            {},
            Finding(
                Level.ERROR,
                "target-unknown",
                "9.0.0 is not a release of Octopus Authentication Server in the catalog; the "
                "newest "
                "release on 2026-11-21 is 6.0.2",
            ),
        ),
        (
            "4.0.1",
            "4.2.3",
            {},
            Finding(
                Level.ERROR,
                "target-eol",
                "line 4.2 is End of Life since 2026-03-01 and out of support since 2026-09-01; "
                "customers on it have until 2027-02-28 to upgrade (§2, §7); install 5.1.2 instead "
                "(the way to 6.0.2: 5.1.2 > 6.0.2)",
            ),
        ),
        (
            "3.0.1",
            "4.0.2",
            {},
            Finding(
                Level.ERROR,
                "target-eol",
                "line 4.0 is End of Life since 2024-03-01 and unsupported since 2024-09-01; its "
                "upgrade window closed on 2025-02-28 (§2, §7); install 5.1.2 instead "
                "(the way to 6.0.2: 5.1.2 > 6.0.2)",
            ),
        ),
        (
            "4.2.1",
            "4.3.2",
            {},
            Finding(
                Level.WARNING,
                "target-support-tail",
                "line 4.3 is End of Life since 2026-09-01 (major 4's End of Life); support "
                "continues "
                "until 2027-02-28 (§7); install 5.1.2 instead (the way to 6.0.2: 5.1.2 > 6.0.2)",
            ),
        ),
        (
            "4.2.3",
            "5.0.3",
            {},
            Finding(
                Level.WARNING,
                "target-eol-scheduled",
                "line 5.0 reaches End of Life on 2027-03-31; support continues until 2027-09-30 "
                "(§2, §7)",
            ),
        ),
        (
            "5.0.9",
            "6.0.2",
            {},
            Finding(
                Level.WARNING,
                "installed-unknown",
                "the installed 5.0.9 is not a release of Octopus Authentication Server in the "
                "catalog "
                "on 2026-11-21: the checks use its number only",
            ),
        ),
        (
            "6.0.2-rc.1",
            "6.0.2",
            {},
            Finding(
                Level.WARNING,
                "installed-prerelease",
                "the installed 6.0.2-rc.1 is a pre-release: the checks use its number only",
            ),
        ),
    ],
)
def test_problem_messages(
    oas: Product,
    policy: Policy,
    installed: str,
    target: str,
    options: dict[str, bool],
    problem: Finding,
) -> None:
    assert problem in messages(installed, target, oas, policy, **options)


def _product(upgrade_from: dict[str, str], **releases: str) -> Product:
    return Product(
        id="demo",
        name="Demo",
        aliases=(),
        releases=tuple(
            Release(parse_lenient(v.replace("_", ".")), date.fromisoformat(d))
            for v, d in releases.items()
        ),
        eol=MappingProxyType({}),
        upgrade_from=MappingProxyType({k: SpecifierSet(v) for k, v in upgrade_from.items()}),
    )


RELEASES = {
    "v1_0_0": "2024-01-01",
    "v1_1_0": "2024-06-01",
    "v1_2_0": "2025-01-01",
    "v2_0_0": "2025-06-01",
    "v3_0_0": "2026-01-01",
    "v3_1_0": "2027-01-01",
}


@pytest.mark.parametrize(
    ("upgrade_from", "installed", "target", "advice"),
    [
        # A range: the planner's way (SPEC §3.5): fewest hops, the newest release at each.
        ({"3.0": ">=1.1, <2"}, "1.0.0", "3.0.0", "upgrade to 1.2.0 first (the way: 1.2.0 > 3.0.0)"),
        # A pre-release is no start of a planned path; the message names its line's release.
        (
            {"3.0": ">=2.0"},
            "2.0.0-rc.1",
            "3.0.0",
            "no upgrade path is planned from it: 2.0.0-rc.1 is a pre-release, never generally "
            "available; the latest of line 2.0 is 2.0.0",
        ),
        # Only releases out on the date can be stepping stones.
        (
            {"3.0": ">=3.1"},
            "2.0.0",
            "3.0.0",
            "no release above 2.0.0 on 2026-11-21 leads there through lines that are not past "
            "their End of Life",
        ),
        # Nothing above the installed version meets an upper bound.
        (
            {"3.0": "<1.2"},
            "1.2.0",
            "3.0.0",
            "no release above 1.2.0 on 2026-11-21 leads there through lines that are not past "
            "their End of Life",
        ),
    ],
)
def test_upgrade_path_advice(
    policy: Policy, upgrade_from: dict[str, str], installed: str, target: str, advice: str
) -> None:
    product = _product(upgrade_from, **RELEASES)
    answer = check_preflight(product, parse_lenient(installed), Version(3, 0, 0), policy, ON)
    [problem] = [p for p in answer.problems if p.code == "upgrade-path"]
    assert problem.message.endswith(advice)
    assert not answer.ok


def test_upgrade_from_is_not_checked_within_the_target_line(policy: Policy) -> None:
    product = _product({"3.0": ">=9"}, **RELEASES, v3_0_1="2026-02-01")
    answer = check_preflight(product, Version(3, 0, 0), Version(3, 0, 1), policy, ON)
    assert (answer.ok, answer.problems) == (True, ())


# --- plain specifiers without packaging (eol_check._specifiers) -------------------------------

_OPS = ["==", "!=", "<=", ">=", "<", ">", "~="]
_numbers = st.lists(st.integers(0, 6), min_size=1, max_size=4)


@st.composite
def _clauses(draw: st.DrawFn) -> str:
    op = draw(st.sampled_from(_OPS))
    parts = draw(_numbers.filter(lambda p: len(p) >= 2) if op == "~=" else _numbers)
    space = draw(st.sampled_from(["", " "]))
    return f"{space}{op}{space}{'.'.join(map(str, parts))}"


@settings(max_examples=300, deadline=None)
@given(
    clauses=st.lists(_clauses(), min_size=1, max_size=3),
    release=st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(0, 6)),
)
def test_plain_specifiers_agree_with_packaging(
    clauses: list[str], release: tuple[int, int, int]
) -> None:
    from packaging.version import Version as Pep440

    text = ",".join(clauses)
    version = Version(release[0], release[1], release[2])
    expected = SpecifierSet(text).contains(Pep440(str(version)), prereleases=True)
    assert matches(text, version) is expected


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("===4.2", "4.2.0"),
        (">=4.2.*", "4.2.0"),
        (">=4.2rc1", "4.2.0"),
        (">=4.2", "4.2.0-rc.1"),
        ("~=4", "4.2.0"),
    ],
)
def test_other_specifiers_are_left_to_packaging(text: str, version: str) -> None:
    assert matches(text, parse_lenient(version)) is None


def test_a_plain_upgrade_path_imports_neither_packaging_nor_zoneinfo() -> None:
    argv = ["preflight", "oas", "--installed", "4.2.3", "--target", "6.0.2", "--date", "2026-11-21"]
    assert imported_by(argv, ("packaging.specifiers", "zoneinfo")) == (1, [])
