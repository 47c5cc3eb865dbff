"""Reading TOML files into plain data, with errors that name the file, line and column."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping
from datetime import date, datetime, time

from . import _preparsed
from ._dates import RANGE, date_range_problem
from ._files import decode_utf8, read_data_file
from ._record import Record
from .errors import DataError, EolCheckError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import os
    from typing import Any, NoReturn

__all__ = [
    "MAX_NESTING",
    "Section",
    "describe",
    "load_toml",
    "loads_toml",
    "quote_key",
    "read_toml",
]

# A lone surrogate: what a JSON "\\udcff" escape decodes to, never text (`Section.unicode`).
_SURROGATE = re.compile("[\ud800-\udfff]")

#: The deepest nesting of arrays and inline tables a document may have. Real catalogs, policies
#: and customers files nest three or four levels; the parser recurses once per level and would
#: fail near 400 (inline tables), so deeper documents are refused before parsing.
MAX_NESTING = 100

# What the nesting scan skips whole (strings, comments) or counts (brackets and braces); compiled
# by `re` on first use, as few files are large enough to be scanned.
_TOKENS = "|".join(
    (
        r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # multi-line basic string
        r"'''.*?'''",  # multi-line literal string
        r'"(?:[^"\\\n]|\\.)*"',  # basic string
        r"'[^'\n]*'",  # literal string
        r"#[^\n]*",  # comment
        r"[\[\]{}]",
    )
)


def load_toml(path: str | os.PathLike[str], error: type[DataError] = DataError) -> dict[str, Any]:
    """The TOML document at `path`; any failure raises `error` naming the file.

    The embedded files, byte for byte, are not parsed again: `_preparsed` holds their documents.
    """
    return read_toml(path, error)[0]


def read_toml(
    path: str | os.PathLike[str], error: type[DataError] = DataError
) -> tuple[dict[str, Any], bool]:
    """`load_toml`, and whether the document is an embedded file's, byte for byte."""
    raw = read_data_file(path, error, "a TOML file")
    document = _preparsed.document(raw)
    if document is None:
        return loads_toml(raw, str(path), error), False
    return document, True


def loads_toml(raw: bytes, source: str, error: type[EolCheckError] = DataError) -> dict[str, Any]:
    """The TOML document in `raw` (UTF-8); `source` names it in errors."""
    # tomllib (and the typing module it imports) loads only when a TOML text is parsed.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    text = decode_utf8(raw, source, error)
    depth = _nesting(text)
    if depth > MAX_NESTING:
        raise error(f"{source}: invalid TOML: nested more than {MAX_NESTING} levels deep")
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message carries "(at line L, column C)".
        raise error(f"{source}: invalid TOML: {exc}") from exc
    except ValueError as exc:  # an integer of more digits than Python converts (4300)
        raise error(f"{source}: invalid TOML: {_first_line(exc)}") from exc
    except RecursionError as exc:  # only when the caller's own stack is already deep
        raise error(f"{source}: invalid TOML: nested too deeply") from exc
    return document


def _first_line(exc: BaseException) -> str:
    return str(exc).split(";")[0].splitlines()[0] if str(exc) else type(exc).__name__


