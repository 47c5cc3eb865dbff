"""`eol-check report FILE`: rows, contract cases, bad rows, --horizon, formats, exits.

The embedded catalog on 2026-11-21 has every status for `oas` (docs/status.md).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eol_check import _report_output
from eol_check._cli import report as report_cli
from eol_check.catalog import load_catalog
from eol_check.contracts import iter_contracts
from eol_check.entitlement import check_entitlement
from eol_check.errors import ContractsError
from eol_check.lifecycle import version_status
from eol_check.policy import Severity, load_policy
from eol_check.report import COLUMNS

from ..conftest import Run, RunCli

DATA = Path(__file__).resolve().parents[2] / "data"
CATALOG = load_catalog(DATA / "catalog")
POLICY = load_policy(DATA / "policy.toml")
ON = "2026-11-21"
HEADER = "customer,product,version,region,tier,start,end,paid_up\n"

FULL = ["full"] * 4
SUPPORTED = ["workaround", "workaround", "upgrade", "upgrade"]
TAIL = ["workaround", "workaround", "upgrade", "upgrade"]  # SPEC §3.3 v2: §7 keeps support
WINDOW = ["none"] * 4  # SPEC v3 §3.3: the upgrade window owes no SLA
NONE = ["none"] * 4
# The planner's path per version on ON (SPEC §3.5): 6.0 takes upgrades from 4.3 on, 4.3 is End
# of Life, so 4.2 and 4.0 go through 5.1; null when the version is not a release.
PATHS: dict[str, list[str] | None] = {
    "6.0.2": [],
    "v6.0": ["6.0.2"],
    "5.1.2": ["6.0.2"],
    "5.0.3": ["6.0.2"],
    "4.3.2": ["6.0.2"],
    "4.2.1": ["5.1.2", "6.0.2"],
    "4.0.2": ["5.1.2", "6.0.2"],
    "6.1.0": None,
    "6.1.0-rc.1": None,
    "4.2.9": None,
}


def write(tmp_path: Path, text: str, name: str = "customers.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def report(run_cli: RunCli, path: Path, *argv: str) -> Run:
    return run_cli("report", str(path), "--date", ON, *argv)


def json_rows(r: Run) -> list[dict[str, Any]]:
    return [json.loads(line) for line in r.out.splitlines()]


# --- every status, every contract case ----------------------------------------------------------

# (version, contract cells after the version, status, scopes, contract, next change, its date)
ROWS = [
    (
        "6.0.2",
        ",emea,L2,2025-01-01,2027-12-31,yes",
        "current",
        FULL,
        "in-force",
        "supported",
        "2027-01-18",
    ),
    ("v6.0", ",,,,,", "current", FULL, "in-force", "supported", "2027-01-18"),  # 6.0.0
    ("5.1.2", ",na,L1,,,", "supported", SUPPORTED, "in-force", None, None),
    (
        "5.0.3",
        ",,,2020-01-01,,true",
        "supported",
        SUPPORTED,
        "in-force",
        "support-tail",
        "2027-03-31",
    ),
    ("4.3.2", ",apac,,,,", "support-tail", TAIL, "in-force", "upgrade-window", "2027-03-01"),
    ("4.2.1", ",india,,,,", "upgrade-window", WINDOW, "in-force", "unsupported", "2027-03-01"),
    ("4.0.2", ",,,,,", "unsupported", NONE, "in-force", None, None),
    ("6.1.0", ",,,,,", "unreleased", NONE, "in-force", "current", "2027-01-18"),
    ("6.1.0-rc.1", ",,,,,", "prerelease", NONE, "in-force", None, None),
    ("4.2.9", ",,,,,", "unknown", NONE, "in-force", None, None),
    # the contract: not in force (either end), not paid up; paid_up not recorded is paid up
    ("6.0.2", ",,,2026-11-22,,yes", "current", NONE, "not-started", "supported", "2027-01-18"),
    ("6.0.2", ",,,2025-01-01,2026-11-20,yes", "current", NONE, "ended", "supported", "2027-01-18"),
    (
        "6.0.2",
        ",,,2026-11-21,2026-11-21,y",
        "current",
        FULL,
        "in-force",
        "supported",
        "2027-01-18",
    ),  # start and end are both in force
    ("6.0.2", ",,,,,no", "current", NONE, "unpaid", "supported", "2027-01-18"),
    ("4.3.2", ",,,,,0", "support-tail", NONE, "unpaid", "upgrade-window", "2027-03-01"),
    ("6.0.2", ",,,,,", "current", FULL, "in-force", "supported", "2027-01-18"),
]


@pytest.fixture
def every_row(tmp_path: Path) -> Path:
    lines = [f"c{i},oas,{row[0]}{row[1]}\n" for i, row in enumerate(ROWS)]
    return write(tmp_path, HEADER + "".join(lines))


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_every_status_and_contract_case(run_cli: RunCli, every_row: Path, fmt: str) -> None:
    r = report(run_cli, every_row, "--format", fmt)
    assert (r.code, r.err) == (0, "")
    if fmt == "json":
        rows = json_rows(r)
    else:
        rows = [
            {k: v or None for k, v in row.items()} for row in csv.DictReader(io.StringIO(r.out))
        ]
        assert r.out.splitlines()[0] == ",".join(COLUMNS)
    assert len(rows) == len(ROWS)
    for i, (row, expected) in enumerate(zip(rows, ROWS, strict=True)):
        _version, _, status, scopes, contract, change, change_on = expected
        assert list(row) == list(COLUMNS)
        assert row["customer"] == f"c{i}"
        assert (row["product"], row["status"], row["contract"]) == ("oas", status, contract)
        assert [row[s.value] for s in Severity] == scopes, row
        assert (row["next_change"], row["next_change_on"]) == (change, change_on)
        assert row["error"] is None
        path = PATHS[_version]
        if fmt == "json":  # SPEC §3.5: the hops, [] on the latest release, null with no path
            assert row["upgrade_path"] == path
        else:  # the version, then each hop: "4.3.2 > 6.0.2"
            shown = None if path is None else " > ".join([row["version"], *path])
            assert row["upgrade_path"] == shown
        if path:
            assert row["upgrade_to"] == path[-1]


def test_rows_agree_with_status_and_check(every_row: Path) -> None:
    """The report's status and dates are `status`'s; its scopes are `check`'s for the contract."""
    from eol_check.report import Report

    on = date.fromisoformat(ON)
    engine = Report(CATALOG, POLICY, on)
    for _, contract in iter_contracts(every_row, policy=POLICY):
        assert not isinstance(contract, ContractsError)
        row = engine.row(contract)
        answer = version_status(CATALOG.product(contract.product), contract.version, POLICY, on)
        assert row.outlook is not None
        assert row.outlook.status == answer
        for severity, scope in zip(Severity, row.scopes, strict=True):
            assert scope is check_entitlement(answer, severity, POLICY, contract=contract).scope


