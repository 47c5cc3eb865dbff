"""`python -m eol_check`: the same as the `eol-check` command."""

from .cli import console

console()
