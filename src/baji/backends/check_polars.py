"""The rules of :mod:`baji.backends.checks` as polars expressions over the layout's
tables (as :func:`baji.backends.columnar_files.read_tables` gives them), for the polars
backend fed from files: the same rows as the SQL check query
(:mod:`baji.backends.check_sql`), without SQL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from baji.backends.checks import SHOWN, Rule, refusal, rules
from baji.backends.tables import KNOWN
from baji.core.vocabulary import Vocab, default_vocab
from baji.operators.sql_parts import FAR
from baji.profile.field_types import EARLIEST, LATEST

__all__ = ["check_tables", "violations"]


def _span() -> pl.Expr:
    return pl.concat_str([pl.col("start_date").cast(pl.String), pl.lit(".."),
                          pl.col("end_date").cast(pl.String).fill_null("open")])


def _rows(rule: Rule, tables: Mapping[str, pl.LazyFrame]) -> pl.LazyFrame:
    """The rows breaking ``rule``: ``id`` and ``value`` (text)."""
    frame = tables[rule.table]
    value = pl.col(rule.column)
    ids = pl.col("id").is_not_null()
    cands = tables["candidates"]
    if rule.kind == "required":
        found, shown = frame.filter(value.is_null()), pl.lit(None, dtype=pl.String)
    elif rule.kind == "duplicate":
        found = frame.filter(ids).group_by("id").agg(pl.len()).filter(pl.col("len") > 1)
        shown = pl.col("id")
    elif rule.kind == "orphan":
        found = frame.filter(ids).join(cands.select("id").unique(), on="id", how="anti")
        shown = pl.col("id")
    elif rule.kind == "unknown_list":
        unknown = cands.filter(~pl.col(KNOWN[rule.table]).fill_null(False)).select("id")
        found, shown = frame.join(unknown.unique(), on="id", how="semi"), pl.col("id")
    elif rule.kind == "no_grade":
        graded = tables["grades"].filter(pl.col("posts_known").fill_null(False))
        found = frame.filter(ids & value.is_not_null()).join(
            graded.select("id", "level").unique(), on=["id", "level"], how="anti").join(
            cands.select("id").unique(), on="id", how="semi")  # else an orphan, only that
        shown = value
    elif rule.kind == "allowed":
        found = frame.filter(value.is_not_null() & ~value.is_in(list(rule.allowed)))
        shown = value
    elif rule.kind == "range":
        found, shown = frame.filter((value < EARLIEST) | (value > LATEST)), value
    elif rule.kind == "order":
        found, shown = frame.filter(pl.col("end_date") <= pl.col("start_date")), _span()
    else:  # overlap: a post starting before the latest end of the posts sorted before it
        end = pl.col("end_date").fill_null(FAR)
        found = (frame.filter(ids & pl.col("level").is_not_null()
                              & pl.col("start_date").is_not_null())
                 .with_columns(end.alias("baji_end"))
                 .sort("id", "level", "start_date", "baji_end")
                 .with_columns(pl.col("baji_end").cum_max().shift(1).over(["id", "level"])
                               .alias("baji_before"))
                 .filter(pl.col("baji_before") > pl.col("start_date")))
        shown = _span()
    return found.select(pl.lit(rule.table).alias("table_name"),
                        pl.lit(rule.column).alias("column_name"),
                        pl.lit(rule.kind).alias("rule"),
                        pl.col("id").cast(pl.String).alias("id"),
                        shown.cast(pl.String).alias("value"))


def violations(tables: Mapping[str, pl.DataFrame], vocab: Vocab | None = None) -> pl.DataFrame:
    """Per broken rule its first :data:`~baji.backends.checks.SHOWN` rows by candidate
    id: ``table_name``, ``column_name``, ``rule``, ``id``, ``value`` and ``total``, as
    the SQL check query gives them; empty when the tables hold every invariant."""
    lazy = {name: frame.lazy() for name, frame in tables.items()}
    found = pl.concat([_rows(rule, lazy) for rule in rules(vocab)])
    key = ["table_name", "column_name", "rule"]
    return (found.sort(*key, "id", "value", nulls_last=True)
            .with_columns(pl.int_range(pl.len()).over(key).alias("n"),
                          pl.len().over(key).alias("total"))
            .filter(pl.col("n") < SHOWN).drop("n").collect())


def check_tables(tables: Mapping[str, pl.DataFrame], vocab: Vocab | None = None, *,
                 source: str | None = None) -> None:
    """Refuse tables breaking an invariant a profile enforces.

    Raises:
        ProfileError: BAJI267 per table, column and rule broken, naming the first
            candidate ids and how many rows break it (ids, for a repeated id;
            ``source`` locates them).
    """
    vocab = vocab or default_vocab()
    rows: list[Any] = violations(tables, vocab).rows()
    error = refusal(rows, vocab, source=source)
    if error is not None:
        raise error
