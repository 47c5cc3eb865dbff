"""The HTML pages of the published support center: an index and one page per product.

Plain semantic HTML with its CSS inline: readable without JavaScript or any other file, on a
phone (the tables scroll sideways inside their box), with table headers and captions for screen
readers, and each status in words as well as colour (the colours pass WCAG AA contrast with
white text).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from ._record import Record
from .catalog import EolSource, Product
from .lifecycle import LineStatus
from .policy import Policy, Status
from .version import Version

__all__ = ["ProductView", "index_page", "index_row", "product_page"]


class ProductView(Record):
    """What a product page shows: the lines on the date and where each should upgrade to."""

    product: Product
    lines: Sequence[LineStatus]  # newest first
    upgrade_to: Version | None  # the newest release of the current line (SPEC §3.2)
    upgrades: Mapping[str, str]  # per line: the upgrade path from its latest release, in words


#: Each status in words, for people (SPEC §3.2).
_WORDS = {
    Status.CURRENT: "current",
    Status.SUPPORTED: "supported",
    Status.SUPPORT_TAIL: "support tail",
    Status.UPGRADE_WINDOW: "upgrade window",
    Status.UNSUPPORTED: "unsupported",
}

_STYLE = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328;
       background: #fff; margin: 0 auto; max-width: 80rem; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
a { color: #0550ae; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #d0d7de;
         white-space: nowrap; vertical-align: top; }
td.wrap { white-space: normal; min-width: 9rem; }
thead th { background: #f6f8fa; }
.status { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 1rem; color: #fff;
          font-weight: 600; }
.status-current { background: #1a7f37; }
.status-supported { background: #0550ae; }
.status-support-tail { background: #7d4e00; }
.status-upgrade-window { background: #953800; }
.status-unsupported { background: #a40e26; }
.note { color: #59636e; }
.rel { color: #59636e; font-size: 0.9em; }
/* A phone (issue 20): each line a card, its cells stacked with their labels, so that status,
   End of Life and support until are seen without scrolling sideways. */
@media (max-width: 40rem) {
  #lines thead { display: none; }
  #lines, #lines tbody, #lines tr, #lines th, #lines td { display: block; width: auto; }
  #lines tr { border: 1px solid #d0d7de; border-radius: 0.5rem; margin: 0 0 0.75rem;
              padding: 0.25rem 0; }
  #lines th, #lines td { border: 0; white-space: normal; padding: 0.15rem 0.75rem; min-width: 0; }
  #lines td[data-label]::before { content: attr(data-label) ": "; color: #59636e; }
  #lines th[scope="row"] { font-size: 1.1rem; }
}
footer { margin-top: 2rem; color: #59636e; font-size: 0.9rem; }
""".strip()


def index_row(view: ProductView) -> str:
    """A product's row of `index.html`: its current line, latest release and lines in support."""
    current = next((ls for ls in view.lines if ls.status is Status.CURRENT), None)
    in_support = sum(
        ls.status in (Status.CURRENT, Status.SUPPORTED, Status.SUPPORT_TAIL) for ls in view.lines
    )
    product = view.product
    return (
        "<tr>"
        f'<th scope="row"><a href="{escape(product.id)}.html">{escape(product.name)}</a></th>'
        f"<td>{escape(product.id)}</td>"
        f"<td>{escape(current.line) if current else 'none'}</td>"
        f"<td>{escape(str(view.upgrade_to)) if view.upgrade_to else '-'}</td>"
        f"<td>{in_support} of {len(view.lines)}</td>"
        f'<td><a href="calendar/{escape(product.id)}.ics">{escape(product.id)}.ics</a></td>'
        "</tr>"
    )


def index_page(rows: Iterable[str], policy: Policy, on: datetime.date, generated: str) -> str:
    """`index.html`: every product's row (`index_row`) and the policy in one paragraph."""
    body = f"""
<h1>Product lifecycle</h1>
<p>End of Life and support dates of every product on {on.isoformat()} (§7: "the end of life
for each product is published on the support center").</p>
<div class="scroll"><table>
<caption>Products</caption>
<thead><tr><th scope="col">Product</th><th scope="col">Id</th><th scope="col">Current line</th>
<th scope="col">Latest release</th><th scope="col">Lines in support</th>
<th scope="col">Calendar</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table></div>
{_policy(policy)}
<h2>For tools</h2>
<ul>
<li><a href="calendar/all.ics">calendar/all.ics</a>: every End of Life, end of support and end of
the upgrade window, to subscribe to.</li>
<li><a href="api/all.json">api/</a> and <a href="api/v1/products/">api/v1/</a>: the same data
in endoflife.date's API (v0 and v1).</li>
<li><a href="catalog.json">catalog.json</a> (<a href="catalog.json.sha256">SHA-256</a>):
the catalog and policy for <code>eol-check --catalog-url</code>.</li>
</ul>"""
    return _page("Product lifecycle", body, generated)


