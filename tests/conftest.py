"""Shared test helpers: run the CLI in-process and capture its output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from eol_check.cli import main


@dataclass(frozen=True)
class Run:
    """The outcome of one `eol-check` invocation."""

    code: int
    out: str
    err: str


RunCli = Callable[..., Run]


@pytest.fixture(autouse=True)
def _no_catalog_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test starts without a catalog URL and with an empty cache of its own (SPEC §7)."""
    monkeypatch.delenv("EOL_CHECK_CATALOG_URL", raising=False)
    monkeypatch.setenv("EOL_CHECK_CACHE_DIR", str(tmp_path / "eol-check-cache"))


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Call `main(argv)` and return its exit code, stdout and stderr."""

    def run(*argv: str) -> Run:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
