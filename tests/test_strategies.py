"""The strategies of baji.testing.strategies themselves: what they generate is what they promise."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import os
import subprocess
import sys
from typing import Any

import pytest

pytest.importorskip("hypothesis")

from hypothesis import Phase, find, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import baji  # noqa: E402
from baji import Level, Profile  # noqa: E402
from baji.pack.model import Condition, Rule  # noqa: E402
from baji.profile.model import Period  # noqa: E402
from baji.testing.strategies import (  # noqa: E402
    BoundaryPair,
    Unsatisfiable,
    anniversary,
    as_of_dates,
    boundary_pairs,
    boundary_targets,
    dates,
    leap_days,
    post_histories,
    profiles,
    profiles_with_dates,
    satisfying_profile,
)

PACKS = baji.bundled_pack_ids()
LEVELS = [(p, info.level) for p in PACKS for info in baji.get_pack(p).levels]
#: For `find`: generate only (no shrinking), enough tries to meet rare cases.
SEARCH = settings(database=None, max_examples=2000, phases=[Phase.generate])


# -- packaging -------------------------------------------------------------------------
def test_import_baji_does_not_import_hypothesis() -> None:
    """`import baji` (and its API) never pulls Hypothesis in."""
    code = ("import sys, baji; baji.evaluate({}, 'shanghai-2026', None); "
            "assert 'hypothesis' not in sys.modules, 'hypothesis imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr


def test_import_without_hypothesis_says_how_to_install(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    """Without Hypothesis, importing baji.testing.strategies is an ImportError naming the extra."""
    for name in [m for m in sys.modules if m == "hypothesis" or m.startswith("hypothesis.")]:
        monkeypatch.setitem(sys.modules, name, None)  # type: ignore[arg-type]
    monkeypatch.setitem(sys.modules, "hypothesis", None)  # type: ignore[arg-type]
    monkeypatch.delitem(sys.modules, "baji.testing.strategies", raising=False)
    with pytest.raises(ImportError, match=r"pip install 'baji\[testing\]'"):
        importlib.import_module("baji.testing.strategies")
    monkeypatch.undo()
    assert importlib.import_module("baji.testing.strategies").profiles is not None


def test_docstring_examples_run() -> None:
    """Every example in the module's docstrings runs as written."""
    import baji.testing.strategies as module

    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10
    assert result.failed == 0


# -- dates -----------------------------------------------------------------------------
def test_anniversary_follows_the_civil_code() -> None:
    """民法典 第二百零二条: the corresponding day, or the month's last day."""
    assert anniversary(dt.date(2019, 3, 15), 5) == dt.date(2024, 3, 15)
    assert anniversary(dt.date(2020, 2, 29), 5) == dt.date(2025, 2, 28)
    assert anniversary(dt.date(2020, 2, 29), 4) == dt.date(2024, 2, 29)
    assert anniversary(dt.date(2024, 2, 29), -1) == dt.date(2023, 2, 28)


@given(dates(dt.date(2019, 6, 1), dt.date(2021, 6, 1), edges=[dt.date(2020, 7, 4)]))
def test_dates_stay_in_bounds(day: dt.date) -> None:
    assert dt.date(2019, 6, 1) <= day <= dt.date(2021, 6, 1)


def test_dates_reach_29_february_and_edges() -> None:
    strategy = dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31), edges=[dt.date(2026, 6, 8)])
    assert find(strategy, lambda d: (d.month, d.day) == (2, 29), settings=SEARCH).year % 4 == 0
    assert find(strategy, lambda d: d == dt.date(2026, 6, 7), settings=SEARCH)
    assert find(leap_days(dt.date(2001, 1, 1), dt.date(2003, 1, 1)) | st.just(None),
                lambda d: True, settings=SEARCH) is None  # no leap day: nothing drawn


@pytest.mark.parametrize("pack", PACKS)
@given(data=st.data())
def test_as_of_dates_inside_the_window(pack: str, data: Any) -> None:
    net = baji.get_pack(pack)
    day = data.draw(as_of_dates(pack))
    assert net.in_force(day)
    outside = data.draw(as_of_dates(pack, margin_days=30))
    assert net.window.from_ - dt.timedelta(days=30) <= outside


