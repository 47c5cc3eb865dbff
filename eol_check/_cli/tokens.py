"""`eol-check tokens add|list|remove [NAME] --tokens FILE`: the service's bearer tokens (SPEC §10).

`add` prints the new token once (only its SHA-256 is kept); `list` shows names and dates;
`remove` deletes one. Exit 0 when done, 2 for wrong input or a tokens file that cannot be used.
"""

from __future__ import annotations

import argparse

from ._common import Context, UsageError, path_arg


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        metavar="ACTION",
        choices=("add", "list", "remove"),
        help="add NAME, list, or remove NAME",
    )
    parser.add_argument("name", metavar="NAME", nargs="?", help="the token's name (who uses it)")
    parser.add_argument(
        "--tokens",
        metavar="FILE",
        required=True,
        help="the tokens file (JSON, mode 0600; made by 'add')",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ..serve.tokens import TokenFile

    if args.action in ("add", "remove") and not args.name:
        raise UsageError(f"tokens {args.action} needs NAME")
    if args.action == "list" and args.name:
        raise UsageError("tokens list takes no NAME")
    tokens = TokenFile(path_arg(args.tokens))
    if args.action == "add":
        secret = tokens.add(args.name)
        ctx.print(secret)
        ctx.warn(f"token {args.name!r} added; it is shown once, above: keep it now")
    elif args.action == "remove":
        tokens.remove(args.name)
        ctx.warn(f"token {args.name!r} removed (a running server forgets it on SIGHUP)")
    elif ctx.format == "json":
        ctx.emit_json({"tokens": [{"name": t.name, "created": t.created} for t in tokens.tokens]})
    else:
        for token in tokens.tokens:
            ctx.print(f"{token.name}  created {token.created}")
    return 0
