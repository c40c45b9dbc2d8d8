"""Deprecated: moved to :mod:`baji.testing.fuzz`. This path is kept for one release (0.2) and then
removed; import from the new one."""

from __future__ import annotations

import importlib
import warnings
from typing import Any

_MOVED = importlib.import_module("baji.testing.fuzz")
warnings.warn("baji.fuzz has moved to baji.testing.fuzz; the old path will be removed in the next "
              "release", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_MOVED, name)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_MOVED.main())
