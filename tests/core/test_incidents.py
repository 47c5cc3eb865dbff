"""The incident log (SPEC §8): CSV and JSON Lines, bad rows named with file and line."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from eol_check.availability import Service, load_incidents
from eol_check.availability_terms import AvailabilityTerms
from eol_check.errors import AvailabilityError
from eol_check.policy import load_policy

HEADER = "id,service,start,end,kind,announced_at,cause,customers\n"
GOOD = (
    "a-1,mobile,2026-03-01T01:00:00-05:00,2026-03-01T01:30:00-05:00,scheduled,"
    "2026-02-01T00:00:00Z,,acme;globex\n"
)


@pytest.fixture(scope="module")
def terms() -> AvailabilityTerms:
    terms = load_policy().availability
    assert terms is not None
    return terms


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_a_good_csv_row(tmp_path: Path, terms: AvailabilityTerms) -> None:
    log = load_incidents(write(tmp_path, "i.csv", HEADER + GOOD), terms)
    assert log.problems == ()
    [incident] = log.incidents
    assert incident.id == "a-1"
    assert incident.service is Service.MOBILE
    assert incident.start == datetime(2026, 3, 1, 6, 0, tzinfo=timezone.utc)
    assert incident.customers == frozenset({"acme", "globex"})
    assert incident.cause is None
    assert (incident.source, incident.line) == (str(tmp_path / "i.csv"), 2)


def test_json_lines(tmp_path: Path, terms: AvailabilityTerms) -> None:
    rows = [
        {
            "id": "s-1",
            "service": "saas",
            "start": "2026-04-01T10:00:00Z",
            "end": "2026-04-01T11:00:00Z",
            "kind": "unscheduled",
            "cause": "third-party",
            "customers": ["acme"],
        },
        {
            "id": "s-2",
            "service": "saas",
            "start": "2026-04-01T10:00:00Z",
            "end": "2026-04-01T11:00:00Z",
            "kind": "unscheduled",
            "customers": 5,
        },
    ]
    text = "\n".join(json.dumps(r) for r in rows) + "\n\n[1]\n{oops\n"
    log = load_incidents(write(tmp_path, "i.jsonl", text), terms)
    assert [i.id for i in log.incidents] == ["s-1"]
    assert log.incidents[0].customers == frozenset({"acme"})
    where = str(tmp_path / "i.jsonl")
    assert [str(p) for p in log.problems] == [
        f"{where}:2: customers: expected text",
        f"{where}:4: not a JSON object",
        f"{where}:5: not a JSON object",
    ]


BAD_ROWS = [
    (
        "not a minute",
        "b,mobile,soon,2026-03-01T02:00:00Z,unscheduled,,,",
        "start: 'soon' is not an ISO 8601 date-time",
    ),
    (
        "no offset",
        "b,mobile,2026-03-01T01:00:00,2026-03-01T02:00:00Z,unscheduled,,,",
        "start: '2026-03-01T01:00:00' has no UTC offset (e.g. 2026-03-01T02:00:00-05:00)",
    ),
    (
        "end before start",
        "b,saas,2026-03-01T02:00:00Z,2026-03-01T01:00:00Z,unscheduled,,,",
        "end 2026-03-01T01:00:00Z is not after start 2026-03-01T02:00:00Z",
    ),
    (
        "unknown service",
        "b,desktop,2026-03-01T01:00:00Z,2026-03-01T02:00:00Z,unscheduled,,,",
        "service: unknown service 'desktop' (known: mobile, saas)",
    ),
    (
        "unknown cause",
        "b,saas,2026-03-01T01:00:00Z,2026-03-01T02:00:00Z,unscheduled,,aliens,",
        "cause: unknown cause 'aliens' (known causes: customer-connectivity, internet, customer, "
        "customer-equipment, third-party)",
    ),
    (
        "bad kind",
        "b,saas,2026-03-01T01:00:00Z,2026-03-01T02:00:00Z,planned,,,",
        "kind: 'planned' is not scheduled or unscheduled",
    ),
    ("missing id", ",saas,2026-03-01T01:00:00Z,2026-03-01T02:00:00Z,unscheduled,,,", "id: missing"),
    (
        "stray comma",
        "b,saas,2026-03-01T01:00:00Z,2026-03-01T02:00:00Z,unscheduled,,,,x",
        "9 cells, more than the header's 8 (a stray comma?)",
    ),
    ("duplicate id", GOOD.strip(), "id 'a-1' is already used on line 2"),
    (
        "hostile text",
        "b,\x1b[31mmobile,2026-03-01T01:00:00Z,2026-03-01T02:00:00Z,unscheduled,,,",
        "service: unknown service '\\x1b[31mmobile' (known: mobile, saas)",
    ),
]


@pytest.mark.parametrize(("case", "row", "message"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_a_bad_row_is_named_with_file_and_line_and_counted(
    tmp_path: Path, terms: AvailabilityTerms, case: str, row: str, message: str
) -> None:
    path = write(tmp_path, "i.csv", HEADER + GOOD + row + "\n")
    log = load_incidents(path, terms)
    assert [i.id for i in log.incidents] == ["a-1"]  # the good row stands
    [problem] = log.problems
    assert str(problem) == f"{path}:3: {message}"


def test_a_bad_row_keeps_what_it_can_say(tmp_path: Path, terms: AvailabilityTerms) -> None:
    path = write(tmp_path, "i.csv", HEADER + "b,saas,soon,later,unscheduled,,,acme\n")
    [problem] = load_incidents(path, terms).problems
    assert problem.service is Service.SAAS
    assert problem.customers == frozenset({"acme"})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "i.csv",
            "",
            "{path}: empty: expected a header line (id, service, start, end, kind, "
            "announced_at, cause, customers)",
        ),
        (
            "i.csv",
            "id,service,start\n",
            "{path}:1: the header lacks end, kind (expected "
            "columns: id, service, start, end, kind, announced_at, cause, customers)",
        ),
        (
            "i.csv",
            b"id,service\xff\n",
            "{path}: not UTF-8 text (byte 0xff at offset 10); save it as UTF-8",
        ),
        ("missing.csv", None, "{path}: file not found"),
    ],
)
def test_a_file_that_cannot_be_read(
    tmp_path: Path,
    terms: AvailabilityTerms,
    name: str,
    content: str | bytes | None,
    message: str,
) -> None:
    path = tmp_path / name if content is None else write(tmp_path, name, content)
    with pytest.raises(AvailabilityError) as caught:
        load_incidents(path, terms)
    assert str(caught.value) == message.format(path=path)
