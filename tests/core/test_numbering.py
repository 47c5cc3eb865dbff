"""The release numbering rules (SPEC §2.2): tables of histories, semver.org's lists, properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eol_check.classification import HistoryKind, classify
from eol_check.errors import InputError
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
    pytest.param(["1.0.0+a", "1.0.0+b"], [("respin", "1.0.0+b")], id="other build: respin"),
    pytest.param(["1.0.0", "1.0.0+b"], [("respin", "1.0.0+b")], id="added build: respin"),
    pytest.param(["1.0.0+b", "1.0.0"], [("respin", "1.0.0")], id="build dropped: respin"),
    pytest.param(
        ["1.0.0+a", "1.0.0+b", "1.0.0+a"],
        [("respin", "1.0.0+b"), ("duplicate", "1.0.0+a")],
        id="the same text again: duplicate",
    ),
    pytest.param(
        ["1.0.0-rc.1", "1.0.0-rc.1+x"], [("respin", "1.0.0-rc.1+x")], id="respin of a pre-release"
    ),
    pytest.param(
        ["1.0.0-rc.1+x", "1.0.0-rc.1+x"],
        [("duplicate", "1.0.0-rc.1+x")],
        id="duplicate pre-release",
    ),
    pytest.param(["1.0.0", "1.0.1", "1.0.0"], [("duplicate", "1.0.0")], id="duplicate later"),
    # out-of-order within a line
    pytest.param(
        ["4.2.0", "4.2.1", "4.2.2", "4.2.1"],
        [("duplicate", "4.2.1")],
        id="again, lower",
    ),
    pytest.param(
        ["4.2.4", "4.2.5", "4.2.3"],
        [("out-of-order", "4.2.3")],
        id="below its line's highest, nothing skipped",
    ),
    pytest.param(
        ["4.0.0", "4.10.0", "4.9.0"],
        [("gap", "4.10.0"), ("out-of-order", "4.9.0")],
        id="4.9 after 4.10",
    ),
    # out-of-order: a new line below an existing line of its major
    pytest.param(
        ["4.0.0", "4.1.0", "4.3.0", "4.2.0"],
        [("gap", "4.3.0"), ("out-of-order", "4.2.0")],
        id="new line below",
    ),
    pytest.param(
        ["4.0.0", "4.2.0", "4.1.0"],
        [("gap", "4.2.0"), ("out-of-order", "4.1.0")],
        id="4.1.0 after 4.2.0",
    ),
    # out-of-order: a new major below an existing major
    pytest.param(
        ["1.0.0", "3.0.0", "4.0.0", "2.0.0"],
        [("gap", "3.0.0"), ("out-of-order", "2.0.0")],
        id="new major below",
    ),
    pytest.param(
        ["3.0.0", "5.0.0", "4.0.0"],
        [("gap", "5.0.0"), ("out-of-order", "4.0.0")],
        id="skipped major filled in later",
    ),
    # out-of-order: a pre-release of a version already GA
    pytest.param(
        ["4.2.0", "4.2.0-rc.1"], [("out-of-order", "4.2.0-rc.1")], id="pre-release after its GA"
    ),
    pytest.param(
        ["4.2.0", "4.2.1", "4.2.1-rc.1"],
        [("out-of-order", "4.2.1-rc.1")],
        id="pre-release of a GA maintenance release",
    ),
    # a pre-release is checked as the release it previews would be, errors only
    pytest.param(
        ["4.1.0", "4.2.0", "4.1.0-rc.1"],
        [("out-of-order", "4.1.0-rc.1")],
        id="pre-release of a released line",
    ),
    pytest.param(
        ["4.0.0", "4.2.0", "4.1.0-rc.1"],
        [("gap", "4.2.0"), ("out-of-order", "4.1.0-rc.1")],
        id="pre-release previews a line below",
    ),
    pytest.param(
        ["3.0.0", "5.0.0", "4.0.0-rc.1"],
        [("gap", "5.0.0"), ("out-of-order", "4.0.0-rc.1")],
        id="pre-release previews a major below",
    ),
    pytest.param(
        ["4.2.3", "4.2.4", "4.2.1-rc.1"],
        [("out-of-order", "4.2.1-rc.1")],
        id="pre-release below its line's highest",
    ),
    pytest.param(["4.0.0", "4.3.0-rc.1"], [], id="pre-release is never warned about"),
    pytest.param(
        ["4.0.0", "4.3.0-rc.1", "4.3.0"], [("gap", "4.3.0")], id="the GA release carries the gap"
    ),
    pytest.param(["4.3.0-rc.1", "4.2.0"], [], id="a pre-release does not open a line"),
    # pre-release promoted to GA
    pytest.param(
        ["4.2.0", "4.3.0-alpha", "4.3.0-rc.1", "4.3.0-rc.2", "4.3.0", "4.3.1"],
        [],
        id="pre-releases then GA",
    ),
    pytest.param(["1.0.0-alpha", "1.0.0-beta", "1.0.0"], [], id="first release via pre-releases"),
    # back-ports: no finding
    pytest.param(["4.1.0", "4.2.0", "4.1.1", "4.2.1", "4.1.2"], [], id="back-port to older line"),
    pytest.param(
        ["4.2.0", "5.0.0", "4.2.1", "5.0.1", "4.2.2", "4.3.0"],
        [],
        id="back-port after newer major",
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
        ["1.0.0", "1.2", "v1.0.1", "1.0.1"],
        [("invalid", "1.2"), ("invalid", "v1.0.1")],
        id="invalid entries are not releases",
    ),
    pytest.param(
        ["", " 1.0.0", "1.0.0\n"],
        [("invalid", ""), ("invalid", " 1.0.0"), ("invalid", "1.0.0\n")],
        id="whitespace is not stripped by the core",
    ),
]


@pytest.mark.parametrize(("history", "expected"), HISTORIES)
def test_rules(history: list[str], expected: list[tuple[str, str]]) -> None:
    result = check_numbering(history)
    assert found(result) == expected
    assert result.valid == all(code in WARNINGS for code, _ in expected)


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
    "respin": "warning",
}
WARNINGS = {code for code, level in LEVELS.items() if level == "warning"}


def test_every_code_has_its_level() -> None:
    history = ["4.0.0", "4.2.1", "4.2.1", "4.1.0", "6.0.0", "x", "4.2.0-rc.1", "4.2.1+b"]
    result = check_numbering(history)
    assert {f.code for f in result.findings} == set(LEVELS)
    for f in result.findings:
        assert f.level == LEVELS[f.code], f
    assert not result.valid
    assert {f.code for f in result.errors} == {"invalid", "duplicate", "out-of-order"}
    assert {f.code for f in result.warnings} == {"gap", "not-reset", "respin"}


# --- the v2 rules, one table each (SPEC §2.2 v2) --------------------------------------------------

V2 = [
    # Blame the jump once.
    pytest.param(
        ["2.8.14", "2.8.15", "2.8.216", "2.8.16", "2.8.17", "2.8.18"],
        [("out-of-order", "2.8.216")],
        id="jump: one error on the jump",
    ),
    pytest.param(["2.8.15", "2.8.216", "2.8.217"], [("gap", "2.8.216")], id="jump: none below"),
    pytest.param(
        ["2.8.15", "2.8.216", "2.8.17", "2.8.16"],
        [("out-of-order", "2.8.216"), ("gap", "2.8.17"), ("out-of-order", "2.8.16")],
        id="jump: the releases below it checked among themselves",
    ),
    pytest.param(
        ["2.8.15", "2.8.216", "2.8.217", "2.8.16"],
        [("gap", "2.8.216"), ("out-of-order", "2.8.16")],
        id="jump: the line went on from it",
    ),
    pytest.param(
        ["2.8.15", "2.8.216", "2.8.16", "2.8.217", "2.8.17"],
        [("out-of-order", "2.8.216")],
        id="jump: went on once, fell below it twice",
    ),
    pytest.param(
        ["6.1.34", "6.1.36", "6.1.40", "6.1.42", "6.1.38"],
        [("gap", "6.1.36"), ("gap", "6.1.40"), ("gap", "6.1.42"), ("out-of-order", "6.1.38")],
        id="jump: a release re-tagged years later is the one out of order",
    ),
    pytest.param(
        ["4.2.0", "4.2.3", "4.2.4", "4.2.1-rc.1"],
        [("gap", "4.2.3"), ("out-of-order", "4.2.1-rc.1")],
        id="jump the line went on from: a pre-release below it",
    ),
    pytest.param(
        ["4.2.0", "4.3.5", "4.3.0", "4.3.1"],
        [("out-of-order", "4.3.5")],
        id="jump: a line opened at X.Y.5",
    ),
    pytest.param(
        ["4.2.0", "4.3.5", "4.3.1"],
        [("out-of-order", "4.3.5"), ("not-reset", "4.3.1")],
        id="jump: the releases below it open its line",
    ),
    pytest.param(
        ["4.2.0", "4.2.1", "4.2.3", "4.2.2-rc.1", "4.2.2"],
        [("out-of-order", "4.2.3")],
        id="jump: a pre-release below it is no error",
    ),
    pytest.param(
        ["4.2.0", "4.2.5", "4.2.3", "4.2.2-rc.1"],
        [("out-of-order", "4.2.5"), ("gap", "4.2.3"), ("out-of-order", "4.2.2-rc.1")],
        id="jump: a pre-release below the releases below it",
    ),
    # Histories start mid-stream.
    pytest.param(
        ["5.2.0", "5.2.1", "5.1.7", "5.0.14", "4.2.14", "5.1.8", "4.2.15", "4.3.1"],
        [],
        id="mid-stream: back-ports of lines before the history",
    ),
    pytest.param(
        ["5.2.0", "5.1.7", "5.1.9", "5.1.8"],
        [("out-of-order", "5.1.9")],
        id="mid-stream: their later releases are checked as usual",
    ),
    pytest.param(
        ["5.2.0", "5.1.7", "5.1.6"],
        [("out-of-order", "5.1.6")],
        id="mid-stream: below what its line already had",
    ),
    pytest.param(
        ["5.2.0", "5.4.0", "5.3.0"],
        [("gap", "5.4.0"), ("out-of-order", "5.3.0")],
        id="mid-stream: a line above the first line is new",
    ),
    pytest.param(["5.2.3", "5.2.4"], [], id="mid-stream: the first line at any maintenance"),
    # Invalid entries still count.
    pytest.param(
        ["96.0.1", "97.0", "97.0.1", "97.0.2"],
        [("invalid", "97.0")],
        id="invalid: 97.0",
    ),
    pytest.param(
        ["4.6.0", "4.7", "4.7.1", "4.8.0"],
        [("invalid", "4.7")],
        id="invalid: 4.7",
    ),
    pytest.param(["12", "12.0.1", "13.0.0"], [("invalid", "12")], id="invalid: 12"),
    pytest.param(
        ["18.08.0", "18.08.1", "18.8.2"],
        [("invalid", "18.08.0"), ("invalid", "18.08.1")],
        id="invalid: leading zeros",
    ),
    pytest.param(
        ["2.5.14", "2.5.14.1", "2.5.14.2", "2.5.15"],
        [("invalid", "2.5.14.1"), ("invalid", "2.5.14.2")],
        id="invalid: hotfixes",
    ),
    pytest.param(
        ["5.5.0", "5.5.8.1", "5.5.1", "5.5.2"],
        [("invalid", "5.5.8.1")],
        id="invalid: a reading ahead of its line blames nobody",
    ),
    pytest.param(
        ["5.9.0", "5.10.7.1", "5.10.0", "5.10.1", "5.10.7"],
        [("invalid", "5.10.7.1")],
        id="invalid: a reading opens its line",
    ),
    pytest.param(["v1.0.1", "1.0.1"], [("invalid", "v1.0.1")], id="invalid: then written well"),
    pytest.param(
        ["4.6.0", "4.7", "4.7.0-rc.1"],
        [("invalid", "4.7"), ("out-of-order", "4.7.0-rc.1")],
        id="invalid: its reading is GA",
    ),
    pytest.param(
        ["4.0.0", "5.0.0f4", "5.0.1"],
        [("invalid", "5.0.0f4"), ("not-reset", "5.0.1")],
        id="invalid: no clear reading, dropped",
    ),
    pytest.param(
        ["1.0.1", "1.0.2a", "1.0.2", "1.0.3"],
        [("invalid", "1.0.2a")],
        id="invalid: 1.0.2a",
    ),
    pytest.param(
        ["4.3.2", "4.3.2p69", "4.3.2_HF2", "4.3.2.post1", "4.3.3"],
        [("invalid", "4.3.2p69"), ("invalid", "4.3.2_HF2"), ("invalid", "4.3.2.post1")],
        id="invalid: hotfix markers",
    ),
    pytest.param(
        ["4.3.2", "4.3.2-hotfix1"],
        [("out-of-order", "4.3.2-hotfix1")],
        id="strict: -hotfix1 is a pre-release",
    ),
    # Pre-release-only histories: checked on their cores.
    pytest.param(
        ["1.27.3-gke.100", "1.27.3-gke.200", "1.27.4-gke.100", "1.28.1-gke.50", "1.27.2-gke.300"],
        [("respin", "1.27.3-gke.200"), ("not-reset", "1.28.1"), ("out-of-order", "1.27.2")],
        id="pre-release-only",
    ),
    pytest.param(
        ["2.14.4-02", "2.14.4-3", "2.14.5-1", "2.14.5-2"],
        [("invalid", "2.14.4-02"), ("respin", "2.14.5-2")],
        id="pre-release-only, with invalid entries",
    ),
    pytest.param(
        ["1.27.3-gke.100", "1.27.3-gke.100"],
        [("duplicate", "1.27.3-gke.100")],
        id="pre-release-only: the same text again",
    ),
]


@pytest.mark.parametrize(("history", "expected"), V2)
def test_v2_rules(history: list[str], expected: list[tuple[str, str]]) -> None:
    result = check_numbering(history)
    assert found(result) == expected
    assert result.valid == all(code in WARNINGS for code, _ in expected)


@pytest.mark.parametrize(("history", "expected"), V2)
def test_v2_rules_agree_with_the_brute_force_reading(
    history: list[str], expected: list[tuple[str, str]]
) -> None:
    result = check_numbering(history)
    assert (found(result), kinds(result)) == reference(history)


def test_a_blamed_jump_names_the_releases_below_it() -> None:
    history = ["2.8.15", "2.8.216", *(f"2.8.{n}" for n in range(16, 38))]
    (finding,) = check_numbering(history).findings
    assert finding.message == (
        "2.8.216 jumped ahead of line 2.8 (it was at 2.8.15): 22 later releases fall below it: "
        "2.8.16, 2.8.17, 2.8.18 … 2.8.37"
    )
    assert finding.related == tuple(history[2:])
    assert (finding.level, finding.index) == ("error", 1)
    opened = check_numbering(["4.2.0", "4.3.5", "4.3.0"]).findings[0]
    assert opened.message == (
        "4.3.5 opened line 4.3 at maintenance 5: 1 later release falls below it: 4.3.0"
    )


def test_a_jump_is_blamed_by_the_next_version_too() -> None:
    result = check_numbering(["2.8.15", "2.8.216"], next_version="2.8.16")
    assert found(result) == [("out-of-order", "2.8.216")]
    assert result.findings[0].related == ("2.8.16",)
    assert result.next is not None
    assert result.next.kind == "maintenance"


def test_invalid_entries_say_how_they_were_read() -> None:
    result = check_numbering(["97.0", "4.2.1.1234", "4.3.2p69", "cos-69-10895-62-0"])
    assert [f.message for f in result.findings] == [
        "'97.0' is not a strict version (SemVer 2.0.0, e.g. 4.2.1); read as 97.0.0 for the "
        "releases after it",
        "'4.2.1.1234' is not a strict version (SemVer 2.0.0, e.g. 4.2.1); read as hotfix 1234 of "
        "4.2.1 for the releases after it",
        "'4.3.2p69' is not a strict version (SemVer 2.0.0, e.g. 4.2.1); read as hotfix 69 of "
        "4.3.2 for the releases after it",
        "'cos-69-10895-62-0' is not a strict version: expected SemVer 2.0.0 "
        "MAJOR.MINOR.MAINTENANCE[-PRERELEASE][+BUILD], e.g. 4.2.1",
    ]
    assert result.releases == ()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=4),
    st.integers(0, 3),
    st.sampled_from(["", "v"]),
)
def test_a_clear_reading_is_the_numbers_written(
    numbers: list[int], zeros: int, prefix: str
) -> None:
    # SPEC §2.2 v2: an entry of one to four numbers (leading zeros allowed) reads as those
    # numbers; a fourth is a hotfix (SPEC §2). Its one finding says so and names the reading.
    text = prefix + ".".join("0" * zeros + str(n) for n in numbers)
    result = check_numbering([text])
    major, minor, maintenance = [*numbers, 0, 0][:3]
    hotfix = numbers[3] if len(numbers) == 4 else None
    expected = Version(major, minor, maintenance, hotfix=hotfix)
    if len(numbers) == 3 and not zeros and not prefix:
        assert found(result) == []  # strict: a release
        assert result.releases[0].version == expected
    else:
        assert found(result) == [("invalid", text)]
        assert result.findings[0].related == (str(expected),)
        assert result.releases == ()


def test_hotfixes_are_history_not_releases() -> None:
    # A four-part entry reads as a hotfix (SPEC §2); a parsed hotfix is history as it is.
    result = check_numbering(["4.2.0", "4.2.1.3", Version(4, 2, 1, hotfix=4), "4.2.2"])
    assert found(result) == [("invalid", "4.2.1.3")]
    assert result.findings[0].related == ("4.2.1.3",)
    assert [str(r.version) for r in result.releases] == ["4.2.0", "4.2.2"]
    # A hotfix is never a pre-release: such an entry has no clear reading and is left out.
    unclear = check_numbering(["4.2.0", "4.2.1.3-rc.1", "4.2.2"])
    assert found(unclear) == [("invalid", "4.2.1.3-rc.1"), ("gap", "4.2.2")]
    assert unclear.findings[0].related == ()


def test_a_respin_names_the_release_it_repeats() -> None:
    result = check_numbering(["21.0.3+10", "21.0.3+11", "11.0.5", "11.0.5+security-01"])
    assert [f.message for f in result.findings] == [
        "21.0.3+11 re-releases 21.0.3+10 with other build metadata: the same version, not a new "
        "release",
        "11.0.5+security-01 re-releases 11.0.5 with other build metadata: the same version, not a "
        "new release",
    ]
    assert result.valid
    assert [str(r.version) for r in result.releases] == ["21.0.3+10", "11.0.5"]


def test_a_pre_release_only_history_says_so() -> None:
    result = check_numbering(["1.27.3-gke.100", "1.27.4-gke.200"])
    assert result.notes == (
        "every entry is a pre-release (1.27.3-gke.100): the history is checked on the core "
        "versions (1.27.3); a pre-release never counts as a release otherwise (§1.4)",
    )
    assert [(str(r.version), r.kind) for r in result.releases] == [
        ("1.27.3", "initial"),
        ("1.27.4", "maintenance"),
    ]
    assert check_numbering(["1.0.0-rc.1", "1.0.0"]).notes == ()
    assert check_numbering(["x", "y"]).notes == ()


# --- ratchet mode (since) -------------------------------------------------------------------------


def test_since_judges_only_what_comes_after() -> None:
    history = ["4.0.0", "4.2.0", "4.1.0", "4.2.1", "4.2.3"]
    result = check_numbering(history, since="4.2.1")
    assert found(result) == [("gap", "4.2.3")]
    assert [(f.code, f.version) for f in result.context] == [
        ("gap", "4.2.0"),
        ("out-of-order", "4.1.0"),
    ]
    assert result.valid
    assert result.since == 3
    assert len(result.releases) == 5


def test_since_names_a_tag_or_a_version() -> None:
    tags = ["v1.0.0", "v1.1.0", "v1.0.1"]
    for ref in ("v1.1.0", "1.1.0"):
        assert check_numbering(tags, tag_prefix="v", since=ref).since == 1
    assert check_numbering(["1.0.0+1", "1.0.0+2", "1.0.1"], since="1.0.0").since == 1  # the last
    assert check_numbering(["4.0.0"], since="v4.0.0").since == 0  # read leniently
    assert check_numbering(["1.0", "1.0.1"], since="1.0").since == 0  # an invalid entry's text
    assert check_numbering(["1.0.0"], since=Version(1, 0, 0)).since == 0


def test_since_a_jump_that_later_releases_fall_below() -> None:
    result = check_numbering(["2.8.15", "2.8.216", "2.8.16"], since="2.8.216")
    assert result.findings == ()
    assert [f.code for f in result.context] == ["out-of-order"]
    assert result.valid


def test_since_keeps_the_next_version_judged() -> None:
    result = check_numbering(["4.0.0", "4.0.0"], since="4.0.0", next_version="4.0.0")
    assert found(result) == [("duplicate", "4.0.0")]
    assert [f.index for f in result.findings] == [None]


@pytest.mark.parametrize("ref", ["4.9.9", "4.0.0-rc.1", "nope", "", "4.0.0.1"])
def test_since_not_in_the_history_is_an_input_error(ref: str) -> None:
    with pytest.raises(InputError) as raised:
        check_numbering(["4.0.0", "4.0.1"], since=ref)
    assert str(raised.value) == (
        f"--since {ref!r} is not a release of the history: give one of its versions or tags"
    )


# --- kinds ----------------------------------------------------------------------------------------

KIND_TABLE = [
    pytest.param(["4.2.1"], ["initial"], id="first"),
    pytest.param(
        ["3.1.2", "4.0.0", "4.2.0", "4.2.1"],
        ["initial", "major", "minor", "maintenance"],
        id="policy examples §1.5-§1.7",
    ),
    pytest.param(
        ["4.2.0", "4.3.0-rc.1", "4.3.0", "4.3.1-rc.1", "5.0.0-beta", "5.0.0"],
        [
            "initial",
            "prerelease-minor",
            "minor",
            "prerelease-maintenance",
            "prerelease-major",
            "major",
        ],
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
        ["4.1.0", "4.2.0", "4.0.0", "3.0.0"],
        ["initial", "minor", "initial", "initial"],
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
        "initial",
        "major",
        "minor",
        "maintenance",
        "prerelease-initial",
        "prerelease-major",
        "prerelease-minor",
        "prerelease-maintenance",
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
    (
        ["4.2.0", "4.3.1"],
        "4.3.1 opens line 4.3 at maintenance 1: a new line should start at 4.3.0 (§1.6)",
    ),
    (["4.2.0", "5.1.0"], "5.1.0 opens major 5: a new major should start at 5.0.0 (§1.5)"),
    (
        ["4.2.1", "4.2.1+build.7"],
        "4.2.1+build.7 re-releases 4.2.1 with other build metadata: the same version, not a new "
        "release",
    ),
    (
        ["4.2.1+b6", "4.2.1+b7"],
        "4.2.1+b7 re-releases 4.2.1+b6 with other build metadata: the same version, not a new "
        "release",
    ),
    (["4.2.1", "4.2.1"], "4.2.1 was already released"),
    (["4.2.0", "4.2.0-rc.1"], "4.2.0-rc.1 is a pre-release of 4.2.0, which was already released"),
    (["4.2.2", "4.2.3", "4.2.1"], "4.2.1 is below 4.2.3, the highest release of line 4.2"),
    (["4.2.0", "4.2.3", "4.2.2", "4.2.1"], "4.2.1 is below 4.2.2, released before it"),
    (
        ["1.0.0", "3.0.0", "4.1.0", "4.2.0", "3.1.0", "2.0.0"],
        "2.0.0 opens major 2 after 4.2.0 was released",
    ),
    (["4.0.0", "4.2.0", "4.1.0-rc.1"], "4.1.0-rc.1 previews line 4.1 after 4.2.0 was released"),
    (
        ["1.2.x"],
        "'1.2.x' is not a strict version: expected SemVer 2.0.0 "
        "MAJOR.MINOR.MAINTENANCE[-PRERELEASE][+BUILD], e.g. 4.2.1",
    ),
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
        ("invalid", 1),
        ("gap", 2),
        ("duplicate", 3),
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
    pytest.param(
        ["4.0.0", "4.2.0", "4.3.0"], "4.1.0", "minor", [("out-of-order", "4.1.0")], id="below"
    ),
    pytest.param(["4.2.0", "4.3.0"], "4.1.0", "initial", [], id="a line before the history"),
    pytest.param(["4.2.0"], "4.4.0", "minor", [("gap", "4.4.0")], id="gap"),
    pytest.param(["4.2.0"], "4.2", None, [("invalid", "4.2")], id="invalid"),
]


@pytest.mark.parametrize(("history", "proposed", "kind", "expected"), NEXT)
def test_next_version(
    history: list[str], proposed: str, kind: str | None, expected: list[tuple[str, str]]
) -> None:
    result = check_numbering(history, next_version=proposed)
    alone = check_numbering(history)
    assert result.findings[: len(alone.findings)] == alone.findings
    assert [(f.code, f.version) for f in result.findings if f.index is None] == expected
    assert len(result.findings) == len(alone.findings) + len(expected)
    assert (result.next.kind if result.next else None) == kind
    if result.next is not None:
        assert result.next.index is None
    assert len(result.releases) == len(history)  # the next version is not among the releases


def test_next_version_is_vetted_after_a_broken_history() -> None:
    result = check_numbering(["4.0.0", "4.2.0", "4.1.0"], next_version="4.2.1")
    assert found(result) == [("gap", "4.2.0"), ("out-of-order", "4.1.0")]
    assert result.next == NumberedRelease(Version(4, 2, 1), HistoryKind.MAINTENANCE, None)


# --- semver.org's own lists (its regex section's test strings, in tests/semver_org.py) ------------


@pytest.mark.parametrize("text", VALID)
def test_semver_org_valid_is_never_invalid(text: str) -> None:
    # After a release: a history of one pre-release alone would be read on its core.
    result = check_numbering(["0.0.0", text])
    assert [f for f in result.findings if f.level == "error"] == []
    assert [str(r.version) for r in result.releases] == ["0.0.0", text]


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


_entries = st.one_of(
    _versions,
    _versions.map(str),
    st.tuples(_small, _small, st.integers(0, 9)).map(lambda t: f"{t[0]}.{t[1]}.{t[2]}"),
    st.tuples(_small, _small).map(lambda t: f"{t[0]}.{t[1]}"),  # read as X.Y.0
    st.tuples(_small, _small, _small, _small).map(lambda t: ".".join(map(str, t))),  # a hotfix
    st.tuples(_small, _small, _small).map(lambda t: f"{t[0]}.{t[1]}.{t[2]}f1"),  # no reading
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_entries, max_size=30))
def test_v2_bookkeeping_agrees_with_a_brute_force_reading(history: list[str | Version]) -> None:
    # Jumps, readings of invalid entries, respins, histories that start mid-stream and
    # pre-release-only ones: the checker's bookkeeping against SPEC §2.2 v2 read plainly.
    result = check_numbering(history)
    assert (found(result), kinds(result)) == reference(history)  # type: ignore[arg-type]


@settings(max_examples=200)
@given(st.lists(st.text(max_size=40), max_size=20))
def test_arbitrary_text_never_crashes(history: list[str]) -> None:
    result = check_numbering(history)
    dropped = sum(f.code in ("invalid", "duplicate", "respin") for f in result.findings)
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


class _Earlier:
    """An earlier entry of the history, for the brute-force reading."""

    def __init__(self, version: Version, text: str, read: bool, jump: bool) -> None:
        self.version = version  # a reading's version for an invalid entry (a hotfix: its base)
        self.text = text  # how it was written (a pre-release-only history: with its tag)
        self.read = read  # the reading of an invalid entry
        self.jump = jump  # it skipped maintenance numbers of its line
        self.below: list[str] = []  # later releases into the numbers it skipped


def _reading(text: str) -> Version | None:
    """The lenient reading SPEC §2.2 v2 keeps for an invalid entry: whole text, 1-4 numbers."""
    parts = text.removeprefix("v").split(".")
    if not 1 <= len(parts) <= 4 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    numbers = [int(p) for p in parts] + [0, 0]
    return Version(numbers[0], numbers[1], numbers[2])


def reference(history: list[str] | list[Version]) -> tuple[list[tuple[str, str]], list[str]]:
    """SPEC §2.2 (v2) read plainly: every release against every earlier one (quadratic)."""
    findings: list[tuple[str, str, _Earlier | None]] = []
    kinds_: list[str] = []
    earlier: list[_Earlier] = []  # releases and readings, in order
    written_as: list[tuple[Version, str]] = []  # every release and re-release, as written
    parsed: list[tuple[str, Version | None, bool]] = []
    for entry in history:
        if isinstance(entry, Version):
            parsed.append((str(entry), entry, False))
            continue
        try:
            parsed.append((entry, parse_strict(entry), False))
        except ValueError:
            parsed.append((entry, _reading(entry), True))
    cores = any(v for _, v, _ in parsed) and all(v is None or v.prerelease for _, v, _ in parsed)
    first_line = (0, 0)
    for at, (text, v, invalid) in enumerate(parsed):
        if v is None:
            findings.append(("invalid", text, None))
            continue
        written = str(v)
        if cores:
            v = v.core
        if not any(p[1] for p in parsed[:at]):
            first_line = (v.major, v.minor)
        line = [e for e in earlier if not e.version.prerelease and e.version.line == v.line]
        if invalid:
            findings.append(("invalid", text, None))
            top = max((e.version.maintenance for e in line), default=-1)
            jumps = not v.prerelease and v.maintenance > top + 1
            earlier.append(_Earlier(v, written, read=True, jump=jumps))
            continue
        shown = str(v)
        same = [w for version, w in written_as if version == v]
        if same:
            shown = written if cores else shown  # what differs is how it was written
            findings.append(("duplicate" if written in same else "respin", shown, None))
            written_as.append((v, written))
            continue
        written_as.append((v, written))
        ga = [e.version for e in earlier if not e.version.prerelease]
        below = [g for g in ga if g < v]
        kind = classify(max(below), v).kind.value if below else "initial"
        kinds_.append(("prerelease-" if v.prerelease else "") + kind)
        me = _Earlier(v, written, read=False, jump=False)
        mine: list[tuple[str, str]] = []
        if v.prerelease and any(g.core == v.core for g in ga):
            mine.append(("out-of-order", shown))
        elif line:
            top = max(e.version.maintenance for e in line)
            if v.maintenance > top:
                if not v.prerelease and v.maintenance > top + 1:
                    mine.append(("gap", shown))
                    me.jump = True
            elif v.maintenance < top and not any(e.read and e.version.core == v.core for e in line):
                mine += _below_a_jump(v, shown, line, first_line)
        elif (v.major, v.minor) >= first_line:
            same_major = [g for g in ga if g.major == v.major]
            if same_major:
                top = max(g.minor for g in same_major)
                if v.minor < top:
                    mine.append(("out-of-order", shown))
                elif not v.prerelease and v.minor > top + 1:
                    mine.append(("gap", shown))
                if not v.prerelease and v.maintenance:
                    mine.append(("not-reset", shown))
                    me.jump = True
            elif ga:
                top = max(g.major for g in ga)
                if v.major < top:
                    mine.append(("out-of-order", shown))
                elif not v.prerelease and v.major > top + 1:
                    mine.append(("gap", shown))
                if not v.prerelease and (v.minor or v.maintenance):
                    mine.append(("not-reset", shown))
                    me.jump = bool(v.maintenance)
        findings += [(code, shown, me) for code, shown in mine]
        earlier.append(me)
    # A jump that later releases fell below: one error, in place of the warning that said it
    # skipped numbers (its not-reset when it opened its line, else its gap).
    result = []
    for code, shown, owner in findings:
        if owner is not None and owner.below and code in ("gap", "not-reset"):
            codes = [c for c, _, o in findings if o is owner]
            if code == ("not-reset" if "not-reset" in codes else "gap"):
                code = "out-of-order"
        result.append((code, shown))
    return result, kinds_


def _below_a_jump(
    v: Version, shown: str, line: list[_Earlier], first_line: tuple[int, int]
) -> list[tuple[str, str]]:
    """A release below its line's top: blame the jump that skipped it, else out of order."""
    m = v.maintenance
    # The jump that skipped m: the first release of the line above m, if the line was below m
    # when it came, and it skipped numbers (a jump).
    for at, e in enumerate(line):
        if e.version.maintenance > m:
            before = max((x.version.maintenance for x in line[:at]), default=-1)
            if before < m and e.jump:
                later = [
                    x.version.maintenance
                    for x in line[at + 1 :]
                    if before < x.version.maintenance < e.version.maintenance
                ]
                filled = max([before, *later])
                if m < filled:
                    return [("out-of-order", shown)]
                # The line went on from the jump (releases that raised its top) more often than
                # releases came into its numbers (each above those before it): m is late.
                after = line[at + 1 :]
                went_on = sum(
                    x.version.maintenance > max(y.version.maintenance for y in line[: at + 1 + i])
                    for i, x in enumerate(after)
                )
                came = sum(
                    not x.read
                    and before < x.version.maintenance < e.version.maintenance
                    and x.version.maintenance
                    > max(
                        [before]
                        + [
                            y.version.maintenance
                            for y in after[:i]
                            if before < y.version.maintenance < e.version.maintenance
                        ]
                    )
                    for i, x in enumerate(after)
                )
                if not e.read and went_on > came:
                    return [("out-of-order", shown)]
                if v.prerelease:
                    return []
                e.below.append(shown)
                if filled >= 0 and m > filled + 1:
                    return [("gap", shown)]
                if filled < 0 and m and (v.major, v.minor) > first_line:
                    return [("not-reset", shown)]
                return []
            break
    return [("out-of-order", shown)]
