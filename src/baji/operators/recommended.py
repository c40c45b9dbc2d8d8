"""``recommended: senior_technician``: recommended by the employer for the grade."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baji.core.decision import Message
from baji.core.levels import Level
from baji.core.vocabulary import Vocab
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
    LeafContext,
    Operator,
    Outcome,
    SqlContext,
    marked,
)
from baji.operators.dated import dated_outcome, first_date
from baji.operators.witness import Needs, Pick, Plan
from baji.profile.model import Recommendation

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


def value(recs: tuple[Recommendation, ...] | None, level: Level, as_of: dt.date) -> int:
    """Recommended by the employer for ``level``, on or before ``as_of`` (or undated)."""
    if recs is None:
        return UNKNOWN
    for r in recs:
        if r.level is level and (r.date is None or r.date <= as_of):
            return MET
    return UNMET


def date(recs: tuple[Recommendation, ...] | None, level: Level,
         as_of: dt.date) -> dt.date | None:
    """The date of :func:`value`."""
    if recs is None:
        return None
    return first_date([r.date for r in recs if r.level is level], as_of)


@dataclass(frozen=True, slots=True)
class RecommendedOp(Operator):
    """Recommended by the employer for ``level``."""

    kind = "recommended"
    cost = 4
    list_field = "recommendations"
    functions = {"_recommended": value, "_recommended_date": date}

    level: Level

    @classmethod
    def compile(cls, operand: Level, ctx: CompileContext, key: Key) -> Compiled:
        return Compiled(cls(operand), Message(zh=f"经所在单位推荐参评{operand.zh}",
                                              en=f"recommended by the employer for {operand.en}"),
                        ("recommendations",))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.level,)

    def value_code(self, emit: Emitter) -> str:
        return f"_recommended(p.recommendations, {emit.const(self.level)}, as_of)"

    def date_code(self, emit: Emitter) -> str:
        return f"_recommended_date(p.recommendations, {emit.const(self.level)}, as_of)"

    def trace(self, ctx: LeafContext) -> Outcome:
        recs = ctx.profile.recommendations
        if recs is None:
            return None, "recommendations not given", None, ("recommendations",)
        return dated_outcome(ctx, [r.date for r in recs if r.level is self.level],
                             f"recommendation for {self.level.value}")

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        from baji.operators.columns import EL, dated_ok

        return pl.col("recommendations").list.eval(
            (EL.struct.field("level") == self.level.value)
            & dated_ok(EL.struct.field("date"), ctx.as_of)).list.any()

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import dated_ok, field, listed, met_if, text

        return listed(ctx, "recommendations", met_if(exp.and_(
            exp.EQ(this=field("level"), expression=text(self.level.value)),
            dated_ok(field("dated"), ctx.as_of))))

    def column_date(self, ctx: ColumnContext, value: pl.Expr) -> pl.Expr:
        from baji.operators.columns import EL, first_date

        return first_date("recommendations", EL.struct.field("level") == self.level.value,
                          EL.struct.field("date"), ctx.as_of)

    def sql_date(self, ctx: SqlContext, value: exp.Expr) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import field, first_date, text

        return first_date(ctx, "recommendations", exp.EQ(
            this=field("level"), expression=text(self.level.value)), field("dated"))

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("recommendations", self.level.value,
                          "required" + ("~default" if default else ""),
                          marked(required, default))

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        if value:
            needs.recommended.append(self.level)
        else:
            needs.recommended_out.add(self.level)

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        if unknown or plan.recommended is None:
            plan.recommended = None
        else:
            plan.recommended = [(lv, "future") for lv, w in plan.recommended
                                if lv is self.level] + [x for x in plan.recommended
                                                        if x[0] is not self.level]

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        assert plan.recommended is not None
        return any(lv is self.level for lv, _ in plan.recommended)
