"""The level decisions of one evaluation, from the values and leaf traces of the eager
pass (:meth:`baji.engine.program.Program.full`): per level its path results, status,
citations, missing facts, priority flags, notes and message (for
:mod:`baji.engine.decide`).

What depends on the values of the conditions alone (a rule's citations, which leaves
explain it, its whole result when met) is kept across evaluations by each rule's
:class:`~baji.engine.explaining.Explanations`; what depends on the pack alone (texts,
flags, which conditions may add a note) is built once per network by
:class:`baji.engine.decide._Parts`. Only the candidate's own parts (the traces picked,
dates, notes a leaf computes, the texts naming them) are worked out per evaluation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from baji.core.decision import LevelDecision, Message, PathResult, Trace
from baji.core.labels import field_label
from baji.core.levels import Level
from baji.engine.explaining import (
    Explanation,
    explaining,
    met_leaves,
    pick_none,
    picker,
    withholding,
)
from baji.engine.program import LevelProgram, Program
from baji.operators.base import LeafContext, Operator
from baji.pack.network import CompiledRule

if TYPE_CHECKING:
    from baji.engine.decide import _Parts

_RESULT = ("unmet", "unknown", "met")
#: How many texts naming a candidate's missing facts or date each network keeps.
TEXTS_KEPT = 4096


def told_by(program: Program, lp: LevelProgram
            ) -> tuple[tuple[int, Message | None, int, Operator | None], ...]:
    """For each node of ``lp`` that may add a note to its decision (in node order): its
    index, the pack's ``decision_note`` and the value it is given on, and the leaf
    operator that computes notes of its own (``None`` if it computes none)."""
    out = []
    for i in lp.told:
        node = program.nodes[i]
        op = node.op
        out.append((i, node.decision_note, node.note_on,
                    op if isinstance(op, Operator) and op.tells else None))
    return tuple(out)


class LevelDecider:
    """Builds the level decisions of one evaluation from the compiled values."""

    def __init__(self, program: Program, parts: _Parts, ctx: LeafContext, values: list[int],
                 traces: list[Trace | None], dates: dict[str, dt.date | None]) -> None:
        self.program = program
        self.dates = dates  # of unmet rules, by rule id, from the answer
        self.parts = parts
        self.ctx = ctx
        self.values = values
        self.traces = traces
        self._explained: dict[int, frozenset[int]] = {}
        self._results: dict[str, PathResult] = {}  # a rule may decide several levels
        self._departed: dict[str, Message] = {}  # rule id: the defaults it fails on

    def _explain(self, rule: CompiledRule) -> Explanation:
        values = self.values
        program = self.program
        met = tuple(f"n{i}" for i in met_leaves(rule.root, values, program.children,
                                                            program.kinds))
        if values[rule.root] == 2:
            cites = program.cite(dict.fromkeys(rule.cite + tuple(self.met_cites(rule.root))))
            return cites, pick_none, pick_none, met, PathResult.of_fields({
                "rule": rule.id, "path": rule.path, "title": rule.title, "result": "met",
                "citations": cites, "unmet": (), "unknown": (), "met": met,
                "earliest": None, "defaults_only": False, "reading": rule.reading})
        leaves = explaining(rule.root, values, program.children, program.kinds,
                             self._explained)
        return (self.parts.rule_citations[rule.id],
                picker(sorted(i for i in leaves if values[i] == 0)),
                picker(sorted(i for i in leaves if values[i] == 1)), met, None)

    def met_cites(self, root: int) -> list[str]:
        """Clause ids of the met conditions under ``root``, depth first, in order."""
        values = self.values
        children = self.program.children
        cites = self.program.cites
        out: list[str] = []
        seen: set[int] = set()
        stack = [root]
        while stack:
            i = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            if values[i] != 2:
                continue
            out.extend(cites[i])
            stack.extend(reversed(children[i]))
        return out

    def path_results(self, lp: LevelProgram) -> tuple[PathResult, ...]:
        """The result of each path rule of ``lp``, in product order."""
        values = self.values
        made = self._results
        out = []
        for j, rule, store in self.parts.ruled[lp.level]:
            found = made.get(rule.id)
            if found is None:
                key = store.key(values)
                explained = store.known.get(key)
                if explained is None:
                    explained = self._explain(rule)
                    store.keep(key, explained)
                found = explained[4]  # met: the same for every candidate with these values
                if found is None:
                    found = self._path_result(lp, j, rule, explained)
                made[rule.id] = found
            out.append(found)
        return tuple(out)

    def _path_result(self, lp: LevelProgram, j: int, rule: CompiledRule,
                     explained: Explanation) -> PathResult:
        """The result of rule ``j`` of ``lp``, unmet or unknown."""
        citations, pick_unmet, pick_unknown, met, _ = explained
        traces = self.traces
        unmet = () if pick_unmet is pick_none else pick_unmet(traces)
        unknown = () if pick_unknown is pick_none else pick_unknown(traces)
        values = self.values
        value = values[rule.root]
        defaults_only = False
        earliest = None
        if value == 0:
            ctx = self.ctx
            known = self.dates
            earliest = known[rule.id] if rule.id in known else \
                lp.dates[j](ctx.profile, ctx.as_of, ctx.assume)
            relaxed = lp.relaxed[j]
            # Relaxing 原则上 conditions that are all met already changes nothing.
            if relaxed is not None and any(values[d] != 2 for d in lp.defaults[j]):
                defaults_only = relaxed(ctx.profile, ctx.as_of, ctx.assume) == 2
                if defaults_only:
                    program = self.program
                    self._departed[rule.id] = defaults_note(
                        rule.id, [(node.required, tuple(c.ref for c in
                                                         program.cite(node.cite)))
                                  for d in lp.defaults[j] if values[d] != 2
                                  for node in (program.nodes[d],)])
            if earliest is None and unmet and _all_dated(unmet):
                # Time alone meets every unmet condition, yet there is no date: name the
                # unknown conditions that withhold it (docs/semantics.md, "Earliest date").
                unknown = tuple(t for i in withholding(rule.root, values, self.program.children)
                                if (t := traces[i]) is not None)
        return PathResult.of_fields({
            "rule": rule.id, "path": rule.path, "title": rule.title, "result": _RESULT[value],
            "citations": citations, "unmet": unmet, "unknown": unknown, "met": met,
            "earliest": earliest, "defaults_only": defaults_only, "reading": rule.reading})

    def node_notes(self, lp: LevelProgram, given: list[Message]) -> list[Message]:
        """The notes the level's conditions add: a pack's ``decision_note`` on a node
        having its value, and notes a leaf computes (in node order, each once)."""
        told = self.parts.told[lp.level]
        if not told:
            return []
        out: list[Message] = []
        values = self.values
        for i, note, note_on, op in told:
            if note is not None and values[i] == note_on:
                out.append(note)
            if op is not None:
                out.extend(op.decision_note(self.ctx))
        if not out:
            return out
        return [n for n in dict.fromkeys(out) if n not in given]

    def decide(self, lp: LevelProgram) -> dict[str, Any]:
        """The fields of ``lp``'s level decision, in declaration order."""
        level = lp.level
        parts = self.parts
        values = self.values
        results = self.path_results(lp)
        notes: list[Message] = [lp.note] if lp.note and lp.coverage == "partial" else []
        flags = parts.flags
        priority = tuple([flags[p.id][values[p.root]] for p in lp.priority]) \
            if lp.priority else ()
        met = [r for r in results if r.result == "met"]
        if met:
            first = met[0]
            told = parts.decision_notes
            if told:
                notes.extend(dict.fromkeys(told[r.rule] for r in met if r.rule in told))
            notes.extend(self.node_notes(lp, notes))
            return {"level": level, "level_zh": level.zh, "status": "eligible",
                    "path": first.path, "rule": first.rule,
                    "paths": tuple(dict.fromkeys(r.path for r in met)),
                    "citations": first.citations, "results": results, "missing": (),
                    "earliest": None, "priority": priority, "coverage": lp.coverage,
                    "notes": tuple(notes), "message": parts.eligible[level, first.rule]}
        unknown = [r for r in results if r.result == "unknown"]
        earliest = None
        for r in results:
            day = r.earliest
            if day is not None and (earliest is None or day < earliest):
                earliest = day
        until = self.program.window_until
        if earliest is not None and until is not None and earliest > until:
            notes.append(Message(zh=f"按现有情况将于 {earliest} 满足条件，但本政策 {until} 失效",
                                 en=f"conditions would be met on {earliest}, after the pack "
                                    f"lapses on {until}"))
            earliest = None
        if self._departed:
            notes.extend(self._departed[r.rule] for r in results if r.defaults_only)
        notes.extend(self.node_notes(lp, notes))
        missing: tuple[str, ...] = ()
        if unknown:
            missing = tuple(sorted({f for r in unknown for t in r.unknown for f in t.facts}))
            status = "undetermined"
            message = _kept(parts.texts, (level, missing), undetermined_message)
        elif lp.coverage == "partial":
            # No encoded route is open, but the pack encodes only some routes to the
            # level: not a refusal (docs/semantics.md, "Coverage").
            status = "not_covered"
            message = _kept(parts.texts, (level, earliest), not_covered_message)
        else:
            status = "ineligible"
            message = parts.ineligible[level] if earliest is None else \
                _kept(parts.texts, (level, earliest), _ineligible_from)
        return {"level": level, "level_zh": level.zh, "status": status, "path": None,
                "rule": None, "paths": (), "citations": (), "results": results,
                "missing": missing, "earliest": earliest, "priority": priority,
                "coverage": lp.coverage, "notes": tuple(notes), "message": message}


