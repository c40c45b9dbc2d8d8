"""The ``baji`` command line: ``eval``, ``check``, ``packs``, ``schema``.

``main(argv)`` returns the exit code: 0 success (also when the reader of the output
stops early, as ``| head`` does), 1 a bad pack or profile, 2 bad usage, 130 interrupted
(Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import signal
import sys
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from baji.cli import analysts, pack_tests, serve, spreadsheets, stopping, warehouse
from baji.cli.arguments import date_arg, jobs_arg, roster_rows, roster_total, terminal_columns
from baji.cli.progress import Progress
from baji.core.dates import as_of_date
from baji.core.levels import Level
from baji.core.vocabulary import load_vocab
from baji.engine.batch import BatchResult, BatchSummary, evaluate_many
from baji.engine.decide import decide
from baji.engine.decision_json import dump_decision
from baji.engine.parallel import can_fork, in_workers
from baji.errors import BajiError
from baji.io.atomic import atomic_writer, check_output, write_jsonl_atomic
from baji.pack.bundled import bundled_registry, resolve_pack, rules_dir
from baji.pack.compile import load_pack
from baji.pack.network import Network
from baji.profile.load import load_profiles, load_profiles_stream
from baji.profile.model import Profile
from baji.profile.roster import RosterRow
from baji.render.schemas import SCHEMAS, schema_text
from baji.render.sheet import render_sheet
from baji.render.spreadsheet import decision_header, decision_rows
from baji.render.text import pad, render_summary, render_table, render_when, width


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="baji", description="新八级工 eligibility rules.")
    parser.add_argument("--version", action="version", version=f"baji {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    ev = sub.add_parser("eval", help="evaluate candidate profiles (JSON or YAML files)")
    ev.add_argument("profiles", nargs="*", metavar="PROFILE",
                    help="JSON or YAML files; - reads standard input")
    ev.add_argument("--roster", type=Path, metavar="FILE",
                    help="a JSONL, CSV or .xlsx roster (see docs/roster.md), evaluated row by "
                         "row; - reads standard input; with --engine, a roster in the warehouse "
                         "layout (docs/warehouse.md)")
    ev.add_argument("--engine", choices=warehouse.ENGINES, default="profile",
                    help="with --roster: profile (default: row by row) or a vectorized "
                         "engine over a roster in the warehouse layout (Parquet, CSV, DuckDB): "
                         "columnar (polars), duckdb or spark; answers with earliest dates, no trace")
    ev.add_argument("--out", type=Path, metavar="FILE",
                    help="write the output to FILE (atomically) instead of stdout; with "
                         "--roster, one JSON line per row, or a decision table when FILE "
                         "ends in .csv or .xlsx")
    ev.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="show a progress bar on stderr (default: when stderr is a terminal)")
    ev.add_argument("--jobs", type=jobs_arg, default=1, metavar="N",
                    help="with --roster: parse, validate and evaluate in N worker processes "
                         "(default 1); the output is the same, in the same order")
    ev.add_argument("--answers-only", action="store_true",
                    help="with --roster: per pack and level only status, path, paths and "
                         "earliest date (the compiled fast path, no trace or citations)")
    which = ev.add_mutually_exclusive_group()
    which.add_argument("--pack", action="append", metavar="ID",
                       help="pack id, jurisdiction (the version in force) or pack file "
                            "(repeatable); default: every bundled jurisdiction")
    which.add_argument("--all", action="store_true",
                       help="every bundled jurisdiction (the default)")
    ev.add_argument("--as-of", type=date_arg, metavar="DATE", help="evaluation date (default today)")
    ev.add_argument("--format", choices=("table", "json", "sheet"), default=None,
                    help="table (default), json, or sheet: a printable HTML decision sheet "
                         "(A4, a page per candidate and pack; with --out FILE.html); "
                         "not with --roster")
    ev.add_argument("--lang", choices=("zh", "en"), default="zh")
    ev.add_argument("--inline-texts", action="store_true",
                    help="with --format json or --roster: write each decision with the "
                         "pack's texts (clauses, conditions, notes) in full, instead of by "
                         "reference to the pack (docs/decisions.md)")
    ev.add_argument("--assume-posts-from-certificate", action="store_true",
                    help="count a post from its certificate date when the post history is "
                         "missing (reported as an assumption)")
    warehouse.add_eval_options(ev)

    wh = sub.add_parser("when", help="per level: the earliest eligible date and what is missing")
    wh.add_argument("profile", metavar="PROFILE",
                    help="a JSON or YAML file; - reads standard input")
    wh.add_argument("--pack", required=True, metavar="ID",
                    help="pack id, jurisdiction or pack file")
    wh.add_argument("--as-of", type=date_arg, metavar="DATE", help="starting date (default today)")
    wh.add_argument("--lang", choices=("zh", "en"), default="zh")
    wh.add_argument("--assume-posts-from-certificate", action="store_true")

    ck = sub.add_parser("check", help="validate pack files (default: the bundled packs)")
    ck.add_argument("packs", nargs="*", metavar="PACK_FILE")
    ck.add_argument("--lang", choices=("zh", "en"), default="en",
                    help="language of the error messages (default en)")

    sub.add_parser("packs", help="list the bundled packs")

    analysts.add_parser(sub)
    pack_tests.add_parser(sub)
    serve.add_parser(sub)
    warehouse.add_parser(sub)
    spreadsheets.add_parser(sub)

    sc = sub.add_parser("schema", help="print or write the JSON Schemas")
    sc.add_argument("name", nargs="?", choices=sorted(SCHEMAS), help="one schema to print")
    sc.add_argument("--out", type=Path, metavar="DIR", help="write all schemas into DIR")
    return parser


def _version() -> str:
    """The installed distribution's version (baji's own when run from a source tree)."""
    try:
        return importlib.metadata.version("baji")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - not installed
        from baji import __version__
        return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Output is flushed before returning, so that a reader that stopped early (``baji eval
    ... | head -1``) ends the run quietly, with exit code 0; Ctrl-C ends it with one line
    on stderr and exit code 130, as shells expect.
    """
    with stopping.handled():
        try:
            code = _main(argv)
            stopping.raise_if_stopped()
            sys.stdout.flush()
        except BaseException as exc:
            # A signal's exception can come back as another: raised inside a library
            # that wraps what its callbacks raise (pydantic's serialiser gives a
            # PydanticSerializationError), so the signal noted decides.
            signum = stopping.noted() or (
                signal.SIGINT if isinstance(exc, KeyboardInterrupt) else None)
            if signum is not None:
                print("baji: interrupted" if signum == signal.SIGINT
                      else f"baji: stopped by {signal.Signals(signum).name}", file=sys.stderr)
                return 128 + signum
            if isinstance(exc, BrokenPipeError):
                _discard_stdout()
                return 0
            raise
    return code


