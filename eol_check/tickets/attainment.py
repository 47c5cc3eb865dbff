"""Judging a ticket log against §3.6 (SPEC §9): per ticket, then per group.

`judge_log(rows, ...)` turns the rows of `ticket_log.read_log` into `Judgement`s, a chunk at a
time, with the batch clock: every deadline of a chunk that shares a region and a clock is
computed at once (`batch_clock`). `judge_chunks` does the same for the column chunks of
`ticket_log.read_chunks`, judging the rows it can in bulk ("judging in bulk" below,
docs/tickets.md "Speed") and the rest row by row (`_parse`, where the rules live).
What is owed comes from the same library code as `check`:

- the customer's date is the region's date at `reported_at` (SPEC §3.2 "whose date"), the
  contract the one `contracts.choose_contract` picks for it, the region the ticket's, else the
  contract's, else the policy's first (assumed), as `support.check` resolves them;
- entitlement is `entitlement.check_entitlement` on `lifecycle.version_status` (SPEC §3.3);
- the targets and clocks are the policy's (`SeverityTargets.clock_for`, SPEC §3.4), the deadlines
  the business clock's (`BatchClock` is held to `BusinessCalendar.add` by property tests).

Judgement (SPEC §9 "Decisions"): the response is due `response_hours` after the report; each
status update is due one update interval after the previous communication (the response, else
its due time, then each update) until the first of `workaround_at`, `resolved_at` (and for S2
`etr_at`); an update due at or after that moment is not owed. Met when at or before the due
time; else late by the business minutes (elapsed minutes on 24x7) between due and done, rounded
up to whole minutes. A missed update with no later update is one breach, late until the ticket
was resolved (or `now`). The workaround is a target (§3.6), judged apart.

`Attainment` adds judgements up per group in flat memory: counts, a histogram of response
minutes (exact median and 90th percentile, nearest rank), and the worst breaches.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from .._dates import FIRST_DATE, LAST_DATE
from .._names import fold
from .._record import Record
from ..business_hours import business_calendar
from ..entitlement import check_entitlement
from ..errors import ContractsError, EolCheckError
from ..lifecycle import version_status
from ..policy import Clock, Coverage, Scope, Severity
from ..sla import parse_reported_at
from ..version import parse_lenient
from .batch_clock import BatchClock, ElapsedClock, Micros, micros, moment
from .ticket_log import BadRow, Cells, LogChunk, RawTicket

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from zoneinfo import ZoneInfo

    from ..catalog import Catalog, Product
    from ..contracts import Contract
    from ..policy import Policy, Region
    from ..version import Version

__all__ = [
    "GROUPS",
    "Attainment",
    "JudgedChunk",
    "Judgement",
    "UpdateJudgement",
    "judge_chunks",
    "judge_log",
]

#: What `--by` groups by.
GROUPS = ("month", "severity", "region", "customer", "ticket")
#: Rows of `judge_log` judged together.
CHUNK = 8192
#: Worst breaches kept per group.
WORST = 3
_MINUTE_US = 60_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US = timedelta(microseconds=1)
_NEVER = int(np.iinfo(np.int64).max)
#: `response` of a log that has no first_response_at column (SPEC §9: not judged).
_ABSENT = -(2**62)
#: Answers kept per kind of name (`_looked_up`): products and versions, severities and regions.
_NAMES_LOOKED_UP = 100_000
_FEW_LOOKED_UP = 10_000
#: Statuses and resolved names (`_Static`) kept per run before starting afresh.
_MEMO_KEPT = 200_000


class UpdateJudgement:
    """One status update owed: when it was due, when it came (None: never), met, late minutes."""

    __slots__ = ("at", "due", "late_minutes", "met")

    def __init__(self, due: int, at: int | None, met: bool, late_minutes: int) -> None:
        self.due = due
        self.at = at
        self.met = met
        self.late_minutes = late_minutes


class Judgement:
    """What one ticket was owed and how it went (SPEC §9 `--by ticket`)."""

    __slots__ = (
        "clock",
        "customer",
        "line",
        "not_judged",
        "on",
        "owed",
        "reason",
        "region",
        "region_assumed",
        "reported_at",
        "response_at",
        "response_due",
        "response_late",
        "response_met",
        "response_minutes",
        "severity",
        "ticket",
        "updates",
        "workaround_target_due",
        "workaround_target_met",
        "zone",
    )

    def __init__(self, line: int, ticket: str | None, customer: str | None) -> None:
        self.line = line
        self.ticket = ticket
        self.customer = customer
        self.severity: Severity | None = None
        self.region: str | None = None
        self.region_assumed = False
        self.zone: ZoneInfo | None = None
        self.on: date | None = None  # the customer's date at the report (SPEC §3.2)
        self.owed: bool | None = None
        self.reason: str | None = None
        self.not_judged: str | None = None
        self.clock: Clock | None = None
        self.reported_at: int | None = None
        self.response_at: int | None = None
        self.response_due: int | None = None
        self.response_met: bool | None = None  # None: open (not due yet) or not judged
        self.response_late = 0
        self.response_minutes: int | None = None
        self.updates: list[UpdateJudgement] = []
        self.workaround_target_due: int | None = None
        self.workaround_target_met: bool | None = None

    @property
    def month(self) -> str | None:
        """The month of the customer's date at the report: YYYY-MM."""
        on = self.on
        return None if on is None else f"{on.year:04d}-{on.month:02d}"

    def not_judged_because(self, reason: str) -> Judgement:
        """This judgement, marked as not judged for `reason`."""
        self.not_judged = reason
        return self

    def key(self, by: str) -> str:
        """This ticket's group under `--by`."""
        if by == "month":
            return self.month or "unknown"
        if by == "severity":
            return self.severity.value if self.severity is not None else "unknown"
        if by == "region":
            return self.region or "unknown"
        if by == "customer":
            return self.customer or "unknown"
        return self.ticket or f"line {self.line}"

    def as_json(self) -> dict[str, Any]:
        """The ticket's JSON form (docs/tickets.md)."""
        zone = self.zone or timezone.utc

        def at(us: int | None) -> str | None:
            return None if us is None else moment(us, zone).isoformat()

        return {
            "ticket": self.ticket,
            "customer": self.customer,
            "line": self.line,
            "severity": None if self.severity is None else self.severity.value,
            "region": self.region,
            "owed": self.owed,
            "reason": self.reason,
            "clock": None if self.clock is None else self.clock.value,
            "reported_at": at(self.reported_at),
            "response_due": at(self.response_due),
            "response_at": at(self.response_at),
            "response_met": self.response_met,
            "response_late_minutes": self.response_late,
            "response_minutes": self.response_minutes,
            "updates": [
                {"due": at(u.due), "at": at(u.at), "met": u.met, "late_minutes": u.late_minutes}
                for u in self.updates
            ],
            "workaround_target_due": at(self.workaround_target_due),
            "workaround_target_met": self.workaround_target_met,
            "not_judged": self.not_judged,
        }


class _Parsed:
    """A row whose cells all parsed, waiting for its chunk's deadlines (a slotted class: one is
    built per ticket, a million times a run)."""

    __slots__ = (
        "every",
        "judgement",
        "region",
        "reported",
        "response",
        "response_hours",
        "stop",
        "update_clock",
        "updates",
        "workaround_hours",
    )

    def __init__(
        self,
        judgement: Judgement,
        region: Region,
        every: float | None,  # hours between updates, on `update_clock`
        update_clock: Clock,
        response_hours: float,
        workaround_hours: float | None,
        reported: int,
        response: int | None,  # None: no response yet; _ABSENT: the log has no such column
        updates: tuple[int, ...] | None,  # None: the log has no updates column
        stop: int,  # first of workaround / resolution (/ ETR for S2); _NEVER: open
    ) -> None:
        self.judgement = judgement
        self.region = region
        self.every = every
        self.update_clock = update_clock
        self.response_hours = response_hours
        self.workaround_hours = workaround_hours
        self.reported = reported
        self.response = response
        self.updates = updates
        self.stop = stop


