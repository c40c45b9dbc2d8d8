"""The benchmarks' hand-written baselines make the same decision as baji.

``benchmarks/run.py`` stops when they differ, but only when someone runs it: a change
of the Shanghai pack (a direct path keeping conduct, 评聘 projects filed per level) once
left the baselines deciding an older law unnoticed. Timing stays in the benchmarks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import baji
from baji.engine.answers import evaluate_answers

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
LEVEL = baji.Level.SPECIAL_TECHNICIAN


@pytest.fixture(scope="module")
def bench() -> Iterator[dict[str, ModuleType]]:
    sys.path.insert(0, str(BENCH))
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ there
    try:
        import baseline
        import roster
        import tuned
        yield {"baseline": baseline, "roster": roster, "tuned": tuned}
    finally:
        sys.path.remove(str(BENCH))
        sys.dont_write_bytecode = writes


@pytest.fixture(scope="module")
def people(bench: dict[str, ModuleType]) -> list[baji.Profile]:
    data = bench["roster"].profiles(4000, seed=7)
    # Edges the generator leaves out: several posts, two grades of one level, 29 February,
    # 评聘 projects filed per level, an unranked award.
    data += [
        {"grades": [{"level": "technician", "posts": [
            {"start": "2020-02-29", "end": "2021-03-01"}, {"start": "2022-01-01"}]}]},
        {"grades": [{"level": "senior_technician", "posts": [{"start": "2025-09-01"}]},
                    {"level": "senior_technician", "posts": None}]},
        {"grades": [{"level": "technician", "posts": [{"start": "2021-02-28",
                                                      "end": "2022-03-02"}]},
                    {"level": "technician", "posts": [{"start": "2023-03-02"}]}]},
        {"employer": {"pilot_levels": ["chief_technician"]}},
        # 措施(八) chain staff and a widened population; 相关职业 with occupations stated.
        {"in_post_employee": False, "chain_member_staff": True},
        {"in_post_employee": False, "consented_population": None},
        {"in_post_employee": False, "consented_population": False, "chain_member_staff": False},

        {"employer": {"pilot_levels": ["special_technician"], "filed_institution": True,
                      "filing": "municipal"}, "in_post_employee": True, "findings": [],
         "attestations": {"law_abiding": True, "professional_ethics": True,
                          "physically_fit": True},
         "awards": [{"id": "national_science_technology_award"}]},
    ]
    # A candidate meeting the regular path, then occupations stated (same, other, with
    # relatedness attested, refused or unknown), with and without a listed honour.
    base = {"employer": {"filed_institution": True, "filing": "municipal", "pilot": True},
            "in_post_employee": True, "still_in_occupation": True, "findings": [],
            "awards": [], "honours": [],
            "attestations": {name: True for name in bench["baseline"].ATTESTED},
            "grades": [{"level": "senior_technician", "occupation": "车工",
                        "posts": [{"start": "2024-01-01"}]},
                       {"level": "technician", "occupation": " 钳工 ",
                        "posts": [{"start": "2015-01-01", "end": "2024-01-01"}]}]}
    for applied in (None, "车工", "钳工", "焊工", "钳\u3000工", "车工\t"):
        for related in (True, False, None):
            for honours in ([], [{"id": "national_technical_expert"}]):
                attestations = dict(base["attestations"])
                if related is not None:  # unknown: left out
                    attestations["related_occupation"] = related
                d = {**base, "honours": honours, "attestations": attestations}
                if applied is not None:
                    d["occupation"] = applied
                data.append(d)
    return [baji.parse_profile(d) for d in data]


@pytest.mark.parametrize("name", ["baseline", "tuned"])
def test_baselines_decide_as_baji(bench: dict[str, ModuleType], people: list[baji.Profile],
                                  name: str) -> None:
    net = baji.get_pack("shanghai-2026")
    as_of = bench["roster"].AS_OF
    decide = bench[name].special_technician
    wrong = []
    for p in people:
        a = evaluate_answers(net, p, as_of, levels=LEVEL, earliest=False)[0]
        if decide(p, as_of) != (a.status, a.path):
            wrong.append((p.model_dump(exclude_defaults=True), (a.status, a.path)))
    assert not wrong, wrong[:3]
    statuses = {decide(p, as_of)[0] for p in people}
    assert statuses == {"eligible", "ineligible", "undetermined"}


def test_polars_by_hand_decides_as_baji(bench: dict[str, ModuleType],
                                        people: list[baji.Profile]) -> None:
    pytest.importorskip("polars")
    import peers

    from baji.backends.columnar import to_frame
    as_of = bench["roster"].AS_OF
    frame = to_frame(people)
    got = peers.polars_by_hand(frame, as_of)
    want = [bench["tuned"].special_technician(p, as_of) for p in people]
    assert list(zip(got["status"], got["path"])) == want


def test_hand_written_sql_decides_as_baji(bench: dict[str, ModuleType],
                                          people: list[baji.Profile]) -> None:
    """benchmarks/warehouse.py's hand-written SQL query decides as baji on every row, on
    the people above laid out as tables and on a roster generated inside DuckDB."""
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("sqlglot")
    import warehouse

    from baji.backends.duckdb import load_tables
    from baji.backends.tables import to_tables

    as_of = bench["roster"].AS_OF
    named = [p.model_copy(update={"id": f"P{i}"}) for i, p in enumerate(people)]
    con = duckdb.connect()
    load_tables(con, to_tables(named))
    got = dict((r[0], (r[1], r[2])) for r in con.execute(warehouse.hand_query()).fetchall())
    want = {f"P{i}": bench["tuned"].special_technician(p, as_of) for i, p in enumerate(people)}
    assert got == want
    made = duckdb.connect()
    warehouse.generate(made, 3000)
    net = baji.get_pack("shanghai-2026")
    differ = made.execute(
        f"SELECT count(*) FROM ({warehouse.baji_query(net)}) b JOIN ({warehouse.hand_query()}) "
        'h USING (id) WHERE b."special_technician.status" IS DISTINCT FROM h.status '
        'OR b."special_technician.path" IS DISTINCT FROM h.path').fetchone()
    statuses = made.execute(f"SELECT DISTINCT status FROM ({warehouse.hand_query()})").fetchall()
    assert differ == (0,) and len(statuses) == 3


def test_the_benchmark_runs_and_reports_every_target(tmp_path: Path) -> None:
    """``benchmarks/run.py`` runs to its end on a small roster (it first checks every
    engine's answers against the baseline's, and stops on a difference) and reports
    each of issue 16's figures; the figures themselves are the benchmark's, not a test's."""
    out = tmp_path / "figures.json"
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # nothing written beside the benchmarks
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--count", "200",
                           "--repeat", "1", "--vector-rows", "2000", "--json", str(out)],
                          capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(out.read_text("utf-8"))
    assert {"answer-only", "full decision (特级技师)", "JSON bytes -> answer",
            "JSON parse alone (a floor)"} <= set(figures["per_second"])
    assert figures["decision_json_bytes"] > 0
    assert set(figures["import_ms"]) >= {"baji", "bare", "first_answer", "pydantic_floor"}
    assert "targets:" in done.stdout
