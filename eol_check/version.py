"""Versions (§1.4–§1.7): MAJOR.MINOR.MAINTENANCE, in a strict and a lenient form (SPEC §2).

- `parse_strict` takes exactly SemVer 2.0.0 (semver.org), as CI and catalog files must write it.
- `parse_lenient` finds the first version-like token in what a person typed or pasted
  ("Octopus Authentication Server 4.2.1", "v4.2", "4.2.1.1234", "4.2.1 (build 77)").

Both return a `Version`; build metadata is kept for display but never changes an answer (SPEC §2).
"""

from __future__ import annotations

import re

from .errors import InvalidVersion

__all__ = ["MAX_COMPONENT_DIGITS", "MAX_VERSION_LENGTH", "Version", "parse_lenient", "parse_strict"]

#: Longest text either parser looks at (SPEC §2); longer input is refused, not truncated.
MAX_VERSION_LENGTH = 256
#: Most digits in one numeric component of a lenient version (SPEC §2).
MAX_COMPONENT_DIGITS = 16

Identifier = int | str


class Version:
    """A Version (§1.4): compared by integers, pre-releases below their release, build ignored.

    Immutable. Written by hand rather than as a dataclass because every start-up of the CLI
    imports it, and `dataclasses` costs a third of that start-up (benchmarks/startup.py).
    """

    __slots__ = ("_key", "build", "maintenance", "major", "minor", "prerelease")

    major: int
    minor: int
    maintenance: int
    prerelease: tuple[Identifier, ...]
    build: str
    _key: tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]

    def __init__(
        self,
        major: int,
        minor: int,
        maintenance: int,
        prerelease: tuple[Identifier, ...] = (),
        build: str = "",
    ) -> None:
        # A release (1) sorts above its pre-releases (0); numeric identifiers sort below
        # alphanumeric ones and compare as integers (semver.org §11).
        pre = tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in prerelease)
        init = object.__setattr__
        init(self, "major", major)
        init(self, "minor", minor)
        init(self, "maintenance", maintenance)
        init(self, "prerelease", tuple(prerelease))
        init(self, "build", build)
        init(self, "_key", (major, minor, maintenance, 0 if pre else 1, pre))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Version is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Version is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[type[Version], tuple[object, ...]]:
        return (Version, (self.major, self.minor, self.maintenance, self.prerelease, self.build))

    @property
    def line(self) -> str:
        """The Version line `MAJOR.MINOR` (SPEC §2.2)."""
        return f"{self.major}.{self.minor}"

    @property
    def is_prerelease(self) -> bool:
        """True for a pre-release, which is never generally available (SPEC §2)."""
        return bool(self.prerelease)

    @property
    def core(self) -> Version:
        """The release this version belongs to: no pre-release, no build."""
        if not self.prerelease and not self.build:
            return self
        return Version(self.major, self.minor, self.maintenance)

    @property
    def sort_key(self) -> tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]:
        """A key ordering versions by SemVer precedence (build metadata ignored)."""
        return self._key

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key == other._key

    def __lt__(self, other: Version) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key < other._key

    def __le__(self, other: Version) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key <= other._key

    def __gt__(self, other: Version) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key > other._key

    def __ge__(self, other: Version) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key >= other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.maintenance}"
        if self.prerelease:
            text += "-" + ".".join(str(part) for part in self.prerelease)
        if self.build:
            text += "+" + self.build
        return text

    def __repr__(self) -> str:
        return f"Version({str(self)!r})"


def parse_strict(text: str, *, tag_prefix: str = "") -> Version:
    """Parse exactly SemVer 2.0.0 (SPEC §2), after removing `tag_prefix` if the text carries it."""
    if tag_prefix and text.startswith(tag_prefix):
        text = text[len(tag_prefix) :]
    _check_length(text)
    # semver's pattern uses \d, which matches any Unicode digit: only ASCII digits count (SPEC §2).
    if not text.isascii():
        raise InvalidVersion(f"{_shown(text)} is not a strict version: only ASCII characters count")
    import semver  # imported here: it costs ~15 ms of start-up that lenient callers never need

    try:
        parsed = semver.Version.parse(text)
    except (ValueError, TypeError) as exc:
        raise InvalidVersion(
            f"{_shown(text)} is not a strict version: expected SemVer 2.0.0 "
            "MAJOR.MINOR.MAINTENANCE[-PRERELEASE][+BUILD], e.g. 4.2.1"
        ) from exc
    return Version(
        parsed.major,
        parsed.minor,
        parsed.patch,
        _identifiers(parsed.prerelease) if parsed.prerelease else (),
        parsed.build or "",
    )


_IDENT = r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"
# The first run of ASCII digits not glued to a word or a number before it (a single leading "v" is
# allowed), its dotted numeric parts, then an optional -prerelease and +build (SPEC §2, lenient).
_LENIENT = re.compile(
    rf"(?<![0-9A-Za-z])(?<![0-9]\.)[vV]?(?P<nums>[0-9]+(?:\.[0-9]+)*)"
    rf"(?:-(?P<pre>{_IDENT}))?(?:\+(?P<build>{_IDENT}))?",
    re.ASCII,
)


def parse_lenient(text: str) -> Version:
    """Parse the first version-like token in free text (SPEC §2), e.g. 'v4.2' → 4.2.0."""
    _check_length(text)
    match = _LENIENT.search(text)
    if match is None:
        raise InvalidVersion(f"no version found in {_shown(text)}: expected a number like 4.2.1")
    nums = match["nums"].split(".")
    if len(nums) > 4:
        raise InvalidVersion(
            f"{match['nums']!r} has {len(nums)} numeric parts: a version has at most 4 "
            "(MAJOR.MINOR.MAINTENANCE and a build number)"
        )
    for part in nums:
        if len(part) > MAX_COMPONENT_DIGITS:
            raise InvalidVersion(
                f"{match['nums']!r} has a part of {len(part)} digits: "
                f"at most {MAX_COMPONENT_DIGITS} are allowed"
            )
    major, minor, maintenance = (int(p) for p in [*nums, "0", "0"][:3])
    builds = [nums[3]] if len(nums) == 4 else []
    if match["build"]:
        builds.append(match["build"])
    prerelease = _identifiers(match["pre"]) if match["pre"] else ()
    return Version(major, minor, maintenance, prerelease, ".".join(builds))


def _identifiers(text: str) -> tuple[Identifier, ...]:
    return tuple(int(part) if part.isdigit() else part for part in text.split("."))


def _check_length(text: str) -> None:
    if not isinstance(text, str):
        raise InvalidVersion(f"expected a version as text, got {type(text).__name__}")
    if len(text) > MAX_VERSION_LENGTH:
        raise InvalidVersion(
            f"version text of {len(text)} characters is too long (at most {MAX_VERSION_LENGTH})"
        )


def _shown(text: str) -> str:
    """The text as an error message quotes it: repr, cut short if long."""
    shown = repr(text)
    return shown if len(shown) <= 60 else shown[:57] + "...'"
