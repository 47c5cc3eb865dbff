"""`eol-check serve [--host H] [--port P] [--db URL] [--tokens FILE]`: the support desk service
(SPEC §10, docs/serve.md).

Loopback by default; any other address needs --tokens. Runs until SIGINT or SIGTERM; SIGHUP
re-reads the tokens file and the catalog and policy files, and asks a catalog URL again (as
does a conditional GET every --catalog-refresh seconds, five minutes by default).
Exit 2 for wrong input (an extra not installed included), 3 when the data or the database cannot
be used at start.
"""

from __future__ import annotations

import argparse

from ._common import Context, UsageError, path_arg
from ._sources import catalog_url, load_catalog

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..serve.feed import CatalogFeed


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        metavar="H",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, loopback)",
    )
    parser.add_argument(
        "--port",
        metavar="P",
        type=_port,
        default=8080,
        help="the port (default: 8080; 0: any free port, printed at start)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        default="eol-check.db",
        help="the contracts and audit database: sqlite:///FILE, a file name (default: "
        "eol-check.db), or postgresql://USER@HOST/DB",
    )
    parser.add_argument(
        "--tokens",
        metavar="FILE",
        help="require a bearer token from this file on every request (made by 'eol-check "
        "tokens add'); required on an address other than loopback",
    )
    parser.add_argument(
        "--catalog-refresh",
        metavar="SECONDS",
        type=_interval,
        default=None,
        help="with --catalog-url: ask the URL again this often, by a conditional GET "
        "(default: 300, five minutes; SIGHUP asks at once)",
    )
    parser.add_argument(
        "--access-log", action="store_true", help="log every request line (never a token)"
    )


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a port number (0 to 65535)")
    return int(text)


def _interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is not a number of seconds above 0 and at most 86400, e.g. 300"
        )
    return value


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ..serve._extras import require

    require("starlette", "serve", "eol-check serve")
    require("uvicorn", "serve", "eol-check serve")
    from ..serve.server import serve

    if args.date:
        raise UsageError("serve: --date is per question (the API's date parameter), not global")
    fetched, feed = _feed(args, ctx)
    serve(
        host=args.host,
        port=args.port,
        db=args.db,
        tokens=path_arg(args.tokens) if args.tokens else None,
        catalog=path_arg(args.catalog) if args.catalog else None,
        policy=path_arg(args.policy) if args.policy else None,
        access_log=args.access_log,
        stderr=ctx.stderr,
        fetched=fetched,
        feed=feed,
    )
    return 0


def _feed(args: argparse.Namespace, ctx: Context) -> tuple[Any, CatalogFeed | None]:
    """A catalog URL (--catalog-url or $EOL_CHECK_CATALOG_URL): its bundle fetched now, as every
    command fetches it (the same cache, fallbacks, notice and --require-fresh), and the feed that
    asks again later (SPEC §10). (None, None) without a URL."""
    url = catalog_url(args)
    if url is None:
        if args.catalog_refresh is not None:
            raise UsageError("--catalog-refresh needs a catalog URL: --catalog-url URL")
        return None, None
    from ..remote import DEFAULT_TIMEOUT
    from ..serve.feed import DEFAULT_EVERY, CatalogFeed

    fetched = load_catalog(ctx)  # exit 3 here with --require-fresh and no answer
    feed = CatalogFeed(
        url,
        sha256=args.catalog_sha256,
        timeout=args.timeout or DEFAULT_TIMEOUT,
        offline=args.offline,
        every=args.catalog_refresh or DEFAULT_EVERY,
    )
    return fetched, feed
