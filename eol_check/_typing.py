"""`TYPE_CHECKING` without importing `typing`: the one start-up seam for type hints.

`import typing` costs about a third of `python -c pass` (benchmarks/startup.py), and no module
of eol-check needs it at run time: annotations are strings (`from __future__ import
annotations`), so names used only in them (`Any`, `TextIO`, `TypeVar`s …) are imported from
`typing` under `if TYPE_CHECKING:`, which the type checkers read as true (mypy and ruff go by
the name) and the interpreter as false.
"""

TYPE_CHECKING = False
