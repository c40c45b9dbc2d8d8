"""The CSV layout of a roster: which columns there are and how a row's cells become a
profile mapping (documented in docs/roster.md).

One row per candidate, one column per fact: ``id``, ``name``, ``occupation``, yes/no facts
(``still_in_occupation``...), lists separated by ``;`` (``honours``, ``awards`` as
``NAME[:RANK]``, ``titles`` as ``NAME[:ALIGNED]``, ``findings`` as
``KIND:SUBJECT:DATE[:UNTIL]``, ``recommendations`` as ``LEVEL[:DATE]``), ``attestations``
as ``NAME=true|false;...``, the employer's facts as ``employer_<field>``, and per grade
``<level>_certificate``, ``<level>_certified_on``, ``<level>_posts`` (``START..END;...``),
``<level>_kind`` and ``<level>_occupation``, the level by id or Chinese name (``高级技师_posts``).
Every column also has a Chinese header (:data:`ALIASES`, built from
:mod:`baji.core.labels`: ``姓名``, ``高级技师取证日期``...). Dates are read as spreadsheets
write them (``2019-03-15``, ``2019/3/15``, ``2019年3月15日``, Excel serial numbers). Reading
the file itself (lines, quoting, limits, encodings) is :mod:`baji.profile.roster`'s.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from baji.core.labels import (
    EMPLOYER_FACTS,
    EMPLOYER_LABELS,
    FACT_LABELS,
    FACTS,
    FIELD_ZH,
    FORM_LABELS,
    ROSTER_HEADER_ZH,
)
from baji.core.levels import Level, parse_level
from baji.errors import ProfileError, problem, suggest

_EMPTY_LIST = {"-", "无", "none"}
_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}
_BOOL_COLUMNS: tuple[str, ...] = FACTS
_EMPLOYER_BOOLS: tuple[str, ...] = EMPLOYER_FACTS
_LIST_COLUMNS = ("honours", "awards", "titles", "contributions", "findings", "recommendations")
_GRADE_FIELDS = ("certificate", "certified_on", "posts", "kind", "occupation")


def _zh_aliases() -> dict[str, str]:
    """Each column's Chinese header, from the labels; a grade's columns as the level's
    Chinese name followed by the field's (``高级技师取证日期``)."""
    out = {FORM_LABELS[k][0]: k for k in ("id", "name", "occupation", "attestations")}
    out.update({FACT_LABELS[f][0]: f for f in _BOOL_COLUMNS})
    out.update({FIELD_ZH[k]: k for k in _LIST_COLUMNS})
    out.update({EMPLOYER_LABELS[f][0]: f"employer_{f}" for f in _EMPLOYER_BOOLS})
    out.update({FIELD_ZH[f"employer.{f}"]: f"employer_{f}"
                for f in ("filing", "self_assessment_since")})
    out[FORM_LABELS["employer.pilot_levels"][0]] = "employer_pilot_levels"
    for level in Level:
        for field in _GRADE_FIELDS:
            out[level.zh + FORM_LABELS[f"grades[].{field}"][0]] = f"{level.value}_{field}"
    out.update(ROSTER_HEADER_ZH)
    return {_normal(k): v for k, v in out.items()}


def _normal(name: str) -> str:
    """A header as compared: without spaces, ASCII parentheses as full-width ones."""
    return "".join(name.split()).replace("(", "（").replace(")", "）")


def canonical(name: str) -> str:
    """The layout's name of a column given by its English name or a Chinese alias."""
    return ALIASES.get(_normal(name), name.strip())


def header_names(lang: str) -> list[str]:
    """Every column of the layout in order, by its English name (``en``) or its Chinese
    header (``zh``); grades per level, lowest first."""
    names = _known_columns() + [f"{lv.value}_{f}" for lv in Level for f in _GRADE_FIELDS]
    if lang != "zh":
        return names
    back = {v: k for k, v in _ZH_FIRST.items()}
    return [back[n] for n in names]


def check_header(header: list[str], path: str) -> list[str]:
    """The header's column names, stripped, Chinese aliases as the layout's names.

    Raises:
        ProfileError: every unknown column (BAJI220, with its character column and a
            did-you-mean), every column named twice (BAJI221) and every two columns
            that give one field (BAJI224: ``senior_technician_posts`` and
            ``高级技师_posts``; one would silently overwrite the other).
    """
    known = set(_known_columns())
    problems = []
    out = []
    given: list[str] = []
    fields: dict[tuple[Level, str], str] = {}  # a grade's field -> the column giving it
    plain: dict[str, str] = {}  # another column -> the header naming it
    column = 1  # character column of the field in the header line (unquoted header)
    for raw_name in header:
        name = canonical(raw_name)
        at = column
        column += len(raw_name) + 1
        out.append(name)
        given.append(raw_name.strip())
        grade = _grade_column(name)
        if name not in known and grade is None:
            problems.append(problem("BAJI220", path=path, line=1, column=at,
                                    column_name=raw_name.strip(),
                                    **suggest(raw_name.strip(), known | set(ALIASES))))
        elif grade is None and plain.setdefault(name, raw_name.strip()) != raw_name.strip():
            problems.append(problem("BAJI224", path=path, line=1, column=at,
                                    first=plain[name], second=raw_name.strip(), field=name))
        elif grade is not None and fields.setdefault(grade, raw_name.strip()) != raw_name.strip():
            problems.append(problem("BAJI224", path=path, line=1, column=at,
                                    first=fields[grade], second=name,
                                    field=f"{grade[0].value}_{grade[1]}"))
    for name in sorted({n for n in given if given.count(n) > 1}):
        problems.append(problem("BAJI221", path=path, line=1, column_name=name))
    if problems:
        raise ProfileError(problems)
    return out


