"""What the largest inputs cost: time and peak memory of `catalog publish` and of `status`.

    python benchmarks/size.py [--lines 20000]

A synthetic catalog of N lines (benchmarks/publish.py's: products of 25 lines × 3 releases),
each measurement in a fresh process (peak RSS is per process):

1. `publish` as the command writes a site: built and written a product at a time
   (`publish_site`), against the whole site built in memory first and then written
   (`build_site` + `write_site`, how `publish` worked before), measured in the same run;
2. `eol-check status` of one product in the bundle of that catalog (`--catalog bundle.json`),
   against `status` with the embedded catalog.

Sizes are configurable: the default takes a minute or two on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from benchmarks.publish import AT, ON, POLICY, synthetic_catalog
from eol_check.publish import build_site, publish_site, write_site
catalog = synthetic_catalog({lines})
start = time.perf_counter()
if {streamed}:
    site = publish_site(Path({target!r}), catalog, POLICY, ON, AT)
else:
    site = build_site(catalog, POLICY, ON, AT)
    write_site(Path({target!r}), site)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "peak": peak, "files": len(site),
                  "products": site.products}}))
"""


def _publish(lines: int, streamed: bool, folder: Path) -> dict[str, float]:
    target = folder / ("streamed" if streamed else "whole")
    code = "import json\n" + _PROBE.format(
        root=str(ROOT), lines=lines, streamed=streamed, target=str(target)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000, help="lines of the catalog")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        whole = _publish(args.lines, False, folder)
        streamed = _publish(args.lines, True, folder)
        print(
            f"publish of {int(streamed['products']):,} products ({args.lines:,} lines, "
            f"{int(streamed['files']):,} files)"
        )
        for name, run in (("whole site in memory", whole), ("a product at a time", streamed)):
            print(f"  {name:<22} {run['seconds']:7.1f} s  peak {run['peak'] / 2**20:7.0f} MiB")
        print(f"  memory ratio (streamed / whole): {streamed['peak'] / whole['peak']:.2f}")
        bundle = folder / "streamed" / "catalog.json"
        embedded = _status("status", "oas", "--date", "2026-11-21")
        big = _status("status", "p0", "--catalog", str(bundle), "--date", "2026-11-21")
        print(f"status of one product in that bundle ({bundle.stat().st_size / 2**20:.1f} MiB)")
        for name, run in (("embedded catalog", embedded), ("the bundle", big)):
            print(
                f"  {name:<22} {run['seconds']:7.2f} s  peak {run['peak'] / 2**20:7.0f} MiB"
                f"  (exit {int(run['code'])})"
            )
        print(f"  time ratio (bundle / embedded): {big['seconds'] / embedded['seconds']:.1f}")


if __name__ == "__main__":
    main()
