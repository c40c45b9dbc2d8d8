"""The SQLite text of a pack's query (`baji sql PACK --dialect sqlite`) run by SQLite
(Python's own sqlite3) agrees with the per-profile evaluator on every row.

SQLite has no arrays and its year arithmetic takes 29 February to 1 March:
``baji.backends.sql.to_sql`` writes both its way, and these tests hold it to the same
answers as the other dialects (tests/test_sql.py, test_sql_postgres.py, test_spark.py).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("sqlglot")
pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from warehouse_cases import check_leap_day, expected, from_rows, rosters  # noqa: E402

import baji  # noqa: E402
from baji.backends.sql import to_sql  # noqa: E402
from baji.backends.tables import ddl, layout, to_tables  # noqa: E402

PACKS = baji.bundled_pack_ids()
_FIXTURE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def _cell(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.fixture(scope="module")
def con() -> Iterator[sqlite3.Connection]:
    """An in-memory database holding the layout's empty tables, made by the printed DDL."""
    found = sqlite3.connect(":memory:")
    for statement in ddl("sqlite").split(";"):
        if statement.strip():
            found.execute(statement)
    yield found
    found.close()


def _sqlite(con: sqlite3.Connection, net: baji.Network, people: list[baji.Profile],
            day: dt.date) -> dict[str, list[tuple[Any, ...]]]:
    tables = to_tables(people)
    for table, cols in layout().items():
        names = [n for n, _ in cols]
        con.execute(f"DELETE FROM {table}")
        con.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES "
                        f"({', '.join('?' * len(names))})",
                        [[_cell(row.get(n)) for n in names] for row in tables.get(table, [])])
    rows = con.execute(to_sql(net, day, "sqlite")).fetchall()
    got = from_rows(net, rows)
    return {key: [(status, path, paths, None if earliest is None
                   else dt.date.fromisoformat(earliest))
                  for status, path, paths, earliest in levels]
            for key, levels in got.items()}


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=12, suppress_health_check=_FIXTURE)
@given(data=st.data())
def test_sqlite_agrees_with_evaluate_answers(con: sqlite3.Connection, pack: str,
                                             data: Any) -> None:
    """Status, path, open paths and earliest date of every level of every row, by
    SQLite, equal evaluate_answers: unknown facts and lists, findings, occupations,
    29 February and boundary dates, dates outside the window."""
    net = baji.get_pack(pack)
    people, day = data.draw(rosters(pack))
    assert _sqlite(con, net, people, day) == expected(net, people, day)


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=5, suppress_health_check=_FIXTURE)
@given(data=st.data())
def test_leap_day_anniversary_in_sqlite(con: sqlite3.Connection, pack: str,
                                        data: Any) -> None:
    """Years in post from a 29 February complete on 28 February (民法典 第二百零二条) in
    SQLite too, whose own year arithmetic would give 1 March: open on the completion
    day, not the day before, nor only the day after."""
    check_leap_day(lambda net, people, day: _sqlite(con, net, people, day), pack, data)


def test_an_occupation_is_held_as_a_whole_item(con: sqlite3.Connection) -> None:
    """Without arrays, the occupations held at a level are one text joined by spaces:
    a search for one finds whole items only (数控车工 is not held because 数控车工长 is),
    and spaces in either occupation do not matter. The candidates meet every other
    condition of 特级技师's regular path, so the occupation alone decides it."""
    net = baji.get_pack("shanghai-2026")
    day = dt.date(2026, 9, 1)
    base = {"in_post_employee": True, "still_in_occupation": True,
            "attestations": {name: True for name in (
                "law_abiding", "professional_ethics", "dedication", "widely_recognised",
                "physically_fit", "special_technician_competence", "teaching_contribution")},
            "employer": {"filed_institution": True, "pilot": True,
                         "filing": "central_enterprise"},
            "findings": [], "honours": [], "awards": [], "grades": [
                {"level": "senior_technician", "occupation": "数控 车工长",
                 "certified_on": "2018-01-01", "posts": [{"start": "2018-01-01"}]},
                {"level": "senior_technician", "occupation": "钳工",
                 "certified_on": "2010-01-01",
                 "posts": [{"start": "2010-01-01", "end": "2017-06-01"}]}]}
    people = [baji.parse_profile({**base, "id": key, "occupation": applied})
              for key, applied in (("A", "数控车工"), ("B", "数控车工长"), ("C", "钳　工"))]
    got = _sqlite(con, net, people, day)
    assert got == expected(net, people, day)
    special = [lv.level for lv in net.levels].index(baji.Level.SPECIAL_TECHNICIAN)
    assert [got[key][special][0] for key in "ABC"] == ["undetermined", "eligible", "eligible"]
