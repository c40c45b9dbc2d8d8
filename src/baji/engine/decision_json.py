"""A decision's JSON: with the pack's texts by reference (the default) or inline.

:func:`dump_decision` writes a :class:`~baji.core.decision.Decision` with its pack's texts
(clauses, what each condition requires, notes, titles) by reference, as ids and the
digest of the pack's texts (:mod:`baji.core.decision_refs`), or with ``inline=True`` as
``Decision.model_dump_json()`` writes it, texts and all. :func:`load_decision` reads
either back into the equal decision; the by-reference form needs its pack (BAJI305),
and the same texts (BAJI306). docs/decisions.md describes both forms.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from baji.core.decision import Decision, Message
from baji.core.decision_refs import (
    NodeTexts,
    PackTexts,
    is_reference,
    read_reference,
    texts_digest,
    write_reference,
)
from baji.engine.decide import decide_texts
from baji.engine.program import Program, program_for
from baji.errors import EvaluationError
from baji.pack.bundled import get_pack
from baji.pack.network import Network

__all__ = ["dump_decision", "load_decision", "pack_texts"]


def pack_texts(network: Network) -> PackTexts:
    """The texts of ``network`` that decisions refer to (built once per network)."""
    return program_for(network).derived("texts", lambda program: _build(network, program))


def _build(network: Network, program: Program) -> PackTexts:
    clauses = dict(network.citations)
    nodes = {f"n{n.index}": NodeTexts(kind=n.kind, required=n.required, strength=n.strength,
                                      cite=n.cite, facts=n.facts, note=n.note, source=n.source)
             for n in network.nodes}
    messages: dict[str, Message] = {}
    for rule in network.rules:
        messages[f"rule:{rule.id}"] = rule.title
        if rule.decision_note is not None:
            messages[f"told:{rule.id}"] = rule.decision_note
    for item in network.priority:
        messages[f"priority:{item.id}"] = item.title
    for info in network.levels:
        if info.note is not None:
            messages[f"level:{info.level.value}"] = info.note
    for n in network.nodes:
        if n.decision_note is not None:
            messages[f"node:n{n.index}"] = n.decision_note
    messages.update(decide_texts(program))
    keys: dict[Message, str] = {}
    for key, message in messages.items():
        keys.setdefault(message, key)
    return PackTexts(pack=network.id, digest=texts_digest(clauses, nodes, messages),
                     clauses=clauses, nodes=nodes, messages=messages, keys=keys)


def _network(pack: str | Path | Network | None, decision_pack: object) -> Network:
    return get_pack(pack if pack is not None else str(decision_pack))


def dump_decision(decision: Decision, pack: str | Path | Network | None = None, *,
                  inline: bool = False, indent: int | None = None) -> str:
    """``decision`` as JSON text.

    Args:
        decision: a decision (:func:`baji.evaluate`).
        pack: the pack it was decided by (a network, bundled id or file); by default
            the bundled pack of ``decision.pack``. Not read with ``inline``.
        inline: write the texts in full, as ``decision.model_dump_json()`` does,
            instead of by reference to the pack.
        indent: indent the JSON by that many spaces (one line by default).

    Raises:
        EvaluationError: the pack is unknown (BAJI300) or another pack (BAJI306).
    """
    if inline:
        return decision.model_dump_json(indent=indent)
    data = write_reference(decision, pack_texts(_network(pack, decision.pack)))
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)


def load_decision(text: str | bytes | Mapping[str, Any],
                  pack: str | Path | Network | None = None) -> Decision:
    """The decision ``text`` holds (JSON text, or the mapping parsed from it), written
    by :func:`dump_decision` either way.

    Args:
        text: the JSON of one decision.
        pack: the pack a by-reference decision was written with (a network, bundled
            id or file); required for that form, ignored for the inline one.

    Raises:
        EvaluationError: the by-reference form without its pack (BAJI305), with another
            pack or other texts (BAJI306), naming what the pack does not have (BAJI307),
            or JSON that is not a decision (each problem at its JSON path).
    """
    if isinstance(text, (str, bytes)):
        try:
            data: object = json.loads(text)
        except ValueError as exc:
            from baji.errors import problem

            raise EvaluationError([problem("BAJI019", detail=f"invalid JSON: {exc}")]
                                  ) from None
    else:
        data = dict(text)
    if is_reference(data):
        assert isinstance(data, dict)
        texts = None if pack is None else pack_texts(get_pack(pack))
        return read_reference(data, texts)
    try:
        return Decision.model_validate(data)
    except ValidationError as exc:
        from baji.io.pydantic_problems import pydantic_problems

        raise EvaluationError(pydantic_problems(exc, None, model=Decision,
                                                data=data)) from None
