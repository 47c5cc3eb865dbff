"""Customers files (SPEC §4.3): CSV and TOML, bad rows by line number, contracts in force."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from eol_check._data import data_dir
from eol_check.contracts import (
    Contract,
    choose_contract,
    customer_contracts,
    iter_contracts,
    load_contracts,
)
from eol_check.errors import ContractsError, InputError, UnknownName
from eol_check.policy import Coverage, load_policy
from eol_check.version import Version

POLICY = load_policy(data_dir() / "policy.toml")
HEADER = "customer,product,version,region,tier,start,end,paid_up\n"


def write(tmp_path: Path, text: str, name: str = "customers.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(path: Path) -> list[tuple[int, Contract | str]]:
    return [
        (line, str(row).replace(f"{path.parent}/", "") if isinstance(row, ContractsError) else row)
        for line, row in iter_contracts(path, policy=POLICY)
    ]


def test_csv_rows_become_contracts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "acme,oas,4.1.3,emea,L2,2025-01-01,2026-12-31,yes\n"
        + "\n"  # blank lines are skipped, and counted
        + "globex,Octopus Authentication Server,v4.2,North America,l-1,,,\n"
        + "initech,oas,4.2.1 (build 77)\n",  # a short row: the rest is empty
    )
    assert rows(path) == [
        (
            2,
            Contract(
                "acme",
                "oas",
                Version(4, 1, 3),
                "emea",
                "L2",
                date(2025, 1, 1),
                date(2026, 12, 31),
                True,
                line=2,
            ),
        ),
        (
            4,
            Contract(
                "globex", "Octopus Authentication Server", Version(4, 2, 0), "na", "L1", line=4
            ),
        ),
        (5, Contract("initech", "oas", Version(4, 2, 1, build="77"), line=5)),
    ]


def test_csv_header_is_lenient_and_extra_columns_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(
        "\ufeffAccount Manager,Customer,Product,Version,Paid-Up,Notes\n"
        'Jane,acme,oas,4.1.3,NO,"renewal pending, call\nback in May"\n'
        "Joe,globex,oas,4.2.0,1,\n".encode()
    )
    assert rows(path) == [
        (2, Contract("acme", "oas", Version(4, 1, 3), paid_up=False, line=2)),
        (4, Contract("globex", "oas", Version(4, 2, 0), paid_up=True, line=4)),  # after 2 lines
    ]


def test_bad_rows_name_their_line_and_do_not_stop_the_stream(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + ",oas,4.1.3\n"
        + "acme,oas,four\n"
        + "acme,oas,4.1.3,emea,L3\n"
        + "acme,oas,4.1.3,mars\n"
        + "acme,oas,4.1.3,,,2026-02-30\n"
        + "acme,oas,4.1.3,,,2026-03-01,2026-02-28\n"
        + "acme,oas,4.1.3,,,,,maybe\n"
        + "acme,oas,4.1.3,,,,,,\n"
        + "globex,oas,4.2.0\n",
    )
    assert rows(path) == [
        (2, "customers.csv:2: customer: missing (customer, product and version are required)"),
        (3, "customers.csv:3: version: no version found in 'four': expected a number like 4.2.1"),
        (4, "customers.csv:4: tier: expected L1 or L2 (§3.7), got 'L3'"),
        (
            5,
            "customers.csv:5: region: unknown region 'mars'; did you mean 'emea'? "
            "(known regions: na, emea, apac, india)",
        ),
        (
            6,
            "customers.csv:6: start: the date '2026-02-30' is not a real calendar date "
            "(day is out of range for month)",
        ),
        (7, "customers.csv:7: end: 2026-02-28 is before start 2026-03-01"),
        (8, "customers.csv:8: paid_up: expected true or false (yes/no, 1/0), got 'maybe'"),
        (
            9,
            "customers.csv:9: 9 values but the header has 8 columns "
            "(a comma inside a value needs quotes)",
        ),
        (10, Contract("globex", "oas", Version(4, 2, 0), line=10)),
    ]


def test_a_bad_row_remembers_its_customer(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "acme,oas,4.1.3,,,yesterday\n")
    [(_, error)] = iter_contracts(path)
    assert isinstance(error, ContractsError)
    assert isinstance(error, InputError)  # the user's input: exit 2
    assert (error.line, error.customer, error.exit_code) == (2, "acme", 2)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "c.csv",
            "",
            "c.csv: empty: expected a header row naming the columns customer, product, "
            "version, region, tier, start, end, paid_up, coverage",
        ),
        (
            "c.csv",
            "name,product\nacme,oas\n",
            "c.csv:1: the header has no column customer, version (expected a header row with "
            "customer, product, version, region, tier, start, end, paid_up, coverage; only "
            "customer, product and version are required)",
        ),
        (
            "c.csv",
            "customer,product,version,Customer\n",
            "c.csv:1: the header names column 'customer' twice",
        ),
        ("c.csv", HEADER + 'acme,"oas\n', "c.csv:2: not valid CSV: unexpected end of data"),
        ("c.toml", "contract = 1\n", "c.toml: 'contract' must be an array of [[contract]] tables"),
        (
            "c.toml",
            "[customers]\n",
            "c.toml: unknown key 'customers': a customers file is an array of [[contract]] tables",
        ),
        (
            "c.toml",
            "[[contract]\n",
            "c.toml: invalid TOML: Expected ']]' at the end of an array "
            "declaration (at line 1, column 11)",
        ),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = write(tmp_path, content, name)
    with pytest.raises(ContractsError) as info:
        list(iter_contracts(path))
    assert str(info.value).replace(str(tmp_path) + "/", "") == message
    assert info.value.exit_code == 2


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ContractsError, match="file not found"):
        load_contracts(tmp_path / "nope.csv")
    with pytest.raises(ContractsError, match="is a folder"):
        load_contracts(tmp_path)
    (tmp_path / "latin1.csv").write_bytes(HEADER.encode() + "Café,oas,4.1.3\n".encode("latin-1"))
    expected = r"latin1.csv:2: not UTF-8 text \(byte 0xe9 at offset 3\); save it as UTF-8"
    with pytest.raises(ContractsError, match=expected):
        load_contracts(tmp_path / "latin1.csv")


TOML = """\
# Contracts, one [[contract]] table each (SPEC §4.3).
[[contract]]
customer = "acme"
product = "oas"
version = "4.1.3"
region = "emea"
tier = "L2"
start = 2025-01-01
end = "2026-12-31"
paid_up = true

