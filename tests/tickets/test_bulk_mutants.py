"""The bulk path of the ticket judgement on small logs computed by hand (SPEC §9; issue 26).

`test_bulk.py` holds the bulk path to the row-by-row one on random logs; these tests pin what
those comparisons cannot see: which rows are taken in bulk (the others are judged row by row,
with the same answers, only slower), the groups of every `--by` (`--by ticket` too, which the
command counts row by row), chunks with no row in bulk, and the cap on the names kept.

The log is `test_tickets_cli.py`'s customers file and regions: Globex emea (Europe/Berlin),
Hooli na (America/New_York), Acme na 24x7, Soylent india on oas 4.0.2 (not entitled).
"""

from __future__ import annotations

import io
import json
import random
import struct
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from eol_check._data import data_dir
from eol_check.catalog import load_catalog
from eol_check.contracts import Contract, load_contracts
from eol_check.entitlement import check_entitlement
from eol_check.errors import EolCheckError
from eol_check.lifecycle import version_status
from eol_check.policy import Severity, load_policy
from eol_check.tickets import attainment
from eol_check.tickets.attainment import GROUPS, Attainment, JudgedChunk, judge_chunks, judge_log
from eol_check.tickets.ticket_log import TicketMap, read_chunks, read_log
from eol_check.version import parse_lenient

from .test_attainment_mutants import BASE
from .test_tickets_cli import CUSTOMERS, HEADER, LOG

CATALOG = load_catalog(data_dir() / "catalog")
POLICY = load_policy(data_dir() / "policy.toml")
NOW = datetime(2026, 4, 2, tzinfo=timezone.utc)
PLAIN = TicketMap({}, {}, {})

#: Rows 0-6 and 9 are judged in bulk, 7 (an unknown severity) and 8 (no contract) row by row.
GROUPED = HEADER + (
    # chained updates: the first 30 minutes late, the second met; the workaround target missed
    "a1,Globex,oas,5.1.2,S1,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,"
    "2026-03-02T14:30:00+01:00;2026-03-03T09:20:00+01:00,,2026-03-03T12:00:00+01:00\n"
    # 2026-04-01 02:30 UTC, but March 31 in New York: month 2026-03; after closing, so due
    # Wednesday 08:00 + 3 h, met at 10:00 after 120 business minutes
    "a2,Hooli,oas,5.0.3,S2,2026-03-31T22:30:00-04:00,2026-04-01T10:00:00-04:00,,,\n"
    # no ticket id (--by ticket: "line 4"); 2026-03-31 22:30 UTC, April 1 in Berlin
    ",Globex,oas,5.1.2,S2,2026-04-01T00:30:00+02:00,,,,\n"
    # a ticket id seen before; 24x7, 30 minutes late
    "a1,Acme,oas,5.1.2,S1,2026-03-07T10:00:00-05:00,2026-03-07T12:30:00-05:00,,,\n"
    "a4,Soylent,oas,4.0.2,S2,2026-03-02T12:00:00+05:30,,,,\n"
    "a5,Globex,oas,5.1.2,S3,2026-03-02T09:00:00+01:00,2026-03-02T09:30:00+01:00,,,\n"
    "a6,Globex,oas,5.1.2,S4,2026-03-02T09:00:00+01:00,,,,\n"
    "bad,Globex,oas,5.1.2,S9,2026-03-02T09:00:00+01:00,,,,\n"
    "a8,Initech,oas,5.1.2,S2,2026-03-02T09:00:00+01:00,,,,\n"
    # S4 on Wednesday: 72 business hours are not over at `now`: open
    "a9,Globex,oas,5.1.2,S4,2026-04-01T09:00:00+02:00,,,,\n"
)
#: GROUPED's rows in bulk per group, by hand.
GROUPS_BY_HAND = {
    "month": {"2026-03": [0, 1, 3, 4, 5, 6], "2026-04": [2, 7]},
    "severity": {"S1": [0, 3], "S2": [1, 2, 4], "S3": [5], "S4": [6, 7]},
    "region": {"emea": [0, 2, 5, 6, 7], "na": [1, 3], "india": [4]},
    "customer": {"Globex": [0, 2, 5, 6, 7], "Hooli": [1], "Acme": [3], "Soylent": [4]},
    "ticket": {"a1": [0, 3], "a2": [1], "line 4": [2], "a4": [4], "a5": [5], "a6": [6], "a9": [7]},
}


@pytest.fixture
def contracts(tmp_path: Path) -> list[Contract]:
    (tmp_path / "customers.csv").write_text(CUSTOMERS)
    return load_contracts(tmp_path / "customers.csv", policy=POLICY)


def _chunks(path: Path, text: str, **options: Any) -> list[JudgedChunk]:
    path.write_text(text)
    return list(judge_chunks(read_chunks(path, PLAIN), CATALOG, POLICY, NOW, **options))


def _records(chunks: list[JudgedChunk]) -> list[str]:
    return [json.dumps(j.as_json()) for c in chunks for j in c.judgements()]


def _row_by_row(path: Path, **options: Any) -> list[str]:
    judged = judge_log(read_log(path, PLAIN), CATALOG, POLICY, NOW, **options)
    return [json.dumps(j.as_json()) for j in judged]


def _mapped(
    path: Path, text: str, ticket_map: TicketMap, now: datetime, contracts: list[Contract]
) -> JudgedChunk:
    """`text` (one chunk) judged in bulk under `ticket_map`, its records those of row by row."""
    path.write_text(text)
    (chunk,) = judge_chunks(
        read_chunks(path, ticket_map), CATALOG, POLICY, now, contracts=contracts
    )
    row_by_row = judge_log(read_log(path, ticket_map), CATALOG, POLICY, now, contracts=contracts)
    assert _records([chunk]) == [json.dumps(j.as_json()) for j in row_by_row]
    return chunk


def _by_group(keys: list[str], group: np.ndarray) -> dict[str, list[int]]:
    return {key: np.flatnonzero(group == n).tolist() for n, key in enumerate(keys)}


# -- which rows are taken in bulk -----------------------------------------------------------------


def test_the_hand_computed_log_in_bulk(tmp_path: Path, contracts: list[Contract]) -> None:
    """Rows with names that resolve and times in the usual spelling are taken in bulk; a
    customer without a contract, a bad time and a response before the report go row by row."""
    path = tmp_path / "log.csv"
    (chunk,) = _chunks(path, LOG, contracts=contracts)
    assert chunk.positions.tolist() == [0, 1, 2, 3, 4, 5, 6, 7]
    assert sorted(chunk.slow) == [8, 9, 10]
    assert len(chunk) == 11
    assert _records([chunk]) == _row_by_row(path, contracts=contracts)
    # without a customers file Initech is judged (in bulk) as everyone else
    (chunk,) = _chunks(path, LOG)
    assert chunk.positions.tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8]
    assert sorted(chunk.slow) == [9, 10]
    assert len(chunk) == 11
    assert _records([chunk]) == _row_by_row(path)


