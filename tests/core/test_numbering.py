"""The release numbering rules (SPEC §2.2): tables of histories, semver.org's lists, properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eol_check.classification import HistoryKind, classify
from eol_check.numbering import (
    KINDS,
    NumberedRelease,
    NumberingResult,
    check_numbering,
)
from eol_check.version import Version, parse_strict

from ..semver_org import INVALID, VALID


def found(result: NumberingResult) -> list[tuple[str, str | None]]:
    return [(f.code, f.version) for f in result.findings]


def kinds(result: NumberingResult) -> list[str]:
    return [r.kind for r in result.releases]


# --- the rules, one table -------------------------------------------------------------------------

# (history, findings as (code, version)) — every rule of SPEC §2.2 and its edges.
HISTORIES = [
    pytest.param([], [], id="empty history"),
    pytest.param(["4.2.1"], [], id="first release need not be X.0.0"),
    pytest.param(["0.1.0", "0.2.0", "1.0.0"], [], id="major 0"),
    pytest.param(["1.0.0", "1.0.1", "1.1.0", "1.1.1", "2.0.0"], [], id="by the book"),
    pytest.param(["4.9.0", "4.10.0", "4.10.1"], [], id="numbers compare as integers"),
    # duplicate
    pytest.param(["1.0.0", "1.0.0"], [("duplicate", "1.0.0")], id="duplicate"),
    pytest.param(["1.0.0+a", "1.0.0+b"], [("duplicate", "1.0.0+b")], id="build is no new release"),
    pytest.param(["1.0.0", "1.0.0+b"], [("duplicate", "1.0.0+b")], id="build after plain"),
    pytest.param(
        ["1.0.0-rc.1", "1.0.0-rc.1+x"], [("duplicate", "1.0.0-rc.1+x")], id="duplicate pre-release"
    ),
    pytest.param(["1.0.0", "1.0.1", "1.0.0"], [("duplicate", "1.0.0")], id="duplicate later"),
    # out-of-order within a line
    pytest.param(
        ["4.2.0", "4.2.2", "4.2.1"], [("gap", "4.2.2"), ("out-of-order", "4.2.1")],
        id="below its line's highest",
    ),
    pytest.param(["4.10.0", "4.9.0"], [("out-of-order", "4.9.0")], id="4.9 after 4.10"),
    # out-of-order: a new line below an existing line of its major
    pytest.param(["4.1.0", "4.2.0", "4.0.0"], [("out-of-order", "4.0.0")], id="new line below"),
    pytest.param(
        ["4.0.0", "4.2.0", "4.1.0"], [("gap", "4.2.0"), ("out-of-order", "4.1.0")],
        id="4.1.0 after 4.2.0",
    ),
    # out-of-order: a new major below an existing major
    pytest.param(["3.0.0", "4.0.0", "2.0.0"], [("out-of-order", "2.0.0")], id="new major below"),
    pytest.param(
        ["3.0.0", "5.0.0", "4.0.0"], [("gap", "5.0.0"), ("out-of-order", "4.0.0")],
        id="skipped major filled in later",
    ),
    # out-of-order: a pre-release of a version already GA
    pytest.param(
        ["4.2.0", "4.2.0-rc.1"], [("out-of-order", "4.2.0-rc.1")], id="pre-release after its GA"
    ),
    pytest.param(
        ["4.2.0", "4.2.1", "4.2.1-rc.1"], [("out-of-order", "4.2.1-rc.1")],
        id="pre-release of a GA maintenance release",
    ),
    # a pre-release is checked as the release it previews would be, errors only
    pytest.param(
        ["4.1.0", "4.2.0", "4.1.0-rc.1"], [("out-of-order", "4.1.0-rc.1")],
        id="pre-release of a released line",
    ),
    pytest.param(
        ["4.1.0", "4.2.0", "4.0.5-rc.1"], [("out-of-order", "4.0.5-rc.1")],
        id="pre-release previews a line below",
    ),
    pytest.param(
        ["4.0.0", "5.0.0", "3.0.0-rc.1"], [("out-of-order", "3.0.0-rc.1")],
        id="pre-release previews a major below",
    ),
    pytest.param(["4.0.0", "4.3.0-rc.1"], [], id="pre-release is never warned about"),
    pytest.param(
        ["4.0.0", "4.3.0-rc.1", "4.3.0"], [("gap", "4.3.0")], id="the GA release carries the gap"
    ),
    pytest.param(["4.3.0-rc.1", "4.2.0"], [], id="a pre-release does not open a line"),
    # pre-release promoted to GA
    pytest.param(
        ["4.2.0", "4.3.0-alpha", "4.3.0-rc.1", "4.3.0-rc.2", "4.3.0", "4.3.1"], [],
        id="pre-releases then GA",
    ),
    pytest.param(["1.0.0-alpha", "1.0.0-beta", "1.0.0"], [], id="first release via pre-releases"),
    # back-ports: no finding
    pytest.param(["4.1.0", "4.2.0", "4.1.1", "4.2.1", "4.1.2"], [], id="back-port to older line"),
    pytest.param(
        ["4.2.0", "5.0.0", "4.2.1", "5.0.1", "4.2.2", "3.9.0", "3.9.1"],
        [("out-of-order", "3.9.0"), ("not-reset", "3.9.0")], id="back-port after newer major",
    ),
    pytest.param(["3.1.0", "4.0.0", "5.0.0", "3.1.1", "4.0.1"], [], id="back-ports to two majors"),
    pytest.param(["4.2.0", "5.0.0", "4.3.0"], [], id="a new line of an older major"),
    pytest.param(
        ["4.1.0", "4.2.0", "4.1.1", "4.1.3"], [("gap", "4.1.3")], id="gap in a back-port line"
    ),
    # gap warnings
    pytest.param(["4.2.0", "4.2.1", "4.2.3"], [("gap", "4.2.3")], id="maintenance skipped"),
    pytest.param(["3.1.2", "4.0.0", "4.2.0"], [("gap", "4.2.0")], id="policy's own 4.0.0→4.2.0"),
    pytest.param(["3.0.0", "5.0.0"], [("gap", "5.0.0")], id="major skipped"),
    # not-reset warnings
    pytest.param(["4.2.0", "4.3.1"], [("not-reset", "4.3.1")], id="new line not at .0"),
    pytest.param(["4.2.0", "5.1.0"], [("not-reset", "5.1.0")], id="new major not at X.0.0"),
    pytest.param(["4.2.0", "5.0.1"], [("not-reset", "5.0.1")], id="new major at X.0.1"),
    pytest.param(
        ["4.0.0", "4.2.1"], [("gap", "4.2.1"), ("not-reset", "4.2.1")], id="gap and not-reset"
    ),
    pytest.param(
        ["3.0.0", "5.2.0"], [("gap", "5.2.0"), ("not-reset", "5.2.0")], id="major gap, not reset"
    ),
    # invalid
    pytest.param(
        ["1.0.0", "1.2", "v1.0.1", "1.0.1"], [("invalid", "1.2"), ("invalid", "v1.0.1")],
        id="invalid entries are not releases",
    ),
    pytest.param(["", " 1.0.0", "1.0.0\n"], [("invalid", ""), ("invalid", " 1.0.0"),
                 ("invalid", "1.0.0\n")], id="whitespace is not stripped by the core"),
]


@pytest.mark.parametrize(("history", "expected"), HISTORIES)
def test_rules(history: list[str], expected: list[tuple[str, str]]) -> None:
    result = check_numbering(history)
    assert found(result) == expected
    assert result.valid == all(code in ("gap", "not-reset") for code, _ in expected)


@pytest.mark.parametrize(("history", "expected"), HISTORIES)
def test_rules_agree_with_the_brute_force_reading(
    history: list[str], expected: list[tuple[str, str]]
) -> None:
    result = check_numbering(history)
    assert (found(result), kinds(result)) == reference(history)


LEVELS = {
    "invalid": "error",
    "duplicate": "error",
    "out-of-order": "error",
    "gap": "warning",
    "not-reset": "warning",
}


def test_every_code_has_its_level() -> None:
    history = ["4.0.0", "4.2.1", "4.2.1", "4.1.0", "6.0.0", "x", "4.2.0-rc.1"]
    result = check_numbering(history)
    assert {f.code for f in result.findings} == set(LEVELS)
    for f in result.findings:
        assert f.level == LEVELS[f.code], f
    assert not result.valid
    assert {f.code for f in result.errors} == {"invalid", "duplicate", "out-of-order"}
    assert {f.code for f in result.warnings} == {"gap", "not-reset"}


# --- kinds ----------------------------------------------------------------------------------------

KIND_TABLE = [
    pytest.param(["4.2.1"], ["initial"], id="first"),
    pytest.param(
        ["3.1.2", "4.0.0", "4.2.0", "4.2.1"], ["initial", "major", "minor", "maintenance"],
        id="policy examples §1.5-§1.7",
    ),
    pytest.param(
        ["4.2.0", "4.3.0-rc.1", "4.3.0", "4.3.1-rc.1", "5.0.0-beta", "5.0.0"],
        ["initial", "prerelease-minor", "minor", "prerelease-maintenance", "prerelease-major",
         "major"],
        id="pre-release forms",
    ),
    pytest.param(["1.0.0-rc.1", "1.0.0"], ["prerelease-initial", "initial"], id="pre-first"),
    pytest.param(
        ["4.1.0", "4.2.0", "5.0.0", "4.1.1", "4.2.1", "5.0.1"],
        ["initial", "minor", "major", "maintenance", "maintenance", "maintenance"],
        id="back-ports are maintenance",
    ),
    pytest.param(
        ["4.2.0", "5.0.0", "4.3.0"], ["initial", "major", "minor"], id="older major's new line"
    ),
    pytest.param(
        ["4.1.0", "4.2.0", "4.0.0", "3.0.0"], ["initial", "minor", "initial", "initial"],
        id="nothing GA below: initial",
    ),
    pytest.param(
        ["4.0.0", "4.2.0", "4.1.0"], ["initial", "minor", "minor"], id="out-of-order still kinded"
    ),
    pytest.param(["4.0.0", "4.0.0", "4.0.1"], ["initial", "maintenance"], id="no dup release"),
]


@pytest.mark.parametrize(("history", "expected"), KIND_TABLE)
def test_kinds(history: list[str], expected: list[str]) -> None:
    result = check_numbering(history)
    assert kinds(result) == expected
    assert set(expected) <= set(KINDS)


def test_kinds_are_the_documented_eight() -> None:
    assert KINDS == (
        "initial", "major", "minor", "maintenance",
        "prerelease-initial", "prerelease-major", "prerelease-minor", "prerelease-maintenance",
    )


# --- messages -------------------------------------------------------------------------------------

MESSAGES = [
    (["4.0.0", "4.2.0", "4.1.0"], "4.1.0 opens line 4.1 after 4.2.0 was released"),
    (["4.0.0", "4.2.0", "4.2.3", "4.1.0"], "4.1.0 opens line 4.1 after 4.2.3 was released"),
    (["4.2.0", "4.2.1", "4.2.3"], "4.2.3 skips maintenance 4.2.2 (line 4.2 was at 4.2.1)"),
    (["4.2.0", "4.2.3"], "4.2.3 skips maintenance 4.2.1 and 4.2.2 (line 4.2 was at 4.2.0)"),
    (["4.2.0", "4.2.9"], "4.2.9 skips maintenance 4.2.1 to 4.2.8 (line 4.2 was at 4.2.0)"),
    (["4.0.0", "4.2.0"], "4.2.0 skips minor 4.1 (major 4 was at line 4.0)"),
    (["4.0.0", "4.5.0"], "4.5.0 skips minor 4.1 to 4.4 (major 4 was at line 4.0)"),
    (["3.0.0", "5.0.0"], "5.0.0 skips major 4 (the highest major was 3)"),
    (["3.0.0", "6.0.0"], "6.0.0 skips major 4 and 5 (the highest major was 3)"),
    (["4.2.0", "4.3.1"],
     "4.3.1 opens line 4.3 at maintenance 1: a new line should start at 4.3.0 (§1.6)"),
    (["4.2.0", "5.1.0"], "5.1.0 opens major 5: a new major should start at 5.0.0 (§1.5)"),
    (["4.2.1", "4.2.1+build.7"],
     "4.2.1+build.7 was already released as 4.2.1: build metadata does not make a new release"),
    (["4.2.1", "4.2.1"], "4.2.1 was already released"),
    (["4.2.0", "4.2.0-rc.1"], "4.2.0-rc.1 is a pre-release of 4.2.0, which was already released"),
    (["4.2.0", "4.2.3", "4.2.1"], "4.2.1 is below 4.2.3, the highest release of line 4.2"),
    (["3.0.0", "4.1.0", "4.2.0", "3.1.0", "2.0.0"],
     "2.0.0 opens major 2 after 4.2.0 was released"),
    (["4.1.0", "4.2.0", "4.0.0-rc.1"], "4.0.0-rc.1 previews line 4.0 after 4.2.0 was released"),
    (["1.2"], "'1.2' is not a strict version: expected SemVer 2.0.0 "
              "MAJOR.MINOR.MAINTENANCE[-PRERELEASE][+BUILD], e.g. 4.2.1"),
    (["x" * 300], "version text of 300 characters is too long (at most 256)"),
]


@pytest.mark.parametrize(("history", "message"), MESSAGES)
def test_messages_name_the_versions(history: list[str], message: str) -> None:
    last = check_numbering(history).findings[-1]
    assert last.message == message
    assert "\n" not in last.message


# --- inputs: parsed versions, prefixes, the next version -----------------------------------------


def test_parsed_versions_give_the_same_answer_as_text() -> None:
    history = ["4.0.0", "4.2.0", "4.1.0", "4.2.0-rc.1", "4.2.1+b", "4.2.1"]
    as_text = check_numbering(history)
    mixed = check_numbering([parse_strict(t) if i % 2 else t for i, t in enumerate(history)])
    assert as_text == mixed


def test_a_generator_is_read_once() -> None:
    result = check_numbering(t for t in ["1.0.0", "1.0.1"])
    assert [str(r.version) for r in result.releases] == ["1.0.0", "1.0.1"]


def test_tag_prefix_is_removed_where_present() -> None:
    result = check_numbering(["v1.0.0", "1.0.1", "v1.0.2", "vv1.0.3"], tag_prefix="v")
    assert [str(r.version) for r in result.releases] == ["1.0.0", "1.0.1", "1.0.2"]
    assert found(result) == [("invalid", "vv1.0.3")]


def test_not_text_is_invalid_not_a_crash() -> None:
    result = check_numbering([b"1.0.0", 1, None])  # type: ignore[list-item]
    assert [f.code for f in result.findings] == ["invalid"] * 3
    assert result.findings[0].message == "expected a version as text, got bytes"


def test_findings_and_releases_carry_their_index() -> None:
    result = check_numbering(["1.0.0", "bad", "1.0.2", "1.0.2"])
    assert [(f.code, f.index) for f in result.findings] == [
        ("invalid", 1), ("gap", 2), ("duplicate", 3)
    ]
    assert [r.index for r in result.releases] == [0, 2]


NEXT = [
    pytest.param(["4.2.0", "4.2.1"], "4.2.2", "maintenance", [], id="maintenance"),
    pytest.param(["4.2.0", "4.2.1"], "4.3.0", "minor", [], id="minor"),
    pytest.param(["4.2.0", "4.2.1"], "5.0.0", "major", [], id="major"),
    pytest.param(["4.2.0", "4.2.1"], "4.3.0-rc.1", "prerelease-minor", [], id="pre-release"),
    pytest.param([], "1.0.0", "initial", [], id="empty history"),
    pytest.param(["4.2.0", "5.0.0"], "4.2.1", "maintenance", [], id="back-port"),
    pytest.param(["4.2.0", "4.2.1"], "4.2.1", None, [("duplicate", "4.2.1")], id="taken"),
    pytest.param(["4.2.0", "4.3.0"], "4.1.0", "initial", [("out-of-order", "4.1.0")], id="below"),
    pytest.param(["4.2.0"], "4.4.0", "minor", [("gap", "4.4.0")], id="gap"),
    pytest.param(["4.2.0"], "4.2", None, [("invalid", "4.2")], id="invalid"),
]


@pytest.mark.parametrize(("history", "proposed", "kind", "expected"), NEXT)
def test_next_version(
    history: list[str], proposed: str, kind: str | None, expected: list[tuple[str, str]]
) -> None:
    result = check_numbering(history, next_version=proposed)
    assert found(result) == expected
    assert all(f.index is None for f in result.findings)
    assert (result.next.kind if result.next else None) == kind
    if result.next is not None:
        assert result.next.index is None
    assert len(result.releases) == len(history)  # the next version is not among the releases


def test_next_version_is_vetted_after_a_broken_history() -> None:
    result = check_numbering(["4.2.0", "4.1.0"], next_version="4.2.1")
    assert found(result) == [("out-of-order", "4.1.0")]
    assert result.next == NumberedRelease(Version(4, 2, 1), HistoryKind.MAINTENANCE, None)


# --- semver.org's own lists (its regex section's test strings, in tests/semver_org.py) ------------


@pytest.mark.parametrize("text", VALID)
def test_semver_org_valid_is_never_invalid(text: str) -> None:
    result = check_numbering([text])
    assert result.findings == ()
    assert [str(r.version) for r in result.releases] == [text]


@pytest.mark.parametrize("text", INVALID)
def test_semver_org_invalid_is_an_invalid_finding(text: str) -> None:
    result = check_numbering([text])
    assert [(f.level, f.code, f.version) for f in result.findings] == [("error", "invalid", text)]
    assert result.releases == ()


def test_semver_org_lists_together() -> None:
    # The whole valid list as one history: whatever else it finds, nothing is `invalid`.
    result = check_numbering(VALID + INVALID)
    invalid = [f.version for f in result.findings if f.code == "invalid"]
    assert invalid == INVALID


# --- properties -----------------------------------------------------------------------------------


@settings(max_examples=150)
@given(
    major=st.integers(0, 10**6),
    minor=st.integers(0, 10**6),
    start=st.integers(0, 50),
    steps=st.lists(st.integers(1, 5), max_size=40),
)
def test_increasing_maintenance_in_one_line_is_valid(
    major: int, minor: int, start: int, steps: list[int]
) -> None:
    numbers = [start]
    for step in steps:
        numbers.append(numbers[-1] + step)
    result = check_numbering(f"{major}.{minor}.{n}" for n in numbers)
    assert result.valid
    assert {f.code for f in result.findings} <= {"gap"}
    assert len(result.findings) == sum(step > 1 for step in steps)
    assert kinds(result) == ["initial"] + ["maintenance"] * len(steps)


_small = st.integers(0, 3)


@settings(max_examples=150)
@given(st.sets(st.tuples(_small, _small, _small), max_size=30))
def test_a_history_in_version_order_has_no_errors(cores: set[tuple[int, int, int]]) -> None:
    result = check_numbering(Version(*core) for core in sorted(cores))
    assert result.valid, result.errors


_versions = st.builds(
    lambda core, pre, build: Version(core[0], core[1], core[2], pre, build),
    st.tuples(_small, _small, _small),
    st.sampled_from([(), (), (), ("rc", 1), ("rc", 2), ("alpha",)]),
    st.sampled_from(["", "", "b7"]),
)


@settings(max_examples=300)
@given(st.lists(_versions, max_size=25))
def test_bookkeeping_agrees_with_a_brute_force_reading(history: list[Version]) -> None:
    # The checker keeps per-line and per-major extremes instead of rescanning: it must give the
    # answers of a plain reading of SPEC §2.2 that rescans every earlier release.
    result = check_numbering(history)
    assert (found(result), kinds(result)) == reference(history)


@settings(max_examples=200)
@given(st.lists(st.text(max_size=40), max_size=20))
def test_arbitrary_text_never_crashes(history: list[str]) -> None:
    result = check_numbering(history)
    dropped = sum(f.code in ("invalid", "duplicate") for f in result.findings)
    assert len(result.releases) + dropped == len(history)
    for f in result.findings:
        assert "\n" not in f.message
        assert "\r" not in f.message


@settings(max_examples=100)
@given(st.lists(st.from_regex(r"\A[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\Z"), max_size=20))
def test_digit_triples_are_invalid_exactly_when_they_have_leading_zeros(
    history: list[str],
) -> None:
    result = check_numbering(history)
    invalid = {f.version for f in result.findings if f.code == "invalid"}
    leading_zero = {t for t in history if any(len(p) > 1 and p[0] == "0" for p in t.split("."))}
    assert invalid == leading_zero


# --- the brute-force reading of SPEC §2.2 ---------------------------------------------------------


def reference(history: list[str] | list[Version]) -> tuple[list[tuple[str, str]], list[str]]:
    """SPEC §2.2 read plainly: every release against every earlier one (quadratic, for tests)."""
    findings: list[tuple[str, str]] = []
    kinds_: list[str] = []
    earlier: list[Version] = []
    for entry in history:
        if isinstance(entry, Version):
            v = entry
        else:
            try:
                v = parse_strict(entry)
            except ValueError:
                findings.append(("invalid", entry))
                continue
        shown = str(v)
        if any(e == v for e in earlier):  # precedence ignores build metadata
            findings.append(("duplicate", shown))
            continue
        ga = [e for e in earlier if not e.is_prerelease]
        below = [e for e in ga if e < v]
        kind = classify(max(below), v).kind.value if below else "initial"
        kinds_.append(("prerelease-" if v.is_prerelease else "") + kind)
        is_ga = not v.is_prerelease
        line = [e for e in ga if e.line == v.line]
        same_major = [e for e in ga if e.major == v.major]
        if v.is_prerelease and any(e.core == v.core for e in ga):
            findings.append(("out-of-order", shown))
        elif line:
            top = max(e.maintenance for e in line)
            if v.maintenance < top:
                findings.append(("out-of-order", shown))
            elif is_ga and v.maintenance > top + 1:
                findings.append(("gap", shown))
        elif same_major:
            top = max(e.minor for e in same_major)
            if v.minor < top:
                findings.append(("out-of-order", shown))
            elif is_ga and v.minor > top + 1:
                findings.append(("gap", shown))
            if is_ga and v.maintenance:
                findings.append(("not-reset", shown))
        elif ga:
            top = max(e.major for e in ga)
            if v.major < top:
                findings.append(("out-of-order", shown))
            elif is_ga and v.major > top + 1:
                findings.append(("gap", shown))
            if is_ga and (v.minor or v.maintenance):
                findings.append(("not-reset", shown))
        earlier.append(v)
    return findings, kinds_
