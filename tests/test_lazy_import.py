"""`import baji` stays light: public names load on first use, and stay functions."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_import_baji_loads_neither_pydantic_nor_the_packs() -> None:
    """A fresh `import baji` imports no model, pack, polars or durable-rules module
    (they load when first used), yet every public name is there."""
    code = ("import sys, baji; "
            "heavy = [m for m in ('pydantic', 'baji.core.decision', 'baji.profile', "
            "'baji.engine.api', "
            "'polars', 'durable') if m in sys.modules]; "
            "print(heavy); print(sorted(set(baji.__all__) - set(dir(baji))))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    assert out == ["[]", "[]"]


def test_public_names_are_the_functions_not_the_submodules() -> None:
    """`baji.evaluate` is the function, also after the engine's modules load (no module
    shares a public name any more); subpackages stay reachable as attributes; unknown
    names are AttributeErrors."""
    import baji.engine.decide  # noqa: F401 - the module that builds full decisions

    assert callable(baji.evaluate) and baji.evaluate.__module__ == "baji.engine.api"
    assert baji.engine.api.evaluate is baji.evaluate
    assert callable(baji.evaluate_answers) and baji.LevelAnswer._fields[0] == "level"
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        baji.no_such_name  # noqa: B018
