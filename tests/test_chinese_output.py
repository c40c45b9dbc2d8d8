"""Issue 15, item 3: with --lang zh the text outputs are Chinese throughout (field labels
after 缺少, level names in the roster summary, no "as of"), while --lang en and JSON keep
the field paths; when only time is missing, the 说明 column names the time condition."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from baji.cli.commands import main
from baji.core.labels import field_label

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples" / "profiles").glob("*.yaml"))
#: A field path or an id as the profile spells it: snake_case, dotted or indexed.
FIELD_PATH = re.compile(r"[a-z]+_[a-z_]+|[a-z]+\.[a-z_]+|\[[a-z_]+\]")
UNKNOWN = ("id: U1\ngrades:\n  - level: 高级技师\n    posts: [{start: 2018-01-01}]\n"
           "still_in_occupation: true\nhonours: []\nawards: []\ntitles: []\n")


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    main(args)
    return capsys.readouterr().out


@pytest.mark.parametrize("command", ["eval", "when"])
@pytest.mark.parametrize("profile", EXAMPLES, ids=lambda p: p.stem)
def test_issue15_chinese_tables_name_no_field_paths(
        command: str, profile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every 缺少 and 仅待时间 text of the bundled examples is in Chinese."""
    pack = profile.name.split("--")[0]
    out = _run([command, str(profile), "--pack", pack, "--as-of", "2026-07-01"], capsys)
    for line in out.splitlines():
        for word in ("缺少", "仅待时间"):
            if word in line:
                tail = line.split(word, 1)[1]
                assert not FIELD_PATH.search(tail), line
    assert "missing:" not in out and "only time:" not in out