def test_text_format_and_summary(run_cli: RunCli, every_row: Path) -> None:
    r = report(run_cli, every_row)
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0].split() == [
        "CUSTOMER",
        "PRODUCT",
        "VERSION",
        "LINE",
        "STATUS",
        "EOL",
        "SUPPORT",
        "UNTIL",
        "UPGRADE",
        "UNTIL",
        "S1",
        "S2",
        "S3",
        "S4",
        "UPGRADE",
        "TO",
        "UPGRADE",
        "PATH",
        "CONTRACT",
        "COVERAGE",
        "NEXT",
        "CHANGE",
    ]
    assert lines[1].split() == [
        "c0",
        "oas",
        "6.0.2",
        "6.0",
        "current",
        "-",
        "-",
        "-",
        "full",
        "full",
        "full",
        "full",
        "6.0.2",
        "6.0.2",
        "in-force",
        "business",
        "supported",
        "on",
        "2027-01-18",
    ]
    assert "  4.2.1 > 5.1.2 > 6.0.2  " in lines[6]
    assert lines[6].split()[:8] == [
        "c5",
        "oas",
        "4.2.1",
        "4.2",
        "upgrade-window",
        "2026-03-01",
        "2026-08-31",
        "2027-02-28",
    ]
    # every column starts at the same place on every line
    starts = [lines[0].index("STATUS"), lines[0].index("NEXT CHANGE")]
    for line in lines[1 : len(ROWS) + 1]:
        assert line[starts[0] - 2 : starts[0]] == "  "
        assert line[starts[0]] != " "
        assert line[starts[1] - 2 : starts[1]] == "  "
        assert line[starts[1]] != " "
    assert lines[-2:] == [
        "",
        "16 rows on 2026-11-21: 7 current, 2 supported, 2 support-tail, 1 upgrade-window, "
        "1 unsupported, 1 unreleased, 1 prerelease, 1 unknown",
    ]


