"""The shared state of the Hypothesis witnesses: what a rule needs, and the plan of a
profile giving it.

:mod:`baji.testing.strategies` walks a rule and asks each leaf operator
(:meth:`~baji.operators.base.Operator.want`) what a profile must give; the operators
record it in :class:`Needs`. A :class:`Plan` is the profile before dates are drawn;
operators make their leaf unmet or unknown in it (:meth:`~baji.operators.base.Operator.perturb`)
and judge it independently of the evaluator (:meth:`~baji.operators.base.Operator.truth`).
Hypothesis is imported only when a strategy is built (it is the ``testing`` extra).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from baji.core.labels import RANKS, SCOPE_RANK, SCOPES_AT_LEAST
from baji.core.levels import Level
from baji.core.vocabulary import default_vocab

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

K = TypeVar("K")
#: ``scope_at_least`` as docs/pack-format.md states it: 省部级以上 accepts national,
#: ministerial and provincial awards. Other scopes are left out of generation.
GENERATED_SCOPE_RANK: dict[str, int] = {s: SCOPE_RANK[s] for s in SCOPES_AT_LEAST}

When = Literal["undated", "past", "future"]
Posts = Literal["known", "unknown", "late", "none"]


class Unsatisfiable(ValueError):
    """The rule cannot be met by this builder with the branch choices made (conflicting
    conditions, or a condition it does not construct: see docs/strategies.md)."""


class Pick(Protocol):
    """How the builder chooses among options (drawn, or the first)."""

    def choose(self, options: Sequence[Any]) -> Any:
        """One of ``options``."""

    def pick(self, options: Sequence[str], excluded: set[str], what: str) -> str:
        """One of ``options`` not ``excluded``.

        Raises:
            Unsatisfiable: every option is excluded.
        """


@lru_cache(maxsize=4096)
def one(options: tuple[Any, ...]) -> SearchStrategy[Any]:
    """``sampled_from(options)``, built once (Hypothesis validates each new strategy,
    which costs more than drawing from it)."""
    from hypothesis import strategies as st

    return st.sampled_from(options)


@lru_cache(maxsize=1)
def booleans() -> SearchStrategy[bool]:
    """``booleans()``, built once."""
    from hypothesis import strategies as st

    return st.booleans()


def award_hits(award_id: str, rank: str | None, ids: tuple[str, ...] | None,
               min_rank: str | None, scope: str | None) -> bool | None:
    """Whether one award (id, rank) meets an award condition, independently of the
    evaluator: ``None`` when that depends on something unknown (a missing rank)."""
    item = default_vocab().items["award"][award_id]
    if ids is not None and award_id not in ids:
        return False
    if scope is not None:
        have = GENERATED_SCOPE_RANK.get(item.scope or "")
        if have is None:
            return None
        if have < GENERATED_SCOPE_RANK[scope]:
            return False
    if min_rank is not None and item.ranked:
        if rank is None:
            return None
        return RANKS.index(rank) >= RANKS.index(min_rank)
    return True


@dataclass
class Needs:
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
                if award_hits(award_id, rank, ids, min_rank, scope) is not False:
                    raise Unsatisfiable("an award is both needed and excluded")
        for title_id, aligned in self.titles:
            for tids, want_aligned in self.titles_out:
                if title_id in tids and (aligned or not want_aligned):
                    raise Unsatisfiable("a title is both needed and excluded")


@dataclass
class GradePlan:
    """One grade of a plan."""

    years: int = 0                  # complete years in post by the reference day
    posts: Posts = "known"
    certified: When = "undated"
    occupation: str | None = None   # the certificate's occupation; None = unstated


@dataclass
class Plan:
    """A profile before its dates are drawn."""

    grades: dict[Level, GradePlan] | None
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
    occupation: str | None = None   # the occupation applied for; None = unstated
