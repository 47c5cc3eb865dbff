"""`eol-check completion bash|zsh|fish`: a shell completion script, generated from the parser.

The script is written by `shtab` (a well-kept generator, imported only by this command) from one
parser holding every command's own parser, as each command module configures it; the product
ids of the catalog, the severities of the policy and each command's formats are completed as
values. The parser built here only describes the command line: it never reads one.

Exit 0; 2 naming the install when shtab is missing.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from . import COMMANDS
from ._common import Context, UsageError, add_global_options

SHELLS = ("bash", "zsh", "fish")
INSTALL = "pip install 'eol-support-check[completion]'"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "shell",
        metavar="SHELL",
        choices=SHELLS,
        help="the shell to write the completion script for: bash, zsh or fish",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    try:
        import shtab  # the seam: only this command imports it
    except ImportError:
        raise UsageError(f"completion needs shtab: {INSTALL}") from None
    products = [product.id for product in ctx.catalog().products]
    severities = [targets.severity.value for targets in ctx.policy().severities]
    parser = _described(products, severities, shtab.FILE)
    ctx.stdout.write(shtab.complete(parser, shell=args.shell))
    return 0


class _Described(argparse.ArgumentParser):
    """An ArgumentParser that keeps the actions added to it and to its groups (argparse's public
    methods only), so that the values to complete can be set on them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.described: list[argparse.Action] = []  # before __init__, which adds --help
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        self.described.append(action)
        return action

    def add_argument_group(self, *args: Any, **kwargs: Any) -> Any:
        group = super().add_argument_group(*args, **kwargs)
        add = group.add_argument

        def recording(*a: Any, **k: Any) -> argparse.Action:
            action = add(*a, **k)
            self.described.append(action)
            return action

        group.add_argument = recording  # type: ignore[method-assign]
        return group

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", _Described)
        action = super().add_subparsers(**kwargs)
        self.described.append(action)
        return action


def _described(products: list[str], severities: list[str], file: object) -> _Described:
    """`eol-check` with every command's parser as a subcommand, values to complete as choices."""
    top = _Described(prog="eol-check")
    add_global_options(top, suppress=False)
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        module = importlib.import_module(command.module)
        parser = commands.add_parser(name, help=command.summary)
        add_global_options(parser, suppress=True)
        module.configure(parser)
        formats = list(getattr(module, "FORMATS", ("text", "json")))
        _complete(parser, products, severities, formats, file)
    _complete(top, products, severities, ["text", "json"], file)
    return top


def _complete(
    parser: _Described,
    products: list[str],
    severities: list[str],
    formats: list[str],
    file: object,
) -> None:
    """Give the actions of `parser` (and of its subcommands) the values a shell offers."""
    for action in parser.described:
        if isinstance(action.choices, dict):  # subcommands: name → parser
            for sub in action.choices.values():
                if isinstance(sub, _Described):
                    _complete(sub, products, severities, formats, file)
        elif action.dest == "product":
            action.choices = products
        elif action.dest == "severity":
            action.choices = severities
        elif action.dest == "format" and action.choices is None:
            action.choices = formats
        elif action.dest in ("catalog", "policy", "file", "customers", "output"):
            action.complete = file  # type: ignore[attr-defined]
