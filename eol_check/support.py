"""The answer of `eol-check check`: is a customer on a version entitled to support for an issue of
a severity, and by when is what owed (SPEC §3.3, §3.4)?

`check(...)` is pure: the catalog, the policy, the customer's contracts (already read), the moment
the issue was reported and the date are passed in. It resolves what the command line leaves open:

- the region (§1.2): the one asked for, else the customer's (their contract's), else the
  policy's first, and the answer says it was assumed (SPEC §3.4);
- the date, for contracts and lifecycle alike: `on` when given, else the calendar date in that
  region at `reported_at` (SPEC §3.2 "whose date": a contract ending 2026-11-30 is in force at
  21:00 that day in New York, when it is already December 1st in UTC);
- the customer's contract for the product: the one that answers for the date (`choose_contract`);
- the clock: per severity and the contract's coverage (SPEC §3.4: `coverage = 24x7` puts S1 and
  S2 on the 24/7 clock; otherwise support hours).

Which contract's region is "the customer's" when they have several for the product: the region of
the contract that answers on the UTC date (they nearly always share one); the date in that region
then chooses the contract that answers.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from ._record import Record
from .catalog import Catalog, Product
from .entitlement import Entitlement, check_entitlement
from .errors import PolicyError, UnknownName
from .lifecycle import version_status
from .policy import Coverage, Policy, Region, Severity
from .sla import DueIn, SlaDeadlines, sla_deadlines
from .version import Version

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any
    from zoneinfo import ZoneInfo

    from .contracts import Contract
    from .lifecycle import VersionStatus

__all__ = ["SupportAnswer", "check"]


class SupportAnswer(Record):
    """The entitlement, the SLA deadlines when entitled, and the region they were computed for."""

    entitlement: Entitlement
    sla: SlaDeadlines | None  # None when not entitled: no §3.6 response times apply
    region: Region
    region_assumed: bool  # no region asked for and none in the contract (SPEC §3.4)
    elsewhere: tuple[Contract, ...] = ()  # the customer's contracts for other products
    now: datetime.datetime | None = None  # when the answer is read: deadlines count down to it

    @property
    def entitled(self) -> bool:
        """True when some support is owed (SPEC §3.3)."""
        return self.entitlement.entitled

    @property
    def due_in(self) -> DueIn | None:
        """Minutes left to each deadline at `now`, negative once breached (None: no SLA, or no
        `now` given)."""
        if self.sla is None or self.now is None:
            return None
        return self.sla.due_in(self.now)

    def as_json(self, zone: ZoneInfo | None = None) -> dict[str, Any]:
        """The answer's JSON form (docs/check.md); with `zone`, the SLA's moments are repeated
        in that zone (the agent's, `sla.in_zone`)."""
        sla = None
        if self.sla is not None:
            sla = {**self.sla.as_json(self.now, zone), "region_assumed": self.region_assumed}
        return {
            **self.entitlement.as_json(),
            "sla": sla,
            "region": self.region.id,
            "region_assumed": self.region_assumed,
        }


def check(
    catalog: Catalog,
    policy: Policy,
    product: Product,
    version: Version,
    severity: Severity,
    reported_at: datetime.datetime,
    *,
    on: datetime.date | None = None,
    region: Region | None = None,
    customer: str | None = None,
    contracts: Sequence[Contract] = (),
    now: datetime.datetime | None = None,
    lifecycle: Callable[[Product, Version, Policy, datetime.date], VersionStatus] = version_status,
) -> SupportAnswer:
    """Is `version` of `product` entitled to support for an issue of `severity` reported at
    `reported_at` (aware), for `customer` with `contracts` (theirs, for any product)?

    `catalog` names the products the contracts are for; `region` defaults to the customer's,
    else the policy's first (assumed); `on` defaults to the date in that region at
    `reported_at`; `now` (aware), when given, is the moment the deadlines count down to.
    `lifecycle` is `version_status` or a memo of it (the service keeps one per data load).
    """
    if reported_at.tzinfo is None or reported_at.utcoffset() is None:
        raise ValueError(f"reported_at must be timezone-aware, got {reported_at}")
    mine = [c for c in contracts if _product_id(catalog, c.product) == product.id]
    if on is None:
        # SPEC §3.2 "whose date": the region's date; the customer's region is found on the
        # UTC date, then the region's own date chooses the contract.
        guess = _choose(mine, reported_at.astimezone(datetime.timezone.utc).date())
        on = _region(policy, region, guess)[0].date_at(reported_at)
    contract = _choose(mine, on)
    if customer is not None and contracts:
        customer = contracts[0].customer  # the id as the customers file spells it
    chosen, assumed = _region(policy, region, contract)
    answer = check_entitlement(
        lifecycle(product, version, policy, on),
        severity,
        policy,
        contract=contract,
        customer=customer,
    )
    sla = None
    if answer.entitled:
        # §3.6: special services (coverage 24x7) change the clock; only a contract buys them.
        coverage = contract.coverage if contract is not None else Coverage.BUSINESS
        sla = sla_deadlines(policy.targets(severity), chosen, reported_at, coverage)
    elsewhere = tuple(c for c in contracts if c not in mine)
    return SupportAnswer(answer, sla, chosen, assumed, elsewhere, now)


def _choose(contracts: Sequence[Contract], on: datetime.date) -> Contract | None:
    """`contracts.choose_contract`, imported only when there are contracts to choose from (the
    customers-file module is not needed to check a version without one)."""
    if not contracts:
        return None
    from .contracts import choose_contract

    return choose_contract(contracts, on)


def _region(policy: Policy, asked: Region | None, contract: Contract | None) -> tuple[Region, bool]:
    """The region of the SLA, and whether it was assumed (SPEC §3.4)."""
    if asked is not None:
        return asked, False
    if contract is not None and contract.region is not None:
        return policy.region(contract.region), False
    if not policy.regions:
        raise PolicyError("the policy defines no support region (§1.2): add [regions.ID]")
    # SPEC §3.4: "else the SLA part says which region it assumed"
    return policy.regions[0], True


def _product_id(catalog: Catalog, name: str) -> str | None:
    try:
        return catalog.product(name).id
    except UnknownName:
        return None
