"""Release numbering rules (§1.5–§1.7, SPEC §2.2): is a release history numbered by the policy?

One pure function, shared by `eol-check numbering` and `catalog validate`::

    check_numbering(entries, *, next_version=None, tag_prefix="") -> NumberingResult

- `entries`: the releases in the order they were published, oldest first. Each is strict SemVer
  text (`tag_prefix` is removed where the text carries it) or an already-parsed `Version`; the
  two may be mixed. Text that is not a strict version becomes an `invalid` finding, never an
  exception. A catalog passes its releases sorted by date:
  `check_numbering(v for v, _ in sorted(releases.items(), key=lambda kv: kv[1]))`.
- `next_version`: a proposed version, vetted against the whole history as if published next.
  Its findings have `index=None`; `result.next` holds it with its kind (None if it is invalid).
- The result (`NumberingResult`):
  - `valid`: no finding is an error (warnings do not count; `--strict` is the caller's business);
  - `releases`: one `NumberedRelease(version, kind, index)` per new release, in input order.
    Invalid entries and duplicates are not releases; the proposed next version is not either;
  - `findings`: one `Finding(level, code, message, version=…, index=…)` each, in input
    order. `index` is the entry's position in `entries` (0-based), so that a caller can cite a
    file's line or a catalog's date.

Codes: errors `invalid`, `duplicate`, `out-of-order`; warnings `gap`, `not-reset` (SPEC §2.2).
Lines and majors exist through their generally available releases only: a pre-release is never a
Version (§1.4). So a pre-release is checked for errors (as the release it previews would be) but
never warned about: `gap` and `not-reset` belong to the GA release.

Kinds (`HistoryKind`): `initial`, `major`, `minor`, `maintenance`: the kind relative to the
greatest earlier GA release below it (`initial` when there is none, as for the very first release).
A pre-release gets the pre-release form of its core's kind (`prerelease-minor`).

Linear time: each entry costs a few dict look-ups. Per line the lowest and highest GA maintenance
number, per major the lowest and highest GA minor, and the lowest and highest GA major are kept;
nothing is ever rescanned or sorted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .classification import HistoryKind
from .errors import InvalidVersion
from .findings import Finding, Level
from .version import Version, parse_strict

__all__ = [
    "DUPLICATE",
    "ERROR",
    "GAP",
    "INITIAL",
    "INVALID",
    "KINDS",
    "NOT_RESET",
    "OUT_OF_ORDER",
    "WARNING",
    "NumberedRelease",
    "NumberingResult",
    "check_numbering",
]

ERROR = Level.ERROR
WARNING = Level.WARNING

INVALID = "invalid"  # not a strict version (SPEC §2)
DUPLICATE = "duplicate"  # already released; build metadata does not make a new release
OUT_OF_ORDER = "out-of-order"  # below what its line, major or the GA release already reached
GAP = "gap"  # a maintenance, minor or major number skipped
NOT_RESET = "not-reset"  # a new line not at maintenance 0, a new major not at X.0.0

INITIAL = HistoryKind.INITIAL
_MAJOR = HistoryKind.MAJOR  # §1.5
_MINOR = HistoryKind.MINOR  # §1.6
_MAINTENANCE = HistoryKind.MAINTENANCE  # §1.7
#: Every kind a release can get.
KINDS: tuple[HistoryKind, ...] = tuple(HistoryKind)


@dataclass(frozen=True, slots=True)
class NumberedRelease:
    """A release of the history and its kind (`minor`, `prerelease-minor` …)."""

    version: Version
    kind: HistoryKind
    index: int | None  # position in the entries (0-based); None for the proposed next version

    @property
    def is_prerelease(self) -> bool:
        """True for a pre-release."""
        return bool(self.version.prerelease)


@dataclass(frozen=True, slots=True)
class NumberingResult:
    """What `check_numbering` found: the releases with their kinds, and the findings."""

    releases: tuple[NumberedRelease, ...]
    findings: tuple[Finding, ...]
    next: NumberedRelease | None = None  # the proposed next version, when one was given and parses

    @property
    def valid(self) -> bool:
        """True when no finding is an error (warnings do not count)."""
        return not any(f.level == ERROR for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The error findings."""
        return tuple(f for f in self.findings if f.level == ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The warning findings."""
        return tuple(f for f in self.findings if f.level == WARNING)


def check_numbering(
    entries: Iterable[str | Version],
    *,
    next_version: str | Version | None = None,
    tag_prefix: str = "",
) -> NumberingResult:
    """Check releases published in this order against the numbering rules (SPEC §2.2)."""
    checker = _Checker(tag_prefix)
    add = checker.add
    for index, entry in enumerate(entries):
        add(entry, index)
    releases = tuple(checker.releases)
    proposed = None if next_version is None else add(next_version, None)
    return NumberingResult(releases, tuple(checker.findings), proposed)


class _Checker:
    """The state of a history read so far: what is released, and how far each line got."""

    __slots__ = (
        "bottom_major",
        "findings",
        "line_high",
        "line_low",
        "major_high",
        "major_low",
        "released",
        "releases",
        "tag_prefix",
        "top_major",
    )

    def __init__(self, tag_prefix: str) -> None:
        self.tag_prefix = tag_prefix
        self.releases: list[NumberedRelease] = []
        self.findings: list[Finding] = []
        # (major, minor, maintenance, prerelease) → the first release with that precedence.
        self.released: dict[tuple[object, ...], Version] = {}
        # Only generally available releases shape lines and majors (§1.4).
        self.line_high: dict[tuple[int, int], int] = {}  # (major, minor) → highest maintenance
        self.line_low: dict[tuple[int, int], int] = {}  # (major, minor) → lowest maintenance
        self.major_high: dict[int, int] = {}  # major → highest minor
        self.major_low: dict[int, int] = {}  # major → lowest minor
        self.top_major: int | None = None
        self.bottom_major: int | None = None

    def add(self, entry: str | Version, index: int | None) -> NumberedRelease | None:
        """Check one entry against everything before it, then record it."""
        if isinstance(entry, Version):
            version = entry
        else:
            try:
                version = parse_strict(entry, tag_prefix=self.tag_prefix)
            except InvalidVersion as exc:
                self._finding(ERROR, INVALID, str(entry), str(exc), index)
                return None
        major, minor, maintenance = version.major, version.minor, version.maintenance
        prerelease = version.prerelease
        key = (major, minor, maintenance, prerelease)
        earlier = self.released.get(key)
        if earlier is not None:
            self._duplicate(version, earlier, index)
            return None
        self.released[key] = version

        line = (major, minor)
        high = self.line_high.get(line)
        if high is not None and maintenance > high and not prerelease:
            # The common case, kept short: the next maintenance release of a line that has GA
            # releases, newest line or back-port alike (SPEC §2.2). Only the line's top moves.
            if maintenance > high + 1:
                self._gap_in_line(version, line, high, index)
            self.line_high[line] = maintenance
            release = NumberedRelease(version, _MAINTENANCE, index)
            self.releases.append(release)
            return release
        kind = self._kind(line, maintenance)
        if prerelease:
            kind = kind.prerelease
            if (major, minor, maintenance, ()) in self.released:
                core = self.released[(major, minor, maintenance, ())]
                self._finding(
                    ERROR, OUT_OF_ORDER, str(version),
                    f"{version} is a pre-release of {core}, which was already released",
                    index,
                )
            else:
                self._check_order(version, line, index, ga=False)
        else:
            self._check_order(version, line, index, ga=True)
            self._record_ga(line, maintenance)
        release = NumberedRelease(version, kind, index)
        self.releases.append(release)
        return release

    def _kind(self, line: tuple[int, int], maintenance: int) -> HistoryKind:
        # The kind relative to the greatest earlier GA release below it (SPEC §2.2): a GA
        # release below it in its own line makes it maintenance; else one in its major, minor;
        # else any lower major, major. The lowest numbers seen answer each question at once.
        low = self.line_low.get(line)
        if low is not None and low < maintenance:
            return _MAINTENANCE
        major, minor = line
        low = self.major_low.get(major)
        if low is not None and low < minor:
            return _MINOR
        if self.bottom_major is not None and self.bottom_major < major:
            return _MAJOR
        return INITIAL

    def _check_order(
        self, version: Version, line: tuple[int, int], index: int | None, *, ga: bool
    ) -> None:
        # A pre-release is checked as the release it previews would be, errors only.
        major, minor, maintenance = line[0], line[1], version.maintenance
        high = self.line_high.get(line)
        if high is not None:  # the line has GA releases
            if maintenance < high:
                shown = str(version)
                self._finding(
                    ERROR, OUT_OF_ORDER, shown,
                    f"{shown} is below {major}.{minor}.{high}, "
                    f"the highest release of line {major}.{minor}",
                    index,
                )
            elif ga and maintenance > high + 1:
                self._gap_in_line(version, line, high, index)
            # A higher maintenance release of an older line is a back-port: no finding.
            return
        shown = str(version)
        opens = "opens" if ga else "previews"
        top_minor = self.major_high.get(major)
        if top_minor is not None:  # a new line in a major that has GA releases
            if minor < top_minor:
                self._finding(
                    ERROR, OUT_OF_ORDER, shown,
                    f"{shown} {opens} line {major}.{minor} after "
                    f"{self._highest_of_major(major)} was released",
                    index,
                )
            elif ga and minor > top_minor + 1:  # §1.6 (the policy's own 4.0.0 → 4.2.0)
                skipped = _span(f"{major}.", top_minor + 1, minor - 1)
                self._finding(
                    WARNING, GAP, shown,
                    f"{shown} skips minor {skipped} "
                    f"(major {major} was at line {major}.{top_minor})",
                    index,
                )
            if ga and maintenance != 0:  # §1.6: 4.0.0 → 4.2.0
                self._finding(
                    WARNING, NOT_RESET, shown,
                    f"{shown} opens line {major}.{minor} at maintenance {maintenance}: "
                    f"a new line should start at {major}.{minor}.0 (§1.6)",
                    index,
                )
            return
        top = self.top_major
        if top is None:  # the first GA release of all: nothing to compare with
            return
        if major < top:
            self._finding(
                ERROR, OUT_OF_ORDER, shown,
                f"{shown} {opens} major {major} after {self._highest_of_major(top)} was released",
                index,
            )
        elif ga and major > top + 1:  # §1.5: 3.1.2 → 4.0.0
            skipped = _span("", top + 1, major - 1)
            self._finding(
                WARNING, GAP, shown,
                f"{shown} skips major {skipped} (the highest major was {top})",
                index,
            )
        if ga and (minor or maintenance):  # §1.5: 3.1.2 → 4.0.0
            self._finding(
                WARNING, NOT_RESET, shown,
                f"{shown} opens major {major}: a new major should start at {major}.0.0 (§1.5)",
                index,
            )

    def _gap_in_line(
        self, version: Version, line: tuple[int, int], high: int, index: int | None
    ) -> None:
        # §1.7: maintenance numbers go up one by one (4.2.1 → 4.2.3 skips 4.2.2).
        major, minor = line
        shown = str(version)
        skipped = _span(f"{major}.{minor}.", high + 1, version.maintenance - 1)
        self._finding(
            WARNING, GAP, shown,
            f"{shown} skips maintenance {skipped} "
            f"(line {major}.{minor} was at {major}.{minor}.{high})",
            index,
        )

    def _record_ga(self, line: tuple[int, int], maintenance: int) -> None:
        high = self.line_high.get(line)
        if high is None or maintenance > high:
            self.line_high[line] = maintenance
        low = self.line_low.get(line)
        if low is None or maintenance < low:
            self.line_low[line] = maintenance
        major, minor = line
        high = self.major_high.get(major)
        if high is None or minor > high:
            self.major_high[major] = minor
        low = self.major_low.get(major)
        if low is None or minor < low:
            self.major_low[major] = minor
        if self.top_major is None or major > self.top_major:
            self.top_major = major
        if self.bottom_major is None or major < self.bottom_major:
            self.bottom_major = major

    def _highest_of_major(self, major: int) -> str:
        minor = self.major_high[major]
        return f"{major}.{minor}.{self.line_high[(major, minor)]}"

    def _duplicate(self, version: Version, earlier: Version, index: int | None) -> None:
        shown = str(version)
        if version.build != earlier.build:
            message = (
                f"{shown} was already released as {earlier}: "
                "build metadata does not make a new release"
            )
        else:
            message = f"{shown} was already released"
        self._finding(ERROR, DUPLICATE, shown, message, index)

    def _finding(
        self, level: Level, code: str, version: str, message: str, index: int | None
    ) -> None:
        # `version`: the normalized version, or the text as given when it is `invalid`.
        self.findings.append(Finding(level, code, message, version=version, index=index))


def _span(prefix: str, first: int, last: int) -> str:
    """'4.2.2' for one skipped number, '4.2.2 and 4.2.3' for two, '4.2.2 to 4.2.5' for more."""
    if first == last:
        return f"{prefix}{first}"
    joint = " and " if last == first + 1 else " to "
    return f"{prefix}{first}{joint}{prefix}{last}"