# --- bad rows -----------------------------------------------------------------------------------

BAD = (
    HEADER
    + "ok1,oas,6.0.2,,,,,\n"
    + "v,oas,banana,,,,,\n"  # line 3
    + "\n"  # blank: not a row
    + "p,oops,4.2.1,,,,,\n"  # line 5: unknown product
    + "d,oas,4.2.1,,,2026-02-30,,\n"  # line 6: not a date
    + "ok2,oas,4.2.1,emea,,,,\n"
    + "w,oas,4.2.1,,,,,,extra\n"  # line 8: too many values
    + ",oas,4.2.1,,,,,\n"  # line 9: no customer
    + "r,oas,4.2.1,mars,,,,\n"  # line 10: unknown region
    + "ok3,Authentication Server,4.3.2,,,,,\n"
)


@pytest.mark.parametrize("fmt", ["json", "csv", "text"])
def test_bad_rows_are_kept_located_and_counted(run_cli: RunCli, tmp_path: Path, fmt: str) -> None:
    path = write(tmp_path, BAD)
    r = report(run_cli, path, "--format", fmt)
    assert r.code == 1
    assert r.err.splitlines() == [
        f"eol-check: {path}:3: version: no version found in 'banana': expected a number like 4.2.1",
        f"eol-check: {path}:5: product: unknown product 'oops'; did you mean 'oas'? "
        "(known products: agent, console, oas)",
        f"eol-check: {path}:6: start: the date '2026-02-30' is not a real calendar date "
        "(day is out of range for month)",
        f"eol-check: {path}:8: 9 values but the header has 8 columns (a comma inside a value "
        "needs quotes)",
        f"eol-check: {path}:9: customer: missing (customer, product and version are required)",
        f"eol-check: {path}:10: region: unknown region 'mars'; did you mean 'emea'? "
        "(known regions: na, emea, apac, india)",
        "eol-check: 6 of 9 rows could not be read (status error in the report)",
    ]
    if fmt == "json":
        rows = json_rows(r)
        assert [(row["customer"], row["status"]) for row in rows] == [
            ("ok1", "current"),
            ("v", "error"),
            ("p", "error"),
            ("d", "error"),
            ("ok2", "upgrade-window"),
            ("w", "error"),
            (None, "error"),
            ("r", "error"),
            ("ok3", "support-tail"),
        ]
        assert rows[1]["error"] == r.err.splitlines()[0][len("eol-check: ") :]
        assert (rows[1]["product"], rows[1]["version"]) == ("oas", "banana")  # as written
        assert (rows[2]["product"], rows[2]["version"]) == ("oops", "4.2.1")
        assert [rows[1][s.value] for s in Severity] == [None] * 4
    elif fmt == "text":
        assert r.out.splitlines()[-1] == (
            "9 rows on 2026-11-21: 1 current, 1 support-tail, 1 upgrade-window, 6 error"
        )
        assert r.out.splitlines()[2].split()[:5] == ["v", "oas", "banana", "-", "error"]


def test_the_date_matters(run_cli: RunCli, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "a,oas,5.0.3,,,,,\n")
    r = run_cli("report", str(path), "--date", "2027-03-31", "--format", "json")
    assert json_rows(r)[0]["status"] == "support-tail"


# --- --horizon ------------------------------------------------------------------------------------

HORIZON = (
    HEADER
    + "current,oas,6.0.2,,,,,\n"  # supported on 2027-01-18: 58 days after 2026-11-21
    + "tail,oas,4.3.2,,,,,\n"  # upgrade-window on 2027-03-01: 100 days; S1/S2 still entitled
    + "window,oas,4.2.1,,,,,\n"  # upgrade window: owed help to upgrade; unsupported 2027-03-01
    + "gone,oas,4.0.2,,,,,\n"  # out of support for good
    + "steady,oas,5.1.2,,,,,\n"  # supported, no End of Life: no change
    + "unpaid,oas,5.1.2,,,,,no\n"  # out of support by its contract
    + "bad,oas,x,,,,,\n"  # an error row: always kept
)


