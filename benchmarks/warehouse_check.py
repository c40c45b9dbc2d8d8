"""What checking a warehouse roster costs: the check query (``baji.backends.check_sql``,
run by default before the answer query) beside the answer query, in DuckDB over the
roster benchmarks/warehouse.py generates, and the polars check beside the polars
answer from Parquet files (docs/warehouse.md, "Checked before answering").

Each figure is the median of ``--repeat`` runs after an untimed warm run; the check must
find nothing (the generated roster is sound). Usage::

    python benchmarks/warehouse_check.py --rows 1000000 --polars-rows 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

import baji
from baji.backends.check_sql import check_sql
from baji.backends.sql import to_sql

sys.path.insert(0, str(Path(__file__).parent))
import warehouse  # noqa: E402  (the generator of benchmarks/warehouse.py)

AS_OF = dt.date(2026, 9, 1)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median time of ``repeat`` runs of ``fn`` after an untimed one, and its result."""
    out = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--polars-rows", type=int, default=1_000_000, help="0: skip polars")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()}")
    net = baji.get_pack("shanghai-2026")
    work = Path(tempfile.mkdtemp(prefix="baji-check-"))
    con = duckdb.connect(str(work / "roster.duckdb"))
    warehouse.generate(con, args.rows)
    sizes = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
             for t in ("candidates", "grades", "posts", "honours", "awards", "findings")}
    print(f"{args.rows:,} candidates: {sizes}")
    check = check_sql("duckdb", net.vocab)
    answer = to_sql(net, AS_OF, "duckdb")  # every level, earliest dates: what eval runs
    t_check, found = timed(lambda: con.execute(check).fetchall(), args.repeat)
    assert found == [], found
    t_answer, _ = timed(lambda: con.execute(f"SELECT count(*) FROM ({answer}) q").fetchall(),
                        args.repeat)
    print(f"DuckDB: check {t_check:.2f} s, answer query {t_answer:.2f} s "
          f"(check / answer {t_check / t_answer:.2f})")
    if args.polars_rows:
        from baji.backends.check_polars import violations
        from baji.backends.columnar import evaluate_frame
        from baji.backends.columnar_files import frame_from_tables, read_tables

        folder = warehouse._export(con, work, args.polars_rows)
        tables = read_tables(folder)
        t_pcheck, bad = timed(lambda: violations(tables, net.vocab), args.repeat)
        assert bad.height == 0, bad
        t_nest, frame = timed(lambda: frame_from_tables(tables, check=False), args.repeat)
        t_eval, _ = timed(lambda: evaluate_frame(net, frame, AS_OF), args.repeat)
        print(f"polars, {args.polars_rows:,} candidates: check {t_pcheck:.2f} s, nesting "
              f"{t_nest:.2f} s + answer {t_eval:.2f} s "
              f"(check / (nesting + answer) {t_pcheck / (t_nest + t_eval):.2f})")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
