"""Rosters (JSONL and CSV) and batch evaluation: streaming, in order, nothing lost."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest

import baji
from baji.cli.commands import main
from baji.engine.batch import BatchSummary, evaluate_many
from baji.io.atomic import write_jsonl_atomic
from baji.profile.roster import RosterRow, checked, iter_roster

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ON = dt.date(2026, 7, 1)


def test_csv_example_maps_columns_to_profiles() -> None:
    """The documented CSV layout gives the profiles it describes."""
    rows = list(iter_roster(EXAMPLES / "roster.csv"))
    assert [r.number for r in rows] == [1, 2, 3, 4] and all(r.ok for r in rows)
    first = rows[0].profile
    assert first is not None and first.grades is not None
    assert first.grades[0].level is baji.Level.SENIOR_TECHNICIAN
    assert first.grades[0].posts is not None and first.grades[0].posts[0].end is None
    assert first.honours == () and first.employer.filing == "municipal"
    assert first.attestations["physically_fit"] is True
    fourth = rows[3].profile
    assert fourth is not None and fourth.grades == ()
    assert fourth.awards is not None and fourth.awards[0].id == "china_skills_grand_award"


def test_jsonl_bad_rows_are_reported_and_the_rest_evaluated(tmp_path: Path) -> None:
    """Bad JSON, a non-object, an invalid profile and a truncated last line are each a
    bad row with its number; the good rows are evaluated; read = good + bad."""
    f = tmp_path / "r.jsonl"
    f.write_bytes(b'{"id": "a"}\n\n{"id": "b", "honours": [\n[1, 2]\n'
                  b'{"id": "c", "gardes": []}\n{"id": "d"}\n{"id": "e"')
    rows = list(iter_roster(f))
    assert [(r.number, r.line, r.ok) for r in rows] == [
        (1, 1, True), (2, 3, False), (3, 4, False), (4, 5, False), (5, 6, True),
        (6, 7, False)]
    assert "row 5: $.gardes: unknown field 'gardes'" in str(rows[3].error)
    assert "looks truncated" in str(rows[5].error)
    summary = BatchSummary()
    for result in evaluate_many(rows, "shanghai-2026", ON):
        summary.add(result)
    assert (summary.read, summary.good, summary.bad) == (6, 2, 4)


def test_csv_employer_pilot_levels_lists_the_filed_levels(tmp_path: Path) -> None:
    """``employer_pilot_levels`` reads ``;``-separated levels (ids or Chinese), ``-`` for
    none, and an empty cell leaves it unknown (issue 12 item 7)."""
    f = tmp_path / "r.csv"
    f.write_text("id,employer_pilot,employer_pilot_levels\n"
                 "E1,true,special_technician;首席技师\nE2,true,-\nE3,true,\n", encoding="utf-8")
    rows = [r.profile for r in iter_roster(f)]
    assert all(p is not None for p in rows)
    levels = [p.employer.pilot_levels for p in rows if p is not None]
    assert levels == [(baji.Level.SPECIAL_TECHNICIAN, baji.Level.CHIEF_TECHNICIAN), (), None]


def test_csv_unknown_column_is_a_file_error(tmp_path: Path) -> None:
    """An unknown header column rejects the file with line 1 and its column number."""
    f = tmp_path / "r.csv"
    f.write_text("id,front_lien\nE1,true\n", encoding="utf-8")
    with pytest.raises(baji.ProfileError, match=r"r\.csv:1:4: unknown column 'front_lien' "
                       r"\(did you mean 'front_line'\?\)"):
        list(iter_roster(f))


def test_csv_bad_cell_is_a_bad_row_with_its_line(tmp_path: Path) -> None:
    """A cell that cannot be read spoils only its own row."""
    f = tmp_path / "r.csv"
    f.write_text("id,front_line,高级技师_posts\nE1,maybe,\nE2,true,2020-01-01..\n"
                 "E3,true,2020-01-01\n", encoding="utf-8")
    rows = list(iter_roster(f))
    assert [r.ok for r in rows] == [False, True, False]
    assert "row 2: column 'front_line': 'maybe' is not true/false" in str(rows[0].error)
    assert str(rows[0].error).startswith(f"{f}:2:4: ")
    assert "'2020-01-01' is not a period START..END" in str(rows[2].error)


def test_evaluate_many_keeps_order_and_packs() -> None:
    """One result per input in order, each with one decision per pack."""
    items = [{"id": str(i)} for i in range(5)] + [{"id": "bad", "x": 1}]
    results = list(evaluate_many(items, ["shanghai", "chongqing-2023"], ON))
    assert [r.number for r in results] == [1, 2, 3, 4, 5, 6]
    assert [d.pack for d in results[0].decisions] == ["shanghai-2026", "chongqing-2023"]
    assert not results[5].ok and "unknown field 'x'" in (results[5].error or "")


def test_atomic_write_leaves_nothing_after_an_interruption(tmp_path: Path) -> None:
    """An exception while writing leaves neither the target nor a temporary file."""
    target = tmp_path / "out.jsonl"

    def records() -> object:
        yield {"row": 1}
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_jsonl_atomic(target, records())  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_cli_roster_writes_every_row_and_exits_1_on_bad_rows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`baji eval --roster` writes one line per row and pack, lists bad rows, exit 1; a
    bad row's line holds its problems for programs (code, place, English and Chinese)."""
    f = tmp_path / "r.jsonl"
    f.write_text('{"id": "a"}\nnot json\n{"id": "c"}\n', encoding="utf-8")
    out = tmp_path / "d.jsonl"
    code = main(["eval", "--roster", str(f), "--pack", "fujian", "--as-of", "2026-07-01",
                 "--out", str(out), "--lang", "en", "--no-progress"])
    assert code == 1
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["row"] for x in lines] == [1, 2, 3]
    assert lines[0]["decision"]["pack"] == "fujian-2026"
    assert lines[1] == {
        "row": 2, "error": f"{f}:2:1: row 2: invalid JSON: Expecting value (each line must "
                          "be one JSON object)",
        "problems": [{"code": "BAJI214", "file": str(f), "line": 2, "column": 1,
                      "pointer": None, "row": 2,
                      "message": {"en": "invalid JSON: Expecting value",
                                  "zh": "JSON 语法错误：Expecting value"},
                      "hint": {"en": "each line must be one JSON object",
                               "zh": "每行须为一个 JSON 对象"}}]}
    err = capsys.readouterr().err
    assert f"{f}:2:1: row 2: invalid JSON: Expecting value" in err
    assert "3 rows read: 2 good, 1 bad" in err


