"""How fast `eol-check account-report` writes one customer's yearly report, against reading its
inputs (SPEC §9; issue 24: "under 3× the time of reading its inputs").

    python benchmarks/account_report.py [--tickets 5000] [--minutes 525600] [--runs 5]
                                        [--formats csv,parquet] [--keep DIR]

Generates, in a temporary folder, one customer (`C00000`, two contracts) with `--tickets` tickets
reported over 2026 (the `tickets` benchmark's generator), `--minutes` minutes of Mobile Server
telemetry for that customer from 2026-01-01 (525,600: a year, one row a minute, a few Downtime
bursts), written both as CSV and as Parquet (by DuckDB), and a small incident log. Then, for each
telemetry format, alternating, `--runs` times each:

- **reading the inputs** (the baseline), as a fresh `python -c` process: a bare `csv.reader` pass
  over the ticket log, the customers file and the incident log, and a bare read of the telemetry
  — `csv.reader` over the CSV file; for Parquet, DuckDB's scan that decodes every value of the
  four columns (`SELECT sum(length(customer)), sum(epoch_us(minute)), sum(requests),
  sum(errors) FROM read_parquet(...)`; DuckDB is imported, as any Parquet reader must be);
- **the command**, `eol-check --date 2027-01-15 account-report C00000 --customers ... --tickets
  ... --incidents ... --telemetry ... --period 2026 -o report.html`, as a fresh process (as users
  run it).

The children run with compiled bytecode (as an installed package does), after one warm-up run
each. Prints the medians of wall time and CPU time (user + system of the child, `os.wait4`) and
their ratios; then the same in this process, best of `--runs` after a warm-up (so without
interpreter start-up or first imports; CPU time of the process, all its threads): the reading,
and the command with its inputs added one by one (contracts and lifecycle only, + the ticket
log, + incidents and telemetry: the whole command), and its parts alone (the tickets judged; the
uptime computed; the page made from both: counting, the five charts, the HTML; five empty
charts, the page's floor); then the fixed costs a fresh process of the command pays before it
reads a byte (interpreter, numpy, DuckDB, matplotlib), each a `python -c "import ..."` child;
and last, what bounds the ratio, from the same run: the 3x budget of each baseline against
importing matplotlib (fresh) and against the page and five empty charts (in-process). On a
shared machine, trust the CPU columns: wall time there includes waiting for a core.

Which baseline is fair: docs/account-report.md, "Speed".
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.tickets import bare_csv, write_log  # noqa: E402

YEAR = 2026
CUSTOMER = "C00000"
TODAY = "2027-01-15"

#: DuckDB's read of the Parquet telemetry: every value of the four columns decoded (a bare
#: `count(*)` would be answered from the file's metadata).
SCAN = (
    "SELECT sum(length(customer)), sum(epoch_us(minute)), sum(requests), sum(errors) "
    "FROM read_parquet(?)"
)

#: The baseline's reading, run as `python -c READ LOG CUSTOMERS INCIDENTS TELEMETRY FORMAT`.
READ = f"""
import csv, sys

def bare_csv(path):
    with open(path, newline="") as stream:
        for _ in csv.reader(stream):
            pass

for path in sys.argv[1:4]:
    bare_csv(path)
telemetry, kind = sys.argv[4], sys.argv[5]
if kind == "csv":
    bare_csv(telemetry)
else:
    import duckdb

    duckdb.connect().execute({SCAN!r}, [telemetry]).fetchall()
