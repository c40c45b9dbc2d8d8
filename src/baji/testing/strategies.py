"""Hypothesis strategies for testing code that uses baji (and baji itself).

Install with ``pip install 'baji[testing]'``: Hypothesis is not a dependency of baji
itself, and ``import baji`` never imports it. docs/strategies.md has a tutorial.

The strategies:

- :func:`dates`, :func:`leap_days`, :func:`as_of_dates`: dates, with 29 February,
  month ends and a pack's window edges drawn often;
- :func:`post_histories`: sorted, non-overlapping half-open post periods ``[start, end)``
  with gaps, adjacent periods, an optional open last period and 29 February starts;
- :func:`profiles` and :func:`profiles_with_dates`: valid candidate profiles mixing known
  and unknown facts; aimed at a pack and a level they read that level's rules, so that
  *eligible*, *ineligible* (often with an ``earliest`` date) and *undetermined* all occur
  often;
- :func:`boundary_pairs`: a profile, a completion date and the day before it, built so
  that one tenure condition of one path rule is the only thing between the candidate and
  the level: eligible on the completion date, not on the day before.

And the deterministic helpers they rest on: :func:`boundary_targets` (every tenure
condition of every path rule of a pack) and :func:`satisfying_profile` (a profile that
meets one rule of a pack, choosing one branch of every ``any``).

Example::

    from hypothesis import given
    import baji
    from baji.testing.strategies import boundary_pairs

    @given(boundary_pairs("shanghai-2026"))
    def test_boundary(pair):
        before = baji.evaluate(pair.profile, pair.pack, pair.day_before)
        on = baji.evaluate(pair.profile, pair.pack, pair.completion_date)
        assert before.level(pair.level).status != "eligible"
        assert on.level(pair.level).status == "eligible"
"""

from __future__ import annotations

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.strategies import SearchStrategy
except ImportError as _exc:  # pragma: no cover - exercised by a test with sys.modules
    raise ImportError(
        "baji.testing.strategies needs Hypothesis, which is not installed: "
        "pip install 'baji[testing]'") from _exc

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, overload

from baji.core.levels import Level
from baji.core.vocabulary import default_vocab
from baji.operators.witness import Needs, Plan, Unsatisfiable, one
from baji.pack.network import Network, Node
from baji.profile.model import Profile
from baji.testing.dates import (
    BOOL,
    DAY,
    MAX_DATE,
    MIN_DATE,
    anniversary,
    as_of_dates,
    dates,
    ints,
    leap_days,
    leap_days_between,
    post_histories,
    window,
    zero_or,
)
from baji.testing.hypothesis_hook import setup as setup_type_strategies
from baji.testing.plans import (
    HOWS,
    LastEnd,
    closed_years,
    history_for,
    perturb,
    plan_from,
    random_fill,
    realise,
)
from baji.testing.rule_needs import (
    BoundaryTarget,
    Chooser,
    LevelRef,
    PackRef,
    boundary_targets,
    first_option,
    level_of,
    needs_for,
    pack_levels,
    pack_network,
)

__all__ = [
    "BoundaryPair",
    "BoundaryTarget",
    "MAX_DATE",
    "MIN_DATE",
    "Unsatisfiable",
    "anniversary",
    "as_of_dates",
    "boundary_pairs",
    "boundary_targets",
    "dates",
    "leap_days",
    "post_histories",
    "profiles",
    "profiles_with_dates",
    "satisfying_profile",
]


# -- profiles ------------------------------------------------------------------------------
def _level_rules(net: Network, level: Level) -> list[int]:
    return [r.root for r in net.rules_for(level)]


@st.composite
def _targeted_dict(draw: st.DrawFn, net: Network, level: Level | None,
                   reference: dt.date | None) -> dict[str, Any]:
    levels = pack_levels(net)
    lv = level if level is not None else draw(one(tuple(levels)))
    roots = _level_rules(net, lv)
    lo, hi = window(net, 8)
    ref = reference if reference is not None else draw(dates(lo, hi))
    if not roots or draw(ints(0, 9)) == 0:
        needs = Needs()
    else:
        root = draw(one(tuple(roots)))
        try:
            needs = needs_for(net, root, lambda opts: draw(one(tuple(opts))))
        except Unsatisfiable:
            needs = Needs()
    plan = plan_from(needs, net, "random", draw)
    leaves = list(dict.fromkeys(needs.leaves))
    if leaves:
        k = draw(one((0, 0, 0, 1, 1, 2, 3)))
        for index in draw(st.lists(one(tuple(leaves)), max_size=k, unique=True)):
            how = draw(one(HOWS))
            perturb(plan, net, index, how, draw)
    return realise(plan, ref, draw)


