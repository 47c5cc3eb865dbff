"""The `eol-check` command line: argument parsing, dispatch, and the exit-code contract (SPEC §5).

Exit codes: 0 yes, 1 a definite no, 2 wrong input, 3 data could not be loaded, 74 the output
could not be written, 70 a bug in eol-check.

The line is read once, in two stages, as pip reads its own (`pip/_internal/cli/main_parser.py`):
the general parser reads the global options up to the command name and keeps the rest of the line
whole (`nargs=argparse.PARSER`, as argparse's subcommands do); then the command's module
(`eol_check._cli.COMMANDS`) is imported and builds the command's own parser, which reads the rest
into the same namespace, global options given after the command name included.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys

from ._cli import COMMANDS
from ._cli._common import Context, UsageError, add_global_options, silence
from ._format import printable
from .errors import EolCheckError, OutputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType
    from typing import Any, NoReturn

__all__ = ["EXIT_BUG", "command_parser", "console", "general_parser", "main", "parse_command_line"]

#: A command's --format values when its module has no FORMATS (the first is the default).
DEFAULT_FORMATS = ("text", "json")
DESCRIPTION = "Is this installed version still supported, and what do we owe the customer?"
EXIT_BUG = 70
REPORT_URL = "https://github.com/eol-check/eol-check/issues"


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, sized without importing shutil (a start-up cost)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            try:
                width = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
            except (ValueError, OSError):
                width = 80
            width = max(width - 2, 40)
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose complaints become one line on stderr and exit 2 (SPEC §5)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        # main() prints "eol-check: error: " once; a command's parser names the command.
        command = self.prog.removeprefix("eol-check").strip()
        where = f"{command}: " if command else ""
        raise UsageError(f"{where}{message} (see '{self.prog} --help')")


class _HelpListingCommands(argparse.Action):
    """`eol-check --help`: the general parser's help, with each command and its help line listed
    under COMMAND, as argparse lists subcommands (the listing parser of `general_parser`)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(
            option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, nargs=0, help=help
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        listing = general_parser(listing=True)
        listing.print_help()
        listing.exit()


def general_parser(*, listing: bool = False) -> argparse.ArgumentParser:
    """The parser of `eol-check` itself: the global options, then COMMAND and the rest of the line,
    kept whole for the command's parser.

    `listing`: the same parser with the commands as argparse subcommands, each with its help
    line, for `--help` to print; it never reads a command line.
    """
    parser = _Parser(prog="eol-check", description=DESCRIPTION, add_help=listing)
    if not listing:
        parser.add_argument(
            "-h", "--help", action=_HelpListingCommands, help="show this help message and exit"
        )
    parser.add_argument("-V", "--version", action="version", version=f"eol-check {_version()}")
    add_global_options(parser, suppress=False)
    if listing:
        commands = parser.add_subparsers(metavar="COMMAND")
        for name, command in COMMANDS.items():
            commands.add_parser(name, help=command.summary, add_help=False)
    else:
        parser.add_argument("command", metavar="COMMAND", nargs=argparse.PARSER, choices=COMMANDS)
    return parser


def command_parser(name: str, module: ModuleType) -> argparse.ArgumentParser:
    """The parser of command `name` (its `module` adds the command's arguments): the global
    options too, with no defaults of their own, so that a value given before the command stands
    unless the same option follows it."""
    parser = _Parser(prog=f"eol-check {name}", description=COMMANDS[name].summary)
    add_global_options(parser, suppress=True)
    module.configure(parser)
    return parser


def parse_command_line(argv: Sequence[str]) -> tuple[argparse.Namespace, ModuleType]:
    """The options of command line `argv`, and the module of the command it names."""
    args = general_parser().parse_args(argv)
    name, *rest = args.command
    args.command = name
    module = importlib.import_module(COMMANDS[name].module)
    command_parser(name, module).parse_args(rest, namespace=args)
    return args, module


def main(argv: Sequence[str] | None = None) -> int:
    """Run eol-check with `argv` (default: sys.argv[1:]) and return its exit code."""
    args: argparse.Namespace | None = None
    try:
        args, module = parse_command_line(sys.argv[1:] if argv is None else argv)
        # A command's formats; a subcommand may narrow them (catalog: a parser default).
        formats: tuple[str, ...] | None = getattr(args, "formats", None)
        if formats is None:
            formats = getattr(module, "FORMATS", DEFAULT_FORMATS)
        ctx = Context(args, formats=formats)
        code = int(module.run(args, ctx))
        ctx.stdout.flush()  # a full disk says so here, not in the interpreter's last flush
        return code
    except EolCheckError as exc:
        if isinstance(exc, OutputError):
            silence(sys.stdout)
        _say(f"eol-check: error: {_one_line(exc)}\n")
        return exc.exit_code
    except SystemExit as exc:  # --help and --version end here
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        _say("eol-check: interrupted\n")
        return 130
    except BrokenPipeError:  # output written outside a command (--help | head)
        silence(sys.stdout)
        return 0
    except Exception as exc:
        debug = bool(getattr(args, "debug", False))
        if debug:
            import traceback

            traceback.print_exc()
        _say(
            f"eol-check: internal error ({type(exc).__name__}): this is a bug in eol-check; "
            f"please report it at {REPORT_URL}"
            + ("\n" if debug else " (run with --debug for the traceback)\n")
        )
        return EXIT_BUG


def console() -> int:
    """`main()` for the `eol-check` process: its exit code, once the output is flushed.

    The standard streams are flushed here rather than by the interpreter at exit, so that output
    that cannot be written (a full disk) is exit 74 with one line, and a reader that went away
    (`eol-check … | head`) leaves the answer's code; the caller passes the code to `sys.exit`.
    """
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left: what was answered stands (as in main)
        silence(sys.stdout)
    except (OSError, ValueError) as exc:  # ValueError: stdout was closed
        silence(sys.stdout)
        _say(f"eol-check: error: cannot write the output: {_one_line(exc)}\n")
        code = OutputError.exit_code
    except AttributeError:  # no stdout at all (pythonw)
        pass
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    return code


def _one_line(exc: BaseException) -> str:
    """The message of `exc` as one line, with what it quotes from data or a server shown
    escaped (a reason phrase, an ETag, a name: docs/hostile-input.md)."""
    return printable(" ".join(str(exc).split()) or type(exc).__name__)


def _say(text: str) -> None:
    """Write `text` on stderr, if stderr can still be written to."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # None: no stderr at all
        sys.stderr.write(text)


def _version() -> str:
    from . import __version__

    return __version__


if __name__ == "__main__":  # pragma: no cover - `python -m eol_check.cli`
    sys.exit(console())
