"""Reading a helpdesk's ticket log (SPEC §9): CSV or JSON Lines, renamed and mapped by `--map`.

`TicketMap.load(path)` reads a map file (TOML); `read_log(path, ticket_map)` streams the rows as
`RawTicket` (the row's cells under eol-check's column names, values already mapped) or
`BadRow` (file, line, why), never raising for a bad row: SPEC §9 counts those "not judged".
`read_chunks(path, ticket_map)` reads the same rows a block at a time, column by column
(`LogChunk`), for judging in bulk (SPEC §9 "Scale", docs/tickets.md "Speed").

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
import io
import json
from collections import deque
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

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "BadRow",
    "LogChunk",
    "RawTicket",
    "TicketLogError",
    "TicketMap",
    "read_chunks",
    "read_log",
]

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
#: The bytes read at a time (a chunk of rows).
BLOCK_BYTES = 2 * 1024 * 1024
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
    for chunk in read_chunks(path, ticket_map):
        yield from chunk


def read_chunks(path: Path, ticket_map: TicketMap) -> Iterator[LogChunk]:
    """The rows of `read_log`, a block of the file at a time (SPEC §9 "Scale")."""
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
            yield from _json_chunks(stream, path, ticket_map)
        else:
            yield from _csv(stream, path, ticket_map)


class LogChunk:
    """Consecutive rows of a log, column by column: `lines[i]` is row i's line, `columns[c][i]`
    its cell under eol-check's column `c` (stripped, mapped; a constant of the map where the log
    lacks the column), `updates[i]` its raw updates cell (None: no such column). A row that was
    read one by one (JSON Lines) or cannot be judged is in `rows` by position instead, its
    cells empty.

    Iterating gives `read_log`'s rows."""

    __slots__ = ("columns", "lines", "rows", "separator", "updates")

    def __init__(
        self,
        lines: list[int],
        columns: dict[str, list[str]],
        updates: list[str] | None,
        rows: dict[int, RawTicket | BadRow],
        separator: str = ";",
    ) -> None:
        self.lines = lines
        self.columns = columns
        self.updates = updates
        self.rows = rows
        self.separator = separator

    def __len__(self) -> int:
        return len(self.lines)

    def row(self, at: int) -> RawTicket | BadRow:
        """Row `at` as `read_log` gives it."""
        found = self.rows.get(at)
        if found is not None:
            return found
        values: dict[str, str | list[str]] = {c: cells[at] for c, cells in self.columns.items()}
        if self.updates is not None:
            values["updates"] = split_updates(self.updates[at], self.separator)
        return RawTicket(self.lines[at], values)

    def __iter__(self) -> Iterator[RawTicket | BadRow]:
        return map(self.row, range(len(self.lines)))


def split_updates(cell: str, separator: str) -> list[str]:
    """The update times in one cell of the updates column (empty parts dropped)."""
    return [u for u in (p.strip() for p in cell.split(separator)) if u]


class _Source:
    """The lines of a log's bytes as text, a block at a time; also the csv reader's line source
    (`next`), which reads on into the next block when a quoted cell spans the boundary.

    A line that is not UTF-8 keeps its number and carries the marker U+FFFF, so that the row is
    reported and the count stays right; `taken` counts the lines handed out."""

    def __init__(self, stream: BinaryIO, path: Path) -> None:
        self.stream = stream
        self.path = path
        self.queue: deque[str] = deque()
        self.taken = 0
        self.first = True

    def block(self) -> str | None:
        """The next block of whole lines as text (None at the end, or when a line is not
        UTF-8: then its lines are in `queue`, one marked)."""
        raw = self.stream.read(BLOCK_BYTES)
        if not raw:
            return None
        if not raw.endswith(b"\n"):
            raw += self.stream.readline(MAX_LINE_BYTES + 1)
        if _has_long_line(raw):
            raise TicketLogError(
                f"{self.path}: a line longer than {MAX_LINE_BYTES // 2**20} MiB: not a ticket log"
            )
        if self.first and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        self.first = False
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            for line in io.BytesIO(raw):
                try:
                    self.queue.append(line.decode("utf-8"))
                except UnicodeDecodeError:
                    self.queue.append("\uffff\n")
            return None

    def __iter__(self) -> _Source:
        return self

    def __next__(self) -> str:
        if not self.queue:
            text = self.block()
            if text is not None:
                self.queue.extend(_split_lines(text))
            if not self.queue:
                raise StopIteration
        self.taken += 1
        return self.queue.popleft()


def _has_long_line(raw: bytes) -> bool:
    """Whether a line of `raw`, its end included, is longer than MAX_LINE_BYTES (a few rfind
    calls, each stepping up to MAX_LINE_BYTES)."""
    at = -1
    while True:
        start = at + 1
        if len(raw) - start <= MAX_LINE_BYTES:
            return False
        at = raw.rfind(b"\n", start, start + MAX_LINE_BYTES)
        if at < 0:
            return True


def _split_lines(text: str) -> list[str]:
    """Lines ended by "\\n" only (as the bytes' readline splits them), with their ends."""
    return io.StringIO(text, newline="\n").readlines()


#: Characters str.strip() removes from an ASCII cell (a block without them needs no strip).
_ASCII_SPACE = " \t\x0b\x0c\x1c\x1d\x1e\x1f"
#: What makes a block other than plain cells and commas (csv.reader reads it then): a quote, a
#: carriage return left inside a line, NUL, U+FFFF (the not-UTF-8 marker) and U+0001 (below).
_NOT_PLAIN = '"\r\x00\x01\uffff'


