"""Hostile packs cost bounded time and memory: rules that build twice on the rule before
(exponential when walked or generated naively), and long chains of rules, whatever their
order in the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

import baji
from baji.engine import program
from baji.pack.compile import MAX_CONDITION_DEPTH

MINIMAL = Path(__file__).parent / "packs" / "valid" / "minimal.yaml"
DAY = dt.date(2026, 7, 1)
PERSON = {"grades": [{"level": "高级技师", "posts": [{"start": "2020-01-01"}]}],
          "still_in_occupation": True}


def _pack(tmp_path: Path, rules: int, *, twice: bool, reverse: bool = False) -> Path:
    """d0 is a fact; d<i> is ``any: [rule d<i-1>, rule d<i-1>]`` (``twice``) or
    ``rule: d<i-1>``; the regular path is the last of them."""
    data: dict[str, Any] = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    chain = [{"id": "d0", "path": "part", "title": {"zh": "甲", "en": "a"}, "cite": ["c2"],
              "when": {"fact": "still_in_occupation"}}]
    for i in range(1, rules):
        ref = {"rule": f"d{i - 1}"}
        chain.append({"id": f"d{i}", "path": "part", "title": {"zh": "甲", "en": "a"},
                      "cite": ["c2"], "when": {"any": [ref, dict(ref)]} if twice else ref})
    if reverse:
        chain.reverse()
    chain.append({"id": "regular", "level": "special_technician", "path": "regular",
                  "title": {"zh": "常规", "en": "regular"}, "cite": ["c2"],
                  "when": {"rule": f"d{rules - 1}"}})
    data["rules"] = chain
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # the quoted clauses are looked up next to the pack, then in the bundled sources
    return path


def test_rules_building_twice_on_the_one_before_compile_and_evaluate(tmp_path: Path) -> None:
    """30 rules each building twice on the one before: 2**30 paths through the rules if
    walked naively. The pack compiles to one node per rule, the short-circuit source
    generator gives up on its budget (straight-line code is used instead), and the
    decision is the plain one."""
    net = baji.load_pack(_pack(tmp_path, 30, twice=True))
    assert len(net.nodes) < 100
    root = next(r.root for r in net.rules if r.id == "regular")
    assert program._short_circuit(net.nodes, program._Namespace(), (root,), False, "f",
                                  program.MAX_SOURCE) is None
    decision = baji.evaluate(PERSON, net, DAY)
    assert decision.level("特级技师").status == "eligible"
    assert baji.evaluate_answers(PERSON, net, DAY)[0].status == "eligible"
    assert baji.evaluate({**PERSON, "still_in_occupation": False}, net, DAY).level(
        "特级技师").status == "ineligible"


def test_a_short_doubling_chain_still_gets_short_circuit_code(tmp_path: Path) -> None:
    """The budget does not get in the way of ordinary sharing: 6 doublings compile."""
    net = baji.load_pack(_pack(tmp_path, 6, twice=True))
    root = next(r.root for r in net.rules if r.id == "regular")
    assert program._short_circuit(net.nodes, program._Namespace(), (root,), False, "f",
                                  program.MAX_SOURCE) is not None


@pytest.mark.parametrize("reverse", [False, True], ids=["in order", "reversed"])
def test_the_depth_bound_does_not_depend_on_rule_order(tmp_path: Path, reverse: bool) -> None:
    """A chain of 600 rules is refused (BAJI120) whether the file lists them from the
    first or from the last; a chain within the bound loads both ways."""
    with pytest.raises(baji.PackError, match=f"nest more than {MAX_CONDITION_DEPTH} deep") as caught:
        baji.load_pack(_pack(tmp_path, 600, twice=False, reverse=reverse))
    assert [p.code for p in caught.value.problems] == ["BAJI120"]
    net = baji.load_pack(_pack(tmp_path, MAX_CONDITION_DEPTH - 4, twice=False, reverse=reverse))
    assert baji.evaluate(PERSON, net, DAY).level("特级技师").status == "eligible"
