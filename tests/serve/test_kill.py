"""The audit survives SIGKILL (SPEC §10, issue 25): audited answers under load, the server killed
mid-load, and the database consistent: every answer a client received is in the audit (no lost
committed row), every row whole (no half row), then the load finished by a new server.

`EOL_CHECK_KILL_TEST_ANSWERS` sets the number of answers (default 10,000; the kill comes after
about half), so a quick local run can use fewer.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading

import httpx

from eol_check.serve.database import Store

from .conftest import Server, StartServer

ANSWERS = int(os.environ.get("EOL_CHECK_KILL_TEST_ANSWERS", "10000"))
CLIENTS = 4


def _reported(n: int) -> str:
    """A distinct question per answer: the n-th second after a fixed moment."""
    return f"2026-01-15T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}+00:00"


def _load(
    server: Server,
    numbers: list[int],
    received: set[int],
    stop: threading.Event,
    after_each: threading.Semaphore | None = None,
) -> None:
    """Ask check for each number (CLIENTS threads); record the numbers answered 200."""
    lock = threading.Lock()
    queue = list(reversed(numbers))

    def client() -> None:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            while not stop.is_set():
                with lock:
                    if not queue:
                        return
                    n = queue.pop()
                try:
                    response = http.get(
                        "/api/v1/check",
                        params={
                            "product": "oas",
                            "version": "4.2.1",
                            "severity": "S2",
                            "reported_at": _reported(n),
                            "now": "2026-02-01T00:00:00+00:00",
                            "date": "2026-01-15",
                        },
                    )
                except httpx.HTTPError:
                    return  # the server is gone: this answer never arrived
                assert response.status_code == 200
                with lock:
                    received.add(n)
                if after_each is not None:
                    after_each.release()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _audited(url: str) -> dict[int, dict[str, object]]:
    """The audit rows by question number; each row checked whole."""
    store = Store(url)
    try:
        rows = store.audit()
    finally:
        store.engine.dispose()
    by_number: dict[int, dict[str, object]] = {}
    moments = {_reported(n): n for n in range(ANSWERS)}
    for row in rows:
        body = str(row["body"]).encode()
        assert row["body_sha256"] == hashlib.sha256(body).hexdigest()  # no half row
        assert json.loads(body)["entitled"] is True
        assert row["status"] == 200
        question = row["question"]
        assert isinstance(question, dict)
        number = moments[question["reported_at"]]
        assert number not in by_number  # each answer audited once
        by_number[number] = row
    return by_number


def test_sigkill_mid_load_loses_no_committed_row(start_server: StartServer, db_url: str) -> None:
    server = start_server(["--db", db_url])
    received: set[int] = set()
    stop = threading.Event()
    answered = threading.Semaphore(0)
    loader = threading.Thread(
        target=_load, args=(server, list(range(ANSWERS)), received, stop, answered)
    )
    loader.start()
    for _ in range(ANSWERS // 2):  # wait for half the answers (an event per answer)
        answered.acquire()
    server.signal(signal.SIGKILL)
    server.process.wait()
    loader.join()
    assert server.process.returncode == -signal.SIGKILL
    assert ANSWERS // 2 <= len(received) < ANSWERS

    audited = _audited(db_url)
    assert received <= set(audited)  # every answer a client got was committed first
    # (a row may be committed whose response the kill cut off: audited, never received)
    assert len(audited) - len(received) <= CLIENTS

    # A new server on the same database finishes the load.
    again = start_server(["--db", db_url])
    rest = [n for n in range(ANSWERS) if n not in audited]
    finished: set[int] = set()
    _load(again, rest, finished, threading.Event())
    assert finished == set(rest)
    final = _audited(db_url)
    assert set(final) == set(range(ANSWERS))
    ids = [row["id"] for row in sorted(final.values(), key=lambda r: int(str(r["id"])))]
    assert len(set(ids)) == ANSWERS
    if db_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
