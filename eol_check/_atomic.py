"""Writing a file so that a crash leaves the old file or the new one, never half of either.

Only a regular file is ever replaced: a FIFO, a device or a folder at the path is refused, and a
symbolic link is followed to the file it names (which is replaced; the link stays) — except a
link in a folder others may write to (`/tmp`), which another user may have planted there to make
this one overwrite its own files: it is refused. A replaced file keeps its permissions. The
temporary file carries the writer's process id, so that one left behind by a writer that was
killed is removed by the next write to the same file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from ._files import NotRegularFile, file_kind

__all__ = ["fsync_folder", "running", "target_of", "write_atomic"]


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace the regular file `path` (or create it) with `data`: a temporary file in the same
    folder, fsynced, then renamed.

    The file gets `mode`, else the permissions of the file it replaces, else those a new file
    gets (0o666 less the umask; mkstemp alone would make it 0o600). Raises OSError
    (NotRegularFile for a FIFO, device or folder at `path`); the temporary file is removed on
    any failure, and `path` is left as it was.
    """
    target = target_of(path)
    if mode is None:
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(os.stat(target).st_mode)
    if mode is None:
        umask = os.umask(0o022)  # reading the umask means setting it: put it straight back
        os.umask(umask)
        mode = 0o666 & ~umask
    _remove_leftovers(target)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp"
        )
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, target)  # atomic on POSIX and Windows (same volume)
        tmp = None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    fsync_folder(target.parent)


def target_of(path: Path) -> Path:
    """The file a write to `path` replaces: `path`, or the file its symbolic links lead to;
    OSError if that is not a regular file (or nothing yet)."""
    if "\0" in str(path):
        raise OSError(errno.EINVAL, "the path contains a NUL character")
    _refuse_planted_link(path)
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target  # a new file (the folder must exist: mkstemp says so if not)
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder")
    if not stat.S_ISREG(mode):
        raise NotRegularFile(errno.EINVAL, f"not a regular file ({file_kind(mode)})")
    return target


def _refuse_planted_link(path: Path) -> None:
    """OSError if `path` is a symbolic link in a folder that others may write to (world-writable
    or sticky, as /tmp): anyone could have put it there, pointing at a file of this user."""
    try:
        if not stat.S_ISLNK(os.lstat(path).st_mode):
            return
        folder = os.stat(path.parent).st_mode
    except OSError:
        return  # nothing there yet, or the write says what is wrong
    if folder & (stat.S_IWOTH | stat.S_ISVTX):
        raise OSError(
            errno.ELOOP,
            "it is a symbolic link in a folder others may write to, which eol-check does not "
            "follow (another user may have put it there); give the file it leads to",
        )


def _remove_leftovers(target: Path) -> None:
    """Remove temporary files of earlier writes to `target` whose writer no longer runs."""
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return  # the write itself will say what is wrong with the folder
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid = name[len(prefix) :].partition(".")[0]
        if pid.isdigit() and not running(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(target.parent / name)


def running(pid: int) -> bool:
    """True when process `pid` exists (another writer may still be at work)."""
    if pid == os.getpid() or os.name == "nt":  # Windows: os.kill(pid, 0) is not a probe
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True  # it exists but is not ours, or the platform cannot say: leave its file
    return True


def fsync_folder(folder: Path) -> None:
    """Make the names in `folder` durable (a rename, a swap; POSIX); a no-op where folders
    cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
