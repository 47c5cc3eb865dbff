"""The CI integrations, run without GitHub: the GitHub Action's steps (action.yml) as the runner
runs them, the pre-commit hooks (.pre-commit-hooks.yaml) through pre-commit itself, and the install
lines of README.md and docs/ (item 7 of issue 21: they name `eol-support-check` or the action).

The action's install step runs for real: `python -m pip install "$GITHUB_ACTION_PATH"` into a fresh
virtual environment standing for the runner's Python. It stays offline and quick: the environment
sees this test run's packages through a `.pth` file (pip itself, the dependencies, and hatchling,
the build backend), and pip is told, by its own environment variables as a runner could set them,
to use no index and no build isolation. What it installs lands in that environment (asserted).
PyYAML reads action.yml (a YAML reader is what the runner is; it comes with pre-commit, whose own
manifest validator checks .pre-commit-hooks.yaml).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import venv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from pre_commit.clientlib import InvalidManifestError, load_manifest

from .test_numbering_ci import clone
from .test_numbering_cli import Repo

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


# --- the GitHub Action ---------------------------------------------------------------------------


def _action() -> dict[str, Any]:
    loaded = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_action_is_composite_with_the_inputs_the_docs_name() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {
        "next",
        "since",
        "strict",
        "tag-prefix",
        "allow-empty",
        "python",
    }
    for step in action["runs"]["steps"]:
        assert step["shell"] == "bash"  # a composite action's run step must name its shell
        # Inputs reach scripts as environment variables only, never pasted into the script.
        assert "${{" not in step["run"], step["name"]


_EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


@dataclass
class Ran:
    """One run of the action: exit status, log (stdout + stderr), summary and outputs."""

    code: int
    out: str
    err: str
    summary: str
    outputs: dict[str, str]


class Runner:
    """Runs action.yml's steps as a GitHub runner does: `${{ inputs.x }}` and
    `${{ github.action_path }}` substituted in `env:`, every input with its default, the script
    in `bash --noprofile --norc -eo pipefail`, in the workspace, with GITHUB_* files."""

    def __init__(self, python: Path, tmp: Path) -> None:
        self.python = python
        self.tmp = tmp
        self.runs = 0

    def run(self, workspace: Path, only: str | None = "numbering", **inputs: str) -> Ran:
        """Run step `only` (None: every step) in `workspace` with `inputs`."""
        action = _action()
        values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
        unknown = set(inputs) - set(values)
        assert not unknown, f"not inputs of the action: {unknown}"
        values.update(inputs)
        values["python"] = str(self.python)
        self.runs += 1
        files = self.tmp / f"run{self.runs}"
        files.mkdir()
        summary, output = files / "summary.md", files / "output"
        summary.touch()
        code, out, err = 0, "", ""
        outputs: dict[str, str] = {}
        for step in action["runs"]["steps"]:
            if only is not None and step.get("id") != only:
                continue

            def value(match: re.Match[str]) -> str:
                expr = match[1]
                if expr == "github.action_path":
                    return str(ROOT)
                name = expr.removeprefix("inputs.")
                assert name != expr, f"the test runner lacks {expr!r}"
                assert name in values, f"not an input of the action: {expr!r}"
                return values[name]

            env = {
                "PATH": os.environ["PATH"],
                "HOME": str(self.tmp),
                "GITHUB_ACTIONS": "true",
                "CI": "true",
                "GITHUB_ACTION_PATH": str(ROOT),
                "GITHUB_WORKSPACE": str(workspace),
                "GITHUB_STEP_SUMMARY": str(summary),
                "GITHUB_OUTPUT": str(output),
                # pip's own settings, as a runner's environment may carry them: offline here.
                "PIP_NO_INDEX": "1",
                "PIP_NO_BUILD_ISOLATION": "0",
                **{key: _EXPRESSION.sub(value, str(v)) for key, v in step.get("env", {}).items()},
            }
            script = files / f"{step.get('id', 'step')}.sh"
            script.write_text(step["run"], encoding="utf-8")
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=workspace,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            code, out, err = done.returncode, done.stdout, done.stderr
            if output.exists():
                outputs = dict(
                    line.split("=", 1) for line in output.read_text("utf-8").splitlines()
                )
            if code != 0:  # a failing step fails the job: the later steps do not run
                break
        return Ran(code, out, err, summary.read_text(encoding="utf-8"), outputs)


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """The action installed once, by its own install step, into a fresh 'runner Python'."""
    tmp = tmp_path_factory.mktemp("runner")
    env_dir = tmp / "python"
    venv.create(env_dir, with_pip=False)  # pip comes from this test run, through the .pth below
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", "utf-8")
    runner = Runner(python, tmp)
    workspace = tmp / "workspace"
    workspace.mkdir()
    installed = runner.run(workspace, only="install")
    assert installed.code == 0, installed
    where = subprocess.run(
        [str(python), "-c", "import eol_check; print(eol_check.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp,
    ).stdout.strip()
    # Installed into the runner's Python from the action's checkout, not this test's copy.
    assert Path(where).is_relative_to(env_dir), (where, installed)
    return runner


@pytest.fixture
def released(tmp_path: Path) -> Repo:
    """Tags as a project has them: lightweight and annotated, one that is not a version, and
    v2.2.0 on HEAD, as on the push of that tag."""
    repo = Repo(tmp_path / "product")
    repo.commit("first", "2024-01-15")
    repo.tag("v2.0.0")  # lightweight
    repo.commit("fixes", "2024-02-01")
    repo.tag("v2.0.1", "2024-02-01")
    repo.commit("features", "2024-04-01")
    repo.tag("v2.1.0", "2024-04-01")
    repo.tag("nightly")
    repo.commit("more features", "2024-09-02")
    repo.tag("v2.2.0", "2024-09-02")
    return repo


@needs_git
def test_action_on_a_tag_push(runner: Runner, released: Repo, tmp_path: Path) -> None:
    workspace = clone(released.path, tmp_path / "checkout")  # fetch-depth: 0
    ran = runner.run(workspace, next="v2.2.0")
    assert ran.code == 0, ran
    assert ran.out.splitlines() == [
        "::notice title=eol-check numbering::next v2.2.0 is the tag on HEAD (the release being "
        "tagged): it is judged after the 3 tags created before it",
        "::notice title=eol-check numbering%3A next version::next 2.2.0: a Minor Release (§1.6)",
        "valid: 3 releases, 0 errors, 0 warnings",
    ]
    assert ran.err == "eol-check: skipped 1 tag(s) that are not versions: nightly\n"
    assert ran.summary.splitlines()[0] == (
        "### ✅ eol-check numbering: valid: 3 releases, 0 errors, 0 warnings"
    )
    assert "- **next 2.2.0: a Minor Release (§1.6)**" in ran.summary.splitlines()
    assert ran.outputs == {"valid": "true", "kind": "minor"}
    assert action_outputs(ran) == {"valid": "true", "kind": "minor"}


def action_outputs(ran: Ran) -> dict[str, str]:
    """The action's outputs, as its `outputs:` map them from the step's (as the runner does)."""
    found = {}
    for name, spec in _action()["outputs"].items():
        match = re.fullmatch(r"\$\{\{ steps\.numbering\.outputs\.([\w-]+) \}\}", spec["value"])
        assert match, spec
        found[name] = ran.outputs[match[1]]
    return found


@needs_git
def test_action_on_a_pull_request_fails_on_errors(
    runner: Runner, released: Repo, tmp_path: Path
) -> None:
    released.tag("v2.0.3", "2024-10-01", commit="v2.0.1")  # a back-port that skips 2.0.2
    released.tag("v1.9.0", "2024-10-02")  # a line below the first: fine (history mid-stream)
    released.tag("v2.1.5", "2024-10-03")
    workspace = clone(released.path, tmp_path / "checkout")
    ran = runner.run(workspace, since="", strict="true")
    assert ran.code == 1
    assert ran.out.splitlines() == [
        "::warning title=eol-check numbering%3A gap::2.0.3 skips maintenance 2.0.2 (line 2.0 was "
        "at 2.0.1)",
        "::warning title=eol-check numbering%3A gap::2.1.5 skips maintenance 2.1.1 to 2.1.4 (line "
        "2.1 was at 2.1.0)",
        "invalid (--strict: warnings fail): 7 releases, 0 errors, 2 warnings",
    ]
    summary = ran.summary.splitlines()
    assert summary[0] == (
        "### ❌ eol-check numbering: invalid (--strict: warnings fail): 7 releases, 0 errors, "
        "2 warnings"
    )
    assert summary[2:4] == ["| level | code | where | finding |", "|---|---|---|---|"]
    assert ran.outputs == {"valid": "false", "kind": ""}
    # Ratchet: since v2.2.0 only the later tags are judged, and the job passes without strict.
    ran = runner.run(workspace, since="v2.2.0", next="2.2.1")
    assert (ran.code, ran.outputs) == (0, {"valid": "true", "kind": "maintenance"})


@needs_git
@pytest.mark.parametrize("head_tagged", [True, False])
def test_action_on_a_shallow_clone_fails_with_the_mend(
    runner: Runner, released: Repo, tmp_path: Path, head_tagged: bool
) -> None:
    if not head_tagged:
        released.commit("after the release", "2024-09-10")
    workspace = clone(released.path, tmp_path / "checkout", depth=1)  # checkout's default
    ran = runner.run(workspace, next="v2.2.0")
    held = "1 version tag" if head_tagged else "0 version tags"
    said = (
        f"--git reads the tag history, and '.' is a shallow clone ({held}): it holds only the "
        "tags its fetch followed (actions/checkout fetches one commit and no tags by default): "
        "check out with 'fetch-depth: 0', or run 'git fetch --tags --unshallow'; --allow-shallow "
        "if its tags were all fetched on purpose"
    )
    assert ran.code == 2
    assert ran.out == f"::error title=eol-check numbering::{said}\n"
    assert ran.err.endswith(f"eol-check: error: {said}\n")
    assert ran.summary == (
        "### ❌ eol-check numbering could not check the history\n\n" + said + "\n"
    )
    assert ran.outputs == {"valid": "false", "kind": ""}


@needs_git
def test_action_given_a_branch_name_fails_with_the_hint(
    runner: Runner, released: Repo, tmp_path: Path
) -> None:
    workspace = clone(released.path, tmp_path / "checkout")
    ran = runner.run(workspace, next="main")
    assert ran.code == 2
    assert ran.out.startswith(
        "::error title=eol-check numbering::--next 'main' is not a version: give the version "
        "being released"
    )


@needs_git
def test_action_input_is_never_run_as_shell(runner: Runner, released: Repo, tmp_path: Path) -> None:
    workspace = clone(released.path, tmp_path / "checkout")
    marker = tmp_path / "pwned"
    ran = runner.run(workspace, next=f'2.3.0"; touch {marker}; echo "$(touch {marker})')
    assert not marker.exists()
    assert ran.code == 1  # a version written wrong: an `invalid` finding


def test_action_allow_empty(runner: Runner, tmp_path: Path) -> None:
    repo = Repo(tmp_path / "new")
    repo.commit("first", "2024-01-15")
    assert runner.run(repo.path).code == 2
    ran = runner.run(repo.path, **{"allow-empty": "true", "next": "0.1.0"})
    assert (ran.code, ran.outputs) == (0, {"valid": "true", "kind": "initial"})


# --- pre-commit ----------------------------------------------------------------------------------


def test_hooks_manifest_is_valid_for_pre_commit() -> None:
    hooks = {hook["id"]: hook for hook in load_manifest(str(HOOKS))}
    assert set(hooks) == {"eol-check-numbering", "eol-check-catalog"}
    assert hooks["eol-check-numbering"]["stages"] == ["pre-push"]
    assert re.search(hooks["eol-check-catalog"]["files"], "data/catalog/oas.toml")


def test_a_broken_manifest_is_refused(tmp_path: Path) -> None:
    # The validator is real: it refuses what pre-commit would refuse.
    broken = tmp_path / "hooks.yaml"
    broken.write_text("- id: x\n  entry: y\n", encoding="utf-8")  # no name, no language
    with pytest.raises(InvalidManifestError):
        load_manifest(str(broken))


def _pre_commit(repo: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run pre-commit itself, offline, with the manifest's hooks as local `system` hooks (its
    `python` language would build a virtual environment from an index)."""
    hooks = []
    for hook in load_manifest(str(HOOKS)):
        local = {
            k: v
            for k, v in hook.items()
            if k
            in (
                "id",
                "name",
                "entry",
                "files",
                "pass_filenames",
                "always_run",
                "stages",
                "args",
            )
        }
        local["language"] = "system"
        if hook["id"] == "eol-check-catalog":
            local["args"] = ["catalog"]
        hooks.append(local)
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp),
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        [str(bin_dir / "pre-commit"), *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@needs_git
def test_numbering_hook_runs_on_pre_push(released: Repo, tmp_path: Path) -> None:
    done = _pre_commit(
        released.path, tmp_path, "run", "--hook-stage", "pre-push", "eol-check-numbering"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"eol-check numbering \(release tags, §1\.5–§1\.7\)\.+Passed", done.stdout)
    released.tag("v2.0.0-rc.1", "2024-10-01")  # a pre-release of a released version
    done = _pre_commit(
        released.path, tmp_path, "run", "--hook-stage", "pre-push", "eol-check-numbering"
    )
    assert done.returncode == 1
    assert "tag v2.0.0-rc.1: error out-of-order: 2.0.0-rc.1 is a pre-release of 2.0.0" in (
        done.stdout
    )
    # Not on a commit: the hook is for pushes.
    done = _pre_commit(released.path, tmp_path, "run", "eol-check-numbering")
    assert "No hook with id `eol-check-numbering` in stage `pre-commit`" in done.stdout


@needs_git
def test_catalog_hook_runs_when_a_catalog_file_changes(released: Repo, tmp_path: Path) -> None:
    catalog = released.path / "catalog"
    shutil.copytree(ROOT / "data" / "catalog", catalog)
    released.git("add", "catalog")
    done = _pre_commit(released.path, tmp_path, "run", "eol-check-catalog", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"eol-check catalog validate\.+Passed", done.stdout)
    product = next(iter(sorted(catalog.glob("*.toml"))))
    product.write_text(product.read_text("utf-8") + "\n[broken\n", encoding="utf-8")
    released.git("add", "catalog")
    done = _pre_commit(released.path, tmp_path, "run", "eol-check-catalog", "--all-files")
    assert done.returncode == 1  # pre-commit's own code for a failing hook
    assert "invalid TOML: Expected ']' at the end of a table declaration" in done.stdout
    # Nothing of the catalog changed: the hook does not run.
    released.git("commit", "-q", "--no-verify", "-m", "catalog")
    (released.path / "notes.txt").write_text("x\n", encoding="utf-8")
    released.git("add", "notes.txt")
    done = _pre_commit(released.path, tmp_path, "run", "eol-check-catalog")
    assert re.search(r"eol-check catalog validate\.+\(no files to check\)Skipped", done.stdout)


# --- install lines in README.md and docs/ ---------------------------------------------------------

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_SHELL = {"sh", "bash", "shell", "console", "yaml", "yml", ""}
_OPTIONS_WITH_VALUE = {
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--target",
    "-t",
    "--prefix",
}


#: Tools the developer docs install by name, not eol-check itself (docs/architecture.md: mutation
#: testing). Any other name fails: the install lines of eol-check name `eol-support-check`.
DEVELOPER_TOOLS = ("mutmut",)


def install_lines() -> list[tuple[str, str]]:
    """Every `pip install` line of a shell or YAML snippet of README.md and docs/."""
    found = []
    for page in PAGES:
        for lang, body in _FENCE.findall(page.read_text(encoding="utf-8")):
            if lang not in _SHELL:
                continue
            for line in body.splitlines():
                if re.search(r"\bpip3? install\b", line):
                    found.append((page.relative_to(ROOT).as_posix(), line))
    return found


def installed_names(line: str) -> list[str]:
    """The distributions a `pip install` line names ('.' for this checkout)."""
    command = line.split("pip install", 1)[1].split("&&")[0]
    words = shlex.split(command.replace("run:", ""), comments=True)
    names, skip = [], False
    for word in words:
        if skip:
            skip = False
            continue
        if word in _OPTIONS_WITH_VALUE:
            skip = True
            continue
        if word.startswith("-"):
            continue
        if word.startswith((".", "/", "$", "~")):
            names.append(".")  # this checkout, or the action's ($GITHUB_ACTION_PATH)
            continue
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", word)
        assert match, f"cannot read the distribution in {word!r}"
        names.append(re.sub(r"[-_.]+", "-", match[0]).lower())
    return names


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("pip install eol-support-check", ["eol-support-check"]),
        ('pip install "eol-check @ git+https://example.org/x"', ["eol-check"]),
        ("pip install -q -e '.[test]'", ["."]),
        (
            "- run: pip install 'Eol_Support.Check[availability]>=0.1' -r reqs.txt",
            ["eol-support-check"],
        ),
    ],
)
def test_installed_names(line: str, names: list[str]) -> None:
    assert installed_names(line) == names


