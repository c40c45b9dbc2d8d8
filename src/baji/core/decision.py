"""What an evaluation answers: a :class:`Decision` per candidate and pack.

Frozen classes that round-trip through JSON
(``Decision.model_validate_json(d.model_dump_json()) == d``): :class:`Message` and
:class:`Citation`, which packs hold too, are pydantic models; what the evaluator builds
per candidate (:class:`Trace`, :class:`PathResult`, :class:`PriorityFlag`,
:class:`LevelDecision`, :class:`Decision`) are dataclasses of baji's own, serialised and
validated by pydantic (:mod:`baji.core.results`). Messages carry both Chinese and
English; :func:`baji.render.text.render_table` picks one by ``lang``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from baji.core.levels import Level
from baji.core.results import Result, lazy_fields

#: ``not_covered``: no encoded route to the level is open and the pack encodes only some
#: of its routes (``coverage: partial``): not a refusal (docs/semantics.md, "Coverage").
Status = Literal["eligible", "ineligible", "undetermined", "not_covered", "not_in_force"]
Path = Literal["direct", "regular", "exceptional"]
Met = Literal["met", "unmet", "unknown"]

#: The product order of paths (READINGS: direct, then regular, then exceptional).
PATH_ORDER: tuple[Path, ...] = ("direct", "regular", "exceptional")


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Message(_Frozen):
    """A text in Chinese and English."""

    zh: str
    en: str

    def in_(self, lang: str) -> str:
        """The text in ``lang`` (``zh`` or ``en``)."""
        return self.zh if lang == "zh" else self.en


class Citation(_Frozen):
    """A clause of the law: document number (or title), clause reference, quoted text."""

    clause: str
    document: str
    ref: str
    text: str


@dataclasses.dataclass(frozen=True, init=False, kw_only=True)
class Trace(Result):
    """One leaf condition as evaluated: what was required, what was found, and why.

    ``becomes_met`` is the date from which the condition is met on every later day if
    nothing else changes, when that is after the evaluation date: for an unmet condition
    the day time meets it, for a met one the day after a ban or restriction that a
    finding dated later will start (docs/semantics.md, "Earliest date").

    ``source`` says where the pack writes the condition, as ``file:line:col`` (every
    place, when the pack writes the same condition several times), for an editor to
    jump to; the clause of the law it rests on is in ``cite``.
    """

    node: str
    kind: str
    required: Message
    actual: str
    met: bool | None
    strength: Literal["required", "default"] = "required"
    cite: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    becomes_met: dt.date | None = None
    note: Message | None = None
    source: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, init=False, kw_only=True)
class PathResult(Result):
    """One path rule of a level, evaluated.

    ``unmet`` and ``unknown`` are the conditions that keep the rule from being met;
    ``met`` names (by :attr:`Trace.node`, their entries in :attr:`Decision.trace`) the
    conditions it meets: the met leaves reached from the rule through met conditions,
    in the pack's order (a met alternative of a met 「或」 is listed, an unmet one is not).
    """

    rule: str
    path: Path
    title: Message
    result: Met
    citations: tuple[Citation, ...]
    unmet: tuple[Trace, ...] = ()
    unknown: tuple[Trace, ...] = ()
    met: tuple[str, ...] = ()
    earliest: dt.date | None = None
    defaults_only: bool = False
    reading: int | None = None


@dataclasses.dataclass(frozen=True, init=False, kw_only=True)
class PriorityFlag(Result):
    """A 优先考虑 item and whether the candidate meets it (never changes the status)."""

    id: str
    title: Message
    result: Met
    citations: tuple[Citation, ...]


@lazy_fields
@dataclasses.dataclass(frozen=True, init=False, kw_only=True)
class LevelDecision(Result):
    """The answer for one level."""

    level: Level
    level_zh: str
    status: Status
    path: Path | None = None
    rule: str | None = None
    paths: tuple[Path, ...] = ()
    citations: tuple[Citation, ...] = ()
    results: tuple[PathResult, ...] = ()
    missing: tuple[str, ...] = ()
    earliest: dt.date | None = None
    priority: tuple[PriorityFlag, ...] = ()
    coverage: Literal["full", "partial"] = "full"
    notes: tuple[Message, ...] = ()
    message: Message

    LAZY = frozenset({"citations", "results", "missing", "priority", "notes", "message",
                      "earliest"})


@lazy_fields
@dataclasses.dataclass(frozen=True, init=False, kw_only=True)
class Decision(Result):
    """The answer of one pack for one candidate on one date."""

    pack: str
    jurisdiction: str
    document: str
    as_of: dt.date
    window_from: dt.date
    window_until: dt.date | None
    in_force: bool
    profile_id: str | None = None
    levels: tuple[LevelDecision, ...]
    trace: tuple[Trace, ...] = ()
    assumptions: tuple[Message, ...] = ()

    LAZY = frozenset({"trace", "assumptions"})

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler
                                     ) -> CoreSchema:
        return core_schema.no_info_before_validator_function(_not_by_reference,
                                                             handler(source))

    def level(self, level: Level | str) -> LevelDecision:
        """The decision for ``level`` (id, Chinese name or :class:`Level`).

        Raises:
            KeyError: the pack does not rule on that level.
        """
        from baji.core.levels import parse_level

        wanted = level if isinstance(level, Level) else parse_level(level)
        for item in self.levels:
            if item.level is wanted:
                return item
        raise KeyError(f"pack {self.pack!r} does not rule on level {level!r}")

    def explain(self, lang: Literal["zh", "en"] = "zh") -> str:
        """The decision as a clerk reads it, as plain text: per level the outcome in
        words, the path, each condition met, unmet or unknown by its label (never a field
        path), the clauses quoted with their document number, the earliest date and
        what would settle an undetermined answer. ``baji eval --format sheet`` prints
        the same as an HTML page.

        Raises:
            ValueError: ``lang`` is neither ``zh`` nor ``en``.
        """
        from baji.core.explain import explain_text

        return explain_text(self, lang)


def _not_by_reference(data: Any) -> Any:
    # A decision written by reference to its pack (baji.dump_decision) lacks the texts:
    # say how to read it instead of listing every missing field.
    if isinstance(data, dict) and "pack_texts" in data:
        raise ValueError(
            f"this decision was written with the texts of pack {data.get('pack')!r} by "
            f"reference ({data['pack_texts']}): read it with baji.load_decision(text, "
            "pack), or write it with inline texts (--inline-texts, inline=True)")
    return data
