"""`eol-check uptime` on a year of per-minute telemetry: the command, DuckDB's own scan, pandas.

    python benchmarks/uptime.py [--customers 100] [--minutes 525600] [--runs 3]
                                [--encoding both|plain|v2] [--csv] [--linearity] [--pandas]
                                [--spark] [--keep DIR]

Generates, in a temporary folder, `--customers` × `--minutes` rows of Mobile Server telemetry for
2026 (`customer, minute, requests, errors`; 100 × 525,600 = 52.6 million rows by default) with a
few Downtime bursts per customer, and an incident log of a few hundred incidents (scheduled,
unscheduled, excluded causes). The telemetry is written by DuckDB as Parquet twice, the same rows
(`--encoding both`, the default): `plain`, DuckDB's default Parquet 1 encodings (the minute column
PLAIN 64-bit integers, most of the file), and `v2`, `PARQUET_VERSION V2` (the sorted minute column
DELTA_BINARY_PACKED, as Parquet 2 writers — DuckDB, pyarrow, Spark with Parquet 2 — write it).
Each column's encoding and size are printed. With `--csv`, the same rows also as CSV (minutes as
ISO 8601 text; the CSV path that `account-report` uses too). Then, for each file, each side as a
subprocess of this script (a whole command with its interpreter start-up), alternating, `--runs`
times:
- `eol-check uptime --service mobile --format json` on DuckDB: the command;
- `python -c` DuckDB `SELECT count(*) … WHERE errors * 10 > requests` on the same file: the floor
  (target: the command within 2× of it);
- `python -c` DuckDB reading all four columns (sums): what any exact answer must at least read;
- with `--pandas`: a straightforward pandas implementation (read, sum duplicates, count Downtime
  minutes per customer): the baseline (needs pandas and pyarrow, which eol-check does not);
- with `--spark`: the command on `--engine spark --spark-master local[2]`, once, for the record.
Prints the medians of wall time and CPU time (user + system, `os.wait4`), their ratios to the
floor of the same file, each child's peak memory (`ru_maxrss`), the load average, and whether the
command's answer is byte-identical on every file. `--linearity` also times the command on N/4
and N/2 customers (the last Parquet encoding) and prints the time per million rows.
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

FLOOR_SIDE = "floor: duckdb count(*) where"
FLOOR = """
import sys, duckdb
con = duckdb.connect()
reader = "read_csv" if sys.argv[1].endswith(".csv") else "read_parquet"
print(con.execute(f"SELECT count(*) FROM {reader}(?) WHERE errors * 10 > requests",
                  [sys.argv[1]]).fetchone()[0])
"""

# What any exact answer must at least do: read the four columns (the minute column is most of
# the file; the floor reads neither it nor the customer). Not a target, a bound to compare with.
READ_ALL = """
import sys, duckdb
con = duckdb.connect()
reader = "read_csv" if sys.argv[1].endswith(".csv") else "read_parquet"
print(con.execute("SELECT count(customer), sum(requests), sum(errors), sum(epoch_us(minute)) "
                  f"FROM {reader}(?)", [sys.argv[1]]).fetchone())
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


#: How each encoding is written: DuckDB's `COPY … TO` options (`csv`: with `--csv` only).
ENCODINGS = {"plain": "FORMAT parquet", "v2": "FORMAT parquet, PARQUET_VERSION V2"}
CSV = "FORMAT csv, HEADER"


def telemetry_path(folder: Path, customers: int, encoding: str) -> Path:
    suffix = "csv" if encoding == "csv" else "parquet"
    return folder / f"telemetry-{customers}-{encoding}.{suffix}"


def generate(
    folder: Path, customers: int, minutes: int, encodings: tuple[str, ...] = ("plain",)
) -> tuple[list[Path], Path]:
    """The telemetry Parquet files (one per encoding, the same rows) and the incident log, written
    into `folder`; prints each file's columns with their encodings and compressed sizes."""
    import duckdb

    files = [telemetry_path(folder, customers, encoding) for encoding in encodings]
    telemetry = files[0]
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
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
        ) TO '{telemetry}' ({ENCODINGS[encodings[0]]})
        """
    )
    for encoding, other in zip(encodings[1:], files[1:], strict=True):
        # The same rows in the same order, only encoded otherwise (CSV: minutes as ISO 8601 text).
        if encoding == "csv":
            rows = (
                "SELECT customer, strftime(minute, '%Y-%m-%dT%H:%M:%SZ') AS minute, requests, "
                f"errors FROM read_parquet('{telemetry}')"
            )
        else:
            rows = f"SELECT * FROM read_parquet('{telemetry}')"
        con.execute(f"COPY ({rows}) TO '{other}' ({ENCODINGS.get(encoding, CSV)})")
    for encoding, path in zip(encodings, files, strict=True):
        if encoding == "csv":
            print(f"  csv: {path.stat().st_size / 2**20:.1f} MiB", flush=True)
            continue
        columns = con.execute(
            "SELECT path_in_schema, any_value(encodings), sum(total_compressed_size) / 2 ** 20 "
            "FROM parquet_metadata(?) GROUP BY path_in_schema ORDER BY path_in_schema",
            [str(path)],
        ).fetchall()
        shown = ", ".join(f"{name} {kind} {mib:.1f} MiB" for name, kind, mib in columns)
        print(f"  {encoding}: {shown}", flush=True)
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
    return files, log


def generate_apart(
    folder: Path, customers: int, minutes: int, encodings: tuple[str, ...]
) -> tuple[list[Path], Path]:
    """`generate` in a child process: DuckDB's memory there would otherwise stay in this process
    and be inherited, at fork, by every measured child (`ru_maxrss` counts it)."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
            "from benchmarks.uptime import generate; "
            "generate(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), "
            "tuple(sys.argv[5].split(',')))",
            str(ROOT),
            str(folder),
            str(customers),
            str(minutes),
            ",".join(encodings),
        ],
        check=True,
    )
    files = [telemetry_path(folder, customers, encoding) for encoding in encodings]
    return files, folder / "incidents.csv"


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


