"""The PostgreSQL text of the check query (`baji sql PACK --check --dialect postgres`),
run by a real PostgreSQL server, finds the rows DuckDB's finds: none in a clean roster,
every broken invariant in a broken one. Skips without PostgreSQL's server programs, as
tests/test_sql_postgres.py does (BAJI_REQUIRE_POSTGRES makes it fail instead)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("sqlglot")
duckdb = pytest.importorskip("duckdb")
psycopg = pytest.importorskip("psycopg", reason="psycopg (the dev extra) runs the queries")

import pg_cluster  # noqa: E402
from warehouse_breaks import BREAKS, clean, every_break, orphans_graded  # noqa: E402

from baji.backends.duckdb import load_tables  # noqa: E402
from baji.cli import main  # noqa: E402

pg_cluster.require()


@pytest.fixture(scope="module")
def pg() -> Iterator[Any]:
    """A connection to a fresh cluster holding the layout's empty tables."""
    with pg_cluster.layout_connection() as con:
        yield con


def test_the_printed_check_runs_in_postgres(pg: Any, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    assert main(["sql", "shanghai-2026", "--check", "--dialect", "postgres"]) == 0
    text = capsys.readouterr().out
    pg_cluster.load(pg, clean())
    assert pg.execute(text).fetchall() == []
    tables = every_break()
    pg_cluster.load(pg, tables)
    got = pg.execute(text).fetchall()
    con = duckdb.connect()
    load_tables(con, tables)
    assert main(["sql", "shanghai-2026", "--check", "--dialect", "duckdb"]) == 0
    wanted = con.execute(capsys.readouterr().out).fetchall()
    assert sorted(got, key=repr) == sorted(wanted, key=repr)
    assert {r[:3] for r in got} == set().union(*(k for _, k, _ in BREAKS.values()))
    assert orphans_graded(got) == set()  # an orphan post is reported as an orphan only
