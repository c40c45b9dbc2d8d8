"""A pack compiled to one SQL query over the warehouse layout (docs/warehouse.md).

Install with ``pip install 'baji[sql]'`` (sqlglot). :func:`compile_query` walks the
compiled network once, as :mod:`baji.backends.columnar` does, and builds a sqlglot
expression: each leaf's is its operator's :meth:`~baji.operators.base.Operator.sql`, a
nullable boolean (NULL is *unknown*; SQL's ``AND``, ``OR`` and ``NOT`` are Kleene's).
Leaves over a list (honours, posts ...) are aggregates over the list table, grouped by
candidate in one common table expression per list and joined to the candidates; nodes
read more than once are computed once, in stages. :func:`to_sql` prints it in a dialect
(DuckDB, Spark, Hive, PostgreSQL, Trino ... as sqlglot transpiles it).

The query answers, per candidate and chosen level, ``<level>.status``, ``<level>.path``,
``<level>.paths`` (the open paths joined by ``,``, empty for none) and
``<level>.earliest`` (a ``DATE``, NULL for none), equal to :func:`baji.evaluate_answers`
(a property test checks it on every bundled pack, through DuckDB and Spark). Each leaf's
date is its operator's :meth:`~baji.operators.base.Operator.sql_date`; ``all`` takes the
latest, ``any`` the earliest (docs/semantics.md, "Earliest date"). Years in post come
from the posts in one pass: a window sum gives each post the days of the posts before
it, from which the day the years fall due follows (:mod:`baji.operators.tenure`). The
date is a literal of the query, so the window in force is decided when compiling:
outside it every level is ``not_in_force``; a date after the window's end is none.
Traces and ``assume_posts_from_certificate`` are left to the per-profile evaluators.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import reduce

try:
    from sqlglot import exp
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("baji.backends.sql needs sqlglot, which is not installed: "
                      "pip install 'baji[sql]'") from _exc

from baji.backends.plan import stages, target
from baji.backends.tables import KNOWN
from baji.core.dates import as_of_date
from baji.core.decision import PATH_ORDER
from baji.core.labels import SCOPE_RANK
from baji.core.levels import Level
from baji.engine.codegen import timeless
from baji.engine.program import LevelProgram, program_for, reach
from baji.operators.sql_parts import FAR, case, day, earliest_of, latest_of, no_date
from baji.pack.network import Network, Node

__all__ = ["compile_query", "to_sql"]

_DIALECTS = ("duckdb", "spark", "hive", "postgres", "trino", "starrocks", "mysql",
             "bigquery", "snowflake", "databricks", "sqlite")


_COMPOSITE = ("all", "any", "not", "rule")
#: Earlier than any date: a met rule, inside the earliest date's ``LEAST``.
_MET = dt.date(1, 1, 1)


def _quoted(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


class _Builder:
    """SQL expressions of the nodes of one network on one date; implements
    :class:`~baji.operators.base.SqlContext` for the leaves."""

    def __init__(self, network: Network, as_of: dt.date, earliest: bool = True) -> None:
        self.nodes = network.nodes
        self.as_of = as_of
        self.earliest = earliest
        awards = network.vocab.items["award"]
        self.award_scope: Mapping[str, int] = {k: SCOPE_RANK.get(v.scope or "", 0)
                                               for k, v in awards.items()}
        self.ranked: Sequence[str] = [k for k, v in awards.items() if v.ranked]
        self.columns: dict[int, str] = {}  # nodes computed already, by column name
        self.memo: dict[int, exp.Expr] = {}
        self.used: dict[str, None] = {}  # candidate columns read, in order
        self.aggs: dict[str, dict[str, tuple[str, exp.Expr]]] = {}  # table: sql: agg
        self.derived: dict[str, dict[str, exp.Expr]] = {}  # table: column: value per row
        self.date_columns: dict[int, str] = {}  # nodes whose date is computed already
        self.date_memo: dict[int, exp.Expr] = {}

    # -- SqlContext -------------------------------------------------------------------
    def column(self, name: str) -> exp.Expr:
        self.used[name] = None
        return _quoted(name)

    def known(self, table: str) -> exp.Expr:
        return exp.Coalesce(this=self.column(KNOWN[table]), expressions=[exp.false()])

    def aggregate(self, table: str, value: exp.Expr) -> exp.Expr:
        found = self.aggs.setdefault(table, {})
        key = value.sql()
        if key not in found:
            found[key] = (f"{table}_{len(found)}", value)
        return _quoted(found[key][0])

    def derive(self, table: str, name: str, value: exp.Expr) -> exp.Expr:
        found = self.derived.setdefault(table, {}).setdefault(name, value)
        assert found.sql() == value.sql(), f"two columns {name!r} of {table!r}"
        return _quoted(name)

    # -- nodes --------------------------------------------------------------------------
    def expr(self, index: int) -> exp.Expr:
        name = self.columns.get(index)
        if name is not None:
            return _quoted(name)
        found = self.memo.get(index)
        if found is None:
            found = self.memo[index] = self._build(self.nodes[index])
        return found.copy()

    def _build(self, node: Node) -> exp.Expr:
        kids = [self.expr(c) for c in node.children]
        if node.kind == "all":
            return exp.Paren(this=exp.and_(*kids))
        if node.kind == "any":
            return exp.Paren(this=exp.or_(*kids))
        if node.kind == "not":
            return exp.Not(this=exp.Paren(this=kids[0]))
        if node.kind == "rule":
            return kids[0]
        return node.leaf.sql(self)

    # -- dates (docs/semantics.md, "Earliest date"; as baji.engine.codegen.Dates) --------
    def date(self, index: int) -> exp.Expr:
        """The date from which node ``index`` is met on every later day (NULL for none)."""
        name = self.date_columns.get(index)
        if name is not None:
            return _quoted(name)
        found = self.date_memo.get(index)
        if found is None:
            found = self.date_memo[index] = self._date(self.nodes[index])
        return found.copy()

    def _date(self, node: Node) -> exp.Expr:
        if node.kind == "rule":
            return self.date(node.children[0])
        if node.kind == "not":
            # over a condition no date can change: met now, met for good
            if timeless(self.nodes, node.children[0]):
                return case((exp.Not(this=exp.Paren(this=self.expr(node.children[0]))),
                             day(self.as_of)))
            return no_date()
        if node.kind == "all":
            return latest_of([self.date(c) for c in node.children])
        if node.kind == "any":
            return earliest_of([self.date(c) for c in node.children])
        value = self.expr(node.index)
        return node.leaf.sql_date(self, value) or case((value.copy(), day(self.as_of)))


def _answers(build: _Builder, lp: LevelProgram, network: Network,
             until: dt.date | None) -> list[exp.Expr]:
    """``<level>.status``, ``.path``, ``.paths`` and (when asked) ``.earliest`` from the
    level's rule values and dates."""
    name = lp.level.value
    none = "not_covered" if lp.coverage == "partial" else "ineligible"
    values = [build.expr(target(network, r.root)) for r in lp.rules]
    met = [exp.Coalesce(this=v, expressions=[exp.false()]) for v in values]
    if not values:
        status: exp.Expr = exp.Literal.string(none)
        path: exp.Expr = exp.cast(exp.Null(), exp.DataType.Type.VARCHAR)
        paths: exp.Expr = exp.Literal.string("")
    else:
        # Kleene's OR of the rules is TRUE when one is met, NULL when none is and one is
        # unknown; a CASE takes NULL as not met.
        any_ = exp.Paren(this=exp.or_(*[v.copy() for v in values]))
        status = (exp.Case().when(any_, exp.Literal.string("eligible"))
                  .when(any_.copy().is_(exp.Null()), exp.Literal.string("undetermined"))
                  .else_(exp.Literal.string(none)))
        path = reduce(lambda case, vr: case.when(vr[0].copy(), exp.Literal.string(vr[1].path)),
                      zip(values, lp.rules), exp.Case())
        kinds = [k for k in PATH_ORDER if any(r.path == k for r in lp.rules)]
        open_ = {k: exp.Paren(this=exp.or_(*[m.copy() for m, r in zip(met, lp.rules)
                                             if r.path == k])) for k in kinds}
        paths = exp.Case()
        for mask in range(2 ** len(kinds) - 1, 0, -1):  # every combination, most first
            chosen = [k for j, k in enumerate(kinds) if mask >> (len(kinds) - 1 - j) & 1]
            cond = exp.and_(*[open_[k].copy() if k in chosen
                              else exp.Not(this=open_[k].copy()) for k in kinds])
            paths = paths.when(cond, exp.Literal.string(",".join(chosen)))
        paths = paths.else_(exp.Literal.string(""))
    out = [exp.alias_(status, f"{name}.status", quoted=True),
           exp.alias_(path, f"{name}.path", quoted=True),
           exp.alias_(paths, f"{name}.paths", quoted=True)]
    if build.earliest:
        out.append(exp.alias_(_earliest(build, lp, network, values, until),
                              f"{name}.earliest", quoted=True))
    return out