def _nesting(text: str) -> int:
    """The deepest nesting of brackets and braces outside strings and comments (a bound: table
    headers count too)."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return 0  # cannot be deeper than that: skip the scan (every small file)
    depth = deepest = 0
    for match in re.finditer(_TOKENS, text, re.DOTALL):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("]", "}"):
            depth = max(depth - 1, 0)
    return deepest


def quote_key(key: str) -> str:
    """A TOML key as it would be written in a dotted path: bare if it can be, else quoted."""
    # Digits alone stay quoted: `eol."4"` reads as the catalog writes it, not as a number.
    if key and not key.isdigit() and all(c.isascii() and (c.isalnum() or c in "-_") for c in key):
        return key
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def describe(value: object) -> str:
    """How an error message shows a value it did not expect."""
    if isinstance(value, datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, time):
        return f"the time {value.isoformat()}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        shown = "[" + ", ".join(_item(v) for v in value) + "]"
        return shown if len(shown) <= 60 else f"an array of {len(value)} values"
    if isinstance(value, bool):
        return "true" if value else "false"
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _item(value: object) -> str:
    """How `describe` shows one value of an array: as TOML would write it."""
    if isinstance(value, (date, time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


class Section(Record):
    """A table of a loaded TOML document that reads typed values and names the key path in errors.

    `Section(doc, "data/policy.toml", PolicyError).table("regions").table("na").text("zone")` raises
    `PolicyError("data/policy.toml: regions.na.zone: expected text, got 5")`.
    """

    data: Mapping[str, Any]
    source: str
    error: type[DataError] = DataError
    path: str = ""

    def where(self, key: str | None = None) -> str:
        """The dotted key path of this table, or of `key` in it."""
        if key is None:
            return self.path or "(top level)"
        return f"{self.path}.{quote_key(key)}" if self.path else quote_key(key)

    def failure(self, key: str | None, message: str) -> DataError:
        """This document's error for `key` with `message`, to raise (`raise ... from exc`)."""
        return self.error(f"{self.source}: {self.where(key)}: {message}")

    def fail(self, key: str | None, message: str) -> NoReturn:
        """Raise this document's error for `key` with `message`."""
        raise self.failure(key, message)

    def expected(self, key: str | None, what: str, value: object) -> NoReturn:
        """Raise 'expected WHAT, got VALUE' for `key`."""
        self.fail(key, f"expected {what}, got {describe(value)}")

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def keys(self) -> list[str]:
        """The keys of this table, in file order (each Unicode text: `unicode`)."""
        keys = list(self.data)
        for key in keys:
            self.unicode(key, key)
        return keys

    def unicode(self, key: str, text: str) -> str:
        """`text` (the value or the name of `key`), unless it holds a lone surrogate: JSON can
        write one (`"\\ud800"`), no file, page or terminal can show one."""
        if not text.isascii():
            bad = _SURROGATE.search(text)
            if bad is not None:
                self.fail(
                    key,
                    f"expected Unicode text, got a lone surrogate (U+{ord(bad.group()):04X}) at "
                    f"position {bad.start() + 1}",
                )
        return text

    def raw(self, key: str) -> Any:
        """The value of `key`, or a 'missing' error."""
        if key not in self.data:
            self.fail(key, "missing")
        return self.data[key]

    def only(self, *allowed: str) -> None:
        """Refuse keys other than `allowed`: a typo in a data file should not pass silently."""
        for key in self.data:
            if key not in allowed:
                self.fail(key, f"unknown key (expected one of: {', '.join(allowed)})")

    def table(self, key: str) -> Section:
        """The sub-table `key`."""
        value = self.raw(key)
        if not isinstance(value, dict):
            self.expected(key, "a table", value)
        return Section(value, self.source, self.error, self.where(key))

    def tables(self) -> list[tuple[str, Section]]:
        """Every value of this table, each of which must be a table."""
        result = []
        for key, value in self.data.items():
            self.unicode(key, key)
            if not isinstance(value, dict):
                self.expected(key, "a table", value)
            result.append((key, Section(value, self.source, self.error, self.where(key))))
        return result

    def text(self, key: str, default: str | None = None) -> str:
        """The text value of `key` (non-empty); `default` when absent, if given."""
        if key not in self.data and default is not None:
            return default
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip():
            self.expected(key, "non-empty text", value)
        return self.unicode(key, value)

    def integer(
        self, key: str, default: int | None = None, minimum: int = 0, maximum: int | None = None
    ) -> int:
        """The integer value of `key`, at least `minimum` and at most `maximum` (if given)."""
        if key not in self.data and default is not None:
            return default
        value = self.raw(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < minimum
            or (maximum is not None and value > maximum)
        ):
            bounds = f"from {minimum} to {maximum}" if maximum is not None else f"≥ {minimum}"
            self.expected(key, f"an integer {bounds}", value)
        return value

    def number(self, key: str, maximum: float) -> float:
        """The finite number (integer or float) value of `key`, from 0 to `maximum`."""
        value = self.raw(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or not 0 <= value <= maximum
        ):
            self.expected(key, f"a number from 0 to {maximum:g}", value)
        return float(value)

    def optional_number(self, key: str, maximum: float) -> float | None:
        """Like `number`, but None when the key is absent (no target set)."""
        return self.number(key, maximum) if key in self.data else None

    def flag(self, key: str, default: bool | None = None) -> bool:
        """The boolean value of `key`."""
        if key not in self.data and default is not None:
            return default
        value = self.raw(key)
        if not isinstance(value, bool):
            self.expected(key, "true or false", value)
        return value

    def get_date(self, key: str) -> date:
        """The TOML local date value of `key` (a bare 2026-01-15, not a string or a date-time),
        within the dates eol-check handles (`eol_check._dates`)."""
        value = self.raw(key)
        if isinstance(value, datetime) or not isinstance(value, date):
            self.expected(key, "a date (YYYY-MM-DD, unquoted)", value)
        if date_range_problem(value) is not None:
            self.expected(key, f"a date from {RANGE}", value)
        return value

    def get_time(self, key: str) -> time:
        """The TOML local time value of `key` (a bare 08:00:00)."""
        value = self.raw(key)
        if not isinstance(value, time):
            self.expected(key, "a time of day (HH:MM:SS, unquoted)", value)
        return value

    def texts(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        """The array of texts at `key`."""
        if key not in self.data and default is not None:
            return default
        value = self.raw(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.expected(key, "an array of texts", value)
        for item in value:
            self.unicode(key, item)
        return tuple(value)
