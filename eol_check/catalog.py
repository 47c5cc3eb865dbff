"""The vendor's release catalog: products, their GA releases and End of Life dates (SPEC §4.1).

`load_catalog(path)` reads one product TOML file, or every `*.toml` of a folder, into a frozen
`Catalog`. Every error is a `CatalogError` naming the file, the key path and what was expected:

    data/catalog/oas.toml: eol."4.0": expected a date (YYYY-MM-DD, unquoted), got 'soon'

Decisions where SPEC §4.1 is silent (docs/catalog.md):
- `[releases]` lists generally available releases only (§1.4): a pre-release key is an error, and
  so is build metadata (it does not identify a release). Release keys are strict SemVer.
- EOL keys and `upgrade_from` keys must name a line (or major) that has a release in the catalog,
  and an EOL date may not fall before that line's (major's, product's) first release.
- Ids, names and aliases are compared case-insensitively and must not name two products.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from types import MappingProxyType

from ._data import data_path
from ._names import closest, fold
from ._record import Record, field
from ._specifiers import plain_clauses
from ._toml import Section, describe, load_toml
from .errors import CatalogError, UnknownName
from .version import MAX_VERSION_LENGTH, Version, parse_strict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from packaging.specifiers import SpecifierSet

__all__ = [
    "Catalog",
    "EolSource",
    "Line",
    "Product",
    "Release",
    "load_catalog",
]

_KEYS = ("id", "name", "aliases", "product_eol", "releases", "eol", "upgrade_from")
_ID_FIRST = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ID_CHARS = _ID_FIRST | {"_", "-"}
#: The longest product id: an id names files and folders of the published site (`<id>.html`,
#: `api/v1/products/<id>/`), and a file name has at most 255 bytes.
MAX_ID_LENGTH = 64
#: Ids that name a file or folder of the published site or its API already (`index.html`,
#: `api/all.json`, `api/v1/`, `api/v1/products/full/`, `calendar/all.ics`, `catalog.json`): a
#: product with one of them would overwrite it, or hide it from endoflife.date's clients.
RESERVED_IDS = frozenset({"all", "api", "calendar", "catalog", "full", "index", "v1"})


class EolSource(str, enum.Enum):
    """Whose End of Life date is a line's effective one (SPEC §3.1: the earliest of the three)."""

    LINE = "line"  # eol."4.2"
    MAJOR = "major"  # eol."4": the whole major version
    PRODUCT = "product"  # product_eol: the whole product

    def __str__(self) -> str:
        return self.value


class Release(Record):
    """A generally available release (§1.4) and the date it was (or will be) published."""

    version: Version
    date: date


class Line(Record):
    """A Version line `MAJOR.MINOR` of a product, with its effective End of Life (SPEC §3.1)."""

    line: str
    major: int
    minor: int
    releases: tuple[Release, ...]  # sorted by version, oldest first
    first_release: date  # the earliest release date of the line
    eol: date | None  # the earliest of the line's, its major's and the product's EOL
    eol_source: EolSource | None  # which of them

    @property
    def sort_key(self) -> tuple[int, int]:
        """Lines order by major, then minor, as integers."""
        return (self.major, self.minor)

    def latest(self, on: date) -> Release | None:
        """The newest release of this line published on or before `on` (None if none yet)."""
        for release in reversed(self.releases):
            if release.date <= on:
                return release
        return None

    def released(self, on: date) -> date | None:
        """The line's first GA date if it is on or before `on`, else None (not released yet)."""
        return self.first_release if self.first_release <= on else None


