"""Parsing the dates people pass on the command line and in data files (SPEC §3.1)."""

from __future__ import annotations

import re
from datetime import date

from .errors import InvalidDate

__all__ = ["parse_date"]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def parse_date(text: str, what: str = "date") -> date:
    """The calendar date in `text`, which must be YYYY-MM-DD exactly."""
    if not _ISO_DATE.fullmatch(text):
        raise InvalidDate(
            f"{what} {text[:40]!r} is not a date: expected YYYY-MM-DD, e.g. 2026-01-15"
        )
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidDate(f"{what} {text!r} is not a real calendar date ({exc})") from exc
