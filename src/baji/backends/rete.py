"""A second evaluator on durable-rules' Rete engine, which must agree with the native one.

Install with ``pip install 'baji[durable]'`` (durable-rules, a C extension built from
source). ``import baji`` never imports it; this module does.

How a network becomes a ruleset: every path rule of every level gives two durable
rules, one firing when the rule's condition is *met* and one when it is *unmet*; a rule
for which neither fires is *unknown*. Kleene's logic is spelled out as conditions on
the leaves: a rule's ``all`` is met when every child is met and unmet when any child
is unmet, an ``any`` the other way round, a ``not`` swaps the two. Leaves are the one
part computed in Python (the same functions as the native fast path,
:mod:`baji.operators`): durable-rules has no calendar arithmetic for years in post and
no look-up in the profile's nested lists, so each candidate is asserted as one fact
``{n<i>: 0|1|2}`` holding the value of every leaf. The level's answer is read from the
values of its rules with the same table as :func:`baji.evaluate_answers`.

Limits (docs/backends.md): durable-rules keeps its rulesets in process-global state and
is not thread-safe, so every call holds one lock (calls from many threads are correct
but run one at a time); a ruleset, once registered, lives as long as the process; the
answers carry status, path and paths but no earliest date, trace or citations.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Callable, Iterable
from functools import reduce
from typing import Any

try:
    from durable import lang as _durable
    from durable.engine import MessageNotHandledException
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("baji.backends.rete needs durable-rules, which is not installed: "
                      "pip install 'baji[durable]'") from _exc

from baji.core.dates import as_of_date
from baji.core.levels import Level
from baji.engine.program import (
    LevelAnswer,
    LevelProgram,
    Program,
    leaf_values_function,
    program_for,
)
from baji.pack.network import Network, Node
from baji.profile.model import Profile

__all__ = ["evaluate_answers"]

#: durable-rules is process-global and not thread-safe: every use holds this lock.
_LOCK = threading.RLock()
_names = itertools.count()
#: What the actions of the ruleset being run found: (level, rule) -> value.
_fired: dict[tuple[int, int], int] = {}


class _Ruleset:
    """A network as a durable-rules ruleset, and the Python function giving its facts."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.name = f"baji_{next(_names)}"
        self.leaves = leaf_values_function(
            program.nodes, [r.root for lp in program.levels for r in lp.rules], program.vocab)
        nodes = program.nodes
        with _durable.ruleset(self.name):
            for n, lp in enumerate(program.levels):
                for j, rule in enumerate(lp.rules):
                    met, unmet = _conditions(nodes, rule.root)
                    _durable.when_all(met)(_record(n, j, 2))
                    _durable.when_all(unmet)(_record(n, j, 0))


def _record(level: int, rule: int, value: int) -> Callable[[Any], None]:
    def action(c: Any) -> None:
        _fired[level, rule] = value
    action.__name__ = f"level{level}_rule{rule}_{'met' if value == 2 else 'unmet'}"
    return action


def _conditions(nodes: tuple[Node, ...], root: int) -> tuple[Any, Any]:
    """durable-rules conditions under which ``root`` is met, and unmet."""
    def met(i: int) -> Any:
        node = nodes[i]
        if not node.children:
            return getattr(_durable.m, f"n{i}") == 2
        if node.kind == "not":
            return unmet(node.children[0])
        if node.kind == "rule":
            return met(node.children[0])
        op = (lambda a, b: a & b) if node.kind == "all" else (lambda a, b: a | b)
        return reduce(op, [met(c) for c in node.children])

    def unmet(i: int) -> Any:
        node = nodes[i]
        if not node.children:
            return getattr(_durable.m, f"n{i}") == 0
        if node.kind == "not":
            return met(node.children[0])
        if node.kind == "rule":
            return unmet(node.children[0])
        op = (lambda a, b: a | b) if node.kind == "all" else (lambda a, b: a & b)
        return reduce(op, [unmet(c) for c in node.children])

    return met(root), unmet(root)


def _ruleset(network: Network) -> _Ruleset:
    with _LOCK:  # registering a ruleset touches durable's global state too
        found: _Ruleset = program_for(network).derived("durable-rules", _Ruleset)
    return found


def evaluate_answers(network: Network, profile: Profile, as_of: dt.date, *,
                     levels: Iterable[Level | str] | Level | str | None = None,
                     assume_posts_from_certificate: bool = False) -> tuple[LevelAnswer, ...]:
    """The answer of ``network`` for ``profile`` on ``as_of``, decided by durable-rules.

    Same arguments and results as :func:`baji.evaluate_answers` (whose answers these
    equal), except that ``earliest`` is always ``None``.

    Raises:
        EvaluationError: ``levels`` names a level the pack does not rule on, or
            ``as_of`` is not a date (BAJI302).
    """
    if type(as_of) is not dt.date:  # a datetime, a text or a mistake: read as the API does
        as_of = as_of_date(as_of, default_today=False)
    program = program_for(network)
    chosen = program.select(levels)
    if not program.in_force(as_of):
        return tuple(lp.not_in_force for lp in chosen)
    rules = _ruleset(network)
    fact: dict[str, Any] = rules.leaves(profile, as_of, assume_posts_from_certificate)
    with _LOCK:
        _fired.clear()
        fact["sid"] = "0"
        try:
            _durable.assert_fact(rules.name, fact)
        except MessageNotHandledException:
            pass  # no rule fired: every rule is unknown
        try:
            _durable.retract_fact(rules.name, fact)  # keep no state between calls
        except MessageNotHandledException:
            pass
        fired = dict(_fired)
    index = {lp.level: n for n, lp in enumerate(program.levels)}
    return tuple(_answer(lp, index[lp.level], fired) for lp in chosen)


def _answer(lp: LevelProgram, n: int, fired: dict[tuple[int, int], int]) -> LevelAnswer:
    count = len(lp.rules)
    key = 0
    for j in range(count):  # the rules' values in base 3, first rule most significant
        key = key * 3 + fired.get((n, j), 1)
    return lp.table[key].answer
