"""`validate_catalog(...)`: load errors, numbering and EOL of the newest line, as Findings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import MappingProxyType

from eol_check.catalog import Catalog, Product, Release
from eol_check.errors import CatalogError
from eol_check.findings import Finding, Level
from eol_check.validation import validate_catalog
from eol_check.version import parse_strict

ON = date(2026, 11, 21)


def product(eol: dict[str, str] | None = None, **releases: str) -> Product:
    return Product(
        id="demo",
        name="Demo",
        aliases=(),
        releases=tuple(
            Release(parse_strict(v.lstrip("v").replace("_", ".")), date.fromisoformat(d))
            for v, d in releases.items()
        ),
        eol=MappingProxyType({k: date.fromisoformat(v) for k, v in (eol or {}).items()}),
        upgrade_from=MappingProxyType({}),
    )


def test_a_sound_catalog_is_valid() -> None:
    answer = validate_catalog(Catalog((product(v1_0_0="2025-01-01", v1_1_0="2025-06-01"),)), ON)
    assert (answer.valid, answer.errors, answer.warnings, answer.findings) == (True, 0, 0, ())
    kinds = [kind for _, kind in answer.histories[0].releases]
    assert kinds == ["initial", "minor"]


def test_numbering_problems_are_warnings_dated_by_their_release() -> None:
    answer = validate_catalog(Catalog((product(v1_0_0="2025-01-01", v1_0_2="2025-06-01"),)), ON)
    assert answer.findings == (
        Finding(
            Level.WARNING,
            "gap",
            "1.0.2 skips maintenance 1.0.1 (line 1.0 was at 1.0.0)",
            product="demo",
            version="1.0.2",
            date=date(2025, 6, 1),
        ),
    )
    assert answer.valid
    assert not validate_catalog(answer.catalog or Catalog(()), ON, strict=True).valid


def test_an_end_of_life_newest_line_is_a_warning() -> None:
    demo = product({"1.1": "2026-01-01"}, v1_0_0="2025-01-01", v1_1_0="2025-06-01")
    (finding,) = validate_catalog(Catalog((demo,)), ON).findings
    assert (finding.level, finding.code, finding.product) == (
        Level.WARNING,
        "eol-current-line",
        "demo",
    )
    assert 'eol."1.1"' in finding.message


def test_a_catalog_that_does_not_load_is_the_answer(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("id = 1\n", encoding="utf-8")
    answer = validate_catalog(bad, ON)
    assert answer.catalog is None
    assert not answer.valid
    (finding,) = answer.findings
    assert (finding.level, finding.code) == (Level.ERROR, "invalid-data")
    assert finding.message.startswith(f"{bad}: ")

    def refuse() -> Catalog:
        raise CatalogError("nope")

    assert validate_catalog(refuse, ON).findings[0].message == "nope"


def test_json_form() -> None:
    answer = validate_catalog(Catalog((product(v1_0_0="2025-01-01"),)), ON)
    assert answer.as_json() == {
        "valid": True,
        "date": "2026-11-21",
        "errors": 0,
        "warnings": 0,
        "products": [
            {
                "id": "demo",
                "name": "Demo",
                "source": "",
                "releases": [{"version": "1.0.0", "date": "2025-01-01", "kind": "initial"}],
            }
        ],
        "findings": [],
    }
