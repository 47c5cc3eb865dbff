"""May an installer put the target version over the installed one? (SPEC §5 `preflight`)

`check_preflight` is a pure function of the product, the two versions, the policy and the date.
It classifies the target after the installed version (SPEC §2.1), looks both up in the catalog
(SPEC §3.2) and lists every problem it finds; errors block the installation, warnings do not.

Finding codes (docs/preflight.md); each finding names the product and the version it is about:

    error   target-unknown        the target is not a release in the catalog
    error   target-unreleased     the target's release date is after the date
    error   target-prerelease     the target is a pre-release (a warning with allow_prerelease)
    error   downgrade             the target is below the installed version (a warning with
                                  allow_downgrade)
    error   target-eol            the target's line is in its upgrade window or unsupported
    error   upgrade-path          the installed version does not meet the target line's
                                  `upgrade_from`; the advice (a release to install first) comes
                                  from the upgrade planner (SPEC §3.5), so preflight never
                                  advises a release it would block
    warning target-support-tail   the target's line is End of Life, in its six-month support tail
    warning reinstall             the target is the installed version; a line past its End of Life
                                  is then a warning, not an error (nothing moves into it)
    warning target-eol-scheduled  the target's line has an End of Life date still to come
    warning installed-unknown     the installed version is not a release in the catalog on the date
    warning installed-prerelease  the installed version is a pre-release
"""

from __future__ import annotations

from datetime import date, timedelta

from ._record import Record, replace
from .catalog import EolSource, Product
from .classification import ReleaseKind, classify
from .findings import Finding, Level
from .lifecycle import LineStatus, VersionStatus, lines, version_status
from .policy import Policy, Status
from .upgrade import NoPath, UpgradePath, upgrade_allowed, upgrade_from_text, upgrade_path
from .version import Version

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Preflight", "check_preflight"]


class Preflight(Record):
    """The answer of a preflight: the kind of the move, both sides' status, and the problems."""

    installed: VersionStatus
    target: VersionStatus
    kind: ReleaseKind  # the target after the installed version (SPEC §2.1)
    problems: tuple[Finding, ...]  # errors block the installation; warnings do not
    #: The planner's path from the installed version to the current line (SPEC §3.5); the
    #: advice in `problems` names only its first hop, which preflight allows.
    plan: UpgradePath | None = None

    @property
    def ok(self) -> bool:
        """True when nothing blocks the installation (warnings allowed)."""
        return not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The problems that block the installation."""
        return tuple(p for p in self.problems if p.is_error)

    def as_json(self) -> dict[str, Any]:
        """The answer's JSON form (docs/preflight.md)."""
        return {
            "product": self.target.product.id,
            "date": self.target.date.isoformat(),
            "ok": self.ok,
            "kind": self.kind.value,
            "installed": self.installed.as_json(),
            "target": self.target.as_json(),
            "problems": [p.as_json() for p in self.problems],
        }


def check_preflight(
    product: Product,
    installed: Version,
    target: Version,
    policy: Policy,
    on: date,
    *,
    allow_prerelease: bool = False,
    allow_downgrade: bool = False,
) -> Preflight:
    """May `target` be installed over `installed` on `on`? Every problem found, errors first."""
    have = version_status(product, installed, policy, on)
    want = version_status(product, target, policy, on)
    kind = classify(installed, target).kind
    plan = have.upgrade_path or upgrade_path(product, installed, on)
    about_target = [
        *_target_release(product, want, on, allow_prerelease),
        *_direction(installed, target, kind, allow_downgrade),
        *_target_line(want, policy, on, plan, reinstall=kind is ReleaseKind.NONE),
        *_upgrade_path(product, installed, target, on, plan),
    ]
    problems = [
        *(replace(p, product=product.id, version=str(target)) for p in about_target),
        *(
            replace(p, product=product.id, version=str(installed))
            for p in _installed(product, have, on)
        ),
    ]
    problems.sort(key=lambda p: not p.is_error)  # stable: errors first
    return Preflight(have, want, kind, tuple(problems), plan)


def _error(code: str, message: str) -> Finding:
    return Finding(Level.ERROR, code, message)


def _warning(code: str, message: str) -> Finding:
    return Finding(Level.WARNING, code, message)


def _target_release(
    product: Product, want: VersionStatus, on: date, allow_prerelease: bool
) -> list[Finding]:
    """Is the target a generally available release on the date (§1.4)?"""
    version = want.version
    if want.status is Status.PRERELEASE:
        message = f"{version} is a pre-release: never generally available (§1.4)"
        if allow_prerelease:
            return [_warning("target-prerelease", message + "; installing it as allowed")]
        return [_error("target-prerelease", message + "; install a release, or allow pre-releases")]
    if want.status is Status.UNRELEASED:
        assert want.released is not None
        return [
            _error(
                "target-unreleased",
                f"{version} is released on {want.released.isoformat()}, after {on.isoformat()}",
            )
        ]
    if want.status is Status.UNKNOWN:
        return [
            _error(
                "target-unknown",
                f"{version} is not a release of {product.name} in the catalog"
                + _instead(product, want, on),
            )
        ]
    return []


def _instead(product: Product, want: VersionStatus, on: date) -> str:
    """'; the latest 5.0 release is 5.0.3': the nearest real release to offer instead."""
    if want.latest_in_line is not None:
        return f"; the latest {want.line} release is {want.latest_in_line}"
    released = [r for r in product.releases if r.date <= on]
    if released:
        return f"; the newest release on {on.isoformat()} is {released[-1].version}"
    return ""


