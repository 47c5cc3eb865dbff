"""The Maintenance and Support Policy as data: lifecycle tails, entitlement, regions, severities.

`load_policy(path)` reads `data/policy.toml` (SPEC §4.2) into a frozen `Policy`; every error names
the file and the key path. The records are plain values: the lifecycle, entitlement and SLA
arithmetic take them as arguments.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, time

from ._data import data_path
from ._dates import RANGE, date_range_problem
from ._names import closest, fold, suggest
from ._record import Record
from ._toml import Section, read_toml
from .errors import PolicyError, UnknownName

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any
    from zoneinfo import ZoneInfo

    from .availability_terms import AvailabilityTerms

__all__ = [
    "Clock",
    "Coverage",
    "Policy",
    "Region",
    "Scope",
    "Severity",
    "SeverityTargets",
    "Status",
    "load_policy",
]


class Status(str, enum.Enum):
    """The lifecycle status of a version on a date (SPEC §3.2)."""

    UNRELEASED = "unreleased"
    PRERELEASE = "prerelease"
    UNKNOWN = "unknown"
    CURRENT = "current"
    SUPPORTED = "supported"
    SUPPORT_TAIL = "support-tail"
    UPGRADE_WINDOW = "upgrade-window"
    UNSUPPORTED = "unsupported"

    def __str__(self) -> str:
        return self.value


class Scope(str, enum.Enum):
    """What a customer gets for an issue (SPEC §3.3)."""

    FULL = "full"  # §2(i): the §3.6 SLA; a hotfix or Maintenance Release
    WORKAROUND = "workaround"  # §2(iv): the SLA; the fix may need an upgrade or be a workaround
    UPGRADE = "upgrade"  # §2(ii): a response; the resolution is an upgrade
    NONE = "none"  # not entitled

    def __str__(self) -> str:
        return self.value


class Severity(str, enum.Enum):
    """The severity of a Malfunction (§3.6)."""

    S1 = "S1"
    S2 = "S2"
    S3 = "S3"
    S4 = "S4"

    def __str__(self) -> str:
        return self.value


class Clock(str, enum.Enum):
    """Which hours count towards a target (SPEC §3.4)."""

    TWENTY_FOUR_SEVEN = "24x7"  # §1.3(a), §6.2(f)
    BUSINESS = "business"  # §3.6: "during Maintenance and Support Hours only"

    def __str__(self) -> str:
        return self.value


#: The bounds of the policy's numbers: far beyond any real policy (the sample has 6 and 12 months,
#: targets of 2 to 72 hours), and small enough that every date the arithmetic derives from a date
#: eol-check accepts stays within the calendar (`eol_check._dates`).
MAX_MONTHS = 1200  # a century
MAX_HOURS = 10_000.0  # over a year on the 24/7 clock
MAX_BUSINESS_DAYS = 365


class Coverage(str, enum.Enum):
    """What a contract buys (SPEC §4.3): support hours, or special services around the clock."""

    BUSINESS = "business"  # §3.6: response times run during Maintenance and Support Hours only
    TWENTY_FOUR_SEVEN = "24x7"  # §3.6: "special Maintenance and Support Services"

    def __str__(self) -> str:
        return self.value


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# The keys of the policy file (SPEC §4.2), read by `policy_from_toml` and written by
# `Policy.as_json` (the policy of a published bundle), in this order.
_KEYS = (
    "schema",
    "source",
    "contact",
    "policy_url",
    "lifecycle",
    "entitlement",
    "regions",
    "severities",
    "availability",
)
_LIFECYCLE_KEYS = ("support_tail_months", "upgrade_window_months")
_REGION_KEYS = (
    "name",
    "section",
    "zone",
    "opens",
    "closes",
    "workdays",
    "closed_dates",
    "holidays",
)
#: The targets a severity may leave out (no target: "best effort", §3.6).
OPTIONAL_TARGETS = (
    "hotline",
    "hotline_hours",
    "update_hours",
    "update_business_days",
    "workaround_hours",
    "workaround_target_hours",
)
_SEVERITY_KEYS = (
    "name",
    "aliases",
    "description",
    "clock",
    "response_hours",
    *OPTIONAL_TARGETS,
    "workaround_guaranteed",
)
# How a policy file writes when the hotline answers (JSON `sla.hotline_hours` says the same).
_HOTLINE_HOURS = {"24x7": Clock.TWENTY_FOUR_SEVEN, "support hours": Clock.BUSINESS}
HOTLINE_HOURS = {clock: shown for shown, clock in _HOTLINE_HOURS.items()}


class Region(Record):
    """A support region with its Maintenance and Support Hours (§1.2)."""

    id: str
    name: str
    zone: str  # an IANA zone name, e.g. "America/New_York"
    opens: time
    closes: time
    workdays: frozenset[int]  # date.weekday() numbers: Monday is 0
    closed_dates: frozenset[date] = frozenset()
    section: str = "§1.2"
    holidays: str | None = None  # a public-holiday calendar: "US", "US-NY" (SPEC §3.4)

    def date_at(self, moment: datetime) -> date:
        """The calendar date in the region's zone at `moment` (aware): SPEC §3.2 "whose date"."""
        return moment.astimezone(self.tz).date()

    @property
    def tz(self) -> ZoneInfo:
        """The region's time zone (see `zone_info`)."""
        return zone_info(self.zone)

    @property
    def daily_hours(self) -> float:
        """Support hours in one work day (SPEC §3.4: 'every 10 business days' = 10 × this)."""
        opens = self.opens.hour * 60 + self.opens.minute
        closes = self.closes.hour * 60 + self.closes.minute
        return (closes - opens) / 60


