"""`eol-check tickets` on a hand-built log, each case computed by hand (SPEC §9, issue 24).

Regions (data/policy.toml): emea 09:00–18:00 Europe/Berlin, na 08:00–20:00 America/New_York,
Monday to Friday. In March 2026 oas 5.1 is the current line and 4.0 is unsupported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eol_check._data import data_dir

from ..conftest import RunCli

CUSTOMERS = """\
customer,product,version,region,tier,start,end,paid_up,coverage
Globex,oas,5.1.2,emea,L1,2024-06-01,2027-05-31,yes,
Hooli,oas,5.0.3,na,L1,2023-01-01,2027-12-31,yes,
Acme,oas,5.1.2,na,L2,2025-01-01,2027-12-31,yes,24x7
Soylent,oas,4.0.2,india,L1,2022-01-01,2026-12-31,yes,
"""

HEADER = (
    "ticket,customer,product,version,severity,reported_at,first_response_at,updates,"
    "workaround_at,resolved_at\n"
)
LOG = (
    HEADER
    + """\
weekend,Globex,oas,5.1.2,S2,2026-03-06T17:00:00+01:00,2026-03-09T11:00:00+01:00,,,
one-minute,Globex,oas,5.1.2,S2,2026-03-06T17:00:00+01:00,2026-03-09T11:01:00+01:00,,,
dst,Hooli,oas,5.0.3,S2,2026-03-06T18:00:00-05:00,2026-03-09T09:00:00-04:00,,,
dst-late,Hooli,oas,5.0.3,S2,2026-03-06T18:00:00-05:00,2026-03-09T09:30:00-04:00,,,
24x7,Acme,oas,5.1.2,S1,2026-03-07T10:00:00-05:00,2026-03-07T12:30:00-05:00,,,
not-entitled,Soylent,oas,4.0.2,S2,2026-03-02T12:00:00+05:30,2026-03-02T12:10:00+05:30,,,
chained,Globex,oas,5.1.2,S1,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,2026-03-02T14:30:00+01:00;2026-03-03T09:20:00+01:00,,2026-03-03T12:00:00+01:00
open,Globex,oas,5.1.2,S3,2026-03-02T09:00:00+01:00,,,,
no-contract,Initech,oas,5.1.2,S2,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,,,
bad-time,Globex,oas,5.1.2,S2,yesterday,,,,
before,Globex,oas,5.1.2,S2,2026-03-02T10:00:00+01:00,2026-03-02T09:00:00+01:00,,,
"""
)
NOW = "2026-03-02T12:00:00Z"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "customers.csv").write_text(CUSTOMERS)
    (tmp_path / "log.csv").write_text(LOG)
    return tmp_path / "log.csv", tmp_path / "customers.csv"


def _tickets(run_cli: RunCli, *argv: str) -> tuple[dict[str, dict[str, Any]], str]:
    result = run_cli("tickets", *argv, "--by", "ticket", "--format", "json", "--now", NOW)
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]
    return {row["ticket"]: row for row in rows}, result.err


def test_hand_computed_cases(run_cli: RunCli, files: tuple[Path, Path]) -> None:
    log, customers = files
    got, err = _tickets(run_cli, str(log), "--customers", str(customers))
    # weekend: Fri 17:00 leaves 1 h on Friday, 2 h on Monday: due Mon 11:00; met at 11:00.
    assert got["weekend"]["response_due"] == "2026-03-09T11:00:00+01:00"
    assert got["weekend"]["response_met"] is True
    assert got["weekend"]["response_minutes"] == 180
    # breach by one minute
    assert got["one-minute"]["response_met"] is False
    assert got["one-minute"]["response_late_minutes"] == 1
    # DST: New York springs forward on Sunday 03-08; Fri 18:00 −05:00 + 3 h = Mon 09:00 −04:00.
    assert got["dst"]["response_due"] == "2026-03-09T09:00:00-04:00"
    assert got["dst"]["response_met"] is True
    assert got["dst-late"]["response_late_minutes"] == 30
    # 24x7 coverage: S1 on the elapsed clock, Saturday counts: due 12:00, 30 minutes late.
    assert got["24x7"]["clock"] == "24x7"
    assert got["24x7"]["response_due"] == "2026-03-07T12:00:00-05:00"
    assert got["24x7"]["response_late_minutes"] == 30
    # not entitled: 4.0 is unsupported; owed nothing, never counted as met.
    assert got["not-entitled"]["owed"] is False
    assert got["not-entitled"]["response_met"] is None
    assert "§2" in got["not-entitled"]["reason"]
    # chained updates (S1 every 4 business hours): response 10:00 (due 11:00); update 1 due
    # 14:00 came 14:30 (30 late); update 2 due 14:30 + 4 h = Tue 09:30 (3.5 h Monday, 0.5 h
    # Tuesday) came 09:20; update 3 would be due 13:20, after the resolution at 12:00.
    chained = got["chained"]
    assert chained["response_met"] is True
    assert chained["updates"] == [
        {
            "due": "2026-03-02T14:00:00+01:00",
            "at": "2026-03-02T14:30:00+01:00",
            "met": False,
            "late_minutes": 30,
        },
        {
            "due": "2026-03-03T09:30:00+01:00",
            "at": "2026-03-03T09:20:00+01:00",
            "met": True,
            "late_minutes": 0,
        },
    ]
    # the workaround target (§3.6, 4 h: Mon 13:00) missed: resolved Tuesday.
    assert chained["workaround_target_due"] == "2026-03-02T13:00:00+01:00"
    assert chained["workaround_target_met"] is False
    # open: S3 due after 24 business hours; at NOW it is not due yet.
    assert got["open"]["response_due"] == "2026-03-04T15:00:00+01:00"
    assert got["open"]["response_met"] is None
    # bad rows: named, not judged
    assert got["no-contract"]["not_judged"] == (
        "Initech has no contract for Octopus Authentication Server in the customers file"
    )
    assert got["bad-time"]["not_judged"].startswith(
        "reported_at 'yesterday' is not an ISO 8601 date-time"
    )
    assert got["before"]["not_judged"] == "the first response is before the report"
    assert f"{log}:10: not judged: Initech has no contract" in err
    assert f"{log}:12: not judged: the first response is before the report" in err


def test_holiday(run_cli: RunCli, files: tuple[Path, Path], tmp_path: Path) -> None:
    """A closed Monday moves the weekend ticket's deadline to Tuesday 11:00."""
    policy = (data_dir() / "policy.toml").read_text()
    berlin = 'zone = "Europe/Berlin"        # §1.2 "Europe CET"\n'
    assert berlin in policy
    policy = policy.replace(
        berlin + "opens = 09:00:00\ncloses = 18:00:00\n"
        'workdays = ["Mon", "Tue", "Wed", "Thu", "Fri"]\nclosed_dates = []',
        berlin + "opens = 09:00:00\ncloses = 18:00:00\n"
        'workdays = ["Mon", "Tue", "Wed", "Thu", "Fri"]\n'
        "closed_dates = [2026-03-09]",
    )
    assert "closed_dates = [2026-03-09]" in policy
    (tmp_path / "policy.toml").write_text(policy)
    log, customers = files
    got, _ = _tickets(
        run_cli, str(log), "--customers", str(customers), "--policy", str(tmp_path / "policy.toml")
    )
    assert got["weekend"]["response_due"] == "2026-03-10T11:00:00+01:00"
    assert got["weekend"]["response_met"] is True
    assert got["one-minute"]["response_met"] is True