# -- post histories --------------------------------------------------------------------
LO, HI = dt.date(2000, 1, 1), dt.date(2012, 12, 31)


@given(post_histories(min_date=LO, max_date=HI, min_size=1, max_size=5))
def test_histories_are_sorted_disjoint_and_bounded(history: list[Period]) -> None:
    """Periods never overlap (adjacent is fine), lie in the bounds, only the last is open,
    and a profile accepts them."""
    assert 1 <= len(history) <= 5
    for p in history:
        assert LO <= p.start < HI
        assert p.end is None or p.start < p.end <= HI
    for a, b in zip(history, history[1:]):
        assert a.end is not None and a.end <= b.start
    Profile.model_validate({"grades": [{"level": "高级技师", "posts": history}]})


@given(post_histories(open_last=True, as_json=True), post_histories(open_last=False))
def test_histories_open_or_closed_as_asked(open_: list[dict[str, Any]],
                                           closed: list[Period]) -> None:
    assert open_[-1]["end"] is None and isinstance(open_[0]["start"], str)
    assert closed[-1].end is not None
    baji.parse_profile({"grades": [{"level": "technician", "posts": open_}]})


def test_histories_have_gaps_adjacent_periods_and_leap_day_starts() -> None:
    strategy = post_histories(min_size=2, max_size=4)
    find(strategy, lambda h: any(a.end == b.start for a, b in zip(h, h[1:])),
         settings=SEARCH)
    find(strategy, lambda h: any(a.end and a.end < b.start for a, b in zip(h, h[1:])),
         settings=SEARCH)
    find(strategy, lambda h: any((p.start.month, p.start.day) == (2, 29) for p in h),
         settings=SEARCH)


def test_history_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        post_histories(min_size=3, max_size=2)
    with pytest.raises(ValueError):
        post_histories(min_date=dt.date(2020, 1, 1), max_date=dt.date(2020, 1, 5), max_size=4)


# -- profiles --------------------------------------------------------------------------
@given(profiles(as_json=True))
def test_generic_profiles_validate(data: dict[str, Any]) -> None:
    """The JSON-ready dicts validate (and survive a JSON round trip as Profiles)."""
    profile = baji.parse_profile(data)
    assert Profile.model_validate_json(profile.model_dump_json()) == profile


@pytest.mark.parametrize("pack, level", LEVELS, ids=lambda x: getattr(x, "value", x))
@given(data=st.data())
def test_targeted_profiles_validate(pack: str, level: Level, data: Any) -> None:
    profile = data.draw(profiles(pack, level))
    assert isinstance(profile, Profile)
    baji.parse_profile(data.draw(profiles(pack, level.zh, as_json=True)))


def test_profiles_mix_known_and_unknown_facts() -> None:
    strategy = profiles("shanghai-2026")
    find(strategy, lambda p: p.still_in_occupation is None and p.front_line is not None,
         settings=SEARCH)
    find(strategy, lambda p: p.grades is None, settings=SEARCH)
    find(strategy, lambda p: p.honours is not None and any(
        g.posts is None for g in p.grades or ()), settings=SEARCH)
    find(profiles(), lambda p: bool(p.findings) and bool(p.awards), settings=SEARCH)


@pytest.mark.parametrize("pack, level", LEVELS, ids=lambda x: getattr(x, "value", x))
def test_targeted_profiles_reach_every_status(pack: str, level: Level) -> None:
    """Aimed at a level, the strategy gives eligible, ineligible (not covered, where the
    pack covers the level in part; also with an earliest date, where a rule of the level
    has a tenure condition) and undetermined."""
    strategy = profiles_with_dates(pack, level)

    def status(pair: tuple[Profile, dt.date]) -> tuple[str, bool]:
        decided = baji.evaluate(pair[0], pack, pair[1]).level(level)
        return decided.status, decided.earliest is not None

    # A level the pack covers only in part is not covered, never ineligible (issue 12).
    partial = any(i.level is level and i.coverage == "partial"
                  for i in baji.get_pack(pack).levels)
    refused = "not_covered" if partial else "ineligible"
    for wanted in ("eligible", refused, "undetermined"):
        find(strategy, lambda pair, w=wanted: status(pair)[0] == w,
             settings=SEARCH)
    if boundary_targets(pack, level):
        find(strategy, lambda pair: status(pair) == (refused, True), settings=SEARCH)


