"""Customer contracts (SPEC §4.3): who has a Maintenance and Support contract, for what, and when.

A customers file is CSV with a header row, or TOML (an array of `[[contract]]` tables); the
columns / keys are `customer, product, version, region, tier, start, end, paid_up, coverage`, of
which only `customer`, `product` and `version` are required. `end` is the last day in force
(inclusive).

`iter_contracts(path)` streams the rows, reading the file once: each row comes out as
`(line, Contract)` or `(line, ContractsError)`, so a bad row does not stop a long report. A file
that cannot be read at all (missing, not UTF-8, no header, invalid TOML) raises ContractsError.
The customers file is the user's input: its errors are InputErrors (exit 2).

Decisions where SPEC §4.3 is silent:
- CSV header names are matched case-insensitively, spaces and hyphens read as `_`; unknown columns
  are ignored (exports from other systems carry more); a row shorter than the header leaves the
  missing cells empty; a row longer than the header is an error (usually a stray comma).
- TOML refuses unknown keys (a hand-written file: a typo should not pass silently).
- Empty cells are absent values: no `start` means in force since ever, no `end` means open-ended,
  no `paid_up` means not recorded (None), which `check` treats as paid up and says so.
- `paid_up` takes true/false, yes/no, y/n, 1/0; `tier` takes L1 or L2 (also `L-1`, `l2`; §3.7).
- `coverage` takes `business` (the default: support hours) or `24x7` (also `24/7`): the special
  services of §3.6, which put S1 and S2 on the 24/7 clock (SPEC §3.4).
- Versions are read leniently (SPEC §2), like anything a person typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import partial

from . import _format
from ._dates import parse_date
from ._files import decode_utf8, open_regular, read_data_file
from ._names import fold, suggest
from ._record import Record
from ._toml import loads_toml
from .errors import ContractsError, InvalidDate, InvalidVersion, UnknownName
from .policy import Coverage
from .version import parse_lenient

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, BinaryIO, TypeVar

    from .policy import Policy
    from .version import Version

    T = TypeVar("T")

__all__ = [
    "COLUMNS",
    "Contract",
    "choose_contract",
    "customer_contracts",
    "iter_contracts",
    "load_contracts",
]

#: The columns (CSV) or keys (TOML) of a customers file, in SPEC §4.3 order.
COLUMNS = (
    "customer",
    "product",
    "version",
    "region",
    "tier",
    "start",
    "end",
    "paid_up",
    "coverage",
)
REQUIRED = ("customer", "product", "version")

_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_TIER = re.compile(r"l-?([12])", re.IGNORECASE)


class Contract(Record):
    """One customer's Maintenance and Support contract for one product (§1.3, §7)."""

    customer: str
    product: str  # as written: an id, name or alias of a catalog product
    version: Version  # the installed version on record
    region: str | None = None  # a region id of the policy (§1.2), when the file names one
    tier: str | None = None  # "L1" or "L2" (§3.7)
    start: date | None = None  # first day in force; None: since ever
    end: date | None = None  # last day in force, inclusive; None: open-ended
    paid_up: bool | None = None  # §1.3 "fully paid-up customers"; None: not recorded
    line: int = 0  # where the row is in its file
    coverage: Coverage = Coverage.BUSINESS  # §3.6: special services buy 24x7

    def in_force(self, on: date) -> bool:
        """True when the contract is in force on `on` (start and end inclusive)."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    @property
    def term(self) -> str:
        """The contract's dates as a person writes them: '2025-01-01 to 2026-12-31'."""
        if self.start and self.end:
            return f"{self.start.isoformat()} to {self.end.isoformat()}"
        if self.start:
            return f"from {self.start.isoformat()}, no end date"
        if self.end:
            return f"until {self.end.isoformat()}"
        return "no start or end date"

    @property
    def is_paid_up(self) -> bool:
        """False only when the file says the customer is not paid up (§1.3, §3.2)."""
        return self.paid_up is not False

    def as_json(self, on: date) -> dict[str, Any]:
        """The contract's JSON form on `on` (docs/check.md)."""
        return {
            "product": self.product,
            "version": str(self.version),
            "region": self.region,
            "tier": self.tier,
            "start": _format.iso(self.start),
            "end": _format.iso(self.end),
            "paid_up": self.paid_up,
            "coverage": self.coverage.value,
            "in_force": self.in_force(on),
            "line": self.line,
        }


