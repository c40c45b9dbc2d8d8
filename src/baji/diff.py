"""Deprecated: moved to :mod:`baji.analysts.diff`. This path is kept for one release (0.2) and then
removed; import from the new one."""

from __future__ import annotations

import importlib
import warnings
from typing import Any

_MOVED = importlib.import_module("baji.analysts.diff")
warnings.warn("baji.diff has moved to baji.analysts.diff; the old path will be removed in the next "
              "release", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_MOVED, name)
