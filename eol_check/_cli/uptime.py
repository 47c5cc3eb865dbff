"""`eol-check uptime --incidents F [--telemetry PATH] …`: the 99.9% of §4 and §5.1, per customer
and service (SPEC §8).

Exit 0 when every reported target is met (or still reachable in a year in progress), 1 when one is
missed, 2 when the answer stands but rows of the input could not be read (each named on stderr).
The rules live in `eol_check.availability`; this module parses and prints (docs/availability.md).
"""

from __future__ import annotations

import argparse

from .._format import printable
from .._table import inert_cell
from ..errors import AvailabilityError
from ._common import Context, path_arg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..availability import Uptime, UptimeReport
    from ..policy import Policy

FORMATS = ("text", "json", "csv")
#: How many unreadable rows are named on stderr (all are counted).
SHOWN_PROBLEMS = 20


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--incidents",
        metavar="FILE",
        required=True,
        help="the incident log: CSV or JSON Lines (id, service, start, end, kind, announced_at, "
        "cause, customers)",
    )
    parser.add_argument(
        "--telemetry",
        metavar="PATH",
        help="Mobile Server telemetry (customer, minute, requests, errors): a Parquet or CSV "
        "file, a folder or a glob",
    )
    parser.add_argument("--year", metavar="YYYY", type=_year, help="the UTC year (default: now)")
    parser.add_argument("--service", choices=("mobile", "saas"), help="one service only")
    parser.add_argument("--customer", metavar="ID", help="one customer only")
    parser.add_argument(
        "--customers", metavar="FILE", help="the customers file: each customer's region (§1.2)"
    )
    parser.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="where the telemetry is computed (default: duckdb, in-process)",
    )
    parser.add_argument(
        "--spark-master",
        metavar="URL",
        default="local[*]",
        help="the Spark master with --engine spark (default: local[*])",
    )


def _year(text: str) -> int:
    if not (text.isascii() and text.isdecimal() and len(text) == 4 and "1971" <= text <= "9998"):
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a year such as 2026")
    return int(text)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from .. import availability  # the subpackage (DuckDB and PySpark only with --telemetry)

    policy = ctx.policy()
    terms = policy.availability
    if terms is None:
        from ..errors import PolicyError

        raise PolicyError("the policy has no [availability] table (SPEC §8)")
    log = availability.load_incidents(path_arg(args.incidents), terms)
    regions = _regions(args, policy)
    # Spark: stop the session afterwards only if this run started it.
    started_spark = args.engine == "spark" and args.telemetry is not None and not _spark_active()
    report = availability.uptime(
        policy,
        log,
        year=args.year or ctx.today.year,
        today=ctx.today,
        telemetry=args.telemetry,
        service=availability.Service(args.service) if args.service else None,
        customer=args.customer,
        regions=regions,
        engine=args.engine,
        spark_master=args.spark_master,
    )
    if started_spark:
        _stop_spark()
    for problem in report.problems[:SHOWN_PROBLEMS]:
        ctx.warn(f"warning: {printable(str(problem))}")
    if ctx.format == "json":
        ctx.emit_json(report.as_json())
    elif ctx.format == "csv":
        _csv(ctx, report, policy)
    else:
        _text(ctx, report)
    if not log.problems and not report.unjudged_rows:
        return 1 if report.missed else 0
    summary = (
        f"{len(log.problems)} incident rows and {report.unjudged_rows} telemetry rows could not "
        "be read; they are counted, and a verdict they could change is withheld (met: null)"
    )
    if report.missed:  # a definite no stands whatever the unreadable rows say
        ctx.warn(f"warning: {summary}")
        return 1
    # The answer is printed; the input needs mending (SPEC §5: exit 2, one error line, last).
    raise AvailabilityError(summary)


def _regions(args: argparse.Namespace, policy: Policy) -> dict[str, str]:
    """Each customer's region id from the customers file (the first row that names one)."""
    if not args.customers:
        return {}
    from ..contracts import iter_contracts
    from ..errors import ContractsError

    regions: dict[str, str] = {}
    for _, row in iter_contracts(path_arg(args.customers), policy=policy):
        if isinstance(row, ContractsError):
            raise row
        if row.region and row.customer not in regions:
            regions[row.customer] = row.region
    return regions


def _spark_active() -> bool:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return False  # the run says how to install it
    return SparkSession.getActiveSession() is not None


def _stop_spark() -> None:
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()


def _text(ctx: Context, report: UptimeReport) -> None:
    state = " (in progress)" if report.in_progress else ""
    ctx.print(f"Availability {report.year}{state}, judged on {ctx.today.isoformat()}")
    if not report.results:
        ctx.print("no customers: name them in the incident log, the telemetry or --customers")
    for result in report.results:
        ctx.print("")
        _result(ctx, result)


def _result(ctx: Context, r: Uptime) -> None:
    name = "Mobile Server" if r.service.value == "mobile" else "SaaS Services"
    region = f"{r.region} (no contract names it)" if r.region_defaulted else r.region
    ctx.print(f"{printable(r.customer)} — {name}, region {region}")
    verdict = {True: "met", False: "MISSED", None: "not decided"}[r.met]
    shown = "unknown" if r.uptime is None else str(r.uptime)
    ctx.print(f"  uptime {shown} (target {r.target}): {verdict}: {printable(r.met_reason)}")
    ctx.print(
        f"  downtime {r.downtime_minutes} of a budget of {r.budget_minutes} minutes "
        f"({r.left_minutes} left), {r.minutes_in_year} minutes in the year"
    )
    if r.telemetry_minutes is not None:
        ctx.print(
            f"  telemetry {r.telemetry_minutes} minutes with data, {r.unjudged_minutes} rows "
            "unjudged"
        )
    excluded = ", ".join(f"{c} {n}" for c, n in r.excluded_minutes.items() if n)
    ctx.print(f"  excluded: {excluded or 'none'}")
    for i in r.incidents:
        how = "counted" if i.counted else f"excluded as {i.excluded_as}"
        ctx.print(
            f"  {printable(i.id)} {i.start:%Y-%m-%d %H:%M}–{i.end:%Y-%m-%d %H:%M} UTC {i.kind}: "
            f"{how} ({i.minutes} minutes)"
        )
        for reason in i.reasons:
            ctx.print(f"      {printable(reason)}")


def _csv(ctx: Context, report: UptimeReport, policy: Policy) -> None:
    import csv
    import io

    causes: list[str] = []
    assert policy.availability is not None
    for terms in policy.availability.services:
        causes += [c for c in terms.causes if c not in causes]
    head = [
        "year",
        "service",
        "customer",
        "region",
        "minutes_in_year",
        "telemetry_minutes",
        "unjudged_minutes",
        "downtime_minutes",
        *(f"excluded_{c}" for c in causes),
        "uptime",
        "target",
        "met",
        "in_progress",
        "budget_minutes",
        "left_minutes",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(head)
    for r in report.results:
        writer.writerow(
            [
                r.year,
                r.service.value,
                inert_cell(r.customer),
                r.region,
                r.minutes_in_year,
                "" if r.telemetry_minutes is None else r.telemetry_minutes,
                r.unjudged_minutes,
                r.downtime_minutes,
                *(r.excluded_minutes.get(c, "") for c in causes),
                r.uptime,
                r.target,
                {True: "true", False: "false", None: ""}[r.met],
                "true" if r.in_progress else "false",
                r.budget_minutes,
                r.left_minutes,
            ]
        )
    ctx.stdout.write(buffer.getvalue())
