"""The report's one shortcut: a row's output line put together from pieces of earlier rows.

A report line is the customer's cell plus a part (its *rest*) that depends only on the row's
product and version cells (through the catalog, the lifecycle and the date), on the contract's
state, which depends only on its start, end and paid_up cells, and on its coverage cell; every
other column of a customers file (region, tier …) only has to be valid. So `Shortcut`
remembers, from rows read in full that had no error: per product and version cells, the rest
for each contract state and coverage it has seen; per start, end, paid_up and coverage cells,
the state and coverage; and the other cells seen together in a good row. Each cell is judged
alone (start and end together), so a row whose every piece is remembered is a good row, and its
line is its customer's cell plus the remembered rest: no contract, no report row, no
formatting. (A column that comes to change the report's output must join one of the first two
keys.)

It is the only fast path of the report, kept because `benchmarks/report.py` measures it paying
(docs/report.md); `tests/core/test_report_output.py` checks that the output is the same with it
and without it on generated files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import product
from operator import itemgetter
from typing import Any, Protocol

from .contracts import COLUMNS
from .policy import Coverage
from .report import ContractState

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from .report import ReportRow

__all__ = ["CACHE_ROWS", "Records", "Shortcut"]


class Records(Protocol):
    """What `Shortcut.run` reads: a csv reader, or one that resumes a file after a record it
    could not read (`_report_output`), with the number of the last line it read."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


#: Most entries a cache holds before all are emptied: memory stays flat on any file.
CACHE_ROWS = 50_000

# What a row's rest depends on besides its product and version: the contract's state and coverage.
_STATES = {key: index for index, key in enumerate(product(ContractState, Coverage))}
_COUNTS = len(_STATES)  # where an entry's counts start
_UNKNOWN = object()  # a rest not seen yet (None is a row that --horizon hides)
_DATED = ("start", "end", "paid_up", "coverage")  # the cells that make the state and coverage
_KEYED = ("customer", "product", "version", *_DATED)  # the cells with a role


def _cells(columns: Mapping[str, int], names: Iterable[str]) -> Callable[[list[str]], Any]:
    """The cells of a row in the columns `names` the file has, as one key."""
    found = [columns[name] for name in names if name in columns]
    return itemgetter(*found) if found else (lambda cells: ())


class Shortcut:
    """The lines of rows of one customers CSV file, from pieces remembered from its good rows."""

    def __init__(
        self,
        columns: Mapping[str, int],
        width: int,
        customer: Callable[[str], str],
        counted: Callable[[str, int, bool], None],
    ) -> None:
        """`columns`, `width`: the file's header (`contracts.CsvRows.header`); `customer` writes
        a customer's cell; `counted(status, rows, shown)` receives the rows answered here, by
        `fold`."""
        self.width = width
        self.customer_column = columns["customer"]
        self.customer = customer
        self.counted = counted
        self.product_version = itemgetter(columns["product"], columns["version"])
        self.dates = _cells(columns, _DATED)
        self.others = _cells(columns, [c for c in COLUMNS if c not in _KEYED])
        # product and version cells → [rest per contract state…, rows per state…, status]
        self.entries: dict[tuple[str, str], list[Any]] = {}
        self.states: dict[Any, int] = {}  # start, end, paid_up, coverage cells → _STATES index
        self.valid: set[Any] = set()  # the other cells of good rows (region, tier …)
        self.line = 0  # where the next record starts (`run`)

    def run(
        self,
        reader: Records,
        line: int,
        slow: Callable[[list[str], int], tuple[ReportRow, str | None] | None],
        append: Callable[[str], None],
    ) -> None:
        """Append the line of each record of `reader` (the first starts on `line`) whose pieces
        are remembered; give any other to `slow(cells, start)`, which writes it and returns its
        row and rest (or None: a blank row) to learn from.

        `self.line` is where the next record starts, also when `reader` raises (csv.Error)."""
        width, customer_column, customer = self.width, self.customer_column, self.customer
        entry_of, state_of = self.entries.get, self.states.get
        product_version, dates, others, valid = (
            self.product_version,
            self.dates,
            self.others,
            self.valid,
        )
        unknown, counts, learn = _UNKNOWN, _COUNTS, self.learn
        try:
            for cells in reader:
                start, line = line, reader.line_num + 1
                if len(cells) == width:
                    entry = entry_of(product_version(cells))
                    state = state_of(dates(cells))
                    if entry is not None and state is not None and others(cells) in valid:
                        rest = entry[state]
                        name = cells[customer_column].strip()
                        if rest is not unknown and name:
                            entry[state + counts] += 1
                            if rest is not None:
                                append(customer(name) + rest)
                            continue
                learned = slow(cells, start)
                if learned is not None:
                    learn(cells, *learned)
        finally:
            self.line = line

    def learn(self, cells: list[str], row: ReportRow, rest: str | None) -> None:
        """Remember the pieces of a good row read in full from `cells`: its `rest` (None when
        --horizon hides it)."""
        if len(cells) != self.width or row.contract is None or row.coverage is None:
            return  # not a good row, or not read from all its cells
        if max(len(self.entries), len(self.states), len(self.valid)) >= CACHE_ROWS:
            self.fold()
            for cache in (self.entries, self.states, self.valid):
                cache.clear()  # in place: `run` holds them
        key = self.product_version(cells)
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = [_UNKNOWN] * _COUNTS + [0] * _COUNTS + [row.status]
        state = _STATES[row.contract, row.coverage]
        entry[state] = rest
        self.states[self.dates(cells)] = state
        self.valid.add(self.others(cells))

    def fold(self) -> None:
        """Hand the counts of the rows answered here to `counted`, and start them again."""
        for entry in self.entries.values():
            for state in range(_COUNTS):
                rows = entry[_COUNTS + state]
                if rows:
                    self.counted(entry[-1], rows, entry[state] is not None)
                    entry[_COUNTS + state] = 0
