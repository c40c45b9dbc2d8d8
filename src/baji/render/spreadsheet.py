"""Flat tables for spreadsheets: a roster's decisions, one row per candidate and pack, and
impact's candidate changes, one row per candidate and level; written as CSV Excel opens
(UTF-8 with a BOM) or as ``.xlsx`` (xlsxwriter, the ``xlsx`` extra).

Text from profiles and packs is data: a cell whose text starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return (OWASP's CSV-injection list) would be read as a formula
by a spreadsheet. In CSV such a cell gets a leading ``'``; in ``.xlsx`` it is written as
a text cell marked with Excel's quote prefix (shown as it is, never evaluated, and kept as
text when edited). Numbers and dates stay typed in ``.xlsx``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence

from baji.analysts.impact import CandidateChange
from baji.core.labels import PATH_LABEL, STATUS_LABEL, field_name
from baji.core.levels import Level
from baji.engine.batch import BatchResult
from baji.errors import BajiError, problem

Cell = str | int | dt.date | None
#: The rows an ``.xlsx`` sheet holds (Excel's limit), its header included.
XLSX_MAX_ROWS = 1_048_576
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_W = {
    "zh": {"row": "行号", "id": "编号", "name": "姓名", "pack": "规则包", "status": "状态", "path": "途径",
           "earliest": "最早日期", "missing": "缺少", "error": "错误", "level": "等级",
           "change": "变化", "gained": "新获资格", "lost": "失去资格", "rule": "规则",
           "because": "差异条件", "sep": "；"},
    "en": {"row": "row", "id": "id", "name": "name", "pack": "pack", "status": "status", "path": "path",
           "earliest": "earliest date", "missing": "missing", "error": "error",
           "level": "level", "change": "change", "gained": "gained", "lost": "lost",
           "rule": "rule", "because": "deciding conditions", "sep": "; "},
}


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (OWASP's list)."""
    return text.startswith(_FORMULA_START)


def csv_cell(value: Cell) -> str:
    """One cell as CSV text: a formula-like text behind a ``'``, a date as
    ``YYYY-MM-DD``, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return "'" + value if formula_like(value) else value


def csv_pieces(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """The CSV text of a table, piece by piece: a UTF-8 BOM (which Excel needs to read
    UTF-8), then one CRLF-ended line per row, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield "\ufeff"
    for row in _with_header(header, rows):
        writer.writerow([csv_cell(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _with_header(header: Sequence[str], rows: Iterable[Sequence[Cell]]
                 ) -> Iterator[Sequence[Cell]]:
    yield header
    yield from rows


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]], sheet: str) -> bytes:
    """The table as an ``.xlsx`` workbook of one sheet named ``sheet``: a bold frozen
    header, texts as text (formula-like ones quote-prefixed), numbers as numbers, dates
    as dates (``yyyy-mm-dd``).

    Raises:
        BajiError: xlsxwriter is not installed (BAJI264), or the rows do not fit in a
            sheet (BAJI266: nothing is written rather than rows dropped).
    """
    try:
        import xlsxwriter
    except ImportError:
        raise BajiError([problem("BAJI264")]) from None
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    quoted = book.add_format({"quote_prefix": True})
    ws = book.add_worksheet(sheet)
    ws.freeze_panes(1, 0)
    numbered = enumerate(_with_header(header, rows))
    for r, row in numbered:
        if r >= XLSX_MAX_ROWS:
            count = r + 1 + sum(1 for _ in numbered)
            book.close()
            raise BajiError([problem("BAJI266", rows=count, limit=XLSX_MAX_ROWS)])
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if r == 0:
                ws.write_string(r, c, str(value), bold)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
            elif isinstance(value, int):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, value, quoted if formula_like(value) else None)
    ws.set_column(0, max(len(header) - 1, 0), 14)
    book.close()
    return out.getvalue()


# -- the tables ------------------------------------------------------------------------------
def decision_header(levels: Sequence[Level], lang: str) -> list[str]:
    """The columns of the decision table: row, id, name, pack, then per level its status, path,
    earliest date and what is missing, then the error of a bad row."""
    w = _W[lang]
    out = [w["row"], w["id"], w["name"], w["pack"]]
    for level in levels:
        name = level.name_in(lang)
        joint = "" if lang == "zh" else " "
        out += [f"{name}{joint}{w[k]}" for k in ("status", "path", "earliest", "missing")]
    return [*out, w["error"]]


def decision_rows(results: Iterable[BatchResult], levels: Sequence[Level], lang: str
                  ) -> Iterator[list[Cell]]:
    """One row per candidate and pack (a bad row once, with its error), in the columns
    of :func:`decision_header`."""
    w = _W[lang]
    for result in results:
        if not result.ok:
            yield [result.number, result.profile_id, None, None, *[None] * (4 * len(levels)),
                   result.render_error(lang)]
            continue
        for decision in result.decisions:
            row: list[Cell] = [result.number, decision.profile_id, result.profile_name,
                               decision.pack]
            by_level = {item.level: item for item in decision.levels}
            for level in levels:
                item = by_level.get(level)
                if item is None:
                    row += [None] * 4
                    continue
                row += [STATUS_LABEL[item.status].in_(lang),
                        PATH_LABEL[item.path].in_(lang) if item.path else None,
                        item.earliest,
                        w["sep"].join(field_name(m, lang) for m in item.missing) or None]
            yield [*row, None]


def impact_header(lang: str) -> list[str]:
    """The columns of impact's change table."""
    w = _W[lang]
    return [w["row"], w["id"], w["level"], w["change"], f"A {w['status']}",
            f"B {w['status']}", f"A {w['path']}", f"B {w['path']}", w["rule"], w["because"]]


def impact_rows(changes: Iterable[CandidateChange], lang: str) -> Iterator[list[Cell]]:
    """One row per candidate change: level, gained or lost, both statuses and paths, the
    rule and the conditions that made the difference."""
    w = _W[lang]
    for c in changes:
        because = w["sep"].join(f"{r.pack}: {r.required.in_(lang)}" for r in c.reasons)
        yield [c.row, c.profile_id, c.level.name_in(lang), w[c.change],
               STATUS_LABEL[c.status_a].in_(lang) if c.status_a else None,
               STATUS_LABEL[c.status_b].in_(lang) if c.status_b else None,
               PATH_LABEL[c.path_a].in_(lang) if c.path_a else None,
               PATH_LABEL[c.path_b].in_(lang) if c.path_b else None, c.rule, because or None]
