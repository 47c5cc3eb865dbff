"""Writing the customer-base report: CSV, JSON Lines or text, streamed (issue 7, docs/report.md).

`write_report` reads a customers file once and writes one line per row, a block of rows per
`write`. Memory stays flat: what is kept is per product and version and per contract dates,
not per row, and emptied when it grows past CACHE_ROWS entries.

CSV files are read in blocks of whole lines; a line of a "clean" block (no quote, carriage
return or NUL) is split at its commas, which is exactly what the csv module would do with it,
and its output put together from remembered pieces (`_CsvRun`). Anything else goes through the
csv module and `contracts.CsvRows`, as `iter_contracts` reads it. `tests/core/test_report_output.py`
checks the two ways agree on generated files.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import islice, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from .contracts import CsvRows, iter_contracts
from .errors import ContractsError
from .policy import Coverage
from .report import COLUMNS, ERROR, ContractState, Report, ReportRow, answer_row, error_row

if TYPE_CHECKING:
    import datetime
    from pathlib import Path

__all__ = ["FORMATS", "Summary", "write_report"]

#: The formats of `eol-check report`.
FORMATS = ("text", "csv", "json")

#: Bytes of input per block (whole lines): one `write` of output, one look at progress.
CHUNK = 512 * 1024
#: Most entries a cache of `_CsvRun` holds before they are all emptied.
CACHE_ROWS = 50_000
#: How many lines the text format reads ahead to size its columns, and the widest they get.
TEXT_PEEK = 1000
TEXT_WIDTH = 40

#: The order of the summary: the lifecycle first, then rows the catalog does not answer for.
SUMMARY_ORDER = (
    "current", "supported", "support-tail", "upgrade-window", "unsupported", "unreleased",
    "prerelease", "unknown", ERROR,
)

# A line this long cannot hold a cell over the csv module's limit (it refuses those).
_LINE_LIMIT = csv.field_size_limit()

# What `_CsvRun` remembers per product and version: [the output after the customer for each
# contract state (None: --horizon hides it)…, rows counted per state since the last fold…,
# the status]. A list, for the hot loop's speed.
Entry = list[Any]


@dataclass
class Summary:
    """What a run counted: rows read, error rows, and the rows shown per status."""

    read: int = 0
    errors: int = 0
    shown: Counter[str] = field(default_factory=Counter)

    def text(self, on: datetime.date, horizon_days: int | None) -> str:
        """The summary line that ends the text format."""
        shown = sum(self.shown.values())
        counts = ", ".join(
            f"{self.shown[status]:,} {status}" for status in SUMMARY_ORDER if self.shown[status]
        )
        rows = f"{shown:,} row{'' if shown == 1 else 's'}"
        if horizon_days is not None:
            rows = f"{shown:,} of {self.read:,} rows"
        line = f"{rows} on {on.isoformat()}" + (f": {counts}" if counts else "")
        if horizon_days is not None:
            line += (
                f" (--horizon {horizon_days}: status changes within {horizon_days} "
                f"day{'' if horizon_days == 1 else 's'}, or out of support)"
            )
        return line


def write_report(
    path: Path,
    out: TextIO,
    fmt: str,
    report: Report,
    *,
    horizon_days: int | None = None,
    warn: Callable[[str], None],
    progress: Callable[[int, float], None] | None = None,
) -> Summary:
    """Write the report of the customers file at `path` to `out` in `fmt`; return the counts.

    `horizon_days`: keep only error rows, rows out of support and rows whose status changes
    within that many days of the report's date. `warn` gets one line per row that cannot be
    read. `progress(lines, fraction)` is called after each block of a CSV file.
    """
    run = _Run(path, out, report, horizon_days, warn)
    if path.suffix.lower() == ".toml":
        run.toml(fmt)
    else:
        run.csv(fmt, progress)
    if fmt == "text":
        out.write("\n" + run.summary.text(report.on, horizon_days) + "\n")
    return run.summary


# --- formats ----------------------------------------------------------------------------------


class _Format:
    """How a format writes a row: the customer's part, then the rest (shared by equal rows)."""

    header = ""

    def customer(self, text: str | None) -> str:
        raise NotImplementedError

    def rest(self, row: ReportRow) -> str:
        raise NotImplementedError

    def row(self, row: ReportRow) -> str:
        return self.customer(row.customer) + self.rest(row)


class _Csv(_Format):
    """A header row, then cells quoted where needed (RFC 4180), "\\n" line ends."""

    header = ",".join(COLUMNS) + "\n"

    def customer(self, text: str | None) -> str:
        return _csv_cell(text)

    def rest(self, row: ReportRow) -> str:
        values = row.values()
        return "," + ",".join(_csv_cell(values[c]) for c in COLUMNS[1:]) + "\n"


