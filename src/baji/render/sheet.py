"""The decision sheet: decisions as one printable HTML page a clerk can read.

Per candidate and pack, per level: the outcome in words, the path, each condition met,
unmet or unknown by its label, the earliest date, what would settle an undetermined
answer, and the clauses quoted with their document number. The content is
:func:`baji.core.explain.outline`, the same as ``Decision.explain``; this module only lays
it out. One self-contained file (inline CSS, no script, no external asset) that prints on
A4: a page per candidate and pack, no table row or quoted clause cut across pages. Every
text from packs and profiles is escaped (:func:`baji.render.escape.xml_text`).
"""

from __future__ import annotations

from collections.abc import Iterable

from baji.core.decision import Decision
from baji.core.explain import Lang, LevelPart, Outline, PathPart, outline, word
from baji.render.escape import xml_text as esc

_CSS = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun",
       "PingFang SC", "Microsoft YaHei", serif; color: #111; font-size: 10.5pt;
       line-height: 1.5; margin: 0 auto; max-width: 190mm; padding: 8mm 4mm; }
section.decision + section.decision { break-before: page; page-break-before: always; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
p.meta { margin: 0 0 4mm; color: #333; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #111;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; page-break-after: avoid; }
.outcome { font-weight: 700; }
.s-eligible { color: #0a5c1f; } .s-ineligible { color: #8f1414; }
.s-undetermined { color: #7a4d00; } .s-not_covered, .s-not_in_force { color: #444; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .5mm 4mm; margin: 0 0 2mm;
           break-inside: avoid; page-break-inside: avoid; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; }
th, td { border: .6pt solid #777; padding: 1mm 2mm; vertical-align: top; text-align: left; }
th { background: #eee; }
tr, blockquote, li, dl.facts { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
td.state { white-space: nowrap; width: 5.5em; font-weight: 600; }
tr.unmet td.state { color: #8f1414; } tr.unknown td.state { color: #7a4d00; }
tr.met td.state { color: #0a5c1f; }
td.refs { width: 28%; font-size: 9pt; color: #333; }
.when, .note { display: block; font-size: 9pt; color: #333; }
ul.settle { margin: 0 0 3mm; padding-left: 6mm; }
blockquote { margin: 1mm 0 2mm; padding: 1mm 3mm; border-left: 2pt solid #999; }
blockquote cite { display: block; font-style: normal; font-weight: 600; font-size: 9pt; }
p.note { margin: 1mm 0; font-size: 9.5pt; }
@media screen { body { max-width: 60rem; } section.decision + section.decision {
  margin-top: 12mm; border-top: 3pt double #999; padding-top: 4mm; } }
"""

_HEAD = {"zh": ("状态", "条件", "依据"), "en": ("state", "condition", "clause")}


def render_sheet(decisions: Iterable[Decision], lang: Lang = "zh") -> str:
    """One HTML page with a section (a printed page or more) per decision."""
    parts = [_decision(outline(d, lang)) for d in decisions]
    title = word("title", lang)
    code = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{code}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def _decision(sheet: Outline) -> str:
    lang = sheet.lang
    title = word("title", lang)
    who = f" · {esc(sheet.candidate)}" if sheet.candidate else ""
    out = [f'<section class="decision">\n<h1>{esc(title)}{who}</h1>',
           f'<p class="meta">{esc(sheet.document)} · {esc(sheet.pack)} · '
           f"{esc(word('as_of', lang))} {sheet.as_of} · {esc(sheet.in_force)} "
           f"({esc(word('window', lang))} {esc(sheet.window)})</p>"]
    out += [f'<p class="note">{esc(word("assumed", lang))}: {esc(a)}</p>'
            for a in sheet.assumptions]
    out += [_level(level, lang) for level in sheet.levels]
    out.append("</section>")
    return "\n".join(out)


def _level(level: LevelPart, lang: Lang) -> str:
    out = [f'<article class="level" data-level="{esc(level.level_id)}" '
           f'data-status="{esc(level.status_id)}">',
           f'<h2>{esc(level.level)} · <span class="s-{esc(level.status_id)}">'
           f"{esc(level.status)}</span></h2>",
           '<dl class="facts">',
           f'<dt>{esc(word("status", lang))}</dt><dd class="outcome s-{esc(level.status_id)}">'
           f"{esc(level.outcome)}</dd>",
           f"<dt>{esc(word('path', lang))}</dt><dd>{esc(level.path)}</dd>",
           f"<dt>{esc(word('earliest', lang))}</dt><dd>{esc(level.earliest)}</dd>",
           "</dl>"]
    for path in level.paths:
        out.append(_path(path, lang))
    if level.settle:
        out.append(f"<h3>{esc(word('settle', lang))}</h3>")
        out.append('<ul class="settle">' + "".join(f"<li>{esc(s)}</li>" for s in level.settle)
                   + "</ul>")
    if level.clauses:
        out.append(f"<h3>{esc(word('clauses', lang))}</h3>")
        out += [f"<blockquote><cite>{esc(c.document)} {esc(c.ref)}</cite>「{esc(c.text)}」"
                "</blockquote>" if lang == "zh" else
                f"<blockquote><cite>{esc(c.document)} {esc(c.ref)}</cite>“{esc(c.text)}”"
                "</blockquote>" for c in level.clauses]
    out += [f'<p class="note">{esc(word("note", lang))}: {esc(n)}</p>' for n in level.notes]
    out.append("</article>")
    return "\n".join(out)


def _path(path: PathPart, lang: Lang) -> str:
    head = _HEAD[lang]
    rows = []
    for c in path.conditions:
        when = (f'<span class="when">{c.becomes_met} {esc(word("from", lang))}</span>'
                if lang == "zh" and c.becomes_met else
                f'<span class="when">{esc(word("from", lang))} {c.becomes_met}</span>'
                if c.becomes_met else "")
        note = f'<span class="note">{esc(c.note)}</span>' if c.note else ""
        rows.append(f'<tr class="{c.state}"><td class="state">{esc(word(c.state, lang))}</td>'
                    f"<td>{esc(c.text)}{when}{note}</td>"
                    f'<td class="refs">{"<br>".join(esc(r) for r in c.refs)}</td></tr>')
    return (f"<h3>{esc(word('conditions', lang))} · {esc(path.title)} "
            f"({esc(path.path)}, {esc(word(path.state, lang))})</h3>\n"
            f"<table><thead><tr><th>{head[0]}</th><th>{head[1]}</th><th>{head[2]}</th></tr>"
            "</thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>")
