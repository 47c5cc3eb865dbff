"""The policy's availability terms as data (SPEC §8: §1.12–§1.15, §4, §5): the `[availability]`
table of `data/policy.toml`.

Read by `policy.load_policy` into `Policy.availability`; used by the `eol_check.availability`
subpackage (`uptime`, `downtime check`). Every number lives in the data file, with its section.
"""

from __future__ import annotations

from ._record import Record
from ._toml import Section

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["AvailabilityTerms", "Cause", "MaintenanceWindow", "ServiceTerms", "terms_from_toml"]

#: The rules Scheduled Downtime may have to keep (SPEC §8): ten days' notice (§1.13, §4, §5.2),
#: at most the one-hour limit (§4(i)), inside the Maintenance Window (§4(ii)).
SCHEDULED_RULES = ("notice", "length", "window")
SCHEDULED = "scheduled"  # the cause name of Scheduled Downtime in `ServiceTerms.causes`

_KEYS = ("notice_days", "scheduled_max_minutes", "services", "causes", "windows")
_SERVICE_KEYS = ("name", "section", "target", "error_rate_above", "causes", "scheduled_rules")
_CAUSE_KEYS = ("section", "text")
_WINDOW_KEYS = ("opens", "closes", "basis", "interpretation")


class Cause(Record):
    """A cause of unavailability that does not count (§4 (i)–(iii), §1.14 (i)–(iii))."""

    name: str
    section: str
    text: str


class ServiceTerms(Record):
    """One service's promise: the target, what does not count, and the rules of Scheduled
    Downtime it keeps (§4 for the Mobile Server, §5 for the SaaS Services)."""

    id: str  # "mobile" or "saas"
    name: str
    section: str
    target: float  # 0.999: "at least 99.9%"; decided exactly by the subpackage (a budget)
    causes: tuple[str, ...]  # in the policy's order; "scheduled" is Scheduled Downtime
    scheduled_rules: tuple[str, ...]
    error_rate_above: float | None = None  # §1.12: Downtime from telemetry (the Mobile Server)


class MaintenanceWindow(Record):
    """A region's Maintenance Window (§4(ii)): local times "HH:MM" in the region's zone."""

    region: str
    opens: str
    closes: str
    basis: str
    interpretation: bool

    @property
    def opens_minutes(self) -> int:
        """Minutes after local midnight when the window opens."""
        return _minutes(self.opens)

    @property
    def closes_minutes(self) -> int:
        """Minutes after local midnight when the window closes (before `opens`: the next day)."""
        return _minutes(self.closes)


class AvailabilityTerms(Record):
    """The `[availability]` table: the notice, the one-hour limit, services, causes, windows."""

    notice_days: int
    scheduled_max_minutes: int
    services: tuple[ServiceTerms, ...]
    causes: tuple[Cause, ...]
    windows: tuple[MaintenanceWindow, ...]

    def service(self, service_id: str) -> ServiceTerms | None:
        """The terms of service `service_id` ("mobile", "saas"), if the policy has them."""
        for terms in self.services:
            if terms.id == service_id:
                return terms
        return None

    def cause(self, name: str) -> Cause | None:
        """The cause named `name`, if the policy lists it."""
        for cause in self.causes:
            if cause.name == name:
                return cause
        return None

    def window(self, region: str) -> MaintenanceWindow | None:
        """Region `region`'s Maintenance Window, if the policy sets one."""
        for window in self.windows:
            if window.region == region:
                return window
        return None

    def as_json(self) -> dict[str, Any]:
        """The table in the shape of the policy file."""
        return {
            "notice_days": self.notice_days,
            "scheduled_max_minutes": self.scheduled_max_minutes,
            "services": {
                s.id: {
                    "name": s.name,
                    "section": s.section,
                    "target": s.target,
                    **_optional("error_rate_above", s.error_rate_above),
                    "causes": list(s.causes),
                    "scheduled_rules": list(s.scheduled_rules),
                }
                for s in self.services
            },
            "causes": {c.name: {"section": c.section, "text": c.text} for c in self.causes},
            "windows": {
                w.region: {
                    "opens": w.opens,
                    "closes": w.closes,
                    "basis": w.basis,
                    "interpretation": w.interpretation,
                }
                for w in self.windows
            },
        }


