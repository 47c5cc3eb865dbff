"""The numbering rules on real release histories: how many findings of each code, and how fast.

    python benchmarks/numbering_real.py [DIR] [--product NAME] [--show CODE] [--json]

DIR holds `<product>.json` files, each a JSON list of `[version, date]` pairs, oldest first (the
format of endoflife.date's release data; default: `tests/data/histories`, the 86 real histories the
tests run). Each history is checked as `eol-check numbering` would check it: the versions in that
order, strict SemVer. Prints per level and code the number of findings and of products with one,
then the time against parsing the same strings with `semver` (measured in this run).

`--show CODE` prints every finding of that code (`--product` narrows it to one history), to judge
them by hand; `--json` prints the counts as one JSON object, to compare two versions of the rules.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import semver

from eol_check.numbering import check_numbering

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "histories"


def load_histories(folder: Path) -> dict[str, list[str]]:
    """Every `<product>.json` in `folder`: product → its versions, oldest first."""
    histories = {}
    for path in sorted(folder.glob("*.json")):
        pairs = json.loads(path.read_text(encoding="utf-8"))
        histories[path.stem] = [str(version) for version, _date in pairs]
    if not histories:
        raise SystemExit(f"no <product>.json files in {folder}")
    return histories


def _parse_all(histories: dict[str, list[str]]) -> None:
    for versions in histories.values():
        for text in versions:
            with contextlib.suppress(ValueError):
                semver.Version.parse(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR, metavar="DIR")
    parser.add_argument("--product", help="only this history (the file name without .json)")
    parser.add_argument("--show", metavar="CODE", help="print every finding of CODE")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args()

    histories = load_histories(args.folder)
    if args.product is not None:
        if args.product not in histories:
            raise SystemExit(f"no history {args.product!r} in {args.folder}")
        histories = {args.product: histories[args.product]}

    counts: Counter[str] = Counter()
    products: Counter[str] = Counter()
    invalid_histories = 0
    start = time.perf_counter()
    results = {name: check_numbering(versions) for name, versions in histories.items()}
    checking = time.perf_counter() - start
    for name, result in results.items():
        seen = set()
        for finding in result.findings:
            key = f"{finding.level} {finding.code}"
            counts[key] += 1
            seen.add(key)
            if args.show is not None and str(finding.code) == args.show:
                print(f"{name}: {finding.version}: {finding.message}")
        products.update(seen)
        invalid_histories += not result.valid
    start = time.perf_counter()
    _parse_all(histories)
    parsing = time.perf_counter() - start

    versions = sum(len(v) for v in histories.values())
    if args.json:
        summary = {
            "histories": len(histories),
            "versions": versions,
            "invalid_histories": invalid_histories,
            "findings": dict(sorted(counts.items())),
            "products": dict(sorted(products.items())),
        }
        print(json.dumps(summary, indent=2))
        return 0
    print(
        f"{len(histories)} histories, {versions:,} versions; "
        f"{invalid_histories} fail (have an error)"
    )
    print(f"{'finding':28} {'count':>7} {'products':>9}")
    for key in sorted(counts, key=lambda k: (not k.startswith("error"), k)):
        print(f"{key:28} {counts[key]:7,} {products[key]:9,}")
    print(f"{'total':28} {sum(counts.values()):7,}")
    print(
        f"time: checking {checking * 1000:.1f} ms, parsing with semver {parsing * 1000:.1f} ms "
        f"({checking / parsing:.2f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
