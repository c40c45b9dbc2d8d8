"""Text from packs and profiles reaches no output as markup or control: Markdown escapes
HTML and line breaks, terminal output shows control characters as escapes, and SVG stays
well-formed XML whatever the text."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import yaml

import baji
from baji.analysts.diff import diff_packs
from baji.render.diff import render_markdown
from baji.render.diff import render_table as render_diff_table
from baji.render.escape import markdown, terminal, xml_text
from baji.render.graph import render_graph
from baji.render.pack_docs import pack_page
from baji.render.sheet import render_sheet
from baji.render.svg import grouped_bars
from baji.render.text import render_table, render_when

MINIMAL = Path(__file__).parent / "packs" / "valid" / "minimal.yaml"
SCRIPT = "<img src=x onerror=alert(1)>"
ESC = "\x1b]8;;http://evil/\x1b\\click\x1b]8;;\x1b\\\x1b[2J\x9b31m"
PERSON = {"id": "E1" + ESC, "grades": [{"level": "高级技师", "posts": [{"start": "2020-01-01"}]}],
          "still_in_occupation": True}


def _hostile_pack(tmp_path: Path) -> baji.Network:
    data: dict[str, Any] = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    data["title"] = {"zh": f"标题{SCRIPT}\r| x | y |\n{ESC}", "en": f"Title {SCRIPT}\r{ESC}"}
    data["rules"][1]["title"] = {"zh": f"常规{SCRIPT}\r\n| a |", "en": f"Regular{ESC}"}
    data["rules"][1]["note"] = {"zh": "注\u2028释", "en": "note"}
    (tmp_path / "rules").mkdir(exist_ok=True)
    path = tmp_path / "rules" / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return baji.load_pack(path)


def _no_controls(text: str) -> None:
    bad = [c for c in text if (ord(c) < 0x20 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f]
    assert bad == [], bad


def test_markdown_escapes_html_markup_and_line_breaks(tmp_path: Path) -> None:
    """The pack page and the diff as Markdown hold no raw tag, and a CR in a title does
    not start a table row: every line of a table has the table's number of cells."""
    net = _hostile_pack(tmp_path)
    docs = pack_page(net)
    assert "&lt;img src=x onerror=alert(1)&gt;" in docs
    for page in (docs, render_markdown(diff_packs(net, baji.get_pack("tianjin-2024")))):
        assert SCRIPT not in page
        assert "\r" not in page and "\u2028" not in page
        _no_controls(page)
        for line in page.splitlines():
            if line.startswith("| ") and "---" not in line:
                cells = line.replace("\\|", "").count("|")
                assert cells >= 3, line


def test_terminal_output_shows_control_characters_as_escapes(tmp_path: Path) -> None:
    """eval's table, when, the diff table and graph output carry no ESC, OSC or CSI from
    a pack title or a profile id: they are shown as \\x1b and \\x9b."""
    net = _hostile_pack(tmp_path)
    decision = baji.evaluate(PERSON, net, dt.date(2026, 7, 1))
    outputs = [render_table(decision, "zh"), render_table(decision, "en"),
               render_when(decision, "zh"),
               render_diff_table(diff_packs(net, baji.get_pack("tianjin-2024")), "en"),
               render_graph(net, "mermaid"), render_graph(net, "dot")]
    for text in outputs:
        _no_controls(text)
    assert "\\x1b" in outputs[0] or "\\x1b" in outputs[1]
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump(PERSON, allow_unicode=True), encoding="utf-8")
    for command in (["eval", str(profile), "--pack", str(tmp_path / "rules" / "hostile.yaml"),
                     "--as-of", "2026-07-01"],
                    ["when", str(profile), "--pack", str(tmp_path / "rules" / "hostile.yaml"),
                     "--as-of", "2026-07-01"],
                    ["graph", str(tmp_path / "rules" / "hostile.yaml")]):
        run = subprocess.run([sys.executable, "-m", "baji", *command], capture_output=True,
                             text=True)
        assert run.returncode in (0, 1), run.stderr
        _no_controls(run.stdout)
        _no_controls(run.stderr)


def test_the_decision_sheet_escapes_pack_and_profile_text(tmp_path: Path) -> None:
    """The decision sheet (HTML) and ``Decision.explain`` (text) quote a hostile pack's
    rule title and a hostile profile id: in the sheet as escaped text, never as a tag,
    and without the characters XML forbids; in both languages."""
    net = _hostile_pack(tmp_path)
    person = {**PERSON, "id": f"E1{SCRIPT}{ESC}"}
    decision = baji.evaluate(person, net, dt.date(2026, 7, 1))
    assert SCRIPT in decision.explain("zh")  # the text carries it, so the test bites
    for lang in ("zh", "en"):
        page = render_sheet([decision, decision], lang)
        assert SCRIPT not in page and "<img" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "\x1b" not in page and "\x00" not in page
        assert page.count("<section") == 2  # no markup from the texts closes or opens one
    cli = subprocess.run(
        [sys.executable, "-m", "baji", "eval", "-", "--pack",
         str(tmp_path / "rules" / "hostile.yaml"), "--as-of", "2026-07-01", "--format",
         "sheet"], input=yaml.safe_dump(person, allow_unicode=True), capture_output=True,
        text=True)
    assert cli.returncode == 0, cli.stderr
    assert SCRIPT not in cli.stdout and "&lt;img src=x onerror=alert(1)&gt;" in cli.stdout


def test_svg_stays_well_formed_whatever_the_text() -> None:
    """U+001B, U+FFFE, a lone surrogate and markup in labels: the chart parses as XML."""
    labels = [f"a{ESC}", "b\ufffe", "c\ud800", SCRIPT, "d&e\"'"]
    svg = grouped_bars(f"title {ESC}{SCRIPT}", labels,
                       [("series\x00", [1, 2, 3, 4, 5], "#336699")])
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert SCRIPT not in svg


def test_the_escapes_themselves() -> None:
    assert terminal("a\x1b[31mb\tc\nd\u202e") == "a\\x1b[31mb\tc\nd\\u202e"
    assert markdown("a|b\r\nc <b>*x*</b> [l](javascript:x)") == (
        "a\\|b c &lt;b&gt;\\*x\\*&lt;/b&gt; \\[l\\](javascript:x)")
    assert xml_text("<a href='x'>\x1b</a>") == "&lt;a href=&#x27;x&#x27;&gt;\ufffd&lt;/a&gt;"
