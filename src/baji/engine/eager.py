"""The eager function of a compiled program: every node under some roots in index
order, with leaf traces (for full decisions, :mod:`baji.engine.decide`) or with the
dates from which nodes are met (when a date function's source is too large).

Leaves whose outcome is one of a few (a fact, an attestation, an employer fact or
filing; a list left out or empty) take value and trace from tables built here, by the
leaf operators' own ``trace`` on stand-in profiles, so identical by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from baji.core.decision import Trace
from baji.core.vocabulary import Vocab
from baji.engine.codegen import Namespace, reach, timeless
from baji.operators.base import LeafContext, Outcome, met
from baji.pack.network import Node
from baji.profile.model import Profile


def eager(nodes: tuple[Node, ...], ns: Namespace, roots: Iterable[int], name: str,
          traces: bool) -> Callable[..., Any]:
    """``name(ctx)`` evaluating every node under ``roots`` in index order, leaves by
    their operators' ``trace``: lists by node index of values (0/1/2), and either leaf
    traces (``traces``; no dates then, ``None`` in their place: the date functions give
    them where needed) or met-from dates."""
    lines = [f"def {name}(ctx):", "    p = ctx.profile", "    as_of = ctx.as_of",
             f"    V = [1] * {len(nodes)}",
             f"    W = [None] * {len(nodes)}" if not traces else "    W = None",
             f"    T = [None] * {len(nodes)}"]
    add = lines.append
    dated = not traces
    for i in reach(nodes, roots):
        node = nodes[i]
        kids = node.children
        if node.kind in ("all", "any") and len(kids) == 2:  # min or max of two, inline
            add(f"    V[{i}] = v1 if (v1 := V[{kids[0]}]) {'<' if node.kind == 'all' else '>'}"
                f" (v2 := V[{kids[1]}]) else v2")
        elif node.kind in ("all", "any"):
            fn = "min" if node.kind == "all" else "max"
            vals = ", ".join(f"V[{c}]" for c in kids)
            add(f"    V[{i}] = {fn}({vals}, {2 if fn == 'min' else 0})")
        if node.kind in ("all", "any"):
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


def _eager_leaf(node: Node, ns: Namespace, add: Callable[[str], None], traces: bool) -> None:
    i = node.index
    op = node.leaf
    table = _trace_table(node, ns.vocab) if traces else None
    if table is not None:
        raw, lookup = table
        add(f"    o = {ns.const(lookup)}.get({raw})")
        add("    if o is None:")  # a value the table lacks (a model built unvalidated)
        add(f"        o = {ns.const(_slow_leaf(node))}(ctx)")
        add(f"    V[{i}], T[{i}] = o")
        return
    pad = "    "
    field = op.list_field
    if traces and field is not None:
        # The field left out or empty: the same outcome for every candidate (computed
        # by the leaf itself on a stand-in profile, so identical by construction).
        none, empty = (_constant_leaf(node, {}, ns.vocab),
                       _constant_leaf(node, {field: []}, ns.vocab))
        add(f"    x = p.{field}")
        for test, (value, trace) in (("x is None", none), ("not x", empty)):
            add(f"    {'if' if test == 'x is None' else 'elif'} {test}:")
            add(f"        V[{i}] = {value}\n        T[{i}] = {ns.const(trace)}")
        add("    else:")
        pad = "        "
    add(f"{pad}r = {ns.const(op.trace)}(ctx)")
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
    add(f"{pad}T[{i}] = _trace({{{fields}}})")


def _constant_leaf(node: Node, data: dict[str, Any], vocab: Vocab) -> tuple[int, Trace]:
    """Value and trace of ``node`` for a profile made of ``data`` alone."""
    ctx = LeafContext(Profile.model_validate(data), dt.date(2000, 1, 1), vocab=vocab)
    leaf = node.leaf.trace(ctx)
    if leaf[2] not in (None, ctx.as_of):  # pragma: no cover - never so
        raise AssertionError(f"leaf {node.kind} of an empty profile has a later date")
    return met(leaf[0]), _leaf_trace(node, leaf, ctx.as_of)


def _leaf_trace(node: Node, leaf: Outcome, as_of: dt.date) -> Trace:
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
        leaf = node.leaf.trace(ctx)
        return met(leaf[0]), _leaf_trace(node, leaf, ctx.as_of)
    return run


def _trace_table(node: Node, vocab: Vocab
                 ) -> tuple[str, dict[object, tuple[int, Trace]]] | None:
    """For a leaf reading one enumerable profile value: the source reading it, and
    value and trace by that value, computed by the leaf itself on a stand-in profile
    (so identical by construction)."""
    cases = node.leaf.trace_cases()
    if cases is None:
        return None
    raw, stand_ins = cases
    table: dict[object, tuple[int, Trace]] = {}
    for value, stand_in in stand_ins:
        ctx = LeafContext(stand_in, dt.date(2000, 1, 1), vocab=vocab)
        leaf = node.leaf.trace(ctx)
        table[value] = (met(leaf[0]), _leaf_trace(node, leaf, ctx.as_of))
    return raw, table
