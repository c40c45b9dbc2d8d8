"""What a roster in the warehouse layout must hold before it is answered: the invariants a
profile enforces (:mod:`baji.profile.model`), as rules over the layout's tables.

No optional dependency: the rules, and the error naming the rows that break them. The
rules are run as SQL by :mod:`baji.backends.check_sql` (DuckDB, Spark, or the text
``baji sql PACK --check`` prints) and as polars expressions by
:mod:`baji.backends.check_polars`; both give rows ``(table, column, rule, id, value,
total)``: for each broken rule, its first :data:`SHOWN` rows (by candidate id) and the
number of rows breaking it (a ``duplicate`` has a row per id repeated: it counts ids).
:func:`refusal` turns them into one :class:`~baji.errors.ProfileError` with a BAJI267
problem per table, column and rule.
docs/warehouse.md lists the rules, and what is not checked and why.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from baji.backends.tables import KNOWN, LISTS
from baji.core.labels import FILINGS
from baji.core.levels import Level, parse_level
from baji.core.vocabulary import Kind, Vocab, default_vocab
from baji.errors import MAX_QUOTED, Problem, ProfileError, problem, suggest
from baji.profile.field_types import EARLIEST, LATEST, RANK_BY_ZH, RANK_ORDER
from baji.profile.model import Finding

__all__ = ["SHOWN", "Rule", "refusal", "rules"]

#: The candidate ids a problem names (its count says how many rows in all; for a
#: ``duplicate``, how many ids are repeated).
SHOWN = 5

RuleKind = Literal["required", "duplicate", "orphan", "unknown_list", "no_grade", "allowed",
                   "range", "order", "overlap"]
#: The enumerated columns of the list tables and what their values are.
_NAMED: dict[tuple[str, str], str] = {
    ("grades", "level"): "level", ("posts", "level"): "level",
    ("recommendations", "level"): "level", ("pilot_levels", "level"): "level",
    ("honours", "honour"): "honour", ("awards", "award"): "award",
    ("titles", "title"): "title", ("contributions", "contribution"): "contribution",
    ("awards", "rank"): "rank", ("findings", "kind"): "finding",
    ("findings", "subject"): "subject", ("candidates", "employer_filing"): "filing",
}
#: Columns a profile cannot leave out (the models' fields without a default).
_REQUIRED = (("posts", "start_date"), ("findings", "dated"))


@dataclass(frozen=True)
class Rule:
    """One invariant over one column of one table.

    Attributes:
        table: the table the broken rows are in.
        column: the column holding the bad value.
        kind: ``required`` (NULL), ``duplicate`` (a candidate id twice), ``orphan`` (a
            list row whose id has no candidate), ``unknown_list`` (a list row of a
            candidate whose ``<list>_known`` is not TRUE), ``no_grade`` (a post of a
            candidate with no grade of its level giving posts; a post of no candidate is
            an ``orphan`` only), ``allowed`` (a value not in
            :attr:`allowed`), ``range`` (a date before EARLIEST or after LATEST),
            ``order`` (``end_date`` on or before ``start_date``), ``overlap`` (a post
            starting before an earlier post at its level ends).
        allowed: the values an ``allowed`` rule takes.
    """

    table: str
    column: str
    kind: RuleKind
    allowed: tuple[str, ...] = ()


def _literals(model: type[BaseModel], field: str) -> tuple[str, ...]:
    """The values of a ``Literal`` field of a profile model (its one declaration)."""
    return tuple(typing.get_args(model.model_fields[field].annotation))


def _allowed(vocab: Vocab) -> dict[str, tuple[str, ...]]:
    levels = tuple(level.value for level in Level)
    kinds: tuple[Kind, ...] = ("honour", "award", "title", "contribution")
    out: dict[str, tuple[str, ...]] = {k: tuple(sorted(vocab.items[k])) for k in kinds}
    out.update(level=levels, rank=tuple(RANK_ORDER), filing=tuple(FILINGS),
               finding=_literals(Finding, "kind"), subject=_literals(Finding, "subject"))
    return out


def rules(vocab: Vocab | None = None) -> tuple[Rule, ...]:
    """Every rule of the layout, names from ``vocab`` (the pack's; default the bundled
    vocabulary), candidates' rules first."""
    allowed = _allowed(vocab or default_vocab())
    out = [Rule("candidates", "id", "required"), Rule("candidates", "id", "duplicate"),
           Rule("candidates", "employer_filing", "allowed", allowed["filing"]),
           Rule("candidates", "employer_self_assessment_since", "range")]
    for table, cols in LISTS.items():
        out += [Rule(table, "id", "required"), Rule(table, "id", "orphan"),
                Rule(table, "id", "unknown_list")]
        for name, kind in cols[1:]:
            named = _NAMED.get((table, name))
            if named is not None and named not in ("rank", "filing"):
                out.append(Rule(table, name, "required"))
            elif (table, name) in _REQUIRED:
                out.append(Rule(table, name, "required"))
            if named is not None:
                out.append(Rule(table, name, "allowed", allowed[named]))
            if kind == "DATE":
                out.append(Rule(table, name, "range"))
    out += [Rule("posts", "level", "no_grade"), Rule("posts", "end_date", "order"),
            Rule("posts", "start_date", "overlap")]
    return tuple(out)


