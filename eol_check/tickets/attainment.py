"""Judging a ticket log against §3.6 (SPEC §9): per ticket, then per group.

`judge_log(rows, ...)` turns the rows of `ticket_log.read_log` into `Judgement`s, a chunk at a
time, with the batch clock: every deadline of a chunk that shares a region and a clock is
computed at once (`batch_clock`). What is owed comes from the same library code as `check`:

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

import heapq
import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timezone
from itertools import accumulate

import numpy as np

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
from .ticket_log import BadRow, RawTicket

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar
    from zoneinfo import ZoneInfo

    _K = TypeVar("_K")
    _V = TypeVar("_V")

    from ..catalog import Catalog, Product
    from ..contracts import Contract
    from ..policy import Policy, Region
    from ..version import Version

__all__ = ["GROUPS", "Attainment", "Judgement", "UpdateJudgement", "judge_log"]

#: What `--by` groups by.
GROUPS = ("month", "severity", "region", "customer", "ticket")
#: Tickets judged together.
CHUNK = 8192
#: Worst breaches kept per group.
WORST = 3
#: Answers kept per look-up (names, versions, statuses, …): a log's distinct values are few, but
#: a hostile one could make each row new; a full look-up forgets everything and starts again.
KEEP = 100_000
_MINUTE_US = 60_000_000
_NEVER = int(np.iinfo(np.int64).max)
#: `response` of a log that has no first_response_at column (SPEC §9: not judged).
_ABSENT = -(2**62)


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
        self.clocks: dict[tuple[Region, Clock], BatchClock | ElapsedClock] = {}
        self.contracts: dict[str, list[Contract]] | None = None
        self.spoiled: dict[str, str] = {}  # a customer whose contract row cannot be read
        for error in bad_contracts:
            if error.customer is not None:
                self.spoiled.setdefault(fold(error.customer), str(error))
        if contracts is not None:
            self.contracts = defaultdict(list)
            for contract in contracts:
                self.contracts[fold(contract.customer)].append(contract)

    def product(self, text: str) -> Product | str:
        return _kept(self.products, text, lambda: _or_message(self.catalog.product, text))

    def version(self, text: str) -> Version | str:
        return _kept(self.versions, text, lambda: _or_message(parse_lenient, text))

    def severity(self, text: str) -> Severity | str:
        return _kept(self.severities, text, lambda: _or_message(self.policy.severity, text))

    def region(self, text: str) -> Region | str:
        return _kept(self.regions, text, lambda: _or_message(self.policy.region, text))

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
        return micros(self.moment(text, what))

    def region_of(
        self, asked: Region | None, contract: Contract | None
    ) -> tuple[Region, ZoneInfo, bool]:
        """The SLA's region for a ticket (support.check's rule), its zone, and whether it was
        assumed."""
        from ..support import _region as region_of  # asked, the contract's, else assumed

        def find() -> tuple[Region, ZoneInfo, bool]:
            region, assumed = region_of(self.policy, asked, contract)
            return region, region.tz, assumed

        key = (None if asked is None else asked.id, id(contract))
        return _kept(self.regions_of, key, find)

    def plan(self, severity: Severity, coverage: Coverage, region: Region) -> _Plan:
        """The targets and clocks of `severity` (SPEC §3.4), as sla.sla_deadlines reads them."""

        def find() -> _Plan:
            targets = self.policy.targets(severity)
            clock = targets.clock_for(coverage)
            every: float | None = targets.update_hours
            update_clock = clock
            if targets.update_business_days is not None:
                # SPEC §3.4: "every 10 business days" is 10 × the daily hours, business hours.
                every = targets.update_business_days * region.daily_hours
                update_clock = Clock.BUSINESS
            hours = targets.response_hours
            return _Plan(clock, hours, every, update_clock, targets.workaround_hours)

        return _kept(self.plans, (severity, coverage, region.id), find)

    def status(self, product: Product, version: Version, on: date) -> Any:
        key = (product.id, version, version.build, on)  # equal versions may differ in build
        return _kept(self.statuses, key, lambda: version_status(product, version, self.policy, on))

    def clock(self, region: Region, kind: Clock) -> BatchClock | ElapsedClock:
        """The batch clock of `region` (its whole record: hours, days, closed days) and `kind`."""

        def make() -> BatchClock | ElapsedClock:
            if kind is Clock.BUSINESS:
                return BatchClock(business_calendar(region))
            return ElapsedClock()

        return _kept(self.clocks, (region, kind), make)


def _kept(cache: dict[_K, _V], key: _K, make: Callable[[], _V], limit: int = KEEP) -> _V:
    """`make()` for `key`, made once and kept in `cache`, which holds at most `limit` answers."""
    found = cache.get(key)
    if found is None:
        found = make()
        if len(cache) >= limit:
            cache.clear()
        cache[key] = found
    return found


def _or_message(read: Callable[[str], _V], text: str) -> _V | str:
    """What `read` makes of `text`, or the message of the EolCheckError it raises."""
    try:
        return read(text)
    except EolCheckError as exc:
        return str(exc)


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
    resolver = _Resolver(catalog, policy, contracts, zone, bad_contracts)
    now_us = micros(now)
    pending: list[Judgement | _Parsed] = []
    for row in rows:
        if isinstance(row, BadRow):
            judgement = Judgement(row.line, row.ticket, row.customer)
            judgement.not_judged = row.reason
            pending.append(judgement)
        else:
            item = _parse(row, resolver, first, last)
            if item is not None:
                pending.append(item)
        if len(pending) >= CHUNK:
            yield from _judge_chunk(pending, now_us, resolver)
            pending = []
    yield from _judge_chunk(pending, now_us, resolver)


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


def _static(r: _Resolver, key: tuple[str, ...]) -> _Static:
    """Resolve a row's names once (see _Static); a cell absent from the row is empty."""
    found = _Static()
    for column, value in zip(REQUIRED_NAMES, key):  # noqa: B905 (the key starts with them)
        if not value:
            found.bad = f"no {column}"
            return found
    customer, product_text, version_text, severity_text, region_text, coverage_text = key
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
    key: tuple[str, ...] = tuple(get(column) or "" for column in _NAMES)  # type: ignore[misc]
    static = _kept(r.static, key, lambda: _static(r, key))
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
        # §3.6: "until Estimated Time to Resolution" is the S-2 row's; the others end with the
        # workaround or the resolution.
        for column in _ENDS if severity is Severity.S2 else _ENDS[:2]:
            text = get(column)
            if text:
                stop = min(stop, r.micros(text, column))  # type: ignore[arg-type]
    except EolCheckError as exc:
        return bad(str(exc))
    reported = micros(reported_at)
    if response is not None and response != _ABSENT and response < reported:
        return bad("the first response is before the report")
    mine = static.mine
    # SPEC §3.2 "whose date", as support.check: the customer's region on the UTC date, then
    # the region's own date chooses the contract.
    if not mine:
        contract = None
    elif len(mine) == 1:
        contract = mine[0]
    else:
        contract = _choose(mine, reported_at.astimezone(timezone.utc).date())
    region, zone, _ = r.region_of(static.asked, contract)
    on = reported_at.astimezone(zone).date()
    if mine and len(mine) > 1:
        # That date chooses the contract, and the contract the region; the date stays, as in
        # support.check (a second look in the new region's zone could pick a contract not in
        # force on the date it was chosen for).
        contract = _choose(mine, on)
        region, zone, _ = r.region_of(static.asked, contract)
    if (first is not None and on < first) or (last is not None and on > last):
        return None
    judgement.region = region.id
    judgement.zone = zone
    judgement.on = on
    judgement.reported_at = reported
    coverage = static.coverage or (contract.coverage if contract is not None else Coverage.BUSINESS)
    status = r.status(static.product, static.version, on)
    # The scope depends on exactly what the key holds (entitlement.check_entitlement): no
    # customers file (no contract), or the contract's standing on the date. The customer is
    # the contract's, spelled as the customers file spells it (as support.check does).
    terms = None if contract is None else (contract.in_force(on), contract.is_paid_up)
    scope = _kept(
        r.scopes,
        (status.status, severity, terms),
        lambda: check_entitlement(status, severity, r.policy, contract=contract).scope,
    )
    if scope is Scope.NONE:
        answer = check_entitlement(status, severity, r.policy, contract=contract)
        judgement.owed = False
        judgement.reason = str(answer.reasons[0])  # §1.4 or §2 at least: a status has a reason
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
#: The cells a row's names are resolved from, once per distinct combination (see _Static).
_NAMES = (*REQUIRED_NAMES, "region", "coverage")
_ENDS = ("workaround_at", "resolved_at", "etr_at")