def test_groups_by_severity(run_cli: RunCli, files: tuple[Path, Path]) -> None:
    log, customers = files
    result = run_cli(
        "tickets",
        str(log),
        "--customers",
        str(customers),
        "--by",
        "severity",
        "--format",
        "json",
        "--now",
        NOW,
    )
    assert result.code == 0
    data = json.loads(result.out)
    groups = {g["severity"]: g for g in data["groups"]}
    s2 = groups["S2"]
    # weekend, one-minute, dst, dst-late owed; not-entitled not owed; no-contract, before
    # not judged (bad-time has no severity group: its severity is read, its time is not).
    assert (s2["owed"], s2["not_owed"], s2["response_met"], s2["response_breached"]) == (4, 1, 2, 2)
    assert s2["response_attainment"] == 0.5
    assert s2["median_response_minutes"] == 180
    assert s2["worst"][0] == {"ticket": "dst-late", "what": "response", "late_minutes": 30}
    total = data["total"]
    assert total["tickets"] == 11
    assert total["not_judged"] == 3
    assert total["updates_met"] == 1
    assert total["updates_breached"] == 1
    assert groups["S3"]["response_attainment"] is None  # nothing judged: null, never 100%


def test_text_and_csv(run_cli: RunCli, files: tuple[Path, Path]) -> None:
    log, customers = files
    text = run_cli("tickets", str(log), "--customers", str(customers), "--now", NOW)
    assert text.code == 0
    assert text.out.splitlines()[0].split() == [
        "month",
        "tickets",
        "owed",
        "response",
        "updates",
        "median",
        "p90",
        "not",
        "judged",
    ]
    assert "2026-03" in text.out
    csv_out = run_cli(
        "tickets", str(log), "--customers", str(customers), "--now", NOW, "--format", "csv"
    )
    assert csv_out.out.splitlines()[0].startswith("month,tickets,owed,not_owed,not_judged")


