"""Fetching the published catalog bundle over HTTPS, with a per-user cache (SPEC §7).

`fetch_bundle(url, validate, ...)` asks the server for the bundle with a conditional GET, checks it
(size cap, optional sha256 pin, `validate`), keeps the last good copy in a per-user cache, and on
any failure falls back to that cached copy (checked again) or to nothing, in which case the
caller uses its embedded data. It never raises for a network problem unless `require_fresh`.

This is the only module that imports httpx, and only inside the download function: the offline
path (every command without a catalog URL, or with `--offline`) never pays for it.

Rules (docs/catalog-remote.md):
- HTTPS only; plain HTTP only to a loopback host (127.0.0.0/8, ::1, localhost). A redirect is
  followed at most `MAX_REDIRECTS` times, and only to a URL the same rule allows, never from
  HTTPS down to HTTP.
- `timeout` bounds the whole fetch: name resolution, connecting, every header and the body,
  redirects included (`_download_by_deadline`), as well as each network wait.
- At most `max_bytes` are read: an over-large Content-Length is refused before reading, and the
  download stops as soon as the body grows past the cap.
- The cache holds one file per URL: a JSON header line (url, etag, fetched_at, sha256, size) and
  then the body, written to a temporary file in the same folder, fsynced and renamed over the old
  one, so a crash leaves either the old file or the new one, never a mix of metadata and body.
"""

from __future__ import annotations

import enum
import hashlib
import ipaddress
import json
import os
import re
import stat
import sys
import threading
import time
import zlib
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Generic, TypeVar
from urllib.parse import urlsplit, urlunsplit

from ._atomic import write_atomic
from ._data import ENV_CATALOG_URL
from ._dates import date_range_problem
from ._record import Record, replace
from .errors import DataError, FetchError, InputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import httpx

__all__ = [
    "DEFAULT_TIMEOUT",
    "ENV_CACHE_DIR",
    "ENV_CATALOG_URL",
    "MAX_BYTES",
    "MAX_REDIRECTS",
    "MAX_TIMEOUT",
    "MAX_URL_LENGTH",
    "BundleOrigin",
    "FetchedBundle",
    "fetch_bundle",
]

T = TypeVar("T")

#: Seconds to wait for the server (each wait, and the whole download).
DEFAULT_TIMEOUT = 5.0
#: The most bytes a bundle may have: 5 MiB, far above any real catalog.
MAX_BYTES = 5 * 1024 * 1024
#: Redirects followed before giving up.
MAX_REDIRECTS = 3
#: The longest --timeout: an hour (a larger one is a typo; the system's own limit is far lower
#: than a float allows).
MAX_TIMEOUT = 3600.0
#: The longest catalog URL: far above any real one, far below what the HTTP stack refuses.
MAX_URL_LENGTH = 8192
#: The environment variable that stands for the cache folder (for --catalog-url:
#: ENV_CATALOG_URL, defined in eol_check._data).
ENV_CACHE_DIR = "EOL_CHECK_CACHE_DIR"

_CACHE_FORMAT = "eol-check-cache/1"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PIN = re.compile(r"[0-9a-f]{64}")


class BundleOrigin(str, enum.Enum):
    """Which data answered a fetch."""

    FETCHED = "fetched"  # the server sent the bundle (200)
    NOT_MODIFIED = "not-modified"  # the server confirmed the cached copy (304)
    CACHE = "cache"  # the server was not asked (--offline) or failed: the last good cached copy
    NONE = "none"  # nothing usable: the caller falls back to its embedded data

    def __str__(self) -> str:
        return self.value

    @property
    def is_fresh(self) -> bool:
        """True when the server answered for this data just now."""
        return self in (BundleOrigin.FETCHED, BundleOrigin.NOT_MODIFIED)


class CachedBundle(Record):
    """A bundle as the cache keeps it: the body and what the server said about it."""

    url: str
    etag: str | None
    fetched_at: datetime  # when the server last sent or confirmed this body (UTC)
    sha256: str
    content: bytes


