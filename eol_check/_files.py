"""Reading a whole data file with a size cap, its failures translated into eol-check's errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import EolCheckError

__all__ = ["MAX_DATA_BYTES", "decode_utf8", "read_data_file"]

#: The largest data file read whole: a catalog, policy or bundle is a few KiB; this stops
#: /dev/zero and the like from being read forever.
MAX_DATA_BYTES = 16 * 1024 * 1024


def read_data_file(
    path: Path, error: type[EolCheckError], expected: str, limit: int = MAX_DATA_BYTES
) -> bytes:
    """The bytes of the file at `path`; a failure raises `error` naming the file.

    `expected` says what the file should be ("a TOML file"), for the message about a folder.
    """
    try:
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except FileNotFoundError as exc:
        raise error(f"{path}: file not found") from exc
    except IsADirectoryError as exc:
        raise error(f"{path}: is a folder, expected {expected}") from exc
    except OSError as exc:
        raise error(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    if len(raw) > limit:
        raise error(f"{path}: larger than {limit // 2**20} MiB: not {expected}")
    return raw


def decode_utf8(
    raw: bytes, where: str, error: type[EolCheckError], **details: Any
) -> str:
    """`raw` as UTF-8 text; else `error` naming `where` (a file, a file's line, an option) and
    the first bad byte, in the one wording every reader uses. `details` go to `error`."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            f"{where}: not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start}); "
            "save it as UTF-8",
            **details,
        ) from None
