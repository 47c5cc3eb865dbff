"""Yearly uptime per customer and service (SPEC §8: §1.12–§1.15, §4, §5).

- Mobile Server: Downtime comes from telemetry alone (§1.12, `telemetry.summarise`); the incident
  log classifies and excludes those minutes, it adds none.
- SaaS Services: Unscheduled Downtime comes from the incident log (§1.14, §5.1).
- A minute covered by an incident that does not exclude counts; a minute covered only by
  excluding incidents is reported under the first of their causes in the policy's order.
- "At least 99.9%" is decided in integers: the budget is the largest whole number of Downtime
  minutes that keeps the target (525, or 527 in a leap year).
"""

from __future__ import annotations

import bisect
import calendar
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from .._names import suggest
from .._record import Record
from ..errors import InputError, PolicyError, UnknownName
from ..findings import Level
from .incidents import Incident, IncidentLog, RowProblem
from .rules import Service, judge, minute_span, terms_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from ..availability_terms import ServiceTerms
    from ..policy import Policy
    from .telemetry import TelemetrySummary

__all__ = ["IncidentVerdict", "MonthUptime", "Uptime", "UptimeReport", "budget", "uptime"]

UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_PLACES = Decimal("0.000001")


class IncidentVerdict(Record):
    """How one incident counted for one customer, and why."""

    id: str
    start: datetime
    end: datetime
    kind: str
    cause: str | None
    counted: bool  # True: its minutes are Downtime / Unscheduled Downtime
    how: str  # "unscheduled", or "excluded" (then `excluded_as` says under which cause)
    excluded_as: str | None
    minutes: int  # Mobile: the downtime minutes inside it; SaaS: its minutes in the year
    reasons: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The verdict's one JSON form."""
        return {
            "id": self.id,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "kind": self.kind,
            "cause": self.cause,
            "counted": self.counted,
            "how": self.how,
            "excluded_as": self.excluded_as,
            "minutes": self.minutes,
            "reasons": list(self.reasons),
        }


class MonthUptime(Record):
    """One calendar month (UTC) of a customer's year."""

    month: int
    minutes: int
    telemetry_minutes: int | None  # None for the SaaS Services (no telemetry rule)
    downtime_minutes: int
    excluded_minutes: dict[str, int]
    uptime: Decimal

    def as_json(self) -> dict[str, Any]:
        """The month's one JSON form."""
        return {
            "month": self.month,
            "minutes": self.minutes,
            "telemetry_minutes": self.telemetry_minutes,
            "downtime_minutes": self.downtime_minutes,
            "excluded_minutes": dict(self.excluded_minutes),
            "uptime": float(self.uptime),
        }


class Uptime(Record):
    """A customer's year for one service (SPEC §8 `uptime`)."""

    year: int
    service: Service
    customer: str
    region: str
    region_defaulted: bool  # no contract names the region: `na` (SPEC §8)
    minutes_in_year: int
    minutes_so_far: int
    telemetry_minutes: int | None
    unjudged_minutes: int
    downtime_minutes: int
    excluded_minutes: dict[str, int]
    # (minutes in year − downtime) / minutes in year, 6 places, cut not rounded; None for the
    # Mobile Server without telemetry (no minute measured: no 100% claimed, SPEC §8)
    uptime: Decimal | None
    target: Decimal
    met: bool | None
    met_reason: str
    in_progress: bool
    budget_minutes: int
    left_minutes: int
    incidents: tuple[IncidentVerdict, ...]
    months: tuple[MonthUptime, ...]

    def as_json(self) -> dict[str, Any]:
        """The result's one JSON form (SPEC §8)."""
        return {
            "year": self.year,
            "service": self.service.value,
            "customer": self.customer,
            "region": self.region,
            "region_defaulted": self.region_defaulted,
            "minutes_in_year": self.minutes_in_year,
            "minutes_so_far": self.minutes_so_far,
            "telemetry_minutes": self.telemetry_minutes,
            "unjudged_minutes": self.unjudged_minutes,
            "downtime_minutes": self.downtime_minutes,
            "excluded_minutes": dict(self.excluded_minutes),
            "uptime": None if self.uptime is None else float(self.uptime),
            "target": float(self.target),
            "met": self.met,
            "met_reason": self.met_reason,
            "in_progress": self.in_progress,
            "budget_minutes": self.budget_minutes,
            "used_minutes": self.downtime_minutes,
            "left_minutes": self.left_minutes,
            "incidents": [i.as_json() for i in self.incidents],
            "months": [m.as_json() for m in self.months],
        }


