"""The calendar dates eol-check reads and computes with, and parsing the ones people pass
(SPEC §3.1).

Every date read from a file or the command line lies within `FIRST_DATE`..`LAST_DATE`. The range
is far wider than any real lifecycle, and far enough inside datetime's years 1–9999 that adding
the longest tail a policy may set, an SLA deadline or a report horizon to such a date never
leaves the calendar: a date outside it is refused where it is read (data: exit 3 with its key
path; input: exit 2), never met by the arithmetic later.
"""

from __future__ import annotations

from datetime import date, datetime

from .errors import InvalidDate

__all__ = ["FIRST_DATE", "LAST_DATE", "RANGE", "date_range_problem", "parse_date"]

FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2999, 12, 31)
#: How messages name the range.
RANGE = f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"


def date_range_problem(value: date) -> str | None:
    """Why `value` (a date, or the local date of a date-time) is out of range, or None."""
    day = value.date() if isinstance(value, datetime) else value
    if FIRST_DATE <= day <= LAST_DATE:
        return None
    return f"{day.isoformat()} is outside the dates eol-check handles ({RANGE})"


def parse_date(text: str, what: str = "date") -> date:
    """The calendar date in `text`, which must be YYYY-MM-DD exactly, within the range."""
    digits = text[:4] + text[5:7] + text[8:]
    if not (
        len(text) == 10 and text[4] == text[7] == "-" and digits.isascii() and digits.isdigit()
    ):  # YYYY-MM-DD
        raise InvalidDate(
            f"{what} {text[:40]!r} is not a date: expected YYYY-MM-DD, e.g. 2026-01-15"
        )
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidDate(f"{what} {text!r} is not a real calendar date ({exc})") from exc
    problem = date_range_problem(day)
    if problem is not None:
        raise InvalidDate(f"{what} {problem}")
    return day
