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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, TypeVar, overload

from baji.core.levels import Level, parse_level
from baji.core.vocabulary import default_vocab
from baji.pack.bundled import get_pack
from baji.pack.network import Network
from baji.profile.model import Period, Profile

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

T = TypeVar("T")
K = TypeVar("K")
#: A pack: a bundled pack id (``"shanghai-2026"``), a pack file path, or a compiled network.
PackRef = str | Network
#: A level: :class:`~baji.Level`, its id or its Chinese name.
LevelRef = Level | str

#: The default bounds of generated dates.
MIN_DATE = dt.date(1960, 1, 1)
MAX_DATE = dt.date(2049, 12, 31)
_DAY = dt.timedelta(days=1)
_RANKS: tuple[str, ...] = ("third", "second", "first", "special")
#: ``scope_at_least`` as docs/pack-format.md states it: 省部级以上 accepts national,
#: ministerial and provincial awards. Other scopes are left out of generation.
_SCOPE_RANK = {"national": 3, "ministerial": 2, "provincial": 2, "municipal": 1}
_FACTS = ("still_in_occupation", "in_related_work", "front_line", "in_post_employee",
          "graduating_student", "key_industry_occupation")
_EMPLOYER = ("filed_institution", "pilot", "skill_workforce_majority", "above_scale",
             "certification_started", "senior_technician_certified", "talent_mechanism",
             "mohrss_filed")
_FILINGS = ("municipal", "district", "ministry", "central_enterprise")
_FINDING_KINDS = ("fraud", "evaluation_violation")


class Unsatisfiable(ValueError):
    """The rule cannot be met by this builder with the branch choices made (conflicting
    conditions, or a condition it does not construct: see docs/strategies.md)."""


# Strategy objects are reused: Hypothesis validates each new one, which costs more than
# drawing from it.
_BOOL = st.booleans()


@lru_cache(maxsize=4096)
def _one(options: tuple[Any, ...]) -> SearchStrategy[Any]:
    return st.sampled_from(options)


@lru_cache(maxsize=4096)
def _int(low: int, high: int) -> SearchStrategy[int]:
    return st.integers(low, high)


@lru_cache(maxsize=4096)
def _zero_or(high: int) -> SearchStrategy[int]:
    """0 half the time (adjacent periods, single periods), else up to ``high``."""
    return st.one_of(st.just(0), st.integers(0, high))


