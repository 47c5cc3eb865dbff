"""`eol-check status PRODUCT [VERSION]`: the lifecycle of every line, or of one version (SPEC §3.2).

Exit 0 whenever it answered, whatever the statuses (SPEC §5).
"""

from __future__ import annotations

import argparse
from datetime import date

from .._format import day
from ..catalog import EolSource
from ..lifecycle import current_line, lines, upcoming_releases, version_status
from ..policy import Status
from ._common import Context, version_arg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..catalog import Product
    from ..lifecycle import LineStatus, VersionStatus

# ANSI colours of the status words (only on a terminal, and never with NO_COLOR set).
_COLOURS = {
    Status.CURRENT: "32",  # green
    Status.SUPPORTED: "32",
    Status.SUPPORT_TAIL: "33",  # yellow
    Status.UPGRADE_WINDOW: "35",  # magenta
    Status.UNSUPPORTED: "31",  # red
}

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


def run(args: argparse.Namespace, ctx: Context) -> int:
    # Parse the user's input before loading data, so a typo answers fast and with exit 2.
    version = version_arg(args.version, "VERSION") if args.version is not None else None
    product = ctx.product(args.product)
    policy = ctx.policy()
    on = ctx.today
    if version is None:
        _show_lines(ctx, product, lines(product, policy, on), on)
    else:
        _show_version(ctx, version_status(product, version, policy, on))
    return 0


def _show_lines(ctx: Context, product: Product, found: list[LineStatus], on: date) -> None:
    current = current_line(product, on)
    upcoming = upcoming_releases(product, on)
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
    ctx.print(f"{product.name} ({product.id}) on {on.isoformat()}")
    ctx.print()
    if not found:
        ctx.print("no line has a release on or before this date")
    else:
        header = ["LINE", "STATUS", "RELEASED", "LATEST", "EOL", "SUPPORT UNTIL", "UPGRADE UNTIL"]
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
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        ctx.print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
        for line, row in zip(found, rows, strict=True):
            cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=True)]
            cells[1] = _paint(ctx, line.status, cells[1])
            ctx.print("  ".join(cells).rstrip())
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


def _show_version(ctx: Context, answer: VersionStatus) -> None:
    status = answer.status
    if ctx.format == "json":
        ctx.emit_json(answer.as_json())
        return
    product = answer.product
    ctx.print(
        f"{product.name} {answer.version} on {answer.date.isoformat()}: "
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
    for label, value in rows:
        ctx.print(f"  {label:<14} {value}")


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
    code = _COLOURS.get(status)
    if code is None or not ctx.color:
        return text
    return f"\033[{code}m{text}\033[0m"
