"""`eol-check check PRODUCT VERSION --severity S`: is the customer entitled, and by when do we owe
what (SPEC §3.3, §3.4)?

Exit 0 entitled, 1 not entitled, 2 wrong input (including the customers file), 3 data.
The answer is `eol_check.support.check`; this module reads the options, the clock (the default
--reported-at and --now) and the customers file, and prints it as text, JSON or Markdown.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .. import _table
from .._format import day, due_in, plural, printable, text
from .._record import Record
from ..catalog import EolSource
from ..policy import Clock, Coverage, Scope, Status
from ..sla import parse_reported_at
from ..support import check
from ._common import Context, UsageError, path_arg, version_arg

_md = _table.markdown_text  # data in Markdown: inert, on its line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..contracts import Contract, Row
    from ..entitlement import Entitlement
    from ..sla import SlaDeadlines
    from ..support import SupportAnswer

FORMATS = ("text", "json", "markdown")

_SCOPES = {
    Scope.FULL: "the §3.6 response times apply; the fix comes as a hotfix or Maintenance Release",
    Scope.WORKAROUND: "the §3.6 response times apply; the fix may be a workaround or require an "
    "upgrade (§2(iv))",
    Scope.UPGRADE: "a response under §3.6; the resolution is an upgrade to a supported Version",
    Scope.NONE: "no Maintenance and Support Services are owed for this issue",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("product", metavar="PRODUCT", help="a product id, name or alias, e.g. oas")
    parser.add_argument(
        "version",
        metavar="VERSION",
        help="the installed version (lenient: '4.2', 'v4.2.1', 'OAS 4.2.1 (build 77)')",
    )
    parser.add_argument(
        "--severity",
        "-s",
        metavar="S",
        required=True,
        help="the issue's severity (§3.6): S1..S4, s2, S-2, 2, critical, high, medium, low",
    )
    parser.add_argument(
        "--region",
        metavar="R",
        help="the support region (§1.2) by id or name: na, emea, apac, india (default: the "
        "customer's region, else na, and the answer says so)",
    )
    parser.add_argument(
        "--reported-at",
        metavar="ISO",
        help="when the issue was reported: ISO 8601 with an offset or Z, e.g. "
        "2026-01-15T09:30:00-05:00 (default: now; without --date, the date in the SLA region "
        "at that moment is the date)",
    )
    parser.add_argument(
        "--now",
        metavar="ISO",
        help="the moment the deadlines count down to: how long until each is due, or by how "
        "much it is breached (ISO 8601 with an offset or Z; default: now)",
    )
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        help="show every time also in this IANA zone (the agent's), e.g. Europe/London",
    )
    parser.add_argument(
        "--customer", metavar="ID", help="the customer's id in the --customers file"
    )
    parser.add_argument(
        "--customers",
        metavar="FILE",
        help="the customers (contracts) file: CSV with a header, or TOML (SPEC §4.3); or a "
        "contracts database: sqlite:///FILE or postgresql://USER@HOST/DB (SPEC §10)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    # Input first, so a typo answers fast and with exit 2.
    if args.customer is not None and args.customers is None:
        raise UsageError("--customer needs --customers FILE, the customers file to look it up in")
    if args.customers is not None and args.customer is None:
        raise UsageError("--customers FILE needs --customer ID: which customer to check")
    version = version_arg(args.version, "VERSION")
    clock = datetime.now(timezone.utc).replace(microsecond=0)
    reported = clock if args.reported_at is None else parse_reported_at(args.reported_at)
    now = clock if args.now is None else parse_reported_at(args.now, "--now")
    zone = None if args.tz is None else _zone(args.tz)
    policy = ctx.policy()
    severity = policy.severity(args.severity)
    region = policy.region(args.region) if args.region is not None else None
    product = ctx.product(args.product)
    contracts: list[Contract] = []
    customers = ""  # the customers file's name, as the text names it
    if args.customers is not None:
        from ..contracts import customer_contracts, iter_contracts  # only with a customers file

        if _is_database_url(args.customers):  # SPEC §10: contracts kept in a database
            from ..serve.database import open_store

            store = open_store(args.customers)
            customers = store.name
            rows: Iterable[Row] = store.customer_rows(args.customer)
        else:
            path = path_arg(args.customers)
            customers = path.name
            rows = iter_contracts(path, policy=policy)
        contracts, skipped = customer_contracts(rows, args.customer)
        if skipped:
            ctx.warn(
                f"{len(skipped)} bad row{'s' if len(skipped) > 1 else ''} of other customers "
                f"skipped; the first: {skipped[0]}"
            )
    answer = check(
        ctx.catalog(),
        policy,
        product,
        version,
        severity,
        reported,
        on=ctx.today if args.date or args.reported_at is None else None,
        region=region,
        customer=args.customer,
        contracts=contracts,
        now=now,
        lifecycle=ctx.lifecycle,
    )
    if ctx.format == "json":
        ctx.emit_json(answer.as_json(zone))
    elif ctx.format == "markdown":
        _markdown(ctx, answer, customers, zone)
    else:
        _text(ctx, answer, customers, zone)
    return 0 if answer.entitled else 1


def _is_database_url(text: str) -> bool:
    """True for a database URL (eol_check.serve.database.is_database_url, without importing it)."""
    return text.lower().startswith(("sqlite:", "postgresql:", "postgres:", "postgresql+psycopg:"))


def _zone(text: str) -> ZoneInfo:
    """The --tz zone: an IANA name (abbreviations like EST do not follow daylight saving)."""

    hint = "give an IANA zone such as America/New_York, Europe/London or UTC"
    shown = repr(text) if len(text) <= 40 else repr(text[:37])[:-1] + "...'"
    if text != "UTC" and "/" not in text:
        raise UsageError(
            f"--tz {shown} is not an IANA zone name ({hint}; abbreviations like EST or CET "
            "do not follow daylight saving)"
        )
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UsageError(f"--tz {shown} is not a known time zone: {hint}") from None


# -- what text and Markdown both show --------------------------------------------------------------

_WORKAROUND_SENTENCE = (
    "A response time is a guarantee of communication timeframes only; Company does not "
    "guarantee a Malfunction fix, workaround, or other final disposition within these timeframes."
)


class _Row(Record):
    """One line of the deadlines: a moment (or a text such as the hotline), what the policy
    commits to, and how long is left at --now."""

    label: str
    when: datetime | None = None
    note: str = ""
    text: str | None = None
    due: int | None = None
    target: bool = False  # not guaranteed (§3.6)


def _sla_rows(support: SupportAnswer, sla: SlaDeadlines) -> list[_Row]:
    """The SLA's moments in the order an agent reads them (SPEC §3.4)."""
    targets = sla.targets
    unit = "business hours" if sla.clock is Clock.BUSINESS else "hours"
    due = support.due_in
    best_effort = "best effort: no SLA (§3.6)"
    rows = [_Row("reported", sla.reported_at)]
    if sla.clock_starts != sla.reported_at:
        # SPEC §3.4: name the closed day that moved the clock, not just "outside hours"
        moved = [c for c in sla.closed_days if c.day < sla.clock_starts.date()]
        note = "outside support hours (§1.2)"
        if moved:
            note = "closed: " + ", ".join(f"{c.day:%a} {c.name}" for c in moved)
        rows.append(_Row("clock starts", sla.clock_starts, note))
    rows.append(
        _Row(
            "first response",
            sla.response_due,
            f"{_hours(targets.response_hours)} {unit}",
            due=None if due is None else due.response,
        )
    )
    if sla.hotline:
        if sla.hotline_hours is Clock.TWENTY_FOUR_SEVEN:
            note = "immediate response by phone, 24/7 (§1.3(a))"
        else:  # §3.6 lists the hotline for S-2; §1.3(a) keeps the 24/7 line for S1 calls
            note = "immediate response by phone during support hours (§3.6, §1.3(a))"
        rows.append(_Row("hotline", text=sla.hotline, note=note))
    if targets.update_business_days is not None:
        every = f"every {targets.update_business_days} business days"
    elif targets.update_hours is not None:
        every = f"every {_hours(targets.update_hours)} {unit}"
    else:
        every = best_effort
    rows.append(
        _Row(
            "next update",
            sla.next_update_due,
            every,
            due=None if due is None else due.next_update,
        )
    )
    if len(sla.updates_due) > 1:
        rows.append(
            _Row(
                "  then",
                text=", ".join(_short(t) for t in sla.updates_due[1:]),
            )
        )
    if targets.workaround_hours is None:
        rows.append(_Row("workaround", text="-", note=best_effort))
    else:
        rows.append(
            _Row(
                "workaround",
                sla.workaround_due,
                f"{_hours(targets.workaround_hours)} {unit}",
                due=None if due is None else due.workaround,
                target=not sla.workaround_guaranteed,
            )
        )
    if targets.workaround_target_hours is not None:
        rows.append(
            _Row(
                "  inner target",
                sla.workaround_target_due,
                f"{_hours(targets.workaround_target_hours)} {unit}",
                target=not sla.workaround_guaranteed,
            )
        )
    return rows


