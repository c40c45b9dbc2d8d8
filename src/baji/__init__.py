"""baji (八级): China's 新八级工 skill-level policies as executable, citable rules.

Load a pack, evaluate a candidate profile on a date, read the decision::

    import datetime as dt
    import baji

    decision = baji.evaluate(profile_dict, "shanghai-2026", as_of=dt.date(2026, 7, 1))
    decision.level("特级技师").status      # 'eligible' | 'ineligible' | ...
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from baji.core.decision import (
        Citation,
        Decision,
        LevelDecision,
        Message,
        PathResult,
        PriorityFlag,
        Trace,
    )
    from baji.core.levels import Level
    from baji.engine.answering import LevelAnswer
    from baji.engine.api import evaluate, evaluate_all, evaluate_answers
    from baji.engine.decision_json import dump_decision, load_decision
    from baji.errors import BajiError, EvaluationError, PackError, Problem, ProfileError
    from baji.pack.bundled import bundled_pack_ids, get_pack
    from baji.pack.compile import compile_pack, load_pack, load_pack_bytes
    from baji.pack.network import Network
    from baji.pack.registry import Registry
    from baji.profile.load import load_profiles, load_profiles_bytes
    from baji.profile.model import Profile, parse_profile

#: Where each public name lives. They are imported on first use (PEP 562), so that
#: ``import baji`` stays light: building the pydantic models and compiling the
#: packs happen when a program first needs them, not when it imports baji.
_EXPORTS = {
    "LevelAnswer": "engine.answering",
    "bundled_pack_ids": "engine.api", "evaluate": "engine.api", "evaluate_all": "engine.api",
    "evaluate_answers": "engine.api", "get_pack": "engine.api",
    "dump_decision": "engine.decision_json", "load_decision": "engine.decision_json",
    "compile_pack": "pack.compile", "load_pack": "pack.compile",
    "load_pack_bytes": "pack.compile",
    "Citation": "core.decision", "Decision": "core.decision",
    "LevelDecision": "core.decision", "Message": "core.decision",
    "PathResult": "core.decision", "PriorityFlag": "core.decision",
    "Trace": "core.decision",
    "BajiError": "errors", "EvaluationError": "errors", "PackError": "errors",
    "Problem": "errors", "ProfileError": "errors",
    "Level": "core.levels", "Network": "pack.network",
    "Profile": "profile.model", "load_profiles": "profile.load",
    "load_profiles_bytes": "profile.load", "parse_profile": "profile.model",
    "Registry": "pack.registry",
}


def __getattr__(name: str) -> Any:
    """Import a public name, or a subpackage or module (``baji.engine``), on first use."""
    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f"baji.{module}"), name)
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
    "dump_decision",
    "evaluate",
    "evaluate_all",
    "evaluate_answers",
    "get_pack",
    "load_decision",
    "load_pack",
    "load_pack_bytes",
    "load_profiles",
    "load_profiles_bytes",
    "parse_profile",
]