class _Resolver:
    """Per-row look-ups, each answer kept: names, versions, statuses and scopes."""

    def __init__(
        self,
        catalog: Catalog,
        policy: Policy,
        contracts: Sequence[Contract] | None,
        zone: ZoneInfo | None,
        bad_contracts: Sequence[ContractsError] = (),
    ) -> None:
        self.catalog = catalog
        self.policy = policy
        self.zone = zone
        self.products: dict[str, Product | str] = {}
        self.versions: dict[str, Version | str] = {}
        self.severities: dict[str, Severity | str] = {}
        self.regions: dict[str, Region | str] = {}
        self.statuses: dict[tuple[str, Version, object, date], Any] = {}
        self.scopes: dict[tuple[Any, ...], Scope] = {}
        self.static: dict[tuple[str, ...], _Static] = {}
        self.regions_of: dict[tuple[str | None, int], tuple[Region, ZoneInfo, bool]] = {}
        self.plans: dict[tuple[Severity, Coverage, str], _Plan] = {}
        self.contracts: dict[str, list[Contract]] | None = None
        self.spoiled: dict[str, str] = {}  # a customer whose contract row cannot be read
        # The bulk path's names (`fast_code`): a code per distinct row of names
        self.fast: list[_Fast] = []
        self.fast_pv: dict[int, _Fast] = {}
        self.pv_codes: dict[tuple[str, Version, object], int] = {}
        self.names: dict[str, dict[str, int]] = {}  # column → value → its number (name_codes)
        self.name_list: dict[str, list[str]] = {}
        self.name_keys: dict[int, int] = {}  # a row's numbers as one key → its fast code
        # The region and plan of every deadline (an index into `clocks`)
        self.clock_index: dict[tuple[Region, _Plan], int] = {}
        self.clocks: list[tuple[Region, _Plan]] = []
        self._columns: dict[str, np.ndarray] = {}
        self.classes: dict[tuple[Severity, bool, bool, bool], int] = {}
        self.status_at: dict[int, int] = {}
        self.status_list: list[Any] = []
        self.status_kind: list[int] = []
        self.kinds: dict[object, int] = {}
        # The run's batch clocks (per region and kind) and tables of midnights (per zone)
        self.batch_clocks: _Made[tuple[Region, Clock], BatchClock | ElapsedClock] = _Made(_clock)
        self.midnights: _Made[ZoneInfo, _Midnights] = _Made(_Midnights)
        for error in bad_contracts:
            if error.customer is not None:
                self.spoiled.setdefault(fold(error.customer), str(error))
        if contracts is not None:
            self.contracts = defaultdict(list)
            for contract in contracts:
                self.contracts[fold(contract.customer)].append(contract)

    def clock_of(self, region: Region, plan: _Plan) -> int:
        """The index of (region, plan) in `clocks`."""
        key = (region, plan)
        found = self.clock_index.get(key)
        if found is None:
            found = self.clock_index[key] = len(self.clocks)
            self.clocks.append(key)
        return found

    def per_code(self, name: str) -> np.ndarray:
        """An attribute of every bulk code as an array (the codes added since, appended)."""
        # (a memo: counting wrong only recomputes every column)
        done = len(self._columns.get("pv", ()))  # pragma: no mutate
        if done != len(self.fast):
            new = self.fast[done:]  # not empty: numpy reads ints as int64, bools as bool
            columns = {
                "pv": np.array([f.pv for f in new]),
                "start": np.array([f.start for f in new]),
                "end": np.array([f.end for f in new]),
                "clock": np.array([f.clock for f in new]),
                "zone": np.array([id(f.zone) for f in new]),
                "s2": np.array([f.static.severity is Severity.S2 for f in new]),
                "class": np.array(
                    [self.classes.setdefault(f.scope_class, len(self.classes)) for f in new]
                ),
            }
            if done:
                columns = {k: np.concatenate([self._columns[k], v]) for k, v in columns.items()}
            self._columns = columns
        return self._columns[name]

    def status_codes(self, keys: list[int]) -> Micros:
        """For each key (product-version code << 22 | date ordinal) the index of its status in
        `status_list` (`status`, once per key), and `status_kind` their kinds."""
        found = self.status_at
        if len(found) > _STATUSES_KEPT:  # a new list: chunks judged already keep theirs
            found = self.status_at = {}
            self.status_list, self.status_kind = [], []
        codes = []
        for key in keys:
            code = found.get(key)
            if code is None:
                static = self.fast_pv[key >> 22].static
                on = date.fromordinal(key & ((1 << 22) - 1))
                status = self.status(static.product, static.version, on)
                code = found[key] = len(self.status_list)
                self.status_list.append(status)
                self.status_kind.append(self.kinds.setdefault(status.status, len(self.kinds)))
            codes.append(code)
        return np.array(codes)  # keys are never empty: int64

    def product(self, text: str) -> Product | str:
        return _looked_up(self.products, text, self.catalog.product, _NAMES_LOOKED_UP)

    def version(self, text: str) -> Version | str:
        return _looked_up(self.versions, text, parse_lenient, _NAMES_LOOKED_UP)

    def severity(self, text: str) -> Severity | str:
        return _looked_up(self.severities, text, self.policy.severity, _FEW_LOOKED_UP)

    def region(self, text: str) -> Region | str:
        return _looked_up(self.regions, text, self.policy.region, _FEW_LOOKED_UP)

    def moment(self, text: str, what: str) -> datetime:
        """An ISO 8601 date-time (aware); one without an offset takes the map's zone."""
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = parse_reported_at(text, what)  # its message; Python 3.10's "Z"
        if parsed.tzinfo is None:
            if self.zone is None:
                parse_reported_at(text, what)  # raises: no offset
            parsed = parsed.replace(tzinfo=self.zone)
            text = parsed.isoformat()  # as if written with its offset, for the range's message
        if not FIRST_DATE <= parsed.date() <= LAST_DATE:
            parse_reported_at(text, what)  # raises: out of range (_dates.RANGE)
        return parsed

    def micros(self, text: str, what: str) -> int:
        """`moment`, as microseconds since the epoch."""
        return (self.moment(text, what) - _EPOCH) // _US

    def region_of(
        self, asked: Region | None, contract: Contract | None
    ) -> tuple[Region, ZoneInfo, bool]:
        """The SLA's region for a ticket (support.check's rule), its zone, and whether it was
        assumed."""
        key = (None if asked is None else asked.id, id(contract))
        found = self.regions_of.get(key)
        if found is None:
            from ..support import _region as region_of  # asked, the contract's, else assumed

            region, assumed = region_of(self.policy, asked, contract)
            found = self.regions_of[key] = (region, region.tz, assumed)
        return found

    def plan(self, severity: Severity, coverage: Coverage, region: Region) -> _Plan:
        """The targets and clocks of `severity` (SPEC §3.4), as sla.sla_deadlines reads them."""
        key = (severity, coverage, region.id)
        found = self.plans.get(key)
        if found is None:
            targets = self.policy.targets(severity)
            clock = targets.clock_for(coverage)
            every: float | None = targets.update_hours
            update_clock = clock
            if targets.update_business_days is not None:
                # SPEC §3.4: "every 10 business days" is 10 × the daily hours, business hours.
                every = targets.update_business_days * region.daily_hours
                update_clock = Clock.BUSINESS
            found = self.plans[key] = _Plan(
                clock, targets.response_hours, every, update_clock, targets.workaround_hours
            )
        return found

    def name_codes(self, columns: dict[str, Sequence[str]], count: int) -> Micros:
        """`fast_code` of every row's names, a column at a time: each column's values get a
        small number once (the same across chunks), the numbers of a row make one key. A
        column still in bytes (`Cells`) is numbered through its distinct cells: only those
        become strings. -1: a row judged by `_parse` (a name past the numbers kept, or
        `fast_code`'s -1)."""
        key = np.zeros(count, np.int64)
        numbered = np.ones(count, bool)
        for column, bits in _NAME_BITS:
            key <<= bits
            numbers = self.names.setdefault(column, {"": 0})  # a column not there: all ""
            cells = columns.get(column)
            if cells is None:
                continue
            kept = min(1 << bits, _NAMES_KEPT)
            if isinstance(cells, Cells):
                values, inverse = cells.distinct()
                found = [_number(numbers, value, kept) for value in values]
                number = np.array(found, np.int64)[inverse]  # (an empty chunk has none)
            else:
                number = np.fromiter((_number(numbers, cell, kept) for cell in cells), np.int64)
            numbered &= number >= 0
            key |= number  # (the key of a row not numbered is not read)
        keys, inverse = np.unique(key[numbered], return_inverse=True)
        known = self.name_keys

        def code_of(k: int) -> int:
            code = known.get(k)
            if code is None:
                code = self.fast_code(self._names_of(k))
                if len(known) < _KEYS_KEPT:
                    known[k] = code
            return code

        codes = np.full(count, -1)
        codes[numbered] = np.fromiter(map(code_of, keys.tolist()), np.int64)[inverse]
        return codes

    def _names_of(self, key: int) -> tuple[str, str, str, str, str, str]:
        """The names behind a key of `name_codes`."""
        for column, numbers in self.names.items():
            if len(self.name_list.get(column, ())) != len(numbers):
                self.name_list[column] = list(numbers)  # in number order (dicts keep it)
        names = []
        for column, bits in reversed(_NAME_BITS):
            names.append(self.name_list[column][key & ((1 << bits) - 1)])
            key >>= bits
        customer, product, version, severity, region, coverage = reversed(names)
        return customer, product, version, severity, region, coverage

    def fast_code(self, key: tuple[str, str, str, str, str, str]) -> int:
        """The bulk path's code of a row's names (customer, product, version, severity, region,
        coverage): -1 when the row is judged by `_parse` (a bad name, no contract, several
        contracts for the product: the one in force depends on the date)."""
        code = -1
        if all(key[:4]) and len(self.fast) < _CODES_KEPT:
            static = self.static.get(key)
            if static is None:
                static = _static(self, key)
                if len(self.static) > _MEMO_KEPT:
                    self.static.clear()
                self.static[key] = static
            if static.bad is None and (static.mine is None or len(static.mine) == 1):
                contract = static.mine[0] if static.mine else None
                region, zone, assumed = self.region_of(static.asked, contract)
                coverage = static.coverage or (
                    contract.coverage if contract is not None else Coverage.BUSINESS
                )
                version = static.version
                pv = self.pv_codes.setdefault(
                    (static.product.id, version, version.build), len(self.pv_codes)
                )
                start, end = _NEVER_IN_FORCE
                if contract is not None:
                    start = (contract.start or date.min).toordinal()
                    end = (contract.end or date.max).toordinal()
                plan = self.plan(static.severity, coverage, region)
                clock = self.clock_of(region, plan)
                fast = _Fast(
                    static,
                    contract,
                    region,
                    zone,
                    assumed,
                    plan,
                    clock,
                    pv,
                    start,
                    end,
                    (
                        static.severity,
                        static.mine is None,
                        contract is None,
                        contract is not None and contract.is_paid_up,
                    ),
                )
                code = len(self.fast)
                self.fast.append(fast)
                self.fast_pv.setdefault(pv, fast)
        return code

    def status(self, product: Product, version: Version, on: date) -> Any:
        key = (product.id, version, version.build, on)  # equal versions may differ in build
        found = self.statuses.get(key)
        if found is None:
            found = version_status(product, version, self.policy, on)
            if len(self.statuses) > _MEMO_KEPT:
                self.statuses.clear()
            self.statuses[key] = found
        return found


