"""Entitlement: what a customer on a version gets for an issue of a severity (§2, §3.6, §7).

`check_entitlement(status, severity, policy, contract=...)` is pure. The scope comes from the
status × severity table in the policy data (SPEC §3.3); a contract, when one is given, must also
be in force on the date and paid up (§1.3, §3.2), or the answer is `none`. Every reason cites
the policy section it comes from, so the answer can be pasted into a ticket as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._format import day
from .catalog import EolSource
from .policy import Scope, Status

if TYPE_CHECKING:

    from .contracts import Contract
    from .lifecycle import VersionStatus
    from .policy import Policy, Severity, SeverityTargets

__all__ = ["Entitlement", "Reason", "check_entitlement"]


@dataclass(frozen=True, slots=True)
class Reason:
    """One sentence of an answer, with the policy section it rests on."""

    section: str
    text: str

    def __str__(self) -> str:
        return f"{self.section}: {self.text}"


@dataclass(frozen=True, slots=True)
class Entitlement:
    """The answer for one version, severity and (optionally) customer on a date (SPEC §3.3)."""

    status: VersionStatus
    severity: Severity
    scope: Scope
    reasons: tuple[Reason, ...]
    lifecycle_scope: Scope  # the table's scope, before the contract is considered
    contract: Contract | None = None
    customer: str | None = None  # the customer asked about, with or without a contract

    @property
    def entitled(self) -> bool:
        """True exactly when the scope is not `none` (SPEC §3.3)."""
        return self.scope is not Scope.NONE

    @property
    def recommendation(self) -> str:
        """The upgrade to suggest, in one line (§2, §1.7)."""
        status = self.status
        version, target, latest = status.version.core, status.upgrade_to, status.latest_in_line
        if target is not None and target.line != status.line and target > version:
            return (
                f"upgrade to {target}, the latest release of the current line {target.line} (§2)"
            )
        if latest is not None and latest > version:
            return f"update to {latest}, the latest Maintenance Release of {status.line} (§1.7)"
        if target is None:
            return "none: no current line to upgrade to"
        return f"none: {version} is the latest release of its line"

    def as_json(self) -> dict[str, Any]:
        """The answer's JSON form: the version's status with the scope and reasons."""
        status = self.status
        contract = self.contract
        return {
            "product": status.product.id,
            "product_name": status.product.name,
            **status.as_json(),
            "severity": self.severity.value,
            "entitled": self.entitled,
            "scope": self.scope.value,
            "reasons": [{"section": r.section, "text": r.text} for r in self.reasons],
            "customer": None
            if self.customer is None
            else {
                "id": self.customer,
                "contract": None if contract is None else contract.as_json(status.date),
            },
        }


def check_entitlement(
    status: VersionStatus,
    severity: Severity,
    policy: Policy,
    *,
    contract: Contract | None = None,
    customer: str | None = None,
) -> Entitlement:
    """The entitlement of `status` (a version on a date) for an issue of `severity`.

    With `customer`, the customer's `contract` for the product must be given, in force on
    `status.date` and paid up (§1.3, §3.2); `customer` without a contract means the customer has
    none for this product: not entitled.
    """
    if contract is not None and customer is None:
        customer = contract.customer
    targets = policy.targets(severity)
    table_scope = policy.scope(status.status, severity)
    contract_reasons, contract_ok = _contract(status, contract, customer)
    scope = table_scope if contract_ok else Scope.NONE
    reasons = [
        *(r for r in contract_reasons if not contract_ok),
        *_lifecycle(status, policy),
        *(_scope(status, targets, table_scope, policy) if contract_ok else ()),
        *(r for r in contract_reasons if contract_ok),
        *_upgrade(status),
    ]
    return Entitlement(
        status=status,
        severity=severity,
        scope=scope,
        reasons=tuple(reasons),
        lifecycle_scope=table_scope,
        contract=contract,
        customer=customer,
    )


def _lifecycle(answer: VersionStatus, policy: Policy) -> list[Reason]:
    """Why the version has its status (SPEC §3.2)."""
    product = answer.product.name
    line, version = answer.line, answer.version
    eol, support, upgrade = answer.eol, answer.support_until, answer.upgrade_until
    tail, window = _months(policy.support_tail_months), _months(policy.upgrade_window_months)
    status = answer.status
    if status is Status.PRERELEASE:
        return [Reason("§1.4", f"{version} is a pre-release, never a generally available Version")]
    if status is Status.UNKNOWN:
        text = f"{version} is not a release of {product} in the catalog"
        if answer.latest_in_line is not None:
            text += f"; the latest {line} release is {answer.latest_in_line}"
        return [Reason("§1.4", text)]
    if status is Status.UNRELEASED:
        text = f"{version} is not released yet on {day(answer.date)}"
        if answer.released is not None:
            text += f": its release date is {day(answer.released)}"
        return [Reason("§1.4", text)]
    if status is Status.CURRENT:
        text = f"{line} is the most current Version line of {product}"
        return [Reason("§2(i)", text + _scheduled(answer))]
    if status is Status.SUPPORTED:
        text = f"{line} is a previous Version line, not End of Life on {day(answer.date)}"
        return [Reason("§2(ii)", text + _scheduled(answer))]
    assert eol is not None
    assert support is not None
    assert upgrade is not None
    declared = f"{_subject(answer)} was declared End of Life on {day(eol)}"
    if status is Status.SUPPORT_TAIL:
        return [
            Reason("§2", f"{declared}; customers have until {day(upgrade)} to upgrade"),
            Reason("§7", f"support continues until {day(support)}, {tail} after End of Life"),
        ]
    if status is Status.UPGRADE_WINDOW:
        return [
            Reason("§2", f"{declared}; customers have until {day(upgrade)} to upgrade"),
            Reason("§7", f"support ended on {day(support)}, {tail} after End of Life"),
        ]
    return [
        Reason("§2", f"{declared}; the {window} to upgrade ended on {day(upgrade)}"),
        Reason("§7", f"support ended on {day(support)}, {tail} after End of Life"),
    ]


def _scope(
    answer: VersionStatus, targets: SeverityTargets, scope: Scope, policy: Policy
) -> list[Reason]:
    """What the table's scope means for this severity (SPEC §3.3)."""
    severity = f"{targets.severity} ({targets.name})"
    if scope is Scope.FULL:
        return [
            Reason(
                "§2(i), §3.6",
                f"{severity} issues get the §3.6 response times; the fix "
                "comes as a hotfix or Maintenance Release",
            )
        ]
    if scope is Scope.WORKAROUND:
        return [
            Reason(
                "§2(iv)",
                "for earlier versions, fixes for S1/S2 may be a workaround or require an upgrade",
            )
        ]
    if scope is Scope.UPGRADE:
        return [
            Reason(
                "§2(iv)",
                f"fixes in earlier versions are for S1/S2 only: an {severity} "
                "issue gets a response under §3.6, and its resolution is an "
                "upgrade to a supported Version",
            )
        ]
    if answer.status in (Status.CURRENT, Status.SUPPORTED, Status.SUPPORT_TAIL):
        # The version is still looked after, but the table leaves this severity out.
        handled = [
            s.severity.value
            for s in policy.severities
            if policy.scope(answer.status, s.severity) is not Scope.NONE
        ]
        text = f"{answer.status} versions get no support for {severity} issues"
        if handled:
            text += f"; only {'/'.join(handled)} issues are handled"
        section = "§2(iv), §7" if answer.status is Status.SUPPORT_TAIL else "§2(iv)"
        return [Reason(section, text)]
    return []