def _all_dated(traces: tuple[Trace, ...]) -> bool:
    for t in traces:
        if not t.becomes_met:
            return False
    return True


def _kept(texts: dict[tuple[Any, Any], Message], key: tuple[Any, Any],
          make: Any) -> Message:
    """The message ``make(*key)``, kept by ``key`` (at most :data:`TEXTS_KEPT`, the
    store starting afresh when full; two threads may both make one, equal)."""
    found = texts.get(key)
    if found is None:
        if len(texts) >= TEXTS_KEPT:
            texts.clear()
        found = texts[key] = make(*key)
    return found


def undetermined_message(level: Level, missing: tuple[str, ...]) -> Message:
    """The message of a level left undetermined for want of the facts ``missing``."""
    return Message(zh=f"{level.zh}：无法确定，缺少"
                      + "、".join(field_label(f, "zh") for f in missing),
                   en=f"{level.en}: undetermined, missing " + ", ".join(missing))


def _ineligible_from(level: Level, earliest: dt.date) -> Message:
    return Message(zh=f"暂不符合{level.zh}申报条件，预计 {earliest} 起符合",
                   en=f"not yet eligible for {level.en}; eligible from {earliest} if "
                      "nothing else changes")


def not_covered_message(level: Level, earliest: dt.date | None) -> Message:
    """The message of a level the pack covers only in part, no encoded route open."""
    zh = f"{level.zh}：本规则包只编码部分途径，已编码途径均未满足；未编码的途径未作判断（并非不符合）"
    en = (f"{level.en}: not covered: no encoded route is open, and the pack encodes only "
          "some routes to this level (not a refusal)")
    if earliest is not None:
        zh += f"；已编码途径预计 {earliest} 起满足"
        en += f"; an encoded route opens on {earliest} if nothing else changes"
    return Message(zh=zh, en=en)


def defaults_note(rule: str, departed: Iterable[tuple[Message, tuple[str, ...]]]
                  ) -> Message:
    """The note of a path rule that fails only on 原则上 / 一般应 defaults: it names each
    default not met (what it asks, and the clauses it rests on), the conditions an
    employer would depart from (docs/semantics.md, "原则上")."""
    items = list(dict.fromkeys(departed))
    zh = "；".join(f"{m.zh}（{'、'.join(refs)}）" if refs else m.zh for m, refs in items)
    en = "; ".join(f"{m.en} ({', '.join(refs)})" if refs else m.en for m, refs in items)
    return Message(zh=f"规则 {rule} 仅因「原则上」/「一般应」条件未满足，用人单位可视情况把握；"
                      f"所涉默认条件：{zh}",
                   en=f"rule {rule} fails only on default (原则上) conditions; the employer "
                      f"may depart from them: {en}")


LEVEL_FIELDS = tuple(f.name for f in dataclasses.fields(LevelDecision))
