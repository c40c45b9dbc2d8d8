"""Rosters answered by Spark: the pack's SQL query (:mod:`baji.backends.sql`) in Spark
SQL over the warehouse layout's tables.

Install with ``pip install 'baji[spark]'`` (pyspark and sqlglot; Spark needs Java 17).
:func:`evaluate_spark` runs the query in a session where the layout's tables are
tables or temporary views (Hive tables of the layout, ``prefix="hr."``; or Parquet
files, :func:`register_roster`); the result is a Spark ``DataFrame`` to write where the
data lives. docs/warehouse.md shows ``spark-submit`` on a cluster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baji.backends.check_sql import COLUMNS, check_sql
from baji.backends.checks import refusal
from baji.backends.sql import to_sql
from baji.backends.tables import layout, roster_files
from baji.core.levels import Level
from baji.core.vocabulary import Vocab
from baji.errors import ProfileError, problem
from baji.pack.network import Network

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["check_spark", "evaluate_spark", "local_session", "register_roster", "register_rows", "spark_schema"]

_TYPES = {"VARCHAR": "string", "BOOLEAN": "boolean", "DATE": "date"}


def spark_schema(table: str) -> str:
    """The Spark DDL schema string of a layout table (``id string, level string, ...``)."""
    return ", ".join(f"`{n}` {_TYPES[t]}" for n, t in layout()[table])


def register_rows(spark: SparkSession, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Temporary views of the layout's tables from rows (as
    :func:`baji.backends.tables.to_tables` gives them); for tests and small rosters."""
    for table, cols in layout().items():
        names = [n for n, _ in cols]
        rows = [tuple(r.get(n) for n in names) for r in tables.get(table, [])]
        spark.createDataFrame(rows, spark_schema(table)).createOrReplaceTempView(table)


def register_roster(spark: SparkSession, path: str | Path, *, row: str | None = None) -> None:
    """Temporary views of the layout's tables over the roster at ``path`` (a directory of
    ``<table>.parquet``/``.csv`` files, or a candidate file with its list tables beside
    it, as :func:`baji.backends.tables.roster_files` finds them); a list table left out
    has no rows. ``row`` names a column numbering the candidates in file order.

    Raises:
        ProfileError: no candidate table (BAJI261).
    """
    from pyspark.sql import functions

    files = roster_files(Path(path))
    if "candidates" not in files or not files["candidates"].is_file():
        raise ProfileError([problem("BAJI261", path=str(path))])
    for table in layout():
        found = files.get(table)
        if found is None:
            frame = spark.createDataFrame([], spark_schema(table))
        elif found.suffix == ".csv":
            frame = spark.read.csv(str(found), header=True, schema=spark_schema(table))
        else:
            frame = spark.read.parquet(str(found))
        if table == "candidates" and row is not None:
            frame = frame.withColumn(row, functions.monotonically_increasing_id())
        frame.createOrReplaceTempView(table)


def local_session(cores: int = 1) -> SparkSession:
    """A Spark session in local mode (``cores`` threads), quiet: no UI, no progress bar,
    errors only in the log."""
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(f"local[{cores}]").appName("baji")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", str(max(2, cores)))
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def check_spark(spark: SparkSession, vocab: Vocab | None = None, *, prefix: str = "",
                source: str | None = None) -> None:
    """Refuse the layout's tables (``prefix`` before each name) when a row breaks an
    invariant a profile enforces (:mod:`baji.backends.checks`; names from ``vocab``):
    the check query runs in Spark, and only its few rows come to the driver.

    Raises:
        ProfileError: BAJI267 per table, column and rule broken, naming the first
            candidate ids and how many rows break it (ids, for a repeated id;
            ``source`` locates them).
    """
    found = spark.sql(check_sql("spark", vocab, prefix=prefix, pretty=False)).collect()
    error = refusal([tuple(r[c] for c in COLUMNS) for r in found], vocab, source=source)
    if error is not None:
        raise error


def evaluate_spark(network: Network, spark: SparkSession, as_of: dt.date, *,
                   levels: Iterable[Level | str] | Level | str | None = None,
                   keep: Sequence[str] = (), prefix: str = "",
                   earliest: bool = True, check: bool = True,
                   source: str | None = None) -> DataFrame:
    """The answers of every candidate as a Spark ``DataFrame``: ``id``, ``keep`` and per
    level ``<level>.status``, ``<level>.path``, ``<level>.paths`` (``,``-joined) and
    ``<level>.earliest`` (a date; left out with ``earliest=False``).

    With ``check`` (the default) the tables are checked first (:func:`check_spark`, a
    Spark job); ``check=False`` skips it, for a warehouse that enforces the invariants
    itself.

    Raises:
        ProfileError: BAJI267, a row breaking an invariant a profile enforces.
    """
    if check:
        check_spark(spark, network.vocab, prefix=prefix, source=source)
    return spark.sql(to_sql(network, as_of, "spark", levels=levels, keep=keep, prefix=prefix,
                            pretty=False, earliest=earliest))
