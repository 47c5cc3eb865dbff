"""`eol-check account-report --incidents F --telemetry P`: the availability section, per month
and for the year against 99.9% (SPEC §8, §9; docs/account-report.md), from the example data in
examples/availability/, through the real command.

Worked by hand for acme (region na), 2025:
- SaaS (§5.1): saas-1 (everyone, 2025-04-02 10:00–11:30 UTC, unscheduled) counts 90 minutes;
  saas-2 (everyone, 60 minutes, announced five days ahead: late notice, §5.2) counts 60;
  saas-3 and saas-5 are other customers'; saas-4 is acme's Scheduled Downtime (excluded).
  April: (43,200 − 90) / 43,200 = 99.7916%; May: (44,640 − 60) / 44,640 = 99.8655%;
  the year: (525,600 − 150) / 525,600 = 99.9714%, met (150 of a budget of 525 minutes).
- Mobile Server (§4): no telemetry given → "no telemetry", never 100%.
"""

from __future__ import annotations

import re
import sys
from html import unescape
from pathlib import Path

import pytest

from ..conftest import RunCli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "availability"


def _argv(out: Path, *extra: str) -> list[str]:
    return [
        "account-report",
        "acme",
        "--customers",
        str(EXAMPLES / "customers.csv"),
        "--incidents",
        str(EXAMPLES / "incidents.csv"),
        "--period",
        "2025",
        "--date",
        "2026-01-15",
        "-o",
        str(out),
        *extra,
    ]


def _text(page: str) -> str:
    """The page's words outside the charts, tags removed (the charts are read by their labels)."""
    page = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))


def test_saas_per_month_and_year_without_telemetry(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run_cli(*_argv(out))
    assert (result.code, result.err) == (0, "")
    page = out.read_text()
    text = _text(page)
    assert "SaaS Services 2025 (§5.1)" in text
    assert "Year 2025: 99.9714% against 99.9000%: met." in text
    assert "Downtime 150 of a budget of 525 minutes (375 left)" in text
    assert "2025-04 43200 90 0 99.7916% no" in text
    assert "2025-05 44640 60 0 99.8655% no" in text
    assert "2025-08 44640 0 120 100.0000% yes" in text
    assert "2025-12 44640 0 0 100.0000% yes" in text
    assert "Mobile Server 2025 (§4)" in text
    assert "Year 2025: no telemetry: uptime is not reported" in text
    assert "2025-03 44640 0 0 no telemetry" in text
    assert "100.0000%" not in text.partition("Mobile Server 2025 (§4)")[2].partition("SaaS")[0]
    # Two charts, one a service, with their text alternatives (oas 6.0.2 has no End of Life
    # yet: no lifecycle timeline).
    assert page.count("<svg") == 2
    assert (
        'aria-label="Bar chart of SaaS Services uptime per month against 99.9000%: '
        "2025-01: 100.0000%; 2025-02: 100.0000%; 2025-03: 100.0000%; 2025-04: 99.7916%; "
        "2025-05: 99.8655%;"
    ) in page
    assert "Availability data was not given" not in page
    # The same data makes the same page, byte for byte (no drawing date in the SVGs).
    again = tmp_path / "again.html"
    assert run_cli(*_argv(again)).code == 0
    assert again.read_bytes() == out.read_bytes()


def test_mobile_with_telemetry(run_cli: RunCli, tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    out = tmp_path / "r.html"
    telemetry = str(EXAMPLES / "telemetry.csv")
    result = run_cli(*_argv(out, "--telemetry", telemetry))
    assert (result.code, result.err) == (0, "")
    text = _text(out.read_text())
    mobile = text.partition("Mobile Server 2025 (§4)")[2].partition("SaaS Services 2025")[0]
    assert "no telemetry: uptime is not reported" not in mobile
    # By hand: 5 Downtime minutes in June (inc-2's 15 are excluded as internet, mx-1's 30 as
    # scheduled): (43,200 − 5) / 43,200 = 99.9884%; the year (525,600 − 5) / 525,600 = 99.9990%.
    assert "Year 2025: 99.9990% against 99.9000%: met." in mobile
    assert "2025-06 43200 5 15 99.9884% yes" in mobile
    assert "2025-03 44640 0 30 100.0000% yes" in mobile
    # Months without a minute of telemetry were not measured: said, not 100%.
    assert "2025-01 44640 0 0 no telemetry" in mobile
    assert "2025-12 44640 0 0 no telemetry" in mobile


def test_a_missing_duckdb_names_the_install(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)  # as if not installed
    out = tmp_path / "r.html"
    result = run_cli(*_argv(out, "--telemetry", str(EXAMPLES / "telemetry.csv")))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "eol-check: error: the duckdb engine is not installed (duckdb): "
        "pip install 'eol-support-check[availability]'\n"
    )
    assert not out.exists()


def test_an_unreadable_incident_log_is_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    argv = _argv(out)
    argv[argv.index("--incidents") + 1] = str(tmp_path / "missing.csv")
    result = run_cli(*argv)
    assert result.code == 2
    assert result.err.startswith("eol-check: error: ")
    assert "missing.csv" in result.err
    assert not out.exists()


def test_a_period_not_begun_says_so(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    argv = _argv(out)
    argv[argv.index("--period") + 1] = "2027"
    result = run_cli(*argv)
    assert (result.code, result.err) == (0, "")
    text = _text(out.read_text())
    assert "The period has not begun on 2026-01-15: no uptime yet." in text
    assert "Mobile Server 2027" not in text
