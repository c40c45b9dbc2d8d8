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
it, citations, unmet and unknown conditions, notes and the earliest date (each level's by
:mod:`baji.engine.deciding`). The texts and citations that do not depend on the candidate
are built once per network too, and what depends on the values of the conditions alone is
kept with the network, bounded (each entry made whole, then stored in one operation);
nothing else outlives a call, so one :class:`~baji.pack.network.Network` may be evaluated
from many threads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from baji.core.dates import as_of_date
from baji.core.decision import (
    Citation,
    Decision,
    LevelDecision,
    Message,
    PriorityFlag,
)
from baji.core.labels import PATH_IN_FULL
from baji.core.levels import Level
from baji.core.results import Pending, Result, store
from baji.engine.deciding import LEVEL_FIELDS, LevelDecider, told_by
from baji.engine.explaining import Explanations, picker
from baji.engine.program import LevelProgram, Program, program_for, reach
from baji.operators.base import LeafContext, Operator
from baji.pack.network import CompiledRule, Network
from baji.profile.model import Profile

_LAZY_LEVEL = tuple(name for name in LEVEL_FIELDS if name in LevelDecision.LAZY)


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
        fields.update(levels=tuple(LevelDecision.of_fields(f) for f in whole.values()),
                      **more)
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
        self.done: tuple[dict[Level, dict[str, Any]], dict[str, Any]] | None = None
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
            rule = rules[j].id  # a rule may decide several levels, or the results ran
            day = known[rule] if rule in known else dates[j](profile, as_of, assume)
            known[rule] = day
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
            state = result.__dict__
            if (whole["status"], whole["path"], whole["rule"], whole["paths"]) != (
                    state["status"], state["path"], state["rule"], state["paths"]) or (
                    state.get("earliest", whole["earliest"]) != whole["earliest"]):
                raise AssertionError(  # pragma: no cover - the answer tests forbid it
                    f"the answer and the decision of {result.level} differ")
            store(result, {name: whole[name] for name in _LAZY_LEVEL})
        else:
            store(result, rest)

    def work(self) -> tuple[dict[Level, dict[str, Any]], dict[str, Any]]:
        """Every level's fields, decided whole, and the decision's trace and assumptions."""
        program, parts, chosen, profile, as_of, assume, vocab = self.args
        ctx = LeafContext(profile, as_of, assume, vocab)
        values, _, traces = program.full(chosen)(ctx)
        run = LevelDecider(program, parts, ctx, values, traces, self.dates)
        levels = {lp.level: run.decide(lp) for lp in chosen}
        made = ctx.assumptions
        return levels, {"trace": parts.leaves(program, chosen)(traces), "assumptions":
                        tuple(made[k] for k in sorted(made)) if made else ()}


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
        #: By level, the nodes that may add a note to its decision (told_by).
        self.told: dict[Level, tuple[tuple[int, Message | None, int, Operator | None], ...]] = {}
        #: By level, its path rules in product order: position, rule, explanations.
        self.ruled: dict[Level, tuple[tuple[int, CompiledRule, Explanations], ...]] = {}
        #: Messages naming a candidate's missing facts or date, kept by what they name
        #: (baji.engine.deciding: bounded).
        self.texts: dict[tuple[Any, Any], Message] = {}
        #: By the levels decided together, the function picking the traces of the leaves
        #: they read (in index order) from the eager pass's traces by node.
        self._leaves: dict[tuple[Level, ...], Any] = {}
        #: By level program (its ``id``: the program holds every one for as long as it
        #: lives, and these parts with it), the answer's fields a decision takes from the
        #: level alone, and by packed rule values (:attr:`LevelProgram.table`'s key) the
        #: id of the first met rule in product order, ``None`` when none is met.
        self.answered: dict[int, tuple[dict[str, Any], tuple[str | None, ...]]] = {}
        for lp in program.levels:
            level = lp.level
            self.answered[id(lp)] = ({"level": level, "level_zh": level.zh,
                                      "coverage": lp.coverage}, _first_met(lp.rules))
            self.told[level] = told_by(program, lp)
            self.ruled[level] = tuple((j, rule, self.explanations.setdefault(
                rule.id, Explanations(program, rule.root))) for j, rule in enumerate(lp.rules))
            self.ineligible[level] = Message(zh=f"不符合{level.zh}申报条件",
                                             en=f"not eligible for {level.en}")
            for rule in lp.rules:
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


    def leaves(self, program: Program, chosen: tuple[LevelProgram, ...]) -> Any:
        """The function giving, from the eager pass's traces by node, the traces of
        every leaf the ``chosen`` levels read, in index order, as a tuple (every such
        leaf has one: the eager pass traces each)."""
        key = tuple(lp.level for lp in chosen)
        found = self._leaves.get(key)
        if found is None:
            roots = [r.root for lp in chosen for r in lp.rules]
            roots += [p.root for lp in chosen for p in lp.priority]
            nodes = program.nodes
            found = picker([i for i in reach(nodes, roots)
                            if nodes[i].kind not in ("all", "any", "not", "rule")])
            self._leaves[key] = found  # two threads may both set it, equal
        return found


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


def _not_in_force(program: Program, lp: LevelProgram, as_of: dt.date) -> LevelDecision:
    until = program.window_until.isoformat() if program.window_until else "—"
    span = f"{program.window_from.isoformat()}..{until}"
    return LevelDecision(
        level=lp.level, level_zh=lp.level.zh, status="not_in_force", coverage=lp.coverage,
        message=Message(zh=f"{as_of} 不在本政策施行期内（{span}）",
                        en=f"{as_of} is outside the window in force ({span})"))
