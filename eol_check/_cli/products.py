"""`eol-check products`: every product with its names, current line and next lifecycle change
(SPEC §5).

Exit 0 whenever it answered.
"""

from __future__ import annotations

import argparse

from .. import _table
from .._format import printable
from ._common import Context

FORMATS = ("text", "json", "markdown", "csv")

_HEADER = ("ID", "NAME", "ALIASES", "CURRENT", "NEXT CHANGE")
_DROP_FIRST = (2, 1)  # ALIASES, then NAME: the id and what changes next stay
_CSV_HEADER = ("id", "name", "aliases", "current", "next_change", "next_change_on")  # JSON keys


def configure(parser: argparse.ArgumentParser) -> None:
    # The global options (--catalog, --date …) apply; --wide is the table's own.
    parser.add_argument(
        "--wide",
        action="store_true",
        help="show every column, however narrow the terminal (a pipe always gets every column)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ..products import product_summaries

    summaries = product_summaries(ctx.catalog(), ctx.policy(), ctx.today)
    if ctx.format == "json":
        ctx.emit_json({"date": ctx.today, "products": [s.as_json() for s in summaries]})
        return 0
    if ctx.format == "csv":
        rows = []
        for summary in summaries:
            data = summary.as_json()
            data["aliases"] = "; ".join(data["aliases"])
            rows.append([data[key] or "" for key in _CSV_HEADER])
        _table.csv_table(_CSV_HEADER, rows, ctx.stdout)
        return 0
    table = []
    for summary in summaries:
        change = summary.next_change
        table.append(
            [
                printable(summary.product.id),
                printable(summary.product.name),
                printable(", ".join(summary.product.aliases) or "-"),
                printable(summary.current or "-"),
                f"{change.on.isoformat()}: {printable(change)}" if change is not None else "-",
            ]
        )
    if ctx.format == "markdown":
        ctx.print(f"**Products on {ctx.today.isoformat()}**")
        ctx.print()
        header = ["Id", "Name", "Aliases", "Current", "Next change"]
        _table.markdown_table(header, table, ctx.stdout)
        return 0
    widths = [max(_table.display_width(row[i]) for row in [_HEADER, *table]) for i in range(5)]
    shown = _table.fit(widths, _DROP_FIRST, _table.available_width(ctx.stdout, args.wide))
    ctx.print(f"Products on {ctx.today.isoformat()}:")
    for row in [list(_HEADER), *table]:
        ctx.print("  ".join(_table.pad(row[i], widths[i]) for i in shown).rstrip())
    return 0
