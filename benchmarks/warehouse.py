"""Warehouse benchmark: the Shanghai 2026 特级技师 decision over a large roster in the
warehouse layout (docs/warehouse.md), generated inside DuckDB with generate_series.

- DuckDB, baji's compiled query (``baji.backends.sql``, without the earliest date)
  against the same decision written by hand in SQL (:data:`HAND`, the SQL twin of
  ``peers.polars_by_hand`` : status and path, no earliest date), both reduced to counts
  per status and path inside DuckDB; an untimed warm pass each, then rounds in
  alternation (hand, baji, baji, hand, ...); ratio = hand time / baji time per round,
  reported as the median of the rounds' ratios. baji's query with the earliest date
  (``<level>.earliest``, counted per status and date) is timed in the same rounds.
- polars: the same roster exported to Parquet, nested into the roster frame by
  ``baji.backends.columnar_files`` (timed apart) and answered by ``evaluate_frame``
  and by ``peers.polars_by_hand``.
- Spark in local mode: ``baji.backends.spark.evaluate_spark`` over the Parquet files,
  counts per status and path; rows per second.

Before timing, baji's answers are checked against the hand-written query's on every
row (and polars' against DuckDB's counts). Usage::

    python benchmarks/warehouse.py --rows 10000000 --polars-rows 1000000 --spark-rows 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

import baji
from baji.backends.sql import to_sql
from baji.backends.tables import ddl

sys.path.insert(0, str(Path(__file__).parent))
AS_OF = dt.date(2026, 9, 1)
LEVEL = "special_technician"
HONOURS = ("national_technical_expert", "shanghai_technical_expert", "national_model_worker",
           "shanghai_craftsman", "state_council_special_allowance")

# What roster.py draws per candidate, as SQL over i (u(i, k): a seeded uniform in [0, 1)).
GENERATE = """
CREATE MACRO u(i, k) AS (hash(i, k) % 1000000) / 1000000.0;
CREATE MACRO tri(x, t, f) AS CASE WHEN x < t THEN TRUE WHEN x < t + f THEN FALSE END;
INSERT INTO candidates BY NAME
SELECT 'E' || lpad(i::VARCHAR, 8, '0') AS id,
  tri(u(i, 1), 0.9, 0.05) AS in_post_employee, tri(u(i, 2), 0.9, 0.05) AS still_in_occupation,
  tri(u(i, 3), 0.93, 0.03) AS attestation_law_abiding,
  tri(u(i, 4), 0.93, 0.03) AS attestation_professional_ethics,
  tri(u(i, 5), 0.93, 0.03) AS attestation_dedication,
  tri(u(i, 6), 0.93, 0.03) AS attestation_widely_recognised,
  tri(u(i, 7), 0.93, 0.03) AS attestation_physically_fit,
  tri(u(i, 8), 0.93, 0.03) AS attestation_special_technician_competence,
  tri(u(i, 9), 0.93, 0.03) AS attestation_teaching_contribution,
  tri(u(i, 10), 0.9, 0.05) AS employer_filed_institution,
  tri(u(i, 11), 0.9, 0.05) AS employer_pilot,
  CASE WHEN u(i, 12) < 0.95 THEN ['municipal', 'municipal', 'district', 'central_enterprise',
       'ministry'][1 + (hash(i, 13) % 5)::INT] END AS employer_filing,
  u(i, 14) >= 0.04 AS findings_known, u(i, 15) >= 0.04 AS grades_known,
  u(i, 16) >= 0.04 AS honours_known, u(i, 17) >= 0.04 AS awards_known,
  FALSE AS employer_pilot_levels_known
FROM range({rows}) t(i);
INSERT INTO grades BY NAME
SELECT id, 'senior_technician' AS level,
  DATE '2018-01-01' + (u(i, 20) * 3164)::INT AS certified_on, u(i, 21) < 0.92 AS posts_known
FROM (SELECT i, 'E' || lpad(i::VARCHAR, 8, '0') AS id FROM range({rows}) t(i))
WHERE u(i, 15) >= 0.04 AND u(i, 22) < 0.6;
INSERT INTO grades BY NAME
SELECT id, 'technician' AS level,
  DATE '2010-01-01' + (u(i, 23) * 6086)::INT AS certified_on, u(i, 24) < 0.92 AS posts_known
