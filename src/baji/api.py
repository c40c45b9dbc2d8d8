"""The outermost API: bundled packs by id, and evaluation with ``as_of`` defaulting to today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from .compiler import load_pack
from .decision import Decision
from .errors import EvaluationError, Problem, did_you_mean
from .evaluate import evaluate as _evaluate
from .network import Network
from .paths import data_dir
from .profile import Profile, parse_profile


def rules_dir() -> Path:
    """The folder of the bundled packs."""
    return data_dir() / "rules"


def bundled_pack_ids() -> tuple[str, ...]:
    """The ids of the bundled packs, sorted (``chongqing-2023``, ...)."""
    return tuple(sorted(p.stem for p in rules_dir().glob("*.yaml")
                        if not p.stem.startswith("vocab")))


@lru_cache(maxsize=64)
def _bundled(pack_id: str) -> Network:
    return load_pack(rules_dir() / f"{pack_id}.yaml", display=f"rules/{pack_id}.yaml")


def get_pack(pack: str | Path | Network) -> Network:
    """A compiled pack, by bundled id (``shanghai-2026``) or by file path.

    Bundled packs are compiled once and cached; the networks are immutable.

    Raises:
        EvaluationError: no bundled pack has that id and no such file exists.
        PackError: the pack file is invalid.
    """
    if isinstance(pack, Network):
        return pack
    name = str(pack)
    if name in bundled_pack_ids():
        return _bundled(name)
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return load_pack(path)
    hint = did_you_mean(name, list(bundled_pack_ids()))
    raise EvaluationError([Problem(f"unknown pack {name!r}",
                                   hint=hint or "known packs: " + ", ".join(bundled_pack_ids()),
                                   code="BAJI300")])


def evaluate(profile: Profile | Mapping[str, object], pack: str | Path | Network,
             as_of: dt.date | None = None) -> Decision:
    """Evaluate one candidate against one pack.

    Args:
        profile: a :class:`Profile`, or a mapping of JSON-like values to validate.
        pack: a bundled pack id, a pack file path, or a compiled :class:`Network`.
        as_of: the date of the evaluation; today when left out.

    Raises:
        ProfileError: the profile is invalid (each problem with its JSON path).
        EvaluationError: the pack is unknown.

    Example:
        >>> d = evaluate({"grades": []}, "shanghai-2026", dt.date(2026, 7, 1))
        >>> d.level("特级技师").status
        'ineligible'
    """
    if not isinstance(profile, Profile):
        profile = parse_profile(dict(profile))
    return _evaluate(get_pack(pack), profile, as_of or dt.date.today())


def evaluate_all(profile: Profile | Mapping[str, object],
                 as_of: dt.date | None = None) -> list[Decision]:
    """Evaluate one candidate against every bundled pack, in pack id order."""
    if not isinstance(profile, Profile):
        profile = parse_profile(dict(profile))
    day = as_of or dt.date.today()
    return [_evaluate(get_pack(p), profile, day) for p in bundled_pack_ids()]
