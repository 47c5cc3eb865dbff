"""The bulk path of `tickets` gives the answers of the row-by-row path (docs/tickets.md "Speed").

A chunk's rows are split, parsed and judged in bulk where they can be, the rest one row at a time
(`attainment._parse`); these tests hold the bulk pieces to the row-by-row ones: the cells a
plain block's bytes are split into (`Cells`) to csv.reader's, a column's distinct cells and the
names numbered on bytes to those on strings, the times to `_Resolver.moment`, the customer's
date to `astimezone`, and whole logs' rows to csv.reader's and their judgements and group counts
to those of `judge_log` over the same rows.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eol_check._data import data_dir
from eol_check.catalog import load_catalog
from eol_check.contracts import Contract, load_contracts
from eol_check.errors import EolCheckError
from eol_check.policy import load_policy
from eol_check.tickets import attainment, ticket_log
from eol_check.tickets.attainment import (
    Attainment,
    Judgement,
    _bulk_micros,
    _Midnights,
    _Resolver,
    judge_chunks,
    judge_log,
)
from eol_check.tickets.batch_clock import micros, moment
from eol_check.tickets.ticket_log import Cells, TicketMap, _plain_block, read_chunks, read_log

from ..conftest import RunCli
from .test_tickets_cli import CUSTOMERS

CATALOG = load_catalog(data_dir() / "catalog")
POLICY = load_policy(data_dir() / "policy.toml")
NOW = datetime(2026, 9, 1, tzinfo=timezone.utc)

# -- cells -----------------------------------------------------------------------------------------

CELL_TEXT = st.text(
    alphabet=st.sampled_from(list('ab ,;"\r\n\x00\x01\t\x0b\x1c\xa0\x85\u2028\u3000\uffffé')),
    max_size=6,
)


def _cells(raw: bytes, width: int) -> list[list[str]] | None:
    """`_plain_block`'s rows, as csv.reader gives them (cells stripped: as the csv path)."""
    columns = _plain_block(raw, width)
    if columns is None:
        return None
    assert all(isinstance(c, Cells) for c in columns)
    return [list(row) for row in zip(*columns, strict=True)]


def _read(raw: bytes) -> list[list[str]]:
    text = raw.decode("utf-8")
    return [
        [c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline="\n"), strict=True)
    ]


@given(
    st.lists(st.lists(CELL_TEXT, min_size=1, max_size=4), min_size=1, max_size=6),
    st.integers(2, 4),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
@settings(max_examples=500)
def test_plain_block_finds_csv_readers_cells(
    rows: list[list[str]], width: int, end: str, last_end: bool
) -> None:
    text = end.join(",".join(row) for row in rows) + (end if last_end else "")
    raw = text.encode("utf-8")
    cells = _cells(raw, width)
    if cells is None:
        return  # left to csv.reader
    assert cells == _read(raw)
    assert all(len(row) == width for row in cells)


@pytest.mark.parametrize("name", ["Acme", " Acme\t", "Ünïcode GmbH ", "\u3000Hooli"])
def test_cells_asked_one_by_one_or_whole(name: str) -> None:
    """A few cells are made alone, a column asked for often is made strings whole: the same."""
    raw = "".join(f"T{n},{name}{n % 3}\n" for n in range(40)).encode()
    tickets, customers = _plain_block(raw, 2) or []
    expected = [f"{name}{n % 3}".strip() for n in range(40)]
    assert [customers[n] for n in range(40)] == expected  # alone, then whole
    assert list(customers) == expected
    assert list(tickets) == [f"T{n}" for n in range(40)]
    assert tickets[-1] == "T39"


QUOTED_TEXT = st.one_of(  # mostly cells quoted whole, now and then one quoted otherwise
    *[st.text(alphabet=st.sampled_from(list("ab é\t\xa0")), max_size=6)] * 6,
    st.text(alphabet=st.sampled_from(list('ab ,"\n\r')), max_size=4),
)


@given(
    st.lists(st.lists(QUOTED_TEXT, min_size=3, max_size=3), min_size=1, max_size=6),
    st.booleans(),
    st.sampled_from(["\n", "\r\n"]),
)
@settings(max_examples=300)
def test_plain_block_takes_csv_writers_quotes(
    rows: list[list[str]], quote_all: bool, end: str
) -> None:
    """Cells quoted as a csv writer quotes them (most of a helpdesk's export): those with no
    quote, comma or line break inside are read as bytes, between their quotes."""
    out = io.StringIO()
    if quote_all:
        csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator=end).writerows(rows)
    else:
        csv.writer(out, lineterminator=end).writerows(rows)  # quotes where needed
    raw = out.getvalue().encode("utf-8")
    cells = _cells(raw, 3)
    if cells is None:
        return
    assert cells == _read(raw)


