"""The customer-base report: every contract's lifecycle, entitlement and next change.

One `ReportRow` per row of a customers file (SPEC §4.3): the version's status on the date and its
dates (SPEC §3.1–§3.2, exactly as `status` answers), the scope for each severity with the contract
included (SPEC §3.3: the table's scope when the contract is in force and paid up, §1.3, §3.2;
else none), what to upgrade to, and the next status the version will have and from which day.

What does not depend on the customer is an `Outlook` of the product, version and date; `Report`
keeps one per (product, version), so a million rows of a few hundred versions ask the lifecycle a
few hundred times. Everything here is a function of catalog, policy, date and the rows: reading
the file is `contracts`, writing the report is `eol_check._report_output`.

Decisions where the issue is silent (docs/report.md):
- `next_change` is the lifecycle status the version takes next, found by asking
  `version_status` on each day the answer can change (the version's release, a newer line's first
  release, the line's End of Life and the days after `support_until` and `upgrade_until`); a
  contract's start or end is not a status change. `unknown` and `prerelease` never change.
- Out of support: a row whose status is `unsupported` (§2, §7: both tails over), or whose
  contract does not entitle (not in force, not paid up). A line in its support tail or upgrade
  window still gets a response (SPEC §3.3 v2), so it is not out of support. `--horizon DAYS`
  keeps those, the rows whose status changes on or before date + DAYS, and every error row.
- `upgrade_path` is the planner's path (SPEC §3.5): in JSON the list of hops; in CSV and text
  the row's version, then each hop ("4.3.2 > 6.0.2"), empty when there is no path.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Iterator

from . import _format
from ._record import Record
from .errors import ContractsError, UnknownName
from .lifecycle import VersionStatus, support_until, upgrade_until, version_status
from .policy import Coverage, Policy, Scope, Severity, Status

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .catalog import Catalog, Product
    from .contracts import Contract
    from .upgrade import UpgradePath
    from .version import Version

__all__ = [
    "COLUMNS",
    "ContractState",
    "Outlook",
    "Report",
    "ReportRow",
    "next_change",
    "outlook",
]

#: The columns of a report row, in order (CSV header, JSON keys).
COLUMNS = (
    "customer",
    "product",
    "version",
    "line",
    "status",
    "eol",
    "support_until",
    "upgrade_until",
    "S1",
    "S2",
    "S3",
    "S4",
    "upgrade_to",
    "upgrade_path",
    "next_change",
    "next_change_on",
    "contract",
    "coverage",
    "error",
)

#: The status of a row that could not be read.
ERROR = "error"

_ONE_DAY = datetime.timedelta(days=1)
# The columns a row takes from its version's `VersionStatus.as_json()`.
_FROM_STATUS = ("line", "eol", "support_until", "upgrade_until", "upgrade_to", "upgrade_path")
_NO_SCOPES = (Scope.NONE,) * len(Severity)


class ContractState(str, enum.Enum):
    """Whether a contract entitles on the date (§1.3, §3.2, §7)."""

    IN_FORCE = "in-force"  # in force and paid up (or paid_up not recorded: assumed, as `check`)
    NOT_STARTED = "not-started"  # starts after the date
    ENDED = "ended"  # its last day in force is before the date
    UNPAID = "unpaid"  # in force, but the customer is not fully paid up (§1.3)

    def __str__(self) -> str:
        return self.value


def contract_state(contract: Contract, on: datetime.date) -> ContractState:
    """The state of `contract` on `on`: in force first (§7), then paid up (§1.3, §3.2)."""
    if contract.start is not None and on < contract.start:
        return ContractState.NOT_STARTED
    if contract.end is not None and contract.end < on:
        return ContractState.ENDED
    if not contract.is_paid_up:
        return ContractState.UNPAID
    return ContractState.IN_FORCE


class Outlook(Record):
    """What a report row owes to its product, version and date alone."""

    status: VersionStatus
    scopes: tuple[Scope, ...]  # S1..S4 by the entitlement table, before the contract (SPEC §3.3)
    next_change: Status | None  # the next status the version takes, if it ever changes
    next_change_on: datetime.date | None  # the first day of that status


def outlook(product: Product, version: Version, policy: Policy, on: datetime.date) -> Outlook:
    """The status, table scopes and next change of `version` of `product` on `on`."""
    answer = version_status(product, version, policy, on)
    change = next_change(product, version, policy, on, answer.status)
    return Outlook(
        status=answer,
        scopes=tuple(policy.scope(answer.status, severity) for severity in Severity),
        next_change=change[0] if change else None,
        next_change_on=change[1] if change else None,
    )


def next_change(
    product: Product,
    version: Version,
    policy: Policy,
    on: datetime.date,
    status: Status | None = None,
) -> tuple[Status, datetime.date] | None:
    """The next status of `version` after `on` and the day it starts, or None if none comes.

    The status only changes on a day the lifecycle's inputs change: so each such day after `on`
    is asked in order, through `version_status` itself, and the first different answer wins.
    """
    if status is None:
        status = version_status(product, version, policy, on, plan=False).status
    if status in (Status.UNKNOWN, Status.PRERELEASE):  # no date turns these into a release
        return None
    days: set[datetime.date] = {line.first_release for line in product.lines}  # a newer line
    release = product.release(version.base)  # SPEC §2: a hotfix is released with its base
    if release is not None and not version.is_prerelease:
        days.add(release.date)
    line = product.line(version.line)
    if line is not None and line.eol is not None:
        support, upgrade = support_until(line.eol, policy), upgrade_until(line.eol, policy)
        days.update((line.eol, support + _ONE_DAY, upgrade + _ONE_DAY))
    for day in sorted(d for d in days if d > on):
        later = version_status(product, version, policy, day, plan=False).status
        if later is not status:
            return later, day
    return None


class ReportRow(Record):
    """One row of the report: a contract's answer, or a row that could not be read."""

    customer: str | None
    product: str  # the product's id; as written in the file for an error row
    version: str  # the version as understood; as written for an error row
    outlook: Outlook | None  # None for an error row
    contract: ContractState | None  # None for an error row
    scopes: tuple[Scope, ...]  # S1..S4 with the contract included; all none for an error row
    error: str | None = None  # the error, naming the file and line
    line: int = 0  # where the row is in its file
    coverage: Coverage | None = None  # the contract's (SPEC §4.3); None for an error row

    @property
    def status(self) -> str:
        """The lifecycle status (a `Status` value), or "error"."""
        return self.outlook.status.status.value if self.outlook is not None else ERROR

    @property
    def out_of_support(self) -> bool:
        """True when the version is `unsupported` (§2, §7: both tails over) or the contract does
        not entitle (§1.3, §3.2); error rows too. A line in its support tail or upgrade window
        is still supported in part (SPEC §3.3 v2)."""
        if self.outlook is None or self.contract is not ContractState.IN_FORCE:
            return True
        return self.outlook.status.status is Status.UNSUPPORTED

    @property
    def upgrade_path(self) -> UpgradePath | None:
        """The planner's path from the row's version (SPEC §3.5); None for an error row."""
        return self.outlook.status.upgrade_path if self.outlook is not None else None

    def changes_by(self, day: datetime.date) -> bool:
        """True when the status changes on or before `day`."""
        change = self.outlook.next_change_on if self.outlook is not None else None
        return change is not None and change <= day

    def as_json(self) -> dict[str, Any]:
        """The row's JSON form (docs/report.md), keys in COLUMNS order, None (null) where absent:
        the version's fields are those of its `VersionStatus.as_json()` (`upgrade_path` the list
        of hops, `[]` on the latest release, null with no path)."""
        o = self.outlook
        answer = o.status.as_json() if o is not None else dict.fromkeys(_FROM_STATUS)
        return {
            "customer": self.customer,
            "product": self.product,
            "version": self.version,
            "line": answer["line"],
            "status": self.status,
            "eol": answer["eol"],
            "support_until": answer["support_until"],
            "upgrade_until": answer["upgrade_until"],
            **{
                severity.value: scope.value if o is not None else None
                for severity, scope in zip(Severity, self.scopes, strict=True)
            },
            "upgrade_to": answer["upgrade_to"],
            "upgrade_path": answer["upgrade_path"],
            "next_change": _format.text(o.next_change if o is not None else None),
            "next_change_on": _format.iso(o.next_change_on if o is not None else None),
            "contract": _format.text(self.contract),
            "coverage": _format.text(self.coverage),
            "error": self.error,
        }

    def values(self) -> dict[str, str | None]:
        """The row's cells (CSV, text): `as_json()` with the upgrade path written as the row's
        version and then each hop ('4.3.2 > 6.0.2'; the version alone on the latest release;
        None with no path)."""
        values = self.as_json()
        path = values["upgrade_path"]
        values["upgrade_path"] = " > ".join([self.version, *path]) if path is not None else None
        return values