def _discard_stdout() -> None:
    """Point standard output at the null device: the reader is gone, and Python's own
    flush at exit would otherwise report the broken pipe once more."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by a stream without a file
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    words = sys.argv[1:] if argv is None else list(argv)
    # Errors are in English unless a language is asked for (eval's tables default to zh).
    asked = any(w == "--lang" or w.startswith("--lang=") for w in words)
    args.errors_lang = getattr(args, "lang", "en") if asked else "en"
    out = sys.stdout
    try:
        if hasattr(args, "run"):
            code: int = args.run(args, out)
            return code
        if args.command == "eval":
            return _eval(args, out)
        if args.command == "when":
            return _when(args, out)
        if args.command == "check":
            return _check(args, out)
        if args.command == "packs":
            return _packs(out)
        if args.command == "schema":
            return _schema(args, out)
    except BajiError as exc:
        print(exc.render(args.errors_lang), file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse rejects unknown commands


def _profiles(path: str) -> list[Profile]:
    """The profiles of a file, or of standard input for ``-`` (named ``<stdin>``)."""
    if path == "-":
        return load_profiles_stream(sys.stdin.buffer, display="<stdin>")
    return load_profiles(path)


def _eval(args: argparse.Namespace, out: object) -> int:
    args.format_given = args.format is not None
    args.format = args.format or "table"
    if args.inline_texts and (args.answers_only or args.engine != "profile"
                              or (args.roster is not None
                                  and spreadsheets.table_kind(args.out) is not None)
                              or (args.roster is None and args.format != "json")):
        print("baji eval: --inline-texts goes with --format json or --roster (full "
              "decisions as JSON lines); answers and tables carry no texts", file=sys.stderr)
        return 2
    if not args.check and args.engine == "profile":
        print("baji eval: --no-check goes with --engine columnar|duckdb|spark (a profile "
              "is always validated)", file=sys.stderr)
        return 2
    if args.roster is not None:
        return _eval_roster(args, out)
    if args.answers_only or args.engine != "profile":
        flag = "--answers-only" if args.answers_only else "--engine"
        print(f"baji eval: {flag} goes with --roster FILE", file=sys.stderr)
        return 2
    if not args.profiles:
        print("baji eval: give PROFILE files or --roster FILE", file=sys.stderr)
        return 2
    if args.out is not None:
        check_output(args.out)  # before any work
    as_of = as_of_date(args.as_of)
    packs = [resolve_pack(p, as_of) for p in (args.pack or bundled_registry().jurisdictions)]
    failed = False
    decisions = []
    by_id = {}
    for path in args.profiles:
        try:
            profiles = _profiles(path)
        except BajiError as exc:
            print(exc.render(args.errors_lang), file=sys.stderr)
            failed = True
            continue
        for profile in profiles:
            for pack in packs:
                by_id[pack.id] = pack
                decisions.append(decide(
                    pack, profile, as_of, lazy=False,  # shown or written whole
                    assume_posts_from_certificate=args.assume_posts_from_certificate))
    if args.format == "json":
        text = json.dumps([json.loads(dump_decision(d, by_id[d.pack], inline=args.inline_texts))
                           for d in decisions], ensure_ascii=False, indent=2) + "\n"
    elif args.format == "sheet":
        text = render_sheet(decisions, args.lang) if decisions else ""
    elif decisions:  # nothing evaluated (every file bad): no empty line on stdout
        columns = terminal_columns()
        text = "\n\n".join(render_table(d, args.lang, columns) for d in decisions) + "\n"
    else:
        text = ""
    if args.out is not None:
        if text:
            with atomic_writer(args.out) as handle:
                handle.write(text)
            print(f"已写入 {args.out}" if args.lang == "zh" else f"wrote {args.out}",
                  file=sys.stderr)
    elif text:
        out.write(text)  # type: ignore[attr-defined]
    return 1 if failed else 0


def _eval_roster(args: argparse.Namespace, out: object) -> int:
    # A roster's output is JSON lines: refuse what would otherwise be dropped unsaid.
    if args.profiles:
        print("baji eval: give PROFILE files or --roster FILE, not both", file=sys.stderr)
        return 2
    if args.format_given:
        print("baji eval: --format does not apply to --roster (its output is JSON lines, "
              "see docs/roster.md)", file=sys.stderr)
        return 2
    table = spreadsheets.table_kind(args.out)
    if table is not None and (args.answers_only or args.engine != "profile"):
        flag = "--answers-only" if args.answers_only else "--engine"
        print(f"baji eval: {flag} does not apply to a .{table} decision table (it names "
              "what is missing, from the full decisions)", file=sys.stderr)
        return 2
    if args.engine != "profile":
        as_of = as_of_date(args.as_of)
        packs = [resolve_pack(p, as_of) for p in (args.pack or bundled_registry().jurisdictions)]
        return warehouse.eval_roster(args, packs, as_of, out)  # type: ignore[arg-type]
    if args.out is not None:
        check_output(args.out)  # before any work, as is the roster's opening below
    parallel = args.jobs > 1 and can_fork()
    rows = roster_rows(args.roster, check=not parallel)  # else checked in the workers
    as_of = as_of_date(args.as_of)
    packs = [resolve_pack(p, as_of) for p in (args.pack or bundled_registry().jurisdictions)]
    show = sys.stderr.isatty() if args.progress is None else args.progress
    # In the language of the summary that follows it.
    progress = Progress(roster_total(args.roster) if show else None, show, lang=args.lang)
    summary = BatchSummary()
    bad_rows: list[str] = []
    levels = spreadsheets.levels_of(packs)
    task = _RosterTask(tuple(packs), as_of, args.assume_posts_from_certificate,
                       args.answers_only, args.errors_lang,
                       None if table is None else (args.lang, tuple(levels)),
                       args.inline_texts)

    def made() -> Iterator[_RowLines]:
        if not parallel:
            yield from _lines(task, rows, summary)
            return
        for _, (part, lines) in in_workers(_roster_batch, task, rows, args.jobs):
            yield from lines
            summary.merge(part)

    def records() -> Generator[Any, None, None]:
        for row_lines, error in made():
            stopping.raise_if_stopped()
            progress.step()
            if error is not None:
                bad_rows.append(error)
            yield from row_lines

    # Closed on the way out, whatever ends the run: the worker processes go with it.
    with contextlib.closing(records()) as lines:
        if table is not None:
            spreadsheets.write_table(args.out, decision_header(levels, args.lang), lines,
                                     "评估结果" if args.lang == "zh" else "decisions")
        elif args.out is not None:
            write_jsonl_atomic(args.out, lines)
        else:
            for line in lines:
                print(line, file=out)  # type: ignore[call-overload]
    progress.close()
    for error in bad_rows:
        print(error, file=sys.stderr)
    print(render_summary(summary, args.lang), file=sys.stderr)
    return 1 if summary.bad else 0


@dataclass(frozen=True)
class _RosterTask:
    """What every batch of a roster is evaluated with (shared by forked workers)."""

    packs: tuple[Network, ...]
    as_of: dt.date
    assume_posts_from_certificate: bool
    answers_only: bool
    errors_lang: str
    #: For a decision table: its language and levels (rows of cells instead of lines).
    table: tuple[str, tuple[Level, ...]] | None = None
    #: Decisions with the pack's texts in full (--inline-texts), not by reference.
    inline: bool = False


#: A row's output (JSON lines, or the decision table's rows) and its rendered error.
_RowLines = tuple[list[Any], str | None]


def _lines(task: _RosterTask, rows: Iterable[RosterRow], summary: BatchSummary
           ) -> Iterator[_RowLines]:
    """Each row's output lines and its error in ``errors_lang``, counted in ``summary``."""
    for result in evaluate_many(rows, task.packs, task.as_of,
                                assume_posts_from_certificate=task.assume_posts_from_certificate,
                                answer_only=task.answers_only):
        summary.add(result)
        if task.table is not None:
            lang, levels = task.table
            yield (list(decision_rows([result], levels, lang)),
                   None if result.ok else result.render_error(task.errors_lang) or "")
        else:
            yield _row_lines(result, task)


