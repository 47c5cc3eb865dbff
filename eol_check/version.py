"""Versions (§1.4–§1.7): MAJOR.MINOR.MAINTENANCE, in a strict and a lenient form (SPEC §2).

- `parse_strict` takes exactly SemVer 2.0.0 (semver.org), as CI and catalog files must write it.
- `parse_lenient` finds the first version-like token in what a person typed or pasted
  ("Octopus Authentication Server 4.2.1", "v4.2", "4.3.2-hotfix1", "4.2.1 (build 77)").

Both return a `Version`; build metadata is kept for display but never changes an answer (SPEC §2).

Hotfixes (§3.6 delivers fixes as "hot fix or Maintenance Release"): in the lenient form a
post-release marker right after the version (`4.3.2-hotfix1`, `4.3.2_HF2`, `4.3.2 HF2`,
`4.3.2.post1`, `4.3.2p69`) or a fourth numeric part (`4.3.2.1234`) makes hotfix N of 4.3.2: the
same line and lifecycle as its base release, ordered after it and after its lower hotfixes, never a
pre-release. A hotfix is written `4.3.2.N`: no strict parser mistakes that for a pre-release. The
strict form is SemVer and stays so (`4.3.2-hotfix1` is a pre-release there).
"""

from __future__ import annotations

import re
from functools import cache

from .errors import InvalidVersion

__all__ = ["MAX_COMPONENT_DIGITS", "MAX_VERSION_LENGTH", "Version", "parse_lenient", "parse_strict"]

#: Longest text either parser looks at (SPEC §2); longer input is refused, not truncated.
MAX_VERSION_LENGTH = 256
#: Most digits in one numeric component of a lenient version (SPEC §2): a guard on text people
#: type or paste (a serial number or a phone number is not a version), not a limit of the
#: integers. Strict SemVer (`parse_strict`, `--strict`, catalogs) has none: semver.org's own
#: example 99999999999999999999999.999999999999999999.99999999999999999 reads there.
MAX_COMPONENT_DIGITS = 16

Identifier = int | str