def test_issue15_missing_fields_chinese_in_zh_paths_in_en_and_json(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An undetermined level: labels in zh, the field paths in en and in JSON."""
    profile = tmp_path / "u.yaml"
    profile.write_text(UNKNOWN, encoding="utf-8")
    base = ["eval", str(profile), "--pack", "chongqing-2023", "--as-of", "2026-07-01"]
    zh = _run(base, capsys)
    assert "缺少：爱岗敬业、甘于奉献；遵纪守法；" in zh
    assert "用人单位特级技师、首席技师评聘已备案；违纪违规或弄虚作假记录；在生产科研一线在岗" in zh
    assert "attestations." not in zh and "employer." not in zh
    en = _run([*base, "--lang", "en"], capsys)
    assert "missing: attestations.dedication, attestations.law_abiding" in en
    decisions = json.loads(_run([*base, "--format", "json"], capsys))
    missing = {f for level in decisions[0]["levels"] for f in level.get("missing", ())}
    assert {"attestations.dedication", "employer.pilot", "front_line"} <= missing


@pytest.mark.parametrize(("field", "label"), [
    ("attestations.physically_fit", "具有适应工作岗位需要的身体条件"),
    ("grades[senior_technician].posts", "高级技师岗位任职经历"),
    ("employer.pilot", "用人单位特级技师、首席技师评聘已备案"),
    ("still_in_occupation", "仍从事本职业（工种）工作"),
    ("employer.self_assessment_since", "用人单位开展自主评价的起始日期")])
def test_issue15_field_labels(field: str, label: str) -> None:
    """Each kind of missing field has its Chinese label; English keeps the path."""
    assert field_label(field, "zh") == label
    assert field_label(field, "en") == field


@pytest.mark.parametrize(("lang", "text"), [
    ("zh", "仅待时间：在高级技师岗位工作满3年，2029-05-01 起符合"),
    ("en", "only time: ")])
def test_issue15_only_time_missing_names_the_time_condition(
        lang: str, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An ineligible level with an earliest date explains the date, not other paths."""
    profile = ROOT / "examples" / "profiles" / "shanghai-2026--sh.special.exceptional.yaml"
    out = _run(["eval", str(profile), "--pack", "shanghai-2026", "--as-of", "2026-07-01",
                "--lang", lang], capsys)
    row = next(line for line in out.splitlines() if "2029-05-01" in line)
    assert text in row
    assert "中华技能大奖" not in row and "unmet" not in row


def test_issue15_roster_summary_names_levels_in_chinese(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The summary after `eval --roster` names levels in Chinese with --lang zh."""
    roster = tmp_path / "r.jsonl"
    roster.write_text('{"id": "a"}\n', encoding="utf-8")
    main(["eval", "--roster", str(roster), "--pack", "shanghai-2026", "--as-of", "2026-07-01",
          "--lang", "zh"])
    err = capsys.readouterr().err
    assert "shanghai-2026 高级工: 待定 1" in err
    assert "senior_worker" not in err


def test_issue15_impact_summary_has_no_english_in_zh(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`baji impact --lang zh` writes its date as 评估日期, not "as of"."""
    roster = tmp_path / "r.jsonl"
    roster.write_text('{"id": "a"}\n', encoding="utf-8")
    main(["impact", "shanghai-2026", "chongqing-2023", str(roster), "--as-of", "2026-07-01",
          "--lang", "zh"])
    captured = capsys.readouterr()
    assert "评估日期 2026-07-01" in captured.out
    assert "as of" not in captured.out
    assert "共 1 行（两个规则包下评估 1 行，坏行 0），用时" in captured.err
    assert "rows/s" not in captured.err


def test_issue15_impact_html_has_no_english_date_word_in_zh(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The HTML impact report in Chinese gives its date as 评估日期 too."""
    roster = tmp_path / "r.jsonl"
    roster.write_text('{"id": "a"}\n', encoding="utf-8")
    main(["impact", "shanghai-2026", "chongqing-2023", str(roster), "--as-of", "2026-07-01",
          "--lang", "zh", "--format", "html"])
    out = capsys.readouterr().out
    assert "评估日期 2026-07-01" in out
    assert "as of" not in out


def test_issue15_decision_json_chinese_message_names_missing_facts_by_label(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The Chinese ``message`` of an undetermined level in decision JSON names the missing
    facts by their Chinese labels (it listed field paths after 缺少); the English one and
    ``missing`` keep the paths."""
    profile = tmp_path / "u.yaml"
    profile.write_text(UNKNOWN, encoding="utf-8")
    decisions = json.loads(_run(["eval", str(profile), "--pack", "chongqing-2023", "--as-of",
                                 "2026-07-01", "--format", "json", "--inline-texts"], capsys))
    undetermined = [lv for lv in decisions[0]["levels"] if lv["status"] == "undetermined"]
    assert undetermined
    for level in undetermined:
        zh, en = level["message"]["zh"], level["message"]["en"]
        assert zh == f"{level['level_zh']}：无法确定，缺少" + "、".join(
            field_label(f, "zh") for f in level["missing"])
        assert not FIELD_PATH.search(zh), zh
        assert en.endswith("missing " + ", ".join(level["missing"]))
    assert any("遵纪守法" in lv["message"]["zh"] for lv in undetermined)


@pytest.mark.parametrize("counted", [True, False], ids=["file", "stdin"])
def test_issue15_progress_lines_are_chinese_in_zh(tmp_path: Path, counted: bool) -> None:
    """``--progress --lang zh``: the progress bar counts 行 (it said "rows" and "/s"),
    with and without a total; ``--lang en`` keeps English."""
    import subprocess
    import sys

    rows = "".join(f'{{"id": "E{i}"}}\n' for i in range(30))
    roster = tmp_path / "r.jsonl"
    roster.write_text(rows, encoding="utf-8")
    where = str(roster) if counted else "-"
    for lang, expected, foreign in (("zh", "30 行，每秒", "rows"), ("en", "30 rows", "行")):
        done = subprocess.run(
            [sys.executable, "-m", "baji", "eval", "--roster", where, "--pack", "shanghai",
             "--answers-only", "--as-of", "2026-07-01", "--progress", "--lang", lang],
            input=rows.encode(), capture_output=True, timeout=60, check=False)
        bar = done.stderr.decode().split("\r")[-1].splitlines()[0]
        assert (f"{expected}" in bar) and foreign not in bar, bar
        assert ("/30" in bar) == counted, bar
