"""Colour (issue 20): statuses and verdicts on a terminal only; `--color`, NO_COLOR, FORCE_COLOR;
never in JSON, CSV, Markdown or a pipe."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ..conftest import RunCli

ESC = "\x1b["
DAY = "2026-11-21"
STATUS = ["status", "oas", "--date", DAY]
CHECK = ["check", "oas", "4.2.3", "-s", "S1", "--date", DAY]


@pytest.fixture(autouse=True)
def _no_colour_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.mark.parametrize(
    ("env", "option", "coloured"),
    [
        ({}, [], False),  # not a terminal (captured): no colour
        ({"FORCE_COLOR": "1"}, [], True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, [], False),  # NO_COLOR wins over FORCE_COLOR
        ({"NO_COLOR": "1"}, ["--color", "always"], True),  # the command line wins
        ({"FORCE_COLOR": "1"}, ["--color", "never"], False),
        ({}, ["--color", "always"], True),
        ({}, ["--color", "auto"], False),
    ],
)
@pytest.mark.parametrize("argv", [STATUS, CHECK], ids=["status", "check"])
def test_when_text_is_coloured(
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    option: list[str],
    coloured: bool,
    argv: list[str],
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    out = run_cli(*argv, *option).out
    assert (ESC in out) is coloured
    if coloured and argv is CHECK:
        assert out.startswith("\x1b[1;31mNOT ENTITLED\x1b[0m (upgrade window): support ended")
    if coloured and argv is STATUS:
        assert "\x1b[35mupgrade-window\x1b[0m" in out
        assert "\x1b[32mcurrent       \x1b[0m" in out


@pytest.mark.parametrize(
    "argv",
    [
        [*STATUS, "--format", "json"],
        [*STATUS, "--format", "csv"],
        [*STATUS, "--format", "markdown"],
        [*CHECK, "--format", "markdown"],
        [*CHECK, "--format", "json"],
        ["products", "--date", DAY, "--format", "csv"],
    ],
)
def test_never_in_json_csv_or_markdown(run_cli: RunCli, argv: list[str]) -> None:
    assert ESC not in run_cli(*argv, "--color", "always").out


def test_a_bad_color_value_is_usage(run_cli: RunCli) -> None:
    r = run_cli(*STATUS, "--color", "sometimes")
    assert r.code == 2
    assert "argument --color: invalid choice: 'sometimes'" in r.err


def _run(argv: list[str], env: dict[str, str], tty: bool) -> str:
    """`eol-check ARGV` in a fresh process: on a pseudo-terminal, or into a pipe."""
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full.update(env)
    command = [sys.executable, "-m", "eol_check", *argv]
    if not tty:
        return subprocess.run(command, env=full, capture_output=True, text=True, check=True).stdout
    import pty

    main, child = pty.openpty()
    try:
        done = subprocess.run(
            command, env=full, stdout=child, stderr=subprocess.DEVNULL, check=True
        )
        assert done.returncode == 0
        os.close(child)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other end is closed: all is read
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8")
    finally:
        os.close(main)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_real_terminal_and_a_real_pipe() -> None:
    assert ESC in _run(STATUS, {}, tty=True)
    assert ESC not in _run(STATUS, {"NO_COLOR": "1"}, tty=True)
    assert ESC not in _run(STATUS, {}, tty=False)
    assert ESC in _run([*STATUS, "--color", "always"], {}, tty=False)
