"""`eol-check serve [--host H] [--port P] [--db URL] [--tokens FILE]`: the support desk service
(SPEC §10, docs/serve.md).

Loopback by default; any other address needs --tokens. Runs until SIGINT or SIGTERM; SIGHUP
re-reads the tokens file and the catalog and policy files. Exit 2 for wrong input (an extra not
installed included), 3 when the data or the database cannot be used at start.
"""

from __future__ import annotations

import argparse

from ._common import Context, UsageError, path_arg


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
        "--access-log", action="store_true", help="log every request line (never a token)"
    )


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a port number (0 to 65535)")
    return int(text)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ..serve._extras import require

    require("starlette", "serve", "eol-check serve")
    require("uvicorn", "serve", "eol-check serve")
    from ..serve.server import serve

    if args.date:
        raise UsageError("serve: --date is per question (the API's date parameter), not global")
    serve(
        host=args.host,
        port=args.port,
        db=args.db,
        tokens=path_arg(args.tokens) if args.tokens else None,
        catalog=path_arg(args.catalog) if args.catalog else None,
        policy=path_arg(args.policy) if args.policy else None,
        access_log=args.access_log,
        stderr=ctx.stderr,
    )
    return 0
