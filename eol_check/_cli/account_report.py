"""`eol-check account-report CUSTOMER`: the §3.2 report as one HTML file, `--pdf` too (SPEC §9).

Exit 0 when the report was written; 2 for wrong input (no such customer, an unreadable file, a
missing extra or browser), 74 when the output cannot be written (nothing half-written: the file
is replaced whole). matplotlib and numpy are the `account-report` extra, imported here only.
"""

from __future__ import annotations

import argparse

from ..errors import InputError, OutputError
from ._common import Context, path_arg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from pathlib import Path

    from ..account_report import Period
    from ..contracts import Contract
    from ..tickets.ticket_log import LogChunk

FORMATS = ("text",)
EXTRA = "pip install 'eol-support-check[account-report]'"
#: The longest period a report covers (§3.2 speaks of yearly reports): ten years of months.
MAX_DAYS = 3660
#: How long Chromium may take to print the page.
PRINT_TIMEOUT = 120
#: How many unreadable availability rows are named on stderr (all are counted on the page).
SHOWN_PROBLEMS = 20


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("customer", metavar="CUSTOMER", help="the customer's id in --customers")
    parser.add_argument(
        "--customers",
        metavar="FILE",
        type=path_arg,
        required=True,
        help="the customers (contracts) file (SPEC §4.3)",
    )
    parser.add_argument("--tickets", metavar="FILE", type=path_arg, help="the ticket log")
    parser.add_argument("--map", metavar="FILE", type=path_arg, help="the ticket log's map")
    parser.add_argument(
        "--incidents",
        metavar="FILE",
        type=path_arg,
        help="the incident log (SPEC §8): uptime per month and for the year against 99.9%%",
    )
    parser.add_argument(
        "--telemetry",
        metavar="PATH",
        help="Mobile Server telemetry (SPEC §8): a Parquet or CSV file, a folder or a glob",
    )
    parser.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="where the telemetry is computed (default: duckdb, in-process)",
    )
    parser.add_argument(
        "--period",
        metavar="YEAR",
        type=_year,
        help="the calendar year reported (default: the year before --date's)",
    )
    parser.add_argument("--from", dest="first", metavar="DATE", help="first day reported")
    parser.add_argument("--to", dest="last", metavar="DATE", help="last day reported")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=path_arg,
        required=True,
        help="the HTML file to write",
    )
    parser.add_argument(
        "--pdf",
        metavar="FILE",
        nargs="?",
        const="",
        type=str,
        help="also print the page to PDF with headless Chromium (default: FILE.pdf)",
    )


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4 and 1900 < int(text) < 3000):
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a year, e.g. 2026")
    return int(text)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import datetime, timezone
    from pathlib import Path

    from .._atomic import write_atomic
    from .._dates import parse_date
    from ..contracts import customer_contracts, iter_contracts

    try:
        from ..account_report import Period, account_report
        from ..tickets.attainment import judge_chunks
        from ..tickets.ticket_log import TicketMap, read_chunks
    except ImportError as exc:
        raise InputError(f"account-report needs {exc.name}: {EXTRA}") from None
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise InputError(f"account-report needs matplotlib: {EXTRA}") from None
    if args.first or args.last:
        if not (args.first and args.last) or args.period:
            raise InputError("give --period YEAR, or both --from DATE and --to DATE")
        period = Period(parse_date(args.first, "--from"), parse_date(args.last, "--to"))
        if period.last < period.first:
            raise InputError(f"--to {args.last} is before --from {args.first}")
        if (period.last - period.first).days > MAX_DAYS:
            raise InputError("a report covers at most ten years: give a shorter --from/--to")
    else:
        period = Period.year(args.period or ctx.today.year - 1)
    policy, catalog = ctx.policy(), ctx.catalog()
    mine, _ = customer_contracts(iter_contracts(args.customers, policy=policy), args.customer)
    customer = mine[0].customer
    judged = None
    if args.tickets is not None:
        ticket_map = TicketMap.load(args.map) if args.map else TicketMap({}, {}, {})
        zone = None
        if ticket_map.timezone:
            from ..policy import zone_info

            zone = zone_info(ticket_map.timezone)
        now = datetime.now(timezone.utc)
        judged = judge_chunks(
            _customer_rows(read_chunks(Path(args.tickets), ticket_map), customer),
            catalog,
            policy,
            now,
            contracts=mine,
            zone=zone,
            first=period.first,
            last=period.last,
        )
    availability = None
    if args.incidents is not None or args.telemetry is not None:
        availability = _availability(args, ctx, customer, mine, period)
    html = account_report(
        customer, mine, catalog, policy, period, judged, availability=availability
    )
    output: Path = args.output
    try:
        write_atomic(output, html.encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
    if args.pdf is not None:
        pdf = Path(args.pdf) if args.pdf else output.with_suffix(".pdf")
        print_pdf(output, pdf)
    ctx.print(f"wrote {output}" + (f" and {pdf}" if args.pdf is not None else ""))
    return 0


def _customer_rows(chunks: Iterable[LogChunk], customer: str) -> Iterator[LogChunk]:
    """The rows of `customer` (names folded, `_names.fold`) in each chunk of the ticket log, and
    the rows that could not be read (counted as not judged). The chunks stay columns (a plain
    block's still its bytes, `ticket_log.Cells`), so the tickets are judged in bulk
    (`judge_chunks`); each chunk's distinct names are folded once."""
    import numpy as np

    from .._names import fold
    from ..tickets.ticket_log import Cells

    key = fold(customer)
    for chunk in chunks:
        names = chunk.columns.get("customer")
        if isinstance(names, Cells):
            distinct, inverse = names.distinct()
        else:
            index: dict[str, int] = {}
            cells = names if names is not None else [""] * len(chunk)
            inverse = np.fromiter((index.setdefault(n, len(index)) for n in cells), np.int64)
            distinct = list(index)
        taken = np.array([fold(name) == key for name in distinct], bool)[inverse]
        for at, row in chunk.rows.items():  # read one by one, or unreadable (no cells)
            found = getattr(row, "cells", None)
            taken[at] = found is None or fold(str(found.get("customer", ""))) == key
        if taken.all():
            yield chunk
            continue
        yield chunk.select(np.flatnonzero(taken))


def _availability(
    args: argparse.Namespace,
    ctx: Context,
    customer: str,
    contracts: Sequence[Contract],
    period: Period,
) -> str:
    """The availability section: `eol_check.availability.uptime` for this one customer, each
    calendar year of the period that has begun (SPEC §8, §9)."""
    from .. import availability
    from ..account_report.uptime import availability_section, report_years
    from ..errors import PolicyError

    policy = ctx.policy()
    terms = policy.availability
    if terms is None:
        raise PolicyError("the policy has no [availability] table (SPEC §8)")
    log = (
        availability.load_incidents(args.incidents, terms)
        if args.incidents is not None
        else availability.IncidentLog()
    )
    region = next((c.region for c in contracts if c.region), None)
    regions = {customer: region} if region else {customer: ""}
    from .uptime import _spark_active, _stop_spark

    # Spark: stop the session afterwards only if this run started it (as `uptime` does).
    started_spark = args.engine == "spark" and args.telemetry is not None and not _spark_active()
    try:
        reports = [
            availability.uptime(
                policy,
                log,
                year=year,
                today=ctx.today,
                telemetry=args.telemetry,
                customer=customer,
                regions=regions,
                engine=args.engine,
            )
            for year in report_years(period, ctx.today)
        ]
    finally:
        if started_spark:
            _stop_spark()
    for report in reports:
        for problem in report.problems[:SHOWN_PROBLEMS]:
            ctx.warn(f"warning: {problem}")
    return availability_section(reports, period, ctx.today)


def print_pdf(page: Path, pdf: Path) -> None:
    """Print `page` to `pdf` with headless Chromium (no network: the page is self-contained)."""
    import os
    import shutil
    import subprocess
    import tempfile

    from .._atomic import write_atomic

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise InputError("--pdf needs Chromium: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="eol-check-pdf-") as work:
        out = os.path.join(work, "report.pdf")
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={os.path.join(work, 'profile')}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=PRINT_TIMEOUT,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise OutputError(f"Chromium did not print {page} within {PRINT_TIMEOUT} s") from None
        if done.returncode != 0 or not os.path.exists(out):
            raise OutputError(f"Chromium could not print {page} (exit {done.returncode})")
        with open(out, "rb") as stream:
            data = stream.read()
    try:
        write_atomic(pdf, data)
    except OSError as exc:
        raise OutputError(f"cannot write {pdf}: {exc.strerror or exc}") from None
