"""The command line: exit codes, one-line errors, global options anywhere (SPEC §5)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eol_check.cli import main

from ..conftest import RunCli


def test_classify_text(run_cli: RunCli) -> None:
    r = run_cli("classify", "4.2.0", "4.2.1")
    assert (r.code, r.out, r.err) == (0, "4.2.0 → 4.2.1: Maintenance Release (§1.7)\n", "")


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (("3.1.2", "4.0.0"), "3.1.2 → 4.0.0: Major Release (§1.5)"),
        (("4.0.0", "4.2.0"), "4.0.0 → 4.2.0: Minor Release (§1.6)"),
        (("4.2.1", "4.3.0-rc.1"), "4.2.1 → 4.3.0-rc.1: pre-release of a Minor Release (§1.6)"),
        (("v4.2", "4.2.0+77"), "4.2.0 → 4.2.0+77: the same version: not a release"),
        # A fourth part is a hotfix (SPEC §2): a higher hotfix of the same release is `hotfix`.
        (("2.5.14", "2.5.14.1"), "2.5.14 → 2.5.14.1: hotfix of the same release (§3.6: a hot fix)"),
        (
            ("4.3.2", "4.3.2-hotfix1"),
            "4.3.2 → 4.3.2.1: hotfix of the same release (§3.6: a hot fix)",
        ),
        (
            ("Octopus Authentication Server 4.2.1", "4.2"),
            "4.2.1 → 4.2.0: a downgrade: TO is below FROM",
        ),
    ],
)
def test_classify_text_lines(run_cli: RunCli, argv: tuple[str, str], line: str) -> None:
    assert run_cli("classify", *argv).out.splitlines()[0] == line


def test_classify_not_reset_note(run_cli: RunCli) -> None:
    r = run_cli("classify", "4.0.0", "4.2.1")
    assert r.code == 0
    assert r.out.splitlines() == [
        "4.0.0 → 4.2.1: Minor Release (§1.6)",
        "  note not-reset: if 4.2.1 opens line 4.2, it should start at 4.2.0 (§1.6: 4.0.0 → "
        "4.2.0); classify sees two versions, not the history: `eol-check numbering --next 4.2.1` "
        "judges it against the history",
    ]
    r = run_cli("classify", "3.1.2", "4.1.0-rc.1")
    assert r.out.splitlines()[1] == (
        "  note not-reset: if 4.1.0 opens major 4, it should start at 4.0.0 (§1.5: 3.1.2 → "
        "4.0.0); classify sees two versions, not the history: `eol-check numbering --next 4.1.0` "
        "judges it against the history"
    )


def test_classify_strict_fails_on_a_note(run_cli: RunCli) -> None:
    assert run_cli("classify", "4.0.0", "4.2.1", "--strict").code == 1
    assert run_cli("classify", "4.0.0", "4.2.0", "--strict").code == 0


@pytest.mark.parametrize(
    ("argv", "code", "fields"),
    [
        (
            ("classify", "3.1.2", "4.1.0", "--format", "json"),
            0,
            {
                "from": "3.1.2",
                "to": "4.1.0",
                "kind": "major",
                "prerelease": False,
                "notes": ["not-reset"],
            },
        ),
        (
            ("--format", "json", "classify", "4.3.0-rc.1", "4.3.0"),
            0,
            {
                "from": "4.3.0-rc.1",
                "to": "4.3.0",
                "kind": "minor",
                "prerelease": False,
                "notes": [],
            },
        ),
        (
            ("classify", "--format=json", "4.2.1", "4.2.1"),
            1,
            {"from": "4.2.1", "to": "4.2.1", "kind": "none", "prerelease": False, "notes": []},
        ),
        (
            ("classify", "4.2.1", "4.2.0", "--format", "json"),
            1,
            {"from": "4.2.1", "to": "4.2.0", "kind": "downgrade", "prerelease": False, "notes": []},
        ),
    ],
)
def test_classify_json(
    run_cli: RunCli, argv: tuple[str, ...], code: int, fields: dict[str, object]
) -> None:
    r = run_cli(*argv)
    assert r.code == code
    assert json.loads(r.out) == fields


@pytest.mark.parametrize(
    ("argv", "err"),
    [
        (
            ("classify", "4.2.0", "foo"),
            "TO: no version found in 'foo': expected a number like 4.2.1",
        ),
        (("classify", "", "4.2.0"), "FROM: no version found in '': expected a number like 4.2.1"),
        (
            ("classify", "٤.٢.٠", "4.2.0"),
            "FROM: no version found in '٤.٢.٠': expected a number like 4.2.1",
        ),
        (
            ("classify", "4.2.0", "9" * 400),
            "TO: version text of 400 characters is too long (at most 256)",
        ),
        (
            ("classify", "4.2.0", "99999999999999999.0.0"),
            "TO: '99999999999999999.0.0' has a part of 17 digits: at most 16 are allowed",
        ),
        (
            ("classify", "4.2", "4.3.0", "--strict"),
            "FROM: '4.2' is not a strict version: expected SemVer 2.0.0 "
            "MAJOR.MINOR.MAINTENANCE[-PRERELEASE][+BUILD], e.g. 4.2.1",
        ),
        (
            ("classify", "4.2.0"),
            "classify: the following arguments are required: TO (see 'eol-check classify --help')",
        ),
        (
            ("classify", "1", "2", "3"),
            "classify: unrecognized arguments: 3 (see 'eol-check classify --help')",
        ),
        (("frobnicate",), "argument COMMAND: invalid choice: 'frobnicate' (choose"),
        ((), "the following arguments are required: COMMAND (see 'eol-check --help')"),
        (
            ("classify", "1", "2", "--format", "xml"),
            "--format 'xml' is not offered here: choose text or json",
        ),
        (
            ("classify", "1", "2", "--date", "tomorrow"),
            "--date 'tomorrow' is not a date: expected YYYY-MM-DD, e.g. 2026-01-15",
        ),
        (
            ("classify", "1", "2", "--date", "2026-02-30"),
            "--date '2026-02-30' is not a real calendar date (day is out of range for month)",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run_cli: RunCli, argv: tuple[str, ...], err: str) -> None:
    r = run_cli(*argv)
    assert r.code == 2
    assert r.out == ""
    assert r.err.startswith(f"eol-check: error: {err}")
    assert r.err.endswith("\n")
    assert r.err.count("\n") == 1


def test_global_options_before_and_after_the_command(run_cli: RunCli) -> None:
    before = run_cli("--format", "json", "classify", "1.0.0", "2.0.0")
    after = run_cli("classify", "1.0.0", "2.0.0", "--format", "json")
    assert before.out == after.out
    assert json.loads(before.out)["kind"] == "major"


def test_help_and_version_exit_0(run_cli: RunCli) -> None:
    assert run_cli("--help").code == 0
    assert run_cli("classify", "--help").code == 0
    r = run_cli("--version")
    assert (r.code, r.out) == (0, "eol-check 0.1.0\n")


def test_internal_error_is_one_line_and_exit_70(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eol_check._cli.classify as classification  # where the command calls it

    def boom(*_: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(classification, "classify", boom)
    r = run_cli("classify", "1.0.0", "2.0.0")
    assert r.code == 70
    assert r.err == (
        "eol-check: internal error (ZeroDivisionError): this is a bug in eol-check; please "
        "report it at https://github.com/eol-check/eol-check/issues "
        "(run with --debug for the traceback)\n"
    )
    r = run_cli("classify", "1.0.0", "2.0.0", "--debug")
    assert r.code == 70
    assert "Traceback" in r.err
    assert "ZeroDivisionError: boom" in r.err


def test_main_defaults_to_sys_argv(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["eol-check", "classify", "1.0.0", "1.0.1"])
    assert main() == 0


@pytest.mark.parametrize("entry", [["-m", "eol_check"], ["-m", "eol_check.cli"]])
def test_runs_as_a_module(entry: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, *entry, "classify", "4.2.0", "5.0.0"], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout) == (0, "4.2.0 → 5.0.0: Major Release (§1.5)\n")
    bad = subprocess.run(
        [sys.executable, *entry, "classify", "4.2.0", "x"], capture_output=True, text=True
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr


def _read(argv: list[str]) -> object:
    """What eol-check's parser makes of `argv`: the options and the command's module, or its
    complaint, or its exit (with what it printed: --help, --version)."""
    import contextlib
    import io

    from eol_check._cli._common import UsageError
    from eol_check.cli import parse_command_line

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args, module = parse_command_line(argv)
    except UsageError as exc:
        return ("usage error", str(exc))
    except SystemExit as exc:
        return ("exit", exc.code, out.getvalue(), err.getvalue())
    return module.__name__, sorted((k, repr(v)) for k, v in vars(args).items())


COMMAND_LINES = [
    ["check", "oas", "4.3.2", "--severity", "S2", "--region", "emea"],
    ["check", "oas", "4.3.2", "-s", "S2", "--reported-at=2026-11-20T17:00:00+01:00", "--tz", "X"],
    ["check", "oas", "4.3.2", "--sev", "S2", "--date", "2026-11-21", "--format", "json"],
    ["check", "oas", "4.3.2"],
    ["check", "oas", "4.3.2", "-s"],
    ["check", "oas", "4.3.2", "-s", "S1", "extra"],
    ["check", "--help"],
    ["check", "oas", "4.3.2", "-s", "S1", "-V"],
    ["check", "oas", "4.3.2", "-s", "S1", "--", "--x"],
    ["check", "oas", "4.3.2", "-s", "S1", "--catalog-sha256", "nothex"],
    ["check", "oas", "4.3.2", "-s", "S1", "--customers", "c.csv", "--customer", "acme"],
    ["status", "oas"],
    ["status", "oas", "4.2.1", "--date", "2026-11-21", "--debug"],
    ["status", "oas", "4.2.1", "--bogus"],
    ["status", "-h"],
    ["status"],
    ["preflight", "oas", "--installed", "5.0.1", "--target", "6.0.2"],
    ["preflight", "oas", "--installed", "5.0.1", "--target", "6.0.2", "--offline", "--strict"],
    ["preflight", "oas", "--inst", "5.0.1"],
    ["classify", "4.2.0", "4.2.1", "--strict"],
    ["classify", "1", "2", "3"],
    ["numbering", "--help"],
    ["report", "customers.csv", "--date", "2026-11-21", "-o", "-"],
    ["products", "--format", "JSON"],
    ["catalog", "validate", "--strict"],
    ["catalog", "export", "--format", "endoflife"],
    ["catalog", "publish", "site", "--base-url", "https://example.com/eol/"],
    ["catalog", "fetch", "--catalog-url", "https://example.com/c.json", "--timeout", "5"],
    ["catalog"],
    ["catalog", "frobnicate"],
    ["catalog", "validate", "--date", "2026-11-21", "surplus"],
]


#: Global options, each well formed, to put before the command name or after it.
GLOBAL_OPTIONS = [
    ["--date", "2026-11-21"],
    ["--format", "json", "--debug"],
    ["--offline", "--timeout", "7"],
    ["--catalog-sha256", "ab" * 32, "--require-fresh"],
    ["--date=2026-11-21", "--policy", "p.toml", "--catalog", "c.toml"],
]


@pytest.mark.parametrize("globals_", GLOBAL_OPTIONS, ids=" ".join)
@pytest.mark.parametrize("argv", COMMAND_LINES, ids=[" ".join(a) for a in COMMAND_LINES])
def test_global_options_read_the_same_before_and_after_the_command_name(
    argv: list[str], globals_: list[str]
) -> None:
    # SPEC §5: global options anywhere. Before the name the general parser reads them; after it,
    # the command's own parser: the options, the complaints and the help are the same.
    command, *rest = argv
    assert _read([*globals_, command, *rest]) == _read([command, *globals_, *rest])


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["check", "status", "preflight", "classify", "products", "catalog"]),
    st.sampled_from(GLOBAL_OPTIONS),
    st.lists(
        st.sampled_from(
            [
                "oas",
                "4.3.2",
                "-s",
                "S2",
                "--sev",
                "--severity",
                "--date",
                "2026-11-21",
                "--format",
                "json",
                "--installed",
                "--target",
                "--debug",
                "--strict",
                "--offline",
                "-h",
                "--",
                "--region",
                "validate",
                "export",
                "--bogus",
                "-x",
                "=",
                "--date=2026-11-21",
                "-V",
                "--catalog-sha256",
                "ab" * 32,
                "--timeout",
                "0",
                "--now",
                "-5",
            ]
        ),
        max_size=7,
    ),
)
def test_generated_command_lines_read_the_same_with_global_options_before_or_after(
    command: str, globals_: list[str], rest: list[str]
) -> None:
    assert _read([*globals_, command, *rest]) == _read([command, *globals_, *rest])


def test_a_global_option_before_the_command_stands_unless_the_command_line_repeats_it(
    run_cli: RunCli,
) -> None:
    r = run_cli("--date", "2026-11-21", "status", "oas", "4.2.1", "--format", "json")
    assert (r.code, json.loads(r.out)["date"]) == (0, "2026-11-21")
    r = run_cli(
        "--date", "2026-11-21", "status", "oas", "4.2.1", "--format=json", "--date=2026-01-05"
    )
    assert (r.code, json.loads(r.out)["date"]) == (0, "2026-01-05")


def test_help_lists_every_command_of_the_registry_in_order(run_cli: RunCli) -> None:
    from eol_check._cli import COMMANDS

    for argv in (["--help"], ["-h"], ["--date", "2026-11-21", "--help"]):
        r = run_cli(*argv)
        assert (r.code, r.err) == (0, "")
        assert r.out.startswith("usage: eol-check [-h] [-V] [--catalog PATH]")
        listed = re.findall(r"^    (\S+)", r.out.split("positional arguments:")[1], re.M)
        assert listed == list(COMMANDS)
        for command in COMMANDS.values():
            assert " ".join(command.summary.split()[:4]) in " ".join(r.out.split())


def test_every_command_gives_its_help_and_exit_0(run_cli: RunCli) -> None:
    from eol_check._cli import COMMANDS

    for name, command in COMMANDS.items():
        r = run_cli(name, "--help")
        assert (r.code, r.err) == (0, ""), name
        assert r.out.startswith(f"usage: eol-check {name} [-h]"), name
        assert " ".join(command.summary.split()) in " ".join(r.out.split()), name


def test_the_entry_point_exits_normally_so_exit_handlers_run() -> None:
    # sys.exit, not os._exit: atexit handlers, logging.shutdown and coverage run; the exit code
    # is the answer's (1: TO is below FROM).
    code = (
        "import atexit, sys; sys.argv = ['eol-check', 'classify', '4.2.1', '4.2.0'];"
        "atexit.register(lambda: print('exit handlers ran', file=sys.stderr));"
        "from eol_check._console import run; run()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        "4.2.1 → 4.2.0: a downgrade: TO is below FROM\n",
        "exit handlers ran\n",
    )


def test_the_entry_point_collects_garbage_from_the_command_on_not_during_start_up() -> None:
    code = (
        "import gc, sys; sys.argv = ['eol-check', 'classify', '1.0.0', '2.0.0'];"
        "from eol_check._console import run; import eol_check._cli.classify as m;"
        "before = gc.isenabled(); command = m.run;"
        "m.run = lambda a, c: (print(before, gc.isenabled(), gc.get_freeze_count() > 0,"
        " file=sys.stderr), command(a, c))[1];"
        "run()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "1.0.0 → 2.0.0: Major Release (§1.5)\n")
    assert done.stderr == "True True True\n"  # on at first; off in start-up; on, frozen, in run


@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["status", "oas"], ["numbering", "--help"]])
def test_the_entry_point_reports_output_it_could_not_write(argv: list[str]) -> None:
    # The entry point flushes the output before it exits: a full disk is exit 74 with one line,
    # not the interpreter's complaint at exit. (With PYTHONUNBUFFERED set, argparse writes --help
    # at once and ignores the failure, as it always has: the test runs with buffered output, as
    # commands normally do.)
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "eol_check", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env=env,
        )
    assert done.returncode == 74
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("eol-check: error: ")


def test_the_timeout_help_states_the_librarys_default(run_cli: RunCli) -> None:
    # The help cannot import eol_check.remote (start-up), so it says the default in words:
    # this keeps the words true to the one definition.
    from eol_check.remote import DEFAULT_TIMEOUT

    out = " ".join(run_cli("--help").out.split())
    assert f"give up on the catalog URL after this long (default: {DEFAULT_TIMEOUT:g})" in out
