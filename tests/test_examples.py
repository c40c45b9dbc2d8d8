"""The example candidates in examples/: one per pack, level and path, each doing what it says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

import baji

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXPECTED: dict[str, dict[str, str]] = yaml.safe_load(
    (EXAMPLES / "expected.yaml").read_text(encoding="utf-8"))


def test_every_path_rule_of_every_pack_has_an_example() -> None:
    """Each path rule of each bundled pack is demonstrated by an example."""
    shown = {(e["pack"], e["rule"]) for e in EXPECTED.values()}
    for pack in baji.bundled_pack_ids():
        for rule in baji.get_pack(pack).rules:
            if rule.path != "part":
                assert (pack, rule.id) in shown


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_is_eligible_by_its_path(name: str) -> None:
    """Evaluated on its date, the example is eligible and its path is open."""
    want = EXPECTED[name]
    (profile,) = baji.load_profiles(EXAMPLES / "profiles" / name)
    got = baji.evaluate(profile, want["pack"], dt.date.fromisoformat(want["as_of"]))
    level = got.level(want["level"])
    assert level.status == "eligible"
    assert want["path"] in level.paths
    assert any(r.rule == want["rule"] and r.result == "met" for r in level.results)


def test_examples_folder_holds_exactly_the_expected_profiles() -> None:
    """No stray or missing example file (regenerate with python examples/extract.py)."""
    files = sorted(p.name for p in (EXAMPLES / "profiles").glob("*.yaml"))
    assert files == sorted(EXPECTED)
