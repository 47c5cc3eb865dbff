"""`eol-check report FILE`: every customer row of a contracts file, on a date.

Exit 0 when every row was read, 1 when some row could not be (each one is on stderr with its line
and in the output with status `error`), 2 when the file itself cannot be read, 3 for the data.
The rows are `eol_check.report`; writing them is `eol_check._report_output`.
"""

from __future__ import annotations

import argparse

from .. import _table
from .._report_output import FORMATS
from ._common import Context

__all__ = ["FORMATS", "configure", "run"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


#: Inputs at least this large show progress on stderr, when stderr is a terminal.
PROGRESS_BYTES = 8 * 1024 * 1024


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the customers (contracts) file: CSV with a header row, or TOML (SPEC §4.3); or a "
        "contracts database: sqlite:///FILE or postgresql://USER@HOST/DB (SPEC §10)",
    )
    parser.add_argument(
        "--horizon",
        metavar="DAYS",
        type=_days,
        help="only rows whose status changes within DAYS days, rows out of support (status "
        "unsupported, or a contract that does not entitle) and rows that cannot be read",
    )
    parser.add_argument(
        "--wide",
        action="store_true",
        help="show every column, however narrow the terminal (a pipe always gets every column)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    import os
    from pathlib import Path

    from .._report_output import write_report
    from ..report import Report

    report = Report(ctx.catalog(), ctx.policy(), ctx.today)
    contracts = None
    if args.file.lower().startswith(("sqlite:", "postgresql:", "postgres:")):
        from ..serve.database import open_store  # SPEC §10: contracts kept in a database

        store = open_store(args.file)
        path, contracts = Path(store.name), store.contracts()
    else:
        path = Path(args.file)
    progress = None
    try:
        large = os.stat(path).st_size >= PROGRESS_BYTES
    except (OSError, ValueError):  # ValueError: a NUL in the path
        large = False  # the reader says what is wrong with the file
    if large and ctx.stderr.isatty():
        progress = _Progress(ctx.stderr)
    try:
        summary = write_report(
            path,
            ctx.stdout,
            ctx.format,
            report,
            horizon_days=args.horizon,
            warn=ctx.warn,
            progress=progress,
            width=_table.available_width(ctx.stdout, args.wide),
            color=ctx.color,
            contracts=contracts,
        )
    finally:
        if progress is not None:
            progress.clear()
    if summary.errors:
        ctx.warn(
            f"{summary.errors:,} of {summary.read:,} row{'' if summary.read == 1 else 's'} "
            f"could not be read (status {'error'} in the report)"
        )
        return 1
    return 0


#: The longest --horizon: a century, far beyond any contract, and within the calendar from any
#: date eol-check accepts.
MAX_HORIZON_DAYS = 36_500


def _days(text: str) -> int:
    """A --horizon value: a whole number of days, from 0 to MAX_HORIZON_DAYS."""
    days = int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else -1
    if not 0 <= days <= MAX_HORIZON_DAYS:
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is not a number of days from 0 to {MAX_HORIZON_DAYS}, e.g. 90"
        )
    return days


class _Progress:
    """A line on stderr that says how far the run is, redrawn at most a few times a second."""

    def __init__(self, stream: TextIO) -> None:
        import time

        self.stream = stream
        self.clock = time.monotonic
        self.last = 0.0
        self.shown = False

    def __call__(self, lines: int, fraction: float) -> None:
        now = self.clock()
        if now - self.last < 0.25:
            return
        self.last = now
        self.shown = True
        self.stream.write(f"\reol-check: report: {fraction:4.0%} ({lines:,} lines read)")
        self.stream.flush()

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