class FetchedBundle(Record, Generic[T]):
    """What `fetch_bundle` got: the validated value (None: use the embedded data), its origin."""

    url: str
    origin: BundleOrigin
    value: T | None
    copy: CachedBundle | None  # the body that answered, with its metadata
    problem: str | None = None  # why the server did not answer (None when it did, or --offline)
    cache_problem: str | None = None  # why a cached copy could not be used, if there was one
    cache_error: str | None = None  # why the answer could not be saved in the cache

    def notice(self, now: datetime, embedded: str) -> str | None:
        """The one stderr line that says which data answered and how old it is, if one is due.

        `embedded` names the fallback data, e.g. "the embedded catalog of eol-check 0.1.0".
        """
        if self.origin.is_fresh:
            return None
        if self.copy is not None:
            answered = f"the cached copy fetched {_age(self.copy.fetched_at, now)}"
        else:
            answered = embedded
        if self.problem is None:  # --offline: the user asked for the cache
            if self.copy is not None:
                return None
            because = "no usable cached copy"
            if self.cache_problem:
                because += f" ({self.cache_problem})"
            where = _shown(self.url)
            return f"--offline and {because} of the catalog from {where}; using {answered}"
        text = f"catalog from {_shown(self.url)} unavailable ({self.problem}); "
        if self.copy is None and self.cache_problem:
            text += f"the cached copy is unusable ({self.cache_problem}); "
        return text + f"using {answered}"


# --- the URL and the pin --------------------------------------------------------------------


def check_url(url: str, what: str = "--catalog-url") -> str:
    """`url` if it may be fetched: HTTPS, or plain HTTP to a loopback host; else InputError.

    The text itself is checked first, so that nothing the HTTP stack would choke on reaches it:
    no control character or space, no character that is not text (a byte that is not UTF-8 in
    an argument), at most MAX_URL_LENGTH characters.
    """
    problem = url_text_problem(url)
    if problem is not None:
        raise InputError(f"{what} {_shown(url)!r} {problem}")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise InputError(f"{what} {_shown(url)!r} is not a valid URL ({exc})") from exc
    if parts.scheme not in ("https", "http") or not host:
        raise InputError(f"{what} {_shown(url)!r} is not an HTTPS URL: expected https://host/path")
    if parts.scheme == "http" and not _is_loopback(host):
        raise InputError(
            f"{what} {_shown(url)!r}: plain HTTP is only allowed to this machine "
            "(127.0.0.1, ::1, localhost); use https://"
        )
    return url


# Control characters, spaces (a URL has none: they are written %20) and lone surrogates (the
# bytes of an argument that are not UTF-8).
_BAD_URL_CHARACTER = re.compile(r"[\x00-\x20\x7f-\x9f\ud800-\udfff]")


def url_text_problem(url: str) -> str | None:
    """Why `url` cannot be a URL as text (too long; a space, control character or byte that is
    not UTF-8), as the rest of a sentence naming it; None when the text can be one."""
    if len(url) > MAX_URL_LENGTH:
        return f"is longer than {MAX_URL_LENGTH} characters: not a web address"
    bad = _BAD_URL_CHARACTER.search(url)
    if bad is not None:
        return (
            f"is not a valid URL: it holds {_character(bad.group())} at position {bad.start() + 1}"
        )
    return None


