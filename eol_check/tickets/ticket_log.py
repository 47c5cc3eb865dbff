"""Reading a helpdesk's ticket log (SPEC §9): CSV or JSON Lines, renamed and mapped by `--map`.

`TicketMap.load(path)` reads a map file (TOML); `read_log(path, ticket_map)` streams the rows as
`RawTicket` (the row's cells under eol-check's column names, values already mapped) or
`BadRow` (file, line, why), never raising for a bad row: SPEC §9 counts those "not judged".

A map (docs/tickets.md has the Zendesk and Jira Service Management examples):

    timezone = "UTC"             # the zone of times written without an offset
    updates_separator = ";"      # between the update times of one CSV cell
    [columns]                    # eol-check's column = the export's column
    ticket = "id"
    severity = "priority"
    [values.priority]            # the export's column: its value = eol-check's value
    urgent = "S1"
    [constants]                  # a column the export does not have, the same for every row
    product = "oas"

§3.6 leaves priority "at Company sole discretion", so no mapping of a helpdesk's priorities
ships as a default: a column with a `[values]` table takes only the values it lists.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from .._files import open_regular
from .._names import fold
from .._record import Record
from .._toml import Section, read_toml
from ..errors import InputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, BinaryIO

__all__ = ["COLUMNS", "REQUIRED", "BadRow", "RawTicket", "TicketLogError", "TicketMap", "read_log"]

#: The columns of a ticket log (SPEC §9), in order.
COLUMNS = (
    "ticket",
    "customer",
    "product",
    "version",
    "severity",
    "reported_at",
    "first_response_at",
    "updates",
    "workaround_at",
    "resolved_at",
    "etr_at",
    "region",
    "coverage",
)
REQUIRED = ("ticket", "customer", "product", "version", "severity", "reported_at")
#: The longest line read: a longer one (a binary or endless file) is refused.
MAX_LINE_BYTES = 1024 * 1024
_MAP_KEYS = ("timezone", "updates_separator", "columns", "values", "constants")


class TicketLogError(InputError):
    """The ticket log or its map cannot be read at all (exit 2)."""


class BadRow(Record):
    """A row that cannot be judged, and why (SPEC §9: counted under "not judged")."""

    line: int
    reason: str
    ticket: str | None = None
    customer: str | None = None


class RawTicket:
    """A row's cells by eol-check's column names (absent columns are not in `cells`); a slotted
    class, not a Record: one is made per row, a million times a run."""

    __slots__ = ("cells", "line")

    def __init__(self, line: int, cells: dict[str, str | list[str]]) -> None:
        self.line = line
        self.cells = cells


class TicketMap(Record):
    """How an export's columns and values become eol-check's (empty: the log is ours)."""

    columns: dict[str, str]  # eol-check's column → the export's
    values: dict[str, dict[str, str]]  # the export's column → {its value (folded): ours}
    constants: dict[str, str]
    timezone: str | None = None
    separator: str = ";"
    source: str = ""

    @classmethod
    def load(cls, path: Path) -> TicketMap:
        """The map in the TOML file at `path`; TicketLogError names the key path at fault."""
        # A map is the user's input (exit 2), read with the TOML loader's key-path errors.
        error: Any = TicketLogError
        document, _ = read_toml(str(path), error)
        doc = Section(document, str(path), error)
        doc.only(*_MAP_KEYS)
        columns: dict[str, str] = {}
        constants: dict[str, str] = {}
        values: dict[str, dict[str, str]] = {}
        if "columns" in document:
            table = doc.table("columns")
            table.only(*COLUMNS)
            for key in COLUMNS:
                if key in document["columns"]:
                    columns[key] = table.text(key)
        if "constants" in document:
            table = doc.table("constants")
            table.only(*COLUMNS)
            for key in COLUMNS:
                if key in document["constants"]:
                    constants[key] = table.text(key)
        if "values" in document:
            for column, table in doc.table("values").tables():
                values[column] = {fold(k): table.text(k) for k in table.keys()}  # noqa: SIM118 (a Section)
        timezone = None
        if "timezone" in document:
            timezone = doc.text("timezone")
            from ..policy import zone_info

            try:
                zone_info(timezone)
            except Exception as exc:
                doc.fail("timezone", f"{timezone!r} is not an IANA time zone ({exc})")
        separator = doc.text("updates_separator") if "updates_separator" in document else ";"
        return cls(columns, values, constants, timezone, separator or ";", str(path))

    def export_column(self, column: str) -> str:
        """The export's name of eol-check's `column`."""
        return self.columns.get(column, column)


def read_log(path: Path, ticket_map: TicketMap) -> Iterator[RawTicket | BadRow]:
    """Every row of the ticket log at `path`: `.jsonl`/`.ndjson` are JSON Lines, else CSV."""
    try:
        stream = open_regular(path)
    except FileNotFoundError:
        raise TicketLogError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise TicketLogError(f"{path}: is a folder, expected a CSV or JSON Lines file") from None
    except OSError as exc:
        raise TicketLogError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    with stream:
        if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            yield from _json_lines(stream, path, ticket_map)
        else:
            yield from _csv(stream, path, ticket_map)


def _lines(stream: BinaryIO, path: Path) -> Iterator[str]:
    """The lines of a binary stream as text; a line that is not UTF-8 keeps its number and
    carries the marker U+FFFF, so that the row is reported and the count stays right."""
    first = True
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES:
            raise TicketLogError(
                f"{path}: a line longer than {MAX_LINE_BYTES // 2**20} MiB: not a ticket log"
            )
        if first and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield "\uffff\n"


def _csv(stream: BinaryIO, path: Path, ticket_map: TicketMap) -> Iterator[RawTicket | BadRow]:
    reader = csv.reader(_lines(stream, path), strict=True)
    header: list[str] | None = None
    index: dict[str, int] = {}
    plain: list[tuple[str, int]] = []
    updates_at: int | None = None
    width = 0
    line = 1
    while True:
        start = line
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = reader.line_num + 1
            yield BadRow(start, f"not valid CSV: {exc}")
            continue
        line = reader.line_num + 1
        if cells and cells[0].startswith("\uffff"):
            yield BadRow(start, "not UTF-8 text")
            continue
        if header is None:
            if not any(cell.strip() for cell in cells):
                continue
            header = [cell.strip() for cell in cells]
            index = _header(header, path, start, ticket_map)
            plain = [(c, at) for c, at in index.items() if c != "updates"]
            updates_at = index.get("updates")
            width = len(header)
            continue
        if len(cells) != width:
            if len(cells) > width:
                yield BadRow(start, f"{len(cells)} cells, the header has {width}")
                continue
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            cells = cells + [""] * (width - len(cells))  # a short row: its last cells empty
        values: dict[str, str | list[str]] = dict(ticket_map.constants)
        for column, at in plain:
            values[column] = cells[at].strip()
        if updates_at is not None:
            values["updates"] = [
                u for u in (p.strip() for p in cells[updates_at].split(ticket_map.separator)) if u
            ]
        yield _mapped(RawTicket(start, values), ticket_map, index)
    if header is None:
        raise TicketLogError(
            f"{path}: empty: expected a header row naming the columns {', '.join(REQUIRED)}"
        )


def _header(header: list[str], path: Path, line: int, ticket_map: TicketMap) -> dict[str, int]:
    """The position of each of eol-check's columns in the export's header."""
    where = {fold(name): i for i, name in enumerate(header)}
    index: dict[str, int] = {}
    for column in COLUMNS:
        name = fold(ticket_map.export_column(column))
        if name in where:
            index[column] = where[name]
    missing = [c for c in REQUIRED if c not in index and c not in ticket_map.constants]
    if missing:
        named = ", ".join(
            f"{c} (as {ticket_map.columns[c]!r})" if c in ticket_map.columns else c for c in missing
        )
        raise TicketLogError(
            f"{path}:{line}: the header has no column {named}"
            + ("" if ticket_map.source else " (use --map FILE to rename an export's columns)")
        )
    return index


def _json_lines(
    stream: BinaryIO, path: Path, ticket_map: TicketMap
) -> Iterator[RawTicket | BadRow]:
    names = {column: ticket_map.export_column(column) for column in COLUMNS}
    for number, text in enumerate(_lines(stream, path), start=1):
        if not text.strip():
            continue
        if text.startswith("\uffff"):
            yield BadRow(number, "not UTF-8 text")
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            yield BadRow(number, f"not a JSON object: {str(exc)[:80]}")
            continue
        if not isinstance(data, dict):
            yield BadRow(number, f"not a JSON object: a {type(data).__name__}")
            continue
        values: dict[str, str | list[str]] = dict(ticket_map.constants)
        bad = None
        for column, name in names.items():
            if name not in data:
                continue
            value = data[name]
            if column == "updates":
                if value is None:
                    value = []
                if isinstance(value, str):
                    value = [u.strip() for u in value.split(ticket_map.separator) if u.strip()]
                if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
                    bad = f"{name!r} is not a list of date-times"
                    break
                values[column] = value
            elif value is None:
                values[column] = ""
            elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
                values[column] = str(value)
            else:
                bad = f"{name!r} is a {type(value).__name__}, expected text"
                break
        if bad is not None:
            ticket = data.get(names["ticket"])
            yield BadRow(number, bad, str(ticket) if isinstance(ticket, (str, int)) else None)
            continue
        index = dict.fromkeys(values, 0)
        yield _mapped(RawTicket(number, values), ticket_map, index)


def _mapped(row: RawTicket, ticket_map: TicketMap, index: dict[str, int]) -> RawTicket | BadRow:
    """The row with its values mapped (SPEC §9: an unmapped value is not judged)."""
    if not ticket_map.values:
        return row
    cells = row.cells
    for column in index:
        export = ticket_map.export_column(column)
        table = ticket_map.values.get(export)
        if table is None:
            continue
        value = cells.get(column)
        if not isinstance(value, str) or value == "":
            continue
        mapped = table.get(fold(value))
        if mapped is None:
            ticket = cells.get("ticket")
            return BadRow(
                row.line,
                f"{export} {value[:40]!r} is not in the map's [values.{export}]",
                ticket if isinstance(ticket, str) else None,
            )
        cells[column] = mapped
    return row
