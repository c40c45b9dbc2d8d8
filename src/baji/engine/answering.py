"""What answers read, and nothing more: the answer type, the tables of answers by rule
values, and a program's levels and window — no pydantic, no pack model.

A :class:`~baji.engine.program.Program` (compiled from a network on first use) is an
:class:`Answering`; so is a bundled pack's program compiled ahead
(:mod:`baji.engine.ahead`), which a first answer loads without the models.
:func:`answer` gives the answers of either for one profile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from baji.core.levels import Level, parse_level
from baji.errors import EvaluationError, problem, suggest

if TYPE_CHECKING:
    from baji.core.decision import Path, Status

__all__ = ["Answering", "LevelAnswer", "LevelAnswers", "answer", "answer_table"]


class LevelAnswer(NamedTuple):
    """The answer for one level, without trace or citations.

    Attributes:
        level: the level.
        status: ``eligible``, ``ineligible``, ``undetermined`` or ``not_in_force``.
        path: the first open path (``direct``, then ``regular``, then ``exceptional``).
        paths: every open path, in that order.
        earliest: for a level not (yet) eligible, the first date from which it will be
            if nothing else changes; ``None`` otherwise (or when not asked for).
    """

    level: Level
    status: Status
    path: Path | None
    paths: tuple[Path, ...]
    earliest: dt.date | None


class Entry(NamedTuple):
    """A row of a level's answer table."""

    answer: LevelAnswer
    unmet: tuple[int, ...]  # positions of unmet rules (their dates give the earliest)


def answer_table(level: Level, paths: Sequence[str], coverage: str) -> tuple[Entry, ...]:
    """Every combination of the values of a level's path rules (``paths``: each rule's
    path, in product order; base 3, first rule most significant) mapped to the level's
    answer, as :mod:`baji.engine.decide` decides it."""
    out = []
    count = len(paths)
    for key in range(3 ** count):
        values = [(key // 3 ** (count - 1 - j)) % 3 for j in range(count)]
        met = [paths[j] for j in range(count) if values[j] == 2]
        if met:
            found: tuple[Any, ...] = tuple(dict.fromkeys(met))
            out.append(Entry(LevelAnswer(level, "eligible", found[0], found, None), ()))
            continue
        none: Status = "not_covered" if coverage == "partial" else "ineligible"
        status: Status = "undetermined" if 1 in values else none
        unmet = tuple(j for j in range(count) if values[j] == 0)
        out.append(Entry(LevelAnswer(level, status, None, (), None), unmet))
    return tuple(out)


@dataclass(frozen=True)
class LevelAnswers:
    """What answers read of one level.

    Attributes:
        level: the level.
        values: ``values(profile, as_of, assume)``, the values of the level's path rules
            packed base 3.
        table: by packed values, the answer (earliest left out) and the unmet rules.
        dates: per rule, ``date(profile, as_of, assume)``: the date from which it is met.
        not_in_force: the answer outside the pack's window.
    """

    level: Level
    values: Callable[[Any, dt.date, bool], int]
    table: tuple[Entry, ...]
    dates: tuple[Callable[[Any, dt.date, bool], dt.date | None], ...]
    not_in_force: LevelAnswer

    def earliest(self, unmet: tuple[int, ...], profile: Any, as_of: dt.date,
                 assume: bool, until: dt.date | None) -> dt.date | None:
        """The earliest date of the level from its ``unmet`` rules (``None`` when none has
        a date, or the first is after the window ``until``)."""
        dates = self.dates
        found = [d for d in (dates[j](profile, as_of, assume) for j in unmet) if d is not None]
        first = min(found) if found else None
        if first is not None and until is not None and first > until:
            return None
        return first


class Answering:
    """A pack's levels as answers read them, with its window in force and the choice of
    levels by id, Chinese name or level."""

    def __init__(self, pack_id: str, window_from: dt.date, window_until: dt.date | None,
                 levels: Iterable[LevelAnswers]) -> None:
        self.pack_id = pack_id
        self.window_from = window_from
        self.window_until = window_until
        self.levels: tuple[Any, ...] = tuple(levels)
        self.by_level = {lp.level: lp for lp in self.levels}
        # One level asked for by level, id or Chinese name: no work per call.
        self._one: dict[Level | str, tuple[Any, ...]] = {}
        self._last: tuple[object, tuple[Any, ...]] = (None, self.levels)
        for lp in self.levels:
            for key in (lp.level, lp.level.value, lp.level.zh):
                self._one[key] = (lp,)

    def in_force(self, day: dt.date) -> bool:
        """Whether ``day`` is in the pack's window in force (the window's two dates held
        here: one attribute read each, on every answer)."""
        until = self.window_until
        return self.window_from <= day and (until is None or day <= until)

    def select(self, levels: Iterable[Level | str] | Level | str | None) -> tuple[Any, ...]:
        """The levels ``levels`` names (ids, Chinese names or levels; one or several), in
        the pack's order; every level when ``None``.

        Raises:
            EvaluationError: the pack does not rule on one of them (BAJI303).
        """
        if levels is None:
            return self.levels
        last = self._last  # the levels of the previous call, by identity (no hashing)
        if last[0] is levels:
            return last[1]
        if isinstance(levels, (str, Level)):
            one = self._one.get(levels)
            if one is not None:
                self._last = (levels, one)  # one assignment: safe across threads
                return one
            levels = (levels,)
        wanted = set()
        for item in levels:
            lv = item if isinstance(item, Level) else parse_level(str(item))
            if lv is None or lv not in self.by_level:
                names = [lp.level.value for lp in self.levels]
                hint = suggest(str(item), names) or {"hint": "known", "known": tuple(names)}
                raise EvaluationError([problem("BAJI303", pack=self.pack_id, level=str(item),
                                               **hint)])
            wanted.add(lv)
        return tuple(lp for lp in self.levels if lp.level in wanted)


def answer(program: Answering, profile: Any, as_of: dt.date,
           levels: Iterable[Level | str] | Level | str | None, earliest: bool,
           assume: bool) -> tuple[LevelAnswer, ...]:
    """The answers of ``program`` for ``profile`` (a validated profile or its Struct) on
    ``as_of`` (a date): :func:`baji.engine.answers.evaluate_answers` once both are read.

    Raises:
        EvaluationError: ``levels`` names a level the pack does not rule on.
    """
    return answer_levels(program, program.select(levels), profile, as_of, earliest, assume)


def answer_levels(program: Answering, chosen: tuple[Any, ...], profile: Any, as_of: dt.date,
                  earliest: bool, assume: bool) -> tuple[LevelAnswer, ...]:
    """The answers of the ``chosen`` levels of ``program`` (:meth:`Answering.select`'s)."""
    until = program.window_until
    if not (program.window_from <= as_of and (until is None or as_of <= until)):
        return tuple(lp.not_in_force for lp in chosen)  # (Answering.in_force, inline)
    if len(chosen) == 1:  # one level asked for: no list
        lp = chosen[0]
        found, unmet = lp.table[lp.values(profile, as_of, assume)]
        if unmet and earliest:
            first = lp.earliest(unmet, profile, as_of, assume, until)
            if first is not None:
                found = found._replace(earliest=first)
        return (found,)
    out = []
    for lp in chosen:
        found, unmet = lp.table[lp.values(profile, as_of, assume)]
        if unmet and earliest:
            first = lp.earliest(unmet, profile, as_of, assume, until)
            if first is not None:
                found = found._replace(earliest=first)
        out.append(found)
    return tuple(out)