PLAIN_CELL = st.text(alphabet=st.sampled_from(list("ab \t\xa0é")), max_size=12).map(
    lambda cell: cell * 7 if len(cell) > 10 else cell  # some wider than 64 bytes
)


@given(st.lists(st.tuples(PLAIN_CELL, PLAIN_CELL), min_size=1, max_size=12))
@settings(max_examples=300)
def test_distinct_cells_number_the_rows_as_their_strings(rows: list[tuple[str, str]]) -> None:
    raw = "".join(f"{a},{b}\n" for a, b in rows).encode()
    columns = _plain_block(raw, 2)
    assert columns is not None
    read = _read(raw)
    for k, column in enumerate(columns):
        values, inverse = column.distinct()
        assert [values[i] for i in inverse.tolist()] == [row[k] for row in read] == list(column)
        # equal cells share a number
        spelled = [
            raw[s:e] for s, e in zip(column.starts.tolist(), column.ends.tolist(), strict=True)
        ]
        for n, m in itertools.combinations(range(len(spelled)), 2):
            if spelled[n] == spelled[m]:
                assert inverse[n] == inverse[m]


def test_plain_block_takes_plain_blocks_only() -> None:
    assert _cells(b"a,b\nc,d\n", 2) == [["a", "b"], ["c", "d"]]
    assert _cells(b"a,b\r\nc,d", 2) == [["a", "b"], ["c", "d"]]
    assert _cells(" é ,\u3000b\n".encode(), 2) == [["é", "b"]]  # stripped as str.strip does
    assert _cells(b"a,b\nc\n", 2) is None  # a short row
    assert _cells(b"a,b,c\nc,d\n", 2) is None  # a long row
    assert _cells(b"a,b\n\nc,d\n", 2) is None  # a blank line
    assert _cells(b'"a",""\r\n"b c",d\n', 2) == [["a", ""], ["b c", "d"]]  # quoted whole
    assert _cells(b'a,"b,c"\n', 2) is None  # a comma inside quotes
    assert _cells(b'a,"b\nc"\n', 2) is None  # a line break inside quotes
    assert _cells(b'a,"b""c"\n', 2) is None  # a doubled quote
    assert _cells(b'a,b"\n', 2) is None  # a quote inside an unquoted cell
    assert _cells(b'a,"\n', 2) is None
    assert _cells(b'a, "b"\n', 2) is None  # a space before the quote
    assert _cells(b'a,"b" \n', 2) is None  # and after it
    assert _cells(b"a,b\rc,d\n", 2) is None  # a carriage return inside a line
    assert _cells(b"a,b\r\r\n", 2) is None
    assert _cells(b"a,\xff\n", 2) is None  # not UTF-8
    assert _cells("a,\uffff\n".encode(), 2) is None  # the not-UTF-8 marker
    assert _cells(b"a,\x00\n", 2) is None


def test_distinct_cells_long_and_short() -> None:
    wide = "x" * 100
    raw = f"a,{wide}\n a ,{wide}y\nb,{wide}\n".encode()
    first, second = _plain_block(raw, 2) or []
    values, inverse = first.distinct()
    assert len(values) == 3  # " a " is other bytes: a value of its own, the same string
    assert [values[i] for i in inverse.tolist()] == ["a", "a", "b"]
    values, inverse = second.distinct()  # wider than 64 bytes: compared as strings
    assert [values[i] for i in inverse.tolist()] == [wide, wide + "y", wide]
    assert len(values) == 2
    assert first[1] == "a"
    assert first[0:2] == ["a", "a"]


