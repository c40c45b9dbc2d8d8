"""The answer alone: per level, status and paths (and the earliest date), no trace.

When only the answer is wanted (screening a roster, a request handler that shows a
badge), building the full :class:`~baji.core.decision.Decision` with its trace and citations
is most of the cost. :func:`evaluate_answers` runs the network's compiled value
functions (:mod:`baji.engine.program`), which stop at the first condition that settles a rule,
and looks the level's answer up in a table computed once per network
(:func:`baji.engine.answering.answer`, which answers from a program compiled ahead too). It always agrees
with :func:`baji.engine.decide.decide` on status, path, paths and earliest date (a property
test checks it on every bundled pack).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from baji.core.dates import as_of_date
from baji.core.levels import Level
from baji.engine.answering import LevelAnswer, answer_levels
from baji.engine.program import Program, program_for
from baji.pack.network import Network
from baji.profile import fast
from baji.profile.fast import FastProfile, Refused, convert_profile, decode, read_profile
from baji.profile.model import Profile

__all__ = ["LevelAnswer", "evaluate_answers"]


#: What :func:`evaluate_answers` reads with the fast path of :mod:`baji.profile.fast` first.
_RAW = (bytes, bytearray, memoryview, str, dict)
#: By type of profile, whether it is one of those (or a subclass).
_IS_RAW: dict[type, bool] = {}
#: The types of ``levels`` that cannot change between two calls (a tuple of names or
#: levels, a name, a level, none): only those are known again by identity.
_IMMUTABLE = (tuple, str, Level, type(None))
#: The network (weakly), the levels asked for, its program and their programs, of the
#: last call: a roster asks the same again and again (forgotten when the network goes,
#: so that its program goes with it).
_LAST: tuple[Callable[[], Network | None], object, Program, tuple[Any, ...]] | None = None


def _forget(gone: weakref.ref[Network]) -> None:
    """The network of the last call is gone: let its program go too."""
    global _LAST
    last = _LAST
    if last is not None and last[0] is gone:
        _LAST = None


def evaluate_answers(network: Network,
                     profile: Profile | FastProfile | bytes | str | dict[str, object],
                     as_of: dt.date, *,
                     levels: Iterable[Level | str] | Level | str | None = None,
                     earliest: bool = True,
                     assume_posts_from_certificate: bool = False) -> tuple[LevelAnswer, ...]:
    """The answer of ``network`` for ``profile`` on ``as_of``, level by level.

    Args:
        network: a compiled pack.
        profile: a validated profile (a :class:`Profile`, or a Struct of
            :func:`baji.profile.fast.read_profile`); or a profile as a JSON document
            (UTF-8 bytes or its text) or a dict, read by the fast path of
            :mod:`baji.profile.fast` (one native pass; no :class:`Profile` is built),
            and by the model when it refuses (the same errors as
            ``POST /v1/evaluate``'s body and :func:`baji.parse_profile`).
        as_of: the date of the evaluation (explicit, as in :func:`baji.engine.decide.decide`).
        levels: only these levels (ids, Chinese names or levels), in the pack's order;
            every level the pack rules on by default.
        earliest: compute the earliest date of levels not yet eligible (the only part
            that evaluates every condition of a failing rule); ``False`` leaves it
            ``None``.
        assume_posts_from_certificate: as in :func:`baji.engine.decide.decide`.

    Returns:
        One :class:`LevelAnswer` per level, in the pack's order of levels.

    Raises:
        ProfileError: ``profile`` is given as JSON or a dict and is not a valid profile.
        EvaluationError: ``levels`` names a level the pack does not rule on, or
            ``as_of`` is not a date (BAJI302).

    Example:
        >>> import baji
        >>> net = baji.get_pack("shanghai-2026")
        >>> p = baji.parse_profile({"grades": []})
        >>> evaluate_answers(net, p, dt.date(2026, 7, 1), levels="特级技师")[0].status
        'undetermined'
    """
    kind = type(profile)
    found: Any = profile
    if kind is bytes:  # a roster's line, a request's body: the commonest, first
        try:
            found = decode(found)
        except Refused:  # the model reads it, or says why not
            found = read_profile(found)
    else:
        raw = _IS_RAW.get(kind)
        if raw is None:  # a type not seen before (one dict look-up for the others)
            raw = _IS_RAW[kind] = issubclass(kind, _RAW)
        if raw:
            try:
                found = fast.convert(profile) if isinstance(profile, dict) else \
                    decode(found)
            except Refused:
                found = convert_profile(profile) if isinstance(profile, dict) else \
                    read_profile(found)
    if type(as_of) is not dt.date:  # a datetime, a text or a mistake: read as the API does
        as_of = as_of_date(as_of, default_today=False)
    global _LAST
    last = _LAST  # the network and levels of the previous call, by identity
    if last is not None and last[0]() is network and last[1] is levels:
        program, chosen = last[2], last[3]
    else:
        program = program_for(network)
        chosen = program.select(levels)
        if type(levels) in _IMMUTABLE:  # a list may be changed before the next call
            _LAST = (weakref.ref(network, _forget), levels, program, chosen)  # one assignment
    return answer_levels(program, chosen, found, as_of, earliest,
                         assume_posts_from_certificate)
