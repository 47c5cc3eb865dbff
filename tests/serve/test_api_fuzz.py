"""No input gives 500 (SPEC §10): every endpoint of a running server fed the fuzz suite's hostile
texts (tests/fuzz.py) in every parameter; each answer is 200 with the CLI's body or a 4xx whose
body is one JSON line naming the error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .. import fuzz
from .conftest import CUSTOMERS, StartServer, cli

VALUES = st.one_of(
    st.sampled_from(fuzz.HOSTILE_TEXTS),
    st.sampled_from(fuzz.HOSTILE_DATES),
    st.sampled_from(fuzz.HOSTILE_NUMBERS),
    st.sampled_from(fuzz.VERSIONS + fuzz.PRODUCTS + fuzz.SEVERITIES + fuzz.REGIONS),
    st.text(max_size=40),
)

ENDPOINTS = {
    "/api/v1/check": (
        "product",
        "version",
        "severity",
        "region",
        "reported_at",
        "now",
        "customer",
        "date",
        "tz",
        "format",
    ),
    "/api/v1/preflight": ("product", "installed", "target", "date", "allow_prerelease"),
    "/api/v1/classify": ("from", "to", "strict"),
    "/api/v1/products": ("date",),
    "/api/v1/audit": ("customer", "from", "to"),
    "/": ("customer", "product", "version", "severity", "reported_at"),
}


@pytest.fixture(scope="module")
def client(
    start_module_server: StartServer,
    module_db_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[httpx.Client]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    customers = folder / "customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    db = module_db_url
    assert cli("contracts", "import", str(customers), "--db", db).returncode == 0
    server = start_module_server(["--db", db])
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


def _checked(response: httpx.Response) -> None:
    status = response.status_code
    assert status in (200, 400, 404, 422), (status, response.text)
    if status != 200 and response.headers["content-type"].startswith("application/json"):
        body = json.loads(response.text)
        assert set(body) == {"error", "status"}
        assert body["error"]
        assert "\n" not in body["error"]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_input_gives_500(client: httpx.Client, data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(sorted(ENDPOINTS)))
    names = data.draw(st.lists(st.sampled_from(ENDPOINTS[path]), unique=True, max_size=6))
    params = {name: _raw(data.draw(VALUES)) for name in names}
    _checked(client.get(f"{path}?{urlencode(params)}"))
    segment = quote(_raw(data.draw(VALUES)), safe="")
    _checked(client.get(f"/api/v1/status/{segment}"))
    _checked(client.get(f"/api/v1/customers/{segment}"))
    body = {"versions": data.draw(st.lists(VALUES, max_size=5)), "next": data.draw(VALUES)}
    _checked(client.post("/api/v1/numbering", content=json.dumps(body)))  # \u escapes: any text


def _raw(text: str) -> bytes:
    """The bytes a client sends for `text` (lone surrogates as the bytes they stand for)."""
    return text.encode("utf-8", "surrogateescape")