def _character(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return "a byte that is not UTF-8"
    if char == " ":
        return "a space (write it %20)"
    return f"the control character U+{ord(char):04X}"


def check_pin(pin: str, what: str = "--catalog-sha256") -> str:
    """The sha256 pin in lower case; InputError unless it is 64 hex digits."""
    normalized = pin.strip().lower()
    if not _PIN.fullmatch(normalized):
        raise InputError(f"{what} {pin[:80]!r} is not a SHA-256 digest: expected 64 hex digits")
    return normalized


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def without_credentials(url: str) -> str:
    """`url` without the user name and password it may hold (`https://user:secret@host/`):
    what eol-check prints, stores in the cache and names a cache file by. The credentials are
    sent to the server, and nowhere else."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _shown(url: str) -> str:
    """The URL as messages show it: without a user name or password, cut short if long."""
    url = without_credentials(url)
    return url if len(url) <= 200 else url[:197] + "..."


# --- fetching -------------------------------------------------------------------------------


def fetch_bundle(
    url: str,
    validate: Callable[[bytes, str], T],
    *,
    now: datetime,
    sha256: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    offline: bool = False,
    require_fresh: bool = False,
    cache: Path | None = None,
    max_bytes: int = MAX_BYTES,
) -> FetchedBundle[T]:
    """The bundle at `url`, validated by `validate(content, source)`, or the best stand-in.

    `validate` raises a DataError for content it cannot use. `now` (UTC) stamps the cache.
    A network failure, a bad or oversized body or a pin mismatch falls back to the last good
    cached copy, else to `value is None`; with `require_fresh` it raises FetchError instead.
    """
    check_url(url)
    pin = check_pin(sha256) if sha256 is not None else None
    if offline and require_fresh:
        raise InputError("--offline and --require-fresh contradict each other: drop one")
    if not 0 < timeout <= MAX_TIMEOUT:
        raise InputError(
            f"--timeout {timeout:g} must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}"
        )
    folder = cache if cache is not None else cache_dir()
    copy, value, cache_problem = _cached(folder, url, max_bytes, pin, validate)

    def fallback(problem: str | None) -> FetchedBundle[T]:
        if require_fresh:
            raise FetchError(
                f"catalog from {_shown(url)} unavailable ({problem}) and --require-fresh "
                "allows no fallback"
            )
        origin = BundleOrigin.CACHE if copy is not None else BundleOrigin.NONE
        return FetchedBundle(url, origin, value, copy, problem, cache_problem)

    if offline:
        return fallback(None)
    try:
        status, etag, content = _download_by_deadline(
            url, copy.etag if copy is not None else None, timeout, max_bytes
        )
    except _Unavailable as exc:
        return fallback(str(exc))
    if status == 304:
        if copy is None:  # we sent no If-None-Match: the server is confused
            return fallback("HTTP 304 Not Modified, but there is no cached copy")
        copy = replace(copy, fetched_at=now, etag=etag or copy.etag)
        error = write_cache(folder, copy)
        origin = BundleOrigin.NOT_MODIFIED
        return FetchedBundle(url, origin, value, copy, None, cache_problem, error)
    digest = hashlib.sha256(content).hexdigest()
    try:
        _check_pinned(digest, pin)
        fresh = validate(content, "the bundle")
    except DataError as exc:
        return fallback(str(exc))
    copy = CachedBundle(without_credentials(url), etag, now, digest, content)
    error = write_cache(folder, copy)
    return FetchedBundle(url, BundleOrigin.FETCHED, fresh, copy, None, cache_problem, error)


def _cached(
    folder: Path, url: str, max_bytes: int, pin: str | None, validate: Callable[[bytes, str], T]
) -> tuple[CachedBundle | None, T | None, str | None]:
    """The cached copy of `url` and its validated value, or (None, None, why it is unusable)."""
    copy, problem = read_cache(folder, url, max_bytes)
    if copy is None:
        return None, None, problem
    try:
        _check_pinned(copy.sha256, pin)
        return copy, validate(copy.content, "the cached copy"), problem
    except DataError as exc:
        return None, None, str(exc)


def _check_pinned(digest: str, pin: str | None) -> None:
    """DataError unless the content with `digest` is the pinned one (or nothing is pinned)."""
    if pin is not None and digest != pin:
        raise DataError(f"sha256 mismatch: pinned {pin[:12]}…, got {digest[:12]}…")


class _Unavailable(Exception):
    """The server did not deliver a usable response; the message says why, briefly."""


def _download_by_deadline(
    url: str, etag: str | None, timeout: float, max_bytes: int
) -> tuple[int, str | None, bytes]:
    """`_download`, given `timeout` seconds in all, whatever the server or the resolver does.

    httpx bounds each network operation, not the request: a server that sends its headers a
    byte a second, or a resolver that never answers, would hold a fetch for ever. The download
    runs in a worker thread and the caller waits for it until the deadline; a worker still
    waiting then is abandoned (a daemon thread: it ends with its connection, or the process)
    and the fetch has failed, so the documented fallback answers.
    """
    outcome: list[tuple[int, str | None, bytes] | BaseException] = []
    done = threading.Event()

    def work() -> None:
        try:
            outcome.append(_download(url, etag, timeout, max_bytes))
        except BaseException as exc:  # handed to the caller, re-raised there
            outcome.append(exc)
        finally:
            done.set()

    threading.Thread(target=work, name="eol-check fetch", daemon=True).start()
    if not done.wait(timeout):
        raise _Unavailable(f"timed out after {timeout:g} s")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _download(
    url: str, etag: str | None, timeout: float, max_bytes: int
) -> tuple[int, str | None, bytes]:
    """(status 200 or 304, ETag, body) from `url`; _Unavailable for anything else."""
    import httpx  # only here: the offline path never imports it (SPEC §6)

    from . import __version__

    deadline = time.monotonic() + timeout
    headers = {
        "Accept": "application/json",
        "Accept-Encoding": "identity",  # the size cap counts what we hold in memory
        "User-Agent": f"eol-check/{__version__}",
    }
    if etag is not None:
        headers["If-None-Match"] = etag
    current = url
    # A proxy from the environment makes no sense for this machine's own loopback server.
    loopback = _is_loopback(urlsplit(url).hostname or "")
    try:
        with httpx.Client(follow_redirects=False, trust_env=not loopback) as client:
            for _ in range(MAX_REDIRECTS + 1):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise httpx.ReadTimeout("deadline passed")
                with client.stream("GET", current, headers=headers, timeout=remaining) as response:
                    if response.status_code in _REDIRECTS:
                        current = _redirect_target(current, response)
                        continue
                    if response.status_code == 304:
                        return 304, response.headers.get("etag"), b""
                    if response.status_code != 200:
                        phrase = response.reason_phrase
                        raise _Unavailable(f"HTTP {response.status_code} {phrase}".strip())
                    body = _read_capped(response, max_bytes, deadline, timeout)
                    return 200, response.headers.get("etag"), body
            raise _Unavailable(f"more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException as exc:
        raise _Unavailable(f"timed out after {timeout:g} s") from exc
    except httpx.ConnectError as exc:
        raise _Unavailable(f"cannot connect: {_strip_errno(str(exc))}") from exc
    except httpx.RemoteProtocolError as exc:
        raise _Unavailable(f"broken response: {exc}") from exc
    except httpx.HTTPError as exc:
        raise _Unavailable(f"{type(exc).__name__}: {exc}") from exc
    except (httpx.InvalidURL, httpx.CookieConflict, UnicodeError, ValueError) as exc:
        # check_url refuses what it can see; a redirect or header the server sent may still be
        # one the HTTP stack cannot use.
        raise _Unavailable(f"unusable response: {_first_line(exc)}") from exc


def _redirect_target(current: str, response: httpx.Response) -> str:
    """Where a redirect leads, if the rules allow it (see the module docstring)."""
    location = response.headers.get("location")  # httpx has refused an invalid one already
    if not location:
        raise _Unavailable(f"HTTP {response.status_code} redirect without a Location")
    target = str(response.url.join(location))
    try:
        check_url(target, "redirect to")
    except InputError as exc:
        raise _Unavailable(str(exc)) from exc
    if urlsplit(current).scheme == "https" and urlsplit(target).scheme != "https":
        raise _Unavailable(f"refused a redirect from HTTPS to {_shown(target)}")
    return target


def _read_capped(
    response: httpx.Response, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    """The body, read while both the bytes received and the bytes they decode to stay under
    `max_bytes`, and the deadline has not passed.

    eol-check asks for `identity`; a server that compresses anyway (gzip, deflate) is decoded
    here, a bounded piece at a time, so a small compressed body cannot grow past the cap in
    memory. Other encodings are refused.
    """
    limit = _mib(max_bytes)
    declared = response.headers.get("content-length")
    if (
        declared is not None
        and declared.isascii()
        and declared.isdigit()
        and (len(declared) > 18 or int(declared) > max_bytes)
    ):
        shown = declared if len(declared) <= 20 else f"{declared[:12]}… ({len(declared)} digits)"
        raise _Unavailable(f"the bundle is {shown} bytes, more than the {limit} limit")
    decoder = _Decoder(response.headers.get("content-encoding", ""))
    body = bytearray()
    received = 0
    for chunk in response.iter_raw():
        received += len(chunk)
        if received > max_bytes:
            raise _Unavailable(f"the bundle is larger than the {limit} limit")
        body += decoder.decode(chunk, max_bytes + 1 - len(body))
        if len(body) > max_bytes:
            raise _Unavailable(f"the bundle is larger than the {limit} limit once decoded")
        if time.monotonic() > deadline:
            raise _Unavailable(f"timed out after {timeout:g} s")
    decoder.finish()
    return bytes(body)


class _Decoder:
    """Undoes a Content-Encoding of gzip or deflate with bounded output (see `_read_capped`)."""

    def __init__(self, header: str) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        self.name = ", ".join(codings)
        self._zlib: zlib._Decompress | None = None
        if not codings:
            return
        if codings in (["gzip"], ["x-gzip"], ["deflate"]):
            # 32 + MAX_WBITS: a gzip or zlib header, detected (deflate is zlib-wrapped).
            self._zlib = zlib.decompressobj(32 + zlib.MAX_WBITS)
            return
        raise _Unavailable(
            f"the server sent the bundle {_shown(self.name)[:40]}-encoded, which eol-check does "
            "not decode (it asked for identity)"
        )

    def decode(self, chunk: bytes, room: int) -> bytes:
        """The bytes `chunk` decodes to; more than `room` of them means the body is too large."""
        if self._zlib is None:
            return chunk
        try:
            return self._zlib.decompress(chunk, room)
        except zlib.error as exc:
            raise _Unavailable(f"broken {self.name} encoding: {exc}") from exc

    def finish(self) -> None:
        """Refuse a compressed body that ended before its end."""
        if self._zlib is not None and not self._zlib.eof:
            raise _Unavailable(f"broken {self.name} encoding: the body ends too early")


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:g} MiB" if size >= 1024 * 1024 else f"{size} bytes"


def _strip_errno(text: str) -> str:
    """'[Errno 111] Connection refused' → 'connection refused'."""
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text)
    return text[:1].lower() + text[1:] if text else "unknown error"


# --- the cache ------------------------------------------------------------------------------


def cache_dir() -> Path:
    """The per-user cache folder: $EOL_CHECK_CACHE_DIR, else $XDG_CACHE_HOME/eol-check, else
    the platform's (~/.cache, ~/Library/Caches, %LOCALAPPDATA%)."""
    given = os.environ.get(ENV_CACHE_DIR)
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative path is invalid, ignore it
        return Path(xdg) / "eol-check"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        base = Path(local) if local else Path.home() / "AppData" / "Local"
        return base / "eol-check"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "eol-check"
    return Path.home() / ".cache" / "eol-check"


def _cache_file(folder: Path, url: str) -> Path:
    return folder / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + ".bundle")