class UptimeReport(Record):
    """Every customer's year, and the input rows that could not be used."""

    year: int
    in_progress: bool
    results: tuple[Uptime, ...]
    problems: tuple[RowProblem, ...]  # incident rows, and the first telemetry rows, named
    unjudged_rows: int  # every telemetry row of the year that could not be read

    @property
    def missed(self) -> bool:
        """True when a reported target is missed (exit 1)."""
        return any(r.met is False for r in self.results)

    def as_json(self) -> dict[str, Any]:
        """The report's one JSON form."""
        return {
            "year": self.year,
            "in_progress": self.in_progress,
            "results": [r.as_json() for r in self.results],
            "problems": [p.as_json() for p in self.problems],
            "unjudged_rows": self.unjudged_rows,
        }


def minutes_in_year(year: int) -> int:
    """525,600, or 527,040 in a leap year (SPEC §8)."""
    return (366 if calendar.isleap(year) else 365) * 1440


def budget(minutes: int, target: float) -> int:
    """The largest whole number of Downtime minutes that keeps `target` (exact, SPEC §8)."""
    exact = Fraction(repr(target))
    return int(minutes * (1 - exact))  # floor: the value is ≥ 0


def uptime(
    policy: Policy,
    incidents: IncidentLog,
    *,
    year: int,
    today: date,
    telemetry: str | None = None,
    service: Service | None = None,
    customer: str | None = None,
    regions: Mapping[str, str] | None = None,
    engine: str = "duckdb",
    spark_master: str = "local[*]",
) -> UptimeReport:
    """Each customer's uptime in UTC year `year` for `service` (None: both), judged on `today`
    (a year in progress when it is `today`'s year). `regions` maps a customer to its contract's
    region id; `telemetry` is the Mobile Server's per-minute telemetry (a file, folder or glob)."""
    if year > today.year:
        raise InputError(f"--year {year} has not begun (today is {today.isoformat()})")
    regions = dict(regions or {})
    services = (service,) if service is not None else (Service.MOBILE, Service.SAAS)
    summary: TelemetrySummary | None = None
    mobile_terms = terms_of(policy, Service.MOBILE)[1] if Service.MOBILE in services else None
    if telemetry is not None and mobile_terms is not None:
        from .telemetry import summarise  # DuckDB or PySpark: only with telemetry

        if mobile_terms.error_rate_above is None:  # the loader requires it (§1.12)
            raise PolicyError("the Mobile Server's terms have no error_rate_above (§1.12)")
        summary = summarise(
            telemetry,
            year,
            mobile_terms.error_rate_above,
            engine=engine,
            spark_master=spark_master,
        )
    known = set(regions) | incidents.customers
    if summary is not None:
        known |= set(summary.telemetry_minutes) | set(summary.downtime_runs)
        known |= {c for c in summary.unjudged if c is not None}
    if customer is not None:
        if customer not in known:
            raise UnknownName("customer", customer, suggest(customer, sorted(known)))
        known = {customer}
    in_progress = year == today.year
    results = [
        _customer_year(policy, incidents, summary, s, c, regions, year, today, in_progress)
        for s in services
        for c in sorted(known)
    ]
    problems = list(incidents.problems)
    if summary is not None:
        problems += [
            RowProblem(
                source, row, problem, Service.MOBILE, None if who is None else frozenset({who})
            )
            for who, source, row, problem in summary.named
        ]
    return UptimeReport(
        year=year,
        in_progress=in_progress,
        results=tuple(results),
        problems=tuple(problems),
        unjudged_rows=sum(summary.unjudged.values()) if summary is not None else 0,
    )


