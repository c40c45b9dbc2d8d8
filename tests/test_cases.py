"""Per-pack case files (tests/cases/<pack>.yaml): each case pins one clause's effect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

import baji
from baji.engine.decide import decide as evaluate

CASES = Path(__file__).parent / "cases"
KEYS = {"status", "path", "paths", "missing", "earliest", "priority", "rule", "defaults_only",
        "withheld", "notes"}


def _load() -> list[Any]:
    params = []
    for f in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for i, case in enumerate(data["cases"]):
            params.append(pytest.param(data["pack"], case, id=f"{f.stem}[{i}] {case['name']}"))
    return params


def test_every_pack_has_cases() -> None:
    """Every bundled pack has a case file with at least 15 cases."""
    for pack in baji.bundled_pack_ids():
        path = CASES / f"{pack}.yaml"
        assert path.is_file(), f"no case file for {pack}"
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        assert len(cases) >= 15, f"{pack} has only {len(cases)} cases"


def test_cases_cite_clauses_of_their_pack() -> None:
    """Each case names a clause id that exists in its pack."""
    for f in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        net = baji.get_pack(data["pack"])
        for case in data["cases"]:
            clauses = case["clause"] if isinstance(case["clause"], list) else [case["clause"]]
            for clause in clauses:
                assert clause in net.citations, f"{f.name}: {case['name']}: {clause!r}"


def test_every_rule_and_path_is_exercised() -> None:
    """Across its cases, every path rule of a pack is met at least once and unmet once."""
    for f in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        net = baji.get_pack(data["pack"])
        met: set[str] = set()
        unmet: set[str] = set()
        for case in data["cases"]:
            decision = evaluate(net, baji.parse_profile(case["profile"]),
                                _day(case["as_of"]))
            for level in decision.levels:
                for result in level.results:
                    (met if result.result == "met" else unmet).add(result.rule)
        rules = {r.id for r in net.rules if r.path != "part"}
        assert rules - met == set(), f"{f.name}: rules never met: {sorted(rules - met)}"
        assert rules - unmet == set(), f"{f.name}: rules never unmet: {sorted(rules - unmet)}"


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


@pytest.mark.parametrize(("pack", "case"), _load())
def test_case(pack: str, case: dict[str, Any]) -> None:
    """The decision matches the case's expectation, level by level."""
    decision = baji.evaluate(case["profile"], pack, _day(case["as_of"]))
    for level, expect in case["expect"].items():
        got = decision.level(level)
        unknown = set(expect) - KEYS
        assert not unknown, f"unknown expectation keys {unknown}"
        if "status" in expect:
            assert got.status == expect["status"], got.message.en
        if "path" in expect:
            assert got.path == expect["path"]
        if "paths" in expect:
            assert list(got.paths) == list(expect["paths"])
        if "rule" in expect:
            assert got.rule == expect["rule"]
        if "missing" in expect:
            assert set(got.missing) == set(expect["missing"])
        if "earliest" in expect:
            want = expect["earliest"]
            assert got.earliest == (None if want is None else _day(want))
        if "priority" in expect:
            flags = {p.id for p in got.priority if p.result == "met"}
            assert flags == set(expect["priority"])
        if "defaults_only" in expect:
            # The path rules that fail only on 原则上 / 一般应 defaults (each gets a note).
            relaxed = {r.rule for r in got.results if r.defaults_only}
            assert relaxed == set(expect["defaults_only"])
            noted = {n.en for n in got.notes if "fails only on default" in n.en}
            assert len(noted) == len(relaxed)
        if "withheld" in expect:
            # Facts of unknown conditions that an unmet path names (they withhold its date).
            named = {f for r in got.results if r.result == "unmet" for t in r.unknown
                     for f in t.facts}
            assert named == set(expect["withheld"])
        if "notes" in expect:
            # Each text given is part of some note of the level, in Chinese or English.
            texts = [t for n in got.notes for t in (n.zh, n.en)]
            for want in expect["notes"]:
                assert any(want in t for t in texts), (want, texts)
