"""`_indented_json.dumps` writes the bytes of `json.dumps(obj, indent=2, ensure_ascii=False,
default=...)`, the call every command's JSON output was (`Context.emit_json`): on a table of
shapes and hostile strings, on every command's JSON answer, and on generated trees."""

from __future__ import annotations

import datetime
import enum
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eol_check._cli._common import _json_default
from eol_check._indented_json import dumps

from ..conftest import RunCli
from ..fuzz import HOSTILE_TEXTS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def stdlib(obj: object) -> str:
    """What `Context.emit_json` called before: json.dumps exactly as the CLI called it."""
    return json.dumps(obj, indent=2, ensure_ascii=False, default=_json_default)


class Colour(enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


class Word(str, enum.Enum):
    FULL = "full"


SHAPES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    10**30,
    1.5,
    -0.0,
    1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    "",
    "text",
    {},
    [],
    (),
    [[]],
    [{}],
    {"a": {}},
    {"a": []},
    [[[[]]]],
    {"a": {"b": {"c": [1, None, True, "x"]}}},
    ("tuple", ("nested", 1)),
    [1, "two", None, False, 3.25, [], {}],
    {7: "int key", 2.5: "float key", False: "bool key", None: "null key", "s": "str key"},
    {"date": datetime.date(2026, 1, 15), "at": datetime.datetime(2026, 1, 15, 9, 30)},
    [datetime.date(2026, 1, 15), Colour.RED],  # default(): isoformat, str()
    {"level": Level.HIGH, "word": Word.FULL, Word.FULL: Level.HIGH},
    {"mixed": [{"section": "§2(ii)", "text": "4.2 is a previous Version line"}] * 3},
]


@pytest.mark.parametrize("obj", SHAPES, ids=repr)
def test_shapes(obj: object) -> None:
    assert dumps(obj, _json_default) == stdlib(obj)


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=repr)
def test_hostile_strings(text: str) -> None:
    # as a value, a key, in a list, nested: surrogates, controls, bidi, quotes, backslashes
    for obj in (text, {text: text}, [text, {"k": [text]}], {"a": {text: [text, text]}}):
        assert dumps(obj, _json_default) == stdlib(obj)


@pytest.mark.parametrize(
    "text",
    ["\ud800", "x\udfffy", "\x00\x01\x1f\x7f\x80\x9f", "\u2028\u2029", "日本語 é ß 🐙", "\"'\\/"],
    ids=repr,
)
def test_more_hostile_strings(text: str) -> None:
    obj = {"question": {"product": text}, text: [text, 1, None]}
    assert dumps(obj, _json_default) == stdlib(obj)


def test_a_key_json_refuses_is_refused_alike() -> None:
    with pytest.raises(TypeError) as ours:
        dumps({(1, 2): "tuple key"}, _json_default)
    with pytest.raises(TypeError) as theirs:
        stdlib({(1, 2): "tuple key"})
    assert (
        str(ours.value)
        == str(theirs.value)
        == "keys must be str, int, float, bool or None, not tuple"
    )


def test_many_distinct_keys_do_not_grow_the_key_memo_forever() -> None:
    from eol_check import _indented_json

    obj = {f"key {n}": n for n in range(3000)}
    assert dumps(obj, _json_default) == stdlib(obj)
    assert len(_indented_json._KEYS) <= 1024


# -- every command's JSON answer -------------------------------------------------------------------

DATA = Path(__file__).resolve().parents[2] / "examples"

COMMANDS = [
    ["check", "oas", "4.2.1", "-s", "S2", "--reported-at", "2026-01-15T09:30:00-05:00"],
    [
        "check",
        "oas",
        "4.2.1",
        "-s",
        "S1",
        "--reported-at",
        "2026-01-17T23:00:00Z",
        "--tz",
        "Asia/Tokyo",
    ],
    ["check", "oas", "3.1.0", "-s", "S3", "--date", "2026-11-21", "--now", "2026-12-01T00:00:00Z"],
    ["check", "oas", "9.9.9", "-s", "S4", "--date", "2026-11-21"],
    [
        "check",
        "oas",
        "4.2.1",
        "-s",
        "S2",
        "--reported-at",
        "2026-01-15T09:30:00-05:00",
        "--customer",
        "Globex",
        "--customers",
        str(DATA / "customers.csv"),
    ],
    ["status", "oas", "--date", "2026-11-21"],
    ["status", "oas", "4.2.1", "--date", "2026-11-21"],
    ["status", "oas", "4.3.0-rc.1", "--date", "2026-11-21"],
    ["preflight", "oas", "--installed", "4.2.1", "--target", "5.1.1", "--date", "2026-11-21"],
    ["classify", "3.1.2", "4.1.0"],
    ["products", "--date", "2026-11-21"],
    ["numbering", "1.0.0", "1.1.0", "1.1.1", "--next", "2.0.0"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_every_command_prints_json_dumps_bytes(run_cli: RunCli, argv: list[str]) -> None:
    done = run_cli(*argv, "--format", "json")
    assert done.code in (0, 1), done.err
    parsed = json.loads(done.out)
    # Printed by dumps; the same tree through json.dumps gives the same text, byte for byte.
    assert done.out == stdlib(parsed) + "\n"
    assert parsed  # an answer, not an empty document


# -- generated trees -------------------------------------------------------------------------------

leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(st.characters(exclude_categories=()))  # lone surrogates too
    | st.dates()
)
keys = (
    st.text(st.characters(exclude_categories=()))
    | st.integers()
    | st.booleans()
    | st.none()
    | st.floats()
)
trees = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=5)
        | st.lists(children, max_size=5).map(tuple)
        | st.dictionaries(keys, children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(trees)
def test_generated_trees(obj: object) -> None:
    assert dumps(obj, _json_default) == stdlib(obj)


def test_nan_is_written_as_json_writes_it() -> None:
    assert dumps([math.nan, math.inf], _json_default) == "[\n  NaN,\n  Infinity\n]"
