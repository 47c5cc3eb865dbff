"""One real SparkSession for the whole test run (local mode, one core, no UI), or a skip.

Where `EOL_CHECK_REQUIRE_SPARK` is set (`.ci/run` sets it), a missing PySpark or Java fails the
tests instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest


def _unavailable(why: str) -> None:
    if os.environ.get("EOL_CHECK_REQUIRE_SPARK"):
        pytest.fail(f"{why}, and EOL_CHECK_REQUIRE_SPARK is set")
    pytest.skip(why)


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    """The session every Spark test shares (the JVM starts once: seconds)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        _unavailable("PySpark is not installed (pip install 'eol-support-check[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _unavailable("no Java runtime for Spark (Debian: openjdk-17-jre-headless)")
    # Python workers must be this interpreter (the CI's Python 3.10 pass has python3 = 3.11).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[1]")
        .appName("eol-check tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.ansi.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
