"""Self-contained HTML pages: one file, inline CSS, no scripts or external assets.

Used by the diff and impact reports, so they can be mailed or archived as one file and
open the same way offline.
"""

from __future__ import annotations

from baji.render.escape import xml_text

_CSS = """
:root { --fg:#1d2330; --muted:#5b6475; --line:#d9dee7; --add:#e3f4e6; --add-fg:#17672a;
        --del:#fbe5e5; --del-fg:#9b1c1c; --chg:#fff4d6; --chg-fg:#7a5300; --head:#f3f5f9;
        --a:#3b6fb6; --b:#d9822b; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui,
       sans-serif; color: var(--fg); margin: 2rem auto; max-width: 78rem; padding: 0 1rem;
       line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 2px solid var(--line);
     padding-bottom: .2rem; }
h3 { font-size: 1rem; margin-top: 1.2rem; }
p.meta, .muted { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top;
         text-align: left; }
th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.added td.mark { background: var(--add); color: var(--add-fg); }
tr.removed td.mark { background: var(--del); color: var(--del-fg); }
tr.changed td.mark { background: var(--chg); color: var(--chg-fg); }
td.mark { text-align: center; font-weight: 700; width: 2rem; }
table.diff { table-layout: fixed; }
table.diff th:first-child { width: 2rem; }
table.diff th:nth-child(2) { width: 24%; }
.plus { color: var(--add-fg); } .minus { color: var(--del-fg); }
.cite { color: var(--muted); font-size: .8rem; display: block; margin-top: .2rem; }
.cite abbr { text-decoration: underline dotted; cursor: help; }
.none { color: var(--muted); }
.summary { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: .4rem; padding: .6rem .9rem;
        min-width: 9rem; }
.card b { display: block; font-size: 1.4rem; }
svg text { font-family: inherit; }
details summary { cursor: pointer; color: var(--muted); }
"""


def esc(text: object) -> str:
    """HTML-escape ``text`` (quotes included), without characters XML forbids (so an
    inline SVG stays well-formed)."""
    return xml_text(text)


def page(title: str, body: str, lang: str = "zh") -> str:
    """A complete HTML document with the shared inline stylesheet."""
    code = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{code}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n")