def _earliest(build: _Builder, lp: LevelProgram, network: Network, values: list[exp.Expr],
              until: dt.date | None) -> exp.Expr:
    """The earliest of the dates of the level's unmet rules when none is met, and not
    after the window in force (as :meth:`LevelProgram.earliest`)."""
    if not values:
        return no_date()
    # NULLIF(NULLIF(LEAST(past, x...), past), MET), ``past`` the day after the window
    # (FAR without one), and per rule x = LEAST(GREATEST(COALESCE(date, FAR), u), m)
    # with u MET when the rule is unmet (else FAR) and m MET when it is met (else FAR):
    # x is the date of an unmet rule, MET for a met one, FAR for an unknown one. The
    # rule's date is read once and outside any CASE: DuckDB merges the stages into one
    # projection and shares no work under a CASE, and read as CASE WHEN NOT v THEN date
    # the dates were computed about twice over (benchmarks/README.md).
    met, far = day(_MET), day(FAR)
    past = far if until is None else day(until + dt.timedelta(days=1))
    picks = []
    for v, rule in zip(values, lp.rules):
        date = exp.Coalesce(this=build.date(target(network, rule.root)),
                            expressions=[far.copy()])
        unmet = case((exp.Not(this=exp.Paren(this=v.copy())), met.copy()), default=far.copy())
        held = case((v.copy(), met.copy()), default=far.copy())
        # unmet: the date; met: MET; unknown: FAR
        picks.append(exp.Least(this=exp.Greatest(this=date, expressions=[unmet],
                                                 ignore_nulls=True),
                               expressions=[held], ignore_nulls=True))
    least = exp.Least(this=past.copy(), expressions=picks, ignore_nulls=True)
    return exp.Nullif(this=exp.Nullif(this=least, expression=past.copy()), expression=met)


