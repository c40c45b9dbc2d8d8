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
from typing import Any, Literal

from baji.core.decision import Citation, Message
from baji.core.levels import Level
from baji.core.vocabulary import Vocab, default_vocab
from baji.operators import Operator
from baji.pack.model import PackFile, Window


@dataclass(frozen=True, slots=True)
class Composite:
    """A composite operator: ``all``, ``any``, ``not``, or ``rule`` (building on the rule
    ``rule``); its operands are the node's children."""

    kind: Literal["all", "any", "not", "rule"]
    rule: str | None = None

    @property
    def params(self) -> tuple[Any, ...]:
        """The rule built on, for ``rule``; nothing for the others."""
        return () if self.rule is None else (self.rule,)


@dataclass(frozen=True, slots=True)
class Node:
    """One condition of the network.

    Attributes:
        index: position in :attr:`Network.nodes`; children have smaller indexes.
        op: the operator: a leaf of :mod:`baji.operators` with its resolved operands,
            or a :class:`Composite`.
        children: indexes of child nodes (for ``all``/``any``/``not``/``rule``).
        cite: clause ids the condition rests on.
        strength: ``required`` or ``default`` (原则上).
        required: what it asks, in both languages.
        facts: the profile facts it reads (named when they are unknown).
        note: an explanation from the pack, if any (for the trace).
        time_bound: whether time alone can turn it from unmet to met.
        source: where the pack writes the condition, as ``file:line:col`` (every place,
            when one node serves identical conditions written several times); empty for
            a pack compiled without positions.
    """

    index: int
    op: Operator | Composite
    children: tuple[int, ...]
    cite: tuple[str, ...]
    strength: str
    required: Message
    facts: tuple[str, ...]
    note: Message | None = None
    name: str = ""
    source: tuple[str, ...] = field(default=(), compare=False)  # not part of its meaning
    #: A note for the decision of a level reading this node, and the value (2 met,
    #: 0 unmet) that makes the decision carry it.
    decision_note: Message | None = None
    note_on: int = 2

    @property
    def kind(self) -> str:
        """The operator's key (``all``, ``tenure``, ``honour`` ...)."""
        return self.op.kind

    @property
    def params(self) -> tuple[Any, ...]:
        """The resolved operands (ids, levels, years), hashable."""
        return self.op.params

    @property
    def leaf(self) -> Operator:
        """The leaf operator of a leaf node (AssertionError for a composite)."""
        op = self.op
        assert isinstance(op, Operator), f"node n{self.index} is not a leaf"
        return op


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
    #: Carried by every decision at a level where the rule is open.
    decision_note: Message | None = None


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
    #: The vocabulary the pack was compiled with; evaluation reads it too.
    vocab: Vocab = field(default_factory=default_vocab, repr=False, compare=False)

    def in_force(self, day: dt.date) -> bool:
        """Whether ``day`` is inside the pack's window in force."""
        return self.window.contains(day)

    def rules_for(self, level: Level) -> tuple[CompiledRule, ...]:
        """The path rules deciding ``level``."""
        return tuple(r for r in self.rules if level in r.levels and r.path != "part")

    def cite(self, ids: tuple[str, ...]) -> tuple[Citation, ...]:
        """The citations of clause ``ids``."""
        return tuple(self.citations[i] for i in ids)
