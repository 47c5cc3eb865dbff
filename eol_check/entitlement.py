"""Entitlement: what a customer on a version gets for an issue of a severity (§2, §3.6, §7).

`check_entitlement(status, severity, policy, contract=...)` is pure. The scope comes from the
status × severity table in the policy data (SPEC §3.3); a contract, when one is given, must also
be in force on the date and paid up (§1.3, §3.2), or the answer is `none`. Every reason cites
the policy section it comes from, so the answer can be pasted into a ticket as it is.
"""

from __future__ import annotations

from ._format import day
from ._record import Record
from .catalog import EolSource
from .policy import Scope, Status
from .upgrade import NoPath, upgrade_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .contracts import Contract
    from .lifecycle import VersionStatus
    from .policy import Policy, Severity, SeverityTargets

__all__ = ["Entitlement", "Reason", "check_entitlement"]


class Reason(Record):
    """One sentence of an answer, with the policy section it rests on."""

    section: str
    text: str

    def __str__(self) -> str:
        return f"{self.section}: {self.text}"


class Entitlement(Record):
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
    def headline(self) -> str:
        """The answer in its first words, as a customer may read it pasted into a ticket:
        'ENTITLED (workaround)', 'NOT ENTITLED (upgrade window): support ended …; upgrade by …'
        (SPEC v3 §3.3), 'UNKNOWN VERSION: 6.0.5 is not a release of …' or 'NOT ENTITLED'."""
        status = self.status
        if self.entitled:
            return f"ENTITLED ({self.scope.value})"
        if status.status is Status.UPGRADE_WINDOW:
            # §7: the term has ended; §2: the time left to upgrade comes first
            return (
                f"NOT ENTITLED (upgrade window): support ended {day(status.support_until)}; "
                f"upgrade by {day(status.upgrade_until)}"
            )
        if status.status is Status.UNKNOWN:  # a typo must not read as a verdict on the customer
            text = f"UNKNOWN VERSION: {status.version} is not a release of {status.product.name}"
            if status.latest_in_line is not None:
                return f"{text}; the latest of line {status.line} is {status.latest_in_line}"
            if status.upgrade_to is not None:
                return f"{text}; the latest release is {status.upgrade_to}"
            return text
        return "NOT ENTITLED"

    @property
    def recommendation(self) -> str:
        """The upgrade to suggest, in one line: the planner's path (SPEC §3.5), so that the text
        says what the JSON's `upgrade_path` and `upgrade_to` say."""
        status = self.status
        path = status.upgrade_path or upgrade_path(status.product, status.version, status.date)
        if path.hops is None:
            assert path.reason is not None
            if path.problem is NoPath.BLOCKED:
                return f"no upgrade path: {path.reason} ({path.section})"
            return f"none: {path.reason} ({path.section})"
        if not path.hops:
            assert path.target is not None
            target, version = path.target, status.version
            what = f"a hotfix of {target}, " if version.is_hotfix else ""
            return f"none: {version} is {what}the latest release of the current line {target.line}"
        target = path.hops[-1]
        if len(path.hops) > 1:
            return (
                f"upgrade to {target}, the latest release of the current line {target.line}, in "
                f"{len(path.hops)} steps: {path} (§2; each step allowed by upgrade_from)"
            )
        if target.line == status.line:
            return f"update to {target}, the latest Maintenance Release of {target.line} (§1.7)"
        return f"upgrade to {target}, the latest release of the current line {target.line} (§2)"

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
    path = answer.upgrade_path
    if status in (Status.PRERELEASE, Status.UNKNOWN, Status.UNRELEASED):
        # §1.4: not a generally available Version; the planner's reason names the nearest release.
        if path is not None and path.problem is NoPath.NOT_A_RELEASE and path.reason:
            return [Reason("§1.4", path.reason)]
        return [Reason("§1.4", f"{version} is not a generally available release of {product}")]
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
    until = f"customers have until {day(upgrade)} to upgrade"
    if not _has_target(answer):  # no "until … to upgrade" next to "nothing to upgrade to"
        until = f"{product} has no later Version to upgrade to"
    if status is Status.SUPPORT_TAIL:
        return [
            Reason("§2", f"{declared}; {until}"),
            Reason("§7", f"support continues until {day(support)}, {tail} after End of Life"),
        ]
    if status is Status.UPGRADE_WINDOW:
        return [
            Reason("§2", f"{declared}; {until}"),
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
        return [_upgrade_scope(answer, severity, policy)]
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
        # Not in force: the date is before the start or after the end (loaders refuse an end
        # before the start), so a date equal to the start never comes here.
        early = contract.start is not None and answer.date < contract.start  # pragma: no mutate
        when = "has not started" if early else "ended"
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


def _upgrade_scope(answer: VersionStatus, severity: str, policy: Policy) -> Reason:
    """What the `upgrade` scope gives, and until when (SPEC §3.3 v2: §2, §7, §1.3(d))."""
    owed = (
        f"an {severity} issue gets a response under §3.6; the resolution is an upgrade to a "
        "supported Version"
    )
    if not _has_target(answer):
        return Reason(
            "§2",
            f"an {severity} issue gets a response under §3.6; the resolution would be an "
            f"upgrade, but {answer.product.name} has no supported Version to upgrade to",
        )
    if answer.status is Status.UPGRADE_WINDOW:
        window = _months(policy.upgrade_window_months)
        return Reason(
            "§2",
            f"within the {window} customers have to upgrade, {owed} — you have until "
            f"{day(answer.upgrade_until)} to upgrade",
        )
    if answer.status is Status.SUPPORT_TAIL:
        return Reason(
            "§2(iv), §7",
            f"§7 continues support until {day(answer.support_until)}, and fixes in earlier "
            f"versions are for S1/S2 only: {owed} — you have until "
            f"{day(answer.upgrade_until)} to upgrade",
        )
    return Reason("§2(iv)", f"fixes in earlier versions are for S1/S2 only: {owed}")


def _upgrade(answer: VersionStatus) -> list[Reason]:
    """Where to go from here: the line's latest Maintenance Release, and the planner's path to the
    current line (§1.7, §2; SPEC §3.5)."""
    version = answer.version.base
    latest = answer.latest_in_line
    reasons = []
    if latest is not None and latest > version:
        text = f"{latest} is the latest Maintenance Release of {answer.line}"
        reasons.append(Reason("§1.7", text))
    path = answer.upgrade_path
    if path is None or not path.hops:
        if path is not None and path.problem in (NoPath.NO_TARGET, NoPath.BLOCKED):
            assert path.reason is not None
            assert path.section is not None  # the planner cites §2 for both
            reasons.append(Reason(path.section, path.reason))
        return reasons
    target = path.hops[-1]
    if len(path.hops) > 1:
        text = (
            f"upgrade path to {target}, the latest release of the most current Version line "
            f"{target.line}: {path} (each step allowed by the catalog's upgrade_from, none into "
            "a line past its End of Life)"
        )
        reasons.append(Reason("§2", text))
    elif target.line != answer.line:  # within the line, the §1.7 reason above says it
        text = f"upgrade to {target}, the latest release of the most current Version line"
        reasons.append(Reason("§2", f"{text} {target.line}"))
    return reasons


def _has_target(answer: VersionStatus) -> bool:
    """False when the planner finds nothing to upgrade to (no current line, SPEC §3.5)."""
    path = answer.upgrade_path
    return path is None or path.problem is not NoPath.NO_TARGET


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
    words = {6: "six months", 1: "one month"}
    return words.get(n, f"{n} months")
