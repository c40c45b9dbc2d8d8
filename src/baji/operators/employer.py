"""``employer: pilot``: a yes/no fact of the candidate's employer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from baji.core.decision import Message
from baji.core.labels import EMPLOYER_LABELS, EmployerFact
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
class EmployerOp(Operator):
    """The employer fact ``name`` is true."""

    kind = "employer"
    cost = 1
    inline = True
    timeless = True

    name: str

    @classmethod
    def compile(cls, operand: EmployerFact, ctx: CompileContext, key: Key) -> Compiled:
        zh, en = EMPLOYER_LABELS[operand]
        return Compiled(cls(operand), Message(zh=zh, en=en), (f"employer.{operand}",))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.name,)

    def value_code(self, emit: Emitter) -> str:
        return f"(1 if (t := E.{self.name}) is None else 2 if t else 0)"

    def trace(self, ctx: LeafContext) -> Outcome:
        found = getattr(ctx.profile.employer, self.name)
        if found is None:
            return None, f"employer.{self.name} not given", None, (f"employer.{self.name}",)
        return bool(found), str(found).lower(), ctx.as_of if found else None, ()

    def trace_cases(self) -> tuple[str, tuple[tuple[object, Any], ...]]:
        return (f"p.employer.{self.name}",
                tuple((raw, SimpleNamespace(employer=SimpleNamespace(**{self.name: raw})))
                      for raw in (None, True, False)))

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        return pl.col(f"employer.{self.name}")

    def sql(self, ctx: SqlContext) -> exp.Expr:
        return ctx.column(f"employer_{self.name}")

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("employer", self.name, "required" + ("~default" if default else ""),
                          marked(required, default))

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        needs.set(needs.employer, self.name, value)

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        plan.employer[self.name] = None if unknown else False

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        return plan.employer.get(self.name)
