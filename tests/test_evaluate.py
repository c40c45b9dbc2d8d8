"""Evaluation semantics on the minimal pack: three values, paths, dates, traces."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
import reference_evaluator

import baji
from baji.core.decision import Decision
from baji.engine.answers import evaluate_answers
from baji.engine.decide import decide as evaluate
from baji.pack.compile import load_pack_bytes

PACK = Path(__file__).parent / "packs" / "valid" / "minimal.yaml"
ON = dt.date(2026, 7, 1)


@pytest.fixture(scope="module")
def net() -> baji.Network:
    """The minimal test pack."""
    return baji.load_pack(PACK)


def profile(**kw: Any) -> dict[str, Any]:
    """A senior technician in post since 2025-07-01, still in the occupation."""
    base: dict[str, Any] = {
        "grades": [{"level": "senior_technician", "posts": [{"start": "2025-07-01"}]}],
        "still_in_occupation": True, "honours": [],
    }
    base.update(kw)
    return base


def test_eligible_on_completion_date_with_citations(net: baji.Network) -> None:
    """One year on 2026-07-01: eligible by the regular path, citing 附件3 三(一)2."""
    d = baji.evaluate(profile(), net, ON).level("special_technician")
    assert (d.status, d.path, d.rule) == ("eligible", "regular", "regular")
    assert [c.ref for c in d.citations] == ["附件3 三(一)2"]
    assert d.citations[0].document == "沪人社职〔2026〕135号"


def test_day_before_gives_the_earliest_date(net: baji.Network) -> None:
    """On 2026-06-30 the candidate is ineligible and told: from 2026-07-01."""
    d = baji.evaluate(profile(), net, ON - dt.timedelta(days=1)).level("special_technician")
    assert d.status == "ineligible"
    assert d.earliest == ON
    assert "2026-07-01" in d.message.en


def test_unknown_fact_gives_undetermined_naming_it(net: baji.Network) -> None:
    """Without still_in_occupation and honours the answer names both, and guesses nothing."""
    d = baji.evaluate(profile(still_in_occupation=None, honours=None), net,
                      ON).level("special_technician")
    assert d.status == "undetermined"
    assert set(d.missing) == {"still_in_occupation", "honours"}


def test_false_dominates_unknown(net: baji.Network) -> None:
    """No grade at all: ineligible even though honours are unknown (Kleene 'and')."""
    d = baji.evaluate(profile(grades=[], honours=None), net, ON).level("special_technician")
    assert d.status == "ineligible"


def test_all_open_paths_in_product_order(net: baji.Network) -> None:
    """With an honour and the years, both paths are open; regular is named first."""
    d = baji.evaluate(profile(honours=["全国技术能手"]), net, ON).level("special_technician")
    assert d.paths == ("regular", "exceptional")
    assert d.path == "regular"


def test_exceptional_path_waives_the_years(net: baji.Network) -> None:
    """A listed honour opens the level before the year is complete."""
    recent = [{"level": "senior_technician", "posts": [{"start": "2026-03-01"}]}]
    d = baji.evaluate(profile(grades=recent, honours=["全国技术能手"]), net,
                      ON).level("special_technician")
    assert (d.status, d.path) == ("eligible", "exceptional")


def test_not_in_force_before_the_window(net: baji.Network) -> None:
    """Before 2026-06-08 the pack answers not_in_force for every level."""
    d = baji.evaluate(profile(), net, dt.date(2026, 6, 7))
    assert not d.in_force
    assert {lv.status for lv in d.levels} == {"not_in_force"}


def test_every_leaf_is_traced(net: baji.Network) -> None:
    """Each leaf of the network appears once in the trace with its clause."""
    d = baji.evaluate(profile(), net, ON)
    leaves = [n for n in net.nodes if not n.children]
    assert len(d.trace) == len(leaves)
    tenure = next(t for t in d.trace if t.kind == "tenure")
    assert tenure.met is True and "2025-07-01" in tenure.actual


def test_shared_nodes_are_shared(net: baji.Network) -> None:
    """The basic-conditions rule is one node used by both paths."""
    roots = {r.id: net.nodes[r.root] for r in net.rules}
    assert roots["basic"].index in roots["regular"].children[0:1] or any(
        net.nodes[c].children == (roots["basic"].index,) for c in roots["regular"].children)
    rule_nodes = [n for n in net.nodes if n.kind == "rule"]
    assert len(rule_nodes) == 1


def test_decision_round_trips_through_json(net: baji.Network) -> None:
    """model_dump_json then model_validate_json gives an equal decision."""
    d = baji.evaluate(profile(honours=["全国技术能手"]), net, ON)
    assert Decision.model_validate_json(d.model_dump_json()) == d


def test_evaluation_is_deterministic_and_thread_safe(net: baji.Network) -> None:
    """Eight threads evaluating the same profiles give the sequential results."""
    profiles = [baji.parse_profile(profile(honours=h)) for h in ([], ["全国技术能手"], None)]
    days = [ON - dt.timedelta(days=i) for i in range(0, 400, 7)]
    expected = [baji.evaluate(p, net, day) for p in profiles for day in days]
    results: list[list[Decision]] = [[] for _ in range(8)]

    def work(k: int) -> None:
        results[k] = [baji.evaluate(p, net, day) for p in profiles for day in days]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def test_as_of_defaults_to_today(net: baji.Network) -> None:
    """The outermost API fills in today's date when as_of is left out."""
    assert baji.evaluate(profile(), net).as_of == dt.date.today()


