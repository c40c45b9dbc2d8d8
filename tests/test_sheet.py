"""The decision sheet a clerk reads (issue 13 item 5): ``Decision.explain`` as text and
``baji eval --format sheet`` as a printable HTML page, per level the outcome in words,
the path, each condition met / unmet / unknown by its label (never a field path), the
clauses quoted with their document number, the earliest date, and what would settle an
undetermined answer."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import baji
from baji.cli.commands import main as cli_main
from baji.core.explain import outline
from baji.render.sheet import render_sheet

ROOT = Path(__file__).resolve().parent.parent
REGULAR = ROOT / "examples" / "profiles" / "shanghai-2026--sh.special.regular.yaml"
CHONGQING = ROOT / "examples" / "profiles" / "chongqing-2023--cq.special.regular.yaml"
DAY = dt.date(2026, 7, 1)
#: The README's candidate: 特级技师 by the regular path in Shanghai on 2026-07-01.
README: dict[str, Any] = {
    "id": "E0001",
    "grades": [{"level": "高级技师", "posts": [{"start": "2025-06-08"}]}],
    "still_in_occupation": True, "in_post_employee": True, "honours": ["全国技术能手"],
    "awards": [], "findings": [],
    "attestations": {"law_abiding": True, "professional_ethics": True, "dedication": True,
                     "widely_recognised": True, "physically_fit": True,
                     "special_technician_competence": True, "teaching_contribution": True},
    "employer": {"filed_institution": True, "filing": "municipal", "pilot": True},
}


def _without(key: str) -> dict[str, Any]:
    profile = {**README, "attestations": dict(README["attestations"])}
    del profile["attestations"][key]
    return profile


def test_explain_names_outcome_path_conditions_and_quotes_the_clauses() -> None:
    """An eligible level: the outcome in words, its path, each condition met by its
    label (the years in post among them) with its clause reference, and the clause
    quoted verbatim after its document number."""
    text = baji.evaluate(README, "shanghai-2026", DAY).explain()
    assert "【特级技师】符合 — 可申报特级技师（常规路径，依据规则 sh.special.regular）" in text
    assert "  途径：常规路径（可用途径：常规、破格）\n" in text
    assert "  最早日期：已符合（2026-07-01）\n" in text
    assert "    ✓ 满足  在高级技师岗位工作满1年 〔附件3 三(一)2〕\n" in text
    assert ("沪人社职〔2026〕135号 附件3 三(一)2：「2. 具有相关职业(工种)高级技师职业资格或职业"
            "技能等级，并在高级技师岗位工作满1年且仍从事本职业(工种)工作；") in text


def test_explain_says_what_settles_an_undetermined_answer_by_label() -> None:
    """Without the attestation of physical fitness the level is undetermined: the text
    names the fact by its label, in Chinese and English, never by its field path (the
    decision's English message and its ``missing`` do name the path)."""
    decision = baji.evaluate(_without("physically_fit"), "shanghai-2026", DAY)
    special = decision.level("特级技师")
    assert special.status == "undetermined"
    assert "attestations.physically_fit" in special.message.en  # what the sheet must not show
    assert special.missing == ("attestations.physically_fit",)
    zh, en = decision.explain("zh"), decision.explain("en")
    part_zh = zh[zh.index("【特级技师】"):zh.index("【首席技师】")]
    assert "【特级技师】待定 — 特级技师：无法确定，尚缺以下信息" in part_zh
    assert "    ? 未知  具有适应工作岗位需要的身体条件 〔附件3 三(一)1；附件3 三(二)1〕\n" in part_zh
    assert "  补充以下信息即可确定：具有适应工作岗位需要的身体条件\n" in part_zh
    assert "  最早日期：补充信息后确定\n" in part_zh
    part_en = en[en.index("【special technician】"):en.index("【chief technician】")]
    assert "  to settle it, give: Physically fit for the post\n" in part_en
    for text in (zh, en):
        assert "attestations." not in text and "physically_fit" not in text


def test_explain_gives_the_earliest_date_and_the_day_each_condition_is_met() -> None:
    """Two months short of a year as 高级技师: the earliest date, and the unmet years in
    post with the day time meets them."""
    profile = {**README, "grades": [{"level": "高级技师", "posts": [{"start": "2025-09-01"}]}],
               "honours": []}
    text = baji.evaluate(profile, "shanghai-2026", DAY).explain()
    part = text[text.index("【特级技师】"):text.index("【首席技师】")]
    assert "【特级技师】不符合 — 暂不符合特级技师申报条件，预计 2026-09-01 起符合" in part
    assert "  最早日期：2026-09-01\n" in part
    assert "    ✗ 未满足  在高级技师岗位工作满1年（2026-09-01 起满足） 〔附件3 三(一)2〕\n" in part


def test_no_field_path_reaches_the_sheet_for_any_example() -> None:
    """Every example candidate under every pack, in both languages: the condition texts,
    the facts to settle and the outcomes name no profile field by its path."""
    for path in sorted((ROOT / "examples" / "profiles").glob("*.yaml")):
        for profile in baji.load_profiles(path):
            for decision in baji.evaluate_all(profile, DAY):
                # the field paths the decision reads (a plain word such as `honours`
                # is also its English label)
                paths = {f for t in decision.trace for f in t.facts if re.search(r"[._\[]", f)}
                for lang in ("zh", "en"):
                    sheet = outline(decision, lang)
                    for level in sheet.levels:
                        words = [level.outcome, *level.settle,
                                 *(c.text for p in level.paths for c in p.conditions)]
                        found = [w for w in words if any(f in w for f in paths)]
                        assert found == [], (path.name, decision.pack, lang, found)


def test_path_results_name_the_conditions_they_meet() -> None:
    """``PathResult.met`` names trace entries: the met leaves of the path, the years in
    post among them for the regular path, and none of the unmet or unknown ones."""
    decision = baji.evaluate(README, "shanghai-2026", DAY)
    nodes = {t.node: t for t in decision.trace}
    for result in decision.level("特级技师").results:
        met = [nodes[n] for n in result.met]
        assert all(t.met is True for t in met)
        assert not {t.node for t in result.unmet + result.unknown} & set(result.met)
    regular = next(r for r in decision.level("特级技师").results if r.path == "regular")
    assert "在高级技师岗位工作满1年" in [nodes[n].required.zh for n in regular.met]


class _Tags(HTMLParser):
    """Every start tag with its attributes; raises on nothing, records what it saw."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_sheet_is_one_printable_self_contained_page() -> None:
    """A4 page rules, a page break before each decision after the first, rows and quoted
    clauses kept whole, no script, no link to anything outside the file."""
    decisions = [baji.evaluate(README, "shanghai-2026", DAY),
                 baji.evaluate(_without("physically_fit"), "chongqing-2023", DAY)]
    page = render_sheet(decisions, "zh")
    assert "@page { size: A4;" in page
    assert "section.decision + section.decision { break-before: page;" in page
    assert "tr, blockquote, li, dl.facts { break-inside: avoid;" in page
    parser = _Tags()
    parser.feed(page)
    names = [t for t, _ in parser.tags]
    assert names.count("section") == 2
    assert not {"script", "link", "img", "iframe", "object"} & set(names)
    assert not [a for _, attrs in parser.tags for a in attrs if a in ("src", "href")]
    assert "url(" not in page and "@import" not in page
    statuses = [a["data-status"] for t, a in parser.tags if t == "article"]
    assert statuses == [lv.status for d in decisions for lv in d.levels]


def test_the_sheet_prints_on_a4_a_page_per_decision(tmp_path: Path) -> None:
    """Printed by chromium (as a clerk's browser prints it): A4 pages (595 x 842 pt, not
    Letter's 612 x 792), and one page per decision for decisions that fit on one page:
    each starts a new page."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no browser: Debian's chromium is not installed (.ci/run installs it)")
    minimal = Path(__file__).parent / "packs" / "valid" / "minimal.yaml"
    profile = {"grades": [{"level": "senior_technician", "posts": [{"start": "2025-07-01"}]}],
               "still_in_occupation": True, "honours": []}
    decision = baji.evaluate(profile, minimal, DAY)
    for count in (1, 3):
        page, pdf = tmp_path / f"sheet{count}.html", tmp_path / f"sheet{count}.pdf"
        page.write_text(render_sheet([decision] * count), encoding="utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", page.as_uri()],
                       capture_output=True, timeout=120, check=False)
        data = pdf.read_bytes()
        boxes = {tuple(round(float(v)) for v in box.split())
                 for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)}
        assert boxes == {(0, 0, 595, 842)}
        assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == count


def test_eval_writes_the_sheet_for_several_profiles(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """`baji eval A B --format sheet --out 决定.html`: one page per candidate and pack,
    written to the file (stdout stays empty); `--lang en` writes it in English."""
    out = tmp_path / "决定.html"
    assert cli_main(["eval", str(REGULAR), str(CHONGQING), "--pack", "shanghai", "--as-of",
                     "2026-07-01", "--format", "sheet", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('<section class="decision">') == 2
    assert '<html lang="zh-CN">' in page and "评价结论单" in page
    assert capsys.readouterr().out == ""
    english = tmp_path / "sheet.html"
    assert cli_main(["eval", str(REGULAR), "--pack", "shanghai", "--as-of", "2026-07-01",
                     "--format", "sheet", "--lang", "en", "--out", str(english)]) == 0
    text = english.read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "Decision sheet" in text
    assert "may apply for special technician by the regular path" in text


def test_explain_refuses_an_unknown_language() -> None:
    """Neither zh nor en: a ValueError naming the language, not Chinese by default."""
    decision = baji.evaluate(README, "shanghai-2026", DAY)
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        decision.explain("fr")  # type: ignore[arg-type]
