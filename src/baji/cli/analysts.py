"""The analysts' commands: ``baji diff``, ``baji impact``, ``baji graph``, ``baji docs``.

Registered by :mod:`baji.cli.commands`; each command's run function takes the
parsed arguments and the output stream and returns the exit code (0 success, 1 a bad
pack, roster row or missing tool, 2 bad usage).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import IO, TextIO

from baji.analysts.diff import diff_packs
from baji.analysts.impact import CandidateChange, ImpactCounter, ImpactReport
from baji.analysts.impact import count_rows as count_impact
from baji.cli import stopping
from baji.cli.arguments import date_arg, jobs_arg, roster_rows, roster_total, terminal_columns
from baji.cli.progress import Progress
from baji.cli.spreadsheets import table_kind, write_table
from baji.core.dates import as_of_date
from baji.io.atomic import atomic_writer, check_output
from baji.pack.bundled import resolve_pack
from baji.render.diff import FORMATS as DIFF_FORMATS
from baji.render.diff import render as render_diff
from baji.render.graph import FORMATS as GRAPH_FORMATS
from baji.render.graph import render_graph
from baji.render.impact import HTML_LIST_LIMIT, render_html, render_summary, write_json
from baji.render.pack_docs import run as run_docs
from baji.render.spreadsheet import impact_header, impact_rows


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``diff``, ``impact``, ``graph`` and ``docs``."""
    df = sub.add_parser("diff", help="semantic diff of two packs, aligned by level and path")
    df.add_argument("a", metavar="A", help="pack id, jurisdiction or pack file")
    df.add_argument("b", metavar="B", help="pack id, jurisdiction or pack file")
    df.add_argument("--format", choices=DIFF_FORMATS, default="table")
    df.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    df.add_argument("--lang", choices=("zh", "en"), default="zh")
    df.add_argument("--as-of", type=date_arg, metavar="DATE",
                    help="for a jurisdiction: the version in force on DATE (default today)")
    df.set_defaults(run=run_diff)

    im = sub.add_parser("impact", help="who gains or loses eligibility moving a roster from "
                                       "pack A to pack B")
    im.add_argument("a", metavar="A", help="pack id, jurisdiction or pack file")
    im.add_argument("b", metavar="B", help="pack id, jurisdiction or pack file")
    im.add_argument("roster", type=Path, metavar="ROSTER",
                    help="a .jsonl, .csv or .xlsx roster; - reads standard input")
    im.add_argument("--as-of", type=date_arg, metavar="DATE", help="evaluation date (default today)")
    im.add_argument("--format", choices=("table", "json", "html"), default=None,
                    help="table (default), json or html; not with an --out FILE.csv or "
                         "FILE.xlsx, which writes the candidate changes as a spreadsheet")
    im.add_argument("--out", type=Path, metavar="FILE",
                    help="write here instead of stdout; FILE.csv or FILE.xlsx: one row per "
                         "candidate change")
    im.add_argument("--lang", choices=("zh", "en"), default="zh")
    im.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="progress bar on stderr (default: when stderr is a terminal)")
    im.add_argument("--jobs", type=jobs_arg, default=1, metavar="N",
                    help="evaluate in N worker processes (default 1)")
    im.set_defaults(run=run_impact)

    gr = sub.add_parser("graph", help="the compiled network as Mermaid, DOT or SVG")
    gr.add_argument("pack", metavar="PACK", help="pack id, jurisdiction or pack file")
    gr.add_argument("--format", choices=GRAPH_FORMATS, default="mermaid")
    gr.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    gr.add_argument("--lang", choices=("zh", "en"), default="zh")
    gr.set_defaults(run=run_graph)

    dc = sub.add_parser("docs", help="generate docs/packs/*.md and docs/compare.md")
    dc.add_argument("--out", type=Path, default=Path("docs"), metavar="DIR")
    dc.add_argument("--check", action="store_true",
                    help="only check that the generated files are current (exit 1 if not)")
    dc.set_defaults(run=lambda args, out: run_docs(args.out, args.check))


@contextmanager
def _output(path: Path | None, out: TextIO) -> Iterator[TextIO]:
    """The file to write (atomically) or the given stream."""
    if path is None:
        yield out
        return
    with atomic_writer(path) as handle:
        yield handle


