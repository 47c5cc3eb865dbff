"""The `eol-check` command line: argument parsing, dispatch, and the exit-code contract (SPEC §5).

Exit codes: 0 yes, 1 a definite no, 2 wrong input, 3 data could not be loaded, 74 the output
could not be written, 70 a bug in eol-check. Every command lives in its own module under
`eol_check._cli`; heavy imports happen inside its `run`, so start-up stays lean.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Collection, Sequence

from ._cli._common import Context, UsageError, add_global_options, silence
from ._typing import TYPE_CHECKING
from .errors import EolCheckError, OutputError

if TYPE_CHECKING:
    from typing import Any, NoReturn

__all__ = ["EXIT_BUG", "console", "main"]

#: Each command (a module under eol_check._cli) and its help line, in the order --help lists them.
#: A command's module is imported only when the command line names it, so start-up does not grow
#: with the number of commands.
COMMANDS: dict[str, str] = {
    "classify": "say what kind of release TO is after FROM (Major, Minor, Maintenance)",
    "numbering": "check a release history and a proposed next version against the numbering rules",
    "status": "show the lifecycle status of every line of a product, or of one version",
    "check": "say whether a version is entitled to support for an issue, and the SLA deadlines",
    "preflight": "say whether an installer may put the target version over the installed one",
    "report": "report every customer of a contracts file: status, entitlement, next change",
    "products": "list every product: id, name, aliases, current line, next lifecycle change",
    "account-report": "write a customer's yearly §3.2 report: contracts, lifecycle, tickets (HTML)",
    "tickets": "judge a helpdesk's ticket log against the §3.6 response and update times",
    "catalog": "check, publish or fetch the catalog data (subcommands: validate, export, fetch)",
}

EXIT_BUG = 70
REPORT_URL = "https://github.com/eol-check/eol-check/issues"


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, sized without importing shutil (a start-up cost)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        if width is None:

            try:
                width = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
            except (ValueError, OSError):
                width = 80
            width = max(width - 2, 40)
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose complaints become one line on stderr and exit 2 (SPEC §5)."""

    def __init__(self, *args: Any, listed_only: bool = False, **kwargs: Any) -> None:
        if listed_only:
            # A command that --help lists and this run never parses: argparse only stores it
            # (and the name in `prog`), so none of its set-up is done.
            self.prog = kwargs["prog"]
            return
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        # main() prints "eol-check: error: " once; a command's parser names the command.
        command = self.prog.removeprefix("eol-check").strip()
        where = f"{command}: " if command else ""
        raise UsageError(f"{where}{message} (see '{self.prog} --help')")


def build_parser(words: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The parser: global options, then one subparser per command.

    Only the commands named in `words` (the command line) get their arguments, the global ones
    included; the others are listed by --help and never parsed. None configures every command.
    A name given as an option's value configures one more parser: harmless.
    """
    parser = _Parser(
        prog="eol-check",
        description="Is this installed version still supported, and what do we owe the customer?",
    )
    parser.add_argument("-V", "--version", action="version", version=f"eol-check {_version()}")
    add_global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, help_line in COMMANDS.items():
        if words is not None and name not in words:
            # Never parsed (only its help line is listed): not even an argparse parser.
            commands.add_parser(name, help=help_line, listed_only=True)
            continue
        _configure(commands.add_parser(name, help=help_line, description=help_line), name, True)
    return parser


def parse_command_line(argv: list[str]) -> argparse.Namespace:
    """The options of command line `argv`, as `build_parser(set(argv)).parse_args(argv)` reads them.

    When the command comes first (no global option before it: the usual case), its parser reads
    the line alone, holding the global options with their defaults, and the top-level parser is
    never built. The answers, the help and the errors are the same
    (tests/cli/test_cli.py compares them).
    """
    name = argv[0] if argv else ""
    if name not in COMMANDS:
        return build_parser(set(argv)).parse_args(argv)
    parser = _Parser(prog=f"eol-check {name}", description=COMMANDS[name])
    _configure(parser, name, False)
    args, unknown = parser.parse_known_args(argv[1:])
    if unknown:  # the top-level parser's complaint, in its words
        raise UsageError(f"unrecognized arguments: {' '.join(unknown)} (see 'eol-check --help')")
    args.command = name
    return args


def _configure(parser: argparse.ArgumentParser, name: str, below_top: bool) -> None:
    """Give `parser` command `name`'s arguments, after the global ones (their defaults are the
    top-level parser's when `below_top`, so that a value given before the command stands)."""
    add_global_options(parser, suppress=below_top)
    module = importlib.import_module(f"eol_check._cli.{name.replace('-', '_')}")
    module.configure(parser)
    parser.set_defaults(_module=module)


def main(argv: Sequence[str] | None = None, *, collect_from_run: bool = False) -> int:
    """Run eol-check with `argv` (default: sys.argv[1:]) and return its exit code.

    `collect_from_run` (the `eol-check` command, see `console`): start-up ran with the garbage
    collector off; turn it on, for what the command itself allocates, when the command starts.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        args = parse_command_line(args_list)
        module = args._module
        # A subcommand may narrow its command's formats (catalog: set as a parser default).
        formats: tuple[str, ...] = getattr(args, "_formats", ()) or getattr(
            module, "FORMATS", ("text", "json")
        )
        ctx = Context(args, formats=formats)
        if collect_from_run:
            gc.freeze()  # what start-up built lives until exit: never scan it
            gc.enable()
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
        if debug:
            import traceback

            traceback.print_exc()
        _say(
            f"eol-check: internal error ({type(exc).__name__}): this is a bug in eol-check; "
            f"please report it at {REPORT_URL}"
            + ("\n" if debug else " (run with --debug for the traceback)\n")
        )
        return EXIT_BUG


def console() -> NoReturn:
    """The `eol-check` command (and `python -m eol_check`): `main()`, then leave at once.

    Two costs of a short run that nothing of eol-check needs (docs/architecture.md, "Start-up"):
    - the garbage collector scanning, again and again, the modules and classes start-up creates
      (about 5% of a `check`): it is off until the command starts (`main(collect_from_run=True)`;
      `_console.run`, the entry point, turns it off before this module is even imported);
    - the interpreter's teardown, freeing every module and object one by one (about a tenth):
      every file is closed where it is written and no exit handler is registered, so the
      standard streams are flushed here, as the interpreter would, and the process ends with
      `os._exit`.
    """
    gc.disable()
    code = main(collect_from_run=True)
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
    os._exit(code)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _say(text: str) -> None:
    """Write `text` on stderr, if stderr can still be written to."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # None: no stderr at all
        sys.stderr.write(text)


def _version() -> str:
    from . import __version__

    return __version__


if __name__ == "__main__":  # pragma: no cover
    from ._console import run

    run()
