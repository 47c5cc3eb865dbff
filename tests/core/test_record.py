"""`Record`: immutable, slotted, compared by fields, and built without `dataclasses`."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from typing import Any

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


def _build_both_ways(cls: type[Record], *args: object, **kwargs: object) -> list[object]:
    """`cls(*args, **kwargs)` by the shared __init__ and by the compiled one (or the errors)."""
    from eol_check import _record

    made: list[object] = []
    for built in (0, _record.COMPILE_AFTER):
        namespace = {"__annotations__": dict(cls.__annotations__)}
        namespace.update(
            {k: v for k, v in cls._record_defaults.items() if k in namespace["__annotations__"]}
        )
        if hasattr(cls, "__post_init__"):
            namespace["__post_init__"] = cls.__post_init__
        meta: Any = type(cls)
        fresh = meta(cls.__name__, (Record,), namespace)
        type.__setattr__(fresh, "_record_built", built)
        try:
            made.append(repr(fresh(*args, **kwargs)))
        except TypeError as exc:
            made.append(f"TypeError naming the class: {fresh.__name__ in str(exc)}")
    return made


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1,), {}),
        ((1, 2, "a"), {}),
        ((), {"x": 1, "label": "b"}),
        ((1,), {"y": 5}),
        ((), {}),
        ((1, 2, "a", 4), {}),
        ((1,), {"x": 2}),
        ((1,), {"z": 2}),
        ((), {"y": 1}),
    ],
)
def test_the_shared_and_the_compiled_init_agree(
    args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    shared, compiled = _build_both_ways(Point, *args, **kwargs)
    assert shared == compiled


def test_a_class_gets_its_compiled_init_after_many_instances_and_keeps_its_answers() -> None:
    from eol_check import _record

    class Pair(Record):
        a: int
        b: tuple[int, ...]
        n: int = field(init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "n", len(self.b))

    class Triple(Pair):
        c: str = "c"

    made = [Pair(i, (i,) * i) for i in range(_record.COMPILE_AFTER + 3)]
    assert Pair.__init__ is not Triple.__init__  # compiled for Pair only, never inherited
    assert [(p.a, p.n) for p in made] == [(i, i) for i in range(_record.COMPILE_AFTER + 3)]
    assert repr(Triple(1, (2, 3))) == "Triple(a=1, b=(2, 3), c='c')"
    assert Triple(1, ()).n == 0
