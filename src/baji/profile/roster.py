"""Rosters: many candidate profiles in one JSONL, CSV or ``.xlsx`` file, read row by row.

Nothing is dropped silently: every data row comes back as a :class:`RosterRow` holding
either a validated :class:`~baji.profile.Profile` or the error that made it bad (row
number, line, reason). Reading streams, so a roster of any length fits in memory.

JSONL: one JSON object per line; blank lines are skipped; a line that is not valid JSON
or not valid UTF-8 is a bad row. CSV: the layout for HR exports is documented in
docs/roster.md (one row per candidate, one column per fact, lists separated by ``;``)
and read into a profile mapping by :mod:`baji.profile.csv_layout`; a CSV in UTF-8 or
GB18030/GBK, and the first sheet of an ``.xlsx`` workbook, are read alike
(:mod:`baji.profile.spreadsheet`).

A line longer than :data:`MAX_ROW_BYTES` (the limit of a profile file, since a row is
one profile) is a bad row of its own, read past without being held in memory.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from baji.errors import Problem, ProfileError, from_params, problem
from baji.io.bounded import MAX_BYTES
from baji.io.streams import look_ahead
from baji.io.strict_json import loads_json
from baji.profile.csv_layout import CellError, check_header, row_to_profile
from baji.profile.fast import FastProfile, Refused, convert_profile, decode
from baji.profile.lines import LineCounter, TooLong, read_line
from baji.profile.model import Profile
from baji.profile.spreadsheet import StreamText, csv_encoding, xlsx_rows

#: A roster line (a JSONL line, a CSV line) is at most this many bytes, its line ending
#: not counted: the limit of a profile file (:data:`baji.io.bounded.MAX_BYTES`, 2 MiB), as a
#: row is one profile. A longer line is a bad row (BAJI222), read past in chunks.
MAX_ROW_BYTES = MAX_BYTES


@dataclass(frozen=True)
class Unchecked:
    """What is left to do for a row read with ``iter_roster(..., check=False)``: parse
    and validate a JSONL line (the row's ``raw`` text, and ``ending``, its line ending,
    ``"\n"`` or ``""`` at the end of a file), or validate a CSV row (``data``, the
    profile mapping its cells give). :func:`checked` does it, wherever it runs (a worker
    process, say: it is cheap to send)."""

    path: str
    ending: str | None = None
    data: dict[str, Any] | None = None


@dataclass(frozen=True)
class RosterRow:
    """One data row of a roster.

    Attributes:
        number: 1-based number of the data row (header and blank lines not counted).
        line: 1-based line of the file where the row starts.
        profile: the validated profile, or ``None`` when the row is bad (or unchecked):
            a Struct of :mod:`baji.profile.fast` when the fast path took the row (the
            same attributes as a :class:`Profile`, and what the evaluators read;
            :func:`baji.profile.fast.to_model` gives the :class:`Profile`), else a
            :class:`Profile`.
        error: why the row is bad, or ``None``.
        raw: the row's text as read (for reports).
        unchecked: with ``iter_roster(..., check=False)``, the checks left for
            :func:`checked` on a row that got past reading; ``None`` otherwise.
    """

    number: int
    line: int
    profile: Profile | FastProfile | None
    error: ProfileError | None
    raw: str
    unchecked: Unchecked | None = None

    @property
    def ok(self) -> bool:
        """Whether the row holds a valid profile."""
        return self.profile is not None


def roster_format(path: str | Path) -> str:
    """``jsonl``, ``csv`` or ``xlsx``, from the file name.

    Raises:
        ProfileError: the suffix is neither.
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".xlsx"):
        return suffix[1:]
    raise ProfileError([problem("BAJI210", path=str(path), file=str(path))])


