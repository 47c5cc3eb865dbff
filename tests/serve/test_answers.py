"""`answers._parse` reads a question's command line as argparse does: the same namespace for a
line of a shape read before (without argparse) as argparse gives (`answers._argparse`)."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eol_check.errors import EolCheckError
from eol_check.serve import answers
from eol_check.serve.answers import command_line

from ..fuzz import HOSTILE_TEXTS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType

# The options and positionals of each question the service asks (eol_check/serve/app.py).
QUESTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...], int]] = {
    # command: (options taking a value, flags, positionals)
    "check": (
        ("severity", "region", "reported-at", "now", "date", "tz", "format", "customer"),
        (),
        2,
    ),
    "status": (("date", "format"), (), 2),
    "preflight": (
        ("installed", "target", "date", "format"),
        ("allow-prerelease", "allow-downgrade"),
        1,
    ),
    "classify": (("format",), ("strict",), 2),
    "products": (("date", "format"), (), 0),
    "audit": (("customer", "from", "to", "format"), (), 0),
}

values = st.text(st.characters(exclude_categories=()), max_size=20) | st.sampled_from(
    [*HOSTILE_TEXTS[:30], "--", "-x", "--format=json", "a=b", "=", "S2", "json", "2026-01-15"]
)


def outcome(read: object, argv: list[str]) -> tuple[str, object]:
    """What reading `argv` gives: the namespace's attributes and module, or the error."""
    assert callable(read)
    try:
        args, module = read(argv)
    except EolCheckError as exc:
        return "error", str(exc)
    assert isinstance(args, argparse.Namespace)
    found: ModuleType = module
    return "read", (vars(args), found.__name__)


@st.composite
def lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(QUESTIONS)))
    takes, flags, count = QUESTIONS[command]
    options: dict[str, str | bool | None] = {}
    for name in draw(st.lists(st.sampled_from(takes), unique=True)):
        options[name] = draw(values.filter(lambda v: "\x00" not in v))
    for name in flags:
        options[name] = draw(st.booleans())
    positionals = draw(st.lists(values, min_size=count, max_size=count))
    return command_line(command, positionals, options)


@settings(max_examples=400, deadline=None)
@given(lines())
def test_the_fast_reading_is_argparse_reading(argv: list[str]) -> None:
    # twice: the first of a shape reads the template, the second fills it
    assert outcome(answers._parse, argv) == outcome(answers._argparse, argv)
    assert outcome(answers._parse, argv) == outcome(answers._argparse, argv)


CHECK = command_line(
    "check",
    ["oas", "4.2.1"],
    {"severity": "S2", "reported-at": "2026-01-15T09:30:00Z", "format": "json"},
)


def test_a_check_is_filled_from_its_template() -> None:
    answers._parse(CHECK)
    shape, filled = answers._shape(CHECK)
    assert shape == ("check", ("--severity=", "--reported-at=", "--format="), 2)
    assert filled == ["S2", "2026-01-15T09:30:00Z", "json", "oas", "4.2.1"]
    template = answers._TEMPLATES[shape]
    assert template.fields == {
        "severity": 0,
        "reported_at": 1,
        "format": 2,
        "product": 3,
        "version": 4,
    }
    assert template.fixed["command"] == "check"
    assert template.fixed["customers"] is None


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--", "oas", "--"],  # a value `--`: argparse's own reading
        ["check", "--severity=--", "--", "oas", "4.2.1"],
        ["check", "-s", "S2", "oas", "4.2.1"],  # not command_line's form
        ["numbering", "--format=json", "--", "1.0.0", "1.1.0"],  # a list of positionals
        ["status", "--date=2026-01-15", "--", "oas"],  # no template is needed to be right
        ["check", "--severity=S2", "--", "oas"],  # argparse's error (a positional missing)
        ["preflight", "--nonsense=1", "--", "oas"],
    ],
)
def test_other_lines_are_read_by_argparse_alike(argv: list[str]) -> None:
    assert outcome(answers._parse, argv) == outcome(answers._argparse, argv)


