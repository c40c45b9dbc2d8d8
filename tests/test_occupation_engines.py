"""One occupation is one occupation in every engine: the per-profile evaluator, polars and
SQL (DuckDB) compare the occupation applied for with a certificate's the same way, with
spaces (half- or full-width, anywhere in the name) and letter case aside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

import baji
from baji.engine.answers import evaluate_answers
from baji.operators.occupation import same

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 7, 1)
#: (applied for, on the 高级技师 certificate, one occupation?)
PAIRS = [
    ("车工", "车工", True),
    ("车工", "钳工", False),
    ("车工", "车工\u3000", True),  # a full-width space, as Chinese spreadsheets have them
    ("\u3000车工", "车工", True),
    ("数控 车工", "数控车工", True),
    ("车工", "车工\t", True),
    ("车工", "\u00a0车工", True),
    ("CNC操作工", "cnc操作工", True),
    ("cnc操作工", "CNC 操作工", True),
    ("数控车工", "车工", False),
]


def _profile(applied: str, held: str) -> baji.Profile:
    data = yaml.safe_load(
        (ROOT / "examples/profiles/shanghai-2026--sh.special.regular.yaml").read_text("utf-8"))
    data["occupation"] = applied
    data["grades"][0]["occupation"] = held
    data["id"] = f"{applied}|{held}"
    return baji.parse_profile(data)


def _answers(applied: str, held: str) -> tuple[str, str | None]:
    net = baji.get_pack("shanghai-2026")
    answer = evaluate_answers(net, _profile(applied, held), DAY, levels="特级技师",
                              earliest=False)[0]
    return answer.status, answer.path


@pytest.mark.parametrize(("applied", "held", "one"), PAIRS)
def test_the_evaluator_reads_one_occupation(applied: str, held: str, one: bool) -> None:
    assert same(applied, held) is one
    # Not one: whether the two are related (相关职业) is asked, and not given here.
    assert _answers(applied, held) == (("eligible", "regular") if one
                                       else ("undetermined", None))


def _engine_rows(engine: str, people: list[baji.Profile]) -> dict[str, Any]:
    net = baji.get_pack("shanghai-2026")
    if engine == "polars":
        pytest.importorskip("polars")
        from baji.backends.columnar import evaluate_frame, to_frame
        frame = evaluate_frame(net, to_frame(people), DAY, levels="特级技师")
        return {r["id"]: r["special_technician.status"] for r in frame.iter_rows(named=True)}
    pytest.importorskip("sqlglot")
    duckdb = pytest.importorskip("duckdb")
    from baji.backends.duckdb import evaluate_duckdb, load_tables
    from baji.backends.tables import to_tables
    con = duckdb.connect()
    load_tables(con, to_tables(people))
    rows = evaluate_duckdb(net, con, DAY, levels="特级技师")
    return {row[0]: row[1] for row in rows}


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_every_engine_reads_one_occupation_alike(engine: str) -> None:
    people = [_profile(applied, held) for applied, held, _ in PAIRS]
    want = {str(p.id): ("eligible" if one else "undetermined")
            for p, (_, _, one) in zip(people, PAIRS)}
    assert _engine_rows(engine, people) == want
