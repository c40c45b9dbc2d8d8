"""``no_ban: {finding: fraud, years: 5, subjects: [candidate, employer]}``: no ban running
after a finding against the candidate (or the employer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
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
)
from baji.operators.dated import ban_spans, lasting_from, spans_outcome
from baji.operators.witness import Needs, Pick, Plan, Unsatisfiable
from baji.profile.model import Finding

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


class NoBan(StrictModel):
    """``no_ban: {finding: fraud, years: 5, subjects: [candidate, employer]}``."""

    finding: Literal["fraud", "evaluation_violation"]
    years: Years
    subjects: tuple[Literal["candidate", "employer"], ...] = ("candidate",)
    #: Another reading of the text to show beside the ban: ``year_end``, the years
    #: counted from the end of the finding's year (Chongqing 五(三) 「取消其参加本年度评审资格，
    #: 五年内不得参与」). It never changes the value, only the decision's notes.
    alternative: Literal["year_end"] | None = None


def value(findings: tuple[Finding, ...] | None, kind: str, years: int,
          subjects: Collection[str], as_of: dt.date) -> int:
    """No finding of ``kind`` against ``subjects`` whose ``years`` ban still runs."""
    if findings is None:
        return UNKNOWN
    for f in findings:
        if f.kind == kind and f.subject in subjects and f.date <= as_of \
                and as_of <= add_years(f.date, years):
            return UNMET
    return MET


def year_end_notes(findings: tuple[Finding, ...] | None, kind: str, years: int,
                   subjects: Collection[str], as_of: dt.date) -> tuple[Message, ...]:
    """For each finding of ``kind`` against ``subjects`` whose ban, counted from the end
    of its year, runs on ``as_of`` or later: the ban's last day as the pack reads it
    (from the finding's date) and as the other reading would (from 31 December of the
    finding's year)."""
    out = []
    for f in findings or ():
        if f.kind != kind or f.subject not in subjects:
            continue
        end = add_years(f.date, years)
        other = dt.date(f.date.year + years, 12, 31)
        if other < as_of:
            continue
        out.append(Message(
            zh=f"{f.date} 认定的弄虚作假：本规则包自认定之日起计{years}年，禁入至 {end}（含）；"
               f"另一读法（先取消本年度评审资格，{years}年自本年度结束起算）禁入至 {other}（含）",
            en=f"fraud found on {f.date}: this pack counts {years} years from the finding's "
               f"date, banned through {end}; read as the current year plus {years} years "
               f"(counted from the end of the year), banned through {other}"))
    return tuple(out)


def date(findings: tuple[Finding, ...] | None, kind: str, years: int,
         subjects: Collection[str], as_of: dt.date) -> dt.date | None:
    """The date of :func:`value`: the day after the last ban running on or after
    ``as_of``, counting the bans that findings dated after ``as_of`` will start."""
    if findings is None:
        return None
    return lasting_from(ban_spans(findings, kind, years, subjects), as_of)


@dataclass(frozen=True, slots=True)
class NoBanOp(Operator):
    """No ``finding`` against ``subjects`` whose ``years`` ban still runs."""

    kind = "no_ban"
    cost = 5
    list_field = "findings"
    functions = {"_no_ban": value, "_no_ban_date": date}

    finding: str
    years: int
    subjects: tuple[str, ...]
    alternative: str | None = None

    @classmethod
    def compile(cls, operand: NoBan, ctx: CompileContext, key: Key) -> Compiled:
        nb = operand
        who_zh = "或".join({"candidate": "申请人", "employer": "用人单位"}[s]
                          for s in nb.subjects)
        return Compiled(
            cls(nb.finding, nb.years, tuple(nb.subjects), nb.alternative),
            Message(zh=f"{who_zh}{nb.years}年内无弄虚作假记录" if nb.finding == "fraud"
                    else f"{who_zh}{nb.years}年内无违纪违规记录",
                    en=f"no {nb.finding} finding against the "
                       f"{' or '.join(nb.subjects)} in the last {nb.years} years"),
            ("findings",))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.finding, self.years, self.subjects, self.alternative)

    @property
    def tells(self) -> bool:
        return self.alternative is not None

    def decision_note(self, ctx: LeafContext) -> tuple[Message, ...]:
        if self.alternative != "year_end":
            return ()
        return year_end_notes(ctx.profile.findings, self.finding, self.years, self.subjects,
                              ctx.as_of)

    def _args(self, emit: Emitter) -> str:
        return (f"{self.finding!r}, {self.years!r}, {emit.const(frozenset(self.subjects))}, "
                "as_of")

    def value_code(self, emit: Emitter) -> str:
        return f"_no_ban(p.findings, {self._args(emit)})"

    def date_code(self, emit: Emitter) -> str:
        return f"_no_ban_date(p.findings, {self._args(emit)})"

    def trace(self, ctx: LeafContext) -> Outcome:
        findings = ctx.profile.findings
        if findings is None:
            return None, "findings not given", None, ("findings",)
        # The ban runs from the finding's date through its N-th anniversary (民法典
        # 第二百零二条: the corresponding day is the last day of the period); it is lifted
        # the day after. A finding dated after as_of bans nothing yet, but its ban is
        # recorded to come: the condition is met for good only after it
        # (docs/semantics.md, "Earliest date").
        spans = ban_spans(findings, self.finding, self.years, self.subjects)
        return spans_outcome(ctx, spans, "ban", "banned")

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        from baji.operators.columns import EL

        date = EL.struct.field("date")
        banned = pl.col("findings").list.eval(
            (EL.struct.field("kind") == self.finding)
            & EL.struct.field("subject").is_in(list(self.subjects))
            & (date <= ctx.as_of) & (date.dt.offset_by(f"{self.years}y") >= ctx.as_of)
        ).list.any()
        return ~banned

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import add_years, day, field, listed, met_if, one_of, text

        date, as_of = field("dated"), day(ctx.as_of)
        banned = met_if(exp.and_(
            exp.EQ(this=field("kind"), expression=text(self.finding)),
            one_of(field("subject"), self.subjects),
            exp.LTE(this=date, expression=as_of),
            exp.GTE(this=add_years(date, self.years), expression=as_of)))
        return exp.Not(this=exp.Paren(this=listed(ctx, "findings", banned)))

    def column_date(self, ctx: ColumnContext, value: pl.Expr) -> pl.Expr:
        import polars as pl

        from baji.operators.columns import EL, lasting_from

        last = EL.struct.field("date").dt.offset_by(f"{self.years}y")
        ends = pl.col("findings").list.eval(pl.when(
            (EL.struct.field("kind") == self.finding)
            & EL.struct.field("subject").is_in(list(self.subjects))
            & (last >= ctx.as_of)).then(last)).list.max()
        return (pl.when(pl.col("findings").is_null()).then(pl.lit(None, dtype=pl.Date))
                .otherwise(lasting_from(ends, ctx.as_of)))

    def sql_date(self, ctx: SqlContext, value: exp.Expr) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import (
            add_years,
            as_date,
            case,
            day,
            field,
            lasting_from,
            no_date,
            one_of,
            text,
        )

        last = as_date(add_years(field("dated"), self.years))
        ends = ctx.aggregate("findings", exp.Max(this=case((exp.and_(
            exp.EQ(this=field("kind"), expression=text(self.finding)),
            one_of(field("subject"), self.subjects),
            exp.GTE(this=last, expression=day(ctx.as_of))), last.copy()))))
        return exp.If(this=ctx.known("findings"), true=lasting_from(ends, ctx.as_of),
                      false=no_date())

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("bans", self.finding,
                          f"{self.years}y:" + ",".join(self.subjects), required)

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        if not value:
            raise Unsatisfiable(f"breaking `{self.kind}` needs dated findings; not built")
        needs.clear_findings = True

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        if unknown:
            plan.findings = None
        else:
            plan.findings = [*(plan.findings or []), (self.finding, self.subjects[0], "recent")]

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        return True  # the plan has no findings
