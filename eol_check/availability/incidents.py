"""The incident log (SPEC §8): CSV with a header, or JSON Lines (`.jsonl`, `.ndjson`).

Columns / keys: `id, service (mobile|saas), start, end` (ISO 8601 with an offset), `kind
(scheduled|unscheduled)`, `announced_at` (for scheduled downtime), `cause` (blank or a cause of
the policy's `[availability.causes]`), `customers` (blank = every customer, else ids separated
by `;`). A bad row becomes a `RowProblem` naming the file and line: it is counted and reported,
never a crash, never silently dropped. A file that cannot be read at all raises
AvailabilityError (exit 2).

Decisions where SPEC §8 is silent: header names are matched case-insensitively (spaces and
hyphens read as `_`), unknown columns are ignored; `Z` is read as `+00:00`; a scheduled incident
without `announced_at` is a fact, not a bad row (it was not announced: Unscheduled).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

from .._files import decode_utf8, read_data_file
from .._record import Record
from ..errors import AvailabilityError
from .rules import Service

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path
    from typing import Any

    from ..availability_terms import AvailabilityTerms

__all__ = ["Incident", "IncidentLog", "RowProblem", "load_incidents"]

COLUMNS = ("id", "service", "start", "end", "kind", "announced_at", "cause", "customers")
REQUIRED = ("id", "service", "start", "end", "kind")
KINDS = ("scheduled", "unscheduled")
#: The years a moment may fall in: the epoch on, far from the ends of the calendar, so that the
#: arithmetic (notice, windows, UTC) never leaves it.
MIN_YEAR, MAX_YEAR = 1971, 9998


class RowProblem(Record):
    """A row of an input file that could not be used: where it is, and why.

    `service` and `customers` are what the row could still say (None: not known, so it may
    concern any), so that a verdict it could change is withheld (SPEC §8)."""

    source: str
    line: int | None  # the line (CSV, JSON Lines) or row (Parquet) number, 1-based
    message: str
    service: Service | None = None
    customers: frozenset[str] | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        """The problem's one JSON form."""
        return {"source": self.source, "line": self.line, "message": self.message}


class Incident(Record):
    """One row of the incident log: an outage or a maintenance, `[start, end)` (aware, UTC)."""

    id: str
    service: Service
    start: datetime
    end: datetime
    kind: str  # "scheduled" or "unscheduled"
    announced_at: datetime | None = None
    cause: str | None = None
    customers: frozenset[str] = frozenset()  # empty: every customer
    source: str = ""
    line: int = 0

    def concerns(self, customer: str) -> bool:
        """True when the incident is about `customer` (a blank list means every customer)."""
        return not self.customers or customer in self.customers

    def as_json(self) -> dict[str, Any]:
        """The incident's one JSON form."""
        return {
            "id": self.id,
            "service": self.service.value,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "kind": self.kind,
            "announced_at": None if self.announced_at is None else self.announced_at.isoformat(),
            "cause": self.cause,
            "customers": sorted(self.customers),
        }


