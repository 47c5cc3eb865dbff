"""The support center as a static site (SPEC §7: "the end of life for each product is published
on the support center"); docs/publish.md.

`build_site` is pure: it returns every file of the site as bytes, keyed by its path in the site.
`write_site` is the edge: it writes those files into a new folder next to the target and swaps
it in, so the target is always a whole site, the old one or the new one:

    index.html, <id>.html                  pages for people
    api/all.json, api/<id>.json,           endoflife.date's API v0
    api/<id>/<cycle>.json
    api/v1/…/index.json                    endoflife.date's API v1 (a folder per endpoint)
    calendar/<id>.ics, calendar/all.ics    End of Life, end of support, end of the upgrade window
    catalog.json, catalog.json.sha256      the bundle, for --catalog-url and --catalog-sha256
    .eol-check-site                        the mark of a folder eol-check wrote

`write_site` replaces only a folder that carries the mark, or an empty one; anything else at the
target is refused (`SiteError`), so a mistyped path never deletes someone's files.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from . import _html, _ics
from ._record import Record
from .bundle import bundle_from_catalog, dumps_bundle
from .catalog import Catalog, Product
from .endoflife import (
    API_V1_SCHEMA,
    CATEGORY,
    Cycle,
    api_v0_cycle,
    api_v0_product,
    api_v1_index,
    api_v1_product,
    api_v1_summary,
    cycle_of,
)
from .errors import OutputError, SiteError
from .lifecycle import LineStatus, current_line, lines
from .policy import Policy
from .upgrade import upgrade_path
from .version import Version

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["MARK", "Site", "build_site", "publish_site", "write_site"]

#: The file that marks a folder as a site eol-check wrote (and so may replace).
MARK = ".eol-check-site"


class Site(Record):
    """Every file of a published site: its path in the site (with '/') and its content."""

    files: Mapping[str, bytes]
    date: datetime.date  # the date the lifecycle is published for
    base_url: str  # '' when the links are relative to the host's root
    products: int
    lines: int

    def __len__(self) -> int:
        return len(self.files)

    def as_json(self) -> dict[str, Any]:
        """What was published, in numbers (docs/publish.md)."""
        return {
            "date": self.date.isoformat(),
            "base_url": self.base_url or None,
            "products": self.products,
            "lines": self.lines,
            "files": len(self.files),
        }


def build_site(
    catalog: Catalog,
    policy: Policy,
    on: datetime.date,
    generated_at: datetime.datetime,
    base_url: str = "",
) -> Site:
    """The site of `catalog` and `policy` on `on`; `generated_at` must be aware.

    `base_url` ("https://support.example.com/lifecycle") makes the links of API v1 and of the
    calendars absolute; without it they are relative to the root of the site's host.
    """
    if generated_at.tzinfo is None:
        raise ValueError("generated_at needs a time zone")
    base = base_url.rstrip("/")
    stamp = generated_at.isoformat()
    files: dict[str, bytes] = {}
    views = []
    all_events: list[str] = []
    summaries: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    total_lines = 0
    # Product ids ([a-z0-9][a-z0-9_-]*) and lines (digits and a dot) are checked by the catalog
    # loader, TOML and bundle alike (SPEC §4.1): safe as names of files and folders.
    for product in catalog.products:
        statuses = lines(product, policy, on)
        product_cycles = [cycle_of(ls) for ls in statuses]
        total_lines += len(product_cycles)
        current = current_line(product, on)
        latest = current.latest(on) if current is not None else None
        target = latest.version if latest else None
        upgrades = {ls.line: _upgrade(product, ls.latest, on) for ls in statuses}
        view = _html.ProductView(product, statuses, target, upgrades)
        views.append(view)
        files[f"{product.id}.html"] = _html.product_page(view, policy, on, stamp).encode()
        _api_v0(files, product, product_cycles)
        summaries.append(api_v1_summary(product, base))
        details.append(_api_v1_product(files, product, product_cycles, on, base, stamp))
        events = _ics.events_text(_events(product, statuses, policy, base), generated_at)
        all_events.append(events)
        files[f"calendar/{product.id}.ics"] = _ics.calendar(product.name, [events])
    files["index.html"] = _html.index_page(views, policy, on, stamp).encode()
    files["calendar/all.ics"] = _ics.calendar("Product lifecycle", all_events)
    files["api/all.json"] = _json(sorted(p.id for p in catalog.products))
    _api_v1_lists(files, summaries, details, base, stamp)
    bundle = dumps_bundle(bundle_from_catalog(catalog, policy, generated_at)).encode()
    files["catalog.json"] = bundle
    files["catalog.json.sha256"] = f"{hashlib.sha256(bundle).hexdigest()}  catalog.json\n".encode()
    files[MARK] = _json(
        {"generator": "eol-check catalog publish", "generated_at": stamp, "date": on.isoformat()}
    )
    return Site(files, on, base, len(catalog.products), total_lines)


def publish_site(
    directory: Path,
    catalog: Catalog,
    policy: Policy,
    on: datetime.date,
    generated_at: datetime.datetime,
    base_url: str = "",
) -> Site:
    """Build the site and write it to `directory` (see `write_site`); return what was written."""
    site = build_site(catalog, policy, on, generated_at, base_url)
    write_site(directory, site)
    return site


def write_site(directory: Path, site: Site) -> None:
    """Make `directory` hold exactly `site`: never half a site, never someone else's folder.

    The files go into a new folder next to `directory`, then two renames swap it in (the old
    site moves aside, the new one takes its name) and the old one is deleted. Between the two
    renames, a matter of microseconds, the path does not exist; at no moment does it hold a
    mix. Raises `SiteError` when `directory` exists and is not a folder eol-check wrote (or an
    empty folder), `OutputError` on any error writing; the target is then left as it was.
    """
    _check_target(directory)
    parent = directory.parent
    try:
        new = Path(tempfile.mkdtemp(prefix=f".{directory.name}.new-", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write next to {directory}: {_reason(exc)}") from exc
    old: Path | None = None
    swapped = False
    try:
        os.chmod(new, 0o777 & ~_umask())  # mkdtemp makes it 0o700; a web server must read it
        _write_files(new, site.files)
        if directory.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old-", dir=parent))
            os.replace(directory, old / "site")
        try:
            os.replace(new, directory)
        except OSError:
            if old is not None:  # put the old site back
                os.replace(old / "site", directory)
            raise
        swapped = True
    except OSError as exc:
        # SPEC §5: output that cannot be written (a full disk) is exit 74
        raise OutputError(f"cannot write the site to {directory}: {_reason(exc)}") from exc
    finally:
        if not swapped:
            shutil.rmtree(new, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _check_target(directory: Path) -> None:
    if not directory.exists():
        if directory.is_symlink():
            raise SiteError(f"{directory} is a broken symbolic link: remove it or pick another")
        if not directory.parent.is_dir():
            raise SiteError(f"{directory.parent} is not a folder: create it first")
        return
    if directory.is_symlink() or not directory.is_dir():
        raise SiteError(
            f"{directory} is not a folder eol-check wrote: choose a new or empty folder"
        )
    try:
        entries = {entry.name for entry in os.scandir(directory)}
    except OSError as exc:
        raise SiteError(f"cannot read {directory}: {_reason(exc)}") from exc
    if entries and MARK not in entries:
        raise SiteError(
            f"{directory} is not empty and was not written by eol-check catalog publish "
            f"(no {MARK} file): choose a new or empty folder"
        )


def _write_files(root: Path, files: Mapping[str, bytes]) -> None:
    made: set[Path] = {root}
    for name, content in files.items():
        path = root / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(content)


def _upgrade(product: Product, latest: Version, on: datetime.date) -> str:
    """The upgrade path from a line's latest release (SPEC §3.5), as the planner answers it:
    "4.2.3 → 5.1.2 → 6.0.2", "up to date", or why there is none."""
    path = upgrade_path(product, latest, on)
    if path.hops is None:
        return path.reason or "no upgrade path"
    if not path.hops:
        return "up to date"
    return " → ".join(str(v) for v in (latest, *path.hops))


# --- API v0 and v1 ----------------------------------------------------------------------------


def _api_v0(files: dict[str, bytes], product: Product, product_cycles: list[Cycle]) -> None:
    files[f"api/{product.id}.json"] = _json(api_v0_product(product_cycles))
    for cycle in product_cycles:
        files[f"api/{product.id}/{cycle.release_cycle}.json"] = _json(api_v0_cycle(cycle))


def _api_v1_product(
    files: dict[str, bytes],
    product: Product,
    product_cycles: list[Cycle],
    on: datetime.date,
    base: str,
    stamp: str,
) -> dict[str, Any]:
    """Write a product's API v1 endpoints; return its `ProductDetails` for the lists."""
    root = f"api/v1/products/{product.id}"
    details = api_v1_product(product, product_cycles, on, base)
    files[f"{root}/index.json"] = _v1({"last_modified": stamp, "result": details}, stamp)
    for cycle, release in zip(product_cycles, details["releases"], strict=True):
        files[f"{root}/releases/{cycle.release_cycle}/index.json"] = _v1({"result": release}, stamp)
    if product_cycles:
        latest = details["releases"][0]
        files[f"{root}/releases/latest/index.json"] = _v1({"result": latest}, stamp)
    return details