FROM (SELECT i, 'E' || lpad(i::VARCHAR, 8, '0') AS id FROM range({rows}) t(i))
WHERE u(i, 15) >= 0.04 AND u(i, 25) < 0.5;
INSERT INTO posts SELECT g.id, level, certified_on,
  CASE WHEN level = 'technician' AND u(hash(g.id), 26) < 0.5
            AND certified_on + 30 + (u(hash(g.id), 27) * 2000)::INT <= DATE '2026-09-01'
       THEN certified_on + 30 + (u(hash(g.id), 27) * 2000)::INT END
FROM grades g WHERE posts_known;
INSERT INTO findings
SELECT id, 'evaluation_violation', 'candidate', DATE '2022-01-01' + (u(i, 30) * 1704)::INT,
  CASE WHEN u(i, 31) < 0.8 THEN DATE '2022-01-01' + (u(i, 30) * 1704)::INT
       + (u(i, 32) * 1500)::INT END
FROM (SELECT i, 'E' || lpad(i::VARCHAR, 8, '0') AS id FROM range({rows}) t(i))
WHERE u(i, 14) >= 0.04 AND u(i, 33) < 0.03;
INSERT INTO honours
SELECT id, {honours}[1 + (hash(i, 41) % 5)::INT], NULL
FROM (SELECT i, 'E' || lpad(i::VARCHAR, 8, '0') AS id FROM range({rows}) t(i))
WHERE u(i, 16) >= 0.04 AND u(i, 40) < 0.17;
INSERT INTO awards
SELECT id, CASE WHEN u(i, 50) < 0.6 THEN 'national_science_technology_award'
                ELSE 'china_skills_grand_award' END,
  CASE WHEN u(i, 50) < 0.6 AND u(i, 51) < 0.8
       THEN ['first', 'second', 'third'][1 + (hash(i, 52) % 3)::INT] END, NULL
FROM (SELECT i, 'E' || lpad(i::VARCHAR, 8, '0') AS id FROM range({rows}) t(i))
WHERE u(i, 17) >= 0.04 AND u(i, 53) < 0.05;
"""

# The decision written by hand for DuckDB (the SQL twin of peers.polars_by_hand).
HAND = """
WITH g AS (
  SELECT id,
    bool_or(level = 'senior_technician' AND coalesce(certified_on <= DATE '{d}', TRUE)) AS st,
    bool_or(level = 'technician' AND coalesce(certified_on <= DATE '{d}', TRUE)) AS t,
    bool_and(posts_known) FILTER (WHERE level = 'senior_technician') AS st_known,
    bool_and(posts_known) FILTER (WHERE level = 'technician') AS t_known,
    bool_or(level = 'senior_technician') AS st_any, bool_or(level = 'technician') AS t_any,
    bool_or(level = 'senior_technician' AND occupation IS NULL) AS st_unstated,
    bool_or(level = 'technician' AND occupation IS NULL) AS t_unstated,
    list({normal}) FILTER (WHERE level = 'senior_technician') AS st_occs,
    list({normal}) FILTER (WHERE level = 'technician') AS t_occs
  FROM grades GROUP BY id),
p AS (
  SELECT id,
    sum(least(coalesce(end_date, DATE '{d}'), DATE '{d}') - start_date)
      FILTER (WHERE level = 'senior_technician'
              AND least(coalesce(end_date, DATE '{d}'), DATE '{d}') > start_date) AS st_days,
    max(least(coalesce(end_date, DATE '{d}'), DATE '{d}'))
      FILTER (WHERE level = 'senior_technician'
              AND least(coalesce(end_date, DATE '{d}'), DATE '{d}') > start_date) AS st_last,
    sum(least(coalesce(end_date, DATE '{d}'), DATE '{d}') - start_date)
      FILTER (WHERE level = 'technician'
              AND least(coalesce(end_date, DATE '{d}'), DATE '{d}') > start_date) AS t_days,
    max(least(coalesce(end_date, DATE '{d}'), DATE '{d}'))
      FILTER (WHERE level = 'technician'
              AND least(coalesce(end_date, DATE '{d}'), DATE '{d}') > start_date) AS t_last
  FROM posts GROUP BY id),
f AS (
  SELECT id, min(CASE WHEN kind <> 'evaluation_violation' OR subject <> 'candidate'
                           OR dated > DATE '{d}' THEN 2
                      WHEN restricted_until IS NULL THEN 1
                      WHEN restricted_until >= DATE '{d}' THEN 0 ELSE 2 END) AS code
  FROM findings GROUP BY id),
h AS (
  SELECT id, bool_or(honour IN {honours} AND coalesce(dated <= DATE '{d}', TRUE)) AS met
  FROM honours GROUP BY id),
