"""The catalog as endoflife.date-style product data (SPEC §7, docs/endoflife.md).

Tools built on endoflife.date (xeol, norwegianblue, GitHub actions) read one object per product
with its release cycles, newest first. This module maps the lifecycle of each line on a date to
those fields; it derives no date itself but takes them from `lifecycle.lines`:

    releaseCycle       the line "MAJOR.MINOR"
    releaseDate        the line's first GA release
    eoas               the line's effective End of Life − 1 day: the last day of full support
    eol                support_until: the last day of support (§7: six months after End of Life)
    upgradeUntil       upgrade_until: the last day to upgrade (§2: 12 months); not endoflife.date's
    latest             the newest GA release of the line on the date
    latestReleaseDate  its date

The day convention: endoflife.date counts its own date as still in the period (`isEol` is
`today > eol`), so each date here is a *last day*: `eol` is support_until, not the End of Life
date the catalog records (from that day on a line is EOL, SPEC §3.1), and `eoas` is the day before
it. Where no End of Life is decided the three dates are `false`, as endoflife.date writes them.
Releases dated after the date are left out, and so are lines with no release by then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .catalog import Product
from .lifecycle import lines
from .policy import Policy

__all__ = ["Cycle", "cycles", "endoflife_data"]

_ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Cycle:
    """One release cycle (a Version line) in endoflife.date's terms; None where undecided."""

    release_cycle: str
    release_date: datetime.date
    eoas: datetime.date | None  # the last day before End of Life
    eol: datetime.date | None  # support_until: the last day of support (§7)
    upgrade_until: datetime.date | None  # the last day to upgrade (§2)
    latest: str
    latest_release_date: datetime.date

    def as_json(self) -> dict[str, Any]:
        """The cycle as endoflife.date writes it: ISO dates, `false` where no date is decided."""
        return {
            "releaseCycle": self.release_cycle,
            "releaseDate": self.release_date.isoformat(),
            "eoas": _date_or_false(self.eoas),
            "eol": _date_or_false(self.eol),
            "upgradeUntil": _date_or_false(self.upgrade_until),
            "latest": self.latest,
            "latestReleaseDate": self.latest_release_date.isoformat(),
        }


def cycles(product: Product, policy: Policy, on: datetime.date) -> list[Cycle]:
    """The release cycles of `product` on `on`, newest line first (lines released by then)."""
    result = []
    for line in lines(product, policy, on):
        # lines() fills latest_released for every line it returns; the field is optional only
        # for callers that build LineStatus by hand.
        assert line.latest_released is not None
        result.append(
            Cycle(
                release_cycle=line.line,
                release_date=line.released,
                eoas=line.eol - _ONE_DAY if line.eol is not None else None,
                eol=line.support_until,
                upgrade_until=line.upgrade_until,
                latest=str(line.latest),
                latest_release_date=line.latest_released,
            )
        )
    return result


def endoflife_data(
    products: Iterable[Product], policy: Policy, on: datetime.date
) -> dict[str, dict[str, Any]]:
    """endoflife.date-style data of `products` on `on`, keyed by product id (JSON-ready)."""
    return {
        product.id: {
            "name": product.name,
            "releases": [cycle.as_json() for cycle in cycles(product, policy, on)],
        }
        for product in products
    }


def _date_or_false(value: datetime.date | None) -> str | bool:
    return value.isoformat() if value is not None else False