def report_row(contract: Contract, answer: Outlook, on: datetime.date) -> ReportRow:
    """The report row of `contract` whose product and version have `answer` on `on`."""
    return answer_row(
        answer,
        str(contract.version),
        contract_state(contract, on),
        contract.customer,
        contract.line,
        contract.coverage,
    )


def answer_row(
    answer: Outlook,
    version: str,
    state: ContractState,
    customer: str | None = None,
    line: int = 0,
    coverage: Coverage = Coverage.BUSINESS,
) -> ReportRow:
    """The report row of a contract in `state` with `coverage` for a version (as written:
    `version`) whose product and version have `answer`."""
    return ReportRow(
        customer=customer,
        product=answer.status.product.id,
        version=version,
        outlook=answer,
        contract=state,
        # SPEC §3.3: with a contract, it must be in force and paid up, or the answer is none.
        scopes=answer.scopes if state is ContractState.IN_FORCE else _NO_SCOPES,
        line=line,
        coverage=coverage,
    )


def error_row(error: str, line: int, customer: str | None, product: str, version: str) -> ReportRow:
    """The report row of a row that could not be read: status "error", kept in the output."""
    return ReportRow(
        customer=customer,
        product=product,
        version=version,
        outlook=None,
        contract=None,
        scopes=_NO_SCOPES,
        error=error,
        line=line,
    )


