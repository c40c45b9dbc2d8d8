"""Spark refuses a roster breaking the invariants a profile enforces (BAJI267), every
kind at once, with the rows DuckDB's check finds; the Spark text of `baji sql --check`
runs in Spark SQL. One session, few queries: Spark is slow here."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("sqlglot")
pytest.importorskip("pyspark")
duckdb = pytest.importorskip("duckdb")
if shutil.which("java") is None:  # pragma: no cover - Spark needs a JVM
    pytest.skip("Spark needs Java (17) on PATH", allow_module_level=True)

from warehouse_breaks import BREAKS, clean, every_break, kinds  # noqa: E402

import baji  # noqa: E402
from baji.backends.check_sql import check_sql  # noqa: E402
from baji.backends.duckdb import load_tables  # noqa: E402
from baji.backends.spark import evaluate_spark, local_session, register_rows  # noqa: E402
from baji.errors import ProfileError  # noqa: E402

pytestmark = pytest.mark.spark
NET = baji.get_pack("shanghai-2026")
DAY = dt.date(2026, 9, 1)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = local_session()
    yield session
    session.stop()


def test_spark_refuses_every_broken_invariant_and_passes_a_clean_roster(spark: Any) -> None:
    tables = every_break()
    register_rows(spark, tables)
    with pytest.raises(ProfileError) as info:
        evaluate_spark(NET, spark, DAY)
    assert kinds(info.value.problems) == set().union(*(k for _, k, _ in BREAKS.values()))
    # the printed Spark text, run as printed, finds the rows DuckDB's check finds
    con = duckdb.connect()
    load_tables(con, tables)
    by_duckdb = con.execute(check_sql("duckdb")).fetchall()
    by_spark = [tuple(r) for r in spark.sql(check_sql("spark")).collect()]
    assert sorted(by_spark, key=repr) == sorted(by_duckdb, key=repr)
    assert evaluate_spark(NET, spark, DAY, check=False).count() == len(tables["candidates"])
    register_rows(spark, clean())
    assert sorted(r["id"] for r in evaluate_spark(NET, spark, DAY).collect()) == ["A", "B", "C"]
