"""Reading the command line's values: its usage error, paths and versions.

Below the run context (`_common`) and the data sources (`_sources`), which both use it.
"""

from __future__ import annotations

from ..errors import InputError, InvalidVersion
from ..version import parse_lenient, parse_strict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ..version import Version

__all__ = ["UsageError", "path_arg", "version_arg"]


class UsageError(InputError):
    """The command line itself is wrong (argparse's complaint, as one line)."""


def path_arg(text: str) -> Path:
    """A path given on the command line. `pathlib` is imported here, when a command names a file:
    the embedded data is found without it (`eol_check._data`)."""
    from pathlib import Path

    return Path(text)


def version_arg(text: str, label: str, *, strict: bool = False) -> Version:
    """The version in a command-line argument; errors say which argument (`label`) was wrong."""
    try:
        return parse_strict(text) if strict else parse_lenient(text)
    except InvalidVersion as exc:
        raise InvalidVersion(f"{label}: {exc}") from exc