def iter_roster(path: str | Path, *, max_row_bytes: int = MAX_ROW_BYTES,
                check: bool = True) -> Iterator[RosterRow]:
    """Read a JSONL, CSV or ``.xlsx`` roster row by row (streaming; a workbook's sheet
    is read whole first).

    Args:
        path: a ``.jsonl``/``.ndjson``, ``.csv`` or ``.xlsx`` file.
        max_row_bytes: the longest line read, in bytes without its line ending; a longer
            line is a bad row (BAJI222) and reading goes on with the next line.
        check: ``False`` leaves the JSON parsing of each line and the validation of each
            profile to :func:`checked` (rows come with ``unchecked`` set), so that they
            can run elsewhere; ``checked(row)`` gives the row ``check=True`` gives.

    Raises:
        ProfileError: the file cannot be opened, its encoding is neither UTF-8 nor
            GB18030, or a header is unusable (every row would be misread). Bad rows do
            not raise: they come back with ``error`` set.
    """
    fmt = roster_format(path)
    if fmt == "xlsx":
        if not os.access(path, os.R_OK):
            raise ProfileError([problem("BAJI211", path=str(path),
                                        reason="no such file or not readable")])
        return _xlsx(str(path), check)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the generator below
    except OSError as exc:
        raise ProfileError([problem("BAJI211", path=str(path),
                                    reason=exc.strerror or str(exc))]) from None
    if fmt == "jsonl":
        return _jsonl(handle, str(path), max_row_bytes, check)
    return _csv(handle, str(path), max_row_bytes, check)


def iter_roster_stream(stream: BinaryIO, *, display: str = "<stdin>",
                       max_row_bytes: int = MAX_ROW_BYTES, check: bool = True
                       ) -> Iterator[RosterRow]:
    """:func:`iter_roster` for a stream read once, as it comes (standard input:
    ``sys.stdin.buffer``), named ``display`` in problems. It is JSONL when its first
    character other than white space is ``{`` (a JSONL row is an object), CSV otherwise
    (a CSV roster starts with its header); an empty stream has no rows. The stream is
    left open.

    Raises:
        ProfileError: a CSV header is unusable.
    """
    first, handle = look_ahead(stream)
    if first == b"{" or not first:
        return _jsonl(handle, display, max_row_bytes, check)
    return _csv(handle, display, max_row_bytes, check, stream=True)


def iter_jsonl(data: bytes, *, display: str = "<roster>",
               max_row_bytes: int = MAX_ROW_BYTES) -> Iterator[RosterRow]:
    """:func:`iter_roster` for a JSONL roster held in memory (a request body, say):
    the same rows, bad ones included, with ``display`` as the file named in problems.
    Nothing is read from or written to a file."""
    return _jsonl(io.BytesIO(data), display, max_row_bytes, True)


def checked(row: RosterRow) -> RosterRow:
    """``row`` parsed and validated, when read with ``iter_roster(..., check=False)``:
    the good row with its profile, or the bad row with its error, equal to the row
    ``check=True`` gives; any other row as it is."""
    todo = row.unchecked
    if todo is None:
        return row
    if todo.ending is not None:
        return _jsonl_row(row.number, row.line, todo.path, row.raw + todo.ending)
    return _validated(row.number, row.line, todo.path, todo.data, row.raw)


