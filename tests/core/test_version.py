"""Versions (SPEC §2): strict and lenient parsing, ordering, build metadata."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
import semver
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from eol_check.errors import InvalidVersion
from eol_check.version import Version, parse_lenient, parse_strict

from ..semver_org import INVALID, VALID

# One ordered table, reused for parse, sort and compare (lowest first).
ORDERED = [
    "0.0.1",
    "0.1.0",
    "1.0.0-0",
    "1.0.0-2",
    "1.0.0-11",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "1.0.1",
    "1.9.0",
    "1.10.0",
    "2.0.0",
    "3.1.2",
    "4.0.0",
    "4.2.0",
    "4.2.1",
    "4.9.0",
    "4.10.0",
    "10.0.0",
]


# Hotfixes in order (SPEC §2): after their release and its lower hotfixes, before the next
# release; each spelling of one hotfix is the same version.
HOTFIXES = [
    "4.3.1",
    "4.3.2-rc.1",
    "4.3.2",
    "4.3.2.0",
    "4.3.2-hotfix1",
    "4.3.2_HF2",
    "4.3.2.post10",
    "4.3.2.1234",
    "4.3.3-rc.1",
    "4.3.3",
]


def test_hotfixes_order_after_their_release() -> None:
    versions = [parse_lenient(t) for t in HOTFIXES]
    assert all(a < b for a, b in pairwise(versions))
    hotfix = parse_lenient("4.3.2 HF2")
    assert (hotfix.is_hotfix, hotfix.is_prerelease, hotfix.hotfix) == (True, False, 2)
    assert (hotfix.line, str(hotfix.base), str(hotfix.core)) == ("4.3", "4.3.2", "4.3.2.2")
    assert hotfix == parse_lenient("4.3.2.2") == parse_lenient("4.3.2-hf.2+build")
    assert parse_lenient("4.3.2").hotfix is None


def test_strict_form_keeps_semver() -> None:
    # Strict input is SemVer: "-hotfix1" is a pre-release there, and four parts are invalid.
    assert parse_strict("4.3.2-hotfix1").is_prerelease
    with pytest.raises(InvalidVersion):
        parse_strict("4.3.2.1")


def test_a_hotfix_is_never_a_prerelease() -> None:
    with pytest.raises(ValueError, match="never a pre-release"):
        Version(4, 3, 2, ("rc", 1), hotfix=1)


@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(
        ["-hotfix{}", "-hotfix.{}", "-hf{}", "_HF{}", " HF{}", ".post{}", "p{}", ".{}"]
    ),
)
def test_every_hotfix_spelling_reads_the_same(
    major: int, minor: int, maintenance: int, number: int, marker: str
) -> None:
    text = f"{major}.{minor}.{maintenance}" + marker.format(number)
    version = parse_lenient(text)
    assert version == Version(major, minor, maintenance, hotfix=number)
    assert parse_lenient(str(version)) == version  # the echoed form reads back the same
    assert version > Version(major, minor, maintenance)
    assert version < Version(major, minor, maintenance + 1, ("0",))


@given(
    st.lists(st.integers(0, 99), min_size=2, max_size=4),
    st.sampled_from([",", "/", "\\", ";", ":", "_", "|"]),
)
def test_lookalikes_are_refused(numbers: list[int], separator: str) -> None:
    text = separator.join(str(n) for n in numbers)
    with pytest.raises(InvalidVersion, match="is not a version: its numbers are joined by"):
        parse_lenient(text)


@pytest.mark.parametrize("text", ORDERED)
def test_strict_parse_round_trips(text: str) -> None:
    assert str(parse_strict(text)) == text


def test_sorting_follows_integers_and_prerelease_precedence() -> None:
    shuffled = sorted(ORDERED, key=lambda t: hash(t) % 97)
    assert [str(v) for v in sorted(parse_strict(t) for t in shuffled)] == ORDERED


@pytest.mark.parametrize(("lower", "higher"), list(pairwise(ORDERED)))
def test_neighbours_compare(lower: str, higher: str) -> None:
    a, b = parse_strict(lower), parse_strict(higher)
    assert a < b
    assert b > a
    assert a != b
    assert a <= b


@pytest.mark.parametrize(
    ("a", "b"),
    [("1.0.0+build.1", "1.0.0+build.2"), ("4.2.1", "4.2.1+77"), ("1.0.0-rc.1+x", "1.0.0-rc.1")],
)
def test_build_metadata_is_ignored_in_comparisons(a: str, b: str) -> None:
    va, vb = parse_strict(a), parse_strict(b)
    assert va == vb
    assert hash(va) == hash(vb)
    assert not va < vb
    assert not vb < va


def test_version_properties() -> None:
    v = parse_strict("4.2.1-rc.1+b7")
    assert (v.major, v.minor, v.maintenance) == (4, 2, 1)
    assert v.prerelease == ("rc", 1)
    assert v.build == "b7"
    assert v.line == "4.2"
    assert v.is_prerelease
    assert v.core == Version(4, 2, 1)
    assert str(v.core) == "4.2.1"
    assert repr(v) == "Version('4.2.1-rc.1+b7')"


@pytest.mark.parametrize("text", VALID)
def test_semver_org_valid_strings_parse_strictly(text: str) -> None:
    assert str(parse_strict(text)) == text


@pytest.mark.parametrize("text", INVALID)
def test_semver_org_invalid_strings_are_refused(text: str) -> None:
    with pytest.raises(InvalidVersion, match="is not a strict version"):
        parse_strict(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("v4.2.1", "'v4.2.1' is not a strict version: expected SemVer 2.0.0"),
        ("4.2.1\n", "'4.2.1\\n' is not a strict version"),
        (" 4.2.1", "' 4.2.1' is not a strict version"),
        ("1١.2.3", "'1١.2.3' is not a strict version: only ASCII characters count"),
        ("", "'' is not a strict version"),
        ("1" * 300, "version text of 300 characters is too long (at most 256)"),
    ],
)
def test_strict_refusals(text: str, message: str) -> None:
    with pytest.raises(InvalidVersion) as info:
        parse_strict(text)
    assert str(info.value).startswith(message)


def test_strict_strips_a_tag_prefix_only_when_asked() -> None:
    assert str(parse_strict("v4.2.1", tag_prefix="v")) == "4.2.1"
    assert str(parse_strict("release-4.2.1", tag_prefix="release-")) == "4.2.1"
    assert str(parse_strict("4.2.1", tag_prefix="v")) == "4.2.1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Octopus Authentication Server 4.2.1", "4.2.1"),
        ("v4.2", "4.2.0"),
        ("V4.2", "4.2.0"),
        ("4", "4.0.0"),
        # Hotfixes (SPEC §2): a marker right after the version, or a fourth numeric part.
        ("4.2.1.1234", "4.2.1.1234"),
        ("4.3.2-hotfix1", "4.3.2.1"),
        ("4.3.2-hotfix.1", "4.3.2.1"),
        ("4.3.2-hf2", "4.3.2.2"),
        ("4.3.2_HF2", "4.3.2.2"),
        ("4.3.2 HF2", "4.3.2.2"),
        ("4.3.2.post1", "4.3.2.1"),
        ("4.3.2p69", "4.3.2.69"),
        ("OAS 4.3.2-HotFix3 (build 9)", "4.3.2.3"),
        ("4.3.2-hf2+b7", "4.3.2.2+b7"),
        # Not a hotfix marker: a pre-release, as SemVer reads it.
        ("4.3.2-p1", "4.3.2-p1"),
        ("4.3.2-hotfix1a", "4.3.2-hotfix1a"),
        ("4.3.2 posted", "4.3.2"),
        ("4.2.1 (build 77)", "4.2.1"),
        ("4.2.1-rc.1", "4.2.1-rc.1"),
        ("4.2-rc1", "4.2.0-rc1"),
        ("4.2.1+sha.5114f85", "4.2.1+sha.5114f85"),
        ("4.2.1.1234+sha", "4.2.1.1234+sha"),
        ("OAS v5.0.1 installed", "5.0.1"),
        ("version: 4.10.3;", "4.10.3"),
        ("x64 build of 4.2.1", "4.2.1"),  # "x64" is a word, not a version
        ("04.002.0010", "4.2.10"),
        ("oas-4.2.1", "4.2.1"),
        ("4.2.1.", "4.2.1"),
        ("  4.2.1  ", "4.2.1"),
        ("1" * 16 + ".0", "1111111111111111.0.0"),
    ],
)
def test_lenient_parsing(text: str, expected: str) -> None:
    assert str(parse_lenient(text)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no version found in '': expected a number like 4.2.1"),
        ("latest", "no version found in 'latest': expected a number like 4.2.1"),
        ("４.２.１", "no version found in '４.２.１': expected a number like 4.2.1"),
        ("v", "no version found in 'v': expected a number like 4.2.1"),
        ("x4.2.1", "no version found in 'x4.2.1': expected a number like 4.2.1"),
        (
            "1.2.3.4.5",
            "'1.2.3.4.5' has 5 numeric parts: a version has at most 4 "
            "(MAJOR.MINOR.MAINTENANCE and a hotfix number)",
        ),
        # Look-alikes are refused, never read as 4.0.0 (SPEC §2).
        (
            "4,3,2",
            "'4,3,2' is not a version: its numbers are joined by ',', where a version has "
            "dots; write MAJOR.MINOR.MAINTENANCE, e.g. 4.3.2",
        ),
        (
            "OAS 4/3/2",
            "'4/3/2' is not a version: its numbers are joined by '/', where a version has "
            "dots; write MAJOR.MINOR.MAINTENANCE, e.g. 4.3.2",
        ),
        (
            "4-3-2",
            "'4-3-2' is not a version: its numbers are joined by '-', where a version has "
            "dots; write MAJOR.MINOR.MAINTENANCE, e.g. 4.3.2",
        ),
        (
            "4.3,2",
            "'4.3,2' is not a version: its numbers are joined by ',', where a version has "
            "dots; write MAJOR.MINOR.MAINTENANCE, e.g. 4.3.2",
        ),
        (
            "4_3",
            "'4_3' is not a version: its numbers are joined by '_', where a version has "
            "dots; write MAJOR.MINOR.MAINTENANCE, e.g. 4.3.0",
        ),
        (
            "2026-01-15",
            "'2026-01-15' is not a version: its numbers are joined by '-', where a version has "
            "dots; write MAJOR.MINOR.MAINTENANCE, e.g. 2026.1.15",
        ),
        (
            "4.3.2.1-hf2",
            "'4.3.2.1-hf2' has a fourth part (hotfix 1) and a hotfix marker: a hotfix is "
            "written 4.3.2.1 or 4.3.2-hotfix1, and is never a pre-release",
        ),
        (
            "4.3.2.1-rc.1",
            "'4.3.2.1-rc.1' has a fourth part (hotfix 1) and a pre-release: a hotfix is "
            "written 4.3.2.1 or 4.3.2-hotfix1, and is never a pre-release",
        ),
        (
            "4.3.2-hf" + "9" * 17,
            "'4.3.2-hf" + "9" * 17 + "' has a hotfix number of 17 digits: at most 16 are allowed",
        ),
        (
            "1" * 17 + ".0.0",
            "'" + "1" * 17 + ".0.0' has a part of 17 digits: at most 16 are allowed",
        ),
        ("4" * 257, "version text of 257 characters is too long (at most 256)"),
    ],
)
def test_lenient_refusals(text: str, message: str) -> None:
    with pytest.raises(InvalidVersion) as info:
        parse_lenient(text)
    assert str(info.value) == message


@given(st.text(max_size=300))
def test_parsers_raise_only_our_error_on_any_text(text: str) -> None:
    for parse in (parse_strict, parse_lenient):
        try:
            version = parse(text)
        except InvalidVersion:
            continue
        assert isinstance(version, Version)


_numbers = st.integers(min_value=0, max_value=10**6)
_ident = st.one_of(
    st.integers(min_value=0, max_value=50).map(str),
    st.from_regex(r"[0-9A-Za-z-]*[A-Za-z-][0-9A-Za-z-]*", fullmatch=True).filter(
        lambda s: 0 < len(s) < 8
    ),
)
strict_versions = st.builds(
    lambda ma, mi, pa, pre, build: (
        f"{ma}.{mi}.{pa}" + (f"-{'.'.join(pre)}" if pre else "") + (f"+{build}" if build else "")
    ),
    _numbers,
    _numbers,
    _numbers,
    st.lists(_ident, max_size=3),
    st.sampled_from(["", "b1", "build.7"]),
)


@given(strict_versions, strict_versions)
def test_ordering_agrees_with_semver(a: str, b: str) -> None:
    va, vb = parse_strict(a), parse_strict(b)
    expected = semver.Version.parse(a).compare(b)
    assert ((va > vb) - (va < vb)) == expected
    assert (va == vb) == (expected == 0)


@given(st.lists(strict_versions, min_size=1, max_size=8))
def test_ordering_is_total_and_consistent(texts: list[str]) -> None:
    versions = [parse_strict(t) for t in texts]
    ordered = sorted(versions)
    assert all(a <= b for a, b in pairwise(ordered))
    assert sorted(versions, reverse=True)[::-1] == ordered


_HOTFIX_MARKER = re.compile(r"-(hotfix|hf|post)[-_.]?[0-9]+(\+|$)", re.IGNORECASE)


@given(strict_versions)
def test_lenient_agrees_with_strict_on_strict_text(text: str) -> None:
    # Except a hotfix marker, which the lenient form reads as a hotfix (SPEC §2).
    assume(not _HOTFIX_MARKER.search(text))
    assert parse_lenient(text) == parse_strict(text)
    assert str(parse_lenient(text)) == str(parse_strict(text))


def test_version_is_immutable_and_picklable() -> None:
    import pickle

    v = parse_strict("4.2.1-rc.1+b")
    with pytest.raises(AttributeError, match="immutable"):
        v.major = 5
    with pytest.raises(AttributeError, match="immutable"):
        del v.build
    copy = pickle.loads(pickle.dumps(v))
    assert (copy, str(copy)) == (v, "4.2.1-rc.1+b")
    assert v != "4.2.1-rc.1"
    assert {parse_strict("1.0.0+a"), parse_strict("1.0.0+b")} == {parse_strict("1.0.0")}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.from_regex(r"[0-9]{1,18}", fullmatch=True), min_size=1, max_size=6))
def test_plain_numbers_read_without_the_pattern_as_the_pattern_does(parts: list[str]) -> None:
    # "4.2.1" takes the short way; " 4.2.1" (the same token after a space) goes through the
    # lenient pattern: the answers, or the errors, are the same.
    text = ".".join(parts)

    def read(t: str) -> object:
        try:
            return parse_lenient(t)
        except InvalidVersion as exc:
            return str(exc)

    assert read(text) == read(" " + text)


@pytest.mark.parametrize("text", ["4.3.2-post1", "4.3.2.post1", "4.3.2post1", "4.3.2-hotfix1"])
def test_post_markers_read_the_same(text: str) -> None:
    """Issue 20 item 9: `-post1` and `.post1` are hotfix 1 of 4.3.2 alike."""
    assert parse_lenient(text) == parse_lenient("4.3.2.1")
    assert str(parse_lenient(text)) == "4.3.2.1"


def test_the_digit_limit_is_the_lenient_readers_only() -> None:
    """Issue 20 item 9: 16 digits a part for pasted text; strict SemVer reads any length."""
    from eol_check.version import MAX_COMPONENT_DIGITS

    assert MAX_COMPONENT_DIGITS == 16
    example = "99999999999999999999999.999999999999999999.99999999999999999"  # semver.org's
    assert str(parse_strict(example)) == example
    with pytest.raises(InvalidVersion) as caught:
        parse_lenient(example)
    assert str(caught.value) == f"{example!r} has a part of 23 digits: at most 16 are allowed"