def _direction(
    installed: Version, target: Version, kind: ReleaseKind, allow_downgrade: bool
) -> list[Finding]:
    if kind is ReleaseKind.NONE:
        return [_warning("reinstall", f"{target} is the installed version: a reinstall")]
    if kind is not ReleaseKind.DOWNGRADE:
        return []
    message = f"{target} is below the installed {installed}: a downgrade"
    if allow_downgrade:
        return [_warning("downgrade", message + ", as allowed")]
    return [_error("downgrade", message + "; install a version above it, or allow downgrades")]


def _line_status(product: Product, line: str, policy: Policy, on: date) -> LineStatus | None:
    for found in lines(product, policy, on):
        if found.line == line:
            return found
    return None


def _target_line(
    want: VersionStatus, policy: Policy, on: date, plan: UpgradePath, *, reinstall: bool
) -> list[Finding]:
    """Is the target's line still supported (§2, §7)? Checked for any target of an existing line.

    A reinstall moves nothing into the line: its End of Life is then a warning.
    """
    line = _line_status(want.product, want.line, policy, on)
    if line is None or line.eol is None:
        return []
    whose = _WHOSE.get(line.eol_source) if line.eol_source is not None else None
    eol = line.eol.isoformat() + (whose or "").format(major=line.line.split(".")[0])
    assert line.support_until is not None
    assert line.upgrade_until is not None
    support, upgrade = line.support_until.isoformat(), line.upgrade_until.isoformat()
    instead = _instead_of(plan, want.version)
    blocking = _warning if reinstall else _error
    if line.status is Status.UNSUPPORTED:
        return [
            blocking(
                "target-eol",
                f"line {line.line} is End of Life since {eol} and unsupported since "
                f"{_day_after(line.support_until)}; its upgrade window closed on {upgrade} "
                f"(§2, §7){instead}",
            )
        ]
    if line.status is Status.UPGRADE_WINDOW:
        return [
            blocking(
                "target-eol",
                f"line {line.line} is End of Life since {eol} and out of support since "
                f"{_day_after(line.support_until)}; customers on it have until {upgrade} to "
                f"upgrade (§2, §7){instead}",
            )
        ]
    if line.status is Status.SUPPORT_TAIL:
        return [
            _warning(
                "target-support-tail",
                f"line {line.line} is End of Life since {eol}; support continues until {support} "
                f"(§7){instead}",
            )
        ]
    return [
        _warning(
            "target-eol-scheduled",
            f"line {line.line} reaches End of Life on {eol}; support continues until {support} "
            "(§2, §7)",
        )
    ]


def _instead_of(plan: UpgradePath, target: Version) -> str:
    """'; install 5.1.2 instead (the way to 6.0.2: 5.1.2 > 6.0.2)': the planner's next hop."""
    hop = plan.next_hop
    if hop is None or hop == target:
        return ""
    assert plan.hops is not None
    text = f"; install {hop} instead"
    if len(plan.hops) > 1:
        text += f" (the way to {plan.target}: {plan})"
    return text


def _day_after(day: date) -> str:
    """The first day out of support: the day after the last day in (SPEC §3.1)."""
    return (day + timedelta(days=1)).isoformat()


# Whose End of Life ended the line, when not its own (SPEC §3.1: the earliest of the three).
_WHOSE = {
    EolSource.MAJOR: " (major {major}'s End of Life)",
    EolSource.PRODUCT: " (the product's End of Life)",
}


def _upgrade_path(
    product: Product, installed: Version, target: Version, on: date, plan: UpgradePath
) -> list[Finding]:
    """Does the installed version meet the target line's `upgrade_from` (SPEC §4.1)?

    Only a move into another line is checked: a version already on the target's line got there.
    The advice comes from the upgrade planner (SPEC §3.5): a release it names is one preflight
    allows.
    """
    if upgrade_allowed(product, installed, target):
        return []
    rule = upgrade_from_text(product, target.line)
    return [
        _error(
            "upgrade-path",
            f"line {target.line} can be installed only over versions {rule} "
            f"(upgrade_from in the catalog), and {installed} is not one; "
            + _stepping_stone(product, installed, target, on, plan),
        )
    ]


def _stepping_stone(
    product: Product, installed: Version, target: Version, on: date, plan: UpgradePath
) -> str:
    """What to install first, from the planner: on the way to the target, else to the current
    line; else why there is no way."""
    there = upgrade_path(product, installed, on, to=target)
    if there.hops:
        way = f" (the way: {there})" if len(there.hops) > 1 else ""
        return f"upgrade to {there.hops[0]} first{way}"
    if plan.hops:
        way = f"{plan}" if len(plan.hops) > 1 else f"{plan.hops[0]}"
        return (
            f"no way to {target} goes through lines that are not past their End of Life; "
            f"the way to the current line is {way} (§2)"
        )
    if plan.problem is NoPath.NOT_A_RELEASE:
        return f"no upgrade path is planned from it: {plan.reason}"
    return (
        f"no release above {installed} on {on.isoformat()} leads there through lines that are "
        "not past their End of Life"
    )


def _installed(product: Product, have: VersionStatus, on: date) -> list[Finding]:
    version = have.version
    if have.status is Status.PRERELEASE:
        return [
            _warning(
                "installed-prerelease",
                f"the installed {version} is a pre-release: the checks use its number only",
            )
        ]
    if have.status in (Status.UNKNOWN, Status.UNRELEASED):
        return [
            _warning(
                "installed-unknown",
                f"the installed {version} is not a release of {product.name} in the catalog "
                f"on {on.isoformat()}: the checks use its number only",
            )
        ]
    return []
