"""Renderers of an :class:`~baji.analysts.impact.ImpactReport`: terminal summary, JSON, HTML.

The JSON writer streams the candidate changes (one per line inside the ``changes``
array) from any iterable, so a report over a large roster never needs them all in
memory. The HTML page is self-contained: inline CSS and inline SVG charts drawn by
:mod:`baji.render.svg`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from baji.analysts.impact import CandidateChange, ImpactReport, PathCount, Reason
from baji.core.labels import ANY_PATH, NOT_RULED, PATH_LABEL, STATUS_LABEL
from baji.render.columns import fit, wrap_line
from baji.render.escape import terminal
from baji.render.html import esc, page
from baji.render.svg import diverging_bars, grouped_bars

#: How many candidate changes and bad rows the HTML page lists (all are in the JSON).
HTML_LIST_LIMIT = 500

_W = {
    "zh": {"title": "政策变化对人群的影响", "rows": "读取行数", "evaluated": "已评估",
           "bad": "坏行", "changed": "资格变化（人·等级）", "candidates": "资格变化的人数",
           "not_comparable": "一方未覆盖、不可比", "uncovered": "未覆盖", "level": "等级", "path": "途径",
           "gained": "新获资格", "lost": "失去资格", "stayed": "保持资格", "reasons": "决定差异的条件",
           "matrix": "结论转移", "count": "人数", "side": "所依规则包", "changes": "资格变化的候选人",
           "row": "行", "id": "编号", "change": "变化", "because": "差异条件", "error": "错误",
           "shown": "显示前 {n} 项，共 {total} 项；完整列表见 --format json",
           "chart_counts": "各等级、各途径的符合人数", "chart_flips": "各等级资格变化",
           "unknown": "（未知）", "rule": "规则", "as_of": "评估日期"},
    "en": {"title": "Population impact of a pack change", "rows": "rows read",
           "evaluated": "evaluated", "bad": "bad rows",
           "changed": "eligibility changes (candidate x level)",
           "candidates": "candidates whose eligibility changes",
           "not_comparable": "not comparable (a pack does not cover the level)",
           "uncovered": "not covered",
           "level": "level", "path": "path", "gained": "gained", "lost": "lost",
           "stayed": "stayed", "reasons": "conditions that made the difference",
           "matrix": "status transitions", "count": "count", "side": "pack",
           "changes": "candidates whose eligibility changes", "row": "row", "id": "id",
           "change": "change", "because": "deciding conditions", "error": "error",
           "shown": "first {n} of {total} shown; --format json has them all",
           "chart_counts": "eligible candidates per level and path",
           "chart_flips": "eligibility changes per level", "unknown": " (unknown)",
           "rule": "rule", "as_of": "as of"},
}


def _path(path: str, lang: str) -> str:
    """A path's label, or ``any`` path's in counts over every path."""
    return (ANY_PATH if path == "any" else PATH_LABEL[path]).in_(lang)


def _status(status: str | None, lang: str) -> str:
    """A status's label; ``None`` where the pack does not rule on the level."""
    return (NOT_RULED if status is None else STATUS_LABEL[status]).in_(lang)


def _pack(report: ImpactReport, side: str) -> str:
    return report.a.id if side == "a" else report.b.id


def _reason_text(reason: Reason, lang: str) -> str:
    text = reason.required.in_(lang)
    if reason.met is None:
        text += _W[lang]["unknown"]
    refs = "; ".join(dict.fromkeys(c.ref for c in reason.citations))
    return text + (f" [{refs}]" if refs else "")


def _uncovered(c: PathCount) -> str:
    """Eligible under one pack where the other does not cover the level: A / B side."""
    if not (c.uncovered_in_a or c.uncovered_in_b):
        return "0"
    return f"A {c.uncovered_in_a} / B {c.uncovered_in_b}"


def _shown_counts(report: ImpactReport) -> list[PathCount]:
    """The ``any`` row of every level, and path rows where some pack has a candidate."""
    return [c for c in report.counts
            if c.path == "any" or c.eligible_a or c.eligible_b]


# -- terminal -----------------------------------------------------------------------------
def _table(rows: list[tuple[str, ...]], numeric: set[int], columns: int | None
           ) -> list[str]:
    return fit(rows, columns, numeric=frozenset(numeric))


