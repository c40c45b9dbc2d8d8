"""A :class:`~baji.core.decision.Decision` as JSON by reference to its pack.

Most of a full decision's JSON is the pack's own texts: the clauses it quotes, what each
condition requires, the notes on conditions, the titles of rules, repeated in the trace
and again in every path's unmet and unknown conditions. Written *by reference*, a
decision keeps only ids for them (clause ids, node ids ``n12``, rule and priority ids,
keys of the pack's notes) and the candidate's own values (what was found, met or not,
dates, missing facts), with the pack id and a digest of the pack's texts
(``pack_texts``), so that it is read back only with the pack it was written with:

- a :class:`~baji.core.decision.Citation` equal to the pack's clause is its clause id;
- a :class:`~baji.core.decision.Trace` whose texts are the pack's node's is
  ``{"node", "actual", "met"}`` (with ``becomes_met`` and ``facts`` when they are not
  the node's), and a path's unmet or unknown condition that is the trace's entry is its
  node id;
- a title or note equal to one of the pack's is its key (``rule:ID``, ``priority:ID``,
  ``level:LEVEL``, ``told:ID``, ``node:n12``; a level's message ``eligible:LEVEL:RULE``
  or ``ineligible:LEVEL``);
- a level's ``level_zh`` is left out (it is the level's name).

Anything else (a decision built by hand, texts the pack does not have) is written as
it is, so every decision reads back equal: ``read_reference(write_reference(d, t), t) ==
d``. :class:`PackTexts` (built by :func:`baji.engine.decision_json.pack_texts`) holds
the texts; its ``digest`` is the SHA-256 of their canonical JSON, so a pack whose texts
differ is refused (BAJI306) instead of read into a wrong decision. The ``source`` of a
trace (where the pack file writes the condition) is taken from the pack read, not
written: it names a place in a file, not a text of the law.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from baji.core.decision import (
    Citation,
    Decision,
    LevelDecision,
    Message,
    PathResult,
    PriorityFlag,
    Trace,
)
from baji.core.levels import Level
from baji.errors import EvaluationError, problem

#: The key a by-reference decision carries (the digest of its pack's texts); an inline
#: decision never has it.
MARK = "pack_texts"


@dataclass(frozen=True)
class NodeTexts:
    """What a trace takes from its pack node."""

    kind: str
    required: Message
    strength: str
    cite: tuple[str, ...]
    facts: tuple[str, ...]
    note: Message | None
    source: tuple[str, ...]


@dataclass(frozen=True)
class PackTexts:
    """The texts of one pack that decisions refer to.

    Attributes:
        pack: the pack id.
        digest: ``sha256:`` and the hex digest of the texts' canonical JSON.
        clauses: the citations, by clause id.
        nodes: per node id (``n12``), what its traces take from it.
        messages: titles and notes, by key (``rule:ID`` ...; see the module docstring).
    """

    pack: str
    digest: str
    clauses: Mapping[str, Citation]
    nodes: Mapping[str, NodeTexts]
    messages: Mapping[str, Message]
    keys: Mapping[Message, str] = field(default_factory=dict, compare=False)


def texts_digest(clauses: Mapping[str, Citation], nodes: Mapping[str, NodeTexts],
                 messages: Mapping[str, Message]) -> str:
    """The digest of a pack's texts: what a by-reference decision depends on (a
    trace's ``source`` left out: it is a place in a file)."""
    import hashlib

    def msg(m: Message | None) -> object:
        return None if m is None else [m.zh, m.en]

    canonical = {
        "clauses": {k: [c.document, c.ref, c.text] for k, c in sorted(clauses.items())},
        "nodes": {k: [n.kind, msg(n.required), n.strength, list(n.cite), list(n.facts),
                      msg(n.note)] for k, n in sorted(nodes.items())},
        "messages": {k: msg(m) for k, m in sorted(messages.items())},
    }
    blob = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()


def is_reference(data: object) -> bool:
    """Whether ``data`` (a parsed JSON value) is a decision written by reference."""
    return isinstance(data, dict) and MARK in data


# -- writing -----------------------------------------------------------------------------
def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _message(m: Message) -> dict[str, str]:
    return {"zh": m.zh, "en": m.en}


