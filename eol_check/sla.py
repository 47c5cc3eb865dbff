"""SLA deadlines for a reported Malfunction (§3.6, SPEC §3.4): response, updates, workaround.

`sla_deadlines(targets, region, reported_at, coverage)` is pure: the severity's targets and its
clock per contract coverage come from the policy data, the hours and closed days from the region
(§1.2), the moment the issue was reported from the caller (the command line reads the clock;
nothing here does). `SlaDeadlines.due_in(now)` says how long each deadline has left, or by how
much it is breached, at a moment the caller gives.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta

from . import _format
from ._dates import date_range_problem
from ._record import Record
from .business_hours import CalendarOverflow, add_elapsed_hours, business_calendar
from .errors import InvalidDate, PolicyError
from .policy import HOTLINE_HOURS, Clock, Coverage

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from zoneinfo import ZoneInfo

    from .business_hours import BusinessCalendar
    from .policy import Region, Severity, SeverityTargets

__all__ = [
    "ClosedDay",
    "DueIn",
    "SlaDeadlines",
    "parse_reported_at",
    "sla_deadlines",
]


#: How many status updates `updates_due` lists (SPEC §3.4).
UPDATES_LISTED = 5

_MINUTE = timedelta(minutes=1)


class DueIn(Record):
    """Whole minutes until each deadline falls due at a moment, negative once breached (SPEC §3.4
    `sla.due_in_minutes`); None where the policy sets no target."""

    response: int
    next_update: int | None
    workaround: int | None


class ClosedDay(Record):
    """A work day the region is closed on, which moved a business-hours clock (SPEC §3.4)."""

    day: date
    name: str  # "Christmas Day", or "closed date" for a date the policy lists
    calendar: str  # "US-NY public holidays", or "closed_dates of na"

    def __str__(self) -> str:
        return f"{self.day:%a %Y-%m-%d} {self.name} ({self.calendar})"

    def as_json(self) -> dict[str, str]:
        return {"date": self.day.isoformat(), "name": self.name, "calendar": self.calendar}


class SlaDeadlines(Record):
    """When each §3.6 target falls due; None where the policy sets no target ("best effort").

    Every date-time is aware and in the region's zone (SPEC §3.4: printed with its UTC offset).
    `clock_starts` is `reported_at` on a 24/7 clock or within hours, else the next opening.
    `updates_due` are the first status updates, each counted from the one before;
    `next_update_due` is the first of them. `closed_days` are the closed work days (public
    holidays, listed dates) from the report to the last deadline: each moved a business clock.
    """

    severity: Severity
    clock: Clock
    region: Region
    reported_at: datetime
    clock_starts: datetime
    response_due: datetime
    next_update_due: datetime | None
    workaround_due: datetime | None
    workaround_target_due: datetime | None
    hotline: str | None
    targets: SeverityTargets
    coverage: Coverage = Coverage.BUSINESS
    updates_due: tuple[datetime, ...] = ()
    closed_days: tuple[ClosedDay, ...] = ()

    @property
    def has_holiday_calendar(self) -> bool:
        """False when the region names no public-holiday calendar: its holidays count as
        business days (SPEC §3.4: the policy names none; a vendor sets `holidays`)."""
        return self.region.holidays is not None

    @property
    def hotline_hours(self) -> Clock | None:
        """When the hotline answers: around the clock, or during support hours (§1.3(a))."""
        return self.targets.hotline_hours if self.hotline is not None else None

    @property
    def workaround_guaranteed(self) -> bool:
        """False under the policy: §3.6 guarantees communication times only."""
        return self.targets.workaround_guaranteed

    def due_in(self, now: datetime) -> DueIn:
        """Minutes from `now` (aware) to each deadline, rounded down: negative once breached."""
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"now must be timezone-aware (give it an offset), got {now}")

        def minutes(due: datetime | None) -> int | None:
            return None if due is None else (due - now) // _MINUTE

        return DueIn(
            response=(self.response_due - now) // _MINUTE,
            next_update=minutes(self.next_update_due),
            workaround=minutes(self.workaround_due),
        )

    def moments(self, zone: ZoneInfo | None = None) -> dict[str, datetime | None]:
        """Every moment of the SLA by its JSON name, in `zone` (default: the region's)."""
        values = {
            "reported_at": self.reported_at,
            "clock_starts": self.clock_starts,
            "response_due": self.response_due,
            "next_update_due": self.next_update_due,
            "workaround_due": self.workaround_due,
            "workaround_target_due": self.workaround_target_due,
        }
        if zone is None:
            return values
        return {key: None if t is None else t.astimezone(zone) for key, t in values.items()}

    def as_json(self, now: datetime | None = None, zone: ZoneInfo | None = None) -> dict[str, Any]:
        """The deadlines' JSON form (docs/check.md): ISO 8601 with the region's offset; with
        `now`, the minutes left to each (`due_in_minutes`); with `zone`, every moment again in
        that zone (`in_zone`, the agent's)."""
        due_in = None if now is None else self.due_in(now)
        in_zone = None
        if zone is not None:
            in_zone = {
                "zone": zone.key,
                **{key: _format.iso(t) for key, t in self.moments(zone).items()},
                "updates_due": [t.astimezone(zone).isoformat() for t in self.updates_due],
            }
        return {
            "clock": self.clock.value,
            "coverage": self.coverage.value,
            "region": self.region.id,
            "region_name": self.region.name,
            "zone": self.region.zone,
            "holidays": self.region.holidays,
            **{key: _format.iso(t) for key, t in self.moments().items()},
            "updates_due": [t.isoformat() for t in self.updates_due],
            "closed_days": [c.as_json() for c in self.closed_days],
            "workaround_guaranteed": self.workaround_guaranteed,
            "hotline": self.hotline,
            "hotline_hours": None
            if self.hotline_hours is None
            else HOTLINE_HOURS[self.hotline_hours],
            "due_in_minutes": None
            if due_in is None
            else {
                "response": due_in.response,
                "next_update": due_in.next_update,
                "workaround": due_in.workaround,
            },
            "in_zone": in_zone,
        }


def sla_deadlines(
    targets: SeverityTargets,
    region: Region,
    reported_at: datetime,
    coverage: Coverage = Coverage.BUSINESS,
) -> SlaDeadlines:
    """The deadlines owed for an issue of `targets.severity` reported at `reported_at` (aware),
    under a contract of `coverage` (SPEC §3.4: the clock per severity and coverage is data)."""

    calendar = business_calendar(region)
    clock = targets.clock_for(coverage)

    def due(start: datetime, hours: float, on: Clock = clock) -> datetime:
        try:
            if on is Clock.BUSINESS:  # §3.6: "during Maintenance and Support Hours only"
                return calendar.add(start, hours)
            return add_elapsed_hours(start, hours, region)  # special services: around the clock
        except CalendarOverflow as exc:
            # Only a region open a few minutes a week can push a bounded target past the
            # calendar's end: the policy's data cannot answer, not the user's input.
            raise PolicyError(
                f"{targets.severity}: a target of {hours:g} {on.value} hours in region "
                f"{region.id} ({calendar.weekly_hours:g} support hours a week) ends after year "
                "9999"
            ) from exc

    def maybe(hours: float | None) -> datetime | None:
        return None if hours is None else due(reported_at, hours)

    response = due(reported_at, targets.response_hours)
    every: float | None = targets.update_hours
    on = clock
    if targets.update_business_days is not None:
        # SPEC §3.4: "every 10 business days" is 10 × the region's daily hours, on business hours.
        every, on = targets.update_business_days * region.daily_hours, Clock.BUSINESS
    updates: list[datetime] = []
    if every is not None:
        # SPEC §3.4: the first counted from the report, each next one from the previous one.
        update = reported_at
        for _ in range(UPDATES_LISTED):
            update = due(update, every, on)
            updates.append(update)
    zone = region.tz
    if clock is Clock.BUSINESS:
        starts = calendar.clock_start(reported_at)
    else:
        starts = reported_at.astimezone(zone)
    workaround = maybe(targets.workaround_hours)
    business = clock is Clock.BUSINESS or (targets.update_business_days is not None and updates)
    closed: tuple[ClosedDay, ...] = ()
    if business:
        last = max(t for t in (response, workaround, *updates) if t is not None)
        closed = _closed_days(calendar, region, reported_at.astimezone(zone).date(), last.date())
    return SlaDeadlines(
        severity=targets.severity,
        clock=clock,
        region=region,
        reported_at=reported_at.astimezone(zone),
        clock_starts=starts,
        response_due=response,
        next_update_due=updates[0] if updates else None,
        # §3.6 S-2 "within 24-48 hours": due at the outer bound, the inner one shown beside it.
        workaround_due=workaround,
        workaround_target_due=maybe(targets.workaround_target_hours),
        hotline=targets.hotline,
        targets=targets,
        coverage=coverage,
        updates_due=tuple(updates),
        closed_days=closed,
    )


def _closed_days(
    calendar: BusinessCalendar, region: Region, first: date, last: date
) -> tuple[ClosedDay, ...]:
    """The closed work days from `first` to `last`, named (SPEC §3.4)."""
    days = []
    for day in calendar.closed_work_days(first, last):
        name = None
        if region.holidays is not None:
            from .holiday_calendars import holiday_name

            name = holiday_name(region.holidays, day)
        if name is not None:
            days.append(ClosedDay(day, name, f"{region.holidays} public holidays"))
        else:
            days.append(ClosedDay(day, "closed date", f"closed_dates of {region.id}"))
    return tuple(days)


_EXAMPLE = "e.g. 2026-01-15T09:30:00-05:00 or 2026-01-15T14:30:00Z"


def _fromisoformat(text: str) -> datetime:
    """datetime.fromisoformat as Python 3.11 reads ISO 8601 ("Z", basic format), on 3.10 too."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        if sys.version_info >= (3, 11):
            raise
    return datetime.fromisoformat(_as_310_reads(text))  # pragma: no cover (Python 3.10)


def _as_310_reads(text: str) -> str:
    """`text` rewritten in the one ISO 8601 form Python 3.10's fromisoformat reads.

    Calendar dates, extended or basic (`2026-01-15`, `20260115`), `T`, `t` or a space, a time of
    hours, minutes and seconds with an optional fraction (`.` or `,`), and an offset `Z`, `±hh`,
    `±hhmm` or `±hh:mm`: what 3.11 reads of ISO 8601 but week dates. Anything else is returned
    as it is (and refused). Tested against 3.11's reader (tests/core/test_sla.py).
    """
    import re

    match = re.fullmatch(
        r"(\d{4})-?(\d\d)-?(\d\d)[Tt ](\d\d)(?::?(\d\d)(?::?(\d\d)(?:[.,](\d+))?)?)?"
        r"(?:(Z)|([+-])(\d\d)(?::?(\d\d))?)?",
        text,
        flags=re.ASCII,
    )
    if match is None:
        return text
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    rewritten = f"{year}-{month}-{day}T{hour}:{minute or '00'}:{second or '00'}"
    if fraction:
        rewritten += "." + (fraction + "00000")[:6]
    if zulu:
        rewritten += "+00:00"
    elif sign:
        rewritten += f"{sign}{off_h}:{off_m or '00'}"
    return rewritten


#: The characters of an ISO 8601 date-time (and of the words of a wrong one, for its message).
_ISO_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz:.,+- ")


def parse_reported_at(text: str, what: str = "--reported-at") -> datetime:
    """The aware date-time in `text`: ISO 8601 with a UTC offset or `Z` (SPEC §3.4)."""
    if not 0 < len(text) <= 64 or not _ISO_CHARS.issuperset(text):
        shown = repr(text) if len(text) <= 40 else repr(text[:37])[:-1] + "...'"
        raise InvalidDate(f"{what} {shown} is not an ISO 8601 date-time: {_EXAMPLE}")
    try:
        parsed = _fromisoformat(text)
    except (ValueError, OverflowError) as exc:
        # The reason is not shown: Python versions word it differently for the same text.
        raise InvalidDate(f"{what} {text!r} is not an ISO 8601 date-time: {_EXAMPLE}") from exc
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidDate(
            f"{what} {text!r} has no UTC offset, so the moment is ambiguous: "
            f"add the offset or Z, {_EXAMPLE}"
        )
    problem = date_range_problem(parsed)  # its own date: within a day of its UTC date
    if problem is not None:
        raise InvalidDate(f"{what} {text!r}: {problem}")
    return parsed