@st.composite
def _generic_dict(draw: st.DrawFn, reference: dt.date | None) -> dict[str, Any]:
    ref = reference if reference is not None else draw(dates(dt.date(2015, 1, 1),
                                                             dt.date(2032, 12, 31)))
    every = sorted(default_vocab().items["attestation"])
    plan = random_fill(Needs(), every, {}, draw)
    return realise(plan, ref, draw)


def _profile_dicts(pack: PackRef | None, level: LevelRef | None,
                   reference: dt.date | None) -> SearchStrategy[dict[str, Any]]:
    if pack is None:
        if level is not None:
            raise ValueError("a level needs a pack")
        return _generic_dict(reference)
    net = pack_network(pack)
    lv = level_of(level) if level is not None else None
    if lv is not None and lv not in pack_levels(net):
        raise ValueError(f"pack {net.id!r} does not rule on level {lv.value!r}")
    return _targeted_dict(net, lv, reference)


@overload
def profiles(pack: PackRef | None = ..., level: LevelRef | None = ..., *,
             as_json: Literal[False] = ..., reference: dt.date | None = ...,
             ) -> SearchStrategy[Profile]: ...


@overload
def profiles(pack: PackRef | None = ..., level: LevelRef | None = ..., *,
             as_json: Literal[True], reference: dt.date | None = ...,
             ) -> SearchStrategy[dict[str, Any]]: ...


def profiles(pack: PackRef | None = None, level: LevelRef | None = None, *,
             as_json: bool = False, reference: dt.date | None = None,
             ) -> SearchStrategy[Profile] | SearchStrategy[dict[str, Any]]:
    """Valid candidate profiles, mixing known and unknown (``None``) facts.

    Without ``pack`` every field is drawn at random (grades with post histories, facts
    true, false or unknown, vocabulary honours and awards by id or Chinese name, findings).
    With ``pack`` (an id or a :class:`~baji.Network`) and ``level`` (or a level drawn
    from the pack), most profiles are built to meet one path rule of that level (one
    branch of each ``any``), then up to three of the conditions it reads are broken or
    left unknown, and the years in post complete within about four years of the pack's
    window: so *eligible*, *ineligible* (often with an ``earliest`` date) and
    *undetermined* all occur often when evaluated on a date of :func:`as_of_dates`.

    Args:
        pack: aim at this pack (bundled id, file path or network).
        level: aim at this level of the pack.
        as_json: give the JSON-ready dict (what :func:`baji.parse_profile` takes)
            instead of a :class:`~baji.Profile`.
        reference: the day the profile is "about" (past dates on or before it, "late"
            posts after it); drawn in the pack's window (2015..2032 without a pack)
            when left out.

    Example:
        >>> from hypothesis import given
        >>> import baji
        >>> @given(profiles("fujian-2026", "首席技师"), as_of_dates("fujian-2026"))
        ... def test(profile, day):
        ...     status = baji.evaluate(profile, "fujian-2026", day).level("首席技师").status
        ...     assert status in ("eligible", "ineligible", "undetermined")
        >>> test()
    """
    data = _profile_dicts(pack, level, reference)
    if as_json:
        return data
    return data.map(Profile.model_validate)


def profiles_with_dates(pack: PackRef, level: LevelRef | None = None, *,
                        horizon_years: int = 8) -> SearchStrategy[tuple[Profile, dt.date]]:
    """``(profile, as_of)`` pairs for ``pack``: a profile of :func:`profiles` and a date
    in the pack's window in force; half the time the profile's reference day is the
    evaluation date itself (a candidate described on the day of the evaluation).

    >>> from hypothesis import given
    >>> @given(profiles_with_dates("chongqing-2023", "特级技师"))
    ... def test(pair): assert pair[1] >= dt.date(2023, 6, 2)
    >>> test()
    """
    net = pack_network(pack)
    lv = level_of(level) if level is not None else None

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Profile, dt.date]:
        day = draw(as_of_dates(net, horizon_years=horizon_years))
        reference = day if draw(BOOL) else None
        data = draw(_profile_dicts(net, lv, reference))
        return Profile.model_validate(data), day

    return build()


