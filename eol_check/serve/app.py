"""The service's ASGI application (SPEC §10): routes over the command line's own answers.

Every `/api/v1` route turns its request into the command line that asks the same question and
answers it with `answers.ask`: the body is the CLI's output, byte for byte. What is the
service's own: authentication (bearer tokens, or the agent page's session cookie), the audit of
every `check`, and picking up a changed catalog or policy between requests.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import threading
from datetime import date

from .._cli._common import UsageError
from ..errors import EolCheckError, InputError
from .answers import Answer, Statuses, ask, command_line, http_status
from .database import AuditEntry, open_store
from .page import MAX_BODY, SESSION_COOKIE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from pathlib import Path
    from typing import Any

    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from ..catalog import Catalog
    from ..policy import Policy
    from .database import Store
    from .feed import CatalogFeed
    from .tokens import Token, TokenFile

__all__ = ["Data", "Service", "build_app"]

LOG = logging.getLogger("eol_check.serve")

API = "/api/v1"
JSON = "application/json; charset=utf-8"


class Data:
    """A catalog and policy that answer, with the SHA-256 of their canonical JSON (the audit's)."""

    __slots__ = ("catalog", "catalog_sha256", "policy", "policy_sha256", "signature", "statuses")

    def __init__(self, catalog: Catalog, policy: Policy, signature: tuple[Any, ...]) -> None:
        from .._cli._common import _json_default

        def digest(obj: object) -> str:
            text = json.dumps(
                obj,
                sort_keys=True,
                separators=(",", ":"),
                ensure_ascii=False,
                default=_json_default,
            )
            return hashlib.sha256(text.encode()).hexdigest()

        self.catalog, self.policy, self.signature = catalog, policy, signature
        self.statuses = Statuses(policy)  # remembered for this data only: a reload starts anew
        self.catalog_sha256 = digest([p.as_json() for p in catalog.products])
        self.policy_sha256 = digest(policy.as_json())


class Service:
    """What the application serves: data (reloaded on change), the database, the tokens."""

    def __init__(
        self,
        *,
        catalog: Path | None = None,
        policy: Path | None = None,
        db: str,
        tokens: Path | None = None,
        require_tokens: bool = False,
        fetched: tuple[Catalog, Policy | None] | None = None,
        feed: CatalogFeed | None = None,
    ) -> None:
        # `fetched`: the bundle of a catalog URL as read at start (the catalog given by URL and
        # its policy), which `feed` replaces when the URL serves a new one (SPEC §10).
        self.catalog_path, self.policy_path = catalog, policy
        self.fetched, self.feed = fetched, feed
        self.store: Store = open_store(db)
        self.tokens: TokenFile | None = None
        if tokens is not None:
            from .tokens import TokenFile

            self.tokens = TokenFile(tokens)
        elif require_tokens:
            raise InputError(
                "serve: --tokens FILE is required on an address other than loopback "
                "(make one with 'eol-check tokens add NAME --tokens FILE')"
            )
        self.sessions: dict[str, str] = {}  # session id → token name (the agent page)
        self._lock = threading.Lock()
        self._refused: tuple[Any, ...] | None = None  # the signature of a broken file, said once
        self.data = self._load(self._signature())

    # -- data -------------------------------------------------------------------------------------

    def _files(self) -> list[str]:
        files = []
        for given in (self.catalog_path, self.policy_path):
            if given is None:
                continue
            if given.is_dir():
                files.extend(sorted(str(p) for p in given.glob("*.toml")))
            files.append(str(given))
        return files

    def _signature(self) -> tuple[Any, ...]:
        """What identifies the data files' contents cheaply: each file's inode, size and mtime."""
        marks: list[Any] = []
        for name in self._files():
            try:
                st = os.stat(name)
            except OSError:
                marks.append((name, None))
                continue
            marks.append((name, st.st_ino, st.st_size, st.st_mtime_ns))
        return tuple(marks)

    def _load(self, signature: tuple[Any, ...]) -> Data:
        from ..catalog import load_catalog
        from ..policy import load_policy

        bundled = None
        path = self.catalog_path
        if self.fetched is not None:
            catalog, bundled = self.fetched
        elif path is not None and path.suffix.lower() == ".json":
            from ..bundle import load_bundle

            catalog, bundled = load_bundle(path)
        else:
            catalog = load_catalog(path)
        policy = load_policy(self.policy_path) if self.policy_path else bundled or load_policy()
        return Data(catalog, policy, signature)

    def current(self, force: bool = False) -> Data:
        """The data to answer with: reloaded first when a file changed (or `force`: SIGHUP); a
        broken file is refused with one log line and the last good data answers."""
        if self.catalog_path is None and self.policy_path is None:
            return self.data  # the embedded data never changes
        signature = self._signature()
        if not force and signature == self.data.signature:
            return self.data
        with self._lock:
            if not force and (signature == self.data.signature or signature == self._refused):
                return self.data
            try:
                self.data = self._load(signature)
            except EolCheckError as exc:
                if force or signature != self._refused:
                    LOG.error(
                        "refused the changed catalog or policy (the last good one keeps "
                        "answering): %s",
                        " ".join(str(exc).split()),
                    )
                self._refused = signature
                return self.data
            self._refused = None
            LOG.warning(
                "reloaded the catalog and policy (catalog %s, policy %s)",
                self.data.catalog_sha256[:12],
                self.data.policy_sha256[:12],
            )
            return self.data

    def install(self, fetched: tuple[Catalog, Policy | None]) -> bool:
        """A bundle the catalog URL served (the feed's thread): it answers from now on, with
        `--policy` if given; True when the data changed. EolCheckError: the policy file is
        broken, and the data in use keeps answering."""
        with self._lock:
            previous = self.fetched
            self.fetched = fetched
            try:
                data = self._load(self._signature())
            except EolCheckError:
                self.fetched = previous
                raise
            if (data.catalog_sha256, data.policy_sha256) == (
                self.data.catalog_sha256,
                self.data.policy_sha256,
            ):
                return False
            self.data = data
            LOG.warning(
                "reloaded the catalog and policy (catalog %s, policy %s)",
                data.catalog_sha256[:12],
                data.policy_sha256[:12],
            )
            return True

    def hangup(self) -> None:
        """SIGHUP: read the tokens file and the data files again, and ask the catalog URL."""
        if self.feed is not None:
            self.feed.wake()
        if self.tokens is not None:
            try:
                self.tokens.reload()
                names = {t.name for t in self.tokens.tokens}
                self.sessions = {k: v for k, v in self.sessions.items() if v in names}
                LOG.warning("reloaded the tokens file (%d tokens)", len(self.tokens.tokens))
            except EolCheckError as exc:
                LOG.error("refused the tokens file (the tokens read before stay): %s", exc)
        self.current(force=True)

    # -- who is asking ----------------------------------------------------------------------------

    def who(self, request: Request) -> tuple[bool, str | None]:
        """(allowed, token name): a bearer token or a session cookie when tokens are in force."""
        if self.tokens is None:
            return True, None
        header = request.headers.get("authorization", "")
        scheme, _, secret = header.partition(" ")
        if scheme.lower() == "bearer" and secret.strip():
            token = self.tokens.find(secret.strip())
            return (token is not None), (token.name if token else None)
        session = request.cookies.get(SESSION_COOKIE)
        if session:
            name = self._session(session)
            if name is not None:
                return True, name
        return False, None

    def _session(self, session: str) -> str | None:
        found = None
        for key, name in self.sessions.items():  # constant time per key
            if secrets.compare_digest(key, session):
                found = name
        return found

    def login(self, secret: str) -> str | None:
        """A new session id for a valid token (the agent page's login), else None."""
        if self.tokens is None:
            return None
        token: Token | None = self.tokens.find(secret.strip())
        if token is None:
            return None
        session = secrets.token_urlsafe(32)
        self.sessions[session] = token.name
        return session

    # -- answers ----------------------------------------------------------------------------------

    def ask(self, argv: list[str]) -> tuple[Answer, Data]:
        """The command line's answer to `argv` with the current data."""
        data = self.current()
        return ask(argv, data.catalog, data.policy, lifecycle=data.statuses), data

    def audit(
        self,
        answer_status: int,
        body: bytes,
        data: Data,
        *,
        token: str | None,
        address: str | None,
        customer: str | None,
        question: dict[str, str],
    ) -> None:
        """Append an answered check to the audit (committed before the response goes)."""
        entry = _entry(answer_status, body, token, address, customer, question)
        self.store.append_audit(entry, data.catalog_sha256, data.policy_sha256)

    async def audit_async(
        self,
        answer_status: int,
        body: bytes,
        data: Data,
        *,
        token: str | None,
        address: str | None,
        customer: str | None,
        question: dict[str, str],
    ) -> None:
        """`audit` awaited on the event loop: committed before this returns, as `audit`."""
        entry = _entry(answer_status, body, token, address, customer, question)
        await self.store.append_audit_async(entry, data.catalog_sha256, data.policy_sha256)


def _entry(
    answer_status: int,
    body: bytes,
    token: str | None,
    address: str | None,
    customer: str | None,
    question: dict[str, str],
) -> AuditEntry:
    return AuditEntry(
        token=token,
        address=None if token else address,  # the address only where no token names the caller
        customer=customer,
        question=question,
        status=answer_status,
        body=body,
    )


# -- the application ------------------------------------------------------------------------------


class BadRequest(UsageError):
    """The request itself is wrong (a parameter unknown, repeated, missing or malformed): 400."""


def _params(
    request: Request, allowed: tuple[str, ...], required: tuple[str, ...] = ()
) -> dict[str, str]:
    """The query parameters, checked: each known, given once, the required ones present."""
    found: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key not in allowed:
            raise BadRequest(
                f"unknown parameter {key[:40]!r}: this endpoint takes {', '.join(allowed)}"
            )
        if key in found:
            raise BadRequest(f"parameter {key!r} is given twice")
        if "\x00" in value:
            raise BadRequest(f"parameter {key!r} contains a NUL character")
        found[key] = value
    missing = [k for k in required if not found.get(k)]
    if missing:
        raise BadRequest(f"parameter {missing[0]!r} is required")
    return found


def _flag(params: dict[str, str], name: str) -> bool:
    value = params.get(name, "false").strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no", ""):
        return False
    raise BadRequest(f"parameter {name!r}: expected true or false, got {value[:40]!r}")


def error_response(status: int, message: str) -> Response:
    """The body of an error: the CLI's one line (docs/serve.md)."""
    from starlette.responses import Response

    body = json.dumps({"error": message, "status": status}, ensure_ascii=False) + "\n"
    # (escaped as the CLI's stderr escapes what UTF-8 cannot carry: a lone surrogate)
    return Response(body.encode("utf-8", "backslashreplace"), status_code=status, media_type=JSON)


def _respond(answer: Answer, resource: tuple[str, ...] = ()) -> tuple[int, bytes, str]:
    """(status, body, media type) of a command's answer."""
    if answer.error is not None:
        status = http_status(answer.error, resource=resource)
        body = json.dumps({"error": answer.message, "status": status}, ensure_ascii=False)
        return status, (body + "\n").encode("utf-8", "backslashreplace"), JSON
    return 200, answer.body, JSON


def build_app(service: Service) -> Starlette:
    """The Starlette application of `service`."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response
    from starlette.routing import Route

    from . import page
    from .openapi import openapi_document

    openapi = (json.dumps(openapi_document(), indent=2) + "\n").encode()

    def answered(
        argv: list[str], resource: tuple[str, ...] = (), media: str | None = None
    ) -> Response:
        answer, _ = service.ask(argv)
        status, body, media_type = _respond(answer, resource)
        headers = {"X-Eol-Check-Exit": str(answer.code)}
        if media and status == 200:
            media_type = media
        return Response(body, status_code=status, media_type=media_type, headers=headers)

    def guarded(
        handler: Callable[[Request, str | None], Response], *, page_route: bool = False
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            allowed, name = service.who(request)
            if not allowed:
                if page_route:
                    return page.login_page(request, status=401)
                return error_response(
                    401, "a valid token is required: Authorization: Bearer <token>"
                )
            try:
                return await run_in_threadpool(handler, request, name)
            except InputError as exc:
                return error_response(http_status(exc), " ".join(str(exc).split()))
            except EolCheckError as exc:
                LOG.error("%s", " ".join(str(exc).split()))
                return error_response(http_status(exc), " ".join(str(exc).split()))

        return endpoint

    CHECK = (
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
    )

    def check_argv(params: dict[str, str]) -> list[str]:
        options: dict[str, str | bool | None] = {
            "severity": params["severity"],
            "region": params.get("region"),
            "reported-at": params.get("reported_at"),
            "now": params.get("now"),
            "date": params.get("date"),
            "tz": params.get("tz"),
            "format": params.get("format") or "json",
        }
        if params.get("customer"):
            options["customer"] = params["customer"]
            options["customers"] = service.store.url
        return command_line("check", [params["product"], params["version"]], options)

    def check_answer(params: dict[str, str]) -> tuple[int, bytes, str, Answer, Data]:
        data = service.current()
        answer = ask(check_argv(params), data.catalog, data.policy, lifecycle=data.statuses)
        status, body, media_type = _respond(answer)
        chosen = params.get("format", "json").lower()
        if chosen in ("markdown", "text") and status == 200:
            media_type = f"text/{'markdown' if chosen == 'markdown' else 'plain'}; charset=utf-8"
        return status, body, media_type, answer, data

    async def check(request: Request) -> Response:
        """GET check, audited. The answer is computed on the event loop (a CPU-bound millisecond:
        worker threads only fought over the GIL, measured 25-30% slower); reading a customer's
        contracts and waiting for the audit's commit happen in worker threads."""
        allowed, name = service.who(request)
        if not allowed:
            return error_response(401, "a valid token is required: Authorization: Bearer <token>")
        try:
            params = _params(request, CHECK, ("product", "version", "severity"))
            if params.get("customer"):  # a database read: off the event loop
                answered = await run_in_threadpool(check_answer, params)
            else:
                answered = check_answer(params)
            status, body, media_type, answer, data = answered
            client = request.client.host if request.client else None
            await service.audit_async(
                status,
                body,
                data,
                token=name,
                address=client,
                customer=params.get("customer"),
                question=params,
            )
        except EolCheckError as exc:
            if not isinstance(exc, InputError):
                LOG.error("%s", " ".join(str(exc).split()))
            return error_response(http_status(exc), " ".join(str(exc).split()))
        return Response(
            body,
            status_code=status,
            media_type=media_type,
            headers={"X-Eol-Check-Exit": str(answer.code)},
        )

    def status(request: Request, name: str | None) -> Response:
        params = _params(request, ("date",))
        positionals = [request.path_params["product"]]
        if "version" in request.path_params:
            positionals.append(request.path_params["version"])
        return answered(
            command_line("status", positionals, {"date": params.get("date"), "format": "json"}),
            ("product",),
        )

    def preflight(request: Request, name: str | None) -> Response:
        params = _params(
            request,
            ("product", "installed", "target", "date", "allow_prerelease", "allow_downgrade"),
            ("product", "installed", "target"),
        )
        return answered(
            command_line(
                "preflight",
                [params["product"]],
                {
                    "installed": params["installed"],
                    "target": params["target"],
                    "date": params.get("date"),
                    "format": "json",
                    "allow-prerelease": _flag(params, "allow_prerelease"),
                    "allow-downgrade": _flag(params, "allow_downgrade"),
                },
            )
        )

    def classify(request: Request, name: str | None) -> Response:
        params = _params(request, ("from", "to", "strict"), ("from", "to"))
        return answered(
            command_line(
                "classify",
                [params["from"], params["to"]],
                {"format": "json", "strict": _flag(params, "strict")},
            )
        )

    def products(request: Request, name: str | None) -> Response:
        params = _params(request, ("date",))
        return answered(
            command_line("products", [], {"date": params.get("date"), "format": "json"})
        )

    def customer(request: Request, name: str | None) -> Response:
        params = _params(request, ("date",))
        return answered(
            command_line(
                "customer",
                [request.path_params["customer"]],
                {"db": service.store.url, "date": params.get("date"), "format": "json"},
            ),
            ("customer",),
        )

    def audit(request: Request, name: str | None) -> Response:
        params = _params(request, ("customer", "from", "to"))
        return answered(
            command_line(
                "audit",
                [],
                {
                    "db": service.store.url,
                    "customer": params.get("customer"),
                    "from": params.get("from"),
                    "to": params.get("to"),
                    "format": "json",
                },
            )
        )

    async def health(request: Request) -> Response:
        """The trivial endpoint (monitoring, and the benchmark's baseline): authentication, then
        a constant body, on the event loop."""
        allowed, _ = service.who(request)
        if not allowed:
            return error_response(401, "a valid token is required: Authorization: Bearer <token>")
        return Response(b'{"ok": true}\n', media_type=JSON)

    def spec(request: Request, name: str | None) -> Response:
        return Response(openapi, media_type=JSON)

    async def numbering(request: Request) -> Response:
        allowed, _ = service.who(request)
        if not allowed:
            return error_response(401, "a valid token is required: Authorization: Bearer <token>")
        raw = await _body(request)
        try:
            argv = _numbering_argv(raw)
            return await run_in_threadpool(answered, argv)
        except InputError as exc:
            return error_response(400, " ".join(str(exc).split()))

    async def login(request: Request) -> Response:
        return await page.login(request, service)

    routes = [
        Route(f"{API}/health", health),
        Route(f"{API}/openapi.json", guarded(spec)),
        Route(f"{API}/check", check),
        Route(f"{API}/status/{{product}}", guarded(status)),
        Route(f"{API}/status/{{product}}/{{version}}", guarded(status)),
        Route(f"{API}/preflight", guarded(preflight)),
        Route(f"{API}/classify", guarded(classify)),
        Route(f"{API}/numbering", numbering, methods=["POST"]),
        Route(f"{API}/products", guarded(products)),
        Route(f"{API}/customers/{{customer}}", guarded(customer)),
        Route(f"{API}/audit", guarded(audit)),
        Route("/", guarded(lambda r, n: page.agent_page(r, service, n), page_route=True)),
        Route("/login", login, methods=["POST"]),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_response(404, f"no such endpoint: {request.url.path[:100]}")

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return error_response(405, f"method {request.method} is not allowed here")

    async def crashed(request: Request, exc: Exception) -> Response:
        LOG.exception("internal error (a bug in eol-check)")
        return error_response(500, "internal error: this is a bug in eol-check; see the log")

    return Starlette(
        routes=routes,
        exception_handlers={404: not_found, 405: not_allowed, 500: crashed},
    )


async def _body(request: Request) -> bytes:
    """The request body, at most MAX_BODY bytes (BadRequest beyond)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise BadRequest(f"the request body is larger than {MAX_BODY // 1024} KiB")
        chunks.append(chunk)
    return b"".join(chunks)


def _numbering_argv(raw: bytes) -> list[str]:
    """The `numbering` command line of a POST body {"versions": [...], "next": ..., "strict"}."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadRequest(
            'the body is not JSON: expected {"versions": ["1.0.0", ...], "next": "1.1.0"}'
        ) from None
    if not isinstance(document, dict):
        raise BadRequest('the body must be a JSON object: {"versions": [...], "next": ...}')
    unknown = [k for k in document if k not in ("versions", "next", "strict")]
    if unknown:
        raise BadRequest(f"unknown key {unknown[0][:40]!r}: expected versions, next, strict")
    versions = document.get("versions", [])
    if not isinstance(versions, list) or not all(isinstance(v, str) for v in versions):
        raise BadRequest("'versions' must be an array of version strings")
    if any("\x00" in v for v in versions):
        raise BadRequest("'versions' contains a NUL character")
    if len(versions) > 100_000:
        raise BadRequest("'versions' has more than 100000 entries")
    following = document.get("next")
    if following is not None and (not isinstance(following, str) or "\x00" in following):
        raise BadRequest("'next' must be a version string or null")
    strict = document.get("strict", False)
    if not isinstance(strict, bool):
        raise BadRequest("'strict' must be true or false")
    return command_line(
        "numbering", versions, {"next": following, "strict": strict, "format": "json"}
    )


def parse_day(text: str | None) -> date | None:
    """A YYYY-MM-DD parameter (the audit's from/to)."""
    if text is None:
        return None
    from .._dates import parse_date

    return parse_date(text, "the date")
