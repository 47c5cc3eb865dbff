"""Shared test helpers: run the CLI in-process and capture its output."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from eol_check.cli import main

from . import _browser

TYPE_CHECKING = False
if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver


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


def imported_by(argv: list[str], modules: tuple[str, ...]) -> tuple[int, list[str]]:
    """Run `main(argv)` in a fresh interpreter: its exit code, and which of `modules` it imported
    (start-up tests: what a command must not load)."""
    import ast
    import subprocess
    import sys

    code = (
        "import sys; from eol_check.cli import main; "
        f"rc = main({argv!r}); "
        f"print(rc, sorted(m for m in {modules!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rc, _, names = done.stdout.splitlines()[-1].partition(" ")
    return int(rc), ast.literal_eval(names)


def malformed_file(tmp_path: Path, case: tuple[str, str, str]) -> tuple[Path, str]:
    """A data file written from a malformed case (name, text, message), and the exact error
    message loading it must give (`path: message`)."""
    name, text, message = case
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path, f"{path}: {message}"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """A real headless Chromium, one per test module (tests/_browser.py)."""
    yield from _browser.start(tmp_path_factory.mktemp("chromium-profile"))