class Product(Record):
    """A product of the catalog (SPEC §4.1): its releases and End of Life dates.

    `eol` keys are lines ("4.0") or majors ("4"); `upgrade_from` keys are lines. `lines` is derived
    (newest first) when the record is built, so lifecycle questions need no sorting.
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    releases: tuple[Release, ...]  # sorted by version
    eol: Mapping[str, date]
    upgrade_from: Mapping[str, SpecifierSet]
    product_eol: date | None = None
    source: str = ""
    lines: tuple[Line, ...] = field(init=False)
    _by_version: Mapping[Version, Release] = field(init=False)
    _by_line: Mapping[str, Line] = field(init=False)

    def __post_init__(self) -> None:
        releases = tuple(sorted(self.releases, key=lambda r: r.version.sort_key))
        object.__setattr__(self, "releases", releases)
        object.__setattr__(self, "_by_version", {r.version: r for r in releases})
        grouped: dict[tuple[int, int], list[Release]] = {}
        for release in releases:
            grouped.setdefault((release.version.major, release.version.minor), []).append(release)
        lines = [self._line(major, minor, tuple(rs)) for (major, minor), rs in grouped.items()]
        lines.sort(key=lambda line: line.sort_key, reverse=True)
        object.__setattr__(self, "lines", tuple(lines))
        object.__setattr__(self, "_by_line", {line.line: line for line in lines})

    def _line(self, major: int, minor: int, releases: tuple[Release, ...]) -> Line:
        # SPEC §3.1: the effective EOL is the earliest of the line's, the major's and the
        # product's; on a tie the most specific one is named.
        candidates = [
            (when, source)
            for when, source in (
                (self.eol.get(f"{major}.{minor}"), EolSource.LINE),
                (self.eol.get(str(major)), EolSource.MAJOR),
                (self.product_eol, EolSource.PRODUCT),
            )
            if when is not None
        ]
        eol, source = min(candidates, key=lambda c: c[0]) if candidates else (None, None)
        return Line(
            line=f"{major}.{minor}",
            major=major,
            minor=minor,
            releases=releases,
            first_release=min(r.date for r in releases),
            eol=eol,
            eol_source=source,
        )

    def __hash__(self) -> int:
        return hash((self.id, self.source))

    def as_json(self) -> dict[str, Any]:
        """The product in the shape of its TOML file, as JSON data (SPEC §7: a bundle's product);
        dates are "YYYY-MM-DD" text and `upgrade_from` is written as the catalog wrote it."""
        specs = self.upgrade_from
        if isinstance(specs, Specifiers):  # without importing packaging
            upgrade_from = dict(specs.texts)
        else:
            upgrade_from = {key: str(spec) for key, spec in specs.items()}
        values: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "product_eol": self.product_eol.isoformat() if self.product_eol else None,
            "releases": {str(r.version): r.date.isoformat() for r in self.releases},
            "eol": {key: when.isoformat() for key, when in self.eol.items()},
            "upgrade_from": upgrade_from,
        }
        return {key: values[key] for key in _KEYS}

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the product answers to: its id, name and aliases."""
        return (self.id, self.name, *self.aliases)

    def release(self, version: Version) -> Release | None:
        """The catalog's release of `version` (build metadata ignored), or None."""
        return self._by_version.get(version)

    def line(self, line: str) -> Line | None:
        """The line `MAJOR.MINOR`, or None if the catalog has no release of it."""
        return self._by_line.get(line)


class Catalog(Record):
    """The products of a catalog, in the order their files were read."""

    products: tuple[Product, ...]
    source: str = ""
    _index: Mapping[str, Product] = field(init=False)

    def __post_init__(self) -> None:
        index: dict[str, Product] = {}
        for product in self.products:
            for name in product.names:
                index.setdefault(fold(name), product)
        object.__setattr__(self, "_index", index)

    def product(self, name: str) -> Product:
        """The product `name` names by id, name or alias, case-insensitively (SPEC §5)."""
        found = self._index.get(fold(name))
        if found is not None:
            return found
        choices = {p.id: p.names for p in self.products}
        ids = tuple(p.id for p in self.products) if len(self.products) <= 20 else ()
        raise UnknownName("product", name, closest(name, choices), ids)


def current_line(product: Product, on: date) -> Line | None:
    """The current line on `on`: the newest line released by then, unless it is End of Life."""
    # Public as eol_check.lifecycle.current_line; defined here, below both `lifecycle` and the
    # planner (`upgrade`), which build on it and would otherwise import each other.
    for line in product.lines:  # newest first
        if line.first_release <= on:
            return line if line.eol is None or on < line.eol else None
    return None


def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog at `path`: a product TOML file, or a folder whose `*.toml` files are read in
    name order; without `path`, the embedded sample catalog. Any problem raises CatalogError
    naming the file and the key."""
    if path is None:
        return _embedded_catalog()
    try:
        if path.is_dir():
            files = sorted(p for p in path.glob("*.toml") if p.is_file())
            if not files:
                raise CatalogError(f"{path}: no catalog files (*.toml) in this folder")
        elif path.exists():
            files = [path]
        else:
            raise CatalogError(f"{path}: no such file or folder")
    except OSError as exc:  # a name too long, a folder that cannot be listed …
        raise CatalogError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    return _catalog_from_files([str(f) for f in files], source=str(path))


def _embedded_catalog() -> Catalog:
    """The embedded `data/catalog/*.toml`, listed with `os` (no pathlib: see `_data`)."""
    folder = data_path("catalog")
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".toml"))
    except OSError as exc:
        raise CatalogError(f"{folder}: cannot be read: {exc.strerror or exc}") from exc
    files = [os.path.join(folder, n) for n in names]
    files = [f for f in files if os.path.isfile(f)]
    if not files:
        raise CatalogError(f"{folder}: no catalog files (*.toml) in this folder")
    return _catalog_from_files(files, source=folder)


def _catalog_from_files(files: list[str], source: str) -> Catalog:
    documents = [Section(load_toml(f, CatalogError), f, CatalogError) for f in files]
    return catalog_from_toml(documents, source=source)


def catalog_from_toml(documents: Iterable[Section], source: str = "") -> Catalog:
    """The catalog of already-read product documents; ids, names and aliases must be unique."""
    products: list[Product] = []
    owners: dict[str, tuple[Product, str]] = {}  # folded name → product and which name it is
    for doc in documents:
        product = product_from_toml(doc)
        for key, names in (
            ("id", [product.id]),
            ("name", [product.name]),
            ("aliases", product.aliases),
        ):
            for name in names:
                owner = owners.get(fold(name))
                if owner is not None and owner[0] is not product:
                    other, what = owner
                    doc.fail(
                        key,
                        f"{name!r} already names product {other.id!r} "
                        f"(its {what}, in {other.source})",
                    )
                what = "alias" if key == "aliases" else key
                owners.setdefault(fold(name), (product, what))
        products.append(product)
    return Catalog(tuple(products), source)


def product_from_toml(doc: Section) -> Product:
    """The product in one catalog document (SPEC §4.1)."""
    doc.only(*_KEYS)
    product_id = doc.text("id")
    if not (product_id and product_id[0] in _ID_FIRST and _ID_CHARS.issuperset(product_id)):
        doc.expected("id", "lowercase ASCII letters, digits, '-' or '_' (e.g. 'oas')", product_id)
    if len(product_id) > MAX_ID_LENGTH:
        doc.fail("id", f"expected at most {MAX_ID_LENGTH} characters, got {len(product_id)}")
    if product_id in RESERVED_IDS:
        reserved = ", ".join(sorted(RESERVED_IDS))
        doc.fail(
            "id",
            f"{product_id!r} is reserved: it names a file or folder of the published site and "
            f"its API (reserved: {reserved})",
        )
    name = doc.text("name").strip()
    aliases = doc.texts("aliases", default=())
    for alias in aliases:
        if not alias.strip():
            doc.expected("aliases", "an array of non-empty texts", list(aliases))
    releases = _releases(doc.table("releases"))
    product_eol = doc.get_date("product_eol") if "product_eol" in doc else None
    first = min(releases, key=lambda r: (r.date, r.version.sort_key))
    if product_eol is not None and product_eol < first.date:
        doc.fail("product_eol", _before(product_eol, "product", first))
    return Product(
        id=product_id,
        name=name,
        aliases=tuple(a.strip() for a in aliases),
        releases=releases,
        eol=_eol(doc.table("eol"), releases) if "eol" in doc else MappingProxyType({}),
        upgrade_from=(
            _upgrade_from(doc.table("upgrade_from"), releases)
            if "upgrade_from" in doc
            else MappingProxyType({})
        ),
        product_eol=product_eol,
        source=doc.source,
    )


def _releases(table: Section) -> tuple[Release, ...]:
    keys = table.keys()
    if not keys:
        table.fail(None, 'expected at least one release, e.g. "1.0.0" = 2024-01-15')
    return tuple(Release(_ga_version(table, key), table.get_date(key)) for key in keys)


def _ga_version(table: Section, key: str) -> Version:
    # The common case without semver (it costs ~15 ms of start-up); anything else goes through
    # the strict parser for its message.
    numbers = _numbers(key, 3)
    if numbers is not None:
        major, minor, maintenance = numbers
        return Version(major, minor, maintenance)
    try:
        version = parse_strict(key)
    except ValueError:
        table.fail(
            key,
            'not a strict version: expected MAJOR.MINOR.MAINTENANCE (SemVer 2.0.0), e.g. "4.2.0"',
        )
    if version.is_prerelease:  # §1.4: a Version is a generally available release
        raise table.failure(key, "a pre-release is not generally available: list GA releases only")
    raise table.failure(key, f'build metadata does not identify a release: write "{version.core}"')


def _eol(table: Section, releases: tuple[Release, ...]) -> Mapping[str, date]:
    result: dict[str, date] = {}
    keys = table.keys()
    for key in keys:
        when = table.get_date(key)
        if _numbers(key, 2) is not None:
            in_scope = [r for r in releases if r.version.line == key]
            scope = "line"
        elif _numbers(key, 1) is not None:
            in_scope = [r for r in releases if str(r.version.major) == key]
            scope = "major"
        else:
            table.fail(key, 'expected a line "MAJOR.MINOR" or a major "MAJOR", e.g. "4.2" or "4"')
        if not in_scope:
            table.fail(key, f"no release of {scope} {key} in [releases]")
        first = min(in_scope, key=lambda r: (r.date, r.version.sort_key))
        if when < first.date:
            table.fail(key, _before(when, scope, first))
        result[key] = when
    return MappingProxyType(result)


def _upgrade_from(table: Section, releases: tuple[Release, ...]) -> Mapping[str, SpecifierSet]:
    lines = {r.version.line for r in releases}
    texts: dict[str, str] = {}
    keys = table.keys()
    for key in keys:
        if _numbers(key, 2) is None:
            table.fail(key, 'expected a line "MAJOR.MINOR", e.g. "5.0"')
        if key not in lines:
            table.fail(key, f"no release of line {key} in [releases]")
        value = table.raw(key)
        what = 'a version specifier like ">=4.2" or ">=4.2, <5"'
        if not isinstance(value, str) or not value.strip():
            table.expected(key, what, value)
        if _longest_number(value) > MAX_VERSION_LENGTH:  # no version has such a number
            table.expected(
                key, f"{what} whose numbers have at most {MAX_VERSION_LENGTH} digits", value
            )
        if plain_clauses(value) is None:  # anything else is packaging's to judge
            from packaging.specifiers import InvalidSpecifier, SpecifierSet

            try:
                SpecifierSet(value)
            except InvalidSpecifier as exc:
                raise table.failure(key, f"expected {what}, got {describe(value)}") from exc
        texts[key] = value
    return Specifiers(texts)


def _numbers(key: str, count: int) -> tuple[int, ...] | None:
    """`key` as `count` numbers joined by dots, in ASCII digits without leading zeros, else None
    (SemVer 2.0.0's numeric parts)."""
    parts = key.split(".")
    if len(parts) != count or len(key) > MAX_VERSION_LENGTH:
        return None
    for part in parts:
        if not (part.isascii() and part.isdigit()) or (part[0] == "0" and part != "0"):
            return None
    return tuple(int(part) for part in parts)


def _longest_number(text: str) -> int:
    """The length of the longest run of ASCII digits in `text`."""
    longest = run = 0
    for char in text:
        run = run + 1 if "0" <= char <= "9" else 0
        longest = max(longest, run)
    return longest


class Specifiers(Mapping[str, "SpecifierSet"]):
    """`upgrade_from`: line → `packaging.specifiers.SpecifierSet`, each built on first use.

    The loader has already checked every text; building waits until a caller (preflight) needs
    a specifier, so that commands which never do skip importing packaging.
    """

    # Not a Record: a Mapping that builds its values on first use (a cache).

    __slots__ = ("_built", "texts")

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts: Mapping[str, str] = MappingProxyType(dict(texts))  # line → specifier text
        self._built: dict[str, SpecifierSet] = {}

    def __getitem__(self, line: str) -> SpecifierSet:
        built = self._built.get(line)
        if built is None:
            from packaging.specifiers import SpecifierSet

            built = self._built[line] = SpecifierSet(self.texts[line])
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)

    def __repr__(self) -> str:
        return f"Specifiers({dict(self.texts)!r})"


def _before(when: date, scope: str, first: Release) -> str:
    return (
        f"{when.isoformat()} is before the {scope}'s first release "
        f"({first.version} on {first.date.isoformat()})"
    )
