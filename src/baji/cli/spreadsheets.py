"""Spreadsheets on the command line: ``baji roster template``, and the decision and change
tables ``baji eval --roster`` and ``baji impact`` write when ``--out`` ends in ``.csv`` or
``.xlsx`` (docs/roster.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from baji.core.levels import Level
from baji.io.atomic import atomic_writer, check_output, write_bytes_atomic
from baji.pack.network import Network
from baji.profile.csv_layout import canonical, header_names
from baji.render.spreadsheet import Cell, csv_pieces, xlsx_bytes

#: The output suffixes that choose a spreadsheet table, and the table they choose.
TABLE_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx"}


def table_kind(out: Path | None) -> str | None:
    """``csv`` or ``xlsx`` when ``--out`` names such a file, else ``None`` (the
    command's own output)."""
    return None if out is None else TABLE_SUFFIXES.get(out.suffix.lower())


def write_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]],
                sheet: str) -> None:
    """The table written atomically to ``path``, as its suffix says."""
    if table_kind(path) == "xlsx":
        write_bytes_atomic(path, xlsx_bytes(header, rows, sheet))
        return
    with atomic_writer(path) as handle:
        for piece in csv_pieces(header, rows):
            handle.write(piece)


def levels_of(packs: Iterable[Network]) -> list[Level]:
    """Every level any of ``packs`` rules on, lowest first."""
    found = {info.level for net in packs for info in net.levels}
    return sorted(found, key=lambda level: level.rank)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``roster template``."""
    ro = sub.add_parser("roster", help="roster files: a template to fill in")
    what = ro.add_subparsers(dest="roster_command", required=True)
    tp = what.add_parser("template", help="write a roster template (.xlsx or .csv) with "
                                          "every column and one example row")
    tp.add_argument("--out", type=Path, required=True, metavar="FILE",
                    help="the template to write, FILE.xlsx or FILE.csv")
    tp.add_argument("--lang", choices=("zh", "en"), default="zh",
                    help="the headers: Chinese (default) or the layout's English names")
    tp.set_defaults(run=run_template)


def _example(lang: str) -> dict[str, Cell]:
    """The template's example row, by the layout's column names."""
    zh = lang == "zh"
    return {
        "id": "E0001", "name": "张三" if zh else "Zhang San", "occupation": "数控车工",
        "still_in_occupation": "是" if zh else "true",
        "front_line": "是" if zh else "true",
        "in_post_employee": "是" if zh else "true",
        "senior_technician_kind": "skill_level",
        "senior_technician_occupation": "数控车工",
        "senior_technician_certificate": "Y123431000012211000001",
        "senior_technician_certified_on": dt.date(2019, 3, 15),
        "senior_technician_posts": "2019-03-15..",
        # 无/none rather than "-": a CSV cell starting with "-" is neutralised ('-).
        "honours": "无" if zh else "none", "findings": "无" if zh else "none",
        "attestations": "professional_ethics=true;physically_fit=true",
    }


def run_template(args: argparse.Namespace, out: TextIO) -> int:
    """``baji roster template --out FILE``."""
    if table_kind(args.out) is None:
        print("baji roster template: --out must end in .xlsx or .csv", file=sys.stderr)
        return 2
    check_output(args.out)
    header = header_names(args.lang)
    example = _example(args.lang)
    row = [example.get(canonical(name)) for name in header]
    write_table(args.out, header, [row], "花名册" if args.lang == "zh" else "roster")
    print(f"已写入 {args.out}" if args.lang == "zh" else f"wrote {args.out}", file=sys.stderr)
    return 0