#: Per rule kind, what is wrong (English, Chinese) and what to do (English, Chinese).
_SAYS: dict[str, tuple[str, str, str, str]] = {
    "required": ("is empty (NULL), which the layout requires",
                 "为空（NULL），而布局要求填写",
                 "fill it in, or leave the row out", "请填写，或删除该行"),
    "duplicate": ("is the same in several rows: a candidate id must be unique",
                  "在多行中重复：人员 id 必须唯一",
                  "give each candidate one row of 'candidates'",
                  "每位人员在 candidates 中只能有一行"),
    "orphan": ("names no candidate of table 'candidates'",
               "在 candidates 表中没有对应人员",
               "add the candidate, or correct the id", "请补充该人员，或更正 id"),
    "unknown_list": ("has rows, but the candidate's {flag} is not TRUE (the list would "
                     "be read as unknown and the rows lost)",
                     "有记录行，但该人员的 {flag} 不是 TRUE（该列表将被视为未知，记录丢失）",
                     "set {flag} to TRUE for these candidates, or remove the rows",
                     "请把这些人员的 {flag} 设为 TRUE，或删除这些行"),
    "no_grade": ("is a level at which the candidate has no grade whose posts_known is TRUE "
                 "(the post would be read without its grade)",
                 "该等级下人员没有 posts_known 为 TRUE 的证书（任职期无所属证书）",
                 "add the grade of that level with posts_known TRUE, or correct the level",
                 "请补充该等级的证书并设 posts_known 为 TRUE，或更正等级"),
    "allowed": ("is not one of the values the layout takes",
                "不是布局可取的值", "", ""),
    "range": (f"is a date outside {EARLIEST}..{LATEST}",
              f"日期超出 {EARLIEST}..{LATEST}",
              "check the date: a typing slip in the year?", "请检查日期：年份是否输错？"),
    "order": ("is on or before start_date (end_date is the first day no longer in post)",
              "不晚于 start_date（end_date 为不再任职的第一天）",
              "give the first day no longer in the post, after start_date",
              "请填写不再任职的第一天，须晚于 start_date"),
    "overlap": ("starts before another post of the candidate at the same level ends "
                "(the same days would be counted twice)",
                "早于该人员同一等级另一任职期的结束（同一天会被重复计算）",
                "merge the overlapping posts into one period", "请把重叠的任职期合并为一个"),
}
#: What a rule's count counts (English, Chinese): rows, but for ``duplicate`` the ids
#: repeated, each one candidate to make one row of however many it has.
_COUNTED: dict[str, tuple[str, str]] = {"duplicate": ("id(s) repeated", "个 id 重复")}
_ROWS = ("row(s)", "行")
_KIND_OF: dict[str, Kind] = {"honour": "honour", "award": "award", "title": "title",
                             "contribution": "contribution"}