def judge_log(
    rows: Iterable[RawTicket | BadRow],
    catalog: Catalog,
    policy: Policy,
    now: datetime,
    *,
    contracts: Sequence[Contract] | None = None,
    bad_contracts: Sequence[ContractsError] = (),
    zone: ZoneInfo | None = None,
    first: date | None = None,
    last: date | None = None,
) -> Iterator[Judgement]:
    """A `Judgement` for every row, in the log's order (bad rows with `not_judged`).

    `contracts` (the customers file, when given) decide entitlement per SPEC §9 "Contracts"; a
    customer with a row in `bad_contracts` is not judged (the answer could be wrong);
    `zone` is the map's zone for times written without an offset; `first`/`last` keep the
    tickets reported on those dates (the region's date, inclusive).
    """
    chunks = judge_chunks(
        _row_chunks(rows),
        catalog,
        policy,
        now,
        contracts=contracts,
        bad_contracts=bad_contracts,
        zone=zone,
        first=first,
        last=last,
    )
    for chunk in chunks:
        yield from chunk.judgements()


def judge_chunks(
    chunks: Iterable[LogChunk],
    catalog: Catalog,
    policy: Policy,
    now: datetime,
    *,
    contracts: Sequence[Contract] | None = None,
    bad_contracts: Sequence[ContractsError] = (),
    zone: ZoneInfo | None = None,
    first: date | None = None,
    last: date | None = None,
) -> Iterator[JudgedChunk]:
    """`judge_log` on the chunks of `ticket_log.read_chunks`, each judged in bulk (the
    arguments as there): a `JudgedChunk` per chunk, which `Attainment.add_chunk` counts without
    a `Judgement` per ticket."""
    resolver = _Resolver(catalog, policy, contracts, zone, bad_contracts)
    now_us = micros(now)
    for chunk in chunks:
        yield _judge(chunk, resolver, now_us, first, last)


def _row_chunks(rows: Iterable[RawTicket | BadRow]) -> Iterator[LogChunk]:
    pending: list[RawTicket | BadRow] = []
    for row in rows:
        pending.append(row)
        if len(pending) >= CHUNK:
            yield LogChunk.of_rows(pending)
            pending = []
    if pending:
        yield LogChunk.of_rows(pending)


# -- judging in bulk ------------------------------------------------------------------------------
#
# A chunk's rows are judged column by column: each time cell parsed in bulk (`_bulk_micros`), the
# names of a row resolved once per distinct combination (`_Resolver.fast`), the customer's date
# from a table of the zone's midnights (`_Midnights`), statuses and scopes once per distinct
# value, every deadline on the batch clock. A row that any of this cannot take as is (a bad
# cell, a time in another spelling, a customer with several contracts for the product, a zone
# whose dates go backwards) is judged by `_parse`, one row at a time: the rules live there, and
# the bulk path takes only rows on which it gives the same answer (tests/tickets/
# test_bulk.py holds the two to the same judgements).

#: The columns of a row's names, and the bits of each one's number (name_codes: 60 in all).
_NAME_BITS = (
    ("customer", 24),
    ("product", 8),
    ("version", 12),
    ("severity", 4),
    ("region", 8),
    ("coverage", 4),
)
#: Values numbered per column at most (memory stays flat: a log of millions of distinct
#: customers has its later newcomers judged row by row).
_NAMES_KEPT = 200_000
#: Statuses (product, version, date) kept by number (`_Resolver.status_codes`).
_STATUSES_KEPT = 500_000
#: Rows of names given a bulk code (`_Resolver.fast_code`), and keys of numbers remembered
#: with theirs (`name_codes`); later newcomers are judged row by row.
_CODES_KEPT = 200_000
_KEYS_KEPT = 1 << 20


def _number(numbers: dict[str, int], value: str, kept: int) -> int:
    """The number of a column's `value` in `numbers`, a new one while fewer than `kept` are
    numbered; -1: too many to number."""
    found = numbers.get(value)
    if found is None and len(numbers) < kept:
        found = numbers[value] = len(numbers)
    return -1 if found is None else found


_NONE = -(2**63)  # no such moment (an open response, an update that did not come)
_ALWAYS = 1 << 40  # ordinals beyond any date
_NEVER_IN_FORCE = (_ALWAYS, -_ALWAYS)  # no contract: never in force
_DAY_US = 86_400_000_000


class _Fast(Record):
    """What a row's names resolve to, for the bulk path (None in `_Resolver.fast`: not taken)."""

    static: _Static
    contract: Contract | None
    region: Region
    zone: ZoneInfo
    assumed: bool
    plan: _Plan
    clock: int  # the index of (region, plan) in _Resolver.clocks
    pv: int  # the code of (product, version, build): statuses are kept per pv and date
    start: int  # the contract's first and last day (ordinals), for in_force
    end: int
    scope_class: tuple[Severity, bool, bool, bool]


