"""Reading files the user names: regular files only, with a size cap, failures translated into
eol-check's errors.

A FIFO, a device or a socket where a data file should be is refused at once (SPEC §5): the file is
opened without blocking and checked before a byte is read, so a FIFO never hangs a run and
/dev/zero is never read forever.
"""

from __future__ import annotations

import errno
import os
import stat

from .errors import EolCheckError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, BinaryIO

__all__ = [
    "MAX_DATA_BYTES",
    "NotRegularFile",
    "decode_utf8",
    "open_regular",
    "read_data_file",
    "read_limited",
]

#: The largest data file read whole: a catalog, policy or bundle is a few KiB; this stops a
#: mistaken path from being read into memory.
MAX_DATA_BYTES = 16 * 1024 * 1024

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class NotRegularFile(OSError):
    """The path names something other than a regular file: a FIFO, a device, a socket."""


def file_kind(mode: int) -> str:
    """What a file of `mode` (st_mode) is, in words."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """`path` opened for reading bytes, if it is a regular file (or a symbolic link to one).

    Raises FileNotFoundError, IsADirectoryError for a folder, NotRegularFile for a FIFO, device
    or socket (without waiting for a writer), and OSError(EINVAL) for a path holding a NUL
    character; any other OSError as the system gives it.
    """
    try:
        fd = os.open(path, _FLAGS)
    except ValueError as exc:  # "embedded null byte": no file has such a name
        raise OSError(errno.EINVAL, "the path contains a NUL character") from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder")
        if not stat.S_ISREG(mode):
            raise NotRegularFile(errno.EINVAL, f"not a regular file ({file_kind(mode)})")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        stream = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return stream


def read_data_file(
    path: str | os.PathLike[str],
    error: type[EolCheckError],
    expected: str,
    limit: int = MAX_DATA_BYTES,
    *,
    where: str | None = None,
) -> bytes:
    """The bytes of the file at `path`; a failure raises `error` naming the file.

    `expected` says what the file should be ("a TOML file"), for the message about a folder.
    `where` names the file in messages (default: its path), e.g. the option that gave it.
    """
    where = str(path) if where is None else where
    try:
        with open_regular(path) as stream:
            return read_limited(stream, where, error, expected, limit)
    except FileNotFoundError as exc:
        raise error(f"{where}: file not found") from exc
    except IsADirectoryError as exc:
        raise error(f"{where}: is a folder, expected {expected}") from exc
    except OSError as exc:
        raise error(f"{where}: cannot be read: {exc.strerror or exc}") from exc


def read_limited(
    stream: BinaryIO,
    where: str,
    error: type[EolCheckError],
    expected: str,
    limit: int = MAX_DATA_BYTES,
) -> bytes:
    """All of `stream` (a file, standard input), if it is at most `limit` bytes; else `error`
    naming `where`. Errors reading it are the caller's to translate."""
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise error(f"{where}: larger than {limit // 2**20} MiB: not {expected}")
    return raw


def decode_utf8(raw: bytes, where: str, error: type[EolCheckError], **details: Any) -> str:
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