HEADER = "ticket,customer,product,version,severity,reported_at,first_response_at,updates\n"


def _rows(path: Path, ticket_map: TicketMap) -> list[tuple[object, ...]]:
    return [
        (type(r).__name__, r.line, getattr(r, "cells", None), getattr(r, "reason", None))
        for r in read_log(path, ticket_map)
    ]


@pytest.mark.parametrize("block", [16, 64, 4096])
def test_blocks_keep_lines_and_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """Small blocks: a quoted cell with a line break across a block's end, a bad row, a blank
    line, a not-UTF-8 line; every row with its line, as when the whole file is one block."""
    text = (
        HEADER
        + "T1,Acme,oas,5.1.2,S1,2026-03-02T09:00:00Z,,\n"
        + 'T2,Acme,oas,5.1.2,S1,2026-03-02T09:00:00Z,,"2026-03-02T10:00:00Z;\n'
        + '2026-03-02T11:00:00Z"\n'
        + "T3,Acme,oas,5.1.2,S1,2026-03-02T09:00:00Z,,,extra\n"
        + "\n"
        + "T4,Acme,oas,5.1.2,S1,2026-03-02T09:00:00Z,,\n"
    )
    data = text.encode() + b"T5,Acme,\xff\n" + b"T6,Acme,oas,5.1.2,S1,2026-03-02T09:00:00Z,,\n"
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    whole = _rows(path, TicketMap({}, {}, {}))
    monkeypatch.setattr(ticket_log, "BLOCK_BYTES", block)
    assert _rows(path, TicketMap({}, {}, {})) == whole
    assert [(kind, line) for kind, line, *_ in whole] == [
        ("RawTicket", 2),
        ("RawTicket", 3),
        ("BadRow", 5),
        ("RawTicket", 7),
        ("BadRow", 8),
        ("RawTicket", 9),
    ]
    assert whole[1][2]["updates"] == ["2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z"]  # type: ignore[index]
    assert whole[2][3] == "9 cells, the header has 8"
    assert whole[4][3] == "not UTF-8 text"


def _quoted(text: str) -> str:
    """The CSV `text` with every cell quoted (as some helpdesks export)."""
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(
        csv.reader(io.StringIO(text, newline=""))
    )
    return out.getvalue()


@pytest.mark.parametrize(
    ("seed", "broken", "ending", "block", "quoted"),
    [
        (5, False, "\n", 20_000, False),
        (6, False, "\r\n", 3_000, False),
        (7, True, "\n", 5_000, False),
        (8, False, "\n", 700, False),
        (9, False, "\r\n", 4_000, True),
    ],
)
def test_rows_read_as_bytes_are_csv_readers_rows(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    broken: bool,
    ending: str,
    block: int,
    quoted: bool,
) -> None:
    """The whole reader: every row (cells, line, reason) as when each block goes through
    csv.reader, for hostile logs with a BOM, blank lines before the header, odd spellings, CRLF,
    every cell quoted and, in one, broken quotes."""
    text = _log(random.Random(seed), 600, broken)
    text = "\n\n" + (_quoted(text) if quoted else text)
    data = b"\xef\xbb\xbf" + text.replace("\n", ending).encode()
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    monkeypatch.setattr(ticket_log, "BLOCK_BYTES", block)
    ticket_map = TicketMap({}, {}, {})
    as_bytes = _rows(path, ticket_map)
    plain = [isinstance(c.columns["customer"], Cells) for c in read_chunks(path, ticket_map)]
    assert broken or sum(plain) > len(plain) // 2
    monkeypatch.setattr(ticket_log, "_plain_block", lambda raw, width: None)
    assert as_bytes == _rows(path, ticket_map)


def test_a_long_line_in_a_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ticket_log, "MAX_LINE_BYTES", 100)
    path = tmp_path / "log.csv"
    path.write_text(HEADER + "T1," + "x" * 120 + "\n")
    with pytest.raises(ticket_log.TicketLogError) as raised:
        list(read_log(path, TicketMap({}, {}, {})))
    assert str(raised.value) == f"{path}: a line longer than 0 MiB: not a ticket log"