class IncidentLog(Record):
    """The incidents of a log, and its rows that could not be read."""

    incidents: tuple[Incident, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    source: str | None = None

    @property
    def customers(self) -> frozenset[str]:
        """Every customer an incident names."""
        return frozenset(c for i in self.incidents for c in i.customers)


def load_incidents(path: Path, terms: AvailabilityTerms) -> IncidentLog:
    """The incident log at `path` (CSV, or JSON Lines by its suffix); causes are checked against
    the policy's `terms`. Bad rows are kept as problems; an unreadable file is AvailabilityError."""
    source = str(path)
    raw = read_data_file(path, AvailabilityError, "an incident log (CSV or JSON Lines)")
    text = decode_utf8(raw, source, AvailabilityError).removeprefix("\ufeff")
    reader = _Rows(source, terms)
    if source.lower().endswith((".jsonl", ".ndjson", ".json")):
        rows = reader.json_lines(text)
    else:
        rows = reader.csv(text)
    incidents: list[Incident] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for row in rows:
        if isinstance(row, RowProblem):
            problems.append(row)
            continue
        first = seen.setdefault(row.id, row.line)
        if first != row.line:
            problems.append(
                RowProblem(
                    source,
                    row.line,
                    f"id {row.id!r} is already used on line {first}",
                    row.service,
                    row.customers or None,
                )
            )
            continue
        incidents.append(row)
    return IncidentLog(tuple(incidents), tuple(problems), source)


class _Rows:
    """Reads rows of one file into incidents or problems."""

    def __init__(self, source: str, terms: AvailabilityTerms) -> None:
        self.source = source
        self.causes = tuple(c.name for c in terms.causes if c.name != "scheduled")

    def csv(self, text: str) -> Iterator[Incident | RowProblem]:
        reader = csv.reader(io.StringIO(text, newline=""))
        header: dict[str, int] | None = None
        width = 0
        read = 0  # lines read so far: a row starts on the next one
        try:
            for cells in reader:
                number, read = read + 1, reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if header is None:
                    header, width = self._header(cells, number), len(cells)
                    continue
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    yield RowProblem(
                        self.source,
                        number,
                        f"{len(cells)} cells, more than the header's {width} (a stray comma?)",
                    )
                    continue
                values = {k: (cells[i] if i < len(cells) else "") for k, i in header.items()}
                yield self._row(values, number)
        except csv.Error as exc:
            raise AvailabilityError(f"{self.source}:{read + 1}: not CSV: {exc}") from exc
        if header is None:
            raise AvailabilityError(
                f"{self.source}: empty: expected a header line ({', '.join(COLUMNS)})"
            )

    def _header(self, cells: list[str], line: int) -> dict[str, int]:
        names = [c.strip().lower().replace(" ", "_").replace("-", "_") for c in cells]
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            raise AvailabilityError(
                f"{self.source}:{line}: the header lacks {', '.join(missing)} "
                f"(expected columns: {', '.join(COLUMNS)})"
            )
        return {name: names.index(name) for name in COLUMNS if name in names}

    def json_lines(self, text: str) -> Iterator[Incident | RowProblem]:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError:
                yield RowProblem(self.source, number, "not a JSON object")
                continue
            if not isinstance(value, dict):
                yield RowProblem(self.source, number, "not a JSON object")
                continue
            values: dict[str, str] = {}
            for key in COLUMNS:
                item = value.get(key)
                if isinstance(item, list) and key == "customers":
                    item = ";".join(str(v) for v in item)
                if item is not None and not isinstance(item, str):
                    yield RowProblem(self.source, number, f"{key}: expected text")
                    break
                values[key] = item or ""
            else:
                yield self._row(values, number)

    def _row(self, values: Mapping[str, str], line: int) -> Incident | RowProblem:
        service: Service | None = None
        customers: frozenset[str] | None = None
        try:
            customers = frozenset(
                c.strip() for c in values.get("customers", "").split(";") if c.strip()
            )
            service = _choice(values, "service", Service)
            for key in REQUIRED:
                if not values.get(key, "").strip():
                    raise _Bad(f"{key}: missing")
            start = _moment(values, "start")
            end = _moment(values, "end")
            if end <= start:
                raise _Bad(
                    f"end {values['end'].strip()} is not after start {values['start'].strip()}"
                )
            kind = values["kind"].strip().lower()
            if kind not in KINDS:
                raise _Bad(f"kind: {_cell(values['kind'])} is not scheduled or unscheduled")
            announced = (
                _moment(values, "announced_at") if values.get("announced_at", "").strip() else None
            )
            cause = values.get("cause", "").strip().lower() or None
            if cause is not None and cause not in self.causes:
                raise _Bad(
                    f"cause: unknown cause {_cell(cause)} (known causes: {', '.join(self.causes)})"
                )
        except _Bad as exc:
            return RowProblem(self.source, line, str(exc), service, customers or None)
        return Incident(
            id=values["id"].strip(),
            service=service,
            start=start,
            end=end,
            kind=kind,
            announced_at=announced,
            cause=cause,
            customers=customers,
            source=self.source,
            line=line,
        )


class _Bad(Exception):
    """A cell that makes its row unusable."""


def _choice(values: Mapping[str, str], key: str, kind: type[Service]) -> Service:
    text = values.get(key, "").strip().lower()
    try:
        return kind(text)
    except ValueError:
        known = ", ".join(s.value for s in kind)
        raise _Bad(f"{key}: unknown {key} {_cell(values.get(key, ''))} (known: {known})") from None


def _moment(values: Mapping[str, str], key: str) -> datetime:
    """An ISO 8601 date-time with an offset, as an aware UTC datetime."""
    text = values.get(key, "").strip()
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        raise _Bad(f"{key}: {_cell(text)} is not an ISO 8601 date-time") from None
    if moment.utcoffset() is None:
        raise _Bad(f"{key}: {_cell(text)} has no UTC offset (e.g. 2026-03-01T02:00:00-05:00)")
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise _Bad(f"{key}: {_cell(text)} is not between {MIN_YEAR} and {MAX_YEAR}")
    return moment.astimezone(timezone.utc)


def _cell(text: str) -> str:
    """A cell as shown in a message: quoted, escaped, cut short."""
    shown = text if len(text) <= 40 else text[:39] + "…"
    return ascii(shown) if not shown.isprintable() else repr(shown)
