"""The JSON every command prints: `json.dumps(obj, indent=2, ensure_ascii=False, default=...)`,
byte for byte, at about twice its speed.

The standard library's C encoder serves only `indent=None`; with an indent, `json.dumps` runs
its pure-Python generators, a piece at a time. Our answers are plain trees (dict, list, tuple,
str, int, float, bool, None, and values `default` turns into those), so one recursive function
writes them, and each string still goes through the standard library's own string encoder
(`JSONEncoder(ensure_ascii=False).encode`: the C escaper), so the escapes are its escapes. A
test compares the bytes with `json.dumps` on every answer shape, hostile strings included, and a
property test on generated trees (tests/cli/test_indented_json.py).

Imported by `Context.emit_json` only (importing `json` compiles its scanner's patterns: a
start-up cost the commands that print no JSON do not pay).
"""

from __future__ import annotations

import json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["dumps"]

_INDENT = "  "  # indent=2
# A str through the C escaper, nothing else; a float with NaN and Infinity as json writes them.
_string = _float = json.JSONEncoder(ensure_ascii=False).encode
# A key's text, by value: our answers repeat the same few dozen keys (bounded, see _key).
_KEYS: dict[str, str] = {}


def dumps(obj: object, default: Callable[[Any], Any]) -> str:
    """`json.dumps(obj, indent=2, ensure_ascii=False, default=default)`."""
    parts: list[str] = []
    _write(obj, parts, "\n", default)
    return "".join(parts)


def _write(obj: object, out: list[str], newline: str, default: Callable[[Any], Any]) -> None:
    """Append the pieces of `obj` at the indentation `newline` (a line break and the indent)."""
    if isinstance(obj, str):
        out.append(_string(obj))
    elif obj is None:
        out.append("null")
    elif obj is True:
        out.append("true")
    elif obj is False:
        out.append("false")
    elif isinstance(obj, int):
        out.append(int.__repr__(obj))  # an IntEnum as its number, as json does
    elif isinstance(obj, float):
        out.append(_float(obj))
    elif isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        inner = newline + _INDENT
        opening = "{" + inner
        for key, value in obj.items():
            out.append(opening + _key(key))
            opening = "," + inner
            kind = type(value)  # the usual leaves inline, without a call
            if kind is str:
                out.append(_string(value))
            elif value is None:
                out.append("null")
            elif kind is bool:
                out.append("true" if value else "false")
            elif kind is int:
                out.append(int.__repr__(value))
            else:
                _write(value, out, inner, default)
        out.append(newline + "}")
    elif isinstance(obj, (list, tuple)):
        if not obj:
            out.append("[]")
            return
        inner = newline + _INDENT
        opening = "[" + inner
        for value in obj:
            out.append(opening)
            opening = "," + inner
            if type(value) is str:
                out.append(_string(value))
            else:
                _write(value, out, inner, default)
        out.append(newline + "]")
    else:
        _write(default(obj), out, newline, default)


def _key(key: object) -> str:
    """A dict key and its separator, as json writes them (str, and the scalars it converts)."""
    if isinstance(key, str):
        found = _KEYS.get(key)
        if found is None:
            found = _string(key) + ": "
            if len(_KEYS) < 1024:  # keys from data (a hostile file's) must not grow it forever
                _KEYS[key] = found
        return found
    if key is True:
        text = "true"
    elif key is False:
        text = "false"
    elif key is None:
        text = "null"
    elif isinstance(key, int):
        text = int.__repr__(key)
    elif isinstance(key, float):
        text = _float(key)
    else:
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return _string(text) + ": "
