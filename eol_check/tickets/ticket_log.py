"""Reading a helpdesk's ticket log (SPEC §9): CSV or JSON Lines, renamed and mapped by `--map`.

`TicketMap.load(path)` reads a map file (TOML); `read_log(path, ticket_map)` streams the rows as
`RawTicket` (the row's cells under eol-check's column names, values already mapped) or
`BadRow` (file, line, why), never raising for a bad row: SPEC §9 counts those "not judged".
`read_chunks(path, ticket_map)` reads the same rows a block at a time, column by column
(`LogChunk`), for judging in bulk (SPEC §9 "Scale", docs/tickets.md "Speed"); a plain block's
columns stay bytes (`Cells`) until a cell is asked for.

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
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import overload

import numpy as np
import numpy.typing as npt

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
    "Cells",
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
    lacks the column), `updates[i]` its raw updates cell (None: no such column). A column of a
    plain block is `Cells`, still the block's bytes. A row that was read one by one (JSON Lines)
    or cannot be judged is in `rows` by position instead, its cells empty.

    Iterating gives `read_log`'s rows."""

    __slots__ = ("columns", "lines", "rows", "separator", "updates")

    def __init__(
        self,
        lines: list[int],
        columns: dict[str, Sequence[str]],
        updates: Sequence[str] | None,
        rows: dict[int, RawTicket | BadRow],
        separator: str = ";",
    ) -> None:
        self.lines = lines
        self.columns = columns
        self.updates = updates
        self.rows = rows
        self.separator = separator

    @classmethod
    def of_rows(cls, rows: list[RawTicket | BadRow], separator: str = ";") -> LogChunk:
        """A chunk of rows read one by one (JSON Lines, or given as rows): no columns."""
        return cls([r.line for r in rows], {}, None, dict(enumerate(rows)), separator)

    def select(self, keep: npt.NDArray[np.int64]) -> LogChunk:
        """The rows at positions `keep` (ascending), as a chunk of their own; a plain block's
        columns stay its bytes."""
        positions = keep.tolist()
        return LogChunk(
            [self.lines[n] for n in positions],
            {column: _taken(cells, keep) for column, cells in self.columns.items()},
            None if self.updates is None else _taken(self.updates, keep),
            {n: self.rows[old] for n, old in enumerate(positions) if old in self.rows},
            self.separator,
        )

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
        for cells in (*self.columns.values(), self.updates):
            if isinstance(cells, Cells):
                cells.strings()  # every cell is asked for: each column made strings at once
        return map(self.row, range(len(self.lines)))


def split_updates(cell: str, separator: str) -> list[str]:
    """The update times in one cell of the updates column (empty parts dropped)."""
    return [u for u in (p.strip() for p in cell.split(separator)) if u]


def _taken(cells: Sequence[str], keep: npt.NDArray[np.int64]) -> Sequence[str]:
    """The cells at positions `keep`; `Cells` stay the block's bytes."""
    if isinstance(cells, Cells):
        return Cells(cells.block, cells.data, cells.starts[keep], cells.ends[keep], cells.text)
    return [cells[n] for n in keep.tolist()]


