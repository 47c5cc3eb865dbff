"""Customers files (SPEC §4.3): CSV and TOML, bad rows by line number, contracts in force."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import RunCli


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("zero.csv", None, "zero.csv: cannot be read: not a regular file (a character device)"),
        ("zero.toml", None, "zero.toml: cannot be read: not a regular file (a character device)"),
        ("big.csv", 2 * 2**20, "big.csv: a line longer than 1 MiB: not a customers file"),
        ("big.toml", 65 * 2**20, "big.toml: larger than 64 MiB: not a CSV or TOML file"),
    ],
)
@pytest.mark.parametrize("command", ["check", "report"])
def test_an_endless_customers_file_is_refused_not_read_forever(
    run_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    size: int | None,
    message: str,
    command: str,
) -> None:
    # /dev/zero is no file at all (SPEC §5: only regular files are read); a huge regular file
    # (sparse: it takes no disk) is refused at the size cap.
    monkeypatch.chdir(tmp_path)
    if size is None:
        (tmp_path / name).symlink_to("/dev/zero")
    else:
        with (tmp_path / name).open("wb") as file:
            file.truncate(size)
    argv = (
        ["check", "oas", "6.0.2", "-s", "1", "--customer", "acme", "--customers", name]
        if command == "check"
        else ["report", name]
    )
    r = run_cli(*argv)
    assert (r.code, r.err) == (2, f"eol-check: error: {message}\n")
