"""Reading TOML files into plain data, with errors that name the file, line and column."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .errors import DataError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["load_toml", "loads_toml"]


def load_toml(path: Path, error: type[DataError] = DataError) -> dict[str, Any]:
    """The TOML document at `path`; any failure raises `error` naming the file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise error(f"{path}: file not found") from exc
    except IsADirectoryError as exc:
        raise error(f"{path}: is a folder, expected a TOML file") from exc
    except OSError as exc:
        raise error(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    return loads_toml(raw, str(path), error)


def loads_toml(raw: bytes, source: str, error: type[DataError] = DataError) -> dict[str, Any]:
    """The TOML document in `raw` (UTF-8); `source` names it in errors."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start]
        raise error(f"{source}: not UTF-8 text (byte {exc.start} is {bad:#04x})") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message carries "(at line L, column C)".
        raise error(f"{source}: invalid TOML: {exc}") from exc