def test_a_shape_with_a_converted_value_is_left_to_argparse() -> None:
    # --timeout has a `type` (seconds): its stand-ins are refused, so no template is used
    argv = ["status", "--timeout=5", "--format=json", "--", "oas"]
    assert outcome(answers._parse, argv) == outcome(answers._argparse, argv)
    shape, _ = answers._shape(argv)
    assert shape is not None
    assert answers._TEMPLATES[shape].fields is None


# -- version statuses remembered per data load ---------------------------------------------------


def test_remembered_statuses_are_the_statuses() -> None:
    import datetime

    from eol_check.catalog import load_catalog
    from eol_check.lifecycle import version_status
    from eol_check.policy import load_policy
    from eol_check.version import parse_lenient

    catalog, policy = load_catalog(), load_policy()
    memo = answers.Statuses(policy)
    product = catalog.product("oas")
    days = [datetime.date(2026, 1, 15), datetime.date(2027, 6, 1)]
    texts = ["4.2.1", "4.2.1+build.7", "4.3.0-rc.1", "5.1.1", "9.9.9", "3.0.0"]
    for _ in range(2):  # computed, then remembered
        for text in texts:
            version = parse_lenient(text)
            for on in days:
                assert memo(product, version, policy, on) == version_status(
                    product, version, policy, on
                )
    assert len(memo.known) == len(texts) * len(days)
    # a build is shown as given: equal versions apart from it are remembered apart
    one = memo(product, parse_lenient("4.2.1+build.7"), policy, days[0])
    assert str(one.version) == "4.2.1+build.7"
    assert str(memo(product, parse_lenient("4.2.1"), policy, days[0]).version) == "4.2.1"
    # another policy (not this load's) is not remembered
    other = load_policy()
    assert memo(product, parse_lenient("4.2.1"), other, days[0]).version == one.version
    assert len(memo.known) == len(texts) * len(days)


def test_remembered_statuses_are_bounded() -> None:
    import datetime

    from eol_check.catalog import load_catalog
    from eol_check.policy import load_policy
    from eol_check.version import parse_lenient

    catalog, policy = load_catalog(), load_policy()
    memo = answers.Statuses(policy)
    product, version = catalog.product("oas"), parse_lenient("4.2.1")
    start = datetime.date(2026, 1, 1)
    for n in range(answers.Statuses.LIMIT + 10):
        memo(product, version, policy, start + datetime.timedelta(days=n))
    assert 0 < len(memo.known) <= answers.Statuses.LIMIT


def test_a_check_with_remembered_statuses_answers_alike() -> None:
    from eol_check.catalog import load_catalog
    from eol_check.policy import load_policy

    catalog, policy = load_catalog(), load_policy()
    memo = answers.Statuses(policy)
    for n in range(3):
        argv = command_line(
            "check",
            ["oas", "4.2.1"],
            {
                "severity": "S2",
                "reported-at": f"2026-01-15T1{n}:30:00Z",
                "now": "2026-02-01T00:00:00Z",
                "format": "json",
            },
        )
        fresh = answers.ask(argv, catalog, policy)
        assert answers.ask(argv, catalog, policy, lifecycle=memo).body == fresh.body
    assert len(memo.known) == 1


def test_shapes_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # a list of positionals is not a shape (numbering's versions: any count)
    many = command_line("numbering", [f"1.0.{n}" for n in range(40)], {"format": "json"})
    assert answers._shape(many) == (None, [])
    assert outcome(answers._parse, many) == outcome(answers._argparse, many)
    # once the memo is full, a new shape is read by argparse and not kept
    monkeypatch.setattr(answers, "_SHAPES", len(answers._TEMPLATES))
    line = command_line("products", [], {"date": "2026-01-15", "format": "json", "color": "never"})
    shape, _ = answers._shape(line)
    assert shape is not None
    assert shape not in answers._TEMPLATES
    assert outcome(answers._parse, line) == outcome(answers._argparse, line)
    assert shape not in answers._TEMPLATES
