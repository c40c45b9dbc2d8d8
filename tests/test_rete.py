"""The durable-rules (Rete) backend agrees with the native evaluator on every pack."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

pytest.importorskip("durable")
pytest.importorskip("hypothesis")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import baji  # noqa: E402
from baji.backends import rete  # noqa: E402
from baji.engine.answers import evaluate_answers  # noqa: E402
from baji.testing.strategies import as_of_dates, profiles  # noqa: E402

PACKS = baji.bundled_pack_ids()


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=25)  # each example asserts a fact into the Rete network
@given(data=st.data())
def test_rete_gives_the_native_status_and_paths(pack: str, data: Any) -> None:
    """durable-rules decides every rule of every level as the native evaluator does, so
    status, path and paths agree (earliest dates are not the backend's business)."""
    net = baji.get_pack(pack)
    profile = data.draw(profiles(pack))
    day = data.draw(as_of_dates(pack, margin_days=120))
    for assume in (False, True):
        native = evaluate_answers(net, profile, day, earliest=False,
                                  assume_posts_from_certificate=assume)
        assert rete.evaluate_answers(net, profile, day,
                                     assume_posts_from_certificate=assume) == native


def test_rete_from_eight_threads_equals_a_sequential_run() -> None:
    """The engine is process-global; through baji's lock, eight threads at once get the
    answers of a sequential run."""
    net = baji.get_pack("shanghai-2026")
    people = [baji.parse_profile(p) for p in _people()]
    day = dt.date(2026, 9, 1)
    want = [rete.evaluate_answers(net, p, day) for p in people]
    assert {a.status for answers in want for a in answers} == {"eligible", "ineligible",
                                                               "undetermined"}
    assert want == [evaluate_answers(net, p, day, earliest=False) for p in people]
    got: list[list[Any]] = [[] for _ in range(8)]

    def work(k: int) -> None:
        got[k] = [rete.evaluate_answers(net, p, day) for p in people]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(g == want for g in got)


def _people() -> list[dict[str, Any]]:
    base: dict[str, Any] = {
        "in_post_employee": True, "still_in_occupation": True, "findings": [],
        "attestations": {a: True for a in (
            "law_abiding", "professional_ethics", "dedication", "widely_recognised",
            "physically_fit", "special_technician_competence", "teaching_contribution")},
        "employer": {"filed_institution": True, "filing": "municipal", "pilot": True},
        "honours": [], "awards": []}
    out = []
    for start in ("2020-01-01", "2025-12-01", "2026-08-01"):
        out.append(base | {"grades": [{"level": "高级技师", "posts": [{"start": start}]}]})
    out.append(base | {"grades": [], "awards": ["中华技能大奖"]})
    out.append(base | {"grades": None})
    out.append({})  # no rule fires at all: every rule unknown
    return out