def read_cache(
    folder: Path, url: str, max_bytes: int = MAX_BYTES
) -> tuple[CachedBundle | None, str | None]:
    """The cached copy of `url` if the file is whole and consistent, and else why not.

    A missing file is (None, None); anything else that is not a whole cache file of `url` — a
    damaged header of any shape, a body that does not match it, a FIFO or device at the path —
    is (None, reason): it is never trusted, and never waited for.
    """
    from ._files import open_regular

    url = without_credentials(url)  # as the cache stores it
    path = _cache_file(folder, url)
    try:
        distrust = _untrusted(os.stat(folder), f"the cache folder {folder}")
        if distrust is not None:
            return None, distrust
        with open_regular(path) as file:
            distrust = _untrusted(os.fstat(file.fileno()), f"the cache file {path}")
            if distrust is not None:
                return None, distrust
            raw = file.read(max_bytes + _MAX_HEADER + 1)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"cannot read {path}: {exc.strerror or exc}"
    try:
        return _parse_cache(raw, url), None
    except _Damaged as exc:
        return None, f"{path.name} is damaged ({exc})"


#: The longest header line of a cache file (the URL is at most MAX_URL_LENGTH characters).
_MAX_HEADER = 64 * 1024
# An ETag as RFC 9110 writes it, and as it can be sent back: visible ASCII, no control character.
_ETAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e]*"|[\x21-\x7e]+', re.ASCII)


