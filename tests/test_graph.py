"""Pictures of the compiled network (baji.render.graph): Mermaid, DOT, SVG through Graphviz."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from baji import compile_pack, get_pack
from baji.cli.commands import main
from baji.render.graph import GraphError, render_graph, to_dot, to_mermaid, to_svg


def _incoming(text: str, arrow: str, target: str) -> int:
    return len(re.findall(rf"^\s+\w+ {arrow} {target};?$", text, flags=re.M))


def test_mermaid_draws_a_shared_condition_once_with_several_parents() -> None:
    """Chongqing's six path rules all build on `cq.common`: one node, six edges into it,
    marked shared (class and ×6), pointing at the `cq.common` rule box."""
    net = get_pack("chongqing-2023")
    text = to_mermaid(net)
    node = next(n for n in net.nodes if n.kind == "rule" and n.params == ("cq.common",))
    target = f"n{node.index}"
    assert _incoming(text, "-->", target) == 6
    assert f'{target}(["→ cq.common<br/>×6"])' in text
    shared = re.search(r"^  class (\S+) shared$", text, flags=re.M)
    assert shared is not None and target in shared.group(1).split(",")
    box = next(i for i, r in enumerate(net.rules) if r.id == "cq.common")
    assert f"  {target} --> r{box}" in text


def test_each_rule_is_labelled_with_level_path_and_clauses() -> None:
    """Rule boxes name the level, the path, the rule id and its clause references."""
    text = to_mermaid(get_pack("shanghai-2026"))
    assert '[["特级技师 · 常规 · sh.special.regular<br/>' in text
    assert "附件3 三(一); 附件3 三(一)1; 附件3 三(一)2 +3" in text
    english = to_mermaid(get_pack("shanghai-2026"), "en")
    assert "special technician · regular · sh.special.regular" in english


def test_dot_has_the_same_nodes_and_edges_as_mermaid() -> None:
    """DOT and Mermaid draw the same picture: same edges, shared nodes with a thick
    border; quotes in labels are escaped."""
    net = get_pack("tianjin-2024")
    dot, mermaid = to_dot(net), to_mermaid(net)
    assert dot.startswith('digraph "tianjin-2024" {') and dot.rstrip().endswith("}")
    dot_edges = set(re.findall(r"^  (\w+) -> (\w+);$", dot, flags=re.M))
    mermaid_edges = set(re.findall(r"^  (\w+) --> (\w+)$", mermaid, flags=re.M))
    assert dot_edges == mermaid_edges and len(dot_edges) > 20
    assert "penwidth=3" in dot


def test_quotes_and_backslashes_in_labels_are_escaped() -> None:
    """A rule title with quotes and a backslash stays one label in DOT and Mermaid."""
    net = get_pack("fujian-2026")
    src = net.source
    title = src.rules[2].title.model_copy(update={"zh": 'a "quoted" \\ title'})
    rules = (src.rules[:2] + (src.rules[2].model_copy(update={"title": title}),)
             + src.rules[3:])
    changed = compile_pack(src.model_copy(update={"rules": rules}))
    assert 'a \\"quoted\\" \\\\ title' in to_dot(changed)
    assert "a #quot;quoted#quot; \\ title" in to_mermaid(changed)


def test_svg_is_drawn_by_graphviz() -> None:
    """With Graphviz installed, --format svg gives an SVG document. CI installs Graphviz
    (.ci/run), so there this test must run, not skip."""
    if shutil.which("dot") is None:
        if os.environ.get("CI"):
            pytest.fail("Graphviz's dot is not installed in CI (.ci/run should install it)")
        pytest.skip("Graphviz's dot is not installed on this machine")
    svg = render_graph(get_pack("fujian-2026"), "svg")
    assert "<svg" in svg and "fj.special.regular" in svg


def test_svg_without_graphviz_names_the_ways_out(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Without the dot program: a GraphError that says to install Graphviz or use DOT;
    the command exits 1 with that message, no traceback."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(GraphError, match=r"Graphviz's 'dot' program is not installed "
                                         r"\(install Graphviz .* or use --format dot"):
        to_svg(get_pack("fujian-2026"))
    assert main(["graph", "fujian-2026", "--format", "svg"]) == 1
    captured = capsys.readouterr()
    assert "cannot draw SVG: Graphviz's 'dot' program is not installed" in captured.err
    assert captured.out == ""


def test_cli_graph_writes_the_chosen_format(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`baji graph PACK --format dot --out F` writes DOT; Mermaid is the default."""
    out = tmp_path / "g.dot"
    assert main(["graph", "shanghai", "--format", "dot", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith('digraph "shanghai-2026"')
    assert main(["graph", "chongqing-2023"]) == 0
    assert capsys.readouterr().out.startswith("flowchart LR\n")
    with pytest.raises(ValueError, match="unknown graph format 'png'"):
        render_graph(get_pack("chongqing-2023"), "png")
