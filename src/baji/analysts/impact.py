"""Population impact of a pack change: who becomes eligible, who loses eligibility.

A level one pack does not cover (status ``not_covered``, or a level it does not rule on)
is not comparable: a candidate eligible there under the other pack has neither gained
nor lost, and is counted apart (:attr:`PathCount.uncovered_in_a`, ``uncovered_in_b``,
:attr:`ImpactReport.not_comparable`), never as a change.

Every profile of a roster is evaluated under pack A and pack B on the same date. Per
level and path, :class:`ImpactCounter` counts the candidates eligible under each pack,
those who gain eligibility, lose it, or keep it; and for each candidate whose
eligibility at a level flips, it names the conditions that made the difference: the
unmet or unknown conditions (:attr:`~baji.core.decision.PathResult.unmet` and ``unknown``
traces) of the pack under which the candidate is *not* eligible, on the path closest
to the one that succeeded under the other pack.

It streams: :meth:`ImpactCounter.add` takes one row at a time and returns that row's
changes, and the counter keeps only counts, so a roster of any length runs in bounded
memory when the caller writes the changes out as they come (the CLI does).
:func:`impact` is the in-memory convenience for small rosters.

Bad roster rows are never dropped: each is kept with its row number and error.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from baji.analysts.diff import PackRef, pack_ref
from baji.core.dates import AsOf, as_of_date
from baji.core.decision import Citation, LevelDecision, Message, Path, Status, Trace
from baji.core.levels import Level
from baji.engine.answers import evaluate_answers
from baji.engine.decide import decide
from baji.engine.parallel import can_fork, in_workers
from baji.pack.network import Network
from baji.profile.model import Profile
from baji.profile.roster import RosterRow, checked

Flip = Literal["gained", "lost"]
PathOrAny = Literal["any", "direct", "regular", "exceptional"]
#: How many of the most frequent deciding conditions a report lists per level and flip.
TOP_REASONS = 8


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reason(_Frozen):
    """A condition that kept a candidate from a level under one of the packs.

    Attributes:
        side: ``a`` or ``b``: the pack under which the candidate is not eligible.
        pack: that pack's id.
        rule: the rule (path) the condition belongs to; ``None`` for a level the pack
            does not rule on or a pack not in force.
        kind: the condition's operator (``tenure``, ``honour`` ...), or ``level`` /
            ``window`` for the two cases above.
        required: what the condition asks.
        actual: what the profile gave.
        met: ``False`` unmet, ``None`` unknown (the profile leaves the fact open).
        citations: the clauses the condition rests on.
    """

    side: Literal["a", "b"]
    pack: str
    rule: str | None
    kind: str
    required: Message
    actual: str
    met: bool | None
    citations: tuple[Citation, ...] = ()


class CandidateChange(_Frozen):
    """One candidate whose eligibility for one level differs between the packs."""

    row: int
    profile_id: str | None
    level: Level
    change: Flip
    status_a: Status | None
    status_b: Status | None
    path_a: Path | None = None
    path_b: Path | None = None
    rule: str | None = None
    reasons: tuple[Reason, ...] = ()


class PathCount(_Frozen):
    """Counts for one level and path (``any``: eligible by any path).

    ``uncovered_in_a``: eligible under B at a level A does not cover (``not_covered`` or
    not ruled on); ``uncovered_in_b`` the reverse. Neither is a gain or a loss, so
    ``eligible_b == eligible_a + gained - lost + uncovered_in_a - uncovered_in_b``.
    """

    level: Level
    path: PathOrAny
    eligible_a: int = 0
    eligible_b: int = 0
    gained: int = 0
    lost: int = 0
    stayed: int = 0
    uncovered_in_a: int = 0
    uncovered_in_b: int = 0


class StatusCount(_Frozen):
    """How many candidates had ``status_a`` under A and ``status_b`` under B at a level
    (``None``: the pack does not rule on the level)."""

    level: Level
    status_a: Status | None
    status_b: Status | None
    count: int


class ReasonCount(_Frozen):
    """How often a condition made the difference, per level and flip."""

    level: Level
    change: Flip
    side: Literal["a", "b"]
    kind: str
    required: Message
    citations: tuple[Citation, ...]
    count: int


class BadRow(_Frozen):
    """A roster row that could not be evaluated."""

    row: int
    line: int | None
    error: str


class ImpactReport(_Frozen):
    """The impact of moving a population from pack A to pack B on ``as_of``.

    Attributes:
        rows: data rows read (``evaluated + len(bad)``).
        counts: per level, for ``any`` path and each path, eligible under A and B and
            the flips.
        statuses: the status transition matrix per level.
        reasons: the most frequent deciding conditions (:data:`TOP_REASONS` per level,
            flip and side), most frequent first.
        changes: every candidate change (empty when the caller streamed them elsewhere).
        changed: the number of candidate changes, one per candidate and level (also when
            ``changes`` is empty).
        candidates_changed: the number of candidates with at least one change.
        not_comparable: (candidate, level) pairs eligible under one pack at a level the
            other does not cover: neither gained nor lost.
    """

    a: PackRef
    b: PackRef
    as_of: dt.date
    rows: int
    evaluated: int
    bad: tuple[BadRow, ...]
    counts: tuple[PathCount, ...]
    statuses: tuple[StatusCount, ...]
    reasons: tuple[ReasonCount, ...]
    changed: int
    candidates_changed: int = 0
    not_comparable: int = 0
    changes: tuple[CandidateChange, ...] = ()


_PATHS: tuple[PathOrAny, ...] = ("any", "direct", "regular", "exceptional")


def covered(status: Status | None) -> bool:
    """Whether a pack answering ``status`` covers the level (``None``: not ruled on)."""
    return status is not None and status != "not_covered"


class ImpactCounter:
    """Accumulates the impact row by row; holds counts only.

    Example:
        >>> from baji import get_pack
        >>> counter = ImpactCounter(get_pack("shanghai-2026"), get_pack("chongqing-2023"),
        ...                         dt.date(2026, 7, 1))
        >>> changes = counter.add_profile(1, Profile.model_validate({"grades": []}))
        >>> counter.report().evaluated
        1
    """

    def __init__(self, a: Network, b: Network, as_of: AsOf = None) -> None:
        """Count the moves from ``a`` to ``b`` on ``as_of`` (read as :func:`baji.evaluate`
        reads it; today when left out).

        Raises:
            EvaluationError: ``as_of`` is not a date.
        """
        self.a, self.b = a, b
        self.as_of = as_of_date(as_of)
        rank = {lv: lv.rank for lv in Level}
        levels = {i.level for i in a.levels} | {i.level for i in b.levels}
        self.levels: tuple[Level, ...] = tuple(sorted(levels, key=rank.__getitem__))
        self.rows = 0
        self.evaluated = 0
        self.changed = 0
        self.candidates_changed = 0
        self.not_comparable = 0
        self.bad: list[BadRow] = []
        self.paths: dict[tuple[Level, PathOrAny], list[int]] = {
            (lv, p): [0, 0, 0, 0, 0, 0, 0] for lv in self.levels for p in _PATHS}
        self.statuses: Counter[tuple[Level, Status | None, Status | None]] = Counter()
        self.reasons: Counter[tuple[Level, Flip, str, str, str, str]] = Counter()
        self.reason_info: dict[tuple[Level, Flip, str, str, str, str],
                               tuple[Message, tuple[Citation, ...]]] = {}

    def add(self, row: RosterRow) -> list[CandidateChange]:
        """Count one roster row (a bad row is kept in :attr:`bad`); return its changes."""
        row = checked(row)
        if row.profile is None:
            self.rows += 1
            self.bad.append(BadRow(row=row.number, line=row.line, error=str(row.error)))
            return []
        return self.add_profile(row.number, row.profile)

    def add_bad(self, number: int, error: str, line: int | None = None) -> None:
        """Record a row that could not be read as a profile."""
        self.rows += 1
        self.bad.append(BadRow(row=number, line=line, error=error))

    def add_profile(self, number: int, profile: Profile) -> list[CandidateChange]:
        """Evaluate one profile under both packs; count it; return its changes."""
        return self.count(outcome(self.a, self.b, self.as_of, self.levels, number, profile))

    def count(self, result: RowOutcome) -> list[CandidateChange]:
        """Count one evaluated row (from :func:`outcome`, perhaps in another process)."""
        self.rows += 1
        self.evaluated += 1
        for level, (sa, paths_a, sb, paths_b) in zip(self.levels, result.levels):
            self.statuses[(level, sa, sb)] += 1
            ea, eb = sa == "eligible", sb == "eligible"
            cov_a, cov_b = covered(sa), covered(sb)
            comparable = cov_a and cov_b
            self.not_comparable += not comparable and ea != eb
            for path in _PATHS:
                in_a = ea and (path == "any" or path in paths_a)
                in_b = eb and (path == "any" or path in paths_b)
                counts = self.paths[(level, path)]
                counts[0] += in_a
                counts[1] += in_b
                counts[2] += comparable and in_b and not in_a
                counts[3] += comparable and in_a and not in_b
                counts[4] += in_a and in_b
                counts[5] += not cov_a and in_b and not in_a
                counts[6] += not cov_b and in_a and not in_b
        self.candidates_changed += bool(result.changes)
        for change in result.changes:
            self.changed += 1
            for reason in change.reasons:
                key = (change.level, change.change, reason.side, reason.kind,
                       reason.required.zh, reason.required.en)
                self.reasons[key] += 1
                self.reason_info.setdefault(key, (reason.required, reason.citations))
        return list(result.changes)

    def report(self, changes: Iterable[CandidateChange] = ()) -> ImpactReport:
        """The report so far; ``changes`` to include (none by default)."""
        counts = tuple(PathCount(level=lv, path=p, eligible_a=c[0], eligible_b=c[1],
                                 gained=c[2], lost=c[3], stayed=c[4],
                                 uncovered_in_a=c[5], uncovered_in_b=c[6])
                       for (lv, p), c in self.paths.items())
        order = {s: i for i, s in enumerate((None, "eligible", "ineligible", "undetermined",
                                             "not_covered", "not_in_force"))}
        statuses = tuple(StatusCount(level=lv, status_a=sa, status_b=sb, count=n)
                         for (lv, sa, sb), n in sorted(
                             self.statuses.items(),
                             key=lambda kv: (kv[0][0].rank, order[kv[0][1]], order[kv[0][2]])))
        top: list[ReasonCount] = []
        groups: dict[tuple[Level, Flip, str], list[tuple[tuple[Level, Flip, str, str, str,
                                                               str], int]]] = {}
        for key, n in self.reasons.items():
            groups.setdefault(key[:3], []).append((key, n))
        for group in sorted(groups, key=lambda g: (g[0].rank, g[1], g[2])):
            ranked = sorted(groups[group], key=lambda kv: (-kv[1], kv[0][3], kv[0][4]))
            for key, n in ranked[:TOP_REASONS]:
                required, citations = self.reason_info[key]
                top.append(ReasonCount(level=key[0], change=key[1],
                                       side=key[2],
                                       kind=key[3], required=required, citations=citations,
                                       count=n))
        return ImpactReport(a=pack_ref(self.a), b=pack_ref(self.b), as_of=self.as_of,
                            rows=self.rows, evaluated=self.evaluated, bad=tuple(self.bad),
                            counts=counts, statuses=statuses, reasons=tuple(top),
                            changed=self.changed,
                            candidates_changed=self.candidates_changed,
                            not_comparable=self.not_comparable, changes=tuple(changes))


@dataclass(frozen=True)
class RowOutcome:
    """One profile evaluated under both packs: per level of the counter (in order),
    ``(status_a, paths_a, status_b, paths_b)``, and the candidate changes."""

    number: int
    levels: tuple[tuple[Status | None, tuple[Path, ...], Status | None, tuple[Path, ...]], ...]
    changes: tuple[CandidateChange, ...]


def outcome(a: Network, b: Network, as_of: dt.date, levels: tuple[Level, ...], number: int,
            profile: Profile) -> RowOutcome:
    """Evaluate ``profile`` under ``a`` and ``b`` and compare them level by level (pure:
    safe to run in worker threads or processes).

    The answers alone (:func:`baji.engine.answers.evaluate_answers`) settle most candidates;
    the full decisions, whose traces give the reasons, are built only for a candidate
    whose eligibility changes. A level one of the packs does not cover is no change."""
    aa = {x.level: x for x in evaluate_answers(a, profile, as_of, earliest=False)}
    ab = {x.level: x for x in evaluate_answers(b, profile, as_of, earliest=False)}
    rows = []
    changed = []
    for level in levels:
        la, lb = aa.get(level), ab.get(level)
        sa = la.status if la else None
        sb = lb.status if lb else None
        rows.append((sa, la.paths if la else (), sb, lb.paths if lb else ()))
        if (sa == "eligible") != (sb == "eligible") and covered(sa) and covered(sb):
            changed.append(level)
    if not changed:
        return RowOutcome(number, tuple(rows), ())
    da = {ld.level: ld for ld in decide(a, profile, as_of, levels=_ruled(a, changed)).levels}
    db = {ld.level: ld for ld in decide(b, profile, as_of, levels=_ruled(b, changed)).levels}
    changes = []
    for level in changed:
        fa, fb = da.get(level), db.get(level)
        sa = fa.status if fa else None
        sb = fb.status if fb else None
        gained = sb == "eligible"
        winner, loser = (fb, fa) if gained else (fa, fb)
        assert winner is not None
        side: Literal["a", "b"] = "a" if gained else "b"
        changes.append(CandidateChange(
            row=number, profile_id=profile.id, level=level,
            change="gained" if gained else "lost", status_a=sa, status_b=sb,
            path_a=fa.path if fa else None, path_b=fb.path if fb else None,
            rule=winner.rule,
            reasons=_reasons(loser, winner.path, side, a if gained else b, as_of)))
    return RowOutcome(number, tuple(rows), tuple(changes))


def _ruled(net: Network, levels: list[Level]) -> tuple[Level, ...]:
    """Those of ``levels`` that ``net`` rules on."""
    ruled = {info.level for info in net.levels}
    return tuple(level for level in levels if level in ruled)


def _reasons(loser: LevelDecision | None, path: Path | None, side: Literal["a", "b"],
             net: Network, as_of: dt.date) -> tuple[Reason, ...]:
    """Why the candidate is not eligible under ``net``: the blocking conditions of the
    path result nearest to the ``path`` that succeeded under the other pack."""
    if loser is None:
        return (Reason(side=side, pack=net.id, rule=None, kind="level",
                       required=Message(zh="该规则包不涉及此等级",
                                        en="the pack does not rule on this level"),
                       actual="-", met=False),)
    if loser.status == "not_in_force":
        return (Reason(side=side, pack=net.id, rule=None, kind="window",
                       required=loser.message, actual=as_of.isoformat(), met=False),)
    if not loser.results:
        return ()
    same = [r for r in loser.results if r.path == path]
    pool = same or list(loser.results)
    best = min(pool, key=lambda r: (len(r.unmet) + len(r.unknown), r.rule))
    traces: list[Trace] = list(best.unmet) + list(best.unknown)
    return tuple(Reason(side=side, pack=net.id, rule=best.rule, kind=t.kind,
                        required=t.required, actual=t.actual, met=t.met,
                        citations=net.cite(tuple(c for c in t.cite if c in net.citations)))
                 for t in traces)


# -- many rows, in several processes -------------------------------------------------------
_Packs = tuple[Network, Network, dt.date, tuple[Level, ...]]


def _work(packs: _Packs, batch: list[RosterRow]) -> list[RowOutcome | RosterRow]:
    """Each row checked (:func:`baji.profile.roster.checked`) and evaluated: its outcome, or the
    bad row with its error; one result a row."""
    a, b, as_of, levels = packs
    out: list[RowOutcome | RosterRow] = []
    for row in map(checked, batch):
        out.append(row if row.profile is None
                   else outcome(a, b, as_of, levels, row.number, row.profile))
    return out


def count_rows(counter: ImpactCounter, rows: Iterable[RosterRow], jobs: int = 1
               ) -> Generator[tuple[RosterRow, list[CandidateChange]], None, None]:
    """Count every roster row with ``counter``; yield each row with its changes, in
    input order.

    With ``jobs > 1`` the evaluations run in that many worker processes
    (:func:`baji.engine.parallel.in_workers`: forked, so the compiled packs are shared, not
    pickled), a few batches at a time: memory stays bounded however long ``rows`` is.
    Where processes cannot be forked, it runs in this process. Rows read with
    ``iter_roster(..., check=False)`` are parsed and validated there too
    (:func:`baji.profile.roster.checked`), which is what makes several processes pay: a bad one
    is yielded checked, with its error; a good one as it came, its profile left in the
    worker.
    """
    if jobs <= 1 or not can_fork():
        for row in map(checked, rows):
            yield row, counter.add(row)
        return
    packs: _Packs = (counter.a, counter.b, counter.as_of, counter.levels)
    for batch, results in in_workers(_work, packs, rows, jobs):
        for row, got in zip(batch, results, strict=True):
            if isinstance(got, RosterRow):  # bad when read, or when checked
                yield got, counter.add(got)
            else:
                yield row, counter.count(got)


def impact(a: Network, b: Network, rows: Iterable[RosterRow | Profile],
           as_of: AsOf = None) -> ImpactReport:
    """The impact of pack ``b`` against pack ``a`` on a population, in memory.

    Args:
        a, b: compiled packs.
        rows: roster rows (:func:`baji.profile.roster.iter_roster`; bad rows are reported in
            :attr:`ImpactReport.bad`) or profiles (numbered from 1).
        as_of: the evaluation date for both packs, read as :func:`baji.evaluate` reads
            it; today when left out.

    Returns:
        An :class:`ImpactReport` with every candidate change.

    Raises:
        EvaluationError: ``as_of`` is not a date.
    """
    counter = ImpactCounter(a, b, as_of)
    changes: list[CandidateChange] = []
    for index, row in enumerate(rows, start=1):
        if isinstance(row, Profile):
            changes += counter.add_profile(index, row)
        else:
            changes += counter.add(row)
    return counter.report(changes)