Row = tuple[int, "Contract | ContractsError"]


def iter_contracts(path: Path, *, policy: Policy | None = None) -> Iterator[Row]:
    """Every row of the customers file at `path` as (line, Contract or the row's error).

    With `policy`, regions are checked against it and stored as its region ids. The file is read
    once, as a stream; `.toml` files are TOML, anything else CSV.
    """
    reader = _Reader(str(path), policy)
    if path.suffix.lower() == ".toml":
        return reader.toml(path)
    return reader.csv(path)


def load_contracts(path: Path, *, policy: Policy | None = None) -> list[Contract]:
    """Every contract in the customers file at `path`; the first bad row raises ContractsError."""
    contracts = []
    for _, row in iter_contracts(path, policy=policy):
        if isinstance(row, ContractsError):
            raise row
        contracts.append(row)
    return contracts


def customer_contracts(
    rows: Iterable[Row], customer: str
) -> tuple[list[Contract], list[ContractsError]]:
    """The contracts of `customer` (case-insensitive id) and the bad rows of other customers.

    A bad row that belongs to `customer` raises its error: an answer from the other rows could be
    wrong. An id that no row has raises UnknownName with the closest id as a suggestion.
    """
    key = fold(customer)
    found: list[Contract] = []
    skipped: list[ContractsError] = []
    others: dict[str, str] = {}  # folded id → the first spelling seen (for the suggestion)
    for _, row in rows:
        if isinstance(row, ContractsError):
            if row.customer is not None and fold(row.customer) == key:
                raise row
            skipped.append(row)
        else:
            folded = fold(row.customer)
            if folded == key:
                found.append(row)
            elif len(others) < 100_000:
                others.setdefault(folded, row.customer)
    if not found:
        raise UnknownName("customer", customer, suggest(customer, others.values()))
    return found, skipped


def choose_contract(contracts: Iterable[Contract], on: date) -> Contract | None:
    """The contract that answers for `on`: in force and paid up first, then in force, then the
    one that ended last (a customer may have several rows for one product, e.g. renewals)."""

    def rank(c: Contract) -> tuple[bool, bool, date, date]:
        return (
            c.in_force(on),
            c.is_paid_up,
            c.end or date.max,
            c.start or date.min,
        )

    return max(contracts, key=rank, default=None)


#: The longest line a customers CSV file may have: no real row comes near it, and a longer one
#: (a binary or endless file such as /dev/zero) is refused instead of read into memory.
MAX_LINE_BYTES = 1024 * 1024

#: The largest customers TOML file, read whole.
MAX_TOML_BYTES = 64 * 1024 * 1024


