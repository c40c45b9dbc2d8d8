"""What HR spreadsheets hand over: the encoding of a CSV export, the cells of an ``.xlsx``.

A CSV from Excel is UTF-8 (perhaps with a BOM) or, on Chinese Windows, GBK: its encoding
is told from the first bytes (:func:`csv_encoding`), and a file that is neither is refused
with the encoding named, never read into garbled column names. An ``.xlsx`` workbook's
first sheet is read with python-calamine (the ``xlsx`` extra) into rows of cell texts
(:func:`xlsx_rows`), dates as ``YYYY-MM-DD``; the CSV layout reads both alike.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from baji.errors import ProfileError, problem
from baji.io.streams import Prefixed

#: How much of a CSV file its encoding is told from.
SAMPLE_BYTES = 1 << 16


def csv_encoding(handle: IO[bytes], path: str) -> str:
    """The codec a CSV roster is read with: ``utf-8-sig`` or ``gb18030`` (GBK's
    superset), told from its first :data:`SAMPLE_BYTES` (:func:`encoding_of`); the
    handle is left at its start.

    Raises:
        ProfileError: BAJI263, naming what the file seems to be (UTF-16, or neither).
    """
    sample = handle.read(SAMPLE_BYTES)
    handle.seek(0)
    return encoding_of(sample, path)


class StreamText:
    """The text of a CSV roster read once, as it comes (standard input), for
    :class:`~baji.profile.lines.LineCounter`: its lines are ASCII, the same in either
    codec, until the first that is not; that line tells the codec (:func:`encoding_of`),
    and the rest is read with it. So no line waits for more of the stream than itself.

    Raises (from ``readline``):
        ProfileError: BAJI263, the stream is UTF-16 or neither UTF-8 nor GB18030.
    """

    def __init__(self, handle: io.BufferedReader, path: str) -> None:
        self._handle = handle
        self._path = path
        self._text: io.TextIOWrapper | None = None
        self.encoding: str | None = None

    def readline(self, size: int = -1) -> str:
        if self._text is not None:
            return self._text.readline(size)
        line = self._handle.readline(size)
        if line.isascii():
            return line.decode("ascii")
        self.encoding = encoding_of(line, self._path)
        self._text = io.TextIOWrapper(
            io.BufferedReader(Prefixed(line, self._handle.read1)), encoding=self.encoding,
            errors="surrogateescape", newline="")
        return self._text.readline(size)


def encoding_of(sample: bytes, path: str) -> str:
    """The codec of a CSV roster that starts with ``sample``.

    UTF-8 wins when the sample starts with a UTF-8 BOM, when it is UTF-8, or when it
    holds more well-formed multi-byte UTF-8 characters than bytes that are not UTF-8 (a
    UTF-8 file with a stray byte: the row holding it is a bad row of its own, BAJI213).
    Otherwise a sample GB18030 reads is GB18030. A character cut at the end of the
    sample counts for neither.

    Raises:
        ProfileError: BAJI263, naming what the file seems to be (UTF-16, or neither).
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _refuse(path, "UTF-16")
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(sample)
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    if bad == 0 or sum(1 for ch in text if ord(ch) > 0x7F) - bad >= bad:
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("gb18030")("strict").decode(sample)
    except UnicodeDecodeError:
        _refuse(path, "neither UTF-8 nor GB18030/GBK")
    return "gb18030"


def _refuse(path: str, encoding: str) -> None:
    raise ProfileError([problem("BAJI263", path=path, file=path, encoding=encoding)])


def xlsx_rows(path: str | Path) -> Iterator[list[str]]:
    """The rows of the first sheet of workbook ``path``, each cell as text: a date as
    ``YYYY-MM-DD`` (a date-time at midnight too), a whole number without ``.0``, a
    yes/no as ``true``/``false``, an empty cell as ``""``.

    Raises:
        ProfileError: python-calamine is not installed (BAJI264), or the file is not a
            workbook it reads (BAJI265).
    """
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        raise ProfileError([problem("BAJI264", path=str(path))]) from None
    try:
        book = CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001 - calamine's errors have no common base
        raise ProfileError([problem("BAJI265", path=str(path),
                                    reason=str(exc) or type(exc).__name__)]) from None
    for row in rows:
        yield [cell_text(cell) for cell in row]


def cell_text(cell: object) -> str:
    """One workbook cell as the CSV layout reads it."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
