"""Mobile Server telemetry (SPEC §8): one SQL text, run by DuckDB (in-process, the default) or by
Spark SQL through PySpark (`engine="spark"`).

The engines differ only in how they read files into the view `telemetry(customer, ts, requests,
errors, source, row_number)` (typed, with NULL where a cell cannot be read); `SQL` — the rules of
§1.12 on that view — is the same text for both. Time zones never enter the SQL: minutes are UTC
minutes, reported as minute-of-year numbers (SPEC §8).

Heavy imports (duckdb, pyspark) happen in `summarise`, only when telemetry is read.
"""

from __future__ import annotations

import glob
import os
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
# Duplicate rows of a customer and minute are summed first (SPEC §8): since a sum of rows each at
# most 10% is at most 10%, only the minutes with a row over the rate (`candidates`, few) can be
# Downtime, and only those are summed; the minutes with data are counted distinct. A downtime
# minute run is reported as its first and last minute of the year. The judged rows are read
# several times: DuckDB materializes them once (measured: a third of the CPU time of reading the
# file again for each use, for 1.5 times the memory; benchmarks/uptime.py). `{start}`, `{end}`,
# `{num}`, `{den}` are integers and timestamps made here, never user text.
SQL = """
WITH judged AS (
  SELECT customer, ts, requests, errors, source, row_number,
    CASE
      WHEN customer IS NULL OR TRIM(customer) = '' THEN 'no customer'
      WHEN ts IS NULL THEN 'minute is not a UTC timestamp'
      WHEN ts <> date_trunc('minute', ts) THEN 'minute is not the start of a minute'
      WHEN requests IS NULL OR errors IS NULL THEN 'requests or errors is not a whole number'
      WHEN requests < 0 OR errors < 0 THEN 'a negative count'
      WHEN errors > requests THEN 'more errors than requests'
    END AS problem
  FROM telemetry
),
in_year AS (
  SELECT * FROM judged
  WHERE ts IS NULL OR (ts >= TIMESTAMP '{start}' AND ts < TIMESTAMP '{end}')
),
candidates AS (
  SELECT DISTINCT customer, ts FROM in_year
  WHERE problem IS NULL AND errors * {den} > requests * {num}
),
downtime AS (
  SELECT g.customer, g.ts FROM in_year AS g
  JOIN candidates AS c ON g.customer = c.customer AND g.ts = c.ts
  WHERE g.problem IS NULL
  GROUP BY g.customer, g.ts
  HAVING SUM(g.errors) * {den} > SUM(g.requests) * {num}
),
down AS (
  SELECT customer, ts,
    CASE WHEN LAG(ts) OVER (PARTITION BY customer ORDER BY ts) = ts - INTERVAL 1 MINUTE
      THEN 0 ELSE 1 END AS starts
  FROM downtime
),
runs AS (
  SELECT customer, ts,
    SUM(starts) OVER (PARTITION BY customer ORDER BY ts
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
  FROM down
),
bad AS (
  SELECT customer, source, row_number, problem FROM in_year WHERE problem IS NOT NULL
)
SELECT 'minutes' AS kind, customer, month(ts) AS month, COUNT(DISTINCT ts) AS n,
  CAST(NULL AS BIGINT) AS first, CAST(NULL AS BIGINT) AS last,
  CAST(NULL AS STRING) AS source, CAST(NULL AS STRING) AS problem
FROM in_year WHERE problem IS NULL GROUP BY customer, month(ts)
UNION ALL
SELECT 'down', customer, CAST(NULL AS INT), CAST(NULL AS BIGINT),
  MIN((dayofyear(ts) - 1) * 1440 + hour(ts) * 60 + minute(ts)),
  MAX((dayofyear(ts) - 1) * 1440 + hour(ts) * 60 + minute(ts)),
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
        start=f"{year:04d}-01-01 00:00:00",
        end=f"{year + 1:04d}-01-01 00:00:00",
        num=rate.numerator,
        den=rate.denominator,
        named=NAMED_PROBLEMS,
    )
    if engine == "duckdb":
        rows = _run_duckdb(files, query)
    else:
        rows = _run_spark(files, query, spark_master)
    return _summary(rows, tuple(name for name, _ in files))


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
        return con.execute(query).fetchall()
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
        columns = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()]
    except duckdb.Error as exc:
        raise AvailabilityError(f"{name}: cannot be read as {kind}: {_first_line(exc)}") from exc
    _check_shape(name, [c for c in columns if c not in ("filename", "file_row_number")])
    if row is None:
        # The CSV is read in order by one thread; the header is line 1, data rows follow.
        source = f"SELECT *, row_number() OVER () + 1 AS line_number FROM {reader}"
        row = "line_number"
    else:
        source = f"SELECT * FROM {reader}"
    # CSV cells are text: TRIM keeps DuckDB from pushing the cast into the CSV reader, where a
    # bad cell would fail the whole file instead of becoming NULL (an unreadable row).
    cell = (lambda c: c) if kind == "parquet" else (lambda c: f"TRIM({c})")
    con.execute(
        f"CREATE VIEW {view} AS SELECT CAST(customer AS VARCHAR) AS customer, "
        f"TRY_CAST(TRY_CAST({cell('minute')} AS TIMESTAMPTZ) AS TIMESTAMP) AS ts, "
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
                    "try_cast(minute AS TIMESTAMP) AS ts",
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
        return [tuple(row) for row in spark.sql(query).collect()]
    except PySparkException as exc:
        raise AvailabilityError(f"telemetry: cannot be read: {_first_line(exc)}") from exc
