"""`eol-check contracts import FILE --db URL` / `contracts export --db URL`: the customers'
contracts in a database (SPEC §10).

`import` replaces the database's contracts with a customers CSV or TOML file (SPEC §4.3), all or
nothing: a bad row names its line and changes nothing (exit 2). `export` writes them back as CSV
(stdout, or --output FILE written atomically). Exit 3 when the database cannot be used.
"""

from __future__ import annotations

import argparse

from ._common import Context, UsageError, path_arg


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action", metavar="ACTION", choices=("import", "export"), help="import FILE, or export"
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="import: the customers file (CSV with a header, or TOML)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        required=True,
        help="the contracts database: sqlite:///FILE (or a file name) or postgresql://…",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="export: write the CSV here (atomically) instead of stdout",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ..serve.database import open_store

    if args.action == "import":
        if not args.file:
            raise UsageError("contracts import needs FILE, the customers file to load")
        if args.output:
            raise UsageError("--output is for contracts export")
        store = open_store(args.db)
        count = store.import_contracts(path_arg(args.file), ctx.policy())
        ctx.warn(f"imported {count} contract{'s' if count != 1 else ''} into {store.shown}")
        return 0
    if args.file:
        raise UsageError("contracts export takes no FILE (use --output FILE)")
    import io

    store = open_store(args.db)
    buffer = io.StringIO()
    store.export_csv(buffer)
    if args.output is None:
        ctx.stdout.write(buffer.getvalue())
        return 0
    from .._atomic import write_atomic
    from ..errors import OutputError

    try:
        write_atomic(path_arg(args.output), buffer.getvalue().encode())
    except OSError as exc:
        raise OutputError(f"{args.output}: cannot be written: {exc.strerror or exc}") from None
    return 0
