"""`eol-check numbering` in CI: shallow clones and empty histories, tag pushes, branch names as
--next, --suggest, JUnit XML (read by junitparser, a real consumer) and the Markdown summary."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st
from junitparser import Failure, JUnitXml, Skipped

from eol_check import Version, check_numbering, suggest_next

from ..conftest import RunCli
from .test_numbering_cli import Repo

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def clone(source: Path, target: Path, *, depth: int | None = None) -> Path:
    """A real clone of `source` (shallow with `depth`, as actions/checkout makes one)."""
    args = ["git", "clone", "-q", *(["--depth", str(depth)] if depth else [])]
    subprocess.run([*args, source.resolve().as_uri(), str(target)], check=True, capture_output=True)
    return target


@pytest.fixture
def released(tmp_path: Path) -> Repo:
    """1.0.0 (lightweight) → 1.1.0 (annotated) → 1.1.1 (lightweight) → 2.0.0 on HEAD (annotated)."""
    repo = Repo(tmp_path / "product")
    repo.commit("first", "2024-01-15")
    repo.tag("v1.0.0")
    repo.commit("features", "2024-03-01")
    repo.tag("v1.1.0", "2024-03-01")
    repo.commit("fix", "2024-03-20")
    repo.tag("v1.1.1")
    repo.commit("breaking", "2024-06-03")
    repo.tag("v2.0.0", "2024-06-03")
    return repo


# --- checks that cannot pass on nothing -----------------------------------------------------------


@needs_git
def test_no_tags_is_exit_2_with_the_mend(run_cli: RunCli, tmp_path: Path) -> None:
    repo = Repo(tmp_path / "new")
    repo.commit("first", "2024-01-15")
    repo.tag("nightly", "2024-01-16")
    r = run_cli("numbering", "--git", "--repo", str(repo.path), "--next", "0.1.0")
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "eol-check: skipped 1 tag(s) that are not versions: nightly\n"
        f"eol-check: error: --git found no version tags in {str(repo.path)!r} (1 other tag "
        "skipped): fetch them with 'git fetch --tags', check --tag-prefix, or give "
        "--allow-empty if the project has no release yet\n"
    )
    r = run_cli("numbering", "--git", "--repo", str(repo.path), "--next", "0.1.0", "--allow-empty")
    assert r.code == 0
    assert r.out.splitlines() == [
        "next 0.1.0: the first release",
        "valid: 0 releases, 0 errors, 0 warnings",
    ]


@needs_git
@pytest.mark.parametrize("head_tagged", [True, False])
def test_shallow_clone_is_exit_2_with_the_mend(
    run_cli: RunCli, released: Repo, tmp_path: Path, head_tagged: bool
) -> None:
    if not head_tagged:
        released.commit("after the release", "2024-06-10")
    shallow = clone(released.path, tmp_path / "shallow", depth=1)
    held = "1 version tag" if head_tagged else "0 version tags"  # the clone follows HEAD's tag
    r = run_cli("numbering", "--git", "--repo", str(shallow), "--next", "v2.0.0")
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        f"eol-check: error: --git reads the tag history, and {str(shallow)!r} is a shallow clone "
        f"({held}): it holds only the tags its fetch followed (actions/checkout fetches one commit "
        "and no tags by default): check out with 'fetch-depth: 0', or run 'git fetch --tags "
        "--unshallow'; --allow-shallow if its tags were all fetched on purpose\n"
    )
    # Told to read it anyway, the tag push still has nothing before its tag to be judged against.
    r = run_cli("numbering", "--git", "--repo", str(shallow), "--allow-shallow", "--next", "v2.0.0")
    assert r.code == 2
    assert r.err.startswith("eol-check: error: --git found no version tags")
    # The mend the message names works.
    subprocess.run(
        ["git", "-C", str(shallow), "fetch", "-q", "--tags", "--unshallow"],
        check=True,
        capture_output=True,
    )
    r = run_cli("numbering", "--git", "--repo", str(shallow), "--next", "v2.1.0")
    assert (r.code, r.out.splitlines()[-1]) == (0, "valid: 4 releases, 0 errors, 0 warnings")


@needs_git
def test_full_clone_reads_every_tag(run_cli: RunCli, released: Repo, tmp_path: Path) -> None:
    full = clone(released.path, tmp_path / "full")
    r = run_cli("numbering", "--git", "--repo", str(full), "--format", "json")
    assert r.code == 0
    assert [rel["version"] for rel in json.loads(r.out)["releases"]] == [
        "1.0.0",
        "1.1.0",
        "1.1.1",
        "2.0.0",
    ]


# --- tag pushes -----------------------------------------------------------------------------------


@needs_git
@pytest.mark.parametrize("annotated", [True, False])
@pytest.mark.parametrize("given_as", ["v2.0.0", "2.0.0"])
def test_next_naming_the_tag_on_head_is_judged_before_it(
    run_cli: RunCli, tmp_path: Path, annotated: bool, given_as: str
) -> None:
    repo = Repo(tmp_path / "product")
    repo.commit("first", "2024-01-15")
    repo.tag("v1.0.0", "2024-01-15")
    repo.commit("fix", "2024-02-01")
    repo.tag("v1.0.1")
    repo.commit("breaking", "2024-06-03")
    repo.tag("v2.0.0", "2024-06-03" if annotated else None)
    r = run_cli("numbering", "--git", "--repo", str(repo.path), "--next", given_as)
    assert (r.code, r.err) == (0, "")
    assert r.out.splitlines() == [
        "note: next v2.0.0 is the tag on HEAD (the release being tagged): it is judged after the "
        "2 tags created before it",
        "next 2.0.0: a Major Release (§1.5)",
        "valid: 2 releases, 0 errors, 0 warnings",
    ]
    data = json.loads(
        run_cli(
            "numbering", "--git", "--repo", str(repo.path), "--next", given_as, "--format", "json"
        ).out
    )
    assert data["next"]["kind"] == "major"
    assert data["notes"] == [r.out.splitlines()[0].removeprefix("note: ")]


@needs_git
def test_tag_on_head_is_judged_for_real(run_cli: RunCli, tmp_path: Path) -> None:
    # The tag being pushed breaks the rules: it fails, as it would have before tagging.
    repo = Repo(tmp_path / "product")
    repo.commit("first", "2024-01-15")
    repo.tag("v1.0.0", "2024-01-15")
    repo.tag("v1.2.0", "2024-02-01")
    repo.commit("back-port", "2024-03-01")
    repo.tag("v1.1.0", "2024-03-01")
    r = run_cli("numbering", "--git", "--repo", str(repo.path), "--next", "v1.1.0")
    assert r.code == 1
    assert r.out.splitlines()[1:] == [
        "next: error out-of-order: 1.1.0 opens line 1.1 after 1.2.0 was released",
        "note: next v1.1.0 is the tag on HEAD (the release being tagged): it is judged after the "
        "2 tags created before it",
        "next 1.1.0: would be a Minor Release (§1.6), but it breaks the rules above",
        "invalid: 2 releases, 1 error, 1 warning",
    ]


@needs_git
def test_a_tag_not_on_head_is_still_a_duplicate(run_cli: RunCli, released: Repo) -> None:
    r = run_cli("numbering", "--git", "--repo", str(released.path), "--next", "v1.1.1")
    assert r.code == 1
    assert r.out.splitlines() == [
        "next: error duplicate: 1.1.1 was already released",
        "invalid: 4 releases, 1 error, 0 warnings",
    ]


@pytest.mark.parametrize("name", ["main", "release/2.x", "refs/tags/v1.0.0", "", "feature-4.2"])
def test_next_that_is_not_a_version_is_exit_2_with_the_hint(run_cli: RunCli, name: str) -> None:
    r = run_cli("numbering", "1.0.0", "--next", name)
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        f"eol-check: error: --next {name!r} is not a version: give the version being released "
        "(e.g. 4.2.1); in GitHub Actions $GITHUB_REF_NAME is the branch's name on a branch push, "
        "so pass it only on tag pushes (docs/numbering.md, 'Tag pushes')\n"
    )


def test_next_meant_as_a_version_is_still_a_finding(run_cli: RunCli) -> None:
    # A digit first (after the prefix or a 'v'): a version, written wrong, exit 1 with its finding.
    r = run_cli("numbering", "1.0.0", "--next", "v1.1.0")
    assert r.code == 1
    assert r.out.splitlines()[0].startswith("next: error invalid: 'v1.1.0' is not a strict version")


# --- --suggest ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "kind", "expected"),
    [
        (["1.0.0", "1.1.0", "1.1.1"], "minor", "1.2.0"),
        (["1.0.0", "1.1.0", "1.1.1"], "major", "2.0.0"),
        (["1.0.0", "1.1.0", "1.1.1"], "maintenance", "1.1.2"),
        # A back-port after the newest line: the newest line goes on.
        (["4.0.0", "4.1.0", "4.0.1"], "maintenance", "4.1.1"),
        # Pre-releases do not open lines (§1.4): the minor after 1.0 is still 1.1.0.
        (["1.0.0", "1.2.0-rc.1"], "minor", "1.1.0"),
        (["1.0.0", "2.0.0-rc.1"], "major", "2.0.0"),
        # A pre-release-only history is read on its cores (SPEC §2.2 v2).
        (["1.27.3-gke.100", "1.27.4-gke.200"], "maintenance", "1.27.5"),
        # Build metadata is not a new release.
        (["1.0.0+b1", "1.0.0+b2"], "maintenance", "1.0.1"),
        ([], "minor", None),
    ],
)
def test_suggest_next(history: list[str], kind: str, expected: str | None) -> None:
    suggested = suggest_next(history, kind)
    assert (str(suggested) if suggested else None) == expected


def test_suggest_next_reads_invalid_entries_and_hotfixes_as_the_history_does() -> None:
    assert suggest_next(["96.0.1", "97.0"], "maintenance") == Version(97, 0, 1)
    assert suggest_next(["2.5.14", "2.5.14.1"], "maintenance") == Version(2, 5, 15)
    assert suggest_next(["v1.0.0", "v1.3.2"], "minor", tag_prefix="v") == Version(1, 4, 0)


def test_suggest_next_refuses_other_kinds() -> None:
    with pytest.raises(ValueError, match="'initial' is not major, minor or maintenance"):
        suggest_next(["1.0.0"], "initial")


_VERSIONS = st.builds(
    Version,
    st.integers(0, 4),
    st.integers(0, 4),
    st.integers(0, 4),
    st.sampled_from([(), (), ("rc", 1)]),
)


@given(st.lists(_VERSIONS, max_size=12), st.sampled_from(["major", "minor", "maintenance"]))
def test_the_suggestion_is_a_valid_next_version_of_its_kind(
    history: list[Version], kind: str
) -> None:
    result = check_numbering(history)
    suggested = suggest_next(history, kind)
    if suggested is None:
        assert not history  # every generated entry is a version: None only for no entries
        return
    checked = check_numbering(history, next_version=suggested)
    assert not [f for f in checked.findings if f.index is None and f.is_error], checked.findings
    # Its kind is the kind asked for, unless the history has no GA release below it yet.
    assert checked.next is not None
    assert checked.next.kind.value in (kind, "initial")
    assert result.valid == checked.valid


def test_suggest_prints_the_version_alone(run_cli: RunCli) -> None:
    r = run_cli("numbering", "1.0.0", "1.1.0", "1.1.1", "--suggest", "minor")
    assert (r.code, r.out, r.err) == (0, "1.2.0\n", "")


@needs_git
def test_suggest_from_tags_with_a_prefix(run_cli: RunCli, tmp_path: Path) -> None:
    repo = Repo(tmp_path / "product")
    repo.commit("first", "2024-01-15")
    repo.tag("release-1.0.0", "2024-01-15")
    repo.tag("release-1.1.0")
    repo.tag("v9.0.0", "2024-02-01")  # another scheme: skipped under this prefix
    r = run_cli(
        "numbering",
        "--git",
        "--repo",
        str(repo.path),
        "--tag-prefix",
        "release-",
        "--suggest",
        "maintenance",
    )
    assert (r.code, r.out) == (0, "1.1.1\n")
    assert r.err == "eol-check: skipped 1 tag(s) that are not versions: v9.0.0\n"


def test_suggest_on_a_history_that_fails_is_exit_1_and_says_why(run_cli: RunCli) -> None:
    messy = ("4.0.0", "4.2.0", "4.1.0", "4.2.1")
    r = run_cli("numbering", *messy, "--suggest", "maintenance")
    assert (r.code, r.out) == (1, "")
    assert r.err == (
        "eol-check: no version suggested: the history breaks the numbering rules (1 error, 1 "
        "warning): run without --suggest to see them, or judge only what came after a tag with "
        "--since REF\n"
    )
    # Ratchet mode: the old mistakes are context, and the suggestion follows the whole history.
    r = run_cli("numbering", *messy, "--since", "4.1.0", "--suggest", "maintenance")
    assert (r.code, r.out) == (0, "4.2.2\n")
    r = run_cli("numbering", "1.0.0", "1.0.2", "--strict", "--suggest", "minor")
    assert r.code == 1
    assert "(0 errors, 1 warning, and --strict fails on warnings)" in r.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("1.0.0", "--suggest", "minor", "--next", "1.1.0"),
            "--suggest and --next do not go together: --suggest says what to tag next, --next vets "
            "a version you chose",
        ),
        (
            ("1.0.0", "--suggest", "minor", "--format", "json"),
            "--suggest prints the version alone: it has no --format json",
        ),
        (
            ("1.0.0", "--suggest", "patch"),
            "numbering: argument --suggest: invalid choice: 'patch' (choose from 'major', 'minor', "
            "'maintenance') (see 'eol-check numbering --help')",
        ),
    ],
)
def test_suggest_usage_errors(run_cli: RunCli, argv: tuple[str, ...], message: str) -> None:
    r = run_cli("numbering", *argv)
    assert (r.code, r.out, r.err) == (2, "", f"eol-check: error: {message}\n")


def test_suggest_on_an_empty_history_is_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    empty = tmp_path / "releases.txt"
    empty.write_text("# none yet\n", encoding="utf-8")
    r = run_cli("numbering", "--file", str(empty), "--suggest", "minor")
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "eol-check: error: --suggest: the history has no release to follow; the first release "
        "is yours to name (e.g. 1.0.0)\n"
    )


# --- JUnit XML ------------------------------------------------------------------------------------


def _junit(text: str) -> JUnitXml:
    return JUnitXml.fromstring(text.encode("utf-8"))


def _suite_out(text: str) -> str | None:
    """The suite's own <system-out> (the Ant schema's place after the cases; junitparser does
    not read it)."""
    return ElementTree.fromstring(text).findtext("testsuite/system-out")


def test_junit_one_case_per_release_and_one_for_next(run_cli: RunCli) -> None:
    r = run_cli(
        "numbering", "4.0.0", "4.2.0", "4.1.0", "4.2.0", "--next", "4.2.1", "--format", "junit"
    )
    assert r.code == 1
    xml = _junit(r.out)
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (5, 2, 0, 0)
    (suite,) = list(xml)
    cases = list(suite)
    assert [case.name for case in cases] == ["4.0.0", "4.2.0", "4.1.0", "4.2.0", "next 4.2.1"]
    assert [case.is_passed for case in cases] == [True, True, False, False, True]
    (failure,) = cases[2].result
    assert isinstance(failure, Failure)
    assert (failure.type, failure.message) == (
        "out-of-order",
        "4.1.0 opens line 4.1 after 4.2.0 was released",
    )
    assert cases[3].result[0].message == "4.2.0 was already released"
    # A warning fails nothing without --strict: it is in the case's output.
    assert cases[1].system_out == "warning gap: 4.2.0 skips minor 4.1 (major 4 was at line 4.0)"
    assert _suite_out(r.out) == "invalid: 3 releases, 2 errors, 1 warning"
    strict = _junit(run_cli("numbering", "4.0.0", "4.2.0", "--strict", "--format", "junit").out)
    assert (strict.tests, strict.failures) == (2, 1)
    # Two findings on one release: one failure (the first's message), both in its text.
    both = _junit(run_cli("numbering", "4.0.0", "4.2.1", "--strict", "--format", "junit").out)
    (failure,) = list(next(iter(both)))[1].result
    assert failure.message == "4.2.1 skips minor 4.1 (major 4 was at line 4.0)"
    assert failure.text == (
        "warning gap: 4.2.1 skips minor 4.1 (major 4 was at line 4.0)\n"
        "warning not-reset: 4.2.1 opens line 4.2 at maintenance 1: a new line should start at "
        "4.2.0 (§1.6)"
    )


def test_junit_since_skips_the_context_and_files_name_lines(
    run_cli: RunCli, tmp_path: Path
) -> None:
    path = tmp_path / "releases.txt"
    path.write_text("4.0.0\n4.2.0\n4.1.0\n\n4.2.1\n4.2.3\n", encoding="utf-8")
    r = run_cli("numbering", "--file", str(path), "--since", "4.1.0", "--format", "junit")
    assert r.code == 0
    xml = _junit(r.out)
    assert (xml.tests, xml.failures, xml.skipped) == (5, 0, 3)
    cases = list(next(iter(xml)))
    assert [c.name for c in cases] == [
        "4.0.0 (line 1)",
        "4.2.0 (line 2)",
        "4.1.0 (line 3)",
        "4.2.1 (line 5)",
        "4.2.3 (line 6)",
    ]
    # GitLab shows a case's file; junitparser does not read the attribute: the XML says it.
    files = {case.get("file") for case in ElementTree.fromstring(r.out).iter("testcase")}
    assert files == {str(path)}
    skipped = cases[2].result[0]
    assert isinstance(skipped, Skipped)
    assert skipped.message == "up to --since 4.1.0: not judged"
    assert (
        cases[2].system_out == "error out-of-order: 4.1.0 opens line 4.1 after 4.2.0 was released"
    )
    assert cases[4].system_out.startswith("warning gap: 4.2.3 skips maintenance 4.2.2")
    assert _suite_out(r.out) == (
        "since 4.1.0: 1 error and 1 warning up to it are not judged\n"
        "valid: 2 releases after 4.1.0, 0 errors, 1 warning"
    )


def test_junit_hostile_entries_stay_well_formed(run_cli: RunCli) -> None:
    hostile = ["1.0.0", "1.0\x001", "<b>&amp;</b>", "1.1.0\u202e", "\x1b[31m2.0.0", "]]>"]
    r = run_cli("numbering", *hostile, "--format", "junit")
    assert r.code == 1
    xml = _junit(r.out)
    assert (xml.tests, xml.failures) == (6, 5)
    names = [c.name for c in next(iter(xml))]
    assert names == [
        "1.0.0",
        "1.0\\x001",
        "<b>&amp;</b>",
        "1.1.0\\u202e",
        "\\x1b[31m2.0.0",
        "]]>",
    ]
    assert not {"\x1b", "\u202e", "\x00"} & set(r.out)


# --- Markdown (the job summary) ---------------------------------------------------------------


def test_markdown_summary(run_cli: RunCli) -> None:
    r = run_cli("numbering", "4.0.0", "4.2.0", "4.1.0", "--next", "4.2.1", "--format", "markdown")
    assert r.code == 1
    assert r.out.splitlines() == [
        "### ❌ eol-check numbering: invalid: 3 releases, 1 error, 1 warning",
        "",
        "| level | code | where | finding |",
        "|---|---|---|---|",
        "| warning | `gap` | - | 4.2.0 skips minor 4.1 (major 4 was at line 4.0) |",
        "| error | `out-of-order` | - | 4.1.0 opens line 4.1 after 4.2.0 was released |",
        "",
        "- **next 4.2.1: a Maintenance Release (§1.7)**",
    ]
    ok = run_cli("numbering", "1.0.0", "--format", "markdown")
    assert (ok.code, ok.out) == (
        0,
        "### ✅ eol-check numbering: valid: 1 release, 0 errors, 0 warnings\n\n",
    )


def test_markdown_escapes_text_from_the_history(run_cli: RunCli) -> None:
    r = run_cli("numbering", "1.0.0", "<img src=x>|[a](b)*_", "--format", "markdown")
    row = r.out.splitlines()[4]
    # One Markdown inertness for every command (`_table.markdown_text`): `<` escaped (so no
    # tag opens; a `>` after it is plain text), `|` escaped in a cell.
    assert row == (
        "| error | `invalid` | - | '\\<img src=x>\\|\\[a\\](b)\\*\\_' is not a strict version: "
        "expected SemVer 2.0.0 MAJOR.MINOR.MAINTENANCE\\[-PRERELEASE\\]\\[+BUILD\\], e.g. 4.2.1 |"
    )


def test_markdown_keeps_mentions_and_links_from_the_history_inert(run_cli: RunCli) -> None:
    # A tag that would ping a team or link out on GitHub is shown in a code span.
    r = run_cli(
        "numbering", "1.0.0", "@octo/team", "https://evil.example/x", "--format", "markdown"
    )
    rows = r.out.splitlines()[4:6]
    assert rows == [
        "| error | `invalid` | - | `'@octo/team'` is not a strict version: expected SemVer 2.0.0 "
        "MAJOR.MINOR.MAINTENANCE\\[-PRERELEASE\\]\\[+BUILD\\], e.g. 4.2.1 |",
        "| error | `invalid` | - | `'https://evil.example/x'` is not a strict version: expected "
        "SemVer 2.0.0 MAJOR.MINOR.MAINTENANCE\\[-PRERELEASE\\]\\[+BUILD\\], e.g. 4.2.1 |",
    ]
