"""The examples of docs/endoflife.md and docs/report.md run as written.

A `$ cat NAME` in a console block shows an input file (written to a temporary folder first); a
`$ eol-check …` line is run in that folder and its output compared line by line: stdout, or
stderr when the command ends in `>/dev/null`; a trailing `2>/dev/null` is dropped. `$ echo $?`
right after gives the exit code.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from .conftest import RunCli

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = ("endoflife.md",)

Example = tuple[str, list[str], list[str], "int | None"]


def _blocks(page: str, kind: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split(f"```{kind}\n")[1:]]


def _following(lines: list[str], i: int) -> list[str]:
    """The lines after line `i` up to the next `$ ` prompt."""
    found = []
    for rest in lines[i + 1 :]:
        if rest.startswith("$ "):
            break
        found.append(rest)
    return found


def _files(page: str) -> dict[str, str]:
    files: dict[str, str] = {}
    for block in _blocks(page, "console"):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ cat "):
                files[line[len("$ cat ") :]] = "".join(f"{x}\n" for x in _following(lines, i))
    return files


def _examples() -> list[Example]:
    examples: list[Example] = []
    for page in PAGES:
        for block in _blocks(page, "console"):
            lines = block.splitlines()
            for i, line in enumerate(lines):
                if not line.startswith("$ eol-check "):
                    continue
                output = _following(lines, i)
                after = i + 1 + len(output)
                code = None
                if after + 1 < len(lines) and lines[after] == "$ echo $?":
                    code = int(lines[after + 1])
                examples.append((page, shlex.split(line[2:])[1:], output, code))
    return examples


def test_pages_have_examples() -> None:
    pages = [example[0] for example in _examples()]
    for page in PAGES:
        assert pages.count(page) >= 2, page


@pytest.mark.parametrize(
    ("page", "argv", "output", "code"), _examples(), ids=lambda v: v if isinstance(v, str) else None
)
def test_doc_example(
    run_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    page: str,
    argv: list[str],
    output: list[str],
    code: int | None,
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, content in _files(page).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    shown = "out"
    if argv[-1] == "2>/dev/null":
        argv = argv[:-1]
    elif argv[-1] == ">/dev/null":
        argv, shown = argv[:-1], "err"
    r = run_cli(*argv)
    assert (r.out if shown == "out" else r.err).splitlines() == output
    if code is not None:
        assert r.code == code


@pytest.mark.parametrize("page", PAGES)
def test_python_examples(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DOCS.parent)
    blocks = _blocks(page, "python")
    assert blocks
    for block in blocks:
        exec(compile(block, f"{page} example", "exec"), {})
