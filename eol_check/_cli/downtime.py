"""`eol-check downtime check --service S --start ISO --end ISO [--announced ISO] [--regions …]`:
may this maintenance be Scheduled Downtime? (SPEC §8: §1.13, §4, §5.2)

Exit 0 when no rule is broken (warnings allowed), 1 when one is. The rules live in
`eol_check.availability.rules`; this module parses and prints (docs/availability.md).
"""

from __future__ import annotations

import argparse
from datetime import datetime

from ..availability.incidents import MAX_YEAR, MIN_YEAR
from ..errors import InvalidDate
from ._common import Context, add_global_options

FORMATS = ("text", "json")


def configure(parser: argparse.ArgumentParser) -> None:
    nested = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
    nested.required = True
    text = "may this maintenance be Scheduled Downtime? (notice, length, window, support hours)"
    child = nested.add_parser("check", help=text, description=text)
    add_global_options(child, suppress=True)  # global options after the subcommand too
    child.add_argument("--service", choices=("mobile", "saas"), required=True)
    child.add_argument(
        "--start",
        metavar="ISO",
        required=True,
        help="when it starts, with a UTC offset: 2026-03-01T02:00:00-05:00",
    )
    child.add_argument("--end", metavar="ISO", required=True, help="when it ends (exclusive)")
    child.add_argument(
        "--announced", metavar="ISO", help="when customers were (or will be) notified"
    )
    child.add_argument(
        "--regions",
        metavar="IDS",
        help="the customers' regions, comma-separated (default: every region of the policy)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ..availability import Service, check_downtime

    start = _moment(args.start, "--start")
    end = _moment(args.end, "--end")
    announced = _moment(args.announced, "--announced") if args.announced else None
    policy = ctx.policy()
    if args.regions:
        regions = [policy.region(name.strip()) for name in args.regions.split(",") if name.strip()]
    else:
        regions = list(policy.regions)
    answer = check_downtime(policy, Service(args.service), start, end, announced, regions)
    if ctx.format == "json":
        ctx.emit_json(answer.as_json())
    else:
        verdict = "may be Scheduled Downtime" if answer.ok else "is NOT Scheduled Downtime"
        ctx.print(
            f"{args.service} {start.isoformat()} – {end.isoformat()}: {verdict} "
            f"(regions: {', '.join(answer.regions)})"
        )
        ctx.print(f"announce by {answer.announce_by.isoformat()}")
        for f in answer.findings:
            where = f" [{f.region}]" if f.region else ""
            ctx.print(f"{f.level} {f.code}{where} ({f.section}): {f.message}")
    return 0 if answer.ok else 1


def _moment(text: str, option: str) -> datetime:
    """An ISO 8601 date-time with a UTC offset (`Z` allowed)."""
    value = text.strip()
    try:
        moment = datetime.fromisoformat(
            value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
        )
    except ValueError:
        raise InvalidDate(
            f"{option}: {text[:40]!r} is not an ISO 8601 date-time "
            "such as 2026-03-01T02:00:00-05:00"
        ) from None
    if moment.utcoffset() is None:
        raise InvalidDate(f"{option}: {text[:40]!r} needs a UTC offset, e.g. -05:00 or Z")
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise InvalidDate(f"{option}: {text[:40]!r} is not between {MIN_YEAR} and {MAX_YEAR}")
    return moment