# -- times -----------------------------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _moment(text: str) -> int | None:
    """`_Resolver.moment` (no map zone) in microseconds, None where it refuses."""
    resolver = _Resolver(CATALOG, POLICY, None, None)
    try:
        return (resolver.moment(text, "at") - _EPOCH) // timedelta(microseconds=1)
    except EolCheckError:
        return None


FIELDS = st.tuples(
    st.sampled_from([0, 1, 1899, 1900, 1970, 2024, 2026, 2100, 2999, 3000, 9999]),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 25),
    st.integers(0, 60),
    st.integers(0, 60),
    st.sampled_from(
        [
            "Z",
            "+00:00",
            "-00:00",
            "+05:30",
            "-05:00",
            "+23:59",
            "-23:59",
            "+24:00",
            "+01:60",
            ",01:00",
            "+0100",
            "",
            " ",
            "z",
            "+01:00:00",
        ]
    ),
)


@given(st.lists(st.tuples(FIELDS, st.integers(0, 30), CELL_TEXT), min_size=1, max_size=40))
@settings(max_examples=300)
def test_bulk_times_are_the_row_readers(cells: list[tuple[tuple[object, ...], int, str]]) -> None:
    texts = []
    for (y, mo, d, h, mi, s, offset), at, noise in cells:
        text = f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{offset}"
        if at < len(text) and noise:  # a character or two changed
            text = text[:at] + noise + text[at + len(noise) :]
        texts.append(text.replace("\n", ""))
    values, read, empty = _bulk_micros(texts)
    for text, value, taken, blank in zip(texts, values.tolist(), read, empty, strict=True):
        assert blank == (text == "")
        if taken:
            assert value == _moment(text), text


def test_bulk_times_take_the_usual_spellings() -> None:
    texts = ["2026-03-02T09:00:00+01:00", "2024-02-29T23:59:59-05:00"]
    values, read, _ = _bulk_micros(texts)
    assert read.tolist() == [True, True]
    assert values.tolist() == [_moment(t) for t in texts]
    values, read, _ = _bulk_micros([*texts, "2026-03-02T09:00:00Z", "", "2026-02-29T00:00:00Z"])
    assert read.tolist() == [True, True, True, False, False]  # Feb 29 of 2026: row by row


# -- the customer's date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Berlin",
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Lord_Howe",  # half-hour daylight saving
        "America/Sao_Paulo",  # fell back from 00:00 to 23:00 (the date went backwards)
        "America/Havana",  # 00:00 skipped in spring, 00:00-01:00 twice in autumn
        "Asia/Tehran",  # fell back from 24:00 to 23:00 (the date went backwards)
        "Pacific/Apia",  # 2011-12-30 never happened there
        "Pacific/Chatham",
    ],
)
def test_midnights_are_astimezones_dates(zone: str) -> None:
    tz = ZoneInfo(zone)
    rng = np.random.default_rng(24)
    low, high = (
        micros(datetime(2005, 1, 1, tzinfo=timezone.utc)),
        micros(datetime(2013, 1, 1, tzinfo=timezone.utc)),
    )
    starts = rng.integers(low, high, 20_000, dtype=np.int64)
    # and every moment within a second of each local midnight found
    edges = []
    for day in range(date(2005, 1, 2).toordinal(), date(2012, 12, 30).toordinal(), 7):
        midnight = datetime.combine(date.fromordinal(day), datetime.min.time(), tz)
        edges += [micros(midnight) + d for d in (-1_000_000, -1, 0, 1)]
    moments = np.concatenate([starts, np.array(edges, np.int64)])
    found = _Midnights(tz).dates(moments)
    expected = [moment(int(m), tz).date().toordinal() for m in moments]
    if found is None:
        assert zone in BACKWARDS  # left to astimezone, row by row
    else:
        assert zone not in BACKWARDS
        assert found.tolist() == expected
    # In a range where the date only goes forward (none of these falls back over midnight
    # since 2023), the table answers
    first, last = (
        datetime(2023, 1, 1, tzinfo=timezone.utc),
        datetime(2031, 1, 1, tzinfo=timezone.utc),
    )
    later = rng.integers(micros(first), micros(last), 5000, dtype=np.int64)
    found = _Midnights(tz).dates(later)
    assert found is not None
    assert found.tolist() == [moment(int(m), tz).date().toordinal() for m in later]