def _roster_batch(task: _RosterTask, rows: list[RosterRow]
                  ) -> tuple[BatchSummary, list[_RowLines]]:
    """A batch's summary and lines, made in a worker and sent back whole."""
    part = BatchSummary()
    return part, list(_lines(task, rows, part))


def _row_lines(result: BatchResult, task: _RosterTask) -> _RowLines:
    """One row's JSON lines (one per pack, or its error) and its rendered error."""
    return (result.json_lines(packs=task.packs, inline=task.inline),
            None if result.ok else result.render_error(task.errors_lang) or "")


def _when(args: argparse.Namespace, out: object) -> int:
    as_of = as_of_date(args.as_of)
    pack = resolve_pack(args.pack, as_of)
    lang = args.lang
    # Before the pack's window the question "from when?" still has an answer: count from
    # the window's first day (render_when says so in its header).
    start = max(as_of, pack.window.from_)
    for profile in _profiles(args.profile):
        decision = decide(pack, profile, start,
                          assume_posts_from_certificate=args.assume_posts_from_certificate)
        print(render_when(decision, lang, asked=as_of, columns=terminal_columns()),
              file=out)  # type: ignore[call-overload]
    return 0


def _check(args: argparse.Namespace, out: object) -> int:
    files = [Path(p) for p in args.packs] or sorted(
        p for p in rules_dir().glob("*.yaml") if not p.stem.startswith("vocab"))
    bad = 0
    if not args.packs:
        try:
            load_vocab(rules_dir() / "vocab.yaml")
        except BajiError as exc:
            print(exc.render(args.errors_lang), file=sys.stderr)
            bad += 1
    for f in files:
        shown = str(f) if args.packs else f"rules/{f.name}"
        if args.packs and _is_vocab(f):
            bad += _check_vocab(f, args.errors_lang, out)
            continue
        try:
            net = load_pack(f, display=shown)
        except BajiError as exc:
            print(exc.render(args.errors_lang), file=sys.stderr)
            bad += 1
            continue
        paths = sum(1 for r in net.rules if r.path != "part")
        print(f"ok {shown}: {len(net.rules)} rules ({paths} paths), {len(net.nodes)} nodes, "
              f"{len(net.citations)} clauses", file=out)  # type: ignore[call-overload]
    return 1 if bad else 0


