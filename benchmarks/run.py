"""baji's benchmark: one command, one run, every figure as a ratio to plain Python.

    python benchmarks/run.py [--count 100000] [--repeat 3] [--json results.json]

The decision: 特级技师 of Shanghai 2026 (regular 1y/3y, 破格 by honour, direct by award),
over ``--count`` random candidates (benchmarks/roster.py, seeded), on 2026-09-01, one
thread. Each figure is the best of ``--repeat`` timed passes (wall clock), after one
untimed pass that also checks the answers: every engine must give, profile by profile,
the same status and path as the hand-written baseline (benchmarks/baseline.py), or the
run stops. Also measured: compiling every bundled pack, and ``import baji`` in a fresh
interpreter. Speed is measured here, never by a timed unit test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import baseline  # noqa: E402
import peers  # noqa: E402
import roster  # noqa: E402

import baji  # noqa: E402
from baji.answers import evaluate_answers  # noqa: E402
from baji.evaluate import evaluate  # noqa: E402
from baji.profile import Profile  # noqa: E402
from baji.program import Program  # noqa: E402

LEVEL = baji.Level.SPECIAL_TECHNICIAN
AS_OF = roster.AS_OF

#: The targets of issue 5, as (figure, comparison, value).
TARGETS = {
    "answer-only": ("ratio", 0.5),
    "full decision (特级技师)": ("per_second", 100_000),
    "JSON bytes -> answer": ("per_second", 300_000),
    "vectorized (polars, compiled)": ("vs_polars", 1.0),
    "compile all packs": ("ms_below", 50.0),
    "import baji": ("ms_below", 150.0),
}


def best(fn: Callable[[], object], repeat: int) -> float:
    """The best wall-clock time of ``repeat`` calls of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def per_profile(name: str, decide: Callable[[Any], tuple[str, str | None]],
                items: Sequence[Any], want: list[tuple[str, str | None]],
                repeat: int) -> float:
    """Profiles per second of ``decide`` over ``items``, after checking its answers."""
    got = [decide(x) for x in items]
    wrong = sum(1 for g, w in zip(got, want) if g != w)
    if wrong:
        raise SystemExit(f"{name}: {wrong} answers differ from the baseline")

    def loop() -> None:
        for x in items:
            decide(x)

    return len(items) / best(loop, repeat)


def _reference() -> Callable[..., Any] | None:
    """The interpreter baji had before the compiled evaluator (kept in tests/), if there."""
    tests = HERE.parent / "tests"
    if not (tests / "reference_evaluator.py").is_file():
        return None
    sys.path.insert(0, str(tests))
    import reference_evaluator

    found: Callable[..., Any] = reference_evaluator.evaluate
    return found


def import_time(repeat: int) -> tuple[float, float, float]:
    """(``import baji``, bare interpreter start, ``import baji`` and a first answer from a
    bundled pack: models built, pack loaded and compiled), best of ``repeat``, in ms."""
    def run(code: str) -> float:
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        return (time.perf_counter() - start) * 1000
    run("import baji")  # byte-compile once
    first = ("import datetime, baji; "
             "baji.evaluate_answers({}, 'shanghai-2026', datetime.date(2026, 9, 1))")
    return (min(run("import baji") for _ in range(repeat)),
            min(run("pass") for _ in range(repeat)),
            min(run(first) for _ in range(repeat)))


