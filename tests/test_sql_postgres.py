"""The PostgreSQL text of a pack's query (`baji sql PACK --dialect postgres`) run by a
real PostgreSQL server agrees with the per-profile evaluator on every row.

A throwaway cluster (tests/pg_cluster.py) holds the layout's tables, created by the
printed DDL (`baji sql --ddl --dialect postgres`) and filled from generated rosters.
Without PostgreSQL's server programs the module skips (the lowest-releases stage of
.ci/run has no psycopg either); .ci/run installs them and sets BAJI_REQUIRE_POSTGRES,
under which their absence fails instead of skipping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("sqlglot")
pytest.importorskip("hypothesis")
psycopg = pytest.importorskip("psycopg", reason="psycopg (the dev extra) runs the queries")

import pg_cluster  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from warehouse_cases import check_leap_day, expected, from_rows, rosters  # noqa: E402

import baji  # noqa: E402
from baji.backends.sql import to_sql  # noqa: E402
from baji.backends.tables import to_tables  # noqa: E402

pg_cluster.require()

PACKS = baji.bundled_pack_ids()
_FIXTURE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@pytest.fixture(scope="module")
def pg() -> Iterator[Any]:
    """A connection to a fresh cluster holding the layout's empty tables."""
    with pg_cluster.layout_connection() as con:
        yield con


def _postgres(con: Any, net: baji.Network, people: list[baji.Profile], day: dt.date
              ) -> dict[str, list[tuple[Any, ...]]]:
    pg_cluster.load(con, to_tables(people))
    return from_rows(net, con.execute(to_sql(net, day, "postgres")).fetchall())


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=15, suppress_health_check=_FIXTURE)
@given(data=st.data())
def test_postgres_agrees_with_evaluate_answers(pg: Any, pack: str, data: Any) -> None:
    """Status, path and open paths of every level of every row, by PostgreSQL, equal
    evaluate_answers: unknown facts and lists, findings, 29 February and boundary dates,
    dates outside the window."""
    net = baji.get_pack(pack)
    people, day = data.draw(rosters(pack))
    assert _postgres(pg, net, people, day) == expected(net, people, day)


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=8, suppress_health_check=_FIXTURE)
@given(data=st.data())
def test_leap_day_anniversary_in_postgres(pg: Any, pack: str, data: Any) -> None:
    """Years in post from a 29 February complete on 28 February (民法典 第二百零二条) in
    PostgreSQL's date arithmetic too: open on the completion day, not the day before."""
    check_leap_day(lambda net, people, day: _postgres(pg, net, people, day), pack, data)
