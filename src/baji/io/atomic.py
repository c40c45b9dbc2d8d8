"""Atomic output: a file appears whole or not at all (a temporary file beside it, then a
rename), with the mode a plain ``open(path, "w")`` would have given it."""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

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
    target = Path(path)
    fd, tmp = _create_temporary(target)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def check_output(path: str | Path) -> None:
    """Refuse, before any work, an output path that cannot be written: its folder is
    missing or not a folder, or the path is a folder.

    Raises:
        BajiError: BAJI104, naming the path and the reason.
    """
    target = Path(path)
    reason = None
    if target.is_dir():
        reason = "it is a folder"
    elif not target.parent.is_dir():
        reason = f"folder {str(Path(path).parent)!r} does not exist"
    elif not os.access(target.parent, os.W_OK | os.X_OK):
        reason = f"folder {str(Path(path).parent)!r} is not writable"
    if reason is not None:
        raise BajiError([problem("BAJI104", path=str(path), reason=reason)])


def _create_temporary(target: Path) -> tuple[int, str]:
    """A new, empty file beside ``target`` (same directory, so the rename is atomic),
    opened for writing, created with mode ``0o666`` less the umask (as ``open`` does)."""
    folder = target.parent if str(target.parent) else Path(".")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = str(folder / f".{target.name}.{secrets.token_hex(6)}.part")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:  # pragma: no cover - 48 random bits taken already
            continue


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
