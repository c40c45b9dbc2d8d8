"""The signals that end a run: Ctrl-C (SIGINT), SIGTERM and SIGHUP.

Each is raised where the run is, as ``KeyboardInterrupt`` (SIGINT) or :class:`Stopped`
(SIGTERM, SIGHUP, a ``KeyboardInterrupt`` too), so that the run unwinds: an output being
written is left whole or not at all, and its temporary file is removed.

Python cannot pass on an exception raised where it runs a finaliser or a callback from C
(it prints "Exception ignored in ..." with a traceback, and goes on): a signal handled
just then would be lost, and the run would go to its end. Where a library wraps what its
callbacks raise (pydantic's serialiser), it comes back as another exception. So each
signal is also noted: :func:`noted` tells the command line how the run ended,
:func:`raise_if_stopped`, called once per row, raises it again, and the traceback of an
exception Python could not raise is not printed (``sys.unraisablehook``).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: The signals that end a run.
ENDING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
               if hasattr(signal, name))

_noted: list[int] = []


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the run is so that it unwinds."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def handled() -> Iterator[None]:
    """Raise the signals that end a run as exceptions for the time of the block (in the
    main thread: elsewhere a signal never reaches Python code)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _noted.clear()
    hook = sys.unraisablehook

    def unraisable(unraisable: sys.UnraisableHookArgs) -> None:
        if not (_noted and isinstance(unraisable.exc_value, KeyboardInterrupt)):
            hook(unraisable)  # anything else is said as Python would

    sys.unraisablehook = unraisable
    # A signal ignored when baji starts stays ignored: `nohup baji ...` ignores SIGHUP,
    # and a shell's background job SIGINT, on purpose.
    previous = {signum: signal.signal(signum, _handle) for signum in ENDING
                if signal.getsignal(signum) is not signal.SIG_IGN}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        sys.unraisablehook = hook
        _noted.clear()


def noted() -> int | None:
    """The first signal that ended the run, if one did."""
    return _noted[0] if _noted else None


def raise_if_stopped() -> None:
    """Raise the first signal noted, were its exception lost on the way."""
    if _noted:
        _raise(_noted[0])


def _handle(signum: int, frame: FrameType | None) -> None:
    _noted.append(signum)
    _raise(signum)


def _raise(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)
