"""The contracts and audit database (SPEC §10): SQLite by default, PostgreSQL for a shared one.

One data layer, SQLAlchemy Core: each table is declared once below (`_tables`: contracts,
audit, eol_check_meta) and every statement is built from those declarations, so SQLite and
PostgreSQL run the same code (docs/serve.md says why this and not psycopg + sqlite3).

- The schema carries a version (`META`, key `schema_version`) and upgrades in place: `open_store`
  runs the migrations from the version it finds up to `SCHEMA_VERSION`, in one transaction.
- Contracts are imported all or nothing: the file is read whole and checked first; a bad row
  raises its ContractsError (which names its line) before the transaction starts, and the import
  itself replaces the table's rows in one transaction.
- The audit is append-only: rows are inserted, each in its own committed transaction, and never
  updated or deleted (a trigger refuses UPDATE and DELETE on both engines).

SQLite runs in WAL mode with `synchronous=NORMAL`: a committed row survives the process being
killed (SIGKILL); only a power cut may lose the last commits, as the docs say.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, timezone

from .._names import fold
from ..contracts import COLUMNS, Contract
from ..errors import ContractsError, DatabaseError, InputError
from ..policy import Coverage
from ..version import parse_lenient
from ._extras import require

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any, TextIO

    from sqlalchemy.engine import Connection, Engine

    from ..policy import Policy

__all__ = [
    "SCHEMA_VERSION",
    "AuditEntry",
    "Store",
    "close_stores",
    "is_database_url",
    "open_store",
]

#: The schema this code writes; older databases are upgraded in place when opened.
SCHEMA_VERSION = 2

_SCHEMES = ("sqlite:", "postgresql:", "postgres:", "postgresql+psycopg:")


def is_database_url(text: str) -> bool:
    """True when `text` names a database (sqlite:///FILE, postgresql://…) rather than a file."""
    return text.lower().startswith(_SCHEMES)


def database_url(text: str) -> str:
    """The URL for --db TEXT: a URL as given, or a plain path as a SQLite file."""
    if is_database_url(text):
        return text
    if "://" in text:
        raise InputError(
            f"{_shown(text)}: expected sqlite:///FILE (a file) or postgresql://USER@HOST/DATABASE"
        )
    if not text.strip():
        raise InputError("--db: expected a database URL or a SQLite file name, got ''")
    return f"sqlite:///{text}"


# -- the tables, declared once ---------------------------------------------------------------------


def _tables() -> Any:
    """The MetaData with every table (built on first use: SQLAlchemy loads only here)."""
    global _METADATA
    if _METADATA is not None:
        return _METADATA
    from sqlalchemy import (
        BigInteger,
        Boolean,
        Column,
        Date,
        Index,
        Integer,
        MetaData,
        String,
        Table,
        Text,
    )

    metadata = MetaData()
    Table(
        "eol_check_meta",
        metadata,
        Column("key", String(64), primary_key=True),
        Column("value", Text, nullable=False),
    )
    Table(
        "contracts",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("customer", Text, nullable=False),
        Column("customer_key", Text, nullable=False, index=True),  # _names.fold(customer)
        Column("product", Text, nullable=False),
        Column("version", Text, nullable=False),
        Column("region", Text),
        Column("tier", String(2)),
        Column("start", Date),
        Column("end", Date),
        Column("paid_up", Boolean),
        Column("coverage", String(16), nullable=False),
        Column("line", Integer, nullable=False),  # the row's line in the imported file
    )
    audit = Table(
        "audit",
        metadata,
        Column(
            "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
        ),
        Column("at", String(40), nullable=False),  # UTC, ISO 8601, microseconds: sorts as text
        Column("token", Text),  # the token's name; None on loopback without tokens
        Column("address", Text),  # the caller's address when there is no token name
        Column("customer", Text),
        Column("question", Text, nullable=False),  # canonical JSON of the query
        Column("status", Integer, nullable=False),  # the HTTP status answered
        Column("body", Text, nullable=False),  # the response body, as sent
        Column("body_sha256", String(64), nullable=False),
        Column("catalog_sha256", String(64), nullable=False),
        Column("policy_sha256", String(64), nullable=False),
    )
    Index("audit_customer_at", audit.c.customer, audit.c.at)
    _METADATA = metadata
    return metadata


_METADATA: Any = None

# Refuse UPDATE and DELETE on the audit: it is appended to, never changed (SPEC §10).
_APPEND_ONLY = {
    "sqlite": [
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END",
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION eol_check_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the audit is append-only'; END $$",
        "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
        "FOR EACH ROW EXECUTE FUNCTION eol_check_audit_append_only()",
    ],
}


def _to_1(conn: Connection) -> None:
    """Version 1: the schema version and the contracts."""
    tables = _tables().tables
    tables["eol_check_meta"].create(conn)
    tables["contracts"].create(conn)


def _to_2(conn: Connection) -> None:
    """Version 2: the append-only audit of the service's answers."""
    _tables().tables["audit"].create(conn)
    for statement in _APPEND_ONLY[conn.dialect.name]:
        conn.exec_driver_sql(statement)


#: The migration to each schema version from the one before.
MIGRATIONS = {1: _to_1, 2: _to_2}


# -- records --------------------------------------------------------------------------------------


class AuditEntry:
    """One answer the service gave, as the audit keeps it."""

    __slots__ = ("address", "body", "customer", "question", "status", "token")

    def __init__(
        self,
        *,
        token: str | None,
        address: str | None,
        customer: str | None,
        question: dict[str, str],
        status: int,
        body: bytes,
    ) -> None:
        self.token, self.address, self.customer = token, address, customer
        self.question, self.status, self.body = question, status, body


# -- the store ------------------------------------------------------------------------------------


class Store:
    """A contracts and audit database at one URL (use `open_store`: one per URL per process)."""

    def __init__(self, url: str, *, upgrade_to: int = SCHEMA_VERSION) -> None:
        self.url = url
        self.engine = _engine(url)
        self.name = _display_name(url)
        self._writer: _AuditWriter | None = None
        try:
            self._upgrade(upgrade_to)
        except BaseException:
            self.engine.dispose()
            raise

    @property
    def shown(self) -> str:
        """The URL as messages show it (no password)."""
        return _shown(self.url)

    def _fail(self, doing: str, exc: Exception) -> DatabaseError:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
        return DatabaseError(f"database {self.shown}: cannot {doing}: {reason[:300]}")

    # -- schema -----------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version the database is at (0: empty)."""
        from sqlalchemy import inspect, select

        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("eol_check_meta"):
                    return 0
                meta = _tables().tables["eol_check_meta"]
                value = conn.execute(
                    select(meta.c.value).where(meta.c.key == "schema_version")
                ).scalar()
        except _db_errors() as exc:
            raise self._fail("read its schema version", exc) from exc
        return int(value or 0)

    def _upgrade(self, target: int) -> None:
        from sqlalchemy import inspect, select

        meta = _tables().tables["eol_check_meta"]
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(immediate=True)  # SQLite: take the write lock
                with conn.begin():
                    if conn.dialect.name == "postgresql":  # one migrating process at a time
                        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7253015)")
                    found = 0
                    if inspect(conn).has_table("eol_check_meta"):
                        value = conn.execute(
                            select(meta.c.value).where(meta.c.key == "schema_version")
                        ).scalar()
                        found = int(value or 0)
                    if found > SCHEMA_VERSION:
                        raise DatabaseError(
                            f"database {self.shown}: schema version {found} is newer than this "
                            f"eol-check's ({SCHEMA_VERSION}): upgrade eol-check"
                        )
                    for version in range(found + 1, target + 1):
                        MIGRATIONS[version](conn)
                        if version == 1:
                            conn.execute(meta.insert().values(key="schema_version", value="1"))
                        else:
                            conn.execute(
                                meta.update()
                                .where(meta.c.key == "schema_version")
                                .values(value=str(version))
                            )
        except _db_errors() as exc:
            raise self._fail("open it", exc) from exc

    # -- contracts --------------------------------------------------------------------------------

    def import_contracts(self, path: Path, policy: Policy) -> int:
        """Replace the contracts with those of the customers file at `path`; their number.

        All or nothing: the first bad row raises its ContractsError (naming its line) and the
        database is left as it was.
        """
        from ..contracts import iter_contracts

        rows = []
        for _, row in iter_contracts(path, policy=policy):
            if isinstance(row, ContractsError):
                raise row
            rows.append(_contract_row(row))
        table = _tables().tables["contracts"]
        try:
            with self.engine.begin() as conn:
                conn.execute(table.delete())
                if rows:
                    conn.execute(table.insert(), rows)
        except _db_errors() as exc:
            raise self._fail("import the contracts", exc) from exc
        return len(rows)

    def contracts(self, customer: str | None = None) -> Iterator[tuple[int, Contract]]:
        """Every contract (of `customer`, compared as customer ids are), in import order, as the
        (line, Contract) rows `contracts.customer_contracts` takes."""
        from sqlalchemy import select

        table = _tables().tables["contracts"]
        query = select(table).order_by(table.c.id)
        if customer is not None:
            if not _storable(customer):  # no stored id holds a NUL or a lone surrogate
                return iter(())
            query = query.where(table.c.customer_key == fold(customer))
        try:
            with self.engine.connect() as conn:
                found = conn.execute(query).mappings().all()
        except _db_errors() as exc:
            raise self._fail("read the contracts", exc) from exc
        return ((row["line"], _contract(row)) for row in found)

    def customer_rows(self, customer: str) -> Iterable[tuple[int, Contract]]:
        """The rows `customer_contracts(rows, customer)` needs: the customer's, else every row
        (so that an unknown id gets the file's suggestion)."""
        mine = list(self.contracts(customer))
        return mine or self.contracts()

    def customers(self) -> list[str]:
        """Every customer id, sorted (for the agent page's suggestions)."""
        from sqlalchemy import select

        table = _tables().tables["contracts"]
        try:
            with self.engine.connect() as conn:
                found = conn.execute(select(table.c.customer).distinct()).scalars().all()
        except _db_errors() as exc:
            raise self._fail("read the customers", exc) from exc
        return sorted(found, key=fold)

    def export_csv(self, out: TextIO) -> int:
        """Write every contract as a customers CSV file (SPEC §4.3); the number of rows."""
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        count = 0
        for _, contract in self.contracts():
            writer.writerow(_csv_cells(contract))
            count += 1
        return count

    # -- audit ------------------------------------------------------------------------------------

    def append_audit(
        self,
        entry: AuditEntry,
        catalog_sha256: str,
        policy_sha256: str,
        at: datetime | None = None,
    ) -> None:
        """Append one answer to the audit; it is committed when this returns.

        Rows from concurrent requests are committed together (group commit, `_AuditWriter`):
        each caller waits for the commit that holds its row, so no answer goes out unaudited.
        """
        values = _audit_values(entry, catalog_sha256, policy_sha256, at)
        failure = self._audit_writer().append(values)
        if failure is not None:
            raise self._fail("append to the audit", failure) from failure

    async def append_audit_async(
        self, entry: AuditEntry, catalog_sha256: str, policy_sha256: str
    ) -> None:
        """`append_audit` for the event loop: the same row, committed by the same writer before
        this returns, awaited without a worker thread (the hop was a tenth of a `check`)."""
        import asyncio

        values = _audit_values(entry, catalog_sha256, policy_sha256, None)
        loop = asyncio.get_running_loop()
        committed: asyncio.Future[Exception | None] = loop.create_future()

        def settle(failure: Exception | None) -> None:
            if not committed.done():  # a request cancelled meanwhile: its row is still kept
                committed.set_result(failure)

        def finish(failure: Exception | None) -> None:  # in the writer's thread
            with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
                loop.call_soon_threadsafe(settle, failure)

        self._audit_writer().submit(values, finish)
        failure = await committed
        if failure is not None:
            raise self._fail("append to the audit", failure) from failure

    def _audit_writer(self) -> _AuditWriter:
        with _LOCK:
            if self._writer is None:
                self._writer = _AuditWriter(self)
            return self._writer

    def audit(
        self, customer: str | None = None, since: date | None = None, until: date | None = None
    ) -> list[dict[str, Any]]:
        """The audit rows (of `customer`, from `since` to `until` inclusive, UTC days), oldest
        first, in their JSON form (docs/serve.md)."""
        from sqlalchemy import select

        table = _tables().tables["audit"]
        query = select(table).order_by(table.c.id)
        if customer is not None:
            if not _storable(customer):
                return []
            query = query.where(table.c.customer == customer)
        if since is not None:
            query = query.where(table.c.at >= since.isoformat())
        if until is not None:
            query = query.where(table.c.at < (until + timedelta(days=1)).isoformat())
        try:
            with self.engine.connect() as conn:
                found = conn.execute(query).mappings().all()
        except _db_errors() as exc:
            raise self._fail("read the audit", exc) from exc
        return [
            {
                "id": row["id"],
                "at": row["at"],
                "token": row["token"],
                "address": row["address"],
                "customer": row["customer"],
                "question": json.loads(row["question"]),
                "status": row["status"],
                "body_sha256": row["body_sha256"],
                "catalog_sha256": row["catalog_sha256"],
                "policy_sha256": row["policy_sha256"],
                "body": row["body"],
            }
            for row in found
        ]