@pytest.mark.parametrize(
    ("days", "kept"),
    [
        # Out of support: unsupported, or not entitled by contract (SPEC §3.3 v2).
        (0, ["gone", "unpaid", "bad"]),
        (57, ["gone", "unpaid", "bad"]),
        (58, ["current", "gone", "unpaid", "bad"]),  # 2027-01-18: the boundary day
        (99, ["current", "gone", "unpaid", "bad"]),
        (100, ["current", "tail", "window", "gone", "unpaid", "bad"]),
        (None, ["current", "tail", "window", "gone", "steady", "unpaid", "bad"]),
    ],
)
def test_horizon_boundary(
    run_cli: RunCli, tmp_path: Path, days: int | None, kept: list[str]
) -> None:
    path = write(tmp_path, HORIZON)
    argv = ["--format", "json"] + (["--horizon", str(days)] if days is not None else [])
    r = report(run_cli, path, *argv)
    assert r.code == 1  # the bad row
    assert [row["customer"] for row in json_rows(r)] == kept


def test_horizon_summary(run_cli: RunCli, tmp_path: Path) -> None:
    r = report(run_cli, write(tmp_path, HORIZON), "--horizon", "90")
    assert r.out.splitlines()[-1] == (
        "4 of 7 rows on 2026-11-21: 1 current, 1 supported, 1 unsupported, 1 error "
        "(--horizon 90: status changes within 90 days, or out of support)"
    )


@pytest.mark.parametrize("value", ["-1", "soon", "1.5"])
def test_bad_horizon(run_cli: RunCli, tmp_path: Path, value: str) -> None:
    r = report(run_cli, write(tmp_path, HORIZON), "--horizon", value)
    assert (r.code, r.out) == (2, "")
    assert "is not a number of days from 0 to 36500, e.g. 90" in r.err


def test_the_coverage_column(run_cli: RunCli, tmp_path: Path) -> None:
    # SPEC §4.3: business by default, 24x7 for special services (§3.6); a bad one is an error row.
    path = write(
        tmp_path,
        "customer,product,version,coverage\n"
        "a,oas,6.0.2,24x7\nb,oas,6.0.2,\nc,oas,6.0.2,24/7\nd,oas,6.0.2,nights\n",
    )
    for fmt in ("json", "csv"):
        r = report(run_cli, path, "--format", fmt)
        assert r.code == 1
        if fmt == "json":
            rows = json_rows(r)
            assert [row["coverage"] for row in rows] == ["24x7", "business", "24x7", None]
            assert rows[3]["error"] == (
                f"{path}:5: coverage: expected business or 24x7 (special services, §3.6), "
                "got 'nights'"
            )
        else:
            at = COLUMNS.index("coverage")
            assert [line.split(",")[at] for line in r.out.splitlines()] == [
                "coverage",
                "24x7",
                "business",
                "24x7",
                "",
            ]


# --- files ----------------------------------------------------------------------------------------


def test_exit_0_when_every_row_is_read(run_cli: RunCli, tmp_path: Path) -> None:
    r = report(run_cli, write(tmp_path, HEADER + "a,oas,6.0.2,,,,,\n"), "--format", "csv")
    assert (r.code, r.err) == (0, "")


