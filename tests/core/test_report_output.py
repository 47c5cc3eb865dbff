"""The report's shortcut changes nothing, and its rows agree with `status`, on generated files.

`_report_output.write_report` writes the same bytes with its shortcut (`_report_shortcut`: lines
put together from remembered pieces) and without it (every row read in full); and its rows are
those of `contracts.iter_contracts` + `Report.row`, one row at a time. Small blocks and small
caches make the generated files cross every boundary.
"""

from __future__ import annotations

import io
import json
import random
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eol_check import _report_output, _report_shortcut
from eol_check._report_output import write_report
from eol_check.catalog import load_catalog
from eol_check.contracts import iter_contracts
from eol_check.errors import ContractsError
from eol_check.policy import load_policy
from eol_check.report import Report

from ..conftest import RunCli

DATA = Path(__file__).resolve().parents[2] / "data"
CATALOG = load_catalog(DATA / "catalog")
POLICY = load_policy(DATA / "policy.toml")

COLUMNS = [
    "customer",
    "product",
    "version",
    "region",
    "tier",
    "start",
    "end",
    "paid_up",
    "coverage",
]


PLAIN_CUSTOMERS = ["c{n}", "c{n}", "c{n}", " padded ", "back\\slash", "tab\there", "Zürich AG"]
QUOTED_CUSTOMERS = ["Stark, Inc.", 'say "hi"', "multi\nline", "cr\r\nlf"]


def _values(rng: random.Random, messy: bool) -> dict[str, str]:
    """One row's cells: mostly good, sometimes odd, now and then (3% a cell) bad."""

    def pick(good: list[str], bad: list[str]) -> str:
        return rng.choice(bad if rng.random() < 0.03 else good)

    product = rng.choice(CATALOG.products)
    release = rng.choice(product.releases).version

    def month() -> str:
        return f"{rng.randrange(2019, 2030)}-{rng.randrange(1, 13):02d}-01"

    start = pick(["", month(), month()], ["2026-02-30", "soon"])
    end = pick(["", month(), month()], ["2019-01-01" if start > "2019-01-01" else "x"])
    customers = PLAIN_CUSTOMERS + (QUOTED_CUSTOMERS if messy else [])
    return {
        "customer": pick(customers, [""]).format(n=rng.randrange(10**6)),
        "product": pick([*product.names, product.id.upper(), " " + product.id], ["nope", ""]),
        "version": pick(
            [
                str(release),
                str(release),
                f"v{release}",
                f"{release}+77",
                f" {release} ",
                f"{release.major}.{release.minor}",
                f"{release}-rc.1",
                "9.9.9",
                f"{product.name} {release} (build 5)",
            ],
            ["x.y", ""],
        ),
        "region": pick(["", "", "na", "EMEA", "Asia Pacific"], ["mars"]),
        "tier": pick(["", "L1", "l-2"], ["L3"]),
        "coverage": pick(["", "business", "24x7", "24/7"], ["always"]),
        "start": start,
        "end": end,
        "paid_up": pick(["", "yes", "no", "1"], ["maybe"]),
    }


