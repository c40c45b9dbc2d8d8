"""Spreadsheets in and out (issue 14 items 1 and 2): CSV in UTF-8, with a BOM or in
GB18030/GBK, Chinese headers, dates as Excel writes them, .xlsx rosters; the decision and
impact tables as CSV with a BOM and as .xlsx, formula-like cells neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from baji.cli import main
from baji.profile.csv_layout import ALIASES, header_names, read_date
from baji.profile.roster import iter_roster, iter_roster_stream

#: Profile ids (a profile's text is stripped of surrounding whitespace, so the tab and
#: carriage return of OWASP's list are tested on cells directly below).
HOSTILE = ["=HYPERLINK(\"http://x\")", "+1+2", "-3+4", "@SUM(A1)"]


def _one(path: Path) -> Any:
    (row,) = iter_roster(path)
    assert row.error is None, row.error
    assert row.profile is not None
    return row.profile


# -- encodings ------------------------------------------------------------------------------
def test_a_gbk_csv_is_read_with_its_chinese_headers(tmp_path: Path) -> None:
    """A CSV saved by Excel on Chinese Windows (GBK) is told apart and read: headers and
    names come out right, not as '\\udcb8...' or mojibake."""
    f = tmp_path / "gbk.csv"
    f.write_bytes("工号,姓名,高级技师取证日期\nE1,张三,2019/3/15\n".encode("gb18030"))
    profile = _one(f)
    assert (profile.id, profile.name) == ("E1", "张三")
    assert profile.grades[0].certified_on == dt.date(2019, 3, 15)


def test_a_bad_byte_in_a_gbk_csv_is_named_as_not_gb18030(tmp_path: Path) -> None:
    """A byte GB18030 does not allow, past the sample that told the file is GBK, makes a
    bad row of its own, named as not valid GB18030 (it said "not valid UTF-8")."""
    f = tmp_path / "gbk.csv"
    rows = "".join(f"E{i},张三\n" for i in range(10_000))
    f.write_bytes("工号,姓名\n".encode("gb18030") + rows.encode("gb18030") + b"E-bad,\xff\n")
    found = list(iter_roster(f))
    assert len(found) == 10_001 and all(r.profile is not None for r in found[:-1])
    (p,) = found[-1].error.problems  # type: ignore[union-attr]
    assert p.code == "BAJI213" and p.line == 10_002
    assert p.render().endswith("byte 0xff is not valid GB18030 (save the roster as UTF-8)"), \
        p.render()


def test_a_csv_with_a_bom_is_read(tmp_path: Path) -> None:
    f = tmp_path / "bom.csv"
    f.write_bytes("\ufeff编号,姓名\nE2,李四\n".encode())
    profile = _one(f)
    assert (profile.id, profile.name) == ("E2", "李四")


def test_utf16_is_refused_naming_the_encoding(tmp_path: Path) -> None:
    """Excel's "Unicode text" is UTF-16: refused with the encoding and how to re-save."""
    f = tmp_path / "u16.csv"
    f.write_bytes("id,name\nE1,张三\n".encode("utf-16"))
    with pytest.raises(Exception) as caught:
        list(iter_roster(f))
    (p,) = caught.value.problems  # type: ignore[attr-defined]
    assert p.code == "BAJI263"
    assert "UTF-16" in p.render() and "CSV UTF-8" in p.render()
    assert "另存为" in p.render("zh")


