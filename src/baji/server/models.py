"""The JSON shapes of the service's own answers (decisions, diffs and schemas are the
library's models; see :mod:`baji.server.openapi`).

Frozen pydantic models built from the library's objects by the ``of`` functions; their
JSON Schemas are the components of the OpenAPI document.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from baji.core.decision import Citation, Message, Path, Status
from baji.core.levels import Level
from baji.engine import answers as engine
from baji.engine.decision_json import pack_texts
from baji.pack.network import Network
from baji.render.graph import to_mermaid


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class Window(_Out):
    """A window in force, both days inclusive; ``until`` ``null`` while open."""

    from_: dt.date = Field(alias="from")
    until: dt.date | None


class PackSummary(_Out):
    """One version of a jurisdiction's policy.

    Attributes:
        id: the pack id (``shanghai-2026``).
        jurisdiction: its jurisdiction (``shanghai``).
        title: its title in Chinese and English.
        document: the document number of the policy.
        window: its window in force (cut short by a later version that repeals it).
        in_force: whether it is in force on the date asked about.
        levels: the levels it rules on.
    """

    id: str
    jurisdiction: str
    title: Message
    document: str
    window: Window
    in_force: bool
    levels: tuple[Level, ...]


class PackList(_Out):
    """The packs served, and the version of each jurisdiction in force on ``as_of``
    (``null`` where none is)."""

    as_of: dt.date
    packs: tuple[PackSummary, ...]
    in_force: dict[str, str | None]


class Document(_Out):
    """A source document the pack cites."""

    id: str
    number: str | None
    title: str
    issuers: tuple[str, ...]
    signed: dt.date | None


class Coverage(_Out):
    """How the pack covers a level (``full`` or ``partial``), with the clauses it cites."""

    level: Level
    coverage: Literal["full", "partial"]
    note: Message | None
    cite: tuple[str, ...]


class Reading(_Out):
    """The pack's reading of one open point of the texts (docs/semantics.md)."""

    point: int
    applies: bool
    text: Message
    cite: tuple[str, ...]
    rules: tuple[str, ...]


class Rule(_Out):
    """A rule: a path to one or more levels, or a ``part`` other rules build on."""

    id: str
    levels: tuple[Level, ...]
    path: Literal["direct", "regular", "exceptional", "part"]
    title: Message
    cite: tuple[str, ...]


class Priority(_Out):
    """A priority (优先考虑) item: reported when met, never deciding."""

    id: str
    level: Level
    title: Message
    cite: tuple[str, ...]


class NetworkPicture(_Out):
    """The compiled network: its size, and its picture as Mermaid text
    (``baji graph PACK``)."""

    nodes: int
    rules: int
    mermaid: str


class PackDetail(PackSummary):
    """One pack: its metadata, the clauses it quotes, its readings, its rules and the
    picture of its network."""

    repeals: tuple[str, ...]
    documents: tuple[Document, ...]
    coverage: tuple[Coverage, ...]
    clauses: tuple[Citation, ...]
    readings: tuple[Reading, ...]
    rules: tuple[Rule, ...]
    priority: tuple[Priority, ...]
    network: NetworkPicture


class LevelAnswer(_Out):
    """The answer for one level, without trace or citations
    (:class:`baji.LevelAnswer`)."""

    level: Level
    status: Status
    path: Path | None
    paths: tuple[Path, ...]
    earliest: dt.date | None


class Answers(_Out):
    """The answer alone (``answers_only=true``): per level status, path, paths and
    earliest date."""

    pack: str
    as_of: dt.date
    profile_id: str | None
    levels: tuple[LevelAnswer, ...]


class Health(_Out):
    """The service is up: its version and the number of packs it serves."""

    status: Literal["ok"]
    version: str
    packs: int


class SchemaNames(_Out):
    """The names of the JSON Schemas served at ``/v1/schemas/{name}``."""

    schemas: tuple[str, ...]


class NodeText(_Out):
    """What a condition of the pack says, named in a decision by its node id (``n12``)."""

    kind: str
    required: Message
    strength: Literal["required", "default"]
    cite: tuple[str, ...]
    facts: tuple[str, ...]
    note: Message | None


class PackTexts(_Out):
    """The texts a decision written by reference to this pack names by id: what a
    client reads them from (docs/decisions.md), once per ``pack_texts`` digest."""

    pack: str
    pack_texts: str
    clauses: dict[str, Citation]
    nodes: dict[str, NodeText]
    messages: dict[str, Message]


def texts_of(net: Network) -> PackTexts:
    """The texts of ``net`` that its decisions by reference name."""
    found = pack_texts(net)
    return PackTexts(
        pack=found.pack, pack_texts=found.digest, clauses=dict(found.clauses),
        nodes={key: NodeText(kind=n.kind, required=n.required, strength=n.strength,
                             cite=n.cite, facts=n.facts, note=n.note)
               for key, n in found.nodes.items()},
        messages=dict(found.messages))


def summary_of(net: Network, day: dt.date) -> PackSummary:
    """The summary of ``net``, in force or not on ``day``."""
    return PackSummary(id=net.id, jurisdiction=net.jurisdiction, title=net.title,
                       document=net.document,
                       window=Window(from_=net.window.from_, until=net.window.until),
                       in_force=net.in_force(day),
                       levels=tuple(info.level for info in net.levels))


def detail_of(net: Network, day: dt.date, lang: str) -> PackDetail:
    """Everything the service tells about ``net``; the picture's labels in ``lang``."""
    src = net.source
    rules = tuple(Rule(id=r.id, levels=r.target_levels(), path=r.path,
                          title=Message(zh=r.title.zh, en=r.title.en), cite=r.cite)
                  for r in src.rules)
    return PackDetail(
        **summary_of(net, day).model_dump(),
        repeals=net.repeals,
        documents=tuple(Document(id=d.id, number=d.number, title=d.title,
                                    issuers=d.issuers, signed=d.signed)
                        for d in src.documents),
        coverage=tuple(Coverage(level=info.level, coverage=info.coverage,
                                note=info.note, cite=info.cite) for info in net.levels),
        clauses=tuple(net.citations.values()),
        readings=tuple(Reading(point=r.point, applies=r.applies,
                                  text=Message(zh=r.text.zh, en=r.text.en), cite=r.cite,
                                  rules=r.rules) for r in src.readings),
        rules=rules,
        priority=tuple(Priority(id=p.id, level=p.level,
                                   title=Message(zh=p.title.zh, en=p.title.en), cite=p.cite)
                       for p in src.priority),
        network=NetworkPicture(nodes=len(net.nodes), rules=len(net.rules),
                               mermaid=to_mermaid(net, "en" if lang == "en" else "zh")))


def answers_of(pack: str, day: dt.date, profile_id: str | None,
               levels: tuple[engine.LevelAnswer, ...]) -> Answers:
    """The answers of one pack for one profile."""
    return Answers(pack=pack, as_of=day, profile_id=profile_id, levels=tuple(
        LevelAnswer(level=a.level, status=a.status, path=a.path, paths=a.paths,
                       earliest=a.earliest) for a in levels))