def count_rows(path: str | Path) -> int | None:
    """A quick upper bound of the data rows (lines), for progress bars; ``None`` when
    the roster is not a regular file (a named pipe, a device): it can be read only once,
    and counting would drain it."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
    except OSError:
        return None
    if roster_format(path) == "xlsx":
        return None
    with open(path, "rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return max(0, lines - (1 if roster_format(path) == "csv" else 0)) or 1


def _bad(number: int, line: int, path: str, raw: str, code: str, *,
         column: int | None = None, **params: object) -> RosterRow:
    """A bad row: the problem ``code`` of the catalogue, with the row number kept as a
    parameter (so that it renders in either language: ``row 3:`` / ``第 3 行：``)."""
    found = from_params(code, {"row": number, **params}, path=path, line=line, column=column)
    return RosterRow(number, line, None, ProfileError([found]), raw)


def _in_row(found: Problem, number: int, line: int, path: str) -> Problem:
    """``found`` (from reading or validating one row) located in the roster: its file,
    line and row number; its code, parameters and JSON path are kept."""
    return replace(found, path=path, line=line, params=found.params + (("row", number),))


def _not_utf8(number: int, line: int, column: int | None, path: str, byte: int,
              raw: str, encoding: str = "UTF-8") -> RosterRow:
    """A row holding a byte that is not valid in the roster's ``encoding`` (BAJI213),
    located at its column."""
    found = problem("BAJI213", path=path, line=line, column=column, row=number,
                    byte=f"{byte:#04x}", encoding=encoding)
    return RosterRow(number, line, None, ProfileError([found]), raw)


def _first_escaped(lines: list[str]) -> tuple[int | None, int] | None:
    """The first byte that is not UTF-8 in a CSV record's physical ``lines`` (read with
    ``surrogateescape``): its column when on the first line (else ``None``), and itself."""
    for n, text in enumerate(lines):
        for i, ch in enumerate(text):
            if "\udc80" <= ch <= "\udcff":
                return (i + 1 if n == 0 else None), ord(ch) - 0xDC00
    return None


def _validated(number: int, line: int, path: str, data: Any, raw: str) -> RosterRow:
    try:
        profile = convert_profile(data)
    except ProfileError as exc:
        problems = [_in_row(p, number, line, path) for p in exc.problems]
        return RosterRow(number, line, None, ProfileError(problems), raw)
    return RosterRow(number, line, profile, None, raw)


def _too_long(number: int | None, line: int, path: str, size: int, limit: int) -> Problem:
    """A line over the limit (BAJI222), of data row ``number`` (``None``: the header)."""
    row = {} if number is None else {"row": number}
    return from_params("BAJI222", {**row, "size": size, "limit": limit}, path=path,
                       line=line)


def _jsonl(handle: io.BufferedIOBase, path: str, limit: int, check: bool
           ) -> Iterator[RosterRow]:
    with handle:
        number = 0
        line_no = 0
        while True:
            blob, oversize = read_line(handle.readline, limit, len, b"\r\n")
            if not blob:
                return
            line_no += 1
            if oversize is not None:
                number += 1
                yield RosterRow(number, line_no, None, ProfileError(
                    [_too_long(number, line_no, path, oversize, limit)]), repr(blob))
                continue
            if line_no == 1 and blob.startswith(b"\xef\xbb\xbf"):
                blob = blob[3:]
            if not blob.strip():
                continue
            number += 1
            try:
                text = blob.decode("utf-8")
            except UnicodeDecodeError as exc:
                # The bytes before the first bad one decode: count the column in characters.
                column = len(blob[:exc.start].decode("utf-8")) + 1
                yield _not_utf8(number, line_no, column, path, blob[exc.start],
                                repr(blob[:200]))
                continue
            if check:
                yield _jsonl_row(number, line_no, path, text)
            else:
                raw = text.rstrip("\n")
                yield RosterRow(number, line_no, None, None, raw,
                                Unchecked(path, ending=text[len(raw):]))


def _jsonl_row(number: int, line_no: int, path: str, text: str) -> RosterRow:
    """The row of JSONL line ``text`` (its ending included, if it has one)."""
    try:  # the fast path; a line it refuses is read and explained as before
        return RosterRow(number, line_no, decode(text), None, text.rstrip("\n"))
    except Refused:
        pass
    try:
        # Strict JSON: duplicate keys, NaN and absurd nesting are bad rows too.
        data = loads_json(text)
    except ProfileError as exc:
        found = exc.problems[0]
        if found.code != "BAJI203":  # duplicate keys, NaN, nesting: their own codes
            return RosterRow(number, line_no, None, ProfileError(
                [_in_row(found, number, line_no, path)]), text[:200])
        # A syntax error is a roster-line error of its own (BAJI214).
        hint = {} if text.endswith("\n") else {"hint": "truncated"}
        return _bad(number, line_no, path, text[:200], "BAJI214",
                    column=found.column, detail=dict(found.params)["detail"], **hint)
    if not isinstance(data, dict):
        return _bad(number, line_no, path, text[:200], "BAJI215", got=type(data).__name__)
    return _validated(number, line_no, path, data, text.rstrip("\n"))


# -- CSV ------------------------------------------------------------------------------------
def _csv(handle: io.BufferedReader, path: str, limit: int, check: bool,
         stream: bool = False) -> Iterator[RosterRow]:
    """The rows of a CSV roster: a file, its encoding told from its start, or a
    ``stream`` read once, told at its first line that is not ASCII."""
    with handle:
        text: io.TextIOWrapper | StreamText = (
            StreamText(handle, path) if stream else io.TextIOWrapper(
                handle, encoding=csv_encoding(handle, path), errors="surrogateescape",
                newline=""))
        lines = LineCounter(text, limit)
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader)
            while not any(cell.strip() for cell in header):  # blank lines before it
                header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ProfileError([problem("BAJI216", path=path, line=1,
                                        detail=str(exc))]) from None
        except TooLong as long:
            raise ProfileError([_too_long(None, long.line, path, long.size, limit)]) from None
        columns = check_header(header, path)
        names = [name.strip() for name in header]
        number = 0
        while True:
            start = lines.line + 1
            lines.begin_record()
            try:
                record = next(reader)
            except StopIteration:
                return
            except TooLong as long:
                number += 1
                if lines.record:
                    # A quoted field ran on from an earlier line into this one: as with
                    # bad quoting below, the record's first line is the bad row, the
                    # lines after it are read afresh, and the long line is a row of
                    # its own when reached again.
                    first = lines.restart_after_first_line(then=long)
                    reader = csv.reader(lines, strict=True)
                    yield _bad(number, start, path, first, "BAJI217",
                               detail=f"a quoted field runs on into line {long.line}, "
                                      "over the row limit")
                    continue
                reader = csv.reader(lines, strict=True)
                yield RosterRow(number, long.line, None, ProfileError(
                    [_too_long(number, long.line, path, long.size, limit)]), long.head)
                continue
            except csv.Error as exc:
                # Only the record's first line is bad: an unclosed quote would otherwise
                # swallow every line after it. Read on from the next line, afresh.
                number += 1
                first = lines.restart_after_first_line()
                reader = csv.reader(lines, strict=True)
                if str(exc).startswith("field larger than field limit"):
                    yield _bad(number, start, path, first[:200], "BAJI223",
                               limit=csv.field_size_limit())
                else:
                    yield _bad(number, start, path, first, "BAJI217", detail=str(exc))
                continue
            if not any(cell.strip() for cell in record):
                continue
            number += 1
            raw = ",".join(record)
            bad_byte = _first_escaped(lines.record)
            if bad_byte is not None:
                column, byte = bad_byte
                yield _not_utf8(number, start, column, path, byte,
                                raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace"),
                                "GB18030" if text.encoding == "gb18030" else "UTF-8")
                continue
            first = lines.record[0] if lines.record else ""
            yield _cells(number, start, path, (columns, names), record, raw, check,
                         partial(_field_column, first))


def _cells(number: int, line: int, path: str, header: tuple[list[str], list[str]],
           record: list[str], raw: str, check: bool,
           column_of: Callable[[int], int | None]) -> RosterRow:
    """The row of one record's cells under ``header`` (the layout's column names, and
    the names as written); ``column_of(i)`` locates the ``i``-th cell in the file."""
    columns, names = header
    if len(record) != len(columns):
        return _bad(number, line, path, raw, "BAJI218", fields=len(record),
                    columns=len(columns))
    try:
        data = row_to_profile(dict(zip(columns, record)))
    except CellError as exc:
        at = columns.index(exc.column) if exc.column in columns else None
        return _bad(number, line, path, raw, "BAJI219",
                    column=None if at is None else column_of(at),
                    column_name=exc.column if at is None else names[at],
                    value=exc.value, expected=exc.expected[0], expected_zh=exc.expected[1])
    if check:
        return _validated(number, line, path, data, raw)
    return RosterRow(number, line, None, None, raw, Unchecked(path, data=data))


def _field_column(line: str, index: int) -> int | None:
    """The character column where field ``index`` starts on a CSV ``line`` (quotes
    followed); ``None`` when the record ends before it (a quoted field runs on)."""
    field, quoted = 0, False
    for at, ch in enumerate(line):
        if field == index:
            return at + 1
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            field += 1
    return len(line.rstrip("\r\n")) + 1 if field == index else None


def _xlsx(path: str, check: bool) -> Iterator[RosterRow]:
    """The rows of a workbook's first sheet; its row 1 is the header, and a problem's
    line and column are the sheet's row and column numbers."""
    rows = enumerate(xlsx_rows(path), start=1)
    header: list[str] | None = None
    for line, cells in rows:
        if any(cell.strip() for cell in cells):
            header = cells
            break
    if header is None:
        return
    while header and not header[-1].strip():  # columns formatted but never filled
        header.pop()
    columns = check_header(header, path)
    names = [name.strip() for name in header]
    number = 0
    for line, cells in rows:
        if any(cell.strip() for cell in cells[len(header):]):
            number += 1
            yield _bad(number, line, path, ",".join(cells), "BAJI218", fields=len(cells),
                       columns=len(columns))
            continue
        record = (cells + [""] * len(header))[:len(header)]
        if not any(cell.strip() for cell in record):
            continue
        number += 1
        yield _cells(number, line, path, (columns, names), record, ",".join(record), check,
                     lambda i: i + 1)