class SeverityTargets(Record):
    """A severity's name and its §3.6 targets; a None target means 'best effort' (no SLA).

    `clock` is the clock of a contract on support hours; `clock_24x7` that of a contract with
    `coverage = 24x7` (None: the same). `hotline_hours` says when the hotline answers.
    """

    severity: Severity
    name: str
    description: str
    clock: Clock
    response_hours: float
    aliases: tuple[str, ...] = ()
    hotline: str | None = None
    update_hours: float | None = None
    update_business_days: int | None = None
    workaround_hours: float | None = None
    workaround_target_hours: float | None = None
    clock_24x7: Clock | None = None
    hotline_hours: Clock | None = None
    workaround_guaranteed: bool = False  # §3.6: a response time guarantees communication only

    def clock_for(self, coverage: Coverage) -> Clock:
        """The clock this severity's targets run on under a contract's `coverage` (SPEC §3.4)."""
        if coverage is Coverage.TWENTY_FOUR_SEVEN and self.clock_24x7 is not None:
            return self.clock_24x7
        return self.clock

    def as_json(self) -> dict[str, Any]:
        """The targets in the shape of the policy file (`clock` per coverage when it differs)."""
        data = {key: _plain(getattr(self, key)) for key in _SEVERITY_KEYS}
        if self.clock_24x7 is not None:
            data["clock"] = {c.value: self.clock_for(c).value for c in Coverage}
        if self.hotline_hours is not None:
            data["hotline_hours"] = HOTLINE_HOURS[self.hotline_hours]
        return data


