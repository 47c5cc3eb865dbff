"""`eol-check numbering`: inputs (arguments, --file, --git), outputs (text, json, github), exits."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eol_check._cli.numbering import annotation, escape_data, escape_property

from ..conftest import RunCli

# --- arguments and text -------------------------------------------------------------------------


def test_valid_history(run_cli: RunCli) -> None:
    r = run_cli("numbering", "3.1.2", "4.0.0", "4.0.1", "4.1.0")
    assert (r.code, r.out, r.err) == (0, "valid: 4 releases, 0 errors, 0 warnings\n", "")


def test_errors_exit_1_one_line_each(run_cli: RunCli) -> None:
    r = run_cli("numbering", "4.0.0", "4.2.0", "4.1.0", "4.1.0")
    assert r.code == 1
    assert r.out.splitlines() == [
        "warning gap: 4.2.0 skips minor 4.1 (major 4 was at line 4.0)",
        "error out-of-order: 4.1.0 opens line 4.1 after 4.2.0 was released",
        "error duplicate: 4.1.0 was already released",
        "invalid: 3 releases, 2 errors, 1 warning",
    ]


@pytest.mark.parametrize(
    ("strict", "code", "verdict"),
    [
        ((), 0, "valid: 3 releases, 0 errors, 1 warning"),
        (("--strict",), 1, "invalid (--strict: warnings fail): 3 releases, 0 errors, 1 warning"),
    ],
)
def test_warnings_fail_only_with_strict(
    run_cli: RunCli, strict: tuple[str, ...], code: int, verdict: str
) -> None:
    r = run_cli("numbering", "3.1.2", "4.0.0", "4.2.0", *strict)
    assert r.code == code
    assert r.out.splitlines() == [
        "warning gap: 4.2.0 skips minor 4.1 (major 4 was at line 4.0)",
        verdict,
    ]


@pytest.mark.parametrize(
    ("proposed", "code", "lines"),
    [
        ("4.2.2", 0, ["next 4.2.2: a Maintenance Release (§1.7)"]),
        ("4.3.0", 0, ["next 4.3.0: a Minor Release (§1.6)"]),
        ("5.0.0", 0, ["next 5.0.0: a Major Release (§1.5)"]),
        ("4.3.0-rc.1", 0, ["next 4.3.0-rc.1: a pre-release of a Minor Release (§1.6)"]),
        (
            "4.2.4",
            0,
            [
                "next: warning gap: 4.2.4 skips maintenance 4.2.2 and 4.2.3 (line 4.2 was at "
                "4.2.1)",
                "next 4.2.4: a Maintenance Release (§1.7)",
            ],
        ),
        (
            "4.1.0",
            1,
            [
                "next: error out-of-order: 4.1.0 opens line 4.1 after 4.2.1 was released",
                "next 4.1.0: would be a Minor Release (§1.6), but it breaks the rules above",
            ],
        ),
        (
            "4.2",
            1,
            [
                "next: error invalid: '4.2' is not a strict version (SemVer 2.0.0, e.g. 4.2.1); "
                "read as 4.2.0 for the releases after it",
            ],
        ),
        (
            "4.2.1+b",
            0,
            [
                "next: warning respin: 4.2.1+b re-releases 4.2.1 with other build metadata: "
                "the same "
                "version, not a new release",
            ],
        ),
    ],
)
def test_next(run_cli: RunCli, proposed: str, code: int, lines: list[str]) -> None:
    r = run_cli("numbering", "4.0.0", "4.0.1", "4.2.0", "4.2.1", "--next", proposed)
    assert r.code == code
    # The history itself has the policy's own 4.0 → 4.2 gap.
    assert r.out.splitlines()[0] == "warning gap: 4.2.0 skips minor 4.1 (major 4 was at line 4.0)"
    assert r.out.splitlines()[1:-1] == lines


def test_next_alone_is_the_first_release(run_cli: RunCli) -> None:
    r = run_cli("numbering", "--next", "1.0.0")
    assert (r.code, r.out) == (
        0,
        "next 1.0.0: the first release\nvalid: 0 releases, 0 errors, 0 warnings\n",
    )


def test_tag_prefix_applies_to_arguments_and_next(run_cli: RunCli) -> None:
    r = run_cli("numbering", "v1.0.0", "v1.0.1", "--tag-prefix", "v", "--next", "v1.1.0")
    assert r.code == 0
    assert r.out.splitlines()[0] == "next 1.1.0: a Minor Release (§1.6)"


# --- json --------------------------------------------------------------------------------------


def test_json_shape(run_cli: RunCli) -> None:
    r = run_cli("numbering", "4.0.0", "4.2.0", "4.3.0-rc.1", "--next", "4.3.0", "--format", "json")
    assert r.code == 0
    assert json.loads(r.out) == {
        "valid": True,
        "strict": False,
        "errors": 0,
        "warnings": 1,
        "releases": [
            {"version": "4.0.0", "kind": "initial", "prerelease": False},
            {"version": "4.2.0", "kind": "minor", "prerelease": False},
            {"version": "4.3.0-rc.1", "kind": "prerelease-minor", "prerelease": True},
        ],
        "findings": [
            {
                "level": "warning",
                "code": "gap",
                "version": "4.2.0",
                "message": "4.2.0 skips minor 4.1 (major 4 was at line 4.0)",
                "line": None,
                "tag": None,
                "related": [],
            }
        ],
        "next": {"version": "4.3.0", "kind": "minor", "prerelease": False, "valid": True},
        "since": None,
        "notes": [],
        "skipped": [],
    }


def test_json_without_next_says_null_and_strict_counts(run_cli: RunCli) -> None:
    r = run_cli("numbering", "4.0.0", "4.2.0", "--format", "json", "--strict")
    data = json.loads(r.out)
    assert r.code == 1
    assert (data["valid"], data["strict"], data["next"]) == (False, True, None)


def test_json_invalid_next(run_cli: RunCli) -> None:
    r = run_cli("numbering", "4.0.0", "--next", "4.1", "--format", "json")
    data = json.loads(r.out)
    assert r.code == 1
    assert data["next"] == {"version": "4.1", "kind": None, "prerelease": None, "valid": False}
    assert [(f["code"], f["version"]) for f in data["findings"]] == [("invalid", "4.1")]


# --- github annotations -------------------------------------------------------------------------


def test_github_annotations(run_cli: RunCli) -> None:
    r = run_cli("numbering", "4.0.0", "4.2.0", "4.1.0", "--next", "4.2.1", "--format", "github")
    assert r.code == 1
    assert r.out.splitlines() == [
        "::warning title=eol-check numbering%3A gap::"
        "4.2.0 skips minor 4.1 (major 4 was at line 4.0)",
        "::error title=eol-check numbering%3A out-of-order::"
        "4.1.0 opens line 4.1 after 4.2.0 was released",
        "::notice title=eol-check numbering%3A next version::"
        "next 4.2.1: a Maintenance Release (§1.7)",
        "invalid: 3 releases, 1 error, 1 warning",
    ]


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\nb", "a%0Ab", "a%0Ab"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a: b, c", "a: b, c", "a%3A b%2C c"),
        ("%0A", "%250A", "%250A"),  # escaped once, so it is not read back as a newline
        ("x:%,\r\n", "x:%25,%0D%0A", "x%3A%25%2C%0D%0A"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_annotation_line() -> None:
    assert (
        annotation("error", "50% done\nnext", [("file", "a,b:c.txt"), ("line", "7")])
        == "::error file=a%2Cb%3Ac.txt,line=7::50%25 done%0Anext"
    )
    assert annotation("warning", "m") == "::warning::m"


def test_github_with_file_names_file_and_line(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "odd,name: 100%.txt"
    Path(name).write_text("# releases\n1.0.0\n\n1.0%\n1.0.2\n", encoding="utf-8")
    r = run_cli("numbering", "--file", name, "--format", "github")
    assert r.code == 1
    assert r.out.splitlines() == [
        "::error file=odd%2Cname%3A 100%25.txt,line=4,title=eol-check numbering%3A invalid::"
        "'1.0%25' is not a strict version: expected SemVer 2.0.0 "
        "MAJOR.MINOR.MAINTENANCE[-PRERELEASE][+BUILD], e.g. 4.2.1",
        "::warning file=odd%2Cname%3A 100%25.txt,line=5,title=eol-check numbering%3A gap::"
        "1.0.2 skips maintenance 1.0.1 (line 1.0 was at 1.0.0)",
        "invalid: 2 releases, 1 error, 1 warning",
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="file names with a newline")
def test_github_file_name_with_a_newline_stays_one_line(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a\nb.txt").write_text("x\n", encoding="utf-8")
    r = run_cli("numbering", "--file", "a\nb.txt", "--format", "github")
    first = r.out.splitlines()[0]
    assert first.startswith("::error file=a%0Ab.txt,line=1,title=")
    text = run_cli("numbering", "--file", "a\nb.txt")
    assert text.out.splitlines()[0].startswith("a\\nb.txt:1: error invalid: ")


# --- --file -------------------------------------------------------------------------------------


def test_file_comments_blanks_and_line_numbers(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "releases.txt"
    path.write_text(
        "# OAS releases, oldest first\n\n3.1.2\n4.0.0  # the new major\n   \n4.2.0\n4.1.0\n",
        encoding="utf-8",
    )
    r = run_cli("numbering", "--file", str(path))
    assert r.code == 1
    assert r.out.splitlines() == [
        f"{path}:6: warning gap: 4.2.0 skips minor 4.1 (major 4 was at line 4.0)",
        f"{path}:7: error out-of-order: 4.1.0 opens line 4.1 after 4.2.0 was released",
        "invalid: 4 releases, 1 error, 1 warning",
    ]
    data = json.loads(run_cli("numbering", "--file", str(path), "--format", "json").out)
    assert [(f["code"], f["line"], f["tag"]) for f in data["findings"]] == [
        ("gap", 6, None),
        ("out-of-order", 7, None),
    ]


def test_file_with_bom_and_crlf(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "releases.txt"
    path.write_bytes(b"\xef\xbb\xbf1.0.0\r\n1.0.1\r\n")
    r = run_cli("numbering", "--file", str(path))
    assert (r.code, r.out) == (0, "valid: 2 releases, 0 errors, 0 warnings\n")


def test_empty_file_is_an_empty_history(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("# nothing released yet\n", encoding="utf-8")
    r = run_cli("numbering", "--file", str(path), "--next", "0.1.0")
    assert (r.code, r.out) == (
        0,
        "next 0.1.0: the first release\nvalid: 0 releases, 0 errors, 0 warnings\n",
    )


def test_file_from_stdin(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"1.0.0\n1.0.2\n")))
    r = run_cli("numbering", "--file", "-", "--format", "github")
    assert r.code == 0
    assert r.out.splitlines()[0] == (
        "::warning title=eol-check numbering%3A gap::"
        "1.0.2 skips maintenance 1.0.1 (line 1.0 was at 1.0.0)"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"1.0.0\n\xff\xfe1.0.1\n",
            ": not UTF-8 text (byte 0xff at offset 6); save it as UTF-8",
        ),
        (b"1.0.0\n\x00\x01\x02", " is binary (it holds NUL bytes): give one version a line"),
        (
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4096,
            " is binary (it holds NUL bytes): give one version a line",
        ),
    ],
    ids=["not utf-8", "nul bytes", "1 MB of binary"],
)
def test_binary_file_exits_2(run_cli: RunCli, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "releases.txt"
    path.write_bytes(content)
    r = run_cli("numbering", "--file", str(path))
    assert (r.code, r.out) == (2, "")
    assert r.err == f"eol-check: error: --file {str(path)!r}{message}\n"


def test_missing_file_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    r = run_cli("numbering", "--file", str(path))
    assert (r.code, r.out) == (2, "")
    assert r.err == f"eol-check: error: --file {str(path)!r}: file not found\n"


def test_folder_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    r = run_cli("numbering", "--file", str(tmp_path))
    assert r.code == 2
    assert r.err == (
        f"eol-check: error: --file {str(tmp_path)!r}: is a folder, expected a list of versions, "
        "one a line\n"
    )


def test_unreadable_file_exits_2(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod 000 does not stop root (CI containers often run as root): refuse the open instead.
    from eol_check import _files

    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_files, "open_regular", refuse)
    path = tmp_path / "secret.txt"
    r = run_cli("numbering", "--file", str(path))
    assert r.code == 2
    assert r.err == f"eol-check: error: --file {str(path)!r}: cannot be read: Permission denied\n"


# --- hostile input --------------------------------------------------------------------------------


def test_one_megabyte_line_is_one_invalid_finding(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("1.0.0\n" + "9" * (1024 * 1024) + "\n1.0.1\n", encoding="utf-8")
    r = run_cli("numbering", "--file", str(path))
    assert r.code == 1
    assert r.out.splitlines() == [
        f"{path}:2: error invalid: version text of 1048576 characters is too long (at most 256)",
        "invalid: 2 releases, 1 error, 0 warnings",
    ]


def test_hundred_thousand_lines(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    lines = [f"{major}.0.{n}" for major in range(1, 5) for n in range(25_000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run_cli("numbering", "--file", str(path), "--next", "5.0.0")
    assert r.code == 0
    assert r.out.splitlines() == [
        "next 5.0.0: a Major Release (§1.5)",
        "valid: 100000 releases, 0 errors, 0 warnings",
    ]


def test_hundred_thousand_lines_of_garbage(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_text("\n".join(f"release-{n}:%,\tx" for n in range(100_000)), encoding="utf-8")
    r = run_cli("numbering", "--file", str(path), "--format", "github")
    assert (r.code, r.err) == (1, "")
    # Many invalid entries of one shape: one annotation (SPEC §2.2 v2); the JSON lists each.
    assert r.out.splitlines() == [
        f"::error file={escape_property(str(path))},line=1,title=eol-check numbering%3A invalid::"
        "100000 entries like 'release-0:%25,\\tx' are not strict versions (SemVer 2.0.0, e.g. "
        "4.2.1): 'release-0:%25,\\tx', 'release-1:%25,\\tx', 'release-2:%25,\\tx' …; they have no "
        "clear reading and are left out of the history",
        "invalid: 0 releases, 100000 errors, 0 warnings",
    ]
    data = json.loads(run_cli("numbering", "--file", str(path), "--format", "json").out)
    assert len(data["findings"]) == 100_000


def test_control_characters_and_unicode_digits_are_invalid(run_cli: RunCli) -> None:
    r = run_cli("numbering", "1.0.0", "1.0.1\x1b[31m", "١.٠.٢", "--format", "json")
    data = json.loads(r.out)
    assert r.code == 1
    assert [f["code"] for f in data["findings"]] == ["invalid", "invalid"]
    assert data["findings"][1]["message"] == (
        "'١.٠.٢' is not a strict version: only ASCII characters count"
    )


# --- v2: readable at scale, ratchet, notes -------------------------------------------------------


def test_many_invalid_entries_of_one_shape_are_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "unity.txt"
    path.write_text(
        "5.0.0f4\n5.0.1f1\n5.0.2f1\n5.0.3p1\n5.0.3f1\n5.0.4f1\n9.6\n9.7\n9.8\n9.9\n9.10.1\n"
        "5.1.0\n5.1.0\n",
        encoding="utf-8",
    )
    r = run_cli("numbering", "--file", str(path))
    assert r.code == 1
    assert r.out.splitlines() == [
        f"{path}:1: error invalid: 5 entries like '5.0.0f4' are not strict versions (SemVer "
        "2.0.0, e.g. 4.2.1): '5.0.0f4', '5.0.1f1', '5.0.2f1' …; they have no clear reading and are "
        "left out of the history",
        f"{path}:4: error invalid: '5.0.3p1' is not a strict version (SemVer 2.0.0, e.g. 4.2.1); "
        "read as hotfix 1 of 5.0.3 for the releases after it",
        f"{path}:7: error invalid: 4 entries like '9.6' are not strict versions (SemVer 2.0.0, "
        "e.g. 4.2.1): '9.6', '9.7', '9.8' …; each is read as the version it clearly means for the "
        "releases after it",
        f"{path}:11: warning not-reset: 9.10.1 opens line 9.10 at maintenance 1: a new line "
        "should start at 9.10.0 (§1.6)",
        f"{path}:13: error duplicate: 5.1.0 was already released",
        "invalid: 2 releases, 11 errors, 1 warning",
    ]
    data = json.loads(run_cli("numbering", "--file", str(path), "--format", "json").out)
    assert [f["code"] for f in data["findings"]] == ["invalid"] * 10 + ["not-reset", "duplicate"]
    assert data["findings"][6]["related"] == ["9.6.0"]
    assert data["findings"][3]["related"] == ["5.0.3.1"]  # hotfix 1 of 5.0.3 (SPEC §2)
    assert data["findings"][0]["related"] == []
    github = run_cli("numbering", "--file", str(path), "--format", "github").out.splitlines()
    assert len(github) == 6
    assert github[2].startswith(
        f"::error file={escape_property(str(path))},line=7,title=eol-check numbering%3A invalid::"
        "4 entries like '9.6'"
    )


def test_three_invalid_entries_of_one_shape_stay_three_lines(run_cli: RunCli) -> None:
    r = run_cli("numbering", "1.0.0f1", "1.0.1f1", "1.0.2f1")
    assert [line.split(":")[0] for line in r.out.splitlines()] == ["error invalid"] * 3 + [
        "invalid"
    ]


def test_since_in_text_json_and_github(run_cli: RunCli) -> None:
    history = ["4.0.0", "4.2.0", "4.1.0", "4.2.1", "4.2.3"]
    r = run_cli("numbering", *history, "--since", "4.2.1", "--next", "4.2.4")
    assert r.code == 0
    assert r.out.splitlines() == [
        "warning gap: 4.2.3 skips maintenance 4.2.2 (line 4.2 was at 4.2.1)",
        "since 4.2.1: 1 error and 1 warning up to it are not judged",
        "next 4.2.4: a Maintenance Release (§1.7)",
        "valid: 1 release after 4.2.1, 0 errors, 1 warning",
    ]
    r = run_cli("numbering", *history, "--since", "4.2.1", "--format", "json", "--strict")
    data = json.loads(r.out)
    assert r.code == 1
    assert data["since"] == {"ref": "4.2.1", "line": None, "tag": None, "errors": 1, "warnings": 1}
    assert (data["valid"], data["errors"], data["warnings"]) == (False, 0, 1)
    assert [f["version"] for f in data["findings"]] == ["4.2.3"]
    assert len(data["releases"]) == 5
    r = run_cli("numbering", *history, "--since", "4.2.3", "--format", "github")
    assert r.out.splitlines() == [
        "::notice title=eol-check numbering::since 4.2.3: 1 error and 2 warnings up to it are not "
        "judged",
        "valid: 0 releases after 4.2.3, 0 errors, 0 warnings",
    ]


def test_since_with_a_file_names_the_line(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "releases.txt"
    path.write_text("# history\n2.8.15\n2.8.216\n2.8.16\n2.8.17\n", encoding="utf-8")
    r = run_cli("numbering", "--file", str(path))
    assert r.out.splitlines() == [
        f"{path}:3: error out-of-order: 2.8.216 jumped ahead of line 2.8 (it was at 2.8.15): 2 "
        "later releases fall below it: 2.8.16, 2.8.17",
        "invalid: 4 releases, 1 error, 0 warnings",
    ]
    r = run_cli("numbering", "--file", str(path), "--since", "2.8.216", "--format", "json")
    data = json.loads(r.out)
    assert (r.code, data["findings"], data["since"]["line"]) == (0, [], 3)


def test_pre_release_only_history_note(run_cli: RunCli) -> None:
    r = run_cli("numbering", "1.27.3-gke.100", "1.27.4-gke.200", "--format", "github")
    assert r.out.splitlines() == [
        "::notice title=eol-check numbering::every entry is a pre-release (1.27.3-gke.100): the "
        "history is checked on the core versions (1.27.3); a pre-release never counts as a "
        "release otherwise (§1.4)",
        "valid: 2 releases, 0 errors, 0 warnings",
    ]
    data = json.loads(run_cli("numbering", "1.27.3-gke.100", "--format", "json").out)
    assert len(data["notes"]) == 1


# --- usage ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "nothing to check: give VERSION arguments, --file F or --git, and/or --next V"),
        (
            ("1.0.0", "--file", "f"),
            "give the release history one way, not VERSION arguments and "
            "--file: VERSION arguments, --file F or --git",
        ),
        (
            ("--file", "f", "--git"),
            "give the release history one way, not --file and --git: "
            "VERSION arguments, --file F or --git",
        ),
        (("1.0.0", "--repo", "."), "--repo DIR only goes with --git"),
        (
            ("1.0.0", "--format", "yaml"),
            "--format 'yaml' is not offered here: choose text or json or github or junit or "
            "markdown",
        ),
        (
            ("--next", "1.0.0", "--since", "1.0.0"),
            "--since REF needs a history: VERSION arguments, --file F or --git",
        ),
        (
            ("1.0.0", "1.0.1", "--since", "1.0.2"),
            "--since '1.0.2' is not a release of the history: give one of its versions or tags",
        ),
    ],
)
def test_usage_errors_exit_2(run_cli: RunCli, argv: tuple[str, ...], message: str) -> None:
    r = run_cli("numbering", *argv)
    assert (r.code, r.out, r.err) == (2, "", f"eol-check: error: {message}\n")


# --- --git on a real repository -------------------------------------------------------------------

pytestmark_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


class Repo:
    """A real git repository in a temp folder, with commits and tags at chosen dates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = {
            **os.environ,
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(path.parent),
            "GIT_AUTHOR_NAME": "Release Bot",
            "GIT_AUTHOR_EMAIL": "bot@example.com",
            "GIT_COMMITTER_NAME": "Release Bot",
            "GIT_COMMITTER_EMAIL": "bot@example.com",
        }
        path.mkdir()
        self.git("init", "-q")

    def git(self, *args: str, date: str | None = None) -> None:
        env = dict(self.env)
        if date:  # the committer date is also the tagger date of an annotated tag
            env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = f"{date}T12:00:00+00:00"
        subprocess.run(["git", *args], cwd=self.path, env=env, check=True, capture_output=True)

    def commit(self, message: str, date: str) -> None:
        (self.path / "CHANGES").write_text(message + "\n", encoding="utf-8")
        self.git("add", "CHANGES")
        self.git("commit", "-q", "-m", message, date=date)

    def tag(self, name: str, date: str | None = None, *, commit: str = "HEAD") -> None:
        """An annotated tag dated `date`, or a lightweight one (dated by its commit)."""
        if date:
            self.git("tag", "-a", name, "-m", f"release {name}", commit, date=date)
        else:
            self.git("tag", name, commit)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "product")
    repo.commit("first", "2023-01-16")
    repo.tag("v4.0.0")  # lightweight: dated by its commit, 2023-01-16
    repo.commit("fixes", "2023-02-20")
    repo.tag("v4.0.1", "2023-02-20")
    repo.commit("features", "2023-09-04")
    repo.tag("v4.2.0", "2023-09-04")
    repo.tag("nightly", "2023-09-05")
    repo.commit("more features", "2023-11-01")
    repo.tag("v4.10.0-rc.1", "2023-11-01")
    repo.tag("v4.10.0", "2023-11-20")  # name order would put it before v4.2.0
    # A back-port tagged on an older commit, later than v4.10.0 was: creation order counts.
    repo.tag("v4.0.2", "2023-12-01", commit="v4.0.1")
    repo.tag("latest")  # lightweight on HEAD: dated 2023-11-01 by its commit
    return repo