a AS (
  SELECT id,
    max(CASE WHEN award NOT IN {science} THEN 0 WHEN rank IS NULL THEN 1
             WHEN rank IN ('special', 'first', 'second') AND coalesce(dated <= DATE '{d}', TRUE)
             THEN 2 ELSE 0 END) AS science,
    bool_or(award IN {skills} AND coalesce(dated <= DATE '{d}', TRUE)) AS skills
  FROM awards GROUP BY id),
l AS (
  SELECT id, bool_or(level = 'special_technician') AS met FROM pilot_levels GROUP BY id),
x AS (
  SELECT
    CASE WHEN NOT coalesce(c.findings_known, FALSE) THEN NULL
         WHEN coalesce(f.code, 2) = 2 THEN TRUE WHEN f.code = 0 THEN FALSE END AS free,
    CASE WHEN NOT coalesce(c.grades_known, FALSE) THEN NULL ELSE coalesce(g.st, FALSE) END AS st,
    CASE WHEN NOT coalesce(c.grades_known, FALSE) THEN NULL ELSE coalesce(g.t, FALSE) END AS t,
    (CASE WHEN NOT coalesce(c.grades_known, FALSE) THEN NULL
          WHEN c.occupation IS NULL OR NOT coalesce(g.st_any, FALSE) OR g.st_unstated THEN TRUE
          ELSE list_contains(g.st_occs, {normal_c}) END)
      OR c.attestation_related_occupation AS st_occ,
    (CASE WHEN NOT coalesce(c.grades_known, FALSE) THEN NULL
          WHEN c.occupation IS NULL OR NOT coalesce(g.t_any, FALSE) OR g.t_unstated THEN TRUE
          ELSE list_contains(g.t_occs, {normal_c}) END)
      OR c.attestation_related_occupation AS t_occ,
    CASE WHEN NOT coalesce(c.grades_known, FALSE) OR NOT coalesce(g.st_known, TRUE) THEN NULL
         WHEN p.st_last IS NULL THEN FALSE
         ELSE (p.st_last - p.st_days::INT) + INTERVAL 1 YEAR <= p.st_last END AS st_years,
    CASE WHEN NOT coalesce(c.grades_known, FALSE) OR NOT coalesce(g.t_known, TRUE) THEN NULL
         WHEN p.t_last IS NULL THEN FALSE
         ELSE (p.t_last - p.t_days::INT) + INTERVAL 3 YEAR <= p.t_last END AS t_years,
    CASE WHEN NOT coalesce(c.honours_known, FALSE) THEN NULL
         ELSE coalesce(h.met, FALSE) END AS honour,
    CASE WHEN NOT coalesce(c.awards_known, FALSE) THEN NULL
         WHEN coalesce(a.science, 0) = 2 THEN TRUE WHEN coalesce(a.science, 0) = 0 THEN FALSE
         END AS science,
    CASE WHEN NOT coalesce(c.awards_known, FALSE) THEN NULL
         ELSE coalesce(a.skills, FALSE) END AS skills,
    CASE WHEN coalesce(c.employer_pilot_levels_known, FALSE) THEN coalesce(l.met, FALSE)
         ELSE c.employer_pilot END AS pilot,
    c.*
  FROM candidates c LEFT JOIN g USING (id) LEFT JOIN p USING (id) LEFT JOIN f USING (id)
    LEFT JOIN h USING (id) LEFT JOIN a USING (id) LEFT JOIN l USING (id)),
r AS (
  SELECT id,
    employer_filed_institution AND employer_filing IN ('municipal', 'district',
      'central_enterprise')
      AND pilot
      AND (in_post_employee OR consented_population OR chain_member_staff)
      AND free AND attestation_law_abiding
      AND attestation_professional_ethics AND attestation_physically_fit AS gate,
    attestation_law_abiding AND attestation_professional_ethics AND attestation_dedication
      AND attestation_widely_recognised AND attestation_physically_fit
      AND attestation_special_technician_competence AND attestation_teaching_contribution
      AND still_in_occupation AS basic,
    st, t, st_years, t_years, st_occ, t_occ, honour, science, skills
  FROM x),
v AS (
  SELECT id, gate AND science AS r0, gate AND skills AS r1,
    gate AND basic AND ((st AND st_years AND st_occ) OR (t AND t_years AND t_occ)) AS r2,
    gate AND basic AND ((st AND st_occ) OR (t AND t_occ)) AND honour AS r3
  FROM r)
