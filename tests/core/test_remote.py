"""Fetching over HTTP, the cache and the fallbacks, against a real server on 127.0.0.1 (SPEC §7).

These tests use a small stand-in validator; tests/cli/test_catalog_remote.py runs the same paths
through the command line with real bundles.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from eol_check import remote
from eol_check.errors import CatalogError, FetchError, InputError
from eol_check.remote import BundleOrigin, fetch_bundle, read_cache, write_cache

from .._server import BundleServer, Reply, server

__all__ = ["server"]  # the fixture, imported for pytest

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
GOOD = b'{"schema": 1, "name": "good"}'
NEWER = b'{"schema": 1, "name": "newer"}'


def validate(content: bytes, source: str) -> dict[str, Any]:
    """A stand-in for the bundle loader: a JSON object with schema 1."""
    try:
        obj = json.loads(content)
    except ValueError as exc:
        raise CatalogError(f"{source}: not JSON") from exc
    if not isinstance(obj, dict) or "schema" not in obj:
        raise CatalogError(f"{source}: not a bundle")
    if obj["schema"] != 1:
        raise CatalogError(f"{source}: schema {obj['schema']} is newer than supported (1)")
    return obj


def _timeout(reply: Reply) -> float:
    """1 s for a server that never answers in time (the timeout is the point), else a minute:
    an answer that comes is never mistaken for a timeout on a busy machine."""
    return 1.0 if reply.delay else 60.0


def get(url: str, cache: Path, **options: Any) -> remote.FetchedBundle[dict[str, Any]]:
    options.setdefault("timeout", 2.0)
    options.setdefault("now", NOW)
    return fetch_bundle(url, validate, cache=cache, **options)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_fetch_then_304_round_trip(server: BundleServer, cache: Path) -> None:
    url = server.serve("/b.json", Reply(GOOD, etag='"v1"'))
    first = get(url, cache)
    assert (first.origin, first.problem) == (BundleOrigin.FETCHED, None)
    assert first.value == {"schema": 1, "name": "good"}
    assert first.copy is not None
    assert first.copy.etag == '"v1"'
    assert first.notice(NOW, "the embedded catalog") is None

    later = NOW + timedelta(hours=5)
    second = get(url, cache, now=later)
    assert second.origin is BundleOrigin.NOT_MODIFIED
    assert second.value == {"schema": 1, "name": "good"}
    assert server.requests[-1].headers["If-None-Match"] == '"v1"'
    # The 304 refreshed the cached copy's date.
    copy, problem = read_cache(cache, url)
    assert problem is None
    assert copy is not None
    assert copy.fetched_at == later


def test_changed_content_replaces_the_cache(server: BundleServer, cache: Path) -> None:
    url = server.serve("/b.json", Reply(GOOD, etag='"v1"'))
    get(url, cache)
    server.serve("/b.json", Reply(NEWER, etag='"v2"'))
    result = get(url, cache)
    assert result.origin is BundleOrigin.FETCHED
    assert result.value == {"schema": 1, "name": "newer"}
    copy, _ = read_cache(cache, url)
    assert copy is not None
    assert (copy.etag, copy.content) == ('"v2"', NEWER)


def test_no_etag_means_no_conditional_get(server: BundleServer, cache: Path) -> None:
    url = server.serve("/b.json", Reply(GOOD))
    get(url, cache)
    get(url, cache)
    assert "If-None-Match" not in server.requests[-1].headers


# One row per failure kind: the reply, and the reason the notice gives.
FAILURES = [
    pytest.param(Reply(b"boom", 500), "HTTP 500 Internal Server Error", id="500"),
    pytest.param(Reply(b"nope", 404), "HTTP 404 Not Found", id="404"),
    pytest.param(Reply(b"gone", 403), "HTTP 403 Forbidden", id="403"),
    pytest.param(
        Reply(GOOD[:10], declared_length=len(GOOD)),
        "broken response: peer closed connection without sending complete message body "
        f"(received 10 bytes, expected {len(GOOD)})",
        id="truncated",
    ),
    pytest.param(Reply(b"<html>hello</html>"), "the bundle: not JSON", id="not-json"),
    pytest.param(Reply(b'{"products": []}'), "the bundle: not a bundle", id="not-a-bundle"),
    pytest.param(
        Reply(b'{"schema": 2}'), "the bundle: schema 2 is newer than supported (1)", id="schema"
    ),
    # The server answers only when the test stops it: the client's 1 s timeout always fires first.
    pytest.param(Reply(b"", delay=3600), "timed out after 1 s", id="timeout"),
    pytest.param(
        Reply(b"x" * 2000),
        "the bundle is 2000 bytes, more than the 1000 bytes limit",
        id="oversized-declared",
    ),
    pytest.param(
        Reply(endless=True), "the bundle is larger than the 1000 bytes limit", id="oversized-stream"
    ),
    pytest.param(Reply(status=302, location="/loop"), "more than 3 redirects", id="redirect-loop"),
    pytest.param(
        Reply(status=302), "HTTP 302 redirect without a Location", id="redirect-no-location"
    ),
    pytest.param(
        Reply(status=302, location="http://[::1"),
        "broken response: Invalid URL in location header: Invalid port: ':1'.",
        id="redirect-invalid",
    ),
    pytest.param(Reply(b"", status=204), "HTTP 204 No Content", id="204"),
    pytest.param(
        Reply(status=301, location="http://example.com/b.json"),
        "redirect to 'http://example.com/b.json': plain HTTP is only allowed to this machine "
        "(127.0.0.1, ::1, localhost); use https://",
        id="redirect-to-http",
    ),
]


@pytest.mark.parametrize(("reply", "reason"), FAILURES)
def test_each_failure_falls_back_to_the_cache(
    server: BundleServer, cache: Path, reply: Reply, reason: str
) -> None:
    url = server.serve("/b.json", Reply(GOOD, etag='"v1"'))
    get(url, cache, now=NOW - timedelta(days=3))
    server.serve("/b.json", reply)
    server.serve("/loop", Reply(status=302, location="/loop"))
    result = get(url, cache, timeout=_timeout(reply), max_bytes=1000)
    assert result.origin is BundleOrigin.CACHE
    assert result.value == {"schema": 1, "name": "good"}
    assert result.problem == reason
    assert result.notice(NOW, "the embedded catalog") == (
        f"catalog from {url} unavailable ({reason}); "
        "using the cached copy fetched 3 days ago (2026-11-18)"
    )


@pytest.mark.parametrize(("reply", "reason"), FAILURES)
def test_each_failure_without_a_cache_falls_back_to_nothing(
    server: BundleServer, cache: Path, reply: Reply, reason: str
) -> None:
    server.serve("/loop", Reply(status=302, location="/loop"))
    url = server.serve("/b.json", reply)
    result = get(url, cache, timeout=_timeout(reply), max_bytes=1000)
    assert (result.origin, result.value, result.copy) == (BundleOrigin.NONE, None, None)
    assert result.notice(NOW, "the embedded catalog of eol-check 0.1.0") == (
        f"catalog from {url} unavailable ({reason}); using the embedded catalog of eol-check 0.1.0"
    )
    # A failure never saves anything.
    assert not cache.exists() or not any(cache.iterdir())


def test_require_fresh_turns_a_fallback_into_an_error(server: BundleServer, cache: Path) -> None:
    url = server.serve("/b.json", Reply(GOOD))
    get(url, cache)
    server.serve("/b.json", Reply(b"boom", 500))
    with pytest.raises(FetchError) as info:
        get(url, cache, require_fresh=True)
    assert str(info.value) == (
        f"catalog from {url} unavailable (HTTP 500 Internal Server Error) and --require-fresh "
        "allows no fallback"
    )
    assert info.value.exit_code == 3


def test_connection_refused_uses_the_cache(server: BundleServer, cache: Path) -> None:
    url = server.serve("/b.json", Reply(GOOD))
    get(url, cache, now=NOW - timedelta(minutes=1))
    server.stop()
    result = get(url, cache)
    assert result.origin is BundleOrigin.CACHE
    assert result.value is not None
    assert result.problem == "cannot connect: connection refused"
    assert result.notice(NOW, "x") == (
        f"catalog from {url} unavailable (cannot connect: connection refused); "
        "using the cached copy fetched 1 minute ago (2026-11-21)"
    )


def test_offline_never_contacts_the_server(server: BundleServer, cache: Path) -> None:
    url = server.serve("/b.json", Reply(GOOD))
    get(url, cache)
    assert server.count("/b.json") == 1
    result = get(url, cache, offline=True)
    assert (result.origin, result.problem) == (BundleOrigin.CACHE, None)
    assert result.value == json.loads(GOOD)
    assert result.notice(NOW, "x") is None  # the user asked for the cache
    assert server.count("/b.json") == 1


def test_offline_without_a_cache_says_so(server: BundleServer, cache: Path) -> None:
    url = server.serve("/b.json", Reply(GOOD))
    result = get(url, cache, offline=True)
    assert result.origin is BundleOrigin.NONE
    assert result.notice(NOW, "the embedded catalog") == (
        f"--offline and no usable cached copy of the catalog from {url}; using the embedded catalog"
    )
    assert server.count("/b.json") == 0


def _cache_file(cache: Path) -> Path:
    [path] = cache.glob("*.bundle")
    return path


@pytest.mark.parametrize(
    ("garbage", "reason"),
    [
        (b"", "is damaged (not an eol-check cache file)"),
        (b"\x00\xff garbage", "is damaged (not an eol-check cache file)"),
        (b'{"format": "eol-check-cache/1"}\n{}', "is damaged (no 'url' in its header)"),
    ],
)
def test_garbage_cache_file_is_ignored(
    server: BundleServer, cache: Path, garbage: bytes, reason: str
) -> None:
    url = server.serve("/b.json", Reply(GOOD, etag='"v1"'))
    get(url, cache)
    path = _cache_file(cache)
    path.write_bytes(garbage)
    server.serve("/b.json", Reply(b"boom", 500))
    result = get(url, cache)
    assert (result.origin, result.value) == (BundleOrigin.NONE, None)
    assert result.cache_problem == f"{path.name} {reason}"
    assert result.notice(NOW, "the embedded catalog") == (
        f"catalog from {url} unavailable (HTTP 500 Internal Server Error); "
        f"the cached copy is unusable ({path.name} {reason}); using the embedded catalog"
    )


def test_cache_with_a_tampered_body_is_ignored(server: BundleServer, cache: Path) -> None:
    url = server.serve("/b.json", Reply(GOOD, etag='"v1"'))
    get(url, cache)
    path = _cache_file(cache)
    path.write_bytes(path.read_bytes().replace(b"good", b"evil"))
    server.serve("/b.json", Reply(GOOD, etag='"v1"'))
    result = get(url, cache)
    # The damaged copy's ETag is not sent: a 304 must never bless a body we do not trust.
    assert "If-None-Match" not in server.requests[-1].headers
    assert result.origin is BundleOrigin.FETCHED
    assert result.value == json.loads(GOOD)
    assert result.cache_problem == f"{path.name} is damaged (its body does not match its checksum)"


def test_cached_copy_that_no_longer_validates_is_ignored(server: BundleServer, cache: Path) -> None:
    # A consistent cache file whose body this eol-check cannot use (say, written by a newer one).
    url = server.url()
    stale = b'{"schema": 2}'
    write_cache(
        cache,
        remote.CachedBundle(url, '"v9"', NOW, hashlib.sha256(stale).hexdigest(), stale),
    )
    result = get(url, cache, offline=True)
    assert result.origin is BundleOrigin.NONE
    assert result.cache_problem == "the cached copy: schema 2 is newer than supported (1)"


def test_crash_between_write_and_rename_keeps_the_old_copy(
    server: BundleServer, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = server.serve("/b.json", Reply(GOOD, etag='"v1"'))
    get(url, cache)
    before = _cache_file(cache).read_bytes()
    server.serve("/b.json", Reply(NEWER, etag='"v2"'))

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    result = get(url, cache)
    monkeypatch.undo()
    # The fresh data still answers this run; the cache keeps the previous copy, whole.
    assert result.origin is BundleOrigin.FETCHED
    assert result.value == json.loads(NEWER)
    assert result.cache_error == f"cannot write the cache in {cache}: No space left on device"
    assert _cache_file(cache).read_bytes() == before
    assert [p.name for p in cache.iterdir() if p.suffix == ".tmp"] == []
    offline = get(url, cache, offline=True)
    assert offline.value == json.loads(GOOD)


def test_pin_refuses_other_content(server: BundleServer, cache: Path) -> None:
    url = server.serve("/b.json", Reply(GOOD))
    good_pin = hashlib.sha256(GOOD).hexdigest()
    assert get(url, cache, sha256=good_pin.upper()).origin is BundleOrigin.FETCHED
    server.serve("/b.json", Reply(NEWER))
    result = get(url, cache, sha256=good_pin)
    newer = hashlib.sha256(NEWER).hexdigest()
    assert result.problem == f"sha256 mismatch: pinned {good_pin[:12]}…, got {newer[:12]}…"
    # The cached copy matches the pin, so it answers.
    assert result.origin is BundleOrigin.CACHE
    assert result.value == json.loads(GOOD)


def test_pin_refuses_a_cached_copy_with_other_content(server: BundleServer, cache: Path) -> None:
    url = server.serve("/b.json", Reply(GOOD))
    get(url, cache)
    server.stop()
    pin = hashlib.sha256(NEWER).hexdigest()
    result = get(url, cache, sha256=pin)
    assert (result.origin, result.value) == (BundleOrigin.NONE, None)
    assert result.cache_problem is not None
    assert result.cache_problem.startswith("sha256 mismatch: pinned ")


def test_redirect_within_loopback_is_followed(server: BundleServer, cache: Path) -> None:
    server.serve("/real.json", Reply(GOOD))
    url = server.serve("/b.json", Reply(status=302, location="/real.json"))
    result = get(url, cache)
    assert result.origin is BundleOrigin.FETCHED
    assert server.count("/real.json") == 1
    # The cache is keyed by the URL the user gave.
    assert read_cache(cache, url)[0] is not None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://example.com/catalog.json",
            "--catalog-url 'http://example.com/catalog.json': plain HTTP is only allowed to this "
            "machine (127.0.0.1, ::1, localhost); use https://",
        ),
        (
            "http://10.0.0.1/catalog.json",
            "--catalog-url 'http://10.0.0.1/catalog.json': plain HTTP is only allowed to this "
            "machine (127.0.0.1, ::1, localhost); use https://",
        ),
        (
            "ftp://example.com/catalog.json",
            "--catalog-url 'ftp://example.com/catalog.json' is not an HTTPS URL: "
            "expected https://host/path",
        ),
        (
            "catalog.json",
            "--catalog-url 'catalog.json' is not an HTTPS URL: expected https://host/path",
        ),
        (
            "https://example.com:99999/x",
            "--catalog-url 'https://example.com:99999/x' is not a valid URL "
            "(Port out of range 0-65535)",
        ),
    ],
)
def test_url_refused_before_connecting(cache: Path, url: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        get(url, cache)
    assert str(info.value) == message
    assert not cache.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/x",
        "http://127.8.9.10/x",
        "http://[::1]:8080/x",
        "http://LOCALHOST/x",
        "https://example.com/x",
    ],
)
def test_urls_allowed(url: str) -> None:
    assert remote.check_url(url) == url


def test_credentials_are_not_shown() -> None:
    with pytest.raises(InputError) as info:
        remote.check_url("http://user:secret@example.com/x")
    assert "secret" not in str(info.value)


@pytest.mark.parametrize(
    ("pin", "message"),
    [
        ("abc", "--catalog-sha256 'abc' is not a SHA-256 digest: expected 64 hex digits"),
        (
            "g" * 64,
            f"--catalog-sha256 '{'g' * 64}' is not a SHA-256 digest: expected 64 hex digits",
        ),
    ],
)
def test_bad_pin_is_input_error(pin: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        remote.check_pin(pin)
    assert str(info.value) == message


def test_offline_and_require_fresh_contradict(cache: Path) -> None:
    with pytest.raises(InputError, match="contradict"):
        get("https://example.com/x", cache, offline=True, require_fresh=True)


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"EOL_CHECK_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x"}, "linux", "/c"),
        ({"XDG_CACHE_HOME": "/x"}, "darwin", "/x/eol-check"),
        ({"XDG_CACHE_HOME": "relative"}, "linux", "~/.cache/eol-check"),
        ({}, "linux", "~/.cache/eol-check"),
        ({}, "darwin", "~/Library/Caches/eol-check"),
        ({"LOCALAPPDATA": "/l"}, "win32", "/l/eol-check"),
        ({}, "win32", "~/AppData/Local/eol-check"),
    ],
)
def test_cache_dir(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], platform: str, expected: str
) -> None:
    for name in ("EOL_CHECK_CACHE_DIR", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", "/home/u")
    monkeypatch.setattr(sys, "platform", platform)
    assert remote.cache_dir() == Path(expected.replace("~", "/home/u"))


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=5), "just now (2026-11-21)"),
        (timedelta(minutes=2), "2 minutes ago (2026-11-21)"),
        (timedelta(hours=1), "1 hour ago (2026-11-21)"),
        (timedelta(days=3, hours=2), "3 days ago (2026-11-18)"),
        (timedelta(days=-1), "on 2026-11-22"),
    ],
)
def test_age(delta: timedelta, text: str) -> None:
    assert remote._age(NOW - delta, NOW) == text
