"""The layout: subpackages in layers (checked by import-linter's contract in
pyproject.toml), and the module paths of baji 0.1 still importable for one release."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: baji 0.1's documented module paths and where they live now.
MOVED = {
    "baji.answers": "baji.engine.answers", "baji.api": "baji.engine.api",
    "baji.batch": "baji.engine.batch", "baji.catalogue": "baji.errors.catalogue",
    "baji.columnar": "baji.backends.columnar", "baji.diff": "baji.analysts.diff",
    "baji.fuzz": "baji.testing.fuzz", "baji.impact": "baji.analysts.impact",
    "baji.rete": "baji.backends.rete", "baji.roster": "baji.profile.roster",
    "baji.strategies": "baji.testing.strategies", "baji.synth": "baji.testing.synth",
    "baji.tenure": "baji.core.tenure",
}


def test_the_layers_contract_is_kept() -> None:
    """No subpackage imports one above it (so none imports another in a cycle): the
    contract in pyproject.toml, run by import-linter."""
    pytest.importorskip("importlinter")
    run = subprocess.run([sys.executable, "-c",
                          "import sys; from importlinter.cli import lint_imports; "
                          "sys.exit(lint_imports())"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 kept, 0 broken" in run.stdout


def test_the_contract_names_every_subpackage() -> None:
    """A new subpackage must be placed in a layer, or the contract would not see it."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = set(config["tool"]["importlinter"]["contracts"][0]["layers"])
    packages = {p.parent.name for p in (ROOT / "src" / "baji").glob("*/__init__.py")}
    assert packages == layers


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_old_module_paths_still_work_with_a_deprecation_warning(old: str, new: str) -> None:
    """`baji.strategies` and the rest re-export their new module, warning once."""
    try:
        target = importlib.import_module(new)
    except ImportError as exc:  # an extra not installed (polars, durable-rules, Hypothesis)
        pytest.skip(str(exc))
    sys.modules.pop(old, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        shim = importlib.import_module(old)
    assert [str(w.message) for w in caught if w.category is DeprecationWarning] == [
        f"{old} has moved to {new}; the old path will be removed in the next release"]
    public = [n for n in dir(target) if not n.startswith("__")]
    assert public and all(getattr(shim, n) is getattr(target, n) for n in public)


def test_no_module_is_over_500_lines() -> None:
    """One concept a module, small enough to read in one sitting (issue 11 item 1)."""
    src = ROOT / "src" / "baji"
    long = {str(f.relative_to(src)): n for f in sorted(src.rglob("*.py"))
            if (n := len(f.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