def _median(found: list[Measure], what: str) -> float:
    values: list[float] = [getattr(m, what) for m in found]
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--minutes", type=int, default=525_600, help="per customer (≤ a year)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--encoding",
        choices=["both", *ENCODINGS],
        default="both",
        help="the Parquet file(s) to measure on (default both: the same rows, each encoding)",
    )
    parser.add_argument(
        "--csv",
        action="store_true",
        help="also the same rows as CSV (heavy: use a small --customers), with its own floor",
    )
    parser.add_argument("--linearity", action="store_true", help="also N/4 and N/2 customers")
    parser.add_argument("--pandas", action="store_true", help="the pandas baseline too")
    parser.add_argument("--spark", action="store_true", help="the Spark engine, once")
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    args = parser.parse_args()
    parquet = tuple(ENCODINGS) if args.encoding == "both" else (args.encoding,)
    encodings = (*parquet, "csv") if args.csv else parquet
    folder = args.keep or Path(tempfile.mkdtemp(prefix="eol-uptime-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        began = time.perf_counter()
        rows = args.customers * args.minutes
        print(f"{rows:,} rows ({args.customers} customers × {args.minutes:,} minutes)")
        files, log = generate_apart(folder, args.customers, args.minutes, encodings)
        print(f"generated in {time.perf_counter() - began:.1f} s")
        sides: dict[tuple[str, str], list[str]] = {}
        for encoding, telemetry in zip(encodings, files, strict=True):
            sides[encoding, "uptime (duckdb)"] = command(telemetry, log)
            sides[encoding, FLOOR_SIDE] = [sys.executable, "-c", FLOOR, str(telemetry)]
            sides[encoding, "read all four columns"] = [
                sys.executable,
                "-c",
                READ_ALL,
                str(telemetry),
            ]
            if args.pandas and encoding != "csv":
                sides[encoding, "pandas"] = [sys.executable, "-c", PANDAS, str(telemetry)]
        outputs = {key: folder / f"out-{index}.txt" for index, key in enumerate(sides)}
        times: dict[tuple[str, str], list[Measure]] = {key: [] for key in sides}
        for _ in range(args.runs):
            for key, argv in sides.items():
                measure = Measure(argv, outputs[key])
                if measure.code not in (0, 1):
                    raise SystemExit(f"{key[1]} ({key[0]}) failed: exit {measure.code}")
                times[key].append(measure)
        print(f"load average after the runs: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(
            f"{'file':<6} {'side':<30} {'wall s':>8} {'× floor':>8} {'cpu s':>8} {'× floor':>8} "
            f"{'peak MiB':>9}"
        )
        for encoding, telemetry in zip(encodings, files, strict=True):
            floor_wall = _median(times[encoding, FLOOR_SIDE], "wall")
            floor_cpu = _median(times[encoding, FLOOR_SIDE], "cpu")
            for (of, name), found in times.items():
                if of != encoding:
                    continue
                wall, cpu = _median(found, "wall"), _median(found, "cpu")
                print(
                    f"{encoding:<6} {name:<30} {wall:8.2f} {wall / floor_wall:8.2f} {cpu:8.2f} "
                    f"{cpu / floor_cpu:8.2f} {max(m.peak_mib for m in found):9.0f}"
                )
            print(f"{encoding:<6} file size {telemetry.stat().st_size / 2**20:.0f} MiB")
        answers = {outputs[encoding, "uptime (duckdb)"].read_bytes() for encoding in encodings}
        if len(encodings) > 1:
            print(f"the command's answer is identical on every file: {len(answers) == 1}")
        if args.linearity:
            print(f"linearity of the command ({parquet[-1]}; medians; per million rows):")
            for part in (4, 2, 1):
                n = max(args.customers // part, 1)
                if part == 1:
                    sub = files[len(parquet) - 1]
                else:
                    # In a folder of its own: `generate` also writes an incident log, which must
                    # not replace the one the full-size sides (and --spark's comparison) use.
                    (folder / f"part-{n}").mkdir(exist_ok=True)
                    [sub], _ = generate_apart(folder / f"part-{n}", n, args.minutes, parquet[-1:])
                found = [
                    Measure(command(sub, log), folder / "out-part.txt") for _ in range(args.runs)
                ]
                wall, cpu = _median(found, "wall"), _median(found, "cpu")
                million = n * args.minutes / 1e6
                print(
                    f"  {n:>4} customers, {n * args.minutes:>11,} rows: wall {wall:7.2f} s "
                    f"({wall / million:.3f} s), cpu {cpu:7.2f} s ({cpu / million:.3f} s), "
                    f"peak {max(m.peak_mib for m in found):.0f} MiB"
                )
        if args.spark:
            measure = Measure(command(files[0], log, "spark"), folder / "out-spark.txt")
            same = (folder / "out-spark.txt").read_bytes() == outputs[
                encodings[0], "uptime (duckdb)"
            ].read_bytes()
            print(
                f"spark local[2] ({encodings[0]}), once: {measure.wall:.1f} s wall, "
                f"{measure.cpu:.1f} s CPU (this process; the JVM's own is not counted), "
                f"exit {measure.code}, answer identical to DuckDB's: {same}"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
