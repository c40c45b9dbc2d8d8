"""Source spans: every node and trace entry names where the pack writes its condition."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import yaml

import baji
from baji.pack.bundled import rules_dir

ROOT = Path(__file__).resolve().parents[1]


def _operator_at(where: str) -> str:
    """The first key written at ``file:line:col``: the operator of the condition there
    (block mappings such as ``fact: x`` and flow ones such as ``{honour: x}``)."""
    path, line, col = where.rsplit(":", 2)
    text = (ROOT / path).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    return text[int(col) - 1:].lstrip("{ ").split(":")[0]


def test_every_node_of_every_bundled_pack_has_its_places() -> None:
    """Each node points at its pack file, once per place the condition is written, and
    the line there starts the condition's operator (or a list item holding it)."""
    for pack in baji.bundled_pack_ids():
        net = baji.get_pack(pack)
        for node in net.nodes:
            assert node.source, (pack, node.index)
            for where in node.source:
                assert where.startswith(f"rules/{pack}.yaml:")
                assert _operator_at(where) == node.kind, where


def test_a_condition_written_twice_is_one_node_with_both_places(tmp_path: Path) -> None:
    """Shared nodes keep every place, in the order the compiler meets them."""
    data = yaml.safe_load((ROOT / "tests/packs/valid/minimal.yaml").read_text(encoding="utf-8"))
    rule = data["rules"][0]
    rule["when"] = {"any": [rule["when"], {"all": [rule["when"]]}]}
    pack = tmp_path / "twice.yaml"
    pack.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    net = baji.load_pack(pack, display="twice.yaml")
    shared = [n for n in net.nodes if len(n.source) > 1]
    assert shared and all(len(set(n.source)) == len(n.source) for n in shared)
    assert all(w.startswith("twice.yaml:") for n in net.nodes for w in n.source)


def test_trace_entries_carry_the_place_and_json_shows_it() -> None:
    """`baji eval --format json --inline-texts` shows each trace entry's place, as the
    network has it (by reference, the place is the pack's: docs/decisions.md)."""
    profile = ROOT / "examples/profiles/shanghai-2026--sh.special.regular.yaml"
    run = subprocess.run([sys.executable, "-m", "baji", "eval", str(profile), "--pack",
                          "shanghai-2026", "--as-of", "2026-07-01", "--format", "json",
                          "--inline-texts"],
                         capture_output=True, text=True, check=True)
    decision = json.loads(run.stdout)
    decision = decision[0] if isinstance(decision, list) else decision
    net = baji.get_pack("shanghai-2026")
    assert decision["trace"]
    for entry in decision["trace"]:
        node = net.nodes[int(entry["node"][1:])]
        assert entry["source"] == list(node.source) and entry["source"]


def test_a_pack_loaded_from_its_path_names_that_path() -> None:
    """The place is the pack as the caller named it: here the absolute file path."""
    path = rules_dir() / "tianjin-2024.yaml"
    decision = baji.evaluate({"grades": []}, baji.load_pack(path), dt.date(2025, 1, 1))
    assert decision.trace and all(t.source for t in decision.trace)
    assert all(w.startswith(f"{path}:") for t in decision.trace for w in t.source)
