"""``tenure: {grade: senior_technician, years: 5}``: years in a post of the grade."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baji.core.decision import Message
from baji.core.levels import Level
from baji.core.models import StrictModel
from baji.core.tenure import completion_date, describe, has_years
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
from baji.operators.dated import assumed_periods
from baji.operators.witness import Needs, Pick, Plan, Unsatisfiable
from baji.profile.model import LevelName, Period, Profile

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


class Tenure(StrictModel):
    """``tenure: {grade: senior_technician, years: 5}``."""

    grade: LevelName
    years: Years


def value(profile: Profile, level: Level, years: int, as_of: dt.date, assume: bool) -> int:
    """``years`` in a post of ``level`` complete on ``as_of``."""
    grades = profile.grades
    if grades is None:
        return UNKNOWN
    # grade_periods(level), unsorted (the count of days needs no order)
    posts: list[Any] = []
    for g in grades:
        if g.level is level:
            if g.posts is None:
                break
            posts += g.posts
    else:
        return MET if has_years(posts, years, as_of) else UNMET
    periods = None
    if assume:
        periods = assumed_periods(profile, level)[0]
    if periods is None:
        return UNKNOWN
    return MET if has_years(periods, years, as_of) else UNMET


def date(profile: Profile, level: Level, years: int, as_of: dt.date,
         assume: bool) -> dt.date | None:
    """The date of :func:`value`: the completion date of the years in post."""
    if profile.grades is None:
        return None
    periods = profile.grade_periods(level)
    if periods is None and assume:
        periods = assumed_periods(profile, level)[0]
    if periods is None:
        return None
    if has_years(periods, years, as_of):
        return as_of
    return completion_date(periods, years, as_of)


@dataclass(frozen=True, slots=True)
class TenureOp(Operator):
    """``years`` in a post of ``grade``."""

    kind = "tenure"
    cost = 12
    list_field = "grades"
    route = True
    functions = {"_tenure": value, "_tenure_date": date}

    grade: Level
    years: int

    @classmethod
    def compile(cls, operand: Tenure, ctx: CompileContext, key: Key) -> Compiled:
        t = operand
        return Compiled(cls(t.grade, t.years),
                        Message(zh=f"在{t.grade.zh}岗位工作满{t.years}年",
                                en=f"{t.years} year{'s' if t.years > 1 else ''} in a "
                                   f"{t.grade.en} post"),
                        ("grades", f"grades[{t.grade.value}].posts"))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.grade, self.years)

    def value_code(self, emit: Emitter) -> str:
        return f"_tenure(p, {emit.const(self.grade)}, {self.years!r}, as_of, assume)"

    def date_code(self, emit: Emitter) -> str:
        return f"_tenure_date(p, {emit.const(self.grade)}, {self.years!r}, as_of, assume)"

    def trace(self, ctx: LeafContext) -> Outcome:
        level, years = self.grade, self.years
        if ctx.profile.grades is None:
            return None, "grades not given", None, ("grades",)
        periods = ctx.profile.grade_periods(level)
        if periods is None and ctx.assume:
            periods = _assumed_posts(ctx, level)
        if periods is None:
            return (None, f"posts at {level.value} not given", None,
                    (f"grades[{level.value}].posts",))
        as_of = ctx.as_of
        # completion_date is as_of itself exactly when the years are complete on as_of
        when = completion_date(periods, years, as_of)
        return when == as_of, describe(periods, as_of), when, ()

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        from baji.operators.columns import EL, NULL

        # baji.core.tenure.has_years: days in post up to as_of, anchored on the last day
        # counted.
        as_of = ctx.as_of
        posts = pl.col(f"grades.{self.grade.value}.posts")
        start = EL.struct.field("start")
        end = EL.struct.field("end")
        upto = pl.when(end.is_null() | (end > as_of)).then(pl.lit(as_of)).otherwise(end)
        days = posts.list.eval(
            pl.when(upto > start).then((upto - start).dt.total_days()).otherwise(0)).list.sum()
        last = posts.list.eval(pl.when(upto > start).then(upto)).list.max()
        due = (last - pl.duration(days=days)).dt.offset_by(f"{self.years}y")
        met = pl.when(last.is_null()).then(pl.lit(False)).otherwise(due <= last)
        return pl.when(posts.is_null()).then(NULL).otherwise(met)

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import NULL, add_years, case, day, field, text

        # as column() does: days in post up to as_of, anchored on the last day counted
        as_of = day(ctx.as_of)
        start, end = field("start_date"), field("end_date")
        upto = case((exp.or_(end.is_(exp.Null()), exp.GT(this=end, expression=as_of)), as_of),
                    default=end)
        counts = exp.and_(exp.EQ(this=field("level"), expression=text(self.grade.value)),
                          exp.GT(this=upto, expression=start))
        days = ctx.aggregate("posts", exp.Sum(this=case(
            (counts, exp.DateDiff(this=upto, expression=start, unit=exp.Var(this="DAY"))),
            default=0)))
        last = ctx.aggregate("posts", exp.Max(this=case((counts, upto))))
        since = exp.DateSub(this=last, expression=exp.cast(days, exp.DataType.Type.INT),
                            unit=exp.Var(this="DAY"))
        met = case((last.is_(exp.Null()), exp.false()),
                   default=exp.LTE(this=add_years(since, self.years), expression=last))
        # posts are known when grades are and no grade of the level leaves them out
        given = ctx.aggregate("grades", exp.Min(this=case(
            (exp.EQ(this=field("level"), expression=text(self.grade.value)),
             case((field("posts_known"), 1), default=0)))))
        known = exp.and_(ctx.known("grades"), exp.Coalesce(
            this=given, expressions=[exp.Literal.number(1)]).eq(1))
        return exp.If(this=known, true=met, false=NULL)

    # The completion date in one pass over the posts (baji.core.tenure.completion_date
    # searches the posts' boundaries; with periods that do not overlap it comes to this).
    # A post [s, e) that has not closed by as_of counts its days on top of the earlier
    # posts' (``prior``): from s on the years fall due on the anniversary of the
    # equivalent start s - prior, which the post reaches if it lasts that long (an open
    # post always does), and not before the day after s, nor before the day after as_of
    # (the value on as_of itself is known). The first such day of any post is the date.
    def column_date(self, ctx: ColumnContext, value: pl.Expr) -> pl.Expr:
        import polars as pl

        from baji.operators.columns import EL

        as_of = ctx.as_of
        start, end = EL.struct.field("start"), EL.struct.field("end")
        length = (end.fill_null(start) - start).dt.total_days()
        since = start - pl.duration(days=length.cum_sum() - length)
        due = since.dt.offset_by(f"{self.years}y")
        after = pl.when(start > as_of).then(start).otherwise(pl.lit(as_of)) + pl.duration(days=1)
        when = pl.when(due > after).then(due).otherwise(after)
        reaches = end.is_null() | ((end > as_of) & (due <= end))
        posts = pl.col(f"grades.{self.grade.value}.posts")
        # Sorted by start (a post is {start, end}, compared field by field): sort_by inside
        # list.eval fails on polars 1.22 ("a different number of groups").
        first = (posts.list.sort()
                 .list.eval(pl.when(reaches).then(when)).list.min())
        return pl.when(value).then(pl.lit(as_of)).when(~value).then(first)

    def sql_date(self, ctx: SqlContext, value: exp.Expr) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import (
            add_years,
            as_date,
            case,
            day,
            field,
            later,
            plus_days,
            text,
        )

        as_of = day(ctx.as_of)
        start, end = field("start_date"), field("end_date")
        length = exp.DateDiff(this=exp.Coalesce(this=end, expressions=[start]),
                              expression=start.copy(), unit=exp.Var(this="DAY"))
        running = exp.Window(this=exp.Sum(this=length),
                             partition_by=[field("id"), field("level")],
                             # start_date is never NULL: NULLS FIRST, sqlglot's
                             # default, needs no emulation in any dialect
                             order=exp.Order(expressions=[exp.Ordered(this=start.copy(),
                                                                      nulls_first=True)]))
        prior = ctx.derive("posts", "prior_days", exp.Sub(this=running, expression=length.copy()))
        since = as_date(exp.DateSub(this=start.copy(), expression=exp.cast(
            prior, exp.DataType.Type.INT), unit=exp.Var(this="DAY")))
        due = as_date(add_years(since, self.years))
        when = later(due, plus_days(later(start.copy(), as_of), 1))
        reaches = exp.and_(
            exp.EQ(this=field("level"), expression=text(self.grade.value)),
            exp.or_(end.copy().is_(exp.Null()), exp.and_(
                exp.GT(this=end.copy(), expression=as_of.copy()),
                exp.LTE(this=due.copy(), expression=end.copy()))))
        first = ctx.aggregate("posts", exp.Min(this=case((reaches, when))))
        return case((value, as_of.copy()), (exp.Not(this=value.copy()), first))

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        grade, years = self.grade, self.years
        text = Message(zh=f"{grade.zh}满{years}年", en=f"{years} yr as {grade.en}")
        return FacetEntry("tenure", grade.value, f"{years}y" + ("~default" if default else ""),
                          marked(text, default))

    def route_token(self) -> str:
        return f"grade:{self.grade.value}"

    @classmethod
    def atom(cls, operand: Tenure, sets: Mapping[str, tuple[str, ...]]
             ) -> tuple[object, ...]:
        return (operand.grade.value, operand.years)

    @classmethod
    def excludes(cls, met: tuple[object, ...], unmet: tuple[object, ...]) -> bool:
        # a years in post include b years, b <= a
        (p_of, p_years), (n_of, n_years) = met, unmet
        return p_of == n_of and isinstance(p_years, int) and isinstance(n_years, int) \
            and n_years <= p_years

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        n, grade, years = needs, self.grade, self.years
        if target:
            if not value:
                raise Unsatisfiable("the boundary tenure would have to be unmet")
            n.time = (grade, years)
            n.set(n.grade, grade, True)
        elif value:
            n.tenure_min[grade] = max(n.tenure_min.get(grade, 0), years)
            n.set(n.grade, grade, True)
        else:
            n.tenure_below[grade] = min(n.tenure_below.get(grade, 99), years)

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        if plan.grades is not None and self.grade in plan.grades:
            plan.grades[self.grade].posts = "unknown" if unknown else "late"

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        assert plan.grades is not None
        grade, years = self.grade, self.years
        if grade not in plan.grades:
            return False
        if grade is time[0]:
            return years < time[1] or (years == time[1] and on)
        g = plan.grades[grade]
        return g.posts == "known" and years <= g.years


def _assumed_posts(ctx: LeafContext, level: Level) -> tuple[Period, ...] | None:
    """Posts at ``level`` counted from the certificate dates (opt-in assumption),
    recording each use in ``ctx.assumptions``."""
    periods, used = assumed_periods(ctx.profile, level)
    for day in used:
        ctx.assumptions[f"{level.value}:{day}"] = Message(
            zh=f"未提供{level.zh}岗位任职时间，按证书日期 {day} 起连续在岗计算",
            en=f"posts at {level.en} not given: counted as held from the certificate "
               f"date {day} onwards")
    return periods  # None: no date to count from, or an overlap with a recorded post
