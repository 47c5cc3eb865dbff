"""Every `console` and `python` example of README.md and docs/*.md runs as written.

A `console` block is a session: `$ cat NAME` lines show files (any block of the page may show
them; they are written into a fresh folder before each session runs), `$ eol-check …` lines run
in order in that folder and must print exactly the lines below them (stdout, then stderr), and
`$ echo $?` gives the exit code of the command before it. Other `$` lines are context for the
reader and are not run. Blocks that cannot run here (a git repository, a remote URL) are written
as `sh` or `text` blocks instead.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..conftest import RunCli

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@dataclass
class Command:
    """One `$ eol-check` line of a session, what it prints, and its exit code if shown."""

    argv: list[str]
    output: list[str]
    code: int | None


@dataclass
class Session:
    """One console block: the files it shows and its commands."""

    page: str
    number: int
    files: dict[str, str] = field(default_factory=dict)
    commands: list[Command] = field(default_factory=list)


def _sessions(page: Path) -> list[Session]:
    text = page.read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in text.split("```console\n")[1:]]
    sessions = []
    files: dict[str, str] = {}  # shared by the page's sessions
    for number, block in enumerate(blocks, 1):
        session = Session(page.relative_to(ROOT).as_posix(), number, files)
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("$ "):
                continue
            body = []
            for rest in lines[i + 1 :]:
                if rest.startswith("$ "):
                    break
                body.append(rest)
            after = i + 1 + len(body)
            if line.startswith("$ cat "):
                session.files[line[len("$ cat ") :]] = "".join(b + "\n" for b in body)
            elif line.startswith("$ eol-check "):
                code = None
                if lines[after : after + 1] == ["$ echo $?"]:
                    code = int(lines[after + 1])
                while body and not body[-1]:
                    body.pop()
                session.commands.append(Command(shlex.split(line[2:])[1:], body, code))
        sessions.append(session)
    return sessions


SESSIONS = [s for page in PAGES for s in _sessions(page) if s.commands]


def test_every_page_with_commands_has_runnable_examples() -> None:
    pages = {s.page for s in SESSIONS}
    for name in (
        "README.md",
        "docs/check.md",
        "docs/status.md",
        "docs/numbering.md",
        "docs/preflight.md",
        "docs/catalog.md",
        "docs/publish.md",
    ):
        assert name in pages, name


@pytest.mark.parametrize("session", SESSIONS, ids=lambda s: f"{s.page}#{s.number}")
def test_example_session(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session: Session
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("COLUMNS", raising=False)  # tables keep every column, as in a pipe
    for name, content in session.files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    for command in session.commands:
        r = run_cli(*command.argv)
        shown = " ".join(command.argv)
        assert (r.out + r.err).splitlines() == command.output, shown
        if command.code is not None:
            assert r.code == command.code, shown


PYTHON_BLOCKS = [
    (page.relative_to(ROOT).as_posix(), block.split("```", 1)[0])
    for page in PAGES
    for block in page.read_text(encoding="utf-8").split("```python\n")[1:]
]


@pytest.mark.parametrize(
    ("page", "block"), PYTHON_BLOCKS, ids=lambda v: v if v.endswith(".md") else ""
)
def test_python_example(page: str, block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(block, f"{page} example", "exec"), {})
