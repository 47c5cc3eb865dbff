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
                                  `upgrade_from`
    warning target-support-tail   the target's line is End of Life, in its six-month support tail
    warning target-eol-scheduled  the target's line has an End of Life date still to come
    warning installed-unknown     the installed version is not a release in the catalog on the date
    warning installed-prerelease  the installed version is a pre-release
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ._specifiers import matches
from .catalog import EolSource, Product, Specifiers
from .classification import ReleaseKind, classify
from .findings import Finding, Level
from .lifecycle import LineStatus, VersionStatus, lines, version_status
from .policy import Policy, Status
from .version import Version

__all__ = ["Preflight", "check_preflight"]


@dataclass(frozen=True, slots=True)
class Preflight:
    """The answer of a preflight: the kind of the move, both sides' status, and the problems."""

    installed: VersionStatus
    target: VersionStatus
    kind: ReleaseKind  # the target after the installed version (SPEC §2.1)
    problems: tuple[Finding, ...]  # errors block the installation; warnings do not

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
    about_target = [
        *_target_release(product, want, on, allow_prerelease),
        *_direction(installed, target, kind, allow_downgrade),
        *_target_line(product, want, policy, on),
        *_upgrade_path(product, installed, target, on),
    ]
    problems = [
        *(replace(p, product=product.id, version=str(target)) for p in about_target),
        *(replace(p, product=product.id, version=str(installed))
          for p in _installed(product, have, on)),
    ]
    problems.sort(key=lambda p: not p.is_error)  # stable: errors first
    return Preflight(have, want, kind, tuple(problems))


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
    product: Product, want: VersionStatus, policy: Policy, on: date
) -> list[Finding]:
    """Is the target's line still supported (§2, §7)? Checked for any target of an existing line."""
    line = _line_status(product, want.line, policy, on)
    if line is None or line.eol is None:
        return []
    whose = _WHOSE.get(line.eol_source) if line.eol_source is not None else None
    eol = line.eol.isoformat() + (whose or "").format(major=line.line.split(".")[0])
    assert line.support_until is not None
    assert line.upgrade_until is not None
    support, upgrade = line.support_until.isoformat(), line.upgrade_until.isoformat()
    instead = f"; install {want.upgrade_to} instead" if want.upgrade_to is not None else ""
    if line.status is Status.UNSUPPORTED:
        return [
            _error(
                "target-eol",
                f"line {line.line} is End of Life since {eol} and unsupported since {support}; "
                f"its upgrade window closed on {upgrade} (§2, §7){instead}",
            )
        ]
    if line.status is Status.UPGRADE_WINDOW:
        return [
            _error(
                "target-eol",
                f"line {line.line} is End of Life since {eol} and out of support since {support}; "
                f"customers on it have until {upgrade} to upgrade (§2, §7){instead}",
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


# Whose End of Life ended the line, when not its own (SPEC §3.1: the earliest of the three).
_WHOSE = {
    EolSource.MAJOR: " (major {major}'s End of Life)",
    EolSource.PRODUCT: " (the product's End of Life)",
}


def _upgrade_path(
    product: Product, installed: Version, target: Version, on: date
) -> list[Finding]:
    """Does the installed version meet the target line's `upgrade_from` (SPEC §4.1)?

    Only a move into another line is checked: a version already on the target's line got there.
    """
    if installed.line == target.line:
        return []
    # The text as the catalog wrote it, matched without packaging where it is plain (looked up
    # in `texts`: Mapping.__contains__ and .get would build the SpecifierSet).
    specs = product.upgrade_from
    if isinstance(specs, Specifiers):
        text = specs.texts.get(target.line)
    else:
        spec = specs.get(target.line)
        text = str(spec) if spec is not None else None
    if text is None:
        return []

    def meets(version: Version) -> bool:
        plain = matches(text, version)
        if plain is not None:
            return plain
        from packaging.version import Version as Pep440

        # A pre-release counts as just below its release (4.3.0-rc.1 does not meet ">=4.3").
        pep440 = Pep440(str(version.core) + (".dev0" if version.is_prerelease else ""))
        return specs[target.line].contains(pep440, prereleases=True)

    if meets(installed):
        return []
    stepping = next(
        (r.version for r in product.releases if r.date <= on and r.version > installed
         and meets(r.version)),
        None,
    )
    advice = (
        f"upgrade to {stepping} or later first"
        if stepping is not None
        else f"no release above {installed} on {on.isoformat()} meets it"
    )
    return [
        _error(
            "upgrade-path",
            f"line {target.line} can be installed only over versions {text} "
            f"(upgrade_from in the catalog), and {installed} is not one; {advice}",
        )
    ]


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
