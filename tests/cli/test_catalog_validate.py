"""`eol-check catalog validate [PATH]`: loader errors, numbering by date, EOL of the newest line."""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import RunCli

TODAY = "2026-11-21"


def test_embedded_catalog_validates_without_errors(run_cli: RunCli) -> None:
    r = run_cli("catalog", "validate", "--date", TODAY, "--format", "json")
    assert (r.code, r.err) == (0, "")
    answer = json.loads(r.out)
    assert answer["valid"] is True
    assert answer["errors"] == 0
    assert [f for f in answer["findings"] if f["level"] == "error"] == []
    assert [p["id"] for p in answer["products"]] == ["agent", "console", "oas"]


def test_embedded_catalog_text(run_cli: RunCli) -> None:
    r = run_cli("catalog", "validate", "--date", TODAY)
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0] == "catalog (embedded): 3 products, 43 releases"
    assert lines[1:4] == [
        "  agent: 7 releases in 3 lines, 1.0.0 (2021-03-01) to 1.2.2 (2025-07-07)",
        "  console: 10 releases in 4 lines, 2.0.0 (2022-02-14) to 3.1.1 (2026-05-04)",
        "  oas: 26 releases in 9 lines, 3.0.0 (2020-02-03) to 6.1.0 (2027-01-18)",
    ]
    assert lines[-1].startswith("valid: 0 errors, ")


def test_embedded_catalog_findings(run_cli: RunCli) -> None:
    r = run_cli("catalog", "validate", "--date", TODAY, "--format", "json")
    # The policy's own example skips minor 4.1 (§1.6: 4.0.0 → 4.2.0): a numbering warning.
    assert json.loads(r.out)["findings"] == [
        {
            "level": "warning",
            "code": "gap",
            "product": "oas",
            "version": "4.2.0",
            "date": "2022-09-05",
            "message": "4.2.0 skips minor 4.1 (major 4 was at line 4.0)",
        }
    ]
    r = run_cli("catalog", "validate", "--date", TODAY)
    assert "\nwarning gap oas 4.2.0: 4.2.0 skips minor 4.1 (major 4 was at line 4.0)\n" in r.out
    assert r.out.endswith("\nvalid: 0 errors, 1 warning\n")


def test_history_is_ordered_by_date_with_kinds(run_cli: RunCli) -> None:
    r = run_cli("catalog", "validate", "--date", TODAY, "--format", "json")
    oas = next(p for p in json.loads(r.out)["products"] if p["id"] == "oas")
    dates = [release["date"] for release in oas["releases"]]
    assert dates == sorted(dates)
    kinds = {release["version"]: release["kind"] for release in oas["releases"]}
    order = list(kinds)
    assert order.index("4.2.3") > order.index("4.3.0")  # a back-port, published later
    assert (kinds["3.0.0"], kinds["4.0.0"], kinds["4.2.0"], kinds["4.2.3"]) == (
        "initial",
        "major",
        "minor",
        "maintenance",
    )