@pytestmark_git
def test_git_reads_tags_in_creation_order(run_cli: RunCli, repo: Repo) -> None:
    r = run_cli("numbering", "--git", "--repo", str(repo.path), "--format", "json")
    data = json.loads(r.out)
    assert [(x["version"], x["kind"]) for x in data["releases"]] == [
        ("4.0.0", "initial"),
        ("4.0.1", "maintenance"),
        ("4.2.0", "minor"),
        ("4.10.0-rc.1", "prerelease-minor"),
        ("4.10.0", "minor"),
        ("4.0.2", "maintenance"),
    ]
    assert data["skipped"] == ["nightly", "latest"]
    assert [(f["code"], f["tag"], f["line"]) for f in data["findings"]] == [
        ("gap", "v4.2.0", None),
        ("gap", "v4.10.0", None),
    ]
    assert r.code == 0
    assert r.err == "eol-check: skipped 2 tag(s) that are not versions: nightly, latest\n"


@pytestmark_git
def test_git_text_and_github(run_cli: RunCli, repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo.path)  # --repo defaults to the current folder
    r = run_cli("numbering", "--git", "--next", "v4.10.1", "--strict")
    assert r.code == 1
    assert r.out.splitlines() == [
        "tag v4.2.0: warning gap: 4.2.0 skips minor 4.1 (major 4 was at line 4.0)",
        "tag v4.10.0: warning gap: 4.10.0 skips minor 4.3 to 4.9 (major 4 was at line 4.2)",
        "next 4.10.1: a Maintenance Release (§1.7)",
        "invalid (--strict: warnings fail): 6 releases, 0 errors, 2 warnings",
    ]
    r = run_cli("numbering", "--git", "--format", "github", "--next", "v4.1.0")
    assert r.code == 1
    assert r.out.splitlines() == [
        "::warning title=eol-check numbering%3A gap::"
        "4.2.0 skips minor 4.1 (major 4 was at line 4.0)",
        "::warning title=eol-check numbering%3A gap::"
        "4.10.0 skips minor 4.3 to 4.9 (major 4 was at line 4.2)",
        "::error title=eol-check numbering%3A out-of-order::"
        "4.1.0 opens line 4.1 after 4.10.0 was released",
        "::notice title=eol-check numbering%3A next version::"
        "next 4.1.0: would be a Minor Release (§1.6), but it breaks the rules above",
        "invalid: 6 releases, 1 error, 2 warnings",
    ]