def _cell(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def generate(path: Path, seed: int, rows: int = 150, messy: bool | None = None) -> None:
    """A customers CSV file: a random column order (extra columns too), line ends and oddities;
    `messy` ones have quoted values and may end lines with CR LF."""
    rng = random.Random(seed)
    if messy is None:
        messy = rng.random() < 0.5
    columns = COLUMNS[:]
    if rng.random() < 0.4:
        rng.shuffle(columns)
    if rng.random() < 0.3:
        columns.insert(rng.randrange(len(columns) + 1), "notes")
    end = rng.choice(["\n", "\r\n"]) if messy else "\n"
    lines = [",".join(columns)]
    for _ in range(rows):
        values = _values(rng, messy)
        values["notes"] = rng.choice(["", "vip", f"n{rng.randrange(100)}"])
        cells = [_cell(values[c]) for c in columns]
        if rng.random() < 0.05:
            cells = cells[: rng.randrange(1, len(cells))]  # a short row
        if rng.random() < 0.03:
            cells.append("extra")  # a long row: an error
        if rng.random() < 0.03:
            lines.append("")  # a blank line
        lines.append(",".join(cells))
    text = end.join(lines) + (end if rng.random() < 0.8 else "")
    path.write_text(text, encoding="utf-8", newline="")


def reference(path: Path, on: date) -> list[dict[str, Any]]:
    """The rows the plain way: iter_contracts, then Report.row (no fast path, no caches)."""
    engine = Report(CATALOG, POLICY, on)
    rows: list[dict[str, Any]] = []
    for _, row in iter_contracts(path, policy=POLICY):
        if isinstance(row, ContractsError):
            rows.append({"customer": row.customer, "status": "error", "error": str(row)})
        else:
            rows.append(engine.row(row, str(path)).as_json())
    return rows


def reported(path: Path, on: date, fmt: str = "json", **kwargs: Any) -> tuple[str, list[str]]:
    out, warnings = io.StringIO(), list[str]()
    write_report(path, out, fmt, Report(CATALOG, POLICY, on), warn=warnings.append, **kwargs)
    return out.getvalue(), warnings


def compare(path: Path, on: date) -> list[dict[str, Any]]:
    """The report of `path` in JSON Lines, checked against the plain reference; and the same
    bytes in every format with and without the shortcut."""
    for fmt in ("csv", "text", "json"):
        for horizon in (None, 45):
            assert reported(path, on, fmt, horizon_days=horizon) == reported(
                path, on, fmt, horizon_days=horizon, shortcut=False
            ), (fmt, horizon)
    out, warnings = reported(path, on)
    got = [json.loads(line) for line in out.splitlines()]
    expected = reference(path, on)
    assert len(got) == len(expected)
    for row, want in zip(got, expected, strict=True):
        if want["status"] == "error" and "product" not in want:
            # the plain reader does not keep the cells of a row it could not read
            assert {k: row[k] for k in want} == want
        else:
            assert row == want
    assert warnings == [row["error"] for row in got if row["status"] == "error"]
    return got


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few lines and caches of a few rows: every boundary is crossed."""
    monkeypatch.setattr(_report_output, "CHUNK", 60)
    monkeypatch.setattr(_report_shortcut, "CACHE_ROWS", 5)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**32),
    on=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    chunk=st.sampled_from([1, 60, 700, 512 * 1024]),
    cache=st.sampled_from([3, 40, 50_000]),
)
def test_the_shortcut_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, on: date, chunk: int, cache: int
) -> None:
    monkeypatch.setattr(_report_output, "CHUNK", chunk)
    monkeypatch.setattr(_report_shortcut, "CACHE_ROWS", cache)
    path = tmp_path / "customers.csv"
    generate(path, seed)
    compare(path, on)


@pytest.mark.parametrize("messy", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_big_chunks_and_caches_too(tmp_path: Path, seed: int, messy: bool) -> None:
    path = tmp_path / "customers.csv"
    generate(path, seed, rows=400, messy=messy)
    compare(path, date(2026, 11, 21))


def _csv_cell(row: dict[str, Any], key: str, value: Any) -> str:
    """A JSON row's value as its CSV cell: the upgrade path reads 'version > hop > hop'."""
    if key == "upgrade_path" and value is not None:
        return " > ".join([row["version"], *value])
    return "" if value is None else str(value)


@pytest.mark.parametrize("chunk", [60, 512 * 1024])
@pytest.mark.parametrize("messy", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_csv_and_text_show_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, messy: bool, chunk: int
) -> None:
    import csv

    monkeypatch.setattr(_report_output, "CHUNK", chunk)
    path = tmp_path / "customers.csv"
    generate(path, seed, messy=messy)
    on = date(2026, 11, 21)
    rows = [json.loads(line) for line in reported(path, on)[0].splitlines()]
    out, _ = reported(path, on, "csv")
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(rows[0].keys() if rows else [])
    writer.writerows([[_csv_cell(row, k, v) for k, v in row.items()] for row in rows])
    assert out == expected.getvalue()  # the csv module writes the same text
    text, _ = reported(path, on, "text")
    lines = text.splitlines()
    counts = Counter(row["status"] for row in rows)
    summary = ", ".join(f"{counts[s]:,} {s}" for s in _report_output.SUMMARY_ORDER if counts[s])
    assert lines[-1] == f"{len(rows)} rows on 2026-11-21: {summary}"
    assert len(lines) == len(rows) + 3  # header, rows, blank line, summary


@pytest.mark.usefixtures("small")
@pytest.mark.parametrize("seed", range(6))
def test_horizon_keeps_what_its_rule_says(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "customers.csv"
    generate(path, seed)
    on = date(2026, 11, 21)
    every = [json.loads(line) for line in reported(path, on)[0].splitlines()]
    kept = [json.loads(line) for line in reported(path, on, horizon_days=45)[0].splitlines()]
    # Out of support: unsupported, or a contract that does not entitle (SPEC §3.3 v2).
    assert kept == [
        row
        for row in every
        if row["status"] in ("error", "unsupported")
        or row["contract"] != "in-force"
        or (row["next_change_on"] is not None and row["next_change_on"] <= "2027-01-05")
    ]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**32),
    on=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
)
def test_every_row_agrees_with_the_status_command(
    run_cli: RunCli, tmp_path: Path, seed: int, on: date
) -> None:
    """The report's status and dates of each row are what `eol-check status PRODUCT VERSION`
    answers for the same date."""
    path = tmp_path / "customers.csv"
    generate(path, seed, rows=60)
    r = run_cli("report", str(path), "--date", on.isoformat(), "--format", "json")
    assert r.code in (0, 1)
    asked: dict[tuple[str, str], dict[str, Any]] = {}
    for row in (json.loads(line) for line in r.out.splitlines()):
        if row["status"] == "error":
            continue
        key = (row["product"], row["version"])
        if key not in asked:
            s = run_cli("status", *key, "--date", on.isoformat(), "--format", "json")
            assert s.code == 0
            asked[key] = json.loads(s.out)
        answer = asked[key]
        for field in ("status", "line", "eol", "support_until", "upgrade_until", "upgrade_to"):
            assert row[field] == answer[field], (key, field)


