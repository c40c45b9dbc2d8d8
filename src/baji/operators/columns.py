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
