"""How long a business-hours deadline takes, and what closed days and the holidays seam cost.

    python benchmarks/sla.py [--deadlines N] [--repeat R] [--pandas N] [--before REF]

N random report times in 2026 (default 100,000), spread over the four regions of the policy
(§1.2), each turned into a deadline 1 and 72 business hours later (SPEC §3.4: the S4 response and
a short one). The cost must not grow hour by hour with the hours added: whole weeks are skipped at
once and the rest is walked a day at a time, so the target is 72 h costing at most 1.5x 1 h.

The same 72 h deadlines on holiday calendars (the regions closed on the public holidays of US-NY,
DE, SG and IN, SPEC §3.4) must cost at most 1.5x the plain 72 h ones.

Start-up: `eol-check check` on the embedded policy (which names no calendar, so `holidays` is
never imported) next to `python -c pass`, alternating runs; with `--before REF` the same command
from the source tree of git revision REF too (e.g. the main branch before closed days), so a
regression shows in the same run.

If pandas is importable, `pandas.offsets.CustomBusinessHour` is timed on the same starts (as naive
local times: it knows no time zones) for comparison; pandas is not a dependency of eol-check.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchmarks._timing import best_of
from eol_check._record import replace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eol_check._data import data_dir
from eol_check.business_hours import BusinessCalendar, business_calendar
from eol_check.policy import Region, load_policy

TARGET_RATIO = 1.5
# The public holidays each region closes on in the holiday runs (the embedded policy names none).
CALENDARS = {"na": "US-NY", "emea": "DE", "apac": "SG", "india": "IN"}
CHECK = [
    "check",
    "oas",
    "4.3.2",
    "--severity",
    "S2",
    "--region",
    "emea",
    "--reported-at",
    "2026-11-20T17:00:00+01:00",
]


def report_times(
    count: int, regions: tuple[Region, ...], seed: int = 20240808
) -> list[tuple[datetime, Region]]:
    """`count` random moments of 2026 (aware, UTC, whole minutes), each with a region."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    minutes = 365 * 24 * 60
    return [
        (start + timedelta(minutes=rng.randrange(minutes)), rng.choice(regions))
        for _ in range(count)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadlines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--pandas",
        type=int,
        default=20_000,
        metavar="N",
        help="how many deadlines to give pandas (it is slow); 0 to skip",
    )
    parser.add_argument("--runs", type=int, default=30, help="start-up runs of each command")
    parser.add_argument(
        "--before",
        metavar="REF",
        help="also time `check` start-up from this git revision's source tree",
    )
    args = parser.parse_args(argv)

    policy = load_policy(data_dir() / "policy.toml")
    pairs = [
        (start, business_calendar(region))
        for start, region in report_times(args.deadlines, policy.regions)
    ]

    def deadlines(hours: float) -> Callable[[], list[datetime]]:
        return lambda: [calendar.add(start, hours) for start, calendar in pairs]

    deadlines(72)()  # warm up: each calendar builds its per-year table of unusual days once
    one = best_of(args.repeat, deadlines(1))
    many = best_of(args.repeat, deadlines(72))
    n = len(pairs)
    ratio = many / one
    print(f"{n:,} deadlines each, best of {args.repeat} runs, Python {sys.version.split()[0]}")
    print(f"  1 business hour    {one / n * 1e6:7.2f} µs per deadline  ({one:.3f} s)")
    print(f"  72 business hours  {many / n * 1e6:7.2f} µs per deadline  ({many:.3f} s)")
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"  ratio 72 h / 1 h   {ratio:7.2f}x  (target ≤ {TARGET_RATIO}x: {verdict})")

    closed = {
        id(business_calendar(r)): business_calendar(replace(r, holidays=CALENDARS.get(r.id)))
        for r in policy.regions
    }
    on_holidays = [(start, closed[id(calendar)]) for start, calendar in pairs]

    def holiday_deadlines() -> list[datetime]:
        return [calendar.add(start, 72) for start, calendar in on_holidays]

    holiday_deadlines()  # warm up: each year's holidays are computed once per calendar
    holiday = best_of(args.repeat, holiday_deadlines)
    holiday_ratio = holiday / many
    verdict = "OK" if holiday_ratio <= TARGET_RATIO else "OVER TARGET"
    shown = ", ".join(f"{k} {v}" for k, v in CALENDARS.items())
    print(
        f"  72 h, holidays     {holiday / n * 1e6:7.2f} µs per deadline  ({holiday:.3f} s; {shown})"
    )
    print(
        f"  ratio holidays / plain 72 h {holiday_ratio:5.2f}x  (target ≤ {TARGET_RATIO}x:"
        f" {verdict})"
    )
    ok = ratio <= TARGET_RATIO and holiday_ratio <= TARGET_RATIO

    if args.pandas:
        _compare_with_pandas(pairs[: args.pandas], many / n, args.repeat)
    if args.runs:
        ok = _startup(args.runs, args.before) and ok
    return 0 if ok else 1


