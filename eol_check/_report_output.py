"""Writing the customer-base report: CSV, JSON Lines or text, streamed (docs/report.md).

`write_report` reads a customers file once and writes one line per row, in one path: each
record of a CSV file is read by the csv module (`contracts.CsvRows` opens, decodes, numbers and
judges it, as `iter_contracts` does), becomes a `ReportRow` (`Report.row`), and the format
writes it. A TOML file is read whole by `iter_contracts`.

A bad row never stops the run, and nothing after it is lost: a line that is not UTF-8 is an
error row of its own (it reaches the csv reader as one marker cell, so that lines stay counted),
and a record the csv module refuses (a broken quote, a value over its field limit) is an error
row on its first line, after which the lines it swallowed are read again as rows of their own.

The one fast path is `_report_shortcut.Shortcut`: for a CSV row whose pieces it remembers from
earlier rows it gives the line at once, and the row skips the middle steps. `shortcut=False`
leaves it out (the straightforward path, for tests and `benchmarks/report.py`).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, BinaryIO, TextIO

from ._format import printable
from ._report_shortcut import Records, Shortcut
from ._table import display_width, fit, inert_cell, pad, paint
from .contracts import MAX_LINE_BYTES, CsvRows, iter_contracts
from .errors import ContractsError
from .report import COLUMNS, ERROR, Report, ReportRow, error_row

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from pathlib import Path

    from .contracts import Row

__all__ = ["FORMATS", "Summary", "write_report"]

#: The formats of `eol-check report`: text for people, csv for spreadsheets, json for programs
#: (JSON Lines: one object per row).
FORMATS = ("text", "csv", "json")

#: Bytes of input per block (whole lines): one `write` of output, one look at progress.
CHUNK = 512 * 1024
#: The recent input kept to read again the lines a broken quote swallowed: twice what the csv
#: module lets one value grow to before it refuses the record (its field limit, 128 KiB).
KEPT_BYTES = 2 * csv.field_size_limit()
#: How many rows the text format reads ahead to size its columns, and the widest they get.
TEXT_PEEK = 1000
TEXT_WIDTH = 40

#: The order of the summary: the lifecycle first, then rows the catalog does not answer for.
SUMMARY_ORDER = (
    "current",
    "supported",
    "support-tail",
    "upgrade-window",
    "unsupported",
    "unreleased",
    "prerelease",
    "unknown",
    ERROR,
)


class Summary:
    """What a run counted: rows read, error rows, and the rows shown per status.

    Not a `Record`: a tally that a run adds to as it goes (records are immutable).
    """

    __slots__ = ("errors", "read", "shown")

    def __init__(self) -> None:
        self.read = 0
        self.errors = 0
        self.shown: Counter[str] = Counter()

    def add(self, status: str, rows: int, shown: bool) -> None:
        """Count `rows` good rows of `status`, `shown` or hidden by --horizon."""
        self.read += rows
        if shown:
            self.shown[status] += rows

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
    shortcut: bool = True,
    width: int | None = None,
    color: bool = False,
    contracts: Iterable[Row] | None = None,
) -> Summary:
    """Write the report of the customers file at `path` to `out` in `fmt`; return the counts.

    `horizon_days`: keep only error rows, rows out of support and rows whose status changes
    within that many days of the report's date. `warn` gets one line per row that cannot be
    read. `progress(lines, fraction)` is called after each block of a CSV file. `shortcut`:
    use `Shortcut` (the output is the same without it, only slower). `width`: the columns the
    text table may take (None: every column; the least useful go first, issue 20). `contracts`:
    the rows to report instead of the file's (a contracts database, SPEC §10; `path` names it).
    """
    run = _Run(path, out, report, fmt, horizon_days, warn)
    run.available, run.color = width, color
    try:
        if contracts is not None:
            run.all_of(contracts)
        elif path.suffix.lower() == ".toml":
            run.toml()
        else:
            run.csv(progress, shortcut)
    except _ReaderGone:  # `eol-check report … | head`: what was read so far is the answer
        return run.summary
    if fmt == "text":
        out.write("\n" + run.summary.text(report.on, horizon_days) + "\n")
        if isinstance(run.format, _Text) and run.format.hidden:
            hidden = ", ".join(run.format.hidden)
            out.write(f"({hidden} hidden to fit the terminal: --wide shows them)\n")
    return run.summary


# --- formats ----------------------------------------------------------------------------------


class _Format:
    """How a format writes a row: its customer's cell, then the rest (shared by equal rows)."""

    header = ""

    def customer(self, text: str | None) -> str:
        raise NotImplementedError

    def rest(self, values: dict[str, Any]) -> str:
        """The row after its customer's cell; `values` by COLUMNS, the customer left out."""
        raise NotImplementedError

    def values(self, row: ReportRow) -> dict[str, Any]:
        """The values of `row` this format writes: its cells (`ReportRow.values`)."""
        return row.values()


