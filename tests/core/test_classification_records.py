"""Whole `Classification` records (SPEC §2.1): every field of each answer, not only the kind."""

from __future__ import annotations

import pytest

from eol_check.classification import NOT_RESET, Classification, ReleaseKind, classify
from eol_check.version import parse_lenient

MAJOR, MINOR, MAINT = ReleaseKind.MAJOR, ReleaseKind.MINOR, ReleaseKind.MAINTENANCE
NONE, DOWN, HOTFIX = ReleaseKind.NONE, ReleaseKind.DOWNGRADE, ReleaseKind.HOTFIX

# One row per branch of `classify`: (from, to, kind, prerelease, notes).
ROWS = [
    ("4.2.1", "4.2.1", NONE, False, ()),
    ("4.3.0-rc.1", "4.3.0-rc.1", NONE, True, ()),  # the same pre-release is still a pre-release
    ("4.2.2+7", "4.2.2+8", NONE, False, ()),  # build metadata is ignored (SPEC §2)
    ("4.2.1", "4.2.0", DOWN, False, ()),
    ("4.3.0", "4.3.0-rc.1", DOWN, True, ()),
    ("4.3.0-rc.1", "4.3.0", MINOR, False, ()),  # the release its zeros announce (SPEC §2.1)
    ("5.0.0-rc.1", "5.0.0-rc.2", MAJOR, True, ()),
    ("4.3.2", "4.3.2.1", HOTFIX, False, ()),  # §3.6: a hot fix of the same release
    ("4.3.2.1", "4.3.2.2", HOTFIX, False, ()),
    ("3.1.2", "4.0.0", MAJOR, False, ()),  # §1.5
    ("3.1.2", "4.1.0", MAJOR, False, (NOT_RESET,)),
    ("3.1.2", "4.0.1", MAJOR, False, (NOT_RESET,)),
    ("4.0.0", "4.2.0", MINOR, False, ()),  # §1.6
    ("4.0.0", "4.2.1", MINOR, False, (NOT_RESET,)),
    ("4.2.0", "4.2.1", MAINT, False, ()),  # §1.7
    ("4.2.1", "5.0.0-beta", MAJOR, True, ()),
]


@pytest.mark.parametrize(("from_", "to", "kind", "prerelease", "notes"), ROWS)
def test_every_field_of_the_answer(
    from_: str, to: str, kind: ReleaseKind, prerelease: bool, notes: tuple[str, ...]
) -> None:
    a, b = parse_lenient(from_), parse_lenient(to)
    result = classify(a, b)
    assert result == Classification(a, b, kind, prerelease, notes)
    assert (result.from_, result.to, result.kind, result.prerelease, result.notes) == (
        a,
        b,
        kind,
        prerelease,
        notes,
    )
    assert result.from_ is a
    assert result.to is b


def test_equal_versions_are_the_same_version_not_a_downgrade() -> None:
    # `to < from_` must not hold for equal versions, whatever their build metadata.
    a, b = parse_lenient("4.2.1+1"), parse_lenient("4.2.1+2")
    assert classify(a, b).kind is NONE
    assert classify(b, a).kind is NONE


def test_distinct_answers_hash_apart_and_equal_ones_together() -> None:
    answers = [classify(parse_lenient(a), parse_lenient(b)) for a, b, *_ in ROWS]
    again = [classify(parse_lenient(a), parse_lenient(b)) for a, b, *_ in ROWS]
    assert [hash(x) for x in answers] == [hash(x) for x in again]
    # Distinct records: distinct hashes (a constant hash would make every set one bucket).
    assert len({hash(x) for x in answers}) == len(set(answers)) == len(ROWS)


def test_comparing_with_another_type_is_not_equality() -> None:
    answer = classify(parse_lenient("1.0.0"), parse_lenient("2.0.0"))
    assert answer.__eq__("major") is NotImplemented
    assert answer != ("1.0.0", "2.0.0")
