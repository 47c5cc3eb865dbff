"""`eol-check status PRODUCT [VERSION]` on the embedded sample catalog (SPEC §3.2, §5).

Every test passes --date: the sample data is laid out so that on 2026-11-21 every lifecycle
status occurs for `oas`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import RunCli, imported_by

TODAY = "2026-11-21"


def status_json(run_cli: RunCli, *argv: str) -> dict[str, object]:
    r = run_cli("status", *argv, "--date", TODAY, "--format", "json")
    assert (r.code, r.err) == (0, "")
    answer: dict[str, object] = json.loads(r.out)
    return answer


def test_every_status_occurs_for_oas_today(run_cli: RunCli) -> None:
    answer = status_json(run_cli, "oas")
    assert answer["product"] == "oas"
    assert answer["date"] == TODAY
    assert answer["current"] == "6.0"
    lines = answer["lines"]
    assert isinstance(lines, list)
    assert {line["line"]: line["status"] for line in lines} == {
        "6.0": "current",
        "5.1": "supported",
        "5.0": "supported",  # with an EOL declared for 2027-03-31: scheduled
        "4.3": "support-tail",  # major 4's EOL
        "4.2": "upgrade-window",
        "4.0": "unsupported",
        "3.1": "unsupported",
        "3.0": "unsupported",
    }
    five = next(line for line in lines if line["line"] == "5.0")
    assert five["eol_scheduled"] is True
    assert answer["upcoming"] == [{"version": "6.1.0", "date": "2027-01-18"}]
    versions = {
        v: status_json(run_cli, "oas", v)["status"] for v in ("6.1.0", "6.1.0-rc.1", "4.1.0")
    }
    assert versions == {"6.1.0": "unreleased", "6.1.0-rc.1": "prerelease", "4.1.0": "unknown"}


def test_lines_json_fields(run_cli: RunCli) -> None:
    answer = status_json(run_cli, "oas")
    lines = answer["lines"]
    assert isinstance(lines, list)
    assert lines[0] == {
        "line": "6.0",
        "status": "current",
        "released": "2026-04-13",
        "latest": "6.0.2",
        "eol": None,
        "support_until": None,
        "upgrade_until": None,
        "latest_released": "2026-10-19",
        "eol_source": None,
        "eol_scheduled": False,
    }
    assert lines[3] == {
        "line": "4.3",
        "status": "support-tail",
        "released": "2023-06-05",
        "latest": "4.3.2",
        "eol": "2026-09-01",
        "support_until": "2027-02-28",
        "upgrade_until": "2027-08-31",
        "latest_released": "2024-08-05",
        "eol_source": "major",
        "eol_scheduled": False,
    }


def test_version_json(run_cli: RunCli) -> None:
    assert status_json(run_cli, "OAS", "Octopus Authentication Server 4.2.1 (build 77)") == {
        "product": "oas",
        "date": TODAY,
        "version": "4.2.1",
        "line": "4.2",
        "status": "upgrade-window",
        "eol": "2026-03-01",
        "support_until": "2026-08-31",
        "upgrade_until": "2027-02-28",
        "latest_in_line": "4.2.3",
        "upgrade_to": "6.0.2",
        "released": "2022-12-05",
        "eol_source": "line",
        "eol_scheduled": False,
        # SPEC §3.5: 6.0 takes upgrades from 4.3 on, and 4.3 is End of Life: two hops.
        "upgrade_path": ["5.1.2", "6.0.2"],
        "upgrade_path_reason": None,
    }


def test_version_json_nulls_are_never_omitted(run_cli: RunCli) -> None:
    answer = status_json(run_cli, "agent", "v1.3")
    assert answer == {
        "product": "agent",
        "date": TODAY,
        "version": "1.3.0",
        "line": "1.3",
        "status": "unknown",
        "eol": None,
        "support_until": None,
        "upgrade_until": None,
        "latest_in_line": None,
        "upgrade_to": None,  # the product is End of Life: no line is current
        "released": None,
        "eol_source": None,
        "eol_scheduled": False,
        "upgrade_path": None,  # not a release: no path, and why
        "upgrade_path_reason": {
            "code": "not-a-release",
            "section": "§1.4",
            "text": "1.3.0 is not a release of Octopus Desktop Agent",
        },
    }


@pytest.mark.parametrize(
    ("version", "status"),
    [
        ("6.0.2", "current"),
        ("5.1", "supported"),
        ("5.0.3", "supported"),
        ("4.3.2", "support-tail"),
        ("4.2", "upgrade-window"),
        ("4.0.2", "unsupported"),
        ("3.1.2", "unsupported"),
        ("6.1.0", "unreleased"),
        ("6.1.0-rc.1", "prerelease"),
        ("5.2.0", "unknown"),
    ],
)
def test_version_status_table(run_cli: RunCli, version: str, status: str) -> None:
    assert status_json(run_cli, "oas", version)["status"] == status


def test_lines_text(run_cli: RunCli) -> None:
    r = run_cli("status", "oas", "--date", TODAY)
    assert (r.code, r.err) == (0, "")
    assert r.out == (
        "Octopus Authentication Server (oas) on 2026-11-21\n"
        "\n"
        "LINE  STATUS          RELEASED    LATEST  EOL                       SUPPORT UNTIL  UPGRADE UNTIL\n"  # noqa: E501
        "6.0   current         2026-04-13  6.0.2   -                         -              -\n"
        "5.1   supported       2025-03-17  5.1.2   -                         -              -\n"
        "5.0   supported       2024-04-15  5.0.3   2027-03-31 (scheduled)    2027-09-30     2028-03-30\n"  # noqa: E501
        "4.3   support-tail    2023-06-05  4.3.2   2026-09-01 (major 4 EOL)  2027-02-28     2027-08-31\n"  # noqa: E501
        "4.2   upgrade-window  2022-09-05  4.2.3   2026-03-01                2026-08-31     2027-02-28\n"  # noqa: E501
        "4.0   unsupported     2021-11-15  4.0.2   2024-03-01                2024-08-31     2025-02-28\n"  # noqa: E501
        "3.1   unsupported     2020-10-05  3.1.2   2023-07-01 (major 3 EOL)  2023-12-31     2024-06-30\n"  # noqa: E501
        "3.0   unsupported     2020-02-03  3.0.1   2023-07-01 (major 3 EOL)  2023-12-31     2024-06-30\n"  # noqa: E501
        "\n"
        "not released yet: 6.1.0 on 2027-01-18\n"
    )
    assert "\033[" not in r.out  # not a terminal: no colour


def test_product_eol_text(run_cli: RunCli) -> None:
    r = run_cli("status", "Desktop Agent", "--date", TODAY)
    assert r.code == 0
    assert r.out.endswith(
        "\nno current line: the newest line, 1.2, is End of Life since 2026-06-30, "
        "the product's End of Life\n"
    )


def test_version_text(run_cli: RunCli) -> None:
    r = run_cli("status", "oas", "v4.3", "--date", TODAY)
    assert (r.code, r.err) == (0, "")
    assert r.out == (
        "Octopus Authentication Server 4.3.0 on 2026-11-21: support-tail\n"
        "  End of Life; support continues for six months after it (§7)\n"
        "  line           4.3 (latest 4.3.2)\n"
        "  released       2023-06-05\n"
        "  End of Life    2026-09-01 (major 4 EOL)\n"
        "  support until  2027-02-28\n"
        "  upgrade until  2027-08-31\n"
        "  upgrade to     6.0.2\n"
        "  upgrade path   6.0.2\n"
    )


def test_unreleased_text(run_cli: RunCli) -> None:
    r = run_cli("status", "oas", "6.1", "--date", TODAY)
    assert r.out.splitlines()[:2] == [
        "Octopus Authentication Server 6.1.0 on 2026-11-21: unreleased",
        "  released on 2027-01-18, after this date",
    ]


def test_the_date_moves_the_answer(run_cli: RunCli) -> None:
    # the day 6.1.0 is released it is current and 6.0 becomes supported
    r = run_cli("status", "oas", "6.0", "--date", "2027-01-18", "--format", "json")
    assert json.loads(r.out)["status"] == "supported"
    assert json.loads(r.out)["upgrade_to"] == "6.1.0"
    r = run_cli("status", "oas", "--date", "2027-01-17", "--format", "json")
    assert json.loads(r.out)["current"] == "6.0"


def test_colour_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse
    import io

    from eol_check._cli import status
    from eol_check._cli._common import Context

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def run() -> str:
        out = Terminal()
        args = argparse.Namespace(
            product="oas",
            version=None,
            format="text",
            date=TODAY,
            catalog=None,
            policy=None,
            wide=True,
        )
        assert status.run(args, Context(args, stdout=out)) == 0
        return out.getvalue()

    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = run()
    assert "\033[32mcurrent       \033[0m" in coloured
    assert "\033[31munsupported   \033[0m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in run()


@pytest.mark.parametrize(
    ("argv", "code", "err"),
    [
        (
            ("oass",),
            2,
            "eol-check: error: unknown product 'oass'; did you mean 'oas'? "
            "(known products: agent, console, oas)\n",
        ),
        (
            ("console", "banana"),
            2,
            "eol-check: error: VERSION: no version found in 'banana': expected a number like "
            "4.2.1\n",
        ),
        (
            ("oas", "--date", "2026-02-30"),
            2,
            "eol-check: error: --date '2026-02-30' is not a real calendar date "
            "(day is out of range for month)\n",
        ),
        (
            ("oas", "--format", "xml"),
            2,
            "eol-check: error: --format 'xml' is not offered here: choose text or json or "
            "markdown or csv\n",
        ),
    ],
)
def test_wrong_input_is_exit_2(run_cli: RunCli, argv: tuple[str, ...], code: int, err: str) -> None:
    r = run_cli("status", *argv)
    assert (r.code, r.out, r.err) == (code, "", err)


def test_bad_policy_is_exit_3(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("schema = 1\n")
    r = run_cli("status", "oas", "--policy", str(path), "--date", TODAY)
    assert (r.code, r.err) == (3, f"eol-check: error: {path}: lifecycle: missing\n")


def test_global_options_before_the_command(run_cli: RunCli, tmp_path: Path) -> None:
    catalog = tmp_path / "p.toml"
    catalog.write_text('id = "p"\nname = "P"\n[releases]\n"1.0.0" = 2026-01-05\n')
    r = run_cli("--catalog", str(catalog), "--date", TODAY, "--format", "json", "status", "p")
    assert json.loads(r.out)["lines"][0]["status"] == "current"


def test_status_start_up_imports_none_of_the_modules_it_does_not_need() -> None:
    lean = ("httpx", "semver", "packaging", "typing", "tomllib", "pathlib", "tomli", "zoneinfo")
    assert imported_by(["status", "oas", "4.2.1", "--date", "2026-11-21"], lean) == (0, [])
