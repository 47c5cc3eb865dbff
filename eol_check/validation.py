"""Is a catalog sound? (`catalog validate`, SPEC §4.1, §2.2, §3.2)

`validate_catalog(source, on)` loads the catalog when given a path, and reports every problem as
a `Finding`: the loader's error (`invalid-data`: the data itself is the answer, not a failure to
answer), each product's release numbering (SPEC §2.2) and an End of Life that leaves no current
line (SPEC §3.2). Numbering findings are warnings here: the data is valid even where the vendor's
numbering was not, so an error of the numbering rules says so in its message instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from ._record import Record
from .bundle import load_bundle
from .catalog import Catalog, EolSource, Product, Release, load_catalog
from .errors import CatalogError
from .findings import Finding, Level
from .numbering import check_numbering

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["CatalogValidation", "ProductHistory", "validate_catalog"]


class ProductHistory(Record):
    """A product's releases in the order they were published, each with its kind (SPEC §2.2)."""

    product: Product
    releases: tuple[tuple[Release, str | None], ...]  # (release, its kind; None if not numbered)

    def as_json(self) -> dict[str, Any]:
        """The history's JSON form (docs/catalog.md)."""
        product = self.product
        return {
            "id": product.id,
            "name": product.name,
            "source": product.source,
            "releases": [
                {"version": str(r.version), "date": r.date.isoformat(), "kind": kind}
                for r, kind in self.releases
            ],
        }


class CatalogValidation(Record):
    """What `validate_catalog` found: the catalog (None when it did not load) and the findings."""

    catalog: Catalog | None
    date: datetime.date
    histories: tuple[ProductHistory, ...]
    findings: tuple[Finding, ...]
    strict: bool = False  # warnings fail too

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return len(self.findings) - self.errors

    @property
    def valid(self) -> bool:
        """True when no finding is an error (nor, with `strict`, a warning)."""
        return self.errors == 0 and not (self.strict and self.warnings)

    def as_json(self) -> dict[str, Any]:
        """The validation's JSON form (docs/catalog.md)."""
        return {
            "valid": self.valid,
            "date": self.date.isoformat(),
            "errors": self.errors,
            "warnings": self.warnings,
            "products": [h.as_json() for h in self.histories],
            "findings": [f.as_json() for f in self.findings],
        }


def _load(path: Path) -> Catalog:
    """The catalog at `path`: a TOML file, a folder of them, or a published `.json` bundle."""
    if path.name.lower().endswith(".json"):
        return load_bundle(path)[0]

    return load_catalog(path)


def validate_catalog(
    source: Catalog | Path | Callable[[], Catalog],
    on: datetime.date,
    *,
    strict: bool = False,
) -> CatalogValidation:
    """Check a catalog (or load it from a path, or with a loader, first) on `on`."""
    findings: list[Finding] = []
    histories: list[ProductHistory] = []
    try:
        if isinstance(source, Path):
            catalog: Catalog | None = _load(source)
        elif isinstance(source, Catalog):
            catalog = source
        else:
            catalog = source()
    except CatalogError as exc:  # the data itself is the answer here
        catalog = None
        findings.append(Finding(Level.ERROR, "invalid-data", str(exc)))
    if catalog is not None:
        for product in catalog.products:
            history, numbering = _history(product)
            histories.append(history)
            findings.extend(numbering)
            findings.extend(_eol_current_line(product, on))
            findings.extend(_eol_before_release(product))
    return CatalogValidation(catalog, on, tuple(histories), tuple(findings), strict)


def _history(product: Product) -> tuple[ProductHistory, list[Finding]]:
    """The product's releases in the order they were published (SPEC §2.2: by date, same-day
    releases by version), and the numbering findings, as warnings."""
    ordered = sorted(product.releases, key=lambda r: (r.date, r.version.sort_key))
    result = check_numbering(r.version for r in ordered)
    kinds = {numbered.index: numbered.kind.value for numbered in result.releases}
    history = ProductHistory(product, tuple((r, kinds.get(i)) for i, r in enumerate(ordered)))
    findings = [
        Finding(
            Level.WARNING,
            f.code,
            f.message + (" (an error under the numbering rules, SPEC §2.2)" if f.is_error else ""),
            product=product.id,
            version=f.version,
            date=ordered[f.index].date if f.index is not None else None,
        )
        for f in result.findings
    ]
    return history, findings


def _eol_before_release(product: Product) -> list[Finding]:
    """A warning for each line whose End of Life (its own, its major's or the product's) is on
    or before its first release: it was never supported, and endoflife.date's rules cannot say
    so (its export shows support ending on the release date: eol_check.endoflife)."""
    whose = {
        EolSource.LINE: "its own",
        EolSource.MAJOR: "its major's",
        EolSource.PRODUCT: "the product's",
    }
    return [
        Finding(
            Level.WARNING,
            "eol-before-release",
            f"line {line.line} is End of Life on {line.eol.isoformat()} ({whose[line.eol_source]}"
            f" End of Life), on or before its first release on {line.first_release.isoformat()}:"
            " it was never supported; the endoflife.date export and API show its support ending"
            " on its release date",
            product=product.id,
        )
        for line in product.lines
        if line.eol is not None and line.eol_source is not None and line.eol <= line.first_release
    ]


def _eol_current_line(product: Product, on: datetime.date) -> list[Finding]:
    """A warning when the newest line is End of Life by its own or its major's EOL, so that no
    line is current (SPEC §3.2); the product's own End of Life is not a data problem."""
    released = [line for line in product.lines if line.first_release <= on]
    if not released:
        return []
    newest = released[0]
    if newest.eol is None or on < newest.eol or newest.eol_source is EolSource.PRODUCT:
        return []
    key = newest.line if newest.eol_source is EolSource.LINE else str(newest.major)
    return [
        Finding(
            Level.WARNING,
            "eol-current-line",
            f"line {newest.line} is the newest line but End of Life since "
            f'{newest.eol.isoformat()} (eol."{key}"): no line is current on '
            f"{on.isoformat()}, so there is nothing to upgrade to",
            product=product.id,
        )
    ]
