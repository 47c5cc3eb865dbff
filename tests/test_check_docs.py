"""The examples of docs/check.md run as written (stdout and stderr, exit codes)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from .conftest import RunCli

PAGE = Path(__file__).resolve().parent.parent / "docs" / "check.md"


def _blocks(kind: str) -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split(f"```{kind}\n")[1:]]


def _sessions() -> list[list[str]]:
    return [block.splitlines() for block in _blocks("console")]


def _files() -> dict[str, str]:
    """The files the page shows with `$ cat NAME`."""
    files = {}
    for lines in _sessions():
        for i, line in enumerate(lines):
            if line.startswith("$ cat "):
                body = []
                for rest in lines[i + 1 :]:
                    if rest.startswith("$ "):
                        break
                    body.append(rest + "\n")
                files[line[len("$ cat ") :]] = "".join(body)
    return files


def _examples() -> list[tuple[list[str], list[str], int | None]]:
    """(argv, output lines, exit code or None) of each `$ eol-check` line."""
    examples = []
    for lines in _sessions():
        for i, line in enumerate(lines):
            if not line.startswith("$ eol-check "):
                continue
            output = []
            for rest in lines[i + 1 :]:
                if rest.startswith("$ "):
                    break
                output.append(rest)
            after = i + 1 + len(output)
            code = None
            if after + 1 < len(lines) and lines[after] == "$ echo $?":
                code = int(lines[after + 1])
            examples.append((shlex.split(line[2:])[1:], output, code))
    return examples


def test_the_page_has_examples() -> None:
    assert len(_examples()) >= 7
    assert "customers.csv" in _files()


@pytest.mark.parametrize(("argv", "output", "code"), _examples(), ids=lambda v: None)
def test_example(
    run_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    output: list[str],
    code: int | None,
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, content in _files().items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    r = run_cli(*argv)
    assert (r.out + r.err).splitlines() == output
    if code is not None:
        assert r.code == code


def test_python_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PAGE.parent.parent)
    for block in _blocks("python"):
        exec(compile(block, "docs/check.md example", "exec"), {})