class _Csv(_Format):
    """A header row, then cells quoted where needed (RFC 4180, as csv.writer), "\\n" line ends."""

    header = ",".join(COLUMNS) + "\n"

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")

    def customer(self, text: str | None) -> str:
        if text is None:
            return ""
        text = inert_cell(text)
        if '"' in text or "," in text or "\n" in text or "\r" in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    def rest(self, values: dict[str, Any]) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        cells = [inert_cell(v) if isinstance(v, str) else v for v in values.values()]
        self.writer.writerow(["", *cells])  # an empty first cell: the customer's
        return self.buffer.getvalue()


class _Json(_Format):
    """JSON Lines: one object per row, keys in COLUMNS order, null where absent."""

    encode = json.JSONEncoder(ensure_ascii=False).encode

    def customer(self, text: str | None) -> str:
        return '{"customer": ' + (_json_string(text) if text is not None else "null")

    def rest(self, values: dict[str, Any]) -> str:
        return ", " + self.encode(values)[1:] + "\n"

    def values(self, row: ReportRow) -> dict[str, Any]:
        return row.as_json()


class _Text(_Format):
    """Aligned columns for people, "-" where there is no value."""

    LABELS = (
        "CUSTOMER",
        "PRODUCT",
        "VERSION",
        "LINE",
        "STATUS",
        "EOL",
        "SUPPORT UNTIL",
        "UPGRADE UNTIL",
        "S1",
        "S2",
        "S3",
        "S4",
        "UPGRADE TO",
        "UPGRADE PATH",
        "CONTRACT",
        "COVERAGE",
        "NEXT CHANGE",
    )
    # The columns of COLUMNS each text column shows (NEXT CHANGE shows two).
    CELLS = (
        "product",
        "version",
        "line",
        "status",
        "eol",
        "support_until",
        "upgrade_until",
        "S1",
        "S2",
        "S3",
        "S4",
        "upgrade_to",
        "upgrade_path",
        "contract",
        "coverage",
    )

    # The columns a narrow terminal loses first (issue 20): the customer, the version, its status,
    # the last day of support, S1 and the next change stay.
    DROP_FIRST = (15, 14, 13, 3, 11, 10, 9, 7, 5, 12, 1)

    def __init__(
        self,
        customer: int,
        product: int,
        version: int,
        line: int,
        to: int,
        available: int | None = None,
        color: bool = False,
    ) -> None:
        self.color = color
        widths = [customer, product, version, line, len("upgrade-window"), 10, 10, 10]
        # A path of two hops after the version sets the width; a longer one pushes its row.
        widths += [len("workaround")] * 4 + [to, 3 * to + 6, len("not-started"), len("business")]
        widths += [0]
        self.widths = [max(w, len(label)) for w, label in zip(widths, self.LABELS, strict=True)]
        fitted = [*self.widths[:-1], len("upgrade-window on 2027-03-01")]
        self.shown = [i - 1 for i in fit(fitted, self.DROP_FIRST, available) if i]
        self.hidden = [self.LABELS[i + 1] for i in range(16) if i not in self.shown]
        self.header = self._join(self.LABELS[1:], pad(self.LABELS[0], self.widths[0]) + "  ")

    def _join(self, cells: Sequence[str], start: str = "") -> str:
        # Measured in display width: a CJK name keeps every column at its place (issue 20).
        widths = self.widths[1:]
        padded = [pad(cells[i], widths[i]) for i in self.shown]
        if self.color and 3 in self.shown:  # the STATUS column, on a terminal
            at = self.shown.index(3)
            padded[at] = paint(cells[3], padded[at], True)
        return (start + "  ".join(padded)).rstrip() + "\n"

    def customer(self, text: str | None) -> str:
        return pad(printable(text or "-"), self.widths[0]) + "  "

    def rest(self, values: dict[str, Any]) -> str:
        change = values["next_change"]
        cells = [printable(values[c] or "-") for c in self.CELLS]
        cells.append(f"{printable(change)} on {values['next_change_on']}" if change else "-")
        return self._join(cells)