def test_profile_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        profiles("tianjin-2024", "senior_worker")  # not a level of the pack
    with pytest.raises(ValueError):
        profiles(None, "technician")
    with pytest.raises(baji.EvaluationError):
        profiles("no-such-pack")


# -- satisfying_profile ----------------------------------------------------------------
PATH_RULES = [(p, r.id) for p in PACKS for r in baji.get_pack(p).rules if r.path != "part"]


@pytest.mark.parametrize("pack, rule", PATH_RULES)
@pytest.mark.parametrize("pick", ["first", "last"])
def test_satisfying_profile_meets_its_rule(pack: str, rule: str, pick: str) -> None:
    """The builder meets every path rule of every pack, whichever `any` branches it takes."""
    net = baji.get_pack(pack)
    day = net.window.until or net.window.from_ + dt.timedelta(days=500)
    data = satisfying_profile(pack, rule, reference=day,
                              choose=(lambda o: o[0]) if pick == "first" else (lambda o: o[-1]))
    decision = baji.evaluate(data, pack, day)
    results = {r.rule: r.result for lv in decision.levels for r in lv.results}
    assert results[rule] == "met", data


def _pack_with(rule_when: dict[str, Any]) -> baji.Network:
    net = baji.get_pack("shanghai-2026")
    source = net.source
    first = source.rules[0]
    extra = Rule.model_validate({
        "id": "test.extra", "level": "senior_worker", "path": "regular",
        "title": {"zh": "测试", "en": "test"}, "cite": list(first.cite), "when": rule_when})
    return baji.compile_pack(source.model_copy(update={"rules": (*source.rules, extra)}))


def test_satisfying_profile_breaks_what_a_not_negates() -> None:
    net = _pack_with({"all": [{"fact": "front_line"},
                              {"not": {"honour": ["national_technical_expert"]}},
                              {"not": {"all": [{"fact": "in_related_work"},
                                               {"employer": "pilot"}]}}]})
    day = dt.date(2026, 7, 1)
    data = satisfying_profile(net, "test.extra", reference=day)
    decided = baji.evaluate(data, net, day).level("senior_worker")
    assert {r.rule: r.result for r in decided.results}["test.extra"] == "met"


def test_contradictory_rules_are_unsatisfiable() -> None:
    # (fact X with not fact X no longer compiles: the compiler rejects it, BAJI132)
    net = _pack_with({"all": [{"tenure": {"grade": "technician", "years": 2}},
                              {"not": {"grade": "technician"}}]})
    with pytest.raises(Unsatisfiable):
        satisfying_profile(net, "test.extra", reference=dt.date(2026, 7, 1))
    Condition.model_validate({"fact": "front_line"})  # the model used above is public
    with pytest.raises(KeyError):
        satisfying_profile("shanghai-2026", "no.such.rule", reference=dt.date(2026, 7, 1))


# -- boundary pairs --------------------------------------------------------------------
def test_boundary_targets_are_every_tenure_condition_of_a_path_rule() -> None:
    for pack in PACKS:
        net = baji.get_pack(pack)
        seen: set[int] = set()

        def walk(i: int) -> None:
            node = net.nodes[i]
            if node.kind == "tenure":
                seen.add(i)
            for c in node.children:
                walk(c)

        for rule in net.rules:
            if rule.path != "part":
                walk(rule.root)
        assert {t.node for t in boundary_targets(pack)} == seen, pack
        for t in boundary_targets(pack):
            assert net.nodes[t.node].params == (t.grade, t.years)