def test_numbering_errors_are_warnings_of_the_catalog(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(  # 4.1.0 dated after 4.2.0: out of order by the numbering rules
        'id = "p"\nname = "P"\n[releases]\n"4.0.0" = 2024-01-08\n"4.2.0" = 2024-06-03\n'
        '"4.1.0" = 2024-09-02\n"4.2.2" = 2024-10-07\n'
    )
    r = run_cli("catalog", "validate", str(path), "--date", TODAY, "--format", "json")
    assert r.code == 0
    findings = json.loads(r.out)["findings"]
    assert [(f["level"], f["code"], f["version"], f["date"]) for f in findings] == [
        ("warning", "gap", "4.2.0", "2024-06-03"),
        ("warning", "out-of-order", "4.1.0", "2024-09-02"),
        ("warning", "gap", "4.2.2", "2024-10-07"),
    ]
    assert findings[1]["message"].endswith(" (an error under the numbering rules, SPEC §2.2)")
    r = run_cli("catalog", "validate", str(path), "--date", TODAY, "--strict")
    assert (r.code, r.out.splitlines()[-1]) == (1, "invalid: 0 errors, 3 warnings")


def test_validate_takes_the_catalog_option_too(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('id = "p"\nname = "P"\n[releases]\n"1.0.0" = 2026-01-05\n')
    r = run_cli("catalog", "validate", "--catalog", str(path), "--date", TODAY)
    assert (r.code, r.out.splitlines()[0]) == (0, f"catalog {path}: 1 product, 1 release")
    r = run_cli("--catalog", str(path), "catalog", "validate", "--date", TODAY)
    assert r.code == 0


def _eol_newest(tmp_path: Path) -> Path:
    path = tmp_path / "p.toml"
    path.write_text(
        'id = "p"\nname = "P"\n[releases]\n"1.0.0" = 2024-01-08\n"1.1.0" = 2025-01-06\n'
        '[eol]\n"1.1" = 2026-06-30\n'
    )
    return path


def test_warning_when_a_line_declared_eol_is_the_newest(run_cli: RunCli, tmp_path: Path) -> None:
    path = _eol_newest(tmp_path)
    message = (
        'line 1.1 is the newest line but End of Life since 2026-06-30 (eol."1.1"): no line is '
        "current on 2026-11-21, so there is nothing to upgrade to"
    )
    r = run_cli("catalog", "validate", str(path), "--date", TODAY)
    assert r.code == 0  # a warning
    assert f"warning eol-current-line p: {message}\n" in r.out
    assert r.out.endswith("valid: 0 errors, 1 warning\n")
    r = run_cli("catalog", "validate", str(path), "--date", TODAY, "--format", "json")
    assert json.loads(r.out)["findings"] == [
        {
            "level": "warning",
            "code": "eol-current-line",
            "product": "p",
            "version": None,
            "date": None,
            "message": message,
        }
    ]
    # before the EOL, or once the product itself is End of Life, there is nothing to warn about
    r = run_cli("catalog", "validate", str(path), "--date", "2026-06-29")
    assert r.out.endswith("valid: 0 errors, 0 warnings\n")


def test_strict_fails_on_warnings(run_cli: RunCli, tmp_path: Path) -> None:
    path = _eol_newest(tmp_path)
    r = run_cli("catalog", "validate", str(path), "--strict", "--date", TODAY)
    assert r.code == 1
    assert r.out.endswith("invalid: 0 errors, 1 warning\n")


def test_major_eol_of_the_newest_line_is_named(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'id = "p"\nname = "P"\n[releases]\n"1.0.0" = 2024-01-08\n[eol]\n"1" = 2025-01-01\n'
    )
    r = run_cli("catalog", "validate", str(path), "--date", TODAY, "--format", "json")
    assert 'since 2025-01-01 (eol."1")' in json.loads(r.out)["findings"][0]["message"]


def test_product_eol_is_no_warning(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'id = "p"\nname = "P"\nproduct_eol = 2025-01-01\n[releases]\n"1.0.0" = 2024-01-08\n'
    )
    r = run_cli("catalog", "validate", str(path), "--date", TODAY)
    assert (r.code, r.out.splitlines()[-1]) == (0, "valid: 0 errors, 0 warnings")


def test_usage_errors(run_cli: RunCli) -> None:
    r = run_cli("catalog")
    assert (r.code, r.err) == (
        2,
        "eol-check: error: catalog: the following arguments are required: SUBCOMMAND "
        "(see 'eol-check catalog --help')\n",
    )
    r = run_cli("catalog", "frobnicate")
    assert r.code == 2
    assert r.err.startswith("eol-check: error: catalog: argument SUBCOMMAND: invalid")
    r = run_cli("catalog", "validate", "--format", "xml")
    assert (r.code, r.err) == (
        2,
        "eol-check: error: --format 'xml' is not offered here: choose text or json\n",
    )


def test_validate_reads_a_published_bundle(run_cli: RunCli, tmp_path: Path) -> None:
    bundle = tmp_path / "catalog.json"
    assert run_cli("catalog", "export", "--output", str(bundle)).code == 0
    for argv in (
        ("catalog", "validate", str(bundle)),
        ("catalog", "validate", "--catalog", str(bundle)),
    ):
        r = run_cli(*argv, "--date", "2026-11-21", "--format", "json")
        assert r.code == 0, r.err
        report = json.loads(r.out)
        assert report["valid"] is True
        assert report["catalog"] == str(bundle)
        assert [p["id"] for p in report["products"]] == ["agent", "console", "oas"]


def test_validate_reports_a_broken_bundle_as_invalid(run_cli: RunCli, tmp_path: Path) -> None:
    bundle = tmp_path / "catalog.json"
    bundle.write_text('{"schema": 1}')
    r = run_cli("catalog", "validate", str(bundle))
    assert r.code == 1
    assert r.out.splitlines() == [
        f"error invalid-data: {bundle}: generated_at: missing",
        "invalid: 1 error, 0 warnings",
    ]
