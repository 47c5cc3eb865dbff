"""`eol-check catalog SUBCOMMAND`: the catalog itself (SPEC §4.1, §7).

Each subcommand is a `_Subcommand` entry in `SUBCOMMANDS`: a help line, a function that adds its
arguments, a function that runs it, and the output formats it offers. Add one by writing those
two functions and one entry.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from .._atomic import write_atomic
from .._format import plural, printable
from .._record import Record
from ..bundle import bundle_from_catalog, dumps_bundle, loads_bundle
from ..endoflife import endoflife_data
from ..errors import FetchError, OutputError
from ..publish import publish_site
from ..remote import (
    DEFAULT_TIMEOUT,
    BundleOrigin,
    cache_dir,
    check_url,
    fetch_bundle,
    without_credentials,
)
from ..validation import validate_catalog
from ._common import Context, UsageError, add_global_options
from ._sources import catalog_url

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ..catalog import Product


class _Subcommand(Record):
    """A subcommand of `catalog`: its help line, its arguments, its run, the formats it offers."""

    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Context], int]
    formats: tuple[str, ...] = ("text", "json")


# ---------------------------------------------------------------------------------------------
# catalog validate [PATH]


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="a catalog TOML file or a folder of them (default: --catalog, else the embedded one)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="warnings fail the run too (exit 1)",
    )


def _validate(args: argparse.Namespace, ctx: Context) -> int:
    """Load the catalog and check it: the loader's errors, numbering, EOL of the newest line."""

    given = args.path or ctx.args.catalog or catalog_url(ctx.args)
    source = Path(args.path) if args.path is not None else ctx.catalog
    answer = validate_catalog(source, ctx.today, strict=args.strict)
    if ctx.format == "json":
        found = answer.as_json()
        ctx.emit_json(
            {
                "valid": found.pop("valid"),
                "catalog": str(given) if given else "embedded",
                "embedded": not given,
                **found,
            }
        )
        return 0 if answer.valid else 1
    catalog = answer.catalog
    if catalog is not None:
        count = sum(len(p.releases) for p in catalog.products)
        name = printable(given) if given else "(embedded)"
        ctx.print(
            f"catalog {name}: {plural(len(catalog.products), 'product')}, "
            f"{plural(count, 'release')}"
        )
        for product in catalog.products:
            ctx.print(f"  {_summary(product)}")
    for f in answer.findings:
        where = " ".join(x for x in (f.product, f.version) if x is not None)
        where = f" {where}:" if where else ":"
        ctx.print(printable(f"{f.level} {f.code}{where} {f.message}"))
    verdict = "valid" if answer.valid else "invalid"
    ctx.print(f"{verdict}: {plural(answer.errors, 'error')}, {plural(answer.warnings, 'warning')}")
    return 0 if answer.valid else 1


def _summary(product: Product) -> str:
    first = min(product.releases, key=lambda r: (r.date, r.version.sort_key))
    last = max(product.releases, key=lambda r: (r.date, r.version.sort_key))
    return (
        f"{printable(product.id)}: {plural(len(product.releases), 'release')} in "
        f"{plural(len(product.lines), 'line')}, {first.version} ({first.date.isoformat()}) "
        f"to {last.version} ({last.date.isoformat()})"
    )


# ---------------------------------------------------------------------------------------------
# catalog export [--output FILE] [--format endoflife]


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE (atomically: all of it or nothing; only a regular file is replaced, "
        "through symbolic links) instead of stdout; '-' is stdout",
    )


def _export(args: argparse.Namespace, ctx: Context) -> int:
    """Write the bundle of SPEC §7: every product and the policy in force (json, the default);
    with --format endoflife, endoflife.date-style data on the date instead (docs/endoflife.md)."""
    if ctx.format == "endoflife":
        data = endoflife_data(ctx.catalog().products, ctx.policy(), ctx.today)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = dumps_bundle(bundle_from_catalog(ctx.catalog(), ctx.policy(), _generated_at()))
    _write_output(ctx, args.output, text)
    return 0


def _generated_at() -> datetime:
    """Now (UTC, whole seconds), or $SOURCE_DATE_EPOCH for reproducible builds."""

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

    try:
        write_atomic(Path(output), text.encode("utf-8"))
    except OSError as exc:  # SPEC §5: the output could not be written, nothing half-written
        raise OutputError(f"--output {output}: cannot write it: {exc.strerror or exc}") from exc


