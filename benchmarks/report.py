"""`eol-check report` over a large contracts file, against a bare `csv.reader` pass over it.

    python benchmarks/report.py [--rows 1000000] [--memory 100000,1000000] [--runs 3]
                                [--format csv]

Generates the contracts files in a temporary folder: `--rows` rows over the embedded catalog
with a few hundred distinct product/version texts (ids, names and aliases; `v4.2`-style and
`+build` versions; unknown versions), customers all different, contract dates from a few hundred
month starts, and one bad row in 10,000 (which makes the report exit 1, as it should).

Both sides run as subprocesses of this script, so each time is a whole command with its
interpreter start-up: `eol-check report FILE --date 2026-11-21 --format F` with stdout to a file
in the temporary folder (stderr to /dev/null), and `python -c` reading FILE with `csv.reader`
and nothing else. They alternate, `--runs` times each; the medians of wall time and of CPU time
(user + system, from `os.wait4`: less disturbed by other work on a shared machine) and their
ratios are printed (target: ≤ 2×). Peak memory is each child's own `ru_maxrss` (from
`os.wait4`), for the command on files of the `--memory` sizes: it should stay flat as the file
grows.
"""

from __future__ import annotations

import argparse
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--memory", default="100000,1000000", help="row counts for peak RSS")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", default="csv", choices=("csv", "json", "text"))
    args = parser.parse_args()
    command = [*eol_check(), "report", "--date", "2026-11-21", "--format", args.format]
    with tempfile.TemporaryDirectory(prefix="eol-check-report-") as tmp:
        folder = Path(tmp)
        sizes = sorted({args.rows, *(int(n) for n in args.memory.split(",") if n)})
        files = {}
        for rows in sizes:
            files[rows] = folder / f"customers-{rows}.csv"
            pairs = generate(files[rows], rows)
        out = folder / "report.out"
        source = files[args.rows]
        print(
            f"{args.rows:,} rows, {pairs} distinct product/version texts, "
            f"{source.stat().st_size / 1e6:.1f} MB; format {args.format}; {args.runs} runs each"
        )
        ours: list[tuple[float, float]] = []
        bare: list[tuple[float, float]] = []
        code = 0
        for _ in range(args.runs):
            wall, cpu, _, code = run([*command, str(source)], out)
            ours.append((wall, cpu))
            wall, cpu, _, _ = run([sys.executable, "-c", BASELINE, str(source)], folder / "bare")
            bare.append((wall, cpu))
        written = out.stat().st_size / 1e6
        print(f"  {'':20} {'wall':>9} {'cpu':>9}   (medians)")
        medians = []
        for name, times in (("eol-check report", ours), ("csv.reader pass", bare)):
            wall, cpu = (statistics.median(t[i] for t in times) for i in (0, 1))
            medians.append((wall, cpu))
            print(f"  {name:20} {wall:8.3f}s {cpu:8.3f}s")
        (wall, cpu), (bare_wall, bare_cpu) = medians
        print(f"  {'ratio':20} {wall / bare_wall:8.2f}x {cpu / bare_cpu:8.2f}x   (target <= 2x)")
        print(f"  (report: exit {code}, {written:.1f} MB written)")
        print("peak RSS of `eol-check report` (ru_maxrss of the child):")
        for rows in (n for n in sizes if str(n) in args.memory.split(",")):
            _, _, rss, _ = run([*command, str(files[rows])], out)
            _, _, bare_rss, _ = run(
                [sys.executable, "-c", BASELINE, str(files[rows])], folder / "b"
            )
            print(f"  {rows:>9,} rows   {rss / 1024:6.1f} MiB   (csv.reader pass: "
                  f"{bare_rss / 1024:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
