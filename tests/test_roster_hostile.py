"""Hostile rosters: every bad row is reported with its number and reason, the rest is
processed to the end, good + bad = rows read, and output is written atomically.

Three gaps found in baji.profile.roster (an unclosed CSV quote swallowing the rows after it;
duplicate JSON keys silently keeping one value; deep nesting escaping as RecursionError)
are fixed and pinned by the last three tests.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import baji
from baji.cli.commands import main
from baji.engine.batch import BatchSummary, evaluate_many
from baji.io.atomic import write_jsonl_atomic
from baji.profile.roster import RosterRow, iter_roster

ON = "2026-07-01"


def _rows(tmp_path: Path, name: str, data: bytes) -> list[RosterRow]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(iter_roster(path))


def _check_accounting(rows: list[RosterRow]) -> None:
    """Rows are numbered 1..n without gaps; each bad row says which row it is."""
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    for row in rows:
        assert (row.profile is None) == (row.error is not None)
        if row.error is not None:
            assert all(f"row {row.line}: " in p.render() for p in row.error.problems)
            assert all(p.line == row.line for p in row.error.problems)


JSONL = (
    b'\xef\xbb\xbf{"id": "E1"}\n'                        # 1 good (a BOM before it)
    b'{"id": "E2",}\n'                                    # 2 malformed JSON
    b'[1, 2]\n'                                           # 3 not an object
    b'\n'                                                 #   blank: not a row
    b'{"id": "E4", "name": "\xd5\xc5\xc8\xfd"}\n'         # 4 GBK bytes (张三)
    b'{"id": "E5", "front_line": NaN}\n'                  # 5 NaN for a boolean
    b'{"id": "E6", "name": "\\ud800"}\n'                  # 6 lone surrogate escape
    b'{"id": "E7", "gardes": []}\n'                       # 7 unknown field
    + '{"id": "E8", "grades": [{"level": "技师"}]}\r\n'.encode()   # 8 good, CRLF
    + '{"id": "E9", "honours": ["全国技术能'.encode()                 # 9 truncated
)


def test_jsonl_bad_lines_are_reported_and_reading_goes_on(tmp_path: Path) -> None:
    """Malformed JSON, a non-object, wrong encoding, NaN, a lone surrogate, an unknown
    field and a truncated last line: each is a bad row with its number, line and reason;
    the good rows around them are read."""
    rows = _rows(tmp_path, "r.jsonl", JSONL)
    _check_accounting(rows)
    assert [(r.number, r.line, r.ok) for r in rows] == [
        (1, 1, True), (2, 2, False), (3, 3, False), (4, 5, False), (5, 6, False),
        (6, 7, False), (7, 8, False), (8, 9, True), (9, 10, False)]
    reasons = {r.number: str(r.error) for r in rows if r.error is not None}
    assert ":2:13: row 2: invalid JSON: Expecting property name" in reasons[2]
    assert "expected a JSON object, got list" in reasons[3]
    assert ":5:23: row 5: byte 0xd5 is not valid UTF-8 (save the roster as UTF-8)" \
        in reasons[4]
    assert "a JSON value is not a number: 'NaN'" in reasons[5]
    assert "holds the character '\\ud800'" in reasons[6]
    assert "unknown field 'gardes' (did you mean 'grades'?)" in reasons[7]
    assert "the last line looks truncated" in reasons[9]
    assert rows[7].profile is not None and rows[7].profile.id == "E8"


CSV = (
    b'\xef\xbb\xbfid,front_line,honours\n'   # header with a BOM
    b'E1,true,\n'                              # 1 good
    b'"E2"x,true,\n'                           # 2 bad quoting
    b'E3,maybe,\n'                             # 3 bad boolean
    b'E4,true\n'                               # 4 too few fields
    b'\n'                                      #   blank: not a row
    b'E5,false,\xd5\xc5\n'                     # 5 GBK bytes
    b'E6,true,"' + b"x" * 200_000 + b'"\n'     # 6 a field over the csv module's limit
    b'E7,true,\xe5\x85\xa8\xe5\x9b\xbd\xe6\x8a\x80\xe6\x9c\xaf\xe8\x83\xbd\xe6\x89\x8b\n'
    b'E8,true,"'                               # 8 truncated inside a quoted field
)


def test_csv_bad_rows_are_reported_and_reading_goes_on(tmp_path: Path) -> None:
    """Bad quoting, a bad cell, a short row, wrong encoding, an oversized field and a
    truncated last line: each is a bad row with its number and reason."""
    rows = _rows(tmp_path, "r.csv", CSV)
    _check_accounting(rows)
    assert [(r.number, r.line, r.ok) for r in rows] == [
        (1, 2, True), (2, 3, False), (3, 4, False), (4, 5, False), (5, 7, False),
        (6, 8, False), (7, 9, True), (8, 10, False)]
    reasons = {r.number: str(r.error) for r in rows if r.error is not None}
    assert "bad CSV quoting: ',' expected after '\"'" in reasons[2]
    assert "column 'front_line': 'maybe' is not true/false" in reasons[3]
    assert "2 fields where the header has 3" in reasons[4]
    assert "not valid UTF-8" in reasons[5]
    assert "row 8: a field holds more than 131072 characters (close the quote" in reasons[6]
    assert "bad CSV quoting" in reasons[8]
    assert rows[6].profile is not None and rows[6].profile.honours is not None
    assert rows[6].profile.honours[0].id == "national_technical_expert"


@pytest.mark.parametrize(("name", "data"), [("r.jsonl", JSONL), ("r.csv", CSV)])
def test_good_plus_bad_equals_rows_read(tmp_path: Path, name: str, data: bytes) -> None:
    """Evaluated in a batch, every row read comes out once, good or bad, in order."""
    rows = _rows(tmp_path, name, data)
    summary = BatchSummary()
    numbers = []
    for result in evaluate_many(rows, ["shanghai", "fujian"], dt.date(2026, 7, 1)):
        summary.add(result)
        numbers.append(result.number)
    assert numbers == [r.number for r in rows]
    assert summary.read == len(rows) == summary.good + summary.bad
    assert summary.bad == sum(1 for r in rows if not r.ok) > 0


def test_cli_writes_one_line_per_row_and_pack(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`baji eval --roster` on the hostile JSONL writes every row (a decision per pack for
    a good row, one error line for a bad one) and lists each bad row on stderr."""
    roster = tmp_path / "r.jsonl"
    roster.write_bytes(JSONL)
    out = tmp_path / "out.jsonl"
    code = main(["eval", "--roster", str(roster), "--pack", "shanghai", "--pack", "fujian",
                 "--as-of", ON, "--out", str(out), "--no-progress", "--lang", "en"])
    assert code == 1
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    rows = [x["row"] for x in lines]
    assert rows == [1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 9]
    err = capsys.readouterr().err
    for x in lines:  # a bad row is listed by the line of the file where it starts
        if "error" in x:
            line = x["problems"][0]["line"]
            assert f"{roster}:{line}" in err and f"row {line}: " in err
    assert "9 rows read: 2 good, 7 bad" in err


