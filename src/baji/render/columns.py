"""Fitting text tables and lines into a terminal's width.

Widths are display widths (:func:`width`: a CJK character takes two columns). Text is
broken after spaces and after punctuation (``;`` ``,`` ``.`` ``/`` and their Chinese
forms 、，；。：), and Chinese prose between its characters, but never inside a
reference (``三(一)1``, ``沪人社职〔2026〕135号``) or a date, unless it alone is wider
than its column (columns give way first: see :func:`sizes_within`).

The renderers take ``columns``, the width to fit, or ``None`` for no limit; the command
line reads it from the terminal (:func:`baji.cli.arguments.terminal_columns`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

#: The narrowest a shrunk column gets (a CJK character and a bit).
MIN_COLUMN = 4
#: The last column (free text) shrinks first, down to this, before the others do.
LAST_FLOOR = 24

# A token runs up to and including a break opportunity: spaces, or punctuation after
# which a line may end. Chinese prose is broken further by _pieces.
_TOKEN = re.compile(r"[^ ;,./、，；。：:]*(?:[;,./、，；。：:]+ *| +|$)")


# A reference: a document number (沪人社职〔2026〕135号), or a clause or a count written
# with digits, Latin letters or parentheses, with its title (附件3, 三(一)1,
# 措施(九)（破格申报）, 满3年, 2029-05-01).
_REFERENCE = re.compile(r"[\u4e00-\u9fff]{0,4}〔\d+〕\d*号?"
                        r"|[\u4e00-\u9fff]{0,2}(?:[0-9A-Za-z._\-\[\]]|\([^()\s]{1,6}\))+"
                        r"(?:（[^（）\s]{1,8}）|[\u4e00-\u9fff])?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_OPENING = frozenset("（「『《〈“‘")
_CLOSING = frozenset("）」』》〉”’，。、；：！？")


def width(text: str) -> int:
    """Display width: CJK (wide and full-width) characters take two columns."""
    return sum(_char_width(c) for c in text)


def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def pad(text: str, size: int) -> str:
    """``text`` padded with spaces to display width ``size``."""
    return text + " " * max(0, size - width(text))


def _hard(token: str, size: int) -> list[str]:
    """``token`` cut into pieces of at most ``size`` columns (it fits no line whole)."""
    pieces: list[list[str]] = [[]]
    used = 0  # the width of the last piece, kept as it grows (a megabyte id was cut in 13 s)
    for ch in token:
        wide = _char_width(ch)
        if pieces[-1] and used + wide > size:
            pieces.append([])
            used = 0
        pieces[-1].append(ch)
        used += wide
    return ["".join(piece) for piece in pieces]


def _pieces(token: str) -> list[str]:
    """``token`` as the pieces a line may break between. Chinese text breaks between its
    characters (a closing mark kept with the character before it, an opening one with the
    one after), except inside a reference (:data:`_REFERENCE`), kept whole; a token
    without CJK characters is one piece."""
    if not any(width(c) == 2 for c in token):
        return [token]
    pieces: list[str] = []
    opening = ""

    def add(piece: str) -> None:
        nonlocal opening
        if piece in _OPENING:
            opening += piece
        elif pieces and (piece in _CLOSING or piece.isspace()):
            pieces[-1] += piece
        else:
            pieces.append(opening + piece)
            opening = ""

    at = 0
    for found in _REFERENCE.finditer(token):
        for ch in token[at:found.start()]:
            add(ch)
        add(found.group())
        at = found.end()
    for ch in token[at:]:
        add(ch)
    if opening:
        pieces.append(opening)
    return pieces


def wrap(text: str, size: int | None) -> list[str]:
    """``text`` broken into lines of at most ``size`` display columns (``None``: as it is,
    one line per line of ``text``), at spaces and punctuation; trailing spaces dropped."""
    if size is None:
        return text.split("\n")
    size = max(size, 2)
    lines: list[str] = []
    for para in text.split("\n"):
        # The line's width, and its width without trailing spaces, kept as it grows:
        # each token is measured once (a megabyte of text was measured per character).
        line, used, inked = "", 0, 0
        for token in (p for t in _TOKEN.findall(para) if t for p in _pieces(t)):
            stripped = token.rstrip()
            ink = used + width(stripped) if stripped else inked
            if ink <= size:
                line += token
                used, inked = used + width(token), ink
                continue
            if line.strip():
                lines.append(line.rstrip())
            if width(stripped) > size:
                *whole, line = _hard(stripped, size)
                lines.extend(whole)
                line += token[len(stripped):]
            else:
                line = token
            used, inked = width(line), width(line.rstrip())
        lines.append(line.rstrip())
    return lines


def wrap_line(text: str, columns: int | None, indent: int = 2) -> list[str]:
    """A free-text line (a heading, a note) within ``columns``: its continuation lines
    indented by ``indent`` spaces."""
    if columns is None or width(text) <= columns:
        return [text]
    first, *rest = wrap(text, columns)
    follow = wrap(" ".join(rest), columns - indent) if rest else []
    return [first] + [" " * indent + line for line in follow]


def sizes_within(natural: Sequence[int], columns: int | None, sep: int,
                 floors: Sequence[int] | None = None,
                 keep: Sequence[int] | None = None) -> list[int]:
    """Column sizes from their ``natural`` (widest cell) sizes, shrunk until the row
    (columns joined by ``sep`` spaces) fits ``columns``, in stages: the last column (the
    free text) down to :data:`LAST_FLOOR`; the widest of the others down to their
    ``floors`` (their longest word, say; default :data:`MIN_COLUMN`); the last down to its
    ``keep`` size (its longest reference or date, say; default its floor); the others
    further, words broken, but none below its ``keep`` size; then every column down to
    :data:`MIN_COLUMN`."""
    sizes = list(natural)
    if columns is None:
        return sizes
    room = columns - sep * (len(sizes) - 1)
    last = len(sizes) - 1
    sizes[last] = max(min(sizes[last], LAST_FLOOR), sizes[last] - (sum(sizes) - room))
    lows = [min(n, MIN_COLUMN if floors is None else max(floors[i], 2))
            for i, n in enumerate(natural)]
    kept = lows if keep is None else [min(n, max(keep[i], 2)) for i, n in enumerate(natural)]
    narrow = [min(n, MIN_COLUMN) for n in natural]
    for stage in (lows[:last] + [sizes[last]], lows[:last] + [kept[last]],
                  [max(a, b) for a, b in zip(narrow, kept)], narrow):
        while sum(sizes) > room:
            wide = max(range(len(sizes)), key=lambda i: (sizes[i] - stage[i], sizes[i]))
            if sizes[wide] <= stage[wide]:
                break  # nothing left to shrink at this stage
            sizes[wide] -= 1
    return sizes


def fit(rows: Sequence[Sequence[str]], columns: int | None, *, sep: int = 2,
        numeric: frozenset[int] = frozenset(), floors: Sequence[int] | None = None
        ) -> list[str]:
    """``rows`` (the first one the header) as aligned lines within ``columns``: columns
    shrink widest first and their cells wrap onto more lines; numbers align right; the
    last column is not padded."""
    if not rows:
        return []
    count = len(rows[0])
    natural = [max(width(line) for r in rows for line in r[i].split("\n")) for i in
               range(count)]
    pieces = [[p.rstrip() for r in rows for t in _TOKEN.findall(r[i]) if t
               for p in _pieces(t)] for i in range(count)]
    if floors is None:  # a column keeps its longest word whole while it can
        floors = [min(12, max(map(width, ps))) for ps in pieces]
    # ... and its references and dates longer still (up to LAST_FLOOR columns).
    keep = [min(LAST_FLOOR, max((width(p) for p in ps if _REFERENCE.fullmatch(p)
                                 or _DATE.fullmatch(p)), default=MIN_COLUMN))
            for ps in pieces]
    sizes = sizes_within(natural, columns, sep, floors, keep)
    def broken(sizes: list[int]) -> bool:
        return any(sizes[i] < min(natural[i], max(floors[i], keep[i])) for i in range(count))

    if sep > 1 and broken(sizes):
        # Words would break: a single space between columns may spare them.
        sep = 1
        sizes = sizes_within(natural, columns, sep, floors, keep)
    out: list[str] = []
    for row in rows:
        cells = [wrap(cell, sizes[i]) for i, cell in enumerate(row)]
        for n in range(max(len(c) for c in cells)):
            parts = []
            for i, cell in enumerate(cells):
                text = cell[n] if n < len(cell) else ""
                if i in numeric:
                    parts.append(" " * (sizes[i] - width(text)) + text)
                else:
                    parts.append(pad(text, sizes[i]))
            out.append((" " * sep).join(parts).rstrip())
    return out
