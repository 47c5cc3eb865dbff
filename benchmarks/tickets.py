"""How fast `eol-check tickets` judges a ticket log, and the batch clock it stands on (SPEC §9).

    python benchmarks/tickets.py [--tickets N] [--deadlines D] [--repeat K]

Each figure is a ratio against a baseline measured in the same run:

1. `tickets` on N generated tickets (default 1,000,000; CSV, four regions, every severity,
   contracts for 2,000 customers) against a bare `csv.reader` pass over the same file; target
   at most 4x. Both are timed in CPU time (`time.process_time`, garbage collection on, as the
   command runs), the best of K, so that the other work of a shared machine counts less; the
   load average is printed with the figures.
2. The batch clock (`BatchClock.add` on D starts at once) against the per-call clock
   (`BusinessCalendar.add`, one call per start), per deadline; target at least 5x faster.
3. Linearity: `tickets` on N/4, N/2 and N rows, time per ticket; and the peak memory of a run
   on N/4 and on N rows, each in a fresh process (flat memory: about the same).

`account-report`'s own figure is `benchmarks/account_report.py`.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from benchmarks._timing import best_of
from eol_check._data import data_dir
from eol_check.business_hours import BusinessCalendar, business_calendar
from eol_check.cli import main
from eol_check.policy import load_policy
from eol_check.tickets.batch_clock import BatchClock, Micros, micros, moment
from eol_check.tickets.ticket_log import COLUMNS

UTC = timezone.utc
REGIONS = ("na", "emea", "apac", "india")
VERSIONS = ("5.1.2", "5.0.3", "4.3.2", "4.2.3")
NOW = "2027-01-15T00:00:00Z"


def write_customers(path: Path, customers: int) -> None:
    with path.open("w", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(("customer", "product", "version", "region", "start", "end", "coverage"))
        for n in range(customers):
            out.writerow(
                (
                    f"C{n:05d}",
                    "oas",
                    VERSIONS[n % 4],
                    REGIONS[n % 4],
                    "2024-01-01",
                    "2027-12-31",
                    "24x7" if n % 10 == 0 else "business",
                )
            )


def write_log(path: Path, tickets: int, customers: int, seed: int = 24) -> None:
    """`tickets` rows over 2026: response within 0–6 h, a few updates, most resolved."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with path.open("w", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(COLUMNS[: COLUMNS.index("resolved_at") + 1])
        for n in range(tickets):
            c = rng.randrange(customers)
            reported = start + timedelta(seconds=rng.randrange(365 * 86400))
            response = reported + timedelta(minutes=rng.randrange(5, 360))
            updates = []
            at = response
            for _ in range(rng.randrange(0, 4)):
                at += timedelta(minutes=rng.randrange(60, 600))
                updates.append(at.isoformat())
            resolved = at + timedelta(hours=rng.randrange(1, 96))
            out.writerow(
                (
                    f"T{n}",
                    f"C{c:05d}",
                    "oas",
                    VERSIONS[c % 4],
                    f"S{rng.randrange(1, 5)}",
                    reported.isoformat(),
                    response.isoformat(),
                    ";".join(updates),
                    "",
                    resolved.isoformat(),
                )
            )


def cpu_best_of(repeat: int, run: Callable[[], object]) -> float:
    """The least CPU time (seconds) of `repeat` runs of `run`, garbage collection on."""
    times = []
    for _ in range(repeat):
        gc.collect()
        began = time.process_time()
        run()
        times.append(time.process_time() - began)
    return min(times)


def load() -> str:
    """The load average (1, 5, 15 minutes) of the machine, for the figures' context."""
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def bare_csv(path: Path) -> None:
    with path.open(newline="") as stream:
        for _ in csv.reader(stream):
            pass


def run_tickets(log: Path, customers: Path) -> None:
    sink = io.StringIO()
    with redirect_stdout(sink):
        code = main(
            ["tickets", str(log), "--customers", str(customers), "--now", NOW, "--format", "json"]
        )
    assert code == 0, code


def peak_memory(log: Path, customers: Path) -> int:
    """The peak resident memory (KiB) of a fresh process running `tickets` on `log`."""
    script = (
        "import resource, sys, io, contextlib\n"
        "from eol_check.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['tickets', {str(log)!r}, '--customers', {str(customers)!r}, '--now', "
        f"{NOW!r}, '--format', 'json'])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1])


def clocks(deadlines: int, repeat: int) -> None:
    policy = load_policy(data_dir() / "policy.toml")
    rng = np.random.default_rng(24)
    low = micros(datetime(2026, 1, 1, tzinfo=UTC))
    high = micros(datetime(2027, 1, 1, tzinfo=UTC))
    print(f"== batch clock vs per-call clock, {deadlines:,} deadlines per region")
    for region_id in REGIONS:
        calendar = business_calendar(policy.region(region_id))
        starts = rng.integers(low, high, deadlines, dtype=np.int64)
        moments = [moment(int(s)) for s in starts]
        for hours in (2.0, 72.0):

            def one_by_one(
                calendar: BusinessCalendar = calendar,
                h: float = hours,
                moments: list[datetime] = moments,
            ) -> None:
                for m in moments:
                    calendar.add(m, h)

            def batched(
                calendar: BusinessCalendar = calendar, h: float = hours, starts: Micros = starts
            ) -> None:
                BatchClock(calendar).add(starts, h)

            per_call = best_of(repeat, one_by_one)
            batch = best_of(repeat, batched)
            print(
                f"{region_id:>6} {hours:>4g} h: per-call {per_call / deadlines * 1e6:6.2f} µs, "
                f"batch {batch / deadlines * 1e6:6.3f} µs per deadline: "
                f"{per_call / batch:5.1f}x faster (target ≥ 5x)"
            )


def main_(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--deadlines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    n = args.tickets
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        customers = folder / "customers.csv"
        write_customers(customers, 2_000)
        clocks(args.deadlines, args.repeat)

        print(f"== tickets on {n:,} rows vs a bare csv.reader pass (CPU time; {load()})")
        sizes = sorted({max(n // 4, 1), max(n // 2, 1), n})
        logs = {}
        for size in sizes:
            logs[size] = folder / f"log-{size}.csv"
            write_log(logs[size], size, 2_000)
        per_ticket = {}
        for size in sizes:
            repeat = args.repeat if size < n else 1
            log = logs[size]
            base = cpu_best_of(repeat, partial(bare_csv, log))
            whole = cpu_best_of(repeat, partial(run_tickets, log, customers))
            per_ticket[size] = whole / size
            print(
                f"{size:>10,} rows: csv.reader {base:7.2f} s, tickets {whole:7.2f} s: "
                f"{whole / base:4.2f}x (target ≤ 4x); {whole / size * 1e6:5.2f} µs a ticket "
                f"({load()})"
            )
        print(
            "linearity: µs a ticket at "
            + ", ".join(f"{s:,}: {per_ticket[s] * 1e6:.2f}" for s in sizes)
            + f" (largest / smallest: {per_ticket[n] / per_ticket[sizes[0]]:.2f})"
        )
        small, large = peak_memory(logs[sizes[0]], customers), peak_memory(logs[n], customers)
        print(
            f"peak memory: {sizes[0]:,} rows {small / 1024:.0f} MiB, {n:,} rows "
            f"{large / 1024:.0f} MiB ({large / small:.2f}x for {n / sizes[0]:.0f}x the rows)"
        )


if __name__ == "__main__":
    main_()
