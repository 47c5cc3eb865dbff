"""Installer preflight (SPEC §5): ok, kind, problems and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import RunCli
from ..core.test_preflight import CASES, ON


@pytest.mark.parametrize(("installed", "target", "options", "ok", "kind", "codes"), CASES)
def test_preflight_command_exit_codes(
    run_cli: RunCli,
    installed: str,
    target: str,
    options: dict[str, bool],
    ok: bool,
    kind: str,
    codes: list[str],
) -> None:
    flags = [f"--{name.replace('_', '-')}" for name, on in options.items() if on]
    r = run_cli(
        "preflight",
        "oas",
        "--installed",
        installed,
        "--target",
        target,
        *flags,
        "--date",
        ON.isoformat(),
        "--format",
        "json",
    )
    assert (r.code, r.err) == (0 if ok else 1, "")
    out = json.loads(r.out)
    assert (out["ok"], out["kind"]) == (ok, kind)
    assert [p["code"] for p in out["problems"]] == codes


def test_product_past_its_end_of_life_blocks(run_cli: RunCli) -> None:
    # agent: product_eol 2026-06-30, so even its newest line is End of Life.
    r = run_cli(
        "preflight", "agent", "--installed", "1.2.1", "--target", "1.2.2", "--date", "2027-06-30"
    )
    assert r.code == 1
    assert (
        "error target-eol: line 1.2 is End of Life since 2026-06-30 (the product's End of Life) "
        "and unsupported since 2026-12-30; its upgrade window closed on 2027-06-29 (§2, §7)\n"
    ) in r.out


def test_text_output(run_cli: RunCli) -> None:
    r = run_cli(
        "preflight",
        "OAS",
        "--installed",
        "Octopus 4.2.3+12",
        "--target",
        "6.0.2",
        "--date",
        "2026-11-21",
    )
    assert r.code == 1
    assert r.out == (
        "Octopus Authentication Server: 4.2.3+12 → 6.0.2 on 2026-11-21: a Major Release (§1.5): "
        "blocked\n"
        "  installed 4.2.3+12: upgrade-window (line 4.2, End of Life 2026-03-01)\n"
        "  target    6.0.2: current (line 6.0)\n"
        "error upgrade-path: line 6.0 can be installed only over versions >=4.3 (upgrade_from in "
        "the catalog), and 4.2.3+12 is not one; upgrade to 5.1.2 first (the way: 5.1.2 > 6.0.2)\n"
    )


def test_json_output(run_cli: RunCli) -> None:
    r = run_cli(
        "preflight",
        "oas",
        "--installed",
        "5.0.1",
        "--target",
        "5.0.3",
        "--date",
        "2026-11-21",
        "--format",
        "json",
    )
    assert r.code == 0
    assert json.loads(r.out) == {
        "product": "oas",
        "date": "2026-11-21",
        "ok": True,
        "kind": "maintenance",
        "installed": {
            "product": "oas",
            "date": "2026-11-21",  # the one JSON form of a version status
            "version": "5.0.1",
            "line": "5.0",
            "status": "supported",
            "released": "2024-07-08",
            "eol": "2027-03-31",
            "support_until": "2027-09-30",
            "upgrade_until": "2028-03-30",
            "latest_in_line": "5.0.3",
            "upgrade_to": "6.0.2",
            "eol_source": "line",
            "eol_scheduled": True,
            "upgrade_path": ["6.0.2"],
            "upgrade_path_reason": None,
        },
        "target": {
            "product": "oas",
            "date": "2026-11-21",  # the one JSON form of a version status
            "version": "5.0.3",
            "line": "5.0",
            "status": "supported",
            "released": "2025-11-03",
            "eol": "2027-03-31",
            "support_until": "2027-09-30",
            "upgrade_until": "2028-03-30",
            "latest_in_line": "5.0.3",
            "upgrade_to": "6.0.2",
            "eol_source": "line",
            "eol_scheduled": True,
            "upgrade_path": ["6.0.2"],
            "upgrade_path_reason": None,
        },
        "problems": [
            {
                "level": "warning",
                "code": "target-eol-scheduled",
                "product": "oas",
                "version": "5.0.3",
                "date": None,
                "message": "line 5.0 reaches End of Life on 2027-03-31; support continues until "
                "2027-09-30 (§2, §7)",
            }
        ],
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["oas", "--installed", "x", "--target", "6.0.2"],
            "--installed: no version found in 'x': expected a number like 4.2.1",
        ),
        (
            ["oas", "--installed", "6.0.2", "--target", "next"],
            "--target: no version found in 'next': expected a number like 4.2.1",
        ),
        (
            ["oax", "--installed", "6.0.2", "--target", "6.0.2"],
            "unknown product 'oax'; did you mean 'agent'? (known products: agent, console, oas)",
        ),
        (
            ["oas", "--target", "6.0.2"],
            "preflight: the following arguments are required: --installed "
            "(see 'eol-check preflight --help')",
        ),
        (
            ["oas", "--installed", "1", "--target", "2", "--date", "tomorrow"],
            "--date 'tomorrow' is not a date: expected YYYY-MM-DD, e.g. 2026-01-15",
        ),
    ],
)
def test_bad_input_exits_2(run_cli: RunCli, argv: list[str], message: str) -> None:
    r = run_cli("preflight", *argv)
    assert (r.code, r.out, r.err) == (2, "", f"eol-check: error: {message}\n")


def test_bad_catalog_exits_3(run_cli: RunCli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\n')
    r = run_cli("preflight", "x", "--installed", "1", "--target", "2", "--catalog", str(broken))
    assert r.code == 3
    assert r.err.startswith(f"eol-check: error: {broken}: ")
