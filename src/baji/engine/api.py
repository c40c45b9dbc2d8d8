"""The outermost API: evaluation with ``as_of`` defaulting to today, by pack id,
jurisdiction, file or network (the bundled packs themselves: :mod:`baji.pack.bundled`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from baji.core.dates import AsOf, as_of_date
from baji.core.decision import Decision
from baji.core.levels import Level
from baji.engine.answers import LevelAnswer
from baji.engine.answers import evaluate_answers as _evaluate_answers
from baji.engine.decide import decide
from baji.pack.bundled import bundled_pack_ids, bundled_registry, get_pack, resolve_pack, rules_dir
from baji.pack.network import Network
from baji.profile.fast import convert_profile
from baji.profile.model import Profile

# The bundled-pack look-ups are re-exported: baji.api (now this module) had them.
__all__ = ["bundled_pack_ids", "bundled_registry", "evaluate", "evaluate_all",
           "evaluate_answers", "get_pack", "resolve_pack", "rules_dir"]


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
    if not isinstance(profile, Profile):  # the fast path of baji.profile.fast first
        profile = convert_profile(dict(profile))
    day = as_of_date(as_of)
    return decide(resolve_pack(pack, day), profile, day,
                     assume_posts_from_certificate=assume_posts_from_certificate,
                     levels=levels)


def evaluate_answers(profile: Profile | Mapping[str, object], pack: str | Path | Network,
                     as_of: AsOf = None, *,
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
        EvaluationError: the pack is unknown, does not rule on a level asked for, or
            ``as_of`` is not a date.

    Example:
        >>> evaluate_answers({"grades": []}, "shanghai-2026", dt.date(2026, 7, 1),
        ...                  levels="特级技师")[0].status
        'undetermined'
    """
    if not isinstance(profile, Profile):  # the fast path of baji.profile.fast first
        profile = convert_profile(dict(profile))
    day = as_of_date(as_of)
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
    if not isinstance(profile, Profile):  # the fast path of baji.profile.fast first
        profile = convert_profile(dict(profile))
    day = as_of_date(as_of)
    registry = bundled_registry()
    return [decide(registry.for_date(j, day), profile, day) for j in registry.jurisdictions]
