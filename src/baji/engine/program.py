"""A network compiled into Python functions: built once per network, then only called.

Interpreting the network node by node costs more than the conditions themselves, so
the first evaluation of a network generates Python source from its nodes, compiles it
with :func:`exec` and keeps the functions (:func:`program_for`, cached per network
under a lock). Three kinds of function come out of it:

- per level, ``values(profile, as_of, assume)``: the value of every path rule of the
  level, short-circuiting (an ``all`` stops at its first unmet condition, an ``any`` at
  its first met one, cheap conditions are tried first, shared conditions are computed
  once), packed into one number that indexes a table of precomputed answers;
- per path rule, ``date(profile, as_of, assume)``: the date from which the rule is met
  on every later day (docs/semantics.md, "Earliest date"), short-circuiting the same way
  (an ``all`` has no date as soon as one child has none), for the earliest date of a
  level that is not eligible;
- per set of levels, ``full(ctx)``: every condition the levels read, with its value,
  date and trace (for :mod:`baji.engine.decide`). Leaves whose outcome is one of a few (a
  fact, an attestation, an employer fact, a list left out or empty) take their trace
  from tables built here, by the leaf functions themselves.

Values are ints: 0 unmet, 1 unknown, 2 met, so Kleene's ``and`` is ``min``, ``or`` is
``max`` and ``not`` is ``2 - x`` (:mod:`baji.engine.leaf_values`). When the short-circuit
source of a network would be too large (it repeats shared conditions textually), the
same functions are generated as straight-line code instead. Nothing here holds state
that an evaluation changes: the generated functions keep their state in locals, so one
program serves many threads.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from types import SimpleNamespace
from typing import Any, NamedTuple, TypeVar

from baji.core.construct import assemble
from baji.core.decision import PATH_ORDER, Citation, Message, Path, Status, Trace
from baji.core.levels import Level, parse_level
from baji.core.vocabulary import default_vocab
from baji.engine import leaf_values as leafvalues
from baji.engine.leaf_traces import LEAVES, LeafContext
from baji.errors import EvaluationError, problem, suggest
from baji.pack.network import CompiledPriority, CompiledRule, Network, Node
from baji.profile.model import Profile

T = TypeVar("T")

#: Rough relative cost of a leaf, to try cheap conditions first inside ``all``/``any``.
_COST = {"fact": 1, "attested": 1, "employer": 1, "employer_filing": 1, "contribution": 3,
         "grade": 3, "honour": 4, "recommended": 4, "not_restricted": 4, "no_ban": 5,
         "employer_years": 6, "title": 6, "award": 8, "tenure": 12}
#: Leaves whose value is an inline expression over one profile attribute.
_INLINE = frozenset({"fact", "attested", "employer", "employer_filing"})
#: Leaves whose value does not depend on the date.
_TIMELESS = _INLINE | {"contribution"}
#: Above this, the short-circuit source (which repeats shared conditions textually) is
#: given up for straight-line code of linear size.
MAX_SOURCE = 200_000
#: "Not computed yet", for shared dates (``None`` is a date's value).
_NA = object()


class _TooLarge(Exception):
    """The short-circuit source grew past its budget while being generated."""


class _Budget:
    """Characters of source text generated so far, bounded: rules that build twice on a
    rule that builds twice on another... would make the short-circuit text (which repeats
    shared conditions) grow exponentially before its size could be checked, so
    generation stops as soon as it has produced more than ``limit`` characters."""

    __slots__ = ("left",)

    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, text: str) -> str:
        self.left -= len(text)
        if self.left < 0:
            raise _TooLarge
        return text


class LevelAnswer(NamedTuple):
    """The answer for one level, without trace or citations.

    Attributes:
        level: the level.
        status: ``eligible``, ``ineligible``, ``undetermined`` or ``not_in_force``.
        path: the first open path (``direct``, then ``regular``, then ``exceptional``).
        paths: every open path, in that order.
        earliest: for a level not (yet) eligible, the first date from which it will be
            if nothing else changes; ``None`` otherwise (or when not asked for).
    """

    level: Level
    status: Status
    path: Path | None
    paths: tuple[Path, ...]
    earliest: dt.date | None


# -- source generation ------------------------------------------------------------------
class _Namespace:
    """The globals of generated code: helpers and the constants the source names."""

    def __init__(self) -> None:
        self.globals: dict[str, Any] = {
            "_grade": leafvalues.grade, "_tenure": leafvalues.tenure,
            "_honour": leafvalues.honour, "_contribution": leafvalues.contribution,
            "_award": leafvalues.award, "_title": leafvalues.title,
            "_recommended": leafvalues.recommended,
            "_employer_years": leafvalues.employer_years, "_no_ban": leafvalues.no_ban,
            "_not_restricted": leafvalues.not_restricted, "_assemble": assemble,
            "_Trace": Trace, "min": min, "max": max, "NA": _NA, "_earliest": _earliest,
            "_grade_date": leafvalues.grade_date, "_tenure_date": leafvalues.tenure_date,
            "_honour_date": leafvalues.honour_date, "_award_date": leafvalues.award_date,
            "_title_date": leafvalues.title_date,
            "_recommended_date": leafvalues.recommended_date,
            "_employer_years_date": leafvalues.employer_years_date,
            "_no_ban_date": leafvalues.no_ban_date,
            "_not_restricted_date": leafvalues.not_restricted_date,
        }
        self._names: dict[int, str] = {}

    def const(self, value: object) -> str:
        """Source text naming ``value``: a literal, or a global holding it."""
        if value is None or (isinstance(value, (bool, int, str)) and not isinstance(value, Enum)):
            return repr(value)
        name = self._names.get(id(value))
        if name is None:
            name = f"K{len(self._names)}"
            self._names[id(value)] = name
            self.globals[name] = value
        return name

    def run(self, source: str, name: str) -> Callable[..., Any]:
        """Compile ``source`` and return its function ``name``."""
        code = compile(source, f"<baji program {name}>", "exec")
        exec(code, self.globals)  # noqa: S102 - source generated from a checked network
        fn: Callable[..., Any] = self.globals.pop(name)
        return fn


def _award_info() -> dict[str, tuple[int, bool]]:
    items = default_vocab().items["award"]
    return {k: (leafvalues.SCOPE_RANK.get(v.scope or "", 0), bool(v.ranked))
            for k, v in items.items()}


class _Values:
    """Short-circuit value expressions (0/1/2) of the nodes of one network."""

    def __init__(self, nodes: tuple[Node, ...], ns: _Namespace, relax: bool,
                 budget: _Budget | None = None) -> None:
        self.nodes = nodes
        self.ns = ns
        self.relax = relax
        self.budget = budget or _Budget(1 << 62)  # unbounded unless a caller bounds it
        self.memo: set[int] = set()
        self._costs: dict[int, int] = {}

    def target(self, index: int) -> int:
        """``index``, seen through ``rule`` nodes (a rule node has its child's value)."""
        node = self.nodes[index]
        while node.kind == "rule" and not (self.relax and node.strength == "default"):
            node = self.nodes[node.children[0]]
        return node.index

    def plan(self, roots: Iterable[int]) -> None:
        """Find the nodes referenced more than once: they are computed once, in a local."""
        refs: Counter[int] = Counter()

        def visit(i: int) -> None:
            i = self.target(i)
            refs[i] += 1
            node = self.nodes[i]
            if refs[i] == 1 and not (self.relax and node.strength == "default"):
                for child in node.children:
                    visit(child)

        for root in roots:
            visit(root)
        self.memo = {i for i, n in refs.items()
                     if n > 1 and self.nodes[i].kind not in _INLINE}

    def cost(self, index: int) -> int:
        index = self.target(index)
        if index not in self._costs:
            node = self.nodes[index]
            self._costs[index] = (sum(self.cost(c) for c in node.children) if node.children
                                  else _COST[node.kind])
        return self._costs[index]

    def expr(self, index: int) -> str:
        """A Python expression giving the node's value."""
        index = self.target(index)
        node = self.nodes[index]
        if self.relax and node.strength == "default":
            return "2"
        text = self._composite(node) if node.children else self._leaf(node)
        if index in self.memo:
            text = f"(m{index} if m{index} >= 0 else (m{index} := {text}))"
        return self.budget.spend(text)

    def _composite(self, node: Node) -> str:
        if node.kind == "not":
            return f"(2 - {self.expr(node.children[0])})"
        kids = sorted(node.children, key=self.cost)
        if len(kids) == 1:
            return self.expr(kids[0])
        x = f"x{node.index}"
        first, *middle, last = [self.expr(k) for k in kids]
        if node.kind == "all":  # stop at the first unmet (0) child
            parts = [f"({x} := {first})"] + [f"({x} := min({x}, {m}))" for m in middle]
            return "(" + " and ".join(parts + [f"min({x}, {last})"]) + ")"
        # any: stop at the first met (2) child
        text = f"2 if ({x} := {first}) == 2 else "
        text += "".join(f"2 if ({x} := max({x}, {m})) == 2 else " for m in middle)
        return f"({text}max({x}, {last}))"

    def _leaf(self, node: Node) -> str:
        k = self.ns.const
        p = node.params
        kind = node.kind
        if kind == "fact":
            return f"(1 if (t := p.{p[0]}) is None else 2 if t else 0)"
        if kind == "attested":
            return f"(1 if (t := A.get({p[0]!r})) is None else 2 if t else 0)"
        if kind == "employer":
            return f"(1 if (t := E.{p[0]}) is None else 2 if t else 0)"
        if kind == "employer_filing":
            return f"(1 if (t := E.filing) is None else 2 if t in {k(frozenset(p[0]))} else 0)"
        if kind == "grade":
            return f"_grade(p.grades, {k(p[0])}, as_of)"
        if kind == "tenure":
            return f"_tenure(p, {k(p[0])}, {p[1]!r}, as_of, assume)"
        if kind == "honour":
            return f"_honour(p.honours, {k(frozenset(p[0]))}, as_of)"
        if kind == "contribution":
            return f"_contribution(p.contributions, {k(frozenset(p[0]))})"
        if kind == "award":
            ids = None if p[0] is None else frozenset(p[0])
            info = self.ns.globals.setdefault("AWARDS", _award_info())
            assert info is not None
            return (f"_award(p.awards, {k(ids)}, {p[1]!r}, {p[2]!r}, AWARDS, as_of)")
        if kind == "title":
            return f"_title(p.titles, {k(frozenset(p[0]))}, {p[1]!r}, as_of)"
        if kind == "recommended":
            return f"_recommended(p.recommendations, {k(p[0])}, as_of)"
        if kind == "employer_years":
            return f"_employer_years(E, {p[0]!r}, {p[1]!r}, as_of)"
        if kind == "no_ban":
            return f"_no_ban(p.findings, {p[0]!r}, {p[1]!r}, {k(frozenset(p[2]))}, as_of)"
        if kind == "not_restricted":
            return f"_not_restricted(p.findings, {p[0]!r}, as_of)"
        raise AssertionError(f"unknown leaf kind {kind!r}")  # pragma: no cover


class _Dates:
    """Short-circuit expressions of the date from which a node is met on every later day
    (``as_of`` when it is met and stays met, ``None`` when unknown or never for good by
    time alone)."""

    def __init__(self, nodes: tuple[Node, ...], ns: _Namespace, budget: _Budget) -> None:
        self.nodes = nodes
        self.ns = ns
        self.values = _Values(nodes, ns, relax=False, budget=budget)
        self.memo: set[int] = set()

    def plan(self, roots: Iterable[int]) -> None:
        """Find the nodes referenced more than once (computed once, in a local)."""
        refs: Counter[int] = Counter()

        def visit(i: int) -> None:
            i = self.values.target(i)
            refs[i] += 1
            node = self.nodes[i]
            if refs[i] == 1 and node.kind != "not":
                for child in node.children:
                    visit(child)

        for root in roots:
            visit(root)
        self.memo = {i for i, n in refs.items()
                     if n > 1 and self.nodes[i].kind not in _INLINE}
        self.values.plan(self.nodes[i].children[0] for i in refs if self.nodes[i].kind == "not")

    def expr(self, index: int) -> str:
        """A Python expression giving the node's date."""
        index = self.values.target(index)
        node = self.nodes[index]
        if node.kind == "not":
            text = (f"(as_of if {self.values.expr(node.children[0])} == 0 else None)"
                    if timeless(self.nodes, node.children[0]) else "None")
        elif node.children:
            text = self._composite(node)
        else:
            text = self._leaf(node)
        if index in self.memo:
            text = f"(e{index} if e{index} is not NA else (e{index} := {text}))"
        return self.values.budget.spend(text)

    def _composite(self, node: Node) -> str:
        kids = sorted(node.children, key=self.values.cost)
        if len(kids) == 1:
            return self.expr(kids[0])
        names = [f"y{node.index}_{j}" for j in range(len(kids))]
        texts = [self.expr(k) for k in kids]
        if node.kind == "all":  # None as soon as one child has none, else the latest
            head = "".join(f"None if ({y} := {t}) is None else " for y, t in zip(names, texts))
            return f"({head}max({', '.join(names)}))"
        # any: as_of as soon as one child is met, else the earliest date there is
        head = "".join(f"as_of if ({y} := {t}) == as_of else " for y, t in zip(names, texts))
        return f"({head}_earliest({', '.join(names)}))"

    def _leaf(self, node: Node) -> str:
        k = self.ns.const
        p = node.params
        kind = node.kind
        if kind in _INLINE or kind == "contribution":
            return f"(as_of if {self.values.expr(node.index)} == 2 else None)"
        if kind == "grade":
            return f"_grade_date(p.grades, {k(p[0])}, as_of)"
        if kind == "tenure":
            return f"_tenure_date(p, {k(p[0])}, {p[1]!r}, as_of, assume)"
        if kind == "honour":
            return f"_honour_date(p.honours, {k(frozenset(p[0]))}, as_of)"
        if kind == "award":
            ids = None if p[0] is None else frozenset(p[0])
            self.ns.globals.setdefault("AWARDS", _award_info())
            return f"_award_date(p.awards, {k(ids)}, {p[1]!r}, {p[2]!r}, AWARDS, as_of)"
        if kind == "title":
            return f"_title_date(p.titles, {k(frozenset(p[0]))}, {p[1]!r}, as_of)"
        if kind == "recommended":
            return f"_recommended_date(p.recommendations, {k(p[0])}, as_of)"
        if kind == "employer_years":
            return f"_employer_years_date(E, {p[0]!r}, {p[1]!r}, as_of)"
        if kind == "no_ban":
            return f"_no_ban_date(p.findings, {p[0]!r}, {p[1]!r}, {k(frozenset(p[2]))}, as_of)"
        if kind == "not_restricted":
            return f"_not_restricted_date(p.findings, {p[0]!r}, as_of)"
        raise AssertionError(f"unknown leaf kind {kind!r}")  # pragma: no cover


def timeless(nodes: tuple[Node, ...], index: int) -> bool:
    """Whether the value of node ``index`` is the same on every date (it reads no dated
    fact). Only then has a ``not`` over it a date: met now, it is met for good; over a
    condition that time may change, a ``not`` met now may turn unmet (docs/semantics.md)."""
    return all(nodes[i].children or nodes[i].kind in _TIMELESS for i in reach(nodes, [index]))


def _earliest(*dates: dt.date | None) -> dt.date | None:
    """The earliest of ``dates`` that are not ``None``, or ``None``."""
    found = [d for d in dates if d is not None]
    return min(found) if found else None


def _date_function(nodes: tuple[Node, ...], ns: _Namespace, root: int, name: str,
                   max_source: int) -> Callable[..., dt.date | None] | None:
    """``name(p, as_of, assume)``: the date from which ``root`` is met; ``None`` when the
    source would be too large or too deep to compile."""
    gen = _Dates(nodes, ns, _Budget(max_source * 10))
    gen.plan([root])
    try:
        body = gen.expr(root)
    except _TooLarge:
        return None
    memo = "".join(f"    e{i} = NA\n" for i in sorted(gen.memo))
    memo += "".join(f"    m{i} = -1\n" for i in sorted(gen.values.memo))
    source = f"def {name}(p, as_of, assume):\n{_PROLOGUE}{memo}    return {body}\n"
    if len(source) > max_source:
        return None
    try:
        return ns.run(source, name)
    except (SyntaxError, RecursionError, MemoryError):
        return None


_PROLOGUE = "    A = p.attestations\n    E = p.employer\n"


def _short_circuit(nodes: tuple[Node, ...], ns: _Namespace, roots: tuple[int, ...],
                   relax: bool, name: str, max_source: int) -> Callable[..., int] | None:
    """``name(p, as_of, assume)``: the roots' values packed base 3 (first root most
    significant); ``None`` when the source would be too large or too deep to compile."""
    gen = _Values(nodes, ns, relax, _Budget(max_source * 10))
    gen.plan(roots)
    try:
        body = " + ".join(f"{gen.expr(r)} * {3 ** (len(roots) - 1 - j)}"
                          for j, r in enumerate(roots)) or "0"
    except _TooLarge:
        return None
    memo = "".join(f"    m{i} = -1\n" for i in sorted(gen.memo))
    source = f"def {name}(p, as_of, assume):\n{_PROLOGUE}{memo}    return {body}\n"
    if len(source) > max_source:
        return None
    try:
        return ns.run(source, name)
    except (SyntaxError, RecursionError, MemoryError):  # too deeply nested for the parser
        return None


def reach(nodes: tuple[Node, ...], roots: Iterable[int]) -> list[int]:
    """Every node under ``roots``, in index order (children before parents)."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        i = stack.pop()
        if i not in seen:
            seen.add(i)
            stack.extend(nodes[i].children)
    return sorted(seen)


def _straight(nodes: tuple[Node, ...], ns: _Namespace, roots: tuple[int, ...],
              name: str) -> Callable[..., int]:
    """The same function as :func:`_short_circuit`, as straight-line code evaluating every
    node once, in index order (linear in the size of the network)."""
    lines = [f"def {name}(p, as_of, assume):", _PROLOGUE.rstrip("\n")]
    lines += _value_lines(nodes, roots, _Values(nodes, ns, relax=False), relax=False)
    body = " + ".join(f"v{r} * {3 ** (len(roots) - 1 - j)}" for j, r in enumerate(roots))
    lines.append(f"    return {body or '0'}")
    return ns.run("\n".join(lines) + "\n", name)


def _eager(nodes: tuple[Node, ...], ns: _Namespace, roots: Iterable[int], name: str,
           traces: bool) -> Callable[..., Any]:
    """``name(ctx)`` evaluating every node under ``roots`` in index order with the leaves
    of :mod:`baji.engine.leaf_traces`: lists by node index of values (0/1/2), and either leaf traces
    (``traces``; the dates are then left ``None``: the date functions give them where
    needed) or met-from dates."""
    lines = [f"def {name}(ctx):", "    p = ctx.profile", "    as_of = ctx.as_of",
             f"    V = [1] * {len(nodes)}", f"    W = [None] * {len(nodes)}",
             f"    T = [None] * {len(nodes)}"]
    add = lines.append
    dated = not traces
    for i in reach(nodes, roots):
        node = nodes[i]
        kids = node.children
        if node.kind in ("all", "any"):
            fn = "min" if node.kind == "all" else "max"
            vals = ", ".join(f"V[{c}]" for c in kids)
            add(f"    V[{i}] = {fn}({vals}, {2 if fn == 'min' else 0})")
            dates = ", ".join(f"W[{c}]" for c in kids)
            if dated and node.kind == "all":
                add(f"    w = ({dates},)\n    W[{i}] = None if None in w else max(w)")
            elif dated:
                add(f"    w = [d for d in ({dates},) if d is not None]\n"
                    f"    W[{i}] = min(w) if w else None")
        elif node.kind == "not":
            add(f"    V[{i}] = 2 - V[{kids[0]}]")
            if dated:
                add(f"    W[{i}] = as_of if V[{kids[0]}] == 0 else None"
                    if timeless(nodes, kids[0]) else f"    W[{i}] = None")
        elif node.kind == "rule":
            add(f"    V[{i}] = V[{kids[0]}]")
            if dated:
                add(f"    W[{i}] = W[{kids[0]}]")
        else:
            _eager_leaf(node, ns, add, traces)
    add("    return V, W, T")
    return ns.run("\n".join(lines) + "\n", name)


def _eager_leaf(node: Node, ns: _Namespace, add: Callable[[str], None], traces: bool) -> None:
    i = node.index
    table = _trace_table(node) if traces else None
    if table is not None:
        raw = {"fact": f"p.{node.params[0]}", "attested": f"p.attestations.get({node.params[0]!r})",
               "employer": f"p.employer.{node.params[0]}",
               "employer_filing": "p.employer.filing"}[node.kind]
        add(f"    o = {ns.const(table)}.get({raw})")
        add("    if o is None:")  # a value the table lacks (a model built unvalidated)
        add(f"        o = {ns.const(_slow_leaf(node))}(ctx)")
        add(f"    V[{i}] = o[0]\n    T[{i}] = o[1]")
        return
    pad = "    "
    field = _LIST_FIELDS.get(node.kind)
    if traces and field is not None:
        # The field left out or empty: the same outcome for every candidate (computed
        # by the leaf itself on a stand-in profile, so identical by construction).
        none, empty = (_constant_leaf(node, {}), _constant_leaf(node, {field: []}))
        add(f"    x = p.{field}")
        for test, (value, trace) in (("x is None", none), ("not x", empty)):
            add(f"    {'if' if test == 'x is None' else 'elif'} {test}:")
            add(f"        V[{i}] = {value}\n        T[{i}] = {ns.const(trace)}")
        add("    else:")
        pad = "        "
    args = "".join(f", {ns.const(x)}" for x in node.params)
    add(f"{pad}r = {ns.const(LEAVES[node.kind])}(ctx{args})")
    add(f"{pad}t = r[0]")
    add(f"{pad}V[{i}] = v = 1 if t is None else 2 if t else 0")
    if not traces:
        add(f"{pad}W[{i}] = r[2]")
        return
    k = ns.const
    fields = (f"'node': {f'n{i}'!r}, 'kind': {node.kind!r}, 'required': {k(node.required)}, "
              f"'actual': r[1], 'met': t, 'strength': {node.strength!r}, "
              f"'cite': {k(node.cite)}, "
              f"'facts': r[3] if t is None else {k(node.facts)}, "
              f"'becomes_met': None if r[2] == as_of else r[2], 'note': {k(node.note)}, "
              f"'source': {k(node.source)}")
    add(f"{pad}T[{i}] = _assemble(_Trace, {{{fields}}})")


#: The profile list each leaf kind reads (left out, or empty, it decides the outcome).
_LIST_FIELDS = {"grade": "grades", "tenure": "grades", "honour": "honours",
                "award": "awards", "title": "titles", "contribution": "contributions",
                "recommended": "recommendations", "no_ban": "findings",
                "not_restricted": "findings"}


def _constant_leaf(node: Node, data: dict[str, Any]) -> tuple[int, Trace]:
    """Value and trace of ``node`` for a profile made of ``data`` alone."""
    ctx = LeafContext(Profile.model_validate(data), dt.date(2000, 1, 1))
    leaf = LEAVES[node.kind](ctx, *node.params)
    if leaf[2] not in (None, ctx.as_of):  # pragma: no cover - never so
        raise AssertionError(f"leaf {node.kind} of an empty profile has a later date")
    return (1 if leaf[0] is None else 2 if leaf[0] else 0), _leaf_trace(node, leaf, ctx.as_of)


def _leaf_trace(node: Node, leaf: tuple[bool | None, str, dt.date | None, tuple[str, ...]],
                as_of: dt.date) -> Trace:
    """The trace of a leaf; ``becomes_met`` is its date unless that is ``as_of`` (met and
    staying met): the day an unmet leaf is met, or a met one is met for good again."""
    value, actual, when, missing = leaf
    return Trace(node=f"n{node.index}", kind=node.kind, required=node.required,
                 actual=actual, met=value, strength=node.strength, cite=node.cite,
                 facts=missing if value is None else node.facts,
                 becomes_met=None if when == as_of else when, note=node.note,
                 source=node.source)


def _slow_leaf(node: Node) -> Callable[[LeafContext], tuple[int, Trace]]:
    def run(ctx: LeafContext) -> tuple[int, Trace]:
        leaf = LEAVES[node.kind](ctx, *node.params)
        return (1 if leaf[0] is None else 2 if leaf[0] else 0), _leaf_trace(node, leaf,
                                                                            ctx.as_of)
    return run


def _trace_table(node: Node) -> dict[object, tuple[int, Trace]] | None:
    """For a leaf reading one enumerable profile value: value and trace by that value,
    computed by the leaf itself on a stand-in profile (so identical by construction)."""
    name = node.params[0] if node.params else None
    if node.kind in ("fact", "employer", "attested"):
        raws: tuple[object, ...] = (None, True, False)
    elif node.kind == "employer_filing":
        raws = (None, "municipal", "district", "ministry", "central_enterprise")
    else:
        return None
    table: dict[object, tuple[int, Trace]] = {}
    for raw in raws:
        if node.kind == "fact":
            stand_in = SimpleNamespace(**{str(name): raw})
        elif node.kind == "attested":
            stand_in = SimpleNamespace(attestations={} if raw is None else {name: raw})
        elif node.kind == "employer":
            stand_in = SimpleNamespace(employer=SimpleNamespace(**{str(name): raw}))
        else:
            stand_in = SimpleNamespace(employer=SimpleNamespace(filing=raw))
        ctx = LeafContext(stand_in, dt.date(2000, 1, 1))  # type: ignore[arg-type]
        leaf = LEAVES[node.kind](ctx, *node.params)
        table[raw] = ((1 if leaf[0] is None else 2 if leaf[0] else 0),
                      _leaf_trace(node, leaf, ctx.as_of))
    return table


# -- programs -----------------------------------------------------------------------------
class _Entry(NamedTuple):
    answer: LevelAnswer
    unmet: tuple[int, ...]  # positions of unmet rules (their dates give the earliest)


@dataclass(frozen=True)
class LevelProgram:
    """One level of a compiled network.

    Attributes:
        level, coverage, note: as in the network.
        rules: the level's path rules in product order (path, then rule id).
        priority: the level's priority items.
        values: ``values(profile, as_of, assume)``, the rules' values packed base 3.
        table: by packed values, the answer (earliest left out) and the unmet rules.
        dates: per rule, ``date(profile, as_of, assume)``: the date from which it is met.
        relaxed: per rule, its value with 原则上 defaults taken as met (``None`` for a
            rule without defaults).
        defaults: per rule, its conditions of strength ``default`` (when all are met,
            relaxing them changes nothing).
        not_in_force: the answer outside the pack's window.
    """

    level: Level
    coverage: str
    note: Message | None
    rules: tuple[CompiledRule, ...]
    priority: tuple[CompiledPriority, ...]
    values: Callable[[Profile, dt.date, bool], int]
    table: tuple[_Entry, ...]
    dates: tuple[Callable[[Profile, dt.date, bool], dt.date | None], ...]
    relaxed: tuple[Callable[[Profile, dt.date, bool], int] | None, ...]
    defaults: tuple[tuple[int, ...], ...]
    not_in_force: LevelAnswer

    def earliest(self, unmet: tuple[int, ...], profile: Profile, as_of: dt.date,
                 assume: bool, until: dt.date | None) -> dt.date | None:
        """The earliest date of the level from its ``unmet`` rules (``None`` when none has
        a date, or the first is after the window ``until``)."""
        dates = self.dates
        found = [d for d in (dates[j](profile, as_of, assume) for j in unmet) if d is not None]
        first = min(found) if found else None
        if first is not None and until is not None and first > until:
            return None
        return first


class Program:
    """The compiled functions of one network (see the module docstring).

    Build with :func:`program_for`, which caches one per network.
    """

    def __init__(self, network: Network, max_source: int = MAX_SOURCE) -> None:
        self.pack_id = network.id
        self.window_from = network.window.from_
        self.window_until = network.window.until
        self.nodes = network.nodes
        self.children = tuple(n.children for n in network.nodes)
        self.kinds = tuple(n.kind for n in network.nodes)
        self.cites = tuple(n.cite for n in network.nodes)
        self._citations = network.citations
        self._ns = _Namespace()
        self._lock = threading.RLock()
        self._full: dict[tuple[Level, ...], Callable[..., Any]] = {}
        self._derived: dict[str, Any] = {}
        self._max_source = max_source
        levels = []
        for n, info in enumerate(network.levels):
            rules = tuple(sorted(network.rules_for(info.level),
                                 key=lambda r: (PATH_ORDER.index(r.path), r.id)))
            levels.append(self._level(n, info.level, info.coverage, info.note, rules,
                                      tuple(p for p in network.priority
                                            if p.level is info.level)))
        self.levels: tuple[LevelProgram, ...] = tuple(levels)
        self.by_level = {lp.level: lp for lp in self.levels}
        # One level asked for by level, id or Chinese name: no work per call.
        self._one: dict[Level | str, tuple[LevelProgram, ...]] = {}
        for lp in self.levels:
            for key in (lp.level, lp.level.value, lp.level.zh):
                self._one[key] = (lp,)

    def _level(self, n: int, level: Level, coverage: str, note: Message | None,
               rules: tuple[CompiledRule, ...],
               priority: tuple[CompiledPriority, ...]) -> LevelProgram:
        roots = tuple(r.root for r in rules)
        name = f"level{n}"
        values = _short_circuit(self.nodes, self._ns, roots, False, name, self._max_source)
        if values is None:
            values = _straight(self.nodes, self._ns, roots, name)
        relaxed = []
        for j, rule in enumerate(rules):
            fn = None
            if rule.has_defaults:
                fn = (_short_circuit(self.nodes, self._ns, (rule.root,), True,
                                     f"relaxed{n}_{j}", self._max_source)
                      or _relaxed_fallback(self, rule.root))
            relaxed.append(fn)
        return LevelProgram(
            level=level, coverage=coverage, note=note, rules=rules, priority=priority, values=values,
            table=_answer_table(level, rules),
            dates=tuple(self._date(f"date{n}_{j}", r.root) for j, r in enumerate(rules)),
            relaxed=tuple(relaxed),
            defaults=tuple(tuple(i for i in reach(self.nodes, [r.root])
                                 if self.nodes[i].strength == "default") for r in rules),
            not_in_force=LevelAnswer(level, "not_in_force", None, (), None))

    def _date(self, name: str, root: int) -> Callable[[Profile, dt.date, bool], dt.date | None]:
        fn = _date_function(self.nodes, self._ns, root, name, self._max_source)
        if fn is not None:
            return fn
        eager = _eager(self.nodes, self._ns, [root], name, traces=False)

        def date(profile: Profile, as_of: dt.date, assume: bool) -> dt.date | None:
            found: dt.date | None = eager(LeafContext(profile, as_of, assume))[1][root]
            return found
        return date

    def in_force(self, day: dt.date) -> bool:
        """Whether ``day`` is in the pack's window in force."""
        return self.window_from <= day and (self.window_until is None
                                            or day <= self.window_until)

    def select(self, levels: Iterable[Level | str] | Level | str | None
               ) -> tuple[LevelProgram, ...]:
        """The programs of ``levels`` (ids, Chinese names or levels; one or several), in
        the pack's order; every level when ``None``.

        Raises:
            EvaluationError: the pack does not rule on one of them.
        """
        if levels is None:
            return self.levels
        if isinstance(levels, (str, Level)):
            one = self._one.get(levels)
            if one is not None:
                return one
            levels = (levels,)
        wanted = set()
        for item in levels:
            lv = item if isinstance(item, Level) else parse_level(str(item))
            if lv is None or lv not in self.by_level:
                names = [lp.level.value for lp in self.levels]
                hint = suggest(str(item), names) or {"hint": "known", "known": tuple(names)}
                raise EvaluationError([problem("BAJI303", pack=self.pack_id, level=str(item),
                                               **hint)])
            wanted.add(lv)
        return tuple(lp for lp in self.levels if lp.level in wanted)

    def full(self, chosen: tuple[LevelProgram, ...]) -> Callable[
            [LeafContext], tuple[list[int], list[dt.date | None], list[Trace | None]]]:
        """``full(ctx)``: values, dates and leaf traces of every node the ``chosen`` levels
        read (their path rules and priority items), compiled on first use."""
        key = tuple(lp.level for lp in chosen)
        fn = self._full.get(key)
        if fn is None:
            with self._lock:
                fn = self._full.get(key)
                if fn is None:
                    roots = [r.root for lp in chosen for r in lp.rules]
                    roots += [p.root for lp in chosen for p in lp.priority]
                    fn = _eager(self.nodes, self._ns, roots, f"full{len(self._full)}",
                                traces=True)
                    self._full[key] = fn
        return fn

    def derived(self, name: str, build: Callable[[Program], T]) -> T:
        """A value computed once from this program by ``build`` and kept with it (for
        other modules' precomputed parts, e.g. the decision texts of :mod:`baji.engine.decide`)."""
        found = self._derived.get(name)
        if found is None:
            with self._lock:
                found = self._derived.get(name)
                if found is None:
                    found = self._derived[name] = build(self)
        return found

    def cite(self, ids: Iterable[str]) -> tuple[Citation, ...]:
        """The citations of clause ``ids``."""
        return tuple(self._citations[i] for i in ids)


def _relaxed_fallback(prog: Program, root: int) -> Callable[[Profile, dt.date, bool], int]:
    """A relaxed value by straight-line code (when the short-circuit source is too big)."""
    gen = _Values(prog.nodes, prog._ns, relax=True)
    lines = ["def relaxed(p, as_of, assume):", _PROLOGUE.rstrip("\n")]
    lines += _value_lines(prog.nodes, [root], gen, relax=True)
    lines.append(f"    return v{root}")
    return prog._ns.run("\n".join(lines) + "\n", "relaxed")


def _answer_table(level: Level, rules: tuple[CompiledRule, ...]) -> tuple[_Entry, ...]:
    """Every combination of rule values (base 3, first rule most significant) mapped to
    the level's answer, as :mod:`baji.engine.decide` decides it."""
    out = []
    count = len(rules)
    for key in range(3 ** count):
        values = [(key // 3 ** (count - 1 - j)) % 3 for j in range(count)]
        met = [rules[j] for j in range(count) if values[j] == 2]
        if met:
            paths: tuple[Path, ...] = tuple(dict.fromkeys(r.path for r in met))  # type: ignore[misc]
            answer = LevelAnswer(level, "eligible", met[0].path, paths, None)  # type: ignore[arg-type]
            out.append(_Entry(answer, ()))
            continue
        status: Status = "undetermined" if 1 in values else "ineligible"
        unmet = tuple(j for j in range(count) if values[j] == 0)
        out.append(_Entry(LevelAnswer(level, status, None, (), None), unmet))
    return tuple(out)


def leaf_values_function(nodes: tuple[Node, ...], roots: Iterable[int]
                         ) -> Callable[[Profile, dt.date, bool], dict[str, int]]:
    """``f(profile, as_of, assume)``: the value (0/1/2) of every leaf under ``roots``, by
    name ``n<index>`` (for engines that take the leaves as facts, :mod:`baji.backends.rete`)."""
    ns = _Namespace()
    gen = _Values(nodes, ns, relax=False)
    fields = ", ".join(f"'n{i}': {gen.expr(i)}" for i in reach(nodes, roots)
                       if not nodes[i].children)
    source = f"def leaves(p, as_of, assume):\n{_PROLOGUE}    return {{{fields}}}\n"
    fn: Callable[[Profile, dt.date, bool], dict[str, int]] = ns.run(source, "leaves")
    return fn


_PROGRAMS: dict[int, tuple[weakref.ref[Network], Program]] = {}
_PROGRAMS_LOCK = threading.Lock()


def program_for(network: Network) -> Program:
    """The compiled program of ``network``: built on first use (under a lock, so once)
    and kept while the network lives."""
    found = _PROGRAMS.get(id(network))
    if found is not None and found[0]() is network:
        return found[1]
    with _PROGRAMS_LOCK:
        found = _PROGRAMS.get(id(network))
        if found is not None and found[0]() is network:
            return found[1]
        program = Program(network)
        key = id(network)
        _PROGRAMS[key] = (weakref.ref(network, lambda _ref: _PROGRAMS.pop(key, None)), program)
        return program


def _value_lines(nodes: tuple[Node, ...], roots: Sequence[int], gen: _Values,
                 relax: bool) -> list[str]:
    """``v<i> = ...`` for every node reachable from ``roots``, children first (0 unmet,
    1 unknown, 2 met). With ``relax``, conditions of strength ``default`` count as met."""
    out = []
    for i in reach(nodes, roots):
        node = nodes[i]
        kids = [f"v{c}" for c in node.children]
        if relax and node.strength == "default":
            value = "2"
        elif node.kind == "all":
            value = f"min({', '.join(kids)}, 2)"
        elif node.kind == "any":
            value = f"max({', '.join(kids)}, 0)"
        elif node.kind == "not":
            value = f"2 - {kids[0]}"
        elif node.kind == "rule":
            value = kids[0]
        else:
            value = gen.expr(i)
        out.append(f"    v{i} = {value}")
    return out