class Cells(Sequence[str]):
    """One column of a plain block (`_plain_block`), still the block's bytes: cell i is
    `block[starts[i]:ends[i]]`, made a str (stripped, as the csv path's cells are) only when
    asked. The bulk path reads the bytes themselves (`distinct`, `attainment._bulk_micros`), so
    a million rows do not make ten million strings; a column asked for whole (`read_log`, many
    rows judged one by one) is made strings once (`strings`)."""

    __slots__ = ("_asked", "_bounds", "_strings", "block", "data", "ends", "starts", "text")

    def __init__(
        self,
        block: bytes,
        data: npt.NDArray[np.uint8],
        starts: npt.NDArray[np.int64],
        ends: npt.NDArray[np.int64],
        text: _BlockText | None = None,
    ) -> None:
        self.block = block
        self.data = data  # the block as a uint8 array, _PAD zero bytes after it
        self.starts = starts  # int64 arrays, one entry a cell
        self.ends = ends
        self.text = text  # an ASCII block's text, shared by its columns
        self._bounds: tuple[list[int], list[int]] | None = None
        self._strings: list[str] | None = None
        self._asked = 0

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, at: int) -> str: ...

    @overload
    def __getitem__(self, at: slice) -> list[str]: ...

    def __getitem__(self, at: int | slice) -> str | list[str]:
        if self._strings is None and not isinstance(at, slice):
            self._asked += 1
            if self._asked <= len(self.starts) // 16:  # a few cells: each made alone
                starts, ends = self._lists()
                return self.block[starts[at] : ends[at]].decode("utf-8").strip()
        return self.strings()[at]

    def __iter__(self) -> Iterator[str]:
        return iter(self.strings())

    def strings(self) -> list[str]:
        """Every cell as a str (made once)."""
        if self._strings is None:
            starts, ends = self._lists()
            if self.text is not None:  # ASCII: a character's index is its byte's
                text, spaced = self.text.get()
                cells = [text[s:e] for s, e in zip(starts, ends, strict=True)]
                self._strings = list(map(str.strip, cells)) if spaced else cells
            else:
                block = self.block
                self._strings = [
                    block[s:e].decode("utf-8").strip() for s, e in zip(starts, ends, strict=True)
                ]
        return self._strings

    def _lists(self) -> tuple[list[int], list[int]]:
        if self._bounds is None:
            self._bounds = (self.starts.tolist(), self.ends.tolist())
        return self._bounds

    def distinct(self) -> tuple[list[str], npt.NDArray[np.int64]]:
        """The column's distinct cells (as `self[i]` gives them; a cell spelled with other
        spaces around it may repeat) and each row's index into them, found on the bytes: each
        cell's bytes, NULs after them (no cell holds one), compared as one integer (8 bytes or
        less) or one fixed-width record."""
        starts, lengths = self.starts, self.ends - self.starts
        count = len(starts)
        width = int(lengths.max()) if count else 0
        if width > _DISTINCT_WIDTH:  # long cells: a str each
            index: dict[str, int] = {}
            inverse = np.fromiter(
                (index.setdefault(cell, len(index)) for cell in self), np.int64, count
            )
            return list(index), inverse
        data = self.data
        size = 8 if width <= 8 else width
        if count and int(starts.max()) + size > len(data):
            data = np.concatenate([data, np.zeros(size, np.uint8)])
        cells = np.lib.stride_tricks.sliding_window_view(data, size)[starts]
        if width <= 8:
            keys = cells.view(np.dtype("<u8")).reshape(-1) & _FIRST_BYTES[lengths]
            unique, inverse = np.unique(keys, return_inverse=True)
            spelled = [key.to_bytes(8, "little") for key in unique.tolist()]
        else:
            cells[np.arange(size) >= lengths[:, None]] = 0
            unique, inverse = np.unique(cells.view(np.dtype((np.void, size))), return_inverse=True)
            spelled = unique.tolist()
        values = [cell.rstrip(b"\0").decode("utf-8").strip() for cell in spelled]
        return values, inverse.reshape(-1)


class _BlockText:
    """An ASCII block's text, decoded once for all its columns (`Cells.strings`), and whether
    it holds a character str.strip() removes (else no cell needs stripping)."""

    __slots__ = ("_spaced", "_text", "raw")

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self._text: str | None = None
        self._spaced = True

    def get(self) -> tuple[str, bool]:
        if self._text is None:
            self._text = self.raw.decode("ascii")
            self._spaced = any(char in self._text for char in _ASCII_SPACE)
        return self._text, self._spaced


#: The ASCII characters str.strip() removes (but line ends, which a cell has none of).
_ASCII_SPACE = " \t\x0b\x0c\x1c\x1d\x1e\x1f"
#: The widest cell `Cells.distinct` compares as bytes (wider: as strings).
_DISTINCT_WIDTH = 64
#: The first n bytes of a little-endian word (n = 0 to 8).
_FIRST_BYTES = np.array([(1 << (8 * n)) - 1 for n in range(9)], np.uint64)
#: Zero bytes after a plain block's data (`Cells.data`), so that a fixed-width window from any
#: cell's start stays inside it.
_PAD = 32


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

    def block(self) -> bytes | None:
        """The next block of whole lines (None at the end)."""
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
        return raw

    def enqueue(self, raw: bytes) -> None:
        """The lines of `raw` into `queue` as text (one not UTF-8 marked)."""
        try:
            self.queue.extend(_split_lines(raw.decode("utf-8")))
        except UnicodeDecodeError:
            for line in io.BytesIO(raw):
                try:
                    self.queue.append(line.decode("utf-8"))
                except UnicodeDecodeError:
                    self.queue.append("\uffff\n")

    def unqueue(self) -> bytes:
        """The lines in `queue`, taken back as bytes (a marked line stays marked)."""
        raw = "".join(self.queue).encode("utf-8")
        self.queue.clear()
        return raw

    def __iter__(self) -> _Source:
        return self

    def __next__(self) -> str:
        if not self.queue:
            raw = self.block()
            if raw is not None:
                self.enqueue(raw)
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


#: What makes a block other than plain cells and commas (csv.reader reads it then): NUL and
#: U+0001; also a carriage return other than a line's last character, a quote other than
#: around a whole cell, and U+FFFF (the not-UTF-8 marker), checked apart.
_NOT_PLAIN = (b"\x00", b"\x01")


