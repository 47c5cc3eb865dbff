"""How every output writes a value: dates, optional values and counts, in one place."""

from __future__ import annotations

import datetime

__all__ = ["day", "iso", "plural", "text"]


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
