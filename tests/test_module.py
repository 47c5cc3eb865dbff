"""The public API is complete, importable, and `import eol_check` stays lean."""

from __future__ import annotations

import subprocess
import sys

import pytest

import eol_check


def test_all_names_resolve() -> None:
    for name in eol_check.__all__:
        assert getattr(eol_check, name) is not None, name


def test_public_modules_list_only_what_all_exports() -> None:
    # Every public class/function of a public module is exported from the package.
    import inspect

    from eol_check import (
        bundle,
        catalog,
        classification,
        errors,
        lifecycle,
        numbering,
        policy,
        preflight,
        remote,
        version,
    )

    for module in (
        bundle, catalog, classification, errors, lifecycle, numbering, policy, preflight, remote,
        version,
    ):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                assert name in eol_check.__all__, f"{module.__name__}.{name} is not exported"


def test_unknown_attribute_raises() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        eol_check.no_such_name  # noqa: B018


def test_cli_start_up_imports_neither_httpx_nor_semver_for_lenient_classify() -> None:
    code = (
        "import sys; from eol_check.cli import main; rc = main(['classify', '4.2.0', '4.2.1']);"
        "print(sorted(m for m in ('httpx', 'semver', 'dateutil') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "[]"
