"""``award: {in: [...], min_rank: second}`` or ``{scope_at_least: provincial}``: holds a
listed award (of a rank or better, at a scope or above)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator

from baji.core.decision import Message
from baji.core.labels import RANK_ZH, RANKS, SCOPE_RANK, SCOPE_ZH, RankName, ScopeAtLeast
from baji.core.models import StrictModel
from baji.core.ranks import RANK_ORDER
from baji.core.vocabulary import Vocab
from baji.io.pydantic_problems import invalid
from baji.io.yaml_reader import Key
from baji.operators.base import (
    MET,
    UNKNOWN,
    UNMET,
    ColumnContext,
    CompileContext,
    Compiled,
    Emitter,
    FacetEntry,
    Id,
    LeafContext,
    Operator,
    Outcome,
    SqlContext,
)
from baji.operators.dated import fitted_date
from baji.operators.witness import (
    GENERATED_SCOPE_RANK,
    Needs,
    Pick,
    Plan,
    Unsatisfiable,
    award_hits,
    booleans,
)
from baji.profile.model import Award as AwardRecord

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


class AwardCond(StrictModel):
    """``award: {in: [...], min_rank: second}`` or ``{scope_at_least: provincial}``."""

    in_: Id | tuple[Id, ...] | None = Field(default=None, alias="in")
    min_rank: RankName | None = None
    scope_at_least: ScopeAtLeast | None = None

    @model_validator(mode="after")
    def _something(self) -> AwardCond:
        if self.in_ is None and self.scope_at_least is None:
            raise invalid("BAJI136")
        return self


def award_info(vocab: Vocab) -> dict[str, tuple[int, bool]]:
    """Each award id's scope rank and whether it is ranked, from ``vocab``."""
    return {k: (SCOPE_RANK.get(v.scope or "", 0), bool(v.ranked))
            for k, v in vocab.items["award"].items()}


def value(awards: tuple[AwardRecord, ...] | None, ids: Collection[str] | None,
          min_rank: str | None, scope: str | None, info: Mapping[str, tuple[int, bool]],
          as_of: dt.date) -> int:
    """Holds a listed award (of ``min_rank`` or better, at ``scope`` or above).

    ``info`` gives each award id's scope rank and whether it is ranked (:func:`award_info`).
    """
    if awards is None:
        return UNKNOWN
    result = UNMET
    wanted_scope = -1 if scope is None else SCOPE_RANK[scope]
    for a in awards:
        fit = _fit(a, ids, min_rank, wanted_scope, info)
        if fit == UNKNOWN:
            result = UNKNOWN
        elif fit == MET and (a.date is None or a.date <= as_of):
            return MET
    return result


def date(awards: tuple[AwardRecord, ...] | None, ids: Collection[str] | None,
         min_rank: str | None, scope: str | None, info: Mapping[str, tuple[int, bool]],
         as_of: dt.date) -> dt.date | None:
    """The date of :func:`value`: the first listed award dated after ``as_of``."""
    if awards is None:
        return None
    wanted_scope = -1 if scope is None else SCOPE_RANK[scope]
    fits = [(_fit(a, ids, min_rank, wanted_scope, info), a.date) for a in awards]
    return fitted_date(fits, as_of)


def _fit(a: AwardRecord, ids: Collection[str] | None, min_rank: str | None,
         wanted_scope: int, info: Mapping[str, tuple[int, bool]]) -> int:
    """Whether award ``a`` is of the kind asked, its date aside: MET, UNMET, or UNKNOWN
    when a rank is asked and the award gives none."""
    if ids is not None and a.id not in ids:
        return UNMET
    scope_rank, ranked = info[a.id]
    if scope_rank < wanted_scope:
        return UNMET
    if min_rank is not None and ranked:
        if a.rank is None:
            return UNKNOWN
        if RANK_ORDER[a.rank] < RANK_ORDER[min_rank]:
            return UNMET
    return MET


