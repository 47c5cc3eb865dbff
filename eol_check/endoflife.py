"""The catalog in endoflife.date's formats (SPEC §7, docs/endoflife.md, docs/publish.md).

Tools built on endoflife.date (norwegianblue, the `endoflifedate` client, xeol, GitHub actions)
read one of three shapes. This module maps the lifecycle of each line on a date to all three; it
derives no date itself but takes them from `lifecycle.lines`:

- the **product file** (`catalog export --format endoflife`): the front matter of one of
  endoflife.date's `products/<id>.md`, which its product rules validate;
- **API v0** (`api/all.json`, `api/<id>.json`, `api/<id>/<cycle>.json`);
- **API v1** (`api/v1/…`, schema 1.1.0 of endoflife.date's OpenAPI description).

Per line ("cycle"):

    releaseCycle / name      the line "MAJOR.MINOR"
    releaseDate              the line's first GA release
    eoas / support / eoasFrom  effective End of Life − 1 day: the last day of full support
    eol / eolFrom            support_until: the last day of support (§7: six months after EOL)
    upgradeUntil (custom)    upgrade_until: the last day to upgrade (§2: 12 months)
    latest, latestReleaseDate  the newest GA release of the line on the date, and its date

The day convention: endoflife.date counts its own date as still in the period (`isEol` is
`today > eol`), so each date here is a *last day*: `eol` is support_until, not the End of Life
date the catalog records (from that day on a line is EOL, SPEC §3.1), and `eoas` is the day before
it. Releases dated after the date are left out, and so are lines with no release by then.

endoflife.date's rules need `releaseDate ≤ eoas ≤ eol`. The catalog allows a line whose End of
Life (its own, its major's or the product's) falls on or before its first release; such a line
was never in full support, and its `eoas` (then its `eol`, if need be) is its release date:
the nearest dates the rules allow (`catalog validate` warns about it: `eol-before-release`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence

from ._record import Record
from .catalog import Product
from .lifecycle import LineStatus, lines
from .policy import Policy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Cycle", "cycle_of", "cycles", "endoflife_data", "endoflife_product"]
# The API shapes (`api_v0_*`, `api_v1_*`) are importable from here for `publish`; they are
# plumbing, not part of the package's public names.

#: The version of endoflife.date's API v1 schema whose fields `api_v1_*` write.
API_V1_SCHEMA = "1.1.0"
#: endoflife.date files every product under one of its categories; the catalog names none, so
#: every product is an application ("app").
CATEGORY = "app"

_ONE_DAY = datetime.timedelta(days=1)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class Cycle(Record):
    """One release cycle (a Version line) in endoflife.date's terms; None where undecided."""

    release_cycle: str
    release_date: datetime.date
    eoas: datetime.date | None  # the last day before End of Life
    eol: datetime.date | None  # support_until: the last day of support (§7)
    upgrade_until: datetime.date | None  # the last day to upgrade (§2)
    latest: str
    latest_release_date: datetime.date

    def as_json(self) -> dict[str, Any]:
        """The cycle as an endoflife.date product file writes it (`--format endoflife`).

        `eoas` and `eol` are `false` where no End of Life is decided (the cycle has no end in
        sight); the custom field `upgradeUntil` is then absent, as a custom field must be a
        date or missing.
        """
        data: dict[str, Any] = {
            "releaseCycle": self.release_cycle,
            "releaseDate": self.release_date.isoformat(),
            "eoas": _date_or(self.eoas, False),
            "eol": _date_or(self.eol, False),
            "latest": self.latest,
            "latestReleaseDate": self.latest_release_date.isoformat(),
        }
        if self.upgrade_until is not None:
            data["upgradeUntil"] = self.upgrade_until.isoformat()
        return data


def cycles(product: Product, policy: Policy, on: datetime.date) -> list[Cycle]:
    """The release cycles of `product` on `on`, newest line first (lines released by then)."""
    return [cycle_of(line) for line in lines(product, policy, on)]


def cycle_of(line: LineStatus) -> Cycle:
    """The release cycle of one line as `lifecycle.lines` answers it."""
    # lines() fills latest_released for every line it returns; the field is optional only for
    # callers that build LineStatus by hand.
    assert line.latest_released is not None
    eoas = line.eol - _ONE_DAY if line.eol is not None else None
    eol = line.support_until
    if eoas is not None and eoas < line.released:  # never in full support (module docstring)
        eoas = line.released
    if eol is not None and eoas is not None and eol < eoas:
        eol = eoas
    return Cycle(
        release_cycle=line.line,
        release_date=line.released,
        eoas=eoas,
        eol=eol,
        upgrade_until=line.upgrade_until,
        latest=str(line.latest),
        latest_release_date=line.latest_released,
    )