class JudgedChunk:
    """One chunk's judgements (`judge_chunks`): the rows taken in bulk as arrays, the others as
    `Judgement`s in `slow` (by position); `judgements()` gives them all in the log's order."""

    def __init__(self, chunk: LogChunk, resolver: _Resolver) -> None:
        self.chunk = chunk
        self.resolver = resolver
        self.slow: dict[int, Judgement] = {}
        self.positions = np.zeros(0, np.int64)  # the rows taken in bulk, in order
        self.fast: list[_Fast] = []  # each row's names (by `code`)
        self.code = np.zeros(0, np.int64)
        self.on = np.zeros(0, np.int64)
        self.reported = np.zeros(0, np.int64)
        self.owed = np.zeros(0, bool)
        self.statuses: list[Any] = []
        self.status = np.zeros(0, np.int64)
        # What was owed (rows not owed: _NONE / -1 / 0)
        self.response = np.zeros(0, np.int64)
        self.response_due = np.zeros(0, np.int64)
        self.response_met = np.zeros(0, np.int8)  # 1 met, 0 breached, -1 open or not judged
        self.response_late = np.zeros(0, np.int64)
        self.response_minutes = np.zeros(0, np.int64)  # -1: no response
        self.workaround_due = np.zeros(0, np.int64)
        self.workaround_met = np.zeros(0, np.int8)
        # Status updates, row by row and in order: the row (index into the arrays above), due,
        # came (_NONE: never), met, late minutes
        self.update_row = np.zeros(0, np.int64)
        self.update_due = np.zeros(0, np.int64)
        self.update_at = np.zeros(0, np.int64)
        self.update_met = np.zeros(0, bool)
        self.update_late = np.zeros(0, np.int64)
        self._update_first: Micros | None = None
        self._update_count: Micros | None = None

    def __len__(self) -> int:
        return len(self.positions) + len(self.slow)

    def updates_of(self, rows: Micros) -> tuple[Micros, Micros]:
        """The indexes of the status updates of `rows` (in `update_*`), row by row, and each
        one's row (an index into `rows`)."""
        if self._update_first is None:
            every = np.arange(len(self.positions))
            self._update_first = np.searchsorted(self.update_row, every)
            self._update_count = np.searchsorted(self.update_row, every, side="right")
            self._update_count -= self._update_first
        assert self._update_count is not None
        first, counts = self._update_first[rows], self._update_count[rows]
        total = int(counts.sum())
        # each row's first index, repeated for its updates, plus 0, 1, … within the row
        ends = np.cumsum(counts)
        within = np.arange(total) - np.repeat(ends - counts, counts)
        found: Micros = np.repeat(first, counts) + within
        return found, np.repeat(np.arange(len(rows)), counts)

    def groups(self, by: str) -> Iterator[tuple[str, Micros]]:
        """The rows taken in bulk per group under `--by` (as `Judgement.key`): key, rows (in
        the log's order)."""
        keys, group = self.group_index(by)
        if keys:
            order = np.lexsort((group,))  # stable: each group's rows in order
            rows = np.split(order, np.searchsorted(group[order], np.arange(1, len(keys))))
            yield from zip(keys, rows)  # noqa: B905 (a piece per key: equal lengths)

    def group_index(self, by: str) -> tuple[list[str], Micros]:
        """The groups under `--by` (as `Judgement.key`) of the rows taken in bulk: their keys,
        and each row's group (an index into the keys)."""
        if not len(self.positions):
            return [], self.positions  # (empty) a chunk of JSON Lines has no columns
        if by == "month":
            days, inverse = np.unique(self.on, return_inverse=True)
            labels = [f"{d.year:04d}-{d.month:02d}" for d in map(date.fromordinal, days.tolist())]
        elif by in ("severity", "region"):
            codes, inverse = np.unique(self.code, return_inverse=True)
            fast = self.fast
            labels = [
                fast[c].static.severity.value if by == "severity" else fast[c].region.id
                for c in codes.tolist()
            ]
        else:
            positions = self.positions.tolist()
            if by == "customer":
                names = [self.chunk.columns["customer"][p] for p in positions]
            else:  # the ticket, else its line
                tickets, lines = self.chunk.columns["ticket"], self.chunk.lines
                names = [tickets[p] or f"line {lines[p]}" for p in positions]
            # objects, not numpy's strings (which drop a name's trailing NULs)
            unique, inverse = np.unique(np.array(names, dtype=object), return_inverse=True)
            labels = [str(u) for u in unique.tolist()]
        keys: dict[str, int] = {}
        of_label = np.array([keys.setdefault(label, len(keys)) for label in labels])
        group: Micros = of_label[inverse]
        return list(keys), group

    def judgements(self) -> Iterator[Judgement]:
        """Every judgement of the chunk, in the log's order."""
        fast = {position: at for at, position in enumerate(self.positions.tolist())}
        for position in sorted([*fast, *self.slow]):
            at = fast.get(position)
            yield self.slow[position] if at is None else self._judgement(at)

    def _judgement(self, at: int) -> Judgement:
        """Row `at` of the arrays as a Judgement."""
        r = self.resolver
        position = int(self.positions[at])
        columns = self.chunk.columns
        fast = self.fast[int(self.code[at])]
        customer = columns["customer"][position]
        j = Judgement(self.chunk.lines[position], columns["ticket"][position] or None, customer)
        static = fast.static
        j.severity = static.severity
        j.region, j.region_assumed, j.zone = fast.region.id, fast.assumed, fast.zone
        j.on = date.fromordinal(int(self.on[at]))
        j.reported_at = int(self.reported[at])
        if not self.owed[at]:
            status = self.statuses[int(self.status[at])]
            # The contract's customer, spelled as the customers file spells it (as check).
            answer = check_entitlement(status, static.severity, r.policy, contract=fast.contract)
            j.owed = False
            j.reason = str(answer.reasons[0])  # §3.2: always one, why the version has its status
            return j
        j.owed = True
        j.clock = fast.plan.clock
        _fill(j, self, at)
        return j


def _fill(j: Judgement, d: JudgedChunk | _Deadlines, at: int) -> None:
    """Row `at`'s deadlines into `j`."""
    j.response_due = int(d.response_due[at])
    response = int(d.response[at])
    met = int(d.response_met[at])
    j.response_met = None if met < 0 else bool(met)
    j.response_late = int(d.response_late[at])
    if response not in (_NONE, _ABSENT):
        j.response_at = response
        j.response_minutes = int(d.response_minutes[at])
    due = int(d.workaround_due[at])
    if due != _NONE:
        j.workaround_target_due = due
        met = int(d.workaround_met[at])
        j.workaround_target_met = None if met < 0 else bool(met)
    first = int(np.searchsorted(d.update_row, at))
    stop = int(np.searchsorted(d.update_row, at, side="right"))
    for n in range(first, stop):
        came = int(d.update_at[n])
        j.updates.append(
            UpdateJudgement(
                int(d.update_due[n]),
                None if came == _NONE else came,
                bool(d.update_met[n]),
                int(d.update_late[n]),
            )
        )


def _judge(
    chunk: LogChunk, r: _Resolver, now_us: int, first: date | None, last: date | None
) -> JudgedChunk:
    """The chunk judged: rows in bulk where they can be, the rest by `_parse`."""
    judged = JudgedChunk(chunk, r)
    n = len(chunk)
    take = np.zeros(n, bool)
    bulk = _bulk(chunk, r, take, first, last)
    parsed: list[tuple[int, _Parsed]] = []
    for position in np.flatnonzero(~take).tolist():
        row = chunk.row(position)
        if isinstance(row, BadRow):
            judgement = Judgement(row.line, row.ticket, row.customer)
            judgement.not_judged = row.reason
            judged.slow[position] = judgement
            continue
        item = _parse(row, r, first, last)
        if isinstance(item, _Parsed):
            parsed.append((position, item))
            judged.slow[position] = item.judgement
        elif item is not None:
            judged.slow[position] = item
    inputs: list[_Inputs] = []
    if bulk is not None:
        inputs.append(_entitle(judged, bulk, r))
    if parsed:
        inputs.append(_parsed_inputs([p for _, p in parsed], r))
    if not inputs:
        return judged
    deadlines = _Deadlines(_Inputs.join(inputs), r.clocks, now_us, r.batch_clocks)
    count = len(judged.positions)
    owed_rows = np.flatnonzero(judged.owed)
    owed = len(owed_rows)

    def spread(values: np.ndarray, fill: int) -> np.ndarray:
        out = np.full(count, fill, values.dtype)
        out[owed_rows] = values[:owed]
        return out

    judged.response = spread(deadlines.response, _ABSENT)
    judged.response_due = spread(deadlines.response_due, _NONE)
    judged.response_met = spread(deadlines.response_met, -1)
    judged.response_late = spread(deadlines.response_late, 0)
    judged.response_minutes = spread(deadlines.response_minutes, -1)
    judged.workaround_due = spread(deadlines.workaround_due, _NONE)
    judged.workaround_met = spread(deadlines.workaround_met, -1)
    mine = deadlines.update_row < owed
    judged.update_row = owed_rows[deadlines.update_row[mine]]
    judged.update_due = deadlines.update_due[mine]
    judged.update_at = deadlines.update_at[mine]
    judged.update_met = deadlines.update_met[mine]
    judged.update_late = deadlines.update_late[mine]
    for n, (_, item) in enumerate(parsed, start=owed):
        _fill(item.judgement, deadlines, n)
    return judged


class _Inputs:
    """What the deadlines of owed rows start from, as arrays (`_Deadlines`)."""

    def __init__(
        self,
        plan: Micros,
        reported: Micros,
        response: Micros,  # _NONE: no response yet; _ABSENT: the log has no such column
        stop: Micros,
        has_updates: np.ndarray,  # False: the log has no updates column
        update_row: Micros,  # the updates, sorted, after the response, row by row
        update_at: Micros,
    ) -> None:
        self.plan = plan
        self.reported = reported
        self.response = response
        self.stop = stop
        self.has_updates = has_updates
        self.update_row = update_row
        self.update_at = update_at

    @staticmethod
    def join(parts: list[_Inputs]) -> _Inputs:
        """The rows of `parts`, one after another."""
        if len(parts) == 1:
            return parts[0]
        first, second = parts
        offset = len(first.plan)

        def both(name: str) -> Micros:
            joined: Micros = np.concatenate([getattr(first, name), getattr(second, name)])
            return joined

        return _Inputs(
            both("plan"),
            both("reported"),
            both("response"),
            both("stop"),
            both("has_updates"),
            np.concatenate([first.update_row, second.update_row + offset]),
            both("update_at"),
        )


def _parsed_inputs(items: list[_Parsed], r: _Resolver) -> _Inputs:
    plan_of = []
    for item in items:
        plan = _Plan(
            item.judgement.clock or Clock.BUSINESS,
            item.response_hours,
            item.every,
            item.update_clock,
            item.workaround_hours,
        )
        plan_of.append(r.clock_of(item.region, plan))
    updates = [item.updates or () for item in items]
    # (items are never none: numpy reads their ints as int64; the updates may be none)
    return _Inputs(
        np.array(plan_of),
        np.array([i.reported for i in items]),
        np.array([_NONE if i.response is None else i.response for i in items]),
        np.array([i.stop for i in items]),
        np.array([i.updates is not None for i in items]),
        np.repeat(np.arange(len(items)), [len(u) for u in updates]),
        np.fromiter(itertools.chain.from_iterable(updates), np.int64),
    )


