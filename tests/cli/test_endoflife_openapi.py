"""The published API keeps endoflife.date's promise (issue 22, items 15 and 16): every JSON file
of a site built with `--base-url` validates against endoflife.date's own OpenAPI documents, v0
and v1, and the product rules hold for every catalog the loader accepts.

The OpenAPI documents are vendored in tests/data/endoflife/ (see its README for their source);
validation is JSON Schema 2020-12 (OpenAPI 3.1's dialect) by the `jsonschema` package.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from eol_check._data import data_dir

from .._endoflife_rules import endoflife_rule_errors
from ..conftest import RunCli

OPENAPI = Path(__file__).resolve().parent.parent / "data" / "endoflife"
ON = date(2026, 11, 21)
BASE = "https://support.example.com/lifecycle"

#: A product whose lines end on or before their first release (its own End of Life on its
#: release day; its major's before line 2.1 came out), and one with no release by the date.
HOSTILE_PRODUCTS = {
    "early.toml": """
id = "early"
name = "Early End"

[releases]
"1.0.0" = 2024-01-15
"2.0.0" = 2024-06-03
"2.1.0" = 2025-01-10

[eol]
"1.0" = 2024-01-15
"2" = 2024-12-01
""",
    "future.toml": """
id = "future"
name = "Future Product"

[releases]
"1.0.0" = 2027-01-01
"1.1.0" = 2027-06-01
""",
}


def _document(name: str) -> dict[str, Any]:
    """An OpenAPI document (its Jekyll front matter, if any, left out)."""
    text = (OPENAPI / name).read_text(encoding="utf-8")
    documents = [d for d in yaml.safe_load_all(text) if d and "openapi" in d]
    (document,) = documents
    assert isinstance(document, dict)
    return document


V0 = _document("openapi-v0.yml")
V1 = _document("openapi-v1.yml")


def _schema(document: dict[str, Any], path: str) -> Draft202012Validator:
    """The validator of the 200 JSON reply of `path` in `document` (its `$ref`s resolved in
    the document)."""
    reply = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    schema = {"components": document["components"], **reply["schema"]}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


#: The API v1 routes, by the folders of a site file (`*`: a product, release, category or tag).
V1_ROUTES = {
    (): "/",
    ("products",): "/products",
    ("products", "full"): "/products/full",
    ("products", "*"): "/products/{product}",
    ("products", "*", "releases", "latest"): "/products/{product}/releases/latest",
    ("products", "*", "releases", "*"): "/products/{product}/releases/{release}",
    ("categories",): "/categories",
    ("categories", "*"): "/categories/{category}",
    ("tags",): "/tags",
    ("tags", "*"): "/tags/{tag}",
}


def _operation(name: str) -> tuple[dict[str, Any], str]:
    """The OpenAPI document and path that serve the site file `name` (api/…)."""
    parts = name.removeprefix("api/").split("/")
    if parts[0] != "v1":
        if name == "api/all.json":
            return V0, "/api/all.json"
        return V0, "/api/{product}.json" if len(parts) == 1 else "/api/{product}/{cycle}.json"
    assert parts[-1] == "index.json", name
    folders = tuple(parts[1:-1])
    if folders in V1_ROUTES:
        return V1, V1_ROUTES[folders]
    fixed = ("products", "categories", "tags", "releases", "latest")
    return V1, V1_ROUTES[tuple(p if p in fixed else "*" for p in folders)]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded catalog and the hostile products, as one catalog folder."""
    folder = tmp_path_factory.mktemp("catalog")
    for path in (data_dir() / "catalog").glob("*.toml"):
        shutil.copy(path, folder / path.name)
    for name, text in HOSTILE_PRODUCTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_every_published_json_file_validates_against_endoflife_dates_openapi(
    run_cli: RunCli, tmp_path: Path, catalog: Path
) -> None:
    site = tmp_path / "site"
    result = run_cli(
        "catalog",
        "publish",
        str(site),
        "--catalog",
        str(catalog),
        "--base-url",
        BASE,
        "--date",
        ON.isoformat(),
    )
    assert result.code == 0, result.err
    checked: dict[str, int] = {}
    problems = []
    for path in sorted(site.rglob("*.json")):
        name = path.relative_to(site).as_posix()
        if not name.startswith("api/"):
            continue  # catalog.json: eol-check's own bundle
        document, operation = _operation(name)
        validator = _schema(document, operation)
        data = json.loads(path.read_bytes())
        problems += [f"{name}: {e.json_path}: {e.message}" for e in validator.iter_errors(data)]
        checked[operation] = checked.get(operation, 0) + 1
    assert problems == []
    # Every endpoint the site serves was checked, the hostile products' included.
    assert set(checked) == {
        "/api/all.json",
        "/api/{product}.json",
        "/api/{product}/{cycle}.json",
        "/",
        "/products",
        "/products/full",
        "/products/{product}",
        "/products/{product}/releases/latest",
        "/products/{product}/releases/{release}",
        "/categories",
        "/categories/{category}",
        "/tags",
        "/tags/{tag}",
    }


