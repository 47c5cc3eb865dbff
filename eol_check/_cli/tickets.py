"""`eol-check tickets FILE`: were §3.6's response and update times kept? (SPEC §9, docs/tickets.md)

A report: exit 0 whenever it answered, 2 when the log, its map or an option cannot be read.
Rows that cannot be judged are named on stderr with file and line (the first few, then a
count) and counted under `not_judged`, never as met. numpy (the batch clock) is the `tickets`
extra, imported here only.
"""

from __future__ import annotations

import argparse

from .._format import printable
from .._table import inert_cell
from ..errors import InputError
from ._common import Context, path_arg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..tickets.attainment import Attainment, Judgement

FORMATS = ("text", "json", "csv")
#: Rows that cannot be judged named one by one on stderr; the rest are counted.
NAMED = 20
EXTRA = "pip install 'eol-support-check[tickets]'"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the ticket log: CSV, or JSON Lines (.jsonl)")
    parser.add_argument(
        "--customers",
        metavar="FILE",
        type=path_arg,
        help="the customers (contracts) file: entitlement per contract in force (SPEC §4.3)",
    )
    parser.add_argument(
        "--map",
        metavar="FILE",
        type=path_arg,
        help="a TOML map renaming an export's columns and mapping its values (docs/tickets.md)",
    )
    parser.add_argument("--from", dest="first", metavar="DATE", help="tickets reported on or after")
    parser.add_argument("--to", dest="last", metavar="DATE", help="tickets reported on or before")
    parser.add_argument(
        "--by",
        choices=("month", "severity", "region", "customer", "ticket"),
        default="month",
        help="group by (default: month); 'ticket' gives one record per ticket",
    )
    parser.add_argument(
        "--now",
        metavar="ISO",
        help="the moment open tickets are judged at (default: now): a date-time with offset",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import datetime, timezone
    from pathlib import Path

    from .._dates import parse_date
    from ..sla import parse_reported_at

    try:
        from ..tickets.attainment import Attainment, judge_chunks
        from ..tickets.ticket_log import TicketMap, read_chunks
    except ImportError as exc:
        raise InputError(f"tickets needs numpy ({exc.name} is missing): {EXTRA}") from None
    first = parse_date(args.first, "--from") if args.first else None
    last = parse_date(args.last, "--to") if args.last else None
    now = parse_reported_at(args.now, "--now") if args.now else datetime.now(timezone.utc)
    ticket_map = TicketMap.load(args.map) if args.map else TicketMap({}, {}, {})
    contracts = None
    bad_contracts = []
    if args.customers is not None:
        from ..contracts import iter_contracts
        from ..errors import ContractsError

        contracts = []
        for _, row in iter_contracts(args.customers, policy=ctx.policy()):
            if isinstance(row, ContractsError):
                bad_contracts.append(row)
                ctx.warn(f"{printable(str(row))} (that customer's tickets are not judged)")
            else:
                contracts.append(row)
    zone = None
    if ticket_map.timezone:
        from ..policy import zone_info

        zone = zone_info(ticket_map.timezone)
    path = Path(args.file)
    chunks = judge_chunks(
        read_chunks(path, ticket_map),
        ctx.catalog(),
        ctx.policy(),
        now,
        contracts=contracts,
        bad_contracts=bad_contracts,
        zone=zone,
        first=first,
        last=last,
    )
    named = [0]

    def noted(j: Judgement) -> Judgement:
        if j.not_judged is not None:
            named[0] += 1
            if named[0] <= NAMED:
                ctx.warn(f"{path}:{j.line}: not judged: {printable(j.not_judged)}")
        return j

    total = Attainment()
    if args.by == "ticket":
        _tickets(ctx, (noted(j) for c in chunks for j in c.judgements()), total)
    else:
        groups: dict[str, Attainment] = {}

        def group(key: str) -> Attainment:
            found = groups.get(key)
            if found is None:
                found = groups[key] = Attainment()
            return found

        # The tickets judged in bulk are counted a group at a time (Attainment.add_chunk).
        for chunk in chunks:
            for position in sorted(chunk.slow):
                j = noted(chunk.slow[position])
                total.add(j)
                group(j.key(args.by)).add(j)
            total.add_chunk(chunk)
            Attainment.add_groups(chunk, args.by, groups)
        _groups(ctx, args.by, groups, total)
    if named[0] > NAMED:
        ctx.warn(f"{path}: {named[0] - NAMED:,} more rows not judged (counted in not_judged)")
    return 0


def _cell(text: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (None as an empty cell)."""
    return inert_cell("" if text is None else str(text))


COLUMNS = (
    "tickets",
    "owed",
    "not_owed",
    "not_judged",
    "open",
    "response_met",
    "response_breached",
    "response_attainment",
    "updates_met",
    "updates_breached",
    "updates_attainment",
    "workaround_target_met",
    "workaround_target_missed",
    "median_response_minutes",
    "p90_response_minutes",
)


def _groups(ctx: Context, by: str, groups: dict[str, Attainment], total: Attainment) -> None:
    ordered = sorted(groups.items())
    if ctx.format == "json":
        ctx.emit_json(
            {
                "by": by,
                "groups": [{by: key, **group.as_json()} for key, group in ordered],
                "total": total.as_json(),
            }
        )
        return
    if ctx.format == "csv":
        import csv

        writer = csv.writer(ctx.stdout, lineterminator="\n")
        writer.writerow((by, *COLUMNS, "worst"))
        for key, group in [*ordered, ("total", total)]:
            data = group.as_json()
            worst = "; ".join(
                f"{w['ticket']} {w['what']} +{w['late_minutes']} min" for w in data["worst"]
            )
            writer.writerow((_cell(key), *(_cell(_plain(data[c])) for c in COLUMNS), _cell(worst)))
        return
    header = (by, "tickets", "owed", "response", "updates", "median", "p90", "not judged")
    rows = [header]
    for key, group in [*ordered, ("total", total)]:
        rows.append(
            (
                printable(key)[:40],
                str(group.tickets),
                str(group.owed),
                _ratio(group.response_met, group.response_breached),
                _ratio(group.updates_met, group.updates_breached),
                _minutes(group.percentile(50)),
                _minutes(group.percentile(90)),
                str(group.not_judged),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for n, row in enumerate(rows):
        rest = (c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))
        cells = [row[0].ljust(widths[0]), *rest]
        ctx.print("  ".join(cells).rstrip())
        if n == 0 or n == len(rows) - 2:
            ctx.print("  ".join("-" * w for w in widths))
    ctx.print()
    ctx.print(
        "response, updates: met of judged (attainment, §3.6: a guarantee of communication "
        "timeframes); median, p90: response in business minutes (elapsed on 24x7)"
    )
    if total.worst:
        ctx.print("worst breaches:")
        for late, ticket, what in sorted(total.worst, reverse=True):
            ctx.print(f"  {printable(ticket)[:60]} {what}: {late:,} min late")


def _tickets(ctx: Context, judgements: Iterable[Judgement], total: Attainment) -> None:
    if ctx.format == "json":  # JSON Lines: one object per ticket, streamed
        import json

        for j in judgements:
            total.add(j)
            ctx.stdout.write(json.dumps(j.as_json(), ensure_ascii=False) + "\n")
        return
    if ctx.format == "csv":
        import csv

        writer = csv.writer(ctx.stdout, lineterminator="\n")
        columns = (
            "ticket",
            "customer",
            "line",
            "severity",
            "region",
            "owed",
            "clock",
            "reported_at",
            "response_due",
            "response_at",
            "response_met",
            "response_late_minutes",
            "response_minutes",
            "updates_met",
            "updates_breached",
            "workaround_target_met",
            "reason",
            "not_judged",
        )
        writer.writerow(columns)
        for j in judgements:
            total.add(j)
            data = j.as_json()
            data["updates_met"] = sum(1 for u in j.updates if u.met)
            data["updates_breached"] = sum(1 for u in j.updates if not u.met)
            writer.writerow(tuple(_cell(_plain(data[c])) for c in columns))
        return
    for j in judgements:
        total.add(j)
        ctx.print(_ticket_line(j))


def _ticket_line(j: Judgement) -> str:
    name = printable(j.ticket or f"line {j.line}")[:40]
    if j.not_judged is not None:
        return f"{name}: NOT JUDGED (line {j.line}): {printable(j.not_judged)}"
    if not j.owed:
        return f"{name}: NOT OWED: {printable(j.reason or '')}"
    data = j.as_json()
    if j.response_met is None:
        response = f"response open, due {data['response_due']}"
        if j.response_due is not None and data["response_at"] is None and "first" not in data:
            response = f"response due {data['response_due']} (open)"
    elif j.response_met:
        response = f"response met ({data['response_at']} ≤ {data['response_due']})"
    else:
        response = f"response BREACHED by {j.response_late:,} min (due {data['response_due']})"
    updates = ""
    if j.updates:
        met = sum(1 for u in j.updates if u.met)
        updates = f"; updates {met}/{len(j.updates)} met"
    target = ""
    if j.workaround_target_met is not None:
        target = "; workaround target " + ("met" if j.workaround_target_met else "missed")
    return f"{name} ({j.severity}, {j.clock} clock): {response}{updates}{target}"


def _plain(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    return value


def _ratio(met: int, breached: int) -> str:
    if met + breached == 0:
        return "-"
    return f"{met}/{met + breached} {met / (met + breached):.1%}"


def _minutes(value: int | None) -> str:
    return "-" if value is None else f"{value:,}m"