def _customer_year(
    policy: Policy,
    log: IncidentLog,
    summary: TelemetrySummary | None,
    service: Service,
    customer: str,
    regions: Mapping[str, str],
    year: int,
    today: date,
    in_progress: bool,
) -> Uptime:
    terms = terms_of(policy, service)[1]
    region_id = regions.get(customer) or "na"
    region = policy.region(region_id)
    first = _minute(datetime(year, 1, 1, tzinfo=UTC))
    last = _minute(datetime(year + 1, 1, 1, tzinfo=UTC))
    total = last - first
    so_far = total
    if in_progress:
        so_far = (
            min(_minute(datetime.combine(today + timedelta(1), datetime.min.time(), UTC)), last)
            - first
        )
    verdicts: list[tuple[Incident, int, int, int, str | None, tuple[str, ...]]] = []
    for incident in log.incidents:
        if incident.service is not service or not incident.concerns(customer):
            continue
        a, b = minute_span(incident.start, incident.end)
        a, b = max(a, first), min(b, last)
        if a >= b:
            continue  # another year
        rank, cause, reasons = _classify(policy, terms, incident, region)
        verdicts.append((incident, a, b, rank, cause, reasons))
    # The minutes in question: Mobile Downtime from telemetry; SaaS: the incidents themselves.
    if service is Service.MOBILE:
        runs = [
            (first + x, first + y)
            for x, y in (summary.downtime_runs.get(customer, []) if summary else [])
        ]
    else:
        runs = _union([(a, b) for _, a, b, _, _, _ in verdicts])
    months = [_minute(datetime(year, m, 1, tzinfo=UTC)) for m in range(1, 13)] + [last]
    counted, excluded = _classify_minutes(runs, verdicts, months, terms.causes)
    downtime = sum(counted)
    excluded_total = {c: sum(per[c] for per in excluded) for c in terms.causes}
    minutes = minutes_in_year(year)
    allowed = budget(minutes, terms.target)
    telemetry_minutes: int | None = None
    by_month: Mapping[int, int] = {}
    unjudged = 0
    if service is Service.MOBILE:
        by_month = summary.telemetry_minutes.get(customer, {}) if summary else {}
        telemetry_minutes = sum(by_month.values())
        if summary is not None:
            unjudged = summary.unjudged.get(customer, 0) + summary.unjudged.get(None, 0)
    bad_rows = [
        p
        for p in log.problems
        if p.service in (None, service) and (p.customers is None or customer in p.customers)
    ]
    met, reason = _verdict(
        service,
        downtime,
        allowed,
        telemetry_minutes,
        unjudged,
        bad_rows,
        in_progress,
        year,
        customer,
        summary is not None,
    )
    starts = [a for a, _ in runs]
    incident_rows = tuple(
        IncidentVerdict(
            id=incident.id,
            start=incident.start,
            end=incident.end,
            kind=incident.kind,
            cause=incident.cause,
            counted=rank == 0,
            how="unscheduled" if rank == 0 else "excluded",
            excluded_as=cause,
            minutes=_covered(runs, starts, a, b),
            reasons=reasons,
        )
        for incident, a, b, rank, cause, reasons in sorted(verdicts, key=lambda v: v[1])
    )
    shown_months = 12 if not in_progress else today.month
    month_rows = tuple(
        MonthUptime(
            month=m + 1,
            minutes=months[m + 1] - months[m],
            telemetry_minutes=by_month.get(m + 1, 0) if service is Service.MOBILE else None,
            downtime_minutes=counted[m],
            excluded_minutes=dict(excluded[m]),
            uptime=_fraction(months[m + 1] - months[m], counted[m]),
        )
        for m in range(shown_months)
    )
    return Uptime(
        year=year,
        service=service,
        customer=customer,
        region=region.id,
        region_defaulted=customer not in regions or not regions.get(customer),
        minutes_in_year=minutes,
        minutes_so_far=so_far,
        telemetry_minutes=telemetry_minutes,
        unjudged_minutes=unjudged,
        downtime_minutes=downtime,
        excluded_minutes=excluded_total,
        uptime=None if telemetry_minutes == 0 else _fraction(minutes, downtime),
        target=Decimal(repr(terms.target)),
        met=met,
        met_reason=reason,
        in_progress=in_progress,
        budget_minutes=allowed,
        left_minutes=max(allowed - downtime, 0),
        incidents=incident_rows,
        months=month_rows,
    )


def _classify(
    policy: Policy, terms: ServiceTerms, incident: Incident, region: Any
) -> tuple[int, str | None, tuple[str, ...]]:
    """(rank, cause, reasons): rank 0 counts; rank i+1 is excluded under `terms.causes[i]`."""
    applicable: list[str] = []
    reasons: list[str] = []
    if incident.kind == "scheduled":
        findings = judge(
            policy,
            terms_service(terms),
            incident.start,
            incident.end,
            incident.announced_at,
            region,
        )
        errors = [f for f in findings if f.level is Level.ERROR]
        for f in findings:
            prefix = "unscheduled: " if f.level is Level.ERROR else "warning: "
            reasons.append(f"{prefix}{f.code} ({f.section}): {f.message}")
        if not errors:
            applicable.append("scheduled")
            reasons.append("Scheduled Downtime: announced in time and within its rules")
    else:
        reasons.append("unscheduled (the incident log says so)")
    if incident.cause is not None:
        if incident.cause in terms.causes:
            applicable.append(incident.cause)
        else:
            reasons.append(
                f"cause {incident.cause} is not one the {terms.name} excludes ({terms.section}): "
                "it counts"
            )
    if not applicable:
        return 0, None, tuple(reasons)
    chosen = min(applicable, key=terms.causes.index)
    if len(applicable) > 1:
        reasons.append(f"excluded under {chosen}, the first in the policy's order")
    else:
        reasons.append(f"excluded under {chosen}")
    return terms.causes.index(chosen) + 1, chosen, tuple(reasons)


