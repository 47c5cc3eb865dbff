"""A catalog given by URL to the service (SPEC §10): fetched at start, asked again on SIGHUP and
by a conditional GET every --catalog-refresh seconds, never per request; on failure the last good
copy keeps answering. The service runs as a process; the catalog comes from a real HTTP server
on 127.0.0.1 (tests/_server.py). Every wait ends on a log line or a request, never on a clock."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from .._server import BundleServer, Reply, server
from ..cli.test_catalog_remote import CHANGED, EMBEDDED
from .conftest import Server, StartServer, cli, get

__all__ = ["server"]  # the fixture, imported for pytest

STATUS = ("status", "oas", "6.0.2", "--date", "2026-11-21", "--format", "json")


def _answer(srv: Server) -> bytes:
    response = get(srv.url, "/api/v1/status/oas/6.0.2", date="2026-11-21")
    assert response.status_code == 200
    return response.content


def _cli_answer(tmp_path: Path, bundle: bytes, name: str) -> bytes:
    """What the command line answers from `bundle` (the same question, the same data)."""
    path = tmp_path / name
    path.write_bytes(bundle)
    done = cli(*STATUS, "--catalog", str(path))
    assert done.returncode == 0, done.stderr
    return done.stdout


def _hangup(srv: Server, logged: str) -> str:
    """SIGHUP, and the line the server logs when it has asked the URL again."""
    mark = len(srv.lines)
    srv.signal(signal.SIGHUP)
    line = srv.wait_for(logged, mark)
    assert line is not None, "".join(srv.lines[mark:])
    return line


def test_catalog_url_is_asked_again_on_sighup_never_per_request(
    start_server: StartServer, server: BundleServer, tmp_path: Path
) -> None:
    first, changed = (
        _cli_answer(tmp_path, EMBEDDED, "a.json"),
        _cli_answer(tmp_path, CHANGED, "b.json"),
    )
    assert first != changed
    url = server.serve("/bundle.json", Reply(EMBEDDED, etag='"a"'))
    srv = start_server(["--db", str(tmp_path / "db.sqlite"), "--catalog-url", url])
    assert server.count("/bundle.json") == 1  # at start
    assert _answer(srv) == first

    # Never per request.
    for _ in range(20):
        assert _answer(srv) == first
    assert server.count("/bundle.json") == 1

    # SIGHUP: a conditional GET (the ETag of the copy in use); a new bundle answers from then on.
    server.serve("/bundle.json", Reply(CHANGED, etag='"b"'))
    _hangup(srv, "eol-check serve: reloaded the catalog and policy")
    assert server.requests[-1].headers.get("If-None-Match") == '"a"'
    assert server.count("/bundle.json") == 2
    assert _answer(srv) == changed
    assert srv.wait_for(f"eol-check serve: fetched a new catalog from {url}") is not None

    # Failures: one line each, and the last good copy keeps answering.
    server.serve("/bundle.json", Reply(b"oops", 500))
    line = _hangup(srv, "unavailable")
    assert line == (
        f"eol-check serve: catalog from {url} unavailable (HTTP 500 Internal Server Error); "
        "the last good copy keeps answering\n"
    )
    assert _answer(srv) == changed
    server.serve("/bundle.json", Reply(b"<html>", 200))
    line = _hangup(srv, "unavailable")
    assert line == (
        f"eol-check serve: catalog from {url} unavailable (the bundle: not JSON: Expecting "
        "value: line 1 column 1 (char 0)); the last good copy keeps answering\n"
    )
    assert _answer(srv) == changed
    server.stop()
    line = _hangup(srv, "unavailable")
    assert line.startswith(f"eol-check serve: catalog from {url} unavailable (cannot connect")
    assert _answer(srv) == changed


def test_catalog_url_is_revalidated_every_interval(
    start_server: StartServer, server: BundleServer, tmp_path: Path
) -> None:
    url = server.serve("/bundle.json", Reply(EMBEDDED, etag='"a"'))
    srv = start_server(
        ["--db", str(tmp_path / "db.sqlite"), "--catalog-url", url, "--catalog-refresh", "0.05"]
    )
    # Unchanged: the server answers 304 to the copy's ETag, and nothing is reloaded.
    line = srv.wait_for("not modified")
    assert line == f"eol-check serve: catalog from {url} not modified\n"
    asked_again = [r for r in server.requests if r.headers.get("If-None-Match") == '"a"']
    assert asked_again
    assert _answer(srv) == _cli_answer(tmp_path, EMBEDDED, "a.json")

    # Changed: picked up by the next round, without a signal or a request.
    server.serve("/bundle.json", Reply(CHANGED, etag='"b"'))
    assert srv.wait_for("eol-check serve: fetched a new catalog from") is not None
    assert _answer(srv) == _cli_answer(tmp_path, CHANGED, "b.json")


def test_an_unavailable_url_at_start_answers_from_the_embedded_data_until_it_answers(
    start_server: StartServer, server: BundleServer, tmp_path: Path
) -> None:
    url = server.serve("/bundle.json", Reply(b"down", 503))
    srv = start_server(["--db", str(tmp_path / "db.sqlite"), "--catalog-url", url])
    notice = srv.wait_for("eol-check: catalog from")
    assert notice is not None
    assert notice.startswith(
        f"eol-check: catalog from {url} unavailable (HTTP 503 Service Unavailable); using the "
        "embedded catalog of eol-check"
    )
    embedded = cli(*STATUS).stdout
    assert _answer(srv) == embedded
    server.serve("/bundle.json", Reply(CHANGED, etag='"b"'))
    _hangup(srv, "eol-check serve: fetched a new catalog")
    assert _answer(srv) == _cli_answer(tmp_path, CHANGED, "b.json")


def test_require_fresh_refuses_to_start_without_the_url(
    server: BundleServer, tmp_path: Path
) -> None:
    url = server.serve("/bundle.json", Reply(b"down", 503))
    argv = ["serve", "--port", "0", "--require-fresh", "--db", str(tmp_path / "db.sqlite")]
    done = subprocess.run(
        [sys.executable, "-m", "eol_check", *argv, "--catalog-url", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 3
    assert done.stderr == (
        f"eol-check: error: catalog from {url} unavailable (HTTP 503 Service Unavailable) and "
        "--require-fresh allows no fallback\n"
    )


def test_catalog_refresh_needs_a_url_and_a_number() -> None:
    done = cli("serve", "--catalog-refresh", "60")
    assert done.returncode == 2
    assert done.stderr.decode().endswith(
        "error: --catalog-refresh needs a catalog URL: --catalog-url URL\n"
    )
    done = cli("serve", "--catalog-refresh", "0", "--catalog-url", "http://127.0.0.1:9/x.json")
    assert done.returncode == 2
    assert "'0' is not a number of seconds above 0 and at most 86400, e.g. 300" in (
        done.stderr.decode()
    )
