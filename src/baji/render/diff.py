"""Renderers of a :class:`~baji.analysts.diff.PackDiff`: terminal table, Markdown, HTML, JSON.

All are pure functions of the diff and a language (``zh`` or ``en``); none adds dates or
anything else that would make two renderings of one diff differ.
"""

from __future__ import annotations

import json

from baji.analysts.diff import Item, Member, PackDiff, PackRef, Side
from baji.analysts.summary import SET_FACETS
from baji.core.decision import Citation
from baji.core.labels import PATH_LABEL
from baji.core.levels import Level
from baji.render.columns import pad, width, wrap, wrap_line
from baji.render.escape import markdown as _md
from baji.render.escape import terminal
from baji.render.html import esc, page

FORMATS = ("table", "markdown", "html", "json")

_MARK = {"added": "+", "removed": "-", "changed": "~", "same": "="}
_WORDS = {
    "zh": {"title": "规则包语义比较", "only_b": "仅 B 有", "only_a": "仅 A 有", "changed": "不同",
           "agree": "一致", "none": "—", "pack": "规则包", "what": "比较项", "common": "共同",
           "no_diff": "两个规则包在所有对齐项上一致。", "whole": "全局", "items": "项",
           "differences": "处差异", "agreements": "一致的对齐项", "citations": "引用条款",
           "window": "施行期", "open": "无终止日期", "document": "文件",
           "folded": "另有 {count} 项属于仅一方具有的{path}途径；--format markdown 显示全部"},
    "en": {"title": "Semantic pack diff", "only_b": "only in B", "only_a": "only in A",
           "changed": "changed", "agree": "agree", "none": "—", "pack": "pack",
           "what": "what", "common": "common", "no_diff": "The packs agree on every aligned "
           "item.", "whole": "whole pack", "items": "items", "differences": "differences",
           "agreements": "aligned items that agree", "citations": "cited clauses",
           "window": "window in force", "open": "open", "document": "document",
           "folded": "{count} more items of the {path} path only one pack has; "
                     "--format markdown shows all"},
}


def render(diff: PackDiff, fmt: str = "table", lang: str = "zh",
           columns: int | None = None) -> str:
    """Render ``diff`` as ``table``, ``markdown``, ``html`` or ``json`` (``columns``: the
    width the table fits, ``None`` for the default :data:`_WIDTH`).

    Raises:
        ValueError: an unknown format.
    """
    if fmt == "table":
        return render_table(diff, lang, columns)
    if fmt == "markdown":
        return render_markdown(diff, lang)
    if fmt == "html":
        return render_html(diff, lang)
    if fmt == "json":
        return render_json(diff)
    raise ValueError(f"unknown diff format {fmt!r} (formats: {', '.join(FORMATS)})")


def render_json(diff: PackDiff) -> str:
    """The diff as indented JSON (round-trips with ``PackDiff.model_validate_json``)."""
    return json.dumps(json.loads(diff.model_dump_json()), ensure_ascii=False, indent=2) + "\n"


# -- shared -------------------------------------------------------------------------------
def _level_name(level: Level | None, lang: str) -> str:
    if level is None:
        return _WORDS[lang]["whole"]
    return f"{level.zh} {level.value}" if lang == "zh" else f"{level.en} ({level.zh})"


def _window(ref: PackRef, lang: str) -> str:
    until = ref.window_until.isoformat() if ref.window_until else _WORDS[lang]["open"]
    return f"{ref.window_from.isoformat()} .. {until}"


def _counts(diff: PackDiff, lang: str) -> str:
    w = _WORDS[lang]
    n = {c: sum(1 for i in diff.items if i.change == c) for c in ("added", "removed",
                                                                  "changed")}
    return (f"{len(diff.items)} {w['differences']} (+{n['added']} {w['only_b']}, "
            f"-{n['removed']} {w['only_a']}, ~{n['changed']} {w['changed']}); "
            f"{len(diff.same)} {w['agreements']}")


def _refs(side: Side) -> str:
    return "; ".join(dict.fromkeys(c.ref for c in side.citations))