def slug(text: str) -> str:
    """`text` as endoflife.date writes a name in a URL: lower case, runs of other characters
    as one '-' ("Desktop Agent" → "desktop-agent")."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def aliases(product: Product) -> list[str]:
    """The product's aliases as endoflife.date's `alternate_urls` names (slugs, no repeats)."""
    seen = {product.id}
    result = []
    for alias in (product.name, *product.aliases):
        name = slug(alias)
        if name and name not in seen:
            seen.add(name)
            result.append(name)
    return result


# --- the product file (`catalog export --format endoflife`) ----------------------------------


def endoflife_product(product: Product, policy: Policy, on: datetime.date) -> dict[str, Any]:
    """The front matter of endoflife.date's `products/<id>.md` for `product` on `on`.

    It passes endoflife.date's product rules: `title`, `category`, `permalink`, the `eoas`
    column declared, `upgradeUntil` declared as a custom field, releases newest first with a
    cycle whose first release is later than an older-numbered cycle's flagged `outOfOrder`.
    `name` is eol-check's own addition (the rules ignore product keys they do not know).
    """
    releases = []
    previous: datetime.date | None = None
    for cycle in cycles(product, policy, on):
        data = cycle.as_json()
        if previous is not None and cycle.release_date > previous:
            data["outOfOrder"] = True  # endoflife.date orders cycles by release date
        else:
            previous = cycle.release_date
        releases.append(data)
    return {
        "title": product.name,
        "name": product.name,
        "category": CATEGORY,
        "permalink": f"/{product.id}",
        "alternate_urls": [f"/{name}" for name in aliases(product)],
        "eoasColumn": True,
        "customFields": [_upgrade_field(policy)],
        "releases": releases,
    }


def endoflife_data(
    products: Iterable[Product], policy: Policy, on: datetime.date
) -> dict[str, dict[str, Any]]:
    """endoflife.date product files of `products` on `on`, keyed by product id (JSON-ready)."""
    return {product.id: endoflife_product(product, policy, on) for product in products}


# --- API v0 -----------------------------------------------------------------------------------


def api_v0_cycle(cycle: Cycle) -> dict[str, Any]:
    """One cycle as `api/<id>/<cycle>.json` serves it (the `cycle` key is only in the list).

    v0 calls the end of full support `support` (a date, or `true`: supported, no end decided)
    and writes `lts: false` where a cycle is not a long-term-support one.
    """
    data: dict[str, Any] = {
        "releaseDate": cycle.release_date.isoformat(),
        "support": _date_or(cycle.eoas, True),
        "eol": _date_or(cycle.eol, False),
        "latest": cycle.latest,
        "latestReleaseDate": cycle.latest_release_date.isoformat(),
        "lts": False,
    }
    if cycle.upgrade_until is not None:
        data["upgradeUntil"] = cycle.upgrade_until.isoformat()
    return data


def api_v0_product(product_cycles: Sequence[Cycle]) -> list[dict[str, Any]]:
    """`api/<id>.json`: a product's cycles (newest first, as `cycles` gives them), each with
    its name as `cycle`."""
    return [{"cycle": c.release_cycle, **api_v0_cycle(c)} for c in product_cycles]


# --- API v1 -----------------------------------------------------------------------------------


def api_v1_release(cycle: Cycle, on: datetime.date) -> dict[str, Any]:
    """One cycle as API v1's `ProductRelease` on `on` (`is…` answered as endoflife.date does:
    `isEol` is `on > eolFrom`, `isMaintained` is `on <= eolFrom` or no end decided)."""
    return {
        "name": cycle.release_cycle,
        "codename": None,
        "label": cycle.release_cycle,
        "releaseDate": cycle.release_date.isoformat(),
        "isLts": False,
        "ltsFrom": None,
        "isEoas": cycle.eoas is not None and on > cycle.eoas,
        "eoasFrom": _date_or(cycle.eoas, None),
        "isEol": cycle.eol is not None and on > cycle.eol,
        "eolFrom": _date_or(cycle.eol, None),
        "isMaintained": cycle.eol is None or on <= cycle.eol,
        "latest": {
            "name": cycle.latest,
            "date": cycle.latest_release_date.isoformat(),
            "link": None,
        },
        "custom": {"upgradeUntil": _date_or(cycle.upgrade_until, None)},
    }


def api_v1_summary(product: Product, base_url: str) -> dict[str, Any]:
    """API v1's `ProductSummary` of `product`; `base_url` is the site's ('' for root-relative)."""
    return {
        "name": product.id,
        "aliases": aliases(product),
        "label": product.name,
        "category": CATEGORY,
        "tags": [CATEGORY],
        "uri": f"{base_url}/api/v1/products/{product.id}/",
    }


def api_v1_product(
    product: Product, product_cycles: Sequence[Cycle], on: datetime.date, base_url: str
) -> dict[str, Any]:
    """API v1's `ProductDetails` of `product` with its cycles on `on` (newest first, as
    `cycles` gives them): the `result` of `products/<id>`."""
    summary = api_v1_summary(product, base_url)
    del summary["uri"]
    return {
        **summary,
        "versionCommand": None,
        "identifiers": [],
        "labels": {
            "eoas": "Full support",
            "discontinued": None,
            "eol": "Support",
            "eoes": None,
        },
        "links": {
            "icon": None,
            "html": f"{base_url}/{product.id}.html",
            "releasePolicy": f"{base_url}/index.html#policy",
        },
        "releases": [api_v1_release(c, on) for c in product_cycles],
    }


def api_v1_index(base_url: str) -> list[dict[str, str]]:
    """The `result` of `api/v1/`: the main endpoints."""
    return [
        {"name": name, "uri": f"{base_url}/api/v1/{name}/"}
        for name in ("products", "categories", "tags")
    ]


def _upgrade_field(policy: Policy) -> dict[str, str]:
    """The declaration of the custom field `upgradeUntil` (§2), as endoflife.date's rules ask."""
    return {
        "name": "upgradeUntil",
        "display": "after-latest-column",
        "label": "Upgrade until",
        "description": "The last day to upgrade after End of Life "
        f"(§2: {policy.upgrade_window_months} months)",
    }


def _date_or(value: datetime.date | None, default: Any) -> Any:
    return value.isoformat() if value is not None else default