# -- dates ---------------------------------------------------------------------------------
def anniversary(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later (or earlier, for negative ``years``), or the
    month's last day when there is none (民法典 第二百零二条). Written here independently of
    :mod:`baji.core.tenure`, so that tests can compare the two.

    >>> anniversary(dt.date(2020, 2, 29), 5)
    datetime.date(2025, 2, 28)
    >>> anniversary(dt.date(2019, 3, 15), 5)
    datetime.date(2024, 3, 15)
    """
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return dt.date(year, day.month, min(day.day, last))


def _leap_days_between(lo: dt.date, hi: dt.date) -> list[dt.date]:
    return [dt.date(y, 2, 29) for y in range(lo.year, hi.year + 1)
            if calendar.isleap(y) and lo <= dt.date(y, 2, 29) <= hi]


def leap_days(min_value: dt.date = MIN_DATE,
              max_value: dt.date = MAX_DATE) -> SearchStrategy[dt.date]:
    """29 February of the leap years between ``min_value`` and ``max_value`` (inclusive).

    >>> from hypothesis import find
    >>> find(leap_days(dt.date(2019, 1, 1), dt.date(2021, 1, 1)), lambda d: True)
    datetime.date(2020, 2, 29)
    """
    days = _leap_days_between(min_value, max_value)
    if not days:
        return st.nothing()
    return st.sampled_from(days)


def dates(min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE, *,
          edges: Sequence[dt.date] = ()) -> SearchStrategy[dt.date]:
    """Dates in ``[min_value, max_value]``, drawing the awkward ones often: 29 February,
    28 February and 1 March, year ends, and any ``edges`` given (and their neighbours).

    >>> from hypothesis import given
    >>> @given(dates(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    ... def test(day): assert day.year == 2024
    >>> test()
    """
    if min_value > max_value:
        raise ValueError(f"min_value {min_value} is after max_value {max_value}")
    return _dates(min_value, max_value, tuple(edges))


@lru_cache(maxsize=4096)
def _dates(min_value: dt.date, max_value: dt.date, edges: tuple[dt.date, ...]
           ) -> SearchStrategy[dt.date]:
    special: set[dt.date] = set()
    for year in range(min_value.year, max_value.year + 1):
        for month, day in ((2, 28), (3, 1), (12, 31), (1, 1)):
            special.add(dt.date(year, month, day))
        if calendar.isleap(year):
            special.add(dt.date(year, 2, 29))
    for edge in edges:
        special.update((edge - _DAY, edge, edge + _DAY))
    inside = sorted(d for d in special if min_value <= d <= max_value)
    plain = st.dates(min_value, max_value)
    if not inside:
        return plain
    return st.one_of(plain, plain, st.sampled_from(inside))


def _window(net: Network, horizon_years: int) -> tuple[dt.date, dt.date]:
    start = net.window.from_
    end = net.window.until or anniversary(start, horizon_years)
    return start, end


def as_of_dates(pack: PackRef, *, margin_days: int = 0,
                horizon_years: int = 8) -> SearchStrategy[dt.date]:
    """Evaluation dates for ``pack``: inside its window in force, or up to ``margin_days``
    either side of it (to reach *not in force*). An open window is cut
    ``horizon_years`` after it starts. The window's edges are drawn often.

    >>> from hypothesis import find
    >>> find(as_of_dates("tianjin-2024"), lambda d: d.year == 2026) <= dt.date(2026, 3, 31)
    True
    """
    net = get_pack(pack)
    lo, hi = _window(net, horizon_years)
    margin = dt.timedelta(days=margin_days)
    edges = [lo, hi] if net.window.until else [lo]
    return dates(lo - margin, hi + margin, edges=edges)


# -- post histories ------------------------------------------------------------------------
@st.composite
def _history(draw: st.DrawFn, min_date: dt.date, max_date: dt.date, min_size: int,
             max_size: int, open_last: bool | None, leap_day_starts: bool,
             max_period_days: int, max_gap_days: int) -> list[Period]:
    size = draw(_int(min_size, max_size))
    if size == 0:
        return []
    out: list[Period] = []
    # Keep two days per period still to come, so the history always fits.
    cursor = draw(dates(min_date, max_date - dt.timedelta(days=2 * size)))
    for k in range(size):
        room = max_date - dt.timedelta(days=2 * (size - k - 1))
        start = cursor
        if leap_day_starts and draw(_int(0, 3)) == 0:
            leaps = _leap_days_between(start, room - _DAY)
            if leaps:
                start = leaps[0]
        last = k == size - 1
        is_open = last and (draw(_BOOL) if open_last is None else open_last)
        if is_open:
            out.append(Period(start=start))
            break
        longest = min(max_period_days, (room - start).days)
        end = start + dt.timedelta(days=draw(_int(1, max(1, longest))))
        out.append(Period(start=start, end=end))
        if last:
            break
        next_room = max_date - dt.timedelta(days=2 * (size - k - 2))
        widest = max(0, min(max_gap_days, (next_room - _DAY - end).days))
        gap = draw(_zero_or(widest))
        cursor = end + dt.timedelta(days=gap)
    return out


@overload
def post_histories(*, min_date: dt.date = ..., max_date: dt.date = ..., min_size: int = ...,
                   max_size: int = ..., open_last: bool | None = ...,
                   leap_day_starts: bool = ..., max_period_days: int = ...,
                   max_gap_days: int = ..., as_json: Literal[False] = ...,
                   ) -> SearchStrategy[list[Period]]: ...


@overload
def post_histories(*, min_date: dt.date = ..., max_date: dt.date = ..., min_size: int = ...,
                   max_size: int = ..., open_last: bool | None = ...,
                   leap_day_starts: bool = ..., max_period_days: int = ...,
                   max_gap_days: int = ..., as_json: Literal[True],
                   ) -> SearchStrategy[list[dict[str, str | None]]]: ...


def post_histories(*, min_date: dt.date = dt.date(1990, 1, 1),
                   max_date: dt.date = dt.date(2035, 12, 31), min_size: int = 1,
                   max_size: int = 4, open_last: bool | None = None,
                   leap_day_starts: bool = True, max_period_days: int = 4000,
                   max_gap_days: int = 1500, as_json: bool = False,
                   ) -> SearchStrategy[list[Period]] | SearchStrategy[
                       list[dict[str, str | None]]]:
    """Post histories: lists of half-open periods ``[start, end)`` of one grade.

    The periods are sorted by start and never overlap; gaps between them are often zero
    (adjacent periods). Every date lies in ``[min_date, max_date]``; ``end`` is the first
    day out of post. The last period is open (``end`` None) when ``open_last`` is True,
    closed when False, either when None. With ``leap_day_starts`` a quarter of the
    periods start on a 29 February when one is in reach.

    Args:
        as_json: give JSON-ready dicts (``{"start": "2020-02-29", "end": None}``)
            instead of :class:`baji.profile.Period` models.

    Example:
        >>> from hypothesis import given
        >>> @given(post_histories(open_last=True))
        ... def test(history): assert history[-1].end is None
        >>> test()
    """
    if min_size < 0 or max_size < min_size:
        raise ValueError("need 0 <= min_size <= max_size")
    if max_period_days < 1 or max_gap_days < 0:
        raise ValueError("need max_period_days >= 1 and max_gap_days >= 0")
    if (max_date - min_date).days < 2 * max_size + 2:
        raise ValueError(f"[{min_date}, {max_date}] is too short for {max_size} periods")
    strategy = _history(min_date, max_date, min_size, max_size, open_last, leap_day_starts,
                        max_period_days, max_gap_days)
    if as_json:
        return strategy.map(lambda ps: [_period_json(p) for p in ps])
    return strategy


def _period_json(p: Period) -> dict[str, str | None]:
    return {"start": p.start.isoformat(), "end": p.end.isoformat() if p.end else None}


# -- walking the network -------------------------------------------------------------------
def _net(pack: PackRef) -> Network:
    return get_pack(pack)


def _level(level: LevelRef) -> Level:
    if isinstance(level, Level):
        return level
    found = parse_level(level)
    if found is None:
        raise ValueError(f"unknown level {level!r}")
    return found


def _pack_levels(net: Network) -> tuple[Level, ...]:
    return tuple(info.level for info in net.levels)


_SUBTREES: dict[int, tuple[Network, tuple[frozenset[int], ...]]] = {}


def _reaches(net: Network, index: int) -> frozenset[int]:
    """Every node in the subtree of ``index`` (itself included)."""
    entry = _SUBTREES.get(id(net))
    if entry is None or entry[0] is not net:
        if len(_SUBTREES) > 64:
            _SUBTREES.clear()
        subtrees: list[frozenset[int]] = []
        for node in net.nodes:  # children always have smaller indexes
            below = {node.index}
            for child in node.children:
                below |= subtrees[child]
            subtrees.append(frozenset(below))
        entry = (net, tuple(subtrees))
        _SUBTREES[id(net)] = entry
    return entry[1][index]


def _positive(net: Network, root: int, target: int) -> bool:
    """Whether ``target`` is reached from ``root`` without crossing a ``not``."""
    if root == target:
        return True
    node = net.nodes[root]
    if node.kind == "not":
        return False
    return any(_positive(net, c, target) for c in node.children)


@dataclass(frozen=True)
class BoundaryTarget:
    """One tenure condition of one path rule, for one level the rule decides.

    Attributes:
        pack: the pack id.
        level: the level decided.
        rule: the path rule id.
        node: the index of the ``tenure`` node in :attr:`baji.Network.nodes`.
        grade: the grade whose posts are counted.
        years: the years required.
    """

    pack: str
    level: Level
    rule: str
    node: int
    grade: Level
    years: int

    def __str__(self) -> str:
        return f"{self.pack}:{self.level.value}:{self.rule}:n{self.node}"


def boundary_targets(pack: PackRef, level: LevelRef | None = None
                     ) -> tuple[BoundaryTarget, ...]:
    """Every tenure condition of every path rule of ``pack`` (of ``level`` when given)
    that the rule needs met (not under a ``not``), in network order.

    >>> [(t.rule, t.grade.value, t.years) for t in boundary_targets("tianjin-2024")]
    [('tj.special.regular', 'senior_technician', 5), ('tj.chief.regular', 'senior_technician', 5)]
    """
    net = _net(pack)
    wanted = _level(level) if level is not None else None
    out: list[BoundaryTarget] = []
    for lv in _pack_levels(net):
        if wanted is not None and lv is not wanted:
            continue
        for rule in net.rules_for(lv):
            for index in sorted(_reaches(net, rule.root)):
                node = net.nodes[index]
                if node.kind == "tenure" and _positive(net, rule.root, index):
                    grade, years = node.params
                    out.append(BoundaryTarget(net.id, lv, rule.id, index, grade, int(years)))
    return tuple(out)


# -- what a rule needs ---------------------------------------------------------------------
Chooser = Callable[[Sequence[Any]], Any]


def _first(options: Sequence[Any]) -> Any:
    return options[0]


def _award_hits(award_id: str, rank: str | None, ids: tuple[str, ...] | None,
                min_rank: str | None, scope: str | None) -> bool | None:
    """Whether one award (id, rank) meets an award condition, independently of the
    evaluator: ``None`` when that depends on something unknown (a missing rank)."""
    item = default_vocab().items["award"][award_id]
    if ids is not None and award_id not in ids:
        return False
    if scope is not None:
        have = _SCOPE_RANK.get(item.scope or "")
        if have is None:
            return None
        if have < _SCOPE_RANK[scope]:
            return False
    if min_rank is not None and item.ranked:
        if rank is None:
            return None
        return _RANKS.index(rank) >= _RANKS.index(min_rank)
    return True


@dataclass
class _Needs:
    """Constraints gathered while walking a rule; conflicts raise :class:`Unsatisfiable`."""

    grade: dict[Level, bool] = field(default_factory=dict)
    tenure_min: dict[Level, int] = field(default_factory=dict)
    tenure_below: dict[Level, int] = field(default_factory=dict)
    facts: dict[str, bool] = field(default_factory=dict)
    attest: dict[str, bool] = field(default_factory=dict)
    employer: dict[str, bool] = field(default_factory=dict)
    filing_in: set[str] | None = None
    filing_out: set[str] = field(default_factory=set)
    employer_years_min: int = 0
    employer_years_below: int | None = None
    honours: list[str] = field(default_factory=list)
    honours_out: set[str] = field(default_factory=set)
    awards: list[tuple[str, str | None]] = field(default_factory=list)
    awards_out: list[tuple[tuple[str, ...] | None, str | None, str | None]] = field(
        default_factory=list)
    titles: list[tuple[str, bool]] = field(default_factory=list)
    titles_out: list[tuple[tuple[str, ...], bool]] = field(default_factory=list)
    contributions: list[str] = field(default_factory=list)
    contributions_out: set[str] = field(default_factory=set)
    recommended: list[Level] = field(default_factory=list)
    recommended_out: set[Level] = field(default_factory=set)
    clear_findings: bool = False
    time: tuple[Level, int] | None = None
    leaves: list[int] = field(default_factory=list)

    @staticmethod
    def set(store: dict[K, bool], key: K, value: bool) -> None:
        """Record ``store[key] = value``; a contradiction is :class:`Unsatisfiable`."""
        if store.get(key, value) != value:
            raise Unsatisfiable(f"{key} must be both true and false")
        store[key] = value

    def check(self) -> None:
        """Raise :class:`Unsatisfiable` when the constraints cannot all hold."""
        for grade, held in self.grade.items():
            if not held and (grade in self.tenure_min
                             or (self.time is not None and self.time[0] is grade)):
                raise Unsatisfiable(f"{grade.value} must be held and not held")
        for grade, below in self.tenure_below.items():
            if self.tenure_min.get(grade, 0) >= below:
                raise Unsatisfiable(f"{grade.value}: contradictory years in post")
        if self.time is not None:
            grade, years = self.time
            if self.tenure_min.get(grade, 0) > years:
                raise Unsatisfiable(f"{grade.value}: needs more than the boundary years")
            if self.tenure_below.get(grade, years + 1) <= years:
                raise Unsatisfiable(f"{grade.value}: must stay under the boundary years")
        if self.filing_in is not None and not self.filing_in - self.filing_out:
            raise Unsatisfiable("no filing meets the conditions")
        if (self.employer_years_below is not None
                and self.employer_years_min >= self.employer_years_below):
            raise Unsatisfiable("contradictory years of self-assessment")
        if set(self.honours) & self.honours_out:
            raise Unsatisfiable("an honour is both needed and excluded")
        if set(self.contributions) & self.contributions_out:
            raise Unsatisfiable("a contribution is both needed and excluded")
        if set(self.recommended) & self.recommended_out:
            raise Unsatisfiable("a recommendation is both needed and excluded")
        for award_id, rank in self.awards:
            for ids, min_rank, scope in self.awards_out:
                if _award_hits(award_id, rank, ids, min_rank, scope) is not False:
                    raise Unsatisfiable("an award is both needed and excluded")
        for title_id, aligned in self.titles:
            for tids, want_aligned in self.titles_out:
                if title_id in tids and (aligned or not want_aligned):
                    raise Unsatisfiable("a title is both needed and excluded")


class _Builder:
    """Walks a condition tree and records what a profile needs to give ``want``."""

    def __init__(self, net: Network, choose: Chooser, target: int | None = None) -> None:
        self.net = net
        self.choose = choose
        self.target = target
        self.needs = _Needs()
        self.done: dict[int, bool] = {}

    def _on_target_path(self, index: int) -> bool:
        return self.target is not None and self.target in _reaches(self.net, index)

    def want(self, index: int, value: bool) -> None:
        if self.done.get(index) == value:
            return
        if index in self.done:
            raise Unsatisfiable(f"node n{index} must be both met and unmet")
        self.done[index] = value
        node = self.net.nodes[index]
        kind = node.kind
        if kind == "rule":
            self.want(node.children[0], value)
        elif kind == "not":
            if self._on_target_path(index):
                raise Unsatisfiable("the boundary tenure sits under a `not`")
            self.want(node.children[0], not value)
        elif kind == "all" and value or kind == "any" and not value:
            for child in node.children:
                self.want(child, value)
        elif kind in ("all", "any"):
            options = list(node.children)
            if kind == "any":  # value True: one branch, through the target if it is below
                if self._on_target_path(index):
                    options = [c for c in options if self._on_target_path(c)]
            else:  # all, value False: break one part, never the target's
                options = [c for c in options if not self._on_target_path(c)]
                if not options:
                    raise Unsatisfiable("cannot break this condition without the target")
            self.want(self.choose(options), value)
        else:
            if value:
                self.needs.leaves.append(index)
            self._leaf(index, kind, node.params, value)

    def _pick(self, options: Sequence[str], excluded: set[str], what: str) -> str:
        left = [o for o in options if o not in excluded]
        if not left:
            raise Unsatisfiable(f"every {what} of the condition is excluded")
        return str(self.choose(left))

    def _leaf(self, index: int, kind: str, params: tuple[Any, ...], value: bool) -> None:
        n = self.needs
        vocab = default_vocab()
        if kind == "grade":
            n.set(n.grade, params[0], value)
        elif kind == "tenure":
            grade, years = params
            if index == self.target:
                if not value:
                    raise Unsatisfiable("the boundary tenure would have to be unmet")
                n.time = (grade, int(years))
                n.set(n.grade, grade, True)
            elif value:
                n.tenure_min[grade] = max(n.tenure_min.get(grade, 0), int(years))
                n.set(n.grade, grade, True)
            else:
                n.tenure_below[grade] = min(n.tenure_below.get(grade, 99), int(years))
        elif kind == "fact":
            n.set(n.facts, params[0], value)
        elif kind == "attested":
            n.set(n.attest, params[0], value)
        elif kind == "employer":
            n.set(n.employer, params[0], value)
        elif kind == "employer_filing":
            allowed = set(params[0])
            if value:
                n.filing_in = allowed if n.filing_in is None else n.filing_in & allowed
            else:
                n.filing_out |= allowed
        elif kind == "employer_years":
            years = int(params[1])
            if value:
                n.employer_years_min = max(n.employer_years_min, years)
            else:
                below = n.employer_years_below
                n.employer_years_below = years if below is None else min(below, years)
        elif kind == "honour":
            if value:
                n.honours.append(self._pick(params[0], n.honours_out, "honour"))
            else:
                n.honours_out |= set(params[0])
        elif kind == "contribution":
            if value:
                n.contributions.append(self._pick(params[0], n.contributions_out,
                                                  "contribution"))
            else:
                n.contributions_out |= set(params[0])
        elif kind == "recommended":
            if value:
                n.recommended.append(params[0])
            else:
                n.recommended_out.add(params[0])
        elif kind == "award":
            ids, min_rank, scope = params
            if not value:
                n.awards_out.append((ids, min_rank, scope))
                return
            pool = sorted(vocab.items["award"]) if ids is None else list(ids)
            if scope is not None:  # prefer awards whose scope clearly qualifies
                pool = [a for a in pool if _SCOPE_RANK.get(vocab.items["award"][a].scope
                                                           or "", 0) >= _SCOPE_RANK[scope]]
            if not pool:
                raise Unsatisfiable("no award of the vocabulary meets the condition")
            award_id = str(self.choose(pool))
            rank: str | None = None
            if vocab.items["award"][award_id].ranked:
                low = _RANKS.index(min_rank) if min_rank else 0
                rank = str(self.choose(list(_RANKS[low:])))
            n.awards.append((award_id, rank))
        elif kind == "title":
            ids, aligned = params
            if value:
                title_id = str(self.choose(list(ids)))
                n.titles.append((title_id, True if aligned else bool(self.choose([True,
                                                                                    False]))))
            else:
                n.titles_out.append((tuple(ids), bool(aligned)))
        elif kind in ("no_ban", "not_restricted"):
            if not value:
                raise Unsatisfiable(f"breaking `{kind}` needs dated findings; not built")
            n.clear_findings = True
        else:  # pragma: no cover - a new operator the builder does not know yet
            raise Unsatisfiable(f"unknown condition kind {kind!r}")


def _needs_for(net: Network, root: int, choose: Chooser, target: int | None = None,
               ) -> _Needs:
    builder = _Builder(net, choose, target)
    builder.want(root, True)
    builder.needs.check()
    return builder.needs


# -- plans: what the profile gives, before dates -------------------------------------------
When = Literal["undated", "past", "future"]
_WHENS: tuple[When, ...] = ("undated", "past", "past", "future")
_HOWS: tuple[Literal["unmet", "unknown"], ...] = ("unmet", "unknown")


_Posts = Literal["known", "unknown", "late", "none"]
_POST_FILLS: tuple[_Posts, ...] = ("known", "known", "none", "unknown")


@dataclass
class _GradePlan:
    years: int = 0                  # complete years in post by the reference day
    posts: _Posts = "known"
    certified: When = "undated"


@dataclass
class _Plan:
    grades: dict[Level, _GradePlan] | None
    facts: dict[str, bool | None]
    attest: dict[str, bool]
    employer: dict[str, bool | None]
    filing: str | None
    employer_years: int | None      # complete years of self-assessment; None = unknown
    employer_recent: bool = False   # self-assessment started less than a year before
    honours: list[tuple[str, When]] | None = None
    awards: list[tuple[str, str | None, When]] | None = None
    titles: list[tuple[str, bool | None, When]] | None = None
    contributions: list[str] | None = None
    recommended: list[tuple[Level, When]] | None = None
    findings: list[tuple[str, str, str]] | None = None   # (kind, subject, timing)


def _plan_from(needs: _Needs, net: Network, fill: Literal["negative", "random"],
               draw: st.DrawFn | None) -> _Plan:
    """Turn needs into a plan; fields the rule does not read are filled negatively
    (nothing beyond what the rule needs: lists empty, facts false) or randomly."""
    grades: dict[Level, _GradePlan] = {}
    for grade, held in needs.grade.items():
        if held:
            grades[grade] = _GradePlan(years=needs.tenure_min.get(grade, 0))
    if needs.time is not None:
        grades.setdefault(needs.time[0], _GradePlan())
    for grade, plan in grades.items():
        if plan.years == 0 and (needs.time is None or needs.time[0] is not grade):
            plan.posts = "none"
    if fill == "negative":
        filing = None
        if needs.filing_in is not None:
            filing = sorted(needs.filing_in - needs.filing_out)[0]
        else:
            used = {f for node in net.nodes if node.kind == "employer_filing"
                    for f in node.params[0]}
            outside = [f for f in _FILINGS if f not in used]
            filing = outside[0] if outside else None
        return _Plan(
            grades=grades,
            facts={f: needs.facts.get(f, False) for f in _FACTS},
            attest=dict(needs.attest),
            employer={e: needs.employer.get(e, False) for e in _EMPLOYER},
            filing=filing,
            employer_years=needs.employer_years_min or None,
            honours=[(h, "undated") for h in needs.honours],
            awards=[(a, r, "undated") for a, r in needs.awards],
            titles=[(t, al, "undated") for t, al in needs.titles],
            contributions=list(needs.contributions),
            recommended=[(lv, "undated") for lv in needs.recommended],
            findings=[])
    assert draw is not None
    read = sorted({n.params[0] for n in net.nodes if n.kind == "attested"})
    return _random_fill(needs, read, grades, draw)


@dataclass(frozen=True)
class _Fill:
    """The strategies of a random fill, built once."""

    tri: SearchStrategy[bool | None]
    when: SearchStrategy[When]
    extra_levels: SearchStrategy[list[Level]]
    posts: SearchStrategy[_Posts]
    years: SearchStrategy[int]
    filing: SearchStrategy[str | None]
    employer_years: SearchStrategy[int | None]
    honours: SearchStrategy[list[Any] | None]
    awards: SearchStrategy[list[Any] | None]
    titles: SearchStrategy[list[Any] | None]
    contributions: SearchStrategy[list[Any] | None]
    recommended: SearchStrategy[list[Any] | None]
    one_more: dict[str, SearchStrategy[list[Any]]]
    findings: SearchStrategy[list[tuple[str, str, str]] | None]
    clear_findings: SearchStrategy[tuple[tuple[str, str, str], ...]]


@lru_cache(maxsize=1)
def _fill() -> _Fill:
    vocab = default_vocab()
    when: SearchStrategy[When] = st.sampled_from(_WHENS)
    tri: SearchStrategy[bool | None] = st.sampled_from((True, False, None))
    items: dict[str, SearchStrategy[Any]] = {
        "honours": st.tuples(st.sampled_from(sorted(vocab.items["honour"])), when),
        "awards": st.tuples(st.sampled_from(sorted(vocab.items["award"])),
                            st.sampled_from((None, *_RANKS)), when),
        "titles": st.tuples(st.sampled_from(sorted(vocab.items["title"])), tri, when),
        "contributions": st.sampled_from(sorted(vocab.items["contribution"])),
        "recommended": st.tuples(st.sampled_from(tuple(Level)), when),
    }
    maybe = {k: st.one_of(st.none(), st.lists(v, max_size=2)) for k, v in items.items()}
    finding = st.tuples(st.sampled_from(_FINDING_KINDS),
                        st.sampled_from(("candidate", "candidate", "employer")),
                        st.sampled_from(("old", "recent", "future")))
    return _Fill(
        tri=tri, when=when,
        extra_levels=st.lists(st.sampled_from(tuple(Level)), max_size=2, unique=True),
        posts=st.sampled_from(_POST_FILLS),
        years=st.integers(0, 6),
        filing=st.sampled_from((None, *_FILINGS)),
        employer_years=st.one_of(st.none(), st.integers(0, 8)),
        honours=maybe["honours"], awards=maybe["awards"], titles=maybe["titles"],
        contributions=maybe["contributions"], recommended=maybe["recommended"],
        one_more={k: st.lists(v, max_size=1) for k, v in items.items()},
        findings=st.one_of(st.none(), st.lists(finding, max_size=2)),
        # No ban or restriction running on the reference day: none, an old one, or one
        # recorded to start after it (its ban is part of the earliest date).
        clear_findings=st.sampled_from(((), (), (("fraud", "candidate", "old"),),
                                        (("fraud", "candidate", "future"),),
                                        (("evaluation_violation", "candidate", "future"),))))


def _random_fill(needs: _Needs, read: Sequence[str], grades: dict[Level, _GradePlan],
                 draw: st.DrawFn) -> _Plan:
    vocab = default_vocab()
    f = _fill()
    for lv in draw(f.extra_levels):
        if lv not in grades and needs.grade.get(lv, True):
            grades[lv] = _GradePlan(years=draw(f.years), posts=draw(f.posts))
    for plan in grades.values():
        plan.certified = draw(f.when)
    facts = {k: needs.facts[k] if k in needs.facts else draw(f.tri) for k in _FACTS}
    attest: dict[str, bool] = {}
    for a in read:
        if a in needs.attest:
            attest[a] = needs.attest[a]
        else:
            value = draw(f.tri)
            if value is not None:
                attest[a] = value
    employer = {e: needs.employer[e] if e in needs.employer else draw(f.tri)
                for e in _EMPLOYER}
    if needs.filing_in is not None:
        filing: str | None = draw(_one(tuple(sorted(needs.filing_in - needs.filing_out))))
    else:
        filing = draw(f.filing)
    if needs.employer_years_min:
        ey: int | None = needs.employer_years_min + draw(_int(0, 3))
    else:
        ey = draw(f.employer_years)

    def maybe_list(key: str, items: list[Any], strategy: SearchStrategy[list[Any] | None]
                   ) -> list[Any] | None:
        if items:
            return items + draw(f.one_more[key])
        return draw(strategy)

    honours = maybe_list("honours", [(h, draw(f.when)) for h in needs.honours], f.honours)
    awards = maybe_list("awards", [(a, r, draw(f.when)) for a, r in needs.awards], f.awards)
    titles = maybe_list("titles", [(t, al, draw(f.when)) for t, al in needs.titles],
                        f.titles)
    contributions = maybe_list("contributions", list(needs.contributions), f.contributions)
    recommended = maybe_list("recommended", [(lv, draw(f.when)) for lv in needs.recommended],
                             f.recommended)
    findings: list[tuple[str, str, str]] | None
    if needs.clear_findings:
        findings = list(draw(f.clear_findings))
    else:
        findings = draw(f.findings)
    if awards is not None:
        awards = [(a, r if vocab.items["award"][a].ranked else None, w) for a, r, w in awards]
    unknown_grades = not grades and not needs.grade and draw(_int(0, 4)) == 0
    return _Plan(grades=None if unknown_grades else grades, facts=facts, attest=attest,
                 employer=employer, filing=filing, employer_years=ey, honours=honours,
                 awards=awards, titles=titles, contributions=contributions,
                 recommended=recommended, findings=findings)


def _perturb(plan: _Plan, net: Network, index: int, how: Literal["unmet", "unknown"],
             draw: st.DrawFn) -> None:
    """Make leaf ``index`` unmet (often with a date from which it will be met) or
    unknown in ``plan``. Approximate: it may affect other leaves too."""
    node = net.nodes[index]
    kind, params = node.kind, node.params
    unknown = how == "unknown"
    if kind == "grade":
        if unknown:
            plan.grades = None
        elif plan.grades is not None:
            if draw(_BOOL) and params[0] in plan.grades:
                plan.grades[params[0]].certified = "future"
            else:
                plan.grades.pop(params[0], None)
    elif kind == "tenure":
        if plan.grades is not None and params[0] in plan.grades:
            plan.grades[params[0]].posts = "unknown" if unknown else "late"
    elif kind == "fact":
        plan.facts[params[0]] = None if unknown else False
    elif kind == "attested":
        if unknown:
            plan.attest.pop(params[0], None)
        else:
            plan.attest[params[0]] = False
    elif kind == "employer":
        plan.employer[params[0]] = None if unknown else False
    elif kind == "employer_filing":
        outside = [f for f in _FILINGS if f not in params[0]]
        plan.filing = None if unknown or not outside else draw(_one(tuple(outside)))
    elif kind == "employer_years":
        if unknown:
            plan.employer_years = None
        else:
            plan.employer_years, plan.employer_recent = 0, True
    elif kind in ("honour", "contribution"):
        if kind == "honour":
            if unknown or plan.honours is None:
                plan.honours = None
            else:
                future = draw(_BOOL)
                plan.honours = [(h, "future") if h in params[0] and future else (h, w)
                                for h, w in plan.honours if h not in params[0] or future]
        else:
            plan.contributions = None if unknown or plan.contributions is None else [
                c for c in plan.contributions if c not in params[0]]
    elif kind == "award":
        ids, min_rank, scope = params
        if plan.awards is None:
            return
        hits = [a for a in plan.awards if _award_hits(a[0], a[1], ids, min_rank, scope)]
        if unknown:
            ranked = [a for a in hits if default_vocab().items["award"][a[0]].ranked]
            if min_rank is not None and ranked and draw(_BOOL):
                plan.awards = [(a, None, w) if (a, r, w) in ranked else (a, r, w)
                               for a, r, w in plan.awards]
            else:
                plan.awards = None
        else:
            future = draw(_BOOL)
            plan.awards = [(a, r, "future") if (a, r, w) in hits and future else (a, r, w)
                           for a, r, w in plan.awards if (a, r, w) not in hits or future]
    elif kind == "title":
        ids, aligned = params
        if plan.titles is None:
            return
        if unknown:
            if aligned and draw(_BOOL):
                plan.titles = [(t, None if t in ids else al, w) for t, al, w in plan.titles]
            else:
                plan.titles = None
        else:
            plan.titles = [(t, False if aligned else al, "future" if not aligned else w)
                           for t, al, w in plan.titles if t in ids] + [
                x for x in plan.titles if x[0] not in ids]
    elif kind == "recommended":
        if unknown or plan.recommended is None:
            plan.recommended = None
        else:
            plan.recommended = [(lv, "future") for lv, w in plan.recommended
                                if lv is params[0]] + [x for x in plan.recommended
                                                       if x[0] is not params[0]]
    elif kind == "no_ban":
        if unknown:
            plan.findings = None
        else:
            plan.findings = [*(plan.findings or []), (params[0], params[2][0], "recent")]
    elif kind == "not_restricted":
        plan.findings = [*(plan.findings or []),
                         ("evaluation_violation", "candidate",
                          "unknown_restriction" if unknown else "running")]


# -- from plan to profile ------------------------------------------------------------------
def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _certificate(level: Level, serial: int) -> str:
    return f"Y1234310000{serial % 10000:04d}{level.code}{serial % 1000000:06d}"


def _closed_years(years: int, end_by: dt.date, slack: int) -> list[dict[str, str | None]]:
    """One closed period of ``years`` complete years (plus ``slack`` < 300 days) ending
    on or before ``end_by``."""
    end = end_by - dt.timedelta(days=slack % 200)
    start = anniversary(end, -years) - dt.timedelta(days=slack % 97)
    if anniversary(start, years) > end:  # 29 February start: keep the years complete
        start -= _DAY
    return [{"start": start.isoformat(), "end": end.isoformat()}]


def _realise(plan: _Plan, reference: dt.date,
             draw: st.DrawFn | None,
             histories: Mapping[Level, list[dict[str, str | None]]] | None = None,
             ) -> dict[str, Any]:
    """The JSON-ready profile of ``plan``; "past" means on or before ``reference``.

    Without ``draw`` the result is deterministic (ids, past dates a year back)."""
    vocab = default_vocab()

    def pick(strategy: SearchStrategy[T], default: T) -> T:
        return default if draw is None else draw(strategy)

    def when(w: When) -> str | None:
        if w == "undated":
            return None
        if w == "past":
            return (reference - dt.timedelta(days=pick(_int(0, 3000), 365))
                    ).isoformat()
        return (reference + dt.timedelta(days=pick(_int(1, 1500), 200))).isoformat()

    def name(kind: Literal["honour", "award", "title"], item: str) -> str:
        return vocab.items[kind][item].zh if pick(_BOOL, False) else item

    out: dict[str, Any] = {"id": f"P{pick(_int(0, 99999), 1):05d}"}
    if plan.grades is None:
        out["grades"] = None
    else:
        grades = []
        for level in sorted(plan.grades, key=lambda lv: lv.rank):
            g = plan.grades[level]
            entry: dict[str, Any] = {"level": level.zh if pick(_BOOL, False)
                                     else level.value}
            if pick(_BOOL, False):
                entry["certificate"] = _certificate(level, pick(_int(0, 999999), 1))
            if g.certified == "future":
                entry["certified_on"] = when("future")
            elif g.certified == "past":
                entry["certified_on"] = when("past")
            if histories is not None and level in histories:
                entry["posts"] = histories[level]
            elif g.posts == "unknown":
                entry["posts"] = None
            elif g.posts == "none":
                entry["posts"] = []
            elif g.posts == "late":
                start = reference + dt.timedelta(days=pick(_int(0, 700), 30))
                entry["posts"] = [{"start": start.isoformat(), "end": None}]
            elif draw is None:
                entry["posts"] = _closed_years(g.years, reference - _DAY, 30)
            else:
                entry["posts"] = draw(_near_history(g.years, reference))
            grades.append(entry)
        out["grades"] = grades
    for f, v in plan.facts.items():
        if v is not None or pick(_BOOL, True):
            out[f] = v
    out["attestations"] = dict(plan.attest)
    employer: dict[str, Any] = {e: v for e, v in plan.employer.items() if v is not None}
    employer["filing"] = plan.filing
    if plan.employer_recent:
        employer["self_assessment_since"] = (reference - dt.timedelta(
            days=pick(_int(0, 300), 100))).isoformat()
    elif plan.employer_years is not None:
        since = anniversary(reference, -plan.employer_years) - dt.timedelta(
            days=pick(_int(0, 300), 30))
        employer["self_assessment_since"] = since.isoformat()
    out["employer"] = employer
    if plan.honours is not None:
        out["honours"] = [{"id": name("honour", h), "date": when(w)} if w != "undated"
                          or pick(_BOOL, True) else name("honour", h)
                          for h, w in plan.honours]
    else:
        out["honours"] = None
    out["awards"] = None if plan.awards is None else [
        {"id": name("award", a), "rank": r, "date": when(w)} for a, r, w in plan.awards]
    out["titles"] = None if plan.titles is None else [
        {"id": name("title", t), "aligned": al, "date": when(w)} for t, al, w in plan.titles]
    out["contributions"] = None if plan.contributions is None else list(
        dict.fromkeys(plan.contributions))
    out["recommendations"] = None if plan.recommended is None else [
        {"level": lv.value, "date": when(w)} for lv, w in plan.recommended]
    if plan.findings is None:
        out["findings"] = None
    else:
        findings = []
        for kind, subject, timing in plan.findings:
            if timing == "old":
                day = reference - dt.timedelta(days=pick(_int(4000, 9000), 6000))
            elif timing == "future":
                day = reference + dt.timedelta(days=pick(_int(1, 900), 100))
            else:
                day = reference - dt.timedelta(days=pick(_int(0, 900), 100))
            item: dict[str, Any] = {"kind": kind, "subject": subject, "date": day.isoformat()}
            if timing == "running":
                item["restricted_until"] = (reference + dt.timedelta(
                    days=pick(_int(0, 900), 100))).isoformat()
            elif timing == "unknown_restriction":
                item["restricted_until"] = None
            elif kind == "evaluation_violation":
                item["restricted_until"] = (day + dt.timedelta(
                    days=pick(_int(0, 2000), 365))).isoformat()
            findings.append(item)
        out["findings"] = findings
    return out


@st.composite
def _near_history(draw: st.DrawFn, years: int, reference: dt.date
                  ) -> list[dict[str, str | None]]:
    """A history whose ``years`` complete within about four years either side of
    ``reference`` (any short history around it, for ``years`` 0)."""
    if years == 0:
        return draw(post_histories(min_date=reference - dt.timedelta(days=3000),
                                   max_date=reference + dt.timedelta(days=1000), min_size=0,
                                   max_size=2, as_json=True))
    due = reference + dt.timedelta(days=draw(_int(-1500, 1500)))
    start = anniversary(due, -years)
    closed = draw(_int(0, max(0, (due - start).days - 2)))
    return _history_for(draw, start, closed, due, draw(_one(("open", "after", "on"))))


LastEnd = Literal["open", "after", "on"]


def _history_for(draw: st.DrawFn, equivalent_start: dt.date, closed_days: int,
                 due: dt.date, last_end: LastEnd) -> list[dict[str, str | None]]:
    """Periods whose days add up so that the equivalent single period starts on
    ``equivalent_start`` while the last period runs: ``closed_days`` in up to three
    closed periods (gaps between them, possibly none), then the last period from
    ``equivalent_start + closed_days``: open, ending after ``due``, or ending on ``due``
    (in post until the day before; the years complete as the post closes)."""
    last_start = equivalent_start + dt.timedelta(days=closed_days)
    periods: list[dict[str, str | None]] = []
    end_last: dt.date | None = None
    if last_end == "on":
        end_last = due
    elif last_end == "after":
        end_last = due + dt.timedelta(days=draw(_int(1, 1000)))
    periods.append({"start": last_start.isoformat(), "end": _iso(end_last)})
    left = closed_days
    cursor = last_start
    pieces = draw(_int(1, 3)) if left else 0
    for k in range(pieces):
        size = left if k == pieces - 1 else draw(_int(1, max(1, left - (pieces - k - 1))))
        size = min(size, left)
        if size <= 0:
            break
        gap = draw(_one((0, 0, 1, 30, 400)))
        end = cursor - dt.timedelta(days=gap)
        start = end - dt.timedelta(days=size)
        periods.append({"start": start.isoformat(), "end": end.isoformat()})
        cursor = start
        left -= size
    periods.reverse()
    if draw(_BOOL):  # order in the file does not matter: shuffle sometimes
        periods = draw(st.permutations(periods))
    return periods


# -- profiles ------------------------------------------------------------------------------
def _level_rules(net: Network, level: Level) -> list[int]:
    return [r.root for r in net.rules_for(level)]


@st.composite
def _targeted_dict(draw: st.DrawFn, net: Network, level: Level | None,
                   reference: dt.date | None) -> dict[str, Any]:
    levels = _pack_levels(net)
    lv = level if level is not None else draw(_one(tuple(levels)))
    roots = _level_rules(net, lv)
    lo, hi = _window(net, 8)
    ref = reference if reference is not None else draw(dates(lo, hi))
    if not roots or draw(_int(0, 9)) == 0:
        needs = _Needs()
    else:
        root = draw(_one(tuple(roots)))
        try:
            needs = _needs_for(net, root, lambda opts: draw(_one(tuple(opts))))
        except Unsatisfiable:
            needs = _Needs()
    plan = _plan_from(needs, net, "random", draw)
    leaves = list(dict.fromkeys(needs.leaves))
    if leaves:
        k = draw(_one((0, 0, 0, 1, 1, 2, 3)))
        for index in draw(st.lists(_one(tuple(leaves)), max_size=k, unique=True)):
            how = draw(_one(_HOWS))
            _perturb(plan, net, index, how, draw)
    return _realise(plan, ref, draw)


@st.composite
def _generic_dict(draw: st.DrawFn, reference: dt.date | None) -> dict[str, Any]:
    ref = reference if reference is not None else draw(dates(dt.date(2015, 1, 1),
                                                             dt.date(2032, 12, 31)))
    every = sorted(default_vocab().items["attestation"])
    plan = _random_fill(_Needs(), every, {}, draw)
    return _realise(plan, ref, draw)


def _profile_dicts(pack: PackRef | None, level: LevelRef | None,
                   reference: dt.date | None) -> SearchStrategy[dict[str, Any]]:
    if pack is None:
        if level is not None:
            raise ValueError("a level needs a pack")
        return _generic_dict(reference)
    net = _net(pack)
    lv = _level(level) if level is not None else None
    if lv is not None and lv not in _pack_levels(net):
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
    net = _net(pack)
    lv = _level(level) if level is not None else None

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Profile, dt.date]:
        day = draw(as_of_dates(net, horizon_years=horizon_years))
        reference = day if draw(_BOOL) else None
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
    net = _net(pack)
    found = [r for r in net.rules if r.id == rule]
    if not found:
        raise KeyError(f"pack {net.id!r} has no rule {rule!r}")
    needs = _needs_for(net, found[0].root, choose or _first)
    plan = _plan_from(needs, net, "negative", None)
    return _realise(plan, reference, None)


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


def _truth(net: Network, plan: _Plan, index: int, time: tuple[Level, int],
           phase: Literal["before", "on"], memo: dict[int, bool | None]) -> bool | None:
    """Three-valued truth of node ``index`` for a *negative-filled* plan, independent of
    the evaluator: the boundary grade has exactly ``time`` years on the completion date
    and fewer the day before; other grades have their planned years (closed)."""
    if index in memo:
        return memo[index]
    node = net.nodes[index]
    kind, params = node.kind, node.params
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
        out = _leaf_truth(plan, kind, params, time, phase)
    memo[index] = out
    return out


def _leaf_truth(plan: _Plan, kind: str, params: tuple[Any, ...], time: tuple[Level, int],
                phase: Literal["before", "on"]) -> bool | None:
    assert plan.grades is not None and plan.honours is not None
    assert plan.awards is not None and plan.titles is not None
    assert plan.contributions is not None and plan.recommended is not None
    if kind == "grade":
        return params[0] in plan.grades
    if kind == "tenure":
        grade, years = params
        if grade not in plan.grades:
            return False
        if grade is time[0]:
            return years < time[1] or (years == time[1] and phase == "on")
        g = plan.grades[grade]
        return g.posts == "known" and years <= g.years
    if kind == "fact":
        return plan.facts.get(params[0])
    if kind == "attested":
        return plan.attest.get(params[0])
    if kind == "employer":
        return plan.employer.get(params[0])
    if kind == "employer_filing":
        return None if plan.filing is None else plan.filing in params[0]
    if kind == "employer_years":
        return None if plan.employer_years is None else params[1] <= plan.employer_years
    if kind == "honour":
        return any(h in params[0] for h, _ in plan.honours)
    if kind == "contribution":
        return any(c in params[0] for c in plan.contributions)
    if kind == "recommended":
        return any(lv is params[0] for lv, _ in plan.recommended)
    if kind == "award":
        hits = [_award_hits(a, r, *params) for a, r, _ in plan.awards]
        return True if True in hits else (None if None in hits else False)
    if kind == "title":
        ids, aligned = params
        return any(t in ids and (al or not aligned) for t, al, _ in plan.titles)
    if kind in ("no_ban", "not_restricted"):
        return True  # the plan has no findings
    return None  # pragma: no cover


@st.composite
def _boundary(draw: st.DrawFn, net: Network, targets: tuple[BoundaryTarget, ...],
              leap_day_start: bool | None, closes_on_completion: bool | None,
              horizon_years: int) -> BoundaryPair:
    target = draw(_one(targets))
    rule = next(r for r in net.rules if r.id == target.rule)
    try:
        needs = _needs_for(net, rule.root, lambda opts: draw(_one(tuple(opts))),
                           target.node)
    except Unsatisfiable:
        assume(False)
        raise  # pragma: no cover - assume(False) does not return
    plan = _plan_from(needs, net, "negative", None)
    time = (target.grade, target.years)
    # Independent check: the target rule turns from unmet to met, no other path rule of
    # the level is met the day before.
    before: dict[int, bool | None] = {}
    on: dict[int, bool | None] = {}
    assume(_truth(net, plan, rule.root, time, "before", before) is False)
    assume(_truth(net, plan, rule.root, time, "on", on) is True)
    for other in net.rules_for(target.level):
        assume(_truth(net, plan, other.root, time, "before", before) is not True)

    lo, hi = _window(net, horizon_years)
    first = lo + _DAY  # the day before must be in force too
    years = target.years
    if leap_day_start is True or (leap_day_start is None and draw(_int(0, 4)) == 0):
        starts = [d for d in _leap_days_between(anniversary(first, -years - 1),
                                                anniversary(hi, -years))
                  if first <= anniversary(d, years) <= hi]
        if leap_day_start is True:
            assume(bool(starts))
        start = draw(_one(tuple(starts))) if starts else None
    else:
        start = None
    if start is None:
        due = draw(dates(first, hi, edges=[first, hi]))
        start = anniversary(due, -years)
        if (due.month, due.day) == (2, 28) and calendar.isleap(start.year) and not \
                calendar.isleap(due.year) and draw(_BOOL):
            start = dt.date(start.year, 2, 29)
    if leap_day_start is False:
        assume((start.month, start.day) != (2, 29))
    completion = anniversary(start, years)
    assume(first <= completion <= hi)
    span = (completion - start).days
    closed = draw(_zero_or(span - 2))
    if closes_on_completion is None:
        last_end: LastEnd = draw(_one(("open", "after", "after", "on")))
    else:
        last_end = "on" if closes_on_completion else draw(_one(("open", "after")))
    history = _history_for(draw, start, closed, completion, last_end)
    day_before = completion - _DAY

    grades_hist: dict[Level, list[dict[str, str | None]]] = {target.grade: history}
    assert plan.grades is not None
    for grade, g in plan.grades.items():
        if grade is not target.grade and g.posts == "known" and g.years:
            grades_hist[grade] = _closed_years(
                g.years, day_before - dt.timedelta(days=draw(_int(0, 1000))),
                draw(_int(0, 199)))
        if draw(_BOOL):
            g.certified = "past"
    data = _realise(plan, day_before, draw, grades_hist)
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
    net = _net(pack)
    targets = (target,) if target is not None else boundary_targets(net, level)
    if not targets:
        raise ValueError(f"pack {net.id!r} has no tenure condition in a path rule"
                         + (f" of level {level}" if level is not None else ""))
    return _boundary(net, targets, leap_day_start, closes_on_completion, horizon_years)
