"""Tables people read: text measured in display width and fitted to the terminal, Markdown that
pastes into a ticket, CSV that opens in a sheet (issue 20).

- Display width: a CJK character takes two columns, a combining mark none. ASCII text (nearly
  every cell) is measured by `len`; other text by `wcwidth` (imported only then: a start-up seam).
- Fitting: `fit(widths, priority, available)` drops the least useful columns, in the order the
  caller ranks them, until the row fits `available` columns; `available` is None for "show all"
  (`--wide`, or output that is not a terminal and has no COLUMNS: a pipe or a file keeps every
  column, so that scripts see the same table everywhere).
"""

from __future__ import annotations

import os
import re

from ._format import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

__all__ = [
    "COLOURS",
    "available_width",
    "csv_table",
    "display_width",
    "fit",
    "inert_cell",
    "markdown_cell",
    "markdown_table",
    "markdown_text",
    "pad",
    "paint",
]

#: ANSI colours of lifecycle statuses and verdicts (text output on a terminal only, issue 20).
COLOURS = {
    "current": "32",  # green
    "supported": "32",
    "support-tail": "33",  # yellow
    "upgrade-window": "35",  # magenta
    "unsupported": "31",  # red
    "ENTITLED": "1;32",  # bold green
    "NOT ENTITLED": "1;31",  # bold red
    "UNKNOWN VERSION": "1;33",  # bold yellow
}


def paint(key: str, text: str, on: bool) -> str:
    """`text` in the colour of `key` (a status or a verdict) when `on`, else as it is."""
    code = COLOURS.get(key)
    if code is None or not on:
        return text
    return f"\033[{code}m{text}\033[0m"


def display_width(text: str) -> int:
    """The columns `text` takes on a terminal (CJK characters count two)."""
    if text.isascii():
        return len(text)
    from wcwidth import wcswidth  # only for text that is not ASCII

    width: int = wcswidth(text)
    if width < 0:  # a control character: each is shown escaped by whoever prints it
        from wcwidth import wcwidth as char_width

        width = sum(max(char_width(c), 1) for c in text)
    return width


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` display columns."""
    return text + " " * max(0, width - display_width(text))


def available_width(stream: TextIO, wide: bool) -> int | None:
    """How many columns a table may take on `stream`: None shows every column (`--wide`, or a
    stream that is not a terminal when COLUMNS is not set)."""
    if wide:
        return None
    if not (os.environ.get("COLUMNS") or _isatty(stream)):
        return None
    import shutil  # only for a terminal

    return shutil.get_terminal_size((100, 24)).columns


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def fit(widths: Sequence[int], priority: Sequence[int], available: int | None) -> list[int]:
    """The indexes of the columns to show, in order: all of them when `available` is None or
    they fit (two spaces between columns), else without the columns listed first in `priority`
    (the least useful first) until the rest fit or only the columns not in `priority` are left."""
    shown = list(range(len(widths)))
    if available is None:
        return shown
    for drop in priority:
        if sum(widths[i] for i in shown) + 2 * (len(shown) - 1) <= available:
            break
        shown.remove(drop)
    return shown


def markdown_text(value: str, *, cell: bool = False) -> str:
    """Text from data, inert in Markdown: shown as written, on its line (control characters
    escaped), a word that a renderer would turn into a link or a mention (`@team`, a URL) in a
    code span, and `|` escaped in a table cell."""
    text = printable(value)
    parts, start = [], 0
    for live in _LIVE.finditer(text):
        parts += [_md_escape(text[start : live.start()]), _code_span(live.group())]
        start = live.end()
    escaped = "".join([*parts, _md_escape(text[start:])])
    if escaped.lstrip().startswith(">"):  # a quote only where a line starts: "5.1.2 > 6.0.2" stays
        escaped = escaped.replace(">", "\\>", 1)
    return escaped.replace("|", "\\|") if cell else escaped


# A word GitHub, GitLab or Jira would make live: a mention or an e-mail address, a URL.
_LIVE = re.compile(r"\S*(?:@|://|www\.)\S*", re.IGNORECASE)


def _md_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<#&~" else c for c in text)


def _code_span(word: str) -> str:
    """`word` as a code span: its fence one backtick longer than any run of them inside."""
    fence = "`" * (max((len(run) for run in re.findall("`+", word)), default=0) + 1)
    pad = " " if word.startswith("`") or word.endswith("`") else ""
    return f"{fence}{pad}{word}{pad}{fence}"


def markdown_cell(value: str) -> str:
    """A data value as a Markdown table cell shows it: inert (`markdown_text`), on one line."""
    return " ".join(markdown_text(value, cell=True).split()) or " "


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Write a GitHub-flavoured Markdown table."""
    out.write("| " + " | ".join(header) + " |\n")
    out.write("|" + "---|" * len(header) + "\n")
    for row in rows:
        out.write("| " + " | ".join(markdown_cell(cell) for cell in row) + " |\n")


def csv_table(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Write CSV with a header row (RFC 4180 quoting, `\\n` line ends), every cell inert."""
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([inert_cell(cell) for cell in row] for row in rows)


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"): such a cell is
# written after a "'", which shows it as text (docs/report.md).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text: "'" before a formula's first character."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