def _closed_lines(sla: SlaDeadlines) -> list[str]:
    """The closed days the business clocks skip, and once, a region without a holiday calendar
    (SPEC §3.4)."""
    lines = [f"closed {c}: not a business day" for c in sla.closed_days]
    business = sla.clock is Clock.BUSINESS or sla.targets.update_business_days is not None
    if business and not sla.has_holiday_calendar:
        lines.append(
            f"no holiday calendar for {sla.region.name} ({sla.region.id}): public holidays "
            "count as business days"
        )
    return lines


def _clock(sla: SlaDeadlines) -> str:
    """Which hours count, in words (§1.2, §3.6)."""
    region = sla.region
    if sla.clock is Clock.BUSINESS:
        closed = []
        if region.holidays:
            closed.append(f"{region.holidays} public holidays")
        if region.closed_dates:
            closed.append(plural(len(region.closed_dates), "listed date"))
        shown = f", closed on {' and '.join(closed)}" if closed else ""
        return (
            f"business hours of {region.name}: {_days(region.workdays)} "
            f"{region.opens:%H:%M}–{region.closes:%H:%M} {region.zone}{shown}"
        )
    return (
        f"24/7 clock (coverage 24x7, special services §3.6), shown in {region.name} time "
        f"({region.zone})"
    )