def test_map_renames_and_maps_values(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "map.toml").write_text(
        'timezone = "Europe/Berlin"\n'
        '[columns]\nticket = "id"\ncustomer = "organization"\nseverity = "priority"\n'
        'reported_at = "created_at"\nfirst_response_at = "first_reply_at"\n'
        '[values.priority]\nurgent = "S1"\nhigh = "S2"\n'
        '[constants]\nproduct = "oas"\nversion = "5.1.2"\nregion = "emea"\n'
    )
    (tmp_path / "export.csv").write_text(
        "id,organization,priority,created_at,first_reply_at\n"
        "1,Globex,high,2026-03-06 17:00:00,2026-03-09 11:00:00\n"
        "2,Globex,normal,2026-03-06 17:00:00,2026-03-09 11:00:00\n"
    )
    got = run_cli(
        "tickets",
        str(tmp_path / "export.csv"),
        "--map",
        str(tmp_path / "map.toml"),
        "--by",
        "ticket",
        "--format",
        "json",
        "--now",
        NOW,
    )
    rows = [json.loads(line) for line in got.out.splitlines()]
    assert rows[0]["response_due"] == "2026-03-09T11:00:00+01:00"
    assert rows[0]["response_met"] is True
    assert rows[1]["not_judged"] == "priority 'normal' is not in the map's [values.priority]"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "",
            "log.csv: empty: expected a header row naming the columns ticket, customer, "
            "product, version, severity, reported_at",
        ),
        (
            "ticket,customer\n",
            "log.csv:1: the header has no column product, version, severity, "
            "reported_at (use --map FILE to rename an export's columns)",
        ),
    ],
)
def test_unreadable_logs(run_cli: RunCli, tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "log.csv").write_text(content)
    result = run_cli("tickets", str(tmp_path / "log.csv"), "--now", NOW)
    assert result.code == 2
    assert result.err == f"eol-check: error: {tmp_path}/{message}\n"
    assert result.out == ""


def test_json_lines(run_cli: RunCli, files: tuple[Path, Path], tmp_path: Path) -> None:
    """The same tickets as JSON Lines: updates as a list, nulls, and a line that is not JSON."""
    _, customers = files
    lines = [
        {
            "ticket": "chained",
            "customer": "Globex",
            "product": "oas",
            "version": "5.1.2",
            "severity": "S1",
            "reported_at": "2026-03-02T09:00:00+01:00",
            "first_response_at": "2026-03-02T10:00:00+01:00",
            "updates": ["2026-03-02T14:30:00+01:00", "2026-03-03T09:20:00+01:00"],
            "workaround_at": None,
            "resolved_at": "2026-03-03T12:00:00+01:00",
        },
        {"ticket": "nested", "customer": {"id": 1}},
    ]
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(json.dumps(line) for line in lines) + "\n[1, 2]\n{oops\n")
    got, err = _tickets(run_cli, str(log), "--customers", str(customers))
    assert [u["met"] for u in got["chained"]["updates"]] == [False, True]
    assert got["nested"]["not_judged"] == "'customer' is a dict, expected text"
    assert f"{log}:3: not judged: not a JSON object: a list" in err
    assert f"{log}:4: not judged: not a JSON object: " in err