def _hint(rule: Rule, value: str | None, vocab: Vocab) -> tuple[str, str]:
    """The hint of a problem: the rule's, or for a value not allowed, the value it
    means (a Chinese name or padded id), else a close match, else the values taken."""
    named = _NAMED.get((rule.table, rule.column), "")
    flag = KNOWN.get(rule.table, "")
    if rule.kind != "allowed":
        _, _, en, zh = _SAYS[rule.kind]
        return en.format(flag=flag), zh.format(flag=flag)
    meant: str | None = None
    if value is not None:
        if named == "level":
            level = parse_level(value.strip())
            meant = level.value if level is not None else None
        elif named in _KIND_OF:
            meant = vocab.resolve(_KIND_OF[named], value)
        elif named == "rank":
            meant = RANK_BY_ZH.get(value.strip(), value.strip())
        elif value.strip() in rule.allowed:
            meant = value.strip()
    if meant is not None and meant in rule.allowed:
        return (f"write the id {meant!r}: the layout holds ids, not names",
                f"请填写 id {meant!r}：布局中存放 id 而非名称")
    found = suggest(value or "", rule.allowed)
    if found.get("hint") == "did_you_mean":
        return (f"did you mean {found['suggestion']!r}?", f"是否应为 {found['suggestion']!r}？")
    shown = _listed(rule.allowed, MAX_QUOTED - len("the values taken: "))
    return f"the values taken: {shown}", f"可取的值：{shown}"


def _listed(values: Sequence[str], room: int) -> str:
    """``values`` joined, as many whole ones as fit in ``room`` characters, `` ...``
    after them when some are left out (a message cuts a longer text mid-name)."""
    shown: list[str] = []
    for value in values:
        if shown and len(", ".join([*shown, value])) + len(", ...") > room:
            return ", ".join(shown) + ", ..."
        shown.append(value)
    return ", ".join(shown)


def _problem(rule: Rule, rows: Sequence[Sequence[Any]], vocab: Vocab,
             source: str | None) -> Problem:
    # the candidate ids of the first rows, each once, "…" after them when rows are left
    ids = tuple(dict.fromkeys("NULL" if r[3] is None else str(r[3]) for r in rows))
    count = int(rows[0][5])
    if count > len(rows):
        ids += ("…",)
    counted, counted_zh = _COUNTED.get(rule.kind, _ROWS)
    value = rows[0][4]
    en, zh, _, _ = _SAYS[rule.kind]
    flag = KNOWN.get(rule.table, "")
    hint_en, hint_zh = _hint(rule, None if value is None else str(value), vocab)
    return problem("BAJI267", path=source, table=rule.table, column_name=rule.column, rule=rule.kind,
                   invariant=en.format(flag=flag), invariant_zh=zh.format(flag=flag),
                   count=count, counted=counted, counted_zh=counted_zh, ids=ids,
                   value="NULL" if value is None else str(value),
                   advice=hint_en, advice_zh=hint_zh)


def refusal(found: Iterable[Sequence[Any]], vocab: Vocab | None = None, *,
            source: str | None = None) -> ProfileError | None:
    """The error for the check's rows ``(table, column, rule, id, value, total)``, or
    ``None`` when there are none (the roster holds every invariant). ``source`` (the
    roster's path) locates the problems."""
    vocab = vocab or default_vocab()
    grouped: dict[tuple[str, str, str], list[Sequence[Any]]] = {}
    for row in found:
        grouped.setdefault((str(row[0]), str(row[1]), str(row[2])), []).append(row)
    if not grouped:
        return None
    known: dict[tuple[str, str, str], Rule] = {(r.table, r.column, r.kind): r
                                               for r in rules(vocab)}
    order = list(known)
    problems = []
    for key in sorted(grouped, key=lambda k: order.index(k) if k in known else len(order)):
        rule = known.get(key) or Rule(key[0], key[1], "allowed")
        problems.append(_problem(rule, grouped[key][:SHOWN], vocab, source))
    return ProfileError(problems)
