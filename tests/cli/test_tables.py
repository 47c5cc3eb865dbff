"""Tables people read (issue 20): display width, fitting the terminal, Markdown and CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from wcwidth import wcswidth

from eol_check._table import csv_table, display_width, fit, markdown_cell, pad

from ..conftest import RunCli

DAY = "2026-11-21"


@pytest.mark.parametrize(
    ("text", "width"),
    [("oas", 3), ("株式会社テスト", 14), ("Café", 4), ("e\u0301", 1), ("", 0), ("한국", 4)],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width
    assert display_width(pad(text, 16)) == 16


def test_fit_drops_the_least_useful_columns_first() -> None:
    widths = [10, 10, 10, 10]
    assert fit(widths, [2, 1], None) == [0, 1, 2, 3]
    assert fit(widths, [2, 1], 46) == [0, 1, 2, 3]  # 40 + 3 × 2
    assert fit(widths, [2, 1], 45) == [0, 1, 3]
    assert fit(widths, [2, 1], 20) == [0, 3]  # what is not ranked always stays


def test_markdown_cell_keeps_a_table_a_table() -> None:
    assert markdown_cell("a | b") == "a \\| b"
    # a newline stays visible and escaped (`_format.printable`), so the row stays one row
    assert markdown_cell("line\nbreak") == "line\\\\nbreak"
    assert markdown_cell("") == " "
    # the same inertness as check's Markdown: live words in code spans (issue 22, item 13)
    assert markdown_cell("@team see https://x.test") == "`@team` see `https://x.test`"


def test_csv_table_neutralises_formulas() -> None:
    out = io.StringIO()
    csv_table(["a", "b"], [["=HYPERLINK(1)", "4.2.1"], ["\t=1+1", "-2"]], out)
    assert out.getvalue() == "a,b\n'=HYPERLINK(1),4.2.1\n'\t=1+1,'-2\n"


def columns(line: str, header: str, names: list[str]) -> list[int]:
    """The display column where each of `names` (header labels) starts in `line`."""
    result = []
    for name in names:
        start = header.index(name)
        # the header is ASCII: its index is its display column; find the cell at that column
        col, i = 0, 0
        while col < start:
            col += max(wcswidth(line[i]), 1)
            i += 1
        result.append(col)
        assert line[i - 2 : i] == "  " or i == 0, (line, name)
    return result


def test_a_cjk_customer_keeps_every_report_column_in_place(run_cli: RunCli, tmp_path: Path) -> None:
    customers = tmp_path / "c.csv"
    customers.write_text(
        "customer,product,version\n株式会社テスト,oas,4.2.1\nAcme,oas,6.0.2\nÉcole,oas,5.0.3\n",
        encoding="utf-8",
    )
    r = run_cli("report", str(customers), "--date", DAY)
    lines = r.out.splitlines()
    header = lines[0]
    names = ["PRODUCT", "VERSION", "STATUS", "EOL", "S1", "NEXT CHANGE"]
    starts = [header.index(n) for n in names]
    for line in lines[1:4]:
        assert columns(line, header, names) == starts, line
        for start in starts:  # a cell starts exactly there: two spaces before it
            prefix = 0
            for i, ch in enumerate(line):
                if prefix == start:
                    assert line[i - 2 : i] == "  ", (line, start)
                    assert ch != " ", (line, start)
                    break
                prefix += max(wcswidth(ch), 1)


def test_report_fits_columns_and_wide_shows_all(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    customers = tmp_path / "c.csv"
    customers.write_text("customer,product,version\n株式会社テスト,oas,4.2.1\n", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "100")
    r = run_cli("report", str(customers), "--date", DAY)
    lines = r.out.splitlines()
    assert lines[0].split("  ")[0].strip() == "CUSTOMER"
    assert "COVERAGE" not in lines[0]
    assert max(display_width(line) for line in lines[:2]) <= 100
    assert lines[-1].startswith("(PRODUCT, LINE, EOL, UPGRADE UNTIL")
    assert lines[-1].endswith("hidden to fit the terminal: --wide shows them)")
    wide = run_cli("report", str(customers), "--date", DAY, "--wide").out.splitlines()
    assert "COVERAGE" in wide[0]
    assert "hidden" not in wide[-1]
    monkeypatch.delenv("COLUMNS")
    assert run_cli("report", str(customers), "--date", DAY).out.splitlines() == wide  # a pipe


def test_status_fits_the_terminal(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    lines = run_cli("status", "oas", "--date", DAY).out.splitlines()
    assert lines[2] == "LINE  STATUS          EOL                       SUPPORT UNTIL"
    assert lines[5] == "5.0   supported       2027-03-31 (scheduled)    2027-09-30"
    assert (
        lines[11]
        == "(RELEASED, LATEST, UPGRADE UNTIL hidden to fit the terminal: --wide shows them)"
    )
    wide = run_cli("status", "oas", "--date", DAY, "--wide").out.splitlines()
    assert wide[2].split() == [
        "LINE",
        "STATUS",
        "RELEASED",
        "LATEST",
        "EOL",
        "SUPPORT",
        "UNTIL",
        "UPGRADE",
        "UNTIL",
    ]


def test_status_markdown(run_cli: RunCli) -> None:
    r = run_cli("status", "oas", "--date", DAY, "--format", "markdown")
    lines = r.out.splitlines()
    assert (r.code, lines[:5]) == (
        0,
        [
            "**Octopus Authentication Server (oas) on 2026-11-21**",
            "",
            "| Line | Status | Released | Latest | End of Life | Support until | Upgrade until |",
            "|---|---|---|---|---|---|---|",
            "| 6.0 | current | 2026-04-13 | 6.0.2 | - | - | - |",
        ],
    )
    assert (
        "| 4.2 | upgrade-window | 2022-09-05 | 4.2.3 | 2026-03-01 | 2026-08-31 | 2027-02-28 |"
        in lines
    )
    assert "\x1b" not in r.out
    one = run_cli("status", "oas", "4.2.1", "--date", DAY, "--format", "markdown").out.splitlines()
    assert one[0] == "**Octopus Authentication Server 4.2.1 on 2026-11-21: upgrade-window**"
    assert "| support until | 2026-08-31 |" in one
    assert "| upgrade path | 5.1.2 > 6.0.2 (2 steps) |" in one  # no "\\>" (issue 20)


def test_status_csv(run_cli: RunCli) -> None:
    r = run_cli("status", "oas", "--date", DAY, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert r.code == 0
    assert [row["line"] for row in rows] == ["6.0", "5.1", "5.0", "4.3", "4.2", "4.0", "3.1", "3.0"]
    assert rows[2] == {
        "line": "5.0",
        "status": "supported",
        "released": "2024-04-15",
        "latest": "5.0.3",
        "latest_released": "2025-11-03",
        "eol": "2027-03-31",
        "eol_source": "line",
        "eol_scheduled": "true",
        "support_until": "2027-09-30",
        "upgrade_until": "2028-03-30",
    }
    one = run_cli("status", "oas", "4.2.1", "--date", DAY, "--format", "csv").out
    [row] = list(csv.DictReader(io.StringIO(one)))
    assert (row["status"], row["support_until"], row["upgrade_path"]) == (
        "upgrade-window",
        "2026-08-31",
        "5.1.2 > 6.0.2",
    )


def test_products_markdown_and_csv(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    md = run_cli("products", "--date", DAY, "--format", "markdown").out.splitlines()
    assert md[:4] == [
        "**Products on 2026-11-21**",
        "",
        "| Id | Name | Aliases | Current | Next change |",
        "|---|---|---|---|---|",
    ]
    assert (
        md[4] == "| agent | Octopus Desktop Agent | Desktop Agent, ODA | - "
        "| 2026-12-30: 1.2 upgrade-window |"
    )
    rows = list(
        csv.DictReader(io.StringIO(run_cli("products", "--date", DAY, "--format", "csv").out))
    )
    assert rows[2] == {
        "id": "oas",
        "name": "Octopus Authentication Server",
        "aliases": "OAS; Authentication Server",
        "current": "6.0",
        "next_change": "6.1 released (current), 6.0 supported",
        "next_change_on": "2027-01-18",
    }
    monkeypatch.setenv("COLUMNS", "70")
    text = run_cli("products", "--date", DAY).out.splitlines()
    assert text[1] == "ID       CURRENT  NEXT CHANGE"
    assert "ALIASES" in run_cli("products", "--date", DAY, "--wide").out


@pytest.mark.parametrize("command", [["status", "oas"], ["products"]])
def test_a_format_the_command_lacks_is_refused(run_cli: RunCli, command: list[str]) -> None:
    r = run_cli(*command, "--format", "yaml")
    assert r.code == 2
    assert "yaml" in r.err


def test_markdown_glosses_the_policys_terms_once(run_cli: RunCli) -> None:
    out = run_cli("status", "oas", "--date", DAY, "--format", "markdown").out
    assert (
        out.count("*support tail* — the six months of support after a line's End of Life (§7)") == 1
    )
    assert out.count("*upgrade window* — ") == 1
    check = run_cli("check", "oas", "4.3.2", "-s", "S2", "--date", DAY, "--format", "markdown").out
    assert check.count("*support tail* — ") == 1
    assert "*upgrade window*" not in check  # only the terms the answer uses
    current = run_cli("check", "oas", "6.0.2", "-s", "S2", "--date", DAY, "--format", "markdown")
    assert "*support tail*" not in current.out


def test_markdown_for_a_ticket_names_no_internal_file(run_cli: RunCli, tmp_path: Path) -> None:
    customers = tmp_path / "contracts.toml"
    customers.write_text(
        '[[contract]]\ncustomer = "acme"\nproduct = "oas"\nversion = "5.1.2"\n', encoding="utf-8"
    )
    argv = [
        "check",
        "oas",
        "5.1.2",
        "-s",
        "S2",
        "--date",
        DAY,
        "--customer",
        "acme",
        "--customers",
        str(customers),
    ]
    md = run_cli(*argv, "--format", "markdown")
    assert md.code == 0, md.err
    assert "contracts.toml" not in md.out
    assert " line 1" not in md.out
    assert "\\>" not in md.out
    text = run_cli(*argv).out  # the agent's text keeps where the contract is
    assert "contracts.toml line" in " ".join(text.split())
