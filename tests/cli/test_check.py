"""`eol-check check` (SPEC §3.3, §3.4, §5): JSON, text, exit codes, customers, regions."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ..conftest import Run, RunCli, imported_by
from ..entitlement_data import CATALOG, CELLS, VERSIONS

CUSTOMERS = """\
customer,product,version,region,tier,start,end,paid_up,coverage
acme,ts,3.0.1,emea,L2,2025-06-16,2026-06-15,yes
globex,Test Server,4.0.1,apac,L1,2026-06-15,2027-06-14,true
initech,TS,3.1.1,india,,,,no
umbrella,other,1.0.0,na,,,,
hooli,ts,4.0.1,,,,,
wayne,ts,4.0.1,india,L2,2026-01-01,2026-12-31,yes,24x7
"""

# Monday 2026-06-15, 16:30 UTC: 18:30 in Berlin (after closing), 12:30 in New York.
REPORTED = "2026-06-15T16:30:00Z"
# The next morning, 10:00 in Berlin: the moment the open ticket is looked at.
NOW = "2026-06-16T08:00:00Z"


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "ts.toml").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    return tmp_path


@pytest.fixture
def check(run_cli: RunCli, files: Path) -> RunCli:
    """`eol-check check ARGV...` on the test catalog, with the test customers file at hand."""

    def run(*argv: str) -> Run:
        args = [a.replace("CUSTOMERS", str(files / "customers.csv")) for a in argv]
        return run_cli("check", *args, "--catalog", str(files / "ts.toml"))

    return run


def answer(r: Run) -> dict[str, object]:
    result: dict[str, object] = json.loads(r.out)
    return result


@pytest.mark.parametrize(("status", "severity", "scope"), CELLS)
def test_every_cell_of_the_table(check: RunCli, status: str, severity: str, scope: str) -> None:
    r = check(
        "ts",
        VERSIONS[status],
        "--severity",
        severity,
        "--reported-at",
        REPORTED,
        "--format",
        "json",
    )
    assert (r.code, r.err) == (0 if scope != "none" else 1, "")
    result = answer(r)
    assert (result["status"], result["severity"], result["scope"]) == (status, severity, scope)
    assert result["entitled"] is (scope != "none")
    assert (result["sla"] is None) is (scope == "none")


def test_json(check: RunCli) -> None:
    r = check(
        "ts",
        "Test Server 3.0.1 (build 12)",
        "-s",
        "high",
        "--customer",
        "ACME",
        "--customers",
        "CUSTOMERS",
        "--reported-at",
        REPORTED,
        "--now",
        NOW,
        "--format",
        "json",
    )
    assert (r.code, r.err) == (0, "")
    assert answer(r) == {
        "product": "ts",
        "product_name": "Test Server",
        "version": "3.0.1",
        "line": "3.0",
        "date": "2026-06-15",
        "status": "support-tail",
        "severity": "S2",
        "entitled": True,
        "scope": "workaround",
        "eol": "2026-03-02",
        "support_until": "2026-09-01",
        "upgrade_until": "2027-03-01",
        "latest_in_line": "3.0.1",
        "upgrade_to": "4.0.1",
        "released": "2024-06-03",
        "eol_source": "line",
        "eol_scheduled": False,  # one JSON form of a version status, as in status and preflight
        "upgrade_path": ["4.0.1"],  # SPEC §3.5: the planner's hops; upgrade_to is the last
        "upgrade_path_reason": None,
        "reasons": [
            {
                "section": "§2",
                "text": "3.0 was declared End of Life on 2026-03-02; customers have until "
                "2027-03-01 to upgrade",
            },
            {
                "section": "§7",
                "text": "support continues until 2026-09-01, six months after End of Life",
            },
            {
                "section": "§2(iv)",
                "text": "for earlier versions, fixes for S1/S2 may be a workaround or require an "
                "upgrade",
            },
            {
                "section": "§1.3",
                "text": "the contract of acme for Test Server (2025-06-16 to 2026-06-15) is in "
                "force on 2026-06-15",
            },
            {"section": "§1.3, §3.2", "text": "acme is paid up"},
            {
                "section": "§2",
                "text": "upgrade to 4.0.1, the latest release of the most current Version line 4.0",
            },
        ],
        "sla": {
            "clock": "business",
            "coverage": "business",
            "region": "emea",
            "region_name": "Europe, Middle East, Africa",
            "region_assumed": False,
            "zone": "Europe/Berlin",
            "holidays": None,
            "reported_at": "2026-06-15T18:30:00+02:00",
            "clock_starts": "2026-06-16T09:00:00+02:00",
            "response_due": "2026-06-16T12:00:00+02:00",
            "next_update_due": "2026-06-18T15:00:00+02:00",
            "workaround_due": "2026-06-23T12:00:00+02:00",
            "workaround_target_due": "2026-06-18T15:00:00+02:00",
            # SPEC §3.4: every 24 business hours, each from the one before (9 h a day in Berlin)
            "updates_due": [
                "2026-06-18T15:00:00+02:00",
                "2026-06-23T12:00:00+02:00",
                "2026-06-25T18:00:00+02:00",
                "2026-06-30T15:00:00+02:00",
                "2026-07-03T12:00:00+02:00",
            ],
            "closed_days": [],  # the policy names no holidays
            "workaround_guaranteed": False,  # §3.6: a target, not a guarantee
            "hotline": "+1-985-464-2515",
            "hotline_hours": "support hours",  # §1.3(a) keeps the 24/7 line for S1
            # --now is 10:00 in Berlin on 06-16
            "due_in_minutes": {"response": 120, "next_update": 3180, "workaround": 10200},
            "in_zone": None,
        },
        "region": "emea",
        "region_assumed": False,
        "customer": {
            "id": "acme",
            "contract": {
                "product": "ts",
                "version": "3.0.1",
                "region": "emea",
                "tier": "L2",
                "start": "2025-06-16",
                "end": "2026-06-15",
                "paid_up": True,
                "coverage": "business",
                "in_force": True,
                "line": 2,
            },
        },
    }


TEXT = """\
ENTITLED (workaround): Test Server 3.0.1, S2 (High), on 2026-06-15
Customer: acme: contract 2025-06-16 to 2026-06-15 (in force), paid up, tier L2, region emea,
    customers.csv line 2
