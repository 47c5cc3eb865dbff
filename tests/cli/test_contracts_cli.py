"""Customers files (SPEC §4.3): CSV and TOML, bad rows by line number, contracts in force."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import RunCli


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("zero.csv", "zero.csv: a line longer than 1 MiB: not a customers file"),
        ("zero.toml", "zero.toml: larger than 64 MiB: not a CSV or TOML file"),
    ],
)
@pytest.mark.parametrize("command", ["check", "report"])
def test_an_endless_customers_file_is_refused_not_read_forever(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    name: str, message: str, command: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).symlink_to("/dev/zero")
    argv = (
        ["check", "oas", "6.0.2", "-s", "1", "--customer", "acme", "--customers", name]
        if command == "check" else ["report", name]
    )
    r = run_cli(*argv)
    assert (r.code, r.err) == (2, f"eol-check: error: {message}\n")

