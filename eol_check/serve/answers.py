"""Answering a question the way the command line does (SPEC §10: one serialization).

Each API question is turned into the command line that asks it (`check oas 4.2.1
--severity=S2 --format=json …`) and answered by that command's own `run`, in-process, with the
service's loaded catalog and policy and an in-memory stdout. So the body is, byte for byte,
what `eol-check` prints for the same question, and an error is the same one line, by
construction: there is no second renderer to drift.

Option values are passed as `--name=value` and positionals after `--`, so no value, whatever it
starts with, is read as an option.
"""

from __future__ import annotations

import argparse
import io

from ..errors import DataError, EolCheckError, InputError, UnknownName
from ..lifecycle import version_status

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date
    from types import ModuleType
    from typing import Any

    from ..catalog import Catalog, Product
    from ..lifecycle import VersionStatus
    from ..policy import Policy
    from ..version import Version

__all__ = ["Answer", "Statuses", "ask", "http_status"]


class Answer:
    """What a command answered: its exit code, the bytes of its stdout, and the one-line error
    (if any)."""

    __slots__ = ("body", "code", "error")

    def __init__(self, code: int, body: bytes, error: EolCheckError | None = None) -> None:
        self.code, self.body, self.error = code, body, error

    @property
    def output(self) -> str:
        """The stdout as text (always UTF-8: text it cannot encode is backslash-escaped, as the
        CLI's stdout does)."""
        return self.body.decode("utf-8")

    @property
    def message(self) -> str:
        """The error as the command line prints it after 'eol-check: error: '."""
        assert self.error is not None
        return " ".join(str(self.error).split()) or type(self.error).__name__


def command_line(
    command: str, positionals: list[str], options: dict[str, str | bool | None]
) -> list[str]:
    """The argv of `command` with `options` (`--name=value`; True: a flag) and `positionals`."""
    argv = [command]
    for name, value in options.items():
        if value is None or value is False:
            continue
        argv.append(f"--{name}" if value is True else f"--{name}={value}")
    return [*argv, "--", *positionals] if positionals else argv


def ask(
    argv: list[str], catalog: Catalog, policy: Policy, *, lifecycle: Statuses | None = None
) -> Answer:
    """Run the command line `argv` in-process with this catalog and policy (and `lifecycle`,
    the memo of version statuses that goes with them)."""
    from .._cli._common import Context
    from ..cli import DEFAULT_FORMATS

    # stdout as the CLI has it: UTF-8 text over bytes, so that text the encoding refuses (a lone
    # surrogate from a request) is escaped exactly as `eol-check` escapes it (`_common.Output`).
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="\n")
    try:
        args, module = _parse(argv)
        # A command's formats; a subcommand may narrow them (as cli.main reads them).
        formats: tuple[str, ...] | None = getattr(args, "formats", None)
        if formats is None:
            formats = getattr(module, "FORMATS", DEFAULT_FORMATS)
        ctx = Context(
            args,
            formats=formats,
            stdout=out,
            stderr=io.StringIO(),
            data=(catalog, policy),
            lifecycle=lifecycle,
        )
        code = int(module.run(args, ctx))
    except EolCheckError as exc:
        return Answer(exc.exit_code, b"", exc)
    except SystemExit as exc:  # --help: never built by the service, kept safe all the same
        code = exc.code if isinstance(exc.code, int) else 0
    out.flush()
    body = raw.getvalue()
    out.detach()
    return Answer(code, body)


class Statuses:
    """`lifecycle.version_status` remembered for one loaded policy (with its catalog: the service
    makes a new memo when it reloads them). The function is pure, so a remembered status is the
    status; a check's lifecycle and upgrade path cost more than the rest of its answer. At most
    LIMIT are kept (a request names any version and day)."""

    LIMIT = 4096

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.known: dict[tuple[int, Version, str, date], VersionStatus] = {}

    def __call__(
        self, product: Product, version: Version, policy: Policy, on: date
    ) -> VersionStatus:
        if policy is not self.policy:
            return version_status(product, version, policy, on)
        # Versions equal but for build metadata are equal: the build is part of the key, as
        # the status shows the version as given. The product by identity: its catalog's.
        key = (id(product), version, version.build, on)
        found = self.known.get(key)
        if found is None or found.product is not product:
            found = version_status(product, version, policy, on)
            if len(self.known) >= self.LIMIT:
                self.known.clear()
            self.known[key] = found
        return found


_PARSERS: dict[str, Any] = {}


def _parse(argv: list[str]) -> tuple[argparse.Namespace, ModuleType]:
    """`cli.parse_command_line(argv)`, with the parsers built once per process (building them
    was half the cost of an answer; an argparse parser reads any number of lines)."""
    import importlib

    from .._cli import COMMANDS
    from ..cli import command_parser, general_parser

    general = _PARSERS.get("")
    if general is None:
        general = _PARSERS[""] = general_parser()
    args = general.parse_args(argv)
    name, *rest = args.command
    args.command = name
    module = importlib.import_module(COMMANDS[name].module)
    parser = _PARSERS.get(name)
    if parser is None:
        parser = _PARSERS[name] = command_parser(name, module)
    parser.parse_args(rest, namespace=args)
    return args, module


def http_status(error: EolCheckError, *, resource: tuple[str, ...] = ()) -> int:
    """The HTTP status of an error (docs/serve.md): 404 for an unknown product or customer named
    in the path (`resource`: the kinds the path names), 400 for a malformed request, 422 for a
    value that is not understood, 503 when the data or database cannot be used."""
    from .._cli._common import UsageError

    if isinstance(error, UnknownName) and error.kind in resource:
        return 404
    if isinstance(error, UsageError):
        return 400
    if isinstance(error, InputError):
        return 422
    if isinstance(error, DataError):
        return 503
    return 500
