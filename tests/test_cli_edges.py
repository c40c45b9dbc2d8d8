"""Issue 15, item 4: command-line edges (`when` before a window, `check` of vocab.yaml,
`schema` as one document, `eval --roster` refusing what it would ignore, no stray line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baji.cli.commands import main

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "profiles" / "shanghai-2026--sh.chief.regular.yaml"


@pytest.mark.parametrize(("lang", "header"), [
    ("zh", "2026-01-01 尚未施行，自施行之日 2026-06-08 起计算"),
    ("en", "not in force on 2026-01-01: counted from its first day, 2026-06-08")])
def test_issue15_when_before_window_counts_from_its_first_day(
        lang: str, header: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`baji when` on a date before the pack's window gives dates, counted from its start."""
    code = main(["when", str(EXAMPLE), "--pack", "shanghai-2026", "--as-of", "2026-01-01",
                 "--lang", lang])
    out = capsys.readouterr().out
    assert code == 0
    assert header in out
    assert "2026-06-08" in out.splitlines()[-2]  # special technician: from the first day
    assert "不在本政策施行期内" not in out and "not in force (" not in out


def test_issue15_check_accepts_vocab(capsys: pytest.CaptureFixture[str]) -> None:
    """`baji check rules/*.yaml` checks rules/vocab.yaml as a vocabulary."""
    files = sorted(str(p) for p in (ROOT / "rules").glob("*.yaml"))
    code = main(["check", *files])
    out = capsys.readouterr().out
    assert code == 0
    assert f"ok {ROOT / 'rules' / 'vocab.yaml'}: vocabulary, " in out


def test_issue15_check_reports_a_bad_vocab(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A broken vocabulary named on the command line is reported, located; exit 1."""
    bad = tmp_path / "vocab.yaml"
    bad.write_text("honors: []\n", encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    assert f"{bad}:1:1: $.honors: unknown field 'honors'" in capsys.readouterr().err


def test_issue15_schema_without_name_is_one_json_document(
        capsys: pytest.CaptureFixture[str]) -> None:
    """`baji schema` prints one JSON object keyed by schema name."""
    assert main(["schema"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert sorted(every) == ["decision", "decision-ref", "pack", "profile"]
    assert every["profile"]["$id"].endswith("profile.schema.json")


@pytest.mark.parametrize(("extra", "message"), [
    (["--format", "table"], "--format does not apply to --roster"),
    (["--format", "json"], "--format does not apply to --roster"),
    ([str(EXAMPLE)], "not both")])
def test_issue15_roster_refuses_ignored_options(
        extra: list[str], message: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`eval --roster` with options it would ignore is a usage error (exit 2)."""
    roster = tmp_path / "r.jsonl"
    roster.write_text('{"id": "a"}\n', encoding="utf-8")
    assert main(["eval", "--roster", str(roster), *extra]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_issue15_failed_eval_prints_nothing_on_stdout(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A profile that cannot be read leaves stdout empty (no blank line)."""
    assert main(["eval", str(tmp_path / "missing.yaml")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "cannot read file" in captured.err


@pytest.mark.parametrize(("name", "text", "line", "at"), [
    ("r.jsonl", '{"id": "a"}\n\n\n{"id": "b", "birth": 1}\n', 4, "4"),
    ("r.csv", "id,front_line\n\na,true\n\nb,maybe\n", 5, "5:3")])
@pytest.mark.parametrize(("lang", "word"), [("en", "row {}: "), ("zh", "第 {} 行：")])
def test_issue15_roster_rows_are_named_by_file_line(
        name: str, text: str, line: int, at: str, lang: str, word: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A bad roster row is named by the line of the file it starts on (header and blank
    lines counted), in the message and in its problems' JSON; a bad CSV cell by its
    column too."""
    roster = tmp_path / name
    roster.write_text(text, encoding="utf-8")
    assert main(["eval", "--roster", str(roster), "--pack", "shanghai-2026", "--as-of",
                 "2026-07-01", "--lang", lang]) == 1
    captured = capsys.readouterr()
    assert f"{roster}:{at}: {word.format(line)}" in captured.err
    bad = [json.loads(x) for x in captured.out.splitlines() if '"error"' in x]
    assert bad[0]["problems"][0]["row"] == line
