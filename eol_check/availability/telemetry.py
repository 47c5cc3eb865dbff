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
    from collections.abc import Callable, Iterable, Sequence
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
# For speed and bounded memory (docs/availability.md, "Speed"), the statement `main` reads the
# telemetry ONCE, into one aggregate per customer (its raw cell: blank customers are judged on the
# keys afterwards, not on every row) and UTC day of the year: the rows, the readable rows, an
# exact bitmap of the minutes of the day with readable data (`seen`), and the minutes with a
# readable row over the rate (rare; as positions in the day). Minutes with data per month are the
# bit counts of its days (UTC months are whole UTC days): no distinct count over every (customer,
# minute). A sum of rows each at most 10% is at most 10%, so only a minute with a row over the
# rate can be Downtime; on a day without duplicates (readable rows = bits of `seen`) such a minute
# is its one row, so it is Downtime as it stands. `main` ends with a `check` row: the unreadable
# rows, and the days with both duplicates and a Downtime candidate. Only when there are unreadable
# rows does the runner (`_answer`) run `named`, which reads the files again to name the first
# ones; only for such days, `summed`, which re-sums every over minute and replaces `main`'s
# Downtime runs. Statements are separated by ";" and start with "-- name". `{start}`, `{end}` and
# `{origin}` (UTC microseconds; `summarise` says why `origin`), `{first_day}` (the year's first
# day counted from `origin`), `{days}`, `{num}`, `{den}`, `{named}` and `{months}` are integers
# made here, never user text. One text for both engines: the four things they spell differently
# come from ENGINE_SQL.
SQL = """
-- judged
CREATE OR REPLACE TEMPORARY VIEW judged AS
SELECT customer, us, requests, errors, source, row_number,
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

-- main
WITH buckets AS (
  SELECT customer, day, COUNT(*) AS n, COUNT(*) FILTER (WHERE ok) AS good,
    {bitmap_agg} FILTER (WHERE ok) AS seen,
    array_agg(position) FILTER (
      WHERE CASE WHEN ok THEN errors * {den} > requests * {num} END
    ) AS over
  FROM (
    SELECT customer, at_minute {div} 1440 - {first_day} AS day, at_minute % 1440 AS position,
      requests, errors,
      -- a readable row of the year, but for its customer (judged per key below): `judged`'s
      -- CASE, negated. Only readable rows are multiplied (a huge count in a bad row is that
      -- row's problem)
      us >= {start} AND since = at_minute * 60000000 AND errors >= 0 AND errors <= requests AS ok
    FROM (
      SELECT customer, us, since, since {div} 60000000 AS at_minute, requests, errors
      FROM (SELECT customer, us, us - {origin} AS since, requests, errors FROM telemetry) AS s
    ) AS t
  ) AS r
  GROUP BY customer, day
  -- the year's days, and the rows that are not a minute (NULL). The other years' rows are left
  -- out here rather than by a WHERE on `us`, which DuckDB would push into the reader, where a
  -- text minute would then be parsed once per mention of `us`
  HAVING day IS NULL OR (day >= 0 AND day < {days})
),
keyed AS (
  SELECT customer, day, good, {bitmap_count} AS minutes, over FROM buckets
  WHERE customer IS NOT NULL AND TRIM(customer) <> ''
),
months AS (
  SELECT month, first_day, next_day FROM (VALUES {months}) AS mo (month, first_day, next_day)
),
downtime AS (
  SELECT DISTINCT customer, day * 1440 + position AS m
  FROM (SELECT customer, day, {explode}(over) AS position FROM keyed) AS o
),
{runs}
SELECT 'minutes' AS kind, k.customer, mo.month, SUM(k.minutes) AS n,
  CAST(NULL AS BIGINT) AS first, CAST(NULL AS BIGINT) AS last,
  CAST(NULL AS STRING) AS source, CAST(NULL AS STRING) AS problem
FROM keyed AS k JOIN months AS mo ON k.day >= mo.first_day AND k.day < mo.next_day
WHERE k.minutes > 0
GROUP BY k.customer, mo.month
UNION ALL
SELECT 'down', customer, CAST(NULL AS INT), CAST(NULL AS BIGINT), MIN(m), MAX(m),
  CAST(NULL AS STRING), CAST(NULL AS STRING)
FROM runs GROUP BY customer, run
UNION ALL
SELECT 'unjudged', customer, CAST(NULL AS INT), SUM(bad), CAST(NULL AS BIGINT),
  CAST(NULL AS BIGINT), CAST(NULL AS STRING), CAST(NULL AS STRING)
FROM (
  SELECT customer,
    CASE WHEN customer IS NULL OR TRIM(customer) = '' THEN n ELSE n - good END AS bad
  FROM buckets
) AS u
GROUP BY customer HAVING SUM(bad) > 0
UNION ALL
SELECT 'check', CAST(NULL AS STRING), CAST(NULL AS INT),
  (SELECT SUM(CASE WHEN customer IS NULL OR TRIM(customer) = '' THEN n ELSE n - good END)
    FROM buckets),
  (SELECT COUNT(*) FROM keyed AS k
    JOIN (SELECT DISTINCT customer, m {div} 1440 AS day FROM downtime) AS d
      ON k.customer = d.customer AND k.day = d.day
    WHERE k.good > k.minutes),
  CAST(NULL AS BIGINT), CAST(NULL AS STRING), CAST(NULL AS STRING);

-- named
SELECT 'bad' AS kind, customer, CAST(NULL AS INT) AS month, CAST(NULL AS BIGINT) AS n,
  row_number AS first, CAST(NULL AS BIGINT) AS last, source, problem
FROM judged WHERE problem IS NOT NULL ORDER BY source, row_number LIMIT {named};

-- summed
WITH readable AS (
  SELECT customer, (us - {start}) {div} 60000000 AS m, requests, errors
  FROM judged WHERE problem IS NULL
),
candidates AS (
  SELECT DISTINCT customer, m FROM readable WHERE errors * {den} > requests * {num}
),
downtime AS (
  SELECT r.customer, r.m FROM readable AS r
  JOIN candidates AS c ON r.customer = c.customer AND r.m = c.m
  GROUP BY r.customer, r.m
  HAVING SUM(r.errors) * {den} > SUM(r.requests) * {num}
),
{runs}
SELECT 'down' AS kind, customer, CAST(NULL AS INT) AS month, CAST(NULL AS BIGINT) AS n,
  MIN(m) AS first, MAX(m) AS last, CAST(NULL AS STRING) AS source,
  CAST(NULL AS STRING) AS problem
FROM runs GROUP BY customer, run
"""

