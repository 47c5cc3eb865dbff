"""Classifying a release (SPEC §2.1, policy §1.5–§1.7)."""

from __future__ import annotations

import pytest
from hypothesis import given

from eol_check.classification import ReleaseKind, announced_kind, classify
from eol_check.version import parse_lenient, parse_strict

from .test_version import strict_versions

MAJOR, MINOR, MAINT = ReleaseKind.MAJOR, ReleaseKind.MINOR, ReleaseKind.MAINTENANCE
NONE, DOWN = ReleaseKind.NONE, ReleaseKind.DOWNGRADE
HOTFIX = ReleaseKind.HOTFIX


@pytest.mark.parametrize(
    ("from_", "to", "kind", "prerelease", "notes"),
    [
        # The policy's own examples (§1.5, §1.6, §1.7).
        ("3.1.2", "4.0.0", MAJOR, False, ()),
        ("4.0.0", "4.2.0", MINOR, False, ()),
        ("4.2.0", "4.2.1", MAINT, False, ()),
        # Multi-digit parts compare as integers.
        ("4.9.0", "4.10.0", MINOR, False, ()),
        ("4.2.9", "4.2.10", MAINT, False, ()),
        ("9.0.0", "10.0.0", MAJOR, False, ()),
        ("4.10.0", "4.9.0", DOWN, False, ()),
        # Not reset: still the kind, with a note.
        ("3.1.2", "4.1.0", MAJOR, False, ("not-reset",)),
        ("3.1.2", "4.0.3", MAJOR, False, ("not-reset",)),
        ("4.0.0", "4.2.1", MINOR, False, ("not-reset",)),
        ("4.2.0", "4.2.3", MAINT, False, ()),  # a skipped number is numbering's concern
        # Same and lower.
        ("4.2.1", "4.2.1", NONE, False, ()),
        ("4.2.1+1", "4.2.1+2", NONE, False, ()),
        ("4.2.1", "4.2.0", DOWN, False, ()),
        ("5.0.0", "4.9.9", DOWN, False, ()),
        # Pre-releases: TO a pre-release is classified on the cores.
        ("4.2.1", "4.3.0-rc.1", MINOR, True, ()),
        ("4.2.1", "5.0.0-beta", MAJOR, True, ()),
        ("4.2.1", "4.2.2-rc.1", MAINT, True, ()),
        ("4.2.1", "4.3.1-rc.1", MINOR, True, ("not-reset",)),
        # GA of FROM's pre-release: the kind its zeros announce.
        ("4.3.0-rc.1", "4.3.0", MINOR, False, ()),
        ("5.0.0-rc.2", "5.0.0", MAJOR, False, ()),
        ("4.3.1-rc.1", "4.3.1", MAINT, False, ()),
        ("4.3.0-rc.1", "4.3.0-rc.2", MINOR, True, ()),
        # A pre-release below its own release is a downgrade.
        ("4.3.0", "4.3.0-rc.1", DOWN, True, ()),
        ("4.3.0-rc.2", "4.3.0-rc.1", DOWN, True, ()),
        ("4.3.0-rc.1", "4.3.1", MAINT, False, ()),
    ],
)
def test_classify_table(
    from_: str, to: str, kind: ReleaseKind, prerelease: bool, notes: tuple[str, ...]
) -> None:
    result = classify(parse_strict(from_), parse_strict(to))
    assert (result.kind, result.prerelease, result.notes) == (kind, prerelease, notes)
    assert result.is_upgrade == (kind not in (NONE, DOWN))


@pytest.mark.parametrize(
    ("from_", "to", "kind"),
    [
        ("Octopus Authentication Server 3.1.2", "Octopus Authentication Server 4.0.0", MAJOR),
        ("v4.0", "v4.2", MINOR),
        ("4.2.0.1234", "4.2.1 (build 77)", MAINT),
        # A fourth part is a hotfix (SPEC §2); a higher hotfix of the same release is `hotfix`.
        ("4.2.1.1234", "4.2.1.5678", HOTFIX),
        ("2.5.14", "2.5.14.1", HOTFIX),
        ("4.3.2", "4.3.2-hotfix1", HOTFIX),
        ("4.3.2-hf1", "4.3.2_HF2", HOTFIX),
        ("4.3.2.post3", "4.3.2 HF3", NONE),
        ("4.3.2p69", "4.3.2-hotfix.2", DOWN),
        ("4.3.2.7", "4.3.2", DOWN),
        ("4.3.2.7", "4.3.3", MAINT),
        ("4.3.2.7", "4.4.0", MINOR),
        # The GA release of a pre-release, hotfixed: what the release announces (SPEC §2.1).
        ("4.4.0-rc.1", "4.4.0.1", MINOR),
    ],
)
def test_classify_lenient_inputs(from_: str, to: str, kind: ReleaseKind) -> None:
    assert classify(parse_lenient(from_), parse_lenient(to)).kind is kind


@pytest.mark.parametrize(
    ("version", "kind"), [("5.0.0", MAJOR), ("4.3.0", MINOR), ("4.3.1", MAINT), ("0.0.1", MAINT)]
)
def test_announced_kind(version: str, kind: ReleaseKind) -> None:
    assert announced_kind(parse_strict(version)) is kind


@given(strict_versions, strict_versions)
def test_classify_agrees_with_ordering(a: str, b: str) -> None:
    va, vb = parse_strict(a), parse_strict(b)
    kind = classify(va, vb).kind
    if vb > va:
        assert kind.is_upgrade
    elif vb == va:
        assert kind is NONE
    else:
        assert kind is DOWN


def test_classification_is_an_immutable_value() -> None:
    a = classify(parse_strict("1.0.0"), parse_strict("2.0.0"))
    b = classify(parse_strict("1.0.0"), parse_strict("2.0.0"))
    assert a == b
    assert hash(a) == hash(b)
    assert a != classify(parse_strict("1.0.0"), parse_strict("1.1.0"))
    assert repr(a) == (
        "Classification(from_=Version('1.0.0'), to=Version('2.0.0'), "
        "kind=<ReleaseKind.MAJOR: 'major'>, prerelease=False, notes=())"
    )
    with pytest.raises(AttributeError, match="immutable"):
        a.kind = ReleaseKind.MINOR  # type: ignore[misc]
