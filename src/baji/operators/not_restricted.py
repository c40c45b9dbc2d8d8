"""``not_restricted: evaluation_violation``: no running restriction from skill evaluation
after a finding against the candidate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

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
)
from baji.operators.dated import lasting_from, restriction_spans, spans_outcome
from baji.operators.witness import Needs, Pick, Plan, Unsatisfiable
from baji.profile.model import Finding

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


def value(findings: tuple[Finding, ...] | None, kind: str, as_of: dt.date) -> int:
    """No running restriction after a finding of ``kind`` against the candidate."""
    if findings is None:
        return UNKNOWN
    result = MET
    for f in findings:
        if f.kind != kind or f.subject != "candidate" or f.date > as_of:
            continue
        if f.restricted_until is None:
            result = UNKNOWN
        elif as_of <= f.restricted_until:
            return UNMET
    return result


def date(findings: tuple[Finding, ...] | None, kind: str, as_of: dt.date) -> dt.date | None:
    """The date of :func:`value`: the day after the last restriction running on or after
    ``as_of`` (findings dated after ``as_of`` included); ``None`` when a finding does not
    say until when it restricts (from its date on, the value is unknown)."""
    if findings is None:
        return None
    spans = restriction_spans(findings, kind)
    if spans is None:
        return None
    return lasting_from(spans, as_of)


@dataclass(frozen=True, slots=True)
class NotRestrictedOp(Operator):
    """No running restriction after a ``finding`` against the candidate."""

    kind = "not_restricted"
    cost = 4
    list_field = "findings"
    functions = {"_not_restricted": value, "_not_restricted_date": date}

    finding: str

    @classmethod
    def compile(cls, operand: Literal["evaluation_violation"], ctx: CompileContext,
                key: Key) -> Compiled:
        return Compiled(cls(operand),
                        Message(zh="未因违纪违规受到参加技能评价的限制",
                                en="not restricted from skill evaluation after a violation"),
                        ("findings",))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.finding,)

    def value_code(self, emit: Emitter) -> str:
        return f"_not_restricted(p.findings, {self.finding!r}, as_of)"

    def date_code(self, emit: Emitter) -> str:
        return f"_not_restricted_date(p.findings, {self.finding!r}, as_of)"

    def trace(self, ctx: LeafContext) -> Outcome:
        findings = ctx.profile.findings
        if findings is None:
            return None, "findings not given", None, ("findings",)
        missing: list[str] = []
        spans: list[tuple[dt.date, dt.date]] = []
        later_open: list[dt.date] = []
        for i, f in enumerate(findings):
            if f.kind != self.finding or f.subject != "candidate":
                continue
            if f.restricted_until is not None:
                if f.restricted_until >= f.date:
                    spans.append((f.date, f.restricted_until))
            elif f.date <= ctx.as_of:
                missing.append(f"findings[{i}].restricted_until")
            else:
                later_open.append(f.date)
        found, actual, when, _ = spans_outcome(ctx, spans, "restriction", "restricted")
        if missing or later_open:
            when = None  # from such a finding on, the value is unknown: never met for good
        if later_open:
            actual += f", then restricted from {min(later_open)} (end not given)"
        if found is True and missing:
            return None, "restriction period not given", None, tuple(missing)
        return found, actual, when, ()

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        from baji.operators.columns import EL, NULL, from_code

        until = EL.struct.field("restricted_until")
        relevant = ((EL.struct.field("kind") == self.finding)
                    & (EL.struct.field("subject") == "candidate")
                    & (EL.struct.field("date") <= ctx.as_of))
        code = (pl.when(~relevant).then(2).when(until.is_null()).then(1)
                .when(until >= ctx.as_of).then(0).otherwise(2))
        col = pl.col("findings")
        worst = col.list.eval(code).list.min().fill_null(2)
        return pl.when(col.is_null()).then(NULL).otherwise(from_code(worst))

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import case, day, field, listed, text

        until, as_of = field("restricted_until"), day(ctx.as_of)
        relevant = exp.and_(exp.EQ(this=field("kind"), expression=text(self.finding)),
                            exp.EQ(this=field("subject"), expression=text("candidate")),
                            exp.LTE(this=field("dated"), expression=as_of))
        code = case((exp.Not(this=exp.Paren(this=relevant)), 2),
                    (until.is_(exp.Null()), 1),
                    (exp.GTE(this=until, expression=as_of), 0), default=2)
        return listed(ctx, "findings", code, empty=2, worst=True)

    def column_date(self, ctx: ColumnContext, value: pl.Expr) -> pl.Expr:
        import polars as pl

        from baji.operators.columns import EL, lasting_from

        until = EL.struct.field("restricted_until")
        relevant = ((EL.struct.field("kind") == self.finding)
                    & (EL.struct.field("subject") == "candidate"))
        col = pl.col("findings")
        unsure = col.list.eval(relevant & until.is_null()).list.any()
        ends = col.list.eval(pl.when(relevant & (until >= EL.struct.field("date"))
                                     & (until >= ctx.as_of)).then(until)).list.max()
        return (pl.when(col.is_null() | unsure).then(pl.lit(None, dtype=pl.Date))
                .otherwise(lasting_from(ends, ctx.as_of)))

    def sql_date(self, ctx: SqlContext, value: exp.Expr) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import case, day, field, lasting_from, no_date, text

        until = field("restricted_until")
        relevant = exp.and_(exp.EQ(this=field("kind"), expression=text(self.finding)),
                            exp.EQ(this=field("subject"), expression=text("candidate")))
        unsure = ctx.aggregate("findings", exp.Max(this=case(
            (exp.and_(relevant, until.is_(exp.Null())), 1), default=0)))
        ends = ctx.aggregate("findings", exp.Max(this=case((exp.and_(
            relevant.copy(), exp.GTE(this=until.copy(), expression=field("dated")),
            exp.GTE(this=until.copy(), expression=day(ctx.as_of))), until.copy()))))
        return case((exp.Not(this=ctx.known("findings")), no_date()),
                    (exp.EQ(this=exp.Coalesce(this=unsure, expressions=[exp.Literal.number(0)]),
                            expression=exp.Literal.number(1)), no_date()),
                    default=lasting_from(ends, ctx.as_of))

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("bans", self.finding, "restricted", required)

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        if not value:
            raise Unsatisfiable(f"breaking `{self.kind}` needs dated findings; not built")
        needs.clear_findings = True

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        plan.findings = [*(plan.findings or []),
                         ("evaluation_violation", "candidate",
                          "unknown_restriction" if unknown else "running")]

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        return True  # the plan has no findings
