"""How every output writes a value: dates, optional values and counts, in one place."""

from __future__ import annotations

import datetime

__all__ = ["day", "due_in", "iso", "plural", "text"]


def day(value: datetime.date | None) -> str:
    """A date for people: '2026-11-21', or '-' when there is none."""
    return value.isoformat() if value is not None else "-"


def iso(value: datetime.date | None) -> str | None:
    """A date or a moment for JSON: ISO 8601, or None (null) when there is none."""
    return value.isoformat() if value is not None else None


def text(value: object | None) -> str | None:
    """A value (a version, a kind …) for JSON: its text, or None (null) when there is none."""
    return str(value) if value is not None else None


def plural(count: int, word: str) -> str:
    """'1 release', '2 releases'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def due_in(minutes: int) -> str:
    """Minutes left (`sla.DueIn`) as a person reads them: "due in 2 h 10 m", "due now",
    "BREACHED 40 min ago"."""
    if minutes == 0:
        return "due now"
    span = abs(minutes)
    if span < 60:
        shown = f"{span} min"
    elif span < 24 * 60:
        shown = f"{span // 60} h" + (f" {span % 60} m" if span % 60 else "")
    else:
        days, hours = divmod(span // 60, 24)
        shown = f"{days} d" + (f" {hours} h" if hours else "")
    return f"due in {shown}" if minutes > 0 else f"BREACHED {shown} ago"
