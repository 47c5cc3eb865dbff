"""The published catalog bundle: every product and the policy as one JSON document (SPEC §7).

    {"schema": 1, "generated_at": "2026-11-21T12:00:00+00:00",
     "products": [{"id": "oas", "name": ..., "aliases": [...], "product_eol": null,
                   "releases": {"4.0.0": "2021-11-15", ...}, "eol": {"4.0": "2024-03-01", ...},
                   "upgrade_from": {"5.0": ">=4.2"}}, ...],
     "policy": {"source": ..., "lifecycle": {...}, "entitlement": {...},
                "regions": {...}, "severities": {...}}}

Each product and the policy have the shape of their TOML files (SPEC §4), so the TOML loaders
check them and their errors read the same; JSON has no date or time type, so dates are
"YYYY-MM-DD" and times "HH:MM:SS" strings, and values a TOML file leaves out are null.
`bundle_from_catalog` and `catalog_and_policy_from_bundle` round-trip: loading an export gives
records equal to the exported ones in every field but `source`, which says where each was read.
The format is strict: an unknown key is an error, and any change to it raises `schema`.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from pathlib import Path

from ._dates import date_range_problem
from ._files import decode_utf8, read_data_file
from ._record import replace
from ._toml import Section
from .catalog import Catalog, catalog_from_toml
from .errors import CatalogError
from .policy import OPTIONAL_TARGETS, Policy, policy_from_toml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "SCHEMA",
    "bundle_from_catalog",
    "catalog_and_policy_from_bundle",
    "dumps_bundle",
    "load_bundle",
    "loads_bundle",
]

#: The bundle format this eol-check writes and the newest it reads.
SCHEMA = 1

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?", re.ASCII)


# --- writing --------------------------------------------------------------------------------


def bundle_from_catalog(catalog: Catalog, policy: Policy, generated_at: datetime) -> dict[str, Any]:
    """The bundle of `catalog` and `policy` as JSON-ready data; `generated_at` must be aware."""
    if generated_at.tzinfo is None:
        raise ValueError("generated_at needs a time zone")
    return {
        "schema": SCHEMA,
        "generated_at": generated_at.isoformat(),
        "products": [p.as_json() for p in catalog.products],
        "policy": policy.as_json(),
    }


def dumps_bundle(bundle: dict[str, Any]) -> str:
    """The bundle as the JSON text `catalog export` writes (UTF-8, indented, newline-ended)."""
    return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"


# --- reading --------------------------------------------------------------------------------


def load_bundle(path: Path) -> tuple[Catalog, Policy]:
    """The catalog and policy of the bundle file at `path`; any problem raises CatalogError."""

    return loads_bundle(read_data_file(path, CatalogError, "a JSON bundle"), str(path))


def loads_bundle(raw: bytes, source: str) -> tuple[Catalog, Policy]:
    """The catalog and policy of a bundle's JSON text; `source` names it in errors."""
    return catalog_and_policy_from_bundle(_parse_json(raw, source), source)


def catalog_and_policy_from_bundle(obj: object, source: str) -> tuple[Catalog, Policy]:
    """The catalog and policy of already-parsed bundle data, checked as strictly as the TOML
    files (SPEC §4); errors name `source` and the key path, e.g. `products[0].releases`."""
    if not isinstance(obj, dict):
        raise CatalogError(f"{source}: expected a JSON object (a catalog bundle), got {_kind(obj)}")
    doc = Section(obj, source, CatalogError)
    # The schema first: a newer bundle may differ in any other way.
    schema = doc.integer("schema", minimum=1)
    if schema > SCHEMA:
        doc.fail("schema", f"version {schema} is newer than this eol-check understands ({SCHEMA})")
    doc.only("schema", "generated_at", "products", "policy")
    _generated_at(doc)
    products = doc.raw("products")
    if not isinstance(products, list) or not products:
        doc.expected("products", "a non-empty array of products", products)
    documents = []
    for index, item in enumerate(products):
        where = f"products[{index}]"
        if not isinstance(item, dict):
            raise CatalogError(f"{source}: {where}: expected an object, got {_kind(item)}")
        documents.append(_product_doc(Section(item, source, CatalogError, where)))
    catalog = catalog_from_toml(documents, source=source)
    return catalog, policy_from_toml(_policy_doc(doc.table("policy")))


