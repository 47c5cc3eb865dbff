"""A problem found in data or a plan: the one record `catalog validate`, `preflight` and
`numbering` report, with a level, a stable kebab-case code and one sentence."""

from __future__ import annotations

import datetime
import enum

from . import _format
from ._record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Finding", "Level"]


class Level(str, enum.Enum):
    """How serious a finding is."""

    ERROR = "error"  # fails the check (exit 1)
    WARNING = "warning"  # worth knowing; fails only under --strict where offered

    def __str__(self) -> str:
        return self.value


class Finding(Record):
    """One problem: its level, a stable code, a sentence, and what it is about where known."""

    level: Level
    code: str
    message: str
    product: str | None = None  # the product id
    version: str | None = None  # the version as written (normalized where it parses)
    date: datetime.date | None = None  # the release date, where the finding is about a release
    index: int | None = None  # the position in the input it came from (0-based), if any
    # Other versions it is about: the releases that fell below a jump, the reading of an
    # invalid entry (numbering, SPEC §2.2 v2).
    related: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        """True for an error."""
        return self.level is Level.ERROR

    def as_json(self) -> dict[str, Any]:
        """The finding's JSON form (every command writes it so)."""
        return {
            "level": self.level.value,
            "code": self.code,
            "product": self.product,
            "version": self.version,
            "date": _format.iso(self.date),
            "message": self.message,
        }
