"""The CSV layout of a roster: which columns there are and how a row's cells become a
profile mapping (documented in docs/roster.md).

One row per candidate, one column per fact: ``id``, ``name``, ``occupation``, yes/no facts
(``still_in_occupation``...), lists separated by ``;`` (``honours``, ``awards`` as
``NAME[:RANK]``, ``titles`` as ``NAME[:ALIGNED]``, ``findings`` as
``KIND:SUBJECT:DATE[:UNTIL]``, ``recommendations`` as ``LEVEL[:DATE]``), ``attestations``
as ``NAME=true|false;...``, the employer's facts as ``employer_<field>``, and per grade
``<level>_certificate``, ``<level>_certified_on``, ``<level>_posts`` (``START..END;...``),
``<level>_kind`` and ``<level>_occupation``, the level by id or Chinese name (``高级技师_posts``). Reading the
file itself (lines, quoting, limits) is :mod:`baji.profile.roster`'s.
"""

from __future__ import annotations

from typing import Any

from baji.core.labels import EMPLOYER_FACTS, FACTS
from baji.core.levels import Level, parse_level
from baji.errors import ProfileError, problem, suggest

_EMPTY_LIST = {"-", "无", "none"}
_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}
_BOOL_COLUMNS: tuple[str, ...] = FACTS
_EMPLOYER_BOOLS: tuple[str, ...] = EMPLOYER_FACTS
_LIST_COLUMNS = ("honours", "awards", "titles", "contributions", "findings", "recommendations")
_GRADE_FIELDS = ("certificate", "certified_on", "posts", "kind", "occupation")


def check_header(header: list[str], path: str) -> list[str]:
    """The header's column names, stripped.

    Raises:
        ProfileError: every unknown column (BAJI220, with its character column and a
            did-you-mean), every column named twice (BAJI221) and every two columns
            that give one field (BAJI224: ``senior_technician_posts`` and
            ``高级技师_posts``; one would silently overwrite the other).
    """
    known = set(_known_columns())
    problems = []
    out = []
    fields: dict[tuple[Level, str], str] = {}  # a grade's field -> the column giving it
    column = 1  # character column of the field in the header line (unquoted header)
    for raw_name in header:
        name = raw_name.strip()
        at = column
        column += len(raw_name) + 1
        out.append(name)
        grade = _grade_column(name)
        if name not in known and grade is None:
            problems.append(problem("BAJI220", path=path, line=1, column=at, column_name=name,
                                    **suggest(name, known)))
        elif grade is not None and fields.setdefault(grade, name) != name:
            problems.append(problem("BAJI224", path=path, line=1, column=at,
                                    first=fields[grade], second=name,
                                    field=f"{grade[0].value}_{grade[1]}"))
    for name in sorted({n for n in out if out.count(n) > 1}):
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
        raise CellError("findings", text, _FINDING)
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
