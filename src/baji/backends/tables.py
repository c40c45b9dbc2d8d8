"""The warehouse layout of a roster: a flat candidate table and one table per list.

No optional dependency: the layout, profiles laid out as rows of it, and its DDL text
(through sqlglot, imported inside :func:`ddl`). docs/warehouse.md shows the layout.

- ``candidates``: one row per candidate, keyed by ``id`` (unique): the occupation applied
  for (``occupation``, NULL when not stated), the yes/no facts, one
  ``attestation_<id>`` column per attestation of the vocabulary, the employer's facts as
  ``employer_<field>``, and per list a ``<list>_known`` flag: TRUE when the list is given
  (its items, maybe none, are rows of the list table), FALSE or NULL when it is unknown.
- ``grades`` (``id, level, occupation, certified_on, posts_known``: ``posts_known`` TRUE when the
  grade's post history is given), ``posts`` (``id, level, start_date, end_date``: the
  half-open post periods ``[start, end)``, ``end_date`` NULL while in post),
  ``honours``, ``awards``, ``titles``, ``contributions``, ``findings``,
  ``recommendations`` and ``pilot_levels`` (the levels the employer's filed 评聘 project
  covers), each with the candidate's ``id``.

NULL is *unknown* everywhere; a known list with no rows is a known "none".
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from baji.core.labels import EMPLOYER_FACTS, FACTS
from baji.core.vocabulary import Vocab, default_vocab
from baji.profile.model import Profile

__all__ = ["KNOWN", "LISTS", "candidate_columns", "ddl", "layout", "roster_files", "to_tables"]

#: The list tables and their columns with SQL types (``id`` first).
LISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "grades": (("id", "VARCHAR"), ("level", "VARCHAR"), ("occupation", "VARCHAR"),
               ("certified_on", "DATE"), ("posts_known", "BOOLEAN")),
    "posts": (("id", "VARCHAR"), ("level", "VARCHAR"), ("start_date", "DATE"),
              ("end_date", "DATE")),
    "honours": (("id", "VARCHAR"), ("honour", "VARCHAR"), ("dated", "DATE")),
    "awards": (("id", "VARCHAR"), ("award", "VARCHAR"), ("rank", "VARCHAR"),
               ("dated", "DATE")),
    "titles": (("id", "VARCHAR"), ("title", "VARCHAR"), ("aligned", "BOOLEAN"),
               ("dated", "DATE")),
    "contributions": (("id", "VARCHAR"), ("contribution", "VARCHAR")),
    "findings": (("id", "VARCHAR"), ("kind", "VARCHAR"), ("subject", "VARCHAR"),
                 ("dated", "DATE"), ("restricted_until", "DATE")),
    "recommendations": (("id", "VARCHAR"), ("level", "VARCHAR"), ("dated", "DATE")),
    "pilot_levels": (("id", "VARCHAR"), ("level", "VARCHAR")),
}

#: Per list table, the candidate column saying the list is given (``posts`` is known
#: with the grades, per level by ``grades.posts_known``).
KNOWN: dict[str, str] = {
    "grades": "grades_known", "posts": "grades_known", "honours": "honours_known",
    "awards": "awards_known", "titles": "titles_known",
    "contributions": "contributions_known", "findings": "findings_known",
    "recommendations": "recommendations_known",
    "pilot_levels": "employer_pilot_levels_known",
}


def candidate_columns(vocab: Vocab | None = None) -> tuple[tuple[str, str], ...]:
    """The candidate table's columns and SQL types (attestations from ``vocab``)."""
    vocab = vocab or default_vocab()
    cols: list[tuple[str, str]] = [("id", "VARCHAR"), ("occupation", "VARCHAR")]
    cols += [(name, "BOOLEAN") for name in FACTS]
    cols += [(f"attestation_{name}", "BOOLEAN") for name in sorted(vocab.items["attestation"])]
    cols += [(f"employer_{name}", "BOOLEAN") for name in EMPLOYER_FACTS]
    cols += [("employer_filing", "VARCHAR"), ("employer_self_assessment_since", "DATE")]
    cols += [(flag, "BOOLEAN") for flag in dict.fromkeys(KNOWN.values())]
    return tuple(cols)


def layout(vocab: Vocab | None = None) -> dict[str, tuple[tuple[str, str], ...]]:
    """Every table of the layout, ``candidates`` first, with its columns and SQL types."""
    return {"candidates": candidate_columns(vocab), **LISTS}