class _AuditWriter:
    """One thread that appends audit rows, as many as are waiting in one transaction.

    The INSERT is compiled once from the `audit` table's declaration and run on the driver's
    connection (SQLAlchemy's per-statement work was half the cost of a `check` answer).
    """

    def __init__(self, store: Store) -> None:
        import queue

        self.store = store
        # (row, told the failure or None once the row's transaction ended)
        self.queue: queue.SimpleQueue[
            tuple[dict[str, Any], Callable[[Exception | None], None]] | None
        ] = queue.SimpleQueue()
        table = _tables().tables["audit"]
        dialect = store.engine.dialect
        compiled = table.insert().values(dict.fromkeys(_AUDIT_COLUMNS, "")).compile(dialect=dialect)
        self.sql = compiled.string
        self.order = compiled.positiontup  # None: named parameters (psycopg)
        self.sqlite = dialect.name == "sqlite"
        self.thread = threading.Thread(target=self._run, name="eol-check audit", daemon=True)
        self.thread.start()

    def append(self, values: dict[str, Any]) -> Exception | None:
        """Queue a row and wait until it is committed; the failure, if it was not."""
        done = threading.Event()
        outcome: list[Exception | None] = [None]

        def finish(failure: Exception | None) -> None:
            outcome[0] = failure
            done.set()

        self.submit(values, finish)
        done.wait()
        return outcome[0]

    def submit(self, values: dict[str, Any], finish: Callable[[Exception | None], None]) -> None:
        """Queue a row; `finish(failure or None)` is called (in the writer's thread) once the
        transaction that holds it has committed or failed."""
        self.queue.put((values, finish))

    def close(self) -> None:
        """Stop the thread after the rows queued before, and close its connection."""
        self.queue.put(None)
        self.thread.join()

    def _run(self) -> None:
        import queue

        connection: Any = None
        while True:
            first = self.queue.get()
            if first is None:  # close(): the connection goes with the thread
                if connection is not None:
                    connection.close()
                return
            batch = [first]
            while len(batch) < 1000:
                try:
                    more = self.queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self.queue.put(None)  # close() after this batch
                    break
                batch.append(more)
            rows: list[Any] = [
                [values[k] for k in self.order] if self.order is not None else values
                for values, _ in batch
            ]
            failure: Exception | None = None
            try:
                if connection is None:
                    connection = self.store.engine.raw_connection()
                cursor = connection.cursor()
                try:
                    if self.sqlite:
                        cursor.execute("BEGIN IMMEDIATE")
                    cursor.executemany(self.sql, rows)
                    if self.sqlite:
                        cursor.execute("COMMIT")
                    else:
                        connection.commit()
                finally:
                    cursor.close()
            except Exception as exc:  # the driver's own errors: told to each waiting request
                failure = exc
                if connection is not None:
                    with contextlib.suppress(Exception):
                        connection.close()  # rolls back; a new connection next time
                connection = None
            for _, finish in batch:
                finish(failure)


