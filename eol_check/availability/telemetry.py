"""Mobile Server telemetry (SPEC §8): one SQL text, run by DuckDB (in-process, the default) or by
Spark SQL through PySpark (`engine="spark"`).

The engines differ only in how they read files into the view `telemetry(customer, us, requests,
errors, source, row_number)` (typed, with NULL where a cell cannot be read; `us` is the minute as
UTC microseconds since 1970); `SQL` — the rules of
§1.12 on that view — is the same text for both. Time zones never enter the SQL: minutes are UTC
minutes, reported as minute-of-year numbers (SPEC §8).

Heavy imports (duckdb, pyspark) happen in `summarise`, only when telemetry is read.
"""

from __future__ import annotations

import calendar
import glob
import os
import sys
from fractions import Fraction

from .._record import Record
from ..errors import AvailabilityError, InputError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

__all__ = ["ENGINES", "SQL", "TelemetrySummary", "summarise", "telemetry_files"]

ENGINES = ("duckdb", "spark")
COLUMNS = ("customer", "minute", "requests", "errors")
#: How many bad rows are named one by one (all of them are counted).
NAMED_PROBLEMS = 100

# §1.12: a minute is Downtime when the server-side error rate across all of the customer's users
# is more than 10% (errors * den > requests * num, exact in integers; no requests, no Downtime).
# Duplicate rows of a customer and minute are summed first (SPEC §8).
#
# For speed and bounded memory (docs/availability.md, "Speed"), the judged rows go through ONE
# aggregate per customer and UTC hour of the year (a few thousand groups per customer, whatever
# the number of rows): the rows, a 60-bit set of the minutes with data (`seen`) and of the minutes
# with a row over the rate (`over`). Minutes with data are then `bit_count(seen)`, exactly, without
# a distinct count over every (customer, minute). A sum of rows each at most 10% is at most 10%,
# so only `over` minutes can be Downtime; in an hour without duplicates (rows = bit_count(seen))
# each such minute is its one row, so it is Downtime as it stands. Only the hours that have both
# duplicates and an `over` minute (rare) are read again and summed per minute. Bad rows are read
# again only for their names. `judged` and `keyed` are views, so no engine materializes the rows.
# The text is statements separated by ";"; the last one gives the answer. `{start}`, `{end}` (UTC
# microseconds), `{num}`, `{den}`, `{bits}`, `{months}` are integers made here, never user text.
SQL = """
CREATE OR REPLACE TEMPORARY VIEW judged AS
SELECT customer, us - {start} AS since, requests, errors, source, row_number,
  CASE
    WHEN customer IS NULL OR TRIM(customer) = '' THEN 'no customer'
    WHEN us IS NULL THEN 'minute is not a UTC timestamp'
    WHEN us % 60000000 <> 0 THEN 'minute is not the start of a minute'
    WHEN requests IS NULL OR errors IS NULL THEN 'requests or errors is not a whole number'
    WHEN requests < 0 OR errors < 0 THEN 'a negative count'
    WHEN errors > requests THEN 'more errors than requests'
  END AS problem
FROM telemetry
WHERE us IS NULL OR (us >= {start} AND us < {end});

CREATE OR REPLACE TEMPORARY VIEW keyed AS
SELECT customer, hour, minute, CAST(power(2, minute) AS BIGINT) AS bit, requests, errors
FROM (
  SELECT customer, CAST((since - since % 3600000000) / 3600000000 AS BIGINT) AS hour,
    CAST((since % 3600000000) / 60000000 AS BIGINT) AS minute, requests, errors
  FROM judged WHERE problem IS NULL
) AS k;

WITH hours AS (
  SELECT customer, hour, COUNT(*) AS n, bit_or(bit) AS seen,
    bit_or(CASE WHEN errors * {den} > requests * {num} THEN bit ELSE 0 END) AS over
  FROM keyed GROUP BY customer, hour
),
months AS (SELECT month, first_hour, next_hour
  FROM (VALUES {months}) AS mo (month, first_hour, next_hour)),
bits AS (SELECT minute, bit FROM (VALUES {bits}) AS b (minute, bit)),
downtime AS (
  SELECT h.customer, h.hour * 60 + b.minute AS m FROM hours AS h
  JOIN bits AS b ON (h.over & b.bit) <> 0
  WHERE h.over <> 0 AND h.n = bit_count(h.seen)
  UNION ALL
  SELECT k.customer, k.hour * 60 + k.minute AS m FROM keyed AS k
  JOIN (SELECT customer, hour FROM hours WHERE over <> 0 AND n > bit_count(seen)) AS d
    ON k.customer = d.customer AND k.hour = d.hour
  GROUP BY k.customer, k.hour, k.minute
  HAVING SUM(k.errors) * {den} > SUM(k.requests) * {num}
),
down AS (
  SELECT customer, m,
    CASE WHEN LAG(m) OVER (PARTITION BY customer ORDER BY m) = m - 1 THEN 0 ELSE 1 END AS starts
  FROM downtime
),
runs AS (
  SELECT customer, m,
    SUM(starts) OVER (PARTITION BY customer ORDER BY m
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
  FROM down
),
bad AS (
  SELECT customer, source, row_number, problem FROM judged WHERE problem IS NOT NULL
)
SELECT 'minutes' AS kind, h.customer, mo.month, SUM(bit_count(h.seen)) AS n,
  CAST(NULL AS BIGINT) AS first, CAST(NULL AS BIGINT) AS last,
  CAST(NULL AS STRING) AS source, CAST(NULL AS STRING) AS problem
FROM hours AS h JOIN months AS mo ON h.hour >= mo.first_hour AND h.hour < mo.next_hour
GROUP BY h.customer, mo.month
UNION ALL
SELECT 'down', customer, CAST(NULL AS INT), CAST(NULL AS BIGINT), MIN(m), MAX(m),
  CAST(NULL AS STRING), CAST(NULL AS STRING)
FROM runs GROUP BY customer, run
UNION ALL
SELECT 'unjudged', customer, CAST(NULL AS INT), COUNT(*), CAST(NULL AS BIGINT),
  CAST(NULL AS BIGINT), CAST(NULL AS STRING), CAST(NULL AS STRING)
FROM bad GROUP BY customer
UNION ALL
SELECT * FROM (
  SELECT 'bad', customer, CAST(NULL AS INT), CAST(NULL AS BIGINT), row_number,
    CAST(NULL AS BIGINT), source, problem
  FROM bad ORDER BY source, row_number LIMIT {named}
) AS named
"""