# Downtime minutes (`downtime(customer, m)`) into runs of consecutive minutes (gaps and islands),
# the same text in `main` and `summed`.
RUNS = """down AS (
  SELECT customer, m,
    CASE WHEN LAG(m) OVER (PARTITION BY customer ORDER BY m) = m - 1 THEN 0 ELSE 1 END AS starts
  FROM downtime
),
runs AS (
  SELECT customer, m,
    SUM(starts) OVER (PARTITION BY customer ORDER BY m
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
  FROM down
)"""

#: What the engines spell differently, and nothing else (docs/availability.md, "Engines"): integer
#: division, the exact bitmap of a day's 1,440 minute positions (DuckDB's `bitstring_agg` over
#: a fixed range; Spark's `bitmap_construct_agg`, Spark >= 3.5) and its bit count, and the
#: generator of an array's rows.
ENGINE_SQL: dict[str, dict[str, str]] = {
    "duckdb": {
        "div": "//",
        "bitmap_agg": "bitstring_agg(position, CAST(0 AS BIGINT), CAST(1439 AS BIGINT))",
        "bitmap_count": "bit_count(seen)",
        "explode": "unnest",
    },
    "spark": {
        "div": "DIV",
        "bitmap_agg": "bitmap_construct_agg(position)",
        "bitmap_count": "bitmap_count(seen)",
        "explode": "explode",
    },
}


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
    # `main` counts minutes and days from `origin`, dividing toward zero: exact from `origin` on,
    # and a moment before it lands before the year. 1970 for a later year (no subtraction that
    # could overflow); for an earlier year, the day before it (then a minute after the year
    # 294,000 overflows the subtraction: the telemetry cannot be read, docs/availability.md).
    start = _micros(year, 1)
    origin = 0 if start > 0 else start - 86_400_000_000
    files = telemetry_files(path)
    rate = Fraction(repr(error_rate_above))
    query = SQL.format(
        start=start,
        end=_micros(year + 1, 1),
        origin=origin,
        first_day=(start - origin) // 86_400_000_000,
        days=(_micros(year + 1, 1) - _micros(year, 1)) // 86_400_000_000,
        num=rate.numerator,
        den=rate.denominator,
        named=NAMED_PROBLEMS,
        months=_months(year),
        runs=RUNS,
        **ENGINE_SQL[engine],
    )
    if engine == "duckdb":
        rows = _run_duckdb(files, query)
    else:
        rows = _run_spark(files, query, spark_master)
    return _summary(rows, tuple(name for name, _ in files))


