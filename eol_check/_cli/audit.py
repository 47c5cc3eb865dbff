"""`eol-check audit --db URL [--customer ID] [--from DAY] [--to DAY]`: what the service answered
(SPEC §10, the twin of `GET /api/v1/audit`), oldest first.

Exit 0 when it answered (no rows is an answer), 2 for wrong input, 3 when the database cannot be
used.
"""

from __future__ import annotations

import argparse

from .._dates import parse_date
from ._common import Context


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        required=True,
        help="the service's database: sqlite:///FILE (or a file name) or postgresql://…",
    )
    parser.add_argument("--customer", metavar="ID", help="only the answers about this customer")
    parser.add_argument(
        "--from", metavar="YYYY-MM-DD", dest="since", help="only answers from this day on (UTC)"
    )
    parser.add_argument(
        "--to",
        metavar="YYYY-MM-DD",
        dest="until",
        help="only answers up to this day, inclusive (UTC)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ..serve.database import open_store

    since = parse_date(args.since, "--from") if args.since is not None else None
    until = parse_date(args.until, "--to") if args.until is not None else None
    rows = open_store(args.db).audit(args.customer, since, until)
    if ctx.format == "json":
        ctx.emit_json({"audit": rows})
        return 0
    for row in rows:
        who = row["token"] or row["address"] or "-"
        question = " ".join(f"{k}={_shown(v)}" for k, v in row["question"].items())
        ctx.print(
            f"{row['at']}  {_shown(who)}  {_shown(row['customer'] or '-')}  {row['status']}  "
            f"{question}  "
            f"answer {row['body_sha256'][:12]} catalog {row['catalog_sha256'][:12]} "
            f"policy {row['policy_sha256'][:12]}"
        )
    return 0


def _shown(text: str) -> str:
    """Text from a request, with control and format characters escaped (never raw on a terminal)."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