def test_atomic_write_gives_the_usual_file_mode(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A new file gets the mode a plain open() gives (not mkstemp's 0600), and the
    process umask is never touched: os.umask (which sets it to read it, a race in
    threaded servers) is not called."""
    import os
    import stat

    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")

    def no_umask(mask: int) -> int:
        raise AssertionError("os.umask called")

    monkeypatch.setattr(os, "umask", no_umask)
    target = tmp_path / "out.jsonl"
    write_jsonl_atomic(target, [{"row": 1}])
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "plain.txt"]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="POSIX modes")
def test_atomic_write_follows_the_umask_and_keeps_an_existing_mode(tmp_path: Path) -> None:
    """Under umask 027 (set in a child process, the umask being process-wide) a new file
    is 0640, as open() makes it; rewriting a file keeps its mode (0600 stays 0600)."""
    import os
    import stat
    import subprocess
    import sys

    script = (
        "import os, sys\n"
        "from baji.io.atomic import write_jsonl_atomic\n"
        "os.umask(0o027)\n"
        "write_jsonl_atomic(sys.argv[1], [{'row': 1}])\n"
        "with open(sys.argv[2], 'w') as f:\n"
        "    f.write('x')\n")
    new, plain = tmp_path / "new.jsonl", tmp_path / "plain.txt"
    env = {**os.environ, "PYTHONPATH": str(Path(baji.__file__).parent.parent)}
    subprocess.run([sys.executable, "-c", script, str(new), str(plain)], check=True, env=env)
    assert stat.S_IMODE(new.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode) == 0o640
    secret = tmp_path / "secret.jsonl"
    secret.write_text("old\n", encoding="utf-8")
    secret.chmod(0o600)
    write_jsonl_atomic(secret, [{"row": 1}])
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert secret.read_text(encoding="utf-8") == '{"row": 1}\n'


def test_a_failure_mid_write_leaves_the_old_file_and_its_mode(tmp_path: Path) -> None:
    """An error after some lines are written leaves the old file whole, with its mode,
    and no temporary file beside it."""
    import stat

    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)

    def records() -> object:
        yield {"row": 1}
        yield "x" * 100_000
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_jsonl_atomic(target, records())  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_not_utf8_has_one_wording_in_jsonl_and_csv(tmp_path: Path) -> None:
    """BAJI213 reads the same from a JSONL line and a CSV row (the catalogue's template,
    in English and Chinese), located at the bad byte's column in characters. (The JSONL
    path used to word it differently, with a column counted in bytes.)"""
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_bytes('{"name": "张'.encode() + b"\xd5" + b'"}\n')
    csv_file = tmp_path / "r.csv"
    csv_file.write_bytes('id,name\nE1,张'.encode() + b"\xd5" + b"\n")
    (j_row,) = iter_roster(jsonl)
    (c_row,) = iter_roster(csv_file)
    assert j_row.error is not None and c_row.error is not None
    (j,), (c,) = j_row.error.problems, c_row.error.problems
    assert (j.code, c.code) == ("BAJI213", "BAJI213")
    assert j.render() == f"{jsonl}:1:12: row 1: byte 0xd5 is not valid UTF-8 " \
        "(save the roster as UTF-8)"
    assert c.render() == f"{csv_file}:2:5: row 2: byte 0xd5 is not valid UTF-8 " \
        "(save the roster as UTF-8)"
    assert c.render("zh") == f"{csv_file}:2:5: 第 2 行：字节 0xd5 不是有效的 UTF-8" \
        "（请将名册另存为 UTF-8 编码）"


ROSTER_ERRORS = (
    '{"id": "a"}\n'
    '{"id": "b", "grades": [{"level": "高级技师", "posts": [{"start": "2020-01-01", '
    '"end": "2019-01-01"}]}]}\n'
    '[1]\n')


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["{f}:2: row 2: $.grades[0].posts[0].end: period ends (2019-01-01) on or before it "
            "starts (2020-01-01) (`end` is the first day no longer in the post)",
            "{f}:3: row 3: expected a JSON object, got list"]),
    ("zh", ["{f}:2: 第 2 行：$.grades[0].posts[0].end: 任职期结束（2019-01-01）不晚于开始（2020-01-01）"
            "（`end` 为不再任职的第一天）",
            "{f}:3: 第 3 行：应为 JSON 对象，实际为list"]),
])
def test_cli_roster_errors_in_the_language_asked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str,
        expected: list[str]) -> None:
    """`baji eval --roster FILE --lang zh` lists bad rows in Chinese, `--lang en` in
    English: the row number is kept as data, the message rendered from the catalogue.
    (Rebuilt with an English "row N: " prefix, roster problems used to lose their
    parameters and print English whatever the language.)"""
    f = tmp_path / "r.jsonl"
    f.write_text(ROSTER_ERRORS, encoding="utf-8")
    code = main(["eval", "--roster", str(f), "--pack", "fujian", "--as-of", "2026-07-01",
                 "--out", str(tmp_path / "d.jsonl"), "--lang", lang, "--no-progress"])
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    for line in expected:
        assert line.format(f=f) in err


def test_roster_problems_keep_code_and_parameters(tmp_path: Path) -> None:
    """A row's problems keep the catalogue code and parameters of the validation error,
    with the row as one more parameter; the CSV cell errors are coded too."""
    f = tmp_path / "r.csv"
    f.write_text("id,front_line,findings\nE1,maybe,\nE2,true,fraud\n", encoding="utf-8")
    first, second = iter_roster(f)
    assert first.error is not None and second.error is not None
    (p,) = first.error.problems
    assert (p.code, dict(p.params)["row"], p.line) == ("BAJI219", 1, 2)
    assert p.render("zh") == (f"{f}:2:4: 第 2 行：列 'front_line'：'maybe' 不是 "
                              "true/false（是/否、1/0）")
    (q,) = second.error.problems
    assert q.render() == (f"{f}:3:9: row 3: column 'findings': 'fraud' is not "
                          "KIND:SUBJECT:DATE[:UNTIL]")


def _seen(row: RosterRow) -> tuple[object, ...]:
    return (row.number, row.line, row.profile, row.raw,
            row.error.problems if row.error is not None else None)


@pytest.mark.parametrize(("name", "text"), [
    ("r.jsonl", '{"id": "a"}\n\n[1]\n{"id": "b", "grades": [{"level": "高级技工"}]}\n'
                '{not json\n{"id": "c", "front_line": NaN}\n{"id": "d", "id": "e"}\n'
                '{"id": "f", "grades": [{"level": "技师", "posts": [{"start": "2019-03-01"}]}]}'),
    ("r.csv", "id,front_line,技师_posts\nE1,true,2019-03-01..\nE2,maybe,2019-03-01..\n"
              "E3,true,2020-01-01..2019-01-01\nE4,true\n,,\nE5,false,\n"),
])
def test_rows_checked_later_equal_rows_checked_when_read(tmp_path: Path, name: str,
                                                         text: str) -> None:
    """`iter_roster(..., check=False)` leaves parsing and validation to `checked`, which
    gives every row, good or bad, as `check=True` reads it; the unchecked rows pickle
    (they are sent to worker processes)."""
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    now = list(iter_roster(f))
    unchecked = list(iter_roster(f, check=False))
    assert any(row.unchecked is not None for row in unchecked)
    later = [checked(pickle.loads(pickle.dumps(row))) for row in unchecked]
    assert [_seen(row) for row in later] == [_seen(row) for row in now]
    assert all(row.unchecked is None for row in later)
    assert sum(row.ok for row in now) >= 2 and sum(not row.ok for row in now) >= 3



def test_evaluate_many_checks_unchecked_rows(tmp_path: Path) -> None:
    """Rows read with `check=False` and handed to `evaluate_many` are checked there: the
    same results, bad rows included, as rows checked when read."""
    f = tmp_path / "r.jsonl"
    f.write_text(ROSTER_ERRORS, encoding="utf-8")
    day = dt.date(2026, 7, 1)
    runs = [[(r.number, r.profile_id, r.error, tuple(d.levels for d in r.decisions))
             for r in evaluate_many(iter_roster(f, check=check), "fujian", day)]
            for check in (True, False)]
    assert runs[0] == runs[1]
    assert [r[2] is None for r in runs[0]] == [True, False, False]


@pytest.mark.parametrize("answers_only", [False, True])
def test_cli_roster_in_worker_processes_writes_the_same(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], answers_only: bool) -> None:
    """`baji eval --roster --jobs 2` parses, validates and evaluates in two worker
    processes and writes the same file, bad rows, summary and exit code as one process
    (several batches: the roster is longer than one)."""
    from baji.engine.parallel import BATCH
    from baji.testing.synth import roster, write_roster

    f = tmp_path / "r.jsonl"
    write_roster(f, roster(BATCH + 50, seed=3))
    with f.open("a", encoding="utf-8") as handle:
        handle.write(ROSTER_ERRORS)
    runs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"d{jobs}.jsonl"
        code = main(["eval", "--roster", str(f), "--pack", "shanghai", "--pack", "fujian",
                     "--as-of", "2026-07-01", "--out", str(out), "--lang", "en",
                     "--no-progress", "--jobs", jobs] + ["--answers-only"] * answers_only)
        runs.append((code, out.read_bytes(), capsys.readouterr().err))
    assert runs[0] == runs[1]
    code, written, err = runs[0]
    assert code == 1 and f"{BATCH + 53} rows read: {BATCH + 51} good, 2 bad" in err
    assert written.count(b"\n") == 2 * (BATCH + 51) + 2


def test_blank_lines_before_a_csv_header_are_skipped(tmp_path: Path) -> None:
    """A CSV roster whose header comes after blank lines (as some exports write it) is
    read from that header; rows keep their file line numbers (it took the first blank
    line for an empty header and refused every row)."""
    f = tmp_path / "r.csv"
    f.write_text("\n \n\nid,front_line\nE1,true\nE2,maybe\n", encoding="utf-8")
    rows = list(iter_roster(f))
    assert rows[0].profile is not None and rows[0].profile.id == "E1"
    assert rows[0].line == 5
    (p,) = rows[1].error.problems  # type: ignore[union-attr]
    assert (p.code, p.line) == ("BAJI219", 6)
