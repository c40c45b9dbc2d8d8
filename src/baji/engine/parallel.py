"""Batches of work in forked worker processes, results in input order.

``baji impact --jobs N`` and ``baji eval --roster --jobs N`` read a roster in the main
process and hand its rows to N workers, a few batches at a time (so memory stays bounded
however long the roster is). The workers are forked: what they share (compiled packs, the
evaluation date...) is set once before the fork as the *state*, never pickled; only the
batches and their results cross between processes.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

from baji.errors import EvaluationError, problem

_T = TypeVar("_T")
_R = TypeVar("_R")

#: Rows handed to a worker at a time.
BATCH = 200
#: The state of the running :func:`in_workers` (inherited by its forked workers).
_STATE: Any = None


def can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows, say)."""
    return "fork" in multiprocessing.get_all_start_methods()


def in_workers(work: Callable[[Any, list[_T]], _R], state: object, items: Iterable[_T],
               jobs: int, size: int = BATCH) -> Iterator[tuple[list[_T], _R]]:
    """Run ``work(state, batch)`` over ``items`` in batches of ``size``, in ``jobs``
    forked processes; yield each batch with its result, in input order.

    ``work`` must be a module-level function (it is sent by name); ``state`` is what every
    call shares, read by the workers from their copy of this process. At most ``2 * jobs``
    batches are in flight. One run at a time per process: the state is process-wide.
    """
    global _STATE
    _STATE = state
    pending: deque[tuple[list[_T], AsyncResult[_R]]] = deque()
    try:
        before = {p.pid for p in multiprocessing.active_children()}
        with multiprocessing.get_context("fork").Pool(jobs, _default_signals) as pool:
            workers = {p.pid for p in multiprocessing.active_children()} - before
            for batch in _batches(items, size):
                pending.append((batch, pool.apply_async(_run, (work, batch))))
                if len(pending) >= 2 * jobs:
                    done, result = pending.popleft()
                    yield done, _wait(result, workers, jobs)
            while pending:
                done, result = pending.popleft()
                yield done, _wait(result, workers, jobs)
    finally:
        _STATE = None


def _wait(result: AsyncResult[_R], workers: set[int | None], jobs: int) -> _R:
    """The result, once ready; or, when one of ``workers`` has died (killed by the
    system: the pool replaces it, and the batch it held would never come back), BAJI304.

    The workers are checked before every wait, not only when a result is late: a worker
    killed between two batches loses nothing, but the run fails as surely (a process the
    system kills is a sign of trouble), whatever the timing."""
    while True:
        if not workers <= {p.pid for p in multiprocessing.active_children()}:
            raise EvaluationError([problem("BAJI304", jobs=jobs)])
        try:
            return result.get(timeout=0.5)
        except multiprocessing.TimeoutError:
            continue


def _default_signals() -> None:
    """In a worker: SIGTERM and SIGHUP kill it again (the parent may have set handlers
    that unwind its own run, and the pool ends its workers with SIGTERM); SIGINT, which
    Ctrl-C sends to the whole process group, is left to the parent, which ends the pool
    (else every worker printed its own KeyboardInterrupt traceback)."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(work: Callable[[Any, list[_T]], _R], batch: list[_T]) -> _R:
    return work(_STATE, batch)


def _batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    batch: list[_T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