#: Zones whose date went backwards (a fall-back over midnight) or skipped a day in 2005-2012.
BACKWARDS = ("America/Sao_Paulo", "Asia/Tehran", "Pacific/Apia")


# -- whole logs ------------------------------------------------------------------------------------

MORE_CUSTOMERS = (
    CUSTOMERS
    + "Acme,oas,5.1.2,na,L2,2020-01-01,2024-12-31,yes,\n"  # a second Acme contract: by date
    + "Initech,oas,4.2.3,apac,L1,2026-02-01,2026-10-31,no,\n"
    + "Umbrella,oas,5.1.2,,L1,,,yes,\n"
    + "Ünïcode GmbH,oas,5.0.3,emea,L1,2024-01-01,2027-12-31,yes,\n"
    + f"{'A customer whose name is wider than sixty four bytes as some are ' * 2},oas,5.1.2,"
    + "apac,L1,2024-01-01,2027-12-31,yes,24x7\n"
)
NAMES = [
    "Globex",
    "Hooli",
    "Acme",
    "Soylent",
    "Initech",
    "Umbrella",
    "Nobody",
    "",
    # the same names in other bytes (spaces, case), wide ones (bytes compared in other ways)
    " Acme",
    "Globex\u00a0",
    "\u3000Hooli\t",
    "ACME",
    "Ünïcode GmbH",
    "Umbrella Corporation of Raccoon City",
    "A customer whose name is wider than sixty four bytes as some are " * 2,
]
SPELLINGS = ["+00:00", "-05:00", "+05:30", "Z", "+01:00"]


def _time(rng: random.Random, at: datetime) -> str:
    kind = rng.random()
    if kind < 0.04:
        return rng.choice(["yesterday", " " + at.isoformat(), at.strftime("%Y-%m-%d %H:%M:%S")])
    spelling = rng.choice(SPELLINGS)
    if spelling == "Z":
        return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    shown = at.astimezone(datetime.fromisoformat(f"2026-01-01T00:00:00{spelling}").tzinfo)
    return shown.isoformat()


