"""`_format.printable`'s fast path: a text that str.isprintable() accepts is returned as it is,
which is exact only while every character the pattern escapes is one isprintable() refuses."""

from __future__ import annotations

import re

from eol_check._format import _UNPRINTABLE, printable


def test_every_escaped_character_is_one_isprintable_refuses() -> None:
    pattern = re.compile(_UNPRINTABLE)
    escaped = [chr(c) for c in range(0x110000) if pattern.match(chr(c))]
    assert len(escaped) == 32 + 33 + 1 + 2 + 7 + 4 + 2048
    assert [c for c in escaped if c.isprintable()] == []


def test_printable_escapes_and_keeps() -> None:
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert printable("line\nforged") == "line\\nforged"
    assert printable("x\u202ey") == "x\\u202ey"
    assert printable("\ud800") == "\\ud800"
    # not in the class: kept, on the slow path too (U+200B is unprintable to Python)
    assert printable("zero\u200bwidth\x07") == "zero\u200bwidth\\x07"
    assert printable("株式会社テスト é") == "株式会社テスト é"
    assert printable(42) == "42"
