"""What a rule needs: the strategies walk a pack's network, choose one branch of each
``any``, and ask each leaf's operator (:meth:`~baji.operators.base.Operator.want`) what a
profile must give; also the boundary targets (tenure conditions of path rules)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from baji.core.levels import Level, parse_level
from baji.operators.tenure import TenureOp
from baji.operators.witness import Needs, Unsatisfiable
from baji.pack.bundled import get_pack
from baji.pack.network import Network

#: A pack: a bundled pack id (``"shanghai-2026"``), a pack file path, or a compiled network.
PackRef = str | Network
#: A level: :class:`~baji.Level`, its id or its Chinese name.
LevelRef = Level | str
Chooser = Callable[[Sequence[Any]], Any]


def first_option(options: Sequence[Any]) -> Any:
    """The first of ``options`` (the deterministic chooser)."""
    return options[0]


# -- walking the network -------------------------------------------------------------------
def pack_network(pack: PackRef) -> Network:
    return get_pack(pack)


def level_of(level: LevelRef) -> Level:
    if isinstance(level, Level):
        return level
    found = parse_level(level)
    if found is None:
        raise ValueError(f"unknown level {level!r}")
    return found


def pack_levels(net: Network) -> tuple[Level, ...]:
    return tuple(info.level for info in net.levels)


_SUBTREES: dict[int, tuple[Network, tuple[frozenset[int], ...]]] = {}


def reaches(net: Network, index: int) -> frozenset[int]:
    """Every node in the subtree of ``index`` (itself included)."""
    entry = _SUBTREES.get(id(net))
    if entry is None or entry[0] is not net:
        if len(_SUBTREES) > 64:
            _SUBTREES.clear()
        subtrees: list[frozenset[int]] = []
        for node in net.nodes:  # children always have smaller indexes
            below = {node.index}
            for child in node.children:
                below |= subtrees[child]
            subtrees.append(frozenset(below))
        entry = (net, tuple(subtrees))
        _SUBTREES[id(net)] = entry
    return entry[1][index]


def _positive(net: Network, root: int, target: int) -> bool:
    """Whether ``target`` is reached from ``root`` without crossing a ``not``."""
    if root == target:
        return True
    node = net.nodes[root]
    if node.kind == "not":
        return False
    return any(_positive(net, c, target) for c in node.children)


@dataclass(frozen=True)
class BoundaryTarget:
    """One tenure condition of one path rule, for one level the rule decides.

    Attributes:
        pack: the pack id.
        level: the level decided.
        rule: the path rule id.
        node: the index of the ``tenure`` node in :attr:`baji.Network.nodes`.
        grade: the grade whose posts are counted.
        years: the years required.
    """

    pack: str
    level: Level
    rule: str
    node: int
    grade: Level
    years: int

    def __str__(self) -> str:
        return f"{self.pack}:{self.level.value}:{self.rule}:n{self.node}"


def boundary_targets(pack: PackRef, level: LevelRef | None = None
                     ) -> tuple[BoundaryTarget, ...]:
    """Every tenure condition of every path rule of ``pack`` (of ``level`` when given)
    that the rule needs met (not under a ``not``), in network order.

    >>> [(t.rule, t.grade.value, t.years) for t in boundary_targets("tianjin-2024")]
    [('tj.special.regular', 'senior_technician', 5), ('tj.chief.regular', 'senior_technician', 5)]
    """
    net = pack_network(pack)
    wanted = level_of(level) if level is not None else None
    out: list[BoundaryTarget] = []
    for lv in pack_levels(net):
        if wanted is not None and lv is not wanted:
            continue
        for rule in net.rules_for(lv):
            for index in sorted(reaches(net, rule.root)):
                node = net.nodes[index]
                op = node.op
                if isinstance(op, TenureOp) and _positive(net, rule.root, index):
                    out.append(BoundaryTarget(net.id, lv, rule.id, index, op.grade, op.years))
    return tuple(out)


class _Builder:
    """Walks a condition tree and records what a profile needs to give ``want``."""

    def __init__(self, net: Network, choose: Chooser, target: int | None = None) -> None:
        self.net = net
        self.choose = choose
        self.target = target
        self.needs = Needs()
        self.done: dict[int, bool] = {}

    def _on_target_path(self, index: int) -> bool:
        return self.target is not None and self.target in reaches(self.net, index)

    def want(self, index: int, value: bool) -> None:
        if self.done.get(index) == value:
            return
        if index in self.done:
            raise Unsatisfiable(f"node n{index} must be both met and unmet")
        self.done[index] = value
        node = self.net.nodes[index]
        kind = node.kind
        if kind == "rule":
            self.want(node.children[0], value)
        elif kind == "not":
            if self._on_target_path(index):
                raise Unsatisfiable("the boundary tenure sits under a `not`")
            self.want(node.children[0], not value)
        elif kind == "all" and value or kind == "any" and not value:
            for child in node.children:
                self.want(child, value)
        elif kind in ("all", "any"):
            options = list(node.children)
            if kind == "any":  # value True: one branch, through the target if it is below
                if self._on_target_path(index):
                    options = [c for c in options if self._on_target_path(c)]
            else:  # all, value False: break one part, never the target's
                options = [c for c in options if not self._on_target_path(c)]
                if not options:
                    raise Unsatisfiable("cannot break this condition without the target")
            self.want(self.choose(options), value)
        else:
            if value:
                self.needs.leaves.append(index)
            self._leaf(index, value)

    def pick(self, options: Sequence[str], excluded: set[str], what: str) -> str:
        left = [o for o in options if o not in excluded]
        if not left:
            raise Unsatisfiable(f"every {what} of the condition is excluded")
        return str(self.choose(left))

    def _leaf(self, index: int, value: bool) -> None:
        self.net.nodes[index].leaf.want(self.needs, value, self, index == self.target)


def needs_for(net: Network, root: int, choose: Chooser, target: int | None = None,
              ) -> Needs:
    builder = _Builder(net, choose, target)
    builder.want(root, True)
    builder.needs.check()
    return builder.needs