class _Json(_Format):
    """JSON Lines: one object per row, keys in COLUMNS order, null where absent."""

    def customer(self, text: str | None) -> str:
        return '{"customer": ' + json.dumps(text, ensure_ascii=False)

    def rest(self, row: ReportRow) -> str:
        values = row.json_values()
        del values["customer"]
        return ", " + json.dumps(values, ensure_ascii=False)[1:] + "\n"


class _Text(_Format):
    """Aligned columns for people, "-" where there is no value."""

    LABELS = (
        "CUSTOMER", "PRODUCT", "VERSION", "LINE", "STATUS", "EOL", "SUPPORT UNTIL",
        "UPGRADE UNTIL", "S1", "S2", "S3", "S4", "UPGRADE TO", "UPGRADE PATH", "CONTRACT",
        "COVERAGE", "NEXT CHANGE",
    )
    # The columns of COLUMNS each text column shows (NEXT CHANGE shows two).
    CELLS = (
        "product", "version", "line", "status", "eol", "support_until", "upgrade_until",
        "S1", "S2", "S3", "S4", "upgrade_to", "upgrade_path", "contract", "coverage",
    )

    def __init__(self, customer: int, product: int, version: int, line: int, to: int) -> None:
        widths = [customer, product, version, line, len("upgrade-window"), 10, 10, 10]
        # A path of two hops after the version sets the width; a longer one pushes its row.
        widths += [len("workaround")] * 4 + [to, 3 * to + 6, len("not-started"), len("business")]
        widths += [0]
        self.widths = [max(w, len(label)) for w, label in zip(widths, self.LABELS, strict=True)]
        self.header = self._join(self.LABELS[1:], self.LABELS[0].ljust(self.widths[0]) + "  ")

    def _join(self, cells: tuple[str, ...] | list[str], start: str = "") -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells, self.widths[1:], strict=True)]
        return (start + "  ".join(padded)).rstrip() + "\n"

    def customer(self, text: str | None) -> str:
        return _one_line(text or "-").ljust(self.widths[0]) + "  "

    def rest(self, row: ReportRow) -> str:
        values = row.values()
        change = values["next_change"]
        cells = [_one_line(values[c] or "-") for c in self.CELLS]
        cells.append(f"{change} on {values['next_change_on']}" if change else "-")
        return self._join(cells)


def _one_line(text: str) -> str:
    """`text` with its line breaks shown as \\r and \\n, so that a row stays one line."""
    if "\r" in text or "\n" in text:
        return text.replace("\r", "\\r").replace("\n", "\\n")
    return text


def _csv_cell(value: str | None) -> str:
    if value is None:
        return ""
    if '"' in value or "," in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


# --- the run ----------------------------------------------------------------------------------


class _Run:
    """One report run over one file: the counts, the caches, the chosen format."""

    def __init__(
        self,
        path: Path,
        out: TextIO,
        report: Report,
        horizon_days: int | None,
        warn: Callable[[str], None],
    ) -> None:
        import datetime

        self.path = path
        self.source = str(path)
        self.out = out
        self.report = report
        self.until = (
            report.on + datetime.timedelta(days=horizon_days) if horizon_days is not None else None
        )
        self.warn = warn
        self.summary = Summary()

    def keep(self, row: ReportRow) -> bool:
        """--horizon: error rows, rows out of support, and rows whose status changes by then."""
        return (
            self.until is None
            or row.error is not None
            or row.out_of_support
            or row.changes_by(self.until)
        )

    def formatter(self, fmt: str, customer: int = 0, version: int = 0, line: int = 0) -> _Format:
        """The format `fmt`; the text format's widths: the catalog's, or those given if wider
        (up to TEXT_WIDTH: a longer value pushes its line out of alignment)."""
        if fmt == "csv":
            return _Csv()
        if fmt == "json":
            return _Json()
        products = self.report.catalog.products
        releases = [r.version for p in products for r in p.releases]
        return _Text(
            min(customer, TEXT_WIDTH),
            max((len(p.id) for p in products), default=0),
            min(max(version, *(len(str(v)) for v in releases)), TEXT_WIDTH),
            min(max(line, *(len(v.line) for v in releases)), TEXT_WIDTH),
            max((len(str(v)) for v in releases), default=0),
        )

    def error(self, row: ReportRow, formatter: _Format) -> str:
        """Count and announce an error row; its output line."""
        assert row.error is not None
        self.warn(row.error)
        self.summary.read += 1
        self.summary.errors += 1
        self.summary.shown[ERROR] += 1
        return formatter.row(row)

    # -- TOML: hand-written files, small; every row the general way -----------------------------

    def toml(self, fmt: str) -> None:
        contracts = iter_contracts(self.path, policy=self.report.policy)
        rows = list(self.report.rows(contracts, self.source))
        formatter = self.formatter(
            fmt,
            max((len(r.customer or "") for r in rows), default=0),
            max((len(r.version) for r in rows), default=0),
            max((len(r.values()["line"] or "") for r in rows), default=0),
        )
        out = [formatter.header]
        for row in rows:
            if row.error is not None:
                out.append(self.error(row, formatter))
                continue
            self.summary.read += 1
            if self.keep(row):
                self.summary.shown[row.status] += 1
                out.append(formatter.row(row))
        self.out.write("".join(out))

    # -- CSV: streamed, with the fast path -------------------------------------------------------

    def csv(self, fmt: str, progress: Callable[[int, float], None] | None) -> None:
        rows = CsvRows(self.path, policy=self.report.policy)
        with rows.open() as stream:
            _CsvRun(self, rows, stream, fmt, progress).run()


