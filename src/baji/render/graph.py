"""Pictures of a compiled network: Mermaid, Graphviz DOT, and SVG through Graphviz.

The picture draws what the compiler built: one box per rule (its level, path, id and
the clause references it cites), one node per condition of :attr:`Network.nodes`, and
an edge from each rule to its root condition and from each condition to its children.
A condition that builds on another rule (``rule: sh.special.basic``) points at that
rule's box. Because identical conditions are one node in the network, a condition
shared by several rules is drawn once, with one edge from each parent, and is marked
(thick orange border, "×N" in its label).

SVG needs Graphviz's ``dot`` program; without it :func:`render_graph` raises
:class:`GraphError` naming the two ways out (install Graphviz, or take the DOT text).
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass

from baji.errors import BajiError, Problem
from baji.pack.network import Network
from baji.render.escape import terminal

FORMATS = ("mermaid", "dot", "svg")
_LABEL = 40
_PATH_ZH = {"direct": "直接", "regular": "常规", "exceptional": "破格", "part": "组成部分"}
_SHARED = "#d9822b"
_RULE_FILL = "#e8f0fb"
_PRIORITY_FILL = "#f4eefb"


class GraphError(BajiError):
    """A picture could not be made (Graphviz missing or failing)."""


@dataclass(frozen=True)
class _Box:
    id: str
    lines: tuple[str, ...]
    shape: str          # rule | priority | op | leaf
    shared: int = 0     # number of parents when more than one


@dataclass(frozen=True)
class _Picture:
    boxes: tuple[_Box, ...]
    edges: tuple[tuple[str, str], ...]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LABEL else text[: _LABEL - 1] + "…"


def _refs(net: Network, ids: tuple[str, ...], limit: int = 3) -> str:
    refs = list(dict.fromkeys(net.citations[c].ref for c in ids if c in net.citations))
    more = f" +{len(refs) - limit}" if len(refs) > limit else ""
    return "; ".join(refs[:limit]) + more


def _picture(net: Network, lang: str = "zh") -> _Picture:
    """The boxes and edges of ``net`` (shared by the Mermaid and DOT writers)."""
    rule_box = {r.id: f"r{i}" for i, r in enumerate(net.rules)}
    edges: list[tuple[str, str]] = []
    for i, rule in enumerate(net.rules):
        if rule.root >= 0:
            edges.append((f"r{i}", f"n{rule.root}"))
    for i, item in enumerate(net.priority):
        edges.append((f"p{i}", f"n{item.root}"))
    for node in net.nodes:
        if node.kind == "rule":
            edges.append((f"n{node.index}", rule_box[node.params[0]]))
        else:
            edges.extend((f"n{node.index}", f"n{c}") for c in node.children)
    edges = list(dict.fromkeys(edges))
    parents = Counter(target for _, target in edges)
    boxes: list[_Box] = []
    for i, rule in enumerate(net.rules):
        levels = "/".join(lv.zh if lang == "zh" else lv.en for lv in rule.levels)
        path = _PATH_ZH[rule.path] if lang == "zh" else rule.path
        head = " · ".join(x for x in (levels, path, rule.id) if x)
        box_id = f"r{i}"
        boxes.append(_Box(box_id, (head, _short(rule.title.in_(lang)), _refs(net, rule.cite)),
                          "rule", parents[box_id] if parents[box_id] > 1 else 0))
    for i, item in enumerate(net.priority):
        pri = "优先考虑" if lang == "zh" else "priority"
        boxes.append(_Box(f"p{i}", (f"{item.level.zh if lang == 'zh' else item.level.en} · "
                                    f"{pri} · {item.id}", _short(item.title.in_(lang)),
                                    _refs(net, item.cite)), "priority"))
    for node in net.nodes:
        box_id = f"n{node.index}"
        n = parents[box_id]
        lines = [_short(node.required.in_(lang))]
        if node.strength == "default":
            lines[0] += "（原则上）" if lang == "zh" else " (default)"
        refs = _refs(net, node.cite)
        if refs:
            lines.append(refs)
        if n > 1:
            lines.append(f"×{n}")
        shape = "op" if node.kind in ("all", "any", "not", "rule") else "leaf"
        if node.kind == "rule":
            lines[0] = "→ " + str(node.params[0])
        boxes.append(_Box(box_id, tuple(lines), shape, n if n > 1 else 0))
    return _Picture(tuple(boxes), tuple(edges))


def _mermaid_text(text: str) -> str:
    return (terminal(text).replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
            .replace(">", "#gt;"))


def to_mermaid(net: Network, lang: str = "zh") -> str:
    """The network as a Mermaid flowchart (paste into a Markdown ```mermaid block)."""
    pic = _picture(net, lang)
    out = ["flowchart LR"]
    for box in pic.boxes:
        label = "<br/>".join(_mermaid_text(x) for x in box.lines)
        if box.shape == "rule":
            out.append(f'  {box.id}[["{label}"]]')
        elif box.shape == "priority":
            out.append(f'  {box.id}{{{{"{label}"}}}}')
        elif box.shape == "op":
            out.append(f'  {box.id}(["{label}"])')
        else:
            out.append(f'  {box.id}["{label}"]')
    for source, target in pic.edges:
        out.append(f"  {source} --> {target}")
    out.append(f"  classDef rule fill:{_RULE_FILL},stroke:#3b6fb6")
    out.append(f"  classDef priority fill:{_PRIORITY_FILL},stroke:#7d4fb3")
    out.append(f"  classDef shared stroke:{_SHARED},stroke-width:3px")
    for cls in ("rule", "priority", "shared"):
        ids = [b.id for b in pic.boxes if (b.shared if cls == "shared" else b.shape == cls)]
        if ids:
            out.append(f"  class {','.join(ids)} {cls}")
    return "\n".join(out) + "\n"


def _dot_text(text: str) -> str:
    return terminal(text).replace("\\", "\\\\").replace('"', '\\"')


def to_dot(net: Network, lang: str = "zh") -> str:
    """The network as Graphviz DOT text (``dot -Tsvg`` draws it)."""
    pic = _picture(net, lang)
    out = [f'digraph "{_dot_text(net.id)}" {{', "  rankdir=LR;",
           '  node [shape=box, style="rounded", fontname="Noto Sans CJK SC", fontsize=10];',
           '  edge [color="#777777"];']
    for box in pic.boxes:
        label = "\\n".join(_dot_text(x) for x in box.lines)
        attrs = [f'label="{label}"']
        if box.shape == "rule":
            attrs += ['shape=box', 'style="filled"', f'fillcolor="{_RULE_FILL}"']
        elif box.shape == "priority":
            attrs += ['shape=hexagon', 'style="filled"', f'fillcolor="{_PRIORITY_FILL}"']
        elif box.shape == "op":
            attrs += ['shape=ellipse', 'style=""']
        if box.shared:
            attrs += [f'color="{_SHARED}"', "penwidth=3"]
        out.append(f"  {box.id} [{', '.join(attrs)}];")
    for source, target in pic.edges:
        out.append(f"  {source} -> {target};")
    out.append("}")
    return "\n".join(out) + "\n"


def to_svg(net: Network, lang: str = "zh", dot_program: str = "dot") -> str:
    """The network as SVG, drawn by Graphviz.

    Raises:
        GraphError: the ``dot`` program is not installed, or it failed.
    """
    exe = shutil.which(dot_program)
    if exe is None:
        raise GraphError([Problem(
            f"cannot draw SVG: Graphviz's {dot_program!r} program is not installed",
            hint="install Graphviz (apt-get install graphviz, brew install graphviz), or use "
                 "--format dot and draw it elsewhere", code="BAJI400")])
    try:
        done = subprocess.run([exe, "-Tsvg"], input=to_dot(net, lang).encode("utf-8"),
                              capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GraphError([Problem(f"cannot draw SVG: running {exe!r} failed: {exc}",
                                  code="BAJI401")]) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GraphError([Problem(f"cannot draw SVG: {exe!r} exited with {done.returncode}: "
                                  f"{message[0] if message else 'no message'}",
                                  code="BAJI401")])
    return done.stdout.decode("utf-8")


def render_graph(net: Network, fmt: str = "mermaid", lang: str = "zh") -> str:
    """The picture of ``net`` as ``mermaid``, ``dot`` or ``svg``.

    Raises:
        GraphError: SVG without Graphviz; ValueError: an unknown format.
    """
    if fmt == "mermaid":
        return to_mermaid(net, lang)
    if fmt == "dot":
        return to_dot(net, lang)
    if fmt == "svg":
        return to_svg(net, lang)
    raise ValueError(f"unknown graph format {fmt!r} (formats: {', '.join(FORMATS)})")
