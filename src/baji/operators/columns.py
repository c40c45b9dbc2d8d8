"""Polars building blocks of the operators' column expressions.

Imports polars: the operators import this module inside their ``column`` methods only,
as polars is the optional ``columnar`` extra.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

#: The current list item, inside ``list.eval``.
EL = pl.element()
#: Unknown, as a nullable boolean.
NULL = pl.lit(None, dtype=pl.Boolean)


def from_code(code: pl.Expr) -> pl.Expr:
    """0/1/2 (unmet/unknown/met) as a nullable boolean."""
    return (pl.when(code == 2).then(pl.lit(True)).when(code == 0).then(pl.lit(False))
            .otherwise(NULL))


def listed(column: str, code: pl.Expr, empty: int) -> pl.Expr:
    """A leaf over a list column: ``null`` when the list is, else from the largest
    per-item code (``empty`` for an empty list)."""
    col = pl.col(column)
    best = col.list.eval(code).list.max().fill_null(empty)
    return pl.when(col.is_null()).then(NULL).otherwise(from_code(best))


def dated_ok(field: pl.Expr, as_of: dt.date) -> pl.Expr:
    """The item is undated or dated on or before ``as_of``."""
    return field.is_null() | (field <= as_of)


def held_from(field: pl.Expr, as_of: dt.date) -> pl.Expr:
    """An item's date as a leaf's date reads it: ``as_of`` when undated or dated by then."""
    return pl.when(dated_ok(field, as_of)).then(pl.lit(as_of)).otherwise(field)


def first_date(column: str, fits: pl.Expr | None, field: pl.Expr, as_of: dt.date) -> pl.Expr:
    """:func:`baji.operators.dated.first_date` over the items of list ``column`` that
    ``fits`` (every item for ``None``; ``field`` their date): ``null`` for none, or when
    the list is."""
    held = held_from(field, as_of)
    return pl.col(column).list.eval(held if fits is None else pl.when(fits).then(held)).list.min()


def fitted_date(column: str, fit: pl.Expr, field: pl.Expr, as_of: dt.date) -> pl.Expr:
    """:func:`baji.operators.dated.fitted_date` over the items of list ``column`` of
    per-item ``fit`` (2 fits, 1 unknown, 0 not), their date aside."""
    col = pl.col(column)
    first = col.list.eval(pl.when(fit == 2).then(held_from(field, as_of))).list.min()
    unsure = col.list.eval(fit == 1).list.any()
    return (pl.when(first == as_of).then(pl.lit(as_of))
            .when(unsure).then(pl.lit(None, dtype=pl.Date)).otherwise(first))


def lasting_from(ends: pl.Expr, as_of: dt.date) -> pl.Expr:
    """:func:`baji.operators.dated.lasting_from` given ``ends``, the latest last day of
    the spans ending on or after ``as_of`` (``null`` for none)."""
    return (ends + pl.duration(days=1)).fill_null(pl.lit(as_of))