# -- dates met for good (semantics.md, "Earliest date") -----------------------------------
def _minimal_with(extra: str) -> baji.Network:
    """The minimal pack with ``extra`` (a YAML list item) added to the regular rule."""
    text = PACK.read_text(encoding="utf-8").replace(
        "        - tenure: {grade: senior_technician, years: 1}\n",
        "        - tenure: {grade: senior_technician, years: 1}\n" + extra)
    return load_pack_bytes(text.encode(), display="minimal+", base=PACK.parent)


def _all_three(net: baji.Network, data: dict[str, Any], day: dt.date) -> dt.date | None:
    """The earliest date of the regular-path level by the compiled decision, the answer
    fast path and the reference evaluator, which must agree."""
    p = baji.parse_profile(data)
    full = evaluate(net, p, day)
    assert full == reference_evaluator.evaluate(net, p, day)
    fast = evaluate_answers(net, p, day, levels="special_technician")[0]
    assert fast.earliest == full.level("special_technician").earliest
    return fast.earliest


def test_not_over_a_dated_condition_gives_no_date() -> None:
    """`not` a certificate dated after as_of is met today but not once the certificate
    is held (2026-06-20), so the rule has no date from which it stays met. (It used to
    give the tenure's completion date, 2026-07-01, a day on which the rule is unmet.)"""
    net = _minimal_with("        - not: {grade: technician}\n")
    data = profile()
    data["grades"].append({"level": "technician", "certified_on": "2026-06-20"})
    day = dt.date(2026, 6, 10)
    assert _all_three(net, data, day) is None
    on = baji.evaluate(data, net, ON).level("special_technician")
    assert on.status == "ineligible"


def test_not_over_a_timeless_condition_keeps_the_date() -> None:
    """`not` a fact that is false stays met whatever the date: the earliest date is the
    tenure's completion date."""
    net = _minimal_with("        - not: {fact: in_related_work}\n")
    data = profile(in_related_work=False)
    assert _all_three(net, data, dt.date(2026, 6, 10)) == ON
    assert baji.evaluate(data, net, ON).level("special_technician").status == "eligible"


def test_a_ban_recorded_to_start_later_is_named_in_the_trace() -> None:
    """A fraud finding dated after as_of bans nothing yet (the condition is met) but its
    ban is named in the trace, and the earliest date is the day after it ends."""
    net = _minimal_with("        - no_ban: {finding: fraud, years: 5, subjects: [candidate]}\n")
    data = profile(findings=[{"kind": "fraud", "date": "2026-06-30"}])
    assert _all_three(net, data, dt.date(2026, 6, 10)) == dt.date(2031, 7, 1)
    decision = baji.evaluate(data, net, dt.date(2026, 6, 10))
    ban = next(t for t in decision.trace if t.kind == "no_ban")
    assert ban.met is True
    assert ban.actual == "no running ban, then banned from 2026-06-30 through 2031-06-30"
    assert baji.evaluate(data, net, dt.date(2031, 6, 30)).level(
        "special_technician").status == "ineligible"
    assert baji.evaluate(data, net, dt.date(2031, 7, 1)).level(
        "special_technician").status == "eligible"


def test_a_restriction_of_unknown_length_behind_a_running_one_gives_no_date() -> None:
    """A running restriction, and another finding that gives no end: once the first
    ends the condition is unknown, so no date is given (it used to be the day after the
    first restriction)."""
    net = _minimal_with("        - not_restricted: evaluation_violation\n")
    data = profile(findings=[
        {"kind": "evaluation_violation", "date": "2026-01-01", "restricted_until": "2026-12-31"},
        {"kind": "evaluation_violation", "date": "2026-02-01"}])
    assert _all_three(net, data, dt.date(2026, 7, 1)) is None