def test_every_install_line_names_eol_support_check() -> None:
    lines = install_lines()
    assert len(lines) >= 3  # README's two commands and the docs' workflows
    wrong = [
        (page, line)
        for page, line in lines
        if not installed_names(line)
        or any(
            name not in ("eol-support-check", ".", *DEVELOPER_TOOLS)
            for name in installed_names(line)
        )
    ]
    assert not wrong, "install lines that name another distribution: " + repr(wrong)


def _uses(node: object) -> list[dict[str, Any]]:
    """Every step of a parsed YAML snippet that uses this repository's action."""
    if isinstance(node, list):
        return [step for item in node for step in _uses(item)]
    if isinstance(node, dict):
        here = [node] if str(node.get("uses", "")).startswith("eol-check/eol-check@") else []
        return here + [step for value in node.values() for step in _uses(value)]
    return []


def test_the_docs_use_the_action_with_its_inputs() -> None:
    inputs = set(_action()["inputs"])
    steps = []
    for path in PAGES:
        for lang, body in _FENCE.findall(path.read_text(encoding="utf-8")):
            if lang == "yaml" and "eol-check/eol-check@" in body:
                steps += [(path.name, step) for step in _uses(yaml.safe_load(body))]
    assert {page for page, _ in steps} == {"README.md", "numbering.md"}
    for page, step in steps:
        assert set(step.get("with", {})) <= inputs, (page, step)


def test_the_docs_pre_commit_config_is_valid(tmp_path: Path) -> None:
    from pre_commit.clientlib import load_config

    ids = {hook["id"] for hook in load_manifest(str(HOOKS))}
    configs = [
        body
        for path in PAGES
        for lang, body in _FENCE.findall(path.read_text(encoding="utf-8"))
        if lang == "yaml" and body.startswith("repos:")
    ]
    assert configs, "docs/numbering.md shows a .pre-commit-config.yaml"
    for number, body in enumerate(configs):
        config = tmp_path / f"config{number}.yaml"
        config.write_text(body, encoding="utf-8")
        loaded = load_config(str(config))  # pre-commit's own schema: raises when invalid
        used = {hook["id"] for repo in loaded["repos"] for hook in repo["hooks"]}
        assert used <= ids, used - ids
