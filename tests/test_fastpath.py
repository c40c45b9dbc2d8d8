"""The compiled evaluator and the answer-only fast path agree with the reference.

tests/reference_evaluator.py is baji's original interpreter of a network. The compiled
full evaluator must give equal decisions (trace and citations included), and
:func:`baji.evaluate_answers` the same status, path, paths and earliest date, on
profiles generated for every bundled pack by :mod:`baji.testing.strategies`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import weakref
from functools import lru_cache
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")

import reference_evaluator  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from pydantic import ValidationError  # noqa: E402

import baji  # noqa: E402
from baji.core.decision import (  # noqa: E402
    Citation,
    Decision,
    LevelDecision,
    Message,
    PathResult,
    PriorityFlag,
    Trace,
)
from baji.core.tenure import add_years  # noqa: E402
from baji.engine.answers import LevelAnswer, evaluate_answers  # noqa: E402
from baji.engine.decide import decide as evaluate  # noqa: E402
from baji.engine.program import Program, program_for  # noqa: E402
from baji.pack.bundled import rules_dir  # noqa: E402
from baji.testing.strategies import as_of_dates, profiles, profiles_with_dates, satisfying_profile  # noqa: E402

PACKS = baji.bundled_pack_ids()


def _answers_of(decision: Decision) -> tuple[LevelAnswer, ...]:
    return tuple(LevelAnswer(lv.level, lv.status, lv.path, lv.paths, lv.earliest)
                 for lv in decision.levels)


@pytest.mark.parametrize("pack", PACKS)
@given(data=st.data())
def test_compiled_decision_equals_the_reference(pack: str, data: Any) -> None:
    """The compiled evaluator's decision equals the reference interpreter's, field by
    field and in JSON, with and without posts assumed from certificates."""
    net = baji.get_pack(pack)
    profile, day = data.draw(profiles_with_dates(pack))
    for assume in (False, True):
        got = evaluate(net, profile, day, assume_posts_from_certificate=assume)
        want = reference_evaluator.evaluate(net, profile, day,
                                            assume_posts_from_certificate=assume)
        assert got == want
        assert got.model_dump_json() == want.model_dump_json()


@pytest.mark.parametrize("pack", PACKS)
@given(data=st.data())
def test_answers_agree_with_the_full_decision(pack: str, data: Any) -> None:
    """Status, path, paths and earliest of every level agree with the full decision,
    on dates inside the window and up to a year either side of it."""
    net = baji.get_pack(pack)
    profile = data.draw(profiles(pack))
    day = data.draw(as_of_dates(pack, margin_days=366))
    for assume in (False, True):
        full = evaluate(net, profile, day, assume_posts_from_certificate=assume)
        got = evaluate_answers(net, profile, day, assume_posts_from_certificate=assume)
        assert got == _answers_of(full)
        quick = evaluate_answers(net, profile, day, earliest=False,
                                 assume_posts_from_certificate=assume)
        assert quick == tuple(a._replace(earliest=None) for a in got)


@pytest.mark.parametrize("pack", PACKS)
@given(data=st.data())
def test_straight_line_code_gives_the_same_answers(pack: str, data: Any) -> None:
    """Without short-circuit code (the fallback for networks too large to inline), the
    rule values are the same, and so are the rules' dates and relaxed (原则上) values."""
    net = baji.get_pack(pack)
    fast, straight = program_for(net), _straight(pack)
    profile, day = data.draw(profiles_with_dates(pack))
    for a, b in zip(fast.levels, straight.levels):
        assert a.values(profile, day, False) == b.values(profile, day, False)
        assert [d(profile, day, True) for d in a.dates] == [d(profile, day, True) for d in b.dates]
        for ra, rb in zip(a.relaxed, b.relaxed):
            assert (ra is None) == (rb is None)
            if ra is not None and rb is not None:
                assert ra(profile, day, False) == rb(profile, day, False)


