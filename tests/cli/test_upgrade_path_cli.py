"""The commands agree on the command line (SPEC §3.5): `check`'s text never contradicts its JSON,
`status VERSION` names the same path, and `preflight` allows every hop of it."""

from __future__ import annotations

import json

import pytest

from eol_check.catalog import load_catalog

from ..conftest import RunCli

OAS = load_catalog().product("oas")
# Lifecycle boundaries of the sample catalog: 4.0's and 4.2's End of Life, the day after 4.2's
# support, major 4's End of Life, the sample day, the day 6.1.0 is released.
DAYS = ["2024-03-01", "2026-03-01", "2026-09-01", "2026-11-21", "2027-01-18"]


@pytest.mark.parametrize("day", DAYS)
def test_check_text_json_status_and_preflight_agree(run_cli: RunCli, day: str) -> None:
    for release in OAS.releases:
        version = str(release.version)
        argv = [
            "check",
            "oas",
            version,
            "-s",
            "S3",
            "--date",
            day,
            "--reported-at",
            f"{day}T12:00:00+00:00",
            "--now",
            f"{day}T12:00:00+00:00",
        ]
        answer = json.loads(run_cli(*argv, "--format", "json").out)
        text = run_cli(*argv).out.splitlines()
        status = json.loads(
            run_cli("status", "oas", version, "--date", day, "--format", "json").out
        )
        path = answer["upgrade_path"]
        assert path == status["upgrade_path"], (version, day)
        verdict = f"ENTITLED ({answer['scope']}):" if answer["entitled"] else "NOT ENTITLED"
        if answer["status"] == "upgrade-window":  # SPEC v3 §3.3: the path comes second
            verdict = "NOT ENTITLED (upgrade window): "
            assert text[1] == "Upgrade path: " + " > ".join([version, *path]), text
        assert text[0].startswith(verdict), (version, day, text[0])
        [shown] = [line for line in text if line.startswith("  upgrade path")]
        [recommended] = [line for line in text if line.startswith("Recommended: ")]
        if path:
            assert path[-1] == answer["upgrade_to"]
            assert shown.split(None, 2)[2].startswith(" > ".join(path)), (version, day, shown)
            assert answer["upgrade_to"] in recommended
            here = version
            for hop in path:
                move = run_cli(
                    "preflight", "oas", "--installed", here, "--target", hop, "--date", day
                )
                assert move.code == 0, (version, day, hop, move.out)
                here = hop
        elif path == []:
            assert "none needed" in shown
            assert recommended.startswith("Recommended: none: ")
        else:
            reason = answer["upgrade_path_reason"]
            flat = " ".join(" ".join(text).split())  # the text wraps at 100 columns
            assert f"upgrade path none: {reason['text']}" in flat
            assert f"Recommended: none: {reason['text']}" in flat
            assert {"section": reason["section"], "text": reason["text"]} in answer["reasons"]


def test_reinstall_is_allowed_with_a_warning(run_cli: RunCli) -> None:
    r = run_cli(
        "preflight", "oas", "--installed", "4.2.3", "--target", "4.2.3", "--date", "2026-11-21"
    )
    assert r.code == 0
    assert r.out.splitlines()[0] == (
        "Octopus Authentication Server: 4.2.3 → 4.2.3 on 2026-11-21: the same version (a "
        "reinstall): ok"
    )
    assert "warning reinstall: 4.2.3 is the installed version: a reinstall" in r.out


@pytest.mark.parametrize(
    ("argv", "code", "err"),
    [
        (["status", "oas", "--format", "JSON"], 0, ""),
        (
            ["catalog", "export", "--format", "text"],
            2,
            "eol-check: error: --format 'text' is not offered here: choose json or endoflife\n",
        ),
        (
            ["preflight", "oas", "--installed", "4.2.3", "--target", "6.0.2", "--format", "csv"],
            2,
            "eol-check: error: --format 'csv' is not offered here: choose text or json\n",
        ),
        (
            ["check", "oas"],
            2,
            "eol-check: error: check: the following arguments are required: VERSION, "
            "--severity/-s (see 'eol-check check --help')\n",
        ),
        (
            ["status", "oas", "4,3,2"],
            2,
            "eol-check: error: VERSION: '4,3,2' is not a version: its numbers are joined by ',', "
            "where a version has dots; write MAJOR.MINOR.MAINTENANCE, e.g. 4.3.2\n",
        ),
    ],
)
def test_formats_and_errors_people_type(
    run_cli: RunCli, argv: list[str], code: int, err: str
) -> None:
    r = run_cli(*argv, "--date", "2026-11-21")
    assert (r.code, r.err) == (code, err)
    if code == 0:
        json.loads(r.out)  # JSON in any case of the format's name