def _plain_block(raw: bytes, width: int) -> list[Cells] | None:
    """The columns of a block of UTF-8 rows of exactly `width` cells, each cell unquoted or
    quoted whole with no quote, comma or line break inside, each where csv.reader finds it
    (tests/tickets/test_bulk.py holds the two to the same cells); None for any other block. The
    block is not decoded: its `,` and line ends are found in one pass, and since every line has
    `width` cells they fall into a (rows, width) table."""
    if any(mark in raw for mark in _NOT_PLAIN):  # each `in` a C scan
        return None
    quotes = raw.count(b'"')
    is_ascii = raw.isascii()
    if not is_ascii:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if b"\xef\xbf\xbf" in raw:  # U+FFFF
            return None
    if not raw.endswith(b"\n"):
        raw += b"\n"
    raw += bytes(_PAD)  # (a copy: the block's only one kept)
    data = np.frombuffer(raw, np.uint8)
    marks = data == ord(",")
    marks |= data == ord("\n")
    at = np.flatnonzero(marks)
    rows = len(at) // width
    if len(at) != rows * width or rows == 0:
        return None
    ends = at.reshape(rows, width)
    line_ends = ends[:, -1]
    # Each line's last mark is its end, and there are no other line ends: `width` cells each
    # (a blank, short or long line moves them).
    if not np.all(data[line_ends] == 10) or np.count_nonzero(data[at] == 10) != rows:
        return None
    returns = raw.count(b"\r")
    starts = np.empty_like(ends)
    starts[:, 1:] = ends[:, :-1] + 1
    starts[0, 0] = 0
    starts[1:, 0] = line_ends[:-1] + 1
    ends = ends.copy()
    if returns:
        # "\r\n" ends a line as "\n" does (csv.reader's rule); a "\r" elsewhere is not plain.
        crlf = data[line_ends - 1] == 13
        if np.count_nonzero(crlf) != returns:
            return None
        ends[:, -1] -= crlf
    if quotes:
        # A quoted cell whose text holds no quote (csv.reader's "..."): its quotes are its first
        # and last bytes, and every quote of the block is one of those; its text is between
        # them. (A comma or line break inside quotes leaves a piece with one quote: refused.)
        length = ends - starts
        opened = (data[starts] == ord('"')) & (length >= 1)
        closed = (data[ends - 1] == ord('"')) & (length >= 2)
        if np.any(opened != closed) or 2 * np.count_nonzero(opened) != quotes:
            return None
        starts += opened
        ends -= opened
    starts, ends = starts.T.copy(), ends.T.copy()
    text = _BlockText(raw) if is_ascii else None
    return [Cells(raw, data, starts[c], ends[c], text) for c in range(width)]


def _csv(stream: BinaryIO, path: Path, ticket_map: TicketMap) -> Iterator[LogChunk]:
    source = _Source(stream, path)
    reader = csv.reader(source, strict=True)
    header: list[str] | None = None
    index: dict[str, int] = {}
    width = 0
    found_header = False
    while True:
        rows: list[list[str]] = []
        lines: list[int] = []
        bad: dict[int, RawTicket | BadRow] = {}
        if found_header:  # the rest of the header's block: plain, perhaps
            raw = source.unqueue() if source.queue else source.block()
            found_header = False
        else:
            raw = None if source.queue else source.block()
        columns = None if raw is None or width < 2 else _plain_block(raw, width)
        if columns is not None:
            count = len(columns[0])
            lines = list(range(source.taken + 1, source.taken + 1 + count))
            source.taken += count
            raw = None  # (the cells keep their own copy)
            yield _chunk(lines, columns, index, bad, ticket_map)
            continue
        if raw is not None:
            source.enqueue(raw)
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
                found_header = True
                break
            if len(cells) != width:
                if len(cells) > width:
                    bad[len(lines)] = BadRow(start, f"{len(cells)} cells, the header has {width}")
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
        stripped = [[cell.strip() for cell in cells] for cells in zip(*rows, strict=True)]
        yield _chunk(lines, stripped, index, bad, ticket_map)
    if header is None:
        raise TicketLogError(
            f"{path}: empty: expected a header row naming the columns {', '.join(REQUIRED)}"
        )


def _chunk(
    lines: list[int],
    cells: Sequence[Sequence[str]],
    index: dict[str, int],
    bad: dict[int, RawTicket | BadRow],
    ticket_map: TicketMap,
) -> LogChunk:
    """A chunk of CSV rows: the header's columns under eol-check's names, values mapped."""
    count = len(lines)
    columns: dict[str, Sequence[str]] = {
        c: [v] * count for c, v in ticket_map.constants.items() if c != "updates"
    }
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
            yield LogChunk.of_rows(rows, ticket_map.separator)
            rows = []
    if rows:
        yield LogChunk.of_rows(rows, ticket_map.separator)


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
