"""A decision as a clerk reads it: per level the outcome in words, the path, each
condition met, unmet or unknown by its label, the clauses quoted with their document
number, the earliest date and what would settle an undetermined answer.

:func:`outline` gathers this from a :class:`~baji.core.decision.Decision` alone (the
conditions a path meets are named in :attr:`~baji.core.decision.PathResult.met` and found
in the decision's trace), in Chinese or English; :func:`explain_text` writes it as plain
text (``Decision.explain``) and :mod:`baji.render.sheet` as a printable HTML page, so the
two cannot say different things. Field paths never appear: a missing fact is named by
its label (:func:`baji.core.labels.field_name`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from baji.core.decision import Citation, Decision, LevelDecision, Met, PathResult, Trace
from baji.core.labels import IN_FORCE, PATH_IN_FULL, PATH_LABEL, PRIORITY, STATUS_LABEL, field_name

Lang = Literal["zh", "en"]

#: The words of the outline, (Chinese, English).
WORDS: dict[str, tuple[str, str]] = {
    "met": ("满足", "met"), "unmet": ("未满足", "unmet"), "unknown": ("未知", "unknown"),
    "path": ("途径", "path"), "open": ("可用途径", "open paths"), "none": ("无", "none"),
    "earliest": ("最早日期", "earliest date"), "conditions": ("条件", "conditions"),
    "clauses": ("依据条款", "clauses"), "settle": ("补充以下信息即可确定", "to settle it, give"),
    "already": ("已符合", "eligible already"), "no_date": ("暂无（时间之外的条件未满足）",
                                                       "none (not only time is missing)"),
    "after_facts": ("补充信息后确定", "once the missing facts are given"),
    "from": ("起满足", "met from"), "note": ("注", "note"), "assumed": ("假设", "assumed"),
    "as_of": ("评价日期", "as of"), "candidate": ("候选人", "candidate"),
    "rule": ("规则", "rule"), "title": ("评价结论单", "Decision sheet"),
    "window": ("施行期", "in force"), "status": ("结论", "outcome"),
    "undetermined": ("无法确定，尚缺以下信息", "undetermined: facts are missing"),
}


def word(key: str, lang: str) -> str:
    """One of :data:`WORDS` in ``lang``."""
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of a path: its text, met/unmet/unknown, the references of its
    clauses, the day time meets it (unmet only) and the pack's note on it."""

    text: str
    state: Met
    refs: tuple[str, ...]
    becomes_met: dt.date | None
    note: str | None


@dataclass(frozen=True, slots=True)
class PathPart:
    """One path rule of a level: its title, path, result and conditions."""

    rule: str
    title: str
    path: str
    state: Met
    earliest: dt.date | None
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class LevelPart:
    """One level of the sheet (``level_id``: the level's id, ``level`` its name)."""

    level_id: str
    level: str
    status: str
    status_id: str
    outcome: str
    path: str
    earliest: str
    paths: tuple[PathPart, ...]
    settle: tuple[str, ...]
    clauses: tuple[Citation, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Outline:
    """A decision as the sheet shows it, in one language."""

    lang: Lang
    pack: str
    document: str
    jurisdiction: str
    as_of: dt.date
    in_force: str
    window: str
    candidate: str | None
    levels: tuple[LevelPart, ...]
    assumptions: tuple[str, ...]


def outline(decision: Decision, lang: Lang = "zh") -> Outline:
    """What the sheet says about ``decision``, in ``lang`` (``zh`` or ``en``)."""
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r} (hint: 'zh' or 'en')")
    nodes = {t.node: t for t in decision.trace}
    refs = _refs(decision)
    until = decision.window_until.isoformat() if decision.window_until else "…"
    status = (IN_FORCE if decision.in_force else STATUS_LABEL["not_in_force"]).in_(lang)
    return Outline(
        lang=lang, pack=decision.pack, document=decision.document,
        jurisdiction=decision.jurisdiction, as_of=decision.as_of, in_force=status,
        window=f"{decision.window_from.isoformat()} .. {until}",
        candidate=decision.profile_id,
        levels=tuple(_level(item, decision, nodes, refs, lang) for item in decision.levels),
        assumptions=tuple(a.in_(lang) for a in decision.assumptions))


def _refs(decision: Decision) -> dict[str, Citation]:
    """Every clause the decision quotes, by clause id."""
    found: dict[str, Citation] = {}
    for item in decision.levels:
        for c in item.citations:
            found.setdefault(c.clause, c)
        for result in item.results:
            for c in result.citations:
                found.setdefault(c.clause, c)
    return found


