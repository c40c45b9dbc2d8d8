"""A pack compiled to SQL (baji.backends.sql) and run by DuckDB, and the polars backend
fed from the warehouse tables, agree with the per-profile evaluator on every row."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlglot")
duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")
pytest.importorskip("hypothesis")

import sqlglot  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from warehouse_cases import expected, from_rows, rosters  # noqa: E402

import baji  # noqa: E402
from baji.backends.columnar import evaluate_frame, to_frame  # noqa: E402
from baji.backends.columnar_files import frame_from_tables, read_tables  # noqa: E402
from baji.backends.duckdb import ROW, evaluate_duckdb, load_tables, open_roster  # noqa: E402
from baji.backends.sql import to_sql  # noqa: E402
from baji.backends.tables import ddl, to_tables  # noqa: E402
from baji.cli import main  # noqa: E402
from baji.testing.strategies import boundary_pairs  # noqa: E402

PACKS = baji.bundled_pack_ids()


def _duckdb(net: baji.Network, people: list[baji.Profile], day: dt.date) -> Any:
    con = duckdb.connect()
    load_tables(con, to_tables(people))
    return from_rows(net, evaluate_duckdb(net, con, day))


def _write(people: list[baji.Profile], folder: Path, suffix: str = "parquet") -> None:
    """The roster as one file per table of the layout (DuckDB writes them)."""
    con = duckdb.connect()
    load_tables(con, to_tables(people))
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
        form = "(FORMAT parquet)" if suffix == "parquet" else "(HEADER, DELIMITER ',')"
        con.execute(f"COPY {table} TO '{folder / f'{table}.{suffix}'}' {form}")


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=20)
@given(data=st.data())
def test_duckdb_agrees_with_evaluate_answers(pack: str, data: Any) -> None:
    """Status, path, open paths and earliest date of every level of every row, through
    DuckDB, equal evaluate_answers: unknown facts and lists, findings, 29 February and
    boundary dates, posts starting after the date, dates outside the window."""
    net = baji.get_pack(pack)
    people, day = data.draw(rosters(pack))
    assert _duckdb(net, people, day) == expected(net, people, day)


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=15)
@given(data=st.data())
def test_polars_from_tables_agrees(pack: str, data: Any) -> None:
    """The polars backend fed from the layout's tables (no profiles) answers as it does
    from profiles, which agrees with evaluate_answers (tests/test_columnar.py)."""
    net = baji.get_pack(pack)
    people, day = data.draw(rosters(pack, max_size=8))
    tables = {t: pl.DataFrame(rows, schema=_schema(t), orient="row")
              for t, rows in to_tables(people).items()}
    frame = frame_from_tables(tables)
    assert frame.schema == to_frame(people).schema
    assert evaluate_frame(net, frame, day).equals(evaluate_frame(net, to_frame(people), day))
    got = from_rows(net, evaluate_frame(net, frame, day).with_columns(
        pl.col(f"{lv.level.value}.paths").list.join(",") for lv in net.levels).iter_rows())
    assert got == expected(net, people, day)


def _schema(table: str) -> dict[str, Any]:
    from baji.backends.columnar_files import _schema as schema

    return schema(table)


def _post(start: str, end: str | None = None) -> dict[str, Any]:
    return {"start": start, "end": end}


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=10)
@given(data=st.data())
def test_leap_day_anniversary_in_sql(pack: str, data: Any) -> None:
    """Years in post from a 29 February complete on 28 February (民法典 第二百零二条):
    the level is open in SQL on the completion day and not the day before, when SQL and
    polars give the completion day as the earliest date, as evaluate_answers does."""
    net = baji.get_pack(pack)
    pair = data.draw(boundary_pairs(pack, leap_day_start=True))
    assert (pair.completion_date.month, pair.completion_date.day) in ((2, 28), (2, 29))
    level = pair.target.level.value
    for day, status in ((pair.day_before, None), (pair.completion_date, "eligible")):
        got = _duckdb(net, [pair.profile], day)
        assert got == expected(net, [pair.profile], day)
        answers = dict(zip([lv.level.value for lv in net.levels], got[str(pair.profile.id)]))
        assert (answers[level][0] == "eligible") == (status == "eligible")
        if status is None:
            assert answers[level][3] == pair.completion_date
            frame = evaluate_frame(net, to_frame([pair.profile]), day, levels=level)
            assert frame[f"{level}.earliest"].to_list() == [pair.completion_date]


def test_not_in_force_outside_the_window() -> None:
    net = baji.get_pack("tianjin-2024")
    con = duckdb.connect()
    load_tables(con, to_tables([baji.parse_profile({"id": "A"})]))
    rows = list(evaluate_duckdb(net, con, dt.date(2026, 4, 1), levels="特级技师"))
    assert rows == [("A", "not_in_force", None, "", None)]


def test_the_query_is_one_statement_in_every_dialect() -> None:
    """Printed for Spark, Hive, PostgreSQL, Trino and StarRocks, the query parses back
    as one SELECT of that dialect with the same answer columns."""
    net = baji.get_pack("fujian-2026")
    for dialect in ("duckdb", "spark", "hive", "postgres", "trino", "starrocks"):
        text = to_sql(net, dt.date(2026, 7, 1), dialect, levels=["特级技师"])
        (parsed,) = sqlglot.parse(text, read=dialect)
        assert isinstance(parsed, sqlglot.exp.Select)
        assert parsed.named_selects == ["id", "special_technician.status",
                                        "special_technician.path", "special_technician.paths",
                                        "special_technician.earliest"]
    assert "ADD_MONTHS" in to_sql(net, dt.date(2026, 7, 1), "spark")  # Spark's year arithmetic


def test_ddl_creates_the_layout_in_duckdb() -> None:
    con = duckdb.connect()
    for statement in ddl("duckdb").split(";"):
        if statement.strip():
            con.execute(statement)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"candidates", "grades", "posts", "honours", "findings"} <= tables
    assert "STRING" in ddl("spark")


@pytest.mark.parametrize("engine", ["duckdb", "columnar"])
@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_eval_engine_writes_the_answer_lines(tmp_path: Path, engine: str, suffix: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """baji eval --roster DIR --engine E writes the lines --answers-only writes from the
    same candidates as JSONL (earliest dates included), in roster order."""
    people = [p.model_copy(update={"id": f"E{i:03d}"}) for i, p in enumerate(_people())]
    _write(people, tmp_path, suffix)
    (tmp_path / "r.jsonl").write_text("".join(p.model_dump_json(exclude_none=True) + "\n"
                                              for p in people))
    args = ["--pack", "shanghai-2026", "--pack", "fujian-2026", "--as-of", "2026-07-01"]
    assert main(["eval", "--roster", str(tmp_path / "r.jsonl"), "--answers-only", *args]) == 0
    want = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert main(["eval", "--roster", str(tmp_path), "--engine", engine, *args]) == 0
    got = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert got == want and len(got) == 2 * len(people)


def _people() -> list[baji.Profile]:
    from hypothesis import HealthCheck, settings

    found: list[baji.Profile] = []

    @settings(max_examples=25, database=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(["shanghai-2026", "fujian-2026"]).flatmap(rosters))
    def draw(case: Any) -> None:
        found.extend(case[0][:2])

    draw()
    return found


def test_eval_engine_reads_a_duckdb_database(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "hr.duckdb"
    con = duckdb.connect(str(db))
    load_tables(con, to_tables([baji.parse_profile({"id": "A", "grades": []})]))
    con.close()
    assert main(["eval", "--roster", str(db), "--engine", "duckdb", "--pack", "tianjin-2024",
                 "--as-of", "2025-01-01"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["id"] == "A" and line["row"] == 1
    want = expected(baji.get_pack("tianjin-2024"), [baji.parse_profile(
        {"id": "A", "grades": []})], dt.date(2025, 1, 1))["A"]
    assert [(lv["status"], lv["path"], tuple(lv["paths"]), lv["earliest"])
            for lv in line["levels"]] == [(*a[:3], a[3] and a[3].isoformat()) for a in want]


def test_bad_warehouse_rosters_are_located(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A column the layout does not have is BAJI260 with a did-you-mean (not a fact
    silently read as unknown); a roster without candidates is BAJI261."""
    (tmp_path / "candidates.csv").write_text("id,front_lin\nA,true\n")
    for engine in ("duckdb", "columnar"):
        assert main(["eval", "--roster", str(tmp_path), "--engine", engine]) == 1
        err = capsys.readouterr().err
        assert "table 'candidates' has column 'front_lin', which the warehouse layout " \
            "does not have (did you mean 'front_line'?)" in err
    with pytest.raises(baji.ProfileError, match="missing: no candidate table"):
        open_roster(tmp_path / "missing")
    assert main(["eval", "--roster", str(tmp_path / "none.parquet"), "--engine", "duckdb"]) == 1
    assert "none.parquet: no candidate table" in capsys.readouterr().err
    (tmp_path / "candidates.csv").write_text("id,front_line\nA,maybe\n")
    for engine in ("duckdb", "columnar"):
        assert main(["eval", "--roster", str(tmp_path), "--engine", engine]) == 1
        err = capsys.readouterr().err
        assert "cannot read the roster" in err and "maybe" in err


