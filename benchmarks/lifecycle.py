"""How long one lifecycle answer takes, against the dict look-up of the release it answers for.

    python benchmarks/lifecycle.py [--calls N] [--repeat R]

`version_status` is called N times (default 1,000,000: a report over a large contracts file,
before any caching) for versions of a synthetic product of 40 lines × 12 releases with line,
major and product EOL dates, on dates spread over 15 years. The baseline, measured in the same
run on the same inputs, is `product.release(version)`: the one look-up the answer cannot avoid.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._timing import best_of
from eol_check.catalog import Product, Release
from eol_check.lifecycle import version_status
from eol_check.policy import Policy
from eol_check.version import Version

POLICY = Policy(6, 12, {}, (), ())


def synthetic_product(seed: int = 20240808) -> Product:
    """A product of 8 majors × 5 lines × 12 releases, with EOL dates on lines and majors."""
    rng = random.Random(seed)
    releases = []
    eol: dict[str, date] = {}
    start = date(2015, 1, 5)
    for major in range(1, 9):
        for minor in range(5):
            first = start + timedelta(days=(major * 5 + minor) * 90)
            for maintenance in range(12):
                day = first + timedelta(days=maintenance * 30 + rng.randrange(10))
                releases.append(Release(Version(major, minor, maintenance), day))
            if rng.random() < 0.6:
                eol[f"{major}.{minor}"] = first + timedelta(days=rng.randrange(400, 2000))
        if major < 7:
            eol[str(major)] = start + timedelta(days=major * 5 * 90 + 1500)
    return Product("p", "P", (), tuple(releases), eol, {}, date(2031, 6, 30))


def inputs(product: Product, calls: int, seed: int = 7) -> list[tuple[Version, date]]:
    rng = random.Random(seed)
    versions = [r.version for r in product.releases]
    days = [date(2016, 1, 1) + timedelta(days=d) for d in range(0, 15 * 365, 7)]
    return [(rng.choice(versions), rng.choice(days)) for _ in range(calls)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    product = synthetic_product()
    work = inputs(product, args.calls)

    def answers() -> None:
        for version, on in work:
            version_status(product, version, POLICY, on)

    def lookups() -> None:
        release = product.release
        for version, _on in work:
            release(version)

    ours = best_of(args.repeat, answers)
    base = best_of(args.repeat, lookups)
    per_call = ours / args.calls * 1e6
    print(f"{args.calls:,} calls on {len(product.releases)} releases in {len(product.lines)} lines")
    print(f"version_status   {ours:8.3f}s  {per_call:6.2f} µs/call")
    print(f"release look-up  {base:8.3f}s  {base / args.calls * 1e6:6.2f} µs/call")
    print(f"ratio            {ours / base:8.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
