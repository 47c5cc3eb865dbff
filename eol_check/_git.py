"""Reading a git repository's tags in the order they were created (for `numbering --git`)."""

from __future__ import annotations

import os
import subprocess

from .errors import InputError

__all__ = ["is_shallow", "tags_at_head", "tags_in_creation_order"]

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
    return _lines(_git(repo, *_COMMAND))


def tags_at_head(repo: str = ".") -> set[str]:
    """The names of the tags that point at the commit checked out (HEAD), peeled.

    Empty when HEAD has no commit yet (a new repository)."""
    try:
        return set(_lines(_git(repo, "tag", "--points-at", "HEAD")))
    except InputError:
        if _git_ok(repo, "rev-parse", "-q", "--verify", "HEAD^{commit}"):
            raise
        return set()


def is_shallow(repo: str = ".") -> bool:
    """True when the repository is a shallow clone (`git clone --depth`, a CI checkout)."""
    return _lines(_git(repo, "rev-parse", "--is-shallow-repository"))[:1] == ["true"]


def _git(repo: str, *args: str) -> bytes:
    """The output of `git -C repo ARGS`; a failure is InputError with git's own first line."""
    done = _run(repo, args)
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[0].removeprefix("fatal: ") if said else f"git exited with {done.returncode}"
        raise InputError(f"cannot read the tags of {repo!r}: {reason}")
    return done.stdout


def _git_ok(repo: str, *args: str) -> bool:
    return _run(repo, args).returncode == 0


def _run(repo: str, args: tuple[str, ...]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", repo, *args],
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError as exc:
        raise InputError("git was not found on PATH: --git needs git installed") from exc
    except OSError as exc:
        raise InputError(f"could not run git: {exc.strerror or exc}") from exc


def _lines(output: bytes) -> list[str]:
    return [name for name in output.decode("utf-8", "replace").split("\n") if name]
