"""Atomic output: a file appears whole or not at all (a temporary file beside it, then a
rename), with the mode a plain ``open(path, "w")`` would have given it.

Only regular files (and new paths) are replaced so: a symbolic link is written through
(the file it names is replaced, the link stays a link), and a named pipe or a device
(``/dev/stdout``, ``/dev/null``) is written to as it is, never replaced by a file.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from baji.errors import BajiError, problem


@contextlib.contextmanager
def atomic_writer(path: str | Path) -> Iterator[io.TextIOWrapper]:
    """Write a text file atomically: all of it appears, or none (temp file + rename).

    The file gets the mode a plain ``open(path, "w")`` would leave: a new file
    ``0o666`` less the umask, an existing one its own mode. The process umask is never
    read or changed (``os.umask`` sets it while reading it, a race in threaded
    programs): the temporary file is created with mode ``0o666``, which the kernel
    masks, or given the existing target's mode.
    """
    with _atomic(path, binary=False) as handle:
        yield handle  # type: ignore[misc]


@contextlib.contextmanager
def _atomic(path: str | Path, binary: bool) -> Iterator[IO[Any]]:
    """:func:`atomic_writer`'s work, for text or bytes."""
    how: dict[str, Any] = ({"mode": "wb"} if binary else
                           {"mode": "w", "encoding": "utf-8", "newline": "\n"})
    if _in_place(path):
        # A pipe or a device: there is nothing to replace, and a rename would put a
        # regular file in place of the device node.
        with open(path, **how) as stream:
            yield stream
        return
    target = Path(os.path.realpath(path))  # through symbolic links: the link stays
    # The temporary file is named before it is made, inside the ``try``: a signal that
    # ends the run the moment it exists then removes it too (it was left behind when the
    # signal came between its creation and the ``try``).
    tmp: str | None = None
    try:
        while True:
            tmp = _temporary_name(target)
            try:
                fd = os.open(tmp, _CREATE, 0o666)  # as open() makes it: 0o666 less the umask
                break
            except FileExistsError:  # pragma: no cover - 48 random bits taken already
                tmp = None  # another's file: never removed below
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        with os.fdopen(fd, **how) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def check_output(path: str | Path) -> None:
    """Refuse, before any work, an output path that cannot be written: its folder is
    missing or not a folder, or the path is a folder.

    Raises:
        BajiError: BAJI104, naming the path and the reason.
    """
    if _in_place(path):
        return
    target = Path(os.path.realpath(path))
    reason = None
    if target.is_dir():
        reason = "it is a folder"
    elif not target.parent.is_dir():
        reason = f"folder {str(Path(path).parent)!r} does not exist"
    elif not os.access(target.parent, os.W_OK | os.X_OK):
        reason = f"folder {str(Path(path).parent)!r} is not writable"
    if reason is not None:
        raise BajiError([problem("BAJI104", path=str(path), reason=reason)])


def _in_place(path: str | Path) -> bool:
    """Whether ``path`` is written as it is, not replaced: it exists and is neither a
    regular file nor a folder (a named pipe, a device, a socket), or it leads to a file a
    process holds open (``/dev/stdout``, ``/dev/fd/1``: links into ``/proc``, whose
    replacement would leave the holder writing to a file no one reads)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return True
    return stat.S_ISREG(mode) and _through_proc(str(path))


def _through_proc(path: str) -> bool:
    """Whether a chain of symbolic links from ``path`` passes through ``/proc``."""
    for _ in range(40):  # the kernel's own limit on links followed
        if os.path.abspath(path).startswith("/proc/"):
            return True
        if not os.path.islink(path):
            return False
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    return False


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _temporary_name(target: Path) -> str:
    """A new name beside ``target`` (same folder, so that the rename is atomic)."""
    folder = target.parent if str(target.parent) else Path(".")
    return str(folder / f".{target.name}.{secrets.token_hex(6)}.part")


def write_jsonl_atomic(path: str | Path, records: Iterable[dict[str, Any] | str]) -> int:
    """Write JSON records one per line, atomically; returns the number written."""
    count = 0
    with atomic_writer(path) as handle:
        for record in records:
            handle.write(record if isinstance(record, str) else
                         json.dumps(record, ensure_ascii=False, default=str))
            handle.write("\n")
            count += 1
    return count


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as :func:`atomic_writer` writes text: whole or not at
    all, with the mode a plain write gives; a pipe or a device is written as it is."""
    with _atomic(path, binary=True) as handle:
        handle.write(data)
