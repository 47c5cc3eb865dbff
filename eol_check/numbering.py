"""Release numbering rules (§1.5–§1.7, SPEC §2.2): is a release history numbered by the policy?

One pure function, shared by `eol-check numbering` and `catalog validate`::

    check_numbering(entries, *, next_version=None, tag_prefix="", since=None) -> NumberingResult

and the version a script should tag next (`numbering --suggest`)::

    suggest_next(entries, kind, *, tag_prefix="") -> Version | None

- `entries`: the releases in the order they were published, oldest first. Each is strict SemVer
  text (`tag_prefix` is removed where the text carries it) or an already-parsed `Version`; the
  two may be mixed. Text that is not a strict version becomes an `invalid` finding, never an
  exception. A catalog passes its releases sorted by date:
  `check_numbering(v for v, _ in sorted(releases.items(), key=lambda kv: kv[1]))`.
- `next_version`: a proposed version, vetted against the whole history as if published next.
  Its findings have `index=None`; `result.next` holds it with its kind (None if it is invalid).
- A `Version` with a hotfix (SPEC §2; strict text never is one) is history, as the reading of
  an invalid entry is: it counts for the releases after it, is not judged, and is no release.
- `since`: ratchet mode. A version or tag of the history (its last entry that matches); only the
  entries after it are judged. The findings on it and before it are `result.context`, counted
  but never failing. A `since` that is not in the history raises `InputError`.
- The result (`NumberingResult`):
  - `valid`: no judged finding is an error (warnings do not count; `--strict` is the caller's);
  - `releases`: one `NumberedRelease(version, kind, index)` per new release, in input order.
    Invalid entries, duplicates and respins are not releases; the proposed next version is not;
  - `findings`: one `Finding(level, code, message, version=…, index=…, related=…)` each, in
    input order. `index` is the entry's position in `entries` (0-based), so that a caller can
    cite a file's line or a catalog's date; `related` names the versions a finding is about
    besides its own (the releases that fell below a jump, the reading of an invalid entry);
  - `notes`: what the reader should know about how the history was read (one line each).

Codes: errors `invalid`, `duplicate`, `out-of-order`; warnings `gap`, `not-reset`, `respin`.
Lines and majors exist through their generally available releases only: a pre-release is never a
Version (§1.4). So a pre-release is checked for errors (as the release it previews would be) but
never warned about: `gap` and `not-reset` belong to the GA release.

The v2 rules that hold on real histories (SPEC §2.2 v2), in short:

- a *jump* skips maintenance numbers in its line (2.8.15 → 2.8.216; a new line opened at 2.9.3).
  Later releases of the line that come into the numbers it skipped are not errors: the jump gets
  one `out-of-order` error naming them (in place of its `gap` or `not-reset` warning), and they
  are checked among themselves. Unless the line went on from the jump more often than releases
  came below it: then the jump was where the line was going, and the late release is the one
  out of order (a release re-tagged years later);
- the history starts with its first entry's line: a line below it that has not appeared yet
  existed before the history (a back-port), with no `out-of-order` and no `not-reset`;
- an `invalid` entry whose whole text reads as a version (`97.0`, `018.08.1`, `4.2.1.1234` =
  hotfix 1234 of 4.2.1) is one `invalid` error, and that reading is history from then on;
- the same version with other build metadata is a `respin` warning; the same text is `duplicate`;
- a history whose every entry is a pre-release (`1.27.3-gke.100`) is checked on its core versions,
  with a note saying so.

Kinds (`HistoryKind`): `initial`, `major`, `minor`, `maintenance`: the kind relative to the
greatest earlier GA release below it (`initial` when there is none, as for the very first release).
A pre-release gets the pre-release form of its core's kind (`prerelease-minor`).

Linear time: each entry costs a few dict look-ups. Per line the lowest and highest GA maintenance
number and its jumps (found by bisection), per major the lowest and highest GA minor, and the
lowest and highest GA major are kept; nothing is ever rescanned or sorted.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from ._record import Record
from .classification import HistoryKind
from .errors import InputError, InvalidVersion
from .findings import Finding, Level
from .version import MAX_VERSION_LENGTH, Version, parse_strict

__all__ = [
    "DUPLICATE",
    "ERROR",
    "GAP",
    "INITIAL",
    "INVALID",
    "KINDS",
    "NOT_RESET",
    "OUT_OF_ORDER",
    "RESPIN",
    "WARNING",
    "NumberedRelease",
    "NumberingResult",
    "check_numbering",
    "suggest_next",
]

ERROR = Level.ERROR
WARNING = Level.WARNING

INVALID = "invalid"  # not a strict version (SPEC §2)
DUPLICATE = "duplicate"  # the same version, written the same, released again
OUT_OF_ORDER = "out-of-order"  # below what its line, major or the GA release already reached
GAP = "gap"  # a maintenance, minor or major number skipped
NOT_RESET = "not-reset"  # a new line not at maintenance 0, a new major not at X.0.0
RESPIN = "respin"  # the same version re-released with other build metadata (21.0.3+10 → +11)

INITIAL = HistoryKind.INITIAL
_MAJOR = HistoryKind.MAJOR  # §1.5
_MINOR = HistoryKind.MINOR  # §1.6
_MAINTENANCE = HistoryKind.MAINTENANCE  # §1.7
#: Every kind a release can get.
KINDS: tuple[HistoryKind, ...] = tuple(HistoryKind)

#: How many of the releases below a jump its message names (all are in `related`).
_NAMED = 5


class NumberedRelease(Record):
    """A release of the history and its kind (`minor`, `prerelease-minor` …)."""

    version: Version
    kind: HistoryKind
    index: int | None  # position in the entries (0-based); None for the proposed next version

    @property
    def is_prerelease(self) -> bool:
        """True for a pre-release."""
        return bool(self.version.prerelease)


class NumberingResult(Record):
    """What `check_numbering` found: the releases with their kinds, and the findings."""

    releases: tuple[NumberedRelease, ...]
    findings: tuple[Finding, ...]  # the judged findings (all of them without `since`)
    next: NumberedRelease | None = None  # the proposed next version, when one was given and parses
    notes: tuple[str, ...] = ()  # how the history was read, e.g. on its core versions
    context: tuple[Finding, ...] = ()  # with `since`: findings up to it, not judged
    since: int | None = None  # with `since`: the index of the entry it names

    @property
    def valid(self) -> bool:
        """True when no judged finding is an error (warnings do not count)."""
        return not any(f.level == ERROR for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The judged error findings."""
        return tuple(f for f in self.findings if f.level == ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The judged warning findings."""
        return tuple(f for f in self.findings if f.level == WARNING)


def check_numbering(
    entries: Iterable[str | Version],
    *,
    next_version: str | Version | None = None,
    tag_prefix: str = "",
    since: str | Version | None = None,
) -> NumberingResult:
    """Check releases published in this order against the numbering rules (SPEC §2.2)."""
    texts = entries if isinstance(entries, list) else list(entries)
    parsed = [_read(entry, tag_prefix) for entry in texts]
    cut = None if since is None else _since_index(since, texts, parsed, tag_prefix)
    # SPEC §2.2 v2: a history written only as pre-releases is checked on its core versions.
    versions = [p if isinstance(p, Version) else p.reading for p in parsed]
    cores = any(v is not None for v in versions) and all(
        v is None or v.prerelease for v in versions
    )
    checker = _Checker(cores)
    add = checker.add
    for index, entry in enumerate(parsed):
        add(entry, index)
    releases = tuple(checker.releases)
    proposed = None
    if next_version is not None:
        proposed = add(_read(next_version, tag_prefix), None)
    findings = checker.finish()
    notes: tuple[str, ...] = ()
    if cores:
        at, example = next((i, v) for i, v in enumerate(versions) if v is not None)
        notes = (
            f"every entry is a pre-release ({texts[at]}): the history is checked on the core "
            f"versions ({example.core}); a pre-release never counts as a release otherwise (§1.4)",
        )
    if cut is None:
        return NumberingResult(releases, findings, proposed, notes)
    judged = tuple(f for f in findings if f.index is None or f.index > cut)
    context = tuple(f for f in findings if f.index is not None and f.index <= cut)
    return NumberingResult(releases, judged, proposed, notes, context, cut)


def suggest_next(
    entries: Iterable[str | Version],
    kind: HistoryKind | str,
    *,
    tag_prefix: str = "",
) -> Version | None:
    """The next release of `kind` (major, minor or maintenance) after the history, or None when
    the history has no release to follow.

    It follows the highest release of the history (SPEC §2.2, "a new major must be greater than
    every existing major"): major `M+1.0.0` (§1.5), minor `M.N+1.0` (§1.6), maintenance
    `M.N.P+1` of that newest line (§1.7); a back-port to an older line is never suggested. The
    history is what `check_numbering` reads: generally available releases and the readings of
    invalid entries (`97.0` → 97.0.0); pre-releases count only in a pre-release-only history,
    by their cores (SPEC §2.2 v2). A hotfix counts as its base release.
    """
    wanted = HistoryKind(kind)
    if wanted not in (_MAJOR, _MINOR, _MAINTENANCE):
        raise ValueError(f"suggest_next: {wanted.value!r} is not major, minor or maintenance")
    highest: Version | None = None  # the highest GA release
    highest_core: Version | None = None  # the highest core of any version, for pre-release only
    for entry in entries:
        read = _read(entry, tag_prefix)
        version = read if isinstance(read, Version) else read.reading
        if version is None:
            continue
        base = version.base
        if highest_core is None or base > highest_core:
            highest_core = base
        if not version.prerelease and (highest is None or base > highest):
            highest = base
    top = highest or highest_core
    if top is None:
        return None
    if wanted is _MAJOR:
        return Version(top.major + 1, 0, 0)
    if wanted is _MINOR:
        return Version(top.major, top.minor + 1, 0)
    return Version(top.major, top.minor, top.maintenance + 1)


# --- reading the entries -------------------------------------------------------------------------


class _Entry(Record):
    """An invalid entry: its text, why it is invalid, and its lenient reading if it has one."""

    text: str  # as given
    message: str  # why it is invalid, and how it was read
    # The version its whole text clearly means (SPEC §2.2 v2); 4.2.1.1234 is a hotfix.
    reading: Version | None = None


def _read(entry: str | Version, tag_prefix: str) -> Version | _Entry:
    """The entry's strict version, or what is known of an invalid entry."""
    if not isinstance(entry, str):
        if isinstance(entry, Version):
            return entry
        return _Entry(str(entry), f"expected a version as text, got {type(entry).__name__}")
    try:
        return parse_strict(entry, tag_prefix=tag_prefix)
    except InvalidVersion as exc:
        reading = _lenient_reading(entry, tag_prefix)
        if reading is None:
            return _Entry(entry, str(exc))
        text = entry[len(tag_prefix) :] if tag_prefix and entry.startswith(tag_prefix) else entry
        hotfix = reading.hotfix
        shown = str(reading) if hotfix is None else f"hotfix {hotfix} of {reading.base}"
        message = (
            f"{text!r} is not a strict version (SemVer 2.0.0, e.g. 4.2.1); "
            f"read as {shown} for the releases after it"
        )
        return _Entry(entry, message, reading)


_IDENT = r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"
# An invalid entry whose whole text is one version (SPEC §2.2 v2, "invalid entries still count"):
# one to four numeric parts, leading zeros allowed (97.0, 018.08.1, 4.2.1.1234), or three and a
# hotfix marker of the lenient form (SPEC §2: 4.3.2p69, 4.3.2_HF2, 4.3.2.post1), then an optional
# -prerelease and +build. Anything else (5.0.0f4, 1.0.2a, cos-69-10895-62-0) has no clear reading.
_READING = re.compile(
    rf"[vV]?(?P<nums>[0-9]{{1,16}}(?:\.[0-9]{{1,16}}){{0,3}})"
    rf"(?:[._ ]?(?:hotfix|hf|post|p)\.?(?P<hotfix>[0-9]{{1,16}}))?"
    rf"(?:-(?P<pre>{_IDENT}))?(?:\+(?P<build>{_IDENT}))?",
    re.ASCII | re.IGNORECASE,
)


def _lenient_reading(entry: str, tag_prefix: str) -> Version | None:
    """The version an invalid entry clearly means, if it does (a hotfix for 4.2.1.1234)."""
    if len(entry) > MAX_VERSION_LENGTH:
        return None
    text = entry[len(tag_prefix) :] if tag_prefix and entry.startswith(tag_prefix) else entry
    match = _READING.fullmatch(text)
    if match is None:
        return None
    nums = [int(part) for part in match["nums"].split(".")]
    if match["hotfix"] is not None:
        if len(nums) != 3:  # a marker only follows MAJOR.MINOR.MAINTENANCE
            return None
        nums.append(int(match["hotfix"]))
    major, minor, maintenance = [*nums, 0, 0][:3]
    # SPEC §2: a fourth numeric part is a hotfix of the release it extends (4.2.1.1234).
    hotfix = nums[3] if len(nums) == 4 else None
    pre = match["pre"]
    if pre and hotfix is not None:  # a hotfix is never a pre-release (SPEC §2): unclear
        return None
    prerelease = tuple(int(p) if p.isdigit() else p for p in pre.split(".")) if pre else ()
    return Version(major, minor, maintenance, prerelease, match["build"] or "", hotfix)


def _since_index(
    since: str | Version,
    texts: list[str | Version],
    parsed: list[Version | _Entry],
    tag_prefix: str,
) -> int:
    """The index of the last entry `since` names: its text (a tag) first, else its version."""
    for index in range(len(texts) - 1, -1, -1):
        if texts[index] == since:
            return index
    if isinstance(since, Version):
        wanted: Version | None = since
    else:
        try:
            wanted = parse_strict(since, tag_prefix=tag_prefix)
        except InvalidVersion:
            wanted = _lenient_reading(since, tag_prefix)
    if wanted is not None:
        for index in range(len(parsed) - 1, -1, -1):
            entry = parsed[index]
            if entry == wanted or (isinstance(entry, _Entry) and entry.reading == wanted):
                return index
    raise InputError(
        f"--since {str(since)!r} is not a release of the history: give one of its versions or tags"
    )


# --- the rules -----------------------------------------------------------------------------------


class _Jump:
    """A release that skipped maintenance numbers in its line, and the releases that came later
    into the numbers it skipped."""

    # Not a Record: the checker updates it as later releases arrive.

    __slots__ = (
        "before",
        "below",
        "fallen",
        "filled",
        "index",
        "maintenance",
        "raised",
        "slot",
        "version",
    )

    def __init__(self, version: Version, index: int | None, before: int, slot: int | None) -> None:
        self.version = version
        self.index = index
        self.maintenance = version.maintenance
        self.before = before  # the line's top before the jump (-1: it opened the line)
        self.filled = before  # the highest later release among the skipped numbers
        self.fallen = 0  # how many later releases came into them
        self.raised = 0  # the line's `raised` count when it jumped
        # Where its gap or not-reset warning is among the findings; None for the reading of an
        # invalid entry, which has its one error already (SPEC §2.2 v2).
        self.slot = slot
        self.below: list[str] = []  # later releases of the line that fell below it


class _Line:
    """One line `MAJOR.MINOR` as far as its GA releases got."""

    # Not a Record: the checker's state of the line, updated release by release.

    __slots__ = ("high", "jumps", "low", "raised", "tops")

    def __init__(self, maintenance: int) -> None:
        self.high = maintenance  # the highest GA maintenance number
        self.low = maintenance  # the lowest
        self.jumps: list[_Jump] = []  # every jump of the line, in increasing order
        self.tops: list[int] = []  # their maintenance numbers, to find one by bisection
        self.raised = 0  # how many releases raised `high` since the line opened

    def jump(self, version: Version, index: int | None, slot: int | None) -> _Jump:
        """Record `version` as a jump from the line's top, and make it the top."""
        jump = _Jump(version, index, self.high, slot)
        self.jumps.append(jump)
        self.tops.append(version.maintenance)
        self.high = version.maintenance
        self.raised += 1
        jump.raised = self.raised
        return jump

    def skipped_by(self, maintenance: int) -> _Jump | None:
        """The jump that skipped `maintenance` (below the line's top), if any."""
        at = bisect_right(self.tops, maintenance)
        if at < len(self.jumps) and self.jumps[at].before < maintenance:
            return self.jumps[at]
        return None


class _Checker:
    """The state of a history read so far: what is released, and how far each line got."""

    # Not a Record: mutable state of one run of the rules.

    __slots__ = (
        "blamed",
        "bottom_major",
        "cores",
        "findings",
        "first_line",
        "lines",
        "major_high",
        "major_low",
        "read",
        "released",
        "releases",
        "top_major",
    )

    def __init__(self, cores: bool) -> None:
        self.cores = cores  # judge every entry on its core version
        self.releases: list[NumberedRelease] = []
        self.findings: list[Finding] = []
        # (major, minor, maintenance, prerelease) → how each release of it was written (its
        # build metadata; the whole text in a pre-release-only history): one text, or a list.
        self.released: dict[tuple[object, ...], str | list[str]] = {}
        # The readings of invalid entries, (major, minor, maintenance, prerelease): history, but
        # no release that a later entry could duplicate.
        self.read: set[tuple[object, ...]] = set()
        # Only generally available releases shape lines and majors (§1.4).
        self.lines: dict[tuple[int, int], _Line] = {}
        self.major_high: dict[int, int] = {}  # major → highest minor
        self.major_low: dict[int, int] = {}  # major → lowest minor
        self.top_major: int | None = None
        self.bottom_major: int | None = None
        self.first_line: tuple[int, int] | None = None  # the line the history starts with
        self.blamed: list[_Jump] = []  # jumps that later releases fell below

    def add(self, entry: Version | _Entry, index: int | None) -> NumberedRelease | None:
        """Check one entry against everything before it, then record it."""
        if isinstance(entry, _Entry):
            self._invalid(entry, index)
            return None
        version = entry
        if self.cores:
            written = str(version)
            version = version.core
        else:
            written = version.build
        if self.first_line is None:
            self.first_line = (version.major, version.minor)
        if version.hotfix is not None:
            # A parsed hotfix (strict text never is one): history, as a reading is.
            self._remember(version)
            return None
        major, minor, maintenance = version.major, version.minor, version.maintenance
        prerelease = version.prerelease
        key = (major, minor, maintenance, prerelease)
        earlier = self.released.get(key)
        if earlier is not None:
            self._again(version, written, key, earlier, index)
            return None
        self.released[key] = written

        line_key = (major, minor)
        line = self.lines.get(line_key)
        if line is not None and maintenance == line.high + 1 and not prerelease:
            # The common case, kept short: the next maintenance release of a line, newest line
            # or back-port alike (SPEC §2.2).
            line.high = maintenance
            line.raised += 1
            release = NumberedRelease(version, _MAINTENANCE, index)
            self.releases.append(release)
            return release
        kind = self._kind(line_key, maintenance)
        if prerelease:
            kind = kind.prerelease
            core = (major, minor, maintenance, ())
            if core in self.released or core in self.read:
                self._finding(
                    ERROR,
                    OUT_OF_ORDER,
                    str(version),
                    f"{version} is a pre-release of {version.core}, which was already released",
                    index,
                )
            elif line is not None:
                if maintenance < line.high:
                    self._below(version, line_key, line, index, ga=False)
            else:
                self._open(version, line_key, index, ga=False)
        elif line is not None:
            if maintenance > line.high:  # a jump: it skips maintenance numbers (§1.7)
                slot = self._gap_in_line(version, line_key, line.high, index)
                line.jump(version, index, slot)
            elif (major, minor, maintenance, ()) not in self.read:
                self._below(version, line_key, line, index, ga=True)
            if maintenance < line.low:
                line.low = maintenance
        else:
            self._open(version, line_key, index, ga=True)
            self._record_ga(line_key, maintenance)
        release = NumberedRelease(version, kind, index)
        self.releases.append(release)
        return release

    def _invalid(self, entry: _Entry, index: int | None) -> None:
        reading = entry.reading
        if reading is None:
            self._finding(ERROR, INVALID, entry.text, entry.message, index)
            return
        # SPEC §2.2 v2: one `invalid` error; its reading is history from now on, unchecked.
        self.findings.append(
            Finding(
                ERROR,
                INVALID,
                entry.message,
                version=entry.text,
                index=index,
                related=(str(reading),),
            )
        )
        if self.cores:
            reading = reading.core
        if self.first_line is None:
            self.first_line = (reading.major, reading.minor)
        self._remember(reading)

    def finish(self) -> tuple[Finding, ...]:
        """The findings, each jump that releases fell below blamed once (SPEC §2.2 v2)."""
        for jump in self.blamed:
            if jump.slot is not None:
                self.findings[jump.slot] = self._blame(jump)
        self.blamed.clear()
        return tuple(self.findings)

    def _kind(self, line: tuple[int, int], maintenance: int) -> HistoryKind:
        # The kind relative to the greatest earlier GA release below it (SPEC §2.2): a GA
        # release below it in its own line makes it maintenance; else one in its major, minor;
        # else any lower major, major. The lowest numbers seen answer each question at once.
        state = self.lines.get(line)
        if state is not None and state.low < maintenance:
            return _MAINTENANCE
        major, minor = line
        low = self.major_low.get(major)
        if low is not None and low < minor:
            return _MINOR
        if self.bottom_major is not None and self.bottom_major < major:
            return _MAJOR
        return INITIAL

    def _below(
        self, version: Version, key: tuple[int, int], line: _Line, index: int | None, *, ga: bool
    ) -> None:
        # Below its line's top. Into the numbers a jump skipped, it is the jump that is to
        # blame, once; the releases that came later into them are checked among themselves
        # (SPEC §2.2 v2). Anywhere else it is out of order.
        major, minor = key
        maintenance = version.maintenance
        shown = str(version)
        jump = line.skipped_by(maintenance)
        if jump is not None and maintenance < jump.filled:
            self._finding(
                ERROR,
                OUT_OF_ORDER,
                shown,
                f"{shown} is below {major}.{minor}.{jump.filled}, released before it",
                index,
            )
            return
        # A jump the line went on from more often than releases came below it was where the
        # line was going: the release that comes late into its numbers is the one out of order
        # (a release re-tagged years later). A reading's jump never makes one out of order.
        late = (
            jump is not None and jump.slot is not None and (line.raised - jump.raised > jump.fallen)
        )
        if jump is None or late:
            self._finding(
                ERROR,
                OUT_OF_ORDER,
                shown,
                f"{shown} is below {major}.{minor}.{line.high}, the highest release of line "
                f"{major}.{minor}",
                index,
            )
            if jump is None or not ga:
                return
            jump.fallen += 1
            jump.filled = maintenance
            return
        if not ga:  # a pre-release previews a release that fits: nothing to say yet
            return
        jump.fallen += 1
        if jump.filled >= 0 and maintenance > jump.filled + 1:
            self._gap_in_line(version, key, jump.filled, index)
        elif jump.filled < 0 and maintenance and self._after_first_line(key):
            # They open the line the jump opened: so they should start at X.Y.0 (§1.6).
            self._finding(WARNING, NOT_RESET, shown, _not_reset_line(version), index)
        jump.filled = maintenance
        if jump.slot is not None:
            if not jump.below:
                self.blamed.append(jump)
            jump.below.append(shown)

    def _after_first_line(self, line: tuple[int, int]) -> bool:
        first = self.first_line
        return first is not None and line > first

    def _open(
        self, version: Version, line: tuple[int, int], index: int | None, *, ga: bool
    ) -> None:
        # The first GA release of its line (or a pre-release previewing one): checked against
        # the lines of its major and against the other majors. Errors only for a pre-release.
        major, minor, maintenance = line[0], line[1], version.maintenance
        if self.first_line is not None and line < self.first_line:
            # SPEC §2.2 v2: the history starts mid-stream; a line below its first line that has
            # not appeared yet existed before it (a back-port): no out-of-order, no not-reset.
            return
        shown = str(version)
        opens = "opens" if ga else "previews"
        top_minor = self.major_high.get(major)
        if top_minor is not None:  # a new line in a major that has GA releases
            if minor < top_minor:
                self._finding(
                    ERROR,
                    OUT_OF_ORDER,
                    shown,
                    f"{shown} {opens} line {major}.{minor} after "
                    f"{self._highest_of_major(major)} was released",
                    index,
                )
            elif ga and minor > top_minor + 1:  # §1.6 (the policy's own 4.0.0 → 4.2.0)
                skipped = _span(f"{major}.", top_minor + 1, minor - 1)
                self._finding(
                    WARNING,
                    GAP,
                    shown,
                    f"{shown} skips minor {skipped} "
                    f"(major {major} was at line {major}.{top_minor})",
                    index,
                )
            if ga and maintenance != 0:  # §1.6: 4.0.0 → 4.2.0
                self._not_reset(version, _not_reset_line(version), index)
            return
        top = self.top_major
        if top is None:  # the first GA release of all: nothing to compare with
            return
        if major < top:
            self._finding(
                ERROR,
                OUT_OF_ORDER,
                shown,
                f"{shown} {opens} major {major} after {self._highest_of_major(top)} was released",
                index,
            )
        elif ga and major > top + 1:  # §1.5: 3.1.2 → 4.0.0
            skipped = _span("", top + 1, major - 1)
            self._finding(
                WARNING,
                GAP,
                shown,
                f"{shown} skips major {skipped} (the highest major was {top})",
                index,
            )
        if ga and (minor or maintenance):  # §1.5: 3.1.2 → 4.0.0
            self._not_reset(
                version,
                f"{shown} opens major {major}: a new major should start at {major}.0.0 (§1.5)",
                index,
            )

    def _not_reset(self, version: Version, message: str, index: int | None) -> None:
        slot = len(self.findings)
        self._finding(WARNING, NOT_RESET, str(version), message, index)
        if version.maintenance:  # it skipped maintenance numbers of its new line: a jump
            line = _Line(-1)
            line.jump(version, index, slot)
            line.low = version.maintenance
            self.lines[(version.major, version.minor)] = line

    def _gap_in_line(
        self, version: Version, line: tuple[int, int], high: int, index: int | None
    ) -> int:
        # §1.7: maintenance numbers go up one by one (4.2.1 → 4.2.3 skips 4.2.2).
        major, minor = line
        shown = str(version)
        skipped = _span(f"{major}.{minor}.", high + 1, version.maintenance - 1)
        slot = len(self.findings)
        self._finding(
            WARNING,
            GAP,
            shown,
            f"{shown} skips maintenance {skipped} "
            f"(line {major}.{minor} was at {major}.{minor}.{high})",
            index,
        )
        return slot

    def _blame(self, jump: _Jump) -> Finding:
        version = jump.version
        line = f"{version.major}.{version.minor}"
        if jump.before < 0:
            what = f"{version} opened line {line} at maintenance {version.maintenance}"
        else:
            what = f"{version} jumped ahead of line {line} (it was at {line}.{jump.before})"
        below = jump.below
        count = len(below)
        if count <= _NAMED:
            named = ", ".join(below)
        else:
            named = ", ".join(below[: _NAMED - 2]) + f" … {below[-1]}"
        falls = "later release falls" if count == 1 else "later releases fall"
        return Finding(
            ERROR,
            OUT_OF_ORDER,
            f"{what}: {count} {falls} below it: {named}",
            version=str(version),
            index=jump.index,
            related=tuple(below),
        )

    def _remember(self, version: Version) -> None:
        # The reading of an invalid entry: history, never checked, never blamed, and never the
        # cause of an out-of-order release after it (SPEC §2.2 v2). A hotfix reading stands
        # for its base release, which it cannot exist without (SPEC §2).
        maintenance = version.maintenance
        self.read.add((version.major, version.minor, maintenance, version.prerelease))
        if version.prerelease:
            return
        line_key = (version.major, version.minor)
        line = self.lines.get(line_key)
        if line is None:
            self._record_ga(line_key, maintenance)
            if maintenance:  # it opened its line at X.Y.5: a jump nobody is blamed for
                line = self.lines[line_key] = _Line(-1)
                line.jump(version, None, None)
                line.low = maintenance
        elif maintenance > line.high + 1:  # a jump nobody is blamed for
            line.jump(version, None, None)
        elif maintenance == line.high + 1:
            line.high = maintenance
            line.raised += 1
        elif maintenance < line.high:
            jump = line.skipped_by(maintenance)
            if jump is not None and maintenance > jump.filled:
                jump.filled = maintenance
            if maintenance < line.low:
                line.low = maintenance

    def _record_ga(self, line: tuple[int, int], maintenance: int) -> None:
        # The first GA release of a line.
        if line not in self.lines:
            self.lines[line] = _Line(maintenance)
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
        return f"{major}.{minor}.{self.lines[(major, minor)].high}"

    def _again(
        self,
        version: Version,
        written: str,
        key: tuple[object, ...],
        earlier: str | list[str],
        index: int | None,
    ) -> None:
        # SPEC §2.2 v2: the same text again is a duplicate; other build metadata is a re-release.
        shown = str(version) if not self.cores else written
        if isinstance(earlier, str):  # one release of it so far: kept as its text, not a list
            earlier = self.released[key] = [earlier]
        if written in earlier:
            self._finding(ERROR, DUPLICATE, shown, f"{shown} was already released", index)
            return
        first = _written(version, earlier[0], self.cores)
        earlier.append(written)
        other = "another pre-release tag" if self.cores else "other build metadata"
        self._finding(
            WARNING,
            RESPIN,
            shown,
            f"{shown} re-releases {first} with {other}: the same version, not a new release",
            index,
        )

    def _finding(
        self, level: Level, code: str, version: str, message: str, index: int | None
    ) -> None:
        # `version`: the normalized version, or the text as given when it is `invalid`.
        self.findings.append(Finding(level, code, message, version=version, index=index))


def _not_reset_line(version: Version) -> str:
    major, minor, maintenance = version.major, version.minor, version.maintenance
    return (
        f"{version} opens line {major}.{minor} at maintenance {maintenance}: "
        f"a new line should start at {major}.{minor}.0 (§1.6)"
    )


def _written(version: Version, written: str, cores: bool) -> str:
    """An earlier release of `version` as it was written."""
    if cores:
        return written
    return str(version.core) + (f"+{written}" if written else "")


def _span(prefix: str, first: int, last: int) -> str:
    """'4.2.2' for one skipped number, '4.2.2 and 4.2.3' for two, '4.2.2 to 4.2.5' for more."""
    if first == last:
        return f"{prefix}{first}"
    joint = " and " if last == first + 1 else " to "
    return f"{prefix}{first}{joint}{prefix}{last}"