def terms_service(terms: ServiceTerms) -> Service:
    """The Service the terms are for."""
    return Service(terms.id)


def _classify_minutes(
    runs: Sequence[tuple[int, int]],
    verdicts: Sequence[tuple[Incident, int, int, int, str | None, tuple[str, ...]]],
    months: Sequence[int],
    causes: Sequence[str],
) -> tuple[list[int], list[dict[str, int]]]:
    """Counted and excluded minutes per month of the minutes in `runs` ([first, last) each)."""
    points = sorted(
        {a for _, a, _, _, _, _ in verdicts} | {b for _, _, b, _, _, _ in verdicts} | set(months)
    )
    # The lowest rank covering each elementary segment [points[k], points[k+1]).
    ranks: list[int | None] = [None] * max(len(points) - 1, 0)
    for _, a, b, rank, _, _ in verdicts:
        k = bisect.bisect_left(points, a)
        while k < len(ranks) and points[k] < b:
            current = ranks[k]
            ranks[k] = rank if current is None else min(current, rank)
            k += 1
    counted = [0] * 12
    excluded = [dict.fromkeys(causes, 0) for _ in range(12)]
    for a, b in runs:
        k = max(bisect.bisect_right(points, a) - 1, 0)
        while k < len(ranks) and points[k] < b:
            lo, hi = max(a, points[k]), min(b, points[k + 1])
            if hi > lo:
                month = bisect.bisect_right(months, lo) - 1
                covering = ranks[k]
                if not covering:  # no incident, or one that does not exclude
                    counted[month] += hi - lo
                else:
                    excluded[month][causes[covering - 1]] += hi - lo
            k += 1
    return counted, excluded


def _verdict(
    service: Service,
    downtime: int,
    allowed: int,
    telemetry_minutes: int | None,
    unjudged: int,
    bad_rows: Sequence[RowProblem],
    in_progress: bool,
    year: int,
    customer: str,
    has_telemetry: bool,
) -> tuple[bool | None, str]:
    """`met` and why (SPEC §8): False once the budget is exceeded; None when the data cannot
    decide or the year is in progress."""
    lines = ", ".join(str(p) for p in bad_rows[:3]) + (" …" if len(bad_rows) > 3 else "")
    if downtime > allowed:
        if service is Service.MOBILE and bad_rows:
            return None, (
                f"{downtime} minutes of Downtime exceed the budget of {allowed}, but "
                f"{len(bad_rows)} incident rows could not be read and could exclude some ({lines})"
            )
        return False, f"{downtime} minutes of Downtime exceed the budget of {allowed}"
    if service is Service.MOBILE:
        if not telemetry_minutes:
            where = "" if has_telemetry else " (no --telemetry given)"
            return None, (
                f"no telemetry for {customer} in {year}{where}: Downtime cannot be measured "
                "(§1.12), so no uptime is claimed"
            )
        if downtime + unjudged > allowed:
            return None, (
                f"{unjudged} telemetry rows could not be read: with them the Downtime could "
                f"exceed the budget of {allowed}"
            )
    elif bad_rows:
        return None, (
            f"{len(bad_rows)} incident rows could not be read and could add Unscheduled "
            f"Downtime ({lines})"
        )
    if in_progress:
        return None, (
            f"the year is in progress: {downtime} of the {allowed} minutes of the budget used, "
            f"{allowed - downtime} left; uptime is §1.15's whole-year formula with the "
            "Downtime so far"
        )
    return True, f"{downtime} minutes of Downtime, within the budget of {allowed}"


def _union(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans merged, in order (each minute once, SPEC §8)."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _covered(runs: Sequence[tuple[int, int]], starts: Sequence[int], a: int, b: int) -> int:
    """The minutes of `runs` inside `[a, b)`."""
    total = 0
    k = max(bisect.bisect_right(starts, a) - 1, 0)
    while k < len(runs) and runs[k][0] < b:
        total += max(0, min(b, runs[k][1]) - max(a, runs[k][0]))
        k += 1
    return total


def _minute(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(minutes=1)


def _fraction(minutes: int, downtime: int) -> Decimal:
    """(minutes − downtime) / minutes to 6 places, cut (never rounded up to a target)."""
    return (Decimal(minutes - downtime) / Decimal(minutes)).quantize(_PLACES, ROUND_DOWN)
