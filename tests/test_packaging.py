"""What the package declares and ships: runtime dependencies that src/ really uses, and
the licence pyproject names, in the wheel."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

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


def _bounds() -> dict[str, set[str]]:
    """Every ``>=`` lower bound pyproject gives, by distribution name (lower case)."""
    found: dict[str, set[str]] = {}
    extras = PYPROJECT["project"]["optional-dependencies"].values()
    for requirement in [*PYPROJECT["project"]["dependencies"], *(r for e in extras for r in e)]:
        m = re.match(r"([A-Za-z0-9_.-]+)(?:\[[^]]*\])?\s*>=\s*([0-9][0-9.]*)", requirement)
        if m:
            found.setdefault(m.group(1).lower(), set()).add(m.group(2))
    return found


def _version(text: str) -> tuple[int, ...]:
    parts = [int(p) for p in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def test_lowest_txt_pins_the_lower_bounds() -> None:
    """The lowest-releases run of .ci/run installs exactly the lower bounds pyproject
    states (one bound per package across the extras), so each stays verified; the
    warehouse, spreadsheet and server extras are among them."""
    bounds = _bounds()
    pins = dict(line.split("==") for line in
                (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#"))
    for name, version in pins.items():
        if name.lower() in bounds:
            assert {_version(b) for b in bounds[name.lower()]} == {_version(version)}, name
    for name in ("sqlglot", "duckdb", "pyspark", "python-calamine", "xlsxwriter", "fastapi",
                 "uvicorn", "psycopg"):
        assert name in pins, f"{name}'s lower bound is not installed by .ci/run"
    assert len({_version(b) for b in bounds["sqlglot"]}) == 1


#: pip's words when it cannot reach an index (building needs hatchling from one).
OFFLINE = ("No matching distribution", "Could not find a version", "NewConnectionError",
           "Temporary failure in name resolution", "Network is unreachable")


def test_the_licence_file_is_mit_as_pyproject_says() -> None:
    """LICENSE holds the MIT licence that pyproject's `license = "MIT"` names."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert PYPROJECT["project"]["license"] == "MIT"
    assert text.startswith("MIT License\n\nCopyright (c) 2026 the baji authors\n")
    assert "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND" in text


def test_the_wheel_ships_the_licence(tmp_path: Path) -> None:
    """A wheel built from the tree holds LICENSE in its dist-info (issue 15 item 7)."""
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                          "--no-input", "-q", "-w", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    if run.returncode != 0 and any(word in run.stderr for word in OFFLINE):
        pytest.skip("cannot build a wheel here: no package index for hatchling")
    assert run.returncode == 0, run.stderr
    [wheel] = tmp_path.glob("baji-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = [n for n in archive.namelist()
                   if re.fullmatch(r"baji-[^/]+\.dist-info/(.+/)?LICENSE", n)]
        assert len(shipped) == 1, archive.namelist()
        assert archive.read(shipped[0]).decode("utf-8") == \
            (ROOT / "LICENSE").read_text(encoding="utf-8")
