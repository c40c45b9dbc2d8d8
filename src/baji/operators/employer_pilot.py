"""``employer_pilot: chief_technician``: the employer's filed 评聘 project covers a level."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baji.core.decision import Message
from baji.core.levels import Level
from baji.core.vocabulary import Vocab
from baji.io.yaml_reader import Key
from baji.operators.base import (
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
from baji.operators.witness import Needs, Pick, Plan

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


@dataclass(frozen=True, slots=True)
class EmployerPilotOp(Operator):
    """The employer's filed 评聘 project covers ``level``: ``employer.pilot_levels`` lists
    it, or, when no levels are given, ``employer.pilot`` is true (a project filed for every
    level the pack appoints)."""

    kind = "employer_pilot"
    cost = 1
    inline = True
    timeless = True

    level: Level

    @classmethod
    def compile(cls, operand: Level, ctx: CompileContext, key: Key) -> Compiled:
        return Compiled(cls(operand),
                        Message(zh=f"用人单位的{operand.zh}评聘项目已备案",
                                en=f"employer's 评聘 project for {operand.en} is filed"),
                        ("employer.pilot_levels", "employer.pilot"))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.level,)

    def value_code(self, emit: Emitter) -> str:
        level = emit.const(self.level)
        return (f"((2 if {level} in t else 0) if (t := E.pilot_levels) is not None"
                " else 1 if (u := E.pilot) is None else 2 if u else 0)")

    def trace(self, ctx: LeafContext) -> Outcome:
        employer = ctx.profile.employer
        levels = employer.pilot_levels
        if levels is not None:
            met = self.level in levels
            shown = ", ".join(lv.value for lv in levels) or "none"
            return met, f"pilot_levels: {shown}", ctx.as_of if met else None, ()
        if employer.pilot is None:
            # either settles it; the one fact an HR export most often has is named
            return None, "employer.pilot not given", None, ("employer.pilot",)
        return employer.pilot, str(employer.pilot).lower(), (
            ctx.as_of if employer.pilot else None), ()

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        levels = pl.col("employer.pilot_levels")
        return (pl.when(levels.is_not_null())
                .then(levels.list.contains(pl.lit(self.level.value)))
                .otherwise(pl.col("employer.pilot")))

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import field, listed, met_if, text

        # the levels listed decide when given, else ``pilot`` (every level)
        code = met_if(exp.EQ(this=field("level"), expression=text(self.level.value)))
        return exp.If(this=ctx.known("pilot_levels"), true=listed(ctx, "pilot_levels", code),
                      false=ctx.column("employer_pilot"))

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("employer", f"pilot:{self.level.value}",
                          "required" + ("~default" if default else ""),
                          marked(required, default))

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        # Built through ``pilot`` (both levels): the witness plans hold yes/no facts only.
        needs.set(needs.employer, "pilot", value)

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        plan.employer["pilot"] = None if unknown else False

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        return plan.employer.get("pilot")
