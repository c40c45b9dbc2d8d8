"""``employer_filing: [municipal, district]``: who filed the employer as an evaluation
institution."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from baji.core.decision import Message
from baji.core.labels import FILING_LABELS, FILINGS, Filing
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
    subset,
)
from baji.operators.witness import Needs, Pick, Plan, one

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


@dataclass(frozen=True, slots=True)
class EmployerFilingOp(Operator):
    """The employer was filed by one of ``filings``."""

    kind = "employer_filing"
    cost = 1
    inline = True
    timeless = True

    filings: tuple[str, ...]

    @classmethod
    def compile(cls, operand: tuple[Filing, ...], ctx: CompileContext, key: Key) -> Compiled:
        return Compiled(
            cls(tuple(sorted(operand))),
            Message(zh="评价机构经" + "或".join(FILING_LABELS[x][0] for x in operand) + "备案",
                    en="evaluation institution filed by " + " or ".join(
                        FILING_LABELS[x][1] for x in operand)),
            ("employer.filing",))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.filings,)

    def value_code(self, emit: Emitter) -> str:
        allowed = emit.const(frozenset(self.filings))
        return f"(1 if (t := E.filing) is None else 2 if t in {allowed} else 0)"

    def trace(self, ctx: LeafContext) -> Outcome:
        found = ctx.profile.employer.filing
        if found is None:
            return None, "employer.filing not given", None, ("employer.filing",)
        met = found in self.filings
        return met, found, ctx.as_of if met else None, ()

    def trace_cases(self) -> tuple[str, tuple[tuple[object, Any], ...]]:
        return ("p.employer.filing",
                tuple((raw, SimpleNamespace(employer=SimpleNamespace(filing=raw)))
                      for raw in (None, *FILINGS)))

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        return pl.col("employer.filing").is_in(list(self.filings))

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from baji.operators.sql_parts import one_of

        return one_of(ctx.column("employer_filing"), self.filings)

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("employer", "filing",
                          "|".join(self.filings) + ("~default" if default else ""),
                          marked(required, default))

    @classmethod
    def atom(cls, operand: tuple[Filing, ...], sets: Mapping[str, tuple[str, ...]]
             ) -> tuple[object, ...]:
        return (frozenset(str(v) for v in operand),)

    @classmethod
    def excludes(cls, met: tuple[object, ...], unmet: tuple[object, ...]) -> bool:
        return subset(met[0], unmet[0])

    @classmethod
    def clashes(cls, first: tuple[object, ...], second: tuple[object, ...]) -> bool:
        # an employer has one filing
        a, b = first[0], second[0]
        return isinstance(a, frozenset) and isinstance(b, frozenset) and not (a & b)

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        allowed = set(self.filings)
        if value:
            needs.filing_in = allowed if needs.filing_in is None else needs.filing_in & allowed
        else:
            needs.filing_out |= allowed

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        outside = [f for f in FILINGS if f not in self.filings]
        plan.filing = None if unknown or not outside else draw(one(tuple(outside)))

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        return None if plan.filing is None else plan.filing in self.filings
