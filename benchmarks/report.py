"""`eol-check report` on a large contracts file: the command, its paths, a csv.reader pass.

    python benchmarks/report.py [--rows 1000000] [--memory 100000,1000000] [--runs 3]
                                [--format csv]

Generates the contracts files in a temporary folder: `--rows` rows over the embedded catalog
with a few hundred distinct product/version texts (ids, names and aliases; `v4.2`-style and
`+build` versions; unknown versions), customers all different, contract dates from a few hundred
month starts, and one bad row in 10,000 (which makes the report exit 1, as it should).

Every side runs as a subprocess of this script, so each time is a whole command with its
interpreter start-up, stdout to a file in the temporary folder (stderr to /dev/null):
- `eol-check report FILE --date 2026-11-21 --format F`: the command, with its shortcut;
- the straightforward path: the same `write_report` with `shortcut=False` (csv.reader → contract
  → report row → format), the baseline the shortcut must beat by 1.5× to be kept;
- `python -c` reading FILE with `csv.reader` and nothing else: the floor (target ≤ 2×).
They alternate, `--runs` times each; the medians of wall time and of CPU time (user + system,
from `os.wait4`: less disturbed by other work on a shared machine) and their ratios are printed.
Peak memory is each child's own `ru_maxrss` (from `os.wait4`), for the command on files of the
`--memory` sizes: it should stay flat as the file grows.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eol_check._data import data_dir
from eol_check.catalog import load_catalog

BASELINE = (
    "import csv, sys\n"
    "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
    "    for row in csv.reader(f):\n"
    "        pass\n"
)

# The report's `write_report` on the embedded data, as the command calls it, without its
# shortcut. argv: FILE FORMAT DATE.
STRAIGHTFORWARD = (
    "import sys\n"
    "from datetime import date\n"
    "from pathlib import Path\n"
    "from eol_check import Report, load_catalog, load_policy\n"
    "from eol_check._report_output import write_report\n"
    "report = Report(load_catalog(), load_policy(), date.fromisoformat(sys.argv[3]))\n"
    "write_report(Path(sys.argv[1]), sys.stdout, sys.argv[2], report, warn=lambda line: None"
    ", shortcut=False)\n"
)


def versions() -> list[tuple[str, str]]:
    """A few hundred distinct (product, version) texts over the embedded catalog."""
    catalog = load_catalog(data_dir() / "catalog")
    pairs = []
    for product in catalog.products:
        for name in product.names:
            for release in product.releases:
                v = release.version
                pairs.append((name, str(v)))
                pairs.append((name, f"v{v}"))
                pairs.append((name, f"{v}+build.{v.maintenance * 7 + 11}"))
            pairs.append((name, "4.9.9"))  # unknown
    return pairs


def generate(path: Path, rows: int, seed: int = 20261121) -> int:
    """Write a contracts CSV of `rows` rows; return how many distinct product/version pairs."""
    rng = random.Random(seed)
    pairs = versions()
    regions = ["na", "emea", "apac", "india", "", "EMEA", "Asia Pacific"]
    months = [f"{y}-{m:02d}-01" for y in range(2019, 2030) for m in range(1, 13)]
    paid = ["yes", "yes", "yes", "true", "no", ""]
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("customer,product,version,region,tier,start,end,paid_up\n")
        lines = []
        for n in range(rows):
            product, version = rng.choice(pairs)
            if n % 10_000 == 9_999:
                version = "not-a-version"  # a bad row: kept as an error row, exit 1
            start = rng.randrange(len(months) - 40)
            end = start + rng.choice((12, 24, 36))
            lines.append(
                f"customer-{n:07d},{product},{version},{rng.choice(regions)},"
                f"{rng.choice(('L1', 'L2', ''))},{months[start]},{months[end]},{rng.choice(paid)}\n"
            )
            if len(lines) >= 10_000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))
    return len(pairs)


def eol_check() -> list[str]:
    script = Path(sys.executable).parent / "eol-check"
    if script.exists():
        return [str(script)]
    found = shutil.which("eol-check")
    return [found] if found else [sys.executable, "-m", "eol_check"]


def run(argv: list[str], stdout: Path) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (user + system), peak RSS in KiB and exit code of one child."""
    with stdout.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, child.returncode


