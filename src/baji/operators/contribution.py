"""``contribution: [major_technical_breakthrough]``: has made one of the contributions
(ids or the pack's contribution sets); undated, so timeless."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
from baji.operators.witness import Needs, Pick, Plan

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


def value(items: tuple[str, ...] | None, ids: frozenset[str]) -> int:
    """Has made one of the contributions ``ids``."""
    if items is None:
        return UNKNOWN
    return UNMET if ids.isdisjoint(items) else MET


@dataclass(frozen=True, slots=True)
class ContributionOp(Operator):
    """Has made one of the contributions ``ids``."""

    kind = "contribution"
    cost = 3
    timeless = True
    list_field = "contributions"
    route = True
    functions = {"_contribution": value}

    ids: tuple[str, ...]

    @classmethod
    def compile(cls, operand: str | tuple[str, ...], ctx: CompileContext,
                key: Key) -> Compiled:
        ids = ctx.items(key, "contribution", operand)
        return Compiled(cls(ids),
                        Message(zh="具备以下之一：" + ctx.names("contribution", ids, "zh"),
                                en="one of: " + ctx.names("contribution", ids, "en")),
                        ("contributions",))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.ids,)

    def value_code(self, emit: Emitter) -> str:
        return f"_contribution(p.contributions, {emit.const(frozenset(self.ids))})"

    def trace(self, ctx: LeafContext) -> Outcome:
        items = ctx.profile.contributions
        if items is None:
            return None, "contributions not given", None, ("contributions",)
        hits = sorted(set(items) & set(self.ids))
        return (bool(hits), ", ".join(hits) or "none of the listed contributions",
                ctx.as_of if hits else None, ())

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        from baji.operators.columns import EL

        return pl.col("contributions").list.eval(EL.is_in(list(self.ids))).list.any()

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from baji.operators.sql_parts import field, listed, met_if, one_of

        return listed(ctx, "contributions", met_if(one_of(field("contribution"), self.ids)))

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("contributions", "contribution", "", required,
                          frozenset(self.members(vocab)))

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
            needs.contributions.append(pick.pick(self.ids, needs.contributions_out,
                                                 "contribution"))
        else:
            needs.contributions_out |= set(self.ids)

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        plan.contributions = None if unknown or plan.contributions is None else [
            c for c in plan.contributions if c not in self.ids]

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        assert plan.contributions is not None
        return any(c in self.ids for c in plan.contributions)
