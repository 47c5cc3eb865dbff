"""`eol-check status PRODUCT [VERSION]`: the lifecycle of every line, or of one version (SPEC §3.2).

Exit 0 whenever it answered, whatever the statuses (SPEC §5).
"""

from __future__ import annotations

import argparse
from datetime import date

from .. import _table
from .._format import day, printable
from ..catalog import EolSource
from ..lifecycle import current_line, lines, upcoming_releases, version_status
from ..policy import Status
from ._common import Context, version_arg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..catalog import Product
    from ..lifecycle import LineStatus, VersionStatus

FORMATS = ("text", "json", "markdown", "csv")

# The table's columns, and the order they go in when a terminal is too narrow: the customer came
# for the status, the End of Life and the last day of support (issue 20).
_HEADER = ["LINE", "STATUS", "RELEASED", "LATEST", "EOL", "SUPPORT UNTIL", "UPGRADE UNTIL"]
_DROP_FIRST = [2, 3, 6]  # RELEASED, LATEST, UPGRADE UNTIL
_MD_HEADER = [
    "Line",
    "Status",
    "Released",
    "Latest",
    "End of Life",
    "Support until",
    "Upgrade until",
]
# The CSV columns of a line: its JSON keys.
_LINE_KEYS = [
    "line",
    "status",
    "released",
    "latest",
    "latest_released",
    "eol",
    "eol_source",
    "eol_scheduled",
    "support_until",
    "upgrade_until",
]
_VERSION_KEYS = [
    "product",
    "date",
    "version",
    "line",
    "status",
    "released",
    "eol",
    "eol_source",
    "eol_scheduled",
    "support_until",
    "upgrade_until",
    "latest_in_line",
    "upgrade_to",
]


# How many not-yet-released versions the text output lists (JSON lists them all).
_UPCOMING = 5

