"""What the largest inputs cost: time and peak memory of `catalog publish` and of `status`.

    python benchmarks/size.py [--products 800] [--lines-per-product 25]

A synthetic catalog of N products (benchmarks/publish.py's: each of L lines × 3 releases, with
line, major and product End of Life dates), each measurement in a fresh process (peak RSS is per
process; CPU time is user + system, including building the catalog, and moves less with the
load of a shared machine than the wall time):

1. `publish` as the command writes a site: built and written a product at a time, the files
   about every product from temporary files (`publish_site`), against the whole site built in
   memory first and then written (`build_site` + `write_site`, how `publish` worked before
   issue 22), measured in the same run; the two sites must be the same bytes;
2. `eol-check status` of one product in the bundle of that catalog (`--catalog bundle.json`),
   against `status` with the embedded catalog.

The synthetic catalog itself (the input) is built before the clock starts, and its memory is
shown on its own (`catalog only`): it is in every peak. Sizes are configurable: the default
takes a minute or two on a shared 2-core machine; issue 22's largest case is
`--products 100000 --lines-per-product 1`.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from benchmarks.publish import AT, ON, POLICY, synthetic_catalog
from eol_check.publish import build_site, publish_site, write_site
catalog = synthetic_catalog({lines}, {per_product})
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
start = time.perf_counter()
if {mode!r} == "streamed":
    site = publish_site(Path({target!r}), catalog, POLICY, ON, AT)
elif {mode!r} == "whole":
    site = build_site(catalog, POLICY, ON, AT)
    write_site(Path({target!r}), site)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = usage.ru_maxrss * 1024
cpu = usage.ru_utime + usage.ru_stime
files = len(site) if {mode!r} != "catalog" else 0
print(json.dumps({{"seconds": seconds, "cpu": cpu, "peak": peak, "catalog": before,
                  "files": files}}))
"""


def _publish(products: int, per_product: int, mode: str, folder: Path) -> dict[str, float]:
    code = _PROBE.format(
        root=str(ROOT),
        lines=products * per_product,
        per_product=per_product,
        mode=mode,
        target=str(folder / mode),
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return result


_STATUS = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run([sys.executable, "-m", "eol_check", *sys.argv[1:]], capture_output=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "peak": peak, "code": done.returncode}))
"""


def _status(*argv: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _STATUS, *argv],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return result


def _same(one: Path, other: Path) -> bool:
    """Whether the two folders hold the same files with the same bytes."""
    compared = filecmp.dircmp(one, other)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(one, other, compared.common_files, shallow=False)
    return not mismatch and not errors and all(_same(one / d, other / d) for d in compared.subdirs)


def _step(what: str) -> None:
    """Progress on stderr, with the clock and the load."""
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{time.strftime('%H:%M:%S')} {what} (load {load})", file=sys.stderr, flush=True)


def _mib(value: float) -> str:
    return f"{value / 2**20:7.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=800, help="products of the catalog")
    parser.add_argument("--lines-per-product", type=int, default=25, help="lines of each")
    parser.add_argument("--no-whole", action="store_true", help="skip the in-memory baseline")
    parser.add_argument(
        "--no-compare", action="store_true", help="skip comparing the two sites byte by byte"
    )
    args = parser.parse_args()
    products, per = args.products, args.lines_per_product
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _step("the catalog alone")
        runs = {"catalog only": _publish(products, per, "catalog", folder)}
        if not args.no_whole:
            _step("publish, the whole site in memory")
            runs["whole site in memory"] = _publish(products, per, "whole", folder)
        _step("publish, a product at a time")
        runs["a product at a time"] = _publish(products, per, "streamed", folder)
        _step("done")
        streamed = runs["a product at a time"]
        print(
            f"publish of {products:,} products ({products * per:,} lines, "
            f"{int(streamed['files']):,} files)"
        )
        for name, run in runs.items():
            print(
                f"  {name:<22} {run['seconds']:7.1f} s  (CPU {run['cpu']:6.1f} s)  "
                f"peak {_mib(run['peak'])}"
            )
        if "whole site in memory" in runs:
            whole = runs["whole site in memory"]
            print(f"  memory ratio (streamed / whole): {streamed['peak'] / whole['peak']:.2f}")
            catalog = runs["catalog only"]["peak"]
            ratio = (streamed["peak"] - catalog) / (whole["peak"] - catalog)
            print(f"  memory above the catalog's (streamed / whole): {ratio:.2f}")
            if not args.no_compare:
                _step("comparing the two sites")
                print(f"  the same bytes: {_same(folder / 'whole', folder / 'streamed')}")
        _step("status")
        bundle = folder / "streamed" / "catalog.json"
        embedded = _status("status", "oas", "--date", "2026-11-21")
        big = _status("status", "p0", "--catalog", str(bundle), "--date", "2026-11-21")
        print(f"status of one product in that bundle ({bundle.stat().st_size / 2**20:.1f} MiB)")
        for name, run in (("embedded catalog", embedded), ("the bundle", big)):
            print(
                f"  {name:<22} {run['seconds']:7.2f} s  peak {_mib(run['peak'])}"
                f"  (exit {int(run['code'])})"
            )
        print(f"  time ratio (bundle / embedded): {big['seconds'] / embedded['seconds']:.1f}")
        _step("removing the sites")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