class _CsvRun:
    """The CSV loop: lines in, output lines out, remembered answers in between.

    A row's output is its customer plus a part that depends only on its product and version
    cells (through the catalog, the lifecycle and the date) and on the contract's state, which
    depends only on its start, end and paid_up cells, and on its coverage; its region and tier
    cells only have to be valid. So what is remembered is small whatever the file's size: per
    product and version cells, an `Entry` (the formatted rest of the row for each contract state
    and coverage); per start, end, paid_up and coverage cells, the state and coverage; the region
    and tier cells seen valid.
    Each piece comes from a row read in full (`CsvRows.row`, then `Report.row`) that had no
    error, and each cell is judged alone (start and end together), so a row made of remembered
    pieces is a good row.

    The file comes in blocks of whole lines. A block with no quote, carriage return or NUL
    byte and no line near the csv module's field size limit is "clean": the csv module would
    split each of its lines at every comma and nowhere else, so its lines are split so. Other
    blocks are read by the csv module (`records`; a quoted value may read on past the block).
    Either way the cells go through `rows_of` (the hot loop: the pieces looked up), and a row
    with a piece not known yet through `slow` and `read_row`.
    """

    def __init__(
        self,
        run: _Run,
        rows: CsvRows,
        stream: BinaryIO,
        fmt: str,
        progress: Callable[[int, float], None] | None,
    ) -> None:
        self.run_ = run
        self.rows = rows
        self.stream = stream
        self.fmt = fmt
        self.progress = progress
        self.lines: Iterator[bytes] = rows.lines(stream)
        self.number = 0  # the last line read
        # (product id, version as understood) → Entry: [rest per state (None: hidden by
        # --horizon)…, rows counted per state since the last fold…, status]
        self.entries: dict[tuple[str, str], Entry] = {}
        self.entry_by_cells: dict[tuple[str, ...], Entry] = {}  # product, version cells
        self.state_by_cells: dict[tuple[str, ...], int] = {}  # start, end, paid_up cells
        self.regions: set[str] = set()  # region cells seen valid
        self.tiers: set[str] = set()  # tier cells seen valid

    def record(self, first: str, start: int) -> list[str]:
        """The cells of the record whose first line is `first` (line `start`): csv reads on to
        later lines while a quoted value spans them."""

        def lines() -> Iterator[str]:
            yield first
            for raw in self.lines:
                self.number += 1
                yield self.rows.decode(raw, self.number)

        try:
            return next(csv.reader(lines(), strict=True))
        except csv.Error as exc:
            raise self.rows.invalid(start, exc) from None

    def read_header(self) -> None:
        while self.rows.header is None:
            raw = next(self.lines, None)
            if raw is None:
                raise self.rows.empty()
            self.number += 1
            start = self.number
            cells = self.record(self.rows.decode(raw, start), start)
            if any(cell.strip() for cell in cells):
                self.rows.read_header(cells, start)

    def run(self) -> None:
        run, rows = self.run_, self.rows
        self.read_header()
        assert rows.header is not None
        columns, self.width = rows.header
        self.customer = columns["customer"]
        self.entry_key = itemgetter(columns["product"], columns["version"])
        dated = [columns[c] for c in ("start", "end", "paid_up", "coverage") if c in columns]
        self.state_key: Callable[[list[str]], tuple[str, ...]] = (
            itemgetter(*dated) if len(dated) > 1
            else (lambda cells: tuple(cells[i] for i in dated))
        )
        # -1: the file has no such column (the cell is always valid: absent)
        self.region, self.tier = columns.get("region", -1), columns.get("tier", -1)
        widths = (0, 0, 0)
        peeked: list[bytes] = []
        if self.fmt == "text":
            peeked = list(islice(self.lines, TEXT_PEEK))
            widths = _widths(peeked, self.customer, columns["version"])
        self.formatter = formatter = run.formatter(self.fmt, *widths)
        out = run.out
        out.write(formatter.header)
        size = _size(self.stream) or 1
        for blob in _blocks(self.stream, rows.readline, b"".join(peeked)):
            base = self.number
            lines = None
            if b'"' not in blob and b"\r" not in blob and b"\x00" not in blob:
                with suppress(UnicodeDecodeError):  # if not, line by line names the line
                    lines = blob.decode("utf-8").split("\n")
                    if not lines[-1]:
                        lines.pop()  # the block ended with a line end
                    if max(map(len, lines), default=0) > _LINE_LIMIT:
                        lines = None
            chunk: list[str] = []
            if lines is not None:
                self.rows_of(enumerate(map(str.split, lines, repeat(",")), base + 1), chunk.append)
                self.number = base + len(lines)
            else:
                self.rows_of(self.records(blob), chunk.append, clean=False)
            if chunk:
                out.write("".join(chunk))
            if self.progress is not None:
                self.progress(self.number, min(self.stream.tell() / size, 1.0))
        self.fold()

    def records(self, blob: bytes) -> Iterator[tuple[int, list[str]]]:
        """The records of a block that is not clean, by the csv module, each with the line it
        starts on; a quoted value still open at the block's end reads on in the file."""
        rows = self.rows
        new, start = True, 0  # the csv module is about to ask for a record's first line

        def lines() -> Iterator[str]:
            nonlocal new, start
            for raw in io.BytesIO(blob):
                if new:
                    new, start = False, self.number + 1
                self.number += 1
                yield rows.decode(raw, self.number)
            while not new:  # inside a quoted value: read on
                raw = rows.readline(self.stream)
                if not raw:
                    return
                self.number += 1
                yield rows.decode(raw, self.number)

        reader = csv.reader(lines(), strict=True)
        while True:
            new = True
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise rows.invalid(start, exc) from None
            yield start, cells

    def rows_of(
        self,
        records: Iterator[tuple[int, list[str]]],
        append: Callable[[str], None],
        clean: bool = True,
    ) -> None:
        """Append the output of each (line, cells) record: the hot loop, on locals only.

        `clean`: the cells come from a clean block, so a customer holds no quote, comma, line
        end or NUL and goes into a CSV row or a JSON string as it is (JSON still escapes a
        backslash and control characters). Otherwise the format writes it."""
        entry_get, entry_key = self.entry_by_cells.get, self.entry_key
        state_get, state_key = self.state_by_cells.get, self.state_key
        ic, width = self.customer, self.width
        ir, regions, it, tiers = self.region, self.regions, self.tier, self.tiers
        slow = self.slow
        states = _STATES
        formatter = self.formatter
        is_csv, is_json = clean and self.fmt == "csv", clean and self.fmt == "json"
        text_width = formatter.widths[0] if isinstance(formatter, _Text) else -1
        written_customer = formatter.customer
        for number, cells in records:
            if len(cells) == width:
                entry = entry_get(entry_key(cells))
                if entry is not None:
                    state = state_get(state_key(cells))
                    if (
                        state is not None
                        and (ir < 0 or cells[ir] in regions)
                        and (it < 0 or cells[it] in tiers)
                    ):
                        customer = cells[ic].strip()
                        if customer:
                            entry[state + states] += 1
                            rest = entry[state]
                            if rest is None:
                                continue  # hidden by --horizon
                            if is_csv:
                                append(customer + rest)
                            elif is_json and customer.isprintable() and "\\" not in customer:
                                append(f'{{"customer": "{customer}"{rest}')
                            elif text_width >= 0 and clean:  # no line break in it
                                append(f"{customer.ljust(text_width)}  {rest}")
                            else:
                                append(written_customer(customer) + rest)
                            continue
            written = slow(cells, number)
            if written is not None:
                append(written)

    def slow(self, cells: list[str], start: int) -> str | None:
        """The output of a record the hot loop could not write (None: a blank row, or one
        --horizon hides): a short row padded, its pieces looked up, else read in full."""
        width = self.width
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))  # the missing cells are empty
        customer = cells[self.customer].strip()
        if len(cells) == width and customer:
            entry = self.entry_by_cells.get(self.entry_key(cells))
            state = self.state_by_cells.get(self.state_key(cells))
            if (
                entry is not None
                and state is not None
                and (self.region < 0 or cells[self.region] in self.regions)
                and (self.tier < 0 or cells[self.tier] in self.tiers)
            ):
                return self.emit(customer, entry, state)
        return self.read_row(cells, start)

    def read_row(self, cells: list[str], start: int) -> str | None:
        """The row in full; a good row's pieces are remembered."""
        run, rows = self.run_, self.rows
        if not any(cell.strip() for cell in cells):
            return None  # blank lines (and rows of empty cells) are not rows
        contract = rows.row(cells, start)
        if isinstance(contract, ContractsError):
            columns = rows.header[0] if rows.header else {}
            row = error_row(
                str(contract), start, contract.customer,
                _cell(cells, columns.get("product")), _cell(cells, columns.get("version")),
            )
        else:
            row = run.report.row(contract, run.source)
        if row.error is not None:
            return run.error(row, self.formatter)
        assert row.outlook is not None
        assert row.contract is not None
        sizes = (len(self.entries), len(self.entry_by_cells), len(self.state_by_cells),
                 len(self.regions), len(self.tiers))
        if max(sizes) >= CACHE_ROWS:
            self.forget()
        key = (row.product, row.version)
        entry = self.entries.get(key)
        if entry is None:
            shared = [
                answer_row(row.outlook, row.version, state, coverage=coverage)
                for coverage, state in _STATE_OF
            ]
            entry = self.entries[key] = [
                *(self.formatter.rest(r) if run.keep(r) else None for r in shared),
                *([0] * _STATES),
                row.status,
            ]
        state = _STATE_INDEX[row.contract, row.coverage or Coverage.BUSINESS]
        self.entry_by_cells[self.entry_key(cells)] = entry
        self.state_by_cells[self.state_key(cells)] = state
        if self.region >= 0:
            self.regions.add(cells[self.region])
        if self.tier >= 0:
            self.tiers.add(cells[self.tier])
        assert row.customer is not None
        return self.emit(row.customer, entry, state)

    def emit(self, customer: str, entry: Entry, state: int) -> str | None:
        entry[state + _STATES] += 1
        rest: str | None = entry[state]
        return None if rest is None else self.formatter.customer(customer) + rest

    def forget(self) -> None:
        """Empty the caches (memory stays flat), keeping their counts."""
        self.fold()
        for cache in (self.entries, self.entry_by_cells, self.state_by_cells, self.regions,
                      self.tiers):
            cache.clear()  # in place: the hot loop holds their methods

    def fold(self) -> None:
        """Move the counts of the remembered answers into the summary."""
        summary = self.run_.summary
        for entry in self.entries.values():
            for state in range(_STATES):
                count = entry[_STATES + state]
                summary.read += count
                if entry[state] is not None:
                    summary.shown[entry[-1]] += count
                entry[_STATES + state] = 0


