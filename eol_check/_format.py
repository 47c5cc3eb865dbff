"""How every output writes a value: dates, optional values, counts and text from data, in one
place."""

from __future__ import annotations

import datetime
import functools
import re

__all__ = ["day", "due_in", "iso", "plural", "printable", "text"]

# What must never reach a terminal, a page or a ticket raw (docs/hostile-input.md): control
# characters (C0, DEL, C1: ESC starts terminal escapes, a line break forges a line), the line and
# paragraph separators, the bidirectional controls that reorder what a reader sees (U+061C, LRM,
# RLM, U+202A–U+202E, U+2066–U+2069), and lone surrogates (bytes that were not UTF-8).
_UNPRINTABLE = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"


def printable(value: object) -> str:
    """`value` as text for people, its control and bidi characters shown as escapes (ESC as
    `\\x1b`, a line break as `\\n`, U+202E as `\\u202e`).

    Every text output (stdout and stderr) shows values from data, servers and arguments
    through this one function."""
    shown = str(value)
    # The usual case, without compiling the pattern (a start-up cost): every character above is
    # one that str.isprintable() refuses (Cc, Cf, Zl, Zp, Cs).
    if shown.isprintable():
        return shown
    return _unprintable().sub(_escape, shown)


@functools.cache
def _unprintable() -> re.Pattern[str]:
    return re.compile(_UNPRINTABLE)


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


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