def test_every_v1_product_listed_has_every_endpoint_a_client_follows(
    run_cli: RunCli, tmp_path: Path, catalog: Path
) -> None:
    site = tmp_path / "site"
    assert (
        run_cli(
            "catalog", "publish", str(site), "--catalog", str(catalog), "--date", ON.isoformat()
        ).code
        == 0
    )
    listed = json.loads((site / "api/v1/products/index.json").read_bytes())["result"]
    names = [p["name"] for p in listed]
    assert "future" not in names  # no release by the date: not in API v1
    assert "early" in names
    for name in names:
        root = site / "api/v1/products" / name
        assert (root / "index.json").is_file()
        assert (root / "releases/latest/index.json").is_file(), name
        for release in json.loads((root / "index.json").read_bytes())["result"]["releases"]:
            assert (root / "releases" / release["name"] / "index.json").is_file()
    assert not (site / "api/v1/products/future").exists()


def test_the_endoflife_export_passes_the_product_rules_for_lines_ended_before_release(
    run_cli: RunCli, catalog: Path
) -> None:
    result = run_cli(
        "catalog",
        "export",
        "--format",
        "endoflife",
        "--catalog",
        str(catalog / "early.toml"),
        "--date",
        ON.isoformat(),
    )
    assert result.code == 0, result.err
    product = json.loads(result.out)["early"]
    assert endoflife_rule_errors(product, ON) == []
    by_cycle = {r["releaseCycle"]: r for r in product["releases"]}
    assert (by_cycle["1.0"]["releaseDate"], by_cycle["1.0"]["eoas"]) == ("2024-01-15", "2024-01-15")
    assert by_cycle["2.1"]["releaseDate"] == "2025-01-10"
    assert by_cycle["2.1"]["eoas"] == "2025-01-10"
    assert by_cycle["2.1"]["eol"] >= "2025-01-10"


def test_validate_warns_about_lines_ended_before_their_first_release(
    run_cli: RunCli, catalog: Path
) -> None:
    result = run_cli("catalog", "validate", str(catalog / "early.toml"), "--date", ON.isoformat())
    warnings = [line for line in result.out.splitlines() if "eol-before-release" in line]
    assert warnings == [
        "warning eol-before-release early: line 2.1 is End of Life on 2024-12-01 (its major's "
        "End of Life), on or before its first release on 2025-01-10: it was never supported; "
        "the endoflife.date export and API show its support ending on its release date",
        "warning eol-before-release early: line 1.0 is End of Life on 2024-01-15 (its own End "
        "of Life), on or before its first release on 2024-01-15: it was never supported; the "
        "endoflife.date export and API show its support ending on its release date",
    ]
    assert result.code == 0