@dataclass(frozen=True, slots=True)
class AwardOp(Operator):
    """Holds one of the awards ``ids`` (any award when ``None``) of ``min_rank`` or
    better, at ``scope`` or above."""

    kind = "award"
    # most candidates hold no award: the list given empty costs no call and ends an
    # ``all`` at once, so the leaf is tried early (a list given is looked through)
    cost = 2
    list_field = "awards"
    route = True
    functions = {"_award": value, "_award_date": date}

    ids: tuple[str, ...] | None
    min_rank: str | None
    scope: str | None

    @classmethod
    def compile(cls, operand: AwardCond, ctx: CompileContext, key: Key) -> Compiled:
        aw = operand
        ids = ctx.items(key + ("in",), "award", aw.in_) if aw.in_ is not None else None
        zh = "获得" + (ctx.names("award", ids, "zh") if ids else
                     f"{SCOPE_ZH[aw.scope_at_least or 'national']}及以上奖项")
        en = "holds " + (ctx.names("award", ids, "en") if ids else
                         f"an award at {aw.scope_at_least} level or above")
        if aw.min_rank:
            zh += f"{RANK_ZH[aw.min_rank]}及以上"
            en += f", {aw.min_rank} prize or better"
        if ids and aw.scope_at_least:
            zh += f"（{SCOPE_ZH[aw.scope_at_least]}及以上）"
            en += f" (at {aw.scope_at_least} level or above)"
        return Compiled(cls(ids, aw.min_rank, aw.scope_at_least), Message(zh=zh, en=en),
                        ("awards",))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.ids, self.min_rank, self.scope)

    def _args(self, emit: Emitter) -> str:
        ids = None if self.ids is None else frozenset(self.ids)
        table = emit.table("AWARDS", lambda: award_info(emit.vocab))
        return f"{emit.const(ids)}, {self.min_rank!r}, {self.scope!r}, {table}"

    def value_code(self, emit: Emitter) -> str:
        # no call for awards left out (unknown) or none (unmet)
        return f"(1 if (t := p.awards) is None else _award(t, {self._args(emit)}, as_of) " \
               "if t else 0)"

    def date_code(self, emit: Emitter) -> str:
        return f"_award_date(p.awards, {self._args(emit)}, as_of)"

    def trace(self, ctx: LeafContext) -> Outcome:
        ids, min_rank, scope = self.ids, self.min_rank, self.scope
        awards = ctx.profile.awards
        if awards is None:
            return None, "awards not given", None, ("awards",)
        items = ctx.vocab.items["award"]
        result: bool | None = False
        missing: list[str] = []
        future: list[dt.date] = []
        found: list[str] = []
        for i, award in enumerate(awards):
            item = items[award.id]
            if ids is not None and award.id not in ids:
                continue
            if scope is not None and SCOPE_RANK.get(item.scope or "", 0) < SCOPE_RANK[scope]:
                continue
            if min_rank is not None and item.ranked:
                if award.rank is None:
                    missing.append(f"awards[{i}].rank")
                    result = None if result is False else result
                    continue
                if RANK_ORDER[award.rank] < RANK_ORDER[min_rank]:
                    continue
            if award.date is not None and award.date > ctx.as_of:
                future.append(award.date)
                continue
            found.append(award.id + (f" ({award.rank})" if award.rank else ""))
            result = True
        if result is True:
            return True, ", ".join(found), ctx.as_of, ()
        if result is None:
            return None, "award rank not given", None, tuple(missing)
        return False, "no such award", min(future) if future else None, ()

    def column(self, ctx: ColumnContext) -> pl.Expr:
        from baji.operators.columns import EL, dated_ok, listed

        code = self._fit_column(ctx)
        code = code.when(dated_ok(EL.struct.field("date"), ctx.as_of)).then(2).otherwise(0)
        return listed("awards", code, 0)

    def column_date(self, ctx: ColumnContext, value: pl.Expr) -> pl.Expr:
        from baji.operators.columns import EL, fitted_date

        return fitted_date("awards", self._fit_column(ctx).otherwise(2),
                           EL.struct.field("date"), ctx.as_of)

    def _fit_column(self, ctx: ColumnContext) -> Any:
        """The per-award code, its date aside, as an unfinished polars ``when`` chain."""
        import polars as pl

        from baji.operators.columns import EL

        award = EL.struct.field("id")
        passes = pl.lit(True)
        if self.ids is not None:
            passes = passes & award.is_in(list(self.ids))
        if self.scope is not None:  # the ids of that scope or above, listed here in Python
            wide = [k for k, v in ctx.award_scope.items() if v >= SCOPE_RANK[self.scope]]
            passes = passes & award.is_in(wide)
        code: Any = pl.when(~passes).then(0)
        if self.min_rank is not None:
            ranked = award.is_in(list(ctx.ranked))
            rank = EL.struct.field("rank")
            lower = [r for r, order in RANK_ORDER.items() if order < RANK_ORDER[self.min_rank]]
            code = (code.when(ranked & rank.is_null()).then(1)
                    .when(ranked & rank.is_in(lower)).then(0))
        return code

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from baji.operators.sql_parts import case, dated_ok, field, listed

        branches = [*self._fit_sql(ctx), (dated_ok(field("dated"), ctx.as_of), 2)]
        return listed(ctx, "awards", case(*branches, default=0))

    def sql_date(self, ctx: SqlContext, value: exp.Expr) -> exp.Expr:
        from baji.operators.sql_parts import case, field, fitted_date

        return fitted_date(ctx, "awards", case(*self._fit_sql(ctx), default=2), field("dated"))

    def _fit_sql(self, ctx: SqlContext) -> list[tuple[exp.Expr, exp.Expr | int]]:
        """The branches of the per-award code, its date aside (2 when none applies)."""
        from sqlglot import exp

        from baji.operators.sql_parts import field, one_of

        award = field("award")
        passes: list[exp.Expr] = []
        if self.ids is not None:
            passes.append(one_of(award, self.ids))
        if self.scope is not None:  # the ids of that scope or above, listed here
            passes.append(one_of(award, [k for k, v in ctx.award_scope.items()
                                         if v >= SCOPE_RANK[self.scope]]))
        branches: list[tuple[exp.Expr, exp.Expr | int]] = []
        if passes:
            branches.append((exp.Not(this=exp.Paren(this=exp.and_(*passes))), 0))
        if self.min_rank is not None:
            ranked = one_of(award, ctx.ranked)
            rank = field("rank")
            lower = [r for r, order in RANK_ORDER.items() if order < RANK_ORDER[self.min_rank]]
            branches += [(exp.and_(ranked, rank.is_(exp.Null())), 1),
                         (exp.and_(ranked, one_of(rank, lower)), 0)]
        return branches

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("direct_awards" if path == "direct" else "awards", "award", "",
                          required, frozenset(self.members(vocab)))

    def members(self, vocab: Vocab) -> set[str]:
        """The awards accepted, a listed family standing for its members."""
        out: set[str] = set()
        if self.ids is None:
            out.add(f"scope>={self.scope}")
            return out
        present = set(self.ids)
        awards = vocab.items["award"]
        for award in sorted(i for i in present
                            if not (i in awards and awards[i].family in present)):
            out.add(award + (f">={self.min_rank}" if self.min_rank else "")
                    + (f"@{self.scope}" if self.scope else ""))
        return out

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        from baji.core.vocabulary import default_vocab

        ids, min_rank, scope = self.ids, self.min_rank, self.scope
        if not value:
            needs.awards_out.append((ids, min_rank, scope))
            return
        items = default_vocab().items["award"]
        pool = sorted(items) if ids is None else list(ids)
        if scope is not None:  # prefer awards whose scope clearly qualifies
            pool = [a for a in pool if GENERATED_SCOPE_RANK.get(items[a].scope or "", 0)
                    >= GENERATED_SCOPE_RANK[scope]]
        if not pool:
            raise Unsatisfiable("no award of the vocabulary meets the condition")
        award_id = str(pick.choose(pool))
        rank: str | None = None
        if items[award_id].ranked:
            low = RANKS.index(min_rank) if min_rank else 0
            rank = str(pick.choose(list(RANKS[low:])))
        needs.awards.append((award_id, rank))

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        from baji.core.vocabulary import default_vocab

        if plan.awards is None:
            return
        hits = [a for a in plan.awards
                if award_hits(a[0], a[1], self.ids, self.min_rank, self.scope)]
        if unknown:
            ranked = [a for a in hits if default_vocab().items["award"][a[0]].ranked]
            if self.min_rank is not None and ranked and draw(booleans()):
                plan.awards = [(a, None, w) if (a, r, w) in ranked else (a, r, w)
                               for a, r, w in plan.awards]
            else:
                plan.awards = None
        else:
            future = draw(booleans())
            plan.awards = [(a, r, "future") if (a, r, w) in hits and future else (a, r, w)
                           for a, r, w in plan.awards if (a, r, w) not in hits or future]

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        assert plan.awards is not None
        hits = [award_hits(a, r, *self.params) for a, r, _ in plan.awards]
        return True if True in hits else (None if None in hits else False)
