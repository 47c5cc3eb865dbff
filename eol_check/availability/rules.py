"""May this maintenance be Scheduled Downtime? The rules of SPEC §8, judged in Python.

Scheduled Downtime counts as scheduled only when it was announced at least ten days before it
starts (§1.13, §4, §5.2) and, for the Mobile Server, lasts at most one hour (§4(i)) and lies inside
the Maintenance Window of the customer's region (§4(ii)). Overlap with the region's support hours
(§4(iii): "reasonable efforts") is a warning; for the SaaS Services an outage over one hour or
outside the window is a warning too (§5.2: notified, not forbidden).

Windows and support hours are judged here, in the region's IANA zone, never in SQL (SPEC §8:
engines may carry different zone data). Durations and the notice are elapsed time.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta, timezone

from .._record import Record
from ..business_hours import business_calendar
from ..errors import InputError, PolicyError
from ..findings import Level

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from ..availability_terms import AvailabilityTerms, MaintenanceWindow, ServiceTerms
    from ..policy import Policy, Region

__all__ = ["DowntimeCheck", "DowntimeFinding", "Service", "check_downtime", "judge", "terms_of"]

UTC = timezone.utc


class Service(str, enum.Enum):
    """A service the policy promises availability for."""

    MOBILE = "mobile"  # §4: the Mobile Server
    SAAS = "saas"  # §5: the SaaS Services

    def __str__(self) -> str:
        return self.value


class DowntimeFinding(Record):
    """One rule a maintenance breaks (an error: not Scheduled Downtime) or strains (a warning).

    `region` is None for a rule that does not depend on the region (notice, length)."""

    level: Level
    code: str  # late-notice, too-long, outside-window, in-support-hours
    region: str | None
    message: str
    section: str

    def as_json(self) -> dict[str, Any]:
        """The finding's one JSON form."""
        return {
            "level": self.level.value,
            "code": self.code,
            "region": self.region,
            "section": self.section,
            "message": self.message,
        }


class DowntimeCheck(Record):
    """The answer of `downtime check`: may this maintenance be Scheduled Downtime?"""

    service: Service
    start: datetime
    end: datetime
    announced_at: datetime | None
    announce_by: datetime  # the latest announcement that gives the notice (§1.13, §4, §5.2)
    regions: tuple[str, ...]
    findings: tuple[DowntimeFinding, ...]

    @property
    def ok(self) -> bool:
        """True when no rule is broken (warnings allowed)."""
        return not any(f.level is Level.ERROR for f in self.findings)

    def as_json(self) -> dict[str, Any]:
        """The answer's one JSON form (SPEC §8)."""
        return {
            "ok": self.ok,
            "service": self.service.value,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "minutes": minutes_between(self.start, self.end),
            "announced_at": None if self.announced_at is None else self.announced_at.isoformat(),
            "announce_by": self.announce_by.isoformat(),
            "regions": list(self.regions),
            "findings": [f.as_json() for f in self.findings],
        }


def terms_of(policy: Policy, service: Service) -> tuple[AvailabilityTerms, ServiceTerms]:
    """The policy's availability terms and those of `service`; PolicyError when absent."""
    terms = policy.availability
    if terms is None:
        raise PolicyError("the policy has no [availability] table (SPEC §8)")
    service_terms = terms.service(service.value)
    if service_terms is None:
        raise PolicyError(f"the policy has no [availability.services.{service.value}] table")
    return terms, service_terms


def check_downtime(
    policy: Policy,
    service: Service,
    start: datetime,
    end: datetime,
    announced_at: datetime | None,
    regions: Sequence[Region],
) -> DowntimeCheck:
    """May the maintenance from `start` to `end` (aware, `[start, end)`) be Scheduled Downtime
    for customers in `regions`, announced at `announced_at` (None: not yet announced)?"""
    for name, value in (("start", start), ("end", end), ("announced", announced_at)):
        if value is not None and value.utcoffset() is None:
            raise InputError(f"--{name} needs a UTC offset, e.g. 2026-03-01T02:00:00-05:00")
    if end <= start:
        raise InputError(f"--end {end.isoformat()} is not after --start {start.isoformat()}")
    terms, _ = terms_of(policy, service)
    findings: list[DowntimeFinding] = []
    seen: set[tuple[str, str | None]] = set()
    for region in regions:
        for finding in judge(policy, service, start, end, announced_at, region):
            key = (finding.code, finding.region)
            if key not in seen:  # notice and length do not depend on the region: once
                seen.add(key)
                findings.append(finding)
    return DowntimeCheck(
        service=service,
        start=start,
        end=end,
        announced_at=announced_at,
        announce_by=(start - timedelta(days=terms.notice_days)).astimezone(start.tzinfo),
        regions=tuple(r.id for r in regions),
        findings=tuple(findings),
    )


