"""The `baji` command line, called through main(argv) and as `python -m baji`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from baji.cli.commands import main

PACKS = Path(__file__).parent / "packs"


def _profile(tmp_path: Path) -> Path:
    f = tmp_path / "p.yaml"
    f.write_text("id: E1\ngrades:\n  - level: 高级技师\n    posts: [{start: 2025-07-01}]\n"
                 "still_in_occupation: true\nhonours: []\n", encoding="utf-8")
    return f


def _keys(value: object) -> list[str]:
    """Every key of every mapping in a JSON value."""
    if isinstance(value, dict):
        return [*value, *(k for v in value.values() for k in _keys(v))]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


def test_eval_json_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`baji eval --format json` prints a list of decisions written by reference to the
    pack, which read back with the pack into the decision `baji.evaluate` gives; with
    --inline-texts, decisions with their texts, as `Decision` reads them."""
    import datetime as dt

    import baji
    from baji.core.decision import Decision

    pack = PACKS / "valid" / "minimal.yaml"
    args = ["eval", str(_profile(tmp_path)), "--pack", str(pack), "--as-of", "2026-07-01",
            "--format", "json"]
    assert main(args) == 0
    payload = json.loads(capsys.readouterr().out)
    expected = baji.evaluate(baji.load_profiles(_profile(tmp_path))[0], baji.load_pack(pack),
                             dt.date(2026, 7, 1))
    assert "pack_texts" in payload[0]
    # no clause text, no condition's wording: ids
    assert not {"text", "required", "kind"} & set(_keys(payload[0]))
    assert baji.load_decision(payload[0], pack) == expected
    with pytest.raises(baji.EvaluationError) as refused:
        baji.load_decision(payload[0])
    assert [p.code for p in refused.value.problems] == ["BAJI305"]
    assert main([*args, "--inline-texts"]) == 0
    inline = json.loads(capsys.readouterr().out)
    assert Decision.model_validate(inline[0]) == expected
    assert baji.load_decision(inline[0]) == expected


def test_eval_table_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The table names levels and statuses in the chosen language."""
    main(["eval", str(_profile(tmp_path)), "--pack", str(PACKS / "valid" / "minimal.yaml"),
          "--as-of", "2026-06-30", "--lang", "en"])
    out = capsys.readouterr().out
    assert "special technician  ineligible" in out
    assert "2026-07-01" in out


def test_eval_bad_profile_exits_1_with_located_error(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A bad profile file is reported on stderr with its line and column; exit code 1."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: E1\nfront_lien: true\n", encoding="utf-8")
    code = main(["eval", str(bad), "--pack", str(PACKS / "valid" / "minimal.yaml")])
    assert code == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:1: $.front_lien: unknown field 'front_lien'" in err


def test_check_reports_every_broken_pack(capsys: pytest.CaptureFixture[str]) -> None:
    """`baji check` exits 1 when any pack is broken and prints located errors."""
    code = main(["check", str(PACKS / "valid" / "minimal.yaml"),
                 str(PACKS / "invalid" / "cycle.yaml")])
    captured = capsys.readouterr()
    assert code == 1
    assert "ok " in captured.out and "minimal.yaml" in captured.out
    assert "cycle.yaml:42:17: $.rules[1].when.all[0].rule: rules build on each other in a " \
        "cycle" in captured.err


def test_check_bundled_packs_pass(capsys: pytest.CaptureFixture[str]) -> None:
    """All bundled packs and the vocabulary check clean."""
    assert main(["check"]) == 0
    assert capsys.readouterr().out.count("ok rules/") == 4


def test_packs_lists_windows(capsys: pytest.CaptureFixture[str]) -> None:
    """`baji packs` shows each pack's id, document and window in force."""
    assert main(["packs"]) == 0
    out = capsys.readouterr().out
    assert "tianjin-2024" in out and "2024-04-01..2026-03-31" in out
    assert "shanghai-2026" in out and "沪人社职〔2026〕135号" in out


def test_unknown_pack_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A misspelt pack id is an error with a suggestion, not a traceback."""
    assert main(["eval", str(_profile(tmp_path)), "--pack", "fujian-2062"]) == 1
    assert "did you mean 'fujian-2026'" in capsys.readouterr().err


def test_python_dash_m_runs() -> None:
    """`python -m baji schema profile` prints the profile schema."""
    out = subprocess.run([sys.executable, "-m", "baji", "schema", "profile"], check=True,
                         capture_output=True, text=True).stdout
    assert json.loads(out)["title"] == "Profile"


def test_roster_lines_by_reference_and_inline(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`baji eval --roster` writes each decision by reference to its pack (read back
    equal with it); with --inline-texts, in full as `Decision`."""
    import datetime as dt

    import baji
    from baji.core.decision import Decision

    roster = tmp_path / "r.jsonl"
    roster.write_text('{"id": "E1", "grades": [{"level": "高级技师", "posts": '
                      '[{"start": "2025-06-08"}]}], "honours": ["全国技术能手"]}\n',
                      encoding="utf-8")
    args = ["eval", "--roster", str(roster), "--pack", "shanghai-2026", "--as-of", "2026-09-01"]
    expected = baji.evaluate(baji.load_profiles(roster)[0], "shanghai-2026",
                             dt.date(2026, 9, 1))
    assert main(args) == 0
    line = json.loads(capsys.readouterr().out.splitlines()[0])
    assert "pack_texts" in line["decision"]
    assert baji.load_decision(line["decision"], "shanghai-2026") == expected
    assert main([*args, "--inline-texts"]) == 0
    line = json.loads(capsys.readouterr().out.splitlines()[0])
    assert Decision.model_validate(line["decision"]) == expected


@pytest.mark.parametrize("extra", [["--format", "table"], ["--format", "sheet"], []])
def test_inline_texts_without_json_is_refused(tmp_path: Path, extra: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """--inline-texts with a table, a sheet or answers only: exit 2, saying where it goes."""
    assert main(["eval", str(_profile(tmp_path)), "--pack", "shanghai-2026",
                 "--inline-texts", *extra]) == 2
    assert "--inline-texts goes with --format json or --roster" in capsys.readouterr().err
    roster = tmp_path / "r.jsonl"
    roster.write_text("{}\n", encoding="utf-8")
    assert main(["eval", "--roster", str(roster), "--pack", "shanghai-2026",
                 "--inline-texts", "--answers-only"]) == 2
    assert "--inline-texts goes with" in capsys.readouterr().err
