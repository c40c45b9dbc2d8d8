"""Evaluate a compiled network for one profile on one date: pure and deterministic.

Three-valued: each condition is met (``True``), unmet (``False``) or unknown (``None``,
the profile does not give the fact). ``all`` and ``any`` follow Kleene's logic, so an
unknown fact only leaves a result open when it could change it.

Alongside its value, every condition knows from which date it is met on every later day
if nothing else changes (time in post accrues, a dated honour arrives, a ban runs out,
including a ban that a finding dated after ``as_of`` will start). ``all`` takes the
latest of its children's dates and ``any`` the earliest, which gives each level the
first date from which the candidate stays eligible (docs/semantics.md, "Earliest date").

The conditions themselves are evaluated by functions compiled once per network
(:mod:`baji.engine.program`); this module turns their values, dates and leaf traces into the
:class:`~baji.core.decision.Decision`: per level the status, the paths, the rule that decided
it, citations, unmet and unknown conditions, notes and the earliest date. The texts and
citations that do not depend on the candidate are built once per network too. Nothing
here keeps state between calls, so one :class:`~baji.pack.network.Network` may be evaluated
from many threads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from baji.core.dates import as_of_date
from baji.core.decision import (
    Citation,
    Decision,
    LevelDecision,
    Message,
    Path,
    PathResult,
    PriorityFlag,
    Trace,
)
from baji.core.labels import PATH_IN_FULL, field_label
from baji.core.levels import Level
from baji.core.results import Pending, Result, store
from baji.engine.explaining import (
    Explanation,
    Explanations,
    explaining,
    met_leaves,
    pick_none,
    picker,
    withholding,
)
from baji.engine.program import LevelProgram, Program, program_for
from baji.operators.base import LeafContext, Operator
from baji.pack.network import CompiledRule, Network
from baji.profile.model import Profile

_RESULT = ("unmet", "unknown", "met")


def decide(network: Network, profile: Profile, as_of: dt.date, *,
           assume_posts_from_certificate: bool = False,
           levels: Iterable[Level | str] | Level | str | None = None,
           lazy: bool = True) -> Decision:
    """Evaluate ``profile`` against ``network`` on ``as_of``.

    The decision answers at once each level's status, path, paths and rule (by the
    compiled value functions, as :func:`baji.engine.answers.evaluate_answers`), and a
    level's earliest date when first read (the dates of its unmet rules alone); its
    other fields (the trace, each level's path results, citations, missing facts,
    priority flags, notes and message) are worked out when one of them is first read,
    all together, and kept (:mod:`baji.core.results`). Reading, comparing, printing,
    pickling or serialising the decision reads them.

    Args:
        network: a compiled pack (:func:`baji.load_pack`).
        profile: a validated :class:`~baji.profile.Profile`.
        as_of: the date of the evaluation; always explicit here (a datetime or a text
            ``YYYY-MM-DD`` is read as :func:`baji.evaluate` reads it).
        assume_posts_from_certificate: opt-in fallback when a grade's posts are not
            given: count the post as held from the certificate date onwards. Every use
            is reported in ``Decision.assumptions``.
        levels: decide only these levels (ids, Chinese names or levels); the trace then
            holds only the conditions they read. Every level of the pack by default.
        lazy: ``False`` works out every field now, as one pass: for a caller that will
            read or write the whole decision (it saves answering twice).

    Returns:
        A :class:`~baji.core.decision.Decision` with one entry per level decided.

    Raises:
        EvaluationError: ``levels`` names a level the pack does not rule on, or
            ``as_of`` is not a date (BAJI302).
    """
    if type(as_of) is not dt.date:  # a datetime, a text or a mistake: read as the API does
        as_of = as_of_date(as_of, default_today=False)
    program = program_for(network)
    chosen = program.select(levels)
    parts: _Parts = program.derived("decision", _Parts)
    in_force = program.in_force(as_of)
    head = parts.head
    if head is None:  # two threads may both set it, equal
        head = parts.head = {
            "pack": network.id, "jurisdiction": network.jurisdiction,
            "document": network.document, "window_from": program.window_from,
            "window_until": program.window_until}
    fields: dict[str, Any] = {**head, "as_of": as_of, "in_force": in_force,
                              "profile_id": profile.id}
    if not in_force:
        fields.update(levels=tuple(_not_in_force(program, lp, as_of) for lp in chosen),
                      trace=(), assumptions=())
        return Decision.of_fields(fields)
    # The answer at once, by the compiled value functions (as evaluate_answers gives
    # it); the rest when first read (_Rest), from the eager pass over every condition.
    assume = assume_posts_from_certificate
    rest = _Rest(program, parts, chosen, profile, as_of, assume, network.vocab)
    if not lazy:
        whole, more = rest.work()
        fields.update(levels=tuple(whole.values()), **more)
        return Decision.of_fields(fields)
    answered = parts.answered
    decided = []
    for lp in chosen:
        key = lp.values(profile, as_of, assume)
        answer, unmet = lp.table[key]
        static, first_met = answered[id(lp)]
        rule = first_met[key]
        fields_of_level = {**static, "status": answer.status, "path": answer.path,
                           "rule": rule, "paths": answer.paths}
        if rule is not None:
            fields_of_level["message"] = parts.eligible[lp.level, rule]
        if unmet:  # dated when read (_Rest.earliest)
            rest.unmet[lp.level] = (lp, unmet)
        else:
            fields_of_level["earliest"] = None
        decided.append(LevelDecision.of_fields(fields_of_level, rest))
    fields["levels"] = tuple(decided)
    return Decision.of_fields(fields, rest)


class _Rest(Pending):
    """What a decision leaves to be worked out when first read: the trace, path
    results, citations, missing facts, priority flags, notes and messages, from the
    eager pass over every condition the chosen levels read (once for all of them)."""

    __slots__ = ("args", "done", "dates", "unmet")

    def __init__(self, program: Program, parts: _Parts, chosen: tuple[LevelProgram, ...],
                 profile: Profile, as_of: dt.date, assume: bool, vocab: Any) -> None:
        self.args = (program, parts, chosen, profile, as_of, assume, vocab)
        self.done: tuple[dict[Level, LevelDecision], dict[str, Any]] | None = None
        self.dates: dict[str, dt.date | None] = {}  # rule id: the date it is met from
        #: By level not eligible: its program and the positions of its unmet rules.
        self.unmet: dict[Level, tuple[LevelProgram, tuple[int, ...]]] = {}

    def earliest(self, level: Level) -> dt.date | None:
        """The earliest date of ``level`` from the dates of its unmet rules (each kept for
        its path result), ``None`` when none has one or the first is after the window:
        as :func:`baji.engine.answers.evaluate_answers` gives it."""
        program, _, _, profile, as_of, assume, _ = self.args
        lp, unmet = self.unmet[level]
        known = self.dates
        dates, rules = lp.dates, lp.rules
        earliest = None
        for j in unmet:
            day = known[rules[j].id] = dates[j](profile, as_of, assume)
            if day is not None and (earliest is None or day < earliest):
                earliest = day
        until = program.window_until
        if earliest is not None and until is not None and earliest > until:
            return None
        return earliest

    def fill(self, result: Result, name: str) -> None:
        if name == "earliest" and isinstance(result, LevelDecision):  # the dates alone
            store(result, {"earliest": self.earliest(result.level)}, done=False)
            return
        done = self.done
        if done is None:
            done = self.done = self.work()
        levels, rest = done
        if isinstance(result, LevelDecision):
            whole = levels[result.level]
            if (whole.status, whole.path, whole.rule, whole.paths, whole.earliest) != (
                    result.status, result.path, result.rule, result.paths, result.earliest):
                raise AssertionError(  # pragma: no cover - the answer tests forbid it
                    f"the answer and the decision of {result.level} differ")
            store(result, {name: getattr(whole, name) for name in LevelDecision.LAZY})
        else:
            store(result, rest)

    def work(self) -> tuple[dict[Level, LevelDecision], dict[str, Any]]:
        """Every level decided whole, and the decision's trace and assumptions."""
        program, parts, chosen, profile, as_of, assume, vocab = self.args
        ctx = LeafContext(profile, as_of, assume, vocab)
        values, _, traces = program.full(chosen)(ctx)
        run = _Level(program, parts, ctx, values, traces, self.dates)
        levels = {lp.level: run.decide(lp) for lp in chosen}
        return levels, {"trace": tuple(filter(None, traces)), "assumptions":
                        tuple(ctx.assumptions[k] for k in sorted(ctx.assumptions))}


