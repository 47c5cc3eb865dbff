"""SPEC v3 §3.1 and §3.3 on boundary days, in every output that shows a lifecycle date.

A catalog whose lines end at a month's end (1.0: 2028-12-31) and on a leap day (2.0: 2028-02-29)
is asked on the first and last day of each window: `status` (text, JSON, Markdown, CSV), `check`
(JSON and exit code), `preflight`, `report` (CSV), `catalog export --format endoflife`, and the
published site (product page, API, calendar).
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from ..conftest import RunCli

CATALOG = """\
id = "me"
name = "Month End Server"

[releases]
"1.0.0" = 2020-01-06
"2.0.0" = 2021-01-04
"3.0.0" = 2022-01-03

[eol]
"1.0" = 2028-12-31
"2.0" = 2028-02-29
"""

#: line → (End of Life, last day of support, last day to upgrade), worked out by hand:
#: 1.0's last day of life is 2028-12-30 (no month end): + 6 and + 12 months keep the 30th;
#: 2.0's is 2028-02-28, not the end of a leap February: the 28th is kept.
DATES = {
    "1.0": ("2028-12-31", "2029-06-30", "2029-12-30"),
    "2.0": ("2028-02-29", "2028-08-28", "2029-02-28"),
}

ONE = timedelta(days=1)


def days(line: str) -> list[tuple[str, str]]:
    """The first and last day of each window of `line`, with the status it has then."""
    eol, support, upgrade = (date.fromisoformat(d) for d in DATES[line])
    return [
        ((eol - ONE).isoformat(), "supported"),
        (eol.isoformat(), "support-tail"),
        (support.isoformat(), "support-tail"),
        ((support + ONE).isoformat(), "upgrade-window"),
        (upgrade.isoformat(), "upgrade-window"),
        ((upgrade + ONE).isoformat(), "unsupported"),
    ]


CASES = [(line, on, status) for line in DATES for on, status in days(line)]


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "me.toml"
    path.write_text(CATALOG, encoding="utf-8")
    return path


@pytest.mark.parametrize(("line", "on", "status"), CASES)
def test_status_json_and_text(
    run_cli: RunCli, catalog: Path, line: str, on: str, status: str
) -> None:
    eol, support, upgrade = DATES[line]
    r = run_cli(
        "status", "me", f"{line}.0", "--catalog", str(catalog), "--date", on, "--format", "json"
    )
    answer = json.loads(r.out)
    assert (answer["status"], answer["eol"], answer["support_until"], answer["upgrade_until"]) == (
        status,
        eol,
        support,
        upgrade,
    )
    text = run_cli("status", "me", "--catalog", str(catalog), "--date", on).out
    [row] = [row for row in text.splitlines() if row.startswith(f"{line} ")]
    assert row.split()[1] == status
    assert f"  {support}  " in row
    assert row.rstrip().endswith(upgrade)


@pytest.mark.parametrize(("line", "on", "status"), CASES)
def test_check_json_and_exit_code(
    run_cli: RunCli, catalog: Path, line: str, on: str, status: str
) -> None:
    r = run_cli(
        "check",
        "me",
        f"{line}.0",
        "-s",
        "S1",
        "--catalog",
        str(catalog),
        "--date",
        on,
        "--reported-at",
        f"{on}T12:00:00Z",
        "--now",
        f"{on}T12:00:00Z",
        "--format",
        "json",
    )
    answer = json.loads(r.out)
    entitled = status in ("supported", "support-tail")  # SPEC v3 §3.3: not the upgrade window
    assert (r.code, answer["status"], answer["entitled"]) == (
        0 if entitled else 1,
        status,
        entitled,
    )
    assert (answer["scope"] == "none") is not entitled
    assert (answer["sla"] is None) is not entitled
    assert answer["support_until"] == DATES[line][1]
    text = run_cli(
        "check",
        "me",
        f"{line}.0",
        "-s",
        "S1",
        "--catalog",
        str(catalog),
        "--date",
        on,
        "--reported-at",
        f"{on}T12:00:00Z",
    ).out.splitlines()
    if status == "upgrade-window":
        assert text[0] == (
            f"NOT ENTITLED (upgrade window): support ended {DATES[line][1]}; "
            f"upgrade by {DATES[line][2]}"
        )
        assert text[1] == f"Upgrade path: {line}.0 > 3.0.0"


@pytest.mark.parametrize(("line", "on", "status"), CASES)
def test_preflight_names_the_dates(
    run_cli: RunCli, catalog: Path, line: str, on: str, status: str
) -> None:
    r = run_cli(
        "preflight",
        "me",
        "--installed",
        f"{line}.0",
        "--target",
        "3.0.0",
        "--catalog",
        str(catalog),
        "--date",
        on,
        "--format",
        "json",
    )
    answer = json.loads(r.out)
    installed = answer["installed"]
    assert (installed["status"], installed["support_until"], installed["upgrade_until"]) == (
        status,
        *DATES[line][1:],
    )


@pytest.mark.parametrize(("line", "on", "status"), CASES)
def test_report_csv(
    run_cli: RunCli, catalog: Path, tmp_path: Path, line: str, on: str, status: str
) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(f"customer,product,version\nc,me,{line}.0\n", encoding="utf-8")
    r = run_cli(
        "report", str(customers), "--catalog", str(catalog), "--date", on, "--format", "csv"
    )
    [row] = list(csv.DictReader(io.StringIO(r.out)))
    assert (row["status"], row["eol"], row["support_until"], row["upgrade_until"]) == (
        status,
        *DATES[line],
    )
    scopes = [row[s] for s in ("S1", "S2", "S3", "S4")]
    assert (scopes == ["none"] * 4) is (status in ("upgrade-window", "unsupported"))
    following = {"supported": DATES[line][0], "support-tail": None, "upgrade-window": None}
    if status == "support-tail":  # the next change is the first day of the upgrade window
        nxt = (date.fromisoformat(DATES[line][1]) + ONE).isoformat()
        assert (row["next_change"], row["next_change_on"]) == ("upgrade-window", nxt)
    elif status == "upgrade-window":
        nxt = (date.fromisoformat(DATES[line][2]) + ONE).isoformat()
        assert (row["next_change"], row["next_change_on"]) == ("unsupported", nxt)
    elif status == "supported":
        assert (row["next_change"], row["next_change_on"]) == ("support-tail", following[status])


@pytest.mark.parametrize("on", ["2028-02-28", "2029-06-30", "2029-07-01", "2029-12-31"])
def test_endoflife_export(run_cli: RunCli, catalog: Path, on: str) -> None:
    r = run_cli(
        "catalog", "export", "--format", "endoflife", "--catalog", str(catalog), "--date", on
    )
    data = json.loads(r.out)
    [product] = data.values() if isinstance(data, dict) else [data]
    cycles = {c["releaseCycle"]: c for c in product["releases"]}
    for line, (eol, support, upgrade) in DATES.items():
        cycle = cycles[line]
        eoas = (date.fromisoformat(eol) - ONE).isoformat()
        assert (cycle["eoas"], cycle["eol"], cycle["upgradeUntil"]) == (eoas, support, upgrade)


@pytest.mark.parametrize("on", ["2028-02-29", "2029-06-30", "2029-07-01"])
def test_published_page_api_and_calendar(
    run_cli: RunCli, catalog: Path, tmp_path: Path, on: str
) -> None:
    from icalendar import Calendar

    site = tmp_path / "site"
    r = run_cli("catalog", "publish", str(site), "--catalog", str(catalog), "--date", on)
    assert r.code == 0, r.err
    page = (site / "me.html").read_text(encoding="utf-8")
    widget = {c["cycle"]: c for c in json.loads((site / "api" / "me.json").read_text())}
    calendar = Calendar.from_ical((site / "calendar" / "me.ics").read_bytes())
    events = {
        str(e.get("UID")).split("@")[0]: e.decoded("DTSTART") for e in calendar.walk("VEVENT")
    }
    for line, (eol, support, upgrade) in DATES.items():
        row = re.search(rf'<tr data-line="{re.escape(line)}".*?</tr>', page, re.S)
        assert row is not None
        assert support in row.group(0)
        assert upgrade in row.group(0)
        assert (widget[line]["eol"], widget[line]["upgradeUntil"]) == (support, upgrade)
        assert events[f"me-{line}-eol"] == date.fromisoformat(eol)
        assert events[f"me-{line}-support-until"] == date.fromisoformat(support)
        assert events[f"me-{line}-upgrade-until"] == date.fromisoformat(upgrade)
