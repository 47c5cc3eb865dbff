"""`eol-check uptime` on a year of per-minute telemetry: the command, DuckDB's own scan, pandas.

    python benchmarks/uptime.py [--customers 100] [--minutes 525600] [--runs 3]
                                [--linearity] [--pandas] [--spark] [--keep DIR]

Generates, in a temporary folder, `--customers` × `--minutes` rows of Mobile Server telemetry for
2026 (`customer, minute, requests, errors`; one Parquet file, written by DuckDB: 100 × 525,600 =
52.6 million rows by default) with a few Downtime bursts per customer, and an incident log of a
few hundred incidents (scheduled, unscheduled, excluded causes). Then, each as a subprocess of this
script (a whole command with its interpreter start-up), alternating, `--runs` times:
- `eol-check uptime --service mobile --format json` on DuckDB: the command;
- `python -c` DuckDB `SELECT count(*) … WHERE errors * 10 > requests` on the same file: the floor
  (target: the command within 2× of it);
- `python -c` DuckDB reading all four columns (sums): what any exact answer must at least read;
- with `--pandas`: a straightforward pandas implementation (read, sum duplicates, count Downtime
  minutes per customer): the baseline (needs pandas and pyarrow, which eol-check does not);
- with `--spark`: the command on `--engine spark --spark-master local[2]`, once, for the record.
Prints the medians of wall time and CPU time (user + system, `os.wait4`), their ratios to the
floor, and each child's peak memory (`ru_maxrss`). `--linearity` also times the command on
N/4 and N/2 customers and prints the time per million rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2026

FLOOR = """
import sys, duckdb
con = duckdb.connect()
print(con.execute("SELECT count(*) FROM read_parquet(?) WHERE errors * 10 > requests",
                  [sys.argv[1]]).fetchone()[0])
"""

# What any exact answer must at least do: read the four columns (the minute column is most of
# the file; the floor reads neither it nor the customer). Not a target, a bound to compare with.
READ_ALL = """
import sys, duckdb
con = duckdb.connect()
print(con.execute("SELECT count(customer), sum(requests), sum(errors), sum(epoch_us(minute)) "
                  "FROM read_parquet(?)", [sys.argv[1]]).fetchone())
"""

PANDAS = """
import sys
import pandas as pd
frame = pd.read_parquet(sys.argv[1], columns=["customer", "minute", "requests", "errors"])
year = frame[(frame.minute >= "2026-01-01") & (frame.minute < "2027-01-01")]
minutes = year.groupby(["customer", "minute"], sort=False)[["requests", "errors"]].sum()
down = minutes[minutes.errors * 10 > minutes.requests]
per_customer = down.groupby(level="customer").size()
with_data = minutes.groupby(level="customer").size()
print(len(with_data), int(per_customer.sum()))
"""


def generate(folder: Path, customers: int, minutes: int) -> tuple[Path, Path]:
    """The telemetry Parquet file and the incident log, written into `folder`."""
    import duckdb

    telemetry = folder / f"telemetry-{customers}.parquet"
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    # Requests 100–199 per minute; errors 0–2, except in a burst of Downtime (errors 20–69) in
    # about one minute in 5,000: a few hundred minutes per customer and year, some in runs.
    con.execute(
        f"""
        COPY (
          SELECT 'customer-' || lpad(CAST(c AS VARCHAR), 4, '0') AS customer,
            TIMESTAMPTZ '{YEAR}-01-01 00:00:00+00' + to_minutes(m) AS minute,
            CAST(100 + hash(c, m) % 100 AS BIGINT) AS requests,
            CAST(CASE WHEN hash(c, m // 5) % 5000 = 0 THEN 20 + hash(m, c) % 50
                      ELSE hash(m + c) % 3 END AS BIGINT) AS errors
          FROM range({customers}) AS t(c), range({minutes}) AS s(m)
          ORDER BY customer, minute
        ) TO '{telemetry}' (FORMAT parquet)
        """
    )
    con.close()
    log = folder / "incidents.csv"
    lines = ["id,service,start,end,kind,announced_at,cause,customers"]
    causes = ["", "", "internet", "customer-connectivity", ""]
    for i in range(300):
        start = (i * 7919) % (minutes - 120)
        at = dt.datetime(YEAR, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=start)
        end = at + dt.timedelta(minutes=30 + i % 60)
        kind = "scheduled" if i % 3 == 0 else "unscheduled"
        announced = (at - dt.timedelta(days=12)).isoformat() if kind == "scheduled" else ""
        who = "" if i % 10 == 0 else f"customer-{i % customers:04d}"
        lines.append(
            f"i-{i},mobile,{at.isoformat()},{end.isoformat()},{kind},{announced},"
            f"{causes[i % len(causes)]},{who}"
        )
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return telemetry, log


def generate_apart(folder: Path, customers: int, minutes: int) -> tuple[Path, Path]:
    """`generate` in a child process: DuckDB's memory there would otherwise stay in this process
    and be inherited, at fork, by every measured child (`ru_maxrss` counts it)."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
            "from benchmarks.uptime import generate; "
            "generate(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))",
            str(ROOT),
            str(folder),
            str(customers),
            str(minutes),
        ],
        check=True,
    )
    return folder / f"telemetry-{customers}.parquet", folder / "incidents.csv"


