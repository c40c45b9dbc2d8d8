"""The pack's SQL query run by Spark in local mode agrees with the per-profile evaluator
on every row (one local session for the module, small rosters, few examples: a Spark
query costs about a second here)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlglot")
pytest.importorskip("pyspark")
pytest.importorskip("hypothesis")
if shutil.which("java") is None:  # pragma: no cover - Spark needs a JVM
    pytest.skip("Spark needs Java (17) on PATH", allow_module_level=True)

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from warehouse_cases import expected, from_rows, rosters  # noqa: E402

import baji  # noqa: E402
from baji.backends.spark import evaluate_spark, local_session, register_rows  # noqa: E402
from baji.backends.sql import to_sql  # noqa: E402
from baji.backends.tables import to_tables  # noqa: E402
from baji.cli import main  # noqa: E402

pytestmark = pytest.mark.spark
PACKS = baji.bundled_pack_ids()


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = local_session()
    yield session
    session.stop()


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=4, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_spark_agrees_with_evaluate_answers(spark: Any, pack: str, data: Any) -> None:
    """Status, path and open paths of every level of every row, through Spark SQL,
    equal evaluate_answers (rosters of up to 20, boundary and 29 February cases)."""
    net = baji.get_pack(pack)
    people, day = data.draw(rosters(pack, max_size=20))
    register_rows(spark, to_tables(people))
    got = from_rows(net, evaluate_spark(net, spark, day).collect())
    assert got == expected(net, people, day)


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=3, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_hive_text_agrees_with_evaluate_answers(spark: Any, pack: str, data: Any) -> None:
    """The query as `baji sql --dialect hive` prints it (HiveQL: two-argument DATEDIFF,
    ADD_MONTHS, IF), run by Spark SQL, which reads HiveQL, answers every row as
    evaluate_answers does."""
    net = baji.get_pack(pack)
    people, day = data.draw(rosters(pack, max_size=20))
    register_rows(spark, to_tables(people))
    got = from_rows(net, spark.sql(to_sql(net, day, "hive", pretty=False)).collect())
    assert got == expected(net, people, day)


def test_eval_engine_spark_reads_parquet(spark: Any, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """baji eval --engine spark over a Parquet roster writes the lines --engine duckdb
    writes, in roster order."""
    duckdb = pytest.importorskip("duckdb")
    from baji.backends.duckdb import load_tables

    people = [baji.parse_profile({"id": f"E{i}", "front_line": i % 2 == 0, "grades": [
        {"level": "高级技师", "certified_on": "2019-03-15",
         "posts": [{"start": f"20{10 + i}-02-28"}]}]}) for i in range(5)]
    con = duckdb.connect()
    load_tables(con, to_tables(people))
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
        con.execute(f"COPY {table} TO '{tmp_path / f'{table}.parquet'}' (FORMAT parquet)")
    args = ["eval", "--roster", str(tmp_path), "--pack", "shanghai-2026",
            "--as-of", str(dt.date(2026, 7, 1))]
    assert main([*args, "--engine", "duckdb"]) == 0
    want = capsys.readouterr().out
    assert main([*args, "--engine", "spark"]) == 0
    got = capsys.readouterr().out
    assert got == want
    assert [json.loads(x)["id"] for x in got.splitlines()] == [f"E{i}" for i in range(5)]
