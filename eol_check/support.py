"""The answer of `eol-check check`: is a customer on a version entitled to support for an issue of
a severity, and by when is what owed (SPEC §3.3, §3.4)?

`check(...)` is pure: the catalog, the policy, the customer's contracts (already read), the moment
the issue was reported and the date are passed in. It resolves what the command line leaves open:

- the lifecycle date: `on` when given, else the UTC day of `reported_at` (SPEC §3.1: UTC);
- the customer's contract for the product: the one that answers for the date (`choose_contract`);
- the region (§1.2): the one asked for, else the contract's, else the policy's first, and the
  answer says it was assumed (SPEC §3.4).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog, Product
from .contracts import Contract, choose_contract
from .entitlement import Entitlement, check_entitlement
from .errors import PolicyError, UnknownName
from .lifecycle import version_status
from .policy import Policy, Region, Severity
from .sla import SlaDeadlines, sla_deadlines
from .version import Version

__all__ = ["SupportAnswer", "check"]


@dataclass(frozen=True, slots=True)
class SupportAnswer:
    """The entitlement, the SLA deadlines when entitled, and the region they were computed for."""

    entitlement: Entitlement
    sla: SlaDeadlines | None  # None when not entitled: no §3.6 response times apply
    region: Region
    region_assumed: bool  # no region asked for and none in the contract (SPEC §3.4)
    elsewhere: tuple[Contract, ...] = ()  # the customer's contracts for other products

    @property
    def entitled(self) -> bool:
        """True when some support is owed (SPEC §3.3)."""
        return self.entitlement.entitled

    def as_json(self) -> dict[str, Any]:
        """The answer's JSON form (docs/check.md)."""
        sla = None
        if self.sla is not None:
            sla = {**self.sla.as_json(), "region_assumed": self.region_assumed}
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
) -> SupportAnswer:
    """Is `version` of `product` entitled to support for an issue of `severity` reported at
    `reported_at` (aware), for `customer` with `contracts` (theirs, for any product)?

    `catalog` names the products the contracts are for; `on` defaults to the UTC day of
    `reported_at`; `region` defaults to the contract's, else the policy's first (assumed).
    """
    if on is None:
        on = reported_at.astimezone(datetime.timezone.utc).date()
    mine = [c for c in contracts if _product_id(catalog, c.product) == product.id]
    contract = choose_contract(mine, on)
    if customer is not None and contracts:
        customer = contracts[0].customer  # the id as the customers file spells it
    chosen, assumed = _region(policy, region, contract)
    answer = check_entitlement(
        version_status(product, version, policy, on),
        severity,
        policy,
        contract=contract,
        customer=customer,
    )
    sla = sla_deadlines(policy.targets(severity), chosen, reported_at) if answer.entitled else None
    elsewhere = tuple(c for c in contracts if c not in mine)
    return SupportAnswer(answer, sla, chosen, assumed, elsewhere)


def _region(
    policy: Policy, asked: Region | None, contract: Contract | None
) -> tuple[Region, bool]:
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
