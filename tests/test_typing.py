"""The package type-checks under mypy --strict (with the pydantic plugin)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None,
                    reason="mypy is installed by the dev extra")
def test_mypy_strict_passes() -> None:
    """`mypy` (configured in pyproject.toml: strict, files = src/baji) reports no issue."""
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