def _lifecycle_rows(answer: Entitlement) -> list[tuple[str, str]]:
    status = answer.status
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
        released = f"{day(status.released)} ({status.version.base})"
    rows = [
        ("released", released),
        ("End of Life", eol),
        ("support until", day(status.support_until)),
        ("upgrade until", day(status.upgrade_until)),
        ("latest in line", text(status.latest_in_line) or "-"),
        (
            "current line",
            f"{status.upgrade_to.line} (latest {status.upgrade_to})"
            if status.upgrade_to is not None
            else "- (no current line)",
        ),
    ]
    if status.upgrade_path is not None:  # SPEC §3.5: the planner's way there
        rows.append(("upgrade path", status.upgrade_path.summary))
    return rows


def _verdict(ctx: Context, answer: Entitlement) -> list[str]:
    """The headline, the upgrade path where the upgrade window puts it first (SPEC v3 §3.3), and
    what was asked."""
    status = answer.status
    targets = ctx.policy().targets(answer.severity)
    asked = (
        f"{printable(status.product.name)} {status.version}, {answer.severity} "
        f"({targets.name}), on {status.date.isoformat()}"
    )
    headline = answer.headline
    if headline in ("NOT ENTITLED", f"ENTITLED ({answer.scope.value})"):
        return [f"{headline}: {asked}"]
    lines = [headline]
    path = status.upgrade_path
    if status.status is Status.UPGRADE_WINDOW and path is not None:
        shown = f"{status.version.base} > {path}" if path.hops else path.summary
        lines.append(f"Upgrade path: {shown}")
    return [*lines, f"Asked: {asked}"]


# -- text -----------------------------------------------------------------------------------------


#: The text answer fits this many columns: it is read in terminals and pasted into tickets.
TEXT_WIDTH = 100


def _fit(ctx: Context, line: str = "", hang: int = 2, verdict: str = "") -> None:
    """Print `line`, wrapped at TEXT_WIDTH with later lines indented by `hang`; a `verdict` it
    starts with in its colour on a terminal (issue 20)."""
    parts = [line]
    if len(line) > TEXT_WIDTH:
        import textwrap  # only for a line that needs it

        parts = textwrap.wrap(
            line,
            TEXT_WIDTH,
            subsequent_indent=" " * hang,
            break_long_words=False,
            break_on_hyphens=False,
        )
    if verdict:
        parts[0] = _table.paint(verdict, verdict, ctx.color) + parts[0][len(verdict) :]
    for part in parts:
        ctx.print(part)


def _verdict_word(headline: str) -> str:
    """The verdict a headline starts with: its colour's key."""
    for word in ("UNKNOWN VERSION", "NOT ENTITLED", "ENTITLED"):
        if headline.startswith(word):
            return word
    return ""


