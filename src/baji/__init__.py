"""baji (八级): China's 新八级工 skill-level policies as executable, citable rules.

Load a pack, evaluate a candidate profile on a date, read the decision::

    import datetime as dt
    import baji

    decision = baji.evaluate(profile_dict, "shanghai-2026", as_of=dt.date(2026, 7, 1))
    decision.level("特级技师").status      # 'eligible' | 'ineligible' | ...
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .answers import LevelAnswer
    from .api import bundled_pack_ids, evaluate, evaluate_all, evaluate_answers, get_pack
    from .compiler import compile_pack, load_pack, load_pack_bytes
    from .decision import (Citation, Decision, LevelDecision, Message, PathResult,
                           PriorityFlag, Trace)
    from .errors import BajiError, EvaluationError, PackError, Problem, ProfileError
    from .levels import Level
    from .network import Network
    from .profile import Profile, load_profiles, load_profiles_bytes, parse_profile
    from .registry import Registry

#: Where each public name lives. They are imported on first use (PEP 562), so that
#: ``import baji`` stays light: building the pydantic models and compiling the
#: packs happen when a program first needs them, not when it imports baji.
_EXPORTS = {
    "LevelAnswer": "answers",
    "bundled_pack_ids": "api", "evaluate": "api", "evaluate_all": "api",
    "evaluate_answers": "api", "get_pack": "api",
    "compile_pack": "compiler", "load_pack": "compiler", "load_pack_bytes": "compiler",
    "Citation": "decision", "Decision": "decision", "LevelDecision": "decision",
    "Message": "decision", "PathResult": "decision", "PriorityFlag": "decision",
    "Trace": "decision",
    "BajiError": "errors", "EvaluationError": "errors", "PackError": "errors",
    "Problem": "errors", "ProfileError": "errors",
    "Level": "levels", "Network": "network",
    "Profile": "profile", "load_profiles": "profile", "load_profiles_bytes": "profile",
    "parse_profile": "profile",
    "Registry": "registry",
}


def __getattr__(name: str) -> Any:
    """Import a public name, or a submodule (``baji.api``), on first use."""
    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """baji itself. The import system binds every submodule on its package as it loads
    it; a submodule named like a public name (``baji.evaluate``, the module, and
    ``baji.evaluate``, the function) must not replace that name."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__version__ = "0.1.0"

__all__ = [
    "BajiError",
    "Citation",
    "Decision",
    "EvaluationError",
    "Level",
    "LevelAnswer",
    "LevelDecision",
    "Message",
    "Network",
    "PackError",
    "PathResult",
    "PriorityFlag",
    "Problem",
    "Profile",
    "ProfileError",
    "Registry",
    "Trace",
    "__version__",
    "bundled_pack_ids",
    "compile_pack",
    "evaluate",
    "evaluate_all",
    "evaluate_answers",
    "get_pack",
    "load_pack",
    "load_pack_bytes",
    "load_profiles",
    "load_profiles_bytes",
    "parse_profile",
]