# What json.dumps(text, ensure_ascii=False) gives for a str, without the call's overhead.
_json_string: Callable[[str], str] = json.encoder.encode_basestring


# --- the run ----------------------------------------------------------------------------------


class _Run:
    """One report run over one file: the format, the counts, the lines waiting to be written."""

    def __init__(
        self,
        path: Path,
        out: TextIO,
        report: Report,
        fmt: str,
        horizon_days: int | None,
        warn: Callable[[str], None],
    ) -> None:
        import datetime

        self.path = path
        self.source = str(path)
        self.out = out
        self.report = report
        self.fmt = fmt
        self.until = (
            report.on + datetime.timedelta(days=horizon_days) if horizon_days is not None else None
        )
        self.warn = warn
        self.summary = Summary()
        self.format: _Format = _Csv() if fmt == "csv" else _Json()
        self.pending: list[str] = []
        self.available: int | None = None  # the text table's columns (None: all)
        self.color = False  # the STATUS column in colour (a terminal)

    def keep(self, row: ReportRow) -> bool:
        """--horizon: error rows, rows out of support, and rows whose status changes by then."""
        return (
            self.until is None
            or row.error is not None
            or row.out_of_support
            or row.changes_by(self.until)
        )

    def rest(self, row: ReportRow) -> str | None:
        """Count `row` (and announce an error row); the rest of its line, None if not shown."""
        summary = self.summary
        summary.read += 1
        if row.error is not None:
            self.warn(row.error)
            summary.errors += 1
        if not self.keep(row):
            return None
        summary.shown[row.status] += 1
        values = self.format.values(row)
        del values["customer"]
        return self.format.rest(values)

    def write(self, row: ReportRow) -> None:
        """Count `row` and put its line (if shown) in the pending output."""
        rest = self.rest(row)
        if rest is not None:
            self.pending.append(self.format.customer(row.customer) + rest)

    def flush(self) -> None:
        """Write the pending lines at once; _ReaderGone when nobody reads them any more."""
        if self.pending:
            self.out.write("".join(self.pending))
            self.pending.clear()
        if getattr(self.out, "broken", False):  # the CLI's stdout, after a broken pipe
            raise _ReaderGone

    def text_format(self, rows: list[ReportRow]) -> _Text:
        """The text format, its columns sized from the catalog and `rows` (the first rows), up
        to TEXT_WIDTH (a longer value pushes its line out of alignment)."""
        products = self.report.catalog.products
        releases = [r.version for p in products for r in p.releases]
        return _Text(
            min(max((display_width(r.customer or "") for r in rows), default=0), TEXT_WIDTH),
            max((len(p.id) for p in products), default=0),
            min(
                max((len(s) for s in [*map(str, releases), *(r.version for r in rows)]), default=0),
                TEXT_WIDTH,
            ),
            min(
                max(
                    (
                        len(s)
                        for s in [
                            *(v.line for v in releases),
                            *(r.values()["line"] or "" for r in rows),
                        ]
                    ),
                    default=0,
                ),
                TEXT_WIDTH,
            ),
            max((len(str(v)) for v in releases), default=0),
            self.available,
            self.color,
        )

    # -- TOML: hand-written files, small; read whole ------------------------------------------

    def toml(self) -> None:
        self.all_of(iter_contracts(self.path, policy=self.report.policy))

    def all_of(self, contracts: Iterable[Row]) -> None:
        """The report of `contracts`, read whole (a TOML file, a contracts database)."""
        rows = list(self.report.rows(contracts, self.source))
        if self.fmt == "text":
            self.format = self.text_format(rows)
        self.out.write(self.format.header)  # at once: a full disk says so first
        for row in rows:
            self.write(row)
        self.flush()

    # -- CSV: streamed -------------------------------------------------------------------------

    def csv(self, progress: Callable[[int, float], None] | None, shortcut: bool) -> None:
        rows = CsvRows(self.path, policy=self.report.policy)
        with rows.open() as stream:
            lines = self.lines = _Lines(rows, stream, self.flush, progress)
            self.reader: Records = csv.reader(lines.text, strict=True)
            reader, line = self.reader, 1  # the line the next record starts on
            try:
                for cells in reader:
                    start, line = line, reader.line_num + 1
                    if any(cell.strip() for cell in cells):
                        if start in lines.bad:  # the header itself is not UTF-8
                            raise ContractsError(lines.bad[start], line=start)
                        rows.read_header(cells, start)
                        break
                else:
                    raise rows.empty()
            except csv.Error as exc:
                raise rows.invalid(line, exc) from None
            self.line = line
            self.rows(rows, shortcut)
            for number in sorted(lines.bad):  # inside a quoted value that read well otherwise
                self.write(error_row(lines.bad.pop(number), number, None, "", ""))
        self.flush()

    def rows(self, rows: CsvRows, shortcut: bool) -> None:
        """Write the rows of the records of `self.reader`, the first starting on `self.line`."""
        assert rows.header is not None
        if self.fmt == "text":
            peeked: list[ReportRow] = []
            while len(peeked) < TEXT_PEEK:
                try:
                    for cells in self.reader:
                        start = self.line
                        self.line = self.reader.line_num + 1
                        row = self.row(rows, cells, start)
                        if row is not None:
                            peeked.append(row)
                        if len(peeked) >= TEXT_PEEK:
                            break
                    break
                except csv.Error as exc:
                    peeked.append(self.recover(rows, exc))
            self.format = self.text_format(peeked)
            self.out.write(self.format.header)  # at once: a full disk says so first
            for row in peeked:
                self.write(row)
        else:
            self.out.write(self.format.header)  # at once: a full disk says so first
        customer, append = self.format.customer, self.pending.append

        def slow(cells: list[str], start: int) -> tuple[ReportRow, str | None] | None:
            row = self.row(rows, cells, start)
            if row is None:
                return None
            rest = self.rest(row)
            if rest is not None:
                append(customer(row.customer) + rest)
            return row, rest

        fast = Shortcut(*rows.header, customer, self.summary.add) if shortcut else None
        while True:
            try:
                if fast is not None:
                    try:
                        fast.run(self.reader, self.line, slow, append)
                    finally:
                        self.line = fast.line
                        fast.fold()
                else:  # the straightforward path: every row read in full
                    reader = self.reader
                    for cells in reader:
                        start = self.line
                        self.line = reader.line_num + 1
                        slow(cells, start)
                return
            except csv.Error as exc:
                self.write(self.recover(rows, exc))

    def recover(self, rows: CsvRows, exc: Exception) -> ReportRow:
        """The error row of the record starting on `self.line` that the csv module refused;
        reading goes on with the line after that one. The lines the record ran over (a broken
        quote swallows lines up to the next quote) are read again, as rows of their own."""
        start, last = self.line, self.reader.line_num
        row = error_row(str(rows.invalid(start, exc)), start, None, "", "")
        if last > start:
            again = self.lines.again(start + 1, last)
            self.reader = _Resumed(chain(again, self.lines.text), last - len(again))
            self.line = last - len(again) + 1
        else:
            self.line = start + 1
        return row

    def row(self, rows: CsvRows, cells: list[str], start: int) -> ReportRow | None:
        """The report row of the record `cells` starting on line `start`; None if it is blank."""
        if cells == _NOT_UTF8_CELLS and start in self.lines.bad:
            return error_row(self.lines.bad.pop(start), start, None, "", "")
        if not any(cell.strip() for cell in cells):
            return None  # blank lines (and rows of empty cells) are not rows
        contract = rows.row(cells, start)
        if isinstance(contract, ContractsError):
            columns = rows.header[0] if rows.header else {}
            return error_row(
                str(contract),
                start,
                contract.customer,
                _cell(cells, columns.get("product")),
                _cell(cells, columns.get("version")),
            )
        return self.report.row(contract, self.source)