# A row's "state": its contract's state and coverage, the two things besides product and version
# its output depends on.
_STATE_OF = [(coverage, state) for coverage in Coverage for state in ContractState]
_STATES = len(_STATE_OF)
_STATE_INDEX = {(state, coverage): index for index, (coverage, state) in enumerate(_STATE_OF)}


def _blocks(
    stream: BinaryIO, readline: Callable[[BinaryIO], bytes], first: bytes = b""
) -> Iterator[bytes]:
    """`first`, then the rest of `stream` in blocks of about CHUNK bytes, each ending at a line
    end (or the end of the file); `readline` completes a block's last line."""
    if first:
        yield first
    read = stream.read
    while True:
        blob = read(CHUNK)
        if not blob:
            return
        if not blob.endswith(b"\n"):
            blob += readline(stream)
        yield blob


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _size(stream: BinaryIO) -> int:
    import os

    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        return 0


def _widths(peeked: list[bytes], customer: int, version: int) -> tuple[int, int, int]:
    """The widest customer, version and line in the first lines (read leniently: only widths)."""
    from .errors import InvalidVersion
    from .version import parse_lenient

    widths = [0, 0, 0]
    try:
        for cells in csv.reader(raw.decode("utf-8", "replace") for raw in peeked):
            if customer < len(cells):
                widths[0] = max(widths[0], len(cells[customer].strip()))
            if version < len(cells) and cells[version].strip():
                text = cells[version].strip()
                try:
                    parsed = parse_lenient(text)
                    widths[1:] = max(widths[1], len(str(parsed))), max(widths[2], len(parsed.line))
                except InvalidVersion:
                    widths[1] = max(widths[1], len(text))  # an error row shows it as written
    except csv.Error:
        pass  # the run reports it where it is
    return widths[0], widths[1], widths[2]
