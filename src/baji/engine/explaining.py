"""Which conditions explain a rule's value, from the values of the nodes under it: the
leaves that keep it unmet or unknown, the met leaves it rests on, and the unknown leaves
that withhold an unmet path's date, and the store of each rule's explanations by those
values (used by :mod:`baji.engine.decide`)."""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from baji.core.decision import Citation, PathResult
from baji.engine.program import Program, reach

_NONE: frozenset[int] = frozenset()
#: How many explanations each rule keeps (see :class:`Explanations`).
EXPLANATIONS_KEPT = 4096


def explaining(index: int, values: list[int], children: tuple[tuple[int, ...], ...],
               kinds: tuple[str, ...], memo: dict[int, frozenset[int]]) -> frozenset[int]:
    """The leaves, unmet or unknown, that explain the value of node ``index``: under an
    unmet ``all`` its unmet children, under an unmet ``any`` every child, under an
    unknown node its unknown children, under a ``not`` its child. ``memo`` keeps them
    for the evaluation, as the rules of a level share conditions."""
    found = memo.get(index)
    if found is not None:
        return found
    value = values[index]
    kids = children[index]
    if not kids:
        found = _NONE if value == 2 else frozenset((index,))
    elif kinds[index] == "not":
        found = explaining(kids[0], values, children, kinds, memo)
    elif value == 2:
        found = _NONE
    else:
        every = value == 0 and kinds[index] == "any"
        picked = [explaining(c, values, children, kinds, memo)
                  for c in kids if every or values[c] == value]
        found = picked[0] if len(picked) == 1 else frozenset().union(*picked)
    memo[index] = found
    return found


def met_leaves(root: int, values: list[int], children: tuple[tuple[int, ...], ...],
               kinds: tuple[str, ...]) -> list[int]:
    """The met leaves under ``root`` reached through met conditions, depth first in the
    pack's order (``root`` itself is entered whatever its value: the met conditions of an
    unmet rule). A ``not`` is not entered: the leaf under it is unmet when it is met."""
    found: list[int] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        i = stack.pop()
        if i in seen:
            continue
        seen.add(i)
        kids = children[i]
        if not kids:
            if values[i] == 2:
                found.append(i)
            continue
        if kinds[i] == "not" or (i != root and values[i] != 2):
            continue
        stack.extend(reversed(kids))
    return found


def withholding(root: int, values: list[int], children: tuple[tuple[int, ...], ...]
                ) -> list[int]:
    """The unknown leaves under ``root`` reached through conditions not met, in index
    order: on an unmet path, those whose missing date withholds the path's date."""
    found: set[int] = set()
    seen: set[int] = set()
    stack = [root]
    while stack:
        i = stack.pop()
        if i in seen or values[i] == 2:
            continue
        seen.add(i)
        kids = children[i]
        if not kids:
            if values[i] == 1:
                found.add(i)
            continue
        stack.extend(kids)
    return sorted(found)


Picker = Callable[[list[Any]], tuple[Any, ...]]
#: A rule's citations, pickers of its unmet and its unknown leaves' traces, the node ids
#: of the met leaves under it, and its result when met (which depends on the values
#: alone: one shared by every decision), else ``None``.
Explanation = tuple[tuple[Citation, ...], Picker, Picker, tuple[str, ...], PathResult | None]


def pick_none(items: list[Any]) -> tuple[Any, ...]:
    """No item (the picker of an empty list of indexes)."""
    return ()


def picker(indexes: list[int]) -> Picker:
    """A function giving the items at ``indexes`` of a list, as a tuple."""
    if not indexes:
        return pick_none
    if len(indexes) == 1:
        only = indexes[0]
        return lambda items: (items[only],)
    found: Picker = itemgetter(*indexes)
    return found


class Explanations:
    """What explains a rule's value, by the values of the nodes under it: its citations
    when met, else the leaves that leave it unmet and those that leave it unknown.

    They depend on those values alone, and the same few combinations recur across a
    roster, so each is worked out once and kept (at most :data:`EXPLANATIONS_KEPT`; the
    store starts afresh when full, so memory stays bounded). Shared by every thread
    evaluating the network: a lookup or store is one dict operation, and two threads
    working out the same entry store equal values.
    """

    def __init__(self, program: Program, root: int) -> None:
        under = reach(program.nodes, [root])
        # itemgetter of one index gives the value itself, which serves as well as a key.
        self.key: Callable[[list[int]], object] = itemgetter(*under)
        self.known: dict[object, Explanation] = {}

    def keep(self, key: object, found: Explanation) -> None:
        """Keep ``found`` under ``key`` (the store starts afresh when full)."""
        known = self.known
        if len(known) >= EXPLANATIONS_KEPT:
            known.clear()
        known[key] = found