Scope: workaround — the §3.6 response times apply; the fix may be a workaround or require an upgrade
  (§2(iv))

SLA (S2, business hours of Europe, Middle East, Africa: Mon–Fri 09:00–18:00 Europe/Berlin):
  reported        Mon 2026-06-15 18:30 CEST (UTC+02:00)
  clock starts    Tue 2026-06-16 09:00 CEST (UTC+02:00)  outside support hours (§1.2)
  first response  Tue 2026-06-16 12:00 CEST (UTC+02:00)  3 business hours             due in 2 h
  hotline         +1-985-464-2515                        immediate response by phone during support
                                                         hours (§3.6, §1.3(a))
  next update     Thu 2026-06-18 15:00 CEST (UTC+02:00)  every 24 business hours      due in 2 d 5 h
    then          Tue 06-23 12:00 CEST, Thu 06-25 18:00 CEST, Tue 06-30 15:00 CEST, Fri 07-03 12:00
                  CEST
  workaround      Tue 2026-06-23 12:00 CEST (UTC+02:00)  48 business hours, a target  due in 7 d 2 h
    inner target  Thu 2026-06-18 15:00 CEST (UTC+02:00)  24 business hours, a target
  no holiday calendar for Europe, Middle East, Africa (emea): public holidays count as business days
  §3.6: the workaround time is a target, not a guarantee: "A response time is a guarantee of
    communication timeframes only; Company does not guarantee a Malfunction fix, workaround, or
    other final disposition within these timeframes."

Lifecycle of Test Server 3.0: support-tail
  released        2024-06-03 (3.0.1)
  End of Life     2026-03-02
  support until   2026-09-01
  upgrade until   2027-03-01
  latest in line  3.0.1
  current line    4.0 (latest 4.0.1)
  upgrade path    4.0.1

Recommended: upgrade to 4.0.1, the latest release of the current line 4.0 (§2)

Policy:
  §2          3.0 was declared End of Life on 2026-03-02; customers have until 2027-03-01 to upgrade
  §7          support continues until 2026-09-01, six months after End of Life
  §2(iv)      for earlier versions, fixes for S1/S2 may be a workaround or require an upgrade
  §1.3        the contract of acme for Test Server (2025-06-16 to 2026-06-15) is in force on
              2026-06-15
  §1.3, §3.2  acme is paid up
  §2          upgrade to 4.0.1, the latest release of the most current Version line 4.0