class _Damaged(Exception):
    """A cache file that is not a whole, consistent copy; the message says how."""


def _parse_cache(raw: bytes, url: str) -> CachedBundle:
    """The cached copy in the bytes of a cache file, or _Damaged: no header, however malformed
    (deeply nested, huge numbers, dates out of range), gets further than this function."""
    header, newline, content = raw.partition(b"\n")
    if not newline or len(header) > _MAX_HEADER:
        raise _Damaged("not an eol-check cache file")
    try:
        meta = json.loads(header)
    except RecursionError as exc:
        raise _Damaged("its header is nested too deeply") from exc
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, a huge number
        raise _Damaged(_first_line(exc)) from exc
    if not isinstance(meta, dict) or meta.get("format") != _CACHE_FORMAT:
        raise _Damaged("not an eol-check cache file")
    missing = [key for key in ("url", "etag", "fetched_at", "sha256", "size") if key not in meta]
    if missing:
        raise _Damaged(f"no {missing[0]!r} in its header")
    if meta["url"] != url:
        raise _Damaged("it belongs to another URL")
    etag, fetched_at, digest, size = meta["etag"], meta["fetched_at"], meta["sha256"], meta["size"]
    if etag is not None and not (isinstance(etag, str) and _ETAG.fullmatch(etag)):
        raise _Damaged("bad etag")
    if not isinstance(digest, str) or not _PIN.fullmatch(digest):
        raise _Damaged("bad sha256")
    if not isinstance(fetched_at, str) or len(fetched_at) > 64:
        raise _Damaged("bad fetched_at")
    try:
        stamp = datetime.fromisoformat(fetched_at)
    except ValueError as exc:
        raise _Damaged("bad fetched_at") from exc
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise _Damaged("fetched_at has no time zone")
    problem = date_range_problem(stamp)
    if problem is not None:
        raise _Damaged(f"fetched_at: {problem}")
    if type(size) is not int or size != len(content):
        raise _Damaged("its body does not match its checksum")
    if hashlib.sha256(content).hexdigest() != digest:
        raise _Damaged("its body does not match its checksum")
    return CachedBundle(url, etag, stamp.astimezone(timezone.utc), digest, content)


