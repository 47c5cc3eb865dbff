"""Mutation testing of one core module against the in-process tests that import it.

    python -m tests.mutation business_hours            # about 2-10 minutes on one core
    python -m tests.mutation lifecycle --max-children 2 --diff
    python -m tests.mutation business_hours NAME ...   # re-test survivors after a new test
    python -m tests.mutation business_hours --fresh    # forget earlier runs: a score to report

mutmut (3.x, `pip install mutmut`) reads its settings from `[tool.mutmut]` in pyproject.toml;
this script adds the two that depend on the module — which file to mutate and which tests to run —
in a copy of the tree under `build/mutation/MODULE/`, runs mutmut there (its results are kept, so
a second run re-tests only the functions that changed), and prints the score and each survivor.
mutmut also keeps which tests reach which function: after new tests or a refactoring, a second run
(and a re-test by NAME) may pick its tests from that stale map and keep a survivor a new test
kills, so a score to report comes from a `--fresh` run.
`cd build/mutation/MODULE && python -m mutmut show NAME` shows a survivor's diff.

The tests are the files under `tests/core/` that import the module by name: the fast, in-process
ones (the CLI tests spawn processes and take minutes per mutant). Not run in CI: too slow there.
See docs/architecture.md, "Mutation testing".
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("eol_check", "data", "tests")
# mutmut's words for the exit codes of a mutant's test run; "timeout" counts as killed.
KILLED = {"killed", "timeout"}


def importing_tests(module: str, root: Path = ROOT) -> list[str]:
    """The test files that import `eol_check.MODULE`, relative to `root`: under tests/core, and
    for a module of a subpackage (`availability.rules`) also under tests/SUBPACKAGE."""
    parent, _, leaf = f"eol_check.{module}".rpartition(".")
    name, parent, leaf = re.escape(f"eol_check.{module}"), re.escape(parent), re.escape(leaf)
    imports = re.compile(
        rf"^\s*(from {name} import|import {name}\b|from {parent} import [^\n]*\b{leaf}\b)",
        re.MULTILINE,
    )
    folders = ["core", module.split(".")[0]] if "." in module else ["core"]
    found = []
    for folder in folders:
        for path in sorted((root / "tests" / folder).glob("test_*.py")):
            if imports.search(path.read_text(encoding="utf-8")):
                found.append(path.relative_to(root).as_posix())
    return found


def source(module: str) -> str:
    """The file of `eol_check.MODULE`, relative to the root: eol_check/availability/rules.py."""
    return f"eol_check/{module.replace('.', '/')}.py"


def prepare(module: str, work: Path) -> list[str]:
    """Copy the tree into `work` with this module's mutmut settings; the tests it will run."""
    tests = importing_tests(module)
    if not tests:
        raise SystemExit(f"no test under tests/core imports eol_check.{module}")
    work.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        shutil.rmtree(work / name, ignore_errors=True)
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    header = "[tool.mutmut]\n"
    if header not in text:
        raise SystemExit("pyproject.toml has no [tool.mutmut] table")
    settings = (
        f"only_mutate = [{source(module)!r}]\npytest_add_cli_args_test_selection = {tests!r}\n"
    )
    (work / "pyproject.toml").write_text(text.replace(header, header + settings), encoding="utf-8")
    return tests


def results(work: Path) -> dict[str, str]:
    """Each mutant's name and mutmut's verdict on it."""
    done = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    verdicts = {}
    for line in done.stdout.splitlines():
        name, sep, verdict = line.strip().rpartition(": ")
        if sep and name.startswith("eol_check."):
            verdicts[name] = verdict
    return verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__)
    parser.add_argument(
        "module",
        help="a module of eol_check: business_hours, or availability.rules in a subpackage",
    )
    parser.add_argument(
        "mutants", nargs="*", help="re-test only these mutants (names as printed), e.g. survivors"
    )
    parser.add_argument(
        "--max-children", type=int, default=1, help="test processes at once (default 1)"
    )
    parser.add_argument(
        "--workdir", type=Path, default=ROOT / "build" / "mutation", help="where the copies go"
    )
    parser.add_argument("--diff", action="store_true", help="print each survivor's diff")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start from scratch: forget the earlier runs' verdicts and which tests reach what",
    )
    parser.add_argument(
        "--tz",
        default="Pacific/Chatham",
        help="the machine's zone for the tests (default Pacific/Chatham, as in CI's second pass: "
        "a mutant that reads the machine's zone is then caught)",
    )
    args = parser.parse_args(argv)
    if not (ROOT / source(args.module)).is_file():
        parser.error(f"no module {source(args.module)}")
    work = args.workdir / args.module
    if args.fresh:
        shutil.rmtree(work, ignore_errors=True)
    tests = prepare(args.module, work)
    print(f"mutating {source(args.module)}, TZ={args.tz}, against:", *tests, sep="\n  ")
    run = [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children)]
    run += args.mutants
    log = work / "mutmut.log"
    with log.open("w", encoding="utf-8") as out:
        env = {**os.environ, "TZ": args.tz}
        status = subprocess.run(
            run, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT
        ).returncode
    if status != 0:
        print(f"mutmut run failed (exit {status}); see {log}", file=sys.stderr)
        return 1
    verdicts = results(work)
    killed = sum(v in KILLED for v in verdicts.values())
    score = 100 * killed / len(verdicts) if verdicts else 0.0
    print(f"{args.module}: {len(verdicts)} mutants, {killed} killed, {score:.1f}%")
    for name, verdict in sorted(verdicts.items()):
        if verdict not in KILLED:
            print(f"  {verdict}: {name}")
            if args.diff:
                show = [sys.executable, "-m", "mutmut", "show", name]
                diff = subprocess.run(show, cwd=work, capture_output=True, text=True, check=False)
                print(diff.stdout, end="")
    print(f"(cd {work} && {Path(sys.executable).name} -m mutmut show NAME) shows one")
    return 0


if __name__ == "__main__":
    sys.exit(main())
