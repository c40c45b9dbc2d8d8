"""``employer_years: {since: self_assessment_since, years: 3}``: the employer has done
something for some years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from baji.core.decision import Message
from baji.core.models import StrictModel
from baji.core.tenure import add_years
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
    Years,
    marked,
)
from baji.operators.tenure import TenureOp
from baji.operators.witness import Needs, Pick, Plan
from baji.profile.model import Employer

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


class EmployerYears(StrictModel):
    """``employer_years: {since: self_assessment_since, years: 3}``."""

    since: Literal["self_assessment_since"]
    years: Years


def value(employer: Employer, since: str, years: int, as_of: dt.date) -> int:
    """The employer fact ``since`` is a date at least ``years`` before ``as_of``."""
    start: dt.date | None = getattr(employer, since)
    if start is None:
        return UNKNOWN
    return MET if add_years(start, years) <= as_of else UNMET


def date(employer: Employer, since: str, years: int, as_of: dt.date) -> dt.date | None:
    """The date of :func:`value`: the ``years``-th anniversary."""
    start: dt.date | None = getattr(employer, since)
    if start is None:
        return None
    due = add_years(start, years)
    return as_of if due <= as_of else due


@dataclass(frozen=True, slots=True)
class EmployerYearsOp(Operator):
    """The employer's date ``since`` is ``years`` or more before the evaluation date."""

    kind = "employer_years"
    cost = 6
    functions = {"_employer_years": value, "_employer_years_date": date}

    since: str
    years: int

    @classmethod
    def compile(cls, operand: EmployerYears, ctx: CompileContext,
                key: Key) -> Compiled:
        ey = operand
        return Compiled(cls(ey.since, ey.years),
                        Message(zh=f"已开展职业技能等级自主认定{ey.years}年以上",
                                en=f"employer has run self-assessment for {ey.years} years"),
                        (f"employer.{ey.since}",))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.since, self.years)

    def value_code(self, emit: Emitter) -> str:
        return f"_employer_years(E, {self.since!r}, {self.years!r}, as_of)"

    def date_code(self, emit: Emitter) -> str:
        return f"_employer_years_date(E, {self.since!r}, {self.years!r}, as_of)"

    def trace(self, ctx: LeafContext) -> Outcome:
        since = self.since
        start = getattr(ctx.profile.employer, since)
        if start is None:
            return None, f"employer.{since} not given", None, (f"employer.{since}",)
        due = add_years(start, self.years)
        if due <= ctx.as_of:
            return True, f"since {start}", ctx.as_of, ()
        return False, f"since {start}", due, ()

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        return pl.col(f"employer.{self.since}").dt.offset_by(f"{self.years}y") <= ctx.as_of

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import add_years, day

        return exp.LTE(this=add_years(ctx.column(f"employer_{self.since}"), self.years),
                       expression=day(ctx.as_of))

    def column_date(self, ctx: ColumnContext, value: pl.Expr) -> pl.Expr:
        import polars as pl

        due = pl.col(f"employer.{self.since}").dt.offset_by(f"{self.years}y")
        return pl.when(due <= ctx.as_of).then(pl.lit(ctx.as_of)).otherwise(due)

    def sql_date(self, ctx: SqlContext, value: exp.Expr) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import add_years, as_date, case, day

        due = as_date(add_years(ctx.column(f"employer_{self.since}"), self.years))
        return case((exp.LTE(this=due, expression=day(ctx.as_of)), day(ctx.as_of)),
                    default=due.copy())

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("employer", self.since,
                          f"{self.years}y" + ("~default" if default else ""),
                          marked(required, default))

    @classmethod
    def atom(cls, operand: EmployerYears, sets: Mapping[str, tuple[str, ...]]
             ) -> tuple[object, ...]:
        return (operand.since, operand.years)

    @classmethod
    def excludes(cls, met: tuple[object, ...], unmet: tuple[object, ...]) -> bool:
        return TenureOp.excludes(met, unmet)  # the same "at least N years" reading

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        if value:
            needs.employer_years_min = max(needs.employer_years_min, self.years)
        else:
            below = needs.employer_years_below
            needs.employer_years_below = self.years if below is None else min(below,
                                                                               self.years)

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        if unknown:
            plan.employer_years = None
        else:
            plan.employer_years, plan.employer_recent = 0, True

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        return None if plan.employer_years is None else self.years <= plan.employer_years
