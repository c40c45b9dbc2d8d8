"""Generated pack documentation (baji.render.pack_docs): current, complete, regenerable."""

from __future__ import annotations

from pathlib import Path

import pytest

from baji import bundled_pack_ids, get_pack
from baji.cli.commands import main
from baji.render.pack_docs import compare_page, pack_page, render_docs, stale_docs

ROOT = Path(__file__).resolve().parent.parent


def test_committed_docs_are_current() -> None:
    """docs/packs/*.md and docs/compare.md match a fresh generation; after changing a
    pack, run `baji docs --out docs` (or `python -m baji.render.pack_docs`)."""
    stale = stale_docs(ROOT / "docs")
    assert not stale, f"out of date: {stale}; run `baji docs --out docs`"


def test_one_page_per_bundled_pack_and_a_comparison() -> None:
    """Every bundled pack has its page, and nothing else is generated but compare.md."""
    assert sorted(render_docs()) == sorted(
        [f"packs/{p}.md" for p in bundled_pack_ids()] + ["compare.md"])


@pytest.mark.parametrize("pack_id", bundled_pack_ids())
def test_pack_page_lists_every_rule_reading_and_clause(pack_id: str) -> None:
    """A pack's page has a row per rule (with its clause references), a row per
    reading, every cited clause quoted, and the network as a Mermaid block."""
    net = get_pack(pack_id)
    page = pack_page(net)
    for rule in net.rules:
        row = next(line for line in page.splitlines() if line.startswith(f"| `{rule.id}` |"))
        first_ref = net.citations[rule.cite[0]].ref
        assert first_ref.replace("|", "\\|") in row
    for reading in net.source.readings:
        assert f"\n| {reading.point} | {'yes' if reading.applies else 'no'} |" in page
    for clause in net.source.clauses:
        assert f"- `{clause.id}` " in page
    assert "```mermaid\nflowchart LR\n" in page


def test_compare_page_sets_the_jurisdictions_side_by_side() -> None:
    """The comparison has a column per pack and, for 特级技师's regular path, the years
    each asks at 高级技师: Chongqing, Fujian and Tianjin 5, Shanghai 1 (or 3 at 技师)."""
    nets = [get_pack(p) for p in bundled_pack_ids()]
    page = compare_page(nets)
    section = page.split("## 特级技师 (special technician)")[1].split("\n## ")[0]
    row = next(line for line in section.splitlines() if line.startswith("| 等级与年限 · 常规 |"))
    cells = [c.strip() for c in row.strip("|").split("|")][1:]
    assert [p for p in bundled_pack_ids()] == ["chongqing-2023", "fujian-2026",
                                               "shanghai-2026", "tianjin-2024"]
    assert cells[0].startswith("高级技师满5年") and cells[1].startswith("高级技师满5年")
    assert cells[2].startswith("技师满3年<br>高级技师满1年")
    assert cells[3].startswith("高级技师满5年")
    for heading in ("可选路线 · 常规", "直接申报奖项 · 直接", "用人单位条件 · 常规", "禁入与限制 · 常规",
                    "单位推荐 · 常规", "优先考虑", "荣誉 · 破格"):
        assert f"| {heading} |" in page
    assert "| in force | 2023-06-02 .. open | 2026-02-14 .. open | 2026-06-08 .. open | " \
           "2024-04-01 .. 2026-03-31 |" in page


def test_cli_docs_writes_then_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`baji docs --check` fails on a folder without the pages and names them; after
    `baji docs --out DIR` it passes."""
    assert main(["docs", "--out", str(tmp_path), "--check"]) == 1
    assert f"{tmp_path / 'compare.md'}: out of date" in capsys.readouterr().err
    assert main(["docs", "--out", str(tmp_path)]) == 0
    assert main(["docs", "--out", str(tmp_path), "--check"]) == 0
    assert (tmp_path / "packs" / "shanghai-2026.md").is_file()