def test_a_customer_with_several_contracts_goes_row_by_row(tmp_path: Path) -> None:
    """The contract in force depends on the date: such a customer's rows are `_parse`'s."""
    (tmp_path / "customers.csv").write_text(
        CUSTOMERS + "Globex,oas,5.1.2,na,L2,2020-01-01,2024-05-31,yes,\n"
    )
    contracts = load_contracts(tmp_path / "customers.csv", policy=POLICY)
    path = tmp_path / "log.csv"
    (chunk,) = _chunks(path, GROUPED, contracts=contracts)
    assert chunk.positions.tolist() == [1, 3, 4]  # Hooli, Acme, Soylent
    assert sorted(chunk.slow) == [0, 2, 5, 6, 7, 8, 9]
    assert _records([chunk]) == _row_by_row(path, contracts=contracts)


# -- groups ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("by", GROUPS)
def test_groups_under_every_by(tmp_path: Path, contracts: list[Contract], by: str) -> None:
    path = tmp_path / "log.csv"
    (chunk,) = _chunks(path, GROUPED, contracts=contracts)
    assert chunk.positions.tolist() == [0, 1, 2, 3, 4, 5, 6, 9]
    assert sorted(chunk.slow) == [7, 8]
    keys, group = chunk.group_index(by)
    assert _by_group(keys, group) == GROUPS_BY_HAND[by]
    assert len(keys) == len(set(keys))
    assert {key: rows.tolist() for key, rows in chunk.groups(by)} == GROUPS_BY_HAND[by]
    # the key of each row is its judgement's (Judgement.key)
    judged = [j for j in chunk.judgements() if j.not_judged is None]
    assert {k: [judged[r].key(by) for r in rows] for k, rows in GROUPS_BY_HAND[by].items()} == {
        k: [k] * len(rows) for k, rows in GROUPS_BY_HAND[by].items()
    }


@pytest.mark.parametrize("by", GROUPS)
def test_counts_per_group_at_once_are_row_by_rows(
    tmp_path: Path, contracts: list[Contract], by: str
) -> None:
    """`Attainment.add_groups` (and `add_chunk` per group) count as `add` of each judgement."""
    path = tmp_path / "log.csv"
    chunks = _chunks(path, GROUPED, contracts=contracts)
    expected: dict[str, Attainment] = {}
    for j in judge_log(read_log(path, PLAIN), CATALOG, POLICY, NOW, contracts=contracts):
        expected.setdefault(j.key(by), Attainment()).add(j)
    at_once: dict[str, Attainment] = {}
    one_by_one: dict[str, Attainment] = {}
    for chunk in chunks:
        for j in chunk.slow.values():
            at_once.setdefault(j.key(by), Attainment()).add(j)
            one_by_one.setdefault(j.key(by), Attainment()).add(j)
        Attainment.add_groups(chunk, by, at_once)
        for key, rows in chunk.groups(by):
            one_by_one.setdefault(key, Attainment()).add_chunk(chunk, rows)
    want = {k: a.as_json() for k, a in expected.items()}
    assert {k: a.as_json() for k, a in at_once.items()} == want
    assert {k: a.as_json() for k, a in one_by_one.items()} == want


def test_the_total_by_hand(tmp_path: Path, contracts: list[Contract]) -> None:
    (chunk,) = _chunks(tmp_path / "log.csv", GROUPED, contracts=contracts)
    total = Attainment()
    for j in chunk.slow.values():
        total.add(j)
    total.add_chunk(chunk)
    # minutes to respond: a1 60, a2 120, Acme 150, a5 30; the line-4 ticket (open, due 12:00
    # Berlin, 6 business hours before `now`) and a6 (S4 72 h: due 03-11 18:00, 15 business days
    # of 9 h before `now`) are breached. Updates: a1's first late, its second met; Acme's first
    # (24x7, 16:30 EST) never came: late 602.5 h; a5's (10 business days after 09:30 on 03-02,
    # 03-16) late by 116.5 business hours. Workaround targets missed: a1 (resolved after) and
    # Acme (open).
    assert total.as_json() == {
        "tickets": 10,
        "owed": 7,
        "not_owed": 1,  # Soylent
        "not_judged": 2,
        "open": 1,  # a9
        "response_met": 3,
        "response_breached": 3,
        "response_attainment": 0.5,
        "updates_met": 1,
        "updates_breached": 3,
        "updates_attainment": 0.25,
        "workaround_target_met": 0,
        "workaround_target_missed": 2,
        "median_response_minutes": 60,
        "p90_response_minutes": 150,
        "worst": [
            {"ticket": "a1", "what": "update 1", "late_minutes": 36150},
            {"ticket": "a6", "what": "response", "late_minutes": 8100},
            {"ticket": "a5", "what": "update 1", "late_minutes": 6990},
        ],
    }
    # counted again into the same group: every count adds up
    once = total.as_json()
    total.add_chunk(chunk)
    for j in chunk.slow.values():
        total.add(j)
    twice = total.as_json()
    counts = [k for k, v in once.items() if isinstance(v, int) and not k.endswith("_minutes")]
    assert len(counts) == 11
    assert {k: twice[k] for k in counts} == {k: 2 * once[k] for k in counts}
    assert [w["late_minutes"] for w in twice["worst"]] == [36150, 36150, 8100]


def test_groups_keep_the_logs_order(tmp_path: Path) -> None:
    """Each group's rows come in the log's order, also where many rows share a group."""
    names = ["Globex", "Hooli", "Acme"]
    rng = random.Random(26)
    chosen = [rng.choice(names) for _ in range(200)]
    text = HEADER + "".join(
        f"t{n},{name},oas,5.1.2,S2,2026-03-02T09:00:00+01:00,,,,\n" for n, name in enumerate(chosen)
    )
    (chunk,) = _chunks(tmp_path / "log.csv", text)
    assert len(chunk.positions) == 200
    got = {key: rows.tolist() for key, rows in chunk.groups("customer")}
    assert got == {name: [n for n, c in enumerate(chosen) if c == name] for name in names}


# -- chunks with no row in bulk -------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_chunk_with_no_row_in_bulk(tmp_path: Path, suffix: str) -> None:
    """Every row bad (CSV), or read one by one (JSON Lines, no columns): no group in bulk, and
    counting the chunk at once adds nothing to what its judgements add."""
    path = tmp_path / f"log{suffix}"
    if suffix == ".csv":
        path.write_text(HEADER + "t,Globex,nope,5.1.2,S2,2026-03-02T09:00:00+01:00,,,,\n" * 3)
    else:
        path.write_text((json.dumps(BASE) + "\n") * 3)
    (chunk,) = judge_chunks(read_chunks(path, PLAIN), CATALOG, POLICY, NOW)
    assert chunk.positions.tolist() == []
    assert sorted(chunk.slow) == [0, 1, 2]
    assert len(chunk) == 3
    total, groups = Attainment(), dict[str, Attainment]()
    for by in GROUPS:
        keys, group = chunk.group_index(by)
        assert (keys, group.tolist()) == ([], [])
        assert list(chunk.groups(by)) == []
        Attainment.add_groups(chunk, by, groups)
    assert groups == {}
    total.add_chunk(chunk)
    assert total.as_json() == Attainment().as_json()


# -- names kept -----------------------------------------------------------------------------------


