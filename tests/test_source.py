"""The plain YAML reader agrees with the careful one wherever it finishes.

:mod:`baji.io.yaml_reader` reads a document first in one flat pass over the parser's events (the
plain reader) and hands anything unusual to the careful reader, which owns every problem
message. These tests hold the plain reader to that: on every YAML and JSON file of the
repository and on generated, mutated and hostile documents, it either gives up or gives
what the careful reader gives (the same values, of the same types, at the same
positions), and it never accepts a document the careful reader refuses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from baji.engine import api
from baji.io.yaml_reader import (
    _LOADER,
    MAX_DEPTH,
    MAX_TOKENS,
    _read_careful,
    _read_plain,
    _token_bound,
    load_yaml_text,
)

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from baji.testing.fuzz import HOSTILE, pack_inputs, profile_inputs  # noqa: E402

ROOT = Path(__file__).parent.parent
FILES = sorted(p for folder in ("rules", "tests", "examples", "schemas")
               for p in (ROOT / folder).rglob("*") if p.suffix in (".yaml", ".yml", ".json"))


def _typed(value: object) -> object:
    """``value`` with the type of every part spelt out (``1 == True`` must not pass)."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


def _agree(text: str, path: str = "doc.yaml") -> bool:
    """Assert the two readers agree on ``text``; whether the plain one finished."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False  # refused before either reader runs
    plain = _read_plain(text, path)
    value, positions, problems = _read_careful(text, path)
    if plain is None:
        return False
    assert problems == [], "the plain reader accepted what the careful one refuses"
    assert _typed(plain[0]) == _typed(value)
    assert plain[1] == positions
    return True


def test_the_files_of_the_repository_read_alike() -> None:
    """Every YAML and JSON file here (packs, vocabulary, cases, fixtures, schemas)."""
    assert len(FILES) > 50
    finished = [p for p in FILES
                if _agree(p.read_bytes().decode("utf-8-sig", "replace"), str(p))]
    assert len(finished) > 40


def test_the_bundled_packs_take_the_plain_reader() -> None:
    """The bundled packs and vocabulary are plain documents: the one-pass reader takes
    them (were it to give up, loading would silently cost twice as much)."""
    for path in list(api.rules_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8-sig")
        assert _agree(text, str(path)), path


def test_the_reader_gives_the_careful_readers_problems() -> None:
    """Where the plain reader gives up, :func:`load_yaml_text` reports what the careful
    reader reports, word for word."""
    text = "a: 1\nb: &x [1]\nc: *x\nd: 2020-01-01 10:00:00\na: 3\n"
    assert _read_plain(text, "d.yaml") is None
    assert load_yaml_text(text, "d.yaml")[2] == _read_careful(text, "d.yaml")[2] != []


@given(pack_inputs())
def test_mutated_and_hostile_packs_read_alike(data: bytes) -> None:
    """Mutated bundled packs with hostile tokens inserted (baji.testing.fuzz), raw text, bytes."""
    _agree(data.decode("utf-8", "replace"))


@given(profile_inputs())
def test_mutated_profiles_read_alike(data: bytes) -> None:
    """Mutated profile files, in YAML and JSON (baji.testing.fuzz; the first byte is a flag)."""
    _agree(data[1:].decode("utf-8", "replace"))


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.dates(),
    st.text(max_size=8), st.sampled_from(["yes", "on", "~", "0x1f", "1_000", "2026-02-30",
                                         "<<", "=", "1e3", ".nan", "- a", "a: b", "#"]))
_VALUES: st.SearchStrategy[Any] = st.recursive(
    _SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                      st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=30)


@given(_VALUES, st.sampled_from([True, False, None]), st.integers(0, 4),
       st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(HOSTILE)), max_size=3))
def test_generated_documents_read_alike(value: Any, flow: bool | None, indent: int,
                                        inserts: list[tuple[int, str]]) -> None:
    """Documents dumped in block and flow style, some with hostile tokens inserted."""
    text = yaml.safe_dump(value, default_flow_style=flow, indent=indent + 2,
                          allow_unicode=True)
    for at, token in inserts:
        at %= len(text) + 1
        text = text[:at] + token + text[at:]
    _agree(text)


def _nested(style: str, depth: int) -> str:
    if style == "flow":
        return "[" * depth + "x" + "]" * depth
    if style == "mapping":
        return "".join(" " * (2 * i) + f"k{i}:\n" for i in range(depth - 1)) + \
            " " * (2 * depth - 2) + "k: x\n"
    if style == "indentless":  # sequences under a key open no block token
        return "".join(" " * (2 * i) + f"k{i}:\n" + " " * (2 * i) + "- "
                       for i in range(depth // 2)) + "x\n"
    return "- " * depth + "x\n"


@pytest.mark.parametrize("style", ["flow", "mapping", "indentless", "block"])
@pytest.mark.parametrize("depth", [MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1])
def test_nesting_at_the_limit_reads_alike(style: str, depth: int) -> None:
    """Around :data:`MAX_DEPTH` the two readers accept and refuse the same documents."""
    text = _nested(style, depth)
    finished = _agree(text)
    assert finished == (_read_careful(text, "doc.yaml")[2] == [])


@pytest.mark.parametrize("path", [p for p in FILES if p.parent.name != "invalid"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_token_bound_holds_on_the_files(path: Path) -> None:
    """:func:`_token_bound` is never below the number of tokens the careful reader
    counts."""
    text = path.read_text(encoding="utf-8-sig")
    assert len(list(yaml.scan(text, Loader=_LOADER))) <= _token_bound(text)


@given(st.lists(st.sampled_from(HOSTILE + ("a", "b: c", "  ", "- x", "? y", "\n  ")),
                max_size=40).map("".join))
def test_token_bound_holds_on_hostile_text(text: str) -> None:
    """Indicators nested in every way the scanner allows still stay under the bound."""
    try:
        count = len(list(yaml.scan(text, Loader=_LOADER)))
    except (yaml.YAMLError, UnicodeEncodeError):  # a lone surrogate is refused first
        return
    assert count <= _token_bound(text)


def test_too_many_tokens_goes_to_the_careful_reader() -> None:
    """A document whose tokens may pass :data:`MAX_TOKENS` is left to the careful reader,
    which counts them."""
    text = "[" + ",".join(["a"] * (MAX_TOKENS // 2 + 1)) + "]"
    assert _token_bound(text) > MAX_TOKENS
    assert _read_plain(text, "many.yaml") is None
    assert [p.code for p in _read_careful(text, "many.yaml")[2]] == ["BAJI119"]
