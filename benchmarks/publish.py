"""How long `catalog publish` takes, and how it grows with the number of lines.

    python benchmarks/publish.py [--repeat R] [--lines 250,500,1000,2000]

1. The embedded catalog, as a user runs it: `eol-check catalog publish DIR` in a fresh
   interpreter (best of R), against `python -c pass` measured in the same run.
2. Scaling: synthetic catalogs of N lines (products of 25 lines × 3 releases, with line, major
   and product End of Life dates), built and written in-process, best of R rounds, the sizes
   interleaved in each round. Each time is shown against the smallest catalog's: linear growth
   keeps `time ratio / lines ratio` near 1.
3. The floor: writing the same files (same paths, same bytes) with plain `Path.write_bytes`,
   the I/O the site cannot avoid, measured in the same run for the largest catalog.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._timing import best_of
from eol_check.catalog import Catalog, Product, Release, load_catalog
from eol_check.policy import load_policy
from eol_check.publish import build_site, write_site
from eol_check.version import Version

ROOT = Path(__file__).resolve().parent.parent
POLICY = load_policy(ROOT / "data" / "policy.toml")
ON = date(2026, 11, 21)
AT = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
LINES_PER_PRODUCT = 25


def synthetic_catalog(lines: int, per_product: int = LINES_PER_PRODUCT) -> Catalog:
    """A catalog of `lines` lines: products of `per_product` lines (25: 5 majors × 5 minors),
    each of 3 releases."""
    products = []
    for number in range((lines + per_product - 1) // per_product):
        count = min(per_product, lines - number * per_product)
        releases = []
        eol: dict[str, date] = {}
        # (the start cycles: a later one would put a release after the product's End of Life)
        start = date(2012, 1, 2) + timedelta(days=number % 2000)
        for index in range(count):
            major, minor = divmod(index, 5)
            first = start + timedelta(days=index * 120)
            for maintenance in range(3):
                day = first + timedelta(days=maintenance * 35)
                releases.append(Release(Version(major + 1, minor, maintenance), day))
            if index % 3:
                eol[f"{major + 1}.{minor}"] = first + timedelta(days=900)
        eol["1"] = start + timedelta(days=1500)
        products.append(
            Product(
                f"p{number}",
                f"Product {number}",
                (f"P{number}",),
                tuple(releases),
                eol,
                {},
                date(2031, 6, 30) if number % 2 else None,
            )
        )
    return Catalog(tuple(products))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lines", default="250,500,1000,2000")
    args = parser.parse_args()
    sizes = [int(n) for n in args.lines.split(",")]
    work = Path(tempfile.mkdtemp(prefix="eol-check-publish-bench-"))
    try:
        target = work / "site"
        command = [
            sys.executable,
            "-m",
            "eol_check",
            "catalog",
            "publish",
            str(target),
            "--date",
            ON.isoformat(),
        ]
        cli = best_of(
            args.repeat, lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        )
        bare = best_of(
            args.repeat, lambda: subprocess.run([sys.executable, "-c", "pass"], check=True)
        )
        embedded = load_catalog(ROOT / "data" / "catalog")
        site = build_site(embedded, POLICY, ON, AT)
        inproc = best_of(
            args.repeat, lambda: write_site(target, build_site(embedded, POLICY, ON, AT))
        )
        print(f"embedded catalog ({site.products} products, {site.lines} lines, {len(site)} files)")
        print(
            f"  eol-check catalog publish   {cli * 1000:7.1f} ms   "
            f"({cli / bare:.1f}x python -c pass: {bare * 1000:.1f} ms)"
        )
        print(f"  build + write in-process    {inproc * 1000:7.1f} ms")
        print()
        print(
            f"{'lines':>6} {'files':>6} {'time':>10} {'per line':>10} "
            f"{'time ratio':>11} {'lines ratio':>12} {'ratio/ratio':>12}"
        )
        catalogs = {lines: synthetic_catalog(lines) for lines in sizes}
        best = dict.fromkeys(sizes, float("inf"))
        for _ in range(args.repeat):  # rounds interleaved: a busy moment hits every size alike
            for lines, catalog in catalogs.items():
                start = time.perf_counter()
                write_site(target, build_site(catalog, POLICY, ON, AT))
                best[lines] = min(best[lines], time.perf_counter() - start)
        last_site = build_site(catalogs[sizes[-1]], POLICY, ON, AT)
        for lines in sizes:
            elapsed = best[lines]
            files = len(build_site(catalogs[lines], POLICY, ON, AT))
            time_ratio = elapsed / best[sizes[0]]
            lines_ratio = lines / sizes[0]
            print(
                f"{lines:>6} {files:>6} {elapsed * 1000:>8.1f}ms "
                f"{elapsed / lines * 1e6:>8.0f}us {time_ratio:>11.2f} {lines_ratio:>12.2f} "
                f"{time_ratio / lines_ratio:>12.2f}"
            )
        floor_dir = work / "floor"

        def floor() -> None:
            shutil.rmtree(floor_dir, ignore_errors=True)
            for name, content in last_site.files.items():
                path = floor_dir / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)

        floor_time = best_of(args.repeat, floor)
        print()
        print(
            f"floor for {sizes[-1]} lines: the same {len(last_site)} files written with "
            f"Path.write_bytes: {floor_time * 1000:.1f} ms; publish is "
            f"{best[sizes[-1]] / floor_time:.1f}x that"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