class _Writer:
    def __init__(self, decision: Decision, texts: PackTexts) -> None:
        self.texts = texts
        self.traced = {t.node: t for t in decision.trace}

    def text(self, m: Message, key: str | None = None) -> object:
        """A message as a key of the pack's (``key`` first), else as it is."""
        texts = self.texts
        if key is not None and texts.messages.get(key) == m:
            return key
        found = texts.keys.get(m)
        return found if found is not None else _message(m)

    def citation(self, c: Citation) -> object:
        return c.clause if self.texts.clauses.get(c.clause) == c else c.model_dump(mode="json")

    def trace(self, t: Trace) -> dict[str, Any]:
        node = self.texts.nodes.get(t.node)
        if node is None or (node.kind, node.required, node.strength, node.cite, node.note,
                            node.source) != (t.kind, t.required, t.strength, t.cite, t.note,
                                             t.source):
            return t.model_dump(mode="json")
        out: dict[str, Any] = {"node": t.node, "actual": t.actual, "met": t.met}
        if t.becomes_met is not None:
            out["becomes_met"] = t.becomes_met.isoformat()
        if t.facts != node.facts:
            out["facts"] = list(t.facts)
        return out

    def condition(self, t: Trace) -> object:
        """A path's unmet or unknown condition: the node id of its trace entry."""
        return t.node if self.traced.get(t.node) == t else self.trace(t)

    def result(self, r: PathResult) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": r.rule, "path": r.path, "result": r.result}
        title = self.text(r.title, f"rule:{r.rule}")
        if title != f"rule:{r.rule}":
            out["title"] = title
        if r.citations:
            out["citations"] = [self.citation(c) for c in r.citations]
        if r.unmet:
            out["unmet"] = [self.condition(t) for t in r.unmet]
        if r.unknown:
            out["unknown"] = [self.condition(t) for t in r.unknown]
        if r.met:
            out["met"] = list(r.met)
        if r.earliest is not None:
            out["earliest"] = r.earliest.isoformat()
        if r.defaults_only:
            out["defaults_only"] = True
        if r.reading is not None:
            out["reading"] = r.reading
        return out

    def flag(self, f: PriorityFlag) -> dict[str, Any]:
        out: dict[str, Any] = {"id": f.id, "result": f.result}
        title = self.text(f.title, f"priority:{f.id}")
        if title != f"priority:{f.id}":
            out["title"] = title
        out["citations"] = [self.citation(c) for c in f.citations]
        return out

    def level(self, item: LevelDecision) -> dict[str, Any]:
        out: dict[str, Any] = {"level": item.level.value}
        if item.level_zh != item.level.zh:
            out["level_zh"] = item.level_zh
        out["status"] = item.status
        for name in ("path", "rule"):
            if getattr(item, name) is not None:
                out[name] = getattr(item, name)
        if item.paths:
            out["paths"] = list(item.paths)
        if item.citations:
            out["citations"] = [self.citation(c) for c in item.citations]
        if item.results:
            out["results"] = [self.result(r) for r in item.results]
        if item.missing:
            out["missing"] = list(item.missing)
        if item.earliest is not None:
            out["earliest"] = item.earliest.isoformat()
        if item.priority:
            out["priority"] = [self.flag(f) for f in item.priority]
        if item.coverage != "full":
            out["coverage"] = item.coverage
        if item.notes:
            out["notes"] = [self.text(n) for n in item.notes]
        out["message"] = self.text(item.message)
        return out


def write_reference(decision: Decision, texts: PackTexts) -> dict[str, Any]:
    """``decision`` as a JSON-ready mapping with the pack's texts by reference (see the
    module docstring).

    Raises:
        EvaluationError: ``texts`` are another pack's (BAJI306).
    """
    if texts.pack != decision.pack:
        raise EvaluationError([problem("BAJI306", pack=decision.pack, digest="-",
                                       given=texts.pack, given_digest=texts.digest)])
    w = _Writer(decision, texts)
    out: dict[str, Any] = {
        "pack": decision.pack, MARK: texts.digest, "jurisdiction": decision.jurisdiction,
        "document": decision.document, "as_of": decision.as_of.isoformat(),
        "window_from": decision.window_from.isoformat(),
        "window_until": _day(decision.window_until), "in_force": decision.in_force}
    if decision.profile_id is not None:
        out["profile_id"] = decision.profile_id
    out["levels"] = [w.level(item) for item in decision.levels]
    if decision.trace:
        out["trace"] = [w.trace(t) for t in decision.trace]
    if decision.assumptions:
        out["assumptions"] = [_message(m) for m in decision.assumptions]
    return out


#: The Chinese of what a by-reference decision names (BAJI307).
_WHAT_ZH = {"text of the pack": "规则包文本", "clause of the pack": "条款",
            "node of the pack": "条件节点", "field of a trace": "轨迹字段",
            "node of the decision's trace": "评价轨迹中的条件"}