class Measure:
    """The wall time, CPU time and peak memory of one child process."""

    def __init__(self, argv: list[str], out: Path) -> None:
        with open(out, "wb") as sink:
            began = time.perf_counter()
            child = subprocess.Popen(argv, stdout=sink, stderr=subprocess.DEVNULL, cwd=ROOT)
            _, status, usage = os.wait4(child.pid, 0)
            self.wall = time.perf_counter() - began
        self.code = os.waitstatus_to_exitcode(status)
        self.cpu = usage.ru_utime + usage.ru_stime
        self.peak_mib = usage.ru_maxrss / 1024  # KiB on Linux


def command(telemetry: Path, log: Path, engine: str = "duckdb") -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "eol_check",
        "uptime",
        "--incidents",
        str(log),
        "--telemetry",
        str(telemetry),
        "--service",
        "mobile",
        "--year",
        str(YEAR),
        "--date",
        f"{YEAR + 1}-01-10",
        "--format",
        "json",
        "--engine",
        engine,
    ]
    if engine == "spark":
        argv += ["--spark-master", "local[2]"]
    return argv


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--minutes", type=int, default=525_600, help="per customer (≤ a year)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--linearity", action="store_true", help="also N/4 and N/2 customers")
    parser.add_argument("--pandas", action="store_true", help="the pandas baseline too")
    parser.add_argument("--spark", action="store_true", help="the Spark engine, once")
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="eol-uptime-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        began = time.perf_counter()
        telemetry, log = generate_apart(folder, args.customers, args.minutes)
        rows = args.customers * args.minutes
        size = telemetry.stat().st_size / 2**20
        print(
            f"{rows:,} rows ({args.customers} customers × {args.minutes:,} minutes), "
            f"{size:.0f} MiB Parquet, generated in {time.perf_counter() - began:.1f} s"
        )
        sides = {
            "uptime (duckdb)": command(telemetry, log),
            "floor: duckdb count(*) where": [sys.executable, "-c", FLOOR, str(telemetry)],
            "read all four columns": [sys.executable, "-c", READ_ALL, str(telemetry)],
        }
        if args.pandas:
            sides["pandas"] = [sys.executable, "-c", PANDAS, str(telemetry)]
        times: dict[str, list[Measure]] = {name: [] for name in sides}
        for _ in range(args.runs):
            for index, (name, argv) in enumerate(sides.items()):
                measure = Measure(argv, folder / f"out-{index}.txt")
                if measure.code not in (0, 1):
                    raise SystemExit(f"{name} failed: exit {measure.code}")
                times[name].append(measure)
        floor_wall = statistics.median(m.wall for m in times["floor: duckdb count(*) where"])
        floor_cpu = statistics.median(m.cpu for m in times["floor: duckdb count(*) where"])
        print(
            f"{'side':<30} {'wall s':>8} {'× floor':>8} {'cpu s':>8} {'× floor':>8} {'peak MiB':>9}"
        )
        for name, found in times.items():
            wall = statistics.median(m.wall for m in found)
            cpu = statistics.median(m.cpu for m in found)
            peak = max(m.peak_mib for m in found)
            print(
                f"{name:<30} {wall:8.2f} {wall / floor_wall:8.2f} {cpu:8.2f} "
                f"{cpu / floor_cpu:8.2f} {peak:9.0f}"
            )
        if args.linearity:
            print("linearity of the command (medians; per million rows):")
            for part in (4, 2, 1):
                n = max(args.customers // part, 1)
                if part == 1:
                    sub = telemetry
                else:
                    # In a folder of its own: `generate` also writes an incident log, which must
                    # not replace the one the full-size sides (and --spark's comparison) use.
                    (folder / f"part-{n}").mkdir(exist_ok=True)
                    sub, _ = generate_apart(folder / f"part-{n}", n, args.minutes)
                found = [
                    Measure(command(sub, log), folder / "out-part.txt") for _ in range(args.runs)
                ]
                wall = statistics.median(m.wall for m in found)
                cpu = statistics.median(m.cpu for m in found)
                million = n * args.minutes / 1e6
                print(
                    f"  {n:>4} customers, {n * args.minutes:>11,} rows: wall {wall:7.2f} s "
                    f"({wall / million:.3f} s), cpu {cpu:7.2f} s ({cpu / million:.3f} s), "
                    f"peak {max(m.peak_mib for m in found):.0f} MiB"
                )
        if args.spark:
            measure = Measure(command(telemetry, log, "spark"), folder / "out-spark.txt")
            same = (folder / "out-spark.txt").read_bytes() == (folder / "out-0.txt").read_bytes()
            print(
                f"spark local[2], once: {measure.wall:.1f} s wall, {measure.cpu:.1f} s CPU "
                f"(this process; the JVM's own is not counted), exit {measure.code}, "
                f"answer identical to DuckDB's: {same}"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
