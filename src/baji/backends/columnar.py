"""Vectorized evaluation: a whole roster held as columns, one polars expression per rule.

Install with ``pip install 'baji[columnar]'`` (polars). ``import baji`` never imports
polars; this module does.

:func:`to_frame` lays validated profiles out as a :class:`polars.DataFrame` (the layout
is in docs/backends.md: one row per candidate, nullable columns for facts, list columns
for honours, awards, posts and the like). :func:`evaluate_frame` walks the compiled
network once and builds one polars expression per node: Kleene's three-valued logic is
polars' own logic of nullable booleans (``null`` is *unknown*; ``&``, ``|`` and ``~``
treat it as Kleene does), so each path rule becomes one boolean column, and each level a
status, a path, the list of open paths and the earliest date (each leaf's from its
operator's :meth:`~baji.operators.base.Operator.column_date`). The answers agree with
:func:`baji.evaluate_answers` on every row (a property test checks it on every bundled
pack); traces are left to the per-profile evaluators.

Example::

    import baji
    from baji.backends.columnar import evaluate_frame, to_frame

    frame = to_frame(profiles)
    answers = evaluate_frame(baji.get_pack("shanghai-2026"), frame, as_of)
    answers["special_technician.status"].value_counts()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import reduce
from typing import Any

try:
    import polars as pl
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("baji.backends.columnar needs polars, which is not installed: "
                      "pip install 'baji[columnar]'") from _exc

from baji.backends.plan import stages, target
from baji.core.dates import as_of_date
from baji.core.decision import PATH_ORDER
from baji.core.labels import EMPLOYER_FACTS, FACTS, SCOPE_RANK
from baji.core.levels import Level
from baji.core.vocabulary import default_vocab
from baji.engine.codegen import timeless
from baji.engine.program import program_for, reach
from baji.pack.network import CompiledRule, Network, Node
from baji.profile.model import Profile

__all__ = ["SCHEMA", "evaluate_frame", "to_frame"]

_FACTS: tuple[str, ...] = FACTS
_EMPLOYER_FACTS: tuple[str, ...] = EMPLOYER_FACTS
_POST = pl.Struct({"start": pl.Date, "end": pl.Date})
_NO_DATE = pl.lit(None, dtype=pl.Date)


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = {"id": pl.String, "occupation": pl.String}
    schema.update({name: pl.Boolean for name in _FACTS})
    for level in Level:
        schema[f"grades.{level.value}.certified"] = pl.List(pl.Date)
        schema[f"grades.{level.value}.posts"] = pl.List(_POST)
        schema[f"grades.{level.value}.occupations"] = pl.List(pl.String)
    schema["honours"] = pl.List(pl.Struct({"id": pl.String, "date": pl.Date}))
    schema["awards"] = pl.List(pl.Struct({"id": pl.String, "rank": pl.String,
                                          "date": pl.Date}))
    schema["titles"] = pl.List(pl.Struct({"id": pl.String, "aligned": pl.Boolean,
                                          "date": pl.Date}))
    schema["contributions"] = pl.List(pl.String)
    for name in sorted(default_vocab().items["attestation"]):
        schema[f"attestations.{name}"] = pl.Boolean
    schema["findings"] = pl.List(pl.Struct({"kind": pl.String, "subject": pl.String,
                                            "date": pl.Date, "restricted_until": pl.Date}))
    schema["recommendations"] = pl.List(pl.Struct({"level": pl.String, "date": pl.Date}))
    schema.update({f"employer.{name}": pl.Boolean for name in _EMPLOYER_FACTS})
    schema["employer.filing"] = pl.String
    schema["employer.pilot_levels"] = pl.List(pl.String)
    schema["employer.self_assessment_since"] = pl.Date
    return schema


#: The columns of a roster frame and their polars types (see docs/backends.md).
SCHEMA: dict[str, Any] = _schema()


def _row(p: Profile) -> dict[str, Any]:
    row: dict[str, Any] = {"id": p.id, "occupation": p.occupation}
    for name in _FACTS:
        row[name] = getattr(p, name)
    for level in Level:
        key = f"grades.{level.value}"
        if p.grades is None:
            row[f"{key}.certified"] = row[f"{key}.posts"] = row[f"{key}.occupations"] = None
            continue
        row[f"{key}.certified"] = [g.certified_on for g in p.grades if g.level is level]
        row[f"{key}.occupations"] = [g.occupation for g in p.grades if g.level is level]
        periods = p.grade_periods(level)
        row[f"{key}.posts"] = (None if periods is None
                               else [{"start": x.start, "end": x.end} for x in periods])
    row["honours"] = (None if p.honours is None
                      else [{"id": h.id, "date": h.date} for h in p.honours])
    row["awards"] = (None if p.awards is None
                     else [{"id": a.id, "rank": a.rank, "date": a.date} for a in p.awards])
    row["titles"] = (None if p.titles is None else
                     [{"id": t.id, "aligned": t.aligned, "date": t.date} for t in p.titles])
    row["contributions"] = None if p.contributions is None else list(p.contributions)
    for name in SCHEMA:
        if name.startswith("attestations."):
            row[name] = p.attestations.get(name.partition(".")[2])
    row["findings"] = (None if p.findings is None else
                       [{"kind": f.kind, "subject": f.subject, "date": f.date,
                         "restricted_until": f.restricted_until} for f in p.findings])
    row["recommendations"] = (None if p.recommendations is None else
                              [{"level": r.level.value, "date": r.date}
                               for r in p.recommendations])
    for name in (*_EMPLOYER_FACTS, "filing", "self_assessment_since"):
        row[f"employer.{name}"] = getattr(p.employer, name)
    levels = p.employer.pilot_levels
    row["employer.pilot_levels"] = None if levels is None else [lv.value for lv in levels]
    return row


def to_frame(profiles: Iterable[Profile]) -> pl.DataFrame:
    """Lay validated profiles out as a roster frame, one row each, in order.

    Grades are held per level: ``grades.<level>.certified`` lists the certificate dates
    of the grades of that level (``null`` items for undated ones; an empty list when
    none is held) and ``grades.<level>.posts`` their post periods, ``null`` when the
    profile leaves them unknown. Every other column follows the profile field of the same
    (dotted) name; ``null`` is *unknown*.
    """
    return pl.DataFrame([_row(p) for p in profiles], schema=SCHEMA, orient="row")


class _Builder:
    """Polars expressions of the nodes of one network on one date (each leaf's is its
    operator's :meth:`~baji.operators.base.Operator.column`)."""

    def __init__(self, network: Network, as_of: dt.date,
                 columns: frozenset[int] = frozenset(),
                 dates: frozenset[int] = frozenset()) -> None:
        self.nodes = network.nodes
        self.as_of = as_of
        self.columns = columns  # nodes already computed as columns "__n<index>"
        self.dates = dates  # nodes whose dates are computed already, as "__d<index>"
        self.memo: dict[int, pl.Expr] = {}
        self.date_memo: dict[int, pl.Expr] = {}
        awards = network.vocab.items["award"]
        self.award_scope = {k: SCOPE_RANK.get(v.scope or "", 0) for k, v in awards.items()}
        self.ranked = [k for k, v in awards.items() if v.ranked]

    def expr(self, index: int) -> pl.Expr:
        """The node's value: its column when computed already, else its expression."""
        if index in self.columns:
            return pl.col(f"__n{index}")
        found = self.memo.get(index)
        if found is None:
            found = self.memo[index] = self._build(self.nodes[index])
        return found

    def _build(self, node: Node) -> pl.Expr:
        kids = [self.expr(c) for c in node.children]
        if node.kind == "all":
            return reduce(lambda a, b: a & b, kids)
        if node.kind == "any":
            return reduce(lambda a, b: a | b, kids)
        if node.kind == "not":
            return ~kids[0]
        if node.kind == "rule":
            return kids[0]
        return node.leaf.column(self)

    # -- dates (docs/semantics.md, "Earliest date"; as baji.engine.codegen.Dates) --------
    def date(self, index: int) -> pl.Expr:
        """The date from which node ``index`` is met on every later day (``null``: none)."""
        if index in self.dates:
            return pl.col(f"__d{index}")
        found = self.date_memo.get(index)
        if found is None:
            found = self.date_memo[index] = self._date(self.nodes[index])
        return found

    def _date(self, node: Node) -> pl.Expr:
        if node.kind == "rule":
            return self.date(node.children[0])
        if node.kind == "not":
            # over a condition no date can change: met now, met for good
            if timeless(self.nodes, node.children[0]):
                return pl.when(~self.expr(node.children[0])).then(pl.lit(self.as_of))
            return _NO_DATE
        kids = [self.date(c) for c in node.children]
        if node.kind == "all":
            return pl.when(pl.any_horizontal([k.is_null() for k in kids])).then(_NO_DATE) \
                .otherwise(pl.max_horizontal(kids))
        if node.kind == "any":
            return pl.min_horizontal(kids)
        value = self.expr(node.index)
        found = node.leaf.column_date(self, value)
        return pl.when(value).then(pl.lit(self.as_of)) if found is None else found


def _plan(network: Network, as_of: dt.date,
          levels: Iterable[Level | str] | Level | str | None,
          earliest: bool = True) -> list[list[pl.Expr]]:
    """The expressions answering ``levels`` on ``as_of``, in stages: each stage adds
    columns the next ones read; the last gives ``<level>.status``, ``.path``, ``.paths``
    and (with ``earliest``) ``.earliest``."""
    program = program_for(network)
    chosen = program.select(levels)
    if not program.in_force(as_of):
        out: list[pl.Expr] = []
        for lp in chosen:
            name = lp.level.value
            out += [pl.lit("not_in_force").alias(f"{name}.status"),
                    pl.lit(None, dtype=pl.String).alias(f"{name}.path"),
                    pl.lit([], dtype=pl.List(pl.String)).alias(f"{name}.paths")]
            if earliest:
                out.append(_NO_DATE.alias(f"{name}.earliest"))
        return [out]
    roots = [target(network, r.root) for lp in chosen for r in lp.rules]
    plan: list[list[pl.Expr]] = []
    done: frozenset[int] = frozenset()
    shared = stages(network, roots)
    for stage in shared:
        build = _Builder(network, as_of, done)
        plan.append([build.expr(i).alias(f"__n{i}") for i in stage])
        done = done | frozenset(stage)
    dated: frozenset[int] = frozenset()
    if earliest:  # every leaf's date, then those of the nodes read more than once
        leaves = [i for i in reach(network.nodes, roots) if not network.nodes[i].children]
        for stage in (leaves, *shared):
            build = _Builder(network, as_of, done, dated)
            plan.append([build.date(i).alias(f"__d{i}") for i in stage])
            dated = dated | frozenset(stage)
    build = _Builder(network, as_of, done, dated)
    until = network.window.until
    out = []
    for lp in chosen:
        name = lp.level.value
        values = [build.expr(target(network, r.root)) for r in lp.rules]
        met = [v.fill_null(False) for v in values]
        none = "not_covered" if lp.coverage == "partial" else "ineligible"
        if not values:
            status: pl.Expr = pl.lit(none)
            path: pl.Expr = pl.lit(None, dtype=pl.String)
            paths: pl.Expr = pl.lit([], dtype=pl.List(pl.String))
        else:
            any_met = reduce(lambda a, b: a | b, met)
            any_unknown = reduce(lambda a, b: a | b, [v.is_null() for v in values])
            status = (pl.when(any_met).then(pl.lit("eligible"))
                      .when(any_unknown).then(pl.lit("undetermined"))
                      .otherwise(pl.lit(none)))
            chain: Any = pl
            for m, rule in zip(met, lp.rules):
                chain = chain.when(m).then(pl.lit(rule.path))
            path = chain.otherwise(pl.lit(None, dtype=pl.String))
            paths = pl.concat_list([
                pl.when(reduce(lambda a, b: a | b,
                               [m for m, r in zip(met, lp.rules) if r.path == kind]))
                .then(pl.lit(kind)).otherwise(pl.lit(None, dtype=pl.String))
                for kind in PATH_ORDER if any(r.path == kind for r in lp.rules)
            ]).list.drop_nulls()
        out += [status.alias(f"{name}.status"), path.alias(f"{name}.path"),
                paths.alias(f"{name}.paths")]
        if earliest:
            out.append(_earliest(build, lp.rules, values, until, network).alias(
                f"{name}.earliest"))
    plan.append(out)
    return plan


def _earliest(build: _Builder, rules: Sequence[CompiledRule], values: list[pl.Expr],
              until: dt.date | None, network: Network) -> pl.Expr:
    """The earliest of the dates of the level's unmet rules when none is met, and not
    after the window in force (as :meth:`baji.engine.program.LevelProgram.earliest`)."""
    if not values:
        return _NO_DATE
    dates = []
    for v, rule in zip(values, rules):
        date = build.date(target(network, rule.root))
        when = ~v if until is None else ~v & (date <= until)
        dates.append(pl.when(when).then(date))
    met = reduce(lambda a, b: a | b, [v.fill_null(False) for v in values])
    return pl.when(met).then(_NO_DATE).otherwise(pl.min_horizontal(dates))


def evaluate_frame(network: Network, frame: pl.DataFrame | pl.LazyFrame, as_of: dt.date, *,
                   levels: Iterable[Level | str] | Level | str | None = None,
                   earliest: bool = True) -> pl.DataFrame:
    """Answer every row of a roster frame (see :func:`to_frame`) at once.

    Args:
        network: a compiled pack.
        frame: the roster, with the columns of :data:`SCHEMA` (extra columns are ignored).
        as_of: the evaluation date.
        levels: only these levels; every level of the pack by default.
        earliest: give each level's earliest date too (``False`` leaves the column out,
            which is cheaper).

    Returns:
        A frame with ``id`` (when the roster has it) and, per level,
        ``<level>.status``, ``<level>.path``, ``<level>.paths`` (a list) and
        ``<level>.earliest`` (a date, ``null`` for none), row by row equal to
        :func:`baji.evaluate_answers`.

    Raises:
        EvaluationError: a level the pack does not rule on, or ``as_of`` is not a date
            (a datetime or a text ``YYYY-MM-DD`` is read as :func:`baji.evaluate` reads it).
    """
    as_of = as_of_date(as_of, default_today=False)
    lazy = frame.lazy()
    keep: Sequence[pl.Expr] = [pl.col("id")] if "id" in lazy.collect_schema() else []
    *steps, answers = _plan(network, as_of, levels, earliest)
    for stage in steps:
        lazy = lazy.with_columns(stage)
    return lazy.select([*keep, *answers]).collect()