def _names(members: tuple[Member, ...], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(m.zh if lang == "zh" else m.en for m in members)


def _by_level(items: tuple[Item, ...]) -> list[tuple[Level | None, list[Item]]]:
    """Items grouped by level, lowest level first and pack-wide items last."""
    groups: dict[Level | None, list[Item]] = {}
    for item in items:
        groups.setdefault(item.level, []).append(item)
    return sorted(groups.items(), key=lambda kv: 99 if kv[0] is None else kv[0].rank)


# -- terminal table -----------------------------------------------------------------------
#: The width of the table when none is given: two 46-column sides, as before widths were
#: read from the terminal.
_WIDTH = 143
_LINES = 4


def _cell(lines: list[str], size: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(wrap(line, size))
    if len(out) > _LINES:
        out = out[:_LINES]
        out[-1] = out[-1][: max(0, len(out[-1]) - 1)] + "…"
    return out


def _table_side(item: Item, side: Side | None, members: tuple[Member, ...], sign: str,
                lang: str) -> list[str]:
    if side is None:
        return [_WORDS[lang]["none"]]
    if item.facet in SET_FACETS:
        lines = [f"{sign} {_names(members, lang)}"] if members else []
    else:
        lines = [side.text.in_(lang)]
    refs = _refs(side)
    if refs:
        lines.append(f"[{refs}]")
    return lines or [""]


def render_table(diff: PackDiff, lang: str = "zh", columns: int | None = None) -> str:
    """The diff as a plain-text table for terminals, one section per level, within
    ``columns`` display columns (default :data:`_WIDTH`); cells wrap at spaces and
    punctuation, never inside a clause reference."""
    w = _WORDS[lang]
    total = _WIDTH if columns is None else columns
    indent = width(w["title"]) + 2
    out = wrap_line(f"{w['title']}: A = {diff.a.id} ({diff.a.document}, "
                    f"{_window(diff.a, lang)})", total, indent)
    out += wrap_line(f"{' ' * indent}B = {diff.b.id} ({diff.b.document}, "
                     f"{_window(diff.b, lang)})", total, indent)
    out += wrap_line(_counts(diff, lang), total)
    if diff.empty:
        out.append(w["no_diff"])
        return terminal("\n".join(out) + "\n")
    label_size = max(width(i.label.in_(lang)) for i in diff.items)
    label_size = min(max(label_size, width(w["what"])), 40)
    # " M   label   A   B": a 5-column margin, two 3-column gaps, the sides share the rest.
    label_size = max(8, min(label_size, (total - 11) // 4))
    side = max(8, (total - 11 - label_size) // 2)
    head = ["", pad(w["what"], label_size), pad("A " + diff.a.id, side), "B " + diff.b.id]
    one_sided = {(i.level, i.path) for i in diff.items
                 if i.facet == "paths" and i.change in ("added", "removed")}
    for level, items in _by_level(diff.items):
        out.append("")
        out.append(f"== {_level_name(level, lang)} ==")
        out.append("   ".join(head).rstrip())
        folded: dict[str | None, int] = {}
        for item in items:
            if item.facet != "paths" and (item.level, item.path) in one_sided:
                folded[item.path] = folded.get(item.path, 0) + 1
                continue
            label = [item.label.in_(lang)]
            if item.common:
                label.append(f"= {len(item.common)} {w['common']}")
            cols = [_cell(label, label_size),
                    _cell(_table_side(item, item.a, item.removed, "-", lang), side),
                    _cell(_table_side(item, item.b, item.added, "+", lang), side)]
            rows = max(len(c) for c in cols)
            for r in range(rows):
                mark = _MARK[item.change] if r == 0 else " "
                cells = [c[r] if r < len(c) else "" for c in cols]
                out.append(f" {mark}   {pad(cells[0], label_size)}   {pad(cells[1], side)}   "
                           f"{cells[2]}".rstrip())
        for path, count in folded.items():
            word = PATH_LABEL.get(path or "")
            name = word.in_(lang) if word is not None else path or ""
            out += wrap_line(f"     ({w['folded'].format(count=count, path=name)})", total, 6)
    return terminal("\n".join(out) + "\n")


# -- Markdown -----------------------------------------------------------------------------
def _md_side(item: Item, side: Side | None, members: tuple[Member, ...], sign: str,
             lang: str) -> str:
    if side is None:
        return _WORDS[lang]["none"]
    if item.facet in SET_FACETS:
        text = f"{sign} {_names(members, lang)}" if members else ""
    else:
        text = side.text.in_(lang)
    refs = _refs(side)
    return _md(text) + (f" <br>*{_md(refs)}*" if refs else "")


def render_markdown(diff: PackDiff, lang: str = "zh") -> str:
    """The diff as Markdown: a table per level, then the quoted clauses cited."""
    w = _WORDS[lang]
    out = [f"# {w['title']}: {diff.a.id} / {diff.b.id}", "",
           f"| | {w['pack']} | {w['document']} | {w['window']} |", "|---|---|---|---|",
           f"| A | `{diff.a.id}` | {_md(diff.a.document)} | {_window(diff.a, lang)} |",
           f"| B | `{diff.b.id}` | {_md(diff.b.document)} | {_window(diff.b, lang)} |", "",
           _counts(diff, lang) + ".", ""]
    if diff.empty:
        out += [w["no_diff"], ""]
    for level, items in _by_level(diff.items):
        out += [f"## {_level_name(level, lang)}", "",
                f"| | {w['what']} | A `{diff.a.id}` | B `{diff.b.id}` |", "|---|---|---|---|"]
        for item in items:
            label = _md(item.label.in_(lang))
            if item.common:
                label += f" <br>= {w['common']}: {_md(_names(item.common, lang))}"
            out.append(f"| {_MARK[item.change]} | {label} | "
                       f"{_md_side(item, item.a, item.removed, '−', lang)} | "
                       f"{_md_side(item, item.b, item.added, '+', lang)} |")
        out.append("")
    cited = _cited(diff)
    if cited:
        out += [f"## {w['citations']}", ""]
        for pack_id, citations in cited:
            for c in citations:
                out.append(f"- `{pack_id}` {_md(c.document)} {_md(c.ref)}: {_md(c.text)}")
        out.append("")
    return "\n".join(out)


def _cited(diff: PackDiff) -> list[tuple[str, list[Citation]]]:
    out = []
    for ref, first in ((diff.a, True), (diff.b, False)):
        seen: dict[str, Citation] = {}
        for item in diff.items:
            side = item.a if first else item.b
            for c in side.citations if side else ():
                seen.setdefault(c.clause, c)
        out.append((ref.id, list(seen.values())))
    return [(pid, cs) for pid, cs in out if cs]


# -- HTML ---------------------------------------------------------------------------------
def _html_cites(side: Side) -> str:
    if not side.citations:
        return ""
    parts = [f'<abbr title="{esc(c.document + " " + c.ref + "：" + c.text)}">{esc(c.ref)}</abbr>'
             for c in dict((c.clause, c) for c in side.citations).values()]
    return f'<span class="cite">{"; ".join(parts)}</span>'


def _html_side(item: Item, side: Side | None, members: tuple[Member, ...], sign: str,
               lang: str) -> str:
    if side is None:
        return f'<span class="none">{_WORDS[lang]["none"]}</span>'
    if item.facet in SET_FACETS:
        cls = "plus" if sign == "+" else "minus"
        body = "".join(f'<div class="{cls}" title="{esc(m.id)}">{sign} '
                       f"{esc(m.zh if lang == 'zh' else m.en)}</div>" for m in members)
    else:
        body = esc(side.text.in_(lang))
    return body + _html_cites(side)


def _html_rows(items: tuple[Item, ...] | list[Item], lang: str) -> str:
    w = _WORDS[lang]
    rows = []
    for item in items:
        label = esc(item.label.in_(lang))
        if item.common:
            names = ", ".join(esc(m.zh if lang == "zh" else m.en) for m in item.common)
            label += (f'<details><summary>{len(item.common)} {w["common"]}</summary>'
                      f"{names}</details>")
        rows.append(f'<tr class="{item.change}"><td class="mark">{_MARK[item.change]}</td>'
                    f"<td>{label}</td><td>{_html_side(item, item.a, item.removed, '−', lang)}"
                    f"</td><td>{_html_side(item, item.b, item.added, '+', lang)}</td></tr>")
    return "\n".join(rows)


def render_html(diff: PackDiff, lang: str = "zh") -> str:
    """The diff as one self-contained HTML page (inline CSS, no scripts, no assets);
    hovering a clause reference shows the quoted text."""
    w = _WORDS[lang]
    head = f'<tr><th></th><th>{w["what"]}</th><th>A <code>{esc(diff.a.id)}</code></th>' \
           f'<th>B <code>{esc(diff.b.id)}</code></th></tr>'
    body = [f"<h1>{esc(w['title'])}: {esc(diff.a.id)} / {esc(diff.b.id)}</h1>",
            f'<p class="meta">A: {esc(diff.a.title.in_(lang))} · {esc(diff.a.document)} · '
            f"{esc(_window(diff.a, lang))}<br>B: {esc(diff.b.title.in_(lang))} · "
            f"{esc(diff.b.document)} · {esc(_window(diff.b, lang))}</p>",
            f"<p>{esc(_counts(diff, lang))}</p>"]
    if diff.empty:
        body.append(f"<p>{esc(w['no_diff'])}</p>")
    for level, items in _by_level(diff.items):
        body.append(f"<h2>{esc(_level_name(level, lang))}</h2>")
        body.append(f'<table class="diff">\n{head}\n{_html_rows(items, lang)}\n</table>')
    if diff.same:
        body.append(f"<h2>{esc(w['agreements'])} ({len(diff.same)})</h2>")
        body.append(f"<details><summary>{esc(w['agreements'])}</summary>")
        for level, items in _by_level(diff.same):
            body.append(f"<h3>{esc(_level_name(level, lang))}</h3>")
            body.append(f'<table class="diff">\n{head}\n{_html_rows(items, lang)}\n</table>')
        body.append("</details>")
    return page(f"{w['title']}: {diff.a.id} / {diff.b.id}", "\n".join(body), lang)
