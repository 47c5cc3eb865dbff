"""The numbering rules on real release histories (SPEC §2.2 v2).

`tests/data/histories/<product>.json` are 86 products' public release histories as
`[version, date]` pairs, oldest first (facts from endoflife.date's release data). A few are asserted
finding by finding; every one is run for crashes and for the shape of what comes back.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eol_check.numbering import NumberingResult, check_numbering

from ..conftest import RunCli

HISTORIES = Path(__file__).resolve().parent.parent / "data" / "histories"
NAMES = sorted(path.stem for path in HISTORIES.glob("*.json"))


def versions(name: str) -> list[str]:
    pairs = json.loads((HISTORIES / f"{name}.json").read_text(encoding="utf-8"))
    return [version for version, _date in pairs]


def codes(result: NumberingResult) -> dict[str, int]:
    return dict(Counter(f.code for f in result.findings))


def errors(result: NumberingResult, code: str) -> list[tuple[str | None, tuple[str, ...]]]:
    return [(f.version, f.related) for f in result.findings if f.code == code]


def test_all_86_histories_are_here() -> None:
    assert len(NAMES) == 86


@pytest.mark.parametrize("name", NAMES)
def test_every_real_history_is_checked_without_a_crash(name: str) -> None:
    history = versions(name)
    result = check_numbering(history)
    dropped = sum(f.code in ("invalid", "duplicate", "respin") for f in result.findings)
    assert len(result.releases) + dropped == len(history)
    assert [f.index for f in result.findings] == sorted(f.index or 0 for f in result.findings)
    assert all("\n" not in f.message for f in result.findings)
    assert result.valid == (not result.errors)
    # Ratchet from the middle: what comes after is judged the same, what comes before is counted.
    middle = history[len(history) // 2]
    cut = check_numbering(history, since=middle)
    assert cut.context + cut.findings == result.findings
    assert all(f.index is not None and f.index > (cut.since or 0) for f in cut.findings)


def test_every_real_history_through_the_cli(run_cli: RunCli, tmp_path: Path) -> None:
    for name in NAMES:
        path = tmp_path / f"{name}.txt"
        path.write_text("\n".join(versions(name)) + "\n", encoding="utf-8")
        text = run_cli("numbering", "--file", str(path))
        data = json.loads(run_cli("numbering", "--file", str(path), "--format", "json").out)
        assert text.code in (0, 1), name
        assert text.err == ""
        assert text.code == (0 if data["valid"] else 1)
        # Summaries shorten the text; the JSON lists every finding.
        assert len(text.out.splitlines()) <= len(data["findings"]) + 3


# --- a handful, finding by finding ----------------------------------------------------------------


def test_discourse_a_mis_dated_line_is_blamed_once() -> None:
    # 1.5.17 and 1.5.22 are dated 2015, among 1.2.x and 1.3.x; 1.5.0 came in 2016. The line
    # went on once from 1.5.17 (to 1.5.22), so the first release below it is taken as late;
    # after that more came below it than above: the jump is to blame for the rest.
    result = check_numbering(versions("discourse"))
    assert errors(result, "out-of-order") == [
        ("1.5.17", ("1.5.1", "1.5.2", "1.5.3", "1.5.4")),
        ("1.3.0", ()),
        ("1.4.0", ()),
        ("1.5.0", ()),
        ("1.8.23", ("1.8.11",)),
    ]
    assert codes(result) == {"gap": 9, "out-of-order": 5, "invalid": 5, "not-reset": 2}


def test_virtualbox_releases_dated_years_later_are_the_ones_out_of_order() -> None:
    # VirtualBox numbers releases in steps of two; 6.1.38 is dated 2025, after 6.1.50.
    result = check_numbering(versions("virtualbox"))
    assert errors(result, "out-of-order") == [
        (version, ())
        for version in ["5.2.2", "5.2.8", "5.1.22", "5.2.36", "4.3.36", "5.0.30", "6.1.38"]
    ]


def test_arangodb_a_jump_to_99() -> None:
    result = check_numbering(versions("arangodb"))
    assert errors(result, "out-of-order") == [("1.0.99", ("1.0.1", "1.0.2", "1.0.3", "1.0.4"))]
    (jump,) = [f for f in result.findings if f.code == "out-of-order"]
    assert jump.message == (
        "1.0.99 jumped ahead of line 1.0 (it was at 1.0.0): 4 later releases fall below it: "
        "1.0.1, 1.0.2, 1.0.3, 1.0.4"
    )


def test_nutanix_four_part_hotfixes_are_read_and_cause_nothing() -> None:
    # 186 entries like 5.5.0.1 (hotfix 1 of 5.5.0) or 5.6: each one `invalid` error, and their
    # readings keep 5.5.2 … from being out of order or not reset.
    result = check_numbering(versions("nutanix-aos"))
    assert codes(result) == {"invalid": 186, "gap": 1}
    invalid = [f for f in result.findings if f.code == "invalid"]
    assert invalid[1].message == (
        "'5.5.8.1' is not a strict version (SemVer 2.0.0, e.g. 4.2.1); read as hotfix 1 of 5.5.8 "
        "for the releases after it"
    )
    assert all(f.related for f in invalid)


def test_ibm_semeru_rebuilds_are_respins() -> None:
    result = check_numbering(versions("ibm-semeru"))
    assert [f.version for f in result.findings if f.code == "respin"] == [
        "11.0.30+7.1",
        "25.0.2+10.1",
        "17.0.18+8.1",
        "21.0.10+7.1",
    ]
    assert not any(f.code == "duplicate" for f in result.findings)


def test_postgresql_two_part_versions_cause_no_not_reset() -> None:
    result = check_numbering(versions("postgresql"))
    assert codes(result) == {"invalid": 183, "gap": 2, "not-reset": 1}


def test_nexus_is_checked_on_its_cores() -> None:
    result = check_numbering(versions("nexus"))
    assert result.notes == (
        "every entry is a pre-release (2.14.4-02): the history is checked on the core versions "
        "(2.14.4); a pre-release never counts as a release otherwise (§1.4)",
    )
    assert codes(result) == {"invalid": 179}


def test_unity_is_summarised_in_two_lines(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "unity.txt"
    path.write_text("\n".join(versions("unity")), encoding="utf-8")
    r = run_cli("numbering", "--file", str(path))
    assert r.code == 1
    assert r.out.splitlines() == [
        f"{path}:1: error invalid: 813 entries like '5.0.0f4' are not strict versions (SemVer "
        "2.0.0, e.g. 4.2.1): '5.0.0f4', '5.0.1f1', '5.0.2f1' …; they have no clear reading and are "
        "left out of the history",
        f"{path}:2: error invalid: 191 entries like '5.0.0p1' are not strict versions (SemVer "
        "2.0.0, e.g. 4.2.1): '5.0.0p1', '5.0.0p2', '5.0.0p3' …; each is read as the version it "
        "clearly means for the releases after it",
        "invalid: 0 releases, 1004 errors, 0 warnings",
    ]


def test_spring_style_mid_stream_history_has_no_back_port_errors() -> None:
    # sapmachine starts at 11.0.2; 10.0.1 arrives years later: a line from before the history.
    result = check_numbering(versions("sapmachine"))
    assert "10.0.1" not in [f.version for f in result.findings]