def test_names_beyond_the_cap_go_row_by_row(
    tmp_path: Path, contracts: list[Contract], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 3 numbers per column (one is the empty name's), two customers are numbered and
    judged in bulk, in this chunk and the next; the third goes row by row."""
    monkeypatch.setattr(attainment, "_NAMES_KEPT", 3)
    rows = [
        "t1,Globex,oas,5.1.2,S2,2026-03-02T09:00:00+01:00,,,,\n",
        "t2,Hooli,oas,5.0.3,S2,2026-03-02T09:00:00-05:00,,,,\n",
        "t3,Acme,oas,5.1.2,S2,2026-03-02T09:00:00-05:00,,,,\n",
        "t4,Globex,oas,5.1.2,S2,2026-03-02T10:00:00+01:00,,,,\n",
    ]
    first = tmp_path / "first.csv"
    first.write_text(HEADER + "".join(rows))
    second = tmp_path / "second.csv"
    second.write_text(HEADER + "".join(reversed(rows)))
    chunks = list(
        judge_chunks(
            [*read_chunks(first, PLAIN), *read_chunks(second, PLAIN)],
            CATALOG,
            POLICY,
            NOW,
            contracts=contracts,
        )
    )
    taken = []
    for chunk in chunks:
        customers = [j.customer for j in chunk.judgements()]
        in_bulk = {customers[p] for p in chunk.positions.tolist()}
        by_row = {customers[p] for p in chunk.slow}
        assert len(in_bulk) == 2
        assert len(by_row) == 1
        assert in_bulk | by_row == {"Globex", "Hooli", "Acme"}
        taken.append(in_bulk)
    assert taken[0] == taken[1]  # the numbers last across chunks
    expected = _row_by_row(first, contracts=contracts) + _row_by_row(second, contracts=contracts)
    assert _records(chunks) == expected


@pytest.mark.skipif(sys.version_info < (3, 11), reason="Python 3.10's csv module refuses a NUL")
def test_names_are_told_apart_to_the_last_character(tmp_path: Path) -> None:
    """Customers "x" and "x\\0" are two groups (numpy's own strings drop trailing NULs)."""
    text = "ticket,customer,product,version,severity,reported_at\n" + "".join(
        f"t{n},x{end},oas,5.1.2,S2,2026-03-02T09:00:00+01:00\n" for n, end in enumerate("\0\0 \0")
    )
    (chunk,) = _chunks(tmp_path / "log.csv", text)
    assert chunk.positions.tolist() == [0, 1, 2, 3]
    keys, group = chunk.group_index("customer")
    assert _by_group(keys, group) == {"x": [2], "x\0": [0, 1, 3]}


# -- the worst breaches ---------------------------------------------------------------------------


def test_only_the_breaches_that_can_be_worst_are_made_entries(
    tmp_path: Path, contracts: list[Contract], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a group of many breaches, those later than its WORST-th latest are not looked at
    (memory and time stay flat); ties at that place are, and the later ticket wins (as `add`)."""
    made: list[tuple[int, str, str]] = []
    keep = Attainment._worst

    def spy(self: Attainment, late: int, ticket: str, what: str) -> None:
        made.append((late, ticket, what))
        keep(self, late, ticket, what)

    monkeypatch.setattr(Attainment, "_worst", spy)
    # S2 with no response: due 12:00 Berlin; `now` is 18:00 on Monday 03-02 (17:00 UTC).
    # Reported from 09:00 to 09:09: due 12:00 to 12:09, late 360 minutes down to 351.
    text = HEADER + "".join(
        f"t{n},Globex,oas,5.1.2,S2,2026-03-02T09:{n:02d}:00+01:00,,,,\n" for n in range(10)
    )
    path = tmp_path / "log.csv"
    path.write_text(text)
    now = datetime(2026, 3, 2, 17, tzinfo=timezone.utc)
    (chunk,) = judge_chunks(read_chunks(path, PLAIN), CATALOG, POLICY, now, contracts=contracts)
    assert len(chunk.positions) == 10
    total = Attainment()
    total.add_chunk(chunk)
    assert sorted(made) == [
        (358, "t2", "response"),
        (359, "t1", "response"),
        (360, "t0", "response"),
    ]
    assert [w["ticket"] for w in total.as_json()["worst"]] == ["t0", "t1", "t2"]
    # all tied: every one is a candidate, and the latest tickets by name are kept
    made.clear()
    path.write_text(
        HEADER
        + "".join(f"t{n},Globex,oas,5.1.2,S2,2026-03-02T09:00:00+01:00,,,,\n" for n in range(5))
    )
    (chunk,) = judge_chunks(read_chunks(path, PLAIN), CATALOG, POLICY, now, contracts=contracts)
    total = Attainment()
    total.add_chunk(chunk)
    assert len(made) == 5
    assert total.as_json()["worst"] == [
        {"ticket": f"t{n}", "what": "response", "late_minutes": 360} for n in (4, 3, 2)
    ]


def test_a_column_past_its_bits_goes_row_by_row(tmp_path: Path, contracts: list[Contract]) -> None:
    """A row's names make one key of 60 bits, 4 of them the severity's: 15 severity texts (and
    the empty one) are numbered; rows that spell theirs in a 16th or 17th way go row by row."""
    spellings = [
        "S2", "s2", "S-2", "2", "sev2", "Sev2", "SEV2", "sev-2", "Sev-2", "SEV-2",
        "severity2", "Severity2", "SEVERITY2", "Severity 2", "severity-2", "Sev 2", "s-2",
    ]  # fmt: skip
    assert len(set(spellings)) == 17
    text = HEADER + "".join(
        f"t{n},Globex,oas,5.1.2,{s},2026-03-02T09:00:00+01:00,,,,\n"
        for n, s in enumerate(spellings)
    )
    path = tmp_path / "log.csv"
    (chunk,) = _chunks(path, text, contracts=contracts)
    assert len(chunk.positions) == 15
    assert len(chunk.slow) == 2
    assert _records([chunk]) == _row_by_row(path, contracts=contracts)
    assert {j.severity for j in chunk.judgements()} == {Severity.S2}


def test_statuses_are_found_once_per_run_and_beyond_those_kept(
    tmp_path: Path, contracts: list[Contract], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A (product, version, date) is looked up once for the whole run; past `_STATUSES_KEPT`
    the numbering starts over, and the chunks judged before keep their statuses."""
    asked: list[tuple[str, str, date]] = []
    keep = attainment._Resolver.status

    def spy(self: Any, product: Any, version: Any, on: Any) -> Any:
        asked.append((product.id, str(version), on))
        return keep(self, product, version, on)

    monkeypatch.setattr(attainment._Resolver, "status", spy)
    path = tmp_path / "log.csv"
    path.write_text(GROUPED)
    twice = [*read_chunks(path, PLAIN), *read_chunks(path, PLAIN)]
    chunks = list(judge_chunks(twice, CATALOG, POLICY, NOW, contracts=contracts))
    # the rows' dates: 5.1.2 on 03-02 (a1, a5, a6), 03-07 (Acme) and 04-01 (line 4, a9 in
    # Berlin); 5.0.3 on 03-31 (a2 in New York); 4.0.2 on 03-02 (Soylent in India)
    assert sorted(asked) == [
        ("oas", "4.0.2", date(2026, 3, 2)),
        ("oas", "5.0.3", date(2026, 3, 31)),
        ("oas", "5.1.2", date(2026, 3, 2)),
        ("oas", "5.1.2", date(2026, 3, 7)),
        ("oas", "5.1.2", date(2026, 4, 1)),
    ]
    one = _row_by_row(path, contracts=contracts)
    assert _records(chunks) == one + one
    # 5 kept: the second chunk finds its 5 statuses; 4 kept: it starts over and asks again
    for kept, times in ((5, 5), (4, 10), (1, 10)):
        monkeypatch.setattr(attainment, "_STATUSES_KEPT", kept)
        asked.clear()
        chunks = list(judge_chunks(twice, CATALOG, POLICY, NOW, contracts=contracts))
        assert len(asked) == times
        assert _records(chunks) == one + one


def test_a_contract_in_force_from_its_first_to_its_last_day(tmp_path: Path) -> None:
    """Initech's contract runs 2026-03-03 to 2026-03-05 (SPEC §3.2: both days included), on
    the region's date: 00:30 Berlin on 03-03 is 03-02 in UTC."""
    (tmp_path / "customers.csv").write_text(
        CUSTOMERS + "Initech,oas,5.1.2,emea,L1,2026-03-03,2026-03-05,yes,\n"
    )
    contracts = load_contracts(tmp_path / "customers.csv", policy=POLICY)
    days = [
        "2026-03-02T23:59:00+01:00",
        "2026-03-03T00:30:00+01:00",
        "2026-03-04T12:00:00+01:00",
        "2026-03-05T23:59:00+01:00",
        "2026-03-06T00:00:00+01:00",
    ]
    text = HEADER + "".join(f"t{n},Initech,oas,5.1.2,S2,{at},,,,\n" for n, at in enumerate(days))
    path = tmp_path / "log.csv"
    (chunk,) = _chunks(path, text, contracts=contracts)
    assert chunk.positions.tolist() == [0, 1, 2, 3, 4]
    judged = list(chunk.judgements())
    assert [j.owed for j in judged] == [False, True, True, True, False]
    assert [j.on for j in judged] == [date(2026, 3, d) for d in (2, 3, 4, 5, 6)]
    assert _records([chunk]) == _row_by_row(path, contracts=contracts)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Each scope `check_entitlement` is asked for (version, severity), as the run asks."""
    found: list[tuple[str, str]] = []
    keep = check_entitlement

    def spy(status: Any, severity: Any, policy: Any, **options: Any) -> Any:
        found.append((str(status.version), severity.value))
        return keep(status, severity, policy, **options)

    monkeypatch.setattr(attainment, "check_entitlement", spy)
    return found


def test_scopes_are_found_once_per_run(
    tmp_path: Path, contracts: list[Contract], asked: list[tuple[str, str]]
) -> None:
    """A scope depends on the status, the severity and the contract's standing only: found once
    for every row (and chunk) that shares them, and the same scopes row by row."""
    path = tmp_path / "log.csv"
    path.write_text(GROUPED)
    twice = [*read_chunks(path, PLAIN), *read_chunks(path, PLAIN)]
    chunks = list(judge_chunks(twice, CATALOG, POLICY, NOW, contracts=contracts))
    # a1 and Acme (5.1.2 S1, each with its one paid contract), a2, the line-4 ticket, Soylent,
    # a5, a6 and a9 (5.1.2 S4)
    assert sorted(asked) == [
        ("4.0.2", "S2"),
        ("5.0.3", "S2"),
        ("5.1.2", "S1"),
        ("5.1.2", "S2"),
        ("5.1.2", "S3"),
        ("5.1.2", "S4"),
    ]
    one = _row_by_row(path, contracts=contracts)
    assert _records(chunks) == one + one


def test_names_are_resolved_once_per_run(
    tmp_path: Path, contracts: list[Contract], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each distinct row of names is resolved once in a run, in bulk or row by row (a bad time
    sends a row of known names to `_parse`); past `_KEYS_KEPT` rows of names, a newcomer is
    resolved again in each chunk, and past `_CODES_KEPT` it is judged row by row."""
    coded: list[tuple[str, ...]] = []
    resolved: list[tuple[str, ...]] = []
    code_of, static_of = attainment._Resolver.fast_code, attainment._static

    def fast_code(self: Any, key: tuple[str, str, str, str, str, str]) -> int:
        coded.append(key)
        return code_of(self, key)

    def static(r: Any, key: tuple[str, str, str, str, str, str]) -> Any:
        resolved.append(key)
        return static_of(r, key)

    monkeypatch.setattr(attainment._Resolver, "fast_code", fast_code)
    monkeypatch.setattr(attainment, "_static", static)
    path = tmp_path / "log.csv"
    path.write_text(GROUPED + "late,Globex,oas,5.1.2,S2,yesterday,,,,\n")
    twice = [*read_chunks(path, PLAIN), *read_chunks(path, PLAIN)]
    chunks = list(judge_chunks(twice, CATALOG, POLICY, NOW, contracts=contracts))
    # GROUPED's rows name 9 different rows of names (a6 and a9 the same)
    assert len(coded) == len(set(coded)) == 9
    assert sorted(resolved) == sorted(coded)
    one = _row_by_row(path, contracts=contracts)
    assert _records(chunks) == one + one
    # 2 keys remembered: the second chunk asks for the other 7 again
    monkeypatch.setattr(attainment, "_KEYS_KEPT", 2)
    coded.clear()
    chunks = list(judge_chunks(twice, CATALOG, POLICY, NOW, contracts=contracts))
    assert (len(coded), len(set(coded))) == (16, 9)
    assert _records(chunks) == one + one
    # 2 rows of names coded: those of the others are judged row by row
    monkeypatch.setattr(attainment, "_CODES_KEPT", 2)
    chunks = list(judge_chunks(twice, CATALOG, POLICY, NOW, contracts=contracts))
    for chunk in chunks:
        judged = list(chunk.judgements())
        taken = {(judged[p].customer, judged[p].severity) for p in chunk.positions.tolist()}
        assert len(taken) == 2
    assert _records(chunks) == one + one


@pytest.mark.parametrize("region", ["", "emea"])
def test_the_region_is_assumed_in_bulk_as_row_by_row(tmp_path: Path, region: str) -> None:
    """Without a customers file a row without a region takes the policy's first, assumed."""
    text = "ticket,customer,product,version,severity,reported_at,region\n" + "".join(
        f"t{n},Globex,oas,5.1.2,S2,2026-03-02T09:00:00+01:00,{region}\n" for n in range(2)
    )
    path = tmp_path / "log.csv"
    (chunk,) = _chunks(path, text)
    assert chunk.positions.tolist() == [0, 1]
    judged = list(chunk.judgements())
    assert [(j.region, j.region_assumed) for j in judged] == [
        ("emea", False) if region else ("na", True)
    ] * 2


def test_the_month_table_is_the_calendars() -> None:
    """`_month_table` (made once, at import): at (year - 1900) * 20 + month, the days from
    1970-01-01 to the month's first and its length, for every month of 1900-2999; 0 elsewhere
    (months 0 and 13-19, which a time of the wrong shape may name)."""
    starts, lengths = attainment._month_table()
    assert (starts.dtype, lengths.dtype.kind) == (np.dtype(np.int64), "i")
    assert starts.shape == lengths.shape == (1100 * 20,)
    epoch = date(1970, 1, 1).toordinal()
    want_starts = np.zeros(1100 * 20, np.int64)
    want_lengths = np.zeros(1100 * 20, np.int64)
    for year in range(1900, 3000):
        for month in range(1, 13):
            first = date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            at = (year - 1900) * 20 + month
            want_starts[at] = first.toordinal() - epoch
            want_lengths[at] = (following - first).days
    assert starts.tolist() == want_starts.tolist()
    assert lengths.tolist() == want_lengths.tolist()
    assert (attainment._MONTH_STARTS.tolist(), attainment._DAYS_IN.tolist()) == (
        starts.tolist(),
        lengths.tolist(),
    )


# -- rows the bulk path takes, and those it leaves to the row path --------------------------------


def test_a_bad_row_stays_bad_when_the_map_fills_every_name(tmp_path: Path) -> None:
    """A map's constants fill a column for every row, the bad ones too: a row with too many
    cells is still not judged, and the others are taken in bulk."""
    ticket_map = TicketMap(
        {},
        {},
        {
            "customer": "Globex",
            "product": "oas",
            "version": "5.1.2",
            "severity": "S2",
            "reported_at": "2026-03-02T09:00:00+01:00",
        },
    )
    path = tmp_path / "log.csv"
    path.write_text("ticket\nt1\nt2,extra\nt3\n")
    (chunk,) = judge_chunks(read_chunks(path, ticket_map), CATALOG, POLICY, NOW)
    assert chunk.positions.tolist() == [0, 2]
    judged = list(chunk.judgements())
    assert [(j.ticket, j.not_judged, j.owed) for j in judged] == [
        ("t1", None, True),
        (None, "2 cells, the header has 1", None),
        ("t3", None, True),
    ]


def test_the_usual_rows_are_taken_in_bulk(tmp_path: Path, contracts: list[Contract]) -> None:
    """A response at the very moment of the report, an empty ETR of an S2 ticket: in bulk."""
    text = (
        "ticket,customer,product,version,severity,reported_at,first_response_at,etr_at\n"
        "t1,Globex,oas,5.1.2,S2,2026-03-02T09:00:00+01:00,2026-03-02T09:00:00+01:00,\n"
        "t2,Globex,oas,5.1.2,S2,2026-03-02T09:00:00+01:00,2026-03-02T09:30:00+01:00,\n"
        "t3,Globex,oas,5.1.2,S1,2026-03-02T09:00:00+01:00,,\n"
        "t4,Globex,oas,5.1.2,S2,2026-03-02T09:00:00+01:00,,2026-03-04T09:00:00+01:00\n"
    )
    path = tmp_path / "log.csv"
    (chunk,) = _chunks(path, text, contracts=contracts)
    assert chunk.positions.tolist() == [0, 1, 2, 3]
    assert _records([chunk]) == _row_by_row(path, contracts=contracts)
    assert [j.response_minutes for j in chunk.judgements()] == [0, 30, None, None]


def test_a_zone_whose_midnights_are_refused_goes_row_by_row(
    tmp_path: Path, contracts: list[Contract], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the table of a zone's midnights cannot answer (a date that goes backwards), the
    region's rows are judged row by row, with the same answers."""
    monkeypatch.setattr(attainment._Midnights, "dates", lambda self, moments: None)
    path = tmp_path / "log.csv"
    (chunk,) = _chunks(path, GROUPED, contracts=contracts)
    assert chunk.positions.tolist() == []
    assert _records([chunk]) == _row_by_row(path, contracts=contracts)


def test_updates_split_at_a_separator_of_two_characters(
    tmp_path: Path, contracts: list[Contract]
) -> None:
    ticket_map = TicketMap({}, {}, {}, separator="||")
    text = (
        HEADER.replace(",workaround_at,resolved_at", "")
        + "t1,Globex,oas,5.1.2,S1,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,"
        "2026-03-02T14:30:00+01:00||2026-03-03T09:20:00+01:00\n"
        "t2,Globex,oas,5.1.2,S1,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,\n"
    )
    later = datetime(2026, 3, 3, 8, 30, tzinfo=timezone.utc)
    chunk = _mapped(tmp_path / "log.csv", text, ticket_map, later, contracts)
    assert chunk.positions.tolist() == [0, 1]
    # S1 every 4 business hours: due 14:00, came 14:30; then due Tuesday 09:30, came 09:20
    # (the second ticket has none: its first update, due 14:00, was missed)
    first, second = chunk.judgements()
    assert [(u.late_minutes, u.met) for u in first.updates] == [(30, False), (0, True)]
    assert [u.at for u in second.updates] == [None]


@pytest.mark.parametrize("quoted", [False, True])
def test_updates_of_a_block_read_by_csv_reader(
    tmp_path: Path, contracts: list[Contract], quoted: bool
) -> None:
    """A block with a comma inside a quoted cell is read by csv.reader (cells as strings): its
    updates are split as those of a plain block; a line break inside an updates cell sends the
    rows of that block with updates row by row."""
    ticket = '"t,1"' if quoted else "t1"
    first = (
        f"{ticket},Globex,oas,5.1.2,S1,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,"
        "2026-03-02T14:30:00+01:00;2026-03-03T09:20:00+01:00,,\n"
    )
    second = "t2,Globex,oas,5.1.2,S1,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,,,\n"
    path = tmp_path / "log.csv"
    (chunk,) = _chunks(path, HEADER + first + second, contracts=contracts)
    assert chunk.positions.tolist() == [0, 1]
    assert _records([chunk]) == _row_by_row(path, contracts=contracts)
    assert [len(j.updates) for j in chunk.judgements()] == [3, 1]
    broken = first.replace(
        "2026-03-02T14:30:00+01:00;2026-03-03T09:20:00+01:00",
        '"2026-03-02T14:30:00+01:00\n;2026-03-03T09:20:00+01:00"',
    )
    (chunk,) = _chunks(path, HEADER + broken + second, contracts=contracts)
    assert chunk.positions.tolist() == [1]
    assert _records([chunk]) == _row_by_row(path, contracts=contracts)


def test_separators_outside_the_updates_cell_are_not_its_parts(tmp_path: Path) -> None:
    """A ";" in a cell before or after the updates (a customer's name) splits nothing."""
    text = "ticket,first_response_at,updates,customer,product,version,severity,reported_at\n" + (
        "".join(
            f"t{n},2026-03-02T10:00:00+01:00,2026-03-02T14:30:00+01:00;2026-03-03T09:20:00+01:00"
            f",Acme;Co{n},oas,5.1.2,S1,2026-03-02T09:00:00+01:00\n"
            for n in range(3)
        )
    )
    path = tmp_path / "log.csv"
    (chunk,) = _chunks(path, text)
    assert chunk.positions.tolist() == [0, 1, 2]
    assert _records([chunk]) == _row_by_row(path)
    # both updates came; a third (New York's business hours, assumed) was missed
    came = [[u.at is not None for u in j.updates] for j in chunk.judgements()]
    assert came == [[True, True, False]] * 3


def test_a_version_status_is_found_once_per_day_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows judged one by one (JSON Lines) ask `version_status` once per product, version and
    date, whatever the number of tickets."""
    asked: list[date] = []
    keep = version_status

    def spy(product: Any, version: Any, policy: Any, on: date) -> Any:
        asked.append(on)
        return keep(product, version, policy, on)

    monkeypatch.setattr(attainment, "version_status", spy)
    lines = [
        {
            "ticket": f"t{n}",
            "customer": "Globex",
            "product": "oas",
            "version": "5.1.2",
            "severity": "S2",
            "reported_at": f"2026-03-0{2 + n % 2}T09:00:00+01:00",
        }
        for n in range(6)
    ]
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    judged = list(judge_log(read_log(path, PLAIN), CATALOG, POLICY, NOW))
    assert [j.owed for j in judged] == [True] * 6
    assert sorted(asked) == [date(2026, 3, 2), date(2026, 3, 3)]


def test_a_judged_chunks_arrays_keep_their_types(tmp_path: Path, contracts: list[Contract]) -> None:
    """Moments and minutes as int64 (a float loses microseconds past 2**53), the met flags as
    int8 (1, 0, -1) and bool, as `JudgedChunk` documents them."""
    (chunk,) = _chunks(tmp_path / "log.csv", GROUPED, contracts=contracts)
    int64 = [
        *("response", "response_due", "response_late", "response_minutes", "workaround_due"),
        *("update_row", "update_due", "update_at", "update_late", "on", "reported"),
    ]
    assert {name: str(getattr(chunk, name).dtype) for name in int64} == dict.fromkeys(
        int64, "int64"
    )
    assert (str(chunk.response_met.dtype), str(chunk.workaround_met.dtype)) == ("int8", "int8")
    # response minutes: -1 where no response came (line 4, a6, a9) or nothing is owed (Soylent)
    assert chunk.response_minutes.tolist() == [60, 120, -1, 150, -1, 30, -1, -1]
    # late minutes: 0 where met, open in time or not owed (Soylent)
    assert chunk.response_late.tolist() == [0, 0, 360, 30, 0, 0, 8100, 0]
    assert str(chunk.update_met.dtype) == "bool"
    # rows 0-6 and 9 in bulk: a1 met, a2 met, line 4 breached, Acme breached, Soylent not
    # owed, a5 met, a6 breached, a9 open; targets: a1 and Acme missed, a2 and line 4 open
    assert chunk.response_met.tolist() == [1, 1, 0, 0, -1, 1, 0, -1]
    assert chunk.workaround_met.tolist() == [0, -1, -1, 0, -1, -1, -1, -1]


def test_a_chunk_with_no_row_in_bulk_has_empty_arrays_of_their_types(tmp_path: Path) -> None:
    """Every row row by row (bad): the chunk's arrays are empty, of the types a chunk in bulk
    has them (what `Attainment.add_chunk` and `groups` read of it), nothing in bulk."""
    path = tmp_path / "log.csv"
    path.write_text(HEADER + "t,Globex,nope,5.1.2,S2,2026-03-02T09:00:00+01:00,,,,\n" * 2)
    (chunk,) = judge_chunks(read_chunks(path, PLAIN), CATALOG, POLICY, NOW)
    types = {
        **dict.fromkeys(("positions", "code", "on", "reported", "status"), "int64"),
        **dict.fromkeys(("response", "response_due", "response_late"), "int64"),
        **dict.fromkeys(("response_minutes", "workaround_due"), "int64"),
        **dict.fromkeys(("update_row", "update_due", "update_at", "update_late"), "int64"),
        **dict.fromkeys(("response_met", "workaround_met"), "int8"),
        **dict.fromkeys(("owed", "update_met"), "bool"),
    }
    got = {name: (getattr(chunk, name).shape, str(getattr(chunk, name).dtype)) for name in types}
    assert got == {name: ((0,), kind) for name, kind in types.items()}
    assert (chunk.fast, chunk.statuses, sorted(chunk.slow)) == ([], [], [0, 1])
    assert (chunk._update_first, chunk._update_count) == (None, None)
    found, owners = chunk.updates_of(chunk.positions)
    assert (found.tolist(), owners.tolist()) == ([], [])
    assert (chunk._update_first.tolist(), chunk._update_count.tolist()) == ([], [])  # type: ignore[union-attr]


def test_updates_split_at_a_comma_in_a_plain_block(
    tmp_path: Path, contracts: list[Contract]
) -> None:
    """With "," as the separator, the comma that ends an updates cell (a column follows it) is
    not a part of that cell: one update per cell, every row in bulk."""
    ticket_map = TicketMap({}, {}, {}, separator=",")
    text = HEADER + "".join(
        f"t{n},Globex,oas,5.1.2,S1,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,"
        "2026-03-02T14:30:00+01:00,,\n"
        for n in range(2)
    )
    later = datetime(2026, 3, 2, 16, 0, tzinfo=timezone.utc)
    chunk = _mapped(tmp_path / "log.csv", text, ticket_map, later, contracts)
    assert chunk.positions.tolist() == [0, 1]
    # S1 every 4 business hours: due 14:00, came 14:30 (30 minutes late); the next is due
    # 18:30 Berlin, after `later` (17:00 Berlin): not yet owed
    assert [[(u.late_minutes, u.met) for u in j.updates] for j in chunk.judgements()] == [
        [(30, False)]
    ] * 2


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_statuses_and_names_kept_up_to_their_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """Past `_MEMO_KEPT` statuses (a version on a date) or rows of names, the memo starts over:
    with 2 kept, a third is added and the first is still found; with 1, it is asked again."""
    statuses: list[date] = []
    names: list[str] = []
    status_of, static_of = version_status, attainment._static

    def status(product: Any, version: Any, policy: Any, on: date) -> Any:
        statuses.append(on)
        return status_of(product, version, policy, on)

    def static(r: Any, key: tuple[str, str, str, str, str, str]) -> Any:
        names.append(key[3])
        return static_of(r, key)

    monkeypatch.setattr(attainment, "version_status", status)
    monkeypatch.setattr(attainment, "_static", static)
    monkeypatch.setattr(attainment, "_KEYS_KEPT", 0)  # every chunk codes its names anew
    rows = [("S2", 2), ("S3", 3), ("S4", 4), ("S2", 2)]
    path = tmp_path / f"log{suffix}"
    if suffix == ".csv":
        path.write_text(
            HEADER
            + "".join(
                f"t{n},Globex,oas,5.1.2,{severity},2026-03-0{day}T09:00:00+01:00,,,,\n"
                for n, (severity, day) in enumerate(rows)
            )
        )
    else:
        path.write_text(
            "".join(
                json.dumps({**BASE, "severity": severity, "reported_at": f"2026-03-0{day}T09:00Z"})
                + "\n"
                for severity, day in rows
            )
        )
    twice = [*read_chunks(path, PLAIN), *read_chunks(path, PLAIN)]
    one = _row_by_row(path)
    # JSON Lines: row by row, each row once; CSV: in bulk, each distinct row of names once a
    # chunk (statuses are kept per run by `status_codes`, past this memo)
    for kept, asked in ((2, 3), (1, 7 if suffix == ".jsonl" else 6)):
        monkeypatch.setattr(attainment, "_MEMO_KEPT", kept)
        statuses.clear()
        names.clear()
        chunks = list(judge_chunks(twice, CATALOG, POLICY, NOW))
        assert _records(chunks) == one + one
        assert len(names) == asked
        if suffix == ".jsonl":
            assert len(statuses) == asked


def test_scopes_are_found_once_per_run_row_by_row(
    tmp_path: Path, asked: list[tuple[str, str]]
) -> None:
    """Rows judged one by one (JSON Lines) share the scopes found as the bulk path's do: three
    rows of one version and severity, in two chunks, ask once."""
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps({**BASE, "ticket": f"t{n}"}) + "\n" for n in range(3)))
    twice = [*read_chunks(path, PLAIN), *read_chunks(path, PLAIN)]
    chunks = list(judge_chunks(twice, CATALOG, POLICY, NOW))
    assert asked == [("5.1.2", "S2")]
    one = _row_by_row(path)
    assert _records(chunks) == one + one
    assert [json.loads(r)["owed"] for r in one] == [True] * 3


def test_update_arrays_without_an_updates_column(tmp_path: Path) -> None:
    """A log with no updates column owes no update: the update arrays are empty, of their
    types, whatever else was owed."""
    text = HEADER.replace(",updates", "") + (
        "t1,Globex,oas,5.1.2,S1,2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,,\n"
    )
    (chunk,) = _chunks(tmp_path / "log.csv", text)
    assert (chunk.positions.tolist(), chunk.response_met.tolist()) == ([0], [1])
    arrays = ("update_row", "update_due", "update_at", "update_late", "update_met")
    got = {name: (getattr(chunk, name).shape, str(getattr(chunk, name).dtype)) for name in arrays}
    assert got == {
        **dict.fromkeys(arrays[:4], ((0,), "int64")),
        "update_met": ((0,), "bool"),
    }
    (judgement,) = chunk.judgements()
    assert judgement.updates == []


def test_a_zones_midnights_are_found_once_per_run_up_to_their_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first instant of a local day is found once per zone and run (`_Midnights.starts`);
    past `_MIDNIGHTS_KEPT` days the table starts afresh. Reports on March 2 and 9 in Berlin
    need the days around each: March 1-3 and 8-10."""
    asked: list[int] = []
    keep = attainment._Midnights._start

    def spy(self: Any, ordinal: int) -> Any:
        asked.append(ordinal)
        return keep(self, ordinal)

    monkeypatch.setattr(attainment._Midnights, "_start", spy)
    path = tmp_path / "log.csv"
    path.write_text(
        HEADER
        + "".join(
            f"t{n},Globex,oas,5.1.2,S2,2026-03-0{day}T09:00:00+01:00,,,,\n"
            for n, day in enumerate((2, 9, 2))
        )
    )
    twice = [*read_chunks(path, PLAIN), *read_chunks(path, PLAIN)]
    one = _row_by_row(path)
    days = [date(2026, 3, d).toordinal() for d in (1, 2, 3, 8, 9, 10)]
    for kept, times in ((6, days), (5, days + days)):
        monkeypatch.setattr(attainment, "_MIDNIGHTS_KEPT", kept)
        asked.clear()
        chunks = list(judge_chunks(twice, CATALOG, POLICY, NOW))
        assert [c.positions.tolist() for c in chunks] == [[0, 1, 2]] * 2
        assert _records(chunks) == one + one
        assert asked == times


def _one_change(at: datetime, before: int, after: int) -> ZoneInfo:
    """A zone whose offset (seconds east of UTC) changes once, at `at`: a TZif file (version 1,
    RFC 8536) read by zoneinfo."""
    names = b"A\0B\0"
    header = b"TZif" + bytes(16) + struct.pack(">6l", 0, 0, 0, 1, 2, len(names))
    types = struct.pack(">lBB", before, 0, 0) + struct.pack(">lBB", after, 1, 2)
    body = struct.pack(">lB", int(at.timestamp()), 1) + types + names
    return ZoneInfo.from_file(io.BytesIO(header + body))


@pytest.mark.parametrize(
    ("zone", "day", "start"),
    [
        ("Europe/Berlin", date(2026, 3, 2), datetime(2026, 3, 1, 23, tzinfo=timezone.utc)),
        # 00:00 skipped (to 01:00): the day begins at the gap, 05:00 UTC
        ("America/Havana", date(2012, 3, 11), datetime(2012, 3, 11, 5, tzinfo=timezone.utc)),
        ("America/Santiago", date(2019, 9, 8), datetime(2019, 9, 8, 4, tzinfo=timezone.utc)),
        # 24:00 back to 23:00: the date went backwards over midnight
        ("America/Sao_Paulo", date(2012, 2, 26), None),
        ("America/Santiago", date(2019, 4, 7), None),
        # the day after is fine again
        ("America/Santiago", date(2019, 4, 8), datetime(2019, 4, 8, 4, tzinfo=timezone.utc)),
        # 2011-12-30 never happened (nor the instant before 12-31)
        ("Pacific/Apia", date(2011, 12, 30), None),
        ("Pacific/Apia", date(2011, 12, 31), None),
        ("Pacific/Apia", date(2012, 1, 1), datetime(2011, 12, 31, 10, tzinfo=timezone.utc)),
    ],
)
def test_the_first_instant_of_a_local_day(zone: str, day: date, start: datetime | None) -> None:
    found = attainment._Midnights(ZoneInfo(zone))._start(day.toordinal())
    if start is None:
        assert found is None
    else:
        assert (type(found), found) == (int, int(start.timestamp()) * 1_000_000)


def test_a_gap_across_midnight_is_left_to_astimezone() -> None:
    """A jump from 23:30 to 00:30: the instant before midnight never happened, so the day's
    beginning is not taken from the table (its neighbours are)."""
    change = datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)
    zone = _one_change(change, 0, 3600)
    assert datetime.fromtimestamp(change.timestamp(), zone).isoformat() == (
        "2026-03-02T00:30:00+01:00"
    )
    midnights = attainment._Midnights(zone)
    found = [midnights._start(date(2026, 3, d).toordinal()) for d in (1, 2, 3)]
    assert found == [
        int(datetime(2026, 3, 1, tzinfo=timezone.utc).timestamp()) * 1_000_000,
        None,
        int(datetime(2026, 3, 2, 23, tzinfo=timezone.utc).timestamp()) * 1_000_000,
    ]


def test_names_past_the_numbers_kept_and_rows_not_coded_are_minus_one(
    tmp_path: Path, contracts: list[Contract], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`_number` gives -1 to a value past the numbers kept (and numbers nothing more);
    `name_codes` gives -1 to such a row and to one `fast_code` refuses (Initech has no
    contract), a code to the others: one per distinct row of names."""
    numbers = {"": 0, "a": 1}
    assert [attainment._number(numbers, v, 3) for v in ("a", "b", "c", "b")] == [1, 2, -1, 2]
    assert numbers == {"": 0, "a": 1, "b": 2}
    path = tmp_path / "log.csv"
    (chunk,) = _chunks(path, LOG, contracts=contracts)
    codes = chunk.resolver.name_codes(chunk.chunk.columns, len(chunk.chunk))
    assert codes.tolist() == [3, 3, 1, 1, 0, 5, 2, 4, -1, 3, 3]
    # 4 customers' numbers kept: "", Globex, Hooli and Acme; Soylent's row is not numbered
    monkeypatch.setattr(attainment, "_NAMES_KEPT", 4)
    (chunk,) = _chunks(path, LOG, contracts=contracts)
    codes = chunk.resolver.name_codes(chunk.chunk.columns, len(chunk.chunk))
    assert codes.tolist() == [3, 3, 1, 1, 0, -1, 2, 4, -1, 3, 3]
    assert chunk.positions.tolist() == [0, 1, 2, 3, 4, 6, 7]


#: Texts the bulk reader takes (each as the row reader reads it) and the edges of its range.
TAKEN = [
    "2026-03-02T09:00:00+01:00",
    "2026-03-02T09:00:00+10:00",
    "2026-03-02T09:00:00-12:45",
    "1900-01-01T00:00:00Z",
    "2999-12-31T23:59:59Z",
    "2999-12-31T23:59:59+23:59",
]
#: Texts it leaves to the row reader: a character too many, a wrong character in the seconds
#: and in each place of the offset (its sign too), the 24th hour, months 0 and 20, years
#: outside the range.
LEFT = [
    "2026-03-02T09:00:00+01:00X",
    "2026-03-02T09:00.00+01:00",
    "2026-03-02T09:00:0A+01:00",
    "2026-03-02T09:00:00*01:00",
    "2026-03-02T09:00:00.01:00",
    "2026-03-02T09:00:00,01:00",
    "2026-03-02T09:00:00+0A:00",
    "2026-03-02T09:00:00+01:A0",
    "2026-03-02T09:00:00+01:0A",
    "2026-03-02T24:00:00Z",
    "2026-00-02T09:00:00Z",
    "2999-20-01T00:00:00Z",
    "1899-12-31T23:59:59Z",
    "3000-01-01T00:00:00Z",
]


def test_bulk_times_at_the_edges_of_their_spelling() -> None:
    """The values of the texts read, 0 for the others (read row by row: `_Resolver.moment`
    takes the range's first and last day as written and refuses the rest)."""
    values, read, empty = attainment._bulk_micros([*TAKEN, *LEFT, ""])
    expected = [
        int(datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()) * 1_000_000 for t in TAKEN
    ]
    assert values.tolist() == [*expected, *[0] * len(LEFT), 0]
    assert read.tolist() == [True] * len(TAKEN) + [False] * (len(LEFT) + 1)
    assert empty.tolist() == [False] * (len(TAKEN) + len(LEFT)) + [True]
    resolver = attainment._Resolver(CATALOG, POLICY, None, None)
    for text, value in zip(TAKEN[3:5], expected[3:5], strict=True):
        assert resolver.micros(text, "reported_at") == value
    for text in LEFT[-2:]:
        with pytest.raises(EolCheckError, match="reported_at"):
            resolver.micros(text, "reported_at")


def test_bulk_times_with_a_line_break_are_all_left() -> None:
    values, read, empty = attainment._bulk_micros(["2026-03-02T09:00:00Z", "a\nb", ""])
    got = [(a.tolist(), str(a.dtype)) for a in (values, read, empty)]
    assert got == [([0, 0, 0], "int64"), ([False] * 3, "bool"), ([False] * 3, "bool")]


def test_each_name_region_and_plan_is_found_once_per_run(
    tmp_path: Path, contracts: list[Contract], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows judged one by one (JSON Lines): four rows of names (S1 and S2, with and without a
    region) over two chunks find the product, the version, each severity and region, the
    ticket's region and each plan once (`_looked_up`, `region_of`, `plan`, `clock_of`)."""
    from eol_check import support
    from eol_check.catalog import Catalog
    from eol_check.policy import Policy

    calls: dict[str, list[object]] = {}

    def spy(name: str, keep: Any) -> Any:
        def spied(*args: Any) -> Any:
            calls.setdefault(name, []).append(args[1] if name != "version" else args[0])
            return keep(*args)

        return spied

    monkeypatch.setattr(Catalog, "product", spy("product", Catalog.product))
    monkeypatch.setattr(attainment, "parse_lenient", spy("version", parse_lenient))
    monkeypatch.setattr(Policy, "severity", spy("severity", Policy.severity))
    monkeypatch.setattr(Policy, "region", spy("region", Policy.region))
    monkeypatch.setattr(Policy, "targets", spy("targets", Policy.targets))
    monkeypatch.setattr(support, "_region", spy("region_of", support._region))
    rows = [
        {**BASE, "ticket": f"t{n}", "severity": severity, **extra}
        for n, (severity, extra) in enumerate(
            [("S1", {}), ("S2", {}), ("S1", {"region": "emea"}), ("S2", {"region": "emea"})]
        )
    ]
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    twice = [*read_chunks(path, PLAIN), *read_chunks(path, PLAIN)]
    chunks = list(judge_chunks(twice, CATALOG, POLICY, NOW, contracts=contracts))
    assert [j.owed for c in chunks for j in c.judgements()] == [True] * 8
    assert {name: len(found) for name, found in calls.items()} == {
        "product": 1,
        "version": 1,
        "severity": 2,
        "region": 2,  # "emea" as asked, and as Globex's contract's region (`region_of`)
        "region_of": 2,  # asked for none, and for emea
        "targets": 4,  # S1 and S2: their scopes (`check_entitlement`) and plans in emea
    }
    resolver = chunks[0].resolver
    assert [(region.id, plan.response_hours) for region, plan in resolver.clocks] == [
        ("emea", 2.0),
        ("emea", 3.0),
    ]
    # one severity kept (S1): S2 is read again for its second row of names
    monkeypatch.setattr(attainment, "_FEW_LOOKED_UP", 1)
    calls.clear()
    list(judge_chunks(twice, CATALOG, POLICY, NOW, contracts=contracts))
    assert calls["severity"] == ["S1", "S2", "S2"]


def test_a_chunk_of_no_rows_with_columns(tmp_path: Path) -> None:
    """A chunk whose rows were all filtered out (as `account-report` keeps one customer's)
    still has its columns, in bytes: nothing is judged, nothing fails."""
    from eol_check.tickets.ticket_log import Cells

    path = tmp_path / "log.csv"
    path.write_text(LOG)
    (chunk,) = read_chunks(path, PLAIN)
    assert isinstance(chunk.columns["customer"], Cells)
    empty = chunk.select(np.zeros(0, np.int64))
    assert isinstance(empty.columns["customer"], Cells)
    (judged,) = judge_chunks([empty], CATALOG, POLICY, NOW)
    assert (len(judged), judged.positions.tolist(), list(judged.judgements())) == (0, [], [])