def _log(rng: random.Random, count: int, broken: bool = True) -> str:
    """A hostile log of `count` rows; `broken`: with a broken quote now and then (else most
    blocks are plain, read as bytes)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ticket_log.COLUMNS)
    start = datetime(2025, 10, 1, tzinfo=timezone.utc)
    for n in range(count):
        reported = start + timedelta(seconds=rng.randrange(330 * 86400))
        response = reported + timedelta(minutes=rng.randrange(-30, 3000))
        updates = []
        at = response
        for _ in range(rng.randrange(0, 4)):
            at += timedelta(minutes=rng.randrange(30, 3000))
            updates.append(_time(rng, at))
        resolved = at + timedelta(hours=rng.randrange(1, 200))
        if rng.random() < 0.1:
            rng.shuffle(updates)  # out of order
        if rng.random() < 0.03:
            updates.insert(rng.randrange(len(updates) + 1), "")  # an empty part
        writer.writerow(
            (
                f"T{n}" if rng.random() > 0.02 else "",
                rng.choice(NAMES) if rng.random() < 0.3 else rng.choice(NAMES[:6]),
                rng.choice(["oas", " oas", "OAS\u00a0"]) if rng.random() > 0.02 else "nope",
                rng.choice(["5.1.2", "5.0.3", "4.0.2", "4.2.3", "5.1.2+7"]),
                rng.choice(
                    ["S1", "S2", "S3", "S4", "S1", "S9"]
                    if rng.random() < 0.1
                    else ["S1", "S2", "S3", "S4"]
                ),
                _time(rng, reported),
                "" if rng.random() < 0.15 else _time(rng, response),
                ";".join(updates),
                "" if rng.random() < 0.8 else _time(rng, response + timedelta(hours=5)),
                "" if rng.random() < 0.2 else _time(rng, resolved),
                "" if rng.random() < 0.7 else _time(rng, resolved - timedelta(hours=3)),
                "" if rng.random() < 0.8 else rng.choice(["emea", "na", "apac", "india", "mars"]),
                "" if rng.random() < 0.85 else rng.choice(["business", "24x7", "24/7", "weekly"]),
            )
        )
        if broken and rng.random() < 0.01:
            out.write('"broken,\n')
    return out.getvalue()


def _judgements(judged: list[Judgement]) -> list[str]:
    return [json.dumps(j.as_json()) for j in judged]


@pytest.mark.parametrize(
    ("seed", "broken", "quoted"),
    [(1, True, False), (2, True, False), (3, False, False), (4, False, False), (5, False, True)],
)
def test_a_log_judged_in_bulk_as_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, broken: bool, quoted: bool
) -> None:
    rng = random.Random(seed)
    (tmp_path / "customers.csv").write_text(MORE_CUSTOMERS)
    contracts = load_contracts(tmp_path / "customers.csv", policy=POLICY)
    path = tmp_path / "log.csv"
    text = _log(rng, 1500, broken)
    path.write_text(_quoted(text) if quoted else text)
    monkeypatch.setattr(ticket_log, "BLOCK_BYTES", 20_000)  # many chunks
    ticket_map = TicketMap({}, {}, {})
    # without broken quotes, most blocks are read as bytes (plain); with them, most by
    # csv.reader (a broken quote runs on to the next one)
    kinds = [isinstance(c.columns["customer"], Cells) for c in read_chunks(path, ticket_map)]
    assert broken or sum(kinds) > len(kinds) // 2
    for customers in (contracts, None):
        for first, last in ((None, None), (date(2026, 1, 1), date(2026, 3, 31))):
            rows = read_log(path, ticket_map)
            one_by_one = list(
                judge_log(rows, CATALOG, POLICY, NOW, contracts=customers, first=first, last=last)
            )
            chunked = read_chunks(path, ticket_map)
            chunks = list(
                judge_chunks(
                    chunked, CATALOG, POLICY, NOW, contracts=customers, first=first, last=last
                )
            )
            # both paths at work: rows in bulk, and rows (bad, odd or several contracts) one by one
            assert sum(len(c.positions) for c in chunks) > len(one_by_one) // 5
            assert sum(len(c.slow) for c in chunks) > len(one_by_one) // 5
            in_bulk = [j for c in chunks for j in c.judgements()]
            assert _judgements(in_bulk) == _judgements(one_by_one)
            for by in ("month", "severity", "region", "customer"):
                expected: dict[str, Attainment] = {}
                for j in one_by_one:
                    expected.setdefault(j.key(by), Attainment()).add(j)
                counted: dict[str, Attainment] = {}
                for c in chunks:
                    for j in c.slow.values():
                        counted.setdefault(j.key(by), Attainment()).add(j)
                    for key, group in c.groups(by):
                        counted.setdefault(key, Attainment()).add_chunk(c, group)
                assert {k: a.as_json() for k, a in counted.items()} == {
                    k: a.as_json() for k, a in expected.items()
                }
                # and every group at once, as the command counts them
                at_once: dict[str, Attainment] = {}
                for c in chunks:
                    for j in c.slow.values():
                        at_once.setdefault(j.key(by), Attainment()).add(j)
                    Attainment.add_groups(c, by, at_once)
                assert {k: a.as_json() for k, a in at_once.items()} == {
                    k: a.as_json() for k, a in expected.items()
                }


def test_the_command_names_bad_rows_across_chunks(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "customers.csv").write_text(CUSTOMERS)
    good = "T{n},Globex,oas,5.1.2,S2,2026-03-06T17:00:00+01:00,2026-03-09T11:00:00+01:00,\n"
    lines = [HEADER] + [good.format(n=n) for n in range(300)]
    lines[100] = "bad,Globex,oas,5.1.2,S2,yesterday,,\n"  # line 101
    lines[250] = "bad2,Globex,oas,5.1.2,S7,2026-03-06T17:00:00+01:00,,\n"  # line 251
    (tmp_path / "log.csv").write_text("".join(lines))
    monkeypatch.setattr(ticket_log, "BLOCK_BYTES", 2_000)
    result = run_cli(
        "tickets",
        str(tmp_path / "log.csv"),
        "--customers",
        str(tmp_path / "customers.csv"),
        "--now",
        "2026-04-01T00:00:00Z",
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    log = tmp_path / "log.csv"
    assert result.err.splitlines() == [
        f"eol-check: {log}:101: not judged: reported_at 'yesterday' is not an ISO 8601 "
        "date-time: e.g. 2026-01-15T09:30:00-05:00 or 2026-01-15T14:30:00Z",
        f"eol-check: {log}:251: not judged: unknown severity 'S7'; did you mean 'S4'?",
    ]
    total = json.loads(result.out)["total"]
    assert (total["tickets"], total["not_judged"], total["response_met"]) == (300, 2, 298)


def test_names_beyond_those_kept_are_judged_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory stays flat: past `_NAMES_KEPT` values of a column, newcomers go row by row."""
    monkeypatch.setattr(attainment, "_NAMES_KEPT", 3)
    path = tmp_path / "log.csv"
    path.write_text(_log(random.Random(4), 300))
    ticket_map = TicketMap({}, {}, {})
    one_by_one = list(judge_log(read_log(path, ticket_map), CATALOG, POLICY, NOW))
    chunks = list(judge_chunks(read_chunks(path, ticket_map), CATALOG, POLICY, NOW))
    assert _judgements([j for c in chunks for j in c.judgements()]) == _judgements(one_by_one)
    assert 0 < sum(len(c.positions) for c in chunks) < len(one_by_one) // 2


