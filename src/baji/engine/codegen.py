"""Source generation for compiled programs: the namespace of generated code, the
short-circuit value and date expressions of nodes, and the functions built from them.

Leaves give their own expressions (:meth:`~baji.operators.base.Operator.value_code`,
:meth:`~baji.operators.base.Operator.date_code`); composites are generated here: an
``all`` stops at its first unmet child, an ``any`` at its first met one, cheap children
first, shared nodes once in a local. When that source would be too large (it repeats
shared conditions textually) the same values come from straight-line code instead.
Each function's source is registered with :mod:`linecache` under a name of its own, so
a traceback inside generated code shows the line.
"""

from __future__ import annotations

import datetime as dt
import itertools
import linecache
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any

from baji.core.construct import assemble
from baji.core.decision import Trace
from baji.core.vocabulary import Vocab, default_vocab
from baji.operators import LEAVES, Operator
from baji.pack.network import Node
from baji.profile.model import Profile

#: Numbers the generated functions' file names (one linecache entry each).
_SERIAL = itertools.count()
#: Above this, the short-circuit source (which repeats shared conditions textually) is
#: given up for straight-line code of linear size.
MAX_SOURCE = 200_000
#: "Not computed yet", for shared dates (``None`` is a date's value).
NA_DATE = object()


class Namespace:
    """The globals of generated code: the operators' functions, helpers and the
    constants the source names (:class:`~baji.operators.base.Emitter`)."""

    def __init__(self, vocab: Vocab | None = None) -> None:
        self.vocab = vocab or default_vocab()
        self.globals: dict[str, Any] = {
            "_assemble": assemble, "_Trace": Trace, "min": min, "max": max, "NA": NA_DATE,
            "_earliest": _earliest,
        }
        for op in LEAVES.values():
            self.globals.update(op.functions)
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

    def table(self, name: str, build: Callable[[], object]) -> str:
        """``name``, a global holding ``build()`` (built once)."""
        if name not in self.globals:
            self.globals[name] = build()
        return name

    def run(self, source: str, name: str) -> Callable[..., Any]:
        """Compile ``source`` and return its function ``name``.

        The source is registered with :mod:`linecache` under a file name of its own
        (``<baji program NAME #N>``) while the function lives, so a traceback inside
        generated code shows the line (as attrs does for the methods it writes).
        """
        filename = f"<baji program {name} #{next(_SERIAL)}>"
        code = compile(source, filename, "exec")
        exec(code, self.globals)  # noqa: S102 - source generated from a checked network
        fn: Callable[..., Any] = self.globals.pop(name)
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        weakref.finalize(fn, linecache.cache.pop, filename, None)
        return fn


class TooLarge(Exception):
    """The short-circuit source grew past its budget while being generated."""


class Budget:
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
            raise TooLarge
        return text


def _inline(node: Node) -> bool:
    """Whether the node is a leaf whose value is an inline expression over one profile
    attribute (never worth a local of its own)."""
    return isinstance(node.op, Operator) and node.op.inline


class Values:
    """Short-circuit value expressions (0/1/2) of the nodes of one network."""

    def __init__(self, nodes: tuple[Node, ...], ns: Namespace, relax: bool,
                 budget: Budget | None = None) -> None:
        self.nodes = nodes
        self.ns = ns
        self.relax = relax
        self.budget = budget or Budget(1 << 62)  # unbounded unless a caller bounds it
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
        self.memo = {i for i, n in refs.items() if n > 1 and not _inline(self.nodes[i])}

    def cost(self, index: int) -> int:
        index = self.target(index)
        if index not in self._costs:
            node = self.nodes[index]
            self._costs[index] = (sum(self.cost(c) for c in node.children) if node.children
                                  else node.leaf.cost)
        return self._costs[index]

    def expr(self, index: int) -> str:
        """A Python expression giving the node's value."""
        index = self.target(index)
        node = self.nodes[index]
        if self.relax and node.strength == "default":
            return "2"
        text = self._composite(node) if node.children else node.leaf.value_code(self.ns)
        if index in self.memo:
            text = f"(m{index} if m{index} >= 0 else (m{index} := {text}))"
        return self.budget.spend(text)

    def _composite(self, node: Node) -> str:
        if node.kind == "not":
            return f"(2 - {self.expr(node.children[0])})"
        kids = sorted(node.children, key=self.cost)
        if len(kids) == 1:
            return self.expr(kids[0])
        x, w = f"x{node.index}", f"w{node.index}"
        first, *middle, last = [self.expr(k) for k in kids]
        # min and max of two values written as conditionals (no call): ``w`` holds the
        # child's value, read right after it is set (a nested use of ``w`` is over by then).
        if node.kind == "all":  # stop at the first unmet (0) child
            parts = [f"({x} := {first})"]
            parts += [f"({x} := ({w} if ({w} := {m}) < {x} else {x}))" for m in middle]
            return "(" + " and ".join(parts + [f"({w} if ({w} := {last}) < {x} else {x})"]) + ")"
        # any: stop at the first met (2) child
        text = f"2 if ({x} := {first}) == 2 else "
        text += "".join(f"2 if ({x} := ({w} if ({w} := {m}) > {x} else {x})) == 2 else "
                        for m in middle)
        return f"({text}({w} if ({w} := {last}) > {x} else {x}))"


