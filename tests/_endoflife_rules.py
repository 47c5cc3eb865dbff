"""endoflife.date's product rules, as its site build checks a `products/<id>.md` front matter.

A transcription of the checks of endoflife.date's `_plugins/product-data-validator.rb` that apply
to a product without URLs to fetch (the categories are those of its `_plugins/end-of-life.rb`).
Front matter is YAML: an unquoted YYYY-MM-DD is a date there, so such a string counts as a date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

CATEGORIES = (
    "app",
    "database",
    "device",
    "framework",
    "lang",
    "os",
    "server-app",
    "service",
    "standard",
)
CUSTOM_FIELD_DISPLAY = (
    "none",
    "api-only",
    "after-release-column",
    "before-latest-column",
    "after-latest-column",
)
STANDARD_FIELDS = (
    "releaseCycle",
    "releaseLabel",
    "codename",
    "releaseDate",
    "eoas",
    "eol",
    "eoes",
    "discontinued",
    "latest",
    "latestReleaseDate",
    "link",
    "lts",
    "outOfOrder",
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _as_date(value: object) -> date | None:
    if isinstance(value, str) and _DATE.fullmatch(value):
        return date.fromisoformat(value)
    return None


def endoflife_rule_errors(product: dict[str, Any], today: date) -> list[str]:
    """Every rule `product` breaks, as 'field: problem' lines (empty when it passes)."""
    errors: list[str] = []

    def error(where: str, problem: str) -> None:
        errors.append(f"{where}: {problem}")

    if not isinstance(product.get("title"), str):
        error("title", "expecting a String")
    if product.get("category") not in CATEGORIES:
        error("category", f"expecting one of {', '.join(CATEGORIES)}")
    if not re.fullmatch(r"/[a-z0-9-]+", str(product.get("permalink"))):
        error("permalink", "should match ^/[a-z0-9-]+$")
    for url in product.get("alternate_urls", []):
        if not re.fullmatch(r"/[a-z0-9\-_]+", str(url)):
            error("alternate_urls", f"{url!r} should match ^/[a-z0-9-_]+$")
    for column in ("eolColumn", "eoasColumn", "latestColumn", "releaseDateColumn"):
        if column in product and not isinstance(product[column], (bool, str)):
            error(column, "expecting a boolean or a string")
    custom = product.get("customFields", [])
    for field in custom:
        if not isinstance(field.get("name"), str) or not isinstance(field.get("label"), str):
            error("customFields", "name and label must be strings")
        if field.get("display") not in CUSTOM_FIELD_DISPLAY:
            error("customFields", f"display must be one of {', '.join(CUSTOM_FIELD_DISPLAY)}")
        if "description" in field and not isinstance(field["description"], str):
            error("customFields", "description must be a string")
    custom_names = [field.get("name") for field in custom]
    releases = product.get("releases")
    if not isinstance(releases, list):
        return [*errors, "releases: expecting an Array"]
    names = [r.get("releaseCycle") for r in releases]
    if len(set(names)) != len(names):
        error("releases", "duplicate releases")
    previous: date | None = None
    for release in releases:
        cycle = release.get("releaseCycle")
        where = f"releases#{cycle}"
        for key in release:
            if key not in STANDARD_FIELDS and key not in custom_names:
                error(where, f"undeclared field {key}")
        for name in custom_names:
            value = release.get(name)
            if value is not None and not isinstance(value, str):
                error(where, f"custom field {name} must be a String or a Date, got {value!r}")
        if not re.fullmatch(r"[a-z0-9.\-+_]+", str(cycle)):
            error(where, "releaseCycle should match ^[a-z0-9.-+_]+$")
        released = _as_date(release.get("releaseDate"))
        if released is None:
            error(where, "releaseDate: expecting a date")
        elif released > today + timedelta(days=7):
            error(where, "releaseDate: expecting a value in the next 7 days")
        if not release.get("outOfOrder") and released is not None:
            if previous is not None and previous < released:
                error(where, "releases must be ordered by release date, newest first")
            previous = released
        checked = ["eol"] + (["eoas"] if product.get("eoasColumn") else [])
        for key in checked + (["lts"] if "lts" in release else []):
            value = release.get(key)
            if not isinstance(value, bool) and _as_date(value) is None:
                error(where, f"{key}: expecting a boolean or a date, got {value!r}")
        if product.get("latestColumn", True):
            if not isinstance(release.get("latest"), str):
                error(where, "latest: expecting a String")
            if "latestReleaseDate" in release:
                latest = _as_date(release["latestReleaseDate"])
                if latest is None:
                    error(where, "latestReleaseDate: expecting a date")
                elif latest > today + timedelta(days=7):
                    error(where, "latestReleaseDate: expecting a value in the next 7 days")
        pairs = [("releaseDate", "eol")]
        if product.get("eoasColumn"):
            pairs += [("releaseDate", "eoas"), ("eoas", "eol")]
        for first, second in pairs:
            a, b = _as_date(release.get(first)), _as_date(release.get(second))
            if a is not None and b is not None and a > b:
                error(where, f"{first} ({a}) must not be after {second} ({b})")
    return errors