def write_cache(folder: Path, copy: CachedBundle) -> str | None:
    """Save `copy` atomically; None when saved, else why not (the caller's data is still good).

    The header and body go to one file (written by `write_atomic`): readers see the old copy or
    the new one, whole, and never new metadata with an old body. Whatever is at the cache path
    and is not a regular file is left alone.
    """
    meta = {
        "format": _CACHE_FORMAT,
        "url": copy.url,
        "etag": copy.etag if copy.etag is not None and _ETAG.fullmatch(copy.etag) else None,
        "fetched_at": copy.fetched_at.astimezone(timezone.utc).isoformat(),
        "sha256": copy.sha256,
        "size": len(copy.content),
    }
    header = json.dumps(meta, ensure_ascii=True).encode("ascii") + b"\n"
    try:
        _make_folder(folder)
        distrust = _untrusted(os.stat(folder), f"the cache folder {folder}")
        if distrust is not None:
            return distrust
        write_atomic(_cache_file(folder, copy.url), header + copy.content, mode=0o600)
    except OSError as exc:
        return f"cannot write the cache in {folder}: {exc.strerror or exc}"
    return None


def _untrusted(status: os.stat_result, what: str) -> str | None:
    """Why a cache folder or file must not be trusted, as ssh does not trust a key another user
    could have written: it belongs to another user, or others may write to it; None if it may."""
    if not hasattr(os, "getuid"):  # Windows: its ACLs are another matter
        return None
    if status.st_uid != os.getuid():
        return f"{what} belongs to another user (uid {status.st_uid}): not trusted"
    if status.st_mode & 0o022:
        mode = stat.S_IMODE(status.st_mode)
        return (
            f"{what} is writable by other users (mode {mode:04o}): not trusted; "
            "run chmod go-w on it"
        )
    return None


def _make_folder(folder: Path) -> None:
    """Create the cache folder (private to the user) if it does not exist; OSError if it cannot
    be, with a reason a person can act on."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except FileExistsError as exc:  # something that is not a folder is in the way
        if folder.is_symlink():
            target = os.readlink(folder)
            raise OSError(
                exc.errno, f"it is a symbolic link to {target}, which does not exist"
            ) from exc
        raise OSError(exc.errno, "it exists and is not a folder") from exc


# --- messages -------------------------------------------------------------------------------


def _age(then: datetime, now: datetime) -> str:
    """'3 days ago (2026-11-18)': how long ago `then` was, and its UTC date."""
    seconds = (now - then).total_seconds()
    day = then.astimezone(timezone.utc).date().isoformat()
    if seconds < 0:
        return f"on {day}"  # a clock moved backwards: say the date only
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''} ago ({day})"
    return f"just now ({day})"