class _Interrupted(Exception):
    """Stands for a crash or Ctrl-C in the middle of writing."""


def test_interrupted_cli_leaves_the_previous_output_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An interruption while the output is being written leaves the previous output
    file exactly as it was, and no temporary file behind."""
    roster = tmp_path / "r.jsonl"
    roster.write_text("".join(f'{{"id": "E{i}"}}\n' for i in range(10)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    import baji.engine.batch

    real = baji.engine.batch.decide
    calls = 0

    def failing(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise _Interrupted
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(baji.engine.batch, "decide", failing)
    with pytest.raises(_Interrupted):
        main(["eval", "--roster", str(roster), "--pack", "fujian", "--as-of", ON,
              "--out", str(out), "--no-progress"])
    assert calls == 5
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "r.jsonl"]


def test_interrupted_writer_keeps_the_old_file(tmp_path: Path) -> None:
    """write_jsonl_atomic replaces the target only once every record is written."""
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")

    def records() -> object:
        yield {"row": 1}
        yield {"row": 2}
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_jsonl_atomic(target, records())  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    assert write_jsonl_atomic(target, iter([{"row": 1}, "raw"])) == 2
    assert target.read_text(encoding="utf-8") == '{"row": 1}\nraw\n'


# -- gaps found in baji.profile.roster, fixed -------------------------------------------------
def test_csv_unclosed_quote_loses_no_following_row(tmp_path: Path) -> None:
    """An unclosed quote spoils its own row only."""
    rows = _rows(tmp_path, "r.csv", b'id,front_line\nE1,true\n"E2,true\nE3,false\nE4,true\n')
    assert [(r.number, r.ok) for r in rows] == [(1, True), (2, False), (3, True), (4, True)]


def test_jsonl_duplicate_key_is_a_bad_row(tmp_path: Path) -> None:
    """A line giving one key twice is a bad row, not a silent choice of one value."""
    rows = _rows(tmp_path, "r.jsonl",
                 b'{"id": "E1", "front_line": true, "front_line": false}\n')
    assert not rows[0].ok and "duplicate key 'front_line'" in str(rows[0].error)


def test_jsonl_deep_nesting_is_a_bad_row(tmp_path: Path) -> None:
    """A line of absurd nesting is a bad row and the next line is read."""
    rows = _rows(tmp_path, "r.jsonl",
                 b'{"name": ' + b"[" * 100_000 + b"]" * 100_000 + b'}\n{"id": "E2"}\n')
    assert [r.ok for r in rows] == [False, True]


# -- the row limit ---------------------------------------------------------------------
def test_jsonl_line_over_the_limit_is_a_bad_row_and_reading_goes_on(tmp_path: Path) -> None:
    """A line over the limit is a bad row of its own (BAJI222: row, line, size, limit,
    hint), the next line is read; a line of exactly the limit, CRLF or not, is read."""
    good = b'{"id": "E1", "name": "' + b"x" * 76 + b'"}'  # 100 bytes
    assert len(good) == 100
    data = (good + b"\r\n" + b'{"id": "E2", "name": "' + b"y" * 200 + b'"}\n'
            + b"\n" + good + b"\n" + b"z" * 101)
    path = tmp_path / "r.jsonl"
    path.write_bytes(data)
    rows = list(iter_roster(path, max_row_bytes=100))
    _check_accounting(rows)
    assert [(r.number, r.line, r.ok) for r in rows] == [
        (1, 1, True), (2, 2, False), (3, 4, True), (4, 5, False)]
    assert rows[1].error is not None and rows[3].error is not None
    (long,) = rows[1].error.problems
    assert long.code == "BAJI222"
    assert long.render() == (f"{path}:2: row 2: line is 224 bytes long, over the limit of "
                             "100 bytes a row (one line holds one candidate: check the file "
                             "is a roster, or split the data)")
    assert long.render("zh") == (f"{path}:2: 第 2 行：该行有 224 字节，超过每行 100 字节的上限"
                                 "（每行只含一名人员：请确认文件确为名册，或拆分数据）")
    assert "line is 101 bytes long" in str(rows[3].error)


def test_csv_line_over_the_limit_is_a_bad_row_and_reading_goes_on(tmp_path: Path) -> None:
    """The same for a CSV line; a quoted field running on into a long line spoils its
    own first line (bad quoting), the lines between are read afresh, and the long line
    is its own bad row; a header over the limit is an error for the file."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"id,name\nE1,a\nE2," + b"b" * 200 + b"\nE3,c\n"
                     b'E4,"open\nE5,d\nE6,' + b"e" * 200 + b"\nE7,f\n")
    rows = list(iter_roster(path, max_row_bytes=100))
    _check_accounting(rows)
    assert [(r.number, r.line, r.ok) for r in rows] == [
        (1, 2, True), (2, 3, False), (3, 4, True), (4, 5, False), (5, 6, True),
        (6, 7, False), (7, 8, True)]
    reasons = {r.number: str(r.error) for r in rows if r.error is not None}
    assert f"{path}:3: row 3: line is 203 bytes long, over the limit of 100" in reasons[2]
    assert "row 5: bad CSV quoting: a quoted field runs on into line 7" in reasons[4]
    assert f"{path}:7: row 7: line is 203 bytes long" in reasons[6]
    header = tmp_path / "h.csv"
    header.write_bytes(b"id," * 50 + b"name\nE1,a\n")
    with pytest.raises(baji.ProfileError, match=r"h\.csv:1: line is 154 bytes long"):
        list(iter_roster(header, max_row_bytes=100))


