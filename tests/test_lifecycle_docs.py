"""The examples of docs/status.md and docs/catalog.md run as written."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from .conftest import RunCli

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = ("status.md", "catalog.md")

Example = tuple[str, list[str], list[str], "int | None"]


def _blocks(page: str, kind: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split(f"```{kind}\n")[1:]]


def _files(page: str) -> dict[str, str]:
    """The files a page shows with `$ cat NAME`, by name."""
    files: dict[str, str] = {}
    for block in _blocks(page, "console"):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ cat "):
                body = []
                for rest in lines[i + 1 :]:
                    if rest.startswith("$ "):
                        break
                    body.append(rest + "\n")
                files[line[len("$ cat ") :]] = "".join(body)
    return files


def _examples() -> list[Example]:
    """(page, argv, output lines, exit code or None) of each `$ eol-check` line."""
    examples: list[Example] = []
    for page in PAGES:
        for block in _blocks(page, "console"):
            lines = block.splitlines()
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
                examples.append((page, shlex.split(line[2:])[1:], output, code))
    return examples


def test_pages_have_examples() -> None:
    pages = [example[0] for example in _examples()]
    assert pages.count("status.md") >= 5
    assert pages.count("catalog.md") >= 3


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
    r = run_cli(*argv)
    assert r.out.splitlines() == output
    if code is not None:
        assert r.code == code


@pytest.mark.parametrize("page", PAGES)
def test_python_examples(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DOCS.parent)
    for block in _blocks(page, "python"):
        exec(compile(block, f"{page} example", "exec"), {})
