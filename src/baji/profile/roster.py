"""Rosters: many candidate profiles in one JSONL or CSV file, read row by row.

Nothing is dropped silently: every data row comes back as a :class:`RosterRow` holding
either a validated :class:`~baji.profile.Profile` or the error that made it bad (row
number, line, reason). Reading streams, so a roster of any length fits in memory.

JSONL: one JSON object per line; blank lines are skipped; a line that is not valid JSON
or not valid UTF-8 is a bad row. CSV: the layout for HR exports is documented in
docs/roster.md (one row per candidate, one column per fact, lists separated by ``;``).

A line longer than :data:`MAX_ROW_BYTES` (the limit of a profile file, since a row is
one profile) is a bad row of its own, read past without being held in memory.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from baji.core.levels import Level, parse_level
from baji.errors import Problem, ProfileError, from_params, problem, suggest
from baji.io.strict_json import loads_json
from baji.io.yaml_reader import MAX_BYTES
from baji.profile.model import Profile, parse_profile

#: A roster line (a JSONL line, a CSV line) is at most this many bytes, its line ending
#: not counted: the limit of a profile file (:data:`baji.io.yaml_reader.MAX_BYTES`, 2 MiB), as a
#: row is one profile. A longer line is a bad row (BAJI222), read past in chunks.
MAX_ROW_BYTES = MAX_BYTES
_S = TypeVar("_S", str, bytes)

_EMPTY_LIST = {"-", "无", "none"}
_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}
_BOOL_COLUMNS = ("still_in_occupation", "in_related_work", "front_line", "in_post_employee",
                 "graduating_student", "key_industry_occupation")
_EMPLOYER_BOOLS = ("filed_institution", "pilot", "skill_workforce_majority", "above_scale",
                   "certification_started", "senior_technician_certified", "talent_mechanism",
                   "mohrss_filed")
_LIST_COLUMNS = ("honours", "awards", "titles", "contributions", "findings", "recommendations")
_GRADE_FIELDS = ("certificate", "certified_on", "posts", "kind")


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
        profile: the validated profile, or ``None`` when the row is bad (or unchecked).
        error: why the row is bad, or ``None``.
        raw: the row's text as read (for reports).
        unchecked: with ``iter_roster(..., check=False)``, the checks left for
            :func:`checked` on a row that got past reading; ``None`` otherwise.
    """

    number: int
    line: int
    profile: Profile | None
    error: ProfileError | None
    raw: str
    unchecked: Unchecked | None = None

    @property
    def ok(self) -> bool:
        """Whether the row holds a valid profile."""
        return self.profile is not None