class Policy(Record):
    """The policy: lifecycle tails (§2, §7), entitlement (SPEC §3.3), regions (§1.2), SLA (§3.6)."""

    support_tail_months: int
    upgrade_window_months: int
    entitlement: Mapping[Status, Mapping[Severity, Scope]]
    regions: tuple[Region, ...]
    severities: tuple[SeverityTargets, ...]
    source: str = ""
    #: Where customers ask (an https:// page or a mailto: address) and where the policy's text
    #: is: links the published pages show (issue 20); None when the vendor sets none.
    contact: str | None = None
    policy_url: str | None = None
    availability: AvailabilityTerms | None = None  # SPEC §8 (§1.12–§1.15, §4, §5)

    def as_json(self) -> dict[str, Any]:
        """The policy in the shape of its TOML file, as JSON data (SPEC §7: a bundle's policy);
        dates and times are ISO 8601 text, a target the file leaves out is null."""
        links = {"contact": self.contact, "policy_url": self.policy_url}
        return {
            "source": self.source,
            **{key: value for key, value in links.items() if value is not None},
            "lifecycle": {key: getattr(self, key) for key in _LIFECYCLE_KEYS},
            "entitlement": {
                status.value: {severity.value: scope.value for severity, scope in row.items()}
                for status, row in self.entitlement.items()
            },
            "regions": {
                region.id: {
                    **{key: _plain(getattr(region, key)) for key in _REGION_KEYS},
                    "workdays": [WEEKDAYS[day] for day in sorted(region.workdays)],
                    "closed_dates": [day.isoformat() for day in sorted(region.closed_dates)],
                }
                for region in self.regions
            },
            "severities": {
                targets.severity.value: targets.as_json() for targets in self.severities
            },
            **({} if self.availability is None else {"availability": self.availability.as_json()}),
        }

    def scope(self, status: Status, severity: Severity) -> Scope:
        """The scope of the entitlement table for `status` and `severity` (SPEC §3.3)."""
        return self.entitlement[status][severity]

    def targets(self, severity: Severity) -> SeverityTargets:
        """The §3.6 targets of `severity`."""
        for targets in self.severities:
            if targets.severity is severity:
                return targets
        raise PolicyError(f"the policy has no targets for severity {severity}")  # pragma: no cover

    def severity(self, text: str) -> Severity:
        """The severity `text` names: S1, s1, S-1, 1, critical, a name or an alias (SPEC §5)."""
        key = fold(text).replace("-", "").replace(" ", "")
        for prefix in ("severity", "sev"):  # "severity2", "sev2" → "s2"
            if key.startswith(prefix) and key[len(prefix) : len(prefix) + 1].isdecimal():
                key = "s" + key[len(prefix) :]
                break
        for targets in self.severities:
            names = {targets.severity.value.lower(), targets.severity.value[1:], fold(targets.name)}
            names.update(fold(a) for a in targets.aliases)
            if key in names:
                return targets.severity
        options = [t.severity.value for t in self.severities] + [t.name for t in self.severities]
        raise UnknownName("severity", text, suggest(text, options) or "S1, S2, S3 or S4")

    def region(self, text: str) -> Region:
        """The region `text` names by id or name, case-insensitively (SPEC §5)."""
        key = fold(text)
        for region in self.regions:
            if key in (fold(region.id), fold(region.name)):
                return region
        choices = {r.id: (r.id, r.name) for r in self.regions}
        ids = tuple(r.id for r in self.regions)
        raise UnknownName("region", text, closest(text, choices), ids)


def load_policy(path: Path | None = None) -> Policy:
    """The policy in the TOML file at `path`, else the embedded one (SPEC §4.2); any problem
    raises PolicyError."""
    source = data_path("policy.toml") if path is None else str(path)  # no pathlib: see _data
    document, embedded = read_toml(source, PolicyError)
    # The embedded policy's zone names are checked by its tests (tests/core/test_policy.py), so
    # loading it does not import zoneinfo: `status` and `preflight` never use a zone.
    return policy_from_toml(Section(document, source, PolicyError), check_zones=not embedded)