def _level(item: LevelDecision, decision: Decision, nodes: dict[str, Trace],
           refs: dict[str, Citation], lang: Lang) -> LevelPart:
    met = [r for r in item.results if r.result == "met"]
    shown = [r for r in met if r.rule == item.rule] if met else list(item.results)
    if item.path is not None:
        path = PATH_IN_FULL[item.path].in_(lang)
        if len(item.paths) > 1:
            others = "、" if lang == "zh" else ", "
            path += (f"（{word('open', lang)}：" if lang == "zh" else f" ({word('open', lang)}: ")
            path += others.join(PATH_LABEL[p].in_(lang) for p in item.paths)
            path += "）" if lang == "zh" else ")"
    else:
        path = word("none", lang)
    if item.status == "eligible":
        earliest = f"{word('already', lang)}（{decision.as_of}）" if lang == "zh" else \
            f"{word('already', lang)} ({decision.as_of})"
    elif item.earliest is not None:
        earliest = item.earliest.isoformat()
    elif item.status == "undetermined":
        earliest = word("after_facts", lang)
    elif item.status == "not_in_force":
        earliest = "—"
    else:
        earliest = word("no_date", lang)
    clauses: dict[str, Citation] = {}
    for c in (item.citations if met else [c for r in item.results for c in r.citations]):
        clauses.setdefault(c.clause, c)
    notes = [n.in_(lang) for n in item.notes]
    notes += [f"{PRIORITY.in_(lang)}: {p.title.in_(lang)}" for p in item.priority
              if p.result == "met"]
    # An undetermined level's message lists the missing facts by field path: say it in
    # words here, the facts follow by their labels.
    outcome = (f"{item.level.name_in(lang)}：{word('undetermined', lang)}" if lang == "zh"
               else f"{item.level.name_in(lang)}: {word('undetermined', lang)}"
               ) if item.status == "undetermined" else item.message.in_(lang)
    return LevelPart(
        level_id=item.level.value, level=item.level.name_in(lang),
        status=STATUS_LABEL[item.status].in_(lang), status_id=item.status, outcome=outcome,
        path=path, earliest=earliest,
        paths=tuple(_path(r, nodes, refs, lang) for r in shown),
        settle=tuple(dict.fromkeys(field_name(f, lang) for f in item.missing)),
        clauses=tuple(clauses.values()), notes=tuple(notes))


def _path(result: PathResult, nodes: dict[str, Trace], refs: dict[str, Citation],
          lang: Lang) -> PathPart:
    """A path with its unmet, then unknown, then met conditions."""
    traces: list[tuple[Met, Trace]] = [("unmet", t) for t in result.unmet]
    traces += [("unknown", t) for t in result.unknown]
    traces += [("met", nodes[n]) for n in result.met if n in nodes]
    conditions = tuple(
        Condition(text=t.required.in_(lang), state=state,
                  refs=tuple(dict.fromkeys(refs[c].ref for c in t.cite if c in refs)),
                  becomes_met=t.becomes_met if state == "unmet" else None,
                  note=t.note.in_(lang) if t.note is not None else None)
        for state, t in traces)
    return PathPart(rule=result.rule, title=result.title.in_(lang),
                    path=PATH_LABEL[result.path].in_(lang), state=result.result,
                    earliest=result.earliest, conditions=conditions)


_MARK = {"met": "✓", "unmet": "✗", "unknown": "?"}


def explain_text(decision: Decision, lang: Lang = "zh") -> str:
    """The decision as plain text, level by level (see :func:`outline`).

    The pack's and the profile's texts appear as they are: escape the result for the
    output it goes to (:mod:`baji.render.escape`).
    """
    sheet = outline(decision, lang)
    colon = "：" if lang == "zh" else ": "
    head = f"{sheet.document} · {sheet.pack} · {word('as_of', lang)} {sheet.as_of} · " \
           f"{sheet.in_force}"
    if sheet.candidate:
        head += f" · {word('candidate', lang)} {sheet.candidate}"
    lines = [head]
    lines += [f"{word('assumed', lang)}{colon}{a}" for a in sheet.assumptions]
    for level in sheet.levels:
        lines += ["", f"【{level.level}】{level.status} — {level.outcome}",
                  f"  {word('path', lang)}{colon}{level.path}",
                  f"  {word('earliest', lang)}{colon}{level.earliest}"]
        for path in level.paths:
            lines.append(f"  {word('conditions', lang)}（{path.title}）{colon}" if lang == "zh"
                         else f"  {word('conditions', lang)} ({path.title}){colon}")
            for c in path.conditions:
                line = f"    {_MARK[c.state]} {word(c.state, lang)}  {c.text}"
                if c.becomes_met is not None:
                    line += f"（{c.becomes_met} {word('from', lang)}）" if lang == "zh" else \
                        f" ({word('from', lang)} {c.becomes_met})"
                if c.refs:
                    line += (f" 〔{'；'.join(c.refs)}〕" if lang == "zh"
                             else f" [{'; '.join(c.refs)}]")
                lines.append(line)
        if level.settle:
            sep = "；" if lang == "zh" else "; "
            lines.append(f"  {word('settle', lang)}{colon}{sep.join(level.settle)}")
        if level.clauses:
            lines.append(f"  {word('clauses', lang)}{colon}")
            lines += [f"    {c.document} {c.ref}{colon}「{c.text}」" for c in level.clauses]
        lines += [f"  {word('note', lang)}{colon}{n}" for n in level.notes]
    return "\n".join(line.rstrip() for line in lines) + "\n"
