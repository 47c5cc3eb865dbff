"""The heavy libraries of `tickets` and `account-report` load with those commands only, and a
missing extra says how to install it (exit 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..conftest import imported_by

HEAVY = ("numpy", "matplotlib", "eol_check.tickets", "eol_check.account_report")


def test_check_and_status_never_import_them() -> None:
    argv = [
        "check",
        "oas",
        "5.1.2",
        "--severity",
        "S2",
        "--reported-at",
        "2026-03-06T17:00:00+01:00",
    ]
    assert imported_by(argv, HEAVY) == (0, [])
    assert imported_by(["status", "oas"], HEAVY) == (0, [])


def _without(module: str, argv: list[str]) -> subprocess.CompletedProcess[str]:
    code = (
        f"import sys; sys.modules[{module!r}] = None\n"
        "from eol_check.cli import main\n"
        f"sys.exit(main({argv!r}))\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_a_missing_extra_names_the_install(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("ticket,customer,product,version,severity,reported_at\n")
    done = _without("numpy", ["tickets", str(log)])
    assert done.returncode == 2
    assert done.stderr == (
        "eol-check: error: tickets needs numpy (numpy is missing): "
        "pip install 'eol-support-check[tickets]'\n"
    )
    customers = tmp_path / "customers.csv"
    customers.write_text("customer,product,version\nGlobex,oas,5.1.2\n")
    done = _without(
        "matplotlib",
        ["account-report", "Globex", "--customers", str(customers), "-o", str(tmp_path / "r.html")],
    )
    assert done.returncode == 2
    assert done.stderr == (
        "eol-check: error: account-report needs matplotlib: "
        "pip install 'eol-support-check[account-report]'\n"
    )
    assert not (tmp_path / "r.html").exists()