class CsvRows:
    """A customers CSV file read one record at a time, by a caller that walks its lines itself.

    `iter_contracts` reads CSV through it, and so does the report
    (`eol_check._report_output`), so both open, decode, number and judge a file the same way:
    `open()` the file, `decode()` each line (numbered from 1), split records with the csv module
    (`strict=True`), give the first record that is not blank to `read_header()` and each later one
    to `row()`; a csv error is `invalid()` at the record's first line, no header at all `empty()`.
    """

    def __init__(self, path: Path, reader: _Reader | None = None, *, policy: Policy | None = None):
        self.path = path
        self._reader = reader or _Reader(str(path), policy)
        self.header: tuple[dict[str, int], int] | None = None  # column of each name, width

    def open(self) -> BinaryIO:
        """The file, opened for reading bytes; ContractsError if it cannot be."""
        path = self.path

        try:
            return open_regular(path)
        except FileNotFoundError:
            raise ContractsError(f"{path}: file not found") from None
        except IsADirectoryError:
            raise ContractsError(f"{path}: is a folder, expected a CSV or TOML file") from None
        except OSError as exc:
            raise ContractsError(f"{path}: cannot be read: {exc.strerror or exc}") from None

    def readline(self, stream: BinaryIO) -> bytes:
        """The next line of `stream` (b"" at its end); ContractsError for an endless line."""
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if len(raw) > MAX_LINE_BYTES:
            raise self.too_long()
        return raw

    def lines(self, stream: BinaryIO) -> Iterator[bytes]:
        """The lines of `stream`, each through `readline`."""
        return iter(partial(self.readline, stream), b"")

    def decode(self, raw: bytes, number: int) -> str:
        """Line `number` as UTF-8 text (a BOM starting the file dropped), or ContractsError."""
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        return decode_utf8(raw, f"{self.path}:{number}", ContractsError, line=number)

    def read_header(self, cells: list[str], line: int) -> None:
        """Take the header record (on `line`); ContractsError if it lacks a required column."""
        self.header = self._reader._header(cells, line)

    def row(self, cells: list[str], line: int) -> Contract | ContractsError:
        """The contract of a record after the header, or the row's error."""
        assert self.header is not None, "read_header() first"
        return self._reader._csv_row(cells, self.header, line)

    def invalid(self, line: int, exc: Exception) -> ContractsError:
        """The error for a record the csv module refused, starting on `line`."""
        return ContractsError(f"{self.path}:{line}: not valid CSV: {exc}", line=line)

    def too_long(self) -> ContractsError:
        """The error for a line over MAX_LINE_BYTES (a binary or endless file)."""
        return ContractsError(
            f"{self.path}: a line longer than {MAX_LINE_BYTES // 2**20} MiB: not a customers file"
        )

    def empty(self) -> ContractsError:
        """The error for a file with no header row."""
        return ContractsError(
            f"{self.path}: empty: expected a header row naming the columns {', '.join(COLUMNS)}"
        )