def test_default_limit_reads_past_a_long_line_in_bounded_memory(tmp_path: Path) -> None:
    """With the default limit (MAX_ROW_BYTES, 2 MiB: that of a profile file), a line of
    24 MiB is a bad row, read past in chunks: reading the roster never holds more than
    a few MiB (measured with tracemalloc), and the next line is read."""
    import tracemalloc

    from baji.io.bounded import MAX_BYTES
    from baji.profile.roster import MAX_ROW_BYTES

    assert MAX_ROW_BYTES == MAX_BYTES == 2 * 1024 * 1024
    size = 24 * 1024 * 1024
    for name, head, tail in (("r.jsonl", b'{"id": "E1"}\n', b'\n{"id": "E3"}\n'),
                             ("r.csv", b"id\nE1\n", b"\nE3\n")):
        path = tmp_path / name
        with open(path, "wb") as handle:
            handle.write(head)
            for _ in range(size // (1 << 20)):
                handle.write(b"x" * (1 << 20))
            handle.write(tail)
        tracemalloc.start()
        try:
            rows = list(iter_roster(path))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert [(r.number, r.ok) for r in rows] == [(1, True), (2, False), (3, True)]
        assert f"line is {size} bytes long, over the limit of {MAX_ROW_BYTES}" \
            in str(rows[1].error)
        assert peak < 8 * 1024 * 1024, (name, peak)
