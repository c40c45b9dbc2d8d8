"""The error catalogue: every code in the source has an entry, docs/errors.md is current,
and every entry renders in English and Chinese."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import baji
from baji.errors import MAX_QUOTED, Problem, problem, suggest
from baji.errors.catalogue import CATALOGUE, HINTS
from baji.errors.docs import markdown

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "baji"


def _codes_in_source() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in SOURCE.rglob("*.py"):
        if path.name == "catalogue.py":
            continue
        for match in re.finditer(r"[\"'](BAJI\d{3})[\"']", path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), set()).add(path.name)
    return found


def test_docs_errors_md_is_current() -> None:
    """docs/errors.md is what `python -m baji.errors docs/errors.md` writes."""
    committed = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert committed == markdown(), "run: python -m baji.errors docs/errors.md"


def test_every_code_in_the_source_is_catalogued() -> None:
    """A code written anywhere in src/baji has an entry (message, meaning, hint)."""
    missing = {code: files for code, files in _codes_in_source().items()
               if code not in CATALOGUE}
    assert missing == {}


def test_every_catalogued_code_is_used() -> None:
    """No entry documents a code nothing raises."""
    assert sorted(set(CATALOGUE) - set(_codes_in_source())) == []


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_templates_agree_between_languages(code: str) -> None:
    """The Chinese template uses the English one's parameters (or their ``_zh`` forms),
    and a hint exists in both languages or in neither."""
    entry = CATALOGUE[code]
    en = _fields(entry.en) | _fields(entry.hint_en or "")
    zh = {f.removesuffix("_zh") for f in _fields(entry.zh) | _fields(entry.hint_zh or "")}
    assert zh <= en | {"kind", "held"}, (code, zh - en)
    assert (entry.hint_en is None) == (entry.hint_zh is None)
    assert entry.meaning.endswith(".") and entry.meaning[0].isupper()


@pytest.mark.parametrize("name", sorted(HINTS))
def test_shared_hints_render_in_both_languages(name: str) -> None:
    """Each shared hint fills from its parameters in English and Chinese."""
    found = problem("BAJI010", path="x.yaml", line=1, column=1, field="f", hint=name,
                    suggestion="g", known=("a", "b"))
    assert not re.search(r"\{[a-z_]+\}", found.render()), found.render()
    assert not re.search(r"\{[a-z_]+\}", found.render("zh")), found.render("zh")


def test_problem_renders_in_chinese_with_full_width_brackets() -> None:
    """Chinese rendering: same location and JSON path, Chinese message, hint in （）."""
    found = problem("BAJI025", path="p.json", line=1, column=29, pointer="$.honours[0].id",
                    kind="honour", value="全国技术能守", **suggest("全国技术能守", ["全国技术能手"]))
    assert found.render() == ("p.json:1:29: $.honours[0].id: unknown honour '全国技术能守' "
                              "(did you mean '全国技术能手'?)")
    assert found.render("zh") == ("p.json:1:29: $.honours[0].id: 未知荣誉 '全国技术能守'"
                                  "（是否应为 '全国技术能手'？）")


def test_uncoded_problem_falls_back_to_english() -> None:
    """A problem built from a plain message (code BAJI000, no parameters) renders its
    English text in Chinese too, rather than failing."""
    found = Problem("something odd", path="x.yaml", line=2)
    assert found.render("zh") == found.render() == "x.yaml:2: something odd"
    error = baji.BajiError("plain text")
    assert error.render("zh") == "plain text"


def test_a_missing_parameter_never_hides_the_problem() -> None:
    """A slip in building a message shows ``?`` for the missing value, not a KeyError."""
    assert problem("BAJI126").message == "unknown clause '?'"


def test_problems_as_json_carry_code_place_and_both_languages() -> None:
    """`Problem.to_json` gives programs the code, the place and the message and hint in
    English and Chinese; a problem built outside the catalogue keeps its English text in
    both (there is no Chinese template to fill)."""
    assert problem("BAJI126", path="x.yaml", line=3, column=9, clause="c9").to_json() == {
        "code": "BAJI126", "file": "x.yaml", "line": 3, "column": 9, "pointer": None,
        "row": None, "message": {"en": "unknown clause 'c9'", "zh": "未知条款 'c9'"},
        "hint": None}
    outside = Problem("something odd", pointer="$.x", hint="look at it", code="BAJI999")
    assert outside.to_json() == {
        "code": "BAJI999", "file": None, "line": None, "column": None, "pointer": "$.x",
        "row": None, "message": {"en": "something odd", "zh": "something odd"},
        "hint": {"en": "look at it", "zh": "look at it"}}


def test_messages_quote_a_bounded_prefix_of_any_value() -> None:
    """A megabyte name, or a thousand of them, makes a message of bounded size: each text
    is cut (with an ellipsis) and long lists keep their first items."""
    huge = "名" * 1_000_000
    found = problem("BAJI127", kind="honour", value=huge)
    assert len(found.message) < 2 * MAX_QUOTED and "…" in found.message
    assert len(found.render(lang="zh")) < 2 * MAX_QUOTED
    listed = problem("BAJI135", given=tuple(repr(huge) for _ in range(1000)),
                     operators=("all", "any"))
    assert len(listed.message) < 100 * MAX_QUOTED


def test_a_profile_full_of_huge_names_gives_a_small_error() -> None:
    """500 honours each a 1 MB unknown name: one error, every problem located, the whole
    text a few hundred kilobytes at most (it was 500 MB)."""
    with pytest.raises(baji.ProfileError) as caught:
        baji.parse_profile({"honours": ["x" * 1_000_000 + str(i) for i in range(500)]})
    assert len(caught.value.problems) == 500
    assert len(str(caught.value)) < 500 * 4 * MAX_QUOTED
