"""What level decisions keep across evaluations (baji.engine.deciding): a met rule's result
shared by every decision with the same values, messages kept by what they name, within
their bounds, and no decision changed by either."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

import baji
from baji.engine.decide import decide
from baji.engine.program import program_for
from baji.pack.bundled import rules_dir
from baji.testing.synth import roster

DAY = dt.date(2026, 9, 1)


def _network() -> baji.Network:
    """A network of its own (its program and kept parts start empty)."""
    return baji.load_pack(rules_dir() / "shanghai-2026.yaml")


def test_a_met_rule_gives_one_result_for_every_decision_with_its_values() -> None:
    """A rule met through the same conditions (here: the same candidate decided again)
    gives the one result kept, equal to the result a decision built afresh gives; an unmet
    rule's result, which names the candidate's own traces and dates, is built each time."""
    net = _network()
    people = [baji.parse_profile(p) for p in roster(300, seed=11)]
    shared = 0
    for person in people:
        first, again = decide(net, person, DAY), decide(net, person, DAY)
        for a, b in zip(first.levels, again.levels):
            for x, y in zip(a.results, b.results):
                assert (x is y) == (x.result == "met")
                shared += x is y
    assert shared > 0
    fresh = _network()
    for person in people[:50]:
        assert decide(fresh, person, DAY, lazy=False) == decide(net, person, DAY)


def test_kept_messages_are_bounded_and_change_no_decision(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages naming missing facts or a date are kept by what they name, no more
    than TEXTS_KEPT per network, and the decisions are those worked out afresh."""
    people = [baji.parse_profile(p) for p in roster(400, seed=5)]
    warm_net = _network()
    warm = [decide(warm_net, p, DAY, lazy=False) for p in people]
    monkeypatch.setattr(sys.modules["baji.engine.deciding"], "TEXTS_KEPT", 3)
    net = _network()
    cold = [decide(net, p, DAY, lazy=False) for p in reversed(people)][::-1]
    assert cold == warm
    assert [d.model_dump_json() for d in cold] == [d.model_dump_json() for d in warm]
    parts = program_for(net).derived("decision", sys.modules["baji.engine.decide"]._Parts)
    assert 0 < len(parts.texts) <= 3
    messages = {lv.message.en for d in warm for lv in d.levels}
    assert sum("missing" in m or "eligible from" in m for m in messages) > 3