"""

#: What a fresh process of the command imports before it reads its inputs, one child each.
FIXED = {
    "python -c pass": "pass",
    "import numpy": "import numpy",
    "import duckdb": "import duckdb",
    "import matplotlib.figure + backend_svg": (
        "import matplotlib.figure, matplotlib.backends.backend_svg"
    ),
    "all four + eol_check.cli": (
        "import numpy, duckdb, matplotlib.figure, matplotlib.backends.backend_svg, eol_check.cli"
    ),
}


def generate(folder: Path, tickets: int, minutes: int) -> dict[str, Path]:
    """The customers file, ticket log, incident log and telemetry (CSV and Parquet)."""
    paths = {
        "customers": folder / "customers.csv",
        "log": folder / "tickets.csv",
        "incidents": folder / "incidents.csv",
        "csv": folder / "telemetry.csv",
        "parquet": folder / "telemetry.parquet",
    }
    paths["customers"].write_text(
        "customer,product,version,region,start,end,coverage\n"
        f"{CUSTOMER},oas,5.1.2,na,2024-01-01,2027-12-31,24x7\n"
        f"{CUSTOMER},agent,1.2.2,na,2024-01-01,2027-12-31,business\n"
        "C00001,oas,4.3.2,emea,2024-01-01,2027-12-31,business\n",
        encoding="utf-8",
    )
    write_log(paths["log"], tickets, 1, seed=7)
    lines = ["id,service,start,end,kind,announced_at,cause,customers"]
    for month in range(1, 13):
        lines.append(
            f"m-{month},mobile,{YEAR}-{month:02d}-09T01:00:00Z,{YEAR}-{month:02d}-09T01:40:00Z,"
            f"scheduled,{YEAR}-{month:02d}-01T09:00:00Z,,{CUSTOMER}"
        )
        lines.append(
            f"s-{month},saas,{YEAR}-{month:02d}-14T10:00:00Z,{YEAR}-{month:02d}-14T10:"
            f"{month * 3:02d}:00Z,unscheduled,,,"
        )
    paths["incidents"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    # In a child: DuckDB's memory would otherwise stay in this process and be inherited by
    # every measured child.
    subprocess.run(
        [sys.executable, "-c", TELEMETRY, str(paths["csv"]), str(paths["parquet"]), str(minutes)],
        check=True,
    )
    return paths


#: Requests 100–199 a minute; errors 0–2, except a burst (errors 20–69) in about one minute in
#: 5,000. Minutes as ISO 8601 UTC text in the CSV, as TIMESTAMPTZ in Parquet.
TELEMETRY = f"""
import sys, duckdb
csv_path, parquet_path, minutes = sys.argv[1], sys.argv[2], int(sys.argv[3])
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
con.execute(f'''CREATE TABLE t AS SELECT '{CUSTOMER}' AS customer,
  TIMESTAMPTZ '{YEAR}-01-01 00:00:00+00' + to_minutes(m) AS minute,
  CAST(100 + hash(m) % 100 AS BIGINT) AS requests,
  CAST(CASE WHEN hash(m // 7) % 5000 = 1 THEN 20 + hash(m) % 50 ELSE hash(m + 1) % 3 END
       AS BIGINT) AS errors
  FROM range({{minutes}}) AS s(m) ORDER BY minute''')
con.execute(f"COPY t TO '{{parquet_path}}' (FORMAT parquet)")
con.execute(f'''COPY (SELECT customer, strftime(minute, '%Y-%m-%dT%H:%M:%SZ') AS minute,
  requests, errors FROM t) TO '{{csv_path}}' (FORMAT csv, HEADER true)''')
"""


def command_args(paths: dict[str, Path], kind: str, out: Path) -> list[str]:
    """The command's arguments after `eol-check`."""
    return [
        "--date",
        TODAY,
        "account-report",
        CUSTOMER,
        "--customers",
        str(paths["customers"]),
        "--tickets",
        str(paths["log"]),
        "--incidents",
        str(paths["incidents"]),
        "--telemetry",
        str(paths[kind]),
        "--period",
        str(YEAR),
        "-o",
        str(out),
    ]


def eol_check() -> list[str]:
    script = Path(sys.executable).parent / "eol-check"
    return [str(script)] if script.exists() else [sys.executable, "-m", "eol_check"]


ENV = dict(os.environ)
ENV.pop("PYTHONDONTWRITEBYTECODE", None)  # run from compiled bytecode, as an install does


class Child:
    """The wall time and CPU time (user + system) of one child process."""

    def __init__(self, argv: list[str]) -> None:
        began = time.perf_counter()
        child = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=ENV
        )
        assert child.stderr is not None
        errors = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        self.wall = time.perf_counter() - began
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise SystemExit(f"{argv[:4]}… failed, exit {code}: {errors.decode()[-400:]}")
        self.cpu = usage.ru_utime + usage.ru_stime


