"""No input may crash eol-check (SPEC §5): every command, driven in-process with hostile arguments
and hostile files, ends with exit 0, 1, 2, 3 or 74, one error line for 2/3/74, no traceback, and
no FIFO, device or symlink replaced.

The scenarios are `tests/fuzz.py`'s, drawn here by hypothesis (shrinking a failure to a small
reproduction) with a budget sized for CI; `python -m tests.fuzz --examples N` runs many more with
another generator.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import fuzz
from ._server import BundleServer

T = TypeVar("T")

#: Examples per command: about 1,400 calls in all, under a minute on a CI machine.
EXAMPLES = 150

#: Under CI the examples are the same on every run, so a landing is never decided by the luck of
#: the draw; exploring new inputs is the job of local runs and `python -m tests.fuzz --seed N`.
DERANDOMIZE = bool(os.environ.get("CI"))


class HypothesisChooser:
    """A `fuzz.Chooser` that draws from hypothesis, so that a failure shrinks."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def choice(self, options: Sequence[T]) -> T:
        return self.data.draw(st.sampled_from(options))

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))

    def chance(self, percent: int) -> bool:
        return percent > 0 and self.data.draw(st.integers(0, 99)) < percent

    def text(self, alphabet: str, max_size: int) -> str:
        return self.data.draw(st.text(alphabet, max_size=max_size))

    def binary(self, max_size: int) -> bytes:
        return self.data.draw(st.binary(max_size=max_size))


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[BundleServer]:
    """One test server on 127.0.0.1 for the whole module (each scenario sets its reply)."""
    with fuzz.serving() as server:
        yield server


@pytest.mark.parametrize("command", fuzz.COMMANDS)
def test_no_input_crashes_a_command(command: str, fuzz_server: BundleServer) -> None:
    @settings(
        # catalog publish writes and fsyncs a whole site per call: fewer of them;
        # account-report draws three charts per call: fewer of them too.
        max_examples=EXAMPLES // 3 if command in fuzz.RARE else EXAMPLES,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def check(data: st.DataObject) -> None:
        s = fuzz.scenario(HypothesisChooser(data), fuzz_server.port, command)
        fuzz.prepare(fuzz_server, s)
        with fuzz.scratch() as fresh:
            # The hang guard is a backstop far above any real run, not a timing assertion.
            outcome, problems = fuzz.run(s, fresh(), hang_seconds=120)
        assert problems == [], f"{s.shown()}\nstderr: {outcome.err!r}"

    check()


def test_the_runner_prints_a_table_per_command_and_exit_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert fuzz.main_runner(["--examples", "60", "--seed", "15"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "fuzz: seed 15, up to 60 calls"
    assert lines[1].startswith("60 calls in ")
    assert lines[1].endswith("(seed 15); 0 problem(s)")
    header = lines[2].split()
    assert header[0] == "command"
    assert header[-1] == "total"
    assert all(cell == "exit" or cell.isdigit() for cell in header[1:-1])
    total = lines[-1].split()
    assert total[0] == "all"
    assert total[-1] == "60"
    assert {line.split()[0] for line in lines[3:-1]} <= {c.split()[0] for c in fuzz.COMMANDS}