class Dates:
    """Short-circuit expressions of the date from which a node is met on every later day
    (``as_of`` when it is met and stays met, ``None`` when unknown or never for good by
    time alone)."""

    def __init__(self, nodes: tuple[Node, ...], ns: Namespace, budget: Budget) -> None:
        self.nodes = nodes
        self.ns = ns
        self.values = Values(nodes, ns, relax=False, budget=budget)
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
        self.memo = {i for i, n in refs.items() if n > 1 and not _inline(self.nodes[i])}
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
            text = node.leaf.date_code(self.ns) or \
                f"(as_of if {self.values.expr(node.index)} == 2 else None)"
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


def timeless(nodes: tuple[Node, ...], index: int) -> bool:
    """Whether the value of node ``index`` is the same on every date (it reads no dated
    fact). Only then has a ``not`` over it a date: met now, it is met for good; over a
    condition that time may change, a ``not`` met now may turn unmet (docs/semantics.md)."""
    return all(nodes[i].children or nodes[i].leaf.timeless for i in reach(nodes, [index]))


def _earliest(*dates: dt.date | None) -> dt.date | None:
    """The earliest of ``dates`` that are not ``None``, or ``None``."""
    found = [d for d in dates if d is not None]
    return min(found) if found else None


def date_function(nodes: tuple[Node, ...], ns: Namespace, root: int, name: str,
                  max_source: int) -> Callable[..., dt.date | None] | None:
    """``name(p, as_of, assume)``: the date from which ``root`` is met; ``None`` when the
    source would be too large or too deep to compile."""
    gen = Dates(nodes, ns, Budget(max_source * 10))
    gen.plan([root])
    try:
        body = gen.expr(root)
    except TooLarge:
        return None
    memo = "".join(f"    e{i} = NA\n" for i in sorted(gen.memo))
    memo += "".join(f"    m{i} = -1\n" for i in sorted(gen.values.memo))
    source = f"def {name}(p, as_of, assume):\n{PROLOGUE}{memo}    return {body}\n"
    if len(source) > max_source:
        return None
    try:
        return ns.run(source, name)
    except (SyntaxError, RecursionError, MemoryError):
        return None


PROLOGUE = "    A = p.attestations\n    E = p.employer\n"


def short_circuit(nodes: tuple[Node, ...], ns: Namespace, roots: tuple[int, ...],
                  relax: bool, name: str, max_source: int) -> Callable[..., int] | None:
    """``name(p, as_of, assume)``: the roots' values packed base 3 (first root most
    significant); ``None`` when the source would be too large or too deep to compile."""
    gen = Values(nodes, ns, relax, Budget(max_source * 10))
    gen.plan(roots)
    try:
        body = " + ".join(f"{gen.expr(r)} * {3 ** (len(roots) - 1 - j)}"
                          for j, r in enumerate(roots)) or "0"
    except TooLarge:
        return None
    memo = "".join(f"    m{i} = -1\n" for i in sorted(gen.memo))
    source = f"def {name}(p, as_of, assume):\n{PROLOGUE}{memo}    return {body}\n"
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


def straight(nodes: tuple[Node, ...], ns: Namespace, roots: tuple[int, ...],
             name: str) -> Callable[..., int]:
    """The same function as :func:`_short_circuit`, as straight-line code evaluating every
    node once, in index order (linear in the size of the network)."""
    lines = [f"def {name}(p, as_of, assume):", PROLOGUE.rstrip("\n")]
    lines += value_lines(nodes, roots, Values(nodes, ns, relax=False), relax=False)
    body = " + ".join(f"v{r} * {3 ** (len(roots) - 1 - j)}" for j, r in enumerate(roots))
    lines.append(f"    return {body or '0'}")
    return ns.run("\n".join(lines) + "\n", name)


def value_lines(nodes: tuple[Node, ...], roots: Sequence[int], gen: Values,
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


def leaf_values_function(nodes: tuple[Node, ...], roots: Iterable[int],
                         vocab: Vocab | None = None
                         ) -> Callable[[Profile, dt.date, bool], dict[str, int]]:
    """``f(profile, as_of, assume)``: the value (0/1/2) of every leaf under ``roots``, by
    name ``n<index>`` (for engines that take the leaves as facts, :mod:`baji.backends.rete`),
    award scopes read from ``vocab`` (the bundled vocabulary by default)."""
    ns = Namespace(vocab)
    gen = Values(nodes, ns, relax=False)
    fields = ", ".join(f"'n{i}': {gen.expr(i)}" for i in reach(nodes, roots)
                       if not nodes[i].children)
    source = f"def leaves(p, as_of, assume):\n{PROLOGUE}    return {{{fields}}}\n"
    fn: Callable[[Profile, dt.date, bool], dict[str, int]] = ns.run(source, "leaves")
    return fn