def test_missing_columns_and_list_tables_are_unknown_or_empty(tmp_path: Path) -> None:
    """A candidate column left out is NULL (unknown); a list table left out has no rows."""
    (tmp_path / "candidates.csv").write_text("id,grades_known\nA,true\nB,\n")
    con = open_roster(tmp_path)
    net = baji.get_pack("shanghai-2026")
    rows = list(evaluate_duckdb(net, con, dt.date(2026, 7, 1), keep=(ROW,), order_by=ROW))
    assert [r[:2] for r in rows] == [("A", 1), ("B", 2)]
    people = [baji.parse_profile({"id": "A", "grades": []}), baji.parse_profile({"id": "B"})]
    assert from_rows(net, [r[:1] + r[2:] for r in rows]) == expected(
        net, people, dt.date(2026, 7, 1))
    frame = frame_from_tables(read_tables(tmp_path))
    assert evaluate_frame(net, frame, dt.date(2026, 7, 1)).equals(
        evaluate_frame(net, to_frame(people), dt.date(2026, 7, 1)))


def test_baji_sql_prints_the_query(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "shanghai-2026", "--level", "特级技师", "--dialect", "spark",
                 "--as-of", "2026-07-01"]) == 0
    text = capsys.readouterr().out
    assert text.rstrip().endswith(";") and "`special_technician.status`" in text
    assert main(["sql", "shanghai-2026", "--dialect", "nosuch"]) == 2
    assert "unknown dialect" in capsys.readouterr().err
    assert main(["sql", "shanghai-2026", "--ddl", "--dialect", "hive", "--prefix", "hr."]) == 0
    assert "CREATE TABLE hr.candidates" in capsys.readouterr().out


