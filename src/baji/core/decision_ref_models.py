"""The shape of a decision written by reference to its pack, as models: for its published
JSON Schema (``schemas/decision-ref.schema.json``, the service's ``DecisionByReference``)
and to check what :func:`baji.core.decision_refs.write_reference` writes.

A text of the pack (a clause, a title, a note, a level's message) is its key, a string;
anything the pack does not have is written in full, as in :class:`~baji.core.decision.Decision`.
Reading it back needs the pack (:func:`baji.load_decision`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from baji.core.decision import Citation, Message, Met, Path, Status, Trace
from baji.core.levels import Level

#: A clause id of the pack, or a citation in full.
CitationRef = str | Citation
#: A key of one of the pack's texts (``rule:ID``, ``level:LEVEL`` ...), or a text in full.
TextRef = str | Message


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TraceRef(_Shape):
    """A trace whose texts are its pack node's: the node id and the candidate's values."""

    node: str
    actual: str
    met: bool | None
    becomes_met: dt.date | None = None
    facts: tuple[str, ...] | None = None


#: A path's unmet or unknown condition: the node id of its entry in the decision's
#: trace, a trace by reference, or a trace in full.
ConditionRef = str | TraceRef | Trace


class PathResultRef(_Shape):
    """A path rule of a level, evaluated; ``title`` left out is the rule's own."""

    rule: str
    path: Path
    title: TextRef | None = None
    result: Met
    citations: tuple[CitationRef, ...] = ()
    unmet: tuple[ConditionRef, ...] = ()
    unknown: tuple[ConditionRef, ...] = ()
    met: tuple[str, ...] = ()
    earliest: dt.date | None = None
    defaults_only: bool = False
    reading: int | None = None


class PriorityFlagRef(_Shape):
    """A 优先考虑 item; ``title`` left out is the item's own."""

    id: str
    title: TextRef | None = None
    result: Met
    citations: tuple[CitationRef, ...] = ()


class LevelDecisionRef(_Shape):
    """The answer for one level; ``level_zh`` left out is the level's Chinese name."""

    level: Level
    level_zh: str | None = None
    status: Status
    path: Path | None = None
    rule: str | None = None
    paths: tuple[Path, ...] = ()
    citations: tuple[CitationRef, ...] = ()
    results: tuple[PathResultRef, ...] = ()
    missing: tuple[str, ...] = ()
    earliest: dt.date | None = None
    priority: tuple[PriorityFlagRef, ...] = ()
    coverage: Literal["full", "partial"] = "full"
    notes: tuple[TextRef, ...] = ()
    message: TextRef


class DecisionByReference(_Shape):
    """A decision with its pack's texts by reference (``baji.dump_decision``)."""

    pack: str
    pack_texts: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]
    jurisdiction: str
    document: str
    as_of: dt.date
    window_from: dt.date
    window_until: dt.date | None
    in_force: bool
    profile_id: str | None = None
    levels: tuple[LevelDecisionRef, ...]
    trace: tuple[TraceRef | Trace, ...] = ()
    assumptions: tuple[Message, ...] = ()
