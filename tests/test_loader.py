"""Loading packs: one invalid fixture per failure mode, each with its exact located error."""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import baji
from baji.io.bounded import MAX_BYTES
from baji.io.yaml_reader import MAX_NODES, MAX_TOKENS, load_file, load_yaml_text
from baji.pack.model import OPERATORS

PACKS = Path(__file__).parent / "packs"
EXPECTED: dict[str, str] = yaml.safe_load(
    (PACKS / "invalid_expected.yaml").read_text(encoding="utf-8"))

#: Fixtures the test writes instead of committing (name -> content).
GENERATED: dict[str, Callable[[], bytes]] = {
    "too_big.yaml": lambda: b"# padding\n" + b" " * (MAX_BYTES + 1 - len(b"# padding\n")),
}


def _fixture(name: str, tmp_path: Path) -> Path:
    if name in GENERATED:
        path = tmp_path / name
        path.write_bytes(GENERATED[name]())
        return path
    return PACKS / "invalid" / name


def test_every_fixture_has_an_expected_message() -> None:
    """The table lists the committed fixtures and the generated ones, no more."""
    committed = {p.name for p in (PACKS / "invalid").glob("*.yaml")}
    assert sorted(EXPECTED) == sorted(committed | set(GENERATED))
    assert not committed & set(GENERATED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_pack_reports_exact_located_error(name: str, tmp_path: Path) -> None:
    """Each broken pack raises PackError with exactly the expected message, every
    problem located at a line and column."""
    with pytest.raises(baji.PackError) as info:
        baji.load_pack(_fixture(name, tmp_path), display=f"invalid/{name}")
    # "{operators}" stands for the list of operators, which grows with each new one
    assert str(info.value) == EXPECTED[name].replace("{operators}", ", ".join(OPERATORS))
    assert all(p.line is not None and p.column is not None for p in info.value.problems)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_pack_renders_in_chinese(name: str, tmp_path: Path) -> None:
    """Every problem of every fixture has a Chinese rendering from the catalogue, at the
    same place, with the same code."""
    with pytest.raises(baji.PackError) as info:
        baji.load_pack(_fixture(name, tmp_path), display=f"invalid/{name}")
    for found in info.value.problems:
        zh = found.render("zh")
        en = found.render()
        assert zh.split(": ")[0] == en.split(": ")[0]  # the location
        assert zh != en, found.code
        assert not re.search(r"\{[a-z_]+(![rs])?\}", zh), zh  # no unfilled field


def test_chinese_messages_read_as_expected() -> None:
    """A few exact Chinese renderings (the English ones are in invalid_expected.yaml)."""
    def zh(name: str) -> str:
        with pytest.raises(baji.PackError) as info:
            baji.load_pack(PACKS / "invalid" / name, display=f"invalid/{name}")
        return info.value.render("zh")

    assert zh("unknown_honour.yaml") == (
        "invalid/unknown_honour.yaml:24:46: $.sets.honours.items[1]: "
        "未知荣誉 'national_technical_expret'"
        "（是否应为 'national_technical_expert'？）")
    assert zh("duplicate_key.yaml") == (
        "invalid/duplicate_key.yaml:14:5: $.clauses[0].ref: 重复的键 'ref'，首次出现在第 13 行"
        "（同一映射中每个键只能出现一次）")
    assert zh("negative_years.yaml") == (
        "invalid/negative_years.yaml:43:53: $.rules[1].when.all[1].tenure.years: "
        "不得小于 1，实际为 -3")


def test_valid_minimal_pack_loads() -> None:
    """The fixture every invalid one is derived from is itself valid."""
    net = baji.load_pack(PACKS / "valid" / "minimal.yaml")
    assert [r.id for r in net.rules] == ["basic", "regular", "exceptional"]


def test_bom_is_accepted() -> None:
    """A UTF-8 byte-order mark (Windows editors write one) does not break loading: the
    same pack with a BOM compiles to the same network."""
    assert (PACKS / "valid" / "bom.yaml").read_bytes()[:3] == b"\xef\xbb\xbf"
    with_bom = baji.load_pack(PACKS / "valid" / "bom.yaml")
    without = baji.load_pack(PACKS / "valid" / "minimal.yaml")
    assert with_bom.nodes == without.nodes and with_bom.rules == without.rules


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    """Two unrelated mistakes in one file give two located lines, not one."""
    text = (PACKS / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("cite: [c4]\n    when:", "cite: [c9]\n    when:")
    text = text.replace("national_technical_expert]", "national_tech_expert]")
    bad = tmp_path / "two.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(baji.PackError) as info:
        baji.load_pack(bad, display="two.yaml")
    lines = str(info.value).splitlines()
    assert len(lines) == 2
    assert "unknown honour 'national_tech_expert'" in lines[0]
    assert "unknown clause 'c9'" in lines[1]


def test_pack_error_is_a_value_error() -> None:
    """Callers who only know builtins can catch baji's errors as ValueError."""
    with pytest.raises(ValueError, match="the file is empty"):
        baji.load_pack(PACKS / "invalid" / "empty.yaml")


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    """A `!!python/object/apply` that would create a folder is refused and nothing runs.

    The control: PyYAML's unsafe loader does run the very same document, so the marker
    would exist had baji constructed the tag."""
    def document(marker: Path) -> str:
        return f"pack: !!python/object/apply:os.mkdir [{str(marker)!r}]\n"

    control = tmp_path / "control"
    yaml.unsafe_load(document(control))
    assert control.exists()

    marker = tmp_path / "ran"
    pack = tmp_path / "evil.yaml"
    pack.write_text(document(marker), encoding="utf-8")
    with pytest.raises(baji.PackError, match=r"evil\.yaml:1:7: \$\.pack: YAML tag 'tag:yaml\.org,2002:"
                       r"python/object/apply:os\.mkdir' is not allowed"):
        baji.load_pack(pack, display="evil.yaml")
    with pytest.raises(baji.ProfileError, match="is not allowed"):
        baji.load_profiles(pack)
    assert not marker.exists()


def _laughs(levels: int, width: int = 10) -> str:
    lines = ['a0: &a0 ["' + '", "'.join(["lol"] * width) + '"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly_with_bounded_memory() -> None:
    """A document of 10**10 values (a 'billion laughs') is refused before anything is
    expanded: in well under a second, allocating under 1 MB (measured: ~2 ms, ~22 kB)."""
    text = _laughs(9)
    tracemalloc.start()
    try:
        started = time.perf_counter()
        value, _, problems = load_yaml_text(text, "bomb.yaml")
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert value is None
    assert [p.render() for p in problems] == [
        f"bomb.yaml:5:5: the document expands to more than {MAX_NODES} values (anchors and "
        "aliases may not be used to multiply content)"]
    assert elapsed < 1.0, elapsed
    assert peak < 1_000_000, peak


def test_aliases_within_the_bound_are_expanded() -> None:
    """Anchors and aliases are plain YAML: a modest use loads, expanded."""
    value, _, problems = load_yaml_text(_laughs(2, width=3), "ok.yaml")
    assert problems == []
    assert value["a2"] == [[["lol"] * 3] * 3] * 3


@pytest.mark.parametrize(("text", "message"), [
    ("[" * 100_000 + "]" * 100_000, "nests deeper than 100 levels"),
    ("a: " + "{b: " * 5000 + "1" + "}" * 5000, "nests deeper than 100 levels"),
    ("".join(f"a{i}: &a{i} [*a{i - 1}]\n" if i else "a0: &a0 [x]\n" for i in range(300)),
     "nests deeper than 100 levels"),
    ("- " * 3000 + "x", "nests deeper than 100 levels"),
])
def test_deep_nesting_is_refused_without_recursion(text: str, message: str) -> None:
    """Nesting (in the text, or built up through aliases) is bounded before anything
    recurses: libyaml's composer would overflow the C stack on the first input."""
    value, _, problems = load_yaml_text(text, "deep.yaml")
    assert value is None and len(problems) == 1
    assert message in problems[0].message


def test_file_over_the_limit_is_not_read_past_it(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A huge file is refused after reading at most the limit plus one byte."""
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(50 * MAX_BYTES)  # sparse: 100 MB that take no disk
    reads: list[int] = []
    real_open = os.fdopen  # files are opened by descriptor (see io.bounded.open_regular)

    def counting_open(*args: object, **kwargs: object) -> object:
        handle = real_open(*args, **kwargs)  # type: ignore[call-overload]
        read = handle.read

        def tracked(size: int = -1) -> bytes:
            data: bytes = read(size)
            reads.append(len(data))
            return data

        handle.read = tracked
        return handle

    monkeypatch.setattr("os.fdopen", counting_open)
    _, _, problems = load_file(big, "big.yaml")
    monkeypatch.undo()
    assert [p.render() for p in problems] == [
        f"big.yaml:1:1: file is {50 * MAX_BYTES} bytes, over the limit of {MAX_BYTES} "
        "(split it or check it is the right file)"]
    assert sum(reads) == MAX_BYTES + 1


def test_unknown_pack_id_suggests_a_known_one() -> None:
    """Asking for a misspelt bundled pack names the close match."""
    with pytest.raises(baji.EvaluationError, match="did you mean 'shanghai-2026'"):
        baji.get_pack("shanghai-2062")



def test_an_edited_source_is_read_again(tmp_path: Path) -> None:
    """Quotes are checked against the source text as it is now: a source edited between
    two loads in one process (an author fixing a file) is read again, not remembered."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "sources").mkdir()
    pack = tmp_path / "rules" / "minimal.yaml"
    pack.write_bytes((PACKS / "valid" / "minimal.yaml").read_bytes())
    name = "000_6c02c3c232f6fe0e.txt"
    source = tmp_path / "sources" / name
    text = (baji.pack.bundled.rules_dir().parent / "sources" / name).read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    assert baji.load_pack(pack, display="minimal.yaml").id == "minimal"
    source.write_text(text.replace("全国技术能手", "全国技术状元"), encoding="utf-8")
    with pytest.raises(baji.PackError) as info:
        baji.load_pack(pack, display="minimal.yaml")
    assert str(info.value) == (
        "minimal.yaml:18:11: $.clauses[1].text: quoted text '国务院特殊津贴，全国技术能手' is not "
        f"verbatim in {name!r} (copy the clause exactly; only whitespace may differ)")


def test_a_large_plain_document_is_told_apart_from_an_alias_bomb() -> None:
    """A document with no anchor or alias but more values than the bound (some thousands
    of profiles in one file) is too large (BAJI119, pointing at rosters), not a
    'billion laughs' (BAJI108, which it used to be called); with aliases repeating
    content past the bound, BAJI108 stays."""
    item = "- {a: 1, b: 2, c: 3}\n"  # seven values a line, 17 tokens: the tokens run out
    plain = item * (MAX_NODES // 7 + 1)
    value, _, problems = load_yaml_text(plain, "many.yaml")
    assert value is None
    assert [p.render() for p in problems] == [
        f"many.yaml:11765:13: the document is too large: more than {MAX_NODES} values or "
        f"{MAX_TOKENS} YAML tokens (split it; many candidates belong in a JSONL or CSV "
        "roster (baji eval --roster))"]
    assert problems[0].render(lang="zh").startswith("many.yaml:11765:13: 文档过大")
    aliased = "a: &x {a: 1, b: 2, c: 3}\nb:\n" + "- *x\n" * (MAX_NODES // 7 + 1)
    assert [p.code for p in load_yaml_text(aliased, "bomb.yaml")[2]] == ["BAJI108"]
