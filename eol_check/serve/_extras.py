"""The one seam where the service's third-party packages are imported (SPEC §10).

A missing extra is exit 2 naming the install (`pip install 'eol-support-check[serve]'`).
"""

from __future__ import annotations

import importlib

from ..errors import InputError

__all__ = ["MissingExtra", "require"]


class MissingExtra(InputError):
    """A package of an optional extra is not installed (exit 2, naming the install)."""


def require(module: str, extra: str, why: str) -> None:
    """Import `module` or raise MissingExtra naming the extra that installs it."""
    try:
        importlib.import_module(module)
    except ImportError:
        raise MissingExtra(
            f"{why} needs the {module.split('.')[0]} package: "
            f"pip install 'eol-support-check[{extra}]'"
        ) from None
