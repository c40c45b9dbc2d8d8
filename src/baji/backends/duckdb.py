"""Rosters answered inside DuckDB: the pack's SQL query (:mod:`baji.backends.sql`) over
the warehouse layout, from Parquet or CSV files or a DuckDB database.

Install with ``pip install 'baji[duckdb]'`` (duckdb and sqlglot). :func:`evaluate_duckdb`
runs the query on a connection that holds the layout's tables (or views);
:func:`open_roster` makes such a connection over files (docs/warehouse.md):

- a directory holding ``candidates.parquet`` (or ``.csv``) and any of the list tables
  as ``<table>.parquet`` (or ``.csv``);
- a file ``X.parquet`` or ``X.csv``, the candidate table, with its list tables beside it
  as ``X.<table>.parquet`` (or ``.csv``);
- a DuckDB database file (``.duckdb``, ``.db``) holding the tables.

A list table left out has no rows; a candidate column left out is NULL (*unknown*) for
everyone; a column the layout does not have is refused (BAJI260), as is a roster
without its candidate table (BAJI261).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

try:
    import duckdb
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("baji.backends.duckdb needs duckdb, which is not installed: "
                      "pip install 'baji[duckdb]'") from _exc

from sqlglot import exp

from baji.backends.check_sql import check_sql
from baji.backends.checks import refusal
from baji.backends.sql import compile_query
from baji.backends.tables import layout, roster_files
from baji.core.levels import Level
from baji.core.vocabulary import Vocab
from baji.errors import ProfileError, problem, suggest
from baji.pack.network import Network

__all__ = ["ROW", "check_duckdb", "evaluate_duckdb", "load_tables", "open_roster"]

#: The row-number column :func:`open_roster` adds to the candidates (1 for the first).
ROW = "baji_row"
_DATABASES = (".duckdb", ".db", ".ddb")


def load_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, list[dict[str, Any]]]
                ) -> None:
    """Create the layout's tables in ``con`` and insert ``tables`` (rows as dicts, as
    :func:`baji.backends.tables.to_tables` gives them); for tests and small rosters."""
    for table, cols in layout().items():
        names = [n for n, _ in cols]
        create = exp.Create(kind="TABLE", this=exp.Schema(
            this=exp.to_table(table), expressions=[
                exp.ColumnDef(this=exp.to_identifier(n, quoted=True),
                              kind=exp.DataType.build(t)) for n, t in cols]))
        con.execute(create.sql(dialect="duckdb"))
        rows = tables.get(table, [])
        if rows:
            marks = ", ".join("?" for _ in names)
            con.executemany(f"INSERT INTO {table} VALUES ({marks})",  # noqa: S608 (names are ours)
                            [[r.get(n) for n in names] for r in rows])


def _reader(con: duckdb.DuckDBPyConnection, file: Path, cols: Sequence[tuple[str, str]]) -> str:
    """A DuckDB table function reading ``file``, CSV columns typed as the layout types
    them (the columns it has)."""
    if file.suffix != ".csv":
        return f"read_parquet({_text(file)})"
    header = [r[0] for r in con.execute(
        f"DESCRIBE SELECT * FROM read_csv({_text(file)}, header = true, all_varchar = true)"
    ).fetchall()]
    types = ", ".join(f"{_text(n)}: '{t}'" for n, t in cols if n in header)
    return f"read_csv({_text(file)}, header = true, types = {{{types}}})"


def _text(value: object) -> str:
    return exp.Literal.string(str(value)).sql(dialect="duckdb")


def open_roster(path: str | Path, con: duckdb.DuckDBPyConnection | None = None
                ) -> duckdb.DuckDBPyConnection:
    """A connection holding views of the layout's tables over the roster at ``path``
    (see the module docstring), the candidates numbered in column :data:`ROW`.

    Raises:
        ProfileError: no candidate table (BAJI261), a column the layout does not have
            (BAJI260, with a did-you-mean), or a file DuckDB cannot read (BAJI262).
    """
    path = Path(path)
    try:
        return _open(path, con)
    except duckdb.Error as exc:
        raise ProfileError([problem("BAJI262", path=str(path), reason=str(exc))]) from None


def _open(path: Path, con: duckdb.DuckDBPyConnection | None) -> duckdb.DuckDBPyConnection:
    shown = str(path)
    if path.suffix in _DATABASES:
        if not path.is_file():
            raise ProfileError([problem("BAJI261", path=shown)])
        con = con or duckdb.connect()
        con.execute(f"ATTACH {_text(path)} AS roster (READ_ONLY)")
        sources = {t: f"roster.{t}" for t in layout() if _has(con, t)}
    else:
        con = con or duckdb.connect()
        files = roster_files(path)
        if "candidates" not in files or not files["candidates"].is_file():
            raise ProfileError([problem("BAJI261", path=shown)])
        sources = {t: _reader(con, f, layout()[t]) for t, f in files.items()}
    problems = []
    for table, cols in layout().items():
        source = sources.get(table)
        have = ([] if source is None else
                [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()])
        wanted = dict(cols)
        for name in have:
            if name not in wanted:
                problems.append(problem("BAJI260", path=shown, table=table, column_name=name,
                                        **suggest(name, wanted)))
        picks = [(f'CAST("{n}" AS {t})' if n in have else f"CAST(NULL AS {t})") + f' AS "{n}"'
                 for n, t in cols]
        if table == "candidates":
            picks.append(f'row_number() OVER () AS "{ROW}"')
        body = f"SELECT {', '.join(picks)} FROM {source}" if source else \
            f"SELECT {', '.join(picks)} WHERE FALSE"
        con.execute(f"CREATE OR REPLACE VIEW {table} AS {body}")
    if problems:
        raise ProfileError(problems)
    return con


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = "
                            "'roster' AND table_name = ?", [table]).fetchone()[0])  # type: ignore[index]


def check_duckdb(con: duckdb.DuckDBPyConnection, vocab: Vocab | None = None, *,
                 source: str | None = None) -> None:
    """Refuse the layout's tables in ``con`` when a row breaks an invariant a profile
    enforces (:mod:`baji.backends.checks`; names from ``vocab``, the pack's).

    Raises:
        ProfileError: BAJI267 per table, column and rule broken, naming the first
            candidate ids and how many rows break it (ids, for a repeated id;
            ``source``, the roster's path, locates them); BAJI262 when DuckDB cannot
            run the check.
    """
    try:
        rows = con.execute(check_sql("duckdb", vocab)).fetchall()
    except duckdb.Error as exc:
        raise ProfileError([problem("BAJI262", path=source, reason=str(exc))]) from None
    error = refusal(rows, vocab, source=source)
    if error is not None:
        raise error


def evaluate_duckdb(network: Network, con: duckdb.DuckDBPyConnection, as_of: dt.date, *,
                    levels: Iterable[Level | str] | Level | str | None = None,
                    keep: Sequence[str] = (), order_by: str | None = None,
                    batch: int = 65536, earliest: bool = True, check: bool = True,
                    source: str | None = None) -> Iterator[tuple[Any, ...]]:
    """The answer rows of every candidate in ``con``'s layout tables: ``id``, ``keep``
    and per level status, path, paths (``,``-joined) and earliest date (a
    :class:`datetime.date` or ``None``; left out with ``earliest=False``), in
    ``order_by`` order when given (else as DuckDB gives them), fetched ``batch`` rows at
    a time.

    With ``check`` (the default) the tables are checked first (:func:`check_duckdb`,
    ``source`` locating its problems), before any row is answered; ``check=False``
    skips it, for a warehouse that enforces the invariants itself.

    Raises:
        ProfileError: BAJI267 (a row breaking an invariant) or BAJI262 (DuckDB's error).
    """
    query = compile_query(network, as_of, levels=levels, keep=keep, earliest=earliest)
    if order_by is not None:
        query = query.order_by(exp.column(order_by, quoted=True))
    if check:
        check_duckdb(con, network.vocab, source=source)
    return _answers(con, query.sql(dialect="duckdb"), batch)


def _answers(con: duckdb.DuckDBPyConnection, query: str, batch: int
             ) -> Iterator[tuple[Any, ...]]:
    try:
        result = con.execute(query)
        while True:
            rows = result.fetchmany(batch)
            if not rows:
                return
            yield from rows
    except duckdb.Error as exc:  # a cell the layout's type cannot hold, say
        raise ProfileError([problem("BAJI262", reason=str(exc))]) from None