def medians(argvs: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each command line, run alternately `runs` times after a
    warm-up run each."""
    for argv in argvs.values():
        Child(argv)
    seen: dict[str, list[Child]] = {name: [] for name in argvs}
    for _ in range(runs):
        for name, argv in argvs.items():
            seen[name].append(Child(argv))
    return {
        name: (statistics.median(c.wall for c in found), statistics.median(c.cpu for c in found))
        for name, found in seen.items()
    }


def in_process(
    paths: dict[str, Path], kind: str, out: Path, runs: int
) -> tuple[tuple[float, float], dict[str, tuple[float, float]]]:
    """In this process, the best (wall, CPU) seconds of `runs` after a warm-up each (no
    interpreter start-up, no first imports): the reading, and the command with its inputs
    added one by one."""
    from eol_check.cli import main

    def read() -> None:
        for path in (paths["log"], paths["customers"], paths["incidents"]):
            bare_csv(path)
        if kind == "csv":
            bare_csv(paths["csv"])
        else:
            import duckdb

            duckdb.connect().execute(SCAN, [str(paths["parquet"])]).fetchall()

    whole = command_args(paths, kind, out)
    tickets = whole[: whole.index("--incidents")] + whole[whole.index("--period") :]
    lifecycle = tickets[: tickets.index("--tickets")] + tickets[tickets.index("--period") :]
    steps = {
        "contracts + lifecycle": lifecycle,
        "+ tickets": tickets,
        "+ availability (whole)": whole,
    }
    times = {}
    for name, argv in steps.items():

        def report(argv: list[str] = argv) -> None:
            with redirect_stdout(io.StringIO()):
                code = main(argv)
            assert code == 0, code

        report()
        times[name] = best_pair(runs, report)
    times.update(parts(paths, kind, runs))
    read()
    return best_pair(runs, read), times


def parts(paths: dict[str, Path], kind: str, runs: int) -> dict[str, tuple[float, float]]:
    """The command's parts alone, in this process, put together as `eol_check._cli.
    account_report` puts them (best (wall, CPU) of `runs` after a warm-up each): the tickets
    read and judged, the uptime computed, and the page made from them (counting, the five
    charts, the HTML) — the last is what the chart library costs once its import is paid."""
    from datetime import UTC, date, datetime

    from eol_check import availability
    from eol_check.account_report import Period, _axes, _svg, account_report
    from eol_check.account_report.uptime import availability_section
    from eol_check.catalog import load_catalog
    from eol_check.contracts import customer_contracts, iter_contracts
    from eol_check.policy import load_policy
    from eol_check.tickets.attainment import judge_chunks
    from eol_check.tickets.ticket_log import TicketMap, read_chunks

    policy, catalog = load_policy(), load_catalog()
    terms = policy.availability
    assert terms is not None
    mine, _ = customer_contracts(iter_contracts(paths["customers"], policy=policy), CUSTOMER)
    period, today = Period.year(YEAR), date.fromisoformat(TODAY)
    now = datetime.now(UTC)

    def judged() -> list[Any]:  # the log holds this one customer's tickets only
        chunks = read_chunks(paths["log"], TicketMap({}, {}, {}))
        options: dict[str, Any] = {"contracts": mine, "first": period.first, "last": period.last}
        return list(judge_chunks(chunks, catalog, policy, now, **options))

    def uptime() -> Any:
        return availability.uptime(
            policy,
            availability.load_incidents(paths["incidents"], terms),
            year=YEAR,
            today=today,
            telemetry=str(paths[kind]),
            customer=CUSTOMER,
            regions={CUSTOMER: next(c.region for c in mine if c.region)},
        )

    tickets, report = judged(), uptime()

    def page() -> None:
        section = availability_section([report], period, today)
        account_report(CUSTOMER, mine, catalog, policy, period, tickets, availability=section)

    def empty() -> None:  # the floor of the page: five charts without a mark, label or title
        for _ in range(5):
            figure, _ = _axes(8, 3)
            _svg(figure)

    steps: dict[str, Callable[[], object]] = {
        "alone: tickets judged": judged,
        "alone: uptime": uptime,
        "alone: page, 5 charts": page,
        "alone: 5 empty charts": empty,
    }
    times = {}
    for name, step in steps.items():
        step()
        times[name] = best_pair(runs, step)
    return times


def best_pair(runs: int, run: Callable[[], object]) -> tuple[float, float]:
    """The least wall time and the least CPU time (this process, all its threads) of `runs`
    runs of `run`, garbage collection paused while timing (as `_timing.best_of`)."""
    walls, cpus = [], []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        finally:
            gc.enable()
    return min(walls), min(cpus)


def row(kind: str, side: str, figures: str) -> None:
    print(f"{kind:<9} {side:<34} {figures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tickets", type=int, default=5_000)
    parser.add_argument("--minutes", type=int, default=525_600, help="telemetry rows (≤ a year)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--formats", default="csv,parquet", help="telemetry formats measured")
    parser.add_argument("--no-fixed", action="store_true", help="skip the fixed-cost rows")
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="eol-account-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        paths = generate(folder, args.tickets, args.minutes)
        print(
            f"{args.tickets:,} tickets ({paths['log'].stat().st_size / 2**20:.1f} MiB), "
            f"{args.minutes:,} telemetry minutes (CSV "
            f"{paths['csv'].stat().st_size / 2**20:.1f} MiB, Parquet "
            f"{paths['parquet'].stat().st_size / 2**20:.1f} MiB); "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )
        out = folder / "report.html"
        # Per format, CPU s: the reading fresh and in-process, the page, five empty charts
        budgets: dict[str, tuple[float, float, float, float]] = {}
        print(f"{'telemetry':<9} {'side':<34} {'wall s':>7} {'ratio':>6} {'cpu s':>7} {'ratio':>6}")
        for kind in args.formats.split(","):
            read = [sys.executable, "-c", READ]
            read += [str(paths[p]) for p in ("log", "customers", "incidents", kind)] + [kind]
            found = medians(
                {"read": read, "command": eol_check() + command_args(paths, kind, out)},
                args.runs,
            )
            (base_wall, base_cpu), (wall, cpu) = found["read"], found["command"]
            row(kind, "reading (fresh process)", f"{base_wall:7.3f} {'':>6} {base_cpu:7.3f}")
            row(
                kind,
                "account-report (fresh)",
                f"{wall:7.3f} {wall / base_wall:5.1f}x {cpu:7.3f} {cpu / base_cpu:5.1f}x"
                "   (target < 3x)",
            )
            fresh = base_cpu
            (base_wall, base_cpu), steps = in_process(paths, kind, out, args.runs)
            budgets[kind] = (
                fresh,
                base_cpu,
                steps["alone: page, 5 charts"][1],
                steps["alone: 5 empty charts"][1],
            )
            row(kind, "in-process: reading", f"{base_wall:7.3f} {'':>6} {base_cpu:7.3f}")
            for name, (wall, cpu) in steps.items():
                row(
                    kind,
                    f"in-process: {name}",
                    f"{wall:7.3f} {wall / base_wall:5.1f}x {cpu:7.3f} {cpu / base_cpu:5.1f}x",
                )
        if not args.no_fixed:
            print("fixed costs of a fresh process (medians, wall / cpu s):")
            fixed = medians({n: [sys.executable, "-c", s] for n, s in FIXED.items()}, args.runs)
            for name, (wall, cpu) in fixed.items():
                print(f"  {name:<40} {wall:7.3f} {cpu:7.3f}")
            charts = fixed["import matplotlib.figure + backend_svg"][1]
            print("what bounds the ratio (CPU s): the 3x budget against the chart library's cost")
            for kind, (fresh, inside, page, empty) in budgets.items():
                print(
                    f"  {kind:<8} fresh: 3 x reading {3 * fresh:6.3f}, importing matplotlib "
                    f"{charts:6.3f} ({charts / (3 * fresh):4.0%})\n"
                    f"  {kind:<8} in-process: 3 x reading {3 * inside:6.3f}, the page (5 "
                    f"charts) {page:6.3f} ({page / (3 * inside):4.0%}), 5 empty charts "
                    f"{empty:6.3f} ({empty / (3 * inside):4.0%})"
                )
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
