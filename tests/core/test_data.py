"""The embedded data folder is found from a source checkout (the wheel case runs in .ci/run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eol_check._data import data_dir
from eol_check._toml import load_toml
from eol_check.errors import CatalogError


def test_embedded_policy_loads() -> None:
    policy = load_toml(data_dir() / "policy.toml")
    assert policy["lifecycle"]["support_tail_months"] == 6
    assert policy["lifecycle"]["upgrade_window_months"] == 12


def test_embedded_policy_is_a_valid_policy() -> None:
    from eol_check.policy import Scope, Severity, Status, load_policy

    policy = load_policy(data_dir() / "policy.toml")
    assert [r.id for r in policy.regions] == ["na", "emea", "apac", "india"]
    assert policy.scope(Status.SUPPORTED, Severity.S3) is Scope.UPGRADE


def test_a_file_without_end_is_refused_not_read_forever(tmp_path: Path) -> None:
    endless = tmp_path / "zero.toml"
    endless.symlink_to("/dev/zero")
    message = r"zero.toml: cannot be read: not a regular file \(a character device\)"
    with pytest.raises(CatalogError, match=message):
        load_toml(endless, CatalogError)


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as file:
        file.truncate(size)  # no disk used: a hole reads as zeros
    return path


def test_a_huge_data_file_is_refused(tmp_path: Path) -> None:
    huge = _sparse(tmp_path / "huge.toml", 17 * 2**20)
    with pytest.raises(CatalogError, match=r"huge.toml: larger than 16 MiB: not a TOML file"):
        load_toml(huge, CatalogError)


def test_an_endless_bundle_is_refused(tmp_path: Path) -> None:
    from eol_check.bundle import load_bundle

    endless = tmp_path / "zero.json"
    endless.symlink_to("/dev/zero")
    with pytest.raises(CatalogError, match=r"zero.json: cannot be read: not a regular file"):
        load_bundle(endless)
    huge = _sparse(tmp_path / "huge.json", 17 * 2**20)
    with pytest.raises(CatalogError, match=r"huge.json: larger than 16 MiB: not a JSON bundle"):
        load_bundle(huge)


def test_loaders_default_to_the_embedded_data() -> None:
    from eol_check import load_catalog, load_policy

    assert [p.id for p in load_catalog().products] == ["agent", "console", "oas"]
    assert load_policy().support_tail_months == 6
