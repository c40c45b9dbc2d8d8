"""Loading packs: one invalid fixture per failure mode, each with its exact located error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import baji
from baji.source import load_yaml_text

PACKS = Path(__file__).parent / "packs"
EXPECTED: dict[str, str] = yaml.safe_load(
    (PACKS / "invalid_expected.yaml").read_text(encoding="utf-8"))


def test_every_fixture_has_an_expected_message() -> None:
    """The table and the fixture folder list the same files."""
    assert sorted(EXPECTED) == sorted(p.name for p in (PACKS / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_pack_reports_exact_located_error(name: str) -> None:
    """Each broken pack raises PackError with exactly the expected message."""
    with pytest.raises(baji.PackError) as info:
        baji.load_pack(PACKS / "invalid" / name, display=f"invalid/{name}")
    assert str(info.value) == EXPECTED[name]
    assert all(p.line is not None for p in info.value.problems)


def test_valid_minimal_pack_loads() -> None:
    """The fixture every invalid one is derived from is itself valid."""
    net = baji.load_pack(PACKS / "valid" / "minimal.yaml")
    assert [r.id for r in net.rules] == ["basic", "regular", "exceptional"]


def test_all_problems_are_reported_at_once() -> None:
    """Two unrelated mistakes in one file give two located lines, not one."""
    text = (PACKS / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("cite: [c4]\n    when:", "cite: [c9]\n    when:")
    text = text.replace("national_technical_expert]", "national_tech_expert]")
    bad = PACKS.parent / "_two_mistakes.yaml"
    bad.write_text(text, encoding="utf-8")
    try:
        with pytest.raises(baji.PackError) as info:
            baji.load_pack(bad, display="two.yaml")
    finally:
        bad.unlink()
    lines = str(info.value).splitlines()
    assert len(lines) == 2
    assert "unknown honour 'national_tech_expert'" in lines[0]
    assert "unknown clause 'c9'" in lines[1]


def test_pack_error_is_a_value_error() -> None:
    """Callers who only know builtins can catch baji's errors as ValueError."""
    with pytest.raises(ValueError, match="the file is empty"):
        baji.load_pack(PACKS / "invalid" / "empty.yaml")


def test_bom_is_accepted() -> None:
    """A UTF-8 byte-order mark (Windows editors write one) does not break loading."""
    value, _, problems = load_yaml_text("\ufeffpack: x\n".encode("utf-8").decode("utf-8-sig"),
                                        "bom.yaml")
    assert problems == [] and value == {"pack": "x"}


def test_alias_bomb_is_refused() -> None:
    """A 'billion laughs' document is refused instead of expanded."""
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    _, _, problems = load_yaml_text("\n".join(lines) + "\n", "bomb.yaml")
    assert len(problems) == 1
    assert "expands to more than" in problems[0].message


def test_unknown_pack_id_suggests_a_known_one() -> None:
    """Asking for a misspelt bundled pack names the close match."""
    with pytest.raises(baji.EvaluationError, match="did you mean 'shanghai-2026'"):
        baji.get_pack("shanghai-2062")
