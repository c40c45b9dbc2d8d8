"""Nesting depth: baji's own bound decides, on every PyYAML release pyproject allows.

PyYAML 6.0.4's wheels bundle a libyaml that refuses nesting deeper than 1000 levels by
itself, while it scans up to 1,024 characters ahead, so with ``[[[[...`` it used to
answer before baji's bound ran (a BAJI101 "invalid YAML" with the wrong hint and no
useful place). These tests pin what the installed PyYAML does, and that whatever it does,
a deep document gets BAJI114 ("nests deeper than 100 levels"), its hint and the place of
the first level too deep: in YAML packs and profiles (text and aliases) and in JSON
profiles, with libyaml and with the pure-Python reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import baji
from baji.errors import BajiError
from baji.io import yaml_reader as source
from baji.io.strict_json import loads_json
from baji.io.yaml_reader import MAX_DEPTH, load_yaml_text

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[type]:
    """Run the test with libyaml (when PyYAML has it) and with the pure-Python reader."""
    monkeypatch.setattr(source, "_LOADER", request.param)
    yield request.param


def test_the_installed_pyyaml_scans_deep_flow_nesting_or_refuses_it_as_known() -> None:
    """What the installed PyYAML does with 2000 nested ``[``: scans them (PyYAML up to
    6.0.3, and its pure-Python scanner), or refuses them with libyaml's nesting message,
    which baji recognises (source._is_nesting_limit). A release that words or places the
    refusal differently fails here, by name, not in an unrelated test."""
    text = "[" * 2000 + "]" * 2000
    for loader_class in LOADERS:
        try:
            tokens = list(yaml.scan(text, Loader=loader_class))
        except yaml.MarkedYAMLError as exc:
            assert loader_class is not yaml.SafeLoader, "the pure-Python scanner has no limit"
            assert source._is_nesting_limit(exc), f"unrecognised refusal: {exc}"
            mark = exc.problem_mark or exc.context_mark
            assert mark is not None and mark.index > MAX_DEPTH, (
                "the library's own limit must lie above baji's bound")
        else:
            assert len(tokens) == 4002  # stream start and end, 2000 opening and closing


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH - 1])
def test_nesting_up_to_the_bound_loads(loader: type, depth: int) -> None:
    for text in ("[" * depth + "1" + "]" * depth,
                 "".join("  " * i + "- \n" for i in range(depth - 1)) + "  " * (depth - 1)
                 + "- 1\n"):
        value, _, problems = load_yaml_text(text, "ok.yaml")
        assert problems == []
        for _ in range(depth):
            assert isinstance(value, list) and len(value) == 1
            value = value[0]
        assert value == 1


def _alias_chain(levels: int) -> str:
    """Each anchor a list holding the previous one: ``levels + 1`` levels of lists, built
    through aliases, in a text no deeper than two."""
    return "".join(f"a{i}: &a{i} [*a{i - 1}]\n" if i else "a0: &a0 [x]\n"
                   for i in range(levels))


@pytest.mark.parametrize(("text", "line", "column"), [
    ("[" * 100_000 + "]" * 100_000, 1, MAX_DEPTH + 1),      # past libyaml's own limit
    ("[" * 1_001 + "]" * 1_001, 1, MAX_DEPTH + 1),          # just past it
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), 1, MAX_DEPTH + 1),  # below it
    ("a: " + "{b: " * 5000 + "1" + "}" * 5000, 1, 4 + 4 * (MAX_DEPTH - 1)),
    ("- " * 3000 + "x", 1, 1 + 2 * MAX_DEPTH),
    ("x: 1\ny:\n  - " + "[" * 5000 + "]" * 5000, 3, 5 + MAX_DEPTH - 2),  # two block levels first
    (_alias_chain(300), MAX_DEPTH + 1, 7),  # the anchor of a99
])
def test_deep_yaml_gets_bajis_own_code_and_place(loader: type, text: str, line: int,
                                                 column: int) -> None:
    value, _, problems = load_yaml_text(text, "deep.yaml")
    assert value is None
    assert [(p.code, p.line, p.column) for p in problems] == [("BAJI114", line, column)]
    assert f"nests deeper than {MAX_DEPTH} levels" in problems[0].message
    assert problems[0].hint == "flatten the structure"


def test_deep_pack_file_is_refused_with_its_place(loader: type, tmp_path: Path) -> None:
    pack = tmp_path / "deep-pack.yaml"
    pack.write_text("id: deep\nlevels: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(baji.PackError) as caught:
        baji.load_pack(pack)
    text = str(caught.value)
    assert f"{pack}:2:{8 + MAX_DEPTH}: the document nests deeper than {MAX_DEPTH} levels" in text
    assert "flatten the structure" in text
    assert "invalid YAML" not in text


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_profile_file_is_refused_with_its_place(loader: type, tmp_path: Path,
                                                     suffix: str) -> None:
    profile = tmp_path / f"deep{suffix}"
    profile.write_text('{"id": "E1",\n "grades": ' + "[" * 3000 + "]" * 3000 + "}\n",
                       encoding="utf-8")
    with pytest.raises(baji.ProfileError) as caught:
        baji.load_profiles(profile)
    problems = caught.value.problems
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("BAJI114", 2, 11 + MAX_DEPTH)]
    assert f"nests deeper than {MAX_DEPTH} levels" in str(caught.value)


def test_deep_json_text_is_located_without_the_yaml_reading() -> None:
    """loads_json, used for roster rows, places the first level too deep itself."""
    text = '{"a":\n  ' + "[" * 500 + "]" * 500 + "}"
    with pytest.raises(BajiError) as caught:
        loads_json(text, path="row.json")
    assert [(p.code, p.line, p.column) for p in caught.value.problems] == [
        ("BAJI114", 2, 2 + MAX_DEPTH)]
    # brackets inside strings do not count
    assert loads_json('{"a": "' + "[" * 500 + '"}') == {"a": "[" * 500}