def policy_from_toml(doc: Section, *, check_zones: bool = True) -> Policy:
    """The policy in an already-read TOML document (also used for a published bundle).

    `check_zones=False` leaves the regions' zone names to be checked when a zone is first used
    (`zone_info`): for the embedded policy, whose names its tests check.
    """
    doc.only(*_KEYS)
    schema = doc.integer("schema", default=1, minimum=1)
    if schema != 1:
        doc.fail("schema", f"version {schema} is newer than this eol-check understands (1)")
    lifecycle = doc.table("lifecycle")
    lifecycle.only(*_LIFECYCLE_KEYS)
    support_tail = lifecycle.integer("support_tail_months", maximum=MAX_MONTHS)
    upgrade_window = lifecycle.integer("upgrade_window_months", maximum=MAX_MONTHS)
    if upgrade_window < support_tail:
        lifecycle.fail(
            "upgrade_window_months",
            f"{upgrade_window} is shorter than support_tail_months ({support_tail})",
        )
    severities = tuple(_severity(key, table) for key, table in doc.table("severities").tables())
    for severity in Severity:
        if severity not in {s.severity for s in severities}:
            doc.table("severities").fail(severity.value, "missing")
    _unique_names(
        doc.table("severities"),
        [(t.severity.value, [t.name, *t.aliases]) for t in severities],
        "aliases",
    )
    regions = tuple(
        _region(key, table, check_zones) for key, table in doc.table("regions").tables()
    )
    _unique_names(doc.table("regions"), [(r.id, [r.id, r.name]) for r in regions], "name")
    return Policy(
        support_tail_months=support_tail,
        upgrade_window_months=upgrade_window,
        entitlement=_entitlement(doc.table("entitlement")),
        regions=regions,
        severities=severities,
        source=doc.text("source", default="policy"),
        contact=_link(doc, "contact", ("https://", "mailto:")),
        policy_url=_link(doc, "policy_url", ("https://",)),
        availability=_availability(doc, regions) if "availability" in doc else None,
    )


def _link(doc: Section, key: str, schemes: tuple[str, ...]) -> str | None:
    """A link the published pages show: one of `schemes`, no spaces or control characters."""
    if key not in doc:
        return None
    value = doc.text(key)
    plain = value.isprintable() and not any(c.isspace() for c in value)
    if not (value.lower().startswith(schemes) and plain and len(value) <= 500):
        shown = value if len(value) <= 60 else value[:57] + "..."
        doc.fail(key, f"expected a link starting with {' or '.join(schemes)}, got {shown!r}")
    return value


def _availability(doc: Section, regions: tuple[Region, ...]) -> AvailabilityTerms:
    """The `[availability]` table (SPEC §8), read by its own module (`availability_terms`)."""
    from .availability_terms import terms_from_toml

    return terms_from_toml(doc.table("availability"), tuple(r.id for r in regions))


def _unique_names(table: Section, owners: list[tuple[str, list[str]]], key: str) -> None:
    """Refuse a name (case-insensitive) that two entries share: a lookup would be ambiguous."""
    seen: dict[str, str] = {}
    for owner, names in owners:
        for name in names:
            other = seen.setdefault(fold(name), owner)
            if other != owner:
                table.table(owner).fail(key, f"{name!r} is already a name of {other}")


def _entitlement(table: Section) -> dict[Status, dict[Severity, Scope]]:
    table.only(*(s.value for s in Status))
    scopes = {s.value for s in Scope}
    result: dict[Status, dict[Severity, Scope]] = {}
    for status in Status:
        row = table.table(status.value)
        row.only(*(s.value for s in Severity))
        result[status] = {}
        for severity in Severity:
            value = row.text(severity.value)
            if value not in scopes:
                row.expected(severity.value, "one of " + ", ".join(sorted(scopes)), value)
            result[status][severity] = Scope(value)
    return result


def _region(key: str, table: Section, check_zone: bool) -> Region:
    table.only(*_REGION_KEYS)
    zone = table.text("zone")
    # SPEC §3.4: abbreviations such as EST or CET do not follow daylight saving.
    if "/" not in zone:
        table.expected("zone", "an IANA zone like 'America/New_York', not an abbreviation", zone)
    if check_zone:
        try:
            zone_info(zone)
        except PolicyError as exc:
            raise table.failure("zone", f"{zone!r} is not a known IANA time zone") from exc
    opens, closes = table.get_time("opens"), table.get_time("closes")
    if closes <= opens:
        table.fail("closes", f"{closes} is not after opens ({opens})")
    workdays = table.texts("workdays")
    if not workdays or any(day not in WEEKDAYS for day in workdays):
        table.expected("workdays", "an array of Mon Tue Wed Thu Fri Sat Sun", list(workdays))
    closed = table.raw("closed_dates") if "closed_dates" in table else []
    if not isinstance(closed, list) or not all(
        isinstance(d, date) and type(d) is date and date_range_problem(d) is None for d in closed
    ):
        table.expected("closed_dates", f"an array of dates from {RANGE}", closed)
    return Region(
        id=key,
        name=table.text("name"),
        zone=zone,
        opens=opens,
        closes=closes,
        workdays=frozenset(WEEKDAYS.index(day) for day in workdays),
        closed_dates=frozenset(closed),
        section=table.text("section", default="§1.2"),
        holidays=_holidays(table) if "holidays" in table else None,
    )


