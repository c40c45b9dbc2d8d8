"""Reading files with a bound: never more than :data:`MAX_BYTES` read, and bytes decoded
as UTF-8 with the place of the first bad byte."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from baji.errors import Problem, problem

#: Files larger than this are refused unread (a pack is ~50 kB, the largest bundled 54 kB).
MAX_BYTES = 2 * 1024 * 1024


def open_regular(path: str | Path) -> BinaryIO:
    """``path`` opened for reading, when it is a regular file (through links).

    A named pipe, a device (``/dev/zero``), a socket or a folder is refused at once with
    an ``OSError`` whose ``strerror`` says what it is: reading one would wait for a
    writer that may never come, or never end. It is looked at before it is opened
    (opening a device can do something), and opened without waiting (a named pipe
    put there in between is then caught as well).

    Raises:
        OSError: it cannot be opened, or it is not a regular file.
    """
    _refuse_unless_regular(os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        _refuse_unless_regular(os.fstat(fd).st_mode)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _refuse_unless_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a folder" if stat.S_ISDIR(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a file")
    raise OSError(errno.EINVAL, f"it is {kind}, not a regular file")


def read_bounded(path: str | Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of ``path``, or the problem: unreadable, not a regular file (see
    :func:`open_regular`), or over :data:`MAX_BYTES` (refused without reading past the
    limit)."""
    try:
        with open_regular(path) as handle:
            data = handle.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                handle.seek(0, 2)
                return None, [_too_big(handle.tell(), shown)]
    except OSError as exc:
        return None, [problem("BAJI109", path=shown, reason=exc.strerror or str(exc))]
    return data, []


def read_bounded_stream(stream: BinaryIO, shown: str) -> tuple[bytes | None, list[Problem]]:
    """:func:`read_bounded` for a stream (standard input): its bytes up to the end, or
    the problem; past :data:`MAX_BYTES` it stops reading, the size left untold."""
    try:
        data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [problem("BAJI109", path=shown, reason=exc.strerror or str(exc))]
    if len(data) > MAX_BYTES:
        return None, [_too_big(f"more than {MAX_BYTES}", shown)]
    return data, []


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a BOM is accepted), or report where the first bad byte is."""
    if len(data) > MAX_BYTES:
        return None, [_too_big(len(data), path)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        before = data[bom: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        return None, [problem("BAJI106", path=path, line=line, column=col,
                              byte=f"{data[exc.start]:#04x}")]


def _too_big(size: int | str, path: str) -> Problem:
    return problem("BAJI105", path=path, line=1, column=1, size=size, limit=MAX_BYTES)