SELECT id,
  CASE WHEN coalesce(r0 OR r1 OR r2 OR r3, FALSE) THEN 'eligible'
       WHEN r0 IS NULL OR r1 IS NULL OR r2 IS NULL OR r3 IS NULL THEN 'undetermined'
       ELSE 'ineligible' END AS status,
  CASE WHEN coalesce(r0, FALSE) OR coalesce(r1, FALSE) THEN 'direct'
       WHEN coalesce(r2, FALSE) THEN 'regular' WHEN coalesce(r3, FALSE) THEN 'exceptional'
       END AS path
FROM v
"""


def _tuple(items: Any) -> str:
    return "(" + ", ".join(f"'{x}'" for x in sorted(items)) + ")"


def hand_query() -> str:
    from baseline import HONOURS as HON
    from baseline import SCIENCE, SKILLS

    # Occupations compared without spaces (half- and full-width, anywhere) and case.
    spaces = "[ \t\n\r\u00a0\u3000]"
    return HAND.format(d=AS_OF.isoformat(), honours=_tuple(HON), science=_tuple(SCIENCE),
                       skills=_tuple(SKILLS),
                       normal=f"lower(regexp_replace(occupation, '{spaces}', '', 'g'))",
                       normal_c=f"lower(regexp_replace(c.occupation, '{spaces}', '', 'g'))")


def baji_query(network: baji.Network, earliest: bool = False) -> str:
    return to_sql(network, AS_OF, "duckdb", levels=LEVEL, pretty=False, earliest=earliest)


def _counts(query: str, status: str, path: str) -> str:
    return (f"SELECT {status} AS status, {path} AS path, count(*) AS n FROM ({query}) q "
            "GROUP BY ALL ORDER BY ALL")


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def generate(con: duckdb.DuckDBPyConnection, rows: int) -> float:
    for statement in ddl("duckdb").split(";"):
        if statement.strip():
            con.execute(statement)
    start = time.perf_counter()
    con.execute(GENERATE.format(rows=rows, honours="[" + _tuple(HONOURS)[1:-1] + "]"))
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--polars-rows", type=int, default=1_000_000,
                    help="rows of the roster the polars figures use (0: skip)")
    ap.add_argument("--spark-rows", type=int, default=1_000_000,
                    help="rows of the roster Spark answers (0: skip)")
    ap.add_argument("--repeat", type=int, default=5,
                    help="timed rounds (each runs both queries, in alternating order)")
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()}")
    net = baji.get_pack("shanghai-2026")
    work = Path(tempfile.mkdtemp(prefix="baji-warehouse-"))
    con = duckdb.connect(str(work / "roster.duckdb"))
    took = generate(con, args.rows)
    sizes = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
             for t in ("candidates", "grades", "posts", "findings", "honours", "awards")}
    print(f"generated {args.rows:,} candidates in {took:.1f} s: {sizes}")
    mine, hand = baji_query(net), hand_query()
    dated = baji_query(net, earliest=True)
    status, path, earliest = (f'"{LEVEL}.{c}"' for c in ("status", "path", "earliest"))
    differ = con.execute(f"SELECT count(*) FROM ({mine}) b JOIN ({hand}) h USING (id) "
                         f"JOIN ({dated}) e USING (id) "
                         f"WHERE b.{status} IS DISTINCT FROM h.status "
                         f"OR b.{path} IS DISTINCT FROM h.path OR e.{status} IS DISTINCT "
                         f"FROM h.status OR e.{path} IS DISTINCT FROM h.path"
                         ).fetchone()[0]  # type: ignore[index]
    assert differ == 0, f"{differ} rows differ between baji's query and the hand-written one"
    print("baji's queries and the hand-written one agree on every row")
    queries = {"hand": _counts(hand, "status", "path"), "baji": _counts(mine, status, path),
               "baji+earliest": _counts(dated, status, earliest)}
    for query in queries.values():  # untimed: the first run pays for what is cold
        con.execute(query).fetchall()
    times: dict[str, list[float]] = {name: [] for name in queries}
    counts: Any = None
    for n in range(args.repeat):  # alternate, so that both see the same load
        order = ["hand", "baji"] if n % 2 == 0 else ["baji", "hand"]
        for name in [*order, "baji+earliest"]:
            took, out = best(lambda: con.execute(queries[name]).fetchall(), 1)
            times[name].append(took)
            counts = out if name == "baji" else counts
    ratios = [h / b for h, b in zip(times["hand"], times["baji"])]
    print(f"statuses and paths: {counts}")
    print(f"per-round ratios (hand / baji): {[round(r, 2) for r in ratios]}, "
          f"median {statistics.median(ratios):.2f}x")
    rows = args.rows
    for name, label in (("baji", "baji's compiled query"), ("hand", "hand-written SQL"),
                        ("baji+earliest", "baji's query, earliest date")):
        mid = statistics.median(times[name])
        print(f"DuckDB, {label:28} best {min(times[name]):.2f} s, median {mid:.2f} s, "
              f"{rows / mid:,.0f} rows/s")
    mid = {name: statistics.median(found) for name, found in times.items()}
    print(f"ratio of the median times (hand / baji): {mid['hand'] / mid['baji']:.2f}x; "
          f"with the earliest date baji takes {mid['baji+earliest'] / mid['baji']:.2f}x "
          "its time without")
    if args.polars_rows:
        _polars(con, work, args.polars_rows, net, args.repeat)
    if args.spark_rows:
        _spark(con, work, args.spark_rows, net)
    print(f"load average after: {os.getloadavg()}")


def _export(con: duckdb.DuckDBPyConnection, work: Path, rows: int) -> Path:
    folder = work / f"parquet-{rows}"
    if folder.exists():
        return folder
    folder.mkdir()
    last = f"E{rows:08d}"  # ids are E + 8 digits of i: the first `rows` candidates
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
        con.execute(f"COPY (SELECT * FROM {table} WHERE id < '{last}') TO "
                    f"'{folder / f'{table}.parquet'}' (FORMAT parquet)")
    return folder


def _polars(con: duckdb.DuckDBPyConnection, work: Path, rows: int, net: baji.Network,
            repeat: int) -> None:
    import peers
    import polars as pl

    from baji.backends.columnar import evaluate_frame
    from baji.backends.columnar_files import frame_from_tables, read_tables

    folder = _export(con, work, rows)
    t_read, tables = best(lambda: read_tables(folder), 1)
    t_nest, frame = best(lambda: frame_from_tables(tables), 1)
    t_baji, out = best(lambda: evaluate_frame(net, frame, AS_OF, levels=LEVEL,
                                              earliest=False), repeat)
    t_dated, _dated = best(lambda: evaluate_frame(net, frame, AS_OF, levels=LEVEL), 1)
    t_hand, hand = best(lambda: peers.polars_by_hand(frame, AS_OF), repeat)
    assert out[f"{LEVEL}.status"].equals(hand["status"], check_names=False)
    assert out[f"{LEVEL}.path"].equals(hand["path"], check_names=False)
    mine = con.execute(_counts(baji_query(net), f'"{LEVEL}.status"', f'"{LEVEL}.path"')
                       .replace("FROM candidates", f"FROM (SELECT * FROM candidates WHERE "
                                f"id < 'E{rows:08d}')")).fetchall()
    theirs = sorted(out.group_by([f"{LEVEL}.status", f"{LEVEL}.path"]).len().rows(),
                    key=lambda r: (r[0], r[1] or "\uffff"))
    print(f"polars over {rows:,} rows: Parquet read {t_read:.2f} s, nested "
          f"{t_nest:.2f} s; evaluate_frame {t_baji:.2f} s ({rows / t_baji:,.0f} rows/s), "
          f"with the earliest date {t_dated:.2f} s; "
          f"by hand {t_hand:.2f} s ({rows / t_hand:,.0f} rows/s); DuckDB counts {mine} "
          f"polars counts {theirs}; frame {frame.estimated_size() / 2**20:.0f} MiB")
    del pl


def _spark(con: duckdb.DuckDBPyConnection, work: Path, rows: int, net: baji.Network) -> None:
    from baji.backends.spark import evaluate_spark, local_session, register_roster

    folder = _export(con, work, rows)
    start = time.perf_counter()
    spark = local_session(cores=os.cpu_count() or 1)
    started = time.perf_counter() - start
    register_roster(spark, folder)
    answers = evaluate_spark(net, spark, AS_OF, levels=LEVEL)
    timings = []
    for _ in range(2):
        start = time.perf_counter()
        counts = answers.groupBy(f"`{LEVEL}.status`", f"`{LEVEL}.path`").count().collect()
        timings.append(time.perf_counter() - start)
    took = min(timings)
    print(f"Spark local[{os.cpu_count()}] over {rows:,} rows (Parquet): session start "
          f"{started:.1f} s; query {took:.2f} s (first {timings[0]:.2f} s), "
          f"{rows / took:,.0f} rows/s; {sorted(tuple(r) for r in counts)}")
    spark.stop()


if __name__ == "__main__":
    main()
