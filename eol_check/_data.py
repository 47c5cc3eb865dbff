"""Where the embedded policy and catalog live: in the installed package or a source checkout.

`data_path` finds them with `os.path`, so that a command reading only the embedded data never
imports `pathlib` (with `urllib.parse` and `ipaddress` behind it, about a fifth of `python -c
pass`, benchmarks/startup.py); `data_dir` is the same folder as a `Path`.
"""

from __future__ import annotations

import os
from functools import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["ENV_CATALOG_URL", "data_dir", "data_path"]

#: The environment variable naming the catalog URL (SPEC §7), the one definition:
#: `eol_check.remote` uses it, and the command line reads it on every start-up of a command that
#: loads data, which must not import `remote` (hashlib, ipaddress, json) unless a URL is given.
ENV_CATALOG_URL = "EOL_CHECK_CATALOG_URL"


@cache
def _folder() -> str:
    here = os.path.dirname(os.path.realpath(__file__))
    for candidate in (os.path.join(here, "data"), os.path.join(os.path.dirname(here), "data")):
        if os.path.isfile(os.path.join(candidate, "policy.toml")):
            return candidate
    # Let the loader report the missing file with its expected path.
    return os.path.join(here, "data")


def data_path(*parts: str) -> str:
    """A path in the embedded `data/` folder (policy.toml, catalog/), as a string.

    The wheel ships the top-level `data/` as `eol_check/data`; a source checkout (or an editable
    install) has it beside the package. A plain path lookup is used instead of importlib.resources
    to keep start-up lean; zip imports are not supported.
    """
    return os.path.join(_folder(), *parts)


def data_dir() -> Path:
    """The embedded `data/` folder as a `Path`."""
    from pathlib import Path

    return Path(_folder())
