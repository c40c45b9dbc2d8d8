"""Batches of work in forked worker processes, results in input order.

``baji impact --jobs N`` and ``baji eval --roster --jobs N`` read a roster in the main
process and hand its rows to N workers, a few batches at a time (so memory stays bounded
however long the roster is). The workers are forked: what they share (compiled packs, the
evaluation date...) is set once before the fork as the *state*, never pickled; only the
batches and their results cross between processes.

Each worker has a pipe of its own each way and nothing else: the parent has no thread,
and a pipe has one reader and one writer, so a worker that dies, killed by the system at
whatever point (even halfway through sending a result), closes its ends and the parent
reads the end of the file or writes into a broken pipe at once (BAJI304) instead of
waiting. (``multiprocessing.Pool`` and ``ProcessPoolExecutor`` share one result queue
between the workers, read by a thread of the parent; a worker killed in the middle of a
message left that thread waiting for the rest forever.) Batches go round the workers in
turn, so the results come back in input order by reading the workers in the same turn.
The signals that end a run (Ctrl-C, SIGTERM, SIGHUP) unwind it wherever it is, as in one
process, and the workers are ended with it; only while workers are started and ended are
they held for a moment (:class:`_Held`), so that none is left half started or running.
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import signal
import threading
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import FrameType, TracebackType
from typing import Any, TypeVar

from baji.errors import EvaluationError, problem

_T = TypeVar("_T")
_R = TypeVar("_R")

#: Rows handed to a worker at a time.
BATCH = 200
#: Seconds a worker has to end once told to, before it is killed.
_GRACE = 5.0
#: Seconds between two looks at a signal while a result is awaited.
_POLL = 0.1
#: The state of the running :func:`in_workers` (inherited by its forked workers).
_STATE: Any = None
#: The signals that end a run.
_ENDING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                if hasattr(signal, name))


def can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows, say)."""
    return "fork" in multiprocessing.get_all_start_methods()


def in_workers(work: Callable[[Any, list[_T]], _R], state: object, items: Iterable[_T],
               jobs: int, size: int = BATCH) -> Generator[tuple[list[_T], _R], None, None]:
    """Run ``work(state, batch)`` over ``items`` in batches of ``size``, in ``jobs``
    forked processes; yield each batch with its result, in input order.

    ``work`` must be a module-level function (it is sent by name); ``state`` is what every
    call shares, read by the workers from their copy of this process. At most ``2 * jobs``
    batches are in flight. One run at a time per process: the state is process-wide.

    However the iteration ends (done, an exception here or in the caller, an interrupt,
    the generator closed), the worker processes have ended with it.

    Raises:
        EvaluationError: BAJI304, a worker process died (its batches would never come
            back), found when its batch is sent or awaited, or as the run ends.
        Exception: what ``work`` raised in a worker.
    """
    global _STATE
    _STATE = state
    held = _Held()
    workers: list[_Worker] = []
    pending: deque[tuple[list[_T], _Worker]] = deque()
    finished = False
    try:
        with held:  # a worker half started would be a worker nobody ends
            for _ in range(jobs):
                workers.append(_Worker.start(workers))
        for number, batch in enumerate(_batches(items, size)):
            worker = workers[number % jobs]
            worker.send((work, batch), jobs)
            pending.append((batch, worker))
            if len(pending) >= 2 * jobs:
                done, worker = pending.popleft()
                yield done, worker.receive(jobs)
        while pending:
            done, worker = pending.popleft()
            yield done, worker.receive(jobs)
        finished = True
    finally:
        held.holding = True  # an interrupt now would cut the ending short
        try:
            ended = _end(workers, finished)
        finally:
            _STATE = None
            held.uninstall(deliver=finished)
    if not ended:  # killed once its last batch was sent back: nothing lost, yet a sign
        raise EvaluationError([problem("BAJI304", jobs=jobs)])


@dataclass
class _Worker:
    """One worker process and the parent's ends of its two pipes."""

    process: BaseProcess
    tasks: Connection  # parent -> worker
    results: Connection  # worker -> parent

    @classmethod
    def start(cls, others: list[_Worker]) -> _Worker:
        """Fork a worker. It closes the parent's ends of the pipes of the workers forked
        before it (a copy held there would keep a pipe open after its worker died)."""
        context = multiprocessing.get_context("fork")
        task_out, task_in = context.Pipe(duplex=False)
        result_out, result_in = context.Pipe(duplex=False)
        stale = [c for w in others for c in (w.tasks, w.results)] + [task_in, result_out]
        process = context.Process(target=_serve, args=(task_out, result_in, stale),
                                  name="baji-worker", daemon=True)
        try:
            process.start()
        finally:  # the worker's ends are the worker's alone
            task_out.close()
            result_in.close()
        return cls(process, task_in, result_out)

    def send(self, message: object, jobs: int) -> None:
        try:
            self.tasks.send(message)
        except OSError:  # a broken pipe: the worker has died
            raise EvaluationError([problem("BAJI304", jobs=jobs)]) from None

    def receive(self, jobs: int) -> Any:
        # Waited for in steps: a signal the system hands to another thread of this process
        # (a program using baji may have threads) runs its handler only when the main
        # thread runs Python code again, which a wait without end would never do.
        while not wait([self.results, self.process.sentinel], _POLL):
            pass
        try:
            ok, value = self.results.recv()
        except (EOFError, OSError):  # the worker has died, perhaps halfway through
            raise EvaluationError([problem("BAJI304", jobs=jobs)]) from None
        if not ok:
            raise value
        return value


