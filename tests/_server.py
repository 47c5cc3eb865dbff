"""A real HTTP server on 127.0.0.1 for the fetching tests, with replies the test controls."""

from __future__ import annotations

import contextlib
import http.server
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest


@dataclass
class Reply:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    etag: str | None = None  # sent, and answered with 304 when the request's If-None-Match matches
    delay: float = 0.0  # seconds before answering (the wait ends early when the server stops)
    declared_length: int | None = None  # a Content-Length other than the body's: a truncated body
    endless: bool = False  # stream chunks without a Content-Length until the client hangs up
    location: str | None = None  # a redirect target
    headers: dict[str, str] = field(default_factory=dict)
    # A slow head: after the status line, this many header lines, one every `trickle_every`
    # seconds (a byte at a time when `trickle_bytes`), then the reply; the trickle stops when the
    # server stops. The count bounds a test whose client never gives up: it ends, and fails.
    trickle: int = 0
    trickle_every: float = 0.1
    trickle_bytes: bool = False


@dataclass
class Request:
    """One request the server saw."""

    path: str
    headers: dict[str, str]


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up (the timeout and size-cap tests do) is not a server error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class BundleServer:
    """A threaded http.server on 127.0.0.1 answering each path with its `Reply`."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requests.append(Request(self.path, dict(self.headers.items())))
                reply = server.replies.get(self.path, Reply(b"no such path", 404))
                if reply.delay:
                    server.stopping.wait(reply.delay)
                # The client may give up first, as the timeout tests intend.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._answer(reply)

            def _answer(self, reply: Reply) -> None:
                if reply.etag is not None and self.headers.get("If-None-Match") == reply.etag:
                    self.send_response(304)
                    self.send_header("ETag", reply.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(reply.status)
                if reply.trickle:
                    self._trickle(reply)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.etag is not None:
                    self.send_header("ETag", reply.etag)
                if reply.location is not None:
                    self.send_header("Location", reply.location)
                if reply.endless:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    chunk = b" " * 65536
                    for _ in range(2048):  # 128 MiB at most, should the client never stop
                        if server.stopping.is_set():
                            return
                        self.wfile.write(chunk)
                    return
                length = len(reply.body) if reply.declared_length is None else reply.declared_length
                self.send_header("Content-Length", str(length))
                if reply.declared_length is not None:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                self.wfile.write(reply.body)

            def _trickle(self, reply: Reply) -> None:
                self.flush_headers()  # the status line goes out now; the head then trickles
                for i in range(reply.trickle):
                    line = f"X-Slow-{i}: a\r\n".encode()
                    pieces = [bytes([b]) for b in line] if reply.trickle_bytes else [line]
                    for piece in pieces:
                        if server.stopping.wait(reply.trickle_every):
                            return
                        self.wfile.write(piece)
                        self.wfile.flush()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def url(self, path: str = "/bundle.json") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, reply: Reply) -> str:
        """Answer `path` with `reply` from now on; return its URL."""
        self.replies[path] = reply
        return self.url(path)

    def count(self, path: str) -> int:
        """How many requests `path` has had."""
        return sum(1 for r in self.requests if r.path == path)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket: the port then refuses connections."""
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def server() -> Iterator[BundleServer]:
    """A running BundleServer, stopped after the test."""
    srv = BundleServer()
    srv.start()
    try:
        yield srv
    finally:
        if not srv.stopping.is_set():
            srv.stop()