@pytest.fixture(scope="module")
def more_contracts(tmp_path_factory: pytest.TempPathFactory) -> list[Contract]:
    path = tmp_path_factory.mktemp("customers") / "customers.csv"
    path.write_text(MORE_CUSTOMERS)
    return load_contracts(path, policy=POLICY)


NAME_COLUMNS = ("customer", "product", "version", "severity", "region", "coverage")
SPELLED = {  # mostly names that resolve
    "customer": NAMES,
    "product": ["oas", "oas", " oas", "OAS\u00a0", "nope"],
    "version": ["5.1.2", "5.0.3", " 4.0.2", "5.1.2+7", "4.2.3", "x"],
    "severity": ["S1", " s2", "S3\u3000", "S4", "S9"],
    "region": ["", "", "emea", " NA", "mars"],
    "coverage": ["", "", "24x7", "business ", "weekly"],
}


@given(
    rows=st.lists(
        st.tuples(*(st.sampled_from(SPELLED[c]) for c in NAME_COLUMNS)), min_size=1, max_size=30
    ),
    with_contracts=st.booleans(),
)
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_names_numbered_on_bytes_as_on_strings(
    more_contracts: list[Contract], rows: list[tuple[str, ...]], with_contracts: bool
) -> None:
    """`name_codes` over a plain block's `Cells` resolves each row as over its strings."""
    raw = "".join(",".join(row) + "\n" for row in rows).encode()
    cells = _plain_block(raw, len(NAME_COLUMNS))
    assert cells is not None
    on_bytes = dict(zip(NAME_COLUMNS, cells, strict=True))
    on_text = {column: list(values) for column, values in on_bytes.items()}
    contracts = more_contracts if with_contracts else None
    resolved = []
    for columns in (on_bytes, on_text):
        r = _Resolver(CATALOG, POLICY, contracts, None)
        codes = r.name_codes(dict(columns), len(rows)).tolist()
        resolved.append(
            [
                None
                if code < 0
                else (
                    (f := r.fast[code]).static.product.id,
                    str(f.static.version),
                    f.static.severity,
                    f.contract,
                    f.region.id,
                    f.plan,
                )
                for code in codes
            ]
        )
    assert resolved[0] == resolved[1]
