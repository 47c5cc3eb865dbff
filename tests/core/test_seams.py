"""The start-up seams stay clean: each rule here is read from the source of `eol_check`.

- no argparse private attribute: no `argparse._X`, and no name starting with `_` read, set or
  defaulted on an argparse object (a parser, a namespace, an action);
- the process exits normally: no `os._exit`;
- one record type: no `dataclass` and no `NamedTuple` (`_record.Record` instead);
- `TYPE_CHECKING` spelled one way: `TYPE_CHECKING = False`, never imported;
- no import circle between the package's modules (imports for type checkers only aside);
- the error tree is drawn complete where it is drawn (errors.py, docs/architecture.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import eol_check

PACKAGE = Path(eol_check.__file__).parent
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "_preparsed_data.py")


def _name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


# --- argparse ------------------------------------------------------------------------------------

#: Calls that return argparse objects (parsers, groups, actions, namespaces).
_ARGPARSE_CALLS = (
    "ArgumentParser",
    "Namespace",
    "_Parser",
    "add_argument",
    "add_argument_group",
    "add_mutually_exclusive_group",
    "add_parser",
    "add_subparsers",
    "command_parser",
    "general_parser",
    "parse_args",
    "parse_command_line",
    "parse_known_args",
)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _called(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return None


def _argparse_names(tree: ast.Module) -> set[str]:
    """Names that hold argparse objects: annotated as `argparse.X`, bound from a call that
    returns one, or `self` in a class derived from an argparse class."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation is not None:
            if "argparse." in ast.unparse(node.annotation):
                names.add(node.arg)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if "argparse." in ast.unparse(node.annotation):
                names.add(node.target.id)
        elif isinstance(node, ast.Assign) and _called(node.value) in _ARGPARSE_CALLS:
            for target in node.targets:
                first = target.elts[0] if isinstance(target, ast.Tuple) else target
                if isinstance(first, ast.Name):
                    names.add(first.id)
        elif isinstance(node, ast.ClassDef) and any(
            "argparse." in ast.unparse(base) for base in node.bases
        ):
            names.add("self")
    return names


def argparse_private_uses(tree: ast.Module) -> list[str]:
    """Where `tree` touches a private name of argparse or of an argparse object."""
    held = _argparse_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in (held | {"argparse"}):
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Call):
            name = _called(node)
            args = node.args
            if (
                name in ("getattr", "setattr", "hasattr", "delattr")
                and len(args) >= 2
                and isinstance(args[0], ast.Name)
                and args[0].id in held
                and isinstance(args[1], ast.Constant)
                and _is_private(str(args[1].value))
            ):
                found.append(ast.unparse(node))
            if name in ("set_defaults", "add_argument"):
                for keyword in node.keywords:
                    value = keyword.value
                    private_dest = keyword.arg == "dest" and _is_private(
                        str(getattr(value, "value", ""))
                    )
                    if (keyword.arg and _is_private(keyword.arg)) or private_dest:
                        found.append(ast.unparse(node))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_no_module_touches_a_private_name_of_argparse(path: Path) -> None:
    # Python 3.14's add_parser reads what ArgumentParser.__init__ sets: a parser that skipped
    # it broke `eol-check --help`. Public API only, so that a new Python cannot break us so.
    assert argparse_private_uses(_tree(path)) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("args = parser.parse_args(argv)\nmodule = args._module", ["args._module"]),
        ("def f(args: argparse.Namespace):\n    return getattr(args, '_formats', ())", 1),
        ("child = nested.add_parser('x')\nchild.set_defaults(_formats=('a',))", 1),
        ("class P(argparse.ArgumentParser):\n    def f(self):\n        return self._actions", 1),
        ("action = argparse._SubParsersAction", ["argparse._SubParsersAction"]),
        ("args, module = parse_command_line(argv)\nformats = args.formats", []),
        ("def f(parser: argparse.ArgumentParser):\n    parser.add_argument('-x', dest='_x')", 1),
        ("ctx._today = None", []),  # not an argparse object
    ],
)
def test_the_argparse_rule_finds_what_it_is_meant_to(source: str, found: list[str] | int) -> None:
    uses = argparse_private_uses(ast.parse(source))
    assert uses == found if isinstance(found, list) else len(uses) == found


# --- exit, records, TYPE_CHECKING -----------------------------------------------------------------


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_the_process_exits_normally_and_records_are_records(path: Path) -> None:
    tree = _tree(path)
    seen = {ast.unparse(n) for n in ast.walk(tree) if isinstance(n, (ast.Attribute, ast.Name))}
    assert "os._exit" not in seen  # sys.exit: atexit, logging and coverage run
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert not imported & {"dataclasses", "dataclass", "NamedTuple", "namedtuple"}


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_type_checking_is_spelled_one_way(path: Path) -> None:
    tree = _tree(path)
    imports = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name == "TYPE_CHECKING"
    ]
    assert imports == []  # not from typing, not from a helper module
    guarded = any(
        isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING" for n in tree.body
    )
    defined = [
        ast.unparse(n)
        for n in tree.body
        if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "TYPE_CHECKING"
    ]
    assert defined == (["TYPE_CHECKING = False"] if guarded else [])


# --- import circles -------------------------------------------------------------------------------


def _runtime_imports(path: Path, root: Path, modules: set[str]) -> set[str]:
    """The package's modules that the module at `path` imports when it runs (anywhere in it,
    functions included; not those imported for type checkers only)."""
    tree = _tree(path)
    name = _name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    checking_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for statement in node.body
        for inner in ast.walk(statement)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in checking_only:
            continue
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: from the package, one level up per dot after the first
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.add(sub if sub in modules else module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return (found & modules) - {name}


def import_circles(paths: list[Path], root: Path = PACKAGE) -> list[list[str]]:
    """The groups of modules that import one another, directly or around a circle (Tarjan)."""
    modules = {_name(p, root) for p in paths}
    graph = {_name(p, root): sorted(_runtime_imports(p, root, modules)) for p in paths}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = [stack.pop()]
            while group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def test_no_two_modules_import_each_other() -> None:
    # lifecycle ↔ upgrade, _cli._common ↔ _cli._sources and _console ↔ cli were broken apart;
    # a lazy import inside a function counts too: it is a circle all the same.
    assert import_circles(SOURCES) == []


def test_the_circle_rule_finds_a_circle_through_a_lazy_import(tmp_path: Path) -> None:
    package = tmp_path / "eol_check"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import x\n")
    (package / "b.py").write_text("def x():\n    from . import a\n")
    (package / "c.py").write_text("TYPE_CHECKING = False\nif TYPE_CHECKING:\n    from . import a\n")
    circles = import_circles(sorted(package.glob("*.py")), package)
    assert circles == [["eol_check.a", "eol_check.b"]]


# --- the error tree -------------------------------------------------------------------------------


def test_the_error_tree_is_drawn_complete() -> None:
    # httpx's _exceptions.py: the tree in the docstring, kept complete when a branch is added.
    import inspect
    import re

    from eol_check import errors

    classes = {
        name
        for name, obj in vars(errors).items()
        if inspect.isclass(obj) and issubclass(obj, errors.EolCheckError)
    }
    architecture = PACKAGE.parent / "docs" / "architecture.md"
    for drawing in (errors.__doc__ or "", architecture.read_text(encoding="utf-8")):
        drawn = set(re.findall(r"^\s*(EolCheckError)\s", drawing, re.M))
        drawn |= set(re.findall(r"[├└]── (\w+)", drawing))
        assert drawn == classes