def _known_columns() -> list[str]:
    return (["id", "name", "occupation", "attestations", *_BOOL_COLUMNS, *_LIST_COLUMNS]
            + [f"employer_{f}" for f in (*_EMPLOYER_BOOLS, "filing", "self_assessment_since",
                                         "pilot_levels")])


def _grade_column(name: str) -> tuple[Level, str] | None:
    for field in _GRADE_FIELDS:
        if name.endswith("_" + field):
            level = parse_level(name[: -len(field) - 1])
            if level is not None:
                return level, field
    return None


class CellError(ValueError):
    """A CSV cell that cannot be read: its column, its text, and what was expected
    (English, Chinese)."""

    def __init__(self, column: str, value: str, expected: tuple[str, str]) -> None:
        super().__init__(f"column {column!r}: {value!r} is not {expected[0]}")
        self.column = column
        self.value = value
        self.expected = expected


_DATE = ("a date (2019-03-15, 2019/3/15, 2019年3月15日 or an Excel date number)",
         "日期（2019-03-15、2019/3/15、2019年3月15日或 Excel 日期序号）")
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                        r"(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?")
_SERIAL = re.compile(r"\d{1,7}(?:\.0+)?")
#: Excel's 1900 date system counts 1900-01-01 as 1 and has a 29 February 1900 (60).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def read_date(column: str, value: str) -> str:
    """A date cell as ``YYYY-MM-DD``: ISO, ``2019/3/15``, ``2019-3-15``, ``2019.3.15``,
    ``2019年3月15日`` (a time of midnight after it allowed), or an Excel serial number.

    Raises:
        CellError: anything else, or a day the calendar does not have.
    """
    text = value.strip()
    found = _DATE_TEXT.fullmatch(text)
    try:
        if found:
            return dt.date(*(int(g) for g in found.groups())).isoformat()
        if _SERIAL.fullmatch(text):
            serial = int(float(text))
            if 0 < serial != 60 and serial <= 2958465:
                return (_EXCEL_EPOCH + dt.timedelta(days=serial + (serial < 60))).isoformat()
    except ValueError:
        pass
    raise CellError(column, value, _DATE)


def _day(column: str, value: str) -> str | None:
    return read_date(column, value) if value.strip() else None


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
    raise CellError(column, value, _BOOLEAN)


def _items(value: str) -> list[str] | None:
    v = value.strip()
    if not v:
        return None
    if v.lower() in _EMPTY_LIST:
        return []
    return [part.strip() for part in v.split(";") if part.strip()]


def row_to_profile(row: dict[str, str]) -> dict[str, Any]:
    """One CSV row (column name to cell text) as a profile mapping; the profile model
    validates it afterwards.

    Raises:
        CellError: a cell cannot be read as its column's kind of value.
    """
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
        elif field == "certified_on":
            grade[field] = read_date(column, value)
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
    if row.get("employer_filing", "").strip():
        employer["filing"] = row["employer_filing"].strip()
    since = _day("employer_self_assessment_since", row.get("employer_self_assessment_since", ""))
    if since is not None:
        employer["self_assessment_since"] = since
    if "employer_pilot_levels" in row:
        levels = _items(row["employer_pilot_levels"])
        if levels is not None:
            employer["pilot_levels"] = levels
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
            raise CellError(column, part, _PERIOD)
        start, end = (x.strip() for x in part.split("..", 1))
        out.append({"start": read_date(column, start) if start else start,
                    "end": _day(column, end)})
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
        raise CellError("findings", text, _FINDING)
    out = {"kind": parts[0], "subject": parts[1], "date": read_date("findings", parts[2])}
    if len(parts) > 3 and parts[3]:
        out["restricted_until"] = read_date("findings", parts[3])
    return out


def _recommendation(text: str) -> dict[str, str]:
    level, _, day = text.partition(":")
    return {"level": level.strip(), "date": read_date("recommendations", day)} if day.strip(
    ) else {"level": level.strip()}


def _attestations(text: str) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    given: dict[str, str] = {}  # name -> the part that gave it
    for part in text.split(";"):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep:
            raise CellError("attestations", part, _ATTESTATION)
        if name.strip() in given:
            # Keeping the last would silently drop the first (true, then false).
            raise CellError("attestations", part.strip(), (
                f"a new attestation ({name.strip()!r} is given already as "
                f"{given[name.strip()]!r})",
                f"新的证明（{name.strip()!r} 已由 {given[name.strip()]!r} 给出）"))
        given[name.strip()] = part.strip()
        out[name.strip()] = _bool("attestations", value)
    return {k: v for k, v in out.items() if v is not None}


#: The first Chinese header of each column (the one a template writes); :data:`ALIASES`
#: holds them all.
_ZH_FIRST: dict[str, str] = {}
ALIASES: dict[str, str] = _zh_aliases()
for _alias, _name in ALIASES.items():
    if _alias not in {_normal(k) for k in ROSTER_HEADER_ZH}:
        _ZH_FIRST.setdefault(_alias, _name)
