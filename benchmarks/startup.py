"""Start-up time of the CLI against a bare interpreter, measured in the same run.

    python benchmarks/startup.py [--runs N]

For each command row, runs it and `python -c pass` alternately N times and prints the median wall
times and their ratio. Target: check, status and preflight ≤ 3.5×, classify ≤ 2.5×
(docs/architecture.md, "Start-up", says what each command imports, what is deferred, and the
figures).

    python benchmarks/startup.py --against OTHER/bin/eol-check

also runs another installation's `eol-check` (another tree, e.g. main before a change) in the same
rounds, interleaved with this one and the bare interpreter, and prints its ratio beside ours.

Installed packages run from compiled bytecode (pip writes it at install time), so the runs here
let Python write `__pycache__` even where PYTHONDONTWRITEBYTECODE is set, and the warm-up runs
fill it; `--no-bytecode` measures the recompile-every-time case instead.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# (row name, arguments after `eol-check`); rows whose command does not exist yet are skipped.
ROWS: list[tuple[str, list[str]]] = [
    ("classify", ["classify", "4.2.0", "4.2.1"]),
    ("status", ["status", "oas", "4.2.1", "--date", "2026-11-21"]),
    ("status-all", ["status", "oas", "--date", "2026-11-21"]),
    ("validate", ["catalog", "validate", "--date", "2026-11-21"]),
    (
        "preflight",
        ["preflight", "oas", "--installed", "5.0.1", "--target", "6.0.2", "--date", "2026-11-21"],
    ),
    (
        "check",
        [
            "check",
            "oas",
            "4.3.2",
            "--severity",
            "S2",
            "--region",
            "emea",
            "--reported-at",
            "2026-11-20T17:00:00+01:00",
        ],
    ),
    (
        "report",
        [
            "report",
            str(Path(__file__).resolve().parent.parent / "examples" / "customers.csv"),
            "--date",
            "2026-11-21",
        ],
    ),
    ("export-eol", ["catalog", "export", "--format", "endoflife", "--date", "2026-11-21"]),
]


def _eol_check() -> list[str]:
    script = Path(sys.executable).parent / "eol-check"
    if script.exists():
        return [str(script)]
    found = shutil.which("eol-check")
    return [found] if found else [sys.executable, "-m", "eol_check"]


ENV = dict(os.environ)


#: Measure the CPU time of each run (user + system, of the child) instead of its wall time.
CPU = False


def _time(argv: list[str]) -> float:
    if CPU:  # steadier than wall time on a machine shared with other work
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - start


def measure(commands: list[list[str]], runs: int) -> tuple[list[float], float]:
    """Median seconds of each command line and of `python -c pass`, interleaved run by run."""
    base = [sys.executable, "-c", "pass"]
    times: list[list[float]] = [[] for _ in commands]
    bare: list[float] = []
    for _ in range(3):  # warm the file cache
        for argv in commands:
            _time(argv)
        _time(base)
    for _ in range(runs):
        for argv, seen in zip(commands, times, strict=True):
            seen.append(_time(argv))
        bare.append(_time(base))
    return [statistics.median(seen) for seen in times], statistics.median(bare)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--no-bytecode", action="store_true", help="measure without compiled bytecode"
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="measure CPU time (user + system) instead of wall time: steadier on a busy machine",
    )
    parser.add_argument(
        "--against",
        metavar="EOL_CHECK",
        help="another installation's eol-check script, measured in the same rounds",
    )
    args = parser.parse_args()
    global CPU
    CPU = args.cpu
    if args.no_bytecode:  # read no cached bytecode (an empty cache folder) and write none
        import tempfile

        ENV["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="eol-check-no-pyc-")
        ENV["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    commands = [_eol_check()] + ([[args.against]] if args.against else [])
    header = f"{'row':<12} {'eol-check':>10} {'python -c pass':>15} {'ratio':>6}"
    if args.against:
        header += f" {'against':>10} {'ratio':>6}"
    print(header)
    for name, rest in ROWS:
        lines = [command + rest for command in commands]
        probes = [
            subprocess.run(argv, capture_output=True, text=True, check=False, env=ENV)
            for argv in lines
        ]
        failed = next((p for p in probes if p.returncode not in (0, 1)), None)
        if failed is not None:
            print(f"{name:<12} skipped (exit {failed.returncode}: {failed.stderr.strip()[:60]})")
            continue
        medians, bare = measure(lines, args.runs)
        row = (
            f"{name:<12} {medians[0] * 1000:>8.1f}ms {bare * 1000:>13.1f}ms "
            f"{medians[0] / bare:>5.2f}×"
        )
        if args.against:
            row += f" {medians[1] * 1000:>8.1f}ms {medians[1] / bare:>5.2f}×"
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
