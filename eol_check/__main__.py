"""`python -m eol_check`: the same as the `eol-check` command."""

from ._console import run

run()