def ddl(dialect: str, vocab: Vocab | None = None, *, prefix: str = "") -> str:
    """``CREATE TABLE`` statements of the layout in ``dialect`` (sqlglot), one a line
    group; ``prefix`` goes before each table name (a schema, ``hr.``)."""
    from sqlglot import exp

    out = []
    for table, cols in layout(vocab).items():
        schema = exp.Schema(this=exp.to_table(prefix + table), expressions=[
            exp.ColumnDef(this=exp.to_identifier(name), kind=exp.DataType.build(kind))
            for name, kind in cols])
        out.append(exp.Create(this=schema, kind="TABLE").sql(dialect=dialect, pretty=True)
                   + ";")
    return "\n".join(out)


def to_tables(profiles: Iterable[Profile], vocab: Vocab | None = None
              ) -> dict[str, list[dict[str, Any]]]:
    """Validated profiles laid out as rows of every table (dicts by column name), in
    order; each profile's ``id`` must be given and unique."""
    names = [n for n, _ in candidate_columns(vocab)]
    out: dict[str, list[dict[str, Any]]] = {"candidates": [], **{t: [] for t in LISTS}}
    for p in profiles:
        key = p.id
        row: dict[str, Any] = {n: None for n in names}
        row["id"] = key
        row["occupation"] = p.occupation
        for fact in FACTS:
            row[fact] = getattr(p, fact)
        for name, value in p.attestations.items():
            if f"attestation_{name}" in row:
                row[f"attestation_{name}"] = value
        for field in (*EMPLOYER_FACTS, "filing", "self_assessment_since"):
            row[f"employer_{field}"] = getattr(p.employer, field)
        _lists(p, row, out)
        out["candidates"].append(row)
    return out


def _lists(p: Profile, row: dict[str, Any], out: dict[str, list[dict[str, Any]]]) -> None:
    key = p.id
    row["grades_known"] = p.grades is not None
    for g in p.grades or ():
        out["grades"].append({"id": key, "level": g.level.value, "occupation": g.occupation,
                              "certified_on": g.certified_on,
                              "posts_known": g.posts is not None})
        out["posts"] += [{"id": key, "level": g.level.value, "start_date": x.start,
                          "end_date": x.end} for x in g.posts or ()]
    row["honours_known"] = p.honours is not None
    out["honours"] += [{"id": key, "honour": h.id, "dated": h.date} for h in p.honours or ()]
    row["awards_known"] = p.awards is not None
    out["awards"] += [{"id": key, "award": a.id, "rank": a.rank, "dated": a.date}
                      for a in p.awards or ()]
    row["titles_known"] = p.titles is not None
    out["titles"] += [{"id": key, "title": t.id, "aligned": t.aligned, "dated": t.date}
                      for t in p.titles or ()]
    row["contributions_known"] = p.contributions is not None
    out["contributions"] += [{"id": key, "contribution": c} for c in p.contributions or ()]
    row["findings_known"] = p.findings is not None
    out["findings"] += [{"id": key, "kind": f.kind, "subject": f.subject, "dated": f.date,
                         "restricted_until": f.restricted_until} for f in p.findings or ()]
    row["recommendations_known"] = p.recommendations is not None
    out["recommendations"] += [{"id": key, "level": r.level.value, "dated": r.date}
                               for r in p.recommendations or ()]
    levels = p.employer.pilot_levels
    row["employer_pilot_levels_known"] = levels is not None
    out["pilot_levels"] += [{"id": key, "level": lv.value} for lv in levels or ()]


def roster_files(path: Path) -> dict[str, Path]:
    """The table files of a roster in the layout, by table name: in a directory,
    ``<table>.parquet`` (or ``.csv``); for a candidate file ``X.parquet`` (or ``.csv``),
    itself and its list tables beside it as ``X.<table>.parquet`` (or ``.csv``)."""
    found: dict[str, Path] = {}
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.suffix in (".parquet", ".csv") and child.stem in layout():
                found.setdefault(child.stem, child)
        return found
    found["candidates"] = path
    for table in LISTS:
        for suffix in (".parquet", ".csv"):
            sibling = path.with_name(f"{path.stem}.{table}{suffix}")
            if sibling.is_file():
                found.setdefault(table, sibling)
    return found