def test_header_only_and_minimal_columns(run_cli: RunCli, tmp_path: Path) -> None:
    r = report(run_cli, write(tmp_path, HEADER), "--format", "text")
    assert (r.code, r.out.splitlines()[-1]) == (0, "0 rows on 2026-11-21")
    r = report(
        run_cli, write(tmp_path, "Version,Customer,Product\n4.2.1,a,OAS\n"), "--format", "json"
    )
    assert r.code == 0
    assert [(x["customer"], x["product"], x["status"]) for x in json_rows(r)] == [
        ("a", "oas", "upgrade-window")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "",
            "{path}: empty: expected a header row naming the columns customer, product, "
            "version, region, tier, start, end, paid_up, coverage",
        ),
        (
            "customer,version\n",
            "{path}:1: the header has no column product (expected a header "
            "row with customer, product, version, region, tier, start, end, paid_up, "
            "coverage; only "
            "customer, product and version are required)",
        ),
        ("customer,version\xff\n".encode("latin-1").decode("latin-1"), None),
    ],
)
def test_unreadable_files_exit_2(
    run_cli: RunCli, tmp_path: Path, content: str, message: str | None
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(content.encode("latin-1"))  # the last: a header that is not UTF-8
    if message is None:
        message = "{path}:1: not UTF-8 text (byte 0xff at offset 16); save it as UTF-8"
    r = report(run_cli, path, "--format", "csv")
    assert r.code == 2
    assert r.err.startswith(f"eol-check: error: {message.format(path=path)}")
    # the same message as the contracts reader gives (`check --customers`)
    with pytest.raises(ContractsError) as raised:
        list(iter_contracts(path))
    assert r.err == f"eol-check: error: {raised.value}\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER + 'a,oas,"6.0.2\n', "{path}:2: not valid CSV: unexpected end of data"),
        (
            HEADER + "a,oas,6.0.2\rb,oas,6.0.2\n",
            "{path}:2: not valid CSV: new-line character seen in unquoted field",
        ),
        (HEADER + 'a,"oas"x,6.0.2\n', "{path}:2: not valid CSV: ',' expected after '\"'"),
    ],
)
def test_a_row_the_csv_module_refuses_is_an_error_row(
    run_cli: RunCli, tmp_path: Path, content: str, message: str
) -> None:
    # One bad row is that row's error, not the file's: the run goes on (exit 1).
    path = write(tmp_path, content + "after,oas,6.0.2,,,,,\n")
    r = report(run_cli, path, "--format", "json")
    assert r.code == 1
    rows = json_rows(r)
    assert [(x["customer"], x["status"]) for x in rows] == [(None, "error"), ("after", "current")]
    # (Python versions add a hint to some csv messages)
    assert rows[0]["error"].startswith(message.format(path=path))
    # the same message as the contracts reader gives (`check --customers`, which refuses the
    # file: a broken quote could hide the customer's own row)
    with pytest.raises(ContractsError) as raised:
        list(iter_contracts(path))
    assert str(raised.value) == rows[0]["error"]


def test_missing_file_and_not_utf8(run_cli: RunCli, tmp_path: Path) -> None:
    r = report(run_cli, tmp_path / "nope.csv")
    assert (r.code, r.err) == (2, f"eol-check: error: {tmp_path / 'nope.csv'}: file not found\n")
    path = tmp_path / "latin1.csv"
    text = HEADER + "a,oas,6.0.2,,,,,\nZ\xfcrich,oas,6.0.2,,,,,\nb,oas,6.0.2,,,,,\n"
    path.write_bytes(text.encode("latin-1"))
    r = report(run_cli, path, "--format", "csv")
    assert r.code == 1  # that row is an error row; the rows around it are answered
    message = f"{path}:3: not UTF-8 text (byte 0xfc at offset 1); save it as UTF-8"
    assert r.err == (
        f"eol-check: {message}\neol-check: 1 of 3 rows could not be read (status error in the "
        "report)\n"
    )
    assert [line.split(",")[0] for line in r.out.splitlines()[1:]] == ["a", "", "b"]


def test_toml_contracts(run_cli: RunCli, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[contract]]\ncustomer = "a"\nproduct = "oas"\nversion = "4.2.1"\nend = 2027-01-01\n\n'
        '[[contract]]\ncustomer = "b"\nproduct = "oas"\nversion = "nope"\n',
        "customers.toml",
    )
    r = report(run_cli, path, "--format", "json")
    assert r.code == 1
    rows = json_rows(r)
    assert [(x["customer"], x["status"], x["contract"]) for x in rows] == [
        ("a", "upgrade-window", "in-force"),
        ("b", "error", None),
    ]
    assert r.err.splitlines()[0] == (
        f"eol-check: {path}:7: version: no version found in 'nope': expected a number like 4.2.1"
    )


