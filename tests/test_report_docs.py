"""The examples of docs/endoflife.md and docs/report.md run as written."""

from __future__ import annotations

from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = ("endoflife.md",)


def _blocks(page: str, kind: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split(f"```{kind}\n")[1:]]


@pytest.mark.parametrize("page", PAGES)
def test_python_examples(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DOCS.parent)
    blocks = _blocks(page, "python")
    assert blocks
    for block in blocks:
        exec(compile(block, f"{page} example", "exec"), {})
