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
- per set of levels, ``full(ctx)``: every condition the levels read, with its value
  and trace (for :mod:`baji.engine.decide`). Leaves whose outcome is one of a few (a
  fact, an attestation, an employer fact, a list left out or empty) take their trace
  from tables built here, by the leaf functions themselves.

Values are ints: 0 unmet, 1 unknown, 2 met, so Kleene's ``and`` is ``min``, ``or`` is
``max`` and ``not`` is ``2 - x`` (each leaf's functions are in its module of
:mod:`baji.operators`). When the short-circuit
source of a network would be too large (it repeats shared conditions textually), the
same functions are generated as straight-line code instead. Nothing here holds state
that an evaluation changes: the generated functions keep their state in locals, so one
program serves many threads.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from baji.core.decision import PATH_ORDER, Citation, Message, Trace
from baji.core.levels import Level
from baji.engine.answering import Answering, LevelAnswer, LevelAnswers, answer_table
from baji.engine.codegen import (
    MAX_SOURCE,
    PROLOGUE,
    Namespace,
    Values,
    date_function,
    leaf_values_function,
    reach,
    short_circuit,
    straight,
    value_lines,
)
from baji.engine.eager import eager
from baji.operators.base import LeafContext, Operator
from baji.pack.network import CompiledPriority, CompiledRule, Network
from baji.profile.model import Profile

__all__ = ["MAX_SOURCE", "LevelAnswer", "LevelProgram", "Program", "leaf_values_function",
           "program_for", "reach"]

T = TypeVar("T")


# -- programs -----------------------------------------------------------------------------
@dataclass(frozen=True)
class LevelProgram(LevelAnswers):
    """One level of a compiled network: what answers read (:class:`LevelAnswers`: level,
    values, table, dates, not_in_force) and what full decisions read besides.

    Attributes:
        coverage, note: as in the network.
        rules: the level's path rules in product order (path, then rule id).
        priority: the level's priority items.
        relaxed: per rule, its value with 原则上 defaults taken as met (``None`` for a
            rule without defaults).
        defaults: per rule, its conditions of strength ``default`` (when all are met,
            relaxing them changes nothing).
        told: the nodes under the level's rules and priority items that may add a note
            to its decision (a pack's ``decision_note`` on a condition, or a leaf that
            computes one), in index order.
    """

    coverage: str
    note: Message | None
    rules: tuple[CompiledRule, ...]
    priority: tuple[CompiledPriority, ...]
    relaxed: tuple[Callable[[Profile, dt.date, bool], int] | None, ...]
    defaults: tuple[tuple[int, ...], ...]
    told: tuple[int, ...] = ()


class Program(Answering):
    """The compiled functions of one network (see the module docstring); its levels and
    window as answers read them (:class:`~baji.engine.answering.Answering`).

    Build with :func:`program_for`, which caches one per network; ``namespace`` (the
    generated code's globals) is for :mod:`baji.engine.ahead`, which keeps the sources.
    """

    levels: tuple[LevelProgram, ...]
    by_level: dict[Level, LevelProgram]

    def __init__(self, network: Network, max_source: int = MAX_SOURCE,
                 namespace: Namespace | None = None) -> None:
        self.window = network.window
        self.nodes = network.nodes
        self.children = tuple(n.children for n in network.nodes)
        self.kinds = tuple(n.kind for n in network.nodes)
        self.cites = tuple(n.cite for n in network.nodes)
        self._citations = network.citations
        self.vocab = network.vocab
        self._ns = namespace or Namespace(network.vocab)
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
        super().__init__(network.id, network.window.from_, network.window.until, levels)

    def _level(self, n: int, level: Level, coverage: str, note: Message | None,
               rules: tuple[CompiledRule, ...],
               priority: tuple[CompiledPriority, ...]) -> LevelProgram:
        roots = tuple(r.root for r in rules)
        name = f"level{n}"
        values = short_circuit(self.nodes, self._ns, roots, False, name, self._max_source)
        if values is None:
            values = straight(self.nodes, self._ns, roots, name)
        relaxed = []
        for j, rule in enumerate(rules):
            fn = None
            if rule.has_defaults:
                fn = (short_circuit(self.nodes, self._ns, (rule.root,), True,
                                     f"relaxed{n}_{j}", self._max_source)
                      or _relaxed_fallback(self, rule.root))
            relaxed.append(fn)
        return LevelProgram(
            level=level, coverage=coverage, note=note, rules=rules, priority=priority, values=values,
            table=answer_table(level, [r.path for r in rules], coverage),
            dates=tuple(self._date(f"date{n}_{j}", r.root) for j, r in enumerate(rules)),
            relaxed=tuple(relaxed),
            defaults=tuple(tuple(i for i in reach(self.nodes, [r.root])
                                 if self.nodes[i].strength == "default") for r in rules),
            not_in_force=LevelAnswer(level, "not_in_force", None, (), None),
            told=tuple(i for i in reach(self.nodes, [*roots, *(p.root for p in priority)])
                       if self.nodes[i].decision_note is not None
                       or (isinstance(op := self.nodes[i].op, Operator) and op.tells)))

    def _date(self, name: str, root: int) -> Callable[[Profile, dt.date, bool], dt.date | None]:
        fn = date_function(self.nodes, self._ns, root, name, self._max_source)
        if fn is not None:
            return fn
        fallback = eager(self.nodes, self._ns, [root], name, traces=False)

        def date(profile: Profile, as_of: dt.date, assume: bool) -> dt.date | None:
            found: dt.date | None = fallback(LeafContext(profile, as_of, assume,
                                                     self.vocab))[1][root]
            return found
        return date

    def full(self, chosen: tuple[LevelProgram, ...]) -> Callable[
            [LeafContext], tuple[list[int], None, list[Trace | None]]]:
        """``full(ctx)``: values and leaf traces of every node the ``chosen`` levels read
        (their path rules and priority items; ``None`` in place of their dates: the date
        functions give them), compiled on first use."""
        key = tuple(lp.level for lp in chosen)
        fn = self._full.get(key)
        if fn is None:
            with self._lock:
                fn = self._full.get(key)
                if fn is None:
                    roots = [r.root for lp in chosen for r in lp.rules]
                    roots += [p.root for lp in chosen for p in lp.priority]
                    fn = eager(self.nodes, self._ns, roots, f"full{len(self._full)}",
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
    gen = Values(prog.nodes, prog._ns, relax=True)
    lines = ["def relaxed(p, as_of, assume):", PROLOGUE.rstrip("\n")]
    lines += value_lines(prog.nodes, [root], gen, relax=True)
    lines.append(f"    return v{root}")
    return prog._ns.run("\n".join(lines) + "\n", "relaxed")


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
