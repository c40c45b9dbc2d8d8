"""The PostgreSQL text of the check query (`baji sql PACK --check --dialect postgres`),
run by a real PostgreSQL server, finds the rows DuckDB's finds: none in a clean roster,
every broken invariant in a broken one. Skips without PostgreSQL's server programs, as
tests/test_sql_postgres.py does (BAJI_REQUIRE_POSTGRES makes it fail instead)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("sqlglot")
duckdb = pytest.importorskip("duckdb")
psycopg = pytest.importorskip("psycopg", reason="psycopg (the dev extra) runs the queries")

import pg_cluster  # noqa: E402
from warehouse_breaks import BREAKS, clean, every_break  # noqa: E402

from baji.backends.duckdb import load_tables  # noqa: E402
from baji.backends.tables import ddl, layout  # noqa: E402
from baji.cli import main  # noqa: E402

_why = pg_cluster.missing()
if _why is not None:  # pragma: no cover - .ci/run installs PostgreSQL
    if os.environ.get("BAJI_REQUIRE_POSTGRES"):
        raise RuntimeError(f"BAJI_REQUIRE_POSTGRES is set, but {_why}")
    pytest.skip(_why, allow_module_level=True)


@pytest.fixture(scope="module")
def pg() -> Iterator[Any]:
    with pg_cluster.cluster() as where:
        con = psycopg.connect(host=where.host, port=where.port, user=where.user,
                              dbname=where.dbname, autocommit=True)
        for statement in ddl("postgres").split(";"):
            if statement.strip():
                con.execute(statement)
        try:
            yield con
        finally:
            con.close()


def _load(con: Any, tables: dict[str, list[dict[str, Any]]]) -> None:
    con.execute("TRUNCATE " + ", ".join(layout()))
    for table, cols in layout().items():
        names = [n for n, _ in cols]
        with con.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in tables.get(table, []):
                copy.write_row([row.get(n) for n in names])


def test_the_printed_check_runs_in_postgres(pg: Any, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    assert main(["sql", "shanghai-2026", "--check", "--dialect", "postgres"]) == 0
    text = capsys.readouterr().out
    _load(pg, clean())
    assert pg.execute(text).fetchall() == []
    tables = every_break()
    _load(pg, tables)
    got = pg.execute(text).fetchall()
    con = duckdb.connect()
    load_tables(con, tables)
    assert main(["sql", "shanghai-2026", "--check", "--dialect", "duckdb"]) == 0
    wanted = con.execute(capsys.readouterr().out).fetchall()
    assert sorted(got, key=repr) == sorted(wanted, key=repr)
    assert {r[:3] for r in got} == set().union(*(k for _, k, _ in BREAKS.values()))
