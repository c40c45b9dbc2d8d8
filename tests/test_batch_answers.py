"""Answer-only batches: evaluate_many(answer_only=True) and `baji eval --answers-only`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import baji
from baji.cli.commands import main
from baji.engine.batch import BatchSummary, evaluate_many
from baji.profile.roster import iter_roster

ROSTER = Path(__file__).resolve().parent.parent / "examples" / "roster.csv"
DAY = dt.date(2026, 12, 31)


def test_answers_match_the_full_decisions_row_by_row() -> None:
    """Each row's answers are the full decisions' status, path, paths and earliest, pack
    by pack in order, and the summary counts are the same."""
    packs = ["shanghai", "chongqing"]
    full = list(evaluate_many(iter_roster(ROSTER), packs, DAY))
    quick = list(evaluate_many(iter_roster(ROSTER), packs, DAY, answer_only=True))
    assert [r.number for r in quick] == [r.number for r in full]
    for f, q in zip(full, quick):
        assert q.decisions == () and (q.error is None) == (f.error is None)
        assert [a.pack for a in q.answers] == [d.pack for d in f.decisions]
        for answers, decision in zip(q.answers, f.decisions):
            assert [(a.level, a.status, a.path, a.paths, a.earliest) for a in answers.levels] \
                == [(lv.level, lv.status, lv.path, lv.paths, lv.earliest)
                    for lv in decision.levels]
    s_full, s_quick = BatchSummary(), BatchSummary()
    for f, q in zip(full, quick):
        s_full.add(f)
        s_quick.add(q)
    assert s_quick == s_full and s_quick.good > 0


def test_cli_answers_only_writes_one_line_per_row_and_pack(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--answers-only` writes pack, levels with status/path/paths/earliest; bad rows
    still listed and counted, exit 1."""
    person = {"id": "a", "grades": [{"level": "高级技师", "posts": [{"start": "2026-03-01"}]}],
              "in_post_employee": True, "still_in_occupation": True, "findings": [],
              "honours": [], "awards": [], "attestations": {a: True for a in (
                  "law_abiding", "professional_ethics", "dedication", "widely_recognised",
                  "physically_fit", "special_technician_competence", "teaching_contribution")},
              "employer": {"filed_institution": True, "filing": "municipal", "pilot": True}}
    roster = tmp_path / "r.jsonl"
    roster.write_text(json.dumps(person) + '\n{"grades": 3}\n', encoding="utf-8")
    out = tmp_path / "a.jsonl"
    code = main(["eval", "--roster", str(roster), "--pack", "shanghai", "--as-of",
                 "2026-07-01", "--out", str(out), "--answers-only", "--no-progress",
                 "--lang", "en"])
    assert code == 1
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["pack"] == "shanghai-2026" and lines[0]["id"] == "a"
    special = {x["level"]: x for x in lines[0]["levels"]}["special_technician"]
    want = baji.evaluate(person, "shanghai-2026", dt.date(2026, 7, 1)).level("特级技师")
    assert want.status == "ineligible" and want.earliest == dt.date(2027, 3, 1)
    assert special == {"level": "special_technician", "status": want.status, "path": None,
                       "paths": [], "earliest": want.earliest.isoformat()}
    assert lines[1]["row"] == 2 and "error" in lines[1]
    assert "2 rows read: 1 good, 1 bad" in capsys.readouterr().err


def test_cli_answers_only_needs_a_roster(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --roster, --answers-only is a usage error (exit 2)."""
    assert main(["eval", str(ROSTER), "--answers-only"]) == 2
    assert "--answers-only goes with --roster" in capsys.readouterr().err