def _product_id(r: _Resolver, name: str) -> str | None:
    found = r.product(name)
    return None if isinstance(found, str) else found.id


def _choose(contracts: Sequence[Contract], on: date) -> Contract | None:
    from ..contracts import choose_contract

    return choose_contract(contracts, on)


def _on_time(done: int, due: int) -> bool:
    """SPEC §9: met when at or before the due time, to the minute (11:00:40 meets 11:00)."""
    return done < (due // _MINUTE_US + 1) * _MINUTE_US  # before the due minute ends


def _late(clock: BatchClock | ElapsedClock, due: np.ndarray, done: np.ndarray) -> np.ndarray:
    """Whole minutes (rounded up) on `clock` from each due time to its done time."""
    span = clock.position(done) - clock.position(due)
    return -(-span // _MINUTE_US)


def _judge_chunk(
    pending: list[Judgement | _Parsed], now_us: int, r: _Resolver
) -> Iterator[Judgement]:
    """Every deadline of the chunk, by region and clock, then the judgements in order."""
    groups: dict[tuple[str, Clock], list[_Parsed]] = defaultdict(list)
    for item in pending:
        if isinstance(item, _Parsed):
            groups[(item.region.id, item.judgement.clock or Clock.BUSINESS)].append(item)
    for (_, clock_kind), items in groups.items():
        region = items[0].region
        _respond(items, r.clock(region, clock_kind), now_us)
        _update(items, region, now_us, r)
    for item in pending:
        yield item.judgement if isinstance(item, _Parsed) else item


def _array(values: Iterable[int]) -> Micros:
    """Moments or durations (µs) as numpy's int64, for the batch clock."""
    return np.fromiter(values, np.int64)


def _respond(items: list[_Parsed], clock: BatchClock | ElapsedClock, now_us: int) -> None:
    """The response (SPEC §9): due, met or late, minutes to respond; the workaround target."""
    by_hours: dict[float, list[_Parsed]] = defaultdict(list)
    for item in items:
        by_hours[item.response_hours].append(item)
    for hours, group in by_hours.items():
        reported = _array(i.reported for i in group)
        due = clock.add(reported, hours)
        responded = _array(
            now_us if i.response is None or i.response == _ABSENT else i.response for i in group
        )
        # Plain ints from here on: a numpy scalar per access costs more than the arithmetic.
        dues: list[int] = due.tolist()
        lates: list[int] = _late(clock, due, responded).tolist()
        takens: list[int] = _late(clock, reported, responded).tolist()
        for item, d, late, taken in zip(group, dues, lates, takens):  # noqa: B905 (one group)
            j = item.judgement
            j.response_due = d
            response = item.response
            if response == _ABSENT:
                continue  # SPEC §9: a column absent from the log is not judged
            if response is None:
                if now_us > d:
                    j.response_met, j.response_late = False, late
                continue
            j.response_at = response
            j.response_minutes = taken
            met = j.response_met = _on_time(response, d)
            j.response_late = 0 if met else late
    by_target: dict[float, list[_Parsed]] = defaultdict(list)
    for item in items:
        if item.workaround_hours is not None:
            by_target[item.workaround_hours].append(item)
    for hours, group in by_target.items():
        targets: list[int] = clock.add(_array(i.reported for i in group), hours).tolist()
        for item, d in zip(group, targets):  # noqa: B905 (one group)
            item.judgement.workaround_target_due = d
            if item.stop != _NEVER:
                item.judgement.workaround_target_met = _on_time(item.stop, d)
            elif now_us > d:
                item.judgement.workaround_target_met = False


def _update(items: list[_Parsed], region: Region, now_us: int, r: _Resolver) -> None:
    """Status updates, chained from the previous communication (SPEC §9), a round at a time."""
    by_every: dict[tuple[float, Clock], list[_Parsed]] = defaultdict(list)
    for item in items:
        if item.every is not None and item.updates is not None and item.response != _ABSENT:
            by_every[(item.every, item.update_clock)].append(item)
    for (every, kind), group in by_every.items():
        clock = r.clock(region, kind)
        # The first update is counted from the response, or from its due time without one.
        previous = [
            i.response if i.response is not None else int(i.judgement.response_due or 0)
            for i in group
        ]
        active = list(range(len(group)))
        k = 0
        while active:
            due = clock.add(_array(previous[n] for n in active), every)
            came: list[int | None] = []
            done: list[int] = []
            for n in active:
                item = group[n]
                updates = item.updates
                assert updates is not None
                at = updates[k] if k < len(updates) else None
                if at is not None and at >= item.stop:
                    at = None
                came.append(at)
                done.append(at if at is not None else min(item.stop, now_us))
            # Plain ints from here on: a numpy scalar per access costs more than the arithmetic.
            dues: list[int] = due.tolist()
            lates: list[int] = _late(clock, due, _array(done)).tolist()
            still = []
            for n, d, at, late in zip(active, dues, came, lates):  # noqa: B905 (one round)
                item = group[n]
                if d >= item.stop:
                    continue  # due after the workaround or resolution: not owed
                if at is not None:
                    met = _on_time(at, d)
                    item.judgement.updates.append(UpdateJudgement(d, at, met, 0 if met else late))
                    previous[n] = at
                    still.append(n)
                elif now_us > d:
                    item.judgement.updates.append(UpdateJudgement(d, None, False, late))
            active = still
            k += 1


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

    def _worst(self, late: int, ticket: str, what: str) -> None:
        entry = (late, ticket, what)
        if len(self.worst) < WORST:
            heapq.heappush(self.worst, entry)
        elif entry > self.worst[0]:
            heapq.heapreplace(self.worst, entry)

    @staticmethod
    def rate(met: int, breached: int) -> float | None:
        """met / (met + breached); None when nothing was judged (SPEC §9: never 100%)."""
        return None if met + breached == 0 else met / (met + breached)

    def percentile(self, p: float) -> int | None:
        """The nearest-rank `p`th percentile of response minutes, None without responses."""
        if not self.minutes:
            return None
        ordered = sorted(self.minutes)
        seen = list(accumulate(self.minutes[m] for m in ordered))  # tickets up to each minute
        rank = max(1, math.ceil(p / 100 * seen[-1]))
        return ordered[bisect_left(seen, rank)]

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
