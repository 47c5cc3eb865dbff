"""iCalendar (RFC 5545) text for all-day events: the calendars `catalog publish` writes.

Only what the published calendars need: a VCALENDAR of all-day VEVENTs, TEXT values escaped
(§3.3.11), lines folded at 75 octets without splitting a UTF-8 character (§3.1), CRLF line ends.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from ._format import printable
from ._record import Record

__all__ = ["Event", "calendar", "events_text"]

_ONE_DAY = datetime.timedelta(days=1)


class Event(Record):
    """An all-day event. `uid` must stay the same for the same event across publications, so
    that a subscribed calendar updates it instead of adding a copy."""

    uid: str
    day: datetime.date
    summary: str
    description: str
    url: str | None = None


def events_text(events: Iterable[Event], stamp: datetime.datetime) -> str:
    """The VEVENT blocks of `events`; `stamp` (aware) is every event's DTSTAMP."""
    utc = stamp.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = []
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_text(event.uid)}",
            f"DTSTAMP:{utc}",
            f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}",
            # DTEND is exclusive (§3.6.1): an all-day event ends at the start of the next day.
            f"DTEND;VALUE=DATE:{(event.day + _ONE_DAY).strftime('%Y%m%d')}",
            f"SUMMARY:{_text(event.summary)}",
            f"DESCRIPTION:{_text(event.description)}",
            "TRANSP:TRANSPARENT",  # a date to know, not time taken
        ]
        if event.url is not None:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    return "".join(_fold(line) + "\r\n" for line in lines)


def calendar(name: str, events: Iterable[str]) -> bytes:
    """A whole calendar named `name` of the VEVENT blocks `events` (from `events_text`)."""
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//eol-check//catalog publish//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(name)}",
    ]
    text = "".join(_fold(line) + "\r\n" for line in head)
    return (text + "".join(events) + "END:VCALENDAR\r\n").encode("utf-8")


def _text(value: str) -> str:
    """A TEXT value (§3.3.11): backslash, semicolon, comma and line breaks escaped; the other
    control characters, which RFC 5545 forbids in a content line (§3.1), and the bidi controls
    shown as escapes (`_format.printable`), as every output of eol-check shows them."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\\n".join(
        printable(line).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        for line in lines
    )


def _fold(line: str) -> str:
    """`line` folded into pieces of at most 75 octets, each next one starting with a space."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    pieces = []
    start, limit = 0, 75
    while len(raw) - start > limit:
        end = start + limit
        while raw[end] & 0xC0 == 0x80:  # never split a UTF-8 character: back up to its start
            end -= 1
        pieces.append(raw[start:end])
        start, limit = end, 74  # the leading space of a continuation line counts
    pieces.append(raw[start:])
    return b"\r\n ".join(pieces).decode("utf-8")
