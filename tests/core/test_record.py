"""`Record`: immutable, slotted, compared by fields, and built without `dataclasses`."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys

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
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.stdout.splitlines()[-1] == "False False"
