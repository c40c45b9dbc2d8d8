"""baji.engine.parallel: batches in forked workers, results in input order, and a worker
that dies (at whatever point) failing the run at once instead of leaving it waiting.

The cases that could hang run in a child Python under a timeout, so that a hang is a
failure and never a stuck suite (issue #15, item 8)."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
import threading
import time
from typing import Any

import pytest

from baji.engine.parallel import can_fork, in_workers

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes are forked")


def _double(state: Any, batch: list[int]) -> list[int]:
    return [state * item for item in batch]


def _fail_on_seven(state: Any, batch: list[int]) -> list[int]:
    if 7 in batch:
        raise ValueError(f"seven in batch starting {batch[0]}")
    return batch


def _unpicklable(state: Any, batch: list[int]) -> object:
    return threading.Lock()


def test_results_come_in_input_order_whatever_the_jobs() -> None:
    """Every batch comes back with its own result, in input order, with 1, 2 and 3
    workers, and the state reaches the workers without being sent."""
    items = list(range(1000))
    for jobs in (1, 2, 3):
        got = list(in_workers(_double, 3, items, jobs, size=7))
        assert [b for b, _ in got] == [items[i:i + 7] for i in range(0, 1000, 7)]
        assert [r for _, r in got] == [[3 * i for i in b] for b, _ in got]
    assert multiprocessing.active_children() == []


def test_an_exception_in_work_is_raised_in_the_parent() -> None:
    """What ``work`` raises in a worker is raised where the results are read, with its
    message, and the workers are gone afterwards."""
    with pytest.raises(ValueError, match="seven in batch starting 5"):
        list(in_workers(_fail_on_seven, None, range(20), 2, size=5))
    assert multiprocessing.active_children() == []


def test_a_result_that_cannot_be_sent_back_is_said_in_the_parent() -> None:
    """A result that cannot be pickled is a bug in ``work``: a ``RuntimeError`` that says
    so, not a worker that died (BAJI304) nor a hang."""
    with pytest.raises(RuntimeError, match="could not send back a result of type lock"):
        list(in_workers(_unpicklable, None, range(3), 2))
    assert multiprocessing.active_children() == []


def test_closing_early_ends_the_workers() -> None:
    """A caller that stops reading (and closes the iteration) leaves no worker process
    behind."""
    results = in_workers(_double, 1, range(10_000), 2, size=10)
    assert next(results)[1] == list(range(10))
    results.close()
    assert multiprocessing.active_children() == []


def _run_child(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, check=False)


# Each worker, on its batch of the marked number, starts a thread that kills its own
# process (SIGKILL, as the system's out-of-memory killer does) while the large result
# is being pickled and sent: the parent sees part of a message, then the end of the pipe.
_KILLED_WHILE_SENDING = """
import os, signal, sys, threading, time
from baji.engine.parallel import in_workers
from baji.errors import EvaluationError

def work(state, batch):
    if batch[0] == 6:
        threading.Thread(target=lambda: (time.sleep(0.05),
                                         os.kill(os.getpid(), signal.SIGKILL))).start()
        return [b"x" * (1 << 20)] * 400   # 400 MiB to send: the kill lands midway
    return batch

start = time.monotonic()
try:
    for batch, result in in_workers(work, None, range(40), 2, size=2):
        pass
except EvaluationError as exc:
    print(exc.problems[0].code, round(time.monotonic() - start, 1))
"""


def test_a_worker_killed_while_sending_its_result_fails_the_run_at_once() -> None:
    """A worker killed halfway through sending a result back (the case that left the
    result thread of ``multiprocessing.Pool`` and ``ProcessPoolExecutor`` waiting for the
    rest of the message forever): BAJI304, within seconds."""
    done = _run_child(_KILLED_WHILE_SENDING)
    assert done.returncode == 0, done.stderr
    code, seconds = done.stdout.split()
    assert code == "BAJI304" and float(seconds) < 30


_KILLED_WHILE_IDLE = """
import os, signal, time
from baji.engine.parallel import in_workers
from baji.errors import EvaluationError

def work(state, batch):
    return os.getpid()

results = in_workers(work, None, range(4), 2, size=1)
first = next(results)[1]
os.kill(first, signal.SIGKILL)   # between two batches: holds none of the work
time.sleep(0.5)
try:
    print(len(list(results)))
except EvaluationError as exc:
    print(exc.problems[0].code)
"""


def test_a_worker_killed_between_batches_fails_the_run() -> None:
    """A worker killed while it holds no batch loses no row, but the run fails as surely
    (BAJI304): a process the system kills is a sign of trouble, whatever the timing."""
    done = _run_child(_KILLED_WHILE_IDLE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["BAJI304"]


# A child waiting on a slow batch gets SIGINT from a timer thread after a second.
_INTERRUPTED_WHILE_WAITING = """
import multiprocessing, os, signal, threading, time
from baji.engine.parallel import in_workers

def work(state, batch):
    time.sleep(60)

signal.signal(signal.SIGINT, signal.default_int_handler)  # were it ignored here
threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
{block}
start = time.monotonic()
try:
    list(in_workers(work, None, range(10), 2, size=1))
except KeyboardInterrupt:
    print("interrupted", len(multiprocessing.active_children()),
          time.monotonic() - start < 30)
"""


@pytest.mark.parametrize("block", [
    "",
    # the main thread blocks SIGINT, so the system hands it to the timer's thread
    "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})",
], ids=["main thread", "another thread"])
def test_an_interrupt_while_waiting_ends_the_workers(block: str) -> None:
    """SIGINT to this process while it waits for a slow batch: ``KeyboardInterrupt``
    where the results are read, and no worker left (they ignore SIGINT themselves).
    Also when the system hands the signal to another thread of the process (as a
    program's own threads may be picked): the handler still runs within moments (the
    wait had no end, and the run went on until the batch came back)."""
    done = _run_child(_INTERRUPTED_WHILE_WAITING.replace("{block}", block))
    assert done.stdout.split() == ["interrupted", "0", "True"], done.stderr


def test_no_pipe_of_a_worker_is_left_open() -> None:
    """After a run the parent holds no more file descriptors than before it (each worker
    has two pipes; a leak would exhaust them over many runs)."""
    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    if before is None:
        pytest.skip("no /proc")
    for _ in range(5):
        list(in_workers(_double, 1, range(100), 3, size=10))
    time.sleep(0.1)
    assert len(os.listdir("/proc/self/fd")) == before