def _holidays(table: Section) -> str:
    """The region's public-holiday calendar, checked against the `holidays` package (which is
    imported only here, when a policy names a calendar)."""

    from .holiday_calendars import holiday_calendar

    name = table.text("holidays")
    try:
        return holiday_calendar(name)
    except ValueError as exc:
        raise table.failure("holidays", str(exc)) from None


def zone_info(name: str) -> ZoneInfo:
    """The IANA time zone `name` (SPEC §3.4); one the tz database lacks is a PolicyError.

    `zoneinfo` (with the `sysconfig` look-up behind it) is imported here, when a zone is first
    needed: commands that never use one (`status`, `preflight`) do not pay for it.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise PolicyError(f"{name!r} is not a known IANA time zone") from exc


def _severity(key: str, table: Section) -> SeverityTargets:
    table.only(*_SEVERITY_KEYS)
    if key not in Severity.__members__:
        table.fail(None, "expected one of the severities S1, S2, S3, S4")
    clock, clock_24x7 = _clocks(table)
    if "update_hours" in table and "update_business_days" in table:
        table.fail("update_business_days", "give either update_hours or update_business_days")
    hotline_hours = None
    if "hotline_hours" in table:
        if "hotline" not in table:
            table.fail("hotline_hours", "there is no hotline to give hours for")
        shown = table.text("hotline_hours")
        if shown not in _HOTLINE_HOURS:
            table.expected("hotline_hours", "'24x7' or 'support hours'", shown)
        hotline_hours = _HOTLINE_HOURS[shown]
    elif "hotline" in table:
        hotline_hours = Clock.BUSINESS  # §3.2: services are provided during support hours
    return SeverityTargets(
        severity=Severity(key),
        name=table.text("name"),
        description=table.text("description"),
        clock=clock,
        clock_24x7=clock_24x7,
        hotline_hours=hotline_hours,
        workaround_guaranteed=table.flag("workaround_guaranteed", default=False),
        response_hours=table.number("response_hours", MAX_HOURS),
        aliases=table.texts("aliases", default=()),
        hotline=table.text("hotline") if "hotline" in table else None,
        update_hours=table.optional_number("update_hours", MAX_HOURS),
        update_business_days=(
            table.integer("update_business_days", minimum=1, maximum=MAX_BUSINESS_DAYS)
            if "update_business_days" in table
            else None
        ),
        workaround_hours=table.optional_number("workaround_hours", MAX_HOURS),
        workaround_target_hours=table.optional_number("workaround_target_hours", MAX_HOURS),
    )


def _plain(value: object) -> object:
    """A record's value as the policy file writes it: text for times, enums and tuples made
    plain, and hours such as 2.0 written 2 (the loader makes floats again)."""
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _clocks(table: Section) -> tuple[Clock, Clock | None]:
    """`clock = "business"` (every coverage), or per coverage:
    `clock = { business = "business", 24x7 = "24x7" }` (SPEC §3.4)."""
    value = table.raw("clock")
    clocks = {c.value for c in Clock}
    if isinstance(value, str):
        if value not in clocks:
            table.expected("clock", "'24x7' or 'business'", value)
        return Clock(value), None
    if not isinstance(value, dict):
        table.expected("clock", "'24x7', 'business' or a table of them per coverage", value)
    per = table.table("clock")
    per.only(*(c.value for c in Coverage))
    found: list[Clock] = []
    for coverage in Coverage:
        shown = per.text(coverage.value)
        if shown not in clocks:
            per.expected(coverage.value, "'24x7' or 'business'", shown)
        found.append(Clock(shown))
    return found[0], found[1]
