"""Conditions that can never be met: two conjuncts of one ``all`` that exclude each other.

The check is sound: it reports only pairs that no profile on any date can meet together,
so a report is always a mistake in the pack (typically a threshold copied the wrong way
round). It is not complete: it knows the following cases and no others.

Within one ``all`` that the rule needs met (not under a ``not``), taking as conjuncts the
children of the ``all``, of ``all`` nodes nested in it, of the rules it builds on
(``rule:``), and, under ``not``, each alternative of an ``any`` (De Morgan). Each leaf's
operator gives the canonical form of its operand and says which pairs exclude each other
(:meth:`~baji.operators.base.Operator.atom`, ``excludes``, ``clashes``); today:

- a condition and its own negation (``fact: X`` with ``not: {fact: X}``; ``grade: X`` with
  ``not: {grade: X}``; any leaf with the same parameters);
- ``tenure: {grade: G, years: a}`` with ``not: {tenure: {grade: G, years: b}}`` where
  ``b <= a`` (a years in post include b years); likewise ``employer_years``;
- ``honour`` (or ``contribution``) in a set S1 with ``not`` of one in a set S2 that holds
  every item of S1 (sets resolved to their items);
- two ``employer_filing`` conditions whose lists share no filing (an employer has one
  filing), or ``employer_filing`` S1 with ``not`` of ``employer_filing`` S2 ⊇ S1.

Conditions marked ``strength: default`` (原则上) are left out: an employer may depart
from them, so the pair may be meant. A pair that reaches one ``all`` through the same
child is reported where that child is checked, once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from baji.io.yaml_reader import Key
from baji.operators import LEAVES
from baji.pack.model import Condition, PackFile

_MAX_DEPTH = 64  # as the compiler's MAX_CONDITION_DEPTH


@dataclass(frozen=True)
class Atom:
    """A leaf condition known to hold (``positive``) or to fail in a conjunction."""

    op: str
    params: tuple[object, ...]
    positive: bool
    via: int
    text: str


@dataclass(frozen=True)
class Contradiction:
    """Two conjuncts that exclude each other, and where to report them."""

    key: Key
    first: str
    second: str


def contradictions(pack: PackFile) -> list[Contradiction]:
    """Every ``all`` of ``pack`` whose conjuncts exclude each other (see the module doc)."""
    finder = _Finder(pack)
    for i, rule in enumerate(pack.rules):
        finder.walk(rule.when, ("rules", i, "when"), True)
    for i, item in enumerate(pack.priority):
        finder.walk(item.when, ("priority", i, "when"), True)
    return finder.found


class _Finder:
    def __init__(self, pack: PackFile) -> None:
        self.pack = pack
        self.rules = {r.id: (i, r) for i, r in enumerate(pack.rules)}
        self.sets = {sid: spec.items for sid, spec in pack.sets.items()}
        self.found: list[Contradiction] = []

    def walk(self, cond: Condition, key: Key, positive: bool) -> None:
        """Visit every condition node; check each ``all`` the rule needs met."""
        op = cond.operator
        if op in ("all", "any"):
            children: tuple[Condition, ...] = getattr(cond, op)
            if op == "all" and positive:
                self.check(children, key + ("all",))
            for j, child in enumerate(children):
                self.walk(child, key + (op, j), positive)
        elif op == "not" and cond.not_ is not None:
            self.walk(cond.not_, key + ("not",), not positive)

    def check(self, children: tuple[Condition, ...], key: Key) -> None:
        atoms = [a for j, c in enumerate(children) for a in self.conjuncts(c, True, j, set())]
        seen: set[tuple[int, int]] = set()
        for a in atoms:
            for b in atoms:
                if a.via < b.via and (a.via, b.via) not in seen and _exclude(a, b):
                    seen.add((a.via, b.via))
                    self.found.append(Contradiction(key + (b.via,), a.text, b.text))

    def conjuncts(self, cond: Condition, positive: bool, via: int,
                  rules: set[str], depth: int = 0) -> Iterator[Atom]:
        """The leaves that must hold (or fail, when not ``positive``) for ``cond`` to be
        met (or unmet). Stops at the compiler's depth bound (fewer atoms, never a
        false alarm)."""
        if cond.strength == "default" or depth > _MAX_DEPTH:
            return
        depth += 1
        op = cond.operator
        if op == ("all" if positive else "any"):
            for child in getattr(cond, op):
                yield from self.conjuncts(child, positive, via, rules, depth)
        elif op == "not" and cond.not_ is not None:
            yield from self.conjuncts(cond.not_, not positive, via, rules, depth)
        elif op == "rule" and cond.rule in self.rules and cond.rule not in rules:
            _, rule = self.rules[cond.rule]
            yield from self.conjuncts(rule.when, positive, via, rules | {cond.rule}, depth)
        elif op not in ("all", "any", "rule", "not"):
            value = getattr(cond, op)
            params = LEAVES[op].atom(value, self.sets)
            shown = f"{op}: {_plain(value)}"
            yield Atom(op, params, positive, via, shown if positive else f"not {shown}")


def _exclude(a: Atom, b: Atom) -> bool:
    if a.op != b.op:
        return False
    if a.positive != b.positive:
        pos, neg = (a, b) if a.positive else (b, a)
        return pos.params == neg.params or LEAVES[a.op].excludes(pos.params, neg.params)
    return a.positive and LEAVES[a.op].clashes(a.params, b.params)


def _plain(value: object) -> str:
    """A leaf's value as the pack author wrote it, roughly: ``{grade: x, years: 5}``."""
    if isinstance(value, BaseModel):
        dumped = value.model_dump(by_alias=True, exclude_defaults=True)
        return "{" + ", ".join(f"{k}: {_plain(v)}" for k, v in dumped.items()) + "}"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if hasattr(value, "value"):  # an enum (Level)
        return str(value.value)
    return str(value)