class Report:
    """The report of a catalog and policy on a date; one `Outlook` per product and version."""

    def __init__(self, catalog: Catalog, policy: Policy, on: datetime.date) -> None:
        self.catalog = catalog
        self.policy = policy
        self.on = on
        self._products: dict[str, Product | UnknownName] = {}
        self._outlooks: dict[tuple[str, Version], Outlook] = {}

    def product(self, name: str) -> Product | UnknownName:
        """The catalog's product `name` names, or the UnknownName error (remembered)."""
        found = self._products.get(name)
        if found is None:
            try:
                found = self.catalog.product(name)
            except UnknownName as exc:
                found = exc
            if len(self._products) >= 10_000:  # a file of many misspellings: memory stays flat
                self._products.clear()
            self._products[name] = found
        return found

    def outlook(self, product: Product, version: Version) -> Outlook:
        """The outlook of `version` of `product` on the report's date (computed once)."""
        key = (product.id, version)
        found = self._outlooks.get(key)
        if found is None:
            if len(self._outlooks) >= 100_000:
                self._outlooks.clear()
            found = self._outlooks[key] = outlook(product, version, self.policy, self.on)
        return found

    def row(self, contract: Contract, source: str = "") -> ReportRow:
        """The report row of one contract; an unknown product makes an error row."""
        product = self.product(contract.product)
        if isinstance(product, UnknownName):
            where = f"{source}:{contract.line}: " if source else ""
            return error_row(
                f"{where}product: {product}",
                contract.line,
                contract.customer,
                contract.product,
                str(contract.version),
            )
        return report_row(contract, self.outlook(product, contract.version), self.on)

    def rows(
        self, rows: Iterable[tuple[int, Contract | ContractsError]], source: str = ""
    ) -> Iterator[ReportRow]:
        """A report row for each (line, contract or error) of `contracts.iter_contracts`."""
        for line, row in rows:
            if isinstance(row, ContractsError):
                # SPEC: an error row shows the product and version as the file wrote them.
                yield error_row(str(row), line, row.customer, row.product or "", row.version or "")
            else:
                yield self.row(row, source)
