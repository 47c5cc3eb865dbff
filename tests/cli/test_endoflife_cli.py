"""endoflife.date-style data (SPEC §7): field by field, and its day convention against `status`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eol_check.endoflife import cycles, endoflife_data

from .._endoflife_rules import endoflife_rule_errors
from ..conftest import RunCli
from ..core.test_endoflife import CATALOG, ON, REAL_POLICY, P


def test_export_endoflife_is_the_data_on_the_date(run_cli: RunCli) -> None:
    r = run_cli("catalog", "export", "--format", "endoflife", "--date", "2026-11-21")
    assert (r.code, r.err) == (0, "")
    assert r.out.endswith("}\n")
    assert json.loads(r.out) == endoflife_data(CATALOG.products, REAL_POLICY, ON)
    assert list(json.loads(r.out)) == ["agent", "console", "oas"]
    # 6.1.0 (2027-01-18) is left out on the date, and there the day it comes out.
    assert json.loads(r.out)["oas"]["releases"][0]["releaseCycle"] == "6.0"
    later = run_cli("--date", "2027-01-18", "catalog", "export", "--format", "endoflife")
    assert json.loads(later.out)["oas"]["releases"][0]["latest"] == "6.1.0"


def test_export_endoflife_field_by_field_from_a_catalog_file(
    run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "p.toml").write_text(
        'id = "p"\nname = "Product P"\nproduct_eol = 2028-02-29\n[releases]\n'
        + "".join(f'"{r.version}" = {r.date}\n' for r in P.releases)
        + '[eol]\n"1.0" = 2022-12-31\n"1" = 2024-08-31\n',
        encoding="utf-8",
    )
    r = run_cli(
        "catalog",
        "export",
        "--catalog",
        str(tmp_path / "p.toml"),
        "--date",
        "2026-11-21",
        "--format",
        "endoflife",
    )
    assert r.code == 0
    exported = json.loads(r.out)["p"]
    assert exported["releases"] == [c.as_json() for c in cycles(P, REAL_POLICY, ON)]
    assert endoflife_rule_errors(exported, ON) == []


def test_export_endoflife_to_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "eol.json"
    r = run_cli(
        "catalog", "export", "--format", "endoflife", "--date", "2026-11-21", "-o", str(target)
    )
    assert (r.code, r.out, r.err) == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8"))["agent"]["name"] == (
        "Octopus Desktop Agent"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["catalog", "validate", "--format", "endoflife"],
            "--format 'endoflife' is not offered here: choose text or json",
        ),
        (
            ["status", "oas", "--format", "endoflife"],
            "--format 'endoflife' is not offered here: choose text or json or markdown or csv",
        ),
        (
            ["catalog", "export", "--format", "endoflife", "--date", "2026-13-01"],
            None,
        ),
    ],
)
def test_endoflife_format_elsewhere_or_bad_date(
    run_cli: RunCli, argv: list[str], message: str | None
) -> None:
    r = run_cli(*argv)
    assert (r.code, r.out) == (2, "")
    if message is not None:
        assert r.err == f"eol-check: error: {message}\n"
    else:
        assert r.err.startswith("eol-check: error: --date")


def test_export_without_endoflife_is_still_the_bundle(run_cli: RunCli) -> None:
    r = run_cli("catalog", "export", "--format", "json")
    assert r.code == 0
    assert json.loads(r.out)["schema"] == 1
