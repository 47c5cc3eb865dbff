"""The calendar dates eol-check reads and computes with, and parsing the ones people pass
(SPEC §3.1).

Every date read from a file or the command line lies within `FIRST_DATE`..`LAST_DATE`. The range
is far wider than any real lifecycle, and far enough inside datetime's years 1–9999 that adding
the longest tail a policy may set, an SLA deadline or a report horizon to such a date never
leaves the calendar: a date outside it is refused where it is read (data: exit 3 with its key
path; input: exit 2), never met by the arithmetic later.

Month arithmetic (`add_months`) is the standard library's: SPEC v3 §3.1 needs a few lines, not a
dependency.
"""

from __future__ import annotations

from datetime import date, datetime

from .errors import InvalidDate

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "RANGE",
    "add_months",
    "date_range_problem",
    "month_length",
    "parse_date",
]

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


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_length(year: int, month: int) -> int:
    """The number of days in `month` of `year` (Gregorian leap years)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months, month end to month end (SPEC v3 §3.1).

    The day of the month is kept where the target month has it, else clamped to its last day
    (2026-03-30 + 11 months = 2027-02-28); a month's last day lands on the target month's last
    day (2026-02-28 + 6 months = 2026-08-31; 2026-04-30 + 10 months = 2027-02-28).
    """
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    length = month_length(year, month0 + 1)
    if day.day == month_length(day.year, day.month):
        return date(year, month0 + 1, length)
    return date(year, month0 + 1, min(day.day, length))
