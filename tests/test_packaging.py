"""What the package declares: runtime dependencies that src/ really uses."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: The module a distribution is imported as, where the names differ.
IMPORTED_AS = {"PyYAML": "yaml", "python-dateutil": "dateutil"}


def _imported() -> set[str]:
    """Top-level names of every module src/baji imports."""
    names: set[str] = set()
    for f in (ROOT / "src" / "baji").rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        names |= set(re.findall(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", text, flags=re.M))
    return names


def test_every_runtime_dependency_is_imported_by_src() -> None:
    """No runtime dependency is installed for nothing (python-dateutil was, issue 11
    item 5): each is imported somewhere in src/baji."""
    imported = _imported()
    for requirement in PYPROJECT["project"]["dependencies"]:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement)
        assert name is not None
        module = IMPORTED_AS.get(name.group(), name.group().lower())
        assert module in imported, f"{requirement} is a runtime dependency nothing imports"


def test_dateutil_is_needed_nowhere() -> None:
    """Neither the runtime, the development extra nor the lowest-releases run names it."""
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert not [r for r in extras["dev"] if "dateutil" in r]
    assert "dateutil" not in (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8")
    assert "dateutil" not in _imported()