def judge(
    policy: Policy,
    service: Service,
    start: datetime,
    end: datetime,
    announced_at: datetime | None,
    region: Region,
) -> list[DowntimeFinding]:
    """Every rule of Scheduled Downtime that `[start, end)` breaks or strains for a customer in
    `region`; it is scheduled when none is an error (SPEC §8)."""
    terms, service_terms = terms_of(policy, service)
    rules = service_terms.scheduled_rules
    findings: list[DowntimeFinding] = []
    # §1.13, §4, §5.2: at least ten days' notice, as elapsed time (240 hours across DST).
    announce_by = start - timedelta(days=terms.notice_days)
    if "notice" in rules and (announced_at is None or announced_at > announce_by):
        when = (
            "it is not announced"
            if announced_at is None
            else (f"it was announced {_shown(announced_at)}")
        )
        findings.append(
            DowntimeFinding(
                level=Level.ERROR,
                code="late-notice",
                region=None,
                section="§1.13, §4, §5.2",
                message=f"{when}; Scheduled Downtime needs {terms.notice_days} days' notice: "
                f"announce it by {_shown(announce_by)}",
            )
        )
    # §4(i): each scheduled outage lasts no longer than one hour (§5.2: SaaS only notifies).
    limit = terms.scheduled_max_minutes
    if end - start > timedelta(minutes=limit):
        length = _duration(end - start)
        if "length" in rules:
            findings.append(
                DowntimeFinding(
                    level=Level.ERROR,
                    code="too-long",
                    region=None,
                    section="§4(i)",
                    message=f"it lasts {length}; Scheduled Downtime shall last no longer than "
                    f"{_duration(timedelta(minutes=limit))} each",
                )
            )
        else:
            findings.append(
                DowntimeFinding(
                    level=Level.WARNING,
                    code="too-long",
                    region=None,
                    section="§5.2",
                    message=f"it lasts {length}: customers must be notified of Scheduled Downtime "
                    f"over {_duration(timedelta(minutes=limit))}",
                )
            )
    # §4(ii): inside the Maintenance Window of the customer's region, in the region's zone.
    window = terms.window(region.id)
    if window is not None and not in_window(start, end, window, region):
        level, section = (Level.ERROR, "§4(ii)") if "window" in rules else (Level.WARNING, "§1.13")
        findings.append(
            DowntimeFinding(
                level=level,
                code="outside-window",
                region=region.id,
                section=section,
                message=f"{_local_span(start, end, region)} is outside the Maintenance Window of "
                f"{region.name}, {window.opens}–{window.closes} {region.zone}"
                + (" (an interpretation)" if window.interpretation else ""),
            )
        )
    # §4(iii): reasonable efforts to stay out of the customer's regular business hours.
    calendar = business_calendar(region)
    if calendar.clock_start(start) < end:
        findings.append(
            DowntimeFinding(
                level=Level.WARNING,
                code="in-support-hours",
                region=region.id,
                section="§4(iii)",
                message=f"{_local_span(start, end, region)} overlaps the support hours of "
                f"{region.name} ({region.opens:%H:%M}–{region.closes:%H:%M} {region.zone}); "
                "the supplier shall use all reasonable efforts to avoid them",
            )
        )
    return findings


def in_window(start: datetime, end: datetime, window: MaintenanceWindow, region: Region) -> bool:
    """True when `[start, end)` lies inside one of the region's daily Maintenance Windows.

    A window runs from `opens` on a local date to `closes` (the next day when it closes before it
    opens); a wall-clock time repeated by daylight saving is taken at its widest (the first
    `opens`, the last `closes`).
    """
    zone = region.tz
    first = start.astimezone(zone).date()
    # It closes the next day when it closes before it opens; never when it opens (the policy
    # loader refuses an empty window), so `<` and `<=` agree.
    overnight = window.closes_minutes < window.opens_minutes  # pragma: no mutate
    for day in (first - timedelta(days=1), first):
        opens = _instant(day, window.opens_minutes, zone, fold=0)
        closes = _instant(day + timedelta(days=overnight), window.closes_minutes, zone, fold=1)
        if opens <= start and end <= closes:  # instants: opens and closes are in UTC
            return True
    return False


def minutes_between(start: datetime, end: datetime) -> int:
    """The UTC minutes `[start, end)` touches (SPEC §8: a minute counts when touched)."""
    first, last = minute_span(start, end)
    return last - first


def minute_span(start: datetime, end: datetime) -> tuple[int, int]:
    """The minutes (since the epoch, UTC) that `[start, end)` touches, as `[first, last)`."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    a = (start - epoch) // timedelta(minutes=1)
    b = -((epoch - end) // timedelta(minutes=1))  # ceiling
    return a, max(b, a)


def _instant(day: date, minutes: int, zone: Any, *, fold: int) -> datetime:
    local = datetime.combine(day, time(minutes // 60, minutes % 60, fold=fold), zone)
    # In UTC, so that a time given in the region's own zone compares as an instant (two times
    # with one tzinfo compare on the wall clock, blind to `fold`). Any other zone would do as
    # well, so the mutant that converts to the machine's zone instead is equivalent.
    return local.astimezone(UTC)  # pragma: no mutate


def _shown(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _local_span(start: datetime, end: datetime, region: Region) -> str:
    a, b = start.astimezone(region.tz), end.astimezone(region.tz)
    if a.date() == b.date():
        return f"{a:%Y-%m-%d %H:%M}–{b:%H:%M} {region.zone}"
    return f"{a:%Y-%m-%d %H:%M}–{b:%Y-%m-%d %H:%M} {region.zone}"


def _duration(span: timedelta) -> str:
    minutes, rest = divmod(span, timedelta(minutes=1))
    text = f"{minutes} minute" + ("" if minutes == 1 else "s")
    if rest.seconds:
        text += f" {rest.seconds} s"
    return text
