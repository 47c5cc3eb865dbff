"""The API answers exactly what the CLI prints (SPEC §10), over HTTP from a running server, on
SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import httpx
import pytest

from .conftest import CUSTOMERS, Server, StartServer, cli, get

REPORTED = "2026-01-15T09:30:00-05:00"
NOW = "2026-01-16T09:30:00-05:00"

# (API path, query, the CLI's argv for the same question)
QUESTIONS: list[tuple[str, dict[str, str], list[str]]] = [
    (
        "/api/v1/check",
        {
            "product": "oas",
            "version": "4.2.1",
            "severity": "S2",
            "reported_at": REPORTED,
            "now": NOW,
        },
        ["check", "oas", "4.2.1", "--severity", "S2", "--reported-at", REPORTED, "--now", NOW],
    ),
    (
        "/api/v1/check",
        {
            "product": "OAS",
            "version": "v4.0.1",
            "severity": "critical",
            "region": "apac",
            "reported_at": REPORTED,
            "now": NOW,
        },
        [
            "check",
            "OAS",
            "v4.0.1",
            "--severity",
            "critical",
            "--region",
            "apac",
            "--reported-at",
            REPORTED,
            "--now",
            NOW,
        ],
    ),
    (
        "/api/v1/check",
        {
            "product": "oas",
            "version": "4.2.1",
            "severity": "S3",
            "reported_at": REPORTED,
            "now": NOW,
            "date": "2026-09-01",
        },
        [
            "check",
            "oas",
            "4.2.1",
            "--severity",
            "S3",
            "--reported-at",
            REPORTED,
            "--now",
            NOW,
            "--date",
            "2026-09-01",
        ],
    ),
    (
        "/api/v1/check",
        {
            "product": "console",
            "version": "3.1.0",
            "severity": "S1",
            "reported_at": REPORTED,
            "now": NOW,
            "customer": "ACME",
        },
        [
            "check",
            "console",
            "3.1.0",
            "--severity",
            "S1",
            "--reported-at",
            REPORTED,
            "--now",
            NOW,
            "--customer",
            "ACME",
            "--customers",
            "{db}",
        ],
    ),
    (
        "/api/v1/check",
        {
            "product": "oas",
            "version": "5.0.0",
            "severity": "S2",
            "reported_at": REPORTED,
            "now": NOW,
            "customer": "initech",
        },
        [
            "check",
            "oas",
            "5.0.0",
            "--severity",
            "S2",
            "--reported-at",
            REPORTED,
            "--now",
            NOW,
            "--customer",
            "initech",
            "--customers",
            "{db}",
        ],
    ),
    ("/api/v1/status/oas", {"date": "2026-01-01"}, ["status", "oas", "--date", "2026-01-01"]),
    (
        "/api/v1/status/agent/1.1.0",
        {"date": "2026-01-01"},
        ["status", "agent", "1.1.0", "--date", "2026-01-01"],
    ),
    (
        "/api/v1/preflight",
        {"product": "oas", "installed": "4.0.1", "target": "5.0.0", "date": "2026-01-01"},
        ["preflight", "oas", "--installed", "4.0.1", "--target", "5.0.0", "--date", "2026-01-01"],
    ),
    (
        "/api/v1/preflight",
        {
            "product": "oas",
            "installed": "5.1.1",
            "target": "5.0.0",
            "date": "2026-01-01",
            "allow_downgrade": "true",
        },
        [
            "preflight",
            "oas",
            "--installed",
            "5.1.1",
            "--target",
            "5.0.0",
            "--date",
            "2026-01-01",
            "--allow-downgrade",
        ],
    ),
    ("/api/v1/classify", {"from": "4.2.0", "to": "5.0.0"}, ["classify", "4.2.0", "5.0.0"]),
    ("/api/v1/classify", {"from": "4.2.0", "to": "4.2.0"}, ["classify", "4.2.0", "4.2.0"]),
    ("/api/v1/products", {"date": "2026-01-01"}, ["products", "--date", "2026-01-01"]),
    (
        "/api/v1/customers/Acme",
        {"date": "2026-01-01"},
        ["customer", "Acme", "--db", "{db}", "--date", "2026-01-01"],
    ),
]

# (API path, query, status, the CLI's argv whose one-line error the body carries, exit code)
ERRORS: list[tuple[str, dict[str, str], int, list[str], int]] = [
    (
        "/api/v1/check",
        {"product": "oas", "version": "banana", "severity": "S2"},
        422,
        ["check", "oas", "banana", "--severity", "S2"],
        2,
    ),
    (
        "/api/v1/check",
        {"product": "oas", "version": "4.2.1", "severity": "S9"},
        422,
        ["check", "oas", "4.2.1", "--severity", "S9"],
        2,
    ),
    (
        "/api/v1/check",
        {"product": "oaz", "version": "4.2.1", "severity": "S2"},
        422,
        ["check", "oaz", "4.2.1", "--severity", "S2"],
        2,
    ),
    (
        "/api/v1/check",
        {"product": "oas", "version": "4.2.1", "severity": "S2", "reported_at": "yesterday"},
        422,
        ["check", "oas", "4.2.1", "--severity", "S2", "--reported-at", "yesterday"],
        2,
    ),
    (
        "/api/v1/check",
        {"product": "oas", "version": "4.2.1", "severity": "S2", "customer": "acne"},
        422,
        ["check", "oas", "4.2.1", "--severity", "S2", "--customer", "acne", "--customers", "{db}"],
        2,
    ),
    ("/api/v1/status/nope", {}, 404, ["status", "nope"], 2),
    ("/api/v1/status/oas/--policy=x", {}, 422, ["status", "oas", "--", "--policy=x"], 2),
    ("/api/v1/customers/nobody", {}, 404, ["customer", "nobody", "--db", "{db}"], 2),
    ("/api/v1/classify", {"from": "1.0", "to": "x"}, 422, ["classify", "1.0", "x"], 2),
    ("/api/v1/products", {"date": "2026-02-30"}, 422, ["products", "--date", "2026-02-30"], 2),
]


@pytest.fixture(scope="module")
def server(
    start_module_server: StartServer, module_db_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Server:
    """One server per database kind for the module's tests (each test reads the audit from the
    row it started at)."""
    customers = tmp_path_factory.mktemp("customers") / "customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    done = cli("contracts", "import", str(customers), "--db", module_db_url)
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().startswith("eol-check: imported 4 contracts into ")
    return start_module_server(["--db", module_db_url])


def _argv(argv: list[str], db: str) -> list[str]:
    return [a.replace("{db}", db) for a in argv]


def _db(server: Server) -> str:
    found = [a for a in server.process.args if isinstance(a, str) and "://" in a]  # type: ignore[union-attr]
    return found[0]


def test_every_answer_is_the_cli_bytes(server: Server) -> None:
    db = _db(server)
    for path, query, argv in QUESTIONS:
        response = get(server.url, path, **query)
        done = cli(*_argv(argv, db), "--format", "json")
        assert response.status_code == 200, (path, query, response.text)
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        assert response.content == done.stdout, (path, query)
        assert response.headers["x-eol-check-exit"] == str(done.returncode)


def test_numbering_is_the_cli_bytes(server: Server) -> None:
    body = {"versions": ["1.0.0", "1.1.0", "1.1.1", "2.0.0"], "next": "2.2.0"}
    response = httpx.post(f"{server.url}/api/v1/numbering", json=body, timeout=60)
    done = cli(
        "numbering", "1.0.0", "1.1.0", "1.1.1", "2.0.0", "--next", "2.2.0", "--format", "json"
    )
    assert response.status_code == 200
    assert response.content == done.stdout
    assert response.headers["x-eol-check-exit"] == str(done.returncode)


BAD_BODIES = [
    (b"{", 'the body is not JSON: expected {"versions": ["1.0.0", ...], "next": "1.1.0"}'),
    (b"[]", 'the body must be a JSON object: {"versions": [...], "next": ...}'),
    (b'{"versions": [1]}', "'versions' must be an array of version strings"),
    (
        b'{"versions": [], "file": "/etc/passwd"}',
        "unknown key 'file': expected versions, next, strict",
    ),
    (b'{"next": 5}', "'next' must be a version string or null"),
]


def test_numbering_bad_bodies(server: Server) -> None:
    for body, message in BAD_BODIES:
        response = httpx.post(f"{server.url}/api/v1/numbering", content=body, timeout=60)
        assert response.status_code == 400
        assert response.json() == {"error": message, "status": 400}


def test_errors_carry_the_cli_line(server: Server) -> None:
    db = _db(server)
    for path, query, status, argv, code in ERRORS:
        response = get(server.url, path, **query)
        done = cli(*_argv(argv, db))
        assert done.returncode == code, (argv, done.stderr)
        line = done.stderr.decode().removeprefix("eol-check: error: ").rstrip("\n")
        assert response.status_code == status, (path, query, response.text)
        assert response.json() == {"error": line, "status": status}


BAD_REQUESTS = [
    ("/api/v1/check", {"product": "oas", "version": "4.2.1"}, "parameter 'severity' is required"),
    (
        "/api/v1/check",
        {"product": "oas", "version": "4.2.1", "severity": "S2", "catalog": "x"},
        "unknown parameter 'catalog': this endpoint takes product, version, severity, region, "
        "reported_at, now, customer, date, tz, format",
    ),
    (
        "/api/v1/classify",
        {"from": "1.0.0", "to": "1.1.0", "strict": "maybe"},
        "parameter 'strict': expected true or false, got 'maybe'",
    ),
]


def test_bad_requests(server: Server) -> None:
    for path, query, message in BAD_REQUESTS:
        response = get(server.url, path, **query)
        assert response.json() == {"error": message, "status": 400}
        assert response.status_code == 400
    response = get(server.url, "/api/v1/nothing")
    assert response.json() == {"error": "no such endpoint: /api/v1/nothing", "status": 404}
    assert response.status_code == 404
    response = httpx.post(f"{server.url}/api/v1/check", timeout=60)
    assert response.json() == {"error": "method POST is not allowed here", "status": 405}


def test_repeated_parameter_is_400(server: Server) -> None:
    response = httpx.get(f"{server.url}/api/v1/classify?from=1.0.0&from=2.0.0&to=3.0.0", timeout=60)
    assert response.status_code == 400
    assert response.json()["error"] == "parameter 'from' is given twice"


def test_markdown_for_the_ticket_is_the_cli_bytes(server: Server) -> None:
    db = _db(server)
    query = {
        "product": "oas",
        "version": "4.2.1",
        "severity": "S2",
        "reported_at": REPORTED,
        "now": NOW,
        "customer": "acme",
        "format": "markdown",
    }
    response = get(server.url, "/api/v1/check", **query)
    done = cli(
        "check",
        "oas",
        "4.2.1",
        "--severity",
        "S2",
        "--reported-at",
        REPORTED,
        "--now",
        NOW,
        "--customer",
        "acme",
        "--customers",
        db,
        "--format",
        "markdown",
    )
    assert response.content == done.stdout
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"


def test_every_check_is_audited(server: Server) -> None:
    db = _db(server)
    asked = {
        "product": "oas",
        "version": "4.2.1",
        "severity": "S2",
        "reported_at": REPORTED,
        "now": NOW,
        "customer": "acme",
    }
    before = len(get(server.url, "/api/v1/audit").json()["audit"])  # the module's other tests'
    answered = get(server.url, "/api/v1/check", **asked)
    refused = get(server.url, "/api/v1/check", product="oas", version="x", severity="S2")
    get(server.url, "/api/v1/status/oas")  # not a check: not audited
    audit = get(server.url, "/api/v1/audit")
    done = cli("audit", "--db", db, "--format", "json")
    assert audit.status_code == 200
    assert audit.content == done.stdout
    rows = audit.json()["audit"][before:]
    assert [(r["customer"], r["status"]) for r in rows] == [("acme", 200), (None, 422)]
    first = rows[0]
    assert first["question"] == asked
    assert first["body"].encode() == answered.content
    assert first["body_sha256"] == hashlib.sha256(answered.content).hexdigest()
    assert first["token"] is None
    assert first["address"] == "127.0.0.1"
    assert rows[1]["body"].encode() == refused.content
    # The catalog and policy that answered: the SHA-256 of their canonical JSON.
    from eol_check.catalog import load_catalog
    from eol_check.policy import load_policy
    from eol_check.serve.app import Data

    data = Data(load_catalog(), load_policy(), ())
    assert (first["catalog_sha256"], first["policy_sha256"]) == (
        data.catalog_sha256,
        data.policy_sha256,
    )
    mine = get(server.url, "/api/v1/audit", customer="acme").json()["audit"]
    assert {r["customer"] for r in mine} == {"acme"}
    assert mine[-1]["id"] == first["id"]
    day = first["at"][:10]
    that_day = get(server.url, "/api/v1/audit", **{"from": day, "to": day}).json()["audit"]
    assert [r["id"] for r in that_day[-2:]] == [r["id"] for r in rows]
    assert get(server.url, "/api/v1/audit", to="2000-01-01").json() == {"audit": []}


def test_the_audit_refuses_update_and_delete(server: Server) -> None:
    get(server.url, "/api/v1/check", product="oas", version="4.2.1", severity="S2")
    count = len(get(server.url, "/api/v1/audit").json()["audit"])
    assert count >= 1
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    url = _db(server).replace("postgresql://", "postgresql+psycopg://")
    engine = create_engine(url)
    try:
        for statement in ("UPDATE audit SET status = 200", "DELETE FROM audit"):
            with pytest.raises(DBAPIError, match="the audit is append-only"), engine.begin() as c:
                c.execute(text(statement))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit")).scalar() == count
    finally:
        engine.dispose()


def test_openapi_document(server: Server) -> None:
    response = get(server.url, "/api/v1/openapi.json")
    document = response.json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/api/v1/check",
        "/api/v1/status/{product}",
        "/api/v1/status/{product}/{version}",
        "/api/v1/preflight",
        "/api/v1/classify",
        "/api/v1/numbering",
        "/api/v1/products",
        "/api/v1/customers/{customer}",
        "/api/v1/audit",
        "/api/v1/health",
    }


def test_tokens(start_server: StartServer, tmp_path: Path, db_url: str) -> None:
    tokens = tmp_path / "tokens.json"
    made = cli("tokens", "add", "desk-1", "--tokens", str(tokens))
    assert made.returncode == 0
    secret = made.stdout.decode().strip()
    assert len(secret) == 43  # 32 bytes, URL-safe base64 without padding
    assert made.stderr == b"eol-check: token 'desk-1' added; it is shown once, above: keep it now\n"
    assert stat.S_IMODE(os.stat(tokens).st_mode) == 0o600
    stored = json.loads(tokens.read_text())["tokens"]
    assert stored[0]["sha256"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in tokens.read_text()
    listed = cli("tokens", "list", "--tokens", str(tokens))
    assert listed.stdout.decode().startswith("desk-1  created ")

    server = start_server(["--db", db_url, "--tokens", str(tokens)])
    question = {"product": "oas", "version": "4.2.1", "severity": "S2"}
    missing = get(server.url, "/api/v1/check", **question)
    wrong = get(server.url, "/api/v1/check", token=secret[:-1] + "x", **question)
    for refused in (missing, wrong):
        assert refused.status_code == 401
        assert refused.json() == {
            "error": "a valid token is required: Authorization: Bearer <token>",
            "status": 401,
        }
    assert get(server.url, "/api/v1/check", token=secret, **question).status_code == 200
    rows = get(server.url, "/api/v1/audit", token=secret).json()["audit"]
    assert [(r["token"], r["address"]) for r in rows] == [("desk-1", None)]
    assert secret not in "".join(server.lines)
    assert secret[:-1] not in "".join(server.lines)

    # Removed, then SIGHUP: the server forgets it.
    assert cli("tokens", "remove", "desk-1", "--tokens", str(tokens)).returncode == 0
    mark = len(server.lines)
    import signal

    server.signal(signal.SIGHUP)
    assert server.wait_for("reloaded the tokens file (0 tokens)", mark) is not None
    assert get(server.url, "/api/v1/check", token=secret, **question).status_code == 401


def test_other_address_needs_tokens(tmp_path: Path) -> None:
    done = cli("serve", "--host", "0.0.0.0", "--port", "0", "--db", str(tmp_path / "x.db"))
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "eol-check: error: serve: --tokens FILE is required on an address other than loopback "
        "(make one with 'eol-check tokens add NAME --tokens FILE')\n"
    )
