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
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import baseline  # noqa: E402
import peers  # noqa: E402
import roster  # noqa: E402
import tuned  # noqa: E402

import baji  # noqa: E402
from baji.engine.answers import evaluate_answers  # noqa: E402
from baji.engine.decide import decide as evaluate  # noqa: E402
from baji.engine.program import Program  # noqa: E402
from baji.profile.model import Profile  # noqa: E402

LEVEL = baji.Level.SPECIAL_TECHNICIAN
AS_OF = roster.AS_OF

def best(fn: Callable[[], object], repeat: int) -> float:
    """The best wall-clock time of ``repeat`` calls of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def timed(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of one call of ``fn``."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def per_profile(name: str, decide: Callable[[Any], tuple[str, str | None]],
                items: Sequence[Any], want: list[tuple[str, str | None]], repeat: int,
                people: Sequence[Profile]) -> tuple[float, float]:
    """(best profiles per second of ``decide`` over ``items``, median ratio to the
    baseline), after checking its answers. Each of the ``repeat`` rounds times the
    baseline on the same candidates right before, so that a machine whose load changes
    during the run still gives a fair ratio."""
    got = [decide(x) for x in items]
    wrong = sum(1 for g, w in zip(got, want) if g != w)
    if wrong:
        raise SystemExit(f"{name}: {wrong} answers differ from the baseline")
    return alongside(decide, items, repeat, people)


def alongside(work: Callable[[Any], object], items: Sequence[Any], repeat: int,
              people: Sequence[Profile]) -> tuple[float, float]:
    """(best items per second of ``work``, median ratio to the baseline), each of the
    ``repeat`` rounds timing the baseline over ``people`` right before ``work``."""
    def loop() -> None:
        for x in items:
            work(x)

    def base() -> None:
        for p in people:
            tuned.special_technician(p, AS_OF)

    rates, ratios = [], []
    for _ in range(repeat):
        # Each timed pass right after an untimed one over the same items, so that neither
        # side runs on what the other left in the caches (profiles are many, the
        # decisions short: which ran last otherwise swings the ratio by half).
        base()
        base_rate = len(people) / timed(base)
        loop()
        rate = len(items) / timed(loop)
        rates.append(rate)
        ratios.append(rate / base_rate)
    return max(rates), statistics.median(ratios)


def _reference() -> Callable[..., Any] | None:
    """The interpreter baji had before the compiled evaluator (kept in tests/), if there."""
    tests = HERE.parent / "tests"
    if not (tests / "reference_evaluator.py").is_file():
        return None
    sys.path.insert(0, str(tests))
    import reference_evaluator

    found: Callable[..., Any] = reference_evaluator.evaluate
    return found


#: What any first answer through pydantic models costs at least, with nothing of baji:
#: importing pydantic and PyYAML and building and using one model (pydantic's model
#: machinery is imported on the first model class, not by ``import pydantic``).
PYDANTIC_FLOOR = ("import yaml, pydantic\n"
                  "class M(pydantic.BaseModel):\n    a: int\n"
                  "M.model_validate({'a': 1})")


#: What a first answer without pydantic costs at least: the interpreter and msgspec.
MSGSPEC_FLOOR = "import msgspec"


def import_time(repeat: int) -> tuple[float, float, float, float, float]:
    """(``import baji``, bare interpreter start, ``import baji`` and a first answer from a
    bundled pack (its program compiled ahead, the profile read by the fast path),
    :data:`PYDANTIC_FLOOR`, :data:`MSGSPEC_FLOOR`), best of ``repeat`` each, in ms, the
    five taken in turn."""
    # Byte code as an installed package has it (pip compiles it on install): written once
    # into a temporary cache, never into the source tree, then read by every timed run.
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache

        def run(code: str) -> float:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env)
            return (time.perf_counter() - start) * 1000
        first = ("import datetime, baji; "
                 "baji.evaluate_answers({}, 'shanghai-2026', datetime.date(2026, 9, 1))")
        codes = ("import baji", "pass", first, PYDANTIC_FLOOR, MSGSPEC_FLOOR)
        for code in codes:
            run(code)  # byte-compile once
        best = [min(times) for times in zip(*([run(c) for c in codes] for _ in range(repeat)))]
        return best[0], best[1], best[2], best[3], best[4]


def decision_size(net: baji.Network, people: Sequence[Profile]) -> tuple[float, float]:
    """The median size in bytes of a whole Shanghai decision (every level) as JSON: with
    the pack's texts by reference (``baji.dump_decision``, what ``baji eval --format
    json`` and the service write), and inline (``Decision.model_dump_json``). Each
    by-reference decision is read back and compared (the run stops on a difference)."""
    by_reference, inline = [], []
    for p in people:
        decision = evaluate(net, p, AS_OF)
        text = baji.dump_decision(decision, net)
        if baji.load_decision(text, net) != decision:
            raise SystemExit(f"the decision of {p.id} does not read back equal")
        by_reference.append(len(text.encode()))
        inline.append(len(decision.model_dump_json().encode()))
    return statistics.median(by_reference), statistics.median(inline)


def compile_time(repeat: int) -> tuple[float, float, float, float]:
    """(load and compile every bundled pack, the same in a fresh interpreter, compile
    the already read and validated packs, generate the compiled programs of every
    pack), best of ``repeat``, in ms."""
    paths = [baji.pack.bundled.rules_dir() / f"{p}.yaml" for p in baji.bundled_pack_ids()]
    networks = [baji.load_pack(p) for p in paths]
    warm = best(lambda: [baji.load_pack(p) for p in paths], repeat) * 1000
    compiled = best(lambda: [baji.compile_pack(n.source, base=p.parent, path=str(p))
                             for n, p in zip(networks, paths)], repeat) * 1000
    code = ("import time, baji; from baji.engine.api import rules_dir, bundled_pack_ids; "
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
    parser.add_argument("--vector-rows", type=int, default=1_000_000,
                        help="rows of the frame the vectorized engines answer")
    args = parser.parse_args(argv)

    net = baji.get_pack("shanghai-2026")
    data = roster.profiles(args.count)
    blobs = [json.dumps(d).encode() for d in data]
    people = [Profile.model_validate(d) for d in data]
    want = [tuned.special_technician(p, AS_OF) for p in people]
    plain = [baseline.special_technician(p, AS_OF) for p in people]
    if plain != want:
        raise SystemExit("the plain and the tuned baselines differ")
    rows: list[tuple[str, float, float, str]] = []  # (name, per second, ratio, note)
    base = len(people) / best(lambda: [tuned.special_technician(p, AS_OF)
                                       for p in people], args.repeat)
    rows.append(("tuned Python baseline", base, 1.0, "hand-written for speed, benchmarks/tuned.py"))

    def answer(p: Profile) -> tuple[str, str | None]:
        a = evaluate_answers(net, p, AS_OF, levels=LEVEL, earliest=False)[0]
        return a.status, a.path

    def answer_dated(p: Profile) -> tuple[str, str | None]:
        a = evaluate_answers(net, p, AS_OF, levels=LEVEL)[0]
        return a.status, a.path

    def full(p: Profile) -> tuple[str, str | None]:
        # The decision as returned, read for what answer-only gives (status, path,
        # paths); its earliest date, trace and the rest are worked out when first read
        # (baji.engine.decide).
        lv = evaluate(net, p, AS_OF, levels=LEVEL).levels[0]
        lv.paths  # noqa: B018
        return lv.status, lv.path

    def full_dated(p: Profile) -> tuple[str, str | None]:
        lv = evaluate(net, p, AS_OF, levels=LEVEL).levels[0]
        lv.earliest  # noqa: B018 - read, as a caller showing when does
        return lv.status, lv.path

    def full_read(p: Profile) -> tuple[str, str | None]:
        # The decision read whole: every field of the level and the trace.
        d = evaluate(net, p, AS_OF, levels=LEVEL)
        lv = d.levels[0]
        (lv.results, lv.citations, lv.missing, lv.priority, lv.notes, lv.message, d.trace,
         d.assumptions)
        return lv.status, lv.path

    def full_pack(p: Profile) -> tuple[str, str | None]:
        lv = evaluate(net, p, AS_OF).level(LEVEL)
        return lv.status, lv.path

    def from_json(blob: bytes) -> tuple[str, str | None]:
        a = evaluate_answers(net, blob, AS_OF, levels=LEVEL, earliest=False)[0]
        return a.status, a.path

    def measure(name: str, decide: Callable[[Any], tuple[str, str | None]],
                items: Sequence[Any], subset: int, note: str) -> None:
        rate, ratio = per_profile(name, decide, items[:subset], want[:subset], args.repeat,
                                  people[:subset])
        rows.append((name, rate, ratio, note))

    count = len(people)
    small = max(1, count // 10)
    measure("plain Python baseline", lambda p: baseline.special_technician(p, AS_OF), people,
            count, "hand-written, plain, benchmarks/baseline.py")
    measure("answer-only", answer, people, count,
            "evaluate_answers(levels=特级技师, earliest=False): status, path, paths")
    measure("answer-only with earliest date", answer_dated, people, count,
            "evaluate_answers(levels=特级技师)")
    measure("full decision (特级技师)", full, people, count,
            "evaluate(levels=特级技师) as returned: status, path, paths read")
    measure("full decision, earliest read (特级技师)", full_dated, people, count,
            "the same, its earliest date read too")
    measure("full decision read whole (特级技师)", full_read, people, count,
            "the same, every field and the trace read: trace, citations, notes")
    measure("full decision (all 5 levels)", full_pack, people, small,
            f"evaluate(): the whole Shanghai decision; {small} profiles")
    reference = _reference()
    if reference is not None:
        def before(p: Profile) -> tuple[str, str | None]:
            lv = reference(net, p, AS_OF).level(LEVEL)
            return lv.status, lv.path

        measure("full decision (all 5), before", before, people, small,
                "tests/reference_evaluator.py, the evaluator before it was compiled")
    measure("JSON bytes -> answer", from_json, blobs, count,
            "evaluate_answers(net, blob): msgspec Structs, no Profile built")
    rate, ratio = alongside(json.loads, blobs, args.repeat, people)
    rows.append(("JSON parse alone (a floor)", rate, ratio,
                 "json.loads of the same bytes: no validation, no answer"))

    vector = by_hand = vector_ratio = None
    try:
        import polars as pl

        from baji.backends.columnar import evaluate_frame, to_frame
    except ImportError:
        pl = None
    if pl is not None:
        frame = to_frame(people)
        compiled = evaluate_frame(net, frame, AS_OF, levels=LEVEL)
        hand = peers.polars_by_hand(frame, AS_OF)
        got = list(zip(compiled["special_technician.status"], compiled["special_technician.path"]))
        if got != want or list(zip(hand["status"], hand["path"])) != want:
            raise SystemExit("vectorized answers differ from the baseline")
        big = pl.concat([frame] * max(1, args.vector_rows // len(frame)))
        # The hand-written expression decides status and path: baji is timed on the
        # same work (earliest=False) for the ratio, and with the earliest date beside.
        vectors, hands, dated = [], [], []
        for _ in range(args.repeat):  # interleaved, as for the per-profile figures
            hands.append(big.height / timed(lambda: peers.polars_by_hand(big, AS_OF)))
            vectors.append(big.height / timed(
                lambda: evaluate_frame(net, big, AS_OF, levels=LEVEL, earliest=False)))
            dated.append(big.height / timed(
                lambda: evaluate_frame(net, big, AS_OF, levels=LEVEL)))
        vector, by_hand = max(vectors), max(hands)
        vector_ratio = statistics.median(v / h for v, h in zip(vectors, hands))
        rows.append(("vectorized (polars, compiled)", vector, vector / base,
                     f"evaluate_frame(earliest=False) over {big.height} rows; rows/s"))
        rows.append(("vectorized with earliest date", max(dated), max(dated) / base,
                     "evaluate_frame, the earliest date too; rows/s"))
        rows.append(("vectorized (polars, by hand)", by_hand, by_hand / base,
                     "one hand-written polars expression, same frame; rows/s"))

    zen = peers.zen_decision(net, LEVEL)
    if zen is not None:
        measure("zen-engine expression", lambda p: zen(p, AS_OF), people, count,
                "compiled ZEN expression; leaves by baji's Python")
    durable = peers.durable_decision(net, LEVEL)
    if durable is not None:
        measure("durable-rules (baji.backends.rete)", lambda p: durable(p, AS_OF), people, small,
                f"assert + retract one fact under the lock; {small} profiles")

    size, inline_size = decision_size(net, people[:1000])
    warm, cold, compiled, programs = compile_time(max(args.repeat, 5))
    imported, bare, first_use, floor, msgspec_floor = import_time(max(args.repeat, 7))

    print(f"baji benchmark: 特级技师 of shanghai-2026 on {AS_OF}, {args.count} profiles, "
          f"best of {args.repeat}")
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print()
    print(f"{'':34} {'per second':>12} {'× baseline':>11}  note")
    for name, rate, ratio, note in rows:
        print(f"{name:34} {rate:12,.0f} {ratio:11.3f}  {note}")
    print()
    print(f"compile all packs (load + compile, warm)   {warm:8.1f} ms")
    print(f"compile all packs (fresh interpreter)      {cold:8.1f} ms")
    print(f"  of which compile_pack (packs already read) {compiled:6.1f} ms "
          "(the rest reads YAML with positions and validates it)")
    print(f"generate compiled programs, all packs      {programs:8.1f} ms")
    print(f"import baji (fresh interpreter)            {imported:8.1f} ms "
          f"(bare interpreter start {bare:.1f} ms; net {imported - bare:.1f} ms)")
    print(f"import baji + first answer (fresh)         {first_use:8.1f} ms "
          "(bundled pack compiled ahead, profile by the fast path)")
    print(f"  floor: msgspec alone                     {msgspec_floor:8.1f} ms "
          "(no baji: what a first answer without pydantic costs at least)")
    print(f"  pydantic + PyYAML, one model             {floor:8.1f} ms "
          "(no baji: what any first answer through pydantic models costs)")
    print(f"full decision JSON, all 5 levels (median)  {size / 1024:8.1f} KB "
          "(baji.dump_decision, texts by reference, of the first 1,000 candidates)")
    print(f"  the same with the texts inline           {inline_size / 1024:8.1f} KB "
          "(Decision.model_dump_json, --inline-texts)")
    figures = {name: rate for name, rate, _, _ in rows}
    ratios = {name: ratio for name, _, ratio, _ in rows}
    print()
    print("targets:")
    # Ratios of two figures each timed in alternation with the tuned baseline.
    checks = [
        ("answer-only ≥ 0.5× the tuned baseline", ratios["answer-only"], 0.5, "≥"),
        ("JSON bytes -> answer ≥ 1× json.loads alone",
         ratios["JSON bytes -> answer"] / ratios["JSON parse alone (a floor)"], 1.0, "≥"),
        ("full decision (特级技师) ≥ 0.4× answer-only",
         ratios["full decision (特级技师)"] / ratios["answer-only"], 0.4, "≥"),
        ("full decision JSON ≤ 10 KB (median, all 5 levels)", size / 1024, 10, "≤"),
        ("import baji + first answer < 150 ms", first_use, 150, "<"),
        ("compile all packs < 50 ms", cold, 50, "<"),
    ]
    if vector_ratio is not None:
        checks.insert(4, ("vectorized ≥ 1× polars by hand", vector_ratio, 1.0, "≥"))
    for label, value, target, op in checks:
        ok = (value >= target if op == "≥" else value <= target if op == "≤"
              else value < target)
        print(f"  {'met    ' if ok else 'NOT MET'}  {label}: {value:,.3f}")
    if args.json:
        args.json.write_text(json.dumps({
            "date": dt.date.today().isoformat(), "count": args.count, "repeat": args.repeat,
            "python": platform.python_version(), "cpus": os.cpu_count(),
            "load": os.getloadavg()[0], "per_second": figures, "ratio": ratios,
            "baseline": base, "decision_json_bytes": size,
            "decision_json_bytes_inline": inline_size,
            "compile_ms": {"warm": warm, "fresh": cold, "compile_pack": compiled,
                           "programs": programs},
            "import_ms": {"baji": imported, "bare": bare, "first_answer": first_use,
                          "pydantic_floor": floor, "msgspec_floor": msgspec_floor}},
            indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