def _contract(
    answer: VersionStatus, contract: Contract | None, customer: str | None
) -> tuple[list[Reason], bool]:
    """Reasons about the customer's contract (§1.3, §3.2, §7), and whether it entitles."""
    if customer is None:
        return [], True
    product = answer.product.name
    on = day(answer.date)
    if contract is None:
        return [
            Reason("§1.3", f"{customer} has no Maintenance and Support contract for {product}")
        ], False
    term = contract.term
    if not contract.in_force(answer.date):
        when = "has not started" if contract.start and answer.date < contract.start else "ended"
        return [
            Reason(
                "§1.3, §7",
                f"the contract of {customer} for {product} ({term}) is not in "
                f"force on {on}: it {when}",
            )
        ], False
    if not contract.is_paid_up:
        return [
            Reason(
                "§1.3, §3.2",
                f"{customer} is not fully paid up: Maintenance and Support "
                "Services go to fully paid-up customers only",
            )
        ], False
    reasons = [
        Reason("§1.3", f"the contract of {customer} for {product} ({term}) is in force on {on}")
    ]
    if contract.paid_up is None:
        reasons.append(
            Reason(
                "§1.3, §3.2",
                "the customers file does not record whether "
                f"{customer} is paid up: assumed paid up",
            )
        )
    else:
        reasons.append(Reason("§1.3, §3.2", f"{customer} is paid up"))
    return reasons, True


def _upgrade(answer: VersionStatus) -> list[Reason]:
    """Where to go from here: the line's latest Maintenance Release, the current line (§1.7, §2)."""
    version = answer.version.core
    target, latest = answer.upgrade_to, answer.latest_in_line
    reasons = []
    if latest is not None and latest > version:
        text = f"{latest} is the latest Maintenance Release of {answer.line}"
        reasons.append(Reason("§1.7", text))
    if target is None:
        if answer.status is not Status.CURRENT:
            reasons.append(
                Reason(
                    "§2",
                    f"{answer.product.name} has no current Version line to "
                    f"upgrade to on {day(answer.date)}",
                )
            )
    elif target.line != answer.line and target > version:
        reasons.append(
            Reason(
                "§2",
                f"upgrade to {target}, the latest release of the most "
                f"current Version line {target.line}",
            )
        )
    return reasons


def _subject(answer: VersionStatus) -> str:
    """What was declared End of Life: the line, its major, or the whole product (SPEC §3.1)."""
    if answer.eol_source is EolSource.MAJOR:
        return f"{answer.line} (with all of major version {answer.version.major})"
    if answer.eol_source is EolSource.PRODUCT:
        return f"{answer.line} (with the whole of {answer.product.name})"
    return answer.line


def _scheduled(answer: VersionStatus) -> str:
    if answer.eol is None:
        return ""
    return f"; its End of Life is scheduled for {day(answer.eol)}"


def _months(n: int) -> str:
    words = {6: "six months", 12: "12 months", 1: "one month"}
    return words.get(n, f"{n} months")