@pytest.mark.parametrize("pack", PACKS)
@given(data=st.data())
def test_boundary_pairs_are_well_formed(pack: str, data: Any) -> None:
    pair: BoundaryPair = data.draw(boundary_pairs(pack))
    net = baji.get_pack(pack)
    assert pair.day_before == pair.completion_date - dt.timedelta(days=1)
    assert net.in_force(pair.day_before) and net.in_force(pair.completion_date)
    assert pair.completion_date == anniversary(pair.equivalent_start, pair.target.years)
    assert pair.leap_day_start == ((pair.equivalent_start.month,
                                    pair.equivalent_start.day) == (2, 29))
    assert baji.parse_profile(dict(pair.data)) == pair.profile
    periods = pair.profile.grade_periods(pair.target.grade)
    assert periods
    for a, b in zip(periods, periods[1:]):
        assert a.end is not None and a.end <= b.start
    assert pair.target in boundary_targets(pack)
    last = max(periods, key=lambda p: p.start)
    assert (last.end == pair.completion_date) == pair.closes_on_completion
    assert last.end is None or last.end >= pair.completion_date


def test_boundary_pairs_leap_day_option() -> None:
    never = boundary_pairs("fujian-2026", leap_day_start=False, closes_on_completion=True)
    always = boundary_pairs("fujian-2026", leap_day_start=True, closes_on_completion=False)
    fast = settings(database=None, max_examples=40, phases=[Phase.generate])

    @fast
    @given(never, always)
    def check(a: BoundaryPair, b: BoundaryPair) -> None:
        assert not a.leap_day_start and a.closes_on_completion
        assert b.leap_day_start and b.completion_date.month == 2
        assert not b.closes_on_completion

    check()
    with pytest.raises(ValueError):
        boundary_pairs("shanghai-2026", "senior_worker")  # no tenure condition there


# -- the tutorial ----------------------------------------------------------------------
def test_docs_examples_run() -> None:
    """Every python block of docs/strategies.md runs, and the tests it defines pass
    (parametrized ones over each of their parameters)."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "strategies.md").read_text(
        encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 5
    ran = 0
    for block in blocks:
        namespace: dict[str, Any] = {}
        exec(compile(block, "docs/strategies.md", "exec"), namespace)  # noqa: S102
        for name, fn in namespace.items():
            if not (name.startswith("test_") and callable(fn)):
                continue
            marks = [m for m in getattr(fn, "pytestmark", ()) if m.name == "parametrize"]
            if marks:
                argname, values = marks[0].args[0], marks[0].args[1]
                for value in values:
                    fn(**{argname: value})
            else:
                fn()
            ran += 1
    assert ran >= 5


def test_from_type_profile_through_the_entry_point() -> None:
    """A fresh interpreter that imports Hypothesis and baji, not baji.testing: the
    `hypothesis` entry point has registered a strategy, so st.from_type(baji.Profile)
    draws valid profiles (Hypothesis's own guess from the fields would fail validation)."""
    code = ("import sys\n"
            "from hypothesis import HealthCheck, given, settings, strategies as st\n"
            "import baji\n"
            "seen = []\n"
            "@settings(max_examples=20, database=None, deadline=None,\n"
            "          suppress_health_check=list(HealthCheck))\n"
            "@given(st.from_type(baji.Profile))\n"
            "def draw(p):\n"
            "    assert baji.parse_profile(p.model_dump(mode='json')) == p\n"
            "    seen.append(p)\n"
            "draw()\n"
            "assert 'baji.testing.strategies' in sys.modules\n"
            "print(len(seen))\n")
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) >= 20


def test_a_baji_that_cannot_register_only_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The entry point runs inside ``import hypothesis``: when baji cannot register (its
    model fails to import), setup warns and returns, so Hypothesis still imports."""
    from baji.testing import hypothesis_hook

    def broken() -> None:
        raise ImportError("cannot import name 'Profile'")

    monkeypatch.setattr(hypothesis_hook, "_register", broken)
    with pytest.warns(RuntimeWarning, match="could not register.*ImportError"):
        hypothesis_hook.setup()
