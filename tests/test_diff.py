"""The semantic pack diff (baji.analysts.diff): alignment, citations, sets, properties, renderers."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baji import bundled_pack_ids, compile_pack, get_pack
from baji.analysts.diff import PackDiff, diff_packs
from baji.cli.commands import main
from baji.pack.model import Condition, PackFile, Reading, Rule
from baji.pack.network import Network
from baji.render.diff import render, render_html, render_json, render_markdown, render_table

PACKS = Path(__file__).parent / "packs"
IDS = bundled_pack_ids()


@pytest.fixture(scope="module")
def sh_cq() -> PackDiff:
    """Shanghai 2026 against Chongqing 2023."""
    return diff_packs(get_pack("shanghai-2026"), get_pack("chongqing-2023"))


# -- properties over the bundled packs ------------------------------------------------------
@pytest.mark.parametrize("pack_id", IDS)
def test_a_pack_diffed_with_itself_is_empty(pack_id: str) -> None:
    """Every aligned item of a pack agrees with itself: no differences, and every item
    is listed as an agreement."""
    net = get_pack(pack_id)
    diff = diff_packs(net, net)
    assert diff.empty
    assert diff.items == ()
    assert len(diff.same) > 20
    assert all(i.change == "same" and i.a == i.b for i in diff.same)


@pytest.mark.parametrize(("a", "b"), list(itertools.permutations(IDS, 2)))
def test_diff_is_the_mirror_of_the_reverse_diff(a: str, b: str) -> None:
    """diff(A, B) seen from the other side is exactly diff(B, A), and differs from it
    unless A and B agree."""
    ab = diff_packs(get_pack(a), get_pack(b))
    ba = diff_packs(get_pack(b), get_pack(a))
    assert ab.mirror() == ba
    assert ab.mirror().mirror() == ab
    assert not ab.empty


# -- perturbed packs ------------------------------------------------------------------------
def _map_tenure(cond: Condition, target: int, years: int, seen: list[int]) -> Condition:
    """``cond`` with the ``target``-th tenure leaf (pre-order) set to ``years``."""
    if cond.tenure is not None:
        seen.append(1)
        if len(seen) - 1 == target:
            return cond.model_copy(update={"tenure": cond.tenure.model_copy(
                update={"years": years})})
        return cond
    update: dict[str, object] = {}
    for op in ("all", "any"):
        subs = getattr(cond, op)
        if subs is not None:
            update[op] = tuple(_map_tenure(c, target, years, seen) for c in subs)
    if cond.not_ is not None:
        update["not_"] = _map_tenure(cond.not_, target, years, seen)
    return cond.model_copy(update=update) if update else cond


def _tenure_count(cond: Condition) -> int:
    subs = list(cond.all or ()) + list(cond.any or ()) + ([cond.not_] if cond.not_ else [])
    return (cond.tenure is not None) + sum(_tenure_count(c) for c in subs)


def _recompiled(source: PackFile) -> Network:
    return compile_pack(source)


@st.composite
def perturbed(draw: st.DrawFn) -> tuple[Network, Network, str]:
    """A bundled pack, the same pack with one change to its source, and the change."""
    net = get_pack(draw(st.sampled_from(IDS)))
    src = net.source
    kind = draw(st.sampled_from(["years", "window", "reading", "set", "reorder"]))
    if kind == "years":
        rules = [(i, r) for i, r in enumerate(src.rules) if _tenure_count(r.when)]
        i, rule = draw(st.sampled_from(rules))
        target = draw(st.integers(0, _tenure_count(rule.when) - 1))
        years = draw(st.integers(1, 20))
        new_rule: Rule = rule.model_copy(update={"when": _map_tenure(rule.when, target,
                                                                      years, [])})
        changed = src.model_copy(update={"rules": src.rules[:i] + (new_rule,)
                                         + src.rules[i + 1:]})
    elif kind == "window":
        until = draw(st.dates(src.in_force.from_ + dt.timedelta(days=1), dt.date(2040, 1, 1)))
        if src.in_force.until == until:
            until = until + dt.timedelta(days=1)
        changed = src.model_copy(update={"in_force": src.in_force.model_copy(
            update={"until": until})})
    elif kind == "reading":
        i = draw(st.integers(0, len(src.readings) - 1))
        old: Reading = src.readings[i]
        new = old.model_copy(update={"applies": not old.applies})
        changed = src.model_copy(update={"readings": src.readings[:i] + (new,)
                                         + src.readings[i + 1:]})
    elif kind == "set":
        names = [n for n, s in src.sets.items() if len(s.items) > 1]
        name = draw(st.sampled_from(sorted(names)))
        spec = src.sets[name]
        drop = draw(st.integers(0, len(spec.items) - 1))
        sets = dict(src.sets)
        sets[name] = spec.model_copy(update={"items": spec.items[:drop]
                                             + spec.items[drop + 1:]})
        changed = src.model_copy(update={"sets": sets})
    else:
        changed = src.model_copy(update={
            "rules": tuple(reversed(src.rules)), "priority": tuple(reversed(src.priority)),
            "readings": tuple(reversed(src.readings)),
            "sets": dict(reversed(list(src.sets.items())))})
    return net, _recompiled(changed), kind


@given(perturbed())
def test_perturbed_packs_keep_the_diff_properties(case: tuple[Network, Network, str]) -> None:
    """For a pack and a perturbed copy: each diffed with itself is empty, the diff is
    the mirror of the reverse diff, reordering rules changes nothing, and a changed
    window or reading always shows."""
    a, b, kind = case
    assert diff_packs(b, b).empty
    ab, ba = diff_packs(a, b), diff_packs(b, a)
    assert ab.mirror() == ba
    if kind == "reorder":
        assert ab.empty
    if kind == "window":
        assert [i.key for i in ab.items] == ["until"]
    if kind == "reading":
        assert [i.facet for i in ab.items] == ["readings"]


def test_changed_years_show_on_the_aligned_tenure_item() -> None:
    """Changing Chongqing's 5 years at 高级技师 to 4 yields exactly that tenure item,
    changed from '5y' to '4y', on both sides citing 附件2 一."""
    net = get_pack("chongqing-2023")
    src = net.source
    i = next(i for i, r in enumerate(src.rules) if r.id == "cq.special.regular")
    rule = src.rules[i].model_copy(update={"when": _map_tenure(src.rules[i].when, 0, 4, [])})
    other = compile_pack(src.model_copy(update={"rules": src.rules[:i] + (rule,)
                                                + src.rules[i + 1:]}))
    diff = diff_packs(net, other)
    assert [(i.facet, i.key, i.change) for i in diff.items] == [
        ("tenure", "senior_technician", "changed")]
    item = diff.items[0]
    assert item.a is not None and item.b is not None
    assert (item.a.value, item.b.value) == ("5y", "4y")
    assert [c.ref for c in item.b.citations] == ["附件2 一（高级技师途径）"]


# -- what the diff says about the bundled packs ----------------------------------------------
def test_years_at_senior_technician_1_against_5_with_citations(sh_cq: PackDiff) -> None:
    """特级技师 regular: Shanghai asks 1 year at 高级技师 (附件3 三(一)2), Chongqing 5
    (附件2 一); each side quotes its own clause."""
    item = sh_cq.find("tenure", "special_technician", "regular", "senior_technician")
    assert item.change == "changed"
    assert item.a is not None and item.b is not None
    assert (item.a.value, item.b.value) == ("1y", "5y")
    assert item.a.text.zh == "高级技师满1年"
    assert [c.ref for c in item.a.citations] == ["附件3 三(一)2"]
    assert item.a.citations[0].document == "沪人社职〔2026〕135号"
    assert "高级技师岗位工作满1年" in item.a.citations[0].text
    assert [c.ref for c in item.b.citations] == ["附件2 一（高级技师途径）"]
    assert "满 5 年" in item.b.citations[0].text


def test_routes_on_one_side_only(sh_cq: PackDiff) -> None:
    """Chongqing's 正高级职称 route to 特级 is only in B; Shanghai's 3 years at 技师 route
    only in A; the 高级技师 route is common to both."""
    title = sh_cq.find("routes", "special_technician", "regular", "title")
    assert title.change == "added" and title.a is None
    assert title.b is not None and "正高级职称" in title.b.text.zh
    assert [c.ref for c in title.b.citations] == ["附件2 一（正高级职称途径）"]
    technician = sh_cq.find("routes", "special_technician", "regular", "grade:technician")
    assert technician.change == "removed"
    assert sh_cq.find("routes", "special_technician", "regular",
                      "grade:senior_technician").change == "same"
    exceptional = sh_cq.find("paths", "special_technician", "exceptional", "present")
    assert exceptional.change == "removed"


def test_direct_awards_as_added_removed_common_with_chinese_names(sh_cq: PackDiff) -> None:
    """The awards opening the direct path to 首席: Chongqing adds 重庆杰出英才奖; both list
    中华技能大奖 and 国家科学技术奖 (second prize or better)."""
    item = sh_cq.find("direct_awards", "chief_technician", "direct", "award")
    assert item.change == "changed"
    assert [(m.id, m.zh) for m in item.added] == [
        ("chongqing_outstanding_talent_award", "重庆杰出英才奖")]
    assert item.removed == ()
    assert [m.id for m in item.common] == ["china_skills_grand_award",
                                           "national_science_technology_award>=second"]
    assert item.common[1].zh == "国家科学技术奖（二等奖及以上）"


def test_tianjin_adds_haihe_craftsman_a_recommendation_and_a_window_end() -> None:
    """Against Shanghai, Tianjin adds 海河工匠 to the direct awards, asks for the unit's
    recommendation, and lapses after 2026-03-31 (Shanghai's window is open)."""
    diff = diff_packs(get_pack("shanghai-2026"), get_pack("tianjin-2024"))
    awards = diff.find("direct_awards", "chief_technician", "direct", "award")
    assert [m.zh for m in awards.added] == ["海河工匠"]
    rec = diff.find("recommendations", "chief_technician", "regular", "chief_technician")
    assert rec.change == "added"
    assert rec.b is not None and [c.ref for c in rec.b.citations] == ["第十条(一)"]
    until = diff.find("window", None, None, "until")
    assert until.a is not None and until.b is not None
    assert (until.a.value, until.b.value) == ("open", "2026-03-31")


def test_honour_lists_bans_employer_priority_and_readings(sh_cq: PackDiff) -> None:
    """Shanghai's 破格 honour list is only in A; Chongqing's 5-year fraud ban and its
    特级 priority list only in B; the 首席 filing levels differ; each reading point is
    aligned by number."""
    honours = sh_cq.find("honours", "special_technician", "exceptional", "honour")
    assert honours.change == "removed"
    assert "全国技术能手" in [m.zh for m in honours.removed]
    ban = sh_cq.find("bans", "chief_technician", "regular", "fraud")
    assert ban.change == "added" and ban.b is not None and ban.b.value == "5y:candidate,employer"
    assert [c.ref for c in ban.b.citations] == ["五(三)"]
    filing = sh_cq.find("employer", "chief_technician", "regular", "filing")
    assert filing.a is not None and filing.b is not None
    assert (filing.a.value, filing.b.value) == ("central_enterprise|municipal",
                                               "central_enterprise|district|municipal")
    priority = sh_cq.find("priority", "special_technician", None, "priority")
    assert priority.change == "added"
    assert "honour:national_technical_expert" in [m.id for m in priority.added]
    reading = sh_cq.find("readings", None, None, "07")
    assert reading.a is not None and reading.b is not None
    assert reading.a.value.startswith("does not apply")
    assert reading.b.value.startswith("applies")


def test_unknown_item_raises_key_error(sh_cq: PackDiff) -> None:
    """Asking for an item that is not aligned raises KeyError naming it."""
    with pytest.raises(KeyError, match="no diff item 'tenure'"):
        sh_cq.find("tenure", "apprentice", "regular", "technician")


# -- renderers ------------------------------------------------------------------------------
def test_json_round_trips(sh_cq: PackDiff) -> None:
    """The JSON form parses back into an equal PackDiff."""
    assert PackDiff.model_validate_json(render_json(sh_cq)) == sh_cq
    payload = json.loads(render_json(sh_cq))
    assert payload["a"]["id"] == "shanghai-2026" and payload["items"]


def test_table_shows_both_sides_with_references(sh_cq: PackDiff) -> None:
    """The terminal table has a section per level and both sides of the years item,
    each with its clause reference."""
    text = render_table(sh_cq, "zh")
    assert "== 特级技师 special_technician ==" in text
    line = next(i for i, ln in enumerate(text.splitlines()) if "高级技师满1年" in ln)
    lines = text.splitlines()
    assert "高级技师满5年" in lines[line]
    assert "[附件3 三(一)2]" in lines[line + 1] and "[附件2 一（高级技师途径）]" in lines[line + 1]
    english = render_table(sh_cq, "en")
    assert "1 yr as senior technician" in english and "5 yr as senior technician" in english


def test_markdown_lists_common_members_and_quotes_clauses(sh_cq: PackDiff) -> None:
    """Markdown shows common set members and quotes every cited clause at the end."""
    text = render_markdown(sh_cq, "zh")
    assert "= 共同: 中华技能大奖、国家科学技术奖（二等奖及以上）" in text
    assert "## 引用条款" in text
    assert "- `chongqing-2023` 渝人社发〔2023〕27号 五(三): 对申请人或试点企业弄虚作假的" in text


def test_html_is_one_self_contained_file(sh_cq: PackDiff) -> None:
    """The HTML page has its CSS inline and loads nothing: no scripts, links or sources."""
    text = render_html(sh_cq, "en")
    assert text.startswith("<!DOCTYPE html>") and "<style>" in text
    for forbidden in ("<script", "<link", "src=", "http://", "https://", "@import"):
        assert forbidden not in text
    assert 'title="沪人社职〔2026〕135号 附件3 三(一)2' in text


def test_self_diff_renders_as_no_difference() -> None:
    """A self-diff says so in every format."""
    net = get_pack("fujian-2026")
    diff = diff_packs(net, net)
    assert "0 differences" in render_table(diff, "en")
    assert "The packs agree on every aligned item." in render_markdown(diff, "en")
    assert json.loads(render_json(diff))["items"] == []
    with pytest.raises(ValueError, match="unknown diff format 'pdf'"):
        render(diff, "pdf")


# -- command line ---------------------------------------------------------------------------
def test_cli_diff_by_jurisdiction_writes_json(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`baji diff shanghai chongqing --format json --out F` resolves the versions in force
    and writes the diff to F."""
    out = tmp_path / "d.json"
    code = main(["diff", "shanghai", "chongqing", "--format", "json", "--out", str(out),
                 "--as-of", "2026-07-01"])
    assert code == 0
    diff = PackDiff.model_validate_json(out.read_text(encoding="utf-8"))
    assert (diff.a.id, diff.b.id) == ("shanghai-2026", "chongqing-2023")
    assert "differences" in capsys.readouterr().err


def test_cli_diff_of_a_pack_file_and_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    """A pack file diffs against a bundled pack; the table is the default format."""
    code = main(["diff", str(PACKS / "valid" / "minimal.yaml"), "shanghai-2026", "--lang",
                 "en"])
    assert code == 0
    out = capsys.readouterr().out
    assert "A = minimal" in out and "B = shanghai-2026" in out


def test_cli_diff_unknown_pack_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown pack name exits 1 with a did-you-mean, no traceback."""
    code = main(["diff", "shanghia", "chongqing"])
    assert code == 1
    assert "unknown pack 'shanghia' (did you mean 'shanghai'?)" in capsys.readouterr().err


def test_a_level_one_pack_does_not_list_is_not_covered_there_issue12() -> None:
    """Issue 12 item 4: Chongqing lists no 高级工; against Shanghai's partial coverage the
    diff shows a change of coverage to 'not covered', not a level removed."""
    d = diff_packs(get_pack("shanghai-2026"), get_pack("chongqing-2023"))
    item = d.find("coverage", "senior_worker", None, "coverage")
    assert item.change == "changed"
    assert item.a is not None and item.a.value == "partial"
    assert item.b is not None and item.b.value == "none"
    assert item.b.text.en == "not covered (level not ruled on)"
