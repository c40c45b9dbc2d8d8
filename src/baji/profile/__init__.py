"""The candidate: the profile model and its loaders (one file, or a roster row by row).

The model's names are re-exported here, so ``from baji.profile import Profile`` works.
They load on first use (PEP 562): the fast path (:mod:`baji.profile.fast`, with the
Structs of :mod:`baji.profile.structs`) reads a profile without importing pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from baji.profile.load import load_profiles, load_profiles_bytes
    from baji.profile.model import (
        Award,
        Employer,
        Finding,
        Grade,
        Honour,
        Period,
        Profile,
        Recommendation,
        Title,
        parse_profile,
    )

__all__ = ["Award", "Employer", "Finding", "Grade", "Honour", "Period", "Profile",
           "Recommendation", "Title", "load_profiles", "load_profiles_bytes",
           "parse_profile"]


def __getattr__(name: str) -> Any:
    """A re-exported name, or a submodule (``baji.profile.model``), imported on first use."""
    if name not in __all__:
        try:
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module = "load" if name.startswith("load_") else "model"
    value = getattr(importlib.import_module(f"baji.profile.{module}"), name)
    globals()[name] = value
    return value