def _api_v1_lists(
    files: dict[str, bytes],
    summaries: list[dict[str, Any]],
    details: list[dict[str, Any]],
    base: str,
    stamp: str,
) -> None:
    index = api_v1_index(base)
    files["api/v1/index.json"] = _v1({"total": len(index), "result": index}, stamp)
    files["api/v1/products/index.json"] = _v1({"total": len(summaries), "result": summaries}, stamp)
    files["api/v1/products/full/index.json"] = _v1(
        {"total": len(details), "result": details}, stamp
    )
    for kind in ("categories", "tags"):  # every product has the one category, also its tag
        listed = [{"name": CATEGORY, "uri": f"{base}/api/v1/{kind}/{CATEGORY}/"}]
        files[f"api/v1/{kind}/index.json"] = _v1({"total": 1, "result": listed}, stamp)
        files[f"api/v1/{kind}/{CATEGORY}/index.json"] = _v1(
            {"total": len(summaries), "result": summaries}, stamp
        )


def _v1(data: dict[str, Any], stamp: str) -> bytes:
    return _json({"schema_version": API_V1_SCHEMA, "generated_at": stamp, **data})


# --- calendars --------------------------------------------------------------------------------


def _events(
    product: Product, statuses: list[LineStatus], policy: Policy, base: str
) -> list[_ics.Event]:
    """Three all-day events per line with a decided End of Life (§2, §7).

    A UID names the product, the line, the event and the host of the base URL, so the same
    event keeps its UID from one publication to the next.
    """
    events = []
    page = f"{base}/{product.id}.html" if base else None
    host = urlsplit(base).hostname or "eol-check"
    tail, window = policy.support_tail_months, policy.upgrade_window_months
    for ls in statuses:
        if ls.eol is None or ls.support_until is None or ls.upgrade_until is None:
            continue
        name = f"{product.name} {ls.line}"
        for kind, day, summary, description in (
            (
                "eol",
                ls.eol,
                "End of Life",
                f"{name} reaches End of Life; support continues until {ls.support_until} (§7) "
                f"and customers have until {ls.upgrade_until} to upgrade (§2).",
            ),
            (
                "support-until",
                ls.support_until,
                "last day of support",
                f"The last day {name} is supported (§7: {tail} months after End of Life on "
                f"{ls.eol}).",
            ),
            (
                "upgrade-until",
                ls.upgrade_until,
                "last day to upgrade",
                f"The last day to upgrade from {name} (§2: {window} months after End of Life on "
                f"{ls.eol}); from the next day it is unsupported.",
            ),
        ):
            events.append(
                _ics.Event(
                    uid=f"{product.id}-{ls.line}-{kind}@{host}",
                    day=day,
                    summary=f"{name}: {summary}",
                    description=description,
                    url=page,
                )
            )
    return events


def _json(data: Any) -> bytes:
    """Compact JSON, as endoflife.date serves it (and the fast encoder: no indent)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
