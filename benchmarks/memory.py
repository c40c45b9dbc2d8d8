"""Memory over a million evaluations: nothing may grow (no cache, no session, no leak).

    python benchmarks/memory.py [--count 1000000] [--every 100000]

Evaluates ``--count`` answer-only decisions (every level of shanghai-2026) and then
``--count`` full decisions of its 特级技师 level, cycling through 1,000 random candidates
of benchmarks/roster.py, and prints the resident set size (RSS, from /proc) every
``--every`` evaluations. A flat column is the result; the test suite runs a small
version of the same check with tracemalloc (tests/test_concurrency.py).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import roster  # noqa: E402

import baji  # noqa: E402
from baji.engine.answers import evaluate_answers  # noqa: E402
from baji.engine.decide import decide as evaluate  # noqa: E402


def rss_mib() -> float:
    """The resident set size of this process, in MiB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def run(name: str, step: Callable[[int], object], count: int, every: int) -> list[float]:
    """RSS after every ``every`` calls of ``step``; prints a line each time."""
    sizes = []
    start = time.perf_counter()
    for i in range(1, count + 1):
        step(i)
        if i % every == 0:
            gc.collect()
            sizes.append(rss_mib())
            print(f"{name:8} {i:>9,}  RSS {sizes[-1]:7.1f} MiB  "
                  f"{i / (time.perf_counter() - start):9,.0f}/s", flush=True)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--every", type=int, default=100_000)
    args = parser.parse_args(argv)
    net = baji.get_pack("shanghai-2026")
    people = [baji.Profile.model_validate(d) for d in roster.profiles(1000)]
    day = roster.AS_OF
    level = baji.Level.SPECIAL_TECHNICIAN
    print(f"start: RSS {rss_mib():.1f} MiB")
    answers = run("answers", lambda i: evaluate_answers(net, people[i % 1000], day),
                  args.count, args.every)
    # Each decision read whole (its trace), and each left with its answer alone read:
    # what it holds until then is freed with it.
    full = run("full", lambda i: evaluate(net, people[i % 1000], day, levels=level).trace,
               args.count, args.every)
    lazy = run("lazy", lambda i: evaluate(net, people[i % 1000], day, levels=level)
               .levels[0].status, args.count, args.every)
    for name, sizes in (("answers", answers), ("full", full), ("lazy", lazy)):
        growth = sizes[-1] - sizes[0]
        print(f"{name}: RSS from the first to the last checkpoint {sizes[0]:.1f} -> "
              f"{sizes[-1]:.1f} MiB ({growth:+.1f} MiB over {args.count - args.every:,} "
              "evaluations)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
