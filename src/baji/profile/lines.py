"""Physical lines of a roster read with a bound: a line over the row limit is measured
and dropped in chunks, never held whole (:mod:`baji.profile.roster`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

_S = TypeVar("_S", str, bytes)


def read_line(readline: Callable[[int], _S], limit: int, size: Callable[[_S], int],
               ending: _S) -> tuple[_S, int | None]:
    """The next line, with its ending (empty at the end of the file), and ``None``; or,
    when the line is over ``limit`` bytes without its ending, its first part and its size
    in bytes: the rest is read in chunks and dropped, so memory stays bounded.

    ``readline(n)`` reads at most ``n`` characters (or bytes); ``size`` measures in bytes;
    ``ending`` holds the line-ending characters.
    """
    line = readline(limit + 2)  # room for the content and a CRLF
    cut = len(line) - len(line.rstrip(ending))
    if cut == 0 and len(line) == limit + 2:  # the line goes on: count it, drop it
        total = size(line)
        while True:
            more = readline(1 << 20)
            total += size(more)
            cut = len(more) - len(more.rstrip(ending))
            if not more or cut:
                return line[:200], total - cut
    content = size(line) - cut
    return (line[:200], content) if content > limit else (line, None)


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogateescape"))



class TooLong(Exception):
    """A physical line over the row limit: its line number, size in bytes and start."""

    def __init__(self, line: int, size: int, head: str) -> None:
        super().__init__(line, size)
        self.line = line
        self.size = size
        self.head = head


class TextLines(Protocol):
    """A text stream read line by line (a text file, or
    :class:`~baji.profile.spreadsheet.StreamText`)."""

    def readline(self, size: int = -1, /) -> str: ...


class LineCounter:
    """Wraps a text stream for csv.reader, counting physical lines; a line over ``limit``
    bytes is not returned but raised as :class:`TooLong` (csv.reader passes it on)."""

    def __init__(self, stream: TextLines, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.line = 0
        self.record: list[str] = []
        self.pending: list[str | TooLong] = []

    def __iter__(self) -> LineCounter:
        return self

    def __next__(self) -> str:
        if self.pending:
            item = self.pending.pop(0)
            self.line += 1
            if isinstance(item, TooLong):
                raise item
            self.record.append(item)
            return item
        text, oversize = read_line(self.stream.readline, self.limit, utf8_size, "\r\n")
        if not text:
            raise StopIteration
        self.line += 1
        if oversize is not None:
            raise TooLong(self.line, oversize, text.rstrip("\r\n"))
        self.record.append(text)
        return text

    def begin_record(self) -> None:
        """Mark the start of a record (for :meth:`restart_after_first_line`)."""
        self.record = []

    def restart_after_first_line(self, then: TooLong | None = None) -> str:
        """Give back every line of the current record but its first (and then ``then``,
        the long line that stopped it); return the first."""
        first, rest = (self.record[0] if self.record else ""), self.record[1:]
        back: list[str | TooLong] = [*rest, *([then] if then is not None else [])]
        self.pending = back + self.pending
        self.line -= len(back)
        self.record = []
        return first.rstrip("\r\n")