class TelemetrySummary(Record):
    """What the telemetry of one year says, per customer (minutes are minute-of-year numbers)."""

    telemetry_minutes: dict[str, dict[int, int]]  # customer → month → minutes with data
    downtime_runs: dict[str, list[tuple[int, int]]]  # customer → [first, last) minute runs
    unjudged: dict[str | None, int]  # customer (None: no customer) → rows that cannot be read
    named: tuple[tuple[str | None, str, int | None, str], ...]  # customer, source, row, problem
    files: tuple[str, ...]


def telemetry_files(path: str) -> list[tuple[str, str]]:
    """The files `path` names — a file, a folder (its Parquet and CSV files, recursively) or a
    glob — each with its format ("parquet" or "csv"), sorted; InputError when there is none."""
    if any(ch in path for ch in "*?["):
        names = sorted(glob.glob(path, recursive=True))
    elif os.path.isdir(path):
        names = sorted(
            os.path.join(folder, name)
            for folder, _, files in os.walk(path)
            for name in files
            if _format(name) is not None
        )
    elif os.path.exists(path):
        names = [path]
    else:
        raise InputError(f"--telemetry {path}: no such file or folder")
    found: list[tuple[str, str]] = []
    for name in names:
        kind = _format(name)
        if kind is None:
            if os.path.isfile(name) and not any(ch in path for ch in "*?[") and name == path:
                raise AvailabilityError(
                    f"{name}: not telemetry: expected a .parquet, .csv or .csv.gz file"
                )
            continue
        if os.path.isfile(name):
            found.append((name, kind))
    if not found:
        raise InputError(f"--telemetry {path}: no Parquet or CSV files there")
    return found