class _Reader:
    """Turns rows of text (CSV) or values (TOML) into Contracts, caching repeated values."""

    def __init__(self, source: str, policy: Policy | None) -> None:
        self.source = source
        self.policy = policy
        self._versions: dict[str, Version | InvalidVersion] = {}
        self._dates: dict[str, date | InvalidDate] = {}
        self._regions: dict[str, str | UnknownName] = {}

    # -- CSV --------------------------------------------------------------------------------------

    def csv(self, path: Path) -> Iterator[Row]:
        import csv

        rows = CsvRows(path, self)
        with rows.open() as stream:
            numbered = (
                rows.decode(raw, number) for number, raw in enumerate(rows.lines(stream), start=1)
            )
            reader = csv.reader(numbered, strict=True)
            line = 1  # the line the next record starts on
            try:
                for cells in reader:
                    start, line = line, reader.line_num + 1
                    if not any(cell.strip() for cell in cells):
                        continue  # blank lines (and rows of empty cells) are not rows
                    if rows.header is None:
                        rows.read_header(cells, start)
                        continue
                    yield start, rows.row(cells, start)
            except csv.Error as exc:
                raise rows.invalid(line, exc) from None
            if rows.header is None:
                raise rows.empty()

    def _header(self, cells: list[str], line: int) -> tuple[dict[str, int], int]:
        """The column of each known name, and the header's width."""
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            name = re.sub(r"[\s\-]+", "_", cell.strip().casefold())
            if name in COLUMNS:
                if name in columns:
                    raise ContractsError(
                        f"{self.source}:{line}: the header names column {name!r} twice", line=line
                    )
                columns[name] = index
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise ContractsError(
                f"{self.source}:{line}: the header has no column {', '.join(missing)} "
                f"(expected a header row with {', '.join(COLUMNS)}; only customer, product and "
                "version are required)",
                line=line,
            )
        return columns, len(cells)

    def _csv_row(
        self, cells: list[str], header: tuple[dict[str, int], int], line: int
    ) -> Contract | ContractsError:
        columns, width = header
        if len(cells) > width:
            return ContractsError(
                f"{self.source}:{line}: {len(cells)} values but the header has {width} columns "
                "(a comma inside a value needs quotes)",
                line=line,
                customer=cells[columns["customer"]].strip() or None,
                product=cells[columns["product"]].strip() or None,
                version=cells[columns["version"]].strip() or None,
            )
        values = {}
        for name, index in columns.items():
            if index < len(cells):
                value = cells[index].strip()
                if value:  # an empty cell is an absent value
                    values[name] = value
        return self._contract(values, line)

    # -- TOML -------------------------------------------------------------------------------------

    def toml(self, path: Path) -> Iterator[Row]:
        raw = read_data_file(path, ContractsError, "a CSV or TOML file", MAX_TOML_BYTES)
        document = loads_toml(raw, str(path), ContractsError)
        text = raw.decode("utf-8")  # for the line numbers: loads_toml decoded it already
        unknown = [key for key in document if key != "contract"]
        if unknown:
            raise ContractsError(
                f"{path}: unknown key {unknown[0]!r}: a customers file is an array of "
                "[[contract]] tables"
            )
        tables = document.get("contract", [])
        if not isinstance(tables, list):
            raise ContractsError(f"{path}: 'contract' must be an array of [[contract]] tables")
        # tomllib keeps no positions: the n-th [[contract]] header line is the n-th table's line.
        lines = [
            n
            for n, text_line in enumerate(text.splitlines(), start=1)
            if re.match(r"\s*\[\[\s*contract\s*\]\]", text_line)
        ]
        if len(lines) != len(tables):
            lines = [0] * len(tables)
        for index, (line, table) in enumerate(zip(lines, tables, strict=True), start=1):
            where = line or index
            if not isinstance(table, dict):
                yield (
                    where,
                    ContractsError(f"{path}: contract #{index} is not a table", line=line or None),
                )
                continue
            extra = [key for key in table if key not in COLUMNS]
            if extra:
                customer = table.get("customer")
                yield (
                    where,
                    ContractsError(
                        f"{self._where(line, index)}: unknown key {extra[0]!r} "
                        f"(expected: {', '.join(COLUMNS)})",
                        line=line or None,
                        customer=customer if isinstance(customer, str) else None,
                    ),
                )
                continue
            yield where, self._contract(table, line, index)

    # -- one row ----------------------------------------------------------------------------------

    def _where(self, line: int, index: int | None = None) -> str:
        if line or index is None:
            return f"{self.source}:{line}"
        return f"{self.source}: contract #{index}"

    def _contract(
        self, values: Mapping[str, object], line: int, index: int | None = None
    ) -> Contract | ContractsError:
        """The contract in `values` (absent keys are empty cells), or the row's error."""
        customer = values.get("customer")
        who = customer.strip() if isinstance(customer, str) and customer.strip() else None
        try:
            for key in REQUIRED:
                _required(values, key)
            assert who is not None
            # Cell by cell, in this order: the first bad one is the row's error.
            version = self._version_cell(str(values["version"]))
            region = self._region_cell(values.get("region"))
            tier = _tier(values.get("tier"))
            start, end = self._day(values, "start"), self._day(values, "end")
            if start is not None and end is not None and end < start:
                raise _BadCell("end", f"{end} is before start {start}")
            return Contract(
                customer=who,
                product=str(values["product"]).strip(),
                version=version,
                region=region,
                tier=tier,
                start=start,
                end=end,
                paid_up=_paid_up(values.get("paid_up")),
                line=line,
                coverage=_coverage(values.get("coverage")),
            )
        except _BadCell as bad:
            return ContractsError(
                f"{self._where(line, index)}: {bad.key}: {bad.message}",
                line=line or None,
                customer=who,
                product=_written(values.get("product")),
                version=_written(values.get("version")),
            )

    def _version_cell(self, text: str) -> Version:
        version = self._version(text)
        if isinstance(version, InvalidVersion):
            raise _BadCell("version", str(version))
        return version

    def _region_cell(self, value: object) -> str | None:
        """The region id of the policy the cell names (§1.2), or None when it is empty."""
        if value is None:
            return None
        if not isinstance(value, str):
            raise _BadCell("region", f"expected a region id or name, got {_shown(value)}")
        resolved = self._region(value.strip())
        if isinstance(resolved, UnknownName):
            raise _BadCell("region", str(resolved))
        return resolved

    def _day(self, values: Mapping[str, object], key: str) -> date | None:
        """The date in cell `key`: a TOML date, or YYYY-MM-DD text; None when it is empty."""
        value = values.get(key)
        if value is None or (isinstance(value, date) and type(value) is date):
            return value
        if not isinstance(value, str):
            raise _BadCell(key, f"expected a date YYYY-MM-DD, got {_shown(value)}")
        parsed = self._date(value.strip(), key)
        if isinstance(parsed, InvalidDate):
            raise _BadCell(key, str(parsed))
        return parsed

    def _version(self, text: str) -> Version | InvalidVersion:
        result = self._versions.get(text)
        if result is None:
            try:
                result = parse_lenient(text)
            except InvalidVersion as exc:
                result = exc
            _remember(self._versions, text, result)
        return result

    def _date(self, text: str, key: str) -> date | InvalidDate:
        result = self._dates.get(text)
        if result is None:
            try:
                result = parse_date(text, "the date")
            except InvalidDate as exc:
                result = exc
            _remember(self._dates, text, result)
        return result

    def _region(self, text: str) -> str | UnknownName:
        if self.policy is None:
            return text
        result = self._regions.get(text)
        if result is None:
            try:
                result = self.policy.region(text).id
            except UnknownName as exc:
                result = exc
            _remember(self._regions, text, result)
        return result