class _Parts:
    """What a decision takes from the pack alone, built once per network: citations of
    each rule, the texts of eligible and ineligible levels, priority flags by value."""

    def __init__(self, program: Program) -> None:
        #: The fields of a decision that come from the pack alone (set by the first
        #: decision: the program does not hold its network).
        self.head: dict[str, Any] | None = None
        self.rule_citations: dict[str, tuple[Citation, ...]] = {}
        self.eligible: dict[tuple[Level, str], Message] = {}
        self.ineligible: dict[Level, Message] = {}
        self.flags: dict[str, tuple[PriorityFlag, PriorityFlag, PriorityFlag]] = {}
        self.explanations: dict[str, Explanations] = {}
        self.decision_notes: dict[str, Message] = {}
        #: By level program (its ``id``: the program holds every one for as long as it
        #: lives, and these parts with it), the answer's fields a decision takes from the
        #: level alone, and by packed rule values (:attr:`LevelProgram.table`'s key) the
        #: id of the first met rule in product order, ``None`` when none is met.
        self.answered: dict[int, tuple[dict[str, Any], tuple[str | None, ...]]] = {}
        for lp in program.levels:
            level = lp.level
            self.answered[id(lp)] = ({"level": level, "level_zh": level.zh,
                                      "coverage": lp.coverage}, _first_met(lp.rules))
            self.ineligible[level] = Message(zh=f"不符合{level.zh}申报条件",
                                             en=f"not eligible for {level.en}")
            for rule in lp.rules:
                self.explanations[rule.id] = Explanations(program, rule.root)
                self.rule_citations[rule.id] = program.cite(dict.fromkeys(rule.cite))
                if rule.decision_note is not None:
                    self.decision_notes[rule.id] = rule.decision_note
                self.eligible[level, rule.id] = Message(
                    zh=f"可申报{level.zh}（{PATH_IN_FULL[rule.path].zh}，依据规则 {rule.id}）",
                    en=f"may apply for {level.en} by the {rule.path} path (rule {rule.id})")
            for item in lp.priority:
                citations = program.cite(item.cite)
                unmet, unknown, met = (PriorityFlag(id=item.id, title=item.title, result=r,
                                                    citations=citations)
                                       for r in ("unmet", "unknown", "met"))
                self.flags[item.id] = (unmet, unknown, met)


