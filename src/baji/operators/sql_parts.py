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


# -- dates -------------------------------------------------------------------------------
#: Later than any date a profile may hold or time may bring: stands for "none" inside
#: ``LEAST``/``GREATEST``, whose NULLs dialects read differently.
FAR = dt.date(9999, 12, 31)


def no_date() -> exp.Expr:
    """A NULL ``DATE`` (no date)."""
    return exp.cast(exp.Null(), exp.DataType.Type.DATE)


def as_date(value: exp.Expr) -> exp.Expr:
    """``value`` as a ``DATE`` (date arithmetic gives a timestamp in some dialects)."""
    return exp.cast(value, exp.DataType.Type.DATE)


def plus_days(value: exp.Expr, days: int | exp.Expr) -> exp.Expr:
    """The ``DATE`` ``days`` after ``value``."""
    amount = exp.Literal.number(days) if isinstance(days, int) else days
    return as_date(exp.DateAdd(this=value, expression=amount, unit=exp.Var(this="DAY")))


def later(first: exp.Expr, second: exp.Expr) -> exp.Expr:
    """The later of two dates, neither NULL."""
    return case((exp.GTE(this=first, expression=second), first.copy()),
                default=second.copy())


def earliest_of(dates: list[exp.Expr]) -> exp.Expr:
    """The earliest of ``dates`` that are not NULL; NULL when every one is."""
    return _extreme(exp.Least, dates)


def latest_of(dates: list[exp.Expr]) -> exp.Expr:
    """The latest of ``dates``; NULL as soon as one is."""
    return _extreme(exp.Greatest, dates)


def _extreme(kind: type[exp.Least] | type[exp.Greatest], dates: list[exp.Expr]) -> exp.Expr:
    """``NULLIF(kind(COALESCE(d, FAR), ...), FAR)``. No argument is NULL, so either
    NULL reading gives the same value: ``ignore_nulls`` is the one sqlglot prints as a
    plain ``GREATEST``/``LEAST`` in DuckDB (the other repeats every argument in a NULL
    check, which nested dates would repeat again, exponentially)."""
    if len(dates) == 1:
        return dates[0]
    far = day(FAR)
    args = [exp.Coalesce(this=d, expressions=[far.copy()]) for d in dates]
    return exp.Nullif(this=kind(this=args[0], expressions=args[1:], ignore_nulls=True),
                      expression=far)


def first_date(ctx: SqlContext, table: str, fits: exp.Expr, dated: exp.Expr) -> exp.Expr:
    """:func:`baji.operators.dated.first_date` over the candidate's items of ``table``
    that ``fits``: ``as_of`` when one is undated or dated by then, else the first date;
    NULL for none, or when the list is unknown."""
    as_of = day(ctx.as_of)
    held = case((dated_ok(dated, ctx.as_of), as_of), default=dated.copy())
    first = ctx.aggregate(table, exp.Min(this=case((fits, held))))
    return exp.If(this=ctx.known(table), true=first, false=no_date())


def fitted_date(ctx: SqlContext, table: str, fit: exp.Expr, dated: exp.Expr) -> exp.Expr:
    """:func:`baji.operators.dated.fitted_date` over the candidate's items of ``table``
    of per-item ``fit`` (2 fits, 1 unknown, 0 not), their date aside."""
    as_of = day(ctx.as_of)
    held = case((dated_ok(dated, ctx.as_of), as_of), default=dated.copy())
    first = ctx.aggregate(table, exp.Min(this=case(
        (exp.EQ(this=fit, expression=exp.Literal.number(2)), held))))
    unsure = ctx.aggregate(table, exp.Max(this=case(
        (exp.EQ(this=fit.copy(), expression=exp.Literal.number(1)), 1), default=0)))
    return case((exp.Not(this=ctx.known(table)), no_date()),
                (exp.EQ(this=first, expression=as_of.copy()), as_of.copy()),
                (exp.EQ(this=exp.Coalesce(this=unsure, expressions=[exp.Literal.number(0)]),
                        expression=exp.Literal.number(1)), no_date()),
                default=first.copy())


def lasting_from(ends: exp.Expr, as_of: dt.date) -> exp.Expr:
    """:func:`baji.operators.dated.lasting_from` given ``ends``, the latest last day of
    the spans ending on or after ``as_of`` (NULL for none): the day after it, else
    ``as_of``."""
    return exp.Coalesce(this=plus_days(ends, 1), expressions=[day(as_of)])
