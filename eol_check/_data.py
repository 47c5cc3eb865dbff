"""Where the embedded policy and catalog live: in the installed package or a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["data_dir"]


@cache
def data_dir() -> Path:
    """The embedded `data/` folder (policy.toml, catalog/).

    The wheel ships the top-level `data/` as `eol_check/data`; a source checkout (or an editable
    install) has it beside the package. A plain path lookup is used instead of importlib.resources
    to keep start-up lean; zip imports are not supported.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "policy.toml").is_file():
            return candidate
    # Let the loader report the missing file with its expected path.
    return here / "data"