def terms_from_toml(doc: Section, regions: tuple[str, ...]) -> AvailabilityTerms:
    """The `[availability]` table `doc`; `regions` are the policy's region ids (a window for
    another region is an error)."""
    doc.only(*_KEYS)
    causes = tuple(_cause(name, table) for name, table in doc.table("causes").tables())
    names = {c.name for c in causes}
    if SCHEDULED not in names:
        doc.table("causes").fail(SCHEDULED, "missing")
    services = tuple(_service(key, t, names) for key, t in doc.table("services").tables())
    windows = tuple(_window(key, t, regions) for key, t in doc.table("windows").tables())
    return AvailabilityTerms(
        notice_days=doc.integer("notice_days", maximum=366),
        scheduled_max_minutes=doc.integer("scheduled_max_minutes", minimum=1, maximum=10_080),
        services=services,
        causes=causes,
        windows=windows,
    )


def _cause(name: str, table: Section) -> Cause:
    table.only(*_CAUSE_KEYS)
    return Cause(name=name, section=table.text("section"), text=table.text("text"))


def _service(key: str, table: Section, causes: set[str]) -> ServiceTerms:
    table.only(*_SERVICE_KEYS)
    if key not in ("mobile", "saas"):
        table.fail(None, "expected one of the services mobile, saas")
    target = table.number("target", 1.0)
    if not 0 < target < 1:
        table.expected("target", "a fraction above 0 and below 1, e.g. 0.999", target)
    listed = table.texts("causes")
    for name in listed:
        if name not in causes:
            table.expected("causes", f"causes listed in [availability.causes], not {name!r}", name)
    rules = table.texts("scheduled_rules")
    for rule in rules:
        if rule not in SCHEDULED_RULES:
            table.expected("scheduled_rules", "some of " + ", ".join(SCHEDULED_RULES), rule)
    rate = table.optional_number("error_rate_above", 1.0)
    if key == "mobile" and rate is None:
        table.fail("error_rate_above", "missing (§1.12: the Mobile Server's Downtime rule)")
    return ServiceTerms(
        id=key,
        name=table.text("name"),
        section=table.text("section"),
        target=target,
        causes=listed,
        scheduled_rules=rules,
        error_rate_above=rate,
    )


def _window(key: str, table: Section, regions: tuple[str, ...]) -> MaintenanceWindow:
    table.only(*_WINDOW_KEYS)
    if key not in regions:
        table.fail(None, f"no such region in [regions] (known: {', '.join(regions)})")
    for name in ("opens", "closes"):
        text = table.text(name)
        if _minutes(text) < 0:
            table.expected(name, 'a local time "HH:MM"', text)
    if table.text("opens") == table.text("closes"):
        table.fail("closes", "equals opens: the window would be empty")
    return MaintenanceWindow(
        region=key,
        opens=table.text("opens"),
        closes=table.text("closes"),
        basis=table.text("basis"),
        interpretation=table.flag("interpretation"),
    )


def _optional(key: str, value: object) -> dict[str, object]:
    return {} if value is None else {key: value}


def _minutes(text: str) -> int:
    """Minutes after midnight of "HH:MM", or -1 when `text` is not such a time."""
    hours, colon, minutes = text.partition(":")
    if not (colon and len(hours) == 2 and len(minutes) == 2):
        return -1
    if not (hours.isdecimal() and minutes.isdecimal() and hours.isascii() and minutes.isascii()):
        return -1
    value = int(hours) * 60 + int(minutes)
    return value if int(hours) < 24 and int(minutes) < 60 else -1
