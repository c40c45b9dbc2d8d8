"""Spark refuses a roster breaking the invariants a profile enforces (BAJI267), every
kind at once, with the rows DuckDB's check finds, and so does `baji eval --engine
spark`; the Spark text of `baji sql --check` runs in Spark SQL. One session (the command
line's `local_session` gets the module's), few queries: Spark is slow here."""

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
duckdb = pytest.importorskip("duckdb")
if shutil.which("java") is None:  # pragma: no cover - Spark needs a JVM
    pytest.skip("Spark needs Java (17) on PATH", allow_module_level=True)

from warehouse_breaks import (  # noqa: E402
    BREAKS,
    clean,
    every_break,
    kinds,
    orphans_graded,
    write_parquet,
)

import baji  # noqa: E402
from baji.backends.check_sql import check_sql  # noqa: E402
from baji.backends.duckdb import load_tables  # noqa: E402
from baji.backends.spark import evaluate_spark, local_session, register_rows  # noqa: E402
from baji.cli import main  # noqa: E402
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
    assert orphans_graded(by_spark) == set()  # an orphan post is reported as an orphan only
    assert evaluate_spark(NET, spark, DAY, check=False).count() == len(tables["candidates"])
    register_rows(spark, clean())
    assert sorted(r["id"] for r in evaluate_spark(NET, spark, DAY).collect()) == ["A", "B", "C"]


def test_cli_spark_refuses_a_broken_roster(spark: Any, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`baji eval --engine spark` over a broken Parquet roster: exit 1, every problem on
    stderr located at the roster (no traceback), nothing on stdout; --no-check answers
    every row."""
    tables = every_break()
    tables["candidates"].append(dict(tables["candidates"][2]))  # C twice, as B is
    write_parquet(tables, tmp_path)
    args = ["eval", "--roster", str(tmp_path), "--engine", "spark", "--pack", "shanghai-2026",
            "--as-of", "2026-09-01"]
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert f"{tmp_path}: table 'posts', column 'start_date': starts before" in err
    assert (f"{tmp_path}: table 'candidates', column 'id': is the same in several rows: a "
            "candidate id must be unique: 2 id(s) repeated, candidate ids B, C;") in err
    assert f"{tmp_path}: table 'posts', column 'id': names no candidate" in err
    assert err.count(f"{tmp_path}: table ") == len(set().union(*(k for _, k, _ in BREAKS.values())))
    assert main([*args, "--no-check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(x)["row"] for x in lines] == list(range(1, len(tables["candidates"]) + 1))
