"""Evaluation from many threads gives the sequential results, and memory stays flat."""

from __future__ import annotations

import datetime as dt
import gc
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest

import baji
from baji.engine.answers import evaluate_answers
from baji.engine.decide import decide as evaluate
from baji.engine.program import program_for

DAYS = [dt.date(2026, 7, 1), dt.date(2027, 3, 1), dt.date(2023, 7, 1)]


def _people() -> list[baji.Profile]:
    """A spread of candidates: eligible, not yet, undetermined, direct awards, bans."""
    attest = {a: True for a in (
        "law_abiding", "professional_ethics", "dedication", "widely_recognised",
        "physically_fit", "special_technician_competence", "teaching_contribution",
        "chief_technician_contribution", "superb_skill_outstanding_performance")}
    base: dict[str, Any] = {
        "in_post_employee": True, "still_in_occupation": True, "front_line": True,
        "findings": [], "attestations": attest, "honours": [], "awards": [], "titles": [],
        "employer": {"filed_institution": True, "filing": "municipal", "pilot": True}}
    out = [base | {"id": f"S{start}", "grades": [{"level": "高级技师", "posts": [
        {"start": start}]}]} for start in ("2015-03-15", "2021-02-28", "2025-12-01")]
    out += [base | {"id": "award", "grades": [], "awards": ["中华技能大奖"]},
            base | {"id": "honour", "honours": ["全国技术能手"], "grades": [
                {"level": "技师", "posts": [{"start": "2025-01-01"}]}]},
            base | {"id": "unknown", "grades": None, "attestations": {}},
            base | {"id": "ban", "findings": [{"kind": "fraud", "date": "2024-01-01"}],
                    "grades": [{"level": "高级技师", "posts": [{"start": "2016-01-01"}]}]}]
    return [baji.parse_profile(p) for p in out]


def _in_threads(work: Callable[[], list[Any]], count: int = 8) -> list[list[Any]]:
    barrier = threading.Barrier(count)
    results: list[list[Any]] = [[] for _ in range(count)]

    def run(k: int) -> None:
        barrier.wait()
        results[k] = work()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_eight_threads_give_the_sequential_results() -> None:
    """Full decisions and answers from eight threads at once, on a network whose compiled
    program is built by the threads themselves, equal a sequential run."""
    fresh = [baji.load_pack(baji.pack.bundled.rules_dir() / f"{p}.yaml") for p in baji.bundled_pack_ids()]
    people = _people()

    def work() -> list[Any]:
        # Decisions built whole, and lazy ones read whole (repr reads every field) in
        # the thread that built them.
        return [(evaluate(net, p, day, lazy=False), _read(evaluate(net, p, day)),
                 evaluate_answers(net, p, day))
                for net in fresh for p in people for day in DAYS]

    results = _in_threads(work)
    want = work()
    assert all(r == want for r in results)
    assert all(whole == lazy for whole, lazy, _ in want)
    statuses = {a.status for _, _, answers in want for a in answers}
    assert statuses == {"eligible", "ineligible", "undetermined", "not_in_force"}
    assert len({id(program_for(net)) for net in fresh}) == len(fresh)


def _read(decision: Any) -> Any:
    repr(decision)
    return decision


def _blocks(step: Callable[[], None], blocks: int, per_block: int) -> list[int]:
    """Memory blocks the interpreter holds after each block of ``per_block`` steps."""
    sizes = []
    for _ in range(blocks):
        for _ in range(per_block):
            step()
        gc.collect()
        sizes.append(sys.getallocatedblocks())
    return sizes


def test_memory_stays_flat_over_many_evaluations() -> None:
    """10,000 answers and 1,800 full decisions: after the first block the interpreter
    holds no more memory blocks (one object kept per evaluation would add thousands;
    benchmarks/memory.py runs a million and watches the RSS)."""
    net = baji.get_pack("shanghai-2026")
    people = _people()
    state = {"i": 0}

    def answer() -> None:
        state["i"] += 1
        evaluate_answers(net, people[state["i"] % len(people)], DAYS[state["i"] % 2])

    def decide() -> None:
        state["i"] += 1
        evaluate(net, people[state["i"] % len(people)], DAYS[state["i"] % 2]).trace

    answers = _blocks(answer, blocks=10, per_block=1_000)
    decisions = _blocks(decide, blocks=6, per_block=300)
    assert max(answers[1:]) - answers[1] < 500, answers
    assert max(decisions[1:]) - decisions[1] < 500, decisions


def test_kept_explanations_are_bounded_and_change_no_decision(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Explanations kept across evaluations (baji.engine.explaining.Explanations) give the
    decisions worked out afresh, and a rule keeps no more than EXPLANATIONS_KEPT."""
    from baji.testing.synth import roster

    module = sys.modules["baji.engine.decide"]  # baji.evaluate is also the function

    people = [baji.parse_profile(p) for p in roster(400, seed=5)]
    day = dt.date(2026, 9, 1)
    net = baji.load_pack(baji.pack.bundled.rules_dir() / "shanghai-2026.yaml")
    warm = [evaluate(net, p, day, lazy=False) for p in people]  # kept from earlier ones
    monkeypatch.setattr(sys.modules["baji.engine.explaining"], "EXPLANATIONS_KEPT", 3)
    fresh_net = baji.load_pack(baji.pack.bundled.rules_dir() / "shanghai-2026.yaml")
    cold = [evaluate(fresh_net, p, day, lazy=False) for p in reversed(people)][::-1]
    assert cold == warm
    stores = program_for(fresh_net).derived("decision", module._Parts).explanations
    assert max(len(s.known) for s in stores.values()) <= 3
    assert sum(len(s.known) for s in program_for(net).derived(
        "decision", module._Parts).explanations.values()) > 3 * len(stores)
