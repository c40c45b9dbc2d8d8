"""The compiled network of a pack: immutable data, shared between threads.

Conditions become :class:`Node` objects; identical sub-conditions (same test, same
citations) are one node, so each is evaluated once per candidate. Rules point at their
root node; a rule that builds on another (``rule: special.basic``) holds a ``rule`` node
whose child is that rule's root.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from baji.core.decision import Citation, Message
from baji.core.levels import Level
from baji.pack.model import PackFile, Window


@dataclass(frozen=True, slots=True)
class Node:
    """One condition of the network.

    Attributes:
        index: position in :attr:`Network.nodes`; children have smaller indexes.
        kind: the operator (``all``, ``tenure``, ``honour`` ...).
        params: the resolved operands (ids, levels, years), hashable.
        children: indexes of child nodes (for ``all``/``any``/``not``/``rule``).
        cite: clause ids the condition rests on.
        strength: ``required`` or ``default`` (原则上).
        required: what it asks, in both languages.
        facts: the profile facts it reads (named when they are unknown).
        note: an explanation from the pack, if any.
        time_bound: whether time alone can turn it from unmet to met.
        source: where the pack writes the condition, as ``file:line:col`` (every place,
            when one node serves identical conditions written several times); empty for
            a pack compiled without positions.
    """

    index: int
    kind: str
    params: tuple[Any, ...]
    children: tuple[int, ...]
    cite: tuple[str, ...]
    strength: str
    required: Message
    facts: tuple[str, ...]
    note: Message | None = None
    name: str = ""
    source: tuple[str, ...] = field(default=(), compare=False)  # not part of its meaning


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule of the pack with its root node."""

    id: str
    levels: tuple[Level, ...]
    path: str
    title: Message
    cite: tuple[str, ...]
    root: int
    reading: int | None
    has_defaults: bool


@dataclass(frozen=True, slots=True)
class CompiledPriority:
    """A priority (优先考虑) item with its root node."""

    id: str
    level: Level
    title: Message
    cite: tuple[str, ...]
    root: int


@dataclass(frozen=True, slots=True)
class LevelInfo:
    """How the pack covers a level."""

    level: Level
    coverage: str
    note: Message | None
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Network:
    """A compiled pack. Build with :func:`baji.compile_pack`; evaluate with
    :func:`baji.evaluate`. Immutable and safe to share between threads."""

    id: str
    jurisdiction: str
    title: Message
    document: str
    window: Window
    repeals: tuple[str, ...]
    nodes: tuple[Node, ...]
    rules: tuple[CompiledRule, ...]
    priority: tuple[CompiledPriority, ...]
    levels: tuple[LevelInfo, ...]
    citations: MappingProxyType[str, Citation]
    source: PackFile = field(repr=False)
    path: str | None = None

    def in_force(self, day: dt.date) -> bool:
        """Whether ``day`` is inside the pack's window in force."""
        return self.window.contains(day)

    def rules_for(self, level: Level) -> tuple[CompiledRule, ...]:
        """The path rules deciding ``level``."""
        return tuple(r for r in self.rules if level in r.levels and r.path != "part")

    def cite(self, ids: tuple[str, ...]) -> tuple[Citation, ...]:
        """The citations of clause ``ids``."""
        return tuple(self.citations[i] for i in ids)