def _text(ctx: Context, support: SupportAnswer, customers: str, zone: ZoneInfo | None) -> None:
    answer, sla = support.entitlement, support.sla
    elsewhere = [f"{c.product} {c.version}" for c in support.elsewhere]
    status = answer.status
    scope = answer.scope
    headline, *more = _verdict(ctx, answer)
    _fit(ctx, headline, verdict=_verdict_word(headline))
    for line in more:
        _fit(ctx, line)
    if answer.customer is not None:
        for line in _customer_line(answer, customers, elsewhere).split("\n"):
            _fit(ctx, line, 4)
    _fit(ctx, f"Scope: {scope.value} — {_SCOPES[scope]}")
    ctx.print()
    if sla is None:
        ctx.print("SLA: none — not entitled, so no §3.6 response times apply")
    else:
        _deadlines(ctx, support, sla, zone)
    ctx.print()
    _fit(ctx, f"Lifecycle of {printable(status.product.name)} {status.line}: {status.status}")
    for label, value in _lifecycle_rows(answer):
        _fit(ctx, f"  {label:<16}{printable(value)}", 18)
    ctx.print()
    _fit(ctx, f"Recommended: {printable(answer.recommendation)}")
    ctx.print()
    ctx.print("Policy:")
    width = max(len(r.section) for r in answer.reasons)
    for reason in answer.reasons:
        _fit(ctx, f"  {reason.section:<{width}}  {printable(reason.text)}", width + 4)


def _customer_line(
    answer: Entitlement, file: str, elsewhere: list[str], *, internal: bool = True
) -> str:
    """The customer and their contract; `internal`: with the customers file's name and line,
    which an agent uses and a ticket must not show (issue 20)."""
    contract = answer.contract
    customer, product = printable(answer.customer), printable(answer.status.product.name)
    if contract is None:
        line = f"Customer: {customer}: no contract for {product}"
        if elsewhere:
            where = f" in {printable(file)}" if internal else ""
            line += f"{where} (it has: {printable(', '.join(elsewhere))})"
        return line
    on = answer.status.date
    parts = [
        f"contract {contract.term} ({'in force' if contract.in_force(on) else 'NOT in force'})",
        {True: "paid up", False: "NOT paid up", None: "paid up not recorded"}[contract.paid_up],
    ]
    if contract.tier:
        parts.append(f"tier {printable(contract.tier)}")
    if contract.region:
        parts.append(f"region {printable(contract.region)}")
    if contract.coverage is Coverage.TWENTY_FOUR_SEVEN:
        parts.append("coverage 24x7")
    if internal:
        parts.append(f"{printable(file)} line {contract.line}")
    line = f"Customer: {customer}: " + ", ".join(parts)
    if contract.version.core != answer.status.version.core:
        line += f"\n  (the customers file records version {contract.version})"
    return line


def _deadlines(
    ctx: Context, support: SupportAnswer, sla: SlaDeadlines, zone: ZoneInfo | None
) -> None:
    region = sla.region
    also = f"; times also in {zone.key}" if zone is not None else ""
    _fit(ctx, f"SLA ({sla.severity}, {_clock(sla)}{also}):")
    if support.region_assumed:
        _fit(ctx, f"  region assumed: {region.id}, as no --region nor customer region was given")
    rows = _sla_rows(support, sla)
    cells = []
    for row in rows:
        shown = row.text if row.text is not None else _when(row.when)
        mine = _when(row.when.astimezone(zone)) if zone is not None and row.when else ""
        status = "" if row.due is None else due_in(row.due)
        note = f"{row.note}, a target" if row.target else row.note
        cells.append((row.label, shown, mine, note, status))
    # The "then" row (short times) and the hotline do not set the width of the time column.
    timed = [c for c, row in zip(cells, rows, strict=True) if row.when is not None]
    width = max(len(c[1]) for c in timed) + 2
    mine_width = max(len(c[2]) for c in timed) + 2 if zone is not None else 0
    note_width = max((len(c[3]) for c in cells if c[4]), default=0) + 2
    for label, shown, mine, note, status in cells:
        if label.strip() == "then" or label == "hotline":
            hang = 18 if label.strip() == "then" else 18 + width
            _fit(ctx, f"  {label:<16}{shown:<{width}}{note}".rstrip(), hang)
            continue
        line = f"  {label:<16}{shown:<{width}}{mine:<{mine_width}}{note:<{note_width}}{status}"
        if len(line.rstrip()) > TEXT_WIDTH:  # too wide (the agent's times, a long status):
            ctx.print(f"  {label:<16}{shown:<{width}}{mine}".rstrip())  # what is owed goes on
            line = f"{'':18}{note}  {status}" if note else f"{'':18}{status}"  # a line below
        _fit(ctx, line.rstrip(), 18)
    for line in _closed_lines(sla):
        _fit(ctx, f"  {line}", 4)
    if any(row.target for row in rows):
        _fit(
            ctx,
            f'  §3.6: the workaround time is a target, not a guarantee: "{_WORKAROUND_SENTENCE}"',
            4,
        )