# ---------------------------------------------------------------------------------------------
# catalog fetch URL


def _configure_fetch(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "url",
        metavar="URL",
        help="the bundle's URL (HTTPS; plain HTTP only to this machine)",
    )


def _fetch(args: argparse.Namespace, ctx: Context) -> int:
    """Fetch the bundle at URL into the cache (exit 0, also when not modified), else exit 3."""

    if ctx.args.offline:
        raise UsageError("catalog fetch needs the network: drop --offline")
    url = check_url(args.url, "URL")
    shown = without_credentials(url)  # issue 22: credentials are sent, never printed
    result = fetch_bundle(
        url,
        loads_bundle,
        now=datetime.now(timezone.utc),
        sha256=ctx.args.catalog_sha256,
        timeout=ctx.args.timeout or DEFAULT_TIMEOUT,
    )
    if not result.origin.is_fresh:
        raise FetchError(f"cannot fetch {shown}: {result.problem}")
    if result.cache_error is not None:
        raise FetchError(f"fetched {shown}, but {result.cache_error}")
    copy, value = result.copy, result.value
    assert copy is not None
    assert value is not None
    catalog, _ = value
    if ctx.format == "json":
        ctx.emit_json(
            {
                "url": shown,
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
        fetched = result.origin is BundleOrigin.FETCHED
        done = "fetched" if fetched else "not modified, still current:"
        etag = f", ETag {printable(copy.etag)}" if copy.etag else ""
        ctx.print(
            f"{done} {printable(shown)} ({plural(len(catalog.products), 'product')}, "
            f"{len(copy.content)} bytes, sha256 {copy.sha256}{etag})"
        )
        ctx.print(f"cached in {cache_dir()}")
    return 0


# ---------------------------------------------------------------------------------------------
# catalog publish DIR [--base-url URL]


def _configure_publish(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory",
        metavar="DIR",
        help="the site's folder: created, or replaced whole if eol-check wrote it (or it is empty)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        default="",
        help="where the site will be served (https://…), for the absolute links of API v1 and "
        "the calendars; without it they are relative to the host's root",
    )


def _publish(args: argparse.Namespace, ctx: Context) -> int:
    """Write the support center (SPEC §7, docs/publish.md): pages, API v0/v1, calendars, bundle."""

    directory = Path(args.directory)
    site = publish_site(
        directory,
        ctx.catalog(),
        ctx.policy(),
        ctx.today,
        _generated_at(),
        _base_url(args.base_url),
    )
    if ctx.format == "json":
        ctx.emit_json({"directory": str(directory), **site.as_json()})
    else:
        ctx.print(
            f"published {plural(site.products, 'product')} ({plural(site.lines, 'line')}) "
            f"on {ctx.today.isoformat()} to {printable(directory)}: {plural(len(site), 'file')}"
        )
    return 0


def _base_url(text: str) -> str:
    """--base-url: an http(s) URL without query or fragment, with no trailing '/'."""
    if not text:
        return ""
    from ..remote import url_text_problem

    problem = url_text_problem(text)
    if problem is not None:
        raise UsageError(f"--base-url {without_credentials(text)[:80]!r} {problem}")
    try:
        parts = urlsplit(text)
    except ValueError:  # an unclosed [IPv6 address
        parts = urlsplit("")
    if "@" in parts.netloc:  # issue 22: it would be published in every link of the site
        raise UsageError(
            f"--base-url {without_credentials(text)[:80]!r} holds a user name or password: "
            "a published site links to itself without credentials; drop them"
        )
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(
            f"--base-url {without_credentials(text)[:80]!r} is not a web address: give one like "
            "https://support.example.com/lifecycle"
        )
    return text.rstrip("/")


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
        ("json", "endoflife"),
    ),
    "fetch": _Subcommand(
        "fetch the bundle at URL into the per-user cache (exit 3 if it cannot)",
        _configure_fetch,
        _fetch,
    ),
    "publish": _Subcommand(
        "write the support center as a static site (SPEC §7): pages, endoflife.date's API v0 "
        "and v1, calendars and the bundle",
        _configure_publish,
        _publish,
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
        child.set_defaults(formats=sub.formats)  # what --format may be (eol_check.cli.main)


def run(args: argparse.Namespace, ctx: Context) -> int:
    # --format was checked against the subcommand's formats already (its `formats` default).
    return SUBCOMMANDS[args.subcommand].run(args, ctx)
