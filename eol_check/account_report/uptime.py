"""The report's availability section: one customer's uptime per month and for the year against
the 99.9% of §4 (Mobile Server) and §5.1 (SaaS Services), as `eol_check.availability.uptime`
judged it (SPEC §8, §9). Nothing is judged here: this module only draws and tabulates.

A month of the Mobile Server without a minute of telemetry says "no telemetry", never 100%
(SPEC §8). A monthly 99.9% figure is the report's presentation: §4 and §5.1 promise it over the
year, and the page says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from . import Period, _axes, _bars, _figure, _svg, html_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..availability import MonthUptime, Uptime, UptimeReport

__all__ = ["availability_section"]

#: Each service as the policy names it, with the section that promises its 99.9%.
SERVICES = {"mobile": ("Mobile Server", "§4"), "saas": ("SaaS Services", "§5.1")}
NO_TELEMETRY = "no telemetry"


def _percent(value: Decimal) -> str:
    """An uptime as a percentage with four decimals, cut (as the library cuts, never rounded up
    to a target it misses)."""
    return f"{(value * 100).quantize(Decimal('0.0001'), rounding='ROUND_DOWN')}%"


def _month_uptime(result: Uptime, month: MonthUptime) -> Decimal | None:
    """The month's uptime, or None where nothing was measured (Mobile Server, no telemetry)."""
    if result.uptime is None or month.telemetry_minutes == 0:
        return None
    return month.uptime


def availability_section(reports: Sequence[UptimeReport], period: Period, today: date) -> str:
    """The HTML section for the customer's `reports` (one a calendar year of the period)."""
    parts = ["<section id=availability><h2>Availability (§4, §5)</h2>"]
    parts.append(
        "<p>§4 and §5.1 promise 99.9% over the year; the monthly figures are this report's "
        "presentation of the same minutes (SPEC §9), not a monthly promise. Uptime is "
        "(minutes in the period − Downtime) / minutes in the period, in UTC, cut to six places "
        "(SPEC §8).</p>"
    )
    if not reports:
        parts.append(f"<p>The period has not begun on {today.isoformat()}: no uptime yet.</p>")
    for report in reports:
        if report.problems or report.unjudged_rows:
            parts.append(
                f"<p>{len(report.problems)} incident or telemetry rows and "
                f"{report.unjudged_rows} telemetry rows could not be read "
                "(named by <code>eol-check uptime</code>); a verdict they could change is "
                "withheld.</p>"
            )
        for result in report.results:
            parts.append(_service(result, period))
    parts.append("</section>")
    return "".join(parts)


def _service(result: Uptime, period: Period) -> str:
    name, section = SERVICES[result.service.value]
    title = f"{name} {result.year} ({section})"
    target = _percent(result.target)
    state = " (year in progress)" if result.in_progress else ""
    if result.uptime is None:
        year = f"{NO_TELEMETRY}: uptime is not reported (no minute was measured)"
    else:
        verdict = {True: "met", False: "NOT met", None: "not decided"}[result.met]
        year = f"{_percent(result.uptime)} against {target}: {verdict}"
    lead = (
        f"<h3>{html_text(title)}</h3>"
        f"<p><strong>Year {result.year}{state}: {html_text(year)}.</strong> "
        f"{html_text(result.met_reason.rstrip('.'))}. Downtime {result.downtime_minutes} of a "
        f"budget of {result.budget_minutes} minutes ({result.left_minutes} left); region "
        f"{html_text(result.region)}{' (defaulted)' if result.region_defaulted else ''}.</p>"
    )
    first = (period.first.year, period.first.month)
    last = (period.last.year, period.last.month)
    months = [m for m in result.months if first <= (result.year, m.month) <= last]
    if not months:
        return lead
    rows = []
    for m in months:
        value = _month_uptime(result, m)
        excluded = sum(m.excluded_minutes.values())
        rows.append(
            f"<tr><td>{result.year}-{m.month:02d}</td><td class=n>{m.minutes}</td>"
            f"<td class=n>{m.downtime_minutes}</td><td class=n>{excluded}</td>"
            f"<td class=n>{NO_TELEMETRY if value is None else _percent(value)}</td>"
            f"<td>{'' if value is None else 'yes' if value >= result.target else 'no'}</td></tr>"
        )
    table = (
        f"<table><caption>{html_text(title)}: uptime per month (UTC) against {target}</caption>"
        "<thead><tr><th>month</th><th>minutes</th><th>Downtime minutes</th>"
        f"<th>excluded minutes</th><th>uptime</th><th>at least {target}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    label = f"Bar chart of {name} uptime per month against {target}: " + "; ".join(
        f"{result.year}-{m.month:02d}: "
        + (NO_TELEMETRY if (v := _month_uptime(result, m)) is None else _percent(v))
        for m in months
    )
    return lead + _figure(
        _chart(result, months, title),
        label,
        f"Bars: uptime per month; dashed line: {target}; “{NO_TELEMETRY}” where the month has "
        "no measured minute. The axis starts at 99%: a bar at the bottom is 99% or less.",
        table,
    )


def _chart(result: Uptime, months: list[MonthUptime], title: str) -> str:
    fig, ax = _axes(8, 2.8, left=1.0, right=0.6)  # the target's label in the right margin
    floor = 99.0
    names = [f"{m.month:02d}" for m in months]
    xs = range(len(months))
    values = [_month_uptime(result, m) for m in months]
    heights = [0.0 if v is None else max(float(v) * 100, floor) - floor for v in values]
    _bars(ax, xs, heights, bottoms=[floor] * len(months), color="#8c8c8c", hatch="//", label="")
    for x, v in zip(xs, values, strict=True):
        if v is None:
            ax.text(x, floor + 0.05, NO_TELEMETRY, ha="center", fontsize=7, rotation=90)
    target = float(result.target) * 100
    ax.axhline(target, color="#000", linestyle="--", linewidth=1)
    ax.text(len(months) - 0.5, target, f" {target:g}%", va="center", fontsize=8)
    ax.set_xticks(list(xs), names)
    ax.set_xlim(-0.6, len(months) - 0.4)
    ax.set_xlabel(str(result.year))
    ax.set_ylim(floor, 100.05)
    ax.set_ylabel("uptime %")
    ax.set_title(title + ": uptime per month")
    return _svg(fig)


def report_years(period: Period, today: date) -> list[int]:
    """The calendar years of `period` that have begun on `today` (uptime has no future)."""
    return [y for y in range(period.first.year, period.last.year + 1) if y <= today.year]
