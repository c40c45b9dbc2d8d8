"""Every quoted clause of every pack is verbatim in its shipped source text.

Checked here independently of the compiler (which checks it too): a pack whose quote
drifts from the law fails the suite.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKS = sorted(p for p in (ROOT / "rules").glob("*.yaml") if not p.stem.startswith("vocab"))


def _squash(text: str) -> str:
    text = re.sub(r"\[bookmark:[^\]]*\]", "", text)
    return "".join(text.split())


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.stem)
def test_quotes_are_verbatim(pack: Path) -> None:
    """Each clause text, whitespace aside, is a substring of its document's source file."""
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    sources = {d["id"]: _squash((ROOT / "sources" / d["source"]).read_text(encoding="utf-8"))
               for d in data["documents"]}
    bad = [c["id"] for c in data["clauses"] if _squash(c["text"]) not in sources[c["document"]]]
    assert bad == []
    assert len(data["clauses"]) >= 10


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.stem)
def test_every_readings_point_is_stated(pack: Path) -> None:
    """A pack states its reading of all fourteen READINGS points, each once."""
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    points = sorted(r["point"] for r in data["readings"])
    assert points == list(range(1, 15))
    for reading in data["readings"]:
        assert reading["text"]["zh"].strip() and reading["text"]["en"].strip()


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.stem)
def test_every_clause_is_cited(pack: Path) -> None:
    """No clause is quoted without a rule, set, level, reading or priority item citing it."""
    text = pack.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    body = text.split("\nclauses:", 1)[0] + text.split("\nlevels:", 1)[1]
    unused = [c["id"] for c in data["clauses"] if not re.search(
        rf"[\[\s,]{re.escape(c['id'])}[\],\s]", body)]
    assert unused == []


def test_shipped_sources_are_the_seed_texts() -> None:
    """sources/ holds the five policy texts the packs cite, unchanged (sizes pinned)."""
    sizes = {p.name: p.stat().st_size for p in (ROOT / "sources").glob("*.txt")}
    assert sizes == {
        "000_6c02c3c232f6fe0e.txt": 30794, "001_9e309cfd06428d44.txt": 17560,
        "002_8c8f72e660fe68ff.txt": 31842, "003_b024b84a422f4dd4.txt": 7907,
        "004_0f30afc3c677a641.txt": 12145,
    }