def _plain_cells(text: str, width: int) -> list[list[str]] | None:
    """The columns of a block of unquoted rows of exactly `width` cells, split in bulk as
    csv.reader splits each (tests/tickets/test_ticket_log.py holds the two to the same cells);
    None for any other block."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if any(char in text for char in _NOT_PLAIN):  # each `in` a C scan; a regex is slower
        return None
    if not text.endswith("\n"):
        text += "\n"
    lines = text.count("\n")
    # Each line's end becomes a cell of its own, U+0001: at every (width + 1)th place exactly
    # when every line has `width` cells (a blank, short or long line moves them).
    flat = text.replace("\n", ",\x01,").split(",")
    stride = width + 1
    # (U+0001 is not in the text, so every U+0001 cell is a line's end.)
    if len(flat) != lines * stride + 1 or flat[width::stride].count("\x01") != lines:
        return None
    return [flat[at:-1:stride] for at in range(width)]


def _csv(stream: BinaryIO, path: Path, ticket_map: TicketMap) -> Iterator[LogChunk]:
    source = _Source(stream, path)
    reader = csv.reader(source, strict=True)
    header: list[str] | None = None
    index: dict[str, int] = {}
    width = 0
    while True:
        rows: list[list[str]] = []
        lines: list[int] = []
        bad: dict[int, RawTicket | BadRow] = {}
        text = None if source.queue else source.block()
        columns = None if text is None or width < 2 else _plain_cells(text, width)
        if columns is not None:
            assert text is not None
            count = len(columns[0]) if columns else 0
            lines = list(range(source.taken + 1, source.taken + 1 + count))
            source.taken += count
            if not text.isascii() or any(char in text for char in _ASCII_SPACE):
                columns = [list(map(str.strip, cells)) for cells in columns]
        else:
            if text is not None:
                source.queue.extend(_split_lines(text))
            if not source.queue:
                break
            while source.queue:
                start = source.taken + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    bad[len(lines)] = BadRow(start, f"not valid CSV: {exc}")
                    lines.append(start)
                    continue
                if cells and cells[0].startswith("\uffff"):
                    bad[len(lines)] = BadRow(start, "not UTF-8 text")
                    lines.append(start)
                    continue
                if header is None:
                    if not any(cell.strip() for cell in cells):
                        continue
                    header = [cell.strip() for cell in cells]
                    index = _header(header, path, start, ticket_map)
                    width = len(header)
                    continue
                if len(cells) != width:
                    if len(cells) > width:
                        bad[len(lines)] = BadRow(
                            start, f"{len(cells)} cells, the header has {width}"
                        )
                        lines.append(start)
                        continue
                    if not any(cell.strip() for cell in cells):
                        continue  # a blank line
                    cells = cells + [""] * (width - len(cells))  # a short row: its last cells empty
                rows.append(cells)
                lines.append(start)
            if not lines:
                continue
            blank = [""] * width
            for at in bad:
                rows.insert(at, blank)
            columns = [[cell.strip() for cell in cells] for cells in zip(*rows, strict=True)]
        if lines:
            yield _chunk(lines, columns, index, bad, ticket_map)
    if header is None:
        raise TicketLogError(
            f"{path}: empty: expected a header row naming the columns {', '.join(REQUIRED)}"
        )


def _chunk(
    lines: list[int],
    cells: list[list[str]],
    index: dict[str, int],
    bad: dict[int, RawTicket | BadRow],
    ticket_map: TicketMap,
) -> LogChunk:
    """A chunk of CSV rows: the header's columns under eol-check's names, values mapped."""
    count = len(lines)
    columns = {c: [v] * count for c, v in ticket_map.constants.items() if c != "updates"}
    updates = None
    for column, at in index.items():
        if column == "updates":
            updates = cells[at]
        else:
            columns[column] = cells[at]
    # SPEC §9: a value the map does not list is not judged (the first such column names it).
    for column in index:
        export = ticket_map.export_column(column)
        table = ticket_map.values.get(export)
        if table is None or column == "updates":
            continue
        cells_of = columns[column]
        mapped = {v: (v if v == "" else table.get(fold(v))) for v in set(cells_of)}
        if None in mapped.values():
            ticket = columns.get("ticket")
            for n, value in enumerate(cells_of):
                if mapped[value] is None and n not in bad:
                    bad[n] = BadRow(
                        lines[n],
                        f"{export} {value[:40]!r} is not in the map's [values.{export}]",
                        None if ticket is None else ticket[n],
                    )
        columns[column] = [v or "" for v in map(mapped.__getitem__, cells_of)]
    if "updates" in ticket_map.constants and updates is None:
        # A constant updates cell (an odd map) is read one row at a time, as a text.
        for n in range(count):
            if n not in bad:
                values: dict[str, str | list[str]] = {c: v[n] for c, v in columns.items()}
                values["updates"] = ticket_map.constants["updates"]
                bad[n] = RawTicket(lines[n], values)
    return LogChunk(lines, columns, updates, bad, ticket_map.separator)


def _json_chunks(stream: BinaryIO, path: Path, ticket_map: TicketMap) -> Iterator[LogChunk]:
    rows: list[RawTicket | BadRow] = []
    for row in _json_lines(stream, path, ticket_map):
        rows.append(row)
        if len(rows) >= 8192:
            yield _row_chunk(rows, ticket_map)
            rows = []
    if rows:
        yield _row_chunk(rows, ticket_map)


def _row_chunk(rows: list[RawTicket | BadRow], ticket_map: TicketMap) -> LogChunk:
    return LogChunk([r.line for r in rows], {}, None, dict(enumerate(rows)), ticket_map.separator)


def _lines(stream: BinaryIO, path: Path) -> Iterator[str]:
    """The lines of a binary stream as text (see _Source)."""
    return _Source(stream, path)


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
