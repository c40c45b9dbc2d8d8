"""Labels defined once (issue 11 item 5): every renderer names paths, statuses and award
ranks from baji.core.labels, so changing a label there changes it in every output."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import baji
from baji.analysts.diff import diff_packs
from baji.analysts.impact import impact
from baji.core import labels
from baji.core.decision import Message
from baji.engine.batch import BatchSummary, evaluate_many
from baji.render.diff import render_markdown, render_table
from baji.render.graph import render_graph
from baji.render.impact import render_summary
from baji.render.text import render_summary as render_batch_summary
from baji.render.text import render_table as render_decision

SRC = Path(__file__).resolve().parent.parent / "src" / "baji"
PACK = Path(__file__).parent / "packs" / "valid" / "minimal.yaml"
PROFILE = {"grades": [{"level": "senior_technician", "posts": [{"start": "2025-07-01"}]}],
           "still_in_occupation": True, "honours": []}
DAY = dt.date(2026, 7, 1)
#: Modules that still spell labels out: none (the analysts' summary and the compiler read
#: baji.core.labels since the rule operators moved).
NOT_YET: set[str] = set()


@pytest.fixture()
def marked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every path and status label marked with '#'."""
    for table in (labels.PATH_LABEL, labels.STATUS_LABEL):
        for key, label in list(table.items()):
            monkeypatch.setitem(table, key, Message(zh=f"#{label.zh}", en=f"#{label.en}"))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.usefixtures("marked")
def test_the_decision_table_reads_the_labels(lang: str) -> None:
    """`baji eval`'s table: the status and path of each level."""
    text = render_decision(baji.evaluate(PROFILE, PACK, DAY), lang)
    status, path = ("#符合", "#常规") if lang == "zh" else ("#eligible", "#regular")
    assert f"{status}  {path}" in text
    assert f"· {labels.IN_FORCE.in_(lang)}\n" in text


@pytest.mark.usefixtures("marked")
def test_the_batch_summary_reads_the_labels() -> None:
    """The summary after `baji eval --roster` counts statuses by their labels."""
    summary = BatchSummary()
    for result in evaluate_many([PROFILE], PACK, DAY):
        summary.add(result)
    assert "#符合 1" in render_batch_summary(summary, "zh")


@pytest.mark.usefixtures("marked")
def test_impact_reads_the_labels() -> None:
    """`baji impact`'s table: any path, each path, statuses, and 'not ruled'."""
    net = baji.load_pack(PACK)
    report = impact(net, baji.get_pack("shanghai-2026"), [baji.parse_profile(PROFILE)], DAY)
    text = render_summary(report, "en")
    for word in (labels.ANY_PATH.en, "#regular", "#eligible", labels.NOT_RULED.en):
        assert word in text, word


@pytest.mark.usefixtures("marked")
def test_the_diff_and_the_graph_read_the_labels() -> None:
    """`baji diff` item labels (table and Markdown) and `baji graph` rule boxes."""
    diff = diff_packs(baji.get_pack("shanghai-2026"), baji.get_pack("chongqing-2023"))
    assert " · #常规 · " in render_table(diff, "zh")
    assert " · #regular · " in render_markdown(diff, "en")
    assert " · #破格 · " in render_graph(baji.get_pack("shanghai-2026"), "mermaid", "zh")


def test_a_decision_names_the_path_in_full() -> None:
    """A decision's message names the path as labels.PATH_IN_FULL has it."""
    decision = baji.evaluate(PROFILE, PACK, DAY).level("special_technician")
    assert f"（{labels.PATH_IN_FULL['regular'].zh}，依据规则 regular）" in decision.message.zh


def test_award_ranks_in_chinese_come_from_the_table() -> None:
    """A profile's award rank may be given by its Chinese label."""
    for rank, label in labels.RANK_LABEL.items():
        profile = baji.parse_profile({"awards": [{"id": "national_science_technology_award",
                                                  "rank": label.zh}]})
        assert profile.awards is not None and profile.awards[0].rank == rank


@pytest.mark.parametrize("word", ["破格", "直接申报/直接认定", "常规路径", "未施行", "施行中",
                                  "不涉及", "任一途径", "特等奖", "not in force", "优先考虑"])
def test_no_module_spells_a_label_out_again(word: str) -> None:
    """Outside baji.core.labels, no module of src/baji has a label's words as a string
    of their own (the modules being rewritten with the operators aside)."""
    found = [str(f.relative_to(SRC)) for f in sorted(SRC.rglob("*.py"))
             if re.search(rf'"{re.escape(word)}"', f.read_text(encoding="utf-8"))]
    assert set(found) - NOT_YET == {"core/labels.py"}