def compile_query(network: Network, as_of: dt.date, *,
                  levels: Iterable[Level | str] | Level | str | None = None,
                  keep: Sequence[str] = (), prefix: str = "",
                  earliest: bool = True) -> exp.Select:
    """The query answering ``levels`` (every level by default) of every candidate.

    Args:
        network: a compiled pack.
        as_of: the evaluation date (a literal of the query).
        levels: only these levels.
        keep: further candidate columns to pass through (a row number, say).
        prefix: put before each table name (a database or schema, ``hr.``).
        earliest: give each level's earliest date too (``False`` leaves the column out,
            and the query is cheaper).

    Returns:
        A sqlglot ``SELECT`` giving ``id``, ``keep`` and, per level, ``<level>.status``,
        ``<level>.path``, ``<level>.paths`` and ``<level>.earliest`` (a ``DATE``, NULL
        when there is none, as :func:`baji.evaluate_answers` gives ``None``).

    Raises:
        EvaluationError: a level the pack does not rule on, or ``as_of`` is not a date.
    """
    as_of = as_of_date(as_of, default_today=False)
    program = program_for(network)
    chosen = program.select(levels)
    passed = [_quoted(c) for c in ("id", *keep)]
    if not program.in_force(as_of):
        out: list[exp.Expr] = []
        for lp in chosen:
            name = lp.level.value
            out += [exp.alias_(exp.Literal.string("not_in_force"), f"{name}.status",
                               quoted=True),
                    exp.alias_(exp.cast(exp.Null(), exp.DataType.Type.VARCHAR),
                               f"{name}.path", quoted=True),
                    exp.alias_(exp.Literal.string(""), f"{name}.paths", quoted=True)]
            if earliest:
                out.append(exp.alias_(no_date(), f"{name}.earliest", quoted=True))
        return exp.select(*passed, *out).from_(exp.to_table(prefix + "candidates"))
    build = _Builder(network, as_of, earliest)
    roots = [target(network, r.root) for lp in chosen for r in lp.rules]
    shared = stages(network, roots)
    # Every leaf once, as a column (identical leaves of different clauses once in all),
    # then the nodes read more than once, in stages.
    leaves: dict[str, str] = {}
    first: list[exp.Expr] = []
    for i in reach(network.nodes, roots):
        node = network.nodes[i]
        if node.kind in _COMPOSITE:
            continue
        value = node.leaf.sql(build)
        name = leaves.setdefault(value.sql(), f"leaf_{len(leaves)}")
        if len(leaves) > len(first):
            first.append(exp.alias_(value, name, quoted=True))
        build.columns[i] = name
    steps: list[list[exp.Expr]] = [first]
    for stage in shared:
        stage = [i for i in stage if i not in build.columns]
        if stage:
            steps.append([exp.alias_(build.expr(i), f"node_{i}", quoted=True) for i in stage])
            build.columns.update({i: f"node_{i}" for i in stage})
    if earliest:
        steps += _date_steps(build, network, roots, shared)
    until = network.window.until
    answers = [a for lp in chosen for a in _answers(build, lp, network, until)]
    return _assemble(build, passed, steps, answers, prefix)