def test_bytes_neither_utf8_nor_gb18030_are_refused(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_bytes(b"id,name\nE1,\xff\xfe\xff\xfe\n")
    with pytest.raises(Exception) as caught:
        list(iter_roster(f))
    assert caught.value.problems[0].code == "BAJI263"  # type: ignore[attr-defined]


def _stream(data: bytes) -> list[Any]:
    return list(iter_roster_stream(io.BytesIO(data)))


@pytest.mark.parametrize("ascii_rows", [0, 3])
def test_a_gbk_csv_on_standard_input_is_read(ascii_rows: int) -> None:
    """A GBK CSV piped in (``baji eval --roster -``) is told apart as a file is, at its
    first line that is not ASCII, however many ASCII lines come before (each row was a
    bad row: "byte 0xb9 is not valid UTF-8")."""
    head = "id,name,高级技师取证日期\n" if ascii_rows == 0 else "id,name,senior_technician_certified_on\n"
    rows = "".join(f"A{i},Li,2019-03-15\n" for i in range(ascii_rows)) + "E1,张三,2019/3/15\n"
    found = _stream((head + rows).encode("gb18030"))
    assert [r.error for r in found] == [None] * (ascii_rows + 1)
    assert found[-1].profile.name == "张三"
    assert found[-1].profile.grades[0].certified_on == dt.date(2019, 3, 15)


@pytest.mark.parametrize("data", ["\ufeff编号,姓名\nE2,李四\n".encode(),
                                  "编号,姓名\nE2,李四\n".encode()])
def test_a_utf8_csv_on_standard_input_is_read(data: bytes) -> None:
    (row,) = _stream(data)
    assert (row.profile.id, row.profile.name) == ("E2", "李四")


@pytest.mark.parametrize(("data", "named"), [
    ("id,name\nE1,张三\n".encode("utf-16"), "UTF-16"),
    (b"id,name\nE1,\xff\xfe\xff\xfe\n", "neither UTF-8 nor GB18030/GBK")])
def test_standard_input_in_another_encoding_is_refused(data: bytes, named: str) -> None:
    with pytest.raises(Exception) as caught:
        _stream(data)
    (p,) = caught.value.problems  # type: ignore[attr-defined]
    assert p.code == "BAJI263" and named in p.render() and "<stdin>" in p.render()


def test_a_csv_on_standard_input_is_answered_as_it_comes() -> None:
    """Telling the encoding reads no line before its row is wanted: a writer that
    waits after a row gets that row answered (the pipe below fails a test that reads
    past what has been written)."""
    class Pipe(io.RawIOBase):
        chunks = [b"id,name\n", b"A1,Li\n", "E1,张三\n".encode("gb18030"), b"A2,Wu\n"]

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            assert self.chunks, "read past what the writer has written"
            data = self.chunks.pop(0)
            buffer[:len(data)] = data
            return len(data)

    pipe = Pipe()
    rows = iter_roster_stream(io.BufferedReader(pipe, buffer_size=8))
    for left, name in ((2, "Li"), (1, "张三")):
        row = next(rows)
        assert row.profile.name == name and len(pipe.chunks) == left


# -- headers and dates ----------------------------------------------------------------------
def test_every_column_has_one_chinese_header_and_they_read_back() -> None:
    """One alias table: every column of the layout has a Chinese header, no two columns
    share one, and each Chinese header reads as its English column."""
    zh, en = header_names("zh"), header_names("en")
    assert len(zh) == len(en) == len(set(zh))
    assert all(ALIASES[name] == col for name, col in zip(zh, en))
    assert ALIASES["工号"] == ALIASES["编号"] == "id" and ALIASES["姓名"] == "name"


def test_chinese_and_english_names_of_one_column_are_refused_together(tmp_path: Path) -> None:
    f = tmp_path / "r.csv"
    f.write_text("id,工号\nE1,E1\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        list(iter_roster(f))
    assert caught.value.problems[0].code == "BAJI224"  # type: ignore[attr-defined]


def test_ascii_parentheses_in_a_chinese_header(tmp_path: Path) -> None:
    f = tmp_path / "r.csv"
    f.write_text("编号,职业(工种)\nE1,数控车工\n", encoding="utf-8")
    assert _one(f).occupation == "数控车工"


@pytest.mark.parametrize("text", ["2019/3/15", "2019-3-15", "2019年3月15日", "2019-03-15",
                                  "43539", "43539.0", "2019/03/15 00:00:00"])
def test_dates_as_excel_writes_them(tmp_path: Path, text: str) -> None:
    f = tmp_path / "r.csv"
    f.write_text(f"编号,高级技师取证日期,高级技师岗位任职经历\nE1,{text},{text}..\n",
                 encoding="utf-8")
    grade = _one(f).grades[0]
    assert grade.certified_on == dt.date(2019, 3, 15)
    assert grade.posts[0].start == dt.date(2019, 3, 15)


def test_excel_serials_around_its_false_29_february_1900() -> None:
    assert read_date("c", "1") == "1900-01-01"
    assert read_date("c", "59") == "1900-02-28"
    assert read_date("c", "61") == "1900-03-01"


def test_a_bad_date_is_located_by_row_and_column(tmp_path: Path) -> None:
    """file:line:column, the header as written, the value and what a date looks like."""
    f = tmp_path / "r.csv"
    f.write_text("编号,姓名,高级技师取证日期\nE1,张三,2019/3/15\nE2,李四,2019/2/30\n",
                 encoding="utf-8")
    good, bad = iter_roster(f)
    assert good.ok and bad.error is not None
    (p,) = bad.error.problems
    assert p.code == "BAJI219"
    assert p.render().startswith(f"{f}:3:7: row 3: column '高级技师取证日期': '2019/2/30' "
                                 "is not a date")
    assert "2019年3月15日" in p.render("zh")


# -- xlsx in --------------------------------------------------------------------------------
def _xlsx(path: Path, rows: list[list[Any]]) -> None:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    day = book.add_format({"num_format": "yyyy/m/d"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()


def test_an_xlsx_roster_with_date_cells_and_numbers(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    f = tmp_path / "r.xlsx"
    _xlsx(f, [["工号", "姓名", "高级技师取证日期", "技师取证日期", "仍从事本职业（工种）工作"],
              [1001, "张三", dt.date(2019, 3, 15), 43539, True],
              [None, None, None, None, None],
              ["E2", "李四", "2019年3月15日", None, "否"]])
    first, second = iter_roster(f)
    assert first.profile is not None and second.profile is not None
    assert first.profile.id == "1001" and first.profile.still_in_occupation is True
    assert [g.certified_on for g in first.profile.grades] == [dt.date(2019, 3, 15)] * 2
    assert (second.number, second.line) == (2, 4)


def test_a_bad_xlsx_cell_is_located_by_sheet_row_and_column(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    f = tmp_path / "r.xlsx"
    _xlsx(f, [["编号", "姓名", "高级技师取证日期"], ["E1", "张三", "去年"]])
    (row,) = iter_roster(f)
    assert row.error is not None
    assert row.error.problems[0].render().startswith(
        f"{f}:2:3: row 2: column '高级技师取证日期': '去年' is not a date")


def test_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    f = tmp_path / "r.xlsx"
    f.write_text("id\nE1\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        list(iter_roster(f))
    assert caught.value.problems[0].code == "BAJI265"  # type: ignore[attr-defined]


@pytest.mark.parametrize("name,lang", [("花名册模板.xlsx", "zh"), ("template.xlsx", "en"),
                                       ("花名册模板.csv", "zh"), ("template.csv", "en")])
def test_the_template_reads_back(tmp_path: Path, name: str, lang: str) -> None:
    """`baji roster template` writes every column and one example row that baji reads
    as a valid profile."""
    if name.endswith(".xlsx"):
        pytest.importorskip("python_calamine")
        pytest.importorskip("xlsxwriter")
    out = tmp_path / name
    assert main(["roster", "template", "--out", str(out), "--lang", lang]) == 0
    profile = _one(out)
    assert profile.id == "E0001"
    assert profile.grades[0].certified_on == dt.date(2019, 3, 15)
    assert profile.grades[0].posts[0].start == dt.date(2019, 3, 15)
    if name.endswith(".csv"):
        header = out.read_bytes().decode("utf-8").splitlines()[0]
        assert header.startswith("\ufeff" + ("编号,姓名" if lang == "zh" else "id,name"))


# -- tables out ----------------------------------------------------------------------------
ROSTER = ("id,name,senior_technician_certified_on,senior_technician_posts,"
          "still_in_occupation\n"
          "{id},{id},2015-01-01,2015-01-01..,true\nE2,y,2030/2/30,,\n")


def _hostile_roster(tmp_path: Path, hostile: str) -> Path:
    f = tmp_path / "r.csv"
    quoted = '"' + hostile.replace('"', '""') + '"'
    f.write_text(ROSTER.format(id=quoted), encoding="utf-8", newline="")
    return f


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_csv_decision_table_is_excel_ready_and_inert(tmp_path: Path,
                                                         hostile: str) -> None:
    roster = _hostile_roster(tmp_path, hostile)
    out = tmp_path / "结果.csv"
    code = main(["eval", "--roster", str(roster), "--pack", "shanghai", "--as-of",
                 "2026-12-31", "--out", str(out)])
    assert code == 1  # the second row is bad, and is in the table with its error
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["行号", "编号", "姓名", "规则包"]
    assert "高级技师状态" in rows[0] and "高级技师最早日期" in rows[0]
    assert rows[1][1] == rows[1][2] == "'" + hostile  # id and name
    assert rows[2][0] == "2" and "2030/2/30" in rows[2][-1]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                   for row in rows for cell in row)


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml").decode("utf-8")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_xlsx_decision_table_is_typed_and_inert(tmp_path: Path, hostile: str) -> None:
    calamine = pytest.importorskip("python_calamine")
    pytest.importorskip("xlsxwriter")
    roster = _hostile_roster(tmp_path, hostile)
    out = tmp_path / "结果.xlsx"
    main(["eval", "--roster", str(roster), "--pack", "shanghai", "--as-of", "2026-12-31",
          "--lang", "en", "--out", str(out)])
    rows = calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["row", "id", "name", "pack"]
    assert rows[1][0] == 1.0  # a number, not a text
    assert rows[1][1] == rows[1][2] == hostile  # the text itself, as a text cell ...
    xml = _sheet_xml(out)
    assert "<f>" not in xml  # ... and no formula anywhere
    with zipfile.ZipFile(out) as z:
        assert 'quotePrefix="1"' in z.read("xl/styles.xml").decode()
    earliest = rows[0].index("senior technician earliest date")
    status = rows[0].index("senior technician status")
    assert rows[1][status] in ("eligible", "ineligible", "undetermined")
    assert all(isinstance(r[earliest], (dt.date, str)) for r in rows[1:])


@pytest.mark.parametrize("text", [*HOSTILE, "\tcmd", "\rcmd"])
def test_every_formula_start_is_neutralised_in_both_formats(tmp_path: Path,
                                                            text: str) -> None:
    from baji.render.spreadsheet import csv_pieces, xlsx_bytes
    written = "".join(csv_pieces(["h"], [[text]]))
    assert list(csv.reader(io.StringIO(written[1:], newline=""))) == [["h"], ["'" + text]]
    pytest.importorskip("xlsxwriter")
    out = tmp_path / "t.xlsx"
    out.write_bytes(xlsx_bytes(["h"], [[text], ["plain"]], "s"))
    xml = _sheet_xml(out)
    assert "<f>" not in xml
    assert re.search(r'<c r="A2" s="(\d+)"', xml) and not re.search(r'<c r="A3" s=', xml)


def test_an_xlsx_date_cell_stays_a_date(tmp_path: Path) -> None:
    calamine = pytest.importorskip("python_calamine")
    pytest.importorskip("xlsxwriter")
    from baji.render.spreadsheet import xlsx_bytes
    out = tmp_path / "t.xlsx"
    out.write_bytes(xlsx_bytes(["a", "b", "c"], [[dt.date(2027, 1, 1), 5, "=1"]], "s"))
    rows = calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[1] == [dt.date(2027, 1, 1), 5.0, "=1"]


def test_impact_changes_as_a_table_with_hostile_pack_text(tmp_path: Path) -> None:
    """The change table's conditions carry pack text: neutralised like any cell."""
    from baji.analysts.impact import CandidateChange, Reason
    from baji.core.decision import Message
    from baji.core.levels import Level
    from baji.render.spreadsheet import csv_pieces, impact_header, impact_rows
    change = CandidateChange(row=1, profile_id="@x", level=Level.SENIOR_TECHNICIAN,
                             change="gained", status_a="ineligible", status_b="eligible",
                             reasons=(Reason(side="a", pack="=evil", rule=None, kind="honour",
                                             required=Message(zh="=cmd", en="=cmd"),
                                             actual="", met=False),))
    text = "".join(csv_pieces(impact_header("zh"), impact_rows([change], "zh")))
    assert "'@x" in text and "'=evil: =cmd" in text
    assert "新获资格" in text and "高级技师" in text


def test_impact_writes_its_changes_by_the_out_suffix(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("id,senior_technician_certified_on,senior_technician_posts,"
                      "still_in_occupation,front_line\n"
                      "E1,2015-01-01,2015-01-01..,true,true\n", encoding="utf-8")
    out = tmp_path / "changes.csv"
    assert main(["impact", "shanghai", "tianjin", str(roster), "--as-of", "2026-12-31",
                 "--out", str(out)]) == 0
    header = out.read_bytes().decode("utf-8").splitlines()[0]
    assert header == "\ufeff行号,编号,等级,变化,A 状态,B 状态,A 途径,B 途径,规则,差异条件"
    assert main(["impact", "shanghai", "tianjin", str(roster), "--format", "json",
                 "--out", str(out)]) == 2


@pytest.mark.parametrize("flag", [["--answers-only"], ["--engine", "columnar"]])
def test_a_table_needs_the_full_decisions(tmp_path: Path, flag: list[str]) -> None:
    """What is missing comes from the full decisions: --answers-only and the vectorized
    engines are refused with a table (exit 2) rather than writing JSON lines into it."""
    roster = _hostile_roster(tmp_path, "E1")
    out = tmp_path / "t.csv"
    assert main(["eval", "--roster", str(roster), *flag, "--out", str(out)]) == 2
    assert not out.exists()


def test_the_header_of_the_decision_table_names_levels_in_english() -> None:
    from baji.core.levels import Level
    from baji.render.spreadsheet import decision_header
    header = decision_header([Level.TECHNICIAN], "en")
    assert header == ["row", "id", "name", "pack", "technician status", "technician path",
                      "technician earliest date", "technician missing", "error"]
    assert not [h for h in decision_header([Level.TECHNICIAN], "zh") if re.search("[a-z]", h)]


def test_a_gbk_csv_with_english_headers(tmp_path: Path) -> None:
    """English headers are ASCII in either encoding: the rows' GBK names decide."""
    f = tmp_path / "gbk.csv"
    f.write_bytes("id,name,occupation\nE1,王小明,数控车工\nE2,赵六,钳工\n".encode("gb18030"))
    first, second = iter_roster(f)
    assert first.profile is not None and second.profile is not None
    assert (first.profile.name, second.profile.occupation) == ("王小明", "钳工")


def test_cells_beyond_the_xlsx_header_make_a_bad_row(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    f = tmp_path / "r.xlsx"
    _xlsx(f, [["编号", "姓名"], ["E1", "张三", "多余"], ["E2", "李四"]])
    bad, good = iter_roster(f)
    assert bad.error is not None and bad.error.problems[0].code == "BAJI218"
    assert good.profile is not None and good.profile.name == "李四"


def test_an_xlsx_output_replaces_a_file_keeping_its_mode(tmp_path: Path) -> None:
    """The bytes of an .xlsx go through the same atomic write as text outputs."""
    import stat

    from baji.io.atomic import write_bytes_atomic
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


def test_the_table_is_the_same_from_worker_processes(tmp_path: Path) -> None:
    roster = _hostile_roster(tmp_path, "E1")
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    for out, jobs in ((one, "1"), (two, "2")):
        main(["eval", "--roster", str(roster), "--pack", "shanghai", "--as-of", "2026-12-31",
              "--jobs", jobs, "--out", str(out)])
    assert one.read_bytes() == two.read_bytes()
    assert one.read_bytes().count(b"\r\n") == 3