# -- a profile meeting one rule ------------------------------------------------------------
def satisfying_profile(pack: PackRef, rule: str, *, reference: dt.date,
                       choose: Chooser | None = None) -> dict[str, Any]:
    """A JSON-ready profile meeting rule ``rule`` of ``pack`` on ``reference``.

    Every leaf the rule needs is given, choosing one branch of each ``any`` with
    ``choose`` (the first by default): grades held with posts of the years asked (closed
    before ``reference``), facts, attestations and employer facts true, one item of each
    honour, award, title and contribution set, recommendations, filings from the list,
    years of self-assessment, and no findings. Everything the rule does not read is given
    negatively (facts false, lists empty) so other rules are rarely met by accident.

    Raises:
        Unsatisfiable: the rule's conditions conflict for these choices, or it needs a
            condition broken that is not constructed (a ``not`` over a ban).
        KeyError: no such rule.

    >>> import baji
    >>> d = satisfying_profile("chongqing-2023", "cq.special.regular",
    ...                        reference=dt.date(2024, 1, 1))
    >>> baji.evaluate(d, "chongqing-2023", dt.date(2024, 1, 1)).level("特级技师").status
    'eligible'
    """
    net = pack_network(pack)
    found = [r for r in net.rules if r.id == rule]
    if not found:
        raise KeyError(f"pack {net.id!r} has no rule {rule!r}")
    needs = needs_for(net, found[0].root, choose or first_option)
    plan = plan_from(needs, net, "negative", None)
    return realise(plan, reference, None)

# -- boundary pairs ------------------------------------------------------------------------
@dataclass(frozen=True)
class BoundaryPair:
    """A candidate who meets a level on ``completion_date`` and not on ``day_before``.

    Only the years in post of :attr:`target` stand between them: everything else the
    target rule needs is met on both days, and the level's other path rules are not met
    on ``day_before`` (by construction; see docs/strategies.md for the limits).

    Attributes:
        target: the tenure condition and rule aimed at.
        profile: the validated profile.
        data: the same profile as the JSON-ready dict it was built from.
        day_before: ``completion_date`` minus one day.
        completion_date: the day the years in post complete (民法典 anniversary rule,
            computed independently of :mod:`baji.core.tenure`).
        equivalent_start: the start of the single period equivalent to the history.
        leap_day_start: whether ``equivalent_start`` is a 29 February.
        closes_on_completion: whether the last post at the grade ends on
            ``completion_date`` (in post until ``day_before``; the years complete as
            it closes).
    """

    target: BoundaryTarget
    profile: Profile
    data: Mapping[str, Any]
    day_before: dt.date
    completion_date: dt.date
    equivalent_start: dt.date
    leap_day_start: bool
    closes_on_completion: bool = False

    @property
    def pack(self) -> str:
        """The pack id."""
        return self.target.pack

    @property
    def level(self) -> Level:
        """The level decided."""
        return self.target.level


def _truth(net: Network, plan: Plan, index: int, time: tuple[Level, int],
           phase: Literal["before", "on"], memo: dict[int, bool | None]) -> bool | None:
    """Three-valued truth of node ``index`` for a *negative-filled* plan, independent of
    the evaluator: the boundary grade has exactly ``time`` years on the completion date
    and fewer the day before; other grades have their planned years (closed)."""
    if index in memo:
        return memo[index]
    node = net.nodes[index]
    kind = node.kind
    out: bool | None
    if kind in ("all", "any"):
        values = [_truth(net, plan, c, time, phase, memo) for c in node.children]
        if kind == "all":
            out = False if False in values else (None if None in values else True)
        else:
            out = True if True in values else (None if None in values else False)
    elif kind == "not":
        v = _truth(net, plan, node.children[0], time, phase, memo)
        out = None if v is None else not v
    elif kind == "rule":
        out = _truth(net, plan, node.children[0], time, phase, memo)
    else:
        out = _leaf_truth(plan, node, time, phase)
    memo[index] = out
    return out

def _leaf_truth(plan: Plan, node: Node, time: tuple[Level, int],
                phase: Literal["before", "on"]) -> bool | None:
    assert plan.grades is not None and plan.honours is not None
    assert plan.awards is not None and plan.titles is not None
    assert plan.contributions is not None and plan.recommended is not None
    return node.leaf.truth(plan, time, phase == "on")


