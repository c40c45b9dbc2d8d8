"""Versions in force: the registry picks, for a jurisdiction and a date, the pack in force."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import baji
from baji.cli.commands import main
from baji.pack.model import PackFile, Window
from baji.pack.registry import Registry

D = dt.date
MINIMAL = Path(__file__).parent / "packs" / "valid" / "minimal.yaml"


def _version(pack_id: str, start: dt.date, until: dt.date | None,
             repeals: tuple[str, ...] = (), number: str = "沪人社职〔2026〕135号") -> baji.Network:
    base = baji.load_pack(MINIMAL).source
    doc = base.documents[0].model_copy(update={"number": number})
    data: PackFile = base.model_copy(update={
        "pack": pack_id, "in_force": Window.model_validate({"from": start, "until": until}),
        "repeals": repeals, "documents": (doc,)})
    return baji.compile_pack(data)


@pytest.mark.parametrize(("jurisdiction", "day", "pack"), [
    ("tianjin", D(2024, 3, 31), None), ("tianjin", D(2024, 4, 1), "tianjin-2024"),
    ("tianjin", D(2026, 3, 31), "tianjin-2024"), ("tianjin", D(2026, 4, 1), None),
    ("shanghai", D(2026, 6, 7), None), ("shanghai", D(2026, 6, 8), "shanghai-2026"),
    ("chongqing", D(2023, 6, 1), None), ("chongqing", D(2023, 6, 2), "chongqing-2023"),
    ("fujian", D(2026, 2, 13), None), ("fujian", D(2026, 2, 14), "fujian-2026"),
])
def test_bundled_windows_behave_exactly_at_their_edges(jurisdiction: str, day: dt.date,
                                                       pack: str | None) -> None:
    """The version in force on the first and last days, and none the day outside."""
    found = Registry.bundled().in_force(jurisdiction, day)
    assert (found.id if found else None) == pack


def test_jurisdiction_outside_its_window_answers_not_in_force_with_the_window() -> None:
    """Evaluating Tianjin after it lapsed gives not_in_force naming 2024-04-01..2026-03-31."""
    d = baji.evaluate({}, "tianjin", D(2026, 4, 1))
    assert d.pack == "tianjin-2024" and not d.in_force
    level = d.level("首席技师")
    assert level.status == "not_in_force"
    assert "2024-04-01..2026-03-31" in level.message.en


def test_overlapping_versions_without_repeal_are_an_error() -> None:
    """Two versions of one jurisdiction in force on one day, neither repealing the other."""
    a = _version("test-2026", D(2026, 1, 1), None)
    b = _version("test-2027", D(2027, 1, 1), None, number="沪人社职〔2027〕1号")
    with pytest.raises(baji.PackError, match="'test-2026' and 'test-2027' of jurisdiction "
                       "'test' are both in force from 2027-01-01"):
        Registry([a, b])


def test_repeal_ends_the_earlier_window_the_day_before() -> None:
    """A later version that repeals the earlier one takes over on its first day."""
    a = _version("test-2026", D(2026, 1, 1), None)
    b = _version("test-2027", D(2027, 1, 1), None, repeals=("沪人社职〔2026〕135号",),
                 number="沪人社职〔2027〕1号")
    reg = Registry([a, b])
    assert reg.in_force("test", D(2026, 12, 31)).id == "test-2026"  # type: ignore[union-attr]
    assert reg.in_force("test", D(2027, 1, 1)).id == "test-2027"  # type: ignore[union-attr]
    earlier = reg.get("test-2026")
    assert earlier is not None and earlier.window.until == D(2026, 12, 31)
    decision = baji.evaluate({}, earlier, D(2027, 1, 1))
    assert not decision.in_force


def test_unknown_jurisdiction_is_a_clear_error() -> None:
    """A misspelt jurisdiction gets a did-you-mean."""
    with pytest.raises(baji.EvaluationError, match="did you mean 'shanghai'"):
        Registry.bundled().versions("shanghia")


def test_missing_post_history_is_undetermined_unless_fallback_is_asked() -> None:
    """Without posts the tenure is unknown; the opt-in fallback counts from the
    certificate date and the decision reports it as an assumption."""
    profile = {"grades": [{"level": "高级技师", "certified_on": "2025-07-01"}],
               "still_in_occupation": True, "honours": []}
    net = baji.load_pack(MINIMAL)
    plain = baji.evaluate(profile, net, D(2026, 7, 1)).level("特级技师")
    assert plain.status == "undetermined"
    assert plain.missing == ("grades[senior_technician].posts",)
    assumed = baji.evaluate(profile, net, D(2026, 7, 1), assume_posts_from_certificate=True)
    assert assumed.level("特级技师").status == "eligible"
    assert [m.en for m in assumed.assumptions] == [
        "posts at senior technician not given: counted as held from the certificate date "
        "2025-07-01 onwards"]
    before = baji.evaluate(profile, net, D(2026, 6, 30), assume_posts_from_certificate=True)
    assert before.level("特级技师").earliest == D(2026, 7, 1)


def test_when_prints_the_earliest_date_and_what_time_waits_for(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`baji when` shows, per level, the first date and the time condition it waits for."""
    f = tmp_path / "p.yaml"
    f.write_text("grades:\n  - level: 高级技师\n    posts: [{start: 2025-07-01}]\n"
                 "still_in_occupation: true\nhonours: []\n", encoding="utf-8")
    assert main(["when", str(f), "--pack", str(MINIMAL), "--as-of", "2026-06-10",
                 "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert ("special technician  ineligible  2026-07-01  only time: 1 year in a senior "
            "technician post (2026-07-01)") in out


def test_when_names_a_ban_recorded_to_come(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A ban that a finding dated after as_of will start is met today, yet it sets the
    date: `baji when` names it beside the title it also waits for."""
    f = tmp_path / "p.json"
    f.write_text(json.dumps({
        "grades": [], "in_related_work": True, "front_line": True, "honours": [],
        "awards": [],
        "titles": [{"id": "senior_professional_title_full", "aligned": True,
                    "date": "2023-12-31"}],
        "attestations": dict.fromkeys(["supports_party_line", "law_abiding",
                                       "professional_ethics", "dedication",
                                       "solves_technical_problems", "teaching_contribution",
                                       "widely_recognised"], True),
        "findings": [{"kind": "fraud", "date": "2023-12-31"}],
        "employer": {"filed_institution": True, "filing": "municipal",
                     "certification_started": True, "pilot": True}}), encoding="utf-8")
    assert main(["when", str(f), "--pack", "chongqing-2023", "--as-of", "2023-06-02",
                 "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert ("special technician  ineligible  2029-01-01  only time: holds Full senior "
            "professional title aligned with the occupation (2023-12-31); no fraud finding "
            "against the candidate or employer in the last 5 years (2029-01-01)") in out


def test_bundled_packs_are_named_after_their_jurisdiction() -> None:
    """Bundled packs are named ``<jurisdiction>-<year>``: a pack asked for by id or by
    jurisdiction loads only its jurisdiction's versions, found by that name."""
    from baji.pack.bundled import bundled_versions

    for pack_id in baji.bundled_pack_ids():
        jurisdiction, _, year = pack_id.rpartition("-")
        assert year.isdigit() and len(year) == 4
        assert baji.get_pack(pack_id).jurisdiction == jurisdiction
        registry = bundled_versions(jurisdiction)
        assert registry is not None and registry.jurisdictions == (jurisdiction,)
        # the same networks as the registry of every bundled pack
        assert registry.get(pack_id) is Registry.bundled().get(pack_id)


def test_one_pack_asked_for_loads_only_its_jurisdiction() -> None:
    """A first answer from one bundled pack reads that jurisdiction's packs, not all
    (named by jurisdiction: by id, a bundled pack answers from its program compiled
    ahead and reads none, tests/test_ahead.py)."""
    import subprocess
    import sys

    code = ("import datetime, baji; from baji.pack import bundled; "
            "baji.evaluate_answers({}, 'shanghai', datetime.date(2026, 9, 1)); "
            "baji.evaluate_answers({}, 'tianjin', datetime.date(2025, 1, 1)); "
            "print(sorted(bundled._bundled.cache_info().currsize for _ in [0]), "
            "bundled.bundled_registry.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["[2]", "0"]
