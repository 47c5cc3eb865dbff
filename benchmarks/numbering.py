"""How long `check_numbering` takes on a long history, against merely parsing it with `semver`.

    python benchmarks/numbering.py [--releases N] [--repeat R]

A synthetic, valid history of N releases (default 100,000): several majors, each with many lines,
maintenance releases back-ported to older lines and to the previous major, release candidates
before each new line. All timings are measured in this run, on the same strings, in interleaved
rounds (each round times every contender once, so a busy machine slows them alike). The target:
validating costs at most 2x the parse alone with `semver.Version.parse`. Linear: the time per
release on N/4, N/2 and N releases stays flat (the rules are a few dict look-ups per release).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import semver

from eol_check.numbering import check_numbering
from eol_check.version import parse_strict

TARGET_RATIO = 2.0


def synthetic_history(count: int, seed: int = 20240808) -> list[str]:
    """`count` versions in a valid publishing order, with back-ports and pre-releases."""
    rng = random.Random(seed)
    history: list[str] = []
    top: dict[tuple[int, int], int] = {}  # line → highest maintenance released
    major, minor = 1, 0
    history.append("1.0.0")
    top[(1, 0)] = 0
    while len(history) < count:
        roll = rng.random()
        if roll < 0.00008:  # a new major, after a release candidate
            major, minor = major + 1, 0
            history.append(f"{major}.0.0-rc.1")
            history.append(f"{major}.0.0")
            top[(major, 0)] = 0
        elif roll < 0.002:  # a new line in the current major
            minor += 1
            history.append(f"{major}.{minor}.0-rc.1")
            history.append(f"{major}.{minor}.0")
            top[(major, minor)] = 0
        else:
            # A maintenance release of the newest line, or a back-port to one of the two lines
            # before it, or to the newest line of the previous major.
            choices = [(major, minor), (major, minor - 1), (major, minor - 2)]
            if major > 1:
                previous = max(m for (j, m) in top if j == major - 1)
                choices.append((major - 1, previous))
            line = rng.choice([c for c in choices if c in top] or [(major, minor)])
            top[line] += 1
            build = f"+build.{len(history)}" if rng.random() < 0.05 else ""
            history.append(f"{line[0]}.{line[1]}.{top[line]}{build}")
    return history[:count]


def interleaved(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Seconds of each run, `repeat` rounds that time every run once, the garbage collector
    paused as timeit does."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - start)
            finally:
                gc.enable()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    history = synthetic_history(args.releases)
    result = check_numbering(history)
    if result.findings:
        raise SystemExit(f"the synthetic history should be clean: {result.findings[:3]}")
    parsed = [parse_strict(text) for text in history]
    majors = len({v.major for v in parsed})
    lines = len({(v.major, v.minor) for v in parsed})
    print(f"history: {len(history):,} releases, {majors} majors, {lines} lines, no findings")

    runs: dict[str, Callable[[], object]] = {
        "semver.Version.parse (baseline)": lambda: [semver.Version.parse(t) for t in history],
        "parse_strict (the parse it uses)": lambda: [parse_strict(t) for t in history],
        "check_numbering(text)": lambda: check_numbering(history),
        "check_numbering(Version)": lambda: check_numbering(parsed),
    }
    times = interleaved(runs, args.repeat)
    base = times["semver.Version.parse (baseline)"]
    print(f"{'':34} {'best':>9} {'median':>9}  ratio (best, median)")
    for name, runs_of in times.items():
        best, median = min(runs_of), statistics.median(runs_of)
        print(
            f"{name:34} {best * 1000:7.1f}ms {median * 1000:7.1f}ms"
            f"  {best / min(base):.2f}x  {median / statistics.median(base):.2f}x"
        )
    # The ratio of each round's two timings, then their median: robust to a busy machine.
    ratios = [c / p for c, p in zip(times["check_numbering(text)"], base, strict=True)]
    ratio = statistics.median(ratios)
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    print(
        f"validating text costs {ratio:.2f}x the parse (median of the rounds' ratios): "
        f"{verdict} the {TARGET_RATIO}x target"
    )
    sizes = [len(history) // 4, len(history) // 2, len(history)]
    per = {}
    for size in sizes:
        part = history[:size]
        best = min(interleaved({"": partial(check_numbering, part)}, args.repeat)[""])
        per[size] = best / size
    shown = ", ".join(f"{size:,}: {per[size] * 1e6:.2f} us" for size in sizes)
    growth = per[sizes[-1]] / per[sizes[0]]
    print(f"linear: time per release {shown} ({growth:.2f}x from N/4 to N)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
