"""Every product of a catalog at a glance (SPEC §5 `products`): its names, its current line, and
the next change of its lifecycle after a date.

The next change is found by asking `lifecycle.lines` on each day a status can change (a line's
first release, its End of Life, the days after `support_until` and `upgrade_until`, SPEC §3.1)
and comparing with the answer on the date: the first day that differs, with every line whose
status changes that day.
"""

from __future__ import annotations

import datetime

from ._record import Record
from .catalog import Catalog, Product
from .lifecycle import current_line, lines, support_until, upgrade_until
from .policy import Policy, Status

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["LifecycleChange", "ProductSummary", "next_lifecycle_change", "product_summaries"]

_ONE_DAY = datetime.timedelta(days=1)


class LifecycleChange(Record):
    """The lines whose status changes on one day: (line, status before or None, status after)."""

    on: datetime.date
    lines: tuple[tuple[str, Status | None, Status], ...]

    def __str__(self) -> str:
        """'6.1 released (current), 6.0 supported'."""
        return ", ".join(
            f"{line} released ({after})" if before is None else f"{line} {after}"
            for line, before, after in self.lines
        )


class ProductSummary(Record):
    """A product on a date: its names, its current line (None: none) and its next change."""

    product: Product
    date: datetime.date
    current: str | None
    next_change: LifecycleChange | None

    def as_json(self) -> dict[str, Any]:
        """The JSON form of one product (docs/products.md)."""
        change = self.next_change
        return {
            "id": self.product.id,
            "name": self.product.name,
            "aliases": list(self.product.aliases),
            "current": self.current,
            "next_change": str(change) if change is not None else None,
            "next_change_on": change.on.isoformat() if change is not None else None,
        }


def product_summaries(catalog: Catalog, policy: Policy, on: datetime.date) -> list[ProductSummary]:
    """Every product of `catalog` on `on`, in catalog order."""
    result = []
    for product in catalog.products:
        current = current_line(product, on)
        result.append(
            ProductSummary(
                product=product,
                date=on,
                current=current.line if current is not None else None,
                next_change=next_lifecycle_change(product, policy, on),
            )
        )
    return result


def next_lifecycle_change(
    product: Product, policy: Policy, on: datetime.date
) -> LifecycleChange | None:
    """The first day after `on` on which a line's status changes, or None if none ever does."""
    days: set[datetime.date] = set()
    for line in product.lines:
        days.add(line.first_release)
        if line.eol is not None:
            days.update(
                (
                    line.eol,
                    support_until(line.eol, policy) + _ONE_DAY,
                    upgrade_until(line.eol, policy) + _ONE_DAY,
                )
            )
    before = {found.line: found.status for found in lines(product, policy, on)}
    for day in sorted(d for d in days if d > on):
        after = {found.line: found.status for found in lines(product, policy, day)}
        if after != before:
            changed = tuple(
                (line, before.get(line), status)
                for line, status in after.items()  # newest line first
                if before.get(line) is not status
            )
            return LifecycleChange(day, changed)
    return None