class _Deadlines:
    """Every deadline of the owed rows (SPEC §9, see the module docstring), on the batch clock,
    a plan at a time; the update rounds chained from the previous communication."""

    PER_ROW = (
        "response_due",
        "response_met",
        "response_late",
        "response_minutes",
        "workaround_due",
        "workaround_met",
    )

    def __init__(
        self,
        i: _Inputs,
        plans: list[tuple[Region, _Plan]],
        now_us: int,
        clocks: dict[tuple[Region, Clock], BatchClock | ElapsedClock],
    ) -> None:
        count = len(i.plan)
        self.response = i.response
        self.response_due = np.zeros(count, np.int64)
        # (every row is some plan's: each array but the workaround's is filled below)
        self.response_met = np.empty(count, np.int8)
        self.response_late = np.zeros(count, np.int64)
        self.response_minutes = np.empty(count, np.int64)
        self.workaround_due = np.full(count, _NONE)
        self.workaround_met = np.full(count, -1, np.int8)
        rounds: list[Micros] = []  # per round: row, k, due, came (_NONE: not), met, late
        first = np.searchsorted(i.update_row, np.arange(count))
        counts = np.searchsorted(i.update_row, np.arange(count), side="right") - first
        now = np.int64(now_us)
        for p in np.unique(i.plan).tolist():
            region, plan = plans[p]
            rows = np.flatnonzero(i.plan == p)
            clock = clocks[region, plan.clock]
            reported = i.reported[rows]
            response = i.response[rows]
            due = clock.add(reported, plan.response_hours)
            came = (response != _NONE) & (response != _ABSENT)
            responded = np.where(came, response, now)
            # _late(clock, due, responded) and _late(clock, reported, responded) in one look-up
            count = len(rows)
            at = clock.position(np.concatenate([responded, due, reported]))
            late = -(-(at[:count] - at[count : 2 * count]) // _MINUTE_US)
            taken = -(-(at[:count] - at[2 * count :]) // _MINUTE_US)
            met = came & _on_time(responded, due)
            open_late = (response == _NONE) & (now > due)
            self.response_due[rows] = due
            self.response_met[rows] = np.where(came, met, np.where(open_late, 0, -1))
            self.response_late[rows] = np.where((came & ~met) | open_late, late, 0)
            self.response_minutes[rows] = np.where(came, taken, -1)
            stop = i.stop[rows]
            if plan.workaround_hours is not None:
                target = clock.add(reported, plan.workaround_hours)
                self.workaround_due[rows] = target
                done = stop != _NEVER
                on_time = _on_time(stop, target)
                self.workaround_met[rows] = np.where(done, on_time, np.where(now > target, 0, -1))
            if plan.every is None:
                continue
            # SPEC §9: each update is due one interval after the previous communication: the
            # response, or its due time without one, then each update that came.
            active = np.flatnonzero(i.has_updates[rows] & (response != _ABSENT))
            if len(active) == 0:
                continue
            update_clock = clocks[region, plan.update_clock]
            previous = np.where(response == _NONE, due, response)[active]
            active = rows[active]
            k = 0
            while len(active):
                due_k = update_clock.add(previous, plan.every)
                has = counts[active] > k
                at = np.zeros_like(active)  # the kth update's time, where there is one
                at[has] = i.update_at[first[active[has]] + k]
                stop_k = i.stop[active]
                came_k = has & (at < stop_k)
                done = np.where(came_k, at, np.minimum(stop_k, now))
                late_k = _late(update_clock, due_k, done)
                owed = due_k < stop_k  # due after the workaround or resolution: not owed
                met_k = came_k & _on_time(at, due_k)
                keep = owed & (came_k | (now > due_k))
                rounds.append(
                    np.stack(
                        [
                            active[keep],
                            np.full(int(np.count_nonzero(keep)), k),
                            due_k[keep],
                            np.where(came_k, at, _NONE)[keep],
                            met_k[keep],
                            np.where(met_k, 0, late_k)[keep],
                        ]
                    )
                )
                going = owed & came_k
                active, previous = active[going], at[going]
                k += 1
        joined = np.hstack(rounds) if rounds else np.zeros((6, 0), np.int64)
        row, _, due_, at_, met_, late_ = joined[:, np.lexsort((joined[1], joined[0]))]
        self.update_row, self.update_due, self.update_at, self.update_late = row, due_, at_, late_
        self.update_met = met_.astype(bool)


class _Static:
    """What a row's names resolve to (product, version, severity, contracts, region, coverage),
    shared by every row that names the same ones; `bad` says why they cannot be judged."""

    __slots__ = ("asked", "bad", "coverage", "mine", "product", "severity", "version")

    def __init__(self) -> None:
        self.bad: str | None = None
        self.product: Product
        self.version: Version
        self.severity: Severity
        self.mine: list[Contract] | None = None  # None: no customers file was given
        self.asked: Region | None = None
        self.coverage: Coverage | None = None


class _Plan(Record):
    """The §3.6 targets of a severity on a region's clocks (SPEC §3.4), as `sla` reads them."""

    clock: Clock
    response_hours: float
    every: float | None
    update_clock: Clock
    workaround_hours: float | None


def _static(r: _Resolver, key: tuple[str, str, str, str, str, str]) -> _Static:
    """Resolve a row's names once (see _Static)."""
    customer, product_text, version_text, severity_text, region_text, coverage_text = key
    found = _Static()
    product = r.product(product_text)
    if isinstance(product, str):
        found.bad = product
        return found
    version = r.version(version_text)
    if isinstance(version, str):
        found.bad = version
        return found
    severity = r.severity(severity_text)
    if not isinstance(severity, Severity):  # the message, for a name the policy lacks
        found.bad = severity
        return found
    found.product, found.version, found.severity = product, version, severity
    if r.contracts is not None:
        spoiled = r.spoiled.get(fold(customer))
        if spoiled is not None:
            found.bad = f"the customers file cannot be read for {customer}: {spoiled}"
            return found
        found.mine = [
            c
            for c in r.contracts.get(fold(customer), ())
            if _product_id(r, c.product) == product.id
        ]
        if not found.mine:
            found.bad = f"{customer} has no contract for {product.name} in the customers file"
            return found
    if region_text:
        region = r.region(region_text)
        if isinstance(region, str):
            found.bad = region
            return found
        found.asked = region
    if coverage_text:
        try:
            found.coverage = Coverage(coverage_text.lower().replace("/", "x"))
        except ValueError:
            found.bad = f"coverage {coverage_text[:40]!r} is not business or 24x7"
    return found


def _parse(
    row: RawTicket, r: _Resolver, first: date | None, last: date | None
) -> Judgement | _Parsed | None:
    """The row's values, or its Judgement with `not_judged` saying what is wrong."""
    get = row.cells.get
    ticket = get("ticket") or None
    customer = get("customer") or None
    judgement = Judgement(row.line, ticket, customer)  # type: ignore[arg-type]
    bad = judgement.not_judged_because
    key = (
        customer,
        get("product"),
        get("version"),
        get("severity"),
        get("region", ""),
        get("coverage", ""),
    )
    static = r.static.get(key)  # type: ignore[arg-type]
    if static is None:
        for n, column in enumerate(REQUIRED_NAMES):
            if not key[n]:
                return bad(f"no {column}")
        static = _static(r, key)  # type: ignore[arg-type]
        if len(r.static) > _MEMO_KEPT:
            r.static.clear()
        r.static[key] = static  # type: ignore[index]
    if static.bad is not None:
        if hasattr(static, "severity"):  # read before what went wrong
            judgement.severity = static.severity
        return bad(static.bad)
    severity = static.severity
    judgement.severity = severity
    text = get("reported_at")
    if not text:
        return bad("no reported_at")
    try:
        reported_at = r.moment(text, "reported_at")  # type: ignore[arg-type]
        response: int | None = _ABSENT
        text = get("first_response_at")
        if text is not None:
            response = r.micros(text, "first_response_at") if text else None  # type: ignore[arg-type]
        updates: tuple[int, ...] | None = None
        raw_updates = get("updates")
        if raw_updates is not None:
            updates = tuple(sorted([r.micros(u, "updates") for u in raw_updates]))
        stop = _NEVER
        # §3.6: "until Estimated Time to Resolution" is the S-2 row's (etr_at comes last)
        for column in _ENDS if severity is Severity.S2 else _ENDS[:-1]:
            text = get(column)
            if text:
                end = r.micros(text, column)  # type: ignore[arg-type]
                stop = min(stop, end)
    except EolCheckError as exc:
        return bad(str(exc))
    reported = micros(reported_at)
    if response is not None and response != _ABSENT and response < reported:
        return bad("the first response is before the report")
    mine = static.mine
    # SPEC §3.2 "whose date", as support.check: the customer's region on the UTC date, then
    # the region's own date chooses the contract.
    contract = _choose(mine, reported_at.astimezone(timezone.utc).date()) if mine else None
    region, zone, assumed = r.region_of(static.asked, contract)
    on = reported_at.astimezone(zone).date()
    if mine:
        # That date chooses the contract, and the contract the region; the date stays, as in
        # support.check (a second look in the new region's zone could pick a contract not in
        # force on the date it was chosen for).
        contract = _choose(mine, on)
        region, zone, assumed = r.region_of(static.asked, contract)
    if (first is not None and on < first) or (last is not None and on > last):
        return None
    judgement.region = region.id
    judgement.region_assumed = assumed
    judgement.zone = zone
    judgement.on = on
    judgement.reported_at = reported
    coverage = static.coverage or (contract.coverage if contract is not None else Coverage.BUSINESS)
    status = r.status(static.product, static.version, on)
    in_force = contract is not None and contract.in_force(on)
    scope_key = (
        status.status,
        severity,
        mine is None,
        contract is None,
        in_force,
        contract is not None and contract.is_paid_up,
    )
    scope = r.scopes.get(scope_key)
    if scope is None:
        # The scope depends on exactly what the key holds (entitlement.check_entitlement).
        scope = check_entitlement(status, severity, r.policy, contract=contract).scope
        r.scopes[scope_key] = scope
    if scope is Scope.NONE:
        # The contract's customer, spelled as the customers file spells it (as check).
        answer = check_entitlement(status, severity, r.policy, contract=contract)
        judgement.owed = False
        judgement.reason = str(answer.reasons[0])  # §3.2: always one (entitlement._lifecycle)
        return judgement
    judgement.owed = True
    plan = r.plan(severity, coverage, region)
    judgement.clock = plan.clock
    if updates and response is not None and response != _ABSENT and updates[0] <= response:
        updates = tuple(u for u in updates if u > response)
    return _Parsed(
        judgement,
        region,
        plan.every,
        plan.update_clock,
        plan.response_hours,
        plan.workaround_hours,
        reported,
        response,
        updates,
        stop,
    )


REQUIRED_NAMES = ("customer", "product", "version", "severity")
_ENDS = ("workaround_at", "resolved_at", "etr_at")


def _product_id(r: _Resolver, name: str) -> str | None:
    found = r.product(name)
    return None if isinstance(found, str) else found.id


def _choose(contracts: Sequence[Contract], on: date) -> Contract | None:
    from ..contracts import choose_contract

    return choose_contract(contracts, on)


def _on_time(done: Any, due: Any) -> Any:
    """SPEC §9: met when at or before the due time, to the minute (11:00:40 meets 11:00)."""
    return done // _MINUTE_US <= due // _MINUTE_US


def _late(clock: BatchClock | ElapsedClock, due: np.ndarray, done: np.ndarray) -> np.ndarray:
    """Whole minutes (rounded up) on `clock` from each due time to its done time."""
    # One look-up for both: positions of one call share the table's start.
    count = len(due)
    at = clock.position(np.concatenate([done, due]))
    return -(-(at[:count] - at[count:]) // _MINUTE_US)


def _clock(key: tuple[Region, Clock]) -> BatchClock | ElapsedClock:
    """A batch clock of a region (its whole record: hours, days, closed days) and kind."""
    region, kind = key
    return BatchClock(business_calendar(region)) if kind is Clock.BUSINESS else ElapsedClock()


K = TypeVar("K")
V = TypeVar("V")


class _Made(dict[K, V]):
    """One run's tables (`_Resolver`), each made from its key when first asked for."""

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: K) -> V:
        found = self[key] = self.make(key)
        return found


class _Bulk(Record):
    """The rows of a chunk taken in bulk, parsed (see `_bulk`)."""

    positions: Micros
    code: Micros
    on: Micros
    reported: Micros
    response: Micros
    stop: Micros
    has_updates: bool
    update_row: Micros  # sorted within each row, only those after the response
    update_at: Micros


def _bulk(
    chunk: LogChunk, r: _Resolver, take: np.ndarray, first: date | None, last: date | None
) -> _Bulk | None:
    """The rows of `chunk` that the bulk path takes (marked in `take`), parsed; None if none."""
    columns = chunk.columns
    count = len(chunk)
    if any(c not in columns for c in ("ticket", *REQUIRED_NAMES, "reported_at")):
        return None
    ok = np.isin(np.arange(count), list(chunk.rows), invert=True)  # not read as rows
    code = r.name_codes(columns, count)
    ok &= code >= 0
    if not ok.any():
        return None  # no row's names resolve in bulk: all row by row
    code = np.maximum(code, 0)
    reported, good, _ = _bulk_micros(columns["reported_at"])
    ok &= good
    text = columns.get("first_response_at")
    if text is None:
        response = np.full(count, _ABSENT)
    else:
        response, good, empty = _bulk_micros(text)
        ok &= good | empty
        response[empty] = _NONE
    stop = np.full(count, _NEVER)
    for column in _ENDS:
        text = columns.get(column)
        if text is None:
            continue
        end, good, empty = _bulk_micros(text)
        matters = ~empty
        if column == "etr_at":  # §3.6: "until Estimated Time to Resolution" is the S-2 row's
            matters &= r.per_code("s2")[code]
        ok &= good | ~matters
        stop = np.where(matters & good, np.minimum(stop, end), stop)
    came = (response != _NONE) & (response != _ABSENT)
    ok &= ~(came & (response < reported))  # "the first response is before the report"
    # The customer's date (SPEC §3.2 "whose date"): the region's date at the report.
    zone_of = r.per_code("zone")[code]
    on = np.zeros(count, np.int64)
    for zone_id in np.unique(zone_of[ok]).tolist():
        rows = np.flatnonzero(ok & (zone_of == zone_id))
        zone = r.fast[int(code[rows[0]])].zone
        days = r.midnights[zone].dates(reported[rows])
        ok[rows] = days is not None  # a zone whose dates go backwards at midnight: row by row
        if days is not None:
            on[rows] = days
    updates = chunk.updates
    update_row = update_at = np.array([], np.int64)
    if updates is not None:
        separator = chunk.separator
        if isinstance(updates, Cells) and len(separator) == 1 and separator.isascii():
            # The parts of each cell, on the block's bytes: between the cell's ends and the
            # separators inside it (the cells come in the block's order).
            data, starts, ends = updates.data, updates.starts, updates.ends
            marks = np.flatnonzero(data == ord(separator))
            cell = np.searchsorted(ends, marks, side="right")  # the first cell ending after
            inside = cell < count
            inside[inside] = marks[inside] >= starts[cell[inside]]
            marks, cell = marks[inside], cell[inside]
            parts = np.bincount(cell, minlength=count) + 1
            # In the block's order: before mark j come j marks and the starts of cells 0 to
            # cell[j], the ends of cells 0 to cell[j] - 1.
            after = np.cumsum(parts)  # each cell's last part, plus one
            mark_at = np.arange(len(marks)) + cell
            part_starts = np.empty(after[-1], np.int64)
            part_starts[after - parts] = starts
            part_starts[mark_at + 1] = marks + 1
            part_ends = np.empty_like(part_starts)
            part_ends[after - 1] = ends
            part_ends[mark_at] = marks
            update_at, good, empty = _micros_at(data, part_starts, part_ends - part_starts)
            update_row = np.repeat(np.arange(count), parts)
            blank = empty & (parts == 1)[update_row]  # an empty cell: no updates
            update_at, update_row, good = update_at[~blank], update_row[~blank], good[~blank]
        else:
            cells = [cell.split(separator) if cell else [] for cell in updates]
            counts = np.fromiter(map(len, cells), np.int64)
            update_at, good, _ = _bulk_micros(list(itertools.chain.from_iterable(cells)))
            update_row = np.repeat(np.arange(count), counts)
        ok[update_row[~good]] = False
    take[:] = ok
    if first is not None:
        ok &= on >= first.toordinal()
    if last is not None:
        ok &= on <= last.toordinal()
    if updates is not None:
        # Sorted by time within each row; only those after the response (the first
        # communication) are status updates.
        keep = ok[update_row] & ~(came[update_row] & (update_at <= response[update_row]))
        update_row, update_at = update_row[keep], update_at[keep]
        # (rows come in order; a log usually lists a ticket's updates in order too)
        if np.any((np.diff(update_at) < 0) & (np.diff(update_row) == 0)):
            order = np.lexsort((update_at, update_row))
            update_row, update_at = update_row[order], update_at[order]
    positions = np.flatnonzero(ok)
    if len(positions) == 0:
        return None
    return _Bulk(
        positions,
        code[positions],
        on[positions],
        reported[positions],
        response[positions],
        stop[positions],
        updates is not None,
        np.searchsorted(positions, update_row),  # each update's row among those taken
        update_at,
    )


def _entitle(judged: JudgedChunk, bulk: _Bulk, r: _Resolver) -> _Inputs:
    """Who is owed what (SPEC §3.3, as `_parse`): statuses and scopes once per distinct value."""
    judged.positions = bulk.positions
    judged.fast = r.fast
    judged.code = code = bulk.code
    judged.on = on = bulk.on
    judged.reported = bulk.reported
    # version_status once per (product, version, date)
    keys, inverse = np.unique(r.per_code("pv")[code] * (1 << 22) + on, return_inverse=True)
    codes = r.status_codes(keys.tolist())
    judged.status = status = codes[inverse]
    judged.statuses = statuses = r.status_list
    kinds = r.status_kind
    # The scope: once per (status, severity, contract present / in force / paid up), the key
    # `_parse` keeps it by.
    in_force = (r.per_code("start")[code] <= on) & (on <= r.per_code("end")[code])
    kind = np.array([kinds[c] for c in codes.tolist()])[inverse]  # codes: never empty
    scope_of = np.ravel_multi_index(
        (kind, r.per_code("class")[code], in_force), (len(r.kinds), len(r.classes), 2)
    )
    _, first_row, inverse = np.unique(scope_of, return_index=True, return_inverse=True)
    owed_of = []
    for row in first_row.tolist():
        fast = r.fast[int(code[row])]
        found = statuses[int(status[row])]
        severity, no_file, no_contract, paid = fast.scope_class
        scope_key = (found.status, severity, no_file, no_contract, bool(in_force[row]), paid)
        scope = r.scopes.get(scope_key)
        if scope is None:
            # The scope depends on exactly what the key holds (a bulk row's contract, when
            # there is a customers file, is the customer's one).
            scope = check_entitlement(found, severity, r.policy, contract=fast.contract).scope
            r.scopes[scope_key] = scope
        owed_of.append(scope is not Scope.NONE)
    judged.owed = owed = np.array(owed_of)[inverse]
    rows = np.flatnonzero(owed)
    index = np.cumsum(owed) - 1  # an owed row's place among the owed (of the others: unread)
    keep = owed[bulk.update_row]
    return _Inputs(
        r.per_code("clock")[code[rows]],
        bulk.reported[rows],
        bulk.response[rows],
        bulk.stop[rows],
        np.full(len(rows), bulk.has_updates),
        index[bulk.update_row[keep]],
        bulk.update_at[keep],
    )


def _bulk_micros(texts: Sequence[str]) -> tuple[Micros, np.ndarray, np.ndarray]:
    """Each text (a list, or `Cells`) as microseconds since the epoch, whether it was read, and
    whether it is empty. Read are the spellings `YYYY-MM-DDTHH:MM:SS±HH:MM` and
    `YYYY-MM-DDTHH:MM:SSZ` in the years `_dates.RANGE` allows, as `_Resolver.moment` reads
    them; any other text is left to it (a `Cells` cell with spaces around it too: it is read
    unstripped)."""
    if isinstance(texts, Cells):
        return _micros_at(texts.data, texts.starts, texts.ends - texts.starts)
    count = len(texts)
    # The texts as lines of one text (cells are decoded strictly: no lone surrogate)
    data = np.frombuffer(("\n".join(texts) + "\n").encode(), np.uint8)
    ends = np.flatnonzero(data == 10)
    if len(ends) != count:  # a line break inside a text
        nothing = np.zeros(count, bool)
        return np.zeros(count, np.int64), nothing, nothing
    starts = np.concatenate([[0], ends[:-1] + 1])
    return _micros_at(data, starts, ends - starts)


def _micros_at(
    data: npt.NDArray[np.uint8], starts: Micros, length: Micros
) -> tuple[Micros, np.ndarray, np.ndarray]:
    """`_bulk_micros` of the texts `data[starts[i] : starts[i] + length[i]]`."""
    empty = length == 0
    zulu = length == 20
    good = (length == 25) | zulu
    if not good.any():
        return np.zeros(len(starts), np.int64), good, empty
    if int(starts.max()) + _WIDTH > len(data):  # too near the end for a window: padded
        data = np.concatenate([data, np.zeros(_WIDTH, np.uint8)])
    # Each text's 32 bytes from its start (a row each, copied from a window view of `data`)
    windows = np.lib.stride_tricks.sliding_window_view(data, _WIDTH)
    return _micros(windows[starts], good, zulu, empty)


def _micros(
    m: npt.NDArray[np.uint8], good: np.ndarray, zulu: np.ndarray, empty: np.ndarray
) -> tuple[Micros, np.ndarray, np.ndarray]:
    """`_bulk_micros` of the texts that start the rows of `m` (32 bytes each: a text's 25,
    a `zulu` one's 20, then anything), those not `good` already refused."""
    # The shape: each byte in its place's range (a digit no larger than its field allows, the
    # marks in their places), the out-of-range places found a 8-byte word at a time.
    wrong = ((m - _LOW) > _SPAN).view(np.uint64)
    sign = m[:, 19]
    good &= (wrong[:, 0] | wrong[:, 1] | (wrong[:, 2] & 0xFFFFFF)) == 0  # YYYY-MM-DDTHH:MM:SS
    offset_wrong = (wrong[:, 2] >> 24) | (wrong[:, 3] & 0xFF)  # ±HH:MM (± as + , -)
    good &= np.where(zulu, sign == ord("Z"), (offset_wrong == 0) & (sign != ord(",")))
    v = np.ascontiguousarray(m[:, :25].T).astype(np.int32)
    v -= ord("0")
    year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3]
    month = v[5] * 10 + v[6]
    # _dates.RANGE: 1900-01-01 to 2999-12-31, the date as written (a month up to 19 fits the
    # table; a text of the wrong shape may hold anything, and below 0 it indexes from the end)
    inside = (year >= FIRST_DATE.year) & (year <= LAST_DATE.year) & (month < 20)
    year_month = ((year - FIRST_DATE.year) * 20 + month) * inside  # (0 outside: refused below)
    day = v[8] * 10 + v[9]
    hour = v[11] * 10 + v[12]
    good &= inside & (day >= 1) & (day <= _DAYS_IN[year_month]) & (hour <= 23)
    offset = (v[20] * 10 + v[21]) * 60 + v[23] * 10 + v[24]
    good &= zulu | (offset < 24 * 60)  # hours at most 23
    offset[sign == ord("-")] *= -1
    offset[zulu] = 0
    seconds = (_MONTH_STARTS[year_month] + day - 1) * 86400
    seconds += ((hour * 60 + v[14] * 10 + v[15] - offset) * 60) + v[17] * 10 + v[18]
    seconds *= 1_000_000
    seconds[~good] = 0
    return seconds, good, empty


def _month_table() -> tuple[Micros, npt.NDArray[np.int32]]:
    """For each (year, month) of _dates.RANGE, at `(year - 1900) * 20 + month`: the days from
    1970-01-01 to its first (`date.toordinal`'s calendar) and its number of days; 0 where the
    month is not 1 to 12."""
    years = LAST_DATE.year - FIRST_DATE.year + 1
    first = np.datetime64(f"{FIRST_DATE.year:04d}-01")  # a month
    months = np.arange(first, first + years * 12 + 1).astype("datetime64[D]").astype(np.int64)
    starts, lengths = np.zeros((years, 20), np.int64), np.zeros((years, 20), np.int32)
    starts[:, 1:13] = months[:-1].reshape(years, 12)
    lengths[:, 1:13] = np.diff(months).reshape(years, 12)
    return starts.ravel(), lengths.ravel()


#: The bytes each place of `YYYY-MM-DDTHH:MM:SS±HH:MM` may hold (± as + , -: a comma is
#: refused apart), as the lowest and the span above it; the 7 bytes after it, anything.
_WIDTH = 32
_LOW = np.zeros(_WIDTH, np.uint8)
_LOW[:25] = np.frombuffer(b"0000-00-00T00:00:00+00:00", np.uint8)
_SPAN = np.full(_WIDTH, 255, np.uint8)
_SPAN[:25] = np.frombuffer(b"9999-19-39T29:59:59-29:59", np.uint8) - _LOW[:25]
_MONTH_STARTS, _DAYS_IN = _month_table()


class _Midnights:
    """When each local day of a zone begins, as UTC microseconds: the customer's date of many
    moments by one binary search (`dates`), exact where the zone's date only goes forward."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.starts: dict[
            int, int | None
        ] = {}  # day (ordinal) → its first instant (None: see _start)

    def dates(self, moments: Micros) -> Micros | None:
        """The local date (ordinal) of each moment; None if the zone's date goes backwards or
        skips a day near one of them (then ask `astimezone`, row by row)."""
        # A local date is the UTC date, the day before or the day after (offsets are under a
        # day): a moment's is the last of those days begun at it.
        utc_days = np.unique(moments // _DAY_US) + _EPOCH_ORDINAL
        days = np.unique(np.concatenate([utc_days - 1, utc_days, utc_days + 1]))
        if len(self.starts) > _MIDNIGHTS_KEPT:
            self.starts.clear()
        starts = []
        for day in days.tolist():
            start = self.starts.get(day, _UNKNOWN)
            if start == _UNKNOWN:
                start = self.starts[day] = self._start(day)
            if start is None:
                return None
            starts.append(start)
        table = np.array(starts)  # (never empty: numpy reads the ints as int64)
        if not np.all(np.diff(table) > 0):
            return None
        found: Micros = days[np.searchsorted(table, moments, side="right") - 1]
        return found

    def _start(self, ordinal: int) -> int | None:
        """The first instant of local day `ordinal`; None if the date went backwards over its
        midnight (a local time just before it happens twice), the instant before midnight
        never happened (a gap across it), or the day is skipped."""
        zone = self.zone
        day = date.fromordinal(ordinal)
        before = datetime.combine(day - timedelta(days=1), time.max, zone)
        if before.utcoffset() != before.replace(fold=1).utcoffset():
            return None
        # Midnight, the first if twice. If it is skipped, the gap begins at it (the instant
        # before happened once): fold 0 reads it with the offset before the gap, which gives
        # the gap's first instant, where the day begins (PEP 495).
        start = micros(datetime.combine(day, time(), zone))
        if moment(start, zone).date() != day or moment(start - 1, zone).date() >= day:
            return None
        return start


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
#: Days whose first instant a zone's table keeps before starting afresh.
_MIDNIGHTS_KEPT = 1_000_000
_UNKNOWN = -1  # never a day's first instant (UTC offsets are whole seconds)


def _count(judged: JudgedChunk, rows: Micros, group: Micros, targets: list[Attainment]) -> None:
    """`Attainment.add` of each row of `judged` in `rows` into `targets[group]`, a chunk at once:
    counts by `bincount`, response minutes by (group, minutes), and only the breaches that can be
    among a group's WORST latest made into tuples."""
    count = len(targets)

    def per_group(mask: np.ndarray, of: Micros = group) -> list[int]:
        counted: list[int] = np.bincount(of[mask], minlength=count).tolist()
        return counted

    everything = np.ones(len(rows), bool)
    owed = judged.owed[rows]
    met = judged.response_met[rows]
    target = judged.workaround_met[rows]
    tickets, owed_n = per_group(everything), per_group(owed)
    open_n, met_n, breached_n = (
        per_group(owed & (met < 0)),
        per_group(owed & (met == 1)),
        per_group(owed & (met == 0)),
    )
    target_met, target_missed = per_group(owed & (target == 1)), per_group(owed & (target == 0))
    mine = rows[owed]
    mine_group = group[owed]
    updates, owner = judged.updates_of(mine)
    update_group = mine_group[owner]
    kept = judged.update_met[updates]
    updates_met, updates_breached = per_group(kept, update_group), per_group(~kept, update_group)
    for n, a in enumerate(targets):
        a.tickets += tickets[n]
        a.owed += owed_n[n]
        a.not_owed += tickets[n] - owed_n[n]
        a.open += open_n[n]
        a.response_met += met_n[n]
        a.response_breached += breached_n[n]
        a.workaround_target_met += target_met[n]
        a.workaround_target_missed += target_missed[n]
        a.updates_met += updates_met[n]
        a.updates_breached += updates_breached[n]
    # Response minutes: one count per distinct (group, minutes)
    minutes = judged.response_minutes[mine]
    taken = minutes >= 0
    pairs, times = np.unique(mine_group[taken] * (1 << 32) + minutes[taken], return_counts=True)
    for pair, times_ in zip(pairs.tolist(), times.tolist()):  # noqa: B905 (np.unique's)
        targets[pair >> 32].minutes[pair & 0xFFFFFFFF] += times_
    # The worst breaches: in each group only those as late as its WORST-th latest can enter.
    late_rows = mine[met[owed] == 0]
    missed = updates[~kept]
    lates = np.concatenate([judged.response_late[late_rows], judged.update_late[missed]])
    if not len(lates):
        return
    groups_of = np.concatenate([mine_group[met[owed] == 0], update_group[~kept]])
    order = np.lexsort((-lates, groups_of))
    sorted_groups = groups_of[order]
    first = np.searchsorted(sorted_groups, sorted_groups)
    rank = np.arange(len(order)) - first
    floor = np.full(count, np.iinfo(np.int64).min)
    floor[sorted_groups[rank == WORST - 1]] = lates[order][rank == WORST - 1]
    candidates = lates >= floor[groups_of]
    tickets_ = judged.chunk.columns["ticket"]
    positions = judged.positions
    responses = len(late_rows)
    first_update = np.searchsorted(judged.update_row, judged.update_row[missed])
    for at in np.flatnonzero(candidates).tolist():
        g = int(groups_of[at])
        if at < responses:
            row = int(late_rows[at])
            ticket = tickets_[int(positions[row])]
            targets[g]._worst(int(judged.response_late[row]), ticket, "response")
        else:
            u = int(missed[at - responses])
            ticket = tickets_[int(positions[judged.update_row[u]])]
            n = u - int(first_update[at - responses]) + 1  # the nth update of its ticket
            targets[g]._worst(int(judged.update_late[u]), ticket, f"update {n}")


class Attainment:
    """One group's counts (SPEC §9): tickets, owed, met and breached, percentiles, worst."""

    def __init__(self) -> None:
        self.tickets = 0
        self.owed = 0
        self.not_owed = 0
        self.not_judged = 0
        self.open = 0
        self.response_met = 0
        self.response_breached = 0
        self.updates_met = 0
        self.updates_breached = 0
        self.workaround_target_met = 0
        self.workaround_target_missed = 0
        self.minutes: Counter[int] = Counter()  # response minutes → tickets
        self.worst: list[tuple[int, str, str]] = []  # (late minutes, ticket, what): a min-heap

    def add(self, j: Judgement) -> None:
        """Count one ticket."""
        self.tickets += 1
        if j.not_judged is not None:
            self.not_judged += 1
            return
        if not j.owed:
            self.not_owed += 1
            return
        self.owed += 1
        if j.response_met is None:
            self.open += 1
        elif j.response_met:
            self.response_met += 1
        else:
            self.response_breached += 1
            self._worst(j.response_late, j.ticket or "", "response")
        if j.response_minutes is not None:
            self.minutes[j.response_minutes] += 1
        for n, update in enumerate(j.updates, start=1):
            if update.met:
                self.updates_met += 1
            else:
                self.updates_breached += 1
                self._worst(update.late_minutes, j.ticket or "", f"update {n}")
        if j.workaround_target_met is True:
            self.workaround_target_met += 1
        elif j.workaround_target_met is False:
            self.workaround_target_missed += 1

    def add_chunk(self, judged: JudgedChunk, rows: Micros | None = None) -> None:
        """`add` for each ticket of `judged` taken in bulk (`rows`: those of one group; default
        all), without a Judgement each; the chunk's `slow` judgements are added with `add`."""
        if rows is None:
            rows = np.arange(len(judged.positions))
        _count(judged, rows, np.zeros(len(rows), np.int64), [self])

    @staticmethod
    def add_groups(judged: JudgedChunk, by: str, groups: dict[str, Attainment]) -> None:
        """`add_chunk` for every group of `judged` under `--by` at once, into `groups` (by key;
        a group not there yet is added)."""
        keys, group = judged.group_index(by)
        targets = [groups.setdefault(key, Attainment()) for key in keys]
        _count(judged, np.arange(len(group)), group, targets)

    def _worst(self, late: int, ticket: str, what: str) -> None:
        entry = (late, ticket, what)
        if len(self.worst) < WORST:
            heapq.heappush(self.worst, entry)
        else:  # in, and the least out (the entry itself when it is no later)
            heapq.heappushpop(self.worst, entry)

    @staticmethod
    def rate(met: int, breached: int) -> float | None:
        """met / (met + breached); None when nothing was judged (SPEC §9: never 100%)."""
        return None if met + breached == 0 else met / (met + breached)

    def percentile(self, p: float) -> int | None:
        """The nearest-rank `p`th percentile of response minutes, None without responses."""
        total = sum(self.minutes.values())
        if total == 0:
            return None
        rank = max(1, math.ceil(p / 100 * total))
        values = sorted(self.minutes)
        seen = list(itertools.accumulate(self.minutes[m] for m in values))
        return values[bisect.bisect_left(seen, rank)]  # rank <= total = seen[-1]

    def as_json(self) -> dict[str, Any]:
        """The group's JSON form (docs/tickets.md)."""
        return {
            "tickets": self.tickets,
            "owed": self.owed,
            "not_owed": self.not_owed,
            "not_judged": self.not_judged,
            "open": self.open,
            "response_met": self.response_met,
            "response_breached": self.response_breached,
            "response_attainment": self.rate(self.response_met, self.response_breached),
            "updates_met": self.updates_met,
            "updates_breached": self.updates_breached,
            "updates_attainment": self.rate(self.updates_met, self.updates_breached),
            "workaround_target_met": self.workaround_target_met,
            "workaround_target_missed": self.workaround_target_missed,
            "median_response_minutes": self.percentile(50),
            "p90_response_minutes": self.percentile(90),
            "worst": [
                {"ticket": t, "what": what, "late_minutes": late}
                for late, t, what in sorted(self.worst, reverse=True)
            ],
        }


T = TypeVar("T")


def _looked_up(
    known: dict[str, T | str], text: str, read: Callable[[str], T], limit: int
) -> T | str:
    """`read(text)`, or its error's message, remembered in `known` (at most `limit` names: a
    log names any number)."""
    found = known.get(text)
    if found is None:
        try:
            found = read(text)
        except EolCheckError as exc:
            found = str(exc)
        if len(known) < limit:
            known[text] = found
    return found
