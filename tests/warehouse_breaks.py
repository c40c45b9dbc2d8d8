"""What the warehouse check tests share (tests/test_warehouse_checks*.py): a clean roster
in the layout, holding every boundary a profile accepts, and per invariant a change
that breaks it, with the (table, column, rule) problems the check must report."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import baji
from baji.backends.tables import to_tables

Tables = dict[str, list[dict[str, Any]]]
Key = tuple[str, str, str]
D = dt.date


def clean() -> Tables:
    """Tables of valid profiles, on every accepted boundary: posts that touch (one ends
    the day the next starts), a post of one day, posts of two levels overlapping, the
    same period for two candidates, the first and last dates baji takes, NULL ranks,
    ends and filing, a grade whose posts are unknown, known lists with no rows."""
    a = {"id": "A", "employer": {"filing": "municipal", "pilot_levels": ["特级技师"],
                                 "self_assessment_since": "1900-01-01"},
         "grades": [{"level": "高级技师", "certified_on": "2199-12-31", "posts": [
             {"start": "2015-01-01", "end": "2018-01-01"},
             {"start": "2018-01-01", "end": "2018-01-02"}, {"start": "2019-01-01"}]},
             {"level": "technician", "posts": [{"start": "2016-01-01", "end": "2017-01-01"}]},
             {"level": "special_technician"}],
         "honours": [{"id": "national_technical_expert", "date": "1900-01-01"}],
         "awards": [{"id": "national_science_technology_award", "rank": "二等奖"},
                    {"id": "china_skills_grand_award"}],
         "titles": [{"id": "senior_professional_title_full", "aligned": True}],
         "contributions": ["national_key_projects"],
         "findings": [{"kind": "fraud", "subject": "employer", "date": "2001-01-01",
                       "restricted_until": "2003-01-01"}],
         "recommendations": [{"level": "特级技师", "date": "2026-01-01"}]}
    b = {"id": "B", "grades": [{"level": "高级技师", "posts": [
        {"start": "2015-01-01", "end": "2018-01-01"}]}], "honours": [], "titles": None}
    return to_tables([baji.parse_profile(a), baji.parse_profile(b), baji.parse_profile(
        {"id": "C"})])


def _add(table: str, **row: Any) -> Callable[[Tables], None]:
    return lambda t: t[table].append(row)


def _set(table: str, index: int, **values: Any) -> Callable[[Tables], None]:
    return lambda t: t[table][index].update(values)


def _post(id: str | None = "A", level: str | None = "senior_technician",
          start: D | None = D(2010, 1, 1), end: D | None = D(2011, 1, 1)
          ) -> Callable[[Tables], None]:
    return _add("posts", id=id, level=level, start_date=start, end_date=end)


#: name: (change, problems expected as (table, column, rule), first value expected)
BREAKS: dict[str, tuple[Callable[[Tables], None], set[Key], str | None]] = {
    "candidate id null": (_add("candidates", id=None), {("candidates", "id", "required")},
                          "NULL"),
    "candidate id twice": (lambda t: t["candidates"].append(dict(t["candidates"][1])),
                           {("candidates", "id", "duplicate")}, "B"),
    "list id null": (_add("honours", id=None, honour="national_technical_expert"),
                     {("honours", "id", "required")}, "NULL"),
    "orphan award": (_add("awards", id="Z", award="china_skills_grand_award"),
                     {("awards", "id", "orphan")}, "Z"),
    "orphan post": (_post(id="Z"), {("posts", "id", "orphan")}, "Z"),  # not no_grade too
    "orphan post and grade": (lambda t: (_add("grades", id="Y", level="technician",
                                              posts_known=True)(t),
                                         _post(id="Y", level="senior_technician")(t)),
                              {("grades", "id", "orphan"), ("posts", "id", "orphan")}, "Y"),
    "rows of an unknown list": (_add("titles", id="B", title="senior_professional_title_full"),
                                {("titles", "id", "unknown_list")}, "B"),
    "post of a grade without posts": (_post(level="special_technician"),
                                      {("posts", "level", "no_grade")}, "special_technician"),
    "post without a grade": (_post(id="C", level="technician"),
                             {("posts", "level", "no_grade"), ("posts", "id", "unknown_list")},
                             "technician"),
    "level by Chinese name": (_add("grades", id="A", level="高级技师", posts_known=False),
                              {("grades", "level", "allowed")}, "高级技师"),
    "post level unknown": (_post(level="master"), {("posts", "level", "allowed"),
                                                   ("posts", "level", "no_grade")}, "master"),
    "honour by name": (_add("honours", id="A", honour="全国技术能手"),
                       {("honours", "honour", "allowed")}, "全国技术能手"),
    "award unknown": (_add("awards", id="A", award="nobel"), {("awards", "award", "allowed")},
                      "nobel"),
    "rank in Chinese": (_set("awards", 0, rank="二等奖"), {("awards", "rank", "allowed")},
                        "二等奖"),
    "title unknown": (_add("titles", id="A", title="professor"),
                      {("titles", "title", "allowed")}, "professor"),
    "contribution unknown": (_add("contributions", id="A", contribution="x"),
                             {("contributions", "contribution", "allowed")}, "x"),
    "finding kind": (_set("findings", 0, kind="theft"), {("findings", "kind", "allowed")},
                     "theft"),
    "finding subject": (_set("findings", 0, subject="boss"),
                        {("findings", "subject", "allowed")}, "boss"),
    "finding undated": (_set("findings", 0, dated=None), {("findings", "dated", "required")},
                        "NULL"),
    "recommended level": (_set("recommendations", 0, level="top"),
                          {("recommendations", "level", "allowed")}, "top"),
    "pilot level null": (_set("pilot_levels", 0, level=None),
                         {("pilot_levels", "level", "required")}, "NULL"),
    "filing": (_set("candidates", 0, employer_filing="county"),
               {("candidates", "employer_filing", "allowed")}, "county"),
    "grade level null": (_add("grades", id="A", level=None, posts_known=False),
                         {("grades", "level", "required")}, "NULL"),
    "honour null": (_add("honours", id="A", honour=None), {("honours", "honour", "required")},
                    "NULL"),
    "post start null": (_post(start=None), {("posts", "start_date", "required")}, "NULL"),
    "date a day too early": (_set("honours", 0, dated=D(1899, 12, 31)),
                             {("honours", "dated", "range")}, "1899-12-31"),
    "date a day too late": (_set("grades", 0, certified_on=D(2200, 1, 1)),
                            {("grades", "certified_on", "range")}, "2200-01-01"),
    "employer date too early": (_set("candidates", 0,
                                     employer_self_assessment_since=D(1899, 12, 31)),
                                {("candidates", "employer_self_assessment_since", "range")},
                                "1899-12-31"),
    "post ends the day it starts": (_post(start=D(2010, 1, 1), end=D(2010, 1, 1)),
                                    {("posts", "end_date", "order")}, "2010-01-01..2010-01-01"),
    "post ends before it starts": (_post(start=D(2010, 1, 2), end=D(2010, 1, 1)),
                                   {("posts", "end_date", "order")}, "2010-01-02..2010-01-01"),
    "post inside another": (_post(start=D(2016, 1, 1), end=D(2016, 6, 1)),
                            {("posts", "start_date", "overlap")}, "2016-01-01..2016-06-01"),
    "post a day into the next": (_set("posts", 0, end_date=D(2018, 1, 2)),
                                 {("posts", "start_date", "overlap")}, "2018-01-01..2018-01-02"),
    "two open posts": (_post(start=D(2020, 1, 1), end=None),
                       {("posts", "start_date", "overlap")}, "2020-01-01..open"),
    "same start": (_post(id="B", start=D(2015, 1, 1), end=D(2015, 2, 1)),
                   {("posts", "start_date", "overlap")}, None),
}


def broken(name: str) -> Tables:
    """The clean tables with the change ``name`` of :data:`BREAKS` made."""
    tables = copy.deepcopy(clean())
    BREAKS[name][0](tables)
    return tables


def every_break() -> Tables:
    """The clean tables with every change of :data:`BREAKS` made at once (all but the
    ones changing the same row)."""
    tables = copy.deepcopy(clean())
    for name, (change, _, _) in BREAKS.items():
        if name not in ("post a day into the next",):
            change(tables)
    return tables


def orphans_graded(rows: Any) -> set[str]:
    """The ids of the check query's rows ``(table, column, rule, id, ...)`` reporting a
    post without its grade for a candidate missing (an orphan, to be reported only so)."""
    return {r[3] for r in rows if tuple(r[:3]) == ("posts", "level", "no_grade")} & {"Y", "Z"}


def write_parquet(tables: Tables, folder: Path) -> None:
    """The tables as ``<table>.parquet`` files in ``folder`` (by DuckDB), a roster for
    ``baji eval --roster folder --engine ...``."""
    import duckdb

    from baji.backends.duckdb import load_tables

    con = duckdb.connect()
    load_tables(con, tables)
    for table in tables:
        con.execute(f"COPY {table} TO '{folder / f'{table}.parquet'}' (FORMAT parquet)")


def kinds(problems: Any) -> set[Key]:
    """The (table, column, rule) of each BAJI267 problem."""
    out = set()
    for p in problems:
        assert p.code == "BAJI267", p.render()
        params = dict(p.params)
        out.add((params["table"], params["column_name"], params["rule"]))
    return out
