"""`eol-check catalog SUBCOMMAND`: the catalog itself (SPEC §4.1, §7).

Each subcommand is a `_Subcommand` entry in `SUBCOMMANDS`: a help line, a function that adds its
arguments, a function that runs it, and the output formats it offers. Add one by writing those
two functions and one entry.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, NamedTuple

from ._common import Context, UsageError, add_global_options

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date, datetime

    from ..catalog import Catalog, Product


class _Subcommand(NamedTuple):
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Context], int]
    formats: tuple[str, ...] = ("text", "json")


# ---------------------------------------------------------------------------------------------
# catalog validate [PATH]


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", metavar="PATH", nargs="?",
        help="a catalog TOML file or a folder of them (default: --catalog, else the embedded one)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="warnings fail the run too (exit 1)",
    )


def _validate(args: argparse.Namespace, ctx: Context) -> int:
    """Load the catalog and check it: the loader's errors, numbering, EOL of the newest line."""
    from ..errors import CatalogError
    from ._sources import catalog_url

    given = args.path or ctx.args.catalog or catalog_url(ctx.args)
    on = ctx.today
    findings: list[dict[str, Any]] = []
    products: list[dict[str, Any]] = []
    try:
        catalog: Catalog | None = _load_for_validate(args.path, ctx)
    except CatalogError as exc:  # the data itself is the answer here: exit 1, not 3
        catalog = None
        findings.append(_finding("error", "invalid-data", None, None, str(exc)))
    if catalog is not None:
        for product in catalog.products:
            history, numbering = _history(product)
            products.append(
                {"id": product.id, "name": product.name, "source": product.source,
                 "releases": history}
            )
            findings.extend(numbering)
            findings.extend(_eol_current_line(product, on))
    errors = sum(f["level"] == "error" for f in findings)
    warnings = len(findings) - errors
    valid = errors == 0 and not (args.strict and warnings)
    if ctx.format == "json":
        ctx.emit_json(
            {
                "valid": valid,
                "catalog": str(given) if given else "embedded",
                "embedded": not given,
                "date": on,
                "errors": errors,
                "warnings": warnings,
                "products": products,
                "findings": findings,
            }
        )
    else:
        if catalog is not None:
            count = sum(len(p.releases) for p in catalog.products)
            name = str(given) if given else "(embedded)"
            ctx.print(
                f"catalog {name}: {_plural(len(catalog.products), 'product')}, "
                f"{_plural(count, 'release')}"
            )
            for product in catalog.products:
                ctx.print(f"  {_summary(product)}")
        for f in findings:
            where = " ".join(str(x) for x in (f["product"], f["version"]) if x is not None)
            where = f" {where}:" if where else ":"
            ctx.print(f"{f['level']} {f['code']}{where} {f['message']}")
        verdict = "valid" if valid else "invalid"
        ctx.print(f"{verdict}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}")
    return 0 if valid else 1


def _load_for_validate(path: str | None, ctx: Context) -> Catalog:
    """PATH (a TOML file, a folder, or a .json bundle), else the catalog of the run (SPEC §7)."""
    if path is None:
        return ctx.catalog()
    from pathlib import Path

    if path.lower().endswith(".json"):
        from ..bundle import load_bundle

        return load_bundle(Path(path))[0]
    from ..catalog import load_catalog

    return load_catalog(Path(path))


def _history(product: Product) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The product's releases in the order they were published, and the numbering findings.

    SPEC §2.2 on the history by date (same-day releases by version). Numbering findings are
    warnings here (issue 4): the data is valid even where the vendor's numbering was not, so an
    error of the numbering rules says so in its message instead.
    """
    from ..numbering import check_numbering

    ordered = sorted(product.releases, key=lambda r: (r.date, r.version.sort_key))
    result = check_numbering(r.version for r in ordered)
    kinds = {numbered.index: numbered.kind for numbered in result.releases}
    history = [
        {"version": str(r.version), "date": r.date, "kind": kinds.get(i)}
        for i, r in enumerate(ordered)
    ]
    findings = [
        _finding(
            "warning", f.code, product.id, f.version,
            f.message + (" (an error under the numbering rules, SPEC §2.2)" if f.is_error else ""),
            ordered[f.index].date if f.index is not None else None,
        )
        for f in result.findings
    ]
    return history, findings


def _eol_current_line(product: Product, on: date) -> list[dict[str, Any]]:
    """A warning when the newest line is End of Life by its own or its major's EOL, so that no
    line is current (SPEC §3.2); the product's own End of Life is not a data problem."""
    released = [line for line in product.lines if line.first_release <= on]
    if not released:
        return []
    newest = released[0]
    if newest.eol is None or on < newest.eol or newest.eol_source == "product":
        return []
    key = newest.line if newest.eol_source == "line" else str(newest.major)
    return [
        _finding(
            "warning", "eol-current-line", product.id, None,
            f"line {newest.line} is the newest line but End of Life since "
            f"{newest.eol.isoformat()} (eol.\"{key}\"): no line is current on "
            f"{on.isoformat()}, so there is nothing to upgrade to",
        )
    ]


def _summary(product: Product) -> str:
    first = min(product.releases, key=lambda r: (r.date, r.version.sort_key))
    last = max(product.releases, key=lambda r: (r.date, r.version.sort_key))
    return (
        f"{product.id}: {_plural(len(product.releases), 'release')} in "
        f"{_plural(len(product.lines), 'line')}, {first.version} ({first.date.isoformat()}) "
        f"to {last.version} ({last.date.isoformat()})"
    )


