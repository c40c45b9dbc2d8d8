"""The polars backend fed from files: a roster in the warehouse layout (Parquet, CSV or a
DuckDB database, docs/warehouse.md) nested into the roster frame of
:mod:`baji.backends.columnar` by polars itself, without a Python profile per row.

:func:`read_tables` reads the layout's tables as polars frames; :func:`frame_from_tables`
groups each list table by candidate and joins the lists to the candidates, giving the
columns of :data:`baji.backends.columnar.SCHEMA`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from baji.backends.check_polars import check_tables
from baji.backends.columnar import SCHEMA
from baji.backends.tables import KNOWN, layout, roster_files
from baji.core.labels import FACTS
from baji.core.levels import Level
from baji.core.vocabulary import Vocab
from baji.errors import ProfileError, problem, suggest

__all__ = ["frame_from_tables", "read_tables"]

_TYPES: dict[str, Any] = {"VARCHAR": pl.String, "BOOLEAN": pl.Boolean, "DATE": pl.Date}
#: Per list table, its frame column and the struct fields (frame name: table column).
_NESTED: dict[str, tuple[str, dict[str, str]]] = {
    "honours": ("honours", {"id": "honour", "date": "dated"}),
    "awards": ("awards", {"id": "award", "rank": "rank", "date": "dated"}),
    "titles": ("titles", {"id": "title", "aligned": "aligned", "date": "dated"}),
    "findings": ("findings", {"kind": "kind", "subject": "subject", "date": "dated",
                              "restricted_until": "restricted_until"}),
    "recommendations": ("recommendations", {"level": "level", "date": "dated"}),
}


def _schema(table: str) -> dict[str, Any]:
    return {n: _TYPES[t] for n, t in layout()[table]}


def read_tables(path: str | Path) -> dict[str, pl.DataFrame]:
    """The layout's tables of the roster at ``path`` (a directory, a candidate file with
    its list tables beside it, or a DuckDB database; see :mod:`baji.backends.duckdb`).

    Raises:
        ProfileError: no candidate table (BAJI261), a column the layout does not have
            (BAJI260) or a cell its type cannot hold (BAJI262).
    """
    path = Path(path)
    shown = str(path)
    frames: dict[str, pl.DataFrame] = {}
    if path.suffix in (".duckdb", ".db", ".ddb"):
        from baji.backends.duckdb import open_roster

        con = open_roster(path)  # checks the columns
        for table in layout():
            names = [n for n, _ in layout()[table]]
            rows = con.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall()  # noqa: S608
            frames[table] = pl.DataFrame(rows, schema=_schema(table), orient="row")
        return frames
    files = roster_files(path)
    if "candidates" not in files or not files["candidates"].is_file():
        raise ProfileError([problem("BAJI261", path=shown)])
    problems = []
    for table, file in files.items():
        wanted = _schema(table)
        try:
            if file.suffix == ".csv":
                header = pl.read_csv(file, n_rows=0).columns
                found = pl.read_csv(file, schema_overrides={
                    n: t for n, t in wanted.items() if n in header})
            else:
                found = pl.read_parquet(file)
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise ProfileError([problem("BAJI262", path=str(file), reason=str(exc))]) from None
        for name in found.columns:
            if name not in wanted:
                problems.append(problem("BAJI260", path=str(file), table=table,
                                        column_name=name, **suggest(name, wanted)))
        frames[table] = found
    if problems:
        raise ProfileError(problems)
    for table in layout():
        wanted = _schema(table)
        have = frames.get(table, pl.DataFrame(schema=wanted))
        frames[table] = have.select([
            pl.col(n).cast(t) if n in have.columns else pl.lit(None, dtype=t).alias(n)
            for n, t in wanted.items()])
    return frames


def frame_from_tables(tables: Mapping[str, pl.DataFrame], *, check: bool = True,
                      vocab: Vocab | None = None, source: str | None = None) -> pl.DataFrame:
    """The roster frame (:data:`~baji.backends.columnar.SCHEMA`) of the layout's tables
    (as :func:`read_tables` gives them: every table, every column), candidates in order.

    With ``check`` (the default) the tables are checked first
    (:func:`baji.backends.check_polars.check_tables`, names from ``vocab``, problems
    located at ``source``); ``check=False`` skips it, for tables known to hold the
    invariants.

    Raises:
        ProfileError: BAJI267, a row breaking an invariant a profile enforces.
    """
    if check:
        check_tables(tables, vocab, source=source)
    cands = tables["candidates"].lazy()
    known = {t: pl.col(flag).fill_null(False) for t, flag in KNOWN.items()}

    def joined(frame: pl.LazyFrame, name: str, table: str) -> pl.Expr:
        """The list column ``name`` when the table's list is known (empty for none)."""
        nonlocal cands
        cands = cands.join(frame, on="id", how="left", maintain_order="left")
        return given(name, table)

    def given(name: str, table: str) -> pl.Expr:
        """The list column ``name``, joined already, when the table's list is known."""
        return (pl.when(known[table]).then(pl.col(name).fill_null(pl.lit([], dtype=SCHEMA[name])))
                .otherwise(pl.lit(None, dtype=SCHEMA[name])).alias(name))

    out: list[pl.Expr] = [pl.col("id"), pl.col("occupation")]
    out += [pl.col(n) for n in FACTS]
    grades, posts = tables["grades"].lazy(), tables["posts"].lazy()
    for level in Level:
        key = f"grades.{level.value}"
        mine = grades.filter(pl.col("level") == level.value).group_by("id").agg(
            pl.col("certified_on").alias(f"{key}.certified"),
            pl.col("occupation").alias(f"{key}.occupations"),
            pl.col("posts_known").fill_null(False).all().alias(f"{key}.given"))
        out.append(joined(mine, f"{key}.certified", "grades"))
        out.append(given(f"{key}.occupations", "grades"))
        periods = posts.filter(pl.col("level") == level.value).group_by("id").agg(
            pl.struct(start=pl.col("start_date"), end=pl.col("end_date")).alias(f"{key}.posts"))
        column = joined(periods, f"{key}.posts", "posts")
        out.append(pl.when(pl.col(f"{key}.given").fill_null(True)).then(column)
                   .otherwise(pl.lit(None, dtype=SCHEMA[f"{key}.posts"])).alias(f"{key}.posts"))
    for table, (name, fields) in _NESTED.items():
        nested = tables[table].lazy().group_by("id").agg(
            pl.struct([pl.col(c).alias(f) for f, c in fields.items()]).alias(name))
        out.append(joined(nested, name, table))
    contributions = tables["contributions"].lazy().group_by("id").agg(
        pl.col("contribution").alias("contributions"))
    out.append(joined(contributions, "contributions", "contributions"))
    pilots = tables["pilot_levels"].lazy().group_by("id").agg(
        pl.col("level").alias("employer.pilot_levels"))
    out.append(joined(pilots, "employer.pilot_levels", "pilot_levels"))
    renamed = {f"employer_{n[9:]}": n for n in SCHEMA if n.startswith("employer.")}
    renamed.update({f"attestation_{n[13:]}": n for n in SCHEMA if n.startswith("attestations.")})
    flat = [pl.col(src).alias(dst) for src, dst in renamed.items()
            if src in tables["candidates"].columns]
    return cands.select([*out, *flat]).select(
        [pl.col(n) if n in _names(out, flat) else pl.lit(None, dtype=t).alias(n)
         for n, t in SCHEMA.items()]).collect()


def _names(*groups: list[pl.Expr]) -> set[str]:
    return {e.meta.output_name() for group in groups for e in group}
