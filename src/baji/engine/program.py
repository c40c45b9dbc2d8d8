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
from typing import Any, NamedTuple, TypeVar

from baji.core.decision import PATH_ORDER, Citation, Message, Path, Status, Trace
from baji.core.levels import Level, parse_level
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
from baji.errors import EvaluationError, problem, suggest
from baji.operators.base import LeafContext, Operator
from baji.pack.network import CompiledPriority, CompiledRule, Network
from baji.profile.model import Profile

__all__ = ["MAX_SOURCE", "LevelAnswer", "LevelProgram", "Program", "leaf_values_function",
           "program_for", "reach"]

T = TypeVar("T")


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
        told: the nodes under the level's rules and priority items that may add a note
            to its decision (a pack's ``decision_note`` on a condition, or a leaf that
            computes one), in index order.
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
    told: tuple[int, ...] = ()

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
        self.window = network.window
        self.window_from = network.window.from_
        self.window_until = network.window.until
        self.nodes = network.nodes
        self.children = tuple(n.children for n in network.nodes)
        self.kinds = tuple(n.kind for n in network.nodes)
        self.cites = tuple(n.cite for n in network.nodes)
        self._citations = network.citations
        self.vocab = network.vocab
        self._ns = Namespace(network.vocab)
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
        self._last: tuple[object, tuple[LevelProgram, ...]] = (None, self.levels)
        for lp in self.levels:
            for key in (lp.level, lp.level.value, lp.level.zh):
                self._one[key] = (lp,)

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
            table=_answer_table(level, rules, coverage),
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

    def in_force(self, day: dt.date) -> bool:
        """Whether ``day`` is in the pack's window in force: :meth:`Window.contains` on the
        window's two dates held here (one attribute read each, on every answer)."""
        until = self.window_until
        return self.window_from <= day and (until is None or day <= until)

    def select(self, levels: Iterable[Level | str] | Level | str | None
               ) -> tuple[LevelProgram, ...]:
        """The programs of ``levels`` (ids, Chinese names or levels; one or several), in
        the pack's order; every level when ``None``.

        Raises:
            EvaluationError: the pack does not rule on one of them.
        """
        if levels is None:
            return self.levels
        last = self._last  # the levels of the previous call, by identity (no hashing)
        if last[0] is levels:
            return last[1]
        if isinstance(levels, (str, Level)):
            one = self._one.get(levels)
            if one is not None:
                self._last = (levels, one)  # one assignment: safe across threads
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


def _answer_table(level: Level, rules: tuple[CompiledRule, ...], coverage: str
                  ) -> tuple[_Entry, ...]:
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
        none: Status = "not_covered" if coverage == "partial" else "ineligible"
        status: Status = "undetermined" if 1 in values else none
        unmet = tuple(j for j in range(count) if values[j] == 0)
        out.append(_Entry(LevelAnswer(level, status, None, (), None), unmet))
    return tuple(out)


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
