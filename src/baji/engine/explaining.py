"""Which conditions explain a rule's value, from the values of the nodes under it: the
leaves that keep it unmet or unknown, the met leaves it rests on, and the unknown leaves
that withhold an unmet path's date (used by :mod:`baji.engine.decide`)."""

from __future__ import annotations

_NONE: frozenset[int] = frozenset()


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