def _parse_json(raw: bytes, source: str) -> object:
    def refuse_constant(name: str) -> object:
        raise ValueError(f"{name} is not a number JSON allows")

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"duplicate key {key!r}")
            result[key] = value
        return result

    text = decode_utf8(raw, source, CatalogError)
    try:
        return json.loads(text, object_pairs_hook=unique, parse_constant=refuse_constant)
    except RecursionError as exc:
        raise CatalogError(f"{source}: not JSON: nested too deeply") from exc
    except ValueError as exc:  # json.JSONDecodeError, and the hooks above
        raise CatalogError(f"{source}: not JSON: {exc}") from exc


def _generated_at(doc: Section) -> datetime:
    value = doc.raw("generated_at")
    what = "an ISO 8601 date-time with an offset, e.g. '2026-11-21T12:00:00+00:00'"
    if not isinstance(value, str):
        doc.expected("generated_at", what, value)
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        doc.expected("generated_at", what, value)
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        doc.expected("generated_at", what, value)
    problem = date_range_problem(stamp)
    if problem is not None:
        doc.fail("generated_at", problem)
    return stamp


def _product_doc(doc: Section) -> Section:
    """The product with its date strings made dates, for `catalog.product_from_toml`."""
    data = dict(doc.data)
    for key in ("releases", "eol"):
        if isinstance(data.get(key), dict):
            table = doc.table(key)
            data[key] = {name: _date(table, name) for name in table.data}
    for key in ("product_eol", "upgrade_from"):  # null: the TOML file leaves the key out
        if key in data and data[key] is None:
            del data[key]
    if "product_eol" in data:
        data["product_eol"] = _date(doc, "product_eol")
    return replace(doc, data=data)


def _policy_doc(doc: Section) -> Section:
    """The policy with its date and time strings made dates and times, for `policy_from_toml`."""
    data = dict(doc.data)
    if isinstance(data.get("regions"), dict):
        regions = doc.table("regions")
        converted: dict[str, Any] = {}
        for key, value in regions.data.items():
            if not isinstance(value, dict):
                regions.expected(key, "an object", value)
            region = regions.table(key)
            item = dict(value)
            for name in ("opens", "closes"):
                if name in item:
                    item[name] = _time(region, name)
            if isinstance(item.get("closed_dates"), list):
                item["closed_dates"] = _dates(region, "closed_dates")
            if "holidays" in item and item["holidays"] is None:
                del item["holidays"]  # null: the region closes on no public holidays
            converted[key] = item
        data["regions"] = converted
    if isinstance(data.get("severities"), dict):
        # null: the TOML file leaves the key out (no target: "best effort")
        data["severities"] = {
            key: (
                {k: v for k, v in value.items() if not (k in OPTIONAL_TARGETS and v is None)}
                if isinstance(value, dict)
                else value
            )
            for key, value in data["severities"].items()
        }
    return replace(doc, data=data)


_DATE_WHAT = 'a date "YYYY-MM-DD"'


def _date(table: Section, key: str) -> date:
    """The "YYYY-MM-DD" string at `key` as a date."""
    value = table.raw(key)
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        table.expected(key, _DATE_WHAT, value)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        table.fail(key, f"{value!r} is not a real calendar date")
    problem = date_range_problem(day)
    if problem is not None:
        table.fail(key, problem)
    return day


def _dates(table: Section, key: str) -> list[date]:
    """The array of "YYYY-MM-DD" strings at `key` as dates."""
    values = table.raw(key)
    result = []
    for value in values:
        try:
            if not isinstance(value, str) or not _DATE.fullmatch(value):
                raise ValueError
            day = date.fromisoformat(value)
            if date_range_problem(day) is not None:
                raise ValueError
            result.append(day)
        except ValueError:
            table.expected(key, 'an array of dates "YYYY-MM-DD"', values)
    return result


def _time(table: Section, key: str) -> time:
    """The "HH:MM:SS" string at `key` as a time of day."""
    value = table.raw(key)
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        table.expected(key, 'a time of day "HH:MM:SS"', value)
    try:
        return time.fromisoformat(value)
    except ValueError:
        table.fail(key, f"{value!r} is not a real time of day")


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    return repr(value) if len(repr(value)) <= 60 else type(value).__name__
