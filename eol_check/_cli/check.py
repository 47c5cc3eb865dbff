"""`eol-check check PRODUCT VERSION --severity S`: is the customer entitled, and by when do we owe
what (SPEC §3.3, §3.4)?

Exit 0 entitled, 1 not entitled, 2 wrong input (including the customers file), 3 data.
The answer is `eol_check.entitlement` and `eol_check.sla`; this module reads the options, the
clock (the default --reported-at) and the customers file, and prints.
"""

from __future__ import annotations

import argparse

from .._format import day, text
from ..catalog import EolSource
from ._common import Context, UsageError, version_arg

TYPE_CHECKING = False  # typing and dataclasses stay out of start-up
if TYPE_CHECKING:
    from datetime import datetime

    from ..contracts import Contract
    from ..entitlement import Entitlement
    from ..sla import SlaDeadlines
    from ..support import SupportAnswer

_SCOPES = {
    "full": "the §3.6 response times apply; the fix comes as a hotfix or Maintenance Release",
    "workaround": "the §3.6 response times apply; the fix may be a workaround or require an "
    "upgrade (§2(iv))",
    "upgrade": "a response under §3.6; the resolution is an upgrade to a supported Version",
    "none": "no Maintenance and Support Services are owed for this issue",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("product", metavar="PRODUCT", help="a product id, name or alias, e.g. oas")
    parser.add_argument(
        "version", metavar="VERSION",
        help="the installed version (lenient: '4.2', 'v4.2.1', 'OAS 4.2.1 (build 77)')",
    )
    parser.add_argument(
        "--severity", "-s", metavar="S", required=True,
        help="the issue's severity (§3.6): S1..S4, s2, S-2, 2, critical, high, medium, low",
    )
    parser.add_argument(
        "--region", metavar="R",
        help="the support region (§1.2) by id or name: na, emea, apac, india (default: the "
        "customer's region, else na, and the answer says so)",
    )
    parser.add_argument(
        "--reported-at", metavar="ISO",
        help="when the issue was reported: ISO 8601 with an offset or Z, e.g. "
        "2026-01-15T09:30:00-05:00 (default: now; without --date, also sets the date)",
    )
    parser.add_argument(
        "--customer", metavar="ID", help="the customer's id in the --customers file"
    )
    parser.add_argument(
        "--customers", metavar="FILE",
        help="the customers (contracts) file: CSV with a header, or TOML (SPEC §4.3)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import datetime, timezone
    from pathlib import Path

    from ..contracts import customer_contracts, iter_contracts
    from ..sla import parse_reported_at
    from ..support import check

    # Input first, so a typo answers fast and with exit 2.
    if args.customer is not None and args.customers is None:
        raise UsageError("--customer needs --customers FILE, the customers file to look it up in")
    if args.customers is not None and args.customer is None:
        raise UsageError("--customers FILE needs --customer ID: which customer to check")
    version = version_arg(args.version, "VERSION")
    if args.reported_at is not None:
        reported = parse_reported_at(args.reported_at)
    else:
        reported = datetime.now(timezone.utc).replace(microsecond=0)
    policy = ctx.policy()
    severity = policy.severity(args.severity)
    region = policy.region(args.region) if args.region is not None else None
    product = ctx.product(args.product)
    contracts: list[Contract] = []
    if args.customers is not None:
        contracts, skipped = customer_contracts(
            iter_contracts(Path(args.customers), policy=policy), args.customer
        )
        if skipped:
            ctx.warn(
                f"{len(skipped)} bad row{'s' if len(skipped) > 1 else ''} of other customers "
                f"skipped; the first: {skipped[0]}"
            )
    answer = check(
        ctx.catalog(), policy, product, version, severity, reported,
        on=ctx.today if args.date or args.reported_at is None else None,
        region=region, customer=args.customer, contracts=contracts,
    )
    if ctx.format == "json":
        ctx.emit_json(answer.as_json())
    else:
        _text(ctx, answer, Path(args.customers or ".").name)
    return 0 if answer.entitled else 1


# -- text -----------------------------------------------------------------------------------------


def _text(ctx: Context, support: SupportAnswer, customers: str) -> None:
    answer, sla, assumed = support.entitlement, support.sla, support.region_assumed
    elsewhere = [f"{c.product} {c.version}" for c in support.elsewhere]
    status = answer.status
    targets = ctx.policy().targets(answer.severity)
    scope = answer.scope.value
    verdict = f"ENTITLED ({scope})" if answer.entitled else "NOT ENTITLED"
    ctx.print(
        f"{verdict}: {status.product.name} {status.version}, {answer.severity} "
        f"({targets.name}), on {status.date.isoformat()}"
    )
    if answer.customer is not None:
        ctx.print(_customer_line(answer, customers, elsewhere))
    ctx.print(f"Scope: {scope} — {_SCOPES[scope]}")
    ctx.print()
    if sla is None:
        ctx.print("SLA: none — not entitled, so no §3.6 response times apply")
    else:
        _deadlines(ctx, sla, assumed)
    ctx.print()
    ctx.print(f"Lifecycle of {status.product.name} {status.line}: {status.status}")
    eol = day(status.eol)
    notes = []
    if status.eol_scheduled:
        notes.append("scheduled")
    if status.eol is not None and status.eol_source is EolSource.MAJOR:
        notes.append(f"End of Life of major {status.version.major}")
    elif status.eol is not None and status.eol_source is EolSource.PRODUCT:
        notes.append("End of Life of the product")
    if notes:
        eol += f" ({'; '.join(notes)})"
    released = "-"
    if status.released is not None:
        released = f"{day(status.released)} ({status.version.core})"
    rows = [
        ("released", released),
        ("End of Life", eol),
        ("support until", day(status.support_until)),
        ("upgrade until", day(status.upgrade_until)),
        ("latest in line", text(status.latest_in_line) or "-"),
        ("current line", f"{status.upgrade_to.line} (latest {status.upgrade_to})"
         if status.upgrade_to is not None else "- (no current line)"),
    ]
    for label, value in rows:
        ctx.print(f"  {label:<16}{value}")
    ctx.print()
    ctx.print(f"Recommended: {answer.recommendation}")
    ctx.print()
    ctx.print("Policy:")
    width = max(len(r.section) for r in answer.reasons)
    for reason in answer.reasons:
        ctx.print(f"  {reason.section:<{width}}  {reason.text}")


def _customer_line(answer: Entitlement, file: str, elsewhere: list[str]) -> str:
    contract = answer.contract
    if contract is None:
        line = f"Customer: {answer.customer}: no contract for {answer.status.product.name}"
        if elsewhere:
            line += f" in {file} (it has: {', '.join(elsewhere)})"
        return line
    on = answer.status.date
    parts = [
        f"contract {contract.term} ({'in force' if contract.in_force(on) else 'NOT in force'})",
        {True: "paid up", False: "NOT paid up", None: "paid up not recorded"}[contract.paid_up],
    ]
    if contract.tier:
        parts.append(f"tier {contract.tier}")
    if contract.region:
        parts.append(f"region {contract.region}")
    parts.append(f"{file} line {contract.line}")
    line = f"Customer: {answer.customer}: " + ", ".join(parts)
    if contract.version.core != answer.status.version.core:
        line += f"\n  (the customers file records version {contract.version})"
    return line


def _deadlines(ctx: Context, sla: SlaDeadlines, assumed: bool) -> None:
    region, targets = sla.region, sla.targets
    if sla.clock.value == "business":
        clock = (
            f"business hours of {region.name}: {_days(region.workdays)} "
            f"{region.opens:%H:%M}–{region.closes:%H:%M} {region.zone}"
        )
        unit = "business hours"
    else:
        clock = f"24/7 clock, shown in {region.name} time ({region.zone})"
        unit = "hours"
    ctx.print(f"SLA ({sla.severity}, {clock}):")
    if assumed:
        ctx.print(f"  region assumed: {region.id}, as no --region nor customer region was given")
    best_effort = "best effort: no SLA (§3.6)"
    rows = [("reported", _when(sla.reported_at), "")]
    if sla.clock_starts != sla.reported_at:
        rows.append(("clock starts", _when(sla.clock_starts), "outside support hours (§1.2)"))
    rows.append(
        ("first response", _when(sla.response_due), f"{_hours(targets.response_hours)} {unit}")
    )
    if sla.hotline:
        # §1.3(a): the hotline is 24/7 for S1 calls; the §3.6 table lists it for S2 as well.
        where = ", 24/7 (§1.3(a), §3.6)" if sla.clock.value == "24x7" else " (§3.6)"
        rows.append(("hotline", sla.hotline, f"immediate response by phone{where}"))
    if targets.update_business_days is not None:
        every = f"every {targets.update_business_days} business days"
    elif targets.update_hours is not None:
        every = f"every {_hours(targets.update_hours)} {unit}"
    else:
        every = best_effort
    rows.append(("next update", _when(sla.next_update_due), every))
    if targets.workaround_hours is None:
        rows.append(("workaround", "-", best_effort))
    else:
        rows.append(
            ("workaround", _when(sla.workaround_due), f"{_hours(targets.workaround_hours)} {unit}")
        )
    if targets.workaround_target_hours is not None:
        target = f"{_hours(targets.workaround_target_hours)} {unit} (the inner bound)"
        rows.append(("  target", _when(sla.workaround_target_due), target))
    width = max(len(shown) for _, shown, _ in rows) + 2
    for label, shown, note in rows:
        ctx.print(f"  {label:<16}{shown:<{width}}{note}".rstrip())


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _days(workdays: frozenset[int]) -> str:
    """Work days as a person writes them: 'Mon–Fri', or a list when they are not a run."""
    days = sorted(workdays)
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{_WEEKDAYS[days[0]]}–{_WEEKDAYS[days[-1]]}"
    return ", ".join(_WEEKDAYS[d] for d in days)


def _when(value: datetime | None) -> str:
    """A deadline as a person reads it: 'Mon 2026-01-19 11:00 EST (UTC-05:00)'."""
    if value is None:
        return "-"
    name = value.tzname() or ""
    offset = value.isoformat()[-6:]
    zone = f"{name} (UTC{offset})" if name.isalpha() else f"(UTC{offset})"
    return f"{value:%a %Y-%m-%d %H:%M} {zone}"


def _hours(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)

