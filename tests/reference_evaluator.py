"""The reference evaluator: baji's original, direct interpreter of a network.

It walks the network recursively with a memo, exactly as the semantics in
docs/semantics.md read. Each node gives its value and the date from which it is met on
every later day if nothing else changes ("Earliest date" there). The production evaluator (:mod:`baji.engine.decide`) is compiled and
much faster; tests/test_fastpath.py checks that both give equal decisions, trace and
citations included, on generated profiles of every bundled pack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from baji.core.decision import (
    PATH_ORDER,
    Decision,
    LevelDecision,
    Message,
    Path,
    PathResult,
    PriorityFlag,
    Trace,
)
from baji.core.labels import field_label
from baji.core.levels import Level
from baji.core.tenure import add_years, completion_date, describe, first_overlap, has_years
from baji.core.vocabulary import default_vocab
from baji.pack.network import CompiledRule, Network, Node
from baji.profile.model import RANK_ORDER, Period, Profile

ONE_DAY = dt.timedelta(days=1)
#: ``scope_at_least`` ranks: 省部级以上 accepts national, ministerial and provincial.
SCOPE_RANK = {"national": 3, "ministerial": 2, "provincial": 2, "central_enterprise": 2,
              "municipal": 1, "enterprise": 0}

Leaf = tuple[bool | None, str, dt.date | None, tuple[str, ...]]
Outcome = tuple[bool | None, dt.date | None]


def evaluate(network: Network, profile: Profile, as_of: dt.date, *,
             assume_posts_from_certificate: bool = False) -> Decision:
    """Evaluate ``profile`` against ``network`` on ``as_of``.

    Args:
        network: a compiled pack (:func:`baji.load_pack`).
        profile: a validated :class:`~baji.profile.Profile`.
        as_of: the date of the evaluation; always explicit here.
        assume_posts_from_certificate: opt-in fallback when a grade's posts are not
            given: count the post as held from the certificate date onwards. Every use
            is reported in ``Decision.assumptions``.

    Returns:
        A :class:`~baji.core.decision.Decision` with one entry per level the pack rules on.
    """
    run = _Run(network, profile, as_of, assume=assume_posts_from_certificate)
    return run.decide()


class _Run:
    def __init__(self, network: Network, profile: Profile, as_of: dt.date,
                 relax_defaults: bool = False, assume: bool = False) -> None:
        self.net = network
        self.assume = assume
        self.assumptions: dict[str, Message] = {}
        self.profile = profile
        self.as_of = as_of
        self.relax = relax_defaults
        self.memo: list[Outcome | None] = [None] * len(network.nodes)
        self.traces: dict[int, Trace] = {}

    # -- nodes -----------------------------------------------------------------------------
    def node(self, index: int) -> Outcome:
        done = self.memo[index]
        if done is not None:
            return done
        node = self.net.nodes[index]
        if self.relax and node.strength == "default":
            out: Outcome = (True, self.as_of)
        elif node.kind == "all":
            out = self._all([self.node(c) for c in node.children])
        elif node.kind == "any":
            out = self._any([self.node(c) for c in node.children])
        elif node.kind == "not":
            value, _ = self.node(node.children[0])
            # Met now, a `not` stays met only if what it negates cannot change with time.
            lasting = value is False and self._timeless(node.children[0])
            out = (None if value is None else not value, self.as_of if lasting else None)
        elif node.kind == "rule":
            out = self.node(node.children[0])
        else:
            out = self._leaf(node)
        self.memo[index] = out
        return out

    def _timeless(self, index: int) -> bool:
        node = self.net.nodes[index]
        if not node.children:
            return node.kind in ("fact", "attested", "employer", "employer_filing", "employer_pilot",
                                 "contribution", "occupation")
        return all(self._timeless(c) for c in node.children)

    def _all(self, outs: list[Outcome]) -> Outcome:
        values = [v for v, _ in outs]
        value = False if False in values else (None if None in values else True)
        dates = [d for _, d in outs]
        return value, (None if None in dates else max(d for d in dates if d is not None))

    def _any(self, outs: list[Outcome]) -> Outcome:
        values = [v for v, _ in outs]
        value = True if True in values else (None if None in values else False)
        dates = [d for _, d in outs if d is not None]
        return value, (min(dates) if dates else None)

    def _leaf(self, node: Node) -> Outcome:
        value, actual, when, missing = _LEAVES[node.kind](self, *node.params)
        becomes = None if when == self.as_of else when
        if not self.relax:
            self.traces[node.index] = Trace(
                node=f"n{node.index}", kind=node.kind, required=node.required, actual=actual,
                met=value, strength=node.strength, cite=node.cite,
                facts=missing if value is None else node.facts, becomes_met=becomes,
                note=node.note, source=node.source)
        return value, when

    # -- explanation -------------------------------------------------------------------
    def blocking(self, index: int) -> tuple[list[int], list[int]]:
        """Leaves that make ``index`` unmet, and leaves that leave it unknown."""
        unmet: list[int] = []
        unknown: list[int] = []
        seen: set[int] = set()

        def walk(i: int) -> None:
            if i in seen:
                return
            seen.add(i)
            node = self.net.nodes[i]
            value, _ = self.node(i)
            if not node.children:
                if value is False:
                    unmet.append(i)
                elif value is None:
                    unknown.append(i)
                return
            if node.kind == "not":
                walk(node.children[0])
                return
            for child in node.children:
                cv, _ = self.node(child)
                if value is False and (cv is False or node.kind == "any"):
                    walk(child)
                elif value is None and cv is None:
                    walk(child)

        walk(index)
        return sorted(unmet), sorted(unknown)

    def withholding(self, index: int) -> list[int]:
        """Unknown leaves under ``index`` reached through conditions not met: on an
        unmet path whose date time alone would give, those that withhold it."""
        found: list[int] = []
        seen: set[int] = set()

        def walk(i: int) -> None:
            if i in seen:
                return
            seen.add(i)
            node = self.net.nodes[i]
            value, _ = self.node(i)
            if value is True:
                return
            if not node.children:
                if value is None:
                    found.append(i)
                return
            for child in node.children:
                walk(child)

        walk(index)
        return sorted(found)

    def met_leaves(self, index: int) -> list[str]:
        """Node ids of the met leaves reached from ``index`` through met conditions
        (``index`` entered whatever its value; never into a ``not``)."""
        out: list[str] = []
        seen: set[int] = set()

        def walk(i: int, top: bool) -> None:
            if i in seen:
                return
            seen.add(i)
            node = self.net.nodes[i]
            value, _ = self.node(i)
            if not node.children:
                if value is True:
                    out.append(f"n{i}")
                return
            if node.kind == "not" or (not top and value is not True):
                return
            for child in node.children:
                walk(child, False)

        walk(index, True)
        return out

    def met_cites(self, index: int) -> list[str]:
        """Clause ids of the met conditions under ``index`` (depth first, in order)."""
        out: list[str] = []
        seen: set[int] = set()

        def walk(i: int) -> None:
            if i in seen:
                return
            seen.add(i)
            node = self.net.nodes[i]
            value, _ = self.node(i)
            if value is not True:
                return
            out.extend(node.cite)
            for child in node.children:
                walk(child)

        walk(index)
        return out

    # -- levels ------------------------------------------------------------------------
    def decide(self) -> Decision:
        net = self.net
        in_force = net.in_force(self.as_of)
        levels = []
        for info in net.levels:
            if not in_force:
                levels.append(self._not_in_force(info.level, info.coverage))
            else:
                levels.append(self._level(info.level, info.coverage, info.note))
        trace = tuple(self.traces[i] for i in sorted(self.traces))
        return Decision(pack=net.id, jurisdiction=net.jurisdiction, document=net.document,
                        as_of=self.as_of, window_from=net.window.from_,
                        window_until=net.window.until, in_force=in_force,
                        profile_id=self.profile.id, levels=tuple(levels), trace=trace,
                        assumptions=tuple(self.assumptions[k] for k in sorted(self.assumptions)))

    def _not_in_force(self, level: Level, coverage: str) -> LevelDecision:
        w = self.net.window
        until = w.until.isoformat() if w.until else "—"
        span = f"{w.from_.isoformat()}..{until}"
        return LevelDecision(
            level=level, level_zh=level.zh, status="not_in_force",
            coverage=coverage,
            message=Message(zh=f"{self.as_of} 不在本政策施行期内（{span}）",
                            en=f"{self.as_of} is outside the window in force ({span})"))

    def _path_result(self, rule: CompiledRule) -> PathResult:
        value, when = self.node(rule.root)
        unmet, unknown = self.blocking(rule.root)
        defaults_only = False
        if value is False and rule.has_defaults:
            relaxed = _Run(self.net, self.profile, self.as_of, relax_defaults=True,
                           assume=self.assume)
            defaults_only = relaxed.node(rule.root)[0] is True
        if value is False and when is None and unmet and all(
                self.traces[i].becomes_met for i in unmet):
            unknown = self.withholding(rule.root)
        cites = list(rule.cite)
        if value is True:
            cites += self.met_cites(rule.root)
        cites = list(dict.fromkeys(cites))
        return PathResult(
            rule=rule.id, path=rule.path,
            title=rule.title, result="met" if value else ("unknown" if value is None
                                                          else "unmet"),
            citations=self.net.cite(tuple(cites)),
            unmet=tuple(self.traces[i] for i in unmet),
            unknown=tuple(self.traces[i] for i in unknown),
            met=tuple(self.met_leaves(rule.root)),
            earliest=when if value is False else None, defaults_only=defaults_only,
            reading=rule.reading)

    def _node_notes(self, level: Level, given: list[Message]) -> list[Message]:
        """Notes of the conditions the level reads: a pack's decision_note when the
        node has its value; the other reading of a ban (no_ban alternative year_end)."""
        roots = [r.root for r in self.net.rules_for(level)]
        roots += [p.root for p in self.net.priority if p.level is level]
        seen: set[int] = set()
        stack = list(roots)
        while stack:
            i = stack.pop()
            if i not in seen:
                seen.add(i)
                stack.extend(self.net.nodes[i].children)
        out: list[Message] = []
        for i in sorted(seen):
            node = self.net.nodes[i]
            if node.decision_note is not None:
                value = self.node(i)[0]
                if value is (node.note_on == 2):
                    out.append(node.decision_note)
            if node.kind == "occupation" and _occupation_read_as_same(
                    self.profile.occupation,
                    [g for g in self.profile.grades or () if g.level is node.params[0]]):
                lv = node.params[0]
                out.append(Message(
                    zh=f"未写明申报职业（工种）或{lv.zh}证书的职业（工种），按同一职业（工种）处理"
                       "（本规则包读法）；两者不同时本条件不满足",
                    en=f"the occupation applied for or that of the {lv.en} certificate is not "
                       "stated: read as the same occupation (this pack's reading); were they "
                       "different, this condition would not be met"))
            if node.kind == "no_ban" and node.params[3] == "year_end":
                kind, years, subjects = node.params[:3]
                for f in self.profile.findings or ():
                    if f.kind != kind or f.subject not in subjects:
                        continue
                    end, other = add_years(f.date, years), dt.date(f.date.year + years, 12, 31)
                    if other >= self.as_of:
                        out.append(Message(
                            zh=f"{f.date} 认定的弄虚作假：本规则包自认定之日起计{years}年，禁入至 "
                               f"{end}（含）；另一读法（先取消本年度评审资格，{years}年自本年度结束"
                               f"起算）禁入至 {other}（含）",
                            en=f"fraud found on {f.date}: this pack counts {years} years from "
                               f"the finding's date, banned through {end}; read as the current "
                               f"year plus {years} years (counted from the end of the year), "
                               f"banned through {other}"))
        return [n for n in dict.fromkeys(out) if n not in given]

    def _defaults_note(self, rule_id: str) -> Message:
        """Names each 原则上 default of the rule not met, with its clauses."""
        rule = next(r for r in self.net.rules if r.id == rule_id)
        seen: set[int] = set()
        stack = [rule.root]
        found: list[int] = []
        while stack:
            i = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            found.append(i)
            stack.extend(self.net.nodes[i].children)
        items: list[tuple[Message, tuple[str, ...]]] = []
        for i in sorted(found):
            node = self.net.nodes[i]
            if node.strength == "default" and self.node(i)[0] is not True:
                item = (node.required, tuple(c.ref for c in self.net.cite(node.cite)))
                if item not in items:
                    items.append(item)
        zh = "；".join(f"{m.zh}（{'、'.join(refs)}）" if refs else m.zh for m, refs in items)
        en = "; ".join(f"{m.en} ({', '.join(refs)})" if refs else m.en for m, refs in items)
        return Message(zh=f"规则 {rule_id} 仅因「原则上」/「一般应」条件未满足，用人单位可视情况把握；"
                          f"所涉默认条件：{zh}",
                       en=f"rule {rule_id} fails only on default (原则上) conditions; the "
                          f"employer may depart from them: {en}")

    def _level(self, level: Level, coverage: str, note: Message | None) -> LevelDecision:
        rules = sorted(self.net.rules_for(level),
                       key=lambda r: (PATH_ORDER.index(r.path), r.id))
        results = tuple(self._path_result(r) for r in rules)
        met = [r for r in results if r.result == "met"]
        paths: tuple[Path, ...] = tuple(dict.fromkeys(r.path for r in met))
        notes: list[Message] = [note] if note and coverage == "partial" else []
        priority = self._priority(level)
        if met:
            first = met[0]
            told = {r.id: r.decision_note for r in rules if r.decision_note is not None}
            notes.extend(dict.fromkeys(told[r.rule] for r in met if r.rule in told))
            notes.extend(self._node_notes(level, notes))
            return LevelDecision(
                level=level, level_zh=level.zh, status="eligible", path=first.path,
                rule=first.rule, paths=paths, citations=first.citations, results=results,
                priority=priority, coverage=coverage, notes=tuple(notes),
                message=Message(
                    zh=f"可申报{level.zh}（{_PATH_ZH[first.path]}，依据规则 {first.rule}）",
                    en=f"may apply for {level.en} by the {first.path} path "
                       f"(rule {first.rule})"))
        unknown = [r for r in results if r.result == "unknown"]
        dates = [r.earliest for r in results if r.earliest is not None]
        earliest = min(dates) if dates else None
        until = self.net.window.until
        if earliest is not None and until is not None and earliest > until:
            notes.append(Message(zh=f"按现有情况将于 {earliest} 满足条件，但本政策 {until} 失效",
                                 en=f"conditions would be met on {earliest}, after the pack "
                                    f"lapses on {until}"))
            earliest = None
        for r in results:
            if r.defaults_only:
                notes.append(self._defaults_note(r.rule))
        notes.extend(self._node_notes(level, notes))
        if unknown:
            missing = tuple(sorted({f for r in unknown for t in r.unknown for f in t.facts}))
            return LevelDecision(
                level=level, level_zh=level.zh, status="undetermined", results=results,
                missing=missing, earliest=earliest, priority=priority,
                coverage=coverage, notes=tuple(notes),
                message=Message(zh=f"{level.zh}：无法确定，缺少"
                                + "、".join(field_label(f, "zh") for f in missing),
                                en=f"{level.en}: undetermined, missing " + ", ".join(missing)))
        if coverage == "partial":
            zh = f"{level.zh}：本规则包只编码部分途径，已编码途径均未满足；未编码的途径未作判断（并非不符合）"
            en = (f"{level.en}: not covered: no encoded route is open, and the pack encodes "
                  "only some routes to this level (not a refusal)")
            if earliest is not None:
                zh += f"；已编码途径预计 {earliest} 起满足"
                en += f"; an encoded route opens on {earliest} if nothing else changes"
            return LevelDecision(
                level=level, level_zh=level.zh, status="not_covered", results=results,
                earliest=earliest, priority=priority, coverage=coverage,
                notes=tuple(notes), message=Message(zh=zh, en=en))
        if earliest is not None:
            zh = f"暂不符合{level.zh}申报条件，预计 {earliest} 起符合"
            en = f"not yet eligible for {level.en}; eligible from {earliest} if nothing " \
                 "else changes"
        else:
            zh = f"不符合{level.zh}申报条件"
            en = f"not eligible for {level.en}"
        return LevelDecision(
            level=level, level_zh=level.zh, status="ineligible", results=results,
            earliest=earliest, priority=priority, coverage=coverage,
            notes=tuple(notes), message=Message(zh=zh, en=en))

    def _priority(self, level: Level) -> tuple[PriorityFlag, ...]:
        out = []
        for item in self.net.priority:
            if item.level is not level:
                continue
            value, _ = self.node(item.root)
            out.append(PriorityFlag(
                id=item.id, title=item.title,
                result="met" if value else ("unknown" if value is None else "unmet"),
                citations=self.net.cite(item.cite)))
        return tuple(out)


_PATH_ZH = {"direct": "直接申报/直接认定", "regular": "常规路径", "exceptional": "破格申报"}


# -- leaves ---------------------------------------------------------------------------------
def _dated(run: _Run, dates: list[dt.date | None], what: str) -> Leaf:
    """Met if any item is undated or dated on/before as_of; else met from the first date."""
    if not dates:
        return False, f"no {what}", None, ()
    if any(d is None or d <= run.as_of for d in dates):
        return True, what, run.as_of, ()
    first = min(d for d in dates if d is not None)
    return False, f"{what} dated {first}, after {run.as_of}", first, ()


def _grade(run: _Run, level: Level) -> Leaf:
    grades = run.profile.grades
    if grades is None:
        return None, "grades not given", None, ("grades",)
    held = [g for g in grades if g.level is level]
    value, actual, becomes, _ = _dated(run, [g.certified_on for g in held],
                                       f"{level.value} certificate")
    if value and held:
        actual = ", ".join(g.certificate or f"{level.value} certificate" for g in held)
    return value, actual, becomes, ()


def _same_occupation(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _occupation(run: _Run, level: Level) -> Leaf:
    grades = run.profile.grades
    if grades is None:
        return None, "grades not given", None, ("grades",)
    applied = run.profile.occupation
    held = [g for g in grades if g.level is level]
    value = (not held or applied is None
             or any(g.occupation is None or _same_occupation(g.occupation, applied)
                    for g in held))
    actual = (f"certificate: {', '.join(g.occupation or '?' for g in held)}; applied for: "
              f"{applied or '?'}" if held else f"no {level.value} certificate")
    if _occupation_read_as_same(applied, held):
        actual += " (unstated: read as the same occupation)"
    return value, actual, run.as_of if value else None, ()


def _occupation_read_as_same(applied: str | None, held: list[Any]) -> bool:
    if not held:
        return False
    if applied is not None and any(g.occupation is not None
                                   and _same_occupation(g.occupation, applied) for g in held):
        return False
    return applied is None or any(g.occupation is None for g in held)


def _tenure(run: _Run, level: Level, years: int) -> Leaf:
    if run.profile.grades is None:
        return None, "grades not given", None, ("grades",)
    periods = run.profile.grade_periods(level)
    if periods is None and run.assume:
        periods = _assumed_posts(run, level)
    if periods is None:
        return None, f"posts at {level.value} not given", None, (f"grades[{level.value}].posts",)
    actual = describe(periods, run.as_of)
    if has_years(periods, years, run.as_of):
        return True, actual, run.as_of, ()
    return False, actual, completion_date(periods, years, run.as_of), ()


def _assumed_posts(run: _Run, level: Level) -> tuple[Period, ...] | None:
    """Posts at ``level`` counted from the certificate dates (opt-in assumption)."""
    out: list[Period] = []
    for grade in run.profile.grades or ():
        if grade.level is not level:
            continue
        if grade.posts is not None:
            out.extend(grade.posts)
        elif grade.certified_on is None:
            return None
        else:
            out.append(Period(start=grade.certified_on))
            run.assumptions[f"{level.value}:{grade.certified_on}"] = Message(
                zh=f"未提供{level.zh}岗位任职时间，按证书日期 {grade.certified_on} 起连续在岗计算",
                en=f"posts at {level.en} not given: counted as held from the certificate "
                   f"date {grade.certified_on} onwards")
    if first_overlap(out) is not None:
        return None  # an assumed post would overlap a recorded one: stay undetermined
    return tuple(sorted(out, key=lambda p: p.start))


def _fact(run: _Run, name: str) -> Leaf:
    value = getattr(run.profile, name)
    if value is None:
        return None, f"{name} not given", None, (name,)
    return bool(value), str(value).lower(), run.as_of if value else None, ()


def _attested(run: _Run, name: str) -> Leaf:
    value = run.profile.attestations.get(name)
    if value is None:
        return None, "not attested", None, (f"attestations.{name}",)
    return (value, "attested" if value else "attested as not met",
            run.as_of if value else None, ())


def _listed(run: _Run, field: str, ids: tuple[str, ...]) -> Leaf:
    items = getattr(run.profile, field)
    if items is None:
        return None, f"{field} not given", None, (field,)
    hits = [h for h in items if h.id in ids]
    value, actual, becomes, _ = _dated(run, [h.date for h in hits], "")
    names = ", ".join(sorted({h.id for h in hits}))
    return value, names or f"none of the listed {field}", becomes, ()


def _honour(run: _Run, ids: tuple[str, ...]) -> Leaf:
    return _listed(run, "honours", ids)


def _contribution(run: _Run, ids: tuple[str, ...]) -> Leaf:
    items = run.profile.contributions
    if items is None:
        return None, "contributions not given", None, ("contributions",)
    hits = sorted(set(items) & set(ids))
    return (bool(hits), ", ".join(hits) or "none of the listed contributions",
            run.as_of if hits else None, ())


def _award(run: _Run, ids: tuple[str, ...] | None, min_rank: str | None,
           scope: str | None) -> Leaf:
    awards = run.profile.awards
    if awards is None:
        return None, "awards not given", None, ("awards",)
    vocab = default_vocab()
    result: bool | None = False
    missing: list[str] = []
    future: list[dt.date] = []
    found: list[str] = []
    for i, award in enumerate(awards):
        item = vocab.items["award"][award.id]
        if ids is not None and award.id not in ids:
            continue
        if scope is not None and SCOPE_RANK.get(item.scope or "", 0) < SCOPE_RANK[scope]:
            continue
        if min_rank is not None and item.ranked:
            if award.rank is None:
                missing.append(f"awards[{i}].rank")
                result = None if result is False else result
                continue
            if RANK_ORDER[award.rank] < RANK_ORDER[min_rank]:
                continue
        if award.date is not None and award.date > run.as_of:
            future.append(award.date)
            continue
        found.append(award.id + (f" ({award.rank})" if award.rank else ""))
        result = True
    if result is True:
        return True, ", ".join(found), run.as_of, ()
    if result is None:
        return None, "award rank not given", None, tuple(missing)
    return False, "no such award", min(future) if future else None, ()


def _title(run: _Run, ids: tuple[str, ...], aligned: bool) -> Leaf:
    titles = run.profile.titles
    if titles is None:
        return None, "titles not given", None, ("titles",)
    result: bool | None = False
    missing: list[str] = []
    future: list[dt.date] = []
    for i, title in enumerate(titles):
        if title.id not in ids:
            continue
        if aligned and title.aligned is not True:
            if title.aligned is None:
                missing.append(f"titles[{i}].aligned")
                result = None if result is False else result
            continue
        if title.date is not None and title.date > run.as_of:
            future.append(title.date)
            continue
        result = True
    if result is True:
        return True, "title held", run.as_of, ()
    if result is None:
        return None, "alignment of the title not given", None, tuple(missing)
    return False, "no such title", min(future) if future else None, ()


def _recommended(run: _Run, level: Level) -> Leaf:
    recs = run.profile.recommendations
    if recs is None:
        return None, "recommendations not given", None, ("recommendations",)
    return _dated(run, [r.date for r in recs if r.level is level],
                  f"recommendation for {level.value}")


def _employer(run: _Run, name: str) -> Leaf:
    value = getattr(run.profile.employer, name)
    if value is None:
        return None, f"employer.{name} not given", None, (f"employer.{name}",)
    return bool(value), str(value).lower(), run.as_of if value else None, ()


def _employer_pilot(run: _Run, level: Level) -> Leaf:
    levels = run.profile.employer.pilot_levels
    if levels is not None:
        shown = "pilot_levels: " + (", ".join(lv.value for lv in levels) or "none")
        return level in levels, shown, run.as_of if level in levels else None, ()
    return _employer(run, "pilot")


def _employer_filing(run: _Run, filings: tuple[str, ...]) -> Leaf:
    value = run.profile.employer.filing
    if value is None:
        return None, "employer.filing not given", None, ("employer.filing",)
    return value in filings, value, run.as_of if value in filings else None, ()


def _employer_years(run: _Run, since: str, years: int) -> Leaf:
    start = getattr(run.profile.employer, since)
    if start is None:
        return None, f"employer.{since} not given", None, (f"employer.{since}",)
    due = add_years(start, years)
    if due <= run.as_of:
        return True, f"since {start}", run.as_of, ()
    return False, f"since {start}", due, ()


def _no_ban(run: _Run, kind: str, years: int, subjects: tuple[str, ...],
            alternative: str | None = None) -> Leaf:
    findings = run.profile.findings
    if findings is None:
        return None, "findings not given", None, ("findings",)
    # The ban runs from the finding's date through its N-th anniversary (民法典 第二百零二条:
    # the corresponding day is the last day of the period); it is lifted the day after.
    # Findings dated after as_of ban nothing yet but will: met for good only after them.
    bans = [(f.date, add_years(f.date, years)) for f in findings
            if f.kind == kind and f.subject in subjects]
    return _spans(run, bans, "ban", "banned")


def _not_restricted(run: _Run, kind: str) -> Leaf:
    findings = run.profile.findings
    if findings is None:
        return None, "findings not given", None, ("findings",)
    missing: list[str] = []
    spans: list[tuple[dt.date, dt.date]] = []
    open_later: list[dt.date] = []
    for i, f in enumerate(findings):
        if f.kind != kind or f.subject != "candidate":
            continue
        if f.restricted_until is None:
            if f.date <= run.as_of:
                missing.append(f"findings[{i}].restricted_until")
            else:
                open_later.append(f.date)
        elif f.date <= f.restricted_until:
            spans.append((f.date, f.restricted_until))
    value, actual, when, _ = _spans(run, spans, "restriction", "restricted")
    if open_later:
        actual += f", then restricted from {min(open_later)} (end not given)"
        when = None
    if missing:
        when = None
        if value:
            return None, "restriction period not given", None, tuple(missing)
    return value, actual, when, ()


def _spans(run: _Run, spans: list[tuple[dt.date, dt.date]], noun: str, verb: str) -> Leaf:
    """Unmet while a span (first and last day included) covers as_of; met for good from
    the day after the last span ending on or after as_of."""
    running = [b for a, b in spans if a <= run.as_of <= b]
    later = sorted((a, b) for a, b in spans if a > run.as_of)
    actual = f"{verb} through {max(running)}" if running else f"no running {noun}"
    if later:
        actual += ", then " + ", ".join(f"{verb} from {a} through {b}" for a, b in later)
    ends = [b for _, b in spans if b >= run.as_of]
    return not running, actual, max(ends) + ONE_DAY if ends else run.as_of, ()


_LEAVES: dict[str, Callable[..., Leaf]] = {
    "grade": _grade, "tenure": _tenure, "fact": _fact, "attested": _attested,
    "honour": _honour, "contribution": _contribution, "award": _award, "title": _title,
    "recommended": _recommended, "employer": _employer, "employer_filing": _employer_filing,
    "employer_pilot": _employer_pilot,
    "employer_years": _employer_years, "no_ban": _no_ban, "occupation": _occupation, "not_restricted": _not_restricted,
}