def _date_steps(build: _Builder, network: Network, roots: list[int],
                shared: list[list[int]]) -> list[list[exp.Expr]]:
    """The dates as columns: every leaf's (once for identical ones), then those of the
    nodes read more than once, in stages."""
    dates: dict[str, str] = {}
    first: list[exp.Expr] = []
    for i in reach(network.nodes, roots):
        if network.nodes[i].kind in _COMPOSITE:
            continue
        value = build.date(i)
        name = dates.setdefault(value.sql(), f"date_leaf_{len(dates)}")
        if len(dates) > len(first):
            first.append(exp.alias_(value, name, quoted=True))
        build.date_columns[i] = name
    steps = [first]
    for stage in shared:
        stage = [i for i in stage if i not in build.date_columns]
        if stage:
            steps.append([exp.alias_(build.date(i), f"date_{i}", quoted=True) for i in stage])
            build.date_columns.update({i: f"date_{i}" for i in stage})
    return steps


def _assemble(build: _Builder, passed: list[exp.Column], steps: list[list[exp.Expr]],
              answers: list[exp.Expr], prefix: str) -> exp.Select:
    """``WITH`` the list aggregates, the base (candidates joined with them) and each
    stage, ``SELECT`` the answers."""
    base = exp.select(*[exp.column(c.name, table="c", quoted=True) for c in passed])
    base = base.select(*[exp.column(name, table="c", quoted=True) for name in build.used
                         if name not in {c.name for c in passed}])
    base = base.from_(exp.alias_(exp.to_table(prefix + "candidates"), "c"))
    query = exp.select("*")
    for table, aggs in build.aggs.items():
        lists = f"l_{table}"
        source: exp.Expr = exp.to_table(prefix + table)
        if table in build.derived:  # the rows with their derived columns
            source = exp.select("*", *[exp.alias_(value, name, quoted=True) for name, value
                                       in build.derived[table].items()]).from_(source) \
                .subquery(table)
        query = query.with_(lists, as_=exp.select(_quoted("id"), *[
            exp.alias_(value, alias, quoted=True) for alias, value in aggs.values()])
            .from_(source).group_by(_quoted("id")))
        base = base.select(*[exp.column(alias, table=lists, quoted=True)
                             for alias, _ in aggs.values()])
        base = base.join(exp.to_table(lists), on=exp.EQ(
            this=exp.column("id", table=lists, quoted=True),
            expression=exp.column("id", table="c", quoted=True)), join_type="left")
    query = query.with_("base", as_=base)
    last = "base"
    for n, step in enumerate(steps):
        query = query.with_(f"stage{n}", as_=exp.select("*", *step).from_(last))
        last = f"stage{n}"
    return query.select(*passed, *answers, append=False).from_(last)


