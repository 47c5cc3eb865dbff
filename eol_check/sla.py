"""SLA deadlines for a reported Malfunction (§3.6, SPEC §3.4): response, next update, workaround.

`sla_deadlines(targets, region, reported_at)` is pure: the severity's targets and clock come from
the policy data, the hours from the region (§1.2), the moment the issue was reported from the
caller (the command line reads the clock; nothing here does).
"""

from __future__ import annotations

import contextlib
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import _format
from ._dates import date_range_problem
from .errors import InvalidDate, PolicyError
from .policy import Clock

if TYPE_CHECKING:
    from .policy import Region, Severity, SeverityTargets

__all__ = ["SlaDeadlines", "parse_reported_at", "sla_deadlines"]


@dataclass(frozen=True, slots=True)
class SlaDeadlines:
    """When each §3.6 target falls due; None where the policy sets no target ("best effort").

    Every date-time is aware and in the region's zone (SPEC §3.4: printed with its UTC offset).
    `clock_starts` is `reported_at` on a 24/7 clock or within hours, else the next opening.
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

    def as_json(self) -> dict[str, Any]:
        """The deadlines' JSON form (docs/check.md): ISO 8601 with the region's offset."""
        return {
            "clock": self.clock.value,
            "region": self.region.id,
            "region_name": self.region.name,
            "zone": self.region.zone,
            "reported_at": self.reported_at.isoformat(),
            "clock_starts": self.clock_starts.isoformat(),
            "response_due": self.response_due.isoformat(),
            "next_update_due": _format.iso(self.next_update_due),
            "workaround_due": _format.iso(self.workaround_due),
            "workaround_target_due": _format.iso(self.workaround_target_due),
            "hotline": self.hotline,
        }


def sla_deadlines(targets: SeverityTargets, region: Region, reported_at: datetime) -> SlaDeadlines:
    """The deadlines owed for an issue of `targets.severity` reported at `reported_at` (aware)."""
    from zoneinfo import ZoneInfo

    from .business_hours import CalendarOverflow, add_elapsed_hours, business_calendar

    calendar = business_calendar(region)

    def due(hours: float | None, clock: Clock = targets.clock) -> datetime | None:
        if hours is None:
            return None
        try:
            if clock is Clock.BUSINESS:  # §3.6: "during Maintenance and Support Hours only"
                return calendar.add(reported_at, hours)
            return add_elapsed_hours(reported_at, hours, region)  # §1.3(a), §6.2(f): 24/7
        except CalendarOverflow as exc:
            # Only a region open a few minutes a week can push a bounded target past the
            # calendar's end: the policy's data cannot answer, not the user's input.
            raise PolicyError(
                f"{targets.severity}: a target of {hours:g} {clock.value} hours in region "
                f"{region.id} ({calendar.weekly_hours:g} support hours a week) ends after year "
                "9999"
            ) from exc

    response = due(targets.response_hours)
    assert response is not None
    if targets.update_business_days is not None:
        # SPEC §3.4: "every 10 business days" is 10 × the region's daily hours, on business hours.
        update = due(targets.update_business_days * region.daily_hours, Clock.BUSINESS)
    else:
        update = due(targets.update_hours)
    starts = (
        calendar.clock_start(reported_at)
        if targets.clock is Clock.BUSINESS
        else reported_at.astimezone(ZoneInfo(region.zone))
    )
    return SlaDeadlines(
        severity=targets.severity,
        clock=targets.clock,
        region=region,
        reported_at=reported_at.astimezone(ZoneInfo(region.zone)),
        clock_starts=starts,
        response_due=response,
        next_update_due=update,
        # §3.6 S-2 "within 24-48 hours": due at the outer bound, the inner one shown beside it.
        workaround_due=due(targets.workaround_hours),
        workaround_target_due=due(targets.workaround_target_hours),
        hotline=targets.hotline,
        targets=targets,
    )


_EXAMPLE = "e.g. 2026-01-15T09:30:00-05:00 or 2026-01-15T14:30:00Z"


def _fromisoformat(text: str) -> datetime:
    """datetime.fromisoformat as Python 3.11 reads ISO 8601 ("Z", basic format), on 3.10 too."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        if sys.version_info >= (3, 11):
            raise
    # Python 3.10 only: "Z" the cheap way, anything else through dateutil (imported only here).
    if text[-1:] in ("Z", "z"):  # pragma: no cover
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(text[:-1] + "+00:00")
    from dateutil.parser import isoparse  # pragma: no cover

    return isoparse(text)  # pragma: no cover


def parse_reported_at(text: str, what: str = "--reported-at") -> datetime:
    """The aware date-time in `text`: ISO 8601 with a UTC offset or `Z` (SPEC §3.4)."""
    if len(text) > 64 or not re.fullmatch(r"[0-9A-Za-z:.,+\- ]+", text):
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
