"""The catalog URL on the command line, against a real server on 127.0.0.1 (SPEC §7).

`catalog fetch URL` primes the cache; `--catalog-url` (or $EOL_CHECK_CATALOG_URL) on any command
fetches the bundle, revalidates it with ETag, and falls back with one stderr line.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from eol_check import __version__, remote
from eol_check._data import data_dir
from eol_check.bundle import bundle_from_catalog, dumps_bundle
from eol_check.catalog import load_catalog
from eol_check.policy import load_policy

from .._server import BundleServer, Reply, server
from ..conftest import RunCli

__all__ = ["server"]  # the fixture, imported for pytest

STAMP = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
STATUS = ("status", "oas", "6.0.2", "--date", "2026-11-21", "--format", "json")


def _bundle(eol_6_0: str | None = None) -> bytes:
    """The embedded data as a bundle; with `eol_6_0`, one where line 6.0 is End of Life then."""
    bundle = bundle_from_catalog(
        load_catalog(data_dir() / "catalog"), load_policy(data_dir() / "policy.toml"), STAMP
    )
    if eol_6_0 is not None:
        oas = next(p for p in bundle["products"] if p["id"] == "oas")
        oas["eol"]["6.0"] = eol_6_0
    return dumps_bundle(bundle).encode("utf-8")


EMBEDDED = _bundle()
CHANGED = _bundle(eol_6_0="2026-10-01")  # 6.0.2 is then in its support tail on 2026-11-21


def _status(out: str) -> str:
    return str(json.loads(out)["status"])


@pytest.fixture
def cache() -> Path:
    return remote.cache_dir()  # the test's own folder (tests/conftest.py)


def _fetched_on(cache: Path, url: str) -> str:
    copy, _ = remote.read_cache(cache, url)
    assert copy is not None
    return copy.fetched_at.date().isoformat()


def test_catalog_fetch_then_not_modified(
    run_cli: RunCli, server: BundleServer, cache: Path
) -> None:
    url = server.serve("/b.json", Reply(CHANGED, etag='"v1"'))
    r = run_cli("catalog", "fetch", url)
    digest = hashlib.sha256(CHANGED).hexdigest()
    assert (r.code, r.err) == (0, "")
    assert r.out == (
        f'fetched {url} (3 products, {len(CHANGED)} bytes, sha256 {digest}, ETag "v1")\n'
        f"cached in {cache}\n"
    )
    r = run_cli("catalog", "fetch", url, "--format", "json")
    assert r.code == 0
    out = json.loads(r.out)
    assert (out["status"], out["etag"], out["sha256"], out["size"]) == (
        "not-modified",
        '"v1"',
        digest,
        len(CHANGED),
    )
    assert out["products"] == ["agent", "console", "oas"]
    assert server.requests[-1].headers["If-None-Match"] == '"v1"'
    # The cached bundle now answers every command, without the network.
    server.stop()
    r = run_cli(*STATUS, "--catalog-url", url, "--offline")
    assert (r.code, _status(r.out), r.err) == (0, "support-tail", "")


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(b"boom", 500), "HTTP 500 Internal Server Error"),
        (Reply(b"nope", 404), "HTTP 404 Not Found"),
        (Reply(b"<html>", 200), "the bundle: not JSON: Expecting value: line 1 column 1 (char 0)"),
        (
            Reply(b'{"schema": 2}'),
            "the bundle: schema: version 2 is newer than this eol-check understands (1)",
        ),
        (
            Reply(CHANGED[:100], declared_length=len(CHANGED)),
            "broken response: peer closed connection without sending complete message body "
            f"(received 100 bytes, expected {len(CHANGED)})",
        ),
        # The server answers only when the test stops it: the 1 s timeout always fires first.
        (Reply(b"", delay=3600), "timed out after 1 s"),
        (Reply(endless=True), "the bundle is larger than the 5 MiB limit"),
    ],
)
def test_catalog_fetch_failure_exits_3(
    run_cli: RunCli, server: BundleServer, cache: Path, reply: Reply, reason: str
) -> None:
    url = server.serve("/b.json", reply)
    # A minute for a reply that comes (never mistaken for a timeout on a busy machine); 1 s for
    # the one that does not.
    r = run_cli("catalog", "fetch", url, "--timeout", "1" if reply.delay else "60")
    assert (r.code, r.out) == (3, "")
    assert r.err == f"eol-check: error: cannot fetch {url}: {reason}\n"
    assert not cache.exists() or not any(cache.iterdir())


def test_catalog_url_is_used_and_revalidated(run_cli: RunCli, server: BundleServer) -> None:
    url = server.serve("/b.json", Reply(CHANGED, etag='"v1"'))
    first = run_cli(*STATUS, "--catalog-url", url)
    assert (first.code, _status(first.out), first.err) == (0, "support-tail", "")
    second = run_cli(*STATUS, "--catalog-url", url)
    assert (second.code, _status(second.out), second.err) == (0, "support-tail", "")
    assert server.count("/b.json") == 2
    assert server.requests[-1].headers["If-None-Match"] == '"v1"'


def test_environment_variable_stands_for_the_flag(
    run_cli: RunCli, server: BundleServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = server.serve("/b.json", Reply(CHANGED))
    monkeypatch.setenv("EOL_CHECK_CATALOG_URL", url)
    assert _status(run_cli(*STATUS).out) == "support-tail"
    # An explicit --catalog beats the environment.
    r = run_cli(*STATUS, "--catalog", str(data_dir() / "catalog"))
    assert (_status(r.out), r.err) == ("current", "")
    assert server.count("/b.json") == 1


def test_cache_answers_when_the_server_is_gone(
    run_cli: RunCli, server: BundleServer, cache: Path
) -> None:
    url = server.serve("/b.json", Reply(CHANGED))
    assert run_cli(*STATUS, "--catalog-url", url).code == 0
    server.stop()
    r = run_cli(*STATUS, "--catalog-url", url)
    assert (r.code, _status(r.out)) == (0, "support-tail")
    assert r.err == (
        f"eol-check: catalog from {url} unavailable (cannot connect: connection refused); "
        f"using the cached copy fetched just now ({_fetched_on(cache, url)})\n"
    )


def test_embedded_data_answers_without_a_cache(run_cli: RunCli, server: BundleServer) -> None:
    url = server.serve("/b.json", Reply(b"boom", 500))
    r = run_cli(*STATUS, "--catalog-url", url)
    assert (r.code, _status(r.out)) == (0, "current")  # the embedded catalog
    assert r.err == (
        f"eol-check: catalog from {url} unavailable (HTTP 500 Internal Server Error); "
        f"using the embedded catalog of eol-check {__version__}\n"
    )


def test_require_fresh_turns_the_fallback_into_exit_3(
    run_cli: RunCli, server: BundleServer
) -> None:
    url = server.serve("/b.json", Reply(CHANGED))
    assert run_cli(*STATUS, "--catalog-url", url).code == 0
    server.serve("/b.json", Reply(b"boom", 500))
    r = run_cli(*STATUS, "--catalog-url", url, "--require-fresh")
    assert (r.code, r.out) == (3, "")
    assert r.err == (
        f"eol-check: error: catalog from {url} unavailable (HTTP 500 Internal Server Error) "
        "and --require-fresh allows no fallback\n"
    )


def test_offline_never_contacts_the_server(run_cli: RunCli, server: BundleServer) -> None:
    url = server.serve("/b.json", Reply(CHANGED))
    r = run_cli(*STATUS, "--catalog-url", url, "--offline")
    assert (_status(r.out), server.count("/b.json")) == ("current", 0)
    assert r.err == (
        f"eol-check: --offline and no usable cached copy of the catalog from {url}; "
        f"using the embedded catalog of eol-check {__version__}\n"
    )
    assert run_cli("catalog", "fetch", url).code == 0
    r = run_cli(*STATUS, "--offline", "--catalog-url", url)
    assert (_status(r.out), r.err) == ("support-tail", "")
    assert server.count("/b.json") == 1


def test_pin_refuses_other_content(run_cli: RunCli, server: BundleServer) -> None:
    url = server.serve("/b.json", Reply(CHANGED))
    pin = hashlib.sha256(EMBEDDED).hexdigest()
    got = hashlib.sha256(CHANGED).hexdigest()
    r = run_cli(*STATUS, "--catalog-url", url, "--catalog-sha256", pin)
    assert (r.code, _status(r.out)) == (0, "current")  # not the served one
    assert r.err == (
        f"eol-check: catalog from {url} unavailable (sha256 mismatch: pinned {pin[:12]}…, "
        f"got {got[:12]}…); using the embedded catalog of eol-check {__version__}\n"
    )
    r = run_cli("catalog", "fetch", url, "--catalog-sha256", pin.upper())
    assert r.code == 3
    assert "sha256 mismatch" in r.err
    r = run_cli(*STATUS, "--catalog-url", url, "--catalog-sha256", got)
    assert (r.code, _status(r.out), r.err) == (0, "support-tail", "")


def test_garbage_cache_is_not_trusted(run_cli: RunCli, server: BundleServer, cache: Path) -> None:
    url = server.serve("/b.json", Reply(CHANGED))
    assert run_cli("catalog", "fetch", url).code == 0
    [path] = cache.glob("*.bundle")
    path.write_bytes(b"\x00garbage")
    r = run_cli(*STATUS, "--catalog-url", url, "--offline")
    assert _status(r.out) == "current"  # the embedded data, not the garbage
    assert r.err == (
        "eol-check: --offline and no usable cached copy "
        f"({path.name} is damaged (not an eol-check cache file)) of the catalog from {url}; "
        f"using the embedded catalog of eol-check {__version__}\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--catalog-url", "http://example.com/b.json"],
            "--catalog-url 'http://example.com/b.json': plain HTTP is only allowed to this machine "
            "(127.0.0.1, ::1, localhost); use https://",
        ),
        (
            ["--catalog-url", "https://example.com/b.json", "--catalog", "x.json"],
            "give --catalog PATH or --catalog-url URL, not both",
        ),
        (
            ["--require-fresh"],
            "--require-fresh needs a catalog URL: --catalog-url URL or $EOL_CHECK_CATALOG_URL",
        ),
        (
            ["--catalog-sha256", "0" * 64],
            "--catalog-sha256 needs a catalog URL: --catalog-url URL or $EOL_CHECK_CATALOG_URL",
        ),
        (
            ["--catalog-url", "https://example.com/b.json", "--offline", "--require-fresh"],
            "--offline and --require-fresh contradict each other: drop one",
        ),
        (
            ["--timeout", "0"],
            "status: argument --timeout: '0' is not a number of seconds above 0 and at "
            "most 3600, e.g. 5 "
            "(see 'eol-check status --help')",
        ),
        (
            ["--catalog-sha256", "abc"],
            "status: argument --catalog-sha256: value 'abc' is not a SHA-256 digest: "
            "expected 64 hex digits (see 'eol-check status --help')",
        ),
    ],
)
def test_bad_options_exit_2_before_any_network(
    run_cli: RunCli, argv: list[str], message: str
) -> None:
    r = run_cli(*STATUS, *argv)
    assert (r.code, r.out, r.err) == (2, "", f"eol-check: error: {message}\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["http://example.com/b.json"],
            "URL 'http://example.com/b.json': plain HTTP is only allowed to this machine "
            "(127.0.0.1, ::1, localhost); use https://",
        ),
        (
            ["https://example.com/b.json", "--offline"],
            "catalog fetch needs the network: drop --offline",
        ),
    ],
)
def test_catalog_fetch_bad_input(run_cli: RunCli, argv: list[str], message: str) -> None:
    r = run_cli("catalog", "fetch", *argv)
    assert (r.code, r.out, r.err) == (2, "", f"eol-check: error: {message}\n")


def test_cache_write_failure_is_reported(
    run_cli: RunCli, server: BundleServer, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = server.serve("/b.json", Reply(CHANGED))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the cache folder should be")
    r = run_cli(*STATUS, "--catalog-url", url)
    assert (r.code, _status(r.out)) == (0, "support-tail")  # the fresh data still answers
    assert r.err.startswith(f"eol-check: cannot write the cache in {cache}: ")
    assert r.err.endswith(": the fetched catalog is used but not kept\n")
    r = run_cli("catalog", "fetch", url)
    assert r.code == 3
    assert r.err.startswith(f"eol-check: error: fetched {url}, but cannot write the cache in ")
