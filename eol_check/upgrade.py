"""The upgrade planner (SPEC §3.5): how a customer gets from the installed version to a supported
one.

One planner answers for every command that recommends an upgrade, so that they never contradict
each other: every hop it names, `preflight` allows. `upgrade_path(product, installed, on)` returns
the hops from the installed version to the latest release of the current line on the date:

- each hop goes up, to a release published on or before the date;
- each hop into another line is allowed by the catalog's `[upgrade_from]` for that line (a move
  within a line is always allowed), read on the version the hop starts from (SPEC §4.1);
- no hop enters a line that is past its End of Life on the date (§2: an End of Life line is one to
  leave, not to join); the installed version's own line may be past it;
- fewest hops first, then the newest release at each hop, the first hop first.

When there is no path, `hops` is None and `problem`/`reason` say why: the installed version is not a
generally available release of the catalog on the date (§1.4), there is nothing to upgrade to (no
current line: the product or its newest line reached End of Life), or `[upgrade_from]` and End of
Life leave no way. A hotfix plans from its base release (SPEC §2).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date

from ._record import Record
from ._specifiers import matches
from .catalog import Line, Product, Release, Specifiers, current_line
from .version import Version

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["NoPath", "UpgradePath", "upgrade_allowed", "upgrade_path"]


class NoPath(str, enum.Enum):
    """Why the planner found no upgrade path."""

    NOT_A_RELEASE = "not-a-release"  # the installed version is not GA in the catalog on the date
    NO_TARGET = "no-target"  # nothing to upgrade to: no current line, or the target is not one
    BLOCKED = "blocked"  # `[upgrade_from]` and End of Life leave no way to the target

    def __str__(self) -> str:
        return self.value


class UpgradePath(Record):
    """The planner's answer: the hops from `installed` to `target`, or no path and why.

    `hops` is `()` when the installed version is the target already (or a hotfix of it), and None
    when there is no path; then `problem` says which kind of "no" it is and `reason` (citing
    `section`) says it in a sentence a person can paste into a ticket.
    """

    installed: Version
    date: date
    target: Version | None  # the latest release of the current line (or the target asked for)
    hops: tuple[Version, ...] | None
    problem: NoPath | None = None
    reason: str | None = None
    section: str | None = None

    @property
    def found(self) -> bool:
        """True when there is a path (possibly empty: already on the target)."""
        return self.hops is not None

    @property
    def next_hop(self) -> Version | None:
        """The first release to install, or None (no path, or nothing to do)."""
        return self.hops[0] if self.hops else None

    def as_json(self) -> list[str] | None:
        """SPEC §3.5: the hops as version strings; `[]` on the target; None without a path."""
        return None if self.hops is None else [str(hop) for hop in self.hops]

    def as_json_fields(self) -> dict[str, Any]:
        """The JSON fields every record with a path carries: `upgrade_path` and, when it is
        null, `upgrade_path_reason` ({code, section, text}; null when there is a path)."""
        reason = None
        if self.problem is not None:
            reason = {"code": self.problem.value, "section": self.section, "text": self.reason}
        return {"upgrade_path": self.as_json(), "upgrade_path_reason": reason}

    @property
    def summary(self) -> str:
        """The path in words: '5.1.2 > 6.0.2 (2 steps)', 'none needed: …', or 'none: why'."""
        if self.hops is None:
            return f"none: {self.reason}"
        if not self.hops:
            return f"none needed: {self.target} is the latest release of the current line"
        steps = f" ({len(self.hops)} steps)" if len(self.hops) > 1 else ""
        return f"{self}{steps}"

    def __str__(self) -> str:
        """The hops as a person reads them: '5.1.2 > 6.0.2' ('' on the target, '-' without one)."""
        if self.hops is None:
            return "-"
        return " > ".join(str(hop) for hop in self.hops)


def upgrade_path(
    product: Product, installed: Version, on: date, *, to: Version | None = None
) -> UpgradePath:
    """The upgrade path of `installed` on `on` (SPEC §3.5): to the latest release of the current
    line, or to the release `to` when given."""
    start = product.release(installed.base)
    target, problem = _target(product, on, to)
    if installed.is_prerelease or start is None or start.date > on:
        return UpgradePath(
            installed,
            on,
            target,
            None,
            NoPath.NOT_A_RELEASE,
            _not_a_release(product, installed, start, target, on),
            "§1.4",
        )
    if target is None:
        return UpgradePath(installed, on, None, None, NoPath.NO_TARGET, problem, "§2")
    if start.version >= target:
        if start.version == target:
            return UpgradePath(installed, on, target, ())
        return UpgradePath(
            installed,
            on,
            target,
            None,
            NoPath.BLOCKED,
            f"{target} is below the installed {installed}: a downgrade is not an upgrade path",
            "§2",
        )
    nodes = [
        r.version
        for r in product.releases
        if start.version < r.version <= target and r.date <= on and _joinable(product, r, on)
    ]
    allowed = _Allowed(product)
    hops = _plan(start.version, target, nodes, allowed)
    if hops is None:
        return UpgradePath(
            installed,
            on,
            target,
            None,
            NoPath.BLOCKED,
            _blocked(product, installed, start.version, target, nodes, allowed, on),
            "§2",
        )
    return UpgradePath(installed, on, target, hops)


def upgrade_from_text(product: Product, line: str) -> str | None:
    """The `[upgrade_from]` specifier of `line` as the catalog wrote it, or None (no rule)."""
    specs = product.upgrade_from
    if isinstance(specs, Specifiers):  # read the text: `in` and `.get` would build the specifier
        return specs.texts.get(line)
    spec = specs.get(line)
    return str(spec) if spec is not None else None


def upgrade_allowed(product: Product, installed: Version, target: Version) -> bool:
    """Whether the catalog's `[upgrade_from]` lets `installed` go straight to `target`'s line
    (SPEC §4.1). A move within a line is always allowed; a hotfix is read as its base release."""
    if installed.line == target.line:
        return True
    text = upgrade_from_text(product, target.line)
    if text is None:
        return True
    plain = matches(text, installed)
    if plain is not None:
        return plain
    from packaging.version import Version as Pep440

    # A pre-release counts as just below its release (4.3.0-rc.1 does not meet ">=4.3").
    pep440 = Pep440(str(installed.base) + (".dev0" if installed.is_prerelease else ""))
    return product.upgrade_from[target.line].contains(pep440, prereleases=True)


class _Allowed:
    """`upgrade_allowed`, remembered per (version, line): the planner asks many times."""

    def __init__(self, product: Product) -> None:
        self.product = product
        self.known: dict[tuple[Version, str], bool] = {}

    def __call__(self, installed: Version, target: Version) -> bool:
        key = (installed, target.line)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = upgrade_allowed(self.product, installed, target)
        return found


def _plan(
    start: Version,
    target: Version,
    nodes: list[Version],
    allowed: Callable[[Version, Version], bool],
) -> tuple[Version, ...] | None:
    """Fewest hops from `start` to `target` through `nodes`, then the newest release at each hop."""
    # Hops still needed from each release to the target, found backwards from the target.
    distance = {target: 0}
    frontier = [target]
    waiting = [start, *(n for n in nodes if n != target)]
    while frontier and start not in distance:
        reached = []
        for version in waiting:
            if any(version < there and allowed(version, there) for there in frontier):
                distance[version] = distance[frontier[0]] + 1
                reached.append(version)
        waiting = [v for v in waiting if v not in distance]
        frontier = reached
    if start not in distance:
        return None
    hops = []
    here = start
    while here != target:
        wanted = distance[here] - 1
        here = max(n for n in nodes if distance.get(n) == wanted and here < n and allowed(here, n))
        hops.append(here)
    return tuple(hops)


def _joinable(product: Product, release: Release, on: date) -> bool:
    """A hop may enter the release's line: it is not past its End of Life on `on` (§2)."""
    line = product.line(release.version.line)
    return line is not None and (line.eol is None or on < line.eol)


