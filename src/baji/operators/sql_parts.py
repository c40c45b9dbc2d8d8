"""SQL building blocks (sqlglot expressions) of the operators' ``sql`` methods.

Imports sqlglot: the operators import this module inside their ``sql`` methods only, as
sqlglot is the optional ``sql`` extra. Every value is a nullable SQL boolean, NULL for
*unknown*: SQL's ``AND``, ``OR`` and ``NOT`` already follow Kleene's logic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlglot import exp

from baji.operators.base import SqlContext

#: Unknown, as a nullable boolean.
NULL = exp.Null()
TRUE = exp.true()
FALSE = exp.false()


def field(name: str) -> exp.Column:
    """A column of a list table, inside an aggregate over it."""
    return exp.column(name, quoted=True)


def day(value: dt.date) -> exp.Expr:
    """A date literal (``CAST('2026-07-01' AS DATE)``, as every dialect reads it)."""
    return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.Type.DATE)


def text(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def one_of(value: exp.Expr, items: Iterable[str]) -> exp.Expr:
    """``value IN (items)``; FALSE (NULL for a NULL value) when there are none."""
    listed = [text(v) for v in items]
    if not listed:
        return exp.If(this=value.is_(exp.Null()), true=NULL, false=FALSE)
    return exp.In(this=value, expressions=listed)


def case(*branches: tuple[exp.Expr, exp.Expr | int],
         default: exp.Expr | int | None = None) -> exp.Case:
    """``CASE WHEN ... THEN ... ELSE default END`` (ints as number literals)."""
    out = exp.Case()
    for when, then in branches:
        out = out.when(when, _value(then))
    return out if default is None else out.else_(_value(default))


def _value(v: exp.Expr | int) -> exp.Expr:
    return exp.Literal.number(v) if isinstance(v, int) else v


def from_code(code: exp.Expr) -> exp.Expr:
    """0/1/2 (unmet/unknown/met) as a nullable boolean."""
    return case((exp.EQ(this=code, expression=exp.Literal.number(2)), TRUE),
                (exp.EQ(this=code, expression=exp.Literal.number(0)), FALSE), default=NULL)


def listed(ctx: SqlContext, table: str, code: exp.Expr, empty: int = 0,
           worst: bool = False) -> exp.Expr:
    """A leaf over list table ``table``: NULL when the candidate's list is unknown, else
    from the largest per-item ``code`` (the smallest with ``worst``; ``empty`` for no
    items)."""
    agg = exp.Min(this=code) if worst else exp.Max(this=code)
    best = exp.Coalesce(this=ctx.aggregate(table, agg), expressions=[exp.Literal.number(empty)])
    return exp.If(this=ctx.known(table), true=from_code(best), false=NULL)


def met_if(when: exp.Expr) -> exp.Case:
    """A per-item code: 2 where ``when`` holds, else 0 (NULL counted as 0)."""
    return case((when, 2), default=0)


def dated_ok(value: exp.Expr, as_of: dt.date) -> exp.Expr:
    """The item is undated or dated on or before ``as_of``."""
    return exp.or_(value.is_(exp.Null()), exp.LTE(this=value, expression=day(as_of)))


def add_years(value: exp.Expr, years: int) -> exp.Expr:
    """``value`` plus ``years`` years, 29 February to 28 February (民法典 第二百零二条: every
    dialect's year arithmetic clamps to the month's last day)."""
    return exp.DateAdd(this=value, expression=exp.Literal.number(years),
                       unit=exp.Var(this="YEAR"))
