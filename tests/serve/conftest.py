"""The service under test: `eol-check serve` started as a process on 127.0.0.1, called over HTTP.

Each test runs on both databases: a SQLite file in the test's folder, and PostgreSQL when
`EOL_CHECK_TEST_POSTGRESQL_URL` names a server (a role that may CREATE DATABASE: each test gets
a database of its own, dropped after). Without the URL the PostgreSQL runs are skipped, unless
`EOL_CHECK_REQUIRE_POSTGRESQL` is set (`.ci/run` sets both), when they fail.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

pytest.importorskip("starlette")
pytest.importorskip("sqlalchemy")

PG_ENV = "EOL_CHECK_TEST_POSTGRESQL_URL"
CUSTOMERS = """\
customer,product,version,region,tier,start,end,paid_up,coverage
acme,oas,4.2.1,emea,L2,2025-01-01,2027-12-31,yes,
acme,console,3.1.0,,,,,,
globex,OAS,4.0.1,,,,,,24x7
initech,oas,5.0.0,apac,L1,2024-01-01,2025-06-30,no,
"""


def _admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("EOL_CHECK_REQUIRE_POSTGRESQL"):
            pytest.fail(f"{PG_ENV} is not set, and EOL_CHECK_REQUIRE_POSTGRESQL is")
        pytest.skip(f"PostgreSQL: set {PG_ENV}=postgresql://USER:PASSWORD@HOST:PORT/DB")
    return url


@contextlib.contextmanager
def postgresql_database() -> Iterator[str]:
    """A fresh database on the test server; its URL (dropped afterwards)."""
    import psycopg

    admin = _admin_url()
    assert admin is not None
    name = f"eolcheck_test_{secrets.token_hex(6)}"
    plain = re.sub(r"^postgresql\+psycopg:", "postgresql:", admin)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base = plain.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def _database(kind: str, folder: Path) -> Iterator[str]:
    from eol_check.serve.database import close_stores

    if kind == "sqlite":
        yield f"sqlite:///{folder / 'eol-check.db'}"
        close_stores()
    else:
        with postgresql_database() as url:
            yield url
            close_stores()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL of each kind, empty."""
    with _database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database URL of each kind, shared by a module's tests."""
    with _database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


class Server:
    """A running `eol-check serve` process and what it logged."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "eol_check", "serve", "--port", "0", *argv],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
        )
        self.lines: list[str] = []
        self._new = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        line = self.wait_for("listening on http://")
        if line is None:
            self.stop()
            raise AssertionError(f"the server did not start:\n{''.join(self.lines)}")
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found is not None
        self.url = f"http://127.0.0.1:{found[1]}"

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._new:
                self.lines.append(line)
                self._new.notify_all()
        with self._new:
            self.lines.append("")  # the end: the process closed stderr
            self._new.notify_all()

    def wait_for(self, text: str, after: int = 0) -> str | None:
        """The first logged line from `after` on that contains `text`; None if the process
        ended first (bounded by the event, with a generous guard against a hung server)."""
        with self._new:
            index = after
            while True:
                while index < len(self.lines):
                    line = self.lines[index]
                    if line == "":
                        return None
                    if text in line:
                        return line
                    index += 1
                if not self._new.wait(timeout=60):
                    return None

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=10)
        if self.process.stderr is not None:
            self.process.stderr.close()


StartServer = Callable[[list[str]], Server]


@contextlib.contextmanager
def _servers(folder: Path) -> Iterator[StartServer]:
    started: list[Server] = []

    def start(argv: list[str]) -> Server:
        server = Server(argv, folder)
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[StartServer]:
    """Start servers (`start_server([...options])`); every one is stopped after the test."""
    with _servers(tmp_path) as start:
        yield start


@pytest.fixture(scope="module")
def start_module_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartServer]:
    """`start_server` for a module: the servers run until its last test is done."""
    with _servers(tmp_path_factory.mktemp("servers")) as start:
        yield start


def cli(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """`eol-check ARGV…` (its `main`, in this process: the service is the process under test):
    its exit code and the exact bytes of its stdout and stderr."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from eol_check.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return subprocess.CompletedProcess(
        list(argv), code, out.getvalue().encode(), err.getvalue().encode()
    )


def get(base: str, path: str, token: str | None = None, **params: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.get(f"{base}{path}", params=params, headers=headers, timeout=60)
