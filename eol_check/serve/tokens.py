"""The service's bearer tokens (SPEC §10): a JSON file of `{name, sha256, created}`, mode 0600.

A token is 32 random URL-safe bytes (`secrets.token_urlsafe(32)`), shown once by `tokens add`;
the file keeps only its SHA-256, and a presented token is compared with every stored digest in
constant time (`hmac.compare_digest`). The file is written atomically and re-read by the server
on SIGHUP.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from datetime import datetime, timezone

from .._atomic import write_atomic
from ..errors import InputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Token", "TokenError", "TokenFile"]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")

#: The largest tokens file read (a few thousand tokens fit in far less).
MAX_BYTES = 4 * 1024 * 1024


class TokenError(InputError):
    """The tokens file cannot be read or written, or a token name is wrong (exit 2)."""


class Token:
    """One stored token: its name, the SHA-256 of its secret, and when it was made."""

    __slots__ = ("created", "name", "sha256")

    def __init__(self, name: str, sha256: str, created: str) -> None:
        self.name, self.sha256, self.created = name, sha256, created

    def as_json(self) -> dict[str, str]:
        """The token as the file and `tokens list --format json` hold it (no secret)."""
        return {"name": self.name, "sha256": self.sha256, "created": self.created}


class TokenFile:
    """The tokens file at `path` (read when made; `reload()` reads it again)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tokens: list[Token] = self._read()

    def reload(self) -> None:
        """Read the file again (SIGHUP); on failure the tokens read before stay."""
        self.tokens = self._read()

    def find(self, secret: str) -> Token | None:
        """The token whose secret this is, compared in constant time with every digest."""
        digest = hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()
        found = None
        for token in self.tokens:  # no early exit: the time does not depend on the position
            if hmac.compare_digest(token.sha256, digest):
                found = token
        return found

    def add(self, name: str, now: datetime | None = None) -> str:
        """Make a token named `name`, store its digest, and return the secret (shown once)."""
        _check_name(name)
        if any(t.name == name for t in self.tokens):
            raise TokenError(f"{self.path}: a token named {name!r} exists: remove it first")
        secret = secrets.token_urlsafe(32)
        created = (now or datetime.now(timezone.utc)).replace(microsecond=0)
        self.tokens.append(
            Token(name, hashlib.sha256(secret.encode()).hexdigest(), created.isoformat())
        )
        self._write()
        return secret

    def remove(self, name: str) -> None:
        """Remove the token named `name`."""
        kept = [t for t in self.tokens if t.name != name]
        if len(kept) == len(self.tokens):
            raise TokenError(f"{self.path}: no token named {name!r}")
        self.tokens = kept
        self._write()

    def _read(self) -> list[Token]:
        path = self.path
        try:
            with open(path, "rb") as stream:
                mode = os.fstat(stream.fileno()).st_mode
                if not stat.S_ISREG(mode):
                    raise TokenError(f"{path}: not a regular file")
                raw = stream.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise TokenError(f"{path}: cannot be read: {exc.strerror or exc}") from None
        if len(raw) > MAX_BYTES:
            raise TokenError(f"{path}: larger than {MAX_BYTES // 2**20} MiB: not a tokens file")
        if stat.S_IMODE(mode) & 0o077:
            raise TokenError(
                f"{path}: readable by others (mode {stat.S_IMODE(mode):04o}): chmod 600 it"
            )
        try:
            document = json.loads(raw.decode("utf-8"))
            tokens = [
                Token(str(t["name"]), str(t["sha256"]), str(t["created"]))
                for t in document["tokens"]
            ]
        except (ValueError, KeyError, TypeError) as exc:
            raise TokenError(
                f'{path}: not a tokens file (expected {{"tokens": [{{name, sha256, created}}]}}'
                f", made by 'eol-check tokens add'): {type(exc).__name__}"
            ) from None
        for token in tokens:
            if not re.fullmatch(r"[0-9a-f]{64}", token.sha256):
                raise TokenError(f"{path}: token {token.name!r}: sha256 is not 64 hex digits")
        return tokens

    def _write(self) -> None:
        data = json.dumps({"tokens": [t.as_json() for t in self.tokens]}, indent=2) + "\n"
        try:
            write_atomic(self.path, data.encode(), mode=0o600)
        except OSError as exc:
            raise TokenError(f"{self.path}: cannot be written: {exc.strerror or exc}") from None


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        shown = name if len(name) <= 40 else name[:37] + "..."
        raise TokenError(
            f"token name {shown!r}: use 1 to 64 letters, digits, '.', '_', '@' or '-', starting "
            "with a letter or digit"
        )
