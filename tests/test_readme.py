"""The README's Python examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_readme_has_python_examples() -> None:
    """There is something to run."""
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(block: str) -> None:
    """Each block executes; test functions it defines are called."""
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    for name, value in list(namespace.items()):
        if name.startswith("test_") and callable(value):
            value()


def test_set_up_makes_a_virtual_environment_first() -> None:
    """The first shell block makes and enters a virtual environment before installing
    (a system Python such as Debian's refuses `pip install .`), and the set-up commands
    stay as they were (issue 15 item 7)."""
    shell = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    assert shell[0].splitlines() == ["python3 -m venv .venv && . .venv/bin/activate",
                                     "pip install . && baji eval examples/profiles/*.yaml"]
    assert shell[1] == "pip install '.[dev]' && python -m pytest\n"
