"""The public API is complete, importable, and `import eol_check` stays lean."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import eol_check


def test_all_names_resolve() -> None:
    for name in eol_check.__all__:
        assert getattr(eol_check, name) is not None, name


#: The public modules: those the registry names.
PUBLIC_MODULES = sorted(set(eol_check._EXPORTS.values()))


def test_all_is_every_public_name_sorted() -> None:
    # httpx's test: what `import eol_check` offers is exactly `__all__`, sorted (submodules,
    # which importing them adds as attributes, are modules, not names of the API).
    public = [
        name
        for name in dir(eol_check)
        if (not name.startswith("_") or name == "__version__")
        and not isinstance(getattr(eol_check, name), types.ModuleType)
    ]
    assert eol_check.__all__ == ["__version__", *sorted(n for n in public if n != "__version__")]


def test_type_checkers_see_the_registry() -> None:
    # The TYPE_CHECKING block of eol_check/__init__.py imports exactly the registry's names.
    tree = ast.parse(Path(eol_check.__file__).read_text(encoding="utf-8"))
    (block,) = [
        n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"
    ]
    seen = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom)
        assert node.module is not None
        for alias in node.names:
            assert alias.asname == alias.name  # an explicit re-export
            seen[alias.name] = node.module
    assert seen == eol_check._EXPORTS


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_modules_list_only_what_all_exports(name: str) -> None:
    # Every public class/function of a public module is exported from the package.
    import importlib
    import inspect

    module = importlib.import_module(f"eol_check.{name}")
    for public in module.__all__:
        obj = getattr(module, public)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert public in eol_check.__all__, f"{module.__name__}.{public} is not exported"


def test_the_wheel_marks_the_package_typed() -> None:
    assert (Path(eol_check.__file__).parent / "py.typed").is_file()


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


# Offline commands never import httpx (SPEC §6): the fetch function imports it lazily.
OFFLINE_COMMANDS = [
    ["classify", "4.2.0", "4.2.1"],
    ["status", "oas", "--date", "2026-11-21"],
    ["status", "oas", "4.2.1", "--format", "json"],
    ["preflight", "oas", "--installed", "5.0.1", "--target", "6.0.2", "--date", "2026-11-21"],
    ["preflight", "oas", "--installed", "4.2.3", "--target", "6.0.2", "--format", "json"],
    # A catalog URL with --offline reads the cache (here: none, so the embedded data).
    [
        "preflight",
        "oas",
        "--installed",
        "5.0.1",
        "--target",
        "6.0.2",
        "--catalog-url",
        "https://example.com/catalog.json",
        "--offline",
    ],
]


@pytest.mark.parametrize("argv", OFFLINE_COMMANDS, ids=lambda argv: " ".join(argv[:2]))
def test_offline_commands_do_not_import_httpx(argv: list[str], tmp_path: Path) -> None:
    code = (
        "import sys; from eol_check.cli import main; rc = main(sys.argv[1:]);"
        "print(rc, 'httpx' in sys.modules)"
    )
    env = {**os.environ, "EOL_CHECK_CACHE_DIR": str(tmp_path)}
    env.pop("EOL_CHECK_CATALOG_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True, env=env
    ).stdout
    rc, imported = out.splitlines()[-1].split()
    assert rc in ("0", "1")
    assert imported == "False"


def test_no_module_imports_dateutil() -> None:
    """Issue 19 item 4: month arithmetic is the standard library's (SPEC v3 §3.1)."""
    import ast

    package = Path(eol_check.__file__).parent
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] == "dateutil" for n in names), path