@lru_cache(maxsize=None)
def _straight(pack: str) -> Program:
    """The pack's program with every value function as straight-line code."""
    return Program(baji.get_pack(pack), max_source=0)


def test_straight_line_fallback_is_really_used() -> None:
    """A source limit of zero makes every value function straight-line code."""
    straight = _straight("shanghai-2026")
    assert all("level" in lp.values.__code__.co_filename for lp in straight.levels)
    assert "x" not in " ".join(straight.levels[0].values.__code__.co_varnames)


@pytest.mark.parametrize("pack", PACKS)
def test_answers_outside_the_window_are_not_in_force(pack: str) -> None:
    """The day before a pack's window every level answers not_in_force, as the full
    decision does."""
    net = baji.get_pack(pack)
    day = net.window.from_ - dt.timedelta(days=1)
    profile = baji.parse_profile({"grades": []})
    got = evaluate_answers(net, profile, day)
    assert [a.status for a in got] == ["not_in_force"] * len(net.levels)
    assert got == _answers_of(evaluate(net, profile, day))


def test_one_level_of_a_decision_is_the_level_of_the_whole() -> None:
    """levels=... decides only those levels, each exactly as in the whole decision, and
    traces only the conditions they read."""
    net = baji.get_pack("shanghai-2026")
    day = dt.date(2026, 9, 1)
    data = satisfying_profile("shanghai-2026", "sh.special.regular", reference=day)
    data["honours"] = None  # the exceptional path stays undetermined
    profile = baji.parse_profile(data)
    whole = evaluate(net, profile, day)
    part = evaluate(net, profile, day, levels=["特级技师"])
    assert [lv.level for lv in part.levels] == [baji.Level.SPECIAL_TECHNICIAN]
    assert part.levels[0] == whole.level("特级技师")
    assert [r.result for r in part.levels[0].results] == ["unmet", "unmet", "met", "unknown"]
    assert {t.node for t in part.trace} < {t.node for t in whole.trace}
    answers = evaluate_answers(net, profile, day, levels="special_technician")
    assert answers == _answers_of(part)


def test_unknown_level_is_a_located_error() -> None:
    """Asking for a level the pack does not rule on names it, with a did-you-mean."""
    net = baji.get_pack("shanghai-2026")
    profile = baji.parse_profile({})
    with pytest.raises(baji.EvaluationError,
                       match=r"does not rule on level 'special_technican' "
                             r"\(did you mean 'special_technician'\?\)"):
        evaluate_answers(net, profile, dt.date(2026, 7, 1), levels=["special_technican"])
    with pytest.raises(baji.EvaluationError, match="does not rule on level 'apprentice'"):
        evaluate(net, profile, dt.date(2026, 7, 1), levels="apprentice")


def test_program_is_built_once_per_network() -> None:
    """The compiled program is cached for a network and not shared with another one."""
    net = baji.get_pack("fujian-2026")
    assert program_for(net) is program_for(net)
    other = baji.load_pack(net.path and baji.pack.bundled.rules_dir() / "fujian-2026.yaml")
    assert program_for(other) is not program_for(net)