def _is_vocab(path: Path) -> bool:
    """A vocabulary file, by the name the bundled one has (``vocab.yaml``; ``vocab*``)."""
    return path.stem.startswith("vocab")


def _check_vocab(path: Path, lang: str, out: object) -> int:
    """Check ``path`` as a vocabulary (as ``rules/*.yaml`` names it); 1 if it is bad."""
    try:
        vocab = load_vocab(path)
    except BajiError as exc:
        print(exc.render(lang), file=sys.stderr)
        return 1
    count = sum(len(items) for items in vocab.items.values())
    print(f"ok {path}: vocabulary, {count} items", file=out)  # type: ignore[call-overload]
    return 0


def _packs(out: object) -> int:
    rows = [("id", "jurisdiction", "document", "in force")]
    registry = bundled_registry()
    for net in (n for j in registry.jurisdictions for n in registry.versions(j)):
        pid = net.id
        until = net.window.until.isoformat() if net.window.until else "…"
        rows.append((pid, net.jurisdiction, net.document, f"{net.window.from_}..{until}"))
    sizes = [max(width(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print("  ".join(pad(c, sizes[i]) for i, c in enumerate(row[:3])) + "  " + row[3],
              file=out)  # type: ignore[call-overload]
    return 0


def _schema(args: argparse.Namespace, out: object) -> int:
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        for name in sorted(SCHEMAS):
            (args.out / f"{name}.schema.json").write_text(schema_text(name), encoding="utf-8")
            print(f"wrote {args.out / f'{name}.schema.json'}", file=out)  # type: ignore
        return 0
    if args.name:
        print(schema_text(args.name), end="", file=out)  # type: ignore[call-overload]
        return 0
    # Every schema: one JSON document, an object keyed by name, so that one parser reads it.
    every = {name: json.loads(schema_text(name)) for name in sorted(SCHEMAS)}
    print(json.dumps(every, ensure_ascii=False, indent=2, sort_keys=True),
          file=out)  # type: ignore[call-overload]
    return 0