def test_quotes_bom_crlf_and_spaces(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(
        (
            "\ufeffCustomer, Product ,VERSION,paid-up\r\n"
            '"Stark, Inc.",oas,6.0.2,yes\r\n'
            '"Wayne\r\nEnterprises",oas, 4.2.1 ,\r\n'  # a value over two lines
            ' Acme "Labs" ,oas,6.0.2,\r\n'  # a quote inside an unquoted value is kept
            '"q""uote",oas,6.0.2\r\n'
            "\\back,oas,6.0.2,no\r\n"
            "ok,oas,6.0.2,yes"  # no line end at the end of the file
        ).encode("utf-8")
    )
    for fmt in ("json", "csv"):
        r = report(run_cli, path, "--format", fmt)
        assert (r.code, r.err) == (0, "")
    r = report(run_cli, path, "--format", "json")
    assert [(x["customer"], x["version"], x["contract"]) for x in json_rows(r)] == [
        ("Stark, Inc.", "6.0.2", "in-force"),
        ("Wayne\r\nEnterprises", "4.2.1", "in-force"),
        ('Acme "Labs"', "6.0.2", "in-force"),
        ('q"uote', "6.0.2", "in-force"),
        ("\\back", "6.0.2", "unpaid"),
        ("ok", "6.0.2", "in-force"),
    ]
    r = report(run_cli, path, "--format", "csv")
    assert [row[0] for row in csv.reader(io.StringIO(r.out))][1:] == [
        "Stark, Inc.",
        "Wayne\r\nEnterprises",
        'Acme "Labs"',
        'q"uote',
        "\\back",
        "ok",
    ]


def test_data_errors_exit_3(run_cli: RunCli, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "a,oas,6.0.2,,,,,\n")
    r = run_cli("report", str(path), "--catalog", str(tmp_path / "none.toml"))
    assert (r.code, r.out) == (3, "")


def test_format_choices(run_cli: RunCli, tmp_path: Path) -> None:
    r = report(run_cli, write(tmp_path, HEADER), "--format", "xml")
    assert (r.code, r.err) == (
        2,
        "eol-check: error: --format 'xml' is not offered here: choose text or csv or json\n",
    )


# --- progress on stderr -------------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_for_large_input_on_a_terminal(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, HEADER + "a,oas,6.0.2,,,,,\n" * 50)
    tty = _Tty()
    monkeypatch.setattr("sys.stderr", tty)
    monkeypatch.setattr(_report_output, "CHUNK", 64)
    r = report(run_cli, path, "--format", "csv")
    assert (r.code, tty.getvalue()) == (0, "")  # small: no progress
    monkeypatch.setattr(report_cli, "PROGRESS_BYTES", 100)
    r = report(run_cli, path, "--format", "csv")
    assert r.code == 0
    shown = tty.getvalue()
    assert shown.startswith("\reol-check: report: ")
    assert "lines read)" in shown
    assert shown.endswith("\r\033[K")  # cleared at the end
    assert len(r.out.splitlines()) == 51


@pytest.mark.parametrize("rows", [1, 20])
def test_a_carriage_return_inside_a_line_is_refused_after_good_rows(
    run_cli: RunCli, tmp_path: Path, rows: int
) -> None:
    # The rows before it teach the fast path this line's product, version and contract texts:
    # it must still be refused, as the csv module refuses it (an error row; the run goes on).
    path = write(
        tmp_path,
        HEADER + "a,oas,6.0.2,,,,,\n" * rows + "b\rc,oas,6.0.2,,,,,\n" + "d,oas,6.0.2,,,,,\n",
    )
    r = report(run_cli, path, "--format", "csv")
    assert r.code == 1
    assert r.err.startswith(
        f"eol-check: {path}:{rows + 2}: not valid CSV: new-line character seen in unquoted field"
    )
    assert [line.split(",")[0] for line in r.out.splitlines()[1:]] == ["a"] * rows + ["", "d"]


def test_the_example_file_is_the_one_the_docs_show() -> None:
    root = Path(__file__).resolve().parents[2]
    page = (root / "docs" / "report.md").read_text(encoding="utf-8")
    shown = page.split("$ cat customers.csv\n", 1)[1].split("$ ", 1)[0]
    assert shown == (root / "examples" / "customers.csv").read_text(encoding="utf-8")


def test_text_keeps_each_row_on_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + '"multi\nline",oas,6.0.2,,,,,\n' * 3 + "plain,oas,6.0.2,,,,,\n")
    r = report(run_cli, path)
    assert r.code == 0
    lines = r.out.splitlines()
    assert [line.split()[0] for line in lines[1:5]] == ["multi\\nline"] * 3 + ["plain"]
    assert lines[5:] == ["", "4 rows on 2026-11-21: 4 current"]


@pytest.mark.parametrize("chunk", [64, 512 * 1024])
def test_a_line_over_the_limit_is_refused_as_the_contracts_reader_does(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # 1.3 MB of short cells: the csv module alone would read it as a row with too many values.
    monkeypatch.setattr(_report_output, "CHUNK", chunk)
    path = write(tmp_path, HEADER + "a,oas,6.0.2,,,,,\n" + "b," * 650_000 + "\nc,oas,6.0.2\n")
    r = report(run_cli, path, "--format", "csv")
    with pytest.raises(ContractsError) as raised:
        list(iter_contracts(path))
    assert (r.code, r.err) == (2, f"eol-check: error: {raised.value}\n")
    assert "a line longer than 1 MiB: not a customers file" in r.err
