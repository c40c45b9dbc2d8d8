"""``grade: senior_technician``: holds a certificate of the grade."""

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
from baji.operators.witness import Needs, Pick, Plan, booleans
from baji.profile.model import Grade as GradeRecord

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


def value(grades: tuple[GradeRecord, ...] | None, level: Level, as_of: dt.date) -> int:
    """Holds a certificate of ``level`` dated on or before ``as_of`` (or undated)."""
    if grades is None:
        return UNKNOWN
    for g in grades:
        if g.level is level and (g.certified_on is None or g.certified_on <= as_of):
            return MET
    return UNMET


def date(grades: tuple[GradeRecord, ...] | None, level: Level,
         as_of: dt.date) -> dt.date | None:
    """The date of :func:`value`."""
    if grades is None:
        return None
    return first_date([g.certified_on for g in grades if g.level is level], as_of)


@dataclass(frozen=True, slots=True)
class GradeOp(Operator):
    """Holds a certificate of ``level``."""

    kind = "grade"
    cost = 3
    list_field = "grades"
    route = True
    functions = {"_grade": value, "_grade_date": date}

    level: Level

    @classmethod
    def compile(cls, operand: Level, ctx: CompileContext, key: Key) -> Compiled:
        return Compiled(cls(operand), Message(zh=f"具有{operand.zh}职业资格或职业技能等级",
                                              en=f"holds a {operand.en} certificate"),
                        ("grades",))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.level,)

    def value_code(self, emit: Emitter) -> str:
        # no call for grades left out (unknown) or none (unmet)
        return (f"(1 if (t := p.grades) is None else "
                f"_grade(t, {emit.const(self.level)}, as_of) if t else 0)")

    def date_code(self, emit: Emitter) -> str:
        return f"_grade_date(p.grades, {emit.const(self.level)}, as_of)"

    def trace(self, ctx: LeafContext) -> Outcome:
        level = self.level
        grades = ctx.profile.grades
        if grades is None:
            return None, "grades not given", None, ("grades",)
        held = [g for g in grades if g.level is level]
        what = f"{level.value} certificate"
        if not held:  # as dated_outcome of no dates
            return False, f"no {what}", None, ()
        as_of = ctx.as_of
        for g in held:
            if g.certified_on is None or g.certified_on <= as_of:  # met, as dated_outcome
                return True, ", ".join([g.certificate or what for g in held]), as_of, ()
        return dated_outcome(ctx, [g.certified_on for g in held], what)

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        from baji.operators.columns import EL, dated_ok

        return (pl.col(f"grades.{self.level.value}.certified")
                .list.eval(dated_ok(EL, ctx.as_of)).list.any())

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import dated_ok, field, listed, met_if, text

        return listed(ctx, "grades", met_if(exp.and_(
            exp.EQ(this=field("level"), expression=text(self.level.value)),
            dated_ok(field("certified_on"), ctx.as_of))))

    def column_date(self, ctx: ColumnContext, value: pl.Expr) -> pl.Expr:
        from baji.operators.columns import EL, first_date

        return first_date(f"grades.{self.level.value}.certified", None, EL, ctx.as_of)

    def sql_date(self, ctx: SqlContext, value: exp.Expr) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import field, first_date, text

        return first_date(ctx, "grades", exp.EQ(this=field("level"),
                                                expression=text(self.level.value)),
                          field("certified_on"))

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        grade = self.level
        text = Message(zh=f"持有{grade.zh}等级", en=f"holds {grade.en}")
        return FacetEntry("tenure", grade.value, "held" + ("~default" if default else ""),
                          marked(text, default))

    def route_token(self) -> str:
        return f"grade:{self.level.value}"

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        needs.set(needs.grade, self.level, value)

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        if unknown:
            plan.grades = None
        elif plan.grades is not None:
            if draw(booleans()) and self.level in plan.grades:
                plan.grades[self.level].certified = "future"
            else:
                plan.grades.pop(self.level, None)

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        assert plan.grades is not None
        return self.level in plan.grades