# A child's ru_maxrss starts from the RSS of the process that forked it: a small launcher
# starts each measured child, so that this script's own memory does not show in the figure.
LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, "
    "stderr=subprocess.DEVNULL)\n"
    "print(os.wait4(child.pid, 0)[2].ru_maxrss)\n"
)


def peak_rss(argv: list[str]) -> int:
    """The peak RSS in KiB of the command `argv` (its output thrown away)."""
    found = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *argv], capture_output=True, text=True, check=True
    )
    return int(found.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--memory", default="100000,1000000", help="row counts for peak RSS")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", default="csv", choices=("csv", "json", "text"))
    args = parser.parse_args()
    date = "2026-11-21"
    command = [*eol_check(), "report", "--date", date, "--format", args.format]
    with tempfile.TemporaryDirectory(prefix="eol-check-report-") as tmp:
        folder = Path(tmp)
        sizes = sorted({args.rows, *(int(n) for n in args.memory.split(",") if n)})
        files = {}
        for rows in sizes:
            files[rows] = folder / f"customers-{rows}.csv"
            pairs = generate(files[rows], rows)
        source = str(files[args.rows])
        sides = {
            "eol-check report": [*command, source],
            "straightforward": [sys.executable, "-c", STRAIGHTFORWARD, source, args.format, date],
            "csv.reader pass": [sys.executable, "-c", BASELINE, source],
        }
        print(
            f"{args.rows:,} rows, {pairs} distinct product/version texts, "
            f"{files[args.rows].stat().st_size / 1e6:.1f} MB; format {args.format}; "
            f"{args.runs} runs each"
        )
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
        outputs: dict[str, str] = {}  # the SHA-256 of what each path wrote
        written = 0
        codes: dict[str, int] = {}
        for _ in range(args.runs):
            for name, argv in sides.items():
                out = folder / f"{len(outputs)}.out"
                wall, cpu, _, codes[name] = run(argv, out)
                times[name].append((wall, cpu))
                if name != "csv.reader pass":
                    digest = hashlib.sha256()
                    with out.open("rb") as f:
                        for block in iter(lambda: f.read(1 << 20), b""):
                            digest.update(block)
                    outputs[name] = digest.hexdigest()
                    written = out.stat().st_size
                out.unlink()
        medians = {
            name: tuple(statistics.median(t[i] for t in runs) for i in (0, 1))
            for name, runs in times.items()
        }
        floor = medians["csv.reader pass"]
        print(
            f"  {'':20} {'wall':>9} {'cpu':>9}   {'rows/s (cpu)':>13}   ratio to the "
            "csv.reader pass (wall, cpu)"
        )
        for name, (wall, cpu) in medians.items():
            print(
                f"  {name:20} {wall:8.3f}s {cpu:8.3f}s   {args.rows / cpu:13,.0f}   "
                f"{wall / floor[0]:5.2f}x {cpu / floor[1]:5.2f}x"
            )
        fast, plain = medians["eol-check report"], medians["straightforward"]
        print(
            f"  the shortcut pays {plain[0] / fast[0]:.2f}x (wall), {plain[1] / fast[1]:.2f}x "
            "(cpu) over the straightforward path (kept when >= 1.5x)"
        )
        same = len(set(outputs.values())) == 1
        print(
            f"  (report: exit {codes['eol-check report']}, "
            f"{written / 1e6:.1f} MB written; every path wrote "
            f"{'the same bytes' if same else 'DIFFERENT bytes'})"
        )
        print("peak RSS of `eol-check report` (ru_maxrss of the child):")
        for rows in (n for n in sizes if str(n) in args.memory.split(",")):
            rss = peak_rss([*command, str(files[rows])])
            bare_rss = peak_rss([sys.executable, "-c", BASELINE, str(files[rows])])
            print(
                f"  {rows:>9,} rows   {rss / 1024:6.1f} MiB   (csv.reader pass: "
                f"{bare_rss / 1024:.1f} MiB)"
            )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