@st.composite
def _boundary(draw: st.DrawFn, net: Network, targets: tuple[BoundaryTarget, ...],
              leap_day_start: bool | None, closes_on_completion: bool | None,
              horizon_years: int) -> BoundaryPair:
    target = draw(one(targets))
    rule = next(r for r in net.rules if r.id == target.rule)
    try:
        needs = needs_for(net, rule.root, lambda opts: draw(one(tuple(opts))),
                           target.node)
    except Unsatisfiable:
        assume(False)
        raise  # pragma: no cover - assume(False) does not return
    plan = plan_from(needs, net, "negative", None)
    time = (target.grade, target.years)
    # Independent check: the target rule turns from unmet to met, no other path rule of
    # the level is met the day before.
    before: dict[int, bool | None] = {}
    on: dict[int, bool | None] = {}
    assume(_truth(net, plan, rule.root, time, "before", before) is False)
    assume(_truth(net, plan, rule.root, time, "on", on) is True)
    for other in net.rules_for(target.level):
        assume(_truth(net, plan, other.root, time, "before", before) is not True)

    lo, hi = window(net, horizon_years)
    first = lo + DAY  # the day before must be in force too
    years = target.years
    if leap_day_start is True or (leap_day_start is None and draw(ints(0, 4)) == 0):
        starts = [d for d in leap_days_between(anniversary(first, -years - 1),
                                                anniversary(hi, -years))
                  if first <= anniversary(d, years) <= hi]
        if leap_day_start is True:
            assume(bool(starts))
        start = draw(one(tuple(starts))) if starts else None
    else:
        start = None
    if start is None:
        due = draw(dates(first, hi, edges=[first, hi]))
        start = anniversary(due, -years)
        if (due.month, due.day) == (2, 28) and calendar.isleap(start.year) and not \
                calendar.isleap(due.year) and draw(BOOL):
            start = dt.date(start.year, 2, 29)
    if leap_day_start is False:
        assume((start.month, start.day) != (2, 29))
    completion = anniversary(start, years)
    assume(first <= completion <= hi)
    span = (completion - start).days
    closed = draw(zero_or(span - 2))
    if closes_on_completion is None:
        last_end: LastEnd = draw(one(("open", "after", "after", "on")))
    else:
        last_end = "on" if closes_on_completion else draw(one(("open", "after")))
    history = history_for(draw, start, closed, completion, last_end)
    day_before = completion - DAY

    grades_hist: dict[Level, list[dict[str, str | None]]] = {target.grade: history}
    assert plan.grades is not None
    for grade, g in plan.grades.items():
        if grade is not target.grade and g.posts == "known" and g.years:
            grades_hist[grade] = closed_years(
                g.years, day_before - dt.timedelta(days=draw(ints(0, 1000))),
                draw(ints(0, 199)))
        if draw(BOOL):
            g.certified = "past"
    data = realise(plan, day_before, draw, grades_hist)
    return BoundaryPair(target=target, profile=Profile.model_validate(data), data=data,
                        day_before=day_before, completion_date=completion,
                        equivalent_start=start,
                        leap_day_start=(start.month, start.day) == (2, 29),
                        closes_on_completion=last_end == "on")


def boundary_pairs(pack: PackRef, level: LevelRef | None = None, *,
                   target: BoundaryTarget | None = None,
                   leap_day_start: bool | None = None,
                   closes_on_completion: bool | None = None,
                   horizon_years: int = 8) -> SearchStrategy[BoundaryPair]:
    """Candidates on the boundary of a tenure condition: :class:`BoundaryPair`.

    For a tenure condition (``tenure: {grade, years}``) of a path rule of ``pack`` (one of
    :func:`boundary_targets`, or ``target``), the profile meets every other condition of
    that rule on both days (one branch of each ``any``, the one holding the tenure
    condition where it lies under an ``any``), gives everything else negatively, and
    holds a post history at the grade (one to four periods, gaps; the last one open, or
    closed after the completion, or closed *on* it) whose years complete on
    ``completion_date``, inside the pack's window.
    So the level is eligible on ``completion_date`` and not on ``day_before``, and the
    decision on ``day_before`` gives ``earliest == completion_date``.

    Args:
        leap_day_start: True: the equivalent single period always starts on a 29
            February (the completion is then 28 February in a common year); False:
            never; None: sometimes.
        closes_on_completion: True: the last post ends on ``completion_date`` (in post
            through ``day_before``); False: it is open or ends later; None: sometimes.
        horizon_years: how far after its start an open window is cut.

    Raises:
        ValueError: the pack (or level) has no tenure condition in a path rule.

    Example:
        >>> from hypothesis import given
        >>> import baji
        >>> @given(boundary_pairs("chongqing-2023", "特级技师", leap_day_start=True))
        ... def test(pair):
        ...     d = baji.evaluate(pair.profile, pair.pack, pair.completion_date)
        ...     assert d.level(pair.level).status == "eligible"
        ...     assert pair.completion_date.month == 2
        >>> test()
    """
    net = pack_network(pack)
    targets = (target,) if target is not None else boundary_targets(net, level)
    if not targets:
        raise ValueError(f"pack {net.id!r} has no tenure condition in a path rule"
                         + (f" of level {level}" if level is not None else ""))
    return _boundary(net, targets, leap_day_start, closes_on_completion, horizon_years)


# ``st.from_type(Profile)``: the entry point registers it when Hypothesis is imported;
# again here, for a checkout used without installing it.
setup_type_strategies()