def _audit_values(
    entry: AuditEntry, catalog_sha256: str, policy_sha256: str, at: datetime | None
) -> dict[str, Any]:
    """The audit row of `entry`, as the INSERT takes it."""
    moment = at or datetime.now(timezone.utc)
    return {
        "at": _instant(moment),
        "token": _stored(entry.token),
        "address": _stored(entry.address),
        "customer": _stored(entry.customer),
        # ASCII JSON: a NUL or a lone surrogate in a request is kept, escaped
        "question": json.dumps(entry.question, sort_keys=True),
        "status": entry.status,
        "body": entry.body.decode("utf-8"),
        "body_sha256": hashlib.sha256(entry.body).hexdigest(),
        "catalog_sha256": catalog_sha256,
        "policy_sha256": policy_sha256,
    }


_AUDIT_COLUMNS = (
    "at",
    "token",
    "address",
    "customer",
    "question",
    "status",
    "body",
    "body_sha256",
    "catalog_sha256",
    "policy_sha256",
)

_STORES: dict[str, Store] = {}
_LOCK = threading.Lock()


def open_store(url: str) -> Store:
    """The store at `url` (a URL, or a SQLite file name), opened and upgraded once per process."""
    url = database_url(url)
    with _LOCK:
        store = _STORES.get(url)
        if store is None:
            store = _STORES[url] = Store(url)
    return store


