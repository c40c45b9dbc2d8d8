"""Decisions answer at once and work out the rest when first read (baji.core.results,
baji.engine.decide): the lazy decision reads exactly like the one built whole, from any
thread, through every way of reading it, and holds no reference cycle."""

from __future__ import annotations

import copy
import datetime as dt
import gc
import json
import pickle
import threading
import weakref
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import baji  # noqa: E402
from baji.core.decision import Decision, LevelDecision  # noqa: E402
from baji.engine.decide import decide  # noqa: E402
from baji.engine.program import Program  # noqa: E402
from baji.testing.strategies import profiles_with_dates  # noqa: E402

PACKS = baji.bundled_pack_ids()
DAY = dt.date(2026, 9, 1)
EXAMPLE = "examples/profiles/shanghai-2026--sh.special.regular.yaml"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The levels of each eager pass (``Program.full``) run while the test runs."""
    found: list[object] = []
    full = Program.full

    def counting(self: Program, chosen: Any) -> Any:
        found.append(chosen)
        return full(self, chosen)
    monkeypatch.setattr(Program, "full", counting)
    return found


def _profile() -> Any:
    """A Shanghai candidate eligible for some levels and not for others."""
    import yaml
    from conftest import ROOT

    return baji.parse_profile(yaml.safe_load((ROOT / EXAMPLE).read_text(encoding="utf-8")))


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=40)
@given(data=st.data())
def test_lazy_decision_reads_like_the_whole_one(pack: str, data: Any) -> None:
    """Field by field, in JSON and by reference, the lazy decision equals the one built
    in one pass; its answer fields are right before anything else is read."""
    net = baji.get_pack(pack)
    profile, day = data.draw(profiles_with_dates(pack))
    for assume in (False, True):
        whole = decide(net, profile, day, assume_posts_from_certificate=assume, lazy=False)
        lazy = decide(net, profile, day, assume_posts_from_certificate=assume)
        for a, b in zip(lazy.levels, whole.levels):  # the answer, read first
            assert (a.status, a.path, a.rule, a.paths, a.earliest, a.coverage) == (
                b.status, b.path, b.rule, b.paths, b.earliest, b.coverage)
        assert lazy.model_dump_json() == whole.model_dump_json()
        assert lazy == whole and hash(lazy) == hash(whole)
        again = decide(net, profile, day, assume_posts_from_certificate=assume)
        assert baji.dump_decision(again, net) == baji.dump_decision(whole, net)


def test_the_rest_is_worked_out_only_when_read(calls: list[object]) -> None:
    """The eager pass over every condition runs when a lazy field is first read, once for
    the whole decision, and not for a caller who reads the answer alone."""
    net = baji.get_pack("shanghai-2026")
    d = decide(net, _profile(), DAY)
    answered = [(lv.status, lv.path, lv.rule, lv.paths, lv.earliest) for lv in d.levels]
    assert calls == []
    assert d.levels[-1].results  # one level's results fill every level and the trace
    assert len(calls) == 1
    assert d.trace and all(lv.message for lv in d.levels)
    assert len(calls) == 1
    whole = decide(net, _profile(), DAY, lazy=False)
    assert len(calls) == 2
    assert answered == [(lv.status, lv.path, lv.rule, lv.paths, lv.earliest)
                        for lv in whole.levels]


@pytest.mark.parametrize("read", ["pickle", "copy", "deepcopy", "repr", "json", "dump"])
def test_every_way_of_reading_gives_the_whole_decision(read: str) -> None:
    """Pickling (the process pool sends decisions so), copying, printing and dumping a
    lazy decision give the whole one, its pending work left behind."""
    net = baji.get_pack("shanghai-2026")
    whole = decide(net, _profile(), DAY, lazy=False)
    lazy = decide(net, _profile(), DAY)
    if read == "pickle":
        got: Any = pickle.loads(pickle.dumps(lazy))
        assert got == whole and "_pending" not in vars(got)
    elif read == "copy":
        assert copy.copy(lazy) == whole
    elif read == "deepcopy":
        assert copy.deepcopy(lazy) == whole
    elif read == "repr":
        assert repr(lazy) == repr(whole)
    elif read == "json":
        assert Decision.model_validate_json(lazy.model_dump_json()) == whole
    else:
        assert lazy.model_dump(mode="json") == json.loads(whole.model_dump_json())


def test_threads_reading_one_lazy_decision_agree() -> None:
    """Eight threads reading the lazy fields of one decision at once (levels in
    different orders, the trace) all see the whole decision's values."""
    net = baji.get_pack("shanghai-2026")
    whole = decide(net, _profile(), DAY, lazy=False)
    for _ in range(20):
        lazy = decide(net, _profile(), DAY)
        start = threading.Barrier(8)
        seen: list[object] = []

        def read(k: int) -> None:
            start.wait()
            order = lazy.levels if k % 2 else tuple(reversed(lazy.levels))
            seen.append(tuple((lv.level, lv.results, lv.message, lv.missing, lv.notes)
                              for lv in order) + (lazy.trace,))
        threads = [threading.Thread(target=read, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        want = {lv.level: (lv.level, lv.results, lv.message, lv.missing, lv.notes)
                for lv in whole.levels}
        for k, got in enumerate(seen):
            assert got[-1] == whole.trace
            assert all(item == want[item[0]] for item in got[:-1])  # type: ignore[index]
        assert lazy == whole


def test_a_lazy_decision_makes_no_reference_cycle() -> None:
    """A decision never read whole is freed by reference counting alone (no cycle
    through its pending work), so memory stays flat without the collector."""
    net = baji.get_pack("shanghai-2026")
    gc.disable()
    try:
        d = decide(net, _profile(), DAY)
        level = d.levels[0]
        gone = weakref.ref(d), weakref.ref(level)
        del d, level
        assert gone[0]() is None and gone[1]() is None
    finally:
        gc.enable()


def test_a_lazy_field_read_from_the_class_is_its_default() -> None:
    """On the class, a lazy field is its default (as a dataclass field's is); a result
    built whole has no pending work and no attribute beyond its fields."""
    assert Decision.trace == () and LevelDecision.results == ()
    d = decide(baji.get_pack("shanghai-2026"), _profile(), DAY, lazy=False)
    assert "_pending" not in vars(d)
    with pytest.raises(AttributeError):
        d.colour  # type: ignore[attr-defined]  # noqa: B018


def test_a_bad_decision_document_is_refused_located() -> None:
    """Read back by baji.load_decision, an unknown field of a result (now a dataclass,
    which pydantic reports as an unexpected keyword) gets its did-you-mean and JSON
    path, as the pydantic models' unknown fields did; a wrong value and a missing field
    theirs."""
    net = baji.get_pack("shanghai-2026")
    d = decide(net, _profile(), DAY)
    for text in (d.model_dump_json(), baji.dump_decision(d, net)):
        doc = json.loads(text)
        doc["levels"][0]["statuss"] = "x"
        doc["levels"][1]["status"] = "maybe"
        doc["levels"][2].pop("level")
        with pytest.raises(baji.BajiError) as caught:
            baji.load_decision(json.dumps(doc), net)
        shown = str(caught.value)
        assert "$.levels[0].statuss: unknown field 'statuss' (did you mean 'status'?)" in shown
        assert "$.levels[1].status: 'maybe' is not one of" in shown
        assert "$.levels[2].level: missing required field 'level'" in shown


def test_an_earliest_date_read_dates_the_level_alone(calls: list[object]) -> None:
    """Reading a level's earliest date runs the dates of its unmet rules, not the eager
    pass; that date equals the whole decision's, and the rest read later still does."""
    net = baji.get_pack("shanghai-2026")
    day = dt.date(2026, 6, 30)  # the day before the example's year at 高级技师 is complete
    whole = decide(net, _profile(), day, lazy=False)
    calls.clear()
    lazy = decide(net, _profile(), day)
    dated = [lv.earliest for lv in lazy.levels]
    assert calls == []
    assert dated == [lv.earliest for lv in whole.levels]
    assert dt.date(2026, 7, 1) in dated  # 特级技师, not yet eligible
    assert lazy == whole and len(calls) == 1
