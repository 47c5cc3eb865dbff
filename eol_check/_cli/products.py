"""`eol-check products`: every product with its names, current line and next lifecycle change
(SPEC §5).

Exit 0 whenever it answered.
"""

from __future__ import annotations

import argparse

from .._format import printable
from ._common import Context


def configure(parser: argparse.ArgumentParser) -> None:
    del parser  # no arguments of its own: the global options (--catalog, --date …) apply


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ..products import product_summaries

    summaries = product_summaries(ctx.catalog(), ctx.policy(), ctx.today)
    if ctx.format == "json":
        ctx.emit_json({"date": ctx.today, "products": [s.as_json() for s in summaries]})
        return 0
    rows = [("ID", "NAME", "ALIASES", "CURRENT", "NEXT CHANGE")]
    for summary in summaries:
        change = summary.next_change
        rows.append(
            (
                printable(summary.product.id),
                printable(summary.product.name),
                printable(", ".join(summary.product.aliases) or "-"),
                printable(summary.current or "-"),
                f"{change.on.isoformat()}: {printable(change)}" if change is not None else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    ctx.print(f"Products on {ctx.today.isoformat()}:")
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        ctx.print("  ".join([*cells, row[4]]))
    return 0