def _format(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith((".parquet", ".pq")):
        return "parquet"
    if lower.endswith((".csv", ".csv.gz")):
        return "csv"
    return None


def summarise(
    path: str,
    year: int,
    error_rate_above: float,
    *,
    engine: str = "duckdb",
    spark_master: str = "local[*]",
) -> TelemetrySummary:
    """The telemetry at `path` for UTC year `year`, judged by §1.12 on `engine`."""
    if engine not in ENGINES:
        raise InputError(f"--engine {engine!r}: choose duckdb or spark")
    files = telemetry_files(path)
    rate = Fraction(repr(error_rate_above))
    query = SQL.format(
        start=_micros(year, 1),
        end=_micros(year + 1, 1),
        num=rate.numerator,
        den=rate.denominator,
        named=NAMED_PROBLEMS,
        bits=", ".join(f"({k}, {1 << k})" for k in range(60)),
        # Each month of the year as its hours of the year [first, next).
        months=", ".join(
            f"({m}, {_hours(year, year, m)}, {_hours(year, year + m // 12, m % 12 + 1)})"
            for m in range(1, 13)
        ),
    )
    if engine == "duckdb":
        rows = _run_duckdb(files, query)
    else:
        rows = _run_spark(files, query, spark_master)
    return _summary(rows, tuple(name for name, _ in files))


def _micros(year: int, month: int) -> int:
    """The first moment of `month` in UTC, as microseconds since 1970."""
    return calendar.timegm((year, month, 1, 0, 0, 0)) * 1_000_000


def _hours(year: int, then: int, month: int) -> int:
    """The hours from the start of `year` to the first moment of `month` of `then` (UTC)."""
    return (_micros(then, month) - _micros(year, 1)) // 3_600_000_000


def statements(query: str) -> list[str]:
    """The statements of `query` (the SQL text has no ";" inside a literal)."""
    return [part.strip() for part in query.split(";") if part.strip()]


def _summary(rows: Iterable[Sequence[Any]], files: tuple[str, ...]) -> TelemetrySummary:
    minutes: dict[str, dict[int, int]] = {}
    runs: dict[str, list[tuple[int, int]]] = {}
    unjudged: dict[str | None, int] = {}
    named: list[tuple[str | None, str, int | None, str]] = []
    for kind, customer, month, n, first, last, source, problem in rows:
        if kind == "minutes":
            minutes.setdefault(customer, {})[int(month)] = int(n)
        elif kind == "down":
            runs.setdefault(customer, []).append((int(first), int(last) + 1))
        elif kind == "unjudged":
            key = customer if customer is not None and customer.strip() else None
            unjudged[key] = unjudged.get(key, 0) + int(n)
        else:
            named.append((customer, _local(source), None if first is None else int(first), problem))
    for spans in runs.values():
        spans.sort()
    named.sort(key=lambda item: (item[1], item[2] or 0))
    return TelemetrySummary(minutes, runs, unjudged, tuple(named), files)


def _local(source: str) -> str:
    """A file name as the user wrote it (Spark gives URIs: file:/path)."""
    if source.startswith("file://"):
        source = source[len("file://") :]
    elif source.startswith("file:"):
        source = source[len("file:") :]
    from urllib.parse import unquote

    return unquote(source) if "%" in source else source


def _missing_extra(extra: str, exc: ImportError) -> InputError:
    return InputError(
        f"the {extra} engine is not installed ({exc.name or exc}): "
        f"pip install 'eol-support-check[{'availability' if extra == 'duckdb' else 'spark'}]'"
    )


# --- DuckDB ---------------------------------------------------------------------------------


def _run_duckdb(files: list[tuple[str, str]], query: str) -> list[tuple[Any, ...]]:
    try:
        import duckdb
    except ImportError as exc:
        raise _missing_extra("duckdb", exc) from exc
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        parts = []
        for index, (name, kind) in enumerate(files):
            view = f"file_{index}"
            _duckdb_file(con, duckdb, name, kind, view)
            parts.append(f"SELECT * FROM {view}")
        con.execute("CREATE VIEW telemetry AS " + " UNION ALL ".join(parts))
        *prepare, answer = statements(query)
        for statement in prepare:
            con.execute(statement)
        return con.execute(answer).fetchall()
    except duckdb.Error as exc:
        raise AvailabilityError(f"telemetry: cannot be read: {_first_line(exc)}") from exc
    finally:
        con.close()


def _duckdb_file(con: Any, duckdb: Any, name: str, kind: str, view: str) -> None:
    """Create `view` over one file, in the shape of the `telemetry` view."""
    literal = "'" + name.replace("'", "''") + "'"
    if kind == "parquet":
        reader = f"read_parquet({literal}, filename = true, file_row_number = true)"
        row = "file_row_number + 1"
    else:
        reader = (
            f"read_csv({literal}, all_varchar = true, header = true, filename = true, "
            "parallel = false)"
        )
        row = None
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()
    except duckdb.Error as exc:
        raise AvailabilityError(f"{name}: cannot be read as {kind}: {_first_line(exc)}") from exc
    types = {str(c[0]): str(c[1]) for c in described}
    _check_shape(name, [c for c in types if c not in ("filename", "file_row_number")])
    if row is None:
        # The CSV is read in order by one thread; the header is line 1, data rows follow.
        source = f"SELECT *, row_number() OVER () + 1 AS line_number FROM {reader}"
        row = "line_number"
    else:
        source = f"SELECT * FROM {reader}"
    # CSV cells are text: TRIM keeps DuckDB from pushing the cast into the CSV reader, where a
    # bad cell would fail the whole file instead of becoming NULL (an unreadable row).
    cell = (lambda c: c) if kind == "parquet" else (lambda c: f"TRIM({c})")
    if types["minute"] == "TIMESTAMP WITH TIME ZONE":
        # The instant itself, without the casts' time-zone machinery (they were most of the
        # command's CPU time at 52 M rows: docs/availability.md, "Speed").
        ts = "minute"
    else:
        ts = f"TRY_CAST(TRY_CAST({cell('minute')} AS TIMESTAMPTZ) AS TIMESTAMP)"
    # ±infinity is a moment of no year (never NULL, which would make the row unreadable).
    us = (
        f"CASE WHEN isfinite({ts}) THEN epoch_us({ts}) "
        f"WHEN {ts} > TIMESTAMP '1970-01-01' THEN 9223372036854775807 "
        f"WHEN {ts} IS NOT NULL THEN -9223372036854775807 END"
    )
    con.execute(
        f"CREATE VIEW {view} AS SELECT CAST(customer AS VARCHAR) AS customer, "
        f"{us} AS us, "
        f"TRY_CAST({cell('requests')} AS BIGINT) AS requests, "
        f"TRY_CAST({cell('errors')} AS BIGINT) AS errors, "
        f"filename AS source, CAST({row} AS BIGINT) AS row_number FROM ({source})"
    )


def _check_shape(name: str, columns: Sequence[str]) -> None:
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        shown = ", ".join(str(c) for c in columns[:8]) or "none"
        raise AvailabilityError(
            f"{name}: not telemetry in the expected shape: no column {', '.join(missing)} "
            f"(expected {', '.join(COLUMNS)}; found {shown})"
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


# --- Spark ----------------------------------------------------------------------------------


def spark_session(master: str) -> Any:
    """A SparkSession on `master` (the active one when there is one), in UTC, without its UI."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise _missing_extra("spark", exc) from exc
    if master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        # Spark starts its Python workers as `python3` from PATH unless told: in local mode they
        # must be this interpreter (PySpark refuses a worker of another minor version).
        os.environ["PYSPARK_PYTHON"] = sys.executable
    return (
        SparkSession.builder.master(master)
        .appName("eol-check uptime")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "true")
        .getOrCreate()
    )


def _run_spark(files: list[tuple[str, str]], query: str, master: str) -> list[tuple[Any, ...]]:
    spark = spark_session(master)
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    csv_schema = StructType(
        [StructField(c, StringType()) for c in COLUMNS] + [StructField("row_number", LongType())]
    )
    try:
        frames = []
        for name, kind in files:
            if kind == "parquet":
                frame = spark.read.parquet(name)
                _check_shape(name, frame.columns)
                frame = frame.select(
                    *COLUMNS,
                    F.col("_metadata.file_path").alias("source"),
                    (F.col("_metadata.row_index") + 1).alias("row_number"),
                )
            else:
                frame = spark.read.option("header", True).csv(name)  # every cell as text
                _check_shape(name, frame.columns)
                # zipWithIndex numbers rows in file order; the header is line 1.
                numbered = (
                    frame.select(*COLUMNS)
                    .rdd.zipWithIndex()
                    .map(lambda pair: (*pair[0], pair[1] + 2))
                )
                frame = spark.createDataFrame(numbered, csv_schema).withColumn(
                    "source", F.lit(name)
                )
            frames.append(
                frame.selectExpr(
                    "CAST(customer AS STRING) AS customer",
                    "unix_micros(try_cast(minute AS TIMESTAMP)) AS us",
                    "try_cast(requests AS BIGINT) AS requests",
                    "try_cast(errors AS BIGINT) AS errors",
                    "CAST(source AS STRING) AS source",
                    "CAST(row_number AS BIGINT) AS row_number",
                )
            )
        telemetry = frames[0]
        for frame in frames[1:]:
            telemetry = telemetry.unionByName(frame)
        telemetry.createOrReplaceTempView("telemetry")
        *prepare, answer = statements(query)
        for statement in prepare:
            spark.sql(statement)
        return [tuple(row) for row in spark.sql(answer).collect()]
    except (PySparkException, Py4JError) as exc:  # a job that failed in the JVM: Py4JJavaError
        raise AvailabilityError(f"telemetry: cannot be read: {_first_line(exc)}") from exc
