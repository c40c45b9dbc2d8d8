"""The rule-pack file model: what a ``rules/<id>.yaml`` file may contain.

These models check the shape of a pack (types, required fields, unknown keys); the
compiler (:mod:`baji.pack.compile`) then resolves every name and builds the network.
docs/pack-format.md describes the format for authors.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, model_validator

from baji.core.labels import EmployerFact, Fact, Filing, ScopeAtLeast
from baji.core.levels import Level, parse_level
from baji.core.models import StrictModel
from baji.io.pydantic_problems import invalid
from baji.operators import LEAVES
from baji.operators.award import AwardCond
from baji.operators.base import Id
from baji.operators.employer_years import EmployerYears
from baji.operators.no_ban import NoBan
from baji.operators.tenure import Tenure
from baji.operators.title import TitleCond
from baji.profile.model import IsoDate, LevelName

PathKind = Literal["direct", "regular", "exceptional", "part"]
#: The scope names as the pack format has always spelled them.
Scope = ScopeAtLeast


class _Model(StrictModel):
    """Strict, frozen, unknown fields rejected."""


class Text(_Model):
    """A text in Chinese and English."""

    zh: str
    en: str


class NodeNote(Text):
    """A note a decision carries at a level when the condition it is written on has the
    value ``on`` there (``met`` or ``unmet``): a reading of the text made visible to the
    candidate, e.g. that 「经人社部备案」 is read as the ministry."""

    on: Literal["met", "unmet"] = "met"


class Window(_Model):
    """A window in force: ``from`` and ``until`` inclusive; ``until: null`` is open."""

    from_: IsoDate = Field(alias="from")
    until: IsoDate | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.until is not None and self.until < self.from_:
            raise invalid("BAJI134", at=("until",), until=str(self.until),
                          start=str(self.from_))
        return self

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` is inside the window."""
        return self.from_ <= day and (self.until is None or day <= self.until)


class Document(_Model):
    """A source document cited by the pack."""

    id: Id
    number: str | None
    title: str
    issuers: tuple[str, ...] = ()
    signed: IsoDate | None = None
    in_force: Window | None = None
    source: str


class Clause(_Model):
    """A clause: its reference and its verbatim text."""

    id: Id
    document: Id
    ref: str
    text: str = Field(min_length=1)


class LevelSpec(_Model):
    """How the pack covers a level."""

    coverage: Literal["full", "partial"] = "full"
    note: Text | None = None
    cite: tuple[Id, ...] = ()


class SetSpec(_Model):
    """A named set of vocabulary items."""

    kind: Literal["honour", "award", "title", "contribution"]
    items: tuple[Id, ...] = Field(min_length=1)
    cite: tuple[Id, ...] = ()
    closed: bool = True
    note: Text | None = None


class Reading(_Model):
    """The pack's reading of one point of READINGS.md."""

    point: int = Field(ge=1, le=14)
    applies: bool = True
    text: Text
    cite: tuple[Id, ...] = ()
    rules: tuple[Id, ...] = ()


#: Every operator key: the composites, then the leaves of the registry.
OPERATORS: tuple[str, ...] = ("all", "any", "not", "rule", *LEAVES)


class Condition(_Model):
    """One node of a condition tree: exactly one operator, plus cite/strength/note."""

    all: tuple[Condition, ...] | None = Field(default=None, min_length=1)
    any: tuple[Condition, ...] | None = Field(default=None, min_length=1)
    not_: Condition | None = Field(default=None, alias="not")
    rule: Id | None = None
    grade: LevelName | None = None
    tenure: Tenure | None = None
    occupation: LevelName | None = None
    fact: Fact | None = None
    attested: Id | None = None
    honour: Id | tuple[Id, ...] | None = None
    award: AwardCond | None = None
    title: TitleCond | None = None
    contribution: Id | tuple[Id, ...] | None = None
    recommended: LevelName | None = None
    employer: EmployerFact | None = None
    employer_filing: tuple[Filing, ...] | None = None
    employer_pilot: LevelName | None = None
    employer_years: EmployerYears | None = None
    no_ban: NoBan | None = None
    not_restricted: Literal["evaluation_violation"] | None = None
    cite: tuple[Id, ...] = ()
    strength: Literal["required", "default"] = "required"
    note: Text | None = None
    #: Carried by the decision of every level reading this condition, when the
    #: condition has the value ``on`` (docs/pack-format.md, "Notes in decisions").
    decision_note: NodeNote | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        given = [op for op in OPERATORS if getattr(self, "not_" if op == "not" else op)
                 is not None]
        if len(given) != 1:
            raise invalid("BAJI135", given=tuple(repr(g) for g in given) or ("none",),
                          operators=OPERATORS)
        return self

    @cached_property
    def operator(self) -> str:
        """The operator key of this node (found once: the compiler and the checks ask
        often)."""
        for op in OPERATORS:
            if getattr(self, "not_" if op == "not" else op) is not None:
                return op
        raise AssertionError("validated condition without operator")  # pragma: no cover


class Rule(_Model):
    """A rule: a path to a level (or a ``part`` other rules build on)."""

    id: Id
    level: LevelName | None = None
    levels: tuple[LevelName, ...] | None = None
    path: PathKind
    title: Text
    cite: tuple[Id, ...] = Field(min_length=1)
    reading: int | None = Field(default=None, ge=1, le=14)
    note: Text | None = None
    #: A note every decision carries at a level where this rule is open (e.g. that the
    #: employer, not the rule, sets the level); ``note`` is for the pack's readers only.
    decision_note: Text | None = None
    when: Condition

    @model_validator(mode="after")
    def _levels(self) -> Rule:
        if self.level is not None and self.levels is not None:
            raise invalid("BAJI137")
        if self.path != "part" and self.level is None and not self.levels:
            raise invalid("BAJI138", kind=self.path)
        return self

    def target_levels(self) -> tuple[Level, ...]:
        """The levels this rule decides (empty for parts)."""
        if self.level is not None:
            return (self.level,)
        return tuple(self.levels or ())


class PriorityItem(_Model):
    """A 优先考虑 item: reported when met, never deciding."""

    id: Id
    level: LevelName
    title: Text
    cite: tuple[Id, ...] = Field(min_length=1)
    when: Condition


class PackFile(_Model):
    """A rule-pack file. See docs/pack-format.md."""

    pack: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")]
    jurisdiction: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")]
    title: Text
    in_force: Window
    repeals: tuple[str, ...] = ()
    documents: tuple[Document, ...] = Field(min_length=1)
    clauses: tuple[Clause, ...] = Field(min_length=1)
    levels: dict[LevelName, LevelSpec] = Field(min_length=1)
    sets: dict[Id, SetSpec] = Field(default_factory=dict)
    readings: tuple[Reading, ...] = ()
    rules: tuple[Rule, ...] = Field(min_length=1)
    priority: tuple[PriorityItem, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _levels_once(cls, data: object) -> object:
        """Two keys of ``levels`` naming one level (``special_technician`` and 特级技师)
        would be merged into one silently: refuse them."""
        levels = data.get("levels") if isinstance(data, dict) else None
        if isinstance(levels, dict):
            seen: dict[Level, str] = {}
            for key in levels:
                level = parse_level(key) if isinstance(key, str) else None
                if level is None:
                    continue
                if level in seen:
                    raise invalid("BAJI153", at=("levels", key), level=level.value,
                                  first=seen[level], second=key)
                seen[level] = key
        return data
