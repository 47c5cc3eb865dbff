"""The published bundle (SPEC §7): export, strict loading, round trip, and --catalog FILE.json."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from eol_check._data import data_dir
from eol_check.bundle import (
    bundle_from_catalog,
    dumps_bundle,
)
from eol_check.catalog import Catalog, load_catalog
from eol_check.policy import Policy, load_policy

from ..conftest import RunCli
from ..core.test_bundle import EPOCH, POLICY_3_MONTHS, STAMP, _umask


@pytest.fixture(scope="module")
def embedded() -> tuple[Catalog, Policy]:
    return load_catalog(data_dir() / "catalog"), load_policy(data_dir() / "policy.toml")


@pytest.fixture(scope="module")
def exported(embedded: tuple[Catalog, Policy]) -> dict[str, Any]:
    return bundle_from_catalog(*embedded, STAMP)


def test_export_to_stdout(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, exported: dict[str, Any]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    r = run_cli("catalog", "export")
    assert (r.code, r.err) == (0, "")
    assert r.out == dumps_bundle(exported)


def test_export_json_format_is_the_same_bundle(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert run_cli("catalog", "export", "--format", "json").out == run_cli("catalog", "export").out


def test_export_bad_source_date_epoch(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    r = run_cli("catalog", "export")
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "eol-check: error: SOURCE_DATE_EPOCH 'yesterday' is not a count of seconds since 1970\n"
    )


def test_export_to_a_file_then_use_it(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    r = run_cli("catalog", "export", "--output", str(out))
    assert (r.code, r.out, r.err) == (0, "", "")
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()
    argv = ("status", "oas", "--date", "2026-11-21", "--format", "json")
    assert run_cli(*argv, "--catalog", str(out)).out == run_cli(*argv).out


def test_export_crash_leaves_the_old_file(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "bundle.json"
    out.write_text("the previous export\n")

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    r = run_cli("catalog", "export", "--output", str(out))
    assert (r.code, r.out) == (74, "")
    assert r.err == f"eol-check: error: --output {out}: cannot write it: No space left on device\n"
    assert out.read_text() == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.json"]


def test_export_into_a_missing_folder(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "bundle.json"
    r = run_cli("catalog", "export", "-o", str(out))
    assert r.code == 74
    assert r.err == (
        f"eol-check: error: --output {out}: cannot write it: No such file or directory\n"
    )


def test_a_bundle_brings_its_policy_unless_policy_is_given(run_cli: RunCli, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY_3_MONTHS)
    bundle = tmp_path / "bundle.json"
    assert run_cli("catalog", "export", "--policy", str(policy), "-o", str(bundle)).code == 0
    # 4.3 is End of Life since 2026-09-01: a 3-month support tail ends 2026-11-30.
    argv = ("status", "oas", "4.3.1", "--date", "2026-11-21", "--format", "json")
    with_bundle = json.loads(run_cli(*argv, "--catalog", str(bundle)).out)
    assert with_bundle["support_until"] == "2026-11-30"
    embedded = ("--policy", str(data_dir() / "policy.toml"))
    overridden = json.loads(run_cli(*argv, "--catalog", str(bundle), *embedded).out)
    assert overridden["support_until"] == "2027-02-28"


def test_bad_bundle_file_exits_3(run_cli: RunCli, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.json"
    bundle.write_text('{"schema": 2}')
    r = run_cli("status", "oas", "--catalog", str(bundle))
    assert (r.code, r.out) == (3, "")
    assert r.err == (
        f"eol-check: error: {bundle}: schema: version 2 is newer than this eol-check "
        "understands (1)\n"
    )


def test_missing_bundle_file_exits_3(run_cli: RunCli, tmp_path: Path) -> None:
    r = run_cli("status", "oas", "--catalog", str(tmp_path / "gone.json"))
    assert r.code == 3
    assert r.err == f"eol-check: error: {tmp_path / 'gone.json'}: file not found\n"