def roster_format(path: str | Path) -> str:
    """``jsonl`` or ``csv``, from the file name.

    Raises:
        ProfileError: the suffix is neither.
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise ProfileError([problem("BAJI210", path=str(path), file=str(path))])


def iter_roster(path: str | Path, *, max_row_bytes: int = MAX_ROW_BYTES,
                check: bool = True) -> Iterator[RosterRow]:
    """Read a JSONL or CSV roster row by row (streaming).

    Args:
        path: a ``.jsonl``/``.ndjson`` or ``.csv`` file.
        max_row_bytes: the longest line read, in bytes without its line ending; a longer
            line is a bad row (BAJI222) and reading goes on with the next line.
        check: ``False`` leaves the JSON parsing of each line and the validation of each
            profile to :func:`checked` (rows come with ``unchecked`` set), so that they
            can run elsewhere; ``checked(row)`` gives the row ``check=True`` gives.

    Raises:
        ProfileError: the file cannot be opened, or a CSV header is unusable (every row
            would be misread). Bad rows do not raise: they come back with ``error`` set.
    """
    fmt = roster_format(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the generator below
    except OSError as exc:
        raise ProfileError([problem("BAJI211", path=str(path),
                                    reason=exc.strerror or str(exc))]) from None
    if fmt == "jsonl":
        return _jsonl(handle, str(path), max_row_bytes, check)
    return _csv(handle, str(path), max_row_bytes, check)


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


def count_rows(path: str | Path) -> int:
    """A quick upper bound of the data rows (lines), for progress bars."""
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
              raw: str) -> RosterRow:
    """A row holding a byte that is not UTF-8 (BAJI213), located at its column."""
    found = problem("BAJI213", path=path, line=line, column=column, row=number,
                    byte=f"{byte:#04x}")
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
        profile = parse_profile(data)
    except ProfileError as exc:
        problems = [_in_row(p, number, line, path) for p in exc.problems]
        return RosterRow(number, line, None, ProfileError(problems), raw)
    return RosterRow(number, line, profile, None, raw)


def _read_line(readline: Callable[[int], _S], limit: int, size: Callable[[_S], int],
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


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogateescape"))


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
            blob, oversize = _read_line(handle.readline, limit, len, b"\r\n")
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
def _csv(handle: io.BufferedReader, path: str, limit: int, check: bool
         ) -> Iterator[RosterRow]:
    with handle:
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape",
                                newline="")
        lines = _LineCounter(text, limit)
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ProfileError([problem("BAJI216", path=path, line=1,
                                        detail=str(exc))]) from None
        except _TooLong as long:
            raise ProfileError([_too_long(None, long.line, path, long.size, limit)]) from None
        columns = _check_header(header, path)
        number = 0
        while True:
            start = lines.line + 1
            lines.begin_record()
            try:
                record = next(reader)
            except StopIteration:
                return
            except _TooLong as long:
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
                                raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
                continue
            if len(record) != len(columns):
                yield _bad(number, start, path, raw, "BAJI218", fields=len(record),
                           columns=len(columns))
                continue
            try:
                data = _row_to_profile(dict(zip(columns, record)))
            except _CellError as exc:
                yield _bad(number, start, path, raw, "BAJI219", column_name=exc.column,
                           value=exc.value, expected=exc.expected[0],
                           expected_zh=exc.expected[1])
                continue
            if check:
                yield _validated(number, start, path, data, raw)
            else:
                yield RosterRow(number, start, None, None, raw, Unchecked(path, data=data))


class _TooLong(Exception):
    """A physical line over the row limit: its line number, size in bytes and start."""

    def __init__(self, line: int, size: int, head: str) -> None:
        super().__init__(line, size)
        self.line = line
        self.size = size
        self.head = head


class _LineCounter:
    """Wraps a text stream for csv.reader, counting physical lines; a line over ``limit``
    bytes is not returned but raised as :class:`_TooLong` (csv.reader passes it on)."""

    def __init__(self, stream: io.TextIOWrapper, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.line = 0
        self.record: list[str] = []
        self.pending: list[str | _TooLong] = []

    def __iter__(self) -> _LineCounter:
        return self

    def __next__(self) -> str:
        if self.pending:
            item = self.pending.pop(0)
            self.line += 1
            if isinstance(item, _TooLong):
                raise item
            self.record.append(item)
            return item
        text, oversize = _read_line(self.stream.readline, self.limit, _utf8_size, "\r\n")
        if not text:
            raise StopIteration
        self.line += 1
        if oversize is not None:
            raise _TooLong(self.line, oversize, text.rstrip("\r\n"))
        self.record.append(text)
        return text

    def begin_record(self) -> None:
        """Mark the start of a record (for :meth:`restart_after_first_line`)."""
        self.record = []

    def restart_after_first_line(self, then: _TooLong | None = None) -> str:
        """Give back every line of the current record but its first (and then ``then``,
        the long line that stopped it); return the first."""
        first, rest = (self.record[0] if self.record else ""), self.record[1:]
        back: list[str | _TooLong] = [*rest, *([then] if then is not None else [])]
        self.pending = back + self.pending
        self.line -= len(back)
        self.record = []
        return first.rstrip("\r\n")


def _check_header(header: list[str], path: str) -> list[str]:
    known = set(_known_columns())
    problems = []
    out = []
    column = 1  # character column of the field in the header line (unquoted header)
    for raw_name in header:
        name = raw_name.strip()
        at = column
        column += len(raw_name) + 1
        out.append(name)
        if name not in known and _grade_column(name) is None:
            problems.append(problem("BAJI220", path=path, line=1, column=at, column_name=name,
                                    **suggest(name, known)))
    for name in sorted({n for n in out if out.count(n) > 1}):
        problems.append(problem("BAJI221", path=path, line=1, column_name=name))
    if problems:
        raise ProfileError(problems)
    return out


def _known_columns() -> list[str]:
    return (["id", "name", "occupation", "attestations", *_BOOL_COLUMNS, *_LIST_COLUMNS]
            + [f"employer_{f}" for f in (*_EMPLOYER_BOOLS, "filing", "self_assessment_since")])


def _grade_column(name: str) -> tuple[Level, str] | None:
    for field in _GRADE_FIELDS:
        if name.endswith("_" + field):
            level = parse_level(name[: -len(field) - 1])
            if level is not None:
                return level, field
    return None


class _CellError(ValueError):
    """A CSV cell that cannot be read: its column, its text, and what was expected
    (English, Chinese)."""

    def __init__(self, column: str, value: str, expected: tuple[str, str]) -> None:
        super().__init__(f"column {column!r}: {value!r} is not {expected[0]}")
        self.column = column
        self.value = value
        self.expected = expected


_BOOLEAN = ("true/false (是/否, 1/0)", " true/false（是/否、1/0）")
_PERIOD = ("a period START..END (END empty while still in post)",
           "任职期“开始..结束”（仍在岗时“结束”留空）")
_FINDING = ("KIND:SUBJECT:DATE[:UNTIL]", " KIND:SUBJECT:DATE[:UNTIL]")
_ATTESTATION = ("NAME=true|false", " NAME=true|false")


def _bool(column: str, value: str) -> bool | None:
    v = value.strip().lower()
    if not v:
        return None
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise _CellError(column, value, _BOOLEAN)


def _items(value: str) -> list[str] | None:
    v = value.strip()
    if not v:
        return None
    if v.lower() in _EMPTY_LIST:
        return []
    return [part.strip() for part in v.split(";") if part.strip()]


def _row_to_profile(row: dict[str, str]) -> dict[str, Any]:
    """One CSV row as a profile mapping (validation happens afterwards)."""
    data: dict[str, Any] = {}
    for key in ("id", "name", "occupation"):
        if row.get(key, "").strip():
            data[key] = row[key].strip()
    for key in _BOOL_COLUMNS:
        if key in row:
            data[key] = _bool(key, row[key])
    grades: dict[Level, dict[str, Any]] = {}
    for column, value in row.items():
        found = _grade_column(column)
        if found is None or not value.strip():
            continue
        level, field = found
        grade = grades.setdefault(level, {"level": level.value})
        if field == "posts":
            grade["posts"] = _posts(column, value)
        else:
            grade[field] = value.strip()
    if grades:
        data["grades"] = [grades[lv] for lv in sorted(grades, key=lambda lv: lv.rank)]
    elif any(_grade_column(c) for c in row):
        data["grades"] = []
    lists = {key: _items(row[key]) for key in _LIST_COLUMNS if key in row}
    if lists.get("honours") is not None:
        data["honours"] = lists["honours"]
    if lists.get("contributions") is not None:
        data["contributions"] = lists["contributions"]
    if lists.get("awards") is not None:
        data["awards"] = [_award(x) for x in lists["awards"] or []]
    if lists.get("titles") is not None:
        data["titles"] = [_title(x) for x in lists["titles"] or []]
    if lists.get("findings") is not None:
        data["findings"] = [_finding(x) for x in lists["findings"] or []]
    if lists.get("recommendations") is not None:
        data["recommendations"] = [_recommendation(x) for x in lists["recommendations"] or []]
    if row.get("attestations", "").strip():
        data["attestations"] = _attestations(row["attestations"])
    employer: dict[str, Any] = {}
    for field in _EMPLOYER_BOOLS:
        value = row.get(f"employer_{field}", "")
        if value.strip():
            employer[field] = _bool(f"employer_{field}", value)
    for field in ("filing", "self_assessment_since"):
        value = row.get(f"employer_{field}", "").strip()
        if value:
            employer[field] = value
    if employer:
        data["employer"] = employer
    return data


def _posts(column: str, value: str) -> list[dict[str, str | None]]:
    out: list[dict[str, str | None]] = []
    if value.strip().lower() in _EMPTY_LIST:
        return out
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        if ".." not in part:
            raise _CellError(column, part, _PERIOD)
        start, end = (x.strip() for x in part.split("..", 1))
        out.append({"start": start, "end": end or None})
    return out


def _award(text: str) -> dict[str, str]:
    name, _, rank = text.partition(":")
    return {"id": name.strip(), "rank": rank.strip()} if rank.strip() else {"id": name.strip()}


def _title(text: str) -> dict[str, Any]:
    name, _, flag = text.partition(":")
    out: dict[str, Any] = {"id": name.strip()}
    if flag.strip():
        out["aligned"] = _bool("titles", flag)
    return out


def _finding(text: str) -> dict[str, str]:
    parts = [p.strip() for p in text.split(":")]
    if len(parts) < 3:
        raise _CellError("findings", text, _FINDING)
    out = {"kind": parts[0], "subject": parts[1], "date": parts[2]}
    if len(parts) > 3 and parts[3]:
        out["restricted_until"] = parts[3]
    return out


def _recommendation(text: str) -> dict[str, str]:
    level, _, day = text.partition(":")
    return {"level": level.strip(), "date": day.strip()} if day.strip() else {
        "level": level.strip()}


def _attestations(text: str) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep:
            raise _CellError("attestations", part, _ATTESTATION)
        out[name.strip()] = _bool("attestations", value)
    return {k: v for k, v in out.items() if v is not None}


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