# -- Markdown -------------------------------------------------------------------------------------


def _markdown(ctx: Context, support: SupportAnswer, customers: str, zone: ZoneInfo | None) -> None:
    """The answer as Markdown for a ticket (Zendesk, Jira, GitHub): what the policy commits
    to, what is only a target, what is already breached."""
    answer, sla = support.entitlement, support.sla
    status = answer.status
    scope = answer.scope
    elsewhere = [f"{c.product} {c.version}" for c in support.elsewhere]
    headline, *more = _verdict(ctx, answer)
    ctx.print(f"**{_md(headline)}**")
    ctx.print()
    for line in more:
        ctx.print(_md(line))
        ctx.print()
    if answer.customer is not None:
        for line in _customer_line(answer, customers, elsewhere, internal=False).split("\n"):
            ctx.print(_md(line.strip()))  # a paragraph each: not every renderer reads <br>
            ctx.print()
    ctx.print(f"**Scope:** {scope.value} — {_md(_SCOPES[scope])}")
    ctx.print()
    if sla is None:
        ctx.print("**SLA:** none — not entitled, so no §3.6 response times apply")
    else:
        ctx.print(f"### SLA: {sla.severity}, {_md(_clock(sla))}")
        ctx.print()
        if support.region_assumed:
            ctx.print(
                f"Region assumed: {sla.region.id}, as no region was given and the customer has "
                "none on record."
            )
            ctx.print()
        header = ["", "When", *([f"In {zone.key}"] if zone is not None else []), "Policy", "Status"]
        ctx.print("| " + " | ".join(header) + " |")
        ctx.print("|" + "---|" * len(header))
        for row in _sla_rows(support, sla):
            shown = row.text if row.text is not None else _when(row.when)
            cells = [row.label.strip(), shown]
            if zone is not None:
                cells.append(_when(row.when.astimezone(zone)) if row.when else "")
            if row.when is None or row.label == "reported" or row.label == "clock starts":
                kind = row.note
            elif row.target:
                kind = f"target, not guaranteed: {row.note}"
            else:
                kind = f"guaranteed: {row.note}" if "best effort" not in row.note else row.note
            status_ = "" if row.due is None else due_in(row.due)
            if status_.startswith("BREACHED"):
                status_ = f"**{status_}**"
            cells += [kind, status_]
            ctx.print(
                "| "
                + " | ".join(
                    _md(c, cell=True) if c and not c.startswith("**") else c for c in cells
                )
                + " |"
            )
        closed = _closed_lines(sla)
        if closed:
            ctx.print()
            for line in closed:
                ctx.print(f"- {_md(line)}")
        if any(row.target for row in _sla_rows(support, sla)):
            ctx.print()
            ctx.print(f'> §3.6: "{_WORKAROUND_SENTENCE}"')
    ctx.print()
    ctx.print(f"### Lifecycle of {_md(status.product.name)} {status.line}: {status.status}")
    ctx.print()
    ctx.print("| | |")
    ctx.print("|---|---|")
    for label, value in _lifecycle_rows(answer):
        ctx.print(f"| {label} | {_md(value, cell=True)} |")
    from ..terms import glossary  # Markdown only

    glossed = glossary(ctx.policy(), status.status)
    if glossed:  # the policy's own terms, glossed once where a customer reads them
        ctx.print()
        for term, meaning in glossed:
            ctx.print(f"*{term}* — {meaning}")
    ctx.print()
    ctx.print(f"**Recommended:** {_md(answer.recommendation)}")
    ctx.print()
    ctx.print("### Policy")
    ctx.print()
    for reason in answer.reasons:
        ctx.print(f"- **{reason.section}** {_md(reason.text)}")


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


def _short(value: datetime) -> str:
    """A later update, short: 'Mon 11-30 11:00 CET' (its zone's name where it has one)."""
    name = value.tzname() or ""
    return f"{value:%a %m-%d %H:%M}" + (f" {name}" if name.isalpha() else "")


def _hours(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
