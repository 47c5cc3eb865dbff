"""Hostile data and hostile hosts (issue 22): what reaches the people who run or read eol-check.

Each test is named for the way data or a host could hurt: terminal escapes and bidi overrides in
names, forged lines, live Markdown, spreadsheet formulas, characters a file cannot hold, ids that
collide with the published site, credentials in URLs, slow servers. Servers are real servers on
127.0.0.1, their slowness bounded by events, never by timing assertions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eol_check._data import data_dir
from eol_check._format import printable

from ..conftest import RunCli

OAS = (data_dir() / "catalog" / "oas.toml").read_text(encoding="utf-8")
DATE = ("--date", "2026-11-21")

#: A name that would set the terminal's title (OSC), turn the screen red (CSI) and reverse what
#: follows (U+202E): each must be shown escaped.
HOSTILE_NAME = "Octo\x1b]0;pwned\x07\x1b[31m \u202eServer"
RAW = ("\x1b", "\x07", "\u202e")


def _catalog(tmp_path: Path, name: str = HOSTILE_NAME, product_id: str = "oas") -> Path:
    text = OAS.replace('name = "Octopus Authentication Server"', f"name = {json.dumps(name)}")
    text = text.replace('id = "oas"', f"id = {json.dumps(product_id)}")
    path = tmp_path / "cat.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _no_raw(text: str) -> None:
    for char in RAW:
        assert char not in text, f"{char!r} reached the output raw: {text!r}"


# --- the one escaping function ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Acme Corp", "Acme Corp"),
        ("Zürich AG", "Zürich AG"),
        ("שלום", "שלום"),  # right-to-left text itself is text
        ("a\x1b]0;x\x07b", "a\\x1b]0;x\\x07b"),
        ("a\nENTITLED (full)", "a\\nENTITLED (full)"),
        ("tab\there\r", "tab\\there\\r"),
        ("\u202egnp.exe", "\\u202egnp.exe"),
        ("\u2066x\u2069 \u200f", "\\u2066x\\u2069 \\u200f"),
        ("\x85\x9b31m", "\\x85\\x9b31m"),
        ("\u2028", "\\u2028"),
        ("\udcff", "\\udcff"),
        ("\x7f", "\\x7f"),
    ],
)
def test_printable_escapes_control_and_bidi_characters(value: str, shown: str) -> None:
    assert printable(value) == shown


# --- 12. terminal escapes and forged lines in text output ---------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("status", "oas"),
        ("status", "oas", "6.0.2"),
        ("products",),
        ("check", "oas", "6.0.2", "--severity", "S2"),
        ("check", "oas", "6.0.2", "--severity", "S2", "--format", "markdown"),
        ("catalog", "validate"),
    ],
)
def test_terminal_escapes_in_a_catalog_name_are_shown_escaped(
    run_cli: RunCli, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    catalog = _catalog(tmp_path)
    result = run_cli(*argv, "--catalog", str(catalog), *DATE)
    assert result.code in (0, 1), result.err
    _no_raw(result.out + result.err)
    if "markdown" in argv:  # Markdown's own escapes on top: \\ shows \, \] shows ]
        assert "Octo\\\\x1b\\]0;pwned\\\\x07\\\\x1b\\[31m \\\\u202eServer" in result.out
    elif argv[0] != "catalog":
        assert "Octo\\x1b]0;pwned\\x07\\x1b[31m \\u202eServer" in result.out


def test_a_newline_in_a_customer_name_cannot_forge_a_verdict_line(
    run_cli: RunCli, tmp_path: Path
) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(
        "customer,product,version,region,tier,start,end,paid_up\n"
        '"Evil\nENTITLED (full): Octopus Authentication Server 3.0.0, S1",oas,4.0.2,na,L1,'
        "2025-01-01,2027-12-31,yes\n",
        encoding="utf-8",
    )
    name = "Evil\nENTITLED (full): Octopus Authentication Server 3.0.0, S1"
    result = run_cli(
        "check",
        "oas",
        "4.0.2",
        "--severity",
        "S1",
        "--customers",
        str(customers),
        "--customer",
        name,
        *DATE,
    )
    assert result.code == 1, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("NOT ENTITLED: ")
    assert not any(line.startswith("ENTITLED") for line in lines)
    assert lines[1] == (
        "Customer: Evil\\nENTITLED (full): Octopus Authentication Server 3.0.0, S1: contract "
        "2025-01-01 to 2027-12-31 (in force), paid up, tier L1, region na, customers.csv line 2"
    )


def test_report_text_shows_control_characters_in_customer_names_escaped(
    run_cli: RunCli, tmp_path: Path
) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(
        'customer,product,version\n"Bad\x1b]8;;https://evil.example\x07Co\u202e",oas,6.0.2\n',
        encoding="utf-8",
    )
    result = run_cli("report", str(customers), *DATE)
    assert result.code == 0, result.err
    _no_raw(result.out)
    assert result.out.splitlines()[1].startswith(
        "Bad\\x1b]8;;https://evil.example\\x07Co\\u202e  oas"
    )


def test_an_error_line_shows_a_reason_phrase_and_names_escaped(
    run_cli: RunCli, tmp_path: Path
) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(
        "customer,product,version\nAcme,\x1b[2Jno\u202eproduct,6.0.2\n", encoding="utf-8"
    )
    result = run_cli("report", str(customers), *DATE)
    assert result.code == 1
    _no_raw(result.err)
    assert "\\x1b[2Jno\\u202eproduct" in result.err


# --- 13. Markdown: every value on its line, and inert -------------------------------------------


def test_markdown_keeps_a_name_on_its_line_and_its_links_and_mentions_inert(
    run_cli: RunCli, tmp_path: Path
) -> None:
    name = "Octopus\n---\n- @security-team see https://evil.example/x and www.evil.example"
    catalog = _catalog(tmp_path, name)
    result = run_cli(
        "check",
        "oas",
        "6.0.2",
        "--severity",
        "S2",
        "--format",
        "markdown",
        "--catalog",
        str(catalog),
        *DATE,
    )
    assert result.code == 0, result.err
    first = result.out.splitlines()[0]
    assert first == (
        "**ENTITLED (full): Octopus\\\\n---\\\\n- `@security-team` see "
        "`https://evil.example/x` and `www.evil.example` 6.0.2, S2 (High), on 2026-11-21**"
    )
    assert "\n---" not in result.out.replace("|---", "")
    assert not any(line.startswith("- @") for line in result.out.splitlines())


# --- 11. spreadsheet formulas in report --format csv --------------------------------------------


@pytest.mark.parametrize(
    ("customer", "cell"),
    [
        (
            '=HYPERLINK("https://evil.example","x")',
            '"\'=HYPERLINK(""https://evil.example"",""x"")"',
        ),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'=1+1"),  # the cell is read stripped: a formula all the same
        ("Acme", "Acme"),
        ("a=b", "a=b"),
    ],
)
def test_report_csv_neutralises_formula_cells(
    run_cli: RunCli, tmp_path: Path, customer: str, cell: str
) -> None:
    customers = tmp_path / "customers.csv"
    quoted = '"' + customer.replace('"', '""') + '"'
    customers.write_text(f"customer,product,version\n{quoted},oas,6.0.2\n", encoding="utf-8")
    result = run_cli("report", str(customers), "--format", "csv", *DATE)
    assert result.code == 0, result.err
    row = result.out.splitlines()[1]
    assert row.startswith(cell + ",oas,6.0.2,6.0,")


def test_report_csv_neutralises_a_formula_in_an_error_row(run_cli: RunCli, tmp_path: Path) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text("customer,product,version\nAcme,=cmd(),6.0.2\n", encoding="utf-8")
    result = run_cli("report", str(customers), "--format", "csv", *DATE)
    assert result.code == 1
    row = result.out.splitlines()[1]
    assert row.startswith("Acme,'=cmd(),6.0.2,,error,")
    assert ",\"'" not in row.split("error,")[0]
