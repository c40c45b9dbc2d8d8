"""baji (八级): China's 新八级工 skill-level policies as executable, citable rules.

Load a pack, evaluate a candidate profile on a date, read the decision::

    import datetime as dt
    import baji

    decision = baji.evaluate(profile_dict, "shanghai-2026", as_of=dt.date(2026, 7, 1))
    decision.level("特级技师").status      # 'eligible' | 'ineligible' | ...
"""

from __future__ import annotations

from .api import bundled_pack_ids, evaluate, evaluate_all, get_pack
from .compiler import compile_pack, load_pack
from .decision import (Citation, Decision, LevelDecision, Message, PathResult, PriorityFlag,
                       Trace)
from .errors import BajiError, EvaluationError, PackError, Problem, ProfileError
from .levels import Level
from .network import Network
from .profile import Profile, load_profiles, parse_profile
from .registry import Registry

__version__ = "0.1.0"

__all__ = [
    "BajiError",
    "Citation",
    "Decision",
    "EvaluationError",
    "Level",
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
    "get_pack",
    "load_pack",
    "load_profiles",
    "parse_profile",
]
