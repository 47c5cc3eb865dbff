"""`eol-check uptime` and `eol-check downtime check` (SPEC §8): output, exit codes, bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from .._spark import spark_session
from ..conftest import RunCli, imported_by

__all__ = ["spark_session"]  # the fixture, shared by the session

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "availability"
UPTIME = [
    "uptime",
    "--incidents",
    str(EXAMPLES / "incidents.csv"),
    "--customers",
    str(EXAMPLES / "customers.csv"),
    "--year",
    "2025",
    "--date",
    "2026-01-15",
]


def test_downtime_check_in_text(run_cli: RunCli) -> None:
    result = run_cli(
        "downtime",
        "check",
        "--service",
        "mobile",
        "--start",
        "2026-01-15T01:00:00-05:00",
        "--end",
        "2026-01-15T02:01:00-05:00",
        "--announced",
        "2026-01-10T00:00:00Z",
        "--regions",
        "na,EMEA",
    )
    assert result.code == 1
    assert result.out.splitlines() == [
        "mobile 2026-01-15T01:00:00-05:00 – 2026-01-15T02:01:00-05:00: is NOT Scheduled "
        "Downtime (regions: na, emea)",
        "announce by 2026-01-05T01:00:00-05:00",
        "error late-notice (§1.13, §4, §5.2): it was announced 2026-01-10T00:00+00:00; "
        "Scheduled Downtime needs 10 days' notice: announce it by 2026-01-05T01:00-05:00",
        "error too-long (§4(i)): it lasts 61 minutes; Scheduled Downtime shall last no longer "
        "than 60 minutes each",
        "error outside-window [emea] (§4(ii)): 2026-01-15 07:00–08:01 Europe/Berlin is outside "
        "the Maintenance Window of Europe, Middle East, Africa, 01:00–05:00 Europe/Berlin (an "
        "interpretation)",
    ]
    assert result.err == ""


def test_downtime_check_in_json_ok(run_cli: RunCli) -> None:
    result = run_cli(
        "downtime",
        "check",
        "--service",
        "saas",
        "--start",
        "2026-01-15T01:00:00-05:00",
        "--end",
        "2026-01-15T03:00:00-05:00",
        "--announced",
        "2026-01-01T00:00:00Z",
        "--regions",
        "na",
        "--format",
        "json",
    )
    assert result.code == 0
    answer = json.loads(result.out)
    assert answer["ok"] is True
    assert answer["minutes"] == 120
    assert [f["code"] for f in answer["findings"]] == ["too-long"]
    assert answer["findings"][0]["level"] == "warning"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--start", "soon"],
            "--start: 'soon' is not an ISO 8601 date-time such as 2026-03-01T02:00:00-05:00",
        ),
        (
            ["--start", "2026-01-15T01:00:00"],
            "--start: '2026-01-15T01:00:00' needs a UTC offset, e.g. -05:00 or Z",
        ),
        (
            ["--end", "2026-01-15T00:00:00-05:00"],
            "--end 2026-01-15T00:00:00-05:00 is not after --start 2026-01-15T01:00:00-05:00",
        ),
        (
            ["--regions", "mars"],
            "unknown region 'mars'; did you mean 'emea'? (known regions: na, emea, apac, india)",
        ),
    ],
)
def test_downtime_check_bad_input(run_cli: RunCli, argv: list[str], message: str) -> None:
    base = {"--start": "2026-01-15T01:00:00-05:00", "--end": "2026-01-15T02:00:00-05:00"}
    base.update(dict(zip(argv[::2], argv[1::2], strict=True)))
    result = run_cli(
        "downtime", "check", "--service", "saas", *(x for pair in base.items() for x in pair)
    )
    assert (result.code, result.out) == (2, "")
    assert result.err == f"eol-check: error: {message}\n"


def test_uptime_on_the_example_in_json(run_cli: RunCli) -> None:
    result = run_cli(
        *UPTIME, "--telemetry", str(EXAMPLES / "telemetry.parquet"), "--format", "json"
    )
    assert result.code == 1  # initech's SaaS target is missed
    report = json.loads(result.out)
    rows = {(r["customer"], r["service"]): r for r in report["results"]}
    assert {k: (r["downtime_minutes"], r["met"]) for k, r in rows.items()} == {
        ("acme", "mobile"): (5, True),
        ("globex", "mobile"): (30, True),
        ("initech", "mobile"): (0, None),
        ("acme", "saas"): (150, True),
        ("globex", "saas"): (150, True),
        ("initech", "saas"): (690, False),
    }
    assert rows["acme", "mobile"]["excluded_minutes"] == {
        "customer-connectivity": 0,
        "internet": 15,
        "scheduled": 30,
    }
    assert rows["initech", "mobile"]["uptime"] is None
    assert result.err == ""


def test_uptime_in_csv(run_cli: RunCli) -> None:
    result = run_cli(*UPTIME, "--service", "saas", "--customer", "initech", "--format", "csv")
    assert result.code == 1
    assert result.out.splitlines() == [
        "year,service,customer,region,minutes_in_year,telemetry_minutes,unjudged_minutes,"
        "downtime_minutes,excluded_customer-connectivity,excluded_internet,excluded_scheduled,"
        "excluded_customer,excluded_customer-equipment,excluded_third-party,uptime,target,met,"
        "in_progress,budget_minutes,left_minutes",
        "2025,saas,initech,na,525600,,0,690,,0,0,0,0,0,0.998687,0.999,false,false,525,0",
    ]


def test_uptime_with_a_bad_incident_row(run_cli: RunCli, tmp_path: Path) -> None:
    log = tmp_path / "incidents.csv"
    log.write_text(
        "id,service,start,end,kind,announced_at,cause,customers\n"
        "x,saas,2025-01-02T00:00:00Z,2025-01-02T01:00:00Z,unscheduled,,,acme\n"
        "y,saas,2025-01-03T00:00:00Z,2025-01-02T00:00:00Z,unscheduled,,,acme\n"
    )
    result = run_cli(
        "uptime",
        "--incidents",
        str(log),
        "--year",
        "2025",
        "--date",
        "2026-01-15",
        "--format",
        "json",
    )
    assert result.code == 2  # the answer stands, the input needs mending
    assert result.err.splitlines() == [
        f"eol-check: warning: {log}:3: end 2025-01-02T00:00:00Z is not after start "
        "2025-01-03T00:00:00Z",
        "eol-check: error: 1 incident rows and 0 telemetry rows could not be read; they are "
        "counted, and a verdict they could change is withheld (met: null)",
    ]
    [_mobile, saas] = json.loads(result.out)["results"]
    assert (saas["downtime_minutes"], saas["met"]) == (60, None)


def test_uptime_text_escapes_hostile_text(run_cli: RunCli, tmp_path: Path) -> None:
    # Control and bidi characters from the log reach the terminal escaped (_format.printable,
    # as in every other command), in the result, the incident lines and the warnings.
    log = tmp_path / "incidents.csv"
    log.write_text(
        "id,service,start,end,kind,announced_at,cause,customers\n"
        "x\x1b[2J\u202e,saas,2025-01-02T00:00:00Z,2025-01-02T01:00:00Z,unscheduled,,,"
        "ac\x1bme\n"
        "y\x07,saas,2025-01-03T00:00:00Z,2025-01-02T00:00:00Z,unscheduled,,,acme\n",
        encoding="utf-8",
    )
    result = run_cli(
        "uptime",
        "--incidents",
        str(log),
        "--service",
        "saas",
        "--year",
        "2025",
        "--date",
        "2026-01-15",
    )
    assert result.code == 2
    assert "\x1b" not in result.out + result.err
    assert "\u202e" not in result.out + result.err
    lines = result.out.splitlines()
    assert "ac\\x1bme — SaaS Services, region na (no contract names it)" in lines
    assert any(line.startswith("  x\\x1b[2J\\u202e 2025-01-02 00:00–") for line in lines)
    assert result.err.splitlines()[0] == (
        f"eol-check: warning: {log}:3: end 2025-01-02T00:00:00Z is not after start "
        "2025-01-03T00:00:00Z"
    )


def test_uptime_names_the_extra_it_lacks(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)  # as if not installed
    result = run_cli(*UPTIME, "--telemetry", str(EXAMPLES / "telemetry.csv"))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "eol-check: error: the duckdb engine is not installed (duckdb): "
        "pip install 'eol-support-check[availability]'\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--year", "26"],
            "uptime: argument --year: '26' is not a year such as 2026 "
            "(see 'eol-check uptime --help')",
        ),
        (["--year", "2027"], "--year 2027 has not begun (today is 2026-01-15)"),
        (
            ["--format", "markdown"],
            "--format 'markdown' is not offered here: choose text or json or csv",
        ),
        (
            ["--telemetry", "/nonexistent/t.parquet"],
            "--telemetry /nonexistent/t.parquet: no such file or folder",
        ),
        (["--customer", "acmee"], "unknown customer 'acmee'; did you mean 'acme'?"),
    ],
)
def test_uptime_bad_input(run_cli: RunCli, argv: list[str], message: str) -> None:
    result = run_cli(*UPTIME, *argv)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"eol-check: error: {message}\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "oas", "6.0.2", "--severity", "S2", "--date", "2026-01-15"],
        ["preflight", "oas", "--installed", "5.0.1", "--target", "6.0.2", "--date", "2026-01-15"],
    ],
)
def test_check_and_preflight_never_import_the_engines(argv: list[str]) -> None:
    code, found = imported_by(argv, ("duckdb", "pyspark", "eol_check.availability"))
    assert code in (0, 1)  # an answer, not an error
    assert found == []


@pytest.mark.filterwarnings("ignore:unclosed <socket:ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_uptime_on_spark_answers_as_on_duckdb(run_cli: RunCli, spark_session: Any) -> None:
    argv = [*UPTIME, "--telemetry", str(EXAMPLES / "telemetry.csv"), "--format", "json"]
    on_duckdb = run_cli(*argv)
    on_spark = run_cli(*argv, "--engine", "spark", "--spark-master", "local[1]")
    assert (on_spark.code, on_spark.out, on_spark.err) == (
        on_duckdb.code,
        on_duckdb.out,
        on_duckdb.err,
    )
    from pyspark.sql import SparkSession

    # The CLI stops only a session it started: the shared one is still the active one.
    assert SparkSession.getActiveSession() is spark_session


def test_uptime_text_escapes_a_customer_inside_the_verdicts_reason(
    run_cli: RunCli, tmp_path: Path
) -> None:
    # The reason "no telemetry for CUSTOMER" carries the log's text: found by the fuzz suite
    # (hypothesis seed 116), where a NUL in a customer reached the terminal raw (a BEL here:
    # Python 3.10's csv module refuses a NUL).
    log = tmp_path / "incidents.csv"
    log.write_text(
        "id,service,start,end,kind,announced_at,cause,customers\n"
        "x,mobile,2025-01-02T00:00:00Z,2025-01-02T01:00:00Z,unscheduled,,,\x07ac\x1bme\n",
        encoding="utf-8",
    )
    telemetry = tmp_path / "telemetry.csv"
    telemetry.write_text(
        "customer,minute,requests,errors\nother,2025-01-02T00:00:00Z,10,0\n", encoding="utf-8"
    )
    result = run_cli(
        "uptime",
        "--incidents",
        str(log),
        "--telemetry",
        str(telemetry),
        "--service",
        "mobile",
        "--year",
        "2025",
        "--date",
        "2026-01-15",
    )
    assert "\x07" not in result.out + result.err
    assert "\x1b" not in result.out + result.err
    assert (
        "  uptime unknown (target 0.999): not decided: no telemetry for \\x07ac\\x1bme in 2025: "
        "Downtime cannot be measured (§1.12), so no uptime is claimed"
    ) in result.out.splitlines()