[[contract]]
customer = "globex"
product = "oas"
version = 4.2

[[contract]]
customer = "initech"
product = "oas"
version = "4.2.1"
paid = false
"""


def test_toml_contracts(tmp_path: Path) -> None:
    path = write(tmp_path, TOML, "customers.toml")
    assert rows(path) == [
        (
            2,
            Contract(
                "acme",
                "oas",
                Version(4, 1, 3),
                "emea",
                "L2",
                date(2025, 1, 1),
                date(2026, 12, 31),
                True,
                line=2,
            ),
        ),
        (12, "customers.toml:12: version: expected text, got 4.2"),
        (
            17,
            "customers.toml:17: unknown key 'paid' "
            "(expected: customer, product, version, region, tier, start, end, paid_up, coverage)",
        ),
    ]


def test_load_contracts_raises_the_first_bad_row(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "acme,oas,4.1.3\nglobex,oas,x\nfoo,oas,y\n")
    with pytest.raises(ContractsError, match=r"customers.csv:3: version: no version found in 'x'"):
        load_contracts(path)


TODAY = date(2026, 1, 15)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "end", "in_force"),
    [
        (None, None, True),
        (TODAY - 365 * DAY, TODAY - DAY, False),  # ended yesterday
        (TODAY - 365 * DAY, TODAY, True),  # ends today (inclusive)
        (TODAY - 365 * DAY, TODAY + DAY, True),  # ends tomorrow
        (TODAY, TODAY + 365 * DAY, True),  # starts today (inclusive)
        (TODAY + DAY, TODAY + 365 * DAY, False),  # starts tomorrow
        (TODAY, TODAY, True),  # a one-day contract
        (None, TODAY - DAY, False),
        (TODAY + DAY, None, False),
    ],
)
def test_in_force(start: date | None, end: date | None, in_force: bool) -> None:
    contract = Contract("acme", "oas", Version(4, 1, 3), start=start, end=end)
    assert contract.in_force(TODAY) is in_force


@pytest.mark.parametrize(("paid_up", "is_paid_up"), [(True, True), (None, True), (False, False)])
def test_paid_up(paid_up: bool | None, is_paid_up: bool) -> None:
    assert Contract("acme", "oas", Version(4, 1, 3), paid_up=paid_up).is_paid_up is is_paid_up


def test_customer_contracts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "Acme Corp,oas,4.1.3\n"
        + "globex,oas,4.2.0,,,yesterday\n"  # someone else's bad row: skipped, reported
        + "acme corp,oas,4.2.0\n",
    )
    found, skipped = customer_contracts(iter_contracts(path), "ACME  corp")
    assert [c.line for c in found] == [2, 4]
    assert [e.line for e in skipped] == [3]
    with pytest.raises(UnknownName) as info:
        customer_contracts(iter_contracts(path), "acme")
    assert str(info.value) == "unknown customer 'acme'; did you mean 'Acme Corp'?"
    with pytest.raises(ContractsError, match=r"customers\.csv:3: start"):  # globex's own row
        customer_contracts(iter_contracts(path), "Globex")


def test_choose_contract_prefers_in_force_and_paid_up() -> None:
    old = Contract("acme", "oas", Version(4, 1, 3), end=TODAY - DAY, line=1)
    unpaid = Contract("acme", "oas", Version(4, 1, 3), end=TODAY + DAY, paid_up=False, line=2)
    renewed = Contract("acme", "oas", Version(4, 1, 3), start=TODAY, line=3)
    assert choose_contract([old, unpaid, renewed], TODAY) == renewed
    assert choose_contract([old, unpaid], TODAY) == unpaid
    assert choose_contract([old], TODAY) == old
    assert choose_contract([], TODAY) is None


@pytest.mark.parametrize(
    ("start", "end", "term"),
    [
        (date(2025, 1, 1), date(2026, 12, 31), "2025-01-01 to 2026-12-31"),
        (date(2025, 1, 1), None, "from 2025-01-01, no end date"),
        (None, date(2026, 12, 31), "until 2026-12-31"),
        (None, None, "no start or end date"),
    ],
)
def test_term(start: date | None, end: date | None, term: str) -> None:
    assert Contract("acme", "oas", Version(4, 1, 3), start=start, end=end).term == term


@pytest.mark.parametrize(
    ("cell", "coverage"),
    [
        ("", Coverage.BUSINESS),  # SPEC §4.3: business is the default
        ("business", Coverage.BUSINESS),
        ("Business", Coverage.BUSINESS),
        ("24x7", Coverage.TWENTY_FOUR_SEVEN),
        ("24X7", Coverage.TWENTY_FOUR_SEVEN),
        ("24/7", Coverage.TWENTY_FOUR_SEVEN),
        (" 24 x 7 ", Coverage.TWENTY_FOUR_SEVEN),
        (
            "always",
            "customers.csv:2: coverage: expected business or 24x7 (special services, "
            "§3.6), got 'always'",
        ),
    ],
)
def test_coverage(tmp_path: Path, cell: str, coverage: Coverage | str) -> None:
    path = write(tmp_path, HEADER.replace("\n", ",coverage\n") + f"acme,oas,4.1.3,,,,,,{cell}\n")
    [(_, row)] = rows(path)
    assert (row.coverage if isinstance(row, Contract) else row) == coverage
    toml = write(
        tmp_path,
        TOML.replace("paid_up = true\n", 'paid_up = true\ncoverage = "24x7"\n'),
        "customers.toml",
    )
    first = rows(toml)[0][1]
    assert isinstance(first, Contract)
    assert first.coverage is Coverage.TWENTY_FOUR_SEVEN
    assert first.as_json(date(2026, 1, 1))["coverage"] == "24x7"
