"""``attested: conduct``: an attestation of the vocabulary, given by the employer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from baji.core.decision import Message
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
class AttestedOp(Operator):
    """The attestation ``name`` is given as met."""

    kind = "attested"
    cost = 1
    inline = True
    timeless = True

    name: str

    @classmethod
    def compile(cls, operand: str, ctx: CompileContext, key: Key) -> Compiled:
        facts = (f"attestations.{operand}",)
        if ctx.vocab_id(key, "attestation", operand) is None:
            return Compiled(cls(operand), Message(zh=operand, en=operand), facts)
        item = ctx.vocab.get("attestation", operand)
        return Compiled(cls(operand), Message(zh=item.zh, en=item.en), facts)

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.name,)

    def value_code(self, emit: Emitter) -> str:
        return f"(1 if (t := A.get({self.name!r})) is None else 2 if t else 0)"

    def trace(self, ctx: LeafContext) -> Outcome:
        found = ctx.profile.attestations.get(self.name)
        if found is None:
            return None, "not attested", None, (f"attestations.{self.name}",)
        return (found, "attested" if found else "attested as not met",
                ctx.as_of if found else None, ())

    def trace_cases(self) -> tuple[str, tuple[tuple[object, Any], ...]]:
        return (f"p.attestations.get({self.name!r})",
                tuple((raw, SimpleNamespace(attestations={} if raw is None
                                            else {self.name: raw}))
                      for raw in (None, True, False)))

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        return pl.col(f"attestations.{self.name}")

    def sql(self, ctx: SqlContext) -> exp.Expr:
        return ctx.column(f"attestation_{self.name}")

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("conditions", f"attested:{self.name}",
                          "required" + ("~default" if default else ""),
                          marked(required, default))

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        needs.set(needs.attest, self.name, value)

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        if unknown:
            plan.attest.pop(self.name, None)
        else:
            plan.attest[self.name] = False

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        return plan.attest.get(self.name)