def test_a_bad_cell_is_an_error_even_when_every_other_piece_is_remembered(tmp_path: Path) -> None:
    # Row 2 is read in full and its pieces remembered; rows 3 and 4 differ from it in one cell
    # each, which the hot loop must not take on trust.
    path = tmp_path / "customers.csv"
    path.write_text(
        "customer,product,version,region,tier,start,end,paid_up,coverage\n"
        "a,oas,4.2.1,na,L1,2025-01-01,2027-01-01,yes,24x7\n"
        "b,oas,4.2.1,na,L1,2025-01-01,2027-01-01,yes,always\n"
        "c,oas,4.2.1,na,L3,2025-01-01,2027-01-01,yes,24x7\n",
        encoding="utf-8",
    )
    rows = compare(path, date(2026, 6, 1))
    assert [row["status"] for row in rows] == ["support-tail", "error", "error"]
    assert rows[1]["error"].endswith(
        "customers.csv:3: coverage: expected business or 24x7 (special services, §3.6), "
        "got 'always'"
    )


def test_a_remembered_row_with_one_bad_cell_is_still_an_error(tmp_path: Path) -> None:
    """Good rows teach the shortcut every piece; a row that differs from them in one bad cell
    is read in full, and is the error row it would be without the shortcut."""
    good = "a,oas,4.2.1,emea,L1,2025-01-01,2027-12-31,yes"
    path = tmp_path / "customers.csv"
    path.write_text(
        "customer,product,version,region,tier,start,end,paid_up\n"
        + f"{good}\n" * 3
        + "b,oas,4.2.1,mars,L1,2025-01-01,2027-12-31,yes\n"  # region
        + "c,oas,4.2.1,emea,L3,2025-01-01,2027-12-31,yes\n"  # tier
        + "d,oas,4.2.1,emea,L1,2025-01-01,2024-12-31,yes\n"  # end before start
        + "e,oas,4.2.1,emea,L1,2025-01-01,2027-12-31,maybe\n"  # paid_up
        + f"{good},extra\n"  # too many values
        + " ,oas,4.2.1,emea,L1,2025-01-01,2027-12-31,yes\n"  # no customer
        + "f,oas,4.2.1,emea,L1,2025-01-01,2027-12-31\n"  # short: paid_up absent, a good row
        + f"{good}\n",
        encoding="utf-8",
    )
    on = date(2026, 11, 21)
    out, warnings = reported(path, on)
    assert (out, warnings) == reported(path, on, shortcut=False)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(row["customer"], row["status"]) for row in rows] == [
        ("a", "upgrade-window"),
        ("a", "upgrade-window"),
        ("a", "upgrade-window"),
        ("b", "error"),
        ("c", "error"),
        ("d", "error"),
        ("e", "error"),
        ("a", "error"),
        (None, "error"),
        ("f", "upgrade-window"),
        ("a", "upgrade-window"),
    ]
    assert [w.split(": ", 2)[1] for w in warnings] == [
        "region",
        "tier",
        "end",
        "paid_up",
        "9 values but the header has 8 columns (a comma inside a value needs quotes)",
        "customer",
    ]


# --- bad rows never stop the run, and lose nothing ---------------------------------------------

_HOSTILE_LINES = {
    "good": lambda n: f"good{n},oas,6.0.2\n".encode(),
    "broken-quote": lambda n: f'"broken{n},oas,6.0.2\n'.encode(),  # never closed well
    "bad-byte": lambda n: f"bad{n}\xfc,oas,6.0.2\n".encode("latin-1"),
    "carriage-return": lambda n: f"cr{n}\rx,oas,6.0.2\n".encode(),
    "quote-then-text": lambda n: f'q{n},"oas"x,6.0.2\n'.encode(),
}


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kinds=st.lists(st.sampled_from(sorted(_HOSTILE_LINES)), min_size=1, max_size=40),
    chunk=st.sampled_from([1, 30, 200, 512 * 1024]),
    shortcut=st.booleans(),
)
def test_every_line_is_one_row_whatever_is_wrong_with_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kinds: list[str],
    chunk: int,
    shortcut: bool,
) -> None:
    # Each line is a row of its own or the first line of a record the csv module refuses (a
    # quote it reads on through the next lines): either way one row per line, in file order,
    # the good ones answered and the others error rows at their own line.
    monkeypatch.setattr(_report_output, "CHUNK", chunk)
    path = tmp_path / "customers.csv"
    path.write_bytes(
        b"customer,product,version\n" + b"".join(_HOSTILE_LINES[k](n) for n, k in enumerate(kinds))
    )
    out, warnings = reported(path, date(2026, 11, 21), shortcut=shortcut)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["customer"] if row["status"] != "error" else "error" for row in rows] == [
        f"good{n}" if kind == "good" else "error" for n, kind in enumerate(kinds)
    ]
    assert [row["error"].split(":")[1] for row in rows if row["status"] == "error"] == [
        str(n + 2) for n, kind in enumerate(kinds) if kind != "good"
    ]
    assert len(warnings) == sum(kind != "good" for kind in kinds)
