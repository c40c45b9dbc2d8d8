"""``baji sql`` (a pack as one SQL query) and ``baji eval --roster X --engine
columnar|duckdb|spark`` (a roster in the warehouse layout answered by a vectorized
engine); docs/warehouse.md.

Registered by :mod:`baji.cli.commands`. The engines' modules (sqlglot, duckdb, polars,
pyspark) are imported only when asked for, so the rest of the command line works
without their extras.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from baji.cli.arguments import date_arg
from baji.core.dates import as_of_date
from baji.core.vocabulary import Vocab
from baji.engine.batch import BatchSummary
from baji.io.atomic import check_output, write_jsonl_atomic
from baji.pack.bundled import resolve_pack
from baji.pack.network import Network
from baji.render.text import render_summary

ENGINES = ("profile", "columnar", "duckdb", "spark")
_EXTRA = {"columnar": "columnar", "duckdb": "duckdb", "spark": "spark", "sql": "sql"}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``sql``."""
    sq = sub.add_parser("sql", help="print a pack as one SQL query over the warehouse layout "
                                    "(pip install 'baji[sql]')",
                        description="Compile a pack to one SQL query answering every "
                                    "candidate of the warehouse layout (docs/warehouse.md).")
    sq.add_argument("pack", metavar="PACK", help="pack id, jurisdiction or pack file")
    sq.add_argument("--level", action="append", metavar="LEVEL",
                    help="only this level (id or Chinese name; repeatable); default: every "
                         "level of the pack")
    sq.add_argument("--dialect", default="duckdb", metavar="NAME",
                    help="SQL dialect, as sqlglot names it: duckdb (default), spark, hive, "
                         "postgres, trino, starrocks, mysql ...")
    sq.add_argument("--as-of", type=date_arg, metavar="DATE",
                    help="evaluation date, a literal of the query (default today)")
    sq.add_argument("--prefix", default="", metavar="SCHEMA.",
                    help="put before every table name (a database or schema, 'hr.')")
    what = sq.add_mutually_exclusive_group()
    what.add_argument("--ddl", action="store_true",
                      help="print the layout's CREATE TABLE statements in the dialect instead")
    what.add_argument("--check", action="store_true",
                      help="print the check query instead: the rows of the tables breaking an "
                           "invariant a profile enforces (none: the tables are sound), which "
                           "`baji eval --engine` runs before answering")
    sq.set_defaults(run=_sql)


def _missing(extra: str, exc: ImportError, out: TextIO = sys.stderr) -> int:
    print(f"baji: this needs the '{extra}' extra: pip install 'baji[{extra}]' ({exc})",
          file=out)
    return 2


def _sql(args: argparse.Namespace, out: TextIO) -> int:
    try:
        from sqlglot.dialects.dialect import Dialect

        from baji.backends.check_sql import check_sql
        from baji.backends.sql import to_sql
        from baji.backends.tables import ddl
    except ImportError as exc:
        return _missing("sql", exc)
    try:
        Dialect.get_or_raise(args.dialect)
    except ValueError:
        print(f"baji sql: unknown dialect {args.dialect!r} (duckdb, spark, hive, postgres, "
              "trino, starrocks, mysql ...)", file=sys.stderr)
        return 2
    as_of = as_of_date(args.as_of)
    network = resolve_pack(args.pack, as_of)
    if args.ddl:
        print(ddl(args.dialect, network.vocab, prefix=args.prefix), file=out)
        return 0
    if args.check:
        print(check_sql(args.dialect, network.vocab, prefix=args.prefix) + ";", file=out)
        return 0
    print(to_sql(network, as_of, args.dialect, levels=args.level, prefix=args.prefix) + ";",
          file=out)
    return 0


# -- eval --roster X --engine ... ----------------------------------------------------------
def add_eval_options(ev: argparse.ArgumentParser) -> None:
    """Register ``eval``'s options for the warehouse engines (``--no-check``)."""
    ev.add_argument("--no-check", dest="check", action="store_false",
                    help="with --engine columnar|duckdb|spark: skip checking the tables for "
                         "what a profile enforces (overlapping posts, duplicated ids, names "
                         "not in the vocabulary ...), for a warehouse that enforces it itself")


