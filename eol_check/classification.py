"""What kind of release one version is after another (§1.5–§1.7, SPEC §2.1)."""

from __future__ import annotations

import enum

from ._record import Record
from .version import Version

__all__ = ["Classification", "HistoryKind", "ReleaseKind", "classify"]


class ReleaseKind(str, enum.Enum):
    """The kind of a release relative to an earlier one (SPEC §2.1)."""

    MAJOR = "major"  # §1.5: the digit left of the first dot changes (3.1.2 → 4.0.0)
    MINOR = "minor"  # §1.6: the middle number changes (4.0.0 → 4.2.0)
    MAINTENANCE = "maintenance"  # §1.7: the right-most number changes (4.2.0 → 4.2.1)
    HOTFIX = "hotfix"  # §3.6 "hot fix": the same release, a higher hotfix (4.3.2 → 4.3.2.1)
    NONE = "none"  # the same version (build metadata ignored)
    DOWNGRADE = "downgrade"  # TO is below FROM

    def __str__(self) -> str:
        return self.value

    @property
    def is_upgrade(self) -> bool:
        """True for major, minor, maintenance and hotfix."""
        return self not in (ReleaseKind.NONE, ReleaseKind.DOWNGRADE)

    @property
    def phrase(self) -> str:
        """What the kind is called: 'Major Release (§1.5)', 'the same version', 'a downgrade'."""
        return _TITLES[self.value]


class HistoryKind(str, enum.Enum):
    """The kind of a release in a history, relative to the greatest earlier generally available
    release below it (SPEC §2.2); a pre-release has the pre-release form of its core's kind."""

    INITIAL = "initial"  # no earlier GA release below it (the very first release)
    MAJOR = "major"
    MINOR = "minor"
    MAINTENANCE = "maintenance"
    PRERELEASE_INITIAL = "prerelease-initial"
    PRERELEASE_MAJOR = "prerelease-major"
    PRERELEASE_MINOR = "prerelease-minor"
    PRERELEASE_MAINTENANCE = "prerelease-maintenance"

    def __str__(self) -> str:
        return self.value

    @property
    def is_prerelease(self) -> bool:
        """True for the kinds of pre-releases."""
        return self in _CORE_OF

    @property
    def core(self) -> HistoryKind:
        """The kind of the release a pre-release previews (itself for a release)."""
        return _CORE_OF.get(self, self)

    @property
    def prerelease(self) -> HistoryKind:
        """The pre-release form of this kind."""
        return _PRERELEASE_OF.get(self, self)

    @property
    def phrase(self) -> str:
        """What the kind is called: 'a Minor Release (§1.6)', 'the first release'."""
        title = _TITLES[self.core.value]
        if self.core is not HistoryKind.INITIAL:
            title = "a " + title
        return "a pre-release of " + title if self.is_prerelease else title


_PRERELEASE_OF = {
    HistoryKind.INITIAL: HistoryKind.PRERELEASE_INITIAL,
    HistoryKind.MAJOR: HistoryKind.PRERELEASE_MAJOR,
    HistoryKind.MINOR: HistoryKind.PRERELEASE_MINOR,
    HistoryKind.MAINTENANCE: HistoryKind.PRERELEASE_MAINTENANCE,
}
_CORE_OF = {pre: core for core, pre in _PRERELEASE_OF.items()}

# The one wording of each kind, for every command (§1.5–§1.7).
_TITLES = {
    "initial": "the first release",
    "major": "Major Release (§1.5)",
    "minor": "Minor Release (§1.6)",
    "maintenance": "Maintenance Release (§1.7)",
    "hotfix": "hotfix of the same release (§3.6: a hot fix)",
    "none": "the same version",
    "downgrade": "a downgrade",
}


#: Notes a classification can carry; a note never changes the kind.
NOT_RESET = "not-reset"


class Classification(Record):
    """The answer of `classify`: the kind of `to` after `from_`, and any notes."""

    from_: Version
    to: Version
    kind: ReleaseKind
    prerelease: bool
    notes: tuple[str, ...] = ()

    @property
    def is_upgrade(self) -> bool:
        """True when `to` is an upgrade over `from_`."""
        return self.kind.is_upgrade


def announced_kind(version: Version) -> ReleaseKind:
    """The kind a version announces by its zeros: X.0.0 major, X.Y.0 minor, else maintenance."""
    if version.minor == 0 and version.maintenance == 0:
        return ReleaseKind.MAJOR
    if version.maintenance == 0:
        return ReleaseKind.MINOR
    return ReleaseKind.MAINTENANCE


def classify(from_: Version, to: Version) -> Classification:
    """Classify `to` after `from_` (SPEC §2.1)."""
    prerelease = to.is_prerelease
    # Below before equal: each test then decides a case of its own (no test is implied by another).
    if to < from_:
        return Classification(from_, to, ReleaseKind.DOWNGRADE, prerelease)
    if to == from_:
        return Classification(from_, to, ReleaseKind.NONE, prerelease)
    if to.base == from_.base:
        if from_.is_prerelease:
            # 4.3.0-rc.1 → 4.3.0 (or → 4.3.0-rc.2): the release is what its zeros announce
            # (SPEC §2.1).
            return Classification(from_, to, announced_kind(to), prerelease)
        # The same release, a higher hotfix (4.3.2 → 4.3.2-hotfix1): §3.6's "hot fix".
        return Classification(from_, to, ReleaseKind.HOTFIX, prerelease)
    notes: tuple[str, ...] = ()
    if to.major != from_.major:
        kind = ReleaseKind.MAJOR
        if to.minor or to.maintenance:  # §1.5: 3.1.2 → 4.0.0
            notes = (NOT_RESET,)
    elif to.minor != from_.minor:
        kind = ReleaseKind.MINOR
        if to.maintenance:  # §1.6: 4.0.0 → 4.2.0
            notes = (NOT_RESET,)
    else:
        kind = ReleaseKind.MAINTENANCE
    return Classification(from_, to, kind, prerelease, notes)
