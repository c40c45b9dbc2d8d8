"""Where baji's bundled data (rules/, sources/) lives, installed or in a checkout."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """The folder holding ``rules/`` and ``sources/``.

    In a wheel they are packaged as ``baji/_data``; in a source checkout (editable
    install) they are the repository's own ``rules/`` and ``sources/``.
    """
    package = Path(__file__).resolve().parent.parent  # baji/
    packaged = package / "_data"
    if (packaged / "rules").is_dir():
        return packaged
    return package.parent.parent
