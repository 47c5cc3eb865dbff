"""`eol-check catalog publish DIR` (SPEC §7 v2): what it prints, and the input it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eol_check.publish import MARK

from ..conftest import RunCli
from ..core.test_publish import listing


def test_publish_command(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "site"
    r = run_cli("catalog", "publish", str(target), "--date", "2026-11-21")
    assert (r.code, r.err) == (0, "")
    assert r.out == f"published 3 products (15 lines) on 2026-11-21 to {target}: 58 files\n"
    assert json.loads((target / "api" / "all.json").read_text()) == ["agent", "console", "oas"]
    again = run_cli(
        "catalog",
        "publish",
        str(target),
        "--date",
        "2026-11-21",
        "--format",
        "json",
        "--base-url",
        "https://support.example.com/",
    )
    assert again.code == 0
    assert json.loads(again.out) == {
        "directory": str(target),
        "date": "2026-11-21",
        "base_url": "https://support.example.com",
        "products": 3,
        "lines": 15,
        "files": 58,
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--base-url", "support.example.com"],
            "--base-url 'support.example.com' is not a web address: give one like "
            "https://support.example.com/lifecycle",
        ),
        (
            ["--base-url", "https://example.com/?x=1"],
            "--base-url 'https://example.com/?x=1' is not a web address: give one like "
            "https://support.example.com/lifecycle",
        ),
        (
            ["--format", "endoflife"],
            "--format 'endoflife' is not offered here: choose text or json",
        ),
    ],
)
def test_publish_bad_options(
    run_cli: RunCli, tmp_path: Path, argv: list[str], message: str
) -> None:
    r = run_cli("catalog", "publish", str(tmp_path / "site"), *argv)
    assert (r.code, r.out) == (2, "")
    assert r.err == f"eol-check: error: {message}\n"
    assert not (tmp_path / "site").exists()


def test_publish_refuses_a_foreign_folder(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "thesis.tex").write_text("years of work", encoding="utf-8")
    r = run_cli("catalog", "publish", str(tmp_path / "home"))
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        f"eol-check: error: {tmp_path / 'home'} is not empty and was not written by eol-check "
        f"catalog publish (no {MARK} file): choose a new or empty folder\n"
    )
    assert listing(tmp_path / "home") == {"thesis.tex": b"years of work"}