def render_summary(report: ImpactReport, lang: str = "zh", columns: int | None = None) -> str:
    """A terminal summary: counts per level and path, status transitions, the most
    frequent deciding conditions, and the number of bad rows; within ``columns`` display
    columns (``None``: no limit), the tables' cells wrapping to fit."""
    w = _W[lang]
    out = wrap_line(f"{w['title']}: A = {report.a.id}, B = {report.b.id}, "
                    f"{w['as_of']} {report.as_of}", columns)
    out += wrap_line(f"{w['rows']} {report.rows} = {w['evaluated']} {report.evaluated} + "
                     f"{w['bad']} {len(report.bad)}", columns)
    out += wrap_line(f"{w['candidates']} {report.candidates_changed}; {w['changed']} "
                     f"{report.changed}; {w['not_comparable']} {report.not_comparable}", columns)
    out.append("")
    rows: list[tuple[str, ...]] = [(w["level"], w["path"], f"A {report.a.id}",
                                    f"B {report.b.id}", w["gained"], w["lost"], w["stayed"],
                                    w["uncovered"])]
    for c in _shown_counts(report):
        rows.append((c.level.name_in(lang), _path(c.path, lang), str(c.eligible_a),
                     str(c.eligible_b), f"+{c.gained}", f"-{c.lost}", str(c.stayed),
                     _uncovered(c)))
    out += _table(rows, {2, 3, 4, 5, 6, 7}, columns)
    out += ["", f"{w['matrix']}:"]
    rows = [(w["level"], f"A {report.a.id}", f"B {report.b.id}", w["count"])]
    for s in report.statuses:
        rows.append((s.level.name_in(lang), _status(s.status_a, lang),
                     _status(s.status_b, lang), str(s.count)))
    out += _table(rows, {3}, columns)
    if report.reasons:
        out += ["", f"{w['reasons']}:"]
        rows = [(w["level"], w["change"], w["side"], w["count"], "")]
        for r in report.reasons:
            rows.append((r.level.name_in(lang), w[r.change], _pack(report, r.side),
                         str(r.count), _reason_text(Reason(side=r.side, pack="", rule=None,
                                                           kind=r.kind, required=r.required,
                                                           actual="", met=False,
                                                           citations=r.citations), lang)))
        out += _table(rows, {3}, columns)
    if report.bad:
        out += ["", f"{w['bad']}: {len(report.bad)}"]
    return terminal("\n".join(out) + "\n")


# -- JSON ---------------------------------------------------------------------------------
def write_json(report: ImpactReport, changes: Iterable[CandidateChange], out: TextIO) -> int:
    """Write the report as one JSON object whose ``changes`` array is streamed from
    ``changes`` (one change per line). Returns the number of changes written."""
    head = json.loads(report.model_dump_json(exclude={"changes"}))
    text = json.dumps(head, ensure_ascii=False, indent=2)
    out.write(text[: text.rfind("}")].rstrip() + ',\n  "changes": [')
    count = 0
    for change in changes:
        out.write(("\n    " if count == 0 else ",\n    ") + change.model_dump_json())
        count += 1
    out.write("\n  ]\n}\n" if count else "]\n}\n")
    return count


