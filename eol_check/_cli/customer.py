"""`eol-check customer ID --db URL`: a customer's contracts, installed versions, and what each is
entitled to on the date per severity (SPEC §10, the twin of `GET /api/v1/customers/{id}`).

Exit 0 when it answered, 2 for an unknown customer, 3 when the database cannot be used.
"""

from __future__ import annotations

import argparse

from ._common import Context

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("customer", metavar="ID", help="the customer's id (any case)")
    parser.add_argument(
        "--db",
        metavar="URL",
        required=True,
        help="the contracts database: sqlite:///FILE (or a file name) or postgresql://…",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ..contracts import customer_contracts
    from ..report import Report
    from ..serve.database import open_store

    store = open_store(args.db)
    contracts, _ = customer_contracts(store.customer_rows(args.customer), args.customer)
    on = ctx.today
    report = Report(ctx.catalog(), ctx.policy(), on)
    answer: dict[str, Any] = {
        "customer": contracts[0].customer,
        "date": on,
        "contracts": [
            {"contract": c.as_json(on), "entitlement": report.row(c, store.name).as_json()}
            for c in contracts
        ],
    }
    if ctx.format == "json":
        ctx.emit_json(answer)
        return 0
    ctx.print(f"Customer {answer['customer']} on {on.isoformat()} ({store.name}):")
    for item in answer["contracts"]:
        c, e = item["contract"], item["entitlement"]
        scopes = ", ".join(f"{s} {e[s]}" for s in ("S1", "S2", "S3", "S4"))
        ctx.print(
            f"  {e['product']} {c['version']}: {e['status']}; contract {e['contract']}; {scopes}"
        )
    return 0