# What each status means, as one clause citing the policy (SPEC §3.2).
_MEANING = {
    Status.CURRENT: "the current line (§2(i))",
    Status.SUPPORTED: "an older line, supported until it is declared End of Life (§2(ii))",
    Status.SUPPORT_TAIL: "End of Life; support continues for six months after it (§7)",
    Status.UPGRADE_WINDOW: "End of Life and out of support; the upgrade window is open (§2)",
    Status.UNSUPPORTED: "End of Life, out of support, and past its upgrade window (§2, §7)",
    Status.UNKNOWN: "not a release in the catalog",
    Status.PRERELEASE: "a pre-release: never generally available (§1.4)",
    Status.UNRELEASED: "not released yet on this date",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("product", metavar="PRODUCT", help="a product id, name or alias, e.g. oas")
    parser.add_argument(
        "version",
        metavar="VERSION",
        nargs="?",
        help="one version (lenient: '4.2', 'v4.2.1', 'OAS 4.2.1 (build 77)'); default: every line",
    )
    parser.add_argument(
        "--wide",
        action="store_true",
        help="show every column, however narrow the terminal (a pipe always gets every column)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    # Parse the user's input before loading data, so a typo answers fast and with exit 2.
    version = version_arg(args.version, "VERSION") if args.version is not None else None
    product = ctx.product(args.product)
    policy = ctx.policy()
    on = ctx.today
    if version is None:
        _show_lines(ctx, product, lines(product, policy, on), on, wide=args.wide)
    else:
        _show_version(ctx, version_status(product, version, policy, on))
    return 0


def _show_lines(
    ctx: Context, product: Product, found: list[LineStatus], on: date, *, wide: bool = False
) -> None:
    current = current_line(product, on)
    upcoming = upcoming_releases(product, on)
    if ctx.format == "csv":  # one row per line, the JSON keys as the header
        table = [line.as_json() for line in found]
        _table.csv_table(
            _LINE_KEYS, [[_csv(row[k]) for k in _LINE_KEYS] for row in table], ctx.stdout
        )
        return
    if ctx.format == "json":
        ctx.emit_json(
            {
                "product": product.id,
                "name": product.name,
                "date": on,
                "current": current.line if current is not None else None,
                "lines": [line.as_json() for line in found],
                "upcoming": [{"version": str(r.version), "date": r.date} for r in upcoming],
            }
        )
        return
    markdown = ctx.format == "markdown"
    title = f"{printable(product.name)} ({printable(product.id)}) on {on.isoformat()}"
    ctx.print(f"**{_table.markdown_cell(title)}**" if markdown else title)
    ctx.print()
    if not found:
        ctx.print("no line has a release on or before this date")
    else:
        header = _HEADER
        rows = [
            [
                line.line,
                line.status.value,
                line.released.isoformat(),
                str(line.latest),
                _eol_text(line.line, line.eol, line.eol_source, line.eol_scheduled),
                day(line.support_until),
                day(line.upgrade_until),
            ]
            for line in found
        ]
        if markdown:
            _table.markdown_table(_MD_HEADER, rows, ctx.stdout)
            _gloss(ctx, *(line.status for line in found))
        else:
            _text_table(ctx, header, rows, [line.status for line in found], wide)
    newest = found[0] if found else None
    if current is None and newest is not None and newest.eol is not None:
        # SPEC §3.2: the newest line is End of Life, so no line is current (docs/status.md).
        whose = {
            EolSource.PRODUCT: "the product's",
            EolSource.MAJOR: f"major {newest.line.split('.')[0]}'s",
        }
        since = newest.eol.isoformat()
        if newest.eol_source in whose:
            since += f", {whose[newest.eol_source]} End of Life"
        ctx.print()
        ctx.print(f"no current line: the newest line, {newest.line}, is End of Life since {since}")
    if upcoming:
        ctx.print()
        listed = ", ".join(f"{r.version} on {r.date.isoformat()}" for r in upcoming[:_UPCOMING])
        more = f" and {len(upcoming) - _UPCOMING} more" if len(upcoming) > _UPCOMING else ""
        ctx.print(f"not released yet: {listed}{more}")


def _text_table(
    ctx: Context, header: list[str], rows: list[list[str]], statuses: list[Status], wide: bool
) -> None:
    """The lines as aligned columns in display width, fitted to the terminal (issue 20)."""
    widths = [max(_table.display_width(row[i]) for row in [header, *rows]) for i in range(7)]
    shown = _table.fit(widths, _DROP_FIRST, _table.available_width(ctx.stdout, wide))
    ctx.print("  ".join(_table.pad(header[i], widths[i]) for i in shown).rstrip())
    for row, status in zip(rows, statuses, strict=True):
        cells = []
        for i in shown:
            cell = _table.pad(row[i], widths[i])
            cells.append(_paint(ctx, status, cell) if i == 1 else cell)
        ctx.print("  ".join(cells).rstrip())
    if len(shown) < len(header):
        hidden = ", ".join(header[i] for i in range(len(header)) if i not in shown)
        ctx.print(f"({hidden} hidden to fit the terminal: --wide shows them)")


def _csv(value: object) -> str:
    """A JSON value as a CSV cell: null is empty, booleans are true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _show_version(ctx: Context, answer: VersionStatus) -> None:
    status = answer.status
    if ctx.format == "json":
        ctx.emit_json(answer.as_json())
        return
    if ctx.format == "csv":
        data = answer.as_json()
        keys = [*_VERSION_KEYS, "upgrade_path"]
        path = data["upgrade_path"]
        data["upgrade_path"] = " > ".join(path) if path is not None else None
        _table.csv_table(keys, [[_csv(data[k]) for k in keys]], ctx.stdout)
        return
    if ctx.format == "markdown":
        _markdown_version(ctx, answer)
        return
    product = answer.product
    ctx.print(
        f"{printable(product.name)} {answer.version} on {answer.date.isoformat()}: "
        f"{_paint(ctx, status, status.value)}"
    )
    meaning = _MEANING[status]
    if status is Status.UNRELEASED and answer.released is not None:
        meaning = f"released on {answer.released.isoformat()}, after this date"
    ctx.print(f"  {meaning}")
    if answer.version.is_hotfix:  # SPEC §2: a hotfix has the lifecycle of its base release
        ctx.print(
            f"  hotfix {answer.version.hotfix} of {answer.version.base} (§3.6): "
            "the lifecycle of that release"
        )
    for label, value in _version_rows(answer):
        ctx.print(f"  {label:<14} {value}")


def _version_rows(answer: VersionStatus) -> list[tuple[str, str]]:
    scheduled = answer.eol_scheduled
    rows = [
        ("line", answer.line + _latest_note(answer)),
        ("released", day(answer.released)),
        ("End of Life", _eol_text(answer.line, answer.eol, answer.eol_source, scheduled)),
        ("support until", day(answer.support_until)),
        ("upgrade until", day(answer.upgrade_until)),
        ("upgrade to", _upgrade_note(answer)),
    ]
    if answer.upgrade_path is not None:  # SPEC §3.5: the planner's way there
        rows.append(("upgrade path", answer.upgrade_path.summary))
    return rows


def _markdown_version(ctx: Context, answer: VersionStatus) -> None:
    status = answer.status
    title = (
        f"{printable(answer.product.name)} {answer.version} on {answer.date.isoformat()}: "
        f"{status.value}"
    )
    ctx.print(f"**{_table.markdown_cell(title)}**")
    ctx.print()
    ctx.print(_table.markdown_cell(_MEANING[status]))
    ctx.print()
    _table.markdown_table(["", ""], _version_rows(answer), ctx.stdout)
    _gloss(ctx, answer.status)


def _gloss(ctx: Context, *statuses: Status) -> None:
    """The policy's terms the answer uses, glossed once for the customer (issue 20)."""
    from ..terms import glossary

    glossed = glossary(ctx.policy(), *statuses)
    if glossed:
        ctx.print()
        for term, meaning in glossed:
            ctx.print(f"*{term}* — {meaning}")


def _upgrade_note(answer: VersionStatus) -> str:
    if answer.upgrade_to is None:
        return "- (no current line)"
    if answer.upgrade_to == answer.version:
        return f"{answer.upgrade_to} (this version is the newest)"
    return str(answer.upgrade_to)


def _latest_note(answer: VersionStatus) -> str:
    if answer.latest_in_line is None:
        return " (no release of this line on this date)"
    return f" (latest {answer.latest_in_line})"


def _eol_text(line: str, eol: date | None, source: EolSource | None, scheduled: bool) -> str:
    if eol is None:
        return "-"
    notes = []
    if source is EolSource.MAJOR:
        notes.append(f"major {line.split('.')[0]} EOL")
    elif source is EolSource.PRODUCT:
        notes.append("product EOL")
    if scheduled:
        notes.append("scheduled")
    return eol.isoformat() + (f" ({', '.join(notes)})" if notes else "")


def _paint(ctx: Context, status: Status, text: str) -> str:
    return _table.paint(status.value, text, ctx.color)
