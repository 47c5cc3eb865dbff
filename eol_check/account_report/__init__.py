"""The yearly report §3.2 promises each customer, as one self-contained HTML page (SPEC §9).

`account_report(...)` returns the page: the customer's contracts; the installed versions on a
lifecycle timeline (End of Life, support until, upgrade until, the planner's upgrade path);
tickets by severity and month; response and update attainment per month against §3.6; uptime
when availability data is given (§8), else a sentence saying it was not; the next twelve months
of lifecycle events. Every figure cites its section.

Charts are drawn by matplotlib (the `account-report` extra, imported here only) as SVG, inlined:
no network, no script. They are told apart by hatching and labels as well as colour (legible in
print and in grey), and each has a text alternative: an `aria-label` and the same numbers in a
table under it.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from .. import _format
from .._record import Record
from ..lifecycle import version_status
from ..policy import Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from matplotlib.figure import Figure

    from ..catalog import Catalog
    from ..contracts import Contract
    from ..lifecycle import VersionStatus
    from ..policy import Policy
    from ..tickets.attainment import JudgedChunk

__all__ = ["Period", "account_report"]


def html_text(text: str) -> str:
    """Text from the data as HTML: escaped for markup, and hostile characters (controls, bidi
    overrides) shown as `_format.printable` shows them on a terminal, never raw in the page."""
    return html.escape(_format.printable(text))


_HATCHES = {"S1": "xx", "S2": "//", "S3": "..", "S4": ""}
_GREYS = {"S1": "#1b1b1b", "S2": "#5a5a5a", "S3": "#9a9a9a", "S4": "#d6d6d6"}


class Period(Record):
    """The days the report covers, both included."""

    first: date
    last: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def months(self) -> list[str]:
        """Every month of the period, as YYYY-MM."""
        months = []
        year, month = self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


class _Month:
    """One month's tickets: per severity; responses and updates met and breached (`Attainment`,
    as `eol-check tickets --by month` counts them)."""

    def __init__(self) -> None:
        from ..tickets.attainment import Attainment

        self.severities: Counter[str] = Counter()
        self.attainment = Attainment()

    @property
    def response(self) -> tuple[int, int]:
        """Responses met and breached (open ones are neither)."""
        return self.attainment.response_met, self.attainment.response_breached

    @property
    def updates(self) -> tuple[int, int]:
        """Status updates met and breached."""
        return self.attainment.updates_met, self.attainment.updates_breached


def account_report(
    customer: str,
    contracts: Sequence[Contract],
    catalog: Catalog,
    policy: Policy,
    period: Period,
    judged: Iterable[JudgedChunk] | None,
    *,
    availability: str | None = None,
) -> str:
    """The §3.2 report of `customer` over `period` (HTML). `judged` are the customer's tickets,
    as `tickets.attainment.judge_chunks` judges them (None: no ticket log was given);
    `availability` an already-rendered HTML section (None: no availability data was given)."""
    on = period.last
    installed: list[tuple[Contract, VersionStatus | None]] = []
    for contract in contracts:
        try:
            product = catalog.product(contract.product)
        except Exception:  # a product the catalog does not know: listed, not charted
            installed.append((contract, None))
            continue
        installed.append((contract, version_status(product, contract.version, policy, on)))
    months = {m: _Month() for m in period.months()}
    tickets, not_judged = (0, 0) if judged is None else _count(judged, months)
    parts = [
        _head(customer, period),
        f"<h1>Maintenance and Support report: {html_text(customer)}</h1>",
        f"<p class=lead>{period.first.isoformat()} to {period.last.isoformat()}. §3.2: "
        "“periodic reports on the status of Maintenance and Support Services”, on the "
        "customer's request, at most once a year.</p>",
        _contracts(contracts, on),
        _timeline(installed, period),
    ]
    if judged is None:
        parts.append(
            "<section><h2>Tickets (§3.6)</h2><p>No ticket log was given: tickets and "
            "attainment are not reported.</p></section>"
        )
    else:
        parts.append(_tickets(months, tickets, not_judged))
        parts.append(_attainment(months))
    parts.append(
        availability
        or "<section><h2>Availability (§4, §5)</h2><p>Availability data was not given: uptime "
        "per month and for the year is not reported.</p></section>"
    )
    parts.append(_events(installed, period))
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _count(judged: Iterable[JudgedChunk], months: dict[str, _Month]) -> tuple[int, int]:
    """The tickets of `months` and the rows not judged, counted into `months`: the tickets
    judged in bulk a chunk at a time, without a `Judgement` each (as `eol-check tickets`
    counts them), the others one by one."""
    from ..tickets.attainment import Attainment

    tickets = not_judged = 0
    attainments = {name: month.attainment for name, month in months.items()}
    for chunk in judged:
        for j in chunk.slow.values():
            if j.not_judged is not None:
                not_judged += 1
            elif j.month in months and j.severity is not None:
                tickets += 1
                months[j.month].severities[j.severity.value] += 1
                months[j.month].attainment.add(j)
        # A month outside the period gets an Attainment of its own here, never shown.
        Attainment.add_groups(chunk, "month", attainments)
        names, month_of = chunk.group_index("month")
        severities, severity_of = chunk.group_index("severity")
        pairs = Counter(zip(month_of.tolist(), severity_of.tolist(), strict=True))
        for (m, s), count in pairs.items():
            if names[m] in months:
                tickets += count
                months[names[m]].severities[severities[s]] += count
    return tickets, not_judged


_CSS = """
body{font:15px/1.45 system-ui,sans-serif;color:#111;background:#fff;margin:0}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:2px solid #111;margin-top:2rem}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:.9rem;margin-top:.3rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #888;padding:.2rem .45rem;text-align:left;vertical-align:top}
td.n{text-align:right}.lead{color:#333}
@media print{h2{break-after:avoid}figure,table{break-inside:avoid}a{color:#000}}
"""


def _head(customer: str, period: Period) -> str:
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>{html_text(customer)}: Maintenance and Support report {period.first.year}</title>"
        f"<style>{_CSS}</style></head><body><main>"
    )


def _contracts(contracts: Sequence[Contract], on: date) -> str:
    rows = "".join(
        f"<tr><td>{html_text(c.product)}</td><td>{html_text(str(c.version))}</td>"
        f"<td>{html_text(c.region or '-')}</td><td>{html_text(c.tier or '-')}</td>"
        f"<td>{html_text(c.term)}</td><td>{html_text(c.coverage.value)}</td>"
        f"<td>{'yes' if c.in_force(on) else 'no'}</td>"
        f"<td>{'not recorded' if c.paid_up is None else 'yes' if c.paid_up else 'no'}</td></tr>"
        for c in contracts
    )
    return (
        "<section><h2>Contracts (§1.3, §3.7, §7)</h2><div class=scroll><table>"
        "<caption>The customer's Maintenance and Support contracts</caption><thead><tr>"
        "<th>product</th><th>installed</th><th>region</th><th>tier</th><th>term</th>"
        f"<th>coverage</th><th>in force on {on.isoformat()}</th><th>paid up</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def _svg(figure: Figure) -> str:
    """The figure as inline SVG (no XML prolog, no fixed size: it scales to its box).

    Drawn once, at the figure's own size: its margins (`_axes`) hold the labels, title and
    legend. `bbox_inches="tight"` would crop to them instead, at the price of drawing every
    chart a second time first, to measure it (benchmarks/account_report.py: half of the charts'
    time)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _axes(
    width: float,
    height: float,
    *,
    left: float = 0.85,
    right: float = 0.2,
    bottom: float = 0.6,
    top: float = 0.4,
) -> tuple[Figure, Any]:
    """A `width` × `height` inch figure with one set of axes, inside margins given in inches
    (room for the tick labels, axis labels, title and any legend placed outside the axes).

    matplotlib's Figure is used directly, without pyplot: no global figure manager, no
    interactive backend, and half the import time."""
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, printable
    matplotlib.rcParams["svg.hashsalt"] = "eol-check"  # the same page for the same data
    matplotlib.rcParams["font.size"] = 10
    # The title at a fixed height: placed automatically, matplotlib measures every x tick label
    # of every chart to lift it over a top axis these charts do not have (a tenth of the time).
    matplotlib.rcParams["axes.titley"] = 1.0
    figure = Figure(figsize=(width, height))
    figure.subplots_adjust(
        left=left / width, right=1 - right / width, bottom=bottom / height, top=1 - top / height
    )
    return figure, figure.subplots()


def _bars(
    ax: Any,
    xs: Sequence[float],
    heights: Sequence[float],
    *,
    bottoms: Sequence[float] | None = None,
    width: float = 0.8,
    color: str,
    hatch: str,
    label: str,
) -> Any:
    """Vertical bars centred on `xs`, drawn as one matplotlib artist (a PolyCollection) where
    `ax.bar` makes a Rectangle each: the same marks in the SVG, and the tickets chart's 48 bars
    in 46 ms instead of 65 (docs/account-report.md, "Speed"). Returns their key for the
    legend."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    lows = bottoms if bottoms is not None else [0.0] * len(xs)
    half = width / 2
    ax.add_collection(
        PolyCollection(
            [
                [(x - half, low), (x + half, low), (x + half, low + h), (x - half, low + h)]
                for x, h, low in zip(xs, heights, lows, strict=True)
            ],
            facecolors=color,
            edgecolors="#000",
            linewidths=1.0,
            hatch=hatch or None,
        )
    )
    return Patch(facecolor=color, edgecolor="#000", hatch=hatch or None, label=label)


def _months_axis(ax: Any, names: Sequence[str]) -> None:
    """The x axis of a chart with a bar group per month (`names`, YYYY-MM): "MM" under each
    group and the year under the axis; "YYYY-MM" under each when the months span years."""
    years = sorted({m[:4] for m in names})
    ax.set_xticks(range(len(names)), [m[5:] if len(years) == 1 else m for m in names])
    if len(years) > 1:
        ax.tick_params(axis="x", labelrotation=90, labelsize=7)
    ax.set_xlabel(years[0] if len(years) == 1 else "")
    ax.set_xlim(-0.6, len(names) - 0.4)


#: The width of one character of a tick label at 10 pt, in inches, rounded up (DejaVu Sans,
#: matplotlib's font: digits are 0.64 em; a few capitals are wider, hence the margin).
_CHAR = 0.1


def _figure(svg: str, label: str, caption: str, table: str) -> str:
    return (
        f'<figure role=group aria-label="{html_text(label)}"><div role=img '
        f'aria-label="{html_text(label)}">{svg}</div><figcaption>{caption}</figcaption></figure>'
        f"<div class=scroll>{table}</div>"
    )


def _timeline(installed: list[tuple[Contract, VersionStatus | None]], period: Period) -> str:
    known = [(c, s) for c, s in installed if s is not None and s.eol is not None]
    rows = []
    for contract, status in installed:
        if status is None:
            rows.append(
                f"<tr><td>{html_text(contract.product)} {html_text(str(contract.version))}</td>"
                "<td colspan=5>not in the catalog</td></tr>"
            )
            continue
        path = status.upgrade_path
        hops = (
            "-"
            if path is None or path.hops is None
            else (" → ".join(str(v) for v in path.hops) or "already on the latest release")
        )
        rows.append(
            f"<tr><td>{html_text(status.product.name)} {html_text(str(status.version))}</td>"
            f"<td>{html_text(str(status.status))}</td>"
            f"<td>{_day(status.eol)}</td><td>{_day(status.support_until)}</td>"
            f"<td>{_day(status.upgrade_until)}</td><td>{html_text(hops)}</td></tr>"
        )
    table = (
        "<table><caption>Installed versions on "
        f"{period.last.isoformat()} (§2, §7; upgrade path SPEC §3.5)</caption><thead><tr>"
        "<th>installed</th><th>status</th><th>End of Life</th><th>support until</th>"
        "<th>upgrade until</th><th>upgrade path</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    if not known:
        return (
            "<section><h2>Lifecycle of the installed versions (§2, §7)</h2>"
            "<p>No installed version has an End of Life date yet.</p>"
            f"<div class=scroll>{table}</div></section>"
        )
    # A long name is cut on the chart (in full in the table and the text alternative): the
    # left margin is sized to the longest label.
    labels = [_cut(f"{s.product.id} {s.version}", 24) for _, s in known]
    day = timedelta(days=1)
    start = min(period.first, *(s.eol for _, s in known if s.eol)) - timedelta(days=90)
    # Each version's spans: supported, the support tail (§7), the upgrade window (§2).
    bounds = []
    for _, s in known:
        assert s.eol is not None
        assert s.support_until is not None
        assert s.upgrade_until is not None
        bounds.append((start, s.eol, s.support_until + day, s.upgrade_until + day))
    end = max(max(b[3] for b in bounds), period.last + day) + timedelta(days=45)
    fig, ax = _axes(
        8,
        1.35 + 0.45 * len(known),
        left=0.3 + _CHAR * max(len(text) for text in labels),
        right=0.25,
        bottom=0.7,  # the tick labels, then the legend under them
    )
    ys = list(range(len(known)))
    for k, (color, hatch, label) in enumerate(
        (
            ("#ffffff", "", "supported"),
            ("#8c8c8c", "//", "support tail (§7)"),
            ("#d9d9d9", "..", "upgrade window (§2)"),
        )
    ):
        ax.barh(
            ys,
            [_num(b[k + 1]) - _num(b[k]) for b in bounds],
            left=[_num(b[k]) for b in bounds],
            color=color,
            hatch=hatch,
            edgecolor="#000",
            linewidth=0.8,
            label=label,
        )
    ax.set_xlim(_num(start), _num(end))
    today = _num(period.last)
    ax.axvline(today, color="#000", linestyle="--", linewidth=1)
    # The period's last day beside its line; on its left near the right end of the axis.
    near_end = (period.last - start) > 0.85 * (end - start)
    ax.text(
        today,
        -0.45,
        f"{period.last.isoformat()} " if near_end else f" {period.last.isoformat()}",
        fontsize=8,
        va="top",
        ha="right" if near_end else "left",
        backgroundcolor="#fff",
    )
    ax.set_yticks(ys, labels)
    ax.invert_yaxis()
    ticks = _quarters(start, end)
    ax.set_xticks(
        [_num(t) for t in ticks], [str(t.year) if t.month == 1 else t.strftime("%b") for t in ticks]
    )
    fig.legend(loc="lower center", ncols=3, fontsize=8)
    ax.set_title("Lifecycle of the installed versions (§2, §7)")
    label = "; ".join(
        f"{s.product.name} {s.version}: End of Life {_day(s.eol)}, support until "
        f"{_day(s.support_until)}, upgrade until {_day(s.upgrade_until)}"
        for _, s in known
    )
    return (
        "<section id=timeline><h2>Lifecycle of the installed versions (§2, §7)</h2>"
        + _figure(
            _svg(fig),
            "Timeline. " + label,
            "White: supported; hatched grey: the six-month support tail after End of Life "
            "(§7); dotted: the twelve months to upgrade (§2). The dashed line is the end of "
            "the period.",
            table,
        )
        + "</section>"
    )


def _tickets(months: dict[str, _Month], tickets: int, not_judged: int) -> str:
    names = list(months)
    most = max((sum(months[m].severities.values()) for m in names), default=0)
    fig, ax = _axes(8, 3, left=0.5 + _CHAR * len(str(most)), right=0.75)
    xs = range(len(names))
    bottom = [0] * len(names)
    keys = []
    for severity in Severity:
        counts = [months[m].severities[severity.value] for m in names]
        keys.append(
            _bars(
                ax,
                xs,
                counts,
                bottoms=bottom,
                color=_GREYS[severity.value],
                hatch=_HATCHES[severity.value],
                label=severity.value,
            )
        )
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    _months_axis(ax, names)
    ax.set_ylim(0, max(most, 1) * 1.05)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("tickets")
    ax.legend(handles=keys, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title("Tickets by severity and month (§3.6)")
    head = "".join(f"<th>{s.value}</th>" for s in Severity)
    rows = "".join(
        f"<tr><td>{m}</td>"
        + "".join(f"<td class=n>{months[m].severities[s.value]}</td>" for s in Severity)
        + "</tr>"
        for m in names
    )
    table = (
        "<table><caption>Tickets by severity and month</caption><thead><tr><th>month</th>"
        f"{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
    label = "Bar chart of tickets per month by severity: " + "; ".join(
        f"{m}: {sum(months[m].severities.values())}" for m in names
    )
    note = f"{tickets} tickets in the period." + (
        f" {_format.plural(not_judged, 'row')} of the customer's tickets could not be judged "
        "(not counted here; `eol-check tickets` names them)."
        if not_judged
        else ""
    )
    return (
        "<section id=tickets><h2>Tickets (§3.6)</h2>"
        + _figure(_svg(fig), label, note, table)
        + "</section>"
    )


def _attainment(months: dict[str, _Month]) -> str:
    fig, ax = _axes(8, 3, right=1.05)
    names = list(months)
    width = 0.4
    xs = range(len(names))

    def rate(pair: tuple[int, int]) -> float | None:
        return None if sum(pair) == 0 else 100 * pair[0] / sum(pair)

    keys = []
    for offset, what, hatch, color in (
        (-width / 2, "response", "", "#4d4d4d"),
        (width / 2, "updates", "//", "#cccccc"),
    ):
        values = [rate(getattr(months[m], what)) for m in names]
        keys.append(
            _bars(
                ax,
                [x + offset for x in xs],
                [v or 0 for v in values],
                width=width,
                color=color,
                hatch=hatch,
                label=what,
            )
        )
        for x, v in zip(xs, values, strict=True):
            if v is None:
                ax.text(x + offset, 2, "n/a", ha="center", fontsize=7, rotation=90)
    _months_axis(ax, names)
    ax.set_ylim(0, 105)
    ax.set_ylabel("% met")
    ax.legend(handles=keys, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title("Response and update times met per month (§3.6)")

    def cell(pair: tuple[int, int]) -> str:
        r = rate(pair)
        return "n/a" if r is None else f"{pair[0]}/{sum(pair)} ({r:.1f}%)"

    rows = "".join(
        f"<tr><td>{m}</td><td class=n>{cell(months[m].response)}</td>"
        f"<td class=n>{cell(months[m].updates)}</td></tr>"
        for m in names
    )
    table = (
        "<table><caption>Attainment per month (met of judged)</caption><thead><tr>"
        "<th>month</th><th>response</th><th>updates</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    label = "Bar chart of attainment per month: " + "; ".join(
        f"{m}: response {cell(months[m].response)}, updates {cell(months[m].updates)}"
        for m in names
    )
    return (
        "<section id=attainment><h2>Response and update times (§3.6)</h2>"
        + _figure(
            _svg(fig),
            label,
            "§3.6: “a response time is a guarantee of communication timeframes only”. "
            "Met of the responses and updates that were due; n/a: nothing was due.",
            table,
        )
        + "</section>"
    )


def _events(installed: list[tuple[Contract, VersionStatus | None]], period: Period) -> str:
    end = period.last + timedelta(days=365)
    events: list[tuple[date, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for _, s in installed:
        if s is None or (s.product.id, s.line) in seen:
            continue
        seen.add((s.product.id, s.line))
        name = f"{s.product.name} {s.line}"
        for day, what, section in (
            (s.eol, "End of Life", "§2"),
            (s.support_until, "last day of support", "§7"),
            (s.upgrade_until, "last day to upgrade", "§2"),
        ):
            if day is not None and period.last < day <= end:
                events.append((day, f"{name}: {what}", section))
    events.sort()
    items = (
        "".join(
            f"<li><time datetime={d.isoformat()}>{d.isoformat()}</time> {html_text(t)} ({s})</li>"
            for d, t, s in events
        )
        or "<li>No lifecycle event for the installed versions.</li>"
    )
    return (
        f"<section id=events><h2>The next twelve months (to {end.isoformat()})</h2>"
        f"<ul>{items}</ul></section>"
    )


def _num(day: date) -> float:
    """A date as the axis counts it: days since 1970-01-01 (matplotlib's own date numbers)."""
    return float((day - date(1970, 1, 1)).days)


def _cut(text: str, most: int) -> str:
    """`text`, cut to `most` characters with "…" when longer."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _quarters(first: date, last: date) -> list[date]:
    """The first days of the quarters from `first` to `last`: the timeline's ticks."""
    ticks = []
    year, month = first.year, (first.month - 1) // 3 * 3 + 1
    while date(year, month, 1) <= last:
        if date(year, month, 1) >= first:
            ticks.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 10 else (year, month + 3)
    return ticks


def _day(value: date | None) -> str:
    return "-" if value is None else value.isoformat()
