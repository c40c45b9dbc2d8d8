"""``honour: [national_technical_expert, 全国劳动模范]``: holds one of the honours (ids or
the pack's honour sets)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baji.core.decision import Message
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
    set_atom,
    subset,
)
from baji.operators.dated import first_date, listed_outcome
from baji.operators.witness import Needs, Pick, Plan, booleans
from baji.profile.model import Honour as HonourRecord

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


def value(honours: tuple[HonourRecord, ...] | None, ids: Collection[str], as_of: dt.date) -> int:
    """Holds one of ``ids``, undated or dated on or before ``as_of``."""
    if honours is None:
        return UNKNOWN
    for h in honours:
        if h.id in ids and (h.date is None or h.date <= as_of):
            return MET
    return UNMET


def date(honours: tuple[HonourRecord, ...] | None, ids: Collection[str],
         as_of: dt.date) -> dt.date | None:
    """The date of :func:`value`."""
    if honours is None:
        return None
    return first_date([h.date for h in honours if h.id in ids], as_of)


@dataclass(frozen=True, slots=True)
class HonourOp(Operator):
    """Holds one of the honours ``ids``."""

    kind = "honour"
    cost = 4
    list_field = "honours"
    route = True
    functions = {"_honour": value, "_honour_date": date}

    ids: tuple[str, ...]

    @classmethod
    def compile(cls, operand: str | tuple[str, ...], ctx: CompileContext,
                key: Key) -> Compiled:
        ids = ctx.items(key, "honour", operand)
        return Compiled(cls(ids), Message(zh="具备以下之一：" + ctx.names("honour", ids, "zh"),
                                          en="one of: " + ctx.names("honour", ids, "en")),
                        ("honours",))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.ids,)

    def value_code(self, emit: Emitter) -> str:
        return f"_honour(p.honours, {emit.const(frozenset(self.ids))}, as_of)"

    def date_code(self, emit: Emitter) -> str:
        return f"_honour_date(p.honours, {emit.const(frozenset(self.ids))}, as_of)"

    def trace(self, ctx: LeafContext) -> Outcome:
        return listed_outcome(ctx, "honours", self.ids)

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        from baji.operators.columns import EL, dated_ok

        return pl.col("honours").list.eval(
            EL.struct.field("id").is_in(list(self.ids))
            & dated_ok(EL.struct.field("date"), ctx.as_of)).list.any()

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import dated_ok, field, listed, met_if, one_of

        return listed(ctx, "honours", met_if(exp.and_(
            one_of(field("honour"), self.ids), dated_ok(field("dated"), ctx.as_of))))

    def column_date(self, ctx: ColumnContext, value: pl.Expr) -> pl.Expr:
        from baji.operators.columns import EL, first_date

        return first_date("honours", EL.struct.field("id").is_in(list(self.ids)),
                          EL.struct.field("date"), ctx.as_of)

    def sql_date(self, ctx: SqlContext, value: exp.Expr) -> exp.Expr:
        from baji.operators.sql_parts import field, first_date, one_of

        return first_date(ctx, "honours", one_of(field("honour"), self.ids), field("dated"))

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("honours", "honour", "", required, frozenset(self.members(vocab)))

    def members(self, vocab: Vocab) -> set[str]:
        return set(self.ids)

    @classmethod
    def atom(cls, operand: str | tuple[str, ...], sets: Mapping[str, tuple[str, ...]]
             ) -> tuple[object, ...]:
        return set_atom(operand, sets)

    @classmethod
    def excludes(cls, met: tuple[object, ...], unmet: tuple[object, ...]) -> bool:
        return subset(met[0], unmet[0])

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        if value:
            needs.honours.append(pick.pick(self.ids, needs.honours_out, "honour"))
        else:
            needs.honours_out |= set(self.ids)

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        ids = self.ids
        if unknown or plan.honours is None:
            plan.honours = None
        else:
            future = draw(booleans())
            plan.honours = [(h, "future") if h in ids and future else (h, w)
                            for h, w in plan.honours if h not in ids or future]

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        assert plan.honours is not None
        return any(h in self.ids for h, _ in plan.honours)