@st.composite
def _history(draw: st.DrawFn, around: dt.date) -> list[dict[str, Any]]:
    """One to four posts before and after ``around``: adjacent ones, gaps of a day or
    more, 29 February starts, the last one open or closed."""
    day = draw(st.dates(around - dt.timedelta(days=3650), around))
    if draw(st.booleans()):
        day = dt.date(draw(st.sampled_from([2008, 2012, 2016, 2020, 2024])), 2, 29)
    out = []
    for _ in range(draw(st.integers(1, 4))):
        end = day + dt.timedelta(days=draw(st.integers(1, 1500)))
        out.append(_post(day.isoformat(), end.isoformat()))
        day = end + dt.timedelta(days=draw(st.sampled_from([0, 0, 1, 30, 400])))
    if draw(st.booleans()):
        out[-1]["end"] = None
    return out


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=25)
@given(data=st.data())
def test_years_in_post_date_in_sql_and_polars(pack: str, data: Any) -> None:
    """A candidate whose years in post are all that is missing, with any post history
    (posts starting after the date, gaps, 29 February starts) on any day in the window
    or a day either side of a post's first or last day: DuckDB and polars give the
    earliest date the per-profile evaluator's search over the posts' boundaries gives."""
    from baji.testing.strategies import as_of_dates

    net = baji.get_pack(pack)
    pair = data.draw(boundary_pairs(pack))
    raw = json.loads(pair.profile.model_dump_json(exclude_none=True))
    posts = data.draw(_history(data.draw(as_of_dates(pack, margin_days=0))))
    for grade in raw["grades"]:
        if grade.get("posts") is not None:
            grade["posts"], posts = posts, []
    person = baji.parse_profile({**raw, "id": "x"})
    edges = sorted({dt.date.fromisoformat(p[k]) for g in raw["grades"]
                    for p in g.get("posts") or () for k in ("start", "end") if p.get(k)})
    day = data.draw(st.one_of(
        st.sampled_from(edges).flatmap(lambda d: st.sampled_from(
            [d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)])),
        as_of_dates(pack, margin_days=0)))
    want = expected(net, [person], day)
    assert _duckdb(net, [person], day) == want
    assert from_rows(net, evaluate_frame(net, to_frame([person]), day).iter_rows()) == want
