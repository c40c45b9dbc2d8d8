"""A roster in the warehouse layout breaking an invariant a profile enforces is refused
(BAJI267, naming table, column, candidate ids, count and value) by DuckDB, by polars fed
from files, and by `baji eval --engine`; the check query `baji sql --check` prints runs
as printed. Spark: tests/test_warehouse_checks_spark.py; PostgreSQL:
tests/test_warehouse_checks_postgres.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlglot")
duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")

from warehouse_breaks import (  # noqa: E402
    BREAKS,
    Tables,
    broken,
    clean,
    every_break,
    kinds,
    orphans_graded,
    write_parquet,
)

import baji  # noqa: E402
from baji.backends.check_polars import check_tables, violations  # noqa: E402
from baji.backends.check_sql import check_sql  # noqa: E402
from baji.backends.checks import SHOWN  # noqa: E402
from baji.backends.columnar_files import _schema, frame_from_tables  # noqa: E402
from baji.backends.duckdb import evaluate_duckdb, load_tables  # noqa: E402
from baji.cli import main  # noqa: E402
from baji.errors import ProfileError  # noqa: E402

NET = baji.get_pack("shanghai-2026")
DAY = dt.date(2026, 9, 1)


def _con(tables: Tables) -> Any:
    con = duckdb.connect()
    load_tables(con, tables)
    return con


def _frames(tables: Tables) -> dict[str, Any]:
    return {t: pl.DataFrame(rows, schema=_schema(t), orient="row") for t, rows in tables.items()}


def _duckdb_refusal(tables: Tables) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        evaluate_duckdb(NET, _con(tables), DAY)
    return info.value


def _polars_refusal(tables: Tables) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        frame_from_tables(_frames(tables))
    return info.value


def test_a_clean_roster_with_every_boundary_passes() -> None:
    """Touching posts, a one-day post, posts of two levels overlapping, the first and
    last dates taken, NULL ends, ranks and filing: answered, by both engines."""
    rows = list(evaluate_duckdb(NET, _con(clean()), DAY))
    assert sorted(r[0] for r in rows) == ["A", "B", "C"]
    assert frame_from_tables(_frames(clean())).height == 3
    assert _con(clean()).execute(check_sql("duckdb")).fetchall() == []


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
@pytest.mark.parametrize("name", list(BREAKS))
def test_each_broken_invariant_is_refused(engine: str, name: str) -> None:
    refuse = _duckdb_refusal if engine == "duckdb" else _polars_refusal
    error = refuse(broken(name))
    _, expected, value = BREAKS[name]
    assert kinds(error.problems) == expected
    if value is not None:
        assert value in [dict(p.params)["value"] for p in error.problems]
    for p in error.problems:
        params = dict(p.params)
        assert params["count"] == 1 and len(params["ids"]) == 1
        assert params["advice"], p.render()  # a hint, in both languages
        assert f"table {params['table']!r}" in p.render()
        assert f"表 {params['table']!r}" in p.render("zh") and p.hint in p.render()
        assert not p.render().endswith("))"), p.render()  # no parenthesis in the hint's


def test_every_kind_is_reported_at_once_and_engines_agree() -> None:
    """Several broken invariants: every kind in one error, the same rows from DuckDB's
    check query and from polars."""
    tables = every_break()
    wanted = set().union(*(keys for _, keys, _ in BREAKS.values()))
    assert kinds(_duckdb_refusal(tables).problems) == wanted
    assert kinds(_polars_refusal(tables).problems) == wanted
    by_sql = _con(tables).execute(check_sql("duckdb")).fetchall()
    by_polars = violations(_frames(tables)).rows()
    assert sorted(by_sql, key=repr) == sorted(by_polars, key=repr)
    assert orphans_graded(by_sql) == set()  # an orphan post is reported as an orphan only


def test_ids_are_bounded_and_counted() -> None:
    """Many broken rows: the candidate ids of the first few (in id order), each once,
    "…" after them when rows are left out, and the count of rows."""
    tables = clean()
    for n in range(12):
        tables["candidates"].append({"id": f"X{n:02}", "honours_known": True})
        tables["honours"].append({"id": f"X{n:02}", "honour": "bogus", "dated": None})
    for _ in range(SHOWN + 2):
        tables["awards"].append({"id": "A", "award": "bogus"})
    for error in (_duckdb_refusal(tables), _polars_refusal(tables)):
        honours, awards = sorted(error.problems, key=lambda p: dict(p.params)["table"] != "honours")
        params = dict(honours.params)
        assert params["count"] == 12
        assert params["ids"] == (*(f"X{n:02}" for n in range(SHOWN)), "…")
        assert "12 row(s), candidate ids X00, X01, X02, X03, X04, …;" in honours.render()
        assert "共 12 行，人员 id X00、X01、X02、X03、X04、…；" in honours.render("zh")
        assert "bogus" in honours.render()
        assert f"{SHOWN + 2} row(s), candidate ids A, …;" in awards.render()


def test_repeated_candidate_ids_are_counted_as_ids() -> None:
    """A duplicated candidate id is counted once however many rows it has, and the
    message says ids: B in three rows and C in two are 2 ids repeated."""
    tables = clean()
    tables["candidates"] += [dict(tables["candidates"][1]), dict(tables["candidates"][1]),
                             dict(tables["candidates"][2])]
    for error in (_duckdb_refusal(tables), _polars_refusal(tables)):
        (p,) = error.problems
        assert dict(p.params)["count"] == 2 and dict(p.params)["ids"] == ("B", "C")
        assert ": 2 id(s) repeated, candidate ids B, C;" in p.render()
        assert "：共 2 个 id 重复，人员 id B、C；" in p.render("zh")


def test_the_values_taken_are_listed_by_whole_names() -> None:
    """A value with no close match gets the values taken as hint: whole names, as many
    as a message quotes, "..." when some are left out (not a name cut short)."""
    from baji.core.vocabulary import default_vocab

    error = _polars_refusal(broken("award unknown"))
    advice = str(dict(error.problems[0].params)["advice"])
    assert advice.startswith("the values taken: ") and advice.endswith(", ...")
    names = advice.removeprefix("the values taken: ").removesuffix(", ...").split(", ")
    assert len(names) > 1 and set(names) <= set(default_vocab().items["award"])
    assert "…" not in error.problems[0].render("zh")


def test_a_name_gets_its_id_as_hint() -> None:
    error = _duckdb_refusal(broken("honour by name"))
    assert "'national_technical_expert'" in error.problems[0].render()
    error = _polars_refusal(broken("level by Chinese name"))
    assert "'senior_technician'" in error.problems[0].render()
    error = _duckdb_refusal(broken("rank in Chinese"))
    assert "'second'" in error.problems[0].render()


def test_check_false_answers_without_checking() -> None:
    tables = broken("post inside another")
    assert len(list(evaluate_duckdb(NET, _con(tables), DAY, check=False))) == 3
    assert frame_from_tables(_frames(tables), check=False).height == 3


def test_check_tables_locates_the_roster() -> None:
    with pytest.raises(ProfileError) as info:
        check_tables(_frames(broken("orphan award")), source="hr/")
    assert info.value.problems[0].render().startswith("hr/: table 'awards'")


@pytest.mark.parametrize("engine", ["duckdb", "columnar"])
def test_cli_refuses_a_broken_roster(engine: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """`baji eval --engine` prints every problem, no traceback, exit 1; --no-check
    answers; a clean roster answers."""
    write_parquet(every_break(), tmp_path)
    args = ["eval", "--roster", str(tmp_path), "--engine", engine, "--pack", "shanghai-2026",
            "--as-of", "2026-09-01"]
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert f"{tmp_path}: table 'posts', column 'start_date': starts before" in err
    assert "table 'candidates', column 'id': is the same in several rows" in err
    assert main([*args, "--no-check"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(every_break()["candidates"])
    write_parquet(clean(), tmp_path)
    assert main(args) == 0
    assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == ["A", "B", "C"]


def test_no_check_goes_with_an_engine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--roster", "x.jsonl", "--no-check"]) == 2
    assert "--no-check goes with --engine" in capsys.readouterr().err


def test_sql_check_prints_a_query_duckdb_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """`baji sql PACK --check` prints the check query: as printed, DuckDB finds the
    broken rows with it and none in a clean roster."""
    assert main(["sql", "shanghai-2026", "--check", "--dialect", "duckdb"]) == 0
    text = capsys.readouterr().out
    assert _con(clean()).execute(text).fetchall() == []
    rows = _con(broken("two open posts")).execute(text).fetchall()
    assert rows == [("posts", "start_date", "overlap", "A", "2020-01-01..open", 1)]
    with pytest.raises(SystemExit):  # one or the other
        main(["sql", "shanghai-2026", "--check", "--ddl"])
    assert "not allowed with" in capsys.readouterr().err