def _startup(runs: int, before: str | None) -> bool:
    """Median start-up of `check` (this tree, and REF's) next to `python -c pass`."""
    import os
    import statistics
    import subprocess
    import tempfile

    here = Path(__file__).resolve().parent.parent
    trees = {"this tree": here}
    with tempfile.TemporaryDirectory(prefix="eol-check-before-") as tmp:
        if before is not None:
            archive = subprocess.run(
                ["git", "-C", str(here), "archive", before], capture_output=True, check=False
            )
            if archive.returncode != 0:
                print(f"--before {before}: {archive.stderr.decode(errors='replace').strip()}")
                return False
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
            trees = {f"{before}": Path(tmp), **trees}
        commands = {"python -c pass": [sys.executable, "-c", "pass"]}
        for name, tree in trees.items():
            code = (
                f"import sys; sys.path.insert(0, {str(tree)!r}); from eol_check.cli import main;"
                f" sys.exit(main({CHECK!r}))"
            )
            commands[f"check, {name}"] = [sys.executable, "-c", code]
        # Installed packages run from bytecode (pip compiles them): let each tree write its
        # __pycache__ in the warm-up runs, even where PYTHONDONTWRITEBYTECODE is set.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        for argv in commands.values():  # warm the file cache and write bytecode
            for _ in range(3):
                subprocess.run(argv, stdout=subprocess.DEVNULL, check=False, env=env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, argv in commands.items():
                began = time.perf_counter()
                subprocess.run(argv, stdout=subprocess.DEVNULL, check=False, env=env)
                times[name].append(time.perf_counter() - began)
    # The fastest run is what the code costs; the median adds what the machine's load costs.
    fastest = {name: min(values) for name, values in times.items()}
    medians = {name: statistics.median(values) for name, values in times.items()}
    bare = fastest["python -c pass"]
    print(f"start-up, {runs} alternating runs ({' '.join(CHECK[:3])} …), fastest and median:")
    for name in times:
        print(
            f"  {name:<24} {fastest[name] * 1000:7.1f} ms  {medians[name] * 1000:7.1f} ms  "
            f"{fastest[name] / bare:5.2f}x python -c pass"
        )
    if before is None:
        return True
    then, now = fastest[f"check, {before}"], fastest["check, this tree"]
    # A regression is a clear one: more than 5 % of the fastest run.
    verdict = "OK" if now <= then * 1.05 else "SLOWER"
    print(
        f"  this tree / {before}: {now / then:5.2f}x (fastest runs; {verdict}: no regression "
        "is ≤ 1.05x)"
    )
    return now <= then * 1.05


def _compare_with_pandas(
    pairs: list[tuple[datetime, BusinessCalendar]], ours_per_deadline: float, repeat: int
) -> None:
    import importlib

    try:  # imported by name: pandas is not a dependency, and mypy need not know it
        pd = importlib.import_module("pandas")
    except ImportError:
        print("pandas is not installed: no comparison with CustomBusinessHour")
        return
    import warnings

    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    def offset(calendar: BusinessCalendar, hours: int) -> object:
        return pd.offsets.CustomBusinessHour(
            n=hours,
            start=calendar.opens.strftime("%H:%M"),
            end=calendar.closes.strftime("%H:%M"),
            weekmask=" ".join(days[d] for d in sorted(calendar.workdays)),
        )

    offsets = {id(c): offset(c, 72) for _, c in pairs}
    # pandas' business hours are wall-clock only: give it naive local times.
    local = [
        (pd.Timestamp(start.astimezone(c.zone).replace(tzinfo=None)), offsets[id(c)])
        for start, c in pairs
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = best_of(max(1, repeat // 2), lambda: [ts + off for ts, off in local])
        answers = [ts + off for ts, off in local]
    ours = [c.add(start, 72) for start, c in pairs]
    same = closing = 0
    for theirs_due, our_due, (_, calendar) in zip(answers, ours, pairs, strict=True):
        if theirs_due.to_pydatetime() == our_due.replace(tzinfo=None):
            same += 1
        elif (
            our_due.time() == calendar.closes
            and theirs_due.to_pydatetime() == calendar.clock_start(our_due).replace(tzinfo=None)
        ):
            closing += 1  # SPEC §3.4 keeps a closing time; pandas moves it to the next opening
    per = theirs / len(local)
    print(f"pandas {pd.__version__} CustomBusinessHour, 72 business hours, {len(local):,} starts:")
    print(f"  {per * 1e6:7.2f} µs per deadline: eol-check is {per / ours_per_deadline:.1f}x faster")
    print(
        f"  same deadline (naive local times): {same:,}; on a closing time, which pandas moves "
        f"to the next opening: {closing:,}; other differences: {len(local) - same - closing:,}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
