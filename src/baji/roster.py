"""Deprecated: moved to :mod:`baji.profile.roster`. This path is kept for one release (0.2) and then
removed; import from the new one."""

from __future__ import annotations

import importlib
import warnings
from typing import Any

_MOVED = importlib.import_module("baji.profile.roster")
warnings.warn("baji.roster has moved to baji.profile.roster; the old path will be removed in the next "
              "release", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_MOVED, name)