# -- HTML ---------------------------------------------------------------------------------
def render_html(report: ImpactReport, changes: Iterable[CandidateChange] = (),
                lang: str = "zh") -> str:
    """The report as one self-contained HTML page with inline SVG charts; lists at most
    :data:`HTML_LIST_LIMIT` candidate changes and bad rows."""
    w = _W[lang]
    body = [f"<h1>{esc(w['title'])}</h1>",
            f'<p class="meta">A: <code>{esc(report.a.id)}</code> {esc(report.a.document)} · '
            f"B: <code>{esc(report.b.id)}</code> {esc(report.b.document)} · "
            f"{esc(w['as_of'])} {report.as_of}</p>", '<div class="summary">']
    for label, value in ((w["rows"], report.rows), (w["evaluated"], report.evaluated),
                         (w["bad"], len(report.bad)),
                         (w["candidates"], report.candidates_changed),
                         (w["changed"], report.changed),
                         (w["not_comparable"], report.not_comparable)):
        body.append(f'<div class="card">{esc(label)}<b>{value}</b></div>')
    body.append("</div>")
    shown = _shown_counts(report)
    categories = [f"{c.level.name_in(lang)} · {_path(c.path, lang)}" for c in shown]
    body.append(f"<h2>{esc(w['chart_counts'])}</h2>")
    body.append(grouped_bars(w["chart_counts"], categories, [
        (f"A {report.a.id}", [c.eligible_a for c in shown], "#3b6fb6"),
        (f"B {report.b.id}", [c.eligible_b for c in shown], "#d9822b")]))
    anys = [c for c in report.counts if c.path == "any"]
    body.append(f"<h2>{esc(w['chart_flips'])}</h2>")
    body.append(diverging_bars(w["chart_flips"], [c.level.name_in(lang) for c in anys],
                               w["lost"], [c.lost for c in anys], w["gained"],
                               [c.gained for c in anys]))
    body.append(f"<table><tr><th>{w['level']}</th><th>{w['path']}</th>"
                f'<th class="num">A {esc(report.a.id)}</th>'
                f'<th class="num">B {esc(report.b.id)}</th><th class="num">{w["gained"]}</th>'
                f'<th class="num">{w["lost"]}</th><th class="num">{w["stayed"]}</th>'
                f'<th class="num">{w["uncovered"]}</th></tr>')
    for c in shown:
        body.append(f"<tr><td>{esc(c.level.name_in(lang))}</td><td>{_path(c.path, lang)}</td>"
                    f'<td class="num">{c.eligible_a}</td><td class="num">{c.eligible_b}</td>'
                    f'<td class="num">+{c.gained}</td><td class="num">-{c.lost}</td>'
                    f'<td class="num">{c.stayed}</td>'
                    f'<td class="num">{esc(_uncovered(c))}</td></tr>')
    body.append("</table>")
    body.append(f"<h2>{esc(w['matrix'])}</h2><table><tr><th>{w['level']}</th>"
                f"<th>A {esc(report.a.id)}</th><th>B {esc(report.b.id)}</th>"
                f'<th class="num">{w["count"]}</th></tr>')
    for s in report.statuses:
        body.append(f"<tr><td>{esc(s.level.name_in(lang))}</td>"
                    f"<td>{esc(_status(s.status_a, lang))}</td>"
                    f"<td>{esc(_status(s.status_b, lang))}</td>"
                    f'<td class="num">{s.count}</td></tr>')
    body.append("</table>")
    if report.reasons:
        body.append(f"<h2>{esc(w['reasons'])}</h2><table><tr><th>{w['level']}</th>"
                    f"<th>{w['change']}</th><th>{w['side']}</th>"
                    f'<th class="num">{w["count"]}</th><th>{w["because"]}</th></tr>')
        for r in report.reasons:
            refs = "; ".join(dict.fromkeys(c.ref for c in r.citations))
            body.append(f"<tr><td>{esc(r.level.name_in(lang))}</td><td>{w[r.change]}</td>"
                        f"<td>{esc(_pack(report, r.side))}</td>"
                        f'<td class="num">{r.count}</td><td>{esc(r.required.in_(lang))}'
                        f'<span class="cite">{esc(refs)}</span></td></tr>')
        body.append("</table>")
    body += _changes_html(report, changes, lang)
    if report.bad:
        body.append(f"<h2>{esc(w['bad'])} ({len(report.bad)})</h2><table><tr>"
                    f"<th>{w['row']}</th><th>{w['error']}</th></tr>")
        for bad in report.bad[:HTML_LIST_LIMIT]:
            body.append(f"<tr><td>{bad.row}</td><td><pre>{esc(bad.error)}</pre></td></tr>")
        body.append("</table>")
        if len(report.bad) > HTML_LIST_LIMIT:
            note = w["shown"].format(n=HTML_LIST_LIMIT, total=len(report.bad))
            body.append(f'<p class="muted">{esc(note)}</p>')
    return page(f"{w['title']}: {report.a.id} / {report.b.id}", "\n".join(body), lang)


def _changes_html(report: ImpactReport, changes: Iterable[CandidateChange],
                  lang: str) -> list[str]:
    w = _W[lang]
    out = [f"<h2>{esc(w['changes'])} ({report.candidates_changed})</h2><table><tr><th>{w['row']}</th>"
           f"<th>{w['id']}</th><th>{w['level']}</th><th>{w['change']}</th>"
           f"<th>A</th><th>B</th><th>{w['because']}</th></tr>"]
    shown = 0
    for change in changes:
        if shown >= HTML_LIST_LIMIT:
            break
        shown += 1
        because = "<br>".join(esc(_reason_text(r, lang)) for r in change.reasons)
        side_a = _status(change.status_a, lang) + (
            f" ({_path(change.path_a, lang)})" if change.path_a else "")
        side_b = _status(change.status_b, lang) + (
            f" ({_path(change.path_b, lang)})" if change.path_b else "")
        rule = change.reasons[0].rule if change.reasons and change.reasons[0].rule else ""
        out.append(f"<tr><td>{change.row}</td><td>{esc(change.profile_id or '')}</td>"
                   f"<td>{esc(change.level.name_in(lang))}</td><td>{w[change.change]}</td>"
                   f"<td>{esc(side_a)}</td><td>{esc(side_b)}</td><td>{because}"
                   + (f'<span class="cite">{w["rule"]} {esc(rule)}</span>' if rule else "")
                   + "</td></tr>")
    out.append("</table>")
    if report.changed > shown:
        out.append(f'<p class="muted">{esc(w["shown"].format(n=shown, total=report.changed))}'
                   "</p>")
    return out