class Version:
    """A Version (§1.4): compared by integers, pre-releases below their release, hotfixes above it,
    build ignored.

    Not a `Record`: a hot value type, built and compared by the thousand, written by hand as a
    slotted class compared by one precomputed key, as `packaging.version.Version` is.
    """

    __slots__ = ("_key", "build", "hotfix", "maintenance", "major", "minor", "prerelease")

    major: int
    minor: int
    maintenance: int
    prerelease: tuple[Identifier, ...]
    build: str
    hotfix: int | None
    _key: tuple[int, int, int, int, tuple[tuple[int, int, str], ...], int]

    def __init__(
        self,
        major: int,
        minor: int,
        maintenance: int,
        prerelease: tuple[Identifier, ...] = (),
        build: str = "",
        hotfix: int | None = None,
    ) -> None:
        if hotfix is not None and prerelease:
            raise ValueError("a hotfix is never a pre-release (SPEC §2)")
        # A release (1) sorts above its pre-releases (0); numeric identifiers sort below
        # alphanumeric ones and compare as integers (semver.org §11). Hotfixes of a release sort
        # above it, by number (-1: no hotfix).
        pre = tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in prerelease)
        init = object.__setattr__
        init(self, "major", major)
        init(self, "minor", minor)
        init(self, "maintenance", maintenance)
        init(self, "prerelease", tuple(prerelease))
        init(self, "build", build)
        init(self, "hotfix", hotfix)
        init(
            self,
            "_key",
            (major, minor, maintenance, 0 if pre else 1, pre, -1 if hotfix is None else hotfix),
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Version is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Version is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[type[Version], tuple[object, ...]]:
        return (
            Version,
            (self.major, self.minor, self.maintenance, self.prerelease, self.build, self.hotfix),
        )

    @property
    def line(self) -> str:
        """The Version line `MAJOR.MINOR` (SPEC §2.2)."""
        return f"{self.major}.{self.minor}"

    @property
    def is_prerelease(self) -> bool:
        """True for a pre-release, which is never generally available (SPEC §2)."""
        return bool(self.prerelease)

    @property
    def is_hotfix(self) -> bool:
        """True for a hotfix of a release (SPEC §2: `4.3.2-hotfix1`, `4.3.2.1234`)."""
        return self.hotfix is not None

    @property
    def core(self) -> Version:
        """This version without pre-release and build (a hotfix keeps its number)."""
        if not self.prerelease and not self.build:
            return self
        return Version(self.major, self.minor, self.maintenance, hotfix=self.hotfix)

    @property
    def base(self) -> Version:
        """The release MAJOR.MINOR.MAINTENANCE this version belongs to: a hotfix's base release,
        a pre-release's release; no build."""
        if not self.prerelease and not self.build and self.hotfix is None:
            return self
        return Version(self.major, self.minor, self.maintenance)

    @property
    def sort_key(self) -> tuple[int, int, int, int, tuple[tuple[int, int, str], ...], int]:
        """A key ordering versions by SemVer precedence, hotfixes after their release (build
        metadata ignored)."""
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
        if self.hotfix is not None:
            text += f".{self.hotfix}"
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
    if not text.isascii():  # only ASCII digits count (SPEC §2)
        raise InvalidVersion(f"{_shown(text)} is not a strict version: only ASCII characters count")
    match = _semver().fullmatch(text)
    if match is None:
        raise InvalidVersion(
            f"{_shown(text)} is not a strict version: expected SemVer 2.0.0 "
            "MAJOR.MINOR.MAINTENANCE[-PRERELEASE][+BUILD], e.g. 4.2.1"
        )
    major, minor, maintenance, pre, build = match.groups()
    return Version(
        int(major), int(minor), int(maintenance), _identifiers(pre) if pre else (), build or ""
    )


@cache
def _semver() -> re.Pattern[str]:
    """semver.org's own pattern for SemVer 2.0.0, ASCII digits only; compiled on first use."""
    number = r"0|[1-9][0-9]*"
    ident = rf"(?:{number}|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
    return re.compile(
        rf"({number})\.({number})\.({number})"
        rf"(?:-({ident}(?:\.{ident})*))?"
        r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
    )


_IDENT = r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"
# A hotfix marker right after the version (SPEC §2, v2): "-hotfix1", "-hotfix.1", "-hf2", "_HF2",
# " HF2", ".post1", or "p69" glued to the number. "-p1" stays a pre-release, as SemVer reads it.
_HOTFIX = r"(?:[-_. ]?(?i:hotfix|hf|post)[-_.]?(?P<hf>[0-9]+)|(?i:p)(?P<p>[0-9]+))"


@cache
def _lenient() -> re.Pattern[str]:
    """The lenient pattern (SPEC §2): the first run of ASCII digits not glued to a word or a
    number before it (a single leading "v" is allowed), its dotted numeric parts, then an
    optional hotfix marker or -prerelease, and +build. Compiled on first use: a plain "4.2.1"
    is read without it (`parse_lenient`)."""
    return re.compile(
        rf"(?<![0-9A-Za-z])(?<![0-9]\.)[vV]?(?P<nums>[0-9]+(?:\.[0-9]+)*)"
        rf"(?:{_HOTFIX}(?![0-9A-Za-z]|\.[0-9A-Za-z])|-(?P<pre>{_IDENT}))?"
        rf"(?:\+(?P<build>{_IDENT}))?",
        re.ASCII,
    )


_OTHER_SEPARATORS = ",/\\;:_|"


@cache
def _lookalike() -> re.Pattern[str]:
    """Numbers joined by something other than dots: "4,3,2", "4/3/2", "4-3-2" look like a version
    but are not one, and are refused rather than read as 4.0.0 (SPEC §2). Compiled on first use
    (an error path)."""
    return re.compile(r"[0-9]+(?:[.,/\\;:_|-][0-9]+)+", re.ASCII)


def parse_lenient(text: str) -> Version:
    """Parse the first version-like token in free text (SPEC §2), e.g. 'v4.2' → 4.2.0.

    A numeric part of more than MAX_COMPONENT_DIGITS (16) digits is refused here (InvalidVersion
    says so); `parse_strict` reads any length. Hotfix markers `-post1`, `.post1`, `post1`,
    `-hotfix1`, `_HF2`, `p69` and a fourth number read the same: hotfix N of the release.
    """
    _check_length(text)
    nums = text.split(".")
    if text.isascii() and all(part.isdigit() for part in nums):
        # Only numbers and dots ("4.2.1"): what the pattern would find, without compiling it.
        return _lenient_version(text, nums, text, None, "", "")
    match = _lenient().search(text)
    if match is None:
        raise InvalidVersion(f"no version found in {_shown(text)}: expected a number like 4.2.1")
    nums = match["nums"].split(".")
    _refuse_lookalike(text, match, len(nums))
    return _lenient_version(
        match["nums"],
        nums,
        match[0],
        match["hf"] or match["p"],
        match["pre"] or "",
        match["build"] or "",
    )


def _lenient_version(
    token: str, nums: list[str], found: str, marker: str | None, pre: str, build: str
) -> Version:
    """The version of a lenient match: `token` its numbers (`nums` split at the dots), `found`
    the whole match, `marker` a hotfix number after a marker, `pre` and `build` the rest."""
    if len(nums) > 4:
        raise InvalidVersion(
            f"{token!r} has {len(nums)} numeric parts: a version has at most 4 "
            "(MAJOR.MINOR.MAINTENANCE and a hotfix number)"
        )
    for part in nums:
        if len(part) > MAX_COMPONENT_DIGITS:
            raise InvalidVersion(
                f"{token!r} has a part of {len(part)} digits: "
                f"at most {MAX_COMPONENT_DIGITS} are allowed"
            )
    major, minor, maintenance = (int(p) for p in [*nums, "0", "0"][:3])
    hotfix = None
    if len(nums) == 4:
        hotfix = int(nums[3])
        if marker is not None or pre:
            extra = "a hotfix marker" if marker is not None else "a pre-release"
            raise InvalidVersion(
                f"{found!r} has a fourth part (hotfix {hotfix}) and {extra}: a hotfix is "
                "written 4.3.2.1 or 4.3.2-hotfix1, and is never a pre-release"
            )
    elif marker is not None:
        if len(marker) > MAX_COMPONENT_DIGITS:
            raise InvalidVersion(
                f"{found!r} has a hotfix number of {len(marker)} digits: "
                f"at most {MAX_COMPONENT_DIGITS} are allowed"
            )
        hotfix = int(marker)
    prerelease = _identifiers(pre) if pre else ()
    return Version(major, minor, maintenance, prerelease, build, hotfix)


def _refuse_lookalike(text: str, match: re.Match[str], parts: int) -> None:
    """Refuse numbers joined by commas, slashes … (`4,3,2`): never a guess such as 4.0.0."""
    end = match.end("nums")
    joined = text[end : end + 1] in tuple(_OTHER_SEPARATORS) and text[end + 1 : end + 2].isdigit()
    # "4-3-2" or "2026-01-15": a number and a numeric "pre-release" after fewer than 3 parts.
    dashed = parts < 3 and bool(match["pre"]) and match["pre"][0].isdigit()
    if not (joined or dashed):
        return
    found = _lookalike().match(text, match.start("nums"))
    assert found is not None
    token = found[0]
    separators = sorted({c for c in token if not c.isdigit() and c != "."})
    shown = " and ".join(repr(c) for c in separators)
    numbers = re.split(r"[^0-9]", token)
    hint = "4.2.1"
    if len(numbers) <= 3 and all(len(n) <= MAX_COMPONENT_DIGITS for n in numbers):
        hint = ".".join(str(int(n)) for n in [*numbers, "0", "0"][:3])
    raise InvalidVersion(
        f"{token!r} is not a version: its numbers are joined by {shown}, where a version has "
        f"dots; write MAJOR.MINOR.MAINTENANCE, e.g. {hint}"
    )


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
