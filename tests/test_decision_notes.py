"""Readings made visible in the decision (issue 12 item 8): a pack's ``decision_note`` on a
condition is carried when the condition has its value, and only then; a leaf may compute
one (the other reading of Chongqing 五(三)'s ban, with its date)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import reference_evaluator
import yaml

import baji
from baji.engine.decide import decide
from baji.pack.bundled import get_pack
from baji.pack.compile import load_pack_bytes

CASES = Path(__file__).parent / "cases"
PACK = Path(__file__).parent / "packs" / "valid" / "minimal.yaml"


def _case(pack: str, name: str) -> tuple[dict[str, Any], dt.date]:
    """The profile and date of a case of ``tests/cases/<pack>.yaml``, to vary."""
    doc = yaml.safe_load((CASES / f"{pack}.yaml").read_text(encoding="utf-8"))
    found = next(c for c in doc["cases"] if c["name"].startswith(name))
    return copy.deepcopy(found["profile"]), found["as_of"]


def _notes(pack: str, data: dict[str, Any], day: dt.date, level: str) -> list[str]:
    """The level's notes in both languages; the reference evaluator must agree."""
    net = get_pack(pack)
    p = baji.parse_profile(data)
    decision = decide(net, p, day)
    assert decision == reference_evaluator.evaluate(net, p, day)
    return [t for n in decision.level(level).notes for t in (n.zh, n.en)]


def test_fujian_ministry_reading_is_noted_only_when_the_filing_fails() -> None:
    """Fujian 附件3 一(一) 「经人社部备案」: the note on the reading appears when the employer
    is not filed with the ministry (e.g. filed only with a provincial 人社厅), not when it is."""
    data, day = _case("fujian-2026", "一(一): employer not filed with MOHRSS")
    assert any("「经人社部备案」读作经人力资源社会保障部备案" in t
               for t in _notes("fujian-2026", data, day, "special_technician"))
    data["employer"]["mohrss_filed"] = True
    assert not any("经人社部备案" in t
                   for t in _notes("fujian-2026", data, day, "special_technician"))


def test_shanghai_central_enterprise_branch_is_noted_only_for_a_branch() -> None:
    """Shanghai 首席 (附件3 一): a municipal filing carries no note; a central-enterprise
    branch carries the note that the central enterprise decides."""
    data, day = _case("shanghai-2026", "首席: a central-enterprise branch")
    assert any("央企在沪分支机构" in t
               for t in _notes("shanghai-2026", data, day, "chief_technician"))
    data["employer"]["filing"] = "municipal"
    assert not any("央企在沪分支机构开展首席技师评聘" in t
                   for t in _notes("shanghai-2026", data, day, "chief_technician"))


def test_first_prize_or_better_note_only_for_a_national_award() -> None:
    """Chongqing 附件2 一(四): a Chongqing first prize meets 「一等奖及以上」 without the note;
    the note on national awards of any rank comes with a national award only."""
    data, day = _case("chongqing-2023", "priority 4: 重庆市科学技术奖一等奖")
    assert not any("及以上" in t and "国家科学技术奖" in t
                   for t in _notes("chongqing-2023", data, day, "special_technician"))
    data, day = _case("chongqing-2023", "priority 4: a national S&T award ranks above")
    assert any("任何等次的国家科学技术奖" in t
               for t in _notes("chongqing-2023", data, day, "special_technician"))


def test_chongqing_ban_note_gone_once_both_readings_have_ended() -> None:
    """Chongqing 五(三): after 31 December of the finding's year plus five, neither
    reading bans any more and the decision carries no ban note."""
    data, _ = _case("chongqing-2023", "ban: candidate fraud 2019-03-10, the day after")
    assert any("2024-12-31" in t
               for t in _notes("chongqing-2023", data, dt.date(2024, 12, 31),
                               "special_technician"))
    assert not any("弄虚作假" in t
                   for t in _notes("chongqing-2023", data, dt.date(2025, 1, 1),
                                   "special_technician"))


def test_identical_conditions_with_different_decision_notes_are_not_merged() -> None:
    """A condition with a decision note is its own node: the same condition written
    elsewhere without the note does not carry it, nor does the note leak to it."""
    text = PACK.read_text(encoding="utf-8").replace(
        "        - honour: honours\n",
        "        - honour: honours\n"
        "          decision_note: {on: met, zh: 破格说明, en: exceptional note}\n")
    net = load_pack_bytes(text.encode(), display="minimal+", base=PACK.parent)
    told = [n for n in net.nodes if n.decision_note is not None]
    assert [n.decision_note.en for n in told if n.decision_note] == ["exceptional note"]
    data = {"grades": [{"level": "senior_technician", "posts": [{"start": "2026-06-01"}]}],
            "still_in_occupation": True, "honours": ["全国技术能手"]}
    day = dt.date(2026, 7, 1)
    notes = decide(net, baji.parse_profile(data), day).level("special_technician").notes
    assert [n.en for n in notes] == ["exceptional note"]
    data["honours"] = []
    assert decide(net, baji.parse_profile(data), day).level("special_technician").notes == ()


def test_a_bad_note_value_is_a_located_error() -> None:
    """``on`` takes met or unmet only; anything else is refused at its place."""
    text = PACK.read_text(encoding="utf-8").replace(
        "        - honour: honours\n",
        "        - honour: honours\n"
        "          decision_note: {on: maybe, zh: 说明, en: note}\n")
    with pytest.raises(baji.PackError, match=r"minimal\+:\d+:\d+: .*'maybe'"):
        load_pack_bytes(text.encode(), display="minimal+", base=PACK.parent)