def _remember(cache: dict[str, T], key: str, value: T) -> T:
    """Store `value` under `key` and return it; a cache grown large is emptied first."""
    if len(cache) >= 10_000:
        cache.clear()
    cache[key] = value
    return value


class _BadCell(Exception):
    """A cell of a row is wrong: the row becomes a ContractsError naming the key."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


def _required(values: Mapping[str, object], key: str) -> None:
    value = values.get(key)
    if value is None:
        raise _BadCell(key, "missing (customer, product and version are required)")
    if not isinstance(value, str) or not value.strip():
        raise _BadCell(key, f"expected text, got {_shown(value)}")


def _tier(value: object) -> str | None:
    """The support tier (§3.7) the cell names, as L1 or L2; None when it is empty."""
    if value is None:
        return None
    match = _TIER.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise _BadCell("tier", f"expected L1 or L2 (§3.7), got {_shown(value)}")
    return f"L{match[1]}"


def _coverage(value: object) -> Coverage:
    """The coverage cell (SPEC §4.3): business (the default when empty) or 24x7 (§3.6)."""
    if value is None:
        return Coverage.BUSINESS
    word = value.strip().casefold().replace(" ", "") if isinstance(value, str) else None
    if word in ("business", "businesshours", "supporthours"):
        return Coverage.BUSINESS
    if word in ("24x7", "24/7"):
        return Coverage.TWENTY_FOUR_SEVEN
    raise _BadCell(
        "coverage",
        f"expected business or 24x7 (special services, §3.6), got {_shown(value)}",
    )


def _paid_up(value: object) -> bool | None:
    """The paid_up cell (§1.3): true/false, yes/no, 1/0; None when it is empty."""
    if isinstance(value, str):
        word = value.strip().casefold()
        value = True if word in _TRUE else False if word in _FALSE else value
    if value is not None and not isinstance(value, bool):
        raise _BadCell("paid_up", f"expected true or false (yes/no, 1/0), got {_shown(value)}")
    return value


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a table" if isinstance(value, dict) else "an array"
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _written(value: object) -> str | None:
    """A cell as the file wrote it (for an error row), or None when absent."""
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else str(value)
    return text or None
