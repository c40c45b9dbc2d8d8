"""Streams read once (standard input, a pipe): a look at their start that reads nothing
twice and loses nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import BinaryIO

#: How much blank text :func:`look_ahead` reads, at most, looking for the first character.
LOOK_LIMIT = 64 * 1024

_BLANK = b" \t\r\n"
_BOM = b"\xef\xbb\xbf"


def look_ahead(stream: BinaryIO | io.BufferedIOBase, limit: int = LOOK_LIMIT
               ) -> tuple[bytes, io.BufferedReader]:
    """The first byte of ``stream`` other than white space (after a UTF-8 BOM), or
    ``b""`` when there is none in its first ``limit`` bytes (or it is empty); and a
    stream that gives all of ``stream`` again from its start, the bytes looked at
    included.

    The stream is read as its data come (``read1`` where it has it: a pipe's writer may
    write slowly), never past ``limit`` bytes before its reader gets it; closing the
    stream given back leaves ``stream`` open.
    """
    read: Callable[[int], bytes] = getattr(stream, "read1", stream.read)
    head = b""
    while len(head) < limit:
        chunk = read(limit - len(head))
        if not chunk:
            break
        head += chunk
        first = _first(head)
        if first:
            return first, io.BufferedReader(Prefixed(head, read))
    return _first(head), io.BufferedReader(Prefixed(head, read))


def _first(head: bytes) -> bytes:
    text = head[len(_BOM):] if head.startswith(_BOM) else head
    return text.lstrip(_BLANK)[:1]


class Prefixed(io.RawIOBase):
    """``prefix``, then what ``read`` gives (its stream stays open when this closes)."""

    def __init__(self, prefix: bytes, read: Callable[[int], bytes]) -> None:
        super().__init__()
        self._prefix = memoryview(prefix)
        self._read = read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            size = min(len(buffer), len(self._prefix))
            buffer[:size] = self._prefix[:size]
            self._prefix = self._prefix[size:]
            return size
        data = self._read(len(buffer))
        buffer[:len(data)] = data
        return len(data)