def product_page(view: ProductView, policy: Policy, on: datetime.date, generated: str) -> str:
    """`<id>.html`: every line with its status, dates, latest release and upgrade path."""
    product = view.product
    upgrades = [view.upgrades.get(ls.line, "-") for ls in view.lines]
    # A long sentence that every row would repeat (no current line …) is said once, below.
    repeated = {u for u in upgrades if len(u) > 40 and upgrades.count(u) > 1}
    rows = [
        _line_row(ls, "see below" if upgrade in repeated else upgrade, on)
        for ls, upgrade in zip(view.lines, upgrades, strict=True)
    ]
    notes = "".join(
        f'<p class="note upgrade-note">Upgrade path: {escape(u)}</p>\n' for u in sorted(repeated)
    )
    if not rows:
        rows = ['<tr><td colspan="8">No release yet.</td></tr>']
    aliases = ", ".join(product.aliases)
    also = f" Also known as {escape(aliases)}." if aliases else ""
    eol = (
        f" The whole product reaches End of Life on {product.product_eol.isoformat()}."
        if product.product_eol is not None
        else ""
    )
    body = f"""
<p><a href="index.html">All products</a></p>
<h1>{escape(product.name)}</h1>
<p>Lifecycle of every line of {escape(product.name)} ({escape(product.id)}) on
{on.isoformat()}.{also}{eol}</p>
<div class="scroll"><table id="lines">
<caption>Lines of {escape(product.name)}</caption>
<thead><tr><th scope="col">Line</th><th scope="col">Status</th><th scope="col">Released</th>
<th scope="col">Latest release</th><th scope="col">End of Life</th>
<th scope="col">Support until</th><th scope="col">Upgrade until</th>
<th scope="col">Upgrade path</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table></div>
{notes}<p>Calendar: <a href="calendar/{escape(product.id)}.ics">{escape(product.id)}.ics</a> ·
API: <a href="api/{escape(product.id)}.json">v0</a>,
<a href="api/v1/products/{escape(product.id)}/">v1</a></p>
{_policy(policy)}"""
    return _page(f"{product.name}: lifecycle", body, generated)


def _line_row(ls: LineStatus, upgrade: str, on: datetime.date) -> str:
    status = ls.status.value
    latest = escape(str(ls.latest))
    if ls.latest_released is not None:
        latest += f" ({ls.latest_released.isoformat()})"
    if ls.eol is None:
        eol = "not decided"
    else:
        eol = ls.eol.isoformat() + (" (scheduled)" if ls.eol > on else "")
        if ls.eol_source in (EolSource.MAJOR, EolSource.PRODUCT):
            eol += f" ({ls.eol_source.value} End of Life)"
    if ls.eol is not None:
        eol += _relative(ls.eol, on)
    return (
        f'<tr data-line="{escape(ls.line)}" data-status="{status}">'
        f'<th scope="row">{escape(ls.line)}</th>'
        f'<td data-label="Status" class="cell-status">'
        f'<span class="status status-{status}">{_WORDS.get(ls.status, status)}</span></td>'
        f'<td data-label="Released">{ls.released.isoformat()}</td>'
        f'<td data-label="Latest release">{latest}</td>'
        f'<td data-label="End of Life" class="wrap cell-eol">{eol}</td>'
        f'<td data-label="Support until" class="cell-support">{_day(ls.support_until)}'
        f"{_relative(ls.support_until, on)}</td>"
        f'<td data-label="Upgrade until" class="cell-upgrade">{_day(ls.upgrade_until)}'
        f"{_relative(ls.upgrade_until, on)}</td>"
        f'<td data-label="Upgrade path" class="wrap">{escape(upgrade)}</td>'
        "</tr>"
    )


def _relative(value: datetime.date | None, on: datetime.date) -> str:
    """' (in 3 months)', ' (2 years ago)': how far a date is from the page's date (issue 20)."""
    if value is None:
        return ""
    return f' <span class="rel">({relative_time(value, on)})</span>'


def relative_time(value: datetime.date, on: datetime.date) -> str:
    """How far `value` is from `on` in words: 'today', 'in 5 days', 'in 3 months', '2 years ago'.

    Days below 45, months (of 30.44 days, rounded) below 18 months, years (to a half) above.
    """
    days = (value - on).days
    if days == 0:
        return "today"
    n = abs(days)
    if n < 45:
        amount = f"{n} day" + ("s" if n != 1 else "")
    elif n < 548:
        months = round(n / 30.44)
        amount = f"{months} month" + ("s" if months != 1 else "")
    else:
        years = round(n / 365.25 * 2) / 2
        shown = f"{years:g}"
        amount = f"{shown} year" + ("s" if years != 1 else "")
    return f"in {amount}" if days > 0 else f"{amount} ago"


def _policy(policy: Policy) -> str:
    tail, window = policy.support_tail_months, policy.upgrade_window_months
    return f"""<h2 id="policy">The policy</h2>
<p>The Maintenance and Support Policy covers the most current Version of a product and earlier
Versions not declared End of Life (§2). From the day a line reaches End of Life, support
continues for {tail} months (§7, the <em>support tail</em>), and customers have {window} months
to upgrade (§2, the <em>upgrade window</em>); after that the line is <em>unsupported</em>. A
Version is MAJOR.MINOR.MAINTENANCE (§1.4–§1.7); a line is MAJOR.MINOR.</p>{_links(policy)}"""


def _links(policy: Policy) -> str:
    """Where to ask and where the policy's text is, as the vendor sets them (issue 20)."""
    links = []
    if policy.contact is not None:
        shown = policy.contact.removeprefix("mailto:")
        links.append(
            f'Questions: <a class="contact" href="{escape(policy.contact)}">{escape(shown)}</a>'
        )
    if policy.policy_url is not None:
        links.append(
            f'<a class="policy-link" href="{escape(policy.policy_url)}">'
            "The Maintenance and Support Policy</a>"
        )
    return f"\n<p>{' · '.join(links)}</p>" if links else ""


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value is not None else "-"


def _page(title: str, body: str, generated: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
{_STYLE}
</style>
</head>
<body>
<main>{body}
</main>
<footer>Published by eol-check on {escape(generated)}.</footer>
</body>
</html>
"""
