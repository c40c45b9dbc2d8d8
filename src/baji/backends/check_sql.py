"""The rules of :mod:`baji.backends.checks` as one SQL query over the warehouse layout.

Install with ``pip install 'baji[sql]'`` (sqlglot). :func:`check_query` builds it from
sqlglot expressions (every value a literal of the tree, never pasted text), as the
answer query is built, so it prints in any dialect (``baji sql PACK --check``). Each
rule is a ``SELECT`` of the rows breaking it; the query gives, per broken rule, its first
:data:`~baji.backends.checks.SHOWN` rows by candidate id: ``table_name``,
``column_name``, ``rule``, ``id``, ``value`` (text) and ``total`` (the rows breaking
the rule in all; a ``duplicate`` gives one row per id repeated). No row: the roster
holds every invariant.
"""

from __future__ import annotations

from sqlglot import exp

from baji.backends.checks import SHOWN, Rule, rules
from baji.backends.tables import KNOWN
from baji.core.vocabulary import Vocab
from baji.operators.sql_parts import FAR, day
from baji.profile.field_types import EARLIEST, LATEST

__all__ = ["COLUMNS", "check_query", "check_sql"]

#: The columns of the check query's rows.
COLUMNS = ("table_name", "column_name", "rule", "id", "value", "total")


def _col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


def _text(value: exp.Expr) -> exp.Expr:
    return exp.cast(value, exp.DataType.Type.VARCHAR)