def _end(workers: list[_Worker], finished: bool) -> bool:
    """End the workers: told to (their task pipe closed) once the run is done, else
    terminated (their batches are unwanted); killed when they do not end in time. Whether
    every worker ended as told."""
    for worker in workers:
        worker.tasks.close()  # the end of the file: the worker finishes and exits
        if not finished:
            worker.process.terminate()
    clean = True
    for worker in workers:
        worker.process.join(_GRACE)
        if worker.process.exitcode is None:  # pragma: no cover - a worker stuck
            worker.process.kill()
            worker.process.join()
        worker.results.close()
        clean = clean and worker.process.exitcode == 0
    return clean


def _serve(tasks: Connection, results: Connection, stale: list[Connection]) -> None:
    """A worker: run each batch received, send back ``(True, result)`` or ``(False,
    exception)``, until the task pipe ends. A thread reads the tasks as they come, so
    the parent's sending never waits for this worker to send a result (were both to
    wait for the other with a full pipe, neither would move)."""
    _default_signals()
    for connection in stale:
        connection.close()
    inbox: queue.SimpleQueue[tuple[Callable[[Any, list[Any]], Any], list[Any]] | None] = (
        queue.SimpleQueue())

    def read() -> None:
        try:
            while True:
                inbox.put(tasks.recv())
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=read, name="baji-worker-inbox", daemon=True).start()
    while (task := inbox.get()) is not None:
        work, batch = task
        try:
            answer: tuple[bool, Any] = (True, work(_STATE, batch))
        except Exception as exc:  # noqa: BLE001 - raised again in the parent
            answer = (False, exc)
        try:
            _answer(results, answer)
        except OSError:  # the parent has gone: nobody to answer
            return


def _answer(results: Connection, answer: tuple[bool, Any]) -> None:
    """Send ``answer``; what cannot be pickled (a bug in ``work``) goes as a
    ``RuntimeError`` saying what it was, to be raised in the parent."""
    try:
        results.send(answer)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        what = ("".join(traceback.format_exception(answer[1])) if not answer[0]
                else f"a result of type {type(answer[1]).__name__}")
        results.send((False, RuntimeError(f"a worker could not send back {what}: {exc}")))


class _Held:
    """The handlers of the signals that end a run, for the time of one :func:`in_workers`.

    While ``holding`` (inside ``with``), such a signal is only noted; when the block is
    left, the first one noted is passed on to the handler that was there before (the
    command line's, which unwinds the run: ``KeyboardInterrupt`` for SIGINT). Outside the
    block a signal goes straight to that handler, as if this one were not there. Only the
    main thread gets signals, so elsewhere nothing is installed.
    """

    def __init__(self) -> None:
        self.holding = False
        self.caught: list[int] = []
        self.previous: dict[int, Any] = {}
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in _ENDING:
            before = signal.getsignal(signum)
            # None: set outside Python, and could not be put back; ignored: stays so.
            if before is not None and before is not signal.SIG_IGN:
                self.previous[signum] = before
                signal.signal(signum, self._handle)

    def __enter__(self) -> None:
        self.holding = True

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.holding = False  # first: a signal from now on goes straight through
        caught, self.caught = self.caught, []
        if caught:
            self._pass_on(caught[0], None)

    def uninstall(self, deliver: bool) -> None:
        """Put the previous handlers back; with ``deliver``, pass on a signal held."""
        for signum, before in self.previous.items():
            signal.signal(signum, before)
        self.holding = False
        if deliver and self.caught:
            signal.raise_signal(self.caught[0])  # now to the handler put back

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.holding:
            self.caught.append(signum)
        else:
            self._pass_on(signum, frame)

    def _pass_on(self, signum: int, frame: FrameType | None) -> None:
        before = self.previous.get(signum)
        if callable(before):
            before(signum, frame)
        elif before == signal.SIG_DFL:  # the system's action (most often: the end)
            signal.signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)
            signal.signal(signum, self._handle)


def _default_signals() -> None:
    """In a worker: SIGTERM and SIGHUP kill it again (the parent may have set handlers
    that unwind its own run, and the workers are ended with SIGTERM); SIGINT, which
    Ctrl-C sends to the whole process group, is left to the parent, which ends the
    workers (else every worker printed its own KeyboardInterrupt traceback)."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    batch: list[_T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