# -- reading -----------------------------------------------------------------------------
class _Reader:
    def __init__(self, texts: PackTexts) -> None:
        self.texts = texts
        self.traced: dict[str, Trace] = {}

    def fail(self, pointer: str, what: str, value: object) -> EvaluationError:
        return EvaluationError([problem("BAJI307", pointer=pointer, what=what,
                                        what_zh=_WHAT_ZH[what], value=repr(value)[:60])])

    def text(self, value: object, at: str) -> object:
        if isinstance(value, str):
            found = self.texts.messages.get(value)
            if found is None:
                raise self.fail(at, "text of the pack", value)
            return found
        return value

    def citation(self, value: object, at: str) -> object:
        if isinstance(value, str):
            found = self.texts.clauses.get(value)
            if found is None:
                raise self.fail(at, "clause of the pack", value)
            return found
        return value

    def trace(self, value: object, at: str) -> object:
        if not isinstance(value, dict) or "kind" in value:
            return value  # inline (validated as a trace below)
        node = self.texts.nodes.get(str(value.get("node")))
        if node is None:
            raise self.fail(f"{at}/node", "node of the pack", value.get("node"))
        unknown = set(value) - {"node", "actual", "met", "becomes_met", "facts"}
        if unknown:
            raise self.fail(f"{at}/{min(unknown)}", "field of a trace", min(unknown))
        return {"node": value["node"], "kind": node.kind, "required": node.required,
                "actual": value.get("actual"), "met": value.get("met"),
                "strength": node.strength, "cite": node.cite,
                "facts": value.get("facts", node.facts),
                "becomes_met": value.get("becomes_met"), "note": node.note,
                "source": node.source}

    def condition(self, value: object, at: str) -> object:
        if isinstance(value, str):
            found = self.traced.get(value)
            if found is None:
                raise self.fail(at, "node of the decision's trace", value)
            return found
        return self.trace(value, at)

    def items(self, data: dict[str, Any], name: str, at: str, read: Any) -> None:
        if name in data and isinstance(data[name], list):
            data[name] = [read(v, f"{at}/{name}/{i}") for i, v in enumerate(data[name])]

    def result(self, value: object, at: str) -> object:
        if not isinstance(value, dict):
            return value
        data = dict(value)
        data.setdefault("title", f"rule:{data.get('rule')}")
        data["title"] = self.text(data["title"], f"{at}/title")
        self.items(data, "citations", at, self.citation)
        self.items(data, "unmet", at, self.condition)
        self.items(data, "unknown", at, self.condition)
        data.setdefault("citations", [])
        return data

    def flag(self, value: object, at: str) -> object:
        if not isinstance(value, dict):
            return value
        data = dict(value)
        data.setdefault("title", f"priority:{data.get('id')}")
        data["title"] = self.text(data["title"], f"{at}/title")
        self.items(data, "citations", at, self.citation)
        return data

    def level(self, value: object, at: str) -> object:
        if not isinstance(value, dict):
            return value
        data = dict(value)
        if "level_zh" not in data:
            try:
                data["level_zh"] = Level(data.get("level")).zh
            except ValueError:
                pass  # validation names the bad level
        self.items(data, "citations", at, self.citation)
        self.items(data, "results", at, self.result)
        self.items(data, "priority", at, self.flag)
        self.items(data, "notes", at, self.text)
        data["message"] = self.text(data.get("message"), f"{at}/message")
        return data


def read_reference(data: Mapping[str, Any], texts: PackTexts | None) -> Decision:
    """The :class:`Decision` a by-reference mapping stands for, its texts from ``texts``.

    Raises:
        EvaluationError: ``texts`` is ``None`` (BAJI305), another pack's or of other
            texts (BAJI306), or ``data`` names what the pack does not have (BAJI307) or
            is not a decision (the problem of each bad value, at its JSON path).
    """
    pack, digest = data.get("pack"), data.get(MARK)
    if texts is None:
        raise EvaluationError([problem("BAJI305", pack=str(pack), digest=str(digest))])
    if texts.pack != pack or texts.digest != digest:
        raise EvaluationError([problem("BAJI306", pack=str(pack), digest=str(digest),
                                       given=texts.pack, given_digest=texts.digest)])
    reader = _Reader(texts)
    out = {k: v for k, v in data.items() if k != MARK}
    trace = out.get("trace", [])
    if isinstance(trace, list):
        out["trace"] = [reader.trace(t, f"/trace/{i}") for i, t in enumerate(trace)]
        try:
            reader.traced = {t.node: t for t in
                             (Trace.model_validate(v) for v in out["trace"])}
        except ValidationError:
            pass  # reported with its path when the decision is validated below
    reader.items(out, "levels", "", reader.level)
    try:
        return Decision.model_validate(out)
    except ValidationError as exc:
        from baji.io.pydantic_problems import pydantic_problems

        raise EvaluationError(pydantic_problems(exc, None, model=Decision, data=out)) from None
