"""`eol-check classify FROM TO`: the kind of TO after FROM (SPEC §2.1)."""

from __future__ import annotations

import argparse

from ..classification import ReleaseKind, classify
from ._common import Context, version_arg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..version import Version

# What the kinds that are not a release mean here.
_NOT_A_RELEASE = {ReleaseKind.NONE: ": not a release", ReleaseKind.DOWNGRADE: ": TO is below FROM"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("from_version", metavar="FROM", help="the earlier version, e.g. 4.2.0")
    parser.add_argument("to_version", metavar="TO", help="the later version, e.g. 4.2.1")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="CI mode: both versions must be strict SemVer 2.0.0, and a note fails (exit 1)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    result = classify(
        version_arg(args.from_version, "FROM", strict=args.strict),
        version_arg(args.to_version, "TO", strict=args.strict),
    )
    kind = result.kind
    if ctx.format == "json":
        ctx.emit_json(
            {
                "from": str(result.from_),
                "to": str(result.to),
                "kind": kind.value,
                "prerelease": result.prerelease,
                "notes": list(result.notes),
            }
        )
    else:
        title = result.kind.phrase + _NOT_A_RELEASE.get(kind, "")
        if result.prerelease and result.kind.is_upgrade:
            title = "pre-release of a " + title
        ctx.print(f"{result.from_} → {result.to}: {title}")
        for note in result.notes:
            ctx.print(f"  note {note}: {_not_reset(result.to, kind)}")
    if not result.is_upgrade:
        return 1
    return 1 if args.strict and result.notes else 0


def _not_reset(to: Version, kind: ReleaseKind) -> str:
    """The `not-reset` note, conditional (SPEC §2.1): only the history knows if TO opens a line."""
    if kind is ReleaseKind.MAJOR:
        opens, start, rule = f"major {to.major}", f"{to.major}.0.0", "§1.5: 3.1.2 → 4.0.0"
    else:
        opens, start = f"line {to.major}.{to.minor}", f"{to.major}.{to.minor}.0"
        rule = "§1.6: 4.0.0 → 4.2.0"
    return (
        f"if {to.core} opens {opens}, it should start at {start} ({rule}); classify sees two "
        f"versions, not the history: `eol-check numbering --next {to.core}` judges it against "
        "the history"
    )
