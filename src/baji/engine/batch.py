"""Evaluate many candidates: streaming over an iterable, losing none.

:func:`evaluate_many` takes profiles (or mappings, or :class:`~baji.profile.roster.RosterRow`
items straight from :func:`~baji.profile.roster.iter_roster`) and yields one
:class:`BatchResult` per input, in order: the decision for each pack, or the error that
kept the row from being evaluated. With ``answer_only=True`` it gives, instead of full
decisions, each pack's :class:`~baji.engine.answers.LevelAnswer` per level (status, path,
paths, earliest date) from the compiled fast path, several times faster. It holds
nothing between items, so memory stays flat however long the input is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from baji.core.dates import AsOf, as_of_date
from baji.core.decision import Decision, LevelDecision
from baji.engine.answers import LevelAnswer, evaluate_answers
from baji.engine.decide import decide
from baji.errors import BajiError, Problem
from baji.pack.bundled import resolve_pack
from baji.pack.network import Network
from baji.profile.fast import convert_profile
from baji.profile.model import Profile
from baji.profile.roster import RosterRow, checked


@dataclass(frozen=True)
class PackAnswers:
    """The answer-only result of one pack for one item: per level, status, path,
    paths and earliest date (:func:`baji.evaluate_answers`)."""

    pack: str
    levels: tuple[LevelAnswer, ...]

    def to_json(self) -> dict[str, object]:
        """``{"pack": ..., "levels": [{"level", "status", "path", "paths", "earliest"}]}``
        with levels by id and the date as ``YYYY-MM-DD``."""
        return {"pack": self.pack, "levels": [
            {"level": a.level.value, "status": a.status, "path": a.path, "paths": list(a.paths),
             "earliest": a.earliest.isoformat() if a.earliest else None}
            for a in self.levels]}


@dataclass(frozen=True)
class BatchResult:
    """The outcome for one input item.

    Attributes:
        number: 1-based position of the item (the roster's data row number for rows).
        profile_id: the profile's ``id``, when known.
        decisions: one decision per pack, in the order the packs were given; empty when
            the item is bad or with ``answer_only``.
        answers: with ``answer_only``, one :class:`PackAnswers` per pack, in order.
        error: the rendered error (English) when the item could not be evaluated, else
            ``None``.
        problems: the problems behind ``error``, to render in another language
            (``"\n".join(p.render("zh") for p in result.problems)``).
        profile_name: the profile's ``name``, when known (the decision table shows it).
    """

    number: int
    profile_id: str | None
    decisions: tuple[Decision, ...] = ()
    error: str | None = None
    answers: tuple[PackAnswers, ...] = ()
    problems: tuple[Problem, ...] = ()
    profile_name: str | None = None

    def render_error(self, lang: str = "en") -> str | None:
        """The error in ``lang`` (``en`` or ``zh``), one line a problem; ``None`` for a
        good item."""
        if self.error is None:
            return None
        return "\n".join(p.render(lang) for p in self.problems) or self.error

    @property
    def ok(self) -> bool:
        """Whether the item was evaluated."""
        return self.error is None

    def json_lines(self, lang: str = "en", *, packs: Sequence[Network] = (),
                   inline: bool = False) -> list[str]:
        """The result as ``baji eval --roster`` writes it: one JSON line a pack
        (``{"row", "id", "decision"}``, or ``{"row", "id", "pack", "levels"}`` for
        answers), or for a bad item one ``{"row", "error", "problems"}`` line, ``error``
        rendered in ``lang`` and each problem as :meth:`baji.Problem.to_json`.

        A decision is written with its pack's texts by reference to the pack (of
        ``packs`` by id, else the bundled pack; :func:`baji.dump_decision`), or with
        ``inline`` in full."""
        if not self.ok:
            return [json.dumps({"row": self.number, "error": self.render_error(lang),
                                "problems": [p.to_json() for p in self.problems]},
                               ensure_ascii=False)]
        number = self.number
        shown_id = json.dumps(self.profile_id, ensure_ascii=False)
        # the decision's own JSON, spliced in: parsing it to dump it again took more
        # time than deciding
        lines = [f'{{"row": {number}, "id": {shown_id}, "decision": '
                 f'{_decision_json(d, packs, inline)}}}' for d in self.decisions]
        lines += [json.dumps({"row": number, "id": self.profile_id, **a.to_json()},
                             ensure_ascii=False) for a in self.answers]
        return lines


def _decision_json(decision: Decision, packs: Sequence[Network], inline: bool) -> str:
    if inline:
        return decision.model_dump_json()
    from baji.engine.decision_json import dump_decision

    pack = next((n for n in packs if n.id == decision.pack), None)
    return dump_decision(decision, pack)


@dataclass
class BatchSummary:
    """Counts over a batch: rows read, good and bad, and statuses per pack and level."""

    read: int = 0
    good: int = 0
    bad: int = 0
    statuses: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def merge(self, other: BatchSummary) -> None:
        """Add the counts of ``other`` (a batch counted elsewhere, say)."""
        self.read += other.read
        self.good += other.good
        self.bad += other.bad
        for pack, levels in other.statuses.items():
            per_pack = self.statuses.setdefault(pack, {})
            for level, counts in levels.items():
                mine = per_pack.setdefault(level, {})
                for status, count in counts.items():
                    mine[status] = mine.get(status, 0) + count

    def add(self, result: BatchResult) -> None:
        """Count one result."""
        self.read += 1
        if not result.ok:
            self.bad += 1
            return
        self.good += 1
        outcomes: list[tuple[str, Sequence[LevelDecision | LevelAnswer]]] = [
            (d.pack, d.levels) for d in result.decisions]
        outcomes += [(a.pack, a.levels) for a in result.answers]
        for pack, levels in outcomes:
            per_pack = self.statuses.setdefault(pack, {})
            for level in levels:
                counts = per_pack.setdefault(level.level.value, {})
                counts[level.status] = counts.get(level.status, 0) + 1


def evaluate_many(items: Iterable[Profile | Mapping[str, object] | RosterRow],
                  packs: Sequence[str | Path | Network] | str | Path | Network,
                  as_of: AsOf = None, *,
                  assume_posts_from_certificate: bool = False,
                  answer_only: bool = False) -> Iterator[BatchResult]:
    """Evaluate every item against every pack, streaming.

    Args:
        items: profiles, mappings to validate, or roster rows (bad rows pass through as
            bad results with their row number and reason); any other item is a bad
            result too (BAJI200, not a mapping), never an exception.
        packs: one pack or several (ids, jurisdictions, files or networks).
        as_of: the evaluation date, read as :func:`baji.evaluate` reads it; today when
            left out.
        assume_posts_from_certificate: as in :func:`baji.evaluate`.
        answer_only: give each pack's answers per level (:attr:`BatchResult.answers`)
            instead of full decisions with trace and citations.

    Yields:
        One :class:`BatchResult` per item, in input order. Nothing is dropped.

    Example:
        >>> from baji.profile.roster import iter_roster
        >>> for result in evaluate_many(iter_roster("roster.jsonl"), "shanghai"):  # doctest: +SKIP
        ...     print(result.number, result.ok)
    """
    day = as_of_date(as_of)
    pack_list = [packs] if isinstance(packs, (str, Path, Network)) else list(packs)
    networks = [resolve_pack(p, day) for p in pack_list]
    for index, item in enumerate(items, start=1):
        number = index
        if isinstance(item, RosterRow):
            item = checked(item)
            number = item.number
            if item.profile is None:
                problems = item.error.problems if item.error is not None else ()
                yield BatchResult(number, None, error=str(item.error), problems=problems)
                continue
            profile: Profile = item.profile
        elif isinstance(item, Profile):
            profile = item
        else:
            try:
                # Anything but a mapping is a bad item (BAJI200) like any invalid profile:
                # dict() would raise on most and turn a list of pairs into a profile.
                profile = convert_profile(dict(item) if isinstance(item, Mapping) else item)
            except BajiError as exc:
                yield BatchResult(number, None, error=str(exc), problems=exc.problems)
                continue
        if answer_only:
            yield BatchResult(number, profile.id, answers=tuple(
                PackAnswers(net.id, evaluate_answers(
                    net, profile, day, assume_posts_from_certificate=assume_posts_from_certificate))
                for net in networks))
            continue
        decisions = tuple(decide(net, profile, day,
                                 assume_posts_from_certificate=assume_posts_from_certificate,
                                 lazy=False)  # written whole: one pass
                          for net in networks)
        yield BatchResult(number, profile.id, decisions, profile_name=profile.name)
