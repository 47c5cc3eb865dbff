"""Availability (SPEC §8: §1.12–§1.15, §4, §5): the 99.9% the policy promises, measured.

A subpackage with dependencies of its own (DuckDB, PySpark: the `[availability]` and `[spark]`
extras, imported only when telemetry is read); the core never imports it. The public entry:

- `load_incidents(path, terms)` → `IncidentLog` (CSV or JSON Lines; bad rows kept, named);
- `check_downtime(policy, service, start, end, announced_at, regions)` → `DowntimeCheck`;
- `uptime(policy, incidents, year=…, today=…, telemetry=…, …)` → `UptimeReport`.
"""

from .incidents import Incident, IncidentLog, RowProblem, load_incidents
from .rules import DowntimeCheck, DowntimeFinding, Service, check_downtime
from .uptime import IncidentVerdict, MonthUptime, Uptime, UptimeReport, uptime

__all__ = [
    "DowntimeCheck",
    "DowntimeFinding",
    "Incident",
    "IncidentLog",
    "IncidentVerdict",
    "MonthUptime",
    "RowProblem",
    "Service",
    "Uptime",
    "UptimeReport",
    "check_downtime",
    "load_incidents",
    "uptime",
]