def eval_roster(args: argparse.Namespace, packs: Sequence[Network], as_of: dt.date,
                out: TextIO) -> int:
    """Answer a roster in the warehouse layout with ``args.engine``: one JSON line a row
    and pack, as ``--answers-only`` writes them (status, path, paths, earliest)."""
    refused = [flag for flag, given in (("--jobs", args.jobs > 1),
                                        ("--assume-posts-from-certificate",
                                         args.assume_posts_from_certificate)) if given]
    if refused:
        print(f"baji eval: {refused[0]} does not go with --engine {args.engine}",
              file=sys.stderr)
        return 2
    try:
        answers = _ENGINES[args.engine](Path(args.roster), packs, as_of, args.check)
    except ImportError as exc:
        return _missing(_EXTRA[args.engine], exc)
    if args.out is not None:
        check_output(args.out)
    summary = BatchSummary()
    records = _records(answers, packs, summary)
    if args.out is not None:
        write_jsonl_atomic(args.out, records)
    else:
        for line in records:
            print(line, file=out)
    print(render_summary(summary, args.lang), file=sys.stderr)
    return 0


# per pack: (id, then per level status, path, paths, earliest) in roster order
_Rows = list[Iterator[tuple[Any, ...]]]


def _records(per_pack: _Rows, packs: Sequence[Network],
             summary: BatchSummary) -> Iterator[str]:
    levels = [[lv.level.value for lv in net.levels] for net in packs]
    for number, rows in enumerate(zip(*per_pack), start=1):
        summary.read += 1
        summary.good += 1
        for net, names, row in zip(packs, levels, rows):
            counts = summary.statuses.setdefault(net.id, {})
            shown = []
            for j, name in enumerate(names):
                status, path, paths, earliest = row[1 + 4 * j: 5 + 4 * j]
                counts.setdefault(name, {})
                counts[name][status] = counts[name].get(status, 0) + 1
                if not isinstance(paths, (list, tuple)):
                    paths = paths.split(",") if paths else []
                shown.append({"level": name, "status": status, "path": path,
                              "paths": list(paths),
                              "earliest": None if earliest is None else earliest.isoformat()})
            yield json.dumps({"row": number, "id": row[0], "pack": net.id, "levels": shown},
                             ensure_ascii=False)


def _vocabs(packs: Sequence[Network]) -> list[Vocab]:
    """The packs' vocabularies, each once: the check is run once per vocabulary."""
    return list({id(net.vocab): net.vocab for net in packs}.values())


def _duckdb(path: Path, packs: Sequence[Network], as_of: dt.date, check: bool) -> _Rows:
    from baji.backends.duckdb import ROW, check_duckdb, evaluate_duckdb, open_roster

    con = open_roster(path)
    for vocab in _vocabs(packs) if check else ():
        check_duckdb(con, vocab, source=str(path))
    return [(row[:1] + row[2:] for row in evaluate_duckdb(
        net, con.cursor(), as_of, keep=(ROW,), order_by=ROW, check=False)) for net in packs]


def _columnar(path: Path, packs: Sequence[Network], as_of: dt.date, check: bool) -> _Rows:
    from baji.backends.check_polars import check_tables
    from baji.backends.columnar import evaluate_frame
    from baji.backends.columnar_files import frame_from_tables, read_tables

    tables = read_tables(path)
    for vocab in _vocabs(packs) if check else ():
        check_tables(tables, vocab, source=str(path))
    frame = frame_from_tables(tables, check=False)
    return [evaluate_frame(net, frame, as_of).iter_rows() for net in packs]


def _spark(path: Path, packs: Sequence[Network], as_of: dt.date, check: bool) -> _Rows:
    from baji.backends.spark import check_spark, evaluate_spark, local_session, register_roster

    spark = local_session()
    register_roster(spark, path, row="baji_row")
    for vocab in _vocabs(packs) if check else ():
        check_spark(spark, vocab, source=str(path))
    out: _Rows = []
    for net in packs:
        frame = evaluate_spark(net, spark, as_of, keep=("baji_row",),
                               check=False).orderBy("baji_row")
        out.append((tuple(r)[:1] + tuple(r)[2:] for r in frame.toLocalIterator()))
    return out


_ENGINES = {"columnar": _columnar, "duckdb": _duckdb, "spark": _spark}