def test_hostile_text_is_escaped(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "log.csv").write_text(
        HEADER + "\x1b[31mred,Globex,oas,5.1.2,S9,2026-03-02T09:00:00+01:00,,,,\n"
        "=HYPERLINK(1),Globex,oas,5.1.2,S2,2026-03-02T09:00:00+01:00,,,,\n"
        "\u202egpj,Globex,oas,5.1.2,S9,2026-03-02T09:00:00+01:00,,,,\n"
        "zero\u200bwidth,Globex,oas,5.1.2,S9,2026-03-02T09:00:00+01:00,,,,\n"
    )
    text = run_cli("tickets", str(tmp_path / "log.csv"), "--by", "ticket", "--now", NOW)
    assert "\x1b" not in text.out + text.err
    assert "\\x1b[31mred: NOT JUDGED (line 2)" in text.out
    # as every command shows text (_format.printable): a bidi control escaped, a zero-width
    # space (no control: it neither reorders nor forges a line) kept
    assert "\u202e" not in text.out
    assert "\\u202egpj: NOT JUDGED (line 4)" in text.out
    assert "zero\u200bwidth: NOT JUDGED (line 5)" in text.out
    csv_out = run_cli(
        "tickets", str(tmp_path / "log.csv"), "--by", "ticket", "--format", "csv", "--now", NOW
    )
    assert "\n'=HYPERLINK(1),Globex," in csv_out.out


@pytest.mark.parametrize(
    ("by", "keys"),
    [
        ("month", {"2026-03", "unknown"}),
        ("region", {"emea", "na", "india", "unknown"}),
        ("customer", {"Globex", "Hooli", "Acme", "Soylent", "Initech"}),
    ],
)
def test_groups(run_cli: RunCli, files: tuple[Path, Path], by: str, keys: set[str]) -> None:
    log, customers = files
    result = run_cli(
        "tickets",
        str(log),
        "--customers",
        str(customers),
        "--by",
        by,
        "--format",
        "json",
        "--now",
        NOW,
    )
    data = json.loads(result.out)
    assert {g[by] for g in data["groups"]} == keys
    assert sum(g["tickets"] for g in data["groups"]) == data["total"]["tickets"] == 11


def test_from_and_to_keep_the_customers_dates(run_cli: RunCli, files: tuple[Path, Path]) -> None:
    """--from/--to compare the customer's date: SUP 24x7 was reported on Saturday 03-07 in New
    York; the weekend tickets on Friday 03-06 in Berlin and New York."""
    log, customers = files
    got, _ = _tickets(
        run_cli,
        str(log),
        "--customers",
        str(customers),
        "--from",
        "2026-03-06",
        "--to",
        "2026-03-06",
    )
    owed = {name for name, row in got.items() if row["not_judged"] is None}
    assert owed == {"weekend", "one-minute", "dst", "dst-late"}


def test_a_policy_with_other_hours_gets_its_own_clock(
    run_cli: RunCli, files: tuple[Path, Path], tmp_path: Path
) -> None:
    """The same region id with other opening hours: the deadline moves (no stale clock)."""
    log, customers = files
    got, _ = _tickets(run_cli, str(log), "--customers", str(customers))
    assert got["weekend"]["response_due"] == "2026-03-09T11:00:00+01:00"
    policy = (data_dir() / "policy.toml").read_text()
    berlin = 'zone = "Europe/Berlin"        # §1.2 "Europe CET"\nopens = 09:00:00'
    assert berlin in policy
    (tmp_path / "policy.toml").write_text(policy.replace(berlin, berlin[:-8] + "10:00:00"))
    got, _ = _tickets(
        run_cli, str(log), "--customers", str(customers), "--policy", str(tmp_path / "policy.toml")
    )
    # Friday 17:00–18:00 is one hour; Monday opens at 10:00: two more hours, 12:00.
    assert got["weekend"]["response_due"] == "2026-03-09T12:00:00+01:00"


def test_times_out_of_range_are_not_judged(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "map.toml").write_text('timezone = "UTC"\n')
    (tmp_path / "log.csv").write_text(
        HEADER + "far,Globex,oas,5.1.2,S2,0001-01-01T00:00:00,,,,\n"
        "offset,Globex,oas,5.1.2,S2,9999-12-31T23:00:00+00:00,,,,\n"
    )
    got, _ = _tickets(run_cli, str(tmp_path / "log.csv"), "--map", str(tmp_path / "map.toml"))
    assert got["far"]["not_judged"] == (
        "reported_at '0001-01-01T00:00:00+00:00': 0001-01-01 is outside the dates eol-check "
        "handles (1900-01-01 to 2999-12-31)"
    )
    assert got["offset"]["not_judged"].endswith("(1900-01-01 to 2999-12-31)")
