"""The outermost API: evaluation with ``as_of`` defaulting to today, by pack id,
jurisdiction, file or network (the bundled packs themselves: :mod:`baji.pack.bundled`).

This module imports the models, the packs and the engine only when a function needs
them: :func:`evaluate_answers` of a bundled pack by id answers from its program compiled
ahead (:mod:`baji.engine.ahead`) with the profile read by :mod:`baji.profile.fast`, so a
first answer imports neither pydantic nor PyYAML.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baji.core.dates import AsOf, as_of_date
from baji.core.levels import Level
from baji.engine.answering import LevelAnswer, answer
from baji.profile.fast import FastProfile, convert_profile, read_profile

if TYPE_CHECKING:
    from baji.core.decision import Decision
    from baji.pack.bundled import (
        bundled_pack_ids,
        bundled_registry,
        get_pack,
        resolve_pack,
        rules_dir,
    )
    from baji.pack.network import Network
    from baji.profile.model import Profile

# The bundled-pack look-ups are re-exported: baji.api (now this module) had them.
__all__ = ["bundled_pack_ids", "bundled_registry", "evaluate", "evaluate_all",
           "evaluate_answers", "get_pack", "resolve_pack", "rules_dir"]
_BUNDLED = ("bundled_pack_ids", "bundled_registry", "get_pack", "resolve_pack", "rules_dir")


def __getattr__(name: str) -> Any:
    """The bundled-pack look-ups of :mod:`baji.pack.bundled`, imported on first use."""
    if name not in _BUNDLED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("baji.pack.bundled"), name)
    globals()[name] = value
    return value


def _read(profile: Profile | FastProfile | Mapping[str, object]) -> Profile | FastProfile:
    """A profile as given (a :class:`Profile`), or a mapping read by the fast path of
    :mod:`baji.profile.fast` first. (When the model's module is not loaded, no profile
    is a :class:`Profile`: the check costs no import.)"""
    model = sys.modules.get("baji.profile.model")
    if model is not None and isinstance(profile, model.Profile):
        return profile
    return convert_profile(dict(profile))


def evaluate(profile: Profile | Mapping[str, object], pack: str | Path | Network,
             as_of: AsOf = None, *,
             assume_posts_from_certificate: bool = False,
             levels: Iterable[Level | str] | Level | str | None = None) -> Decision:
    """Evaluate one candidate against one pack.

    Args:
        profile: a :class:`Profile`, or a mapping of JSON-like values to validate.
        pack: a bundled pack id (``shanghai-2026``), a jurisdiction (``shanghai``: the
            version in force on ``as_of``), a pack file path, or a compiled
            :class:`Network`.
        as_of: the date of the evaluation: a date, a datetime (its date) or a text
            ``YYYY-MM-DD``; today when left out.
        assume_posts_from_certificate: when a grade's post history is not given, count
            the post from the certificate date (an assumption the decision reports)
            instead of answering *undetermined*.
        levels: decide only these levels (ids, Chinese names or levels); every level
            of the pack by default.

    Raises:
        ProfileError: the profile is invalid (each problem with its JSON path).
        EvaluationError: the pack is unknown, does not rule on a level asked for, or
            ``as_of`` is not a date.

    Example:
        >>> d = evaluate({"grades": []}, "shanghai-2026", dt.date(2026, 7, 1))
        >>> d.level("特级技师").status
        'undetermined'
    """
    from baji.engine.decide import decide
    from baji.pack.bundled import resolve_pack

    profile = _read(profile)
    day = as_of_date(as_of)
    return decide(resolve_pack(pack, day), profile, day,
                     assume_posts_from_certificate=assume_posts_from_certificate,
                     levels=levels)


def evaluate_answers(profile: Profile | Mapping[str, object] | bytes | str,
                     pack: str | Path | Network, as_of: AsOf = None, *,
                     levels: Iterable[Level | str] | Level | str | None = None,
                     earliest: bool = True,
                     assume_posts_from_certificate: bool = False) -> tuple[LevelAnswer, ...]:
    """The answer alone, level by level: status, path, paths and earliest date, without
    trace or citations (the compiled fast path; see :mod:`baji.engine.answers`).

    Takes ``profile``, ``pack`` and ``as_of`` as :func:`evaluate` does, and a profile
    also as a JSON document (UTF-8 bytes or its text, read as ``POST /v1/evaluate``
    reads a body); ``levels`` keeps only those levels, ``earliest=False`` skips the
    earliest dates. A bundled pack named by id answers from its program compiled ahead
    (:mod:`baji.engine.ahead`): a first answer in a fresh interpreter imports neither
    pydantic nor PyYAML unless the profile is refused (the model then names every
    problem). In a hot loop, call :func:`baji.engine.answers.evaluate_answers` with a
    network and a validated profile.

    Raises:
        ProfileError: the profile is invalid.
        EvaluationError: the pack is unknown, does not rule on a level asked for, or
            ``as_of`` is not a date.

    Example:
        >>> evaluate_answers({"grades": []}, "shanghai-2026", dt.date(2026, 7, 1),
        ...                  levels="特级技师")[0].status
        'undetermined'
    """
    if isinstance(profile, (bytes, bytearray, memoryview, str)):
        profile = read_profile(profile)
    else:
        profile = _read(profile)
    day = as_of_date(as_of)
    if isinstance(pack, str):  # a bundled pack by id: its program compiled ahead, if fresh
        from baji.engine.ahead import ahead_program

        program = ahead_program(pack)
        if program is not None:
            return answer(program, profile, day, levels, earliest,
                          assume_posts_from_certificate)
    from baji.engine.answers import evaluate_answers as _evaluate_answers
    from baji.pack.bundled import resolve_pack

    return _evaluate_answers(resolve_pack(pack, day), profile, day, levels=levels,
                             earliest=earliest,
                             assume_posts_from_certificate=assume_posts_from_certificate)


def evaluate_all(profile: Profile | Mapping[str, object],
                 as_of: AsOf = None) -> list[Decision]:
    """Evaluate one candidate against every bundled jurisdiction, in jurisdiction order:
    the version in force on ``as_of`` (or the nearest one, answering *not in force*).

    ``as_of`` is read as :func:`evaluate` reads it.

    Raises:
        ProfileError: the profile is invalid.
        EvaluationError: ``as_of`` is not a date.
    """
    from baji.engine.decide import decide
    from baji.pack.bundled import bundled_registry

    profile = _read(profile)
    day = as_of_date(as_of)
    registry = bundled_registry()
    return [decide(registry.for_date(j, day), profile, day) for j in registry.jurisdictions]