def _target(product: Product, on: date, to: Version | None) -> tuple[Version | None, str]:
    """Where the path leads, or None and why there is nothing to upgrade to."""
    if to is None:
        current = current_line(product, on)
        latest = current.latest(on) if current is not None else None
        if latest is not None:
            return latest.version, ""
        return None, _no_current_line(product, on)
    release = product.release(to)
    if to.is_prerelease or to.is_hotfix or release is None or release.date > on:
        return None, f"{to} is not a release of {product.name} on {on.isoformat()} (§1.4)"
    line = product.line(to.line)
    assert line is not None
    if not _joinable(product, release, on):
        return None, f"line {to.line} is past its End of Life on {on.isoformat()}{_when(line)}"
    return to, ""


def _no_current_line(product: Product, on: date) -> str:
    day = on.isoformat()
    released = [line for line in product.lines if line.first_release <= on]
    if not released:
        return f"{product.name} has no release on {day}: there is nothing to upgrade to"
    newest = released[0]
    if newest.eol_source == "product":
        why = f"the product reached End of Life on {_iso(newest.eol)}"
    else:
        why = f"its newest line {newest.line} reached End of Life on {_iso(newest.eol)}"
    return (
        f"{product.name} has no current Version line on {day} ({why}, with no successor): "
        "there is nothing to upgrade to"
    )


def _not_a_release(
    product: Product, installed: Version, start: Release | None, target: Version | None, on: date
) -> str:
    """Why no path starts from `installed`, with the nearest real release to go to (§1.4)."""
    line = product.line(installed.line)
    latest = line.latest(on) if line is not None else None
    if latest is not None:
        nearest = f"; the latest of line {installed.line} is {latest.version}"
    elif target is not None:
        nearest = f"; the latest of the current line {target.line} is {target}"
    else:
        nearest = ""
    if installed.is_prerelease:
        return f"{installed} is a pre-release, never generally available" + nearest
    if start is None:
        return f"{installed} is not a release of {product.name}" + nearest
    return (
        f"{installed} is not released on {on.isoformat()}: its release date is "
        f"{start.date.isoformat()}" + nearest
    )


def _blocked(
    product: Product,
    installed: Version,
    start: Version,
    target: Version,
    nodes: list[Version],
    allowed: Callable[[Version, Version], bool],
    on: date,
) -> str:
    """Why `[upgrade_from]` and End of Life leave no way: the rule in the way, how far one gets."""
    reach = {start}
    frontier = [start]
    while frontier:
        frontier = [
            n for n in nodes if n not in reach and any(f < n and allowed(f, n) for f in frontier)
        ]
        reach.update(frontier)
    rule = upgrade_from_text(product, target.line)
    text = f"no upgrade path from {installed} to {target} on {on.isoformat()}"
    if rule is not None:
        text += f": line {target.line} can be installed only over versions {rule}"
    furthest = max(reach)
    if furthest == start:
        text += (
            f", and no release {installed} may upgrade to is in a line that is not past its "
            "End of Life"
        )
    else:
        text += f", and the furthest {installed} can get through supported lines is {furthest}"
    return text


def _when(line: Line) -> str:
    return f" (since {_iso(line.eol)})" if line.eol is not None else ""


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else "-"