def to_sql(network: Network, as_of: dt.date, dialect: str = "duckdb", *,
           levels: Iterable[Level | str] | Level | str | None = None,
           keep: Sequence[str] = (), prefix: str = "", pretty: bool = True,
           earliest: bool = True) -> str:
    """:func:`compile_query` as text of ``dialect`` (any sqlglot dialect: duckdb, spark,
    hive, postgres, trino ...)."""
    query = compile_query(network, as_of, levels=levels, keep=keep, prefix=prefix,
                          earliest=earliest)
    if dialect in _NO_ARRAYS:
        _without_arrays(query)
    if dialect == "sqlite":
        _for_sqlite(query)
    return query.sql(dialect=dialect, pretty=pretty)


#: Dialects without arrays (SQLite, MySQL).
_NO_ARRAYS = ("sqlite", "mysql")


def _without_arrays(query: exp.Expr) -> None:
    """The query's one kind of array, the occupations a candidate holds at a level
    (:mod:`baji.operators.occupation`, spaces removed), as a text of them joined by
    spaces, and whether it holds one as a search for it between spaces (the texts hold
    none, so a match is a whole item)."""
    space = exp.Literal.string(" ")

    def spaced(value: exp.Expr) -> exp.Expr:
        return exp.DPipe(this=exp.DPipe(this=space.copy(), expression=value),
                         expression=space.copy())

    for agg in list(query.find_all(exp.ArrayAgg)):
        agg.replace(exp.GroupConcat(this=agg.this, separator=space.copy()))
    for held in list(query.find_all(exp.ArrayContains)):
        held.replace(exp.GT(this=exp.StrPosition(this=spaced(held.this),
                                                 substr=spaced(held.expression)),
                            expression=exp.Literal.number(0)))


def _for_sqlite(query: exp.Expr) -> None:
    """The query as SQLite reads it, whatever sqlglot's version writes for it: date
    arithmetic spelled out as ``DATE(d, 'N UNIT')`` modifiers (sqlglot before 30.31
    writes ``DATE(d, 'n DAY')`` for a column ``n``, and ``DATE_SUB``), years from a
    29 February to 28 February (SQLite's own modifier gives 1 March; 民法典 第二百零二条
    and every other dialect, 28 February), days between two dates by their Julian day
    numbers, and every stage materialized (SQLite otherwise works a stage out again
    wherever it is read: 5 s instead of 0.05 for Shanghai's query)."""
    for node in reversed(list(query.find_all(exp.DateAdd, exp.DateSub, exp.DateDiff))):
        node.replace(_sqlite_date(node))  # the innermost first
    for cte in query.find_all(exp.CTE):
        cte.set("materialized", True)


def _sqlite_date(node: exp.Expr) -> exp.Expr:
    def fn(name: str, *args: exp.Expr) -> exp.Expr:
        return exp.Anonymous(this=name, expressions=list(args))

    if isinstance(node, exp.DateDiff):
        assert node.text("unit").upper() == "DAY", node.sql()
        return exp.cast(exp.Paren(this=exp.Sub(this=fn("JULIANDAY", node.this),
                                               expression=fn("JULIANDAY", node.expression))),
                        exp.DataType.Type.INT)
    unit = node.text("unit").upper()
    assert unit in ("DAY", "YEAR"), node.sql()
    amount = node.expression
    if isinstance(node, exp.DateSub):
        amount = exp.Neg(this=exp.Paren(this=amount))
    modifier = exp.DPipe(this=exp.cast(exp.Paren(this=amount), exp.DataType.Type.TEXT),
                         expression=exp.Literal.string(f" {unit}"))
    if unit == "DAY":
        return fn("DATE", node.this, modifier)
    # from a 29 February, the last day of February of the year reached
    leap_day = fn("STRFTIME", exp.Literal.string("%m-%d"), node.this.copy()).eq(
        exp.Literal.string("02-29"))
    february = fn("DATE", node.this.copy(), exp.Literal.string("start of month"),
                  modifier.copy(), exp.Literal.string("+1 MONTH"),
                  exp.Literal.string("-1 DAY"))
    return case((leap_day, february), default=fn("DATE", node.this, modifier))