def compile_time(repeat: int) -> tuple[float, float, float, float]:
    """(load and compile every bundled pack, the same in a fresh interpreter, compile
    the already read and validated packs, generate the compiled programs of every
    pack), best of ``repeat``, in ms."""
    paths = [baji.api.rules_dir() / f"{p}.yaml" for p in baji.bundled_pack_ids()]
    networks = [baji.load_pack(p) for p in paths]
    warm = best(lambda: [baji.load_pack(p) for p in paths], repeat) * 1000
    compiled = best(lambda: [baji.compile_pack(n.source, base=p.parent, path=str(p))
                             for n, p in zip(networks, paths)], repeat) * 1000
    code = ("import time, baji; from baji.api import rules_dir, bundled_pack_ids; "
            "t = time.perf_counter(); "
            "[baji.load_pack(rules_dir() / f'{p}.yaml') for p in bundled_pack_ids()]; "
            "print((time.perf_counter() - t) * 1000)")
    cold = min(float(subprocess.run([sys.executable, "-c", code], check=True,
                                    capture_output=True, text=True).stdout)
               for _ in range(repeat))
    programs = best(lambda: [Program(n) for n in networks], repeat) * 1000
    return warm, cold, compiled, programs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    net = baji.get_pack("shanghai-2026")
    data = roster.profiles(args.count)
    blobs = [json.dumps(d).encode() for d in data]
    people = [Profile.model_validate(d) for d in data]
    want = [baseline.special_technician(p, AS_OF) for p in people]
    rows: list[tuple[str, float, str]] = []  # (name, per second, note)

    base = per_profile("baseline", lambda p: baseline.special_technician(p, AS_OF), people,
                       want, args.repeat)
    rows.append(("plain Python baseline", base, "hand-written, benchmarks/baseline.py"))

    def answer(p: Profile) -> tuple[str, str | None]:
        a = evaluate_answers(net, p, AS_OF, levels=LEVEL, earliest=False)[0]
        return a.status, a.path

    def answer_dated(p: Profile) -> tuple[str, str | None]:
        a = evaluate_answers(net, p, AS_OF, levels=LEVEL)[0]
        return a.status, a.path

    def full(p: Profile) -> tuple[str, str | None]:
        lv = evaluate(net, p, AS_OF, levels=LEVEL).levels[0]
        return lv.status, lv.path

    def full_pack(p: Profile) -> tuple[str, str | None]:
        lv = evaluate(net, p, AS_OF).level(LEVEL)
        return lv.status, lv.path

    def from_json(blob: bytes) -> tuple[str, str | None]:
        a = evaluate_answers(net, Profile.model_validate_json(blob), AS_OF, levels=LEVEL,
                             earliest=False)[0]
        return a.status, a.path

    rows.append(("answer-only", per_profile("answer-only", answer, people, want, args.repeat),
                 "evaluate_answers(levels=特级技师, earliest=False): status, path, paths"))
    rows.append(("answer-only with earliest date",
                 per_profile("answer+earliest", answer_dated, people, want, args.repeat),
                 "evaluate_answers(levels=特级技师)"))
    rows.append(("full decision (特级技师)", per_profile("full", full, people, want, args.repeat),
                 "evaluate(levels=特级技师): trace, citations, earliest, notes"))
    small = max(1, args.count // 10)
    rows.append(("full decision (all 5 levels)",
                 per_profile("full pack", full_pack, people[:small], want[:small], args.repeat),
                 f"evaluate(): the whole Shanghai decision; {small} profiles"))
    reference = _reference()
    if reference is not None:
        def before(p: Profile) -> tuple[str, str | None]:
            lv = reference(net, p, AS_OF).level(LEVEL)
            return lv.status, lv.path

        rows.append(("full decision (all 5), before", per_profile(
            "reference", before, people[:small], want[:small], args.repeat),
            "tests/reference_evaluator.py, the evaluator before it was compiled"))
    rows.append(("JSON bytes -> answer",
                 per_profile("json", from_json, blobs, want, args.repeat),
                 "Profile.model_validate_json + evaluate_answers"))

    vector = by_hand = None
    try:
        import polars as pl

        from baji.columnar import evaluate_frame, to_frame
    except ImportError:
        pl = None
    if pl is not None:
        frame = to_frame(people)
        compiled = evaluate_frame(net, frame, AS_OF, levels=LEVEL)
        hand = peers.polars_by_hand(frame, AS_OF)
        got = list(zip(compiled["special_technician.status"], compiled["special_technician.path"]))
        if got != want or list(zip(hand["status"], hand["path"])) != want:
            raise SystemExit("vectorized answers differ from the baseline")
        big = pl.concat([frame] * max(1, 1_000_000 // len(frame)))
        vector = big.height / best(lambda: evaluate_frame(net, big, AS_OF, levels=LEVEL),
                                   args.repeat)
        by_hand = big.height / best(lambda: peers.polars_by_hand(big, AS_OF), args.repeat)
        rows.append(("vectorized (polars, compiled)", vector,
                     f"evaluate_frame over {big.height} rows"))
        rows.append(("vectorized (polars, by hand)", by_hand,
                     "one hand-written polars expression, same frame"))

    zen = peers.zen_decision(net, LEVEL)
    if zen is not None:
        rows.append(("zen-engine expression", per_profile(
            "zen", lambda p: zen(p, AS_OF), people, want, args.repeat),
            "compiled ZEN expression; leaves by baji's Python"))
    durable = peers.durable_decision(net, LEVEL)
    if durable is not None:
        few = people[:small]
        rows.append(("durable-rules (baji.rete)", per_profile(
            "durable", lambda p: durable(p, AS_OF), few, want[:small], args.repeat),
            f"assert + retract one fact under the lock; {small} profiles"))

    warm, cold, compiled, programs = compile_time(max(args.repeat, 5))
    imported, bare, first_use = import_time(max(args.repeat, 7))

    print(f"baji benchmark: 特级技师 of shanghai-2026 on {AS_OF}, {args.count} profiles, "
          f"best of {args.repeat}")
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print()
    print(f"{'':34} {'per second':>12} {'× baseline':>11}  note")
    for name, rate, note in rows:
        print(f"{name:34} {rate:12,.0f} {rate / base:11.3f}  {note}")
    print()
    print(f"compile all packs (load + compile, warm)   {warm:8.1f} ms")
    print(f"compile all packs (fresh interpreter)      {cold:8.1f} ms")
    print(f"  of which compile_pack (packs already read) {compiled:6.1f} ms "
          "(the rest reads YAML with positions and validates it)")
    print(f"generate compiled programs, all packs      {programs:8.1f} ms")
    print(f"import baji (fresh interpreter)            {imported:8.1f} ms "
          f"(bare interpreter start {bare:.1f} ms; net {imported - bare:.1f} ms)")
    print(f"import baji + first answer (fresh)         {first_use:8.1f} ms "
          "(models built, pack loaded and compiled on first use)")
    figures = {name: rate for name, rate, _ in rows}
    print()
    print("targets:")
    checks = [
        ("answer-only ≥ 0.5× baseline", figures["answer-only"] / base, 0.5, "≥"),
        ("full decision ≥ 100,000/s", figures["full decision (特级技师)"], 100_000, "≥"),
        ("JSON bytes to answer ≥ 300,000/s", figures["JSON bytes -> answer"], 300_000, "≥"),
        ("compile all packs < 50 ms", cold, 50, "<"),
        ("import baji < 150 ms", imported, 150, "<"),
    ]
    if vector is not None and by_hand is not None:
        checks.insert(3, ("vectorized ≥ 1× polars by hand", vector / by_hand, 1.0, "≥"))
    for label, value, target, op in checks:
        ok = value >= target if op == "≥" else value < target
        print(f"  {'met    ' if ok else 'NOT MET'}  {label}: {value:,.3f}")
    if args.json:
        args.json.write_text(json.dumps({
            "date": dt.date.today().isoformat(), "count": args.count, "repeat": args.repeat,
            "python": platform.python_version(), "cpus": os.cpu_count(),
            "load": os.getloadavg()[0], "per_second": figures, "baseline": base,
            "compile_ms": {"warm": warm, "fresh": cold, "compile_pack": compiled,
                           "programs": programs},
            "import_ms": {"baji": imported, "bare": bare, "first_answer": first_use}},
            indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