def close_stores() -> None:
    """Close every store's connections (the end of a process's use of them, and tests)."""
    with _LOCK:
        for store in _STORES.values():
            if store._writer is not None:
                store._writer.close()
            store.engine.dispose()
        _STORES.clear()


# -- helpers --------------------------------------------------------------------------------------


def _db_errors() -> tuple[type[Exception], ...]:
    from sqlalchemy.exc import SQLAlchemyError

    return (SQLAlchemyError, OSError)


def _engine(url: str) -> Engine:
    require("sqlalchemy", "serve", "a contracts database")
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(
            f"{_shown(url)} is not a database URL: expected sqlite:///FILE or "
            "postgresql://USER@HOST/DATABASE"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        require("psycopg", "postgresql", "a PostgreSQL database")
        parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True)
    if backend != "sqlite" or parsed.database in (None, "", ":memory:"):
        raise InputError(
            f"{_shown(url)}: expected sqlite:///FILE (a file) or postgresql://USER@HOST/DATABASE"
        )
    engine = create_engine(parsed, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi: Any, record: Any) -> None:
        dbapi.isolation_level = None  # transactions begin below, not by the driver's guess
        cursor = dbapi.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: a kill loses no committed row
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _shown(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return str(make_url(url).render_as_string(hide_password=True))
    except Exception:  # not a URL at all: show its start only
        return repr(url[:60])


def _display_name(url: str) -> str:
    """How answers name the database (as they name a customers file): its file or database name."""
    tail = url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    return tail or url


def _storable(text: str) -> bool:
    """True when both engines can store `text` as it is (PostgreSQL refuses NUL; UTF-8 refuses
    a lone surrogate)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _stored(text: str | None) -> str | None:
    """`text` as the audit keeps it: NUL and lone surrogates backslash-escaped."""
    if text is None or _storable(text):
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def _instant(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _contract_row(contract: Contract) -> dict[str, Any]:
    return {
        "customer": contract.customer,
        "customer_key": fold(contract.customer),
        "product": contract.product,
        "version": str(contract.version),
        "region": contract.region,
        "tier": contract.tier,
        "start": contract.start,
        "end": contract.end,
        "paid_up": contract.paid_up,
        "coverage": contract.coverage.value,
        "line": contract.line,
    }


def _contract(row: Any) -> Contract:
    return Contract(
        customer=row["customer"],
        product=row["product"],
        version=parse_lenient(row["version"]),
        region=row["region"],
        tier=row["tier"],
        start=row["start"],
        end=row["end"],
        paid_up=row["paid_up"],
        line=row["line"],
        coverage=Coverage(row["coverage"]),
    )


def _csv_cells(contract: Contract) -> list[str]:
    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    return [
        contract.customer,
        contract.product,
        str(contract.version),
        cell(contract.region),
        cell(contract.tier),
        cell(contract.start),
        cell(contract.end),
        cell(contract.paid_up),
        contract.coverage.value,
    ]