def _micros(year: int, month: int) -> int:
    """The first moment of `month` in UTC, as microseconds since 1970."""
    return calendar.timegm((year, month, 1, 0, 0, 0)) * 1_000_000


def _months(year: int) -> str:
    """Each month of `year` as its days of the year [first, next), as SQL VALUES rows."""
    edges = [(_micros(year, m) - _micros(year, 1)) // 86_400_000_000 for m in range(1, 13)]
    edges.append((_micros(year + 1, 1) - _micros(year, 1)) // 86_400_000_000)
    return ", ".join(f"({m}, {edges[m - 1]}, {edges[m]})" for m in range(1, 13))


def statements(query: str) -> dict[str, str]:
    """The statements of `query` by name (the "-- name" line each starts with; the SQL text has
    no ";" inside a literal or a comment)."""
    named = {}
    for part in query.split(";"):
        if part.strip():
            name, _, text = part.strip().partition("\n")
            named[name.removeprefix("--").strip()] = text.strip()
    return named


def _answer(run: Callable[[str], list[tuple[Any, ...]]], query: str) -> list[tuple[Any, ...]]:
    """Run the statements of `query` with `run`: `judged`, `main`, then `named` only when `main`
    counted unreadable rows and `summed` only when buckets with both duplicates and a row over
    the rate need their minutes re-summed (its Downtime runs replace `main`'s)."""
    parts = statements(query)
    run(parts["judged"])
    rows = run(parts["main"])
    check = next(row for row in rows if row[0] == "check")
    rows = [row for row in rows if row[0] != "check"]
    bad, resum = int(check[3] or 0), int(check[4] or 0)
    if resum:
        rows = [row for row in rows if row[0] != "down"] + run(parts["summed"])
    if bad:
        rows += run(parts["named"])
    return rows


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
        return _answer(lambda statement: con.execute(statement).fetchall(), query)
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
        ts, epoch = "minute", "TIMESTAMPTZ '1970-01-01 00:00:00+00'"
    elif types["minute"] == "VARCHAR":
        # Text (every CSV cell): a minute starts with its year. DuckDB would also read the words
        # 'infinity', 'inf' and 'epoch', which Spark does not: on both engines they are not a
        # minute (an unreadable row), so the engines agree.
        # The instant is read as TIMESTAMPTZ and used as it is: a cast on to TIMESTAMP would go
        # through the time-zone machinery again (a third of the text's reading time).
        text = cell("minute")
        ts = (
            # (no bracket `[+-]`: DuckDB 1.5's GLOB read it as a range and matched 'Infinity')
            f"CASE WHEN {text} GLOB '[0-9]*' OR {text} GLOB '+[0-9]*' OR {text} GLOB '-[0-9]*' "
            f"THEN TRY_CAST({text} AS TIMESTAMPTZ) END"
        )
        epoch = "TIMESTAMPTZ '1970-01-01 00:00:00+00'"
    else:
        ts = f"TRY_CAST(TRY_CAST({cell('minute')} AS TIMESTAMPTZ) AS TIMESTAMP)"
        epoch = "TIMESTAMP '1970-01-01'"
    # ±infinity is a moment of no year (never NULL, which would make the row unreadable):
    # `epoch_us` is NULL for it, and only those rows reach the CASE (comparing with a literal of
    # the column's own type: no time-zone cast).
    us = (
        f"COALESCE(epoch_us({ts}), CASE WHEN {ts} > {epoch} THEN 9223372036854775807 "
        f"WHEN {ts} IS NOT NULL THEN -9223372036854775807 END)"
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
        return _answer(lambda text: [tuple(row) for row in spark.sql(text).collect()], query)
    except (PySparkException, Py4JError) as exc:  # a job that failed in the JVM: Py4JJavaError
        raise AvailabilityError(f"telemetry: cannot be read: {_first_line(exc)}") from exc
