"""The outermost API: bundled packs by id, and evaluation with ``as_of`` defaulting to today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from baji.engine.answers import LevelAnswer
from baji.engine.answers import evaluate_answers as _evaluate_answers
from baji.pack.compile import load_pack
from baji.core.decision import Decision
from baji.errors import EvaluationError, problem, suggest
from baji.engine.decide import evaluate as _evaluate
from baji.core.levels import Level
from baji.pack.network import Network
from baji.io.data import data_dir
from baji.profile.model import Profile, parse_profile
from baji.pack.registry import Registry


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


@lru_cache(maxsize=1)
def bundled_registry() -> Registry:
    """The :class:`~baji.pack.registry.Registry` of the bundled packs (built once)."""
    return Registry(_bundled(p) for p in bundled_pack_ids())


def resolve_pack(pack: str | Path | Network, as_of: dt.date) -> Network:
    """The network to evaluate on ``as_of``: a network as given, a bundled pack by id
    (with its effective window), the version of a jurisdiction in force on ``as_of``
    (``shanghai``; the nearest version when none is in force), or a pack file.

    Raises:
        EvaluationError: nothing of that name; PackError: the pack file is invalid.
    """
    if isinstance(pack, Network):
        return pack
    name = str(pack)
    registry = bundled_registry()
    found = registry.get(name)
    if found is not None:
        return found
    if name in registry.jurisdictions:
        return registry.for_date(name, as_of)
    return get_pack(name)


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
    known = list(bundled_pack_ids()) + list(bundled_registry().jurisdictions)
    hint = suggest(name, known) or {"hint": "known", "known": bundled_pack_ids()}
    raise EvaluationError([problem("BAJI300", value=name, **hint)])


def evaluate(profile: Profile | Mapping[str, object], pack: str | Path | Network,
             as_of: dt.date | None = None, *,
             assume_posts_from_certificate: bool = False,
             levels: Iterable[Level | str] | Level | str | None = None) -> Decision:
    """Evaluate one candidate against one pack.

    Args:
        profile: a :class:`Profile`, or a mapping of JSON-like values to validate.
        pack: a bundled pack id (``shanghai-2026``), a jurisdiction (``shanghai``: the
            version in force on ``as_of``), a pack file path, or a compiled
            :class:`Network`.
        as_of: the date of the evaluation; today when left out.
        assume_posts_from_certificate: when a grade's post history is not given, count
            the post from the certificate date (an assumption the decision reports)
            instead of answering *undetermined*.
        levels: decide only these levels (ids, Chinese names or levels); every level
            of the pack by default.

    Raises:
        ProfileError: the profile is invalid (each problem with its JSON path).
        EvaluationError: the pack is unknown, or does not rule on a level asked for.

    Example:
        >>> d = evaluate({"grades": []}, "shanghai-2026", dt.date(2026, 7, 1))
        >>> d.level("特级技师").status
        'undetermined'
    """
    if not isinstance(profile, Profile):
        profile = parse_profile(dict(profile))
    day = as_of or dt.date.today()
    return _evaluate(resolve_pack(pack, day), profile, day,
                     assume_posts_from_certificate=assume_posts_from_certificate,
                     levels=levels)


def evaluate_answers(profile: Profile | Mapping[str, object], pack: str | Path | Network,
                     as_of: dt.date | None = None, *,
                     levels: Iterable[Level | str] | Level | str | None = None,
                     earliest: bool = True,
                     assume_posts_from_certificate: bool = False) -> tuple[LevelAnswer, ...]:
    """The answer alone, level by level: status, path, paths and earliest date, without
    trace or citations (the compiled fast path; see :mod:`baji.engine.answers`).

    Takes ``profile``, ``pack`` and ``as_of`` as :func:`evaluate` does; ``levels`` keeps
    only those levels, ``earliest=False`` skips the earliest dates. In a hot loop, call
    :func:`baji.engine.answers.evaluate_answers` with a network and a validated profile.

    Raises:
        ProfileError: the profile is invalid.
        EvaluationError: the pack is unknown, or does not rule on a level asked for.

    Example:
        >>> evaluate_answers({"grades": []}, "shanghai-2026", dt.date(2026, 7, 1),
        ...                  levels="特级技师")[0].status
        'undetermined'
    """
    if not isinstance(profile, Profile):
        profile = parse_profile(dict(profile))
    day = as_of or dt.date.today()
    return _evaluate_answers(resolve_pack(pack, day), profile, day, levels=levels,
                             earliest=earliest,
                             assume_posts_from_certificate=assume_posts_from_certificate)


def evaluate_all(profile: Profile | Mapping[str, object],
                 as_of: dt.date | None = None) -> list[Decision]:
    """Evaluate one candidate against every bundled jurisdiction, in jurisdiction order:
    the version in force on ``as_of`` (or the nearest one, answering *not in force*)."""
    if not isinstance(profile, Profile):
        profile = parse_profile(dict(profile))
    day = as_of or dt.date.today()
    registry = bundled_registry()
    return [_evaluate(registry.for_date(j, day), profile, day) for j in registry.jurisdictions]