def _finding(
    level: str,
    code: str,
    product: str | None,
    version: str | None,
    message: str,
    day: date | None = None,
) -> dict[str, Any]:
    return {"level": level, "code": code, "product": product, "version": version,
            "date": day, "message": message}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------------------------------------
# catalog export [--output FILE] [--format endoflife]


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output", "-o", metavar="FILE",
        help="write to FILE (atomically: all of it or nothing) instead of stdout",
    )


def _export(args: argparse.Namespace, ctx: Context) -> int:
    """Write the bundle of SPEC §7: every product and the policy in force (text and json alike);
    with --format endoflife, endoflife.date-style data on the date instead (docs/endoflife.md)."""
    if ctx.format == "endoflife":
        import json

        from ..endoflife import endoflife_data

        data = endoflife_data(ctx.catalog().products, ctx.policy(), ctx.today)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        from ..bundle import bundle_from_catalog, dumps_bundle

        text = dumps_bundle(bundle_from_catalog(ctx.catalog(), ctx.policy(), _generated_at()))
    _write_output(ctx, args.output, text)
    return 0


def _generated_at() -> datetime:
    """Now (UTC, whole seconds), or $SOURCE_DATE_EPOCH for reproducible builds."""
    import os
    from datetime import datetime, timezone

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), timezone.utc)
        except (ValueError, OverflowError, OSError) as exc:
            raise UsageError(
                f"SOURCE_DATE_EPOCH {epoch[:40]!r} is not a count of seconds since 1970"
            ) from exc
    return datetime.now(timezone.utc).replace(microsecond=0)


def _write_output(ctx: Context, output: str | None, text: str) -> None:
    """`text` on stdout, or replacing the file `output` whole (SPEC §6: nothing half-written)."""
    if output is None or output == "-":
        ctx.stdout.write(text)
        return
    from pathlib import Path

    from .._atomic import write_atomic

    try:
        write_atomic(Path(output), text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"--output {output}: cannot write it: {exc.strerror or exc}") from exc


# ---------------------------------------------------------------------------------------------
# catalog fetch URL


def _configure_fetch(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "url", metavar="URL", help="the bundle's URL (HTTPS; plain HTTP only to this machine)",
    )


def _fetch(args: argparse.Namespace, ctx: Context) -> int:
    """Fetch the bundle at URL into the cache (exit 0, also when not modified), else exit 3."""
    from datetime import datetime, timezone

    from ..bundle import loads_bundle
    from ..errors import FetchError
    from ..remote import cache_dir, check_url, fetch_bundle

    if ctx.args.offline:
        raise UsageError("catalog fetch needs the network: drop --offline")
    url = check_url(args.url, "URL")
    result = fetch_bundle(
        url, loads_bundle, now=datetime.now(timezone.utc), sha256=ctx.args.catalog_sha256,
        timeout=ctx.args.timeout,
    )
    if not result.origin.is_fresh:
        raise FetchError(f"cannot fetch {url}: {result.problem}")
    if result.cache_error is not None:
        raise FetchError(f"fetched {url}, but {result.cache_error}")
    copy, value = result.copy, result.value
    assert copy is not None
    assert value is not None
    catalog, _ = value
    if ctx.format == "json":
        ctx.emit_json(
            {
                "url": url,
                "status": result.origin.value,
                "etag": copy.etag,
                "sha256": copy.sha256,
                "size": len(copy.content),
                "fetched_at": copy.fetched_at,
                "products": [p.id for p in catalog.products],
                "cache": str(cache_dir()),
            }
        )
    else:
        done = "fetched" if result.origin.value == "fetched" else "not modified, still current:"
        etag = f", ETag {copy.etag}" if copy.etag else ""
        ctx.print(
            f"{done} {url} ({_plural(len(catalog.products), 'product')}, "
            f"{len(copy.content)} bytes, sha256 {copy.sha256}{etag})"
        )
        ctx.print(f"cached in {cache_dir()}")
    return 0


# ---------------------------------------------------------------------------------------------
# the command group

SUBCOMMANDS: dict[str, _Subcommand] = {
    "validate": _Subcommand(
        "check a catalog: load errors, release numbering (SPEC §2.2), EOL of the newest line",
        _configure_validate,
        _validate,
    ),
    "export": _Subcommand(
        "write the published bundle (SPEC §7): every product and the policy, as JSON; "
        "--format endoflife: endoflife.date-style data on --date instead",
        _configure_export,
        _export,
        ("text", "json", "endoflife"),
    ),
    "fetch": _Subcommand(
        "fetch the bundle at URL into the per-user cache (exit 3 if it cannot)",
        _configure_fetch,
        _fetch,
    ),
}

#: Every format some subcommand offers; each subcommand checks its own (see `run`).
FORMATS: tuple[str, ...] = tuple(dict.fromkeys(f for s in SUBCOMMANDS.values() for f in s.formats))


def configure(parser: argparse.ArgumentParser) -> None:
    nested = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
    nested.required = True
    for name, sub in SUBCOMMANDS.items():
        child = nested.add_parser(name, help=sub.help, description=sub.help)
        add_global_options(child, suppress=True)  # global options after the subcommand too
        sub.configure(child)
        child.set_defaults(_formats=sub.formats)  # what --format may be (eol_check.cli.main)


def run(args: argparse.Namespace, ctx: Context) -> int:
    # --format was checked against the subcommand's formats already (its `_formats` default).
    return SUBCOMMANDS[args.subcommand].run(args, ctx)