"""


def test_text(check: RunCli) -> None:
    r = check(
        "ts",
        "3.0.1",
        "--severity",
        "S2",
        "--customer",
        "acme",
        "--customers",
        "CUSTOMERS",
        "--reported-at",
        REPORTED,
        "--now",
        NOW,
    )
    assert (r.code, r.err) == (0, "")
    assert r.out == TEXT


def test_text_not_entitled(check: RunCli) -> None:
    r = check("ts", "1.0.0", "-s", "S1", "--reported-at", REPORTED)
    assert (r.code, r.err) == (1, "")
    assert r.out == (
        "NOT ENTITLED: Test Server 1.0.0, S1 (Critical), on 2026-06-15\n"
        "Scope: none — no Maintenance and Support Services are owed for this issue\n"
        "\n"
        "SLA: none — not entitled, so no §3.6 response times apply\n"
        "\n"
        "Lifecycle of Test Server 1.0: unsupported\n"
        "  released        2020-01-06 (1.0.0)\n"
        "  End of Life     2023-01-02 (End of Life of major 1)\n"
        "  support until   2023-07-01\n"
        "  upgrade until   2024-01-01\n"
        "  latest in line  1.0.0\n"
        "  current line    4.0 (latest 4.0.1)\n"
        "  upgrade path    4.0.1\n"
        "\n"
        "Recommended: upgrade to 4.0.1, the latest release of the current line 4.0 (§2)\n"
        "\n"
        "Policy:\n"
        "  §2  1.0 (with all of major version 1) was declared End of Life on 2023-01-02; the 12 "
        "months to\n"
        "      upgrade ended on 2024-01-01\n"
        "  §7  support ended on 2023-07-01, six months after End of Life\n"
        "  §2  upgrade to 4.0.1, the latest release of the most current Version line 4.0\n"
    )


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_in_the_upgrade_window_owes_no_sla(check: RunCli, fmt: str) -> None:
    # SPEC v3 §3.3: support ended (§7); the headline says by when to upgrade, then the path.
    r = check("ts", "2.1.0", "-s", "S1", "--reported-at", REPORTED, "--format", fmt)
    assert (r.code, r.err) == (1, "")
    lines = [line for line in r.out.splitlines() if line]
    headline = "NOT ENTITLED (upgrade window): support ended 2026-02-28; upgrade by 2026-08-31"
    asked = "Asked: Test Server 2.1.0, S1 (Critical), on 2026-06-15"
    if fmt == "markdown":
        assert lines[:3] == [f"**{headline}**", "Upgrade path: 2.1.0 > 4.0.1", asked]
        assert "**SLA:** none — not entitled, so no §3.6 response times apply" in lines
        return
    assert lines[:4] == [
        headline,
        "Upgrade path: 2.1.0 > 4.0.1",
        asked,
        "Scope: none — no Maintenance and Support Services are owed for this issue",
    ]
    assert "SLA: none — not entitled, so no §3.6 response times apply" in lines
    assert lines[lines.index("Policy:") :] == [
        "Policy:",
        "  §2    2.1 was declared End of Life on 2025-09-01; customers have until 2026-08-31 to "
        "upgrade",
        "  §7    support ended on 2026-02-28, six months after End of Life",
        "  §1.7  2.1.1 is the latest Maintenance Release of 2.1",
        "  §2    upgrade to 4.0.1, the latest release of the most current Version line 4.0",
    ]


@pytest.mark.parametrize(
    ("on", "headline", "code"),
    [
        ("2026-02-28", "ENTITLED (workaround): Test Server 2.1.0, S1 (Critical), on 2026-02-28", 0),
        (
            "2026-03-01",
            "NOT ENTITLED (upgrade window): support ended 2026-02-28; upgrade by 2026-08-31",
            1,
        ),
        (
            "2026-08-31",
            "NOT ENTITLED (upgrade window): support ended 2026-02-28; upgrade by 2026-08-31",
            1,
        ),
        ("2026-09-01", "NOT ENTITLED: Test Server 2.1.0, S1 (Critical), on 2026-09-01", 1),
    ],
)
def test_headline_on_the_windows_first_and_last_days(
    check: RunCli, on: str, headline: str, code: int
) -> None:
    r = check("ts", "2.1.0", "-s", "S1", "--date", on, "--reported-at", REPORTED)
    assert (r.code, r.out.splitlines()[0]) == (code, headline)


def test_unknown_version_headline(check: RunCli) -> None:
    """A typo must not read as a verdict on the customer; JSON keeps status unknown, exit 1."""
    r = check("ts", "4.0.5", "-s", "S1", "--reported-at", REPORTED)
    assert (r.code, r.out.splitlines()[:2]) == (
        1,
        [
            "UNKNOWN VERSION: 4.0.5 is not a release of Test Server; the latest of line 4.0 is "
            "4.0.1",
            "Asked: Test Server 4.0.5, S1 (Critical), on 2026-06-15",
        ],
    )
    md = check("ts", "4.0.5", "-s", "S1", "--reported-at", REPORTED, "--format", "markdown")
    assert md.out.splitlines()[0] == (
        "**UNKNOWN VERSION: 4.0.5 is not a release of Test Server; the latest of line 4.0 is "
        "4.0.1**"
    )
    js = check("ts", "4.0.5", "-s", "S1", "--reported-at", REPORTED, "--format", "json")
    assert (js.code, json.loads(js.out)["status"]) == (1, "unknown")


def test_text_clocks_coverage_and_best_effort_rows(check: RunCli) -> None:
    # §3.6's closing paragraph: an S1 runs on support hours (22:00 in India: Tuesday 11:00),
    s1 = check(
        "ts",
        "4.0.1",
        "-s",
        "critical",
        "--region",
        "india",
        "--reported-at",
        REPORTED,
        "--now",
        NOW,
    )
    assert s1.code == 0
    assert s1.out.splitlines()[3:16] == [
        "SLA (S1, business hours of India: Mon–Fri 11:00–20:00 Asia/Kolkata):",
        "  reported        Mon 2026-06-15 22:00 IST (UTC+05:30)",
        "  clock starts    Tue 2026-06-16 11:00 IST (UTC+05:30)  outside support hours (§1.2)",
        "  first response  Tue 2026-06-16 13:00 IST (UTC+05:30)",
        "                  2 business hours  BREACHED 30 min ago",  # within 100 columns
        "  hotline         +1-985-464-2515                       immediate response by phone, "
        "24/7 (§1.3(a))",
        "  next update     Tue 2026-06-16 15:00 IST (UTC+05:30)  every 4 business hours      "
        "due in 1 h 30 m",
        "    then          Tue 06-16 19:00 IST, Wed 06-17 14:00 IST, Wed 06-17 18:00 IST, "
        "Thu 06-18 13:00 IST",
        "  workaround      Tue 2026-06-16 15:00 IST (UTC+05:30)  4 business hours, a target  "
        "due in 1 h 30 m",
        "  no holiday calendar for India (india): public holidays count as business days",
        '  §3.6: the workaround time is a target, not a guarantee: "A response time is a '
        "guarantee of",
        "    communication timeframes only; Company does not guarantee a Malfunction fix, "
        "workaround, or",
        '    other final disposition within these timeframes."',
    ]
    # ... unless the contract bought special services (coverage 24x7): then around the clock.
    s1 = check(
        "ts",
        "4.0.1",
        "-s",
        "critical",
        "--customer",
        "wayne",
        "--customers",
        "CUSTOMERS",
        "--reported-at",
        REPORTED,
        "--now",
        NOW,
    )
    assert s1.code == 0
    assert "coverage 24x7" in s1.out.splitlines()[2]
    assert s1.out.splitlines()[5:12] == [
        "SLA (S1, 24/7 clock (coverage 24x7, special services §3.6), shown in India time "
        "(Asia/Kolkata)):",
        "  reported        Mon 2026-06-15 22:00 IST (UTC+05:30)",
        "  first response  Tue 2026-06-16 00:00 IST (UTC+05:30)  2 hours            "
        "BREACHED 13 h 30 m ago",
        "  hotline         +1-985-464-2515                       immediate response by phone, "
        "24/7 (§1.3(a))",
        "  next update     Tue 2026-06-16 02:00 IST (UTC+05:30)  every 4 hours      "
        "BREACHED 11 h 30 m ago",
        "    then          Tue 06-16 06:00 IST, Tue 06-16 10:00 IST, Tue 06-16 14:00 IST, "
        "Tue 06-16 18:00 IST",
        "  workaround      Tue 2026-06-16 02:00 IST (UTC+05:30)  4 hours, a target  "
        "BREACHED 11 h 30 m ago",
    ]
    s3 = check(
        "ts", "4.0.1", "-s", "3", "--region", "apac", "--reported-at", REPORTED, "--now", NOW
    )
    assert s3.out.splitlines()[3:10] == [
        "SLA (S3, business hours of Asia Pacific: Mon–Fri 13:00–22:00 Asia/Singapore):",
        "  reported        Tue 2026-06-16 00:30 (UTC+08:00)",
        "  clock starts    Tue 2026-06-16 13:00 (UTC+08:00)  outside support hours (§1.2)",
        "  first response  Thu 2026-06-18 19:00 (UTC+08:00)  24 business hours       "
        "due in 2 d 3 h",
        "  next update     Mon 2026-06-29 22:00 (UTC+08:00)  every 10 business days  "
        "due in 13 d 6 h",
        "    then          Mon 07-13 22:00, Mon 07-27 22:00, Mon 08-10 22:00, Mon 08-24 22:00",
        "  workaround      -                                 best effort: no SLA (§3.6)",
    ]


def test_tz_repeats_every_time_in_the_agents_zone(check: RunCli) -> None:
    r = check(
        "ts",
        "4.0.1",
        "-s",
        "S4",
        "--region",
        "apac",
        "--reported-at",
        REPORTED,
        "--now",
        NOW,
        "--tz",
        "America/Los_Angeles",
    )
    assert r.out.splitlines()[3:10] == [
        "SLA (S4, business hours of Asia Pacific: Mon–Fri 13:00–22:00 Asia/Singapore; times "
        "also in",
        "  America/Los_Angeles):",
        "  reported        Tue 2026-06-16 00:30 (UTC+08:00)  Mon 2026-06-15 09:30 PDT (UTC-07:00)",
        "  clock starts    Tue 2026-06-16 13:00 (UTC+08:00)  Mon 2026-06-15 22:00 PDT (UTC-07:00)",
        "                  outside support hours (§1.2)",  # within 100 columns: a line below
        "  first response  Thu 2026-06-25 22:00 (UTC+08:00)  Thu 2026-06-25 07:00 PDT (UTC-07:00)",
        "                  72 business hours  due in 9 d 6 h",
    ]
    sla = answer(
        check(
            "ts",
            "4.0.1",
            "-s",
            "S4",
            "--region",
            "apac",
            "--reported-at",
            REPORTED,
            "--now",
            NOW,
            "--tz",
            "America/Los_Angeles",
            "--format",
            "json",
        )
    )["sla"]
    assert isinstance(sla, dict)
    assert sla["in_zone"] == {
        "zone": "America/Los_Angeles",
        "reported_at": "2026-06-15T09:30:00-07:00",
        "clock_starts": "2026-06-15T22:00:00-07:00",
        "response_due": "2026-06-25T07:00:00-07:00",
        "next_update_due": None,
        "workaround_due": None,
        "workaround_target_due": None,
        "updates_due": [],
    }
    assert sla["response_due"] == "2026-06-25T22:00:00+08:00"


@pytest.mark.parametrize(
    ("argv", "region", "assumed"),
    [
        ((), "na", True),  # SPEC §3.4: no --region, no customer: say which region was assumed
        (("--region", "India"), "india", False),
        (("--customer", "globex", "--customers", "CUSTOMERS"), "apac", False),
        (("--customer", "globex", "--customers", "CUSTOMERS", "--region", "emea"), "emea", False),
        (("--customer", "hooli", "--customers", "CUSTOMERS"), "na", True),  # no region on file
    ],
)
def test_region(check: RunCli, argv: tuple[str, ...], region: str, assumed: bool) -> None:
    r = check("ts", "4.0.1", "-s", "S4", "--reported-at", REPORTED, "--format", "json", *argv)
    assert r.code == 0
    result = answer(r)
    sla = result["sla"]
    assert isinstance(sla, dict)
    assert (sla["region"], sla["region_assumed"]) == (region, assumed)
    assert (result["region"], result["region_assumed"]) == (region, assumed)
    text = check("ts", "4.0.1", "-s", "S4", "--reported-at", REPORTED, *argv).out
    assert ("region assumed: na" in text) is assumed


# SPEC §3.2 "whose date": the date of `check` is the date in the SLA region at the reported time.
# (region, the last second of a local day, the first second of the next, that next date)
MIDNIGHTS = [
    ("na", "2026-06-16T03:59:59Z", "2026-06-16T04:00:00Z", "2026-06-16"),  # EDT, UTC-4
    ("na", "2026-12-01T04:59:59Z", "2026-12-01T05:00:00Z", "2026-12-01"),  # EST, UTC-5
    ("emea", "2026-06-15T21:59:59Z", "2026-06-15T22:00:00Z", "2026-06-16"),  # CEST
    ("emea", "2026-11-30T22:59:59Z", "2026-11-30T23:00:00Z", "2026-12-01"),  # CET
    ("apac", "2026-06-15T15:59:59Z", "2026-06-15T16:00:00Z", "2026-06-16"),
    ("india", "2026-06-15T18:29:59Z", "2026-06-15T18:30:00Z", "2026-06-16"),
]


@pytest.mark.parametrize(("region", "before", "after", "day"), MIDNIGHTS)
def test_the_date_is_the_regions_on_both_sides_of_its_midnight(
    check: RunCli, region: str, before: str, after: str, day: str
) -> None:
    dates = [
        answer(
            check(
                "ts",
                "4.0.1",
                "-s",
                "S4",
                "--region",
                region,
                "--reported-at",
                moment,
                "--now",
                moment,
                "--format",
                "json",
            )
        )["date"]
        for moment in (before, after)
    ]
    previous = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    assert dates == [previous, day]


def test_the_date_follows_the_customers_region_and_date_overrides(check: RunCli) -> None:
    # 23:30 in New York on 06-15 is 06-16 in UTC; without a region or customer, na's date.
    late = "2026-06-15T23:30:00-04:00"
    r = check("ts", "4.0.1", "-s", "S4", "--reported-at", late, "--format", "json")
    assert answer(r)["date"] == "2026-06-15"
    r = check(
        "ts", "4.0.1", "-s", "S4", "--reported-at", late, "--date", "2026-06-01", "--format", "json"
    )
    assert answer(r)["date"] == "2026-06-01"
    # globex (apac) is asked about at 23:30 on 06-14 in New York: 11:30 on 06-15 in Singapore,
    # the first day of its contract: in force.
    r = check(
        "ts",
        "4.0.1",
        "-s",
        "S2",
        "--customer",
        "globex",
        "--customers",
        "CUSTOMERS",
        "--reported-at",
        "2026-06-14T23:30:00-04:00",
        "--format",
        "json",
    )
    assert (r.code, answer(r)["date"]) == (0, "2026-06-15")
    # acme (emea) on the last day of its contract, 23:59 in Berlin (21:59 UTC): in force; a
    # minute later it has ended.
    for moment, code in [("2026-06-15T21:59:00Z", 0), ("2026-06-15T22:00:00Z", 1)]:
        r = check(
            "ts",
            "3.0.1",
            "-s",
            "S2",
            "--customer",
            "acme",
            "--customers",
            "CUSTOMERS",
            "--reported-at",
            moment,
            "--format",
            "json",
        )
        assert r.code == code, moment


@pytest.mark.parametrize(
    ("customer", "date", "code", "first_reason"),
    [
        ("acme", "2026-06-15", 0, "§2"),  # the contract's last day
        ("acme", "2026-06-16", 1, "§1.3, §7"),  # ended yesterday
        ("globex", "2026-06-15", 0, "§2(i)"),  # starts today
        ("globex", "2026-06-14", 1, "§1.3, §7"),  # starts tomorrow
        ("initech", "2026-06-15", 1, "§1.3, §3.2"),  # not paid up
        ("umbrella", "2026-06-15", 1, "§1.3"),  # a contract for another product only
        ("hooli", "2026-06-15", 0, "§2(i)"),  # open-ended, payment not recorded
    ],
)
def test_contracts(check: RunCli, customer: str, date: str, code: int, first_reason: str) -> None:
    version = {"acme": "3.0.1", "initech": "3.1.1"}.get(customer, "4.0.1")
    r = check(
        "ts",
        version,
        "-s",
        "S2",
        "--customer",
        customer,
        "--customers",
        "CUSTOMERS",
        "--date",
        date,
        "--reported-at",
        REPORTED,
        "--format",
        "json",
    )
    assert (r.code, r.err) == (code, "")
    reasons = answer(r)["reasons"]
    assert isinstance(reasons, list)
    assert reasons[0]["section"] == first_reason


def test_contract_for_another_product_is_named(check: RunCli) -> None:
    r = check(
        "ts",
        "4.0.1",
        "-s",
        "S2",
        "--customer",
        "umbrella",
        "--customers",
        "CUSTOMERS",
        "--reported-at",
        REPORTED,
    )
    assert r.code == 1
    assert r.out.splitlines()[1] == (
        "Customer: umbrella: no contract for Test Server in customers.csv (it has: other 1.0.0)"
    )


def test_a_different_version_on_file_is_pointed_out(check: RunCli) -> None:
    r = check(
        "ts",
        "3.0.0",
        "-s",
        "S2",
        "--customer",
        "acme",
        "--customers",
        "CUSTOMERS",
        "--reported-at",
        REPORTED,
    )
    assert r.out.splitlines()[3] == "  (the customers file records version 3.0.1)"


def test_bad_rows_of_other_customers_are_skipped_with_a_warning(check: RunCli, files: Path) -> None:
    (files / "customers.csv").write_text(
        CUSTOMERS + "wayne,ts,4.0.1,,,2026-13-01\nstark,ts,x\n", encoding="utf-8"
    )
    r = check(
        "ts",
        "4.0.1",
        "-s",
        "S2",
        "--customer",
        "hooli",
        "--customers",
        "CUSTOMERS",
        "--reported-at",
        REPORTED,
        "--format",
        "json",
    )
    assert r.code == 0
    assert r.err == (
        f"eol-check: 2 bad rows of other customers skipped; the first: {files}/customers.csv:8: "
        "start: the date '2026-13-01' is not a real calendar date (month must be in 1..12)\n"
    )
    wayne = check(
        "ts",
        "4.0.1",
        "-s",
        "S2",
        "--customer",
        "Wayne",
        "--customers",
        "CUSTOMERS",
        "--reported-at",
        REPORTED,
    )
    assert wayne.code == 2
    assert wayne.err == (
        f"eol-check: error: {files}/customers.csv:8: start: the date '2026-13-01' is not a real "
        "calendar date (month must be in 1..12)\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("ts", "abc", "-s", "S1"),
            "VERSION: no version found in 'abc': expected a number like 4.2.1",
        ),
        (("ts", "4.0.1", "-s", "S5"), "unknown severity 'S5'; did you mean 'S4'?"),
        (
            ("ts", "4.0.1", "-s", "S1", "--region", "mars"),
            "unknown region 'mars'; did you mean 'emea'? (known regions: na, emea, apac, india)",
        ),
        (
            ("ts", "4.0.1", "-s", "S1", "--region", "europe"),
            "unknown region 'europe'; did you mean 'emea'? (known regions: na, emea, apac, india)",
        ),
        (
            ("tss", "4.0.1", "-s", "S1"),
            "unknown product 'tss'; did you mean 'ts'? (known products: ts)",
        ),
        (
            ("ts", "4.0.1", "-s", "S1", "--reported-at", "2026-06-15T10:00"),
            "--reported-at '2026-06-15T10:00' has no UTC offset, so the moment is ambiguous: "
            "add the offset or Z, e.g. 2026-01-15T09:30:00-05:00 or 2026-01-15T14:30:00Z",
        ),
        (
            ("ts", "4.0.1", "-s", "S1", "--now", "tomorrow"),
            "--now 'tomorrow' is not an ISO 8601 date-time: e.g. 2026-01-15T09:30:00-05:00 or "
            "2026-01-15T14:30:00Z",
        ),
        (
            ("ts", "4.0.1", "-s", "S1", "--tz", "EST"),
            "--tz 'EST' is not an IANA zone name (give an IANA zone such as America/New_York, "
            "Europe/London or UTC; abbreviations like EST or CET do not follow daylight saving)",
        ),
        (
            ("ts", "4.0.1", "-s", "S1", "--tz", "Europe/Lodnon"),
            "--tz 'Europe/Lodnon' is not a known time zone: give an IANA zone such as "
            "America/New_York, Europe/London or UTC",
        ),
        (
            ("ts", "4.0.1", "-s", "S1", "--tz", "../" * 20),
            "--tz '../../../../../../../../../../../../....' is not a known time zone: give an "
            "IANA zone such as America/New_York, Europe/London or UTC",
        ),
        (
            ("ts", "4.0.1", "-s", "S1", "--format", "csv"),
            "--format 'csv' is not offered here: choose text or json or markdown",
        ),
        (
            ("ts", "4.0.1", "-s", "S1", "--customer", "acme"),
            "--customer needs --customers FILE, the customers file to look it up in",
        ),
        (
            ("ts", "4.0.1", "-s", "S1", "--customers", "CUSTOMERS"),
            "--customers FILE needs --customer ID: which customer to check",
        ),
        (
            ("ts", "4.0.1", "-s", "S1", "--customer", "acmee", "--customers", "CUSTOMERS"),
            "unknown customer 'acmee'; did you mean 'acme'?",
        ),
        (
            ("ts", "4.0.1", "-s", "S1", "--customer", "acme", "--customers", "/no/such.csv"),
            "/no/such.csv: file not found",
        ),
        (
            ("ts", "4.0.1"),
            "check: the following arguments are required: --severity/-s "
            "(see 'eol-check check --help')",
        ),
    ],
)
def test_wrong_input_is_exit_2(check: RunCli, argv: tuple[str, ...], message: str) -> None:
    r = check(*argv)
    assert (r.code, r.out, r.err) == (2, "", f"eol-check: error: {message}\n")


def test_data_that_cannot_be_loaded_is_exit_3(check: RunCli, run_cli: RunCli) -> None:
    r = check("ts", "4.0.1", "-s", "S1", "--policy", "/no/policy.toml")
    assert (r.code, r.err) == (3, "eol-check: error: /no/policy.toml: file not found\n")
    r = run_cli("check", "oas", "4.0.1", "-s", "S1", "--catalog", "/no/catalog")
    assert (r.code, r.err) == (3, "eol-check: error: /no/catalog: no such file or folder\n")


def test_embedded_data_answers(run_cli: RunCli) -> None:
    r = run_cli(
        "check",
        "oas",
        "6.0.1",
        "-s",
        "S2",
        "--region",
        "na",
        "--reported-at",
        "2026-11-20T19:00:00-05:00",
        "--format",
        "json",
    )
    assert r.code == 0
    result = answer(r)
    assert (result["status"], result["scope"]) == ("current", "full")
    sla = result["sla"]
    assert isinstance(sla, dict)
    assert sla["response_due"] == "2026-11-23T10:00:00-05:00"  # Friday 19:00 + 3 business hours


def test_check_start_up_stays_lean() -> None:
    argv = ["check", "oas", "6.0.1", "-s", "S2", "--reported-at", "2026-11-20T12:00Z"]
    lean = (
        "httpx",
        "semver",
        "csv",
        "dateutil.parser",
        "typing",
        "tomllib",
        "pathlib",
        "packaging",
        "eol_check.contracts",
        "eol_check.holiday_calendars",
    )
    assert imported_by(argv, lean) == (0, [])


def test_a_toml_customers_file(check: RunCli, files: Path) -> None:
    (files / "customers.toml").write_text(
        '[[contract]]\ncustomer = "acme"\nproduct = "TS"\nversion = "3.0.1"\nregion = "india"\n'
        "start = 2025-06-16\nend = 2026-06-15\npaid_up = true\n",
        encoding="utf-8",
    )
    r = check(
        "ts",
        "3.0.1",
        "-s",
        "S1",
        "--customer",
        "acme",
        "--customers",
        str(files / "customers.toml"),
        "--reported-at",
        REPORTED,
        "--format",
        "json",
    )
    assert (r.code, r.err) == (0, "")
    sla = answer(r)["sla"]
    assert isinstance(sla, dict)
    # 22:00 in India, after closing: the S1 clock (support hours, §3.6) starts Tuesday 11:00.
    assert (sla["region"], sla["response_due"]) == ("india", "2026-06-16T13:00:00+05:30")


def test_markdown_says_what_is_guaranteed_what_is_a_target_and_what_is_breached(
    check: RunCli, files: Path
) -> None:
    (files / "odd.toml").write_text(
        '[[contract]]\ncustomer = "Stark | *Labs*"\nproduct = "ts"\nversion = "4.0.1"\n'
        'region = "emea"\n',
        encoding="utf-8",
    )
    r = check(
        "ts",
        "4.0.1",
        "-s",
        "S2",
        "--customer",
        "stark | *labs*",
        "--customers",
        str(files / "odd.toml"),
        "--reported-at",
        REPORTED,
        "--now",
        "2026-06-16T10:40:00Z",
        "--tz",
        "Asia/Tokyo",
        "--format",
        "markdown",
    )
    assert (r.code, r.err) == (0, "")
    lines = r.out.splitlines()
    assert lines[0] == "**ENTITLED (full): Test Server 4.0.1, S2 (High), on 2026-06-15**"
    assert lines[2].startswith(r"Customer: Stark | \*Labs\*: contract no start or end date")
    rows = [line for line in lines if line.startswith("| ")]
    assert rows[0] == "|  | When | In Asia/Tokyo | Policy | Status |"
    # --now is 12:40 in Berlin: the response (12:00) is 40 minutes late.
    assert rows[3] == (
        "| first response | Tue 2026-06-16 12:00 CEST (UTC+02:00) | Tue 2026-06-16 19:00 JST "
        "(UTC+09:00) | guaranteed: 3 business hours | **BREACHED 40 min ago** |"
    )
    assert rows[7].startswith("| workaround | Tue 2026-06-23 12:00 CEST (UTC+02:00) |")
    assert "| target, not guaranteed: 48 business hours | due in 6 d 23 h |" in rows[7]
    assert '> §3.6: "A response time is a guarantee of communication timeframes only;' in r.out


def test_closed_days_are_named_where_they_move_the_clock(run_cli: RunCli, tmp_path: Path) -> None:
    """SPEC §3.4 (issue 20): the clock-starts row names the closed days; each is listed once."""
    from eol_check._data import data_dir

    text = (data_dir() / "policy.toml").read_text(encoding="utf-8")
    na = 'zone = "America/New_York"'
    text = text.replace(na, na + '\nholidays = "US-NY"', 1)
    text = text.replace("closed_dates = []", "closed_dates = [2026-12-24]", 1)
    policy = tmp_path / "policy.toml"
    policy.write_text(text, encoding="utf-8")
    r = run_cli(
        "check",
        "oas",
        "6.0.2",
        "-s",
        "S2",
        "--region",
        "na",
        "--policy",
        str(policy),
        "--reported-at",
        "2026-12-24T10:00:00-05:00",
        "--now",
        "2026-12-24T10:00:00-05:00",
    )
    lines = r.out.splitlines()
    assert lines[6] == (
        "  clock starts    Mon 2026-12-28 08:00 EST (UTC-05:00)  closed: Thu closed date, "
        "Fri Christmas Day"
    )
    assert [line for line in lines if line.startswith("  closed ")] == [
        "  closed Thu 2026-12-24 closed date (closed_dates of na): not a business day",
        "  closed Fri 2026-12-25 Christmas Day (US-NY public holidays): not a business day",
        "  closed Fri 2027-01-01 New Year's Day (US-NY public holidays): not a business day",
    ]
    assert "no holiday calendar" not in r.out


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_no_holiday_calendar_is_said_once(run_cli: RunCli, fmt: str) -> None:
    r = run_cli(
        "check",
        "oas",
        "6.0.2",
        "-s",
        "S3",
        "--region",
        "na",
        "--format",
        fmt,
        "--reported-at",
        "2026-12-25T10:00:00-05:00",
    )
    said = "no holiday calendar for North America (na): public holidays count as business days"
    assert r.out.count(said) == 1