def _first_met(rules: tuple[CompiledRule, ...]) -> tuple[str | None, ...]:
    """For every packed value of ``rules`` (base 3, the first rule most significant), the
    id of the first met rule (value 2), or ``None``."""
    count = len(rules)
    out: list[str | None] = []
    for key in range(3 ** count):
        values = [(key // 3 ** (count - 1 - j)) % 3 for j in range(count)]
        out.append(next((rules[j].id for j in range(count) if values[j] == 2), None))
    return tuple(out)


def decide_texts(program: Program) -> dict[str, Message]:
    """The messages decisions take from the network alone, by the keys a decision
    written by reference names them with (:mod:`baji.core.decision_refs`)."""
    parts: _Parts = program.derived("decision", _Parts)
    out = {f"ineligible:{level.value}": m for level, m in parts.ineligible.items()}
    out.update((f"eligible:{level.value}:{rule}", m)
               for (level, rule), m in parts.eligible.items())
    return out


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


def _message(zh: str, en: str) -> Message:
    return Message(zh=zh, en=en)


def _not_in_force(program: Program, lp: LevelProgram, as_of: dt.date) -> LevelDecision:
    until = program.window_until.isoformat() if program.window_until else "—"
    span = f"{program.window_from.isoformat()}..{until}"
    return LevelDecision(
        level=lp.level, level_zh=lp.level.zh, status="not_in_force", coverage=lp.coverage,
        message=Message(zh=f"{as_of} 不在本政策施行期内（{span}）",
                        en=f"{as_of} is outside the window in force ({span})"))


class _Level:
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

    def explain(self, rule: CompiledRule) -> Explanation:
        """The citations of ``rule`` and the traces of the leaves blocking it (unmet,
        unknown), as functions picking them from the evaluation's traces."""
        store = self.parts.explanations[rule.id]
        key = store.key(self.values)
        found = store.known.get(key)
        if found is None:
            found = self._explain(rule)
            store.keep(key, found)
        return found

    def _explain(self, rule: CompiledRule) -> Explanation:
        values = self.values
        program = self.program
        met = tuple(f"n{i}" for i in met_leaves(rule.root, values, program.children,
                                                            program.kinds))
        if values[rule.root] == 2:
            cites = dict.fromkeys(rule.cite + tuple(self.met_cites(rule.root)))
            return program.cite(cites), pick_none, pick_none, met
        leaves = explaining(rule.root, values, program.children, program.kinds,
                             self._explained)
        return (self.parts.rule_citations[rule.id],
                picker(sorted(i for i in leaves if values[i] == 0)),
                picker(sorted(i for i in leaves if values[i] == 1)), met)

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

    def path_result(self, lp: LevelProgram, j: int) -> PathResult:
        rule = lp.rules[j]
        found = self._results.get(rule.id)
        if found is None:
            found = self._results[rule.id] = self._path_result(lp, j)
        return found

    def _path_result(self, lp: LevelProgram, j: int) -> PathResult:
        rule = lp.rules[j]
        value = self.values[rule.root]
        citations, pick_unmet, pick_unknown, met = self.explain(rule)
        traces = self.traces
        unmet, unknown = pick_unmet(traces), pick_unknown(traces)
        defaults_only = False
        earliest = None
        if value == 0:
            ctx = self.ctx
            known = self.dates
            earliest = known[rule.id] if rule.id in known else \
                lp.dates[j](ctx.profile, ctx.as_of, ctx.assume)
            relaxed = lp.relaxed[j]
            values = self.values
            # Relaxing 原则上 conditions that are all met already changes nothing.
            if relaxed is not None and any(values[d] != 2 for d in lp.defaults[j]):
                defaults_only = relaxed(ctx.profile, ctx.as_of, ctx.assume) == 2
                if defaults_only:
                    self._departed[rule.id] = defaults_note(
                        rule.id, [(node.required, tuple(c.ref for c in
                                                         self.program.cite(node.cite)))
                                  for d in lp.defaults[j] if values[d] != 2
                                  for node in (self.program.nodes[d],)])
            if earliest is None and unmet and all(t.becomes_met for t in unmet):
                # Time alone meets every unmet condition, yet there is no date: name the
                # unknown conditions that withhold it (docs/semantics.md, "Earliest date").
                unknown = tuple(t for i in withholding(rule.root, values, self.program.children)
                                if (t := traces[i]) is not None)
        return PathResult.of_fields({
            "rule": rule.id, "path": rule.path, "title": rule.title, "result": _RESULT[value],
            "citations": citations, "unmet": unmet, "unknown": unknown, "met": met,
            "earliest": earliest,
            "defaults_only": defaults_only, "reading": rule.reading})

    def node_notes(self, lp: LevelProgram, given: list[Message]) -> list[Message]:
        """The notes the level's conditions add: a pack's ``decision_note`` on a node
        having its value, and notes a leaf computes (in node order, each once)."""
        out: list[Message] = []
        nodes = self.program.nodes
        for i in lp.told:
            node = nodes[i]
            if node.decision_note is not None and self.values[i] == node.note_on:
                out.append(node.decision_note)
            op = node.op
            if isinstance(op, Operator) and op.tells:
                out.extend(op.decision_note(self.ctx))
        return [n for n in dict.fromkeys(out) if n not in given]

    def decide(self, lp: LevelProgram) -> LevelDecision:
        level = lp.level
        results = tuple(self.path_result(lp, j) for j in range(len(lp.rules)))
        met = [r for r in results if r.result == "met"]
        notes: list[Message] = [lp.note] if lp.note and lp.coverage == "partial" else []
        flags = self.parts.flags
        priority = tuple(flags[p.id][self.values[p.root]] for p in lp.priority)
        fields: dict[str, Any] = {"level": level, "level_zh": level.zh}
        if met:
            first = met[0]
            paths: tuple[Path, ...] = tuple(dict.fromkeys(r.path for r in met))
            told = self.parts.decision_notes
            notes.extend(dict.fromkeys(told[r.rule] for r in met if r.rule in told))
            notes.extend(self.node_notes(lp, notes))
            fields.update(status="eligible", path=first.path, rule=first.rule, paths=paths,
                          citations=first.citations, results=results, missing=(),
                          earliest=None, priority=priority, coverage=lp.coverage,
                          notes=tuple(notes), message=self.parts.eligible[level, first.rule])
            return LevelDecision.of_fields(fields)
        unknown = [r for r in results if r.result == "unknown"]
        found = [r.earliest for r in results if r.earliest is not None]
        earliest = min(found) if found else None
        until = self.program.window_until
        if earliest is not None and until is not None and earliest > until:
            notes.append(_message(f"按现有情况将于 {earliest} 满足条件，但本政策 {until} 失效",
                                  f"conditions would be met on {earliest}, after the pack "
                                  f"lapses on {until}"))
            earliest = None
        notes.extend(self._departed[r.rule] for r in results if r.defaults_only)
        notes.extend(self.node_notes(lp, notes))
        fields.update(path=None, rule=None, paths=(), citations=(), results=results,
                      earliest=earliest, priority=priority, coverage=lp.coverage,
                      notes=tuple(notes))
        if unknown:
            missing = tuple(sorted({f for r in unknown for t in r.unknown for f in t.facts}))
            fields.update(status="undetermined", missing=missing, message=_message(
                f"{level.zh}：无法确定，缺少"
                + "、".join(field_label(f, "zh") for f in missing),
                f"{level.en}: undetermined, missing " + ", ".join(missing)))
        elif lp.coverage == "partial":
            # No encoded route is open, but the pack encodes only some routes to the
            # level: not a refusal (docs/semantics.md, "Coverage").
            fields.update(status="not_covered", missing=(),
                          message=not_covered_message(level, earliest))
        elif earliest is not None:
            fields.update(status="ineligible", missing=(), message=_message(
                f"暂不符合{level.zh}申报条件，预计 {earliest} 起符合",
                f"not yet eligible for {level.en}; eligible from {earliest} if nothing "
                "else changes"))
        else:
            fields.update(status="ineligible", missing=(), message=self.parts.ineligible[level])
        return LevelDecision.of_fields(_ordered(fields))


def not_covered_message(level: Level, earliest: dt.date | None) -> Message:
    """The message of a level the pack covers only in part, no encoded route open."""
    zh = f"{level.zh}：本规则包只编码部分途径，已编码途径均未满足；未编码的途径未作判断（并非不符合）"
    en = (f"{level.en}: not covered: no encoded route is open, and the pack encodes only "
          "some routes to this level (not a refusal)")
    if earliest is not None:
        zh += f"；已编码途径预计 {earliest} 起满足"
        en += f"; an encoded route opens on {earliest} if nothing else changes"
    return _message(zh, en)


_LEVEL_FIELDS = tuple(f.name for f in dataclasses.fields(LevelDecision))


def _ordered(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` in the model's declaration order (as validation would store them)."""
    return {name: fields[name] for name in _LEVEL_FIELDS}
