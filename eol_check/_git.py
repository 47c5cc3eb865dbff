"""Reading a git repository's tags in the order they were created (for `numbering --git`)."""

from __future__ import annotations

import os
import subprocess

from .errors import InputError

__all__ = ["tags_in_creation_order"]

# creatordate is the tagger date of an annotated tag and the committer date of the commit a
# lightweight tag points at. The last --sort key is the primary one: tags created in the same
# second (a release script) fall back to version order, not to name order (v1.10.0 < v1.9.0).
_COMMAND = (
    "for-each-ref",
    "--sort=version:refname",
    "--sort=creatordate",
    "--format=%(refname:strip=2)",
    "refs/tags",
)


def tags_in_creation_order(repo: str = ".") -> list[str]:
    """The names of the tags of the repository at `repo`, oldest first."""
    if not os.path.isdir(repo):
        raise InputError(f"--repo {repo!r} is not a folder: give the folder of a git repository")
    try:
        done = subprocess.run(
            ["git", "-C", repo, *_COMMAND],
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError as exc:
        raise InputError("git was not found on PATH: --git needs git installed") from exc
    except OSError as exc:
        raise InputError(f"could not run git: {exc.strerror or exc}") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[0].removeprefix("fatal: ") if said else f"git exited with {done.returncode}"
        raise InputError(f"cannot read the tags of {repo!r}: {reason}")
    text = done.stdout.decode("utf-8", "replace")
    return [name for name in text.split("\n") if name]