@pytestmark_git
def test_git_out_of_order_tag_and_invalid_tag(run_cli: RunCli, tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit("one", "2024-01-01")
    repo.tag("v2.0.0", "2024-01-01")
    repo.tag("v2.2.0", "2024-01-15")
    repo.tag("v2.1.0", "2024-02-01")  # a new line below 2.2, created later
    repo.tag("v2.3", "2024-03-01")  # means to be a version: reported, not skipped
    repo.tag("v2.4.x", "2024-03-02")
    repo.tag("vnext", "2024-03-03")
    r = run_cli("numbering", "--git", "--repo", str(repo.path))
    assert r.code == 1
    assert r.out.splitlines() == [
        "tag v2.2.0: warning gap: 2.2.0 skips minor 2.1 (major 2 was at line 2.0)",
        "tag v2.1.0: error out-of-order: 2.1.0 opens line 2.1 after 2.2.0 was released",
        "tag v2.3: error invalid: '2.3' is not a strict version (SemVer 2.0.0, e.g. 4.2.1); read "
        "as 2.3.0 for the releases after it",
        "tag v2.4.x: error invalid: '2.4.x' is not a strict version: expected SemVer 2.0.0 "
        "MAJOR.MINOR.MAINTENANCE[-PRERELEASE][+BUILD], e.g. 4.2.1",
        "invalid: 3 releases, 3 errors, 1 warning",
    ]
    assert r.err == "eol-check: skipped 1 tag(s) that are not versions: vnext\n"


@pytestmark_git
def test_git_same_second_tags_fall_back_to_version_order(run_cli: RunCli, tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit("one", "2024-01-01")
    for name in ("v1.10.0", "v1.9.0", "v1.8.0"):  # a release script tagging in one second
        repo.tag(name, "2024-01-01")
    r = run_cli("numbering", "--git", "--repo", str(repo.path), "--format", "json")
    data = json.loads(r.out)
    assert [x["version"] for x in data["releases"]] == ["1.8.0", "1.9.0", "1.10.0"]


@pytestmark_git
def test_git_tag_prefix(run_cli: RunCli, tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit("one", "2024-01-01")
    repo.tag("release-1.0.0", "2024-01-01")
    repo.tag("release-1.1.0", "2024-02-01")
    repo.tag("v9.0.0", "2024-03-01")  # another scheme: not a version under this prefix
    r = run_cli("numbering", "--git", "--repo", str(repo.path), "--tag-prefix", "release-")
    assert (r.code, r.out) == (0, "valid: 2 releases, 0 errors, 0 warnings\n")
    assert r.err == "eol-check: skipped 1 tag(s) that are not versions: v9.0.0\n"


@pytestmark_git
def test_git_repository_without_tags(run_cli: RunCli, tmp_path: Path) -> None:
    # A check must not pass on nothing: exit 2 (tests/cli/test_numbering_ci.py), unless the
    # project truly has no release yet.
    repo = Repo(tmp_path / "repo")
    r = run_cli("numbering", "--git", "--repo", str(repo.path), "--next", "0.1.0", "--allow-empty")
    assert (r.code, r.err) == (0, "")
    assert r.out.splitlines() == [
        "next 0.1.0: the first release",
        "valid: 0 releases, 0 errors, 0 warnings",
    ]


@pytestmark_git
@pytestmark_git
def test_git_since_a_tag_judges_only_the_tags_after_it(run_cli: RunCli, tmp_path: Path) -> None:
    # A messy past: a mistyped jump, a line opened below another, an invalid tag. The team
    # switches the check on at v2.9.0: only what is tagged after it fails the job.
    repo = Repo(tmp_path / "repo")
    repo.commit("one", "2024-01-01")
    for name, date in [
        ("v2.7.0", "2024-01-02"),
        ("v2.8.15", "2024-01-03"),
        ("v2.8.216", "2024-01-04"),
        ("v2.8.16", "2024-01-05"),
        ("v2.9.0", "2024-02-01"),
        ("v2.8.17", "2024-02-02"),
        ("v2.9.1", "2024-03-01"),
    ]:
        repo.tag(name, date)
    repo.tag("v2.6.5", "2024-01-02")  # later on the same day as v2.7.0, by version order first
    everything = run_cli("numbering", "--git", "--repo", str(repo.path))
    assert everything.code == 1
    assert everything.out.splitlines() == [
        "tag v2.8.15: warning not-reset: 2.8.15 opens line 2.8 at maintenance 15: a new line "
        "should start at 2.8.0 (§1.6)",
        "tag v2.8.216: error out-of-order: 2.8.216 jumped ahead of line 2.8 (it was at 2.8.15): 2 "
        "later releases fall below it: 2.8.16, 2.8.17",
        "invalid: 8 releases, 1 error, 1 warning",
    ]
    r = run_cli("numbering", "--git", "--repo", str(repo.path), "--since", "v2.9.0")
    assert r.code == 0
    assert r.out.splitlines() == [
        "since v2.9.0: 1 error and 1 warning up to it are not judged",
        "valid: 2 releases after v2.9.0, 0 errors, 0 warnings",
    ]
    # The typical pre-tag check: --next with --since, the tag given as the workflow has it.
    r = run_cli(
        "numbering",
        "--git",
        "--repo",
        str(repo.path),
        "--since",
        "2.9.0",
        "--next",
        "v2.9.3",
        "--format",
        "json",
    )
    data = json.loads(r.out)
    assert r.code == 0
    assert data["since"] == {
        "ref": "2.9.0",
        "line": None,
        "tag": "v2.9.0",
        "errors": 1,
        "warnings": 1,
    }
    assert [(f["code"], f["version"]) for f in data["findings"]] == [("gap", "2.9.3")]
    assert data["next"] == {
        "version": "2.9.3",
        "kind": "maintenance",
        "prerelease": False,
        "valid": True,
    }
    repo.tag("v2.9.2-rc.1", "2024-04-01")
    repo.tag("v2.9.0-rc.2", "2024-04-02")  # after --since: judged
    r = run_cli("numbering", "--git", "--repo", str(repo.path), "--since", "v2.9.0")
    assert r.code == 1
    assert r.out.splitlines() == [
        "tag v2.9.0-rc.2: error out-of-order: 2.9.0-rc.2 is a pre-release of 2.9.0, which was "
        "already released",
        "since v2.9.0: 1 error and 1 warning up to it are not judged",
        "invalid: 4 releases after v2.9.0, 1 error, 0 warnings",
    ]
    missing = run_cli("numbering", "--git", "--repo", str(repo.path), "--since", "v3.0.0")
    assert (missing.code, missing.out) == (2, "")
    assert missing.err == (
        "eol-check: error: --since 'v3.0.0' is not a release of the history: give one of its "
        "versions or tags\n"
    )


@pytestmark_git
def test_not_a_git_repository_exits_2(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    r = run_cli("numbering", "--git", "--repo", str(folder))
    assert (r.code, r.out) == (2, "")
    assert r.err.startswith(f"eol-check: error: cannot read the tags of {str(folder)!r}: not a git")
    assert r.err.count("\n") == 1


def test_repo_that_is_not_a_folder_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    r = run_cli("numbering", "--git", "--repo", str(tmp_path / "nope"))
    assert r.code == 2
    assert r.err == (
        f"eol-check: error: --repo {str(tmp_path / 'nope')!r} is not a folder: "
        "give the folder of a git repository\n"
    )


def test_git_missing_exits_2(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no git here
    r = run_cli("numbering", "--git", "--repo", str(tmp_path))
    assert (r.code, r.out) == (2, "")
    assert r.err == "eol-check: error: git was not found on PATH: --git needs git installed\n"


def test_command_module_stays_import_light() -> None:
    code = (
        "import sys; from eol_check.cli import main; rc = main(['numbering', '--help']);"
        "print(sorted(m for m in ('semver', 'eol_check.numbering', 'eol_check._git')"
        " if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
