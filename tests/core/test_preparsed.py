"""The pre-parsed embedded TOML (eol_check/_preparsed.py): what tomllib reads, never stale."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from eol_check import _preparsed
from eol_check._data import data_dir
from eol_check._preparsed_data import DOCUMENTS
from eol_check._toml import load_toml
from eol_check.catalog import load_catalog
from eol_check.policy import load_policy

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def test_the_generated_module_is_up_to_date() -> None:
    assert Path(_preparsed.MODULE).read_text(encoding="utf-8") == _preparsed.generate(), (
        "data/ changed: regenerate with `python -m eol_check._preparsed` "
        "(until then the embedded files are parsed as TOML: correct, only slower)"
    )


def test_every_embedded_file_is_preparsed_as_tomllib_reads_it() -> None:
    files = _preparsed.sources()
    assert {p.name for p in files} >= {"policy.toml", "oas.toml"}
    for path in files:
        raw = path.read_bytes()
        assert _preparsed.document(raw) == tomllib.loads(raw.decode("utf-8")), path
    assert len(DOCUMENTS) == len(files)


def test_each_answer_is_a_fresh_document() -> None:
    raw = (data_dir() / "policy.toml").read_bytes()
    first = _preparsed.document(raw)
    assert first is not None
    first.clear()
    assert _preparsed.document(raw) == tomllib.loads(raw.decode("utf-8"))


def test_an_edited_file_is_parsed_not_served_stale(tmp_path: Path) -> None:
    raw = (data_dir() / "policy.toml").read_bytes()
    edited = raw.replace(b"support_tail_months = 6", b"support_tail_months = 7")
    assert edited != raw
    path = tmp_path / "policy.toml"
    path.write_bytes(edited)
    assert _preparsed.document(edited) is None
    assert load_toml(path)["lifecycle"]["support_tail_months"] == 7
    assert load_policy(path).support_tail_months == 7
    # One byte more (a newer file with the same values) is parsed too, with the same answer.
    path.write_bytes(raw + b"\n")
    assert _preparsed.document(raw + b"\n") is None
    assert load_policy(path) == load_policy()


def test_without_the_generated_module_the_toml_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    preparsed_policy, preparsed_catalog = load_policy(), load_catalog()
    monkeypatch.setitem(sys.modules, "eol_check._preparsed_data", None)  # import fails
    assert _preparsed.document((data_dir() / "policy.toml").read_bytes()) is None
    assert load_policy() == preparsed_policy
    assert load_catalog() == preparsed_catalog


def test_a_copy_of_an_embedded_file_elsewhere_reads_the_same(tmp_path: Path) -> None:
    # Pre-parsed answers are keyed by content, not by path: a copy is the same document.
    original = data_dir() / "catalog" / "oas.toml"
    copy = tmp_path / "oas.toml"
    copy.write_bytes(original.read_bytes())
    assert load_toml(copy) == load_toml(original) == tomllib.loads(original.read_text("utf-8"))