class _ReaderGone(Exception):
    """Nobody reads the output any more (a broken pipe): stop reading the file."""


# A line that is not UTF-8 reaches the csv reader as this one cell (U+FFFE is no character, so
# no real file has it; the line's number in `_Lines.bad` says it was one).
_NOT_UTF8 = "\ufffenot UTF-8\ufffe"
_NOT_UTF8_CELLS = [_NOT_UTF8]


class _Resumed:
    """A csv reader over the lines after a record it could not read, numbered as in the file:
    `line_num` counts from `offset`."""

    def __init__(self, lines: Iterable[str], offset: int) -> None:
        self._reader = csv.reader(lines, strict=True)
        self._offset = offset

    def __iter__(self) -> _Resumed:
        return self

    def __next__(self) -> list[str]:
        return next(self._reader)

    @property
    def line_num(self) -> int:
        return self._reader.line_num + self._offset


class _Lines:
    """The lines of a customers CSV file as text (`text`), read in blocks of about CHUNK bytes
    of whole lines; after each block, `flush()` and `progress(lines, fraction)`.

    A line that is not UTF-8 reads as `_NOT_UTF8`, its error kept in `bad` by line number. The
    last blocks are kept (at least two, and at least KEPT_BYTES), so that `again` can give the
    lines of a refused record once more.
    """

    def __init__(
        self,
        rows: CsvRows,
        stream: BinaryIO,
        flush: Callable[[], None],
        progress: Callable[[int, float], None] | None,
    ) -> None:
        self.rows = rows
        self.stream = stream
        self.flush = flush
        self.progress = progress
        self.bad: dict[int, str] = {}  # line number → why it is not UTF-8 text
        self.kept: deque[tuple[int, bytes]] = deque()  # (first line, block)
        self.kept_bytes = 0
        self.text: Iterator[str] = chain.from_iterable(map(self._decode, self.blocks()))

    def _decode(self, block: tuple[int, bytes]) -> Iterator[str]:
        first, blob = block
        try:
            return io.StringIO(blob.decode("utf-8"), newline="\n")  # the usual case: one go
        except UnicodeDecodeError:
            return iter(self.decode(list(io.BytesIO(blob)), first))

    def decode(self, lines: list[bytes], first: int) -> list[str]:
        """`lines` (numbered from `first`) as text; one that is not UTF-8 as `_NOT_UTF8`."""
        result = []
        for number, raw in enumerate(lines, first):
            try:
                result.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                try:
                    self.rows.decode(raw, number)
                except ContractsError as exc:  # the one wording, with the line and the byte
                    self.bad[number] = str(exc)
                result.append(_NOT_UTF8 + "\n")
        return result

    def again(self, first: int, last: int) -> list[str]:
        """Lines `first` to `last` once more, as `text` gave them (those still kept: what a
        broken quote swallows is one value, at most the csv module's field limit long, well
        within KEPT_BYTES)."""
        raws: list[bytes] = []
        start = None
        for number, raw in (
            (n, r) for begin, blob in self.kept for n, r in enumerate(io.BytesIO(blob), begin)
        ):
            if first <= number <= last:
                start = number if start is None else start
                raws.append(raw)
        return self.decode(raws, start) if start is not None else []

    def keep(self, first: int, blob: bytes) -> None:
        """Keep the block of lines from `first`, dropping the oldest ones no longer needed."""
        kept = self.kept
        kept.append((first, blob))
        self.kept_bytes += len(blob)
        while len(kept) > 2 and self.kept_bytes - len(kept[0][1]) >= KEPT_BYTES:
            self.kept_bytes -= len(kept.popleft()[1])

    def blocks(self) -> Iterator[tuple[int, bytes]]:
        """Each block of whole lines and the number of its first line."""
        stream, readline = self.stream, self.rows.readline
        size = _size(stream) or 1
        lines, first = 0, True
        while True:
            blob = stream.read(CHUNK)
            if not blob:
                return
            if not blob.endswith(b"\n"):
                blob += readline(stream)  # the block's last line, whole
                if len(blob) - blob.rfind(b"\n", 0, len(blob) - 1) - 1 > MAX_LINE_BYTES:
                    raise self.rows.too_long()  # as long as `readline` refuses
            if first and blob.startswith(b"\xef\xbb\xbf"):
                blob = blob[3:]  # the BOM of a file saved "UTF-8 with BOM"
            first = False
            self.keep(lines + 1, blob)
            yield lines + 1, blob
            lines += blob.count(b"\n")
            self.flush()
            if self.progress is not None:
                self.progress(lines, min(stream.tell() / size, 1.0))


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _size(stream: BinaryIO) -> int:
    import os

    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        return 0
