"""Plain-text rendering of decisions for terminals, in Chinese or English."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from baji.core.decision import Decision, LevelDecision, Trace
from baji.core.labels import IN_FORCE, PATH_LABEL, PRIORITY, STATUS_LABEL, field_label
from baji.core.levels import parse_level
from baji.render.columns import fit, pad, width, wrap_line
from baji.render.escape import terminal

__all__ = ["pad", "render_summary", "render_table", "render_when", "width"]

if TYPE_CHECKING:
    from baji.engine.batch import BatchSummary

_HEAD = {"zh": ("等级", "结论", "路径", "规则", "最早日期", "说明"),
         "en": ("level", "status", "path", "rule", "earliest", "details")}


def _details(item: LevelDecision, lang: str) -> str:
    if item.status == "eligible":
        refs = "; ".join(f"{c.document} {c.ref}" for c in item.citations[:3])
        more = "" if len(item.citations) <= 3 else f" (+{len(item.citations) - 3})"
        return refs + more
    if item.status == "undetermined":
        return _missing(item, lang)
    if item.status in ("ineligible", "not_covered") and item.earliest is not None:
        # Only time is missing on some path: name what the date waits for, not the
        # conditions of paths that are out of reach anyway.
        return _waits(item, (), lang)
    if item.status in ("ineligible", "not_covered"):
        unmet = []
        for result in item.results:
            unmet += [t.required.in_(lang) for t in result.unmet]
        unmet = list(dict.fromkeys(unmet))
        text = "; ".join(unmet[:3]) + (" …" if len(unmet) > 3 else "")
        if item.status == "not_covered":  # not a refusal: only the encoded routes failed
            return ("已编码途径未满足: " if lang == "zh" else "encoded routes unmet: ") + text
        return ("未满足: " if lang == "zh" else "unmet: ") + text if text else ""
    return item.message.in_(lang)


def render_table(decision: Decision, lang: str = "zh", columns: int | None = None) -> str:
    """A decision as a table: one row per level, with a header naming pack and date.

    ``columns``: the width to fit (cells wrap at spaces and punctuation); ``None``, no limit.
    """
    status_word = (IN_FORCE if decision.in_force else STATUS_LABEL["not_in_force"]).in_(lang)
    who = f" · {decision.profile_id}" if decision.profile_id else ""
    lines = wrap_line(f"{decision.pack} ({decision.document}) · {decision.as_of} · "
                      f"{status_word}{who}", columns)
    rows: list[tuple[str, ...]] = [_HEAD[lang]]
    for item in decision.levels:
        rows.append((item.level.name_in(lang), STATUS_LABEL[item.status].in_(lang),
                     PATH_LABEL[item.path].in_(lang) if item.path else "-",
                     item.rule or "-", item.earliest.isoformat() if item.earliest else "-",
                     _details(item, lang)))
    lines += fit(rows, columns)
    flags = [(item.level.name_in(lang), p.title.in_(lang)) for item in decision.levels
             for p in item.priority if p.result == "met"]
    for level, title in flags:
        lines += wrap_line(f"{PRIORITY.in_(lang)} [{level}] {title}", columns)
    for item in decision.levels:
        for note in item.notes:
            lines += wrap_line(("注 " if lang == "zh" else "note ")
                               + f"[{item.level.name_in(lang)}] " + note.in_(lang), columns)
    return terminal("\n".join(lines))


_WHEN_HEAD = {"zh": ("等级", "结论", "最早日期", "尚缺"), "en": ("level", "status", "earliest",
                                                            "still missing")}


def render_when(decision: Decision, lang: str = "zh", asked: dt.date | None = None,
                columns: int | None = None) -> str:
    """Per level: the earliest eligible date and what, besides time, is still missing.

    ``asked``: the date asked for, when the decision was made on a later one (the first
    day of the pack's window, for a date before it); the header says so. ``columns``: the
    width to fit, as in :func:`render_table`.
    """
    who = f" · {decision.profile_id}" if decision.profile_id else ""
    day = f"{decision.as_of}"
    if asked is not None and asked != decision.as_of:
        day = (f"{asked} 尚未施行，自施行之日 {decision.as_of} 起计算" if lang == "zh" else
               f"not in force on {asked}: counted from its first day, {decision.as_of}")
    lines = wrap_line(f"{decision.pack} · {day}{who}", columns)
    rows: list[tuple[str, ...]] = [_WHEN_HEAD[lang]]
    for item in decision.levels:
        if item.status == "eligible":
            when = decision.as_of.isoformat()
            rest = "-"
        elif item.status == "not_in_force":
            when = "-"
            rest = item.message.in_(lang)
        else:
            when = item.earliest.isoformat() if item.earliest else (
                "无" if lang == "zh" else "none")
            rest = _still_missing(item, decision.trace, lang)
        rows.append((item.level.name_in(lang), STATUS_LABEL[item.status].in_(lang), when, rest))
    lines += fit(rows, columns)
    for note in decision.assumptions:
        lines += wrap_line(("假设 " if lang == "zh" else "assumed ") + note.in_(lang), columns)
    return terminal("\n".join(lines))


def _missing(item: LevelDecision, lang: str) -> str:
    """What an undetermined level lacks: field labels in Chinese, field paths in English."""
    if lang == "zh":
        return "缺少：" + "；".join(field_label(f, lang) for f in item.missing)
    return "missing: " + ", ".join(item.missing)


def _waits(item: LevelDecision, trace: tuple[Trace, ...], lang: str) -> str:
    """The conditions the earliest date waits for, each with the day it is met:
    「高级技师岗位工作满5年，2027-03-15 起符合」, "5 years in post (2027-03-15)"."""
    day = item.earliest
    timed = [r for r in item.results if day is not None and r.earliest == day]
    found = [t for r in timed for t in r.unmet
             if t.becomes_met is not None and day is not None and t.becomes_met <= day]
    # A condition met today that a finding dated later interrupts (a ban to come)
    # may be what sets the date: it is met now, so no rule lists it as unmet.
    found += [t for t in trace if t.met and day is not None and t.becomes_met == day]
    if lang == "zh":
        texts = [f"{t.required.zh}，{t.becomes_met} 起符合" for t in found]
        return "仅待时间：" + "；".join(dict.fromkeys(texts))
    texts = [f"{t.required.en} ({t.becomes_met})" for t in found]
    return "only time: " + "; ".join(dict.fromkeys(texts))


def _still_missing(item: LevelDecision, trace: tuple[Trace, ...], lang: str) -> str:
    if item.status == "undetermined":
        return _missing(item, lang)
    if item.earliest is not None:
        return _waits(item, trace, lang)
    # Without a date, something other than time is unmet on every path: show the path
    # that misses least.
    best = min(item.results, key=lambda r: len(r.unmet) + len(r.unknown), default=None)
    if best is None:
        return "-"
    items = [t.required.in_(lang) for t in best.unmet if t.becomes_met is None]
    # An unmet path may also list the unknown conditions that withhold its date.
    items += [t.required.in_(lang) + ("（未知）" if lang == "zh" else " (unknown)")
              for t in best.unknown]
    head = f"{best.rule}: "
    return head + "; ".join(items[:4]) + (" …" if len(items) > 4 else "")


def render_summary(summary: BatchSummary, lang: str = "zh") -> str:
    """The end-of-batch summary: rows read, good, bad, and statuses per pack and level."""
    if lang == "zh":
        lines = [f"共读取 {summary.read} 行：有效 {summary.good}，出错 {summary.bad}"]
    else:
        lines = [f"{summary.read} rows read: {summary.good} good, {summary.bad} bad"]
    for pack, levels in sorted(summary.statuses.items()):
        for level, counts in levels.items():
            parts = ", ".join(f"{STATUS_LABEL[k].in_(lang)} {v}" for k, v in sorted(counts.items()))
            named = parse_level(level)
            lines.append(f"  {pack} {named.name_in(lang) if named else level}: {parts}")
    return terminal("\n".join(lines))
