"""Shared test helpers: run the CLI in-process and capture its output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from eol_check.cli import main


@dataclass(frozen=True)
class Run:
    """The outcome of one `eol-check` invocation."""

    code: int
    out: str
    err: str


RunCli = Callable[..., Run]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Call `main(argv)` and return its exit code, stdout and stderr."""

    def run(*argv: str) -> Run:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
