"""`Record`: immutable, slotted, compared by fields, and built without `dataclasses`."""

from __future__ import annotations

import copy
import inspect
import pickle
import subprocess
import sys
from typing import Any, ClassVar

import pytest

from eol_check._record import Record, field, replace


class Point(Record):
    x: int
    y: int = 0
    label: str = ""


class Sized(Record):
    items: tuple[int, ...]
    size: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", len(self.items))


def test_fields_defaults_and_keywords() -> None:
    assert (Point(1).x, Point(1).y, Point(1, 2, "a").label) == (1, 0, "a")
    assert Point(y=3, x=1) == Point(1, 3)
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=2)  # type: ignore[call-arg]


def test_immutable_and_slotted() -> None:
    p = Point(1)
    with pytest.raises(AttributeError, match="immutable"):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del p.x
    assert not hasattr(p, "__dict__")


def test_equality_hash_and_repr_follow_the_fields() -> None:
    assert Point(1, 2) == Point(1, 2) != Point(2, 1)
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2
    assert Point(1, 2) != (1, 2, "")
    assert repr(Point(1, 2, "a")) == "Point(x=1, y=2, label='a')"


def test_derived_fields_are_filled_after_init_and_not_compared() -> None:
    s = Sized((1, 2, 3))
    assert s.size == 3
    assert repr(s) == "Sized(items=(1, 2, 3))"
    assert replace(s, items=(1,)).size == 1


def test_replace_pickle_and_copy() -> None:
    p = Point(1, 2, "a")
    assert replace(p, y=5) == Point(1, 5, "a")
    with pytest.raises(TypeError, match="no field 'z'"):
        replace(p, z=1)
    assert pickle.loads(pickle.dumps(p)) == p
    assert copy.deepcopy(Sized((1,))).size == 1


def test_the_check_command_never_imports_dataclasses() -> None:
    code = (
        "import sys; from eol_check.cli import main; "
        "main(['check', 'oas', '4.3.2', '-s', 'S2', '--date', '2026-11-21']); "
        "print('dataclasses' in sys.modules, 'inspect' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.splitlines()[-1] == "False False"


class Bounds(Record):
    UNIT: ClassVar[str] = "days"  # a class attribute, not a field
    low: int
    high: int = 0


def test_the_signature_is_the_real_init() -> None:
    assert str(inspect.signature(Point)) == "(x, y=0, label='')"

    class Fresh(Record):  # asked before its first instance, and after
        a: int
        b: str = "b"

    before = str(inspect.signature(Fresh))
    assert (before, Fresh(1).b, str(inspect.signature(Fresh))) == ("(a, b='b')", "b", before)
    params = inspect.signature(Sized).parameters
    assert list(params) == ["items"]  # a derived field is not a parameter
    assert [(p.name, p.default) for p in inspect.signature(Bounds).parameters.values()] == [
        ("low", inspect.Parameter.empty),
        ("high", 0),
    ]


def test_match_args_are_the_fields_in_order() -> None:
    assert Point.__match_args__ == ("x", "y", "label")
    assert Sized.__match_args__ == ("items",)
    match Point(1, 2):
        case Point(x, y, label):
            assert (x, y, label) == (1, 2, "")
        case _:  # pragma: no cover
            pytest.fail("no match")


def test_class_vars_are_class_attributes_not_fields() -> None:
    assert Bounds.__slots__ == ("low", "high")  # type: ignore[attr-defined]
    assert Bounds._fields == ("low", "high")
    assert (Bounds(1).UNIT, Bounds.UNIT) == ("days", "days")
    assert repr(Bounds(1, 2)) == "Bounds(low=1, high=2)"


def _define(name: str, base: type[Record], namespace: dict[str, Any]) -> type[Record]:
    """What a `class NAME(BASE):` statement with `namespace` in its body defines."""
    meta: Any = type(base)
    made: type[Record] = meta(name, (base,), namespace)
    return made


@pytest.mark.parametrize(
    ("default", "kind"), [([], "list"), ({}, "dict"), (set(), "set"), (bytearray(), "bytearray")]
)
def test_a_mutable_default_is_refused_when_the_class_is_defined(default: object, kind: str) -> None:
    with pytest.raises(ValueError, match=r"^Bad\.items: mutable default ") as raised:
        _define("Bad", Record, {"__annotations__": {"items": "list[int]"}, "items": default})
    assert str(raised.value) == (
        f"Bad.items: mutable default {kind} is not allowed: give an immutable one (a tuple, a "
        "frozenset, None)"
    )


def test_a_field_without_a_default_after_one_with_one_is_refused() -> None:
    with pytest.raises(TypeError) as raised:
        _define("Bad", Point, {"__annotations__": {"z": "int"}})
    assert str(raised.value) == "Bad.z: a field without a default follows one with one"


def test_every_instance_is_built_by_the_one_compiled_init() -> None:
    # No shared __init__ for the first instances and no counter: the first instance compiles
    # the class's own __init__, and the millionth runs the same function.
    class Pair(Record):
        a: int
        b: tuple[int, ...]
        n: int = field(init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "n", len(self.b))

    class Triple(Pair):
        c: str = "c"

    first = Pair(0, ())
    init = Pair.__init__
    assert init.__qualname__.endswith("Pair.__init__")
    made = [Pair(i, (i,) * i) for i in range(1000)]
    assert Pair.__init__ is init
    assert Pair.__init__ is not Triple.__init__  # compiled for Pair only, never inherited
    assert [(p.a, p.n) for p in [first, *made]] == [(0, 0)] + [(i, i) for i in range(1000)]
    assert repr(Triple(1, (2, 3))) == "Triple(a=1, b=(2, 3), c='c')"
    assert Triple(1, ()).n == 0


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "missing 1 required positional argument: 'x'"),
        ((1, 2, "a", 4), {}, "takes from 2 to 4 positional arguments but 5 were given"),
        ((1,), {"x": 2}, "got multiple values for argument 'x'"),
        ((1,), {"z": 2}, "got an unexpected keyword argument 'z'"),
    ],
)
def test_wrong_arguments_are_the_interpreters_type_errors_naming_the_class(
    args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(TypeError) as raised:
        Point(*args, **kwargs)  # type: ignore[arg-type]
    assert str(raised.value) == f"Point.__init__() {message}"