def _lit(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def _coalesce(value: exp.Expr, default: exp.Expr) -> exp.Expr:
    return exp.Coalesce(this=value, expressions=[default])


def _span(start: exp.Expr, end: exp.Expr) -> exp.Expr:
    """``start..end`` as text (``open`` for a NULL end)."""
    return exp.Concat(expressions=[_text(start), _lit(".."),
                                   _coalesce(_text(end), _lit("open"))])


def _candidate(prefix: str, where: exp.Expr | None = None) -> exp.Exists:
    """``EXISTS`` a candidate row with ``x``'s id (and ``where``)."""
    same: exp.Expr = exp.EQ(this=_col("id", "c"), expression=_col("id", "x"))
    return exp.Exists(this=exp.select(exp.Literal.number(1))
                      .from_(exp.alias_(exp.to_table(prefix + "candidates"), "c"))
                      .where(same if where is None else exp.and_(same, where)))


def _select(rule: Rule, value: exp.Expr, source: exp.Expr, where: exp.Expr | None = None,
            ident: exp.Expr | None = None) -> exp.Select:
    query = exp.select(exp.alias_(_lit(rule.table), "table_name", quoted=True),
                       exp.alias_(_lit(rule.column), "column_name", quoted=True),
                       exp.alias_(_lit(rule.kind), "rule", quoted=True),
                       exp.alias_(_text(ident or _col("id", "x")), "id", quoted=True),
                       exp.alias_(_text(value), "value", quoted=True)).from_(source)
    return query.where(where) if where is not None else query


def _rule(rule: Rule, prefix: str) -> exp.Select:
    """The rows breaking ``rule``."""
    table = exp.alias_(exp.to_table(prefix + rule.table), "x")
    value = _col(rule.column, "x")
    given = exp.Not(this=_col("id", "x").is_(exp.Null()))
    if rule.kind == "required":
        return _select(rule, exp.Null(), table, value.is_(exp.Null()))
    if rule.kind == "duplicate":
        return _select(rule, _col("id", "x"), table, given).group_by(_col("id", "x")).having(
            exp.GT(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(1)))
    if rule.kind == "unknown_list":
        flag = _coalesce(_col(KNOWN[rule.table], "c"), exp.false())
        return _select(rule, _col("id", "x"), table,
                       _candidate(prefix, exp.Not(this=exp.Paren(this=flag))))
    if rule.kind == "no_grade":  # an anti join on (id, level): DuckDB's NOT EXISTS is slower
        graded = exp.select(_col("id"), _col("level")).distinct().from_(
            exp.to_table(prefix + "grades")).where(
                _coalesce(_col("posts_known"), exp.false())).subquery("g")
        joined = exp.select("*").from_(table).join(graded, join_type="left", on=exp.and_(
            exp.EQ(this=_col("id", "g"), expression=_col("id", "x")),
            exp.EQ(this=_col("level", "g"), expression=_col("level", "x"))))
        # a post of no candidate is an orphan, reported as such only
        return joined.select(*_select(rule, value, table).expressions, append=False).where(
            exp.and_(given, exp.Not(this=value.copy().is_(exp.Null())),
                     _col("id", "g").is_(exp.Null()), _candidate(prefix)))
    if rule.kind == "allowed":
        return _select(rule, value, table, exp.and_(
            exp.Not(this=value.copy().is_(exp.Null())),
            exp.Not(this=exp.In(this=value.copy(), expressions=[_lit(v) for v in rule.allowed]))))
    if rule.kind == "range":
        return _select(rule, value, table, exp.or_(
            exp.LT(this=value.copy(), expression=day(EARLIEST)),
            exp.GT(this=value.copy(), expression=day(LATEST))))
    start, end = _col("start_date", "x"), _col("end_date", "x")
    if rule.kind == "order":
        return _select(rule, _span(start, end), table, exp.LTE(this=end, expression=start.copy()))
    # overlap: a post starting before the latest end of the posts sorted before it
    before = exp.Window(
        this=exp.Max(this=_coalesce(_col("end_date"), day(FAR))),
        partition_by=[_col("id"), _col("level")],
        order=exp.Order(expressions=[exp.Ordered(this=_col("start_date")),
                                     exp.Ordered(this=_coalesce(_col("end_date"), day(FAR)))]),
        spec=exp.WindowSpec(kind="ROWS", start="UNBOUNDED", start_side="PRECEDING",
                            end=exp.Literal.number(1), end_side="PRECEDING"))
    posts = exp.select(_col("id"), _col("start_date"), _col("end_date"),
                       exp.alias_(before, "ends_before", quoted=True)).from_(
        exp.to_table(prefix + "posts")).where(exp.and_(
            exp.Not(this=_col("id").is_(exp.Null())),
            exp.Not(this=_col("level").is_(exp.Null())),
            exp.Not(this=_col("start_date").is_(exp.Null()))))
    return _select(rule, _span(start, end), posts.subquery("x"),
                   exp.GT(this=_col("ends_before", "x"), expression=start.copy()))


def _orphans(found: list[Rule], prefix: str) -> exp.Select:
    """The list rows whose id has no candidate, of every table in one anti join: one
    hash of the candidates' ids for all (twice as fast in DuckDB as one a table)."""
    ids = [exp.select(exp.alias_(_lit(rule.table), "table_name", quoted=True), _col("id"))
           .from_(exp.to_table(prefix + rule.table))
           .where(exp.Not(this=_col("id").is_(exp.Null()))) for rule in found]
    rows = ids[0]
    for more in ids[1:]:
        rows = exp.union(rows, more, distinct=False)  # type: ignore[assignment]
    return exp.select(_col("table_name", "x"),
                      exp.alias_(_lit("id"), "column_name", quoted=True),
                      exp.alias_(_lit("orphan"), "rule", quoted=True),
                      exp.alias_(_text(_col("id", "x")), "id", quoted=True),
                      exp.alias_(_text(_col("id", "x")), "value", quoted=True)
                      ).from_(rows.subquery("x")).where(exp.Not(this=_candidate(prefix)))


def check_query(vocab: Vocab | None = None, *, prefix: str = "") -> exp.Select:
    """The check query over the layout's tables (``prefix`` before each table name),
    enumerated values from ``vocab`` (the pack's; default the bundled vocabulary)."""
    every = rules(vocab)
    found = [_rule(rule, prefix) for rule in every if rule.kind != "orphan"]
    found.append(_orphans([rule for rule in every if rule.kind == "orphan"], prefix))
    bad = found[0]
    for more in found[1:]:
        bad = exp.union(bad, more, distinct=False)  # type: ignore[assignment]
    key = [_col(c) for c in COLUMNS[:3]]
    numbered = exp.select("*", exp.alias_(exp.Window(
        this=exp.RowNumber(), partition_by=key,
        order=exp.Order(expressions=[exp.Ordered(this=_col("id"), nulls_first=False),
                                     exp.Ordered(this=_col("value"), nulls_first=False)])),
        "n", quoted=True),
        exp.alias_(exp.Window(this=exp.Count(this=exp.Star()),
                              partition_by=[k.copy() for k in key]), "total", quoted=True)
    ).from_("bad")
    return (exp.select(*[_col(c) for c in COLUMNS]).from_("numbered")
            .where(exp.LTE(this=_col("n"), expression=exp.Literal.number(SHOWN)))
            .order_by(*[k.copy() for k in key], _col("n"))
            .with_("bad", as_=bad).with_("numbered", as_=numbered))


def check_sql(dialect: str = "duckdb", vocab: Vocab | None = None, *, prefix: str = "",
              pretty: bool = True) -> str:
    """:func:`check_query` as text of ``dialect``."""
    return check_query(vocab, prefix=prefix).sql(dialect=dialect, pretty=pretty)