def _anniversary(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later, or 28 February for 29 February in a common year
    (民法典 第二百零二条: the month's last day when the year has no corresponding day).
    Raises ValueError past year 9999."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        if (day.month, day.day) != (2, 29) or day.year + years > dt.MAXYEAR:
            raise
        return dt.date(day.year + years, 2, 28)


@given(st.dates(), st.integers(min_value=0, max_value=60))
def test_add_years_is_the_civil_code_anniversary(day: dt.date, years: int) -> None:
    """add_years is the anniversary of 第二百零二条 (29 February -> 28 February)."""
    try:
        want = _anniversary(day, years)
    except ValueError:
        with pytest.raises(ValueError, match="out of range"):
            add_years(day, years)
        return
    assert add_years(day, years) == want


def test_results_built_from_fields_equal_validated_ones() -> None:
    """Every result class built from fields without validation (``of_fields``, what the
    evaluator does) equals, serialises like and reprs like the instance the validating
    constructor builds from the same fields; both are frozen."""
    msg = Message(zh="甲", en="a")
    cite = Citation(clause="c", document="d", ref="r", text="t")
    trace = dict(node="n1", kind="fact", required=msg, actual="true", met=None,
                 strength="default", cite=("c",), facts=("x",), becomes_met=dt.date(2030, 1, 1),
                 note=None, source=("rules/p.yaml:3:7",))
    path = dict(rule="r", path="regular", title=msg, result="unknown", citations=(cite,),
                unmet=(), unknown=(Trace(**trace),), met=("n2",), earliest=None,
                defaults_only=True,
                reading=3)
    level = dict(level=baji.Level.TECHNICIAN, level_zh="技师", status="undetermined",
                 path=None, rule=None, paths=(), citations=(), results=(PathResult(**path),),
                 missing=("x",), earliest=dt.date(2030, 1, 1),
                 priority=(PriorityFlag(id="p", title=msg, result="met", citations=(cite,)),),
                 coverage="partial", notes=(msg,), message=msg)
    for cls, fields in ((Trace, trace), (PathResult, path), (LevelDecision, level)):
        built = cls.of_fields(dict(fields))  # type: ignore[attr-defined]
        valid = cls(**fields)  # type: ignore[operator]
        assert built == valid
        assert hash(built) == hash(valid)
        assert built.model_dump_json() == valid.model_dump_json()
        assert repr(built) == repr(valid)
        assert cls.model_validate_json(built.model_dump_json()) == built
        with pytest.raises(dataclasses.FrozenInstanceError):
            built.status = "x"


def test_result_constructor_validates() -> None:
    """Built by hand, a result is validated as the pydantic models were: a wrong type or
    an unknown field is refused."""
    msg = Message(zh="甲", en="a")
    with pytest.raises(ValidationError, match="node"):
        Trace(node=1, kind="fact", required=msg, actual="", met=None)
    with pytest.raises(ValidationError, match="colour"):
        Trace(node="n1", kind="fact", required=msg, actual="", met=None, colour=1)
    with pytest.raises(ValidationError, match="status"):
        LevelDecision(level=baji.Level.TECHNICIAN, level_zh="技师", status="maybe",
                      message=msg)


def test_a_network_dropped_takes_its_program_with_it() -> None:
    """evaluate_answers remembers the program of the last call's network, but only while
    that network lives: dropped, its program is freed (not held until another call)."""
    net = baji.load_pack(rules_dir() / "shanghai-2026.yaml")  # not the cached one
    profile = baji.parse_profile({"grades": []})
    evaluate_answers(net, profile, dt.date(2026, 9, 1), levels="特级技师")
    program = weakref.ref(program_for(net))
    del net
    gc.collect()
    assert program() is None


def test_levels_changed_between_calls_are_read_again() -> None:
    """evaluate_answers knows the levels of the previous call again by identity: a list
    changed in place between two calls is read again, not taken for the old one."""
    net = baji.get_pack("shanghai-2026")
    profile = baji.parse_profile({"grades": []})
    day = dt.date(2026, 9, 1)
    wanted = ["特级技师"]
    assert [a.level for a in evaluate_answers(net, profile, day, levels=wanted)] == [
        baji.Level.SPECIAL_TECHNICIAN]
    wanted.append("技师")
    assert [a.level for a in evaluate_answers(net, profile, day, levels=wanted)] == [
        baji.Level.TECHNICIAN, baji.Level.SPECIAL_TECHNICIAN]
    same = ("特级技师",)
    for _ in range(2):  # a tuple is known again
        assert [a.level for a in evaluate_answers(net, profile, day, levels=same)] == [
            baji.Level.SPECIAL_TECHNICIAN]