def run_diff(args: argparse.Namespace, out: TextIO) -> int:
    """``baji diff A B``."""
    day = as_of_date(args.as_of)
    diff = diff_packs(resolve_pack(args.a, day), resolve_pack(args.b, day))
    with _output(args.out, out) as handle:
        handle.write(render_diff(diff, args.format, args.lang, terminal_columns()))
    if args.out is not None:
        print(f"wrote {args.out}: {len(diff.items)} differences", file=sys.stderr)
    return 0


def run_graph(args: argparse.Namespace, out: TextIO) -> int:
    """``baji graph PACK``."""
    net = resolve_pack(args.pack, as_of_date(None))
    text = render_graph(net, args.format, args.lang)
    with _output(args.out, out) as handle:
        handle.write(text)
    return 0


def _spooled(spool: IO[str], limit: int | None = None) -> Iterator[CandidateChange]:
    spool.seek(0)
    for count, line in enumerate(spool):
        if limit is not None and count >= limit:
            return
        yield CandidateChange.model_validate_json(line)


def run_impact(args: argparse.Namespace, out: TextIO) -> int:
    """``baji impact A B ROSTER``: streams the roster; the candidate changes go to a
    temporary file as they come, so memory holds counts only."""
    table = table_kind(args.out)
    if table is not None and args.format is not None:
        print(f"baji impact: --format does not apply to --out FILE.{table} (a table of the "
              "candidate changes)", file=sys.stderr)
        return 2
    if args.out is not None:
        check_output(args.out)  # before any work, as is the roster's opening below
    day = as_of_date(args.as_of)
    a, b = resolve_pack(args.a, day), resolve_pack(args.b, day)
    rows = roster_rows(args.roster, check=args.jobs <= 1)  # else checked in the workers
    shown = sys.stderr.isatty() if args.progress is None else args.progress
    # In the language of the summary line that follows it (English unless asked).
    progress = Progress(roster_total(args.roster) if shown else None, shown,
                        lang=getattr(args, "errors_lang", "en"))
    counter = ImpactCounter(a, b, day)
    start = time.monotonic()
    # The counting is closed on the way out, whatever ends it: the worker processes go too.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool, \
            closing(count_impact(counter, rows, args.jobs)) as counted:
        for row, changes in counted:
            stopping.raise_if_stopped()
            if row.error is not None:
                if shown:
                    sys.stderr.write("\n")
                print(row.error.render(getattr(args, "errors_lang", "en")), file=sys.stderr)
            for change in changes:
                spool.write(change.model_dump_json() + "\n")
            progress.step()
        progress.close()
        seconds = time.monotonic() - start
        report = counter.report()
        if table is not None:
            write_table(args.out, impact_header(args.lang), impact_rows(_spooled(spool),
                                                                       args.lang),
                        "资格变化" if args.lang == "zh" else "changes")
        else:
            _write_impact(args, report, spool, out)
    rate = report.rows / seconds if seconds > 0 else 0.0
    # Like the errors on stderr: English unless a language is asked for.
    zh = getattr(args, "errors_lang", "en") == "zh"
    if zh:
        print(f"共 {report.rows} 行（两个规则包下评估 {report.evaluated} 行，坏行 "
              f"{len(report.bad)}），用时 {seconds:.1f} 秒，每秒 {rate:,.0f} 行", file=sys.stderr)
    else:
        print(f"{report.rows} rows ({report.evaluated} evaluated under 2 packs, "
              f"{len(report.bad)} bad) in {seconds:.1f} s, {rate:,.0f} rows/s", file=sys.stderr)
    if args.out is not None:
        print(f"已写入 {args.out}" if zh else f"wrote {args.out}",
              file=sys.stderr)
    return 1 if report.bad else 0


def _write_impact(args: argparse.Namespace, report: ImpactReport, spool: IO[str],
                  out: TextIO) -> None:
    """The report in ``--format`` (table, json, html), to ``--out`` or ``out``."""
    with _output(args.out, out) as handle:
        if args.format == "json":
            write_json(report, _spooled(spool), handle)
        elif args.format == "html":
            handle.write(render_html(report, _spooled(spool, HTML_LIST_LIMIT), args.lang))
        else:
            handle.write(render_summary(report, args.lang, terminal_columns()))
